"""W2A2 Logistic regression with a neural-network mindset.

``mistakes`` name the classic wrong answers: each is computed from the check's inputs with the
reference's own pieces, so that a mismatching output equal to it is named in words.
"""

import copy
import hashlib

import numpy as np

from grader import data
from grader.assignments.course_versions import Differs, Version, every_argument, parameters
from grader.checking.compare import Mismatch, Tolerance
from grader.checking.fixtures import Inputs, bind, described, given
from grader.checking.kit import Graded, mistake_only
from grader.checking.pictures import cost_curve, mislabeled
from grader.checking.vectorize import vectorized
from solutions import w2a2_logistic_regression as ref

TITLE = "Logistic Regression with a Neural Network mindset"
COURSE_VERSION = "v1.2"  # the course notebook these checks follow (COURSE_FACTS §2)

# Reference on the cat data (2000 iterations, lr 0.005): train 99.04 %, test 70.0 %.
# A model within 4 points of it on both sets passes.
CAT_TRAIN_MIN, CAT_TEST_MIN = 95.0, 66.0


def problem(seed, n, m):
    """w (n, 1), b, X (n, m), Y (1, m) 0/1 labels, from one seed."""
    rng = np.random.RandomState(seed)
    return rng.randn(n, 1) * 0.5, float(rng.randn()), rng.randn(n, m), (rng.rand(1, m) > 0.5).astype(float)


@described(lambda seed, n, m, **steps: f"{n} features, {m} examples")
def labelled(seed, n, m, **steps):
    """propagate's and optimize's arguments w, b, X, Y (and ``steps``: num_iterations...)."""
    return problem(seed, n, m), steps


@described(lambda seed, n, m, b=None: f"{n} features, {m} examples")
def unlabelled(seed, n, m, b=None):
    """predict's arguments w, b, X; a given ``b`` large enough that leaving it out changes the labels."""
    w, drawn_b, X, _ = problem(seed, n, m)
    return (w, drawn_b if b is None else b, X), {}


COURSE = (np.array([[1.0], [2.0]]), 1.5, np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]]))
PUBLIC = (np.array([[1.0], [2.0], [-1.0]]), 2.5,
          np.array([[1.0, 2.0, -1.0, 0.0], [3.0, 4.0, -3.2, 1.0], [3.0, 4.0, -3.2, -3.5]]), np.array([[1, 1, 0, 0]]))


def b_is_float(found, ctx):
    b = found[1]
    if type(b) is not float:
        raise Mismatch(f"b is {type(b).__name__}, expected a Python float (the course's contract: b = 0.0)")


def b_is_a_number(found, ctx):
    b = found[1]
    if not isinstance(b, (float, int)):
        raise Mismatch(f"b is {type(b).__name__}, expected a Python float or int (this version's notebook asserts "
                       f"isinstance(b, float) or isinstance(b, int): b = 0)")


def cost_of(w, b, X, Y):
    A = 1 / (1 + np.exp(-(w.T @ X + b)))
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


@mistake_only
def _propagate(w, b, X, Y, *, use_b=True, db_axis=None):
    """The reference's propagate, with a classic mistake switched on."""
    m = X.shape[1]
    A = ref.sigmoid(np.dot(w.T, X) + (b if use_b else 0.0))
    cost = np.squeeze(np.array(-1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))))
    return {"dw": np.dot(X, (A - Y).T) / m, "db": 1 / m * np.sum(A - Y, axis=db_axis)}, cost


@mistake_only
def _descent(args, kwargs, *, every=100, update_b=True):
    """The reference's optimize loop, recording the cost every ``every`` iterations."""
    a = bind(ref.optimize, args, kwargs)
    w, b, X, Y = a["w"], a["b"], a["X"], a["Y"]
    costs = []
    for i in range(a["num_iterations"]):
        grads, cost = ref.propagate(w, b, X, Y)
        w = w - a["learning_rate"] * grads["dw"]
        if update_b:
            b = b - a["learning_rate"] * grads["db"]
        if i % every == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


@mistake_only
def flipped_update(args, kwargs):
    a = bind(ref.optimize, args, kwargs)
    return ref.optimize(**{**a, "learning_rate": -a["learning_rate"]})


_TRAINED = {}  # one entry: the model mistakes of one check share the reference's training run


@mistake_only
def _optimize_once(X, Y, steps):
    """``ref.optimize`` from zeros on (X, Y), remembered for the next mistake on the same data."""
    digest = hashlib.sha256()
    for array in (X, Y):
        array = np.ascontiguousarray(array)
        digest.update(f"{array.shape}{array.dtype}".encode())
        digest.update(array.tobytes())
    key = (digest.hexdigest(), tuple(sorted(steps.items())))
    trained = _TRAINED.get(key)
    if trained is None:
        w, b = ref.initialize_with_zeros(X.shape[0])
        trained = ref.optimize(w, b, X, Y, **steps)
        _TRAINED.clear()
        _TRAINED[key] = trained
    return copy.deepcopy(trained)


@mistake_only
def _model(args, kwargs, *, keep_initial=False, swap=False, train_on_test=False, hyperparameters=True):
    """The reference's model, built from its pieces, with a classic mistake switched on."""
    a = bind(ref.model, args, kwargs)
    X, Y = (a["X_test"], a["Y_test"]) if train_on_test else (a["X_train"], a["Y_train"])
    steps = {"num_iterations": a["num_iterations"], "learning_rate": a["learning_rate"]} if hyperparameters else {}
    params, _, costs = _optimize_once(X, Y, steps)
    w, b = ref.initialize_with_zeros(a["X_train"].shape[0]) if keep_initial else (params["w"], params["b"])
    train_prediction, test_prediction = ref.predict(w, b, a["X_train"]), ref.predict(w, b, a["X_test"])
    if swap:
        train_prediction, test_prediction = test_prediction, train_prediction
    return {"costs": costs, "Y_prediction_test": test_prediction, "Y_prediction_train": train_prediction,
            "w": w, "b": b, "learning_rate": a["learning_rate"], "num_iterations": a["num_iterations"]}


def accuracy(predictions, Y):
    return 100 - np.mean(np.abs(np.asarray(predictions, dtype=float) - Y)) * 100


def cat_accuracy(found, ctx):
    _, train_y, _, test_y = data.cat()
    train = accuracy(found["Y_prediction_train"], train_y)
    test = accuracy(found["Y_prediction_test"], test_y)
    if train < CAT_TRAIN_MIN or test < CAT_TEST_MIN:
        raise Mismatch(f"on the cat data your model reaches {train:.2f} % (train) and {test:.2f} % (test); "
                       f"it needs at least {CAT_TRAIN_MIN:g} % and {CAT_TEST_MIN:g} % "
                       f"(the reference: 99.04 % and 70.0 %, minus a 4-point margin)")


def cat(iterations):
    return Inputs(lambda: (data.cat(), {"num_iterations": iterations, "learning_rate": 0.005}))


def public_model_inputs():
    rng = np.random.RandomState(0)
    X, x_test = rng.randn(4, 7), rng.randn(4, 3)
    return (X, np.array([[1, 0, 0, 1, 0, 0, 1]]), x_test, np.array([[0, 1, 0]])), {"num_iterations": 50,
                                                                                    "learning_rate": 0.01}


B_LEFT_OUT = "b was left out of A = sigmoid(wᵀX + b)"
sigmoid = Graded("sigmoid", mistakes={"the minus sign in exp(-z) is missing: 1 / (1 + exp(z)) is σ(-z) = 1 - σ(z)":
                                      lambda args, kwargs: 1 / (1 + np.exp(np.asarray(args[0], dtype=float)))})
initialize_with_zeros = Graded("initialize_with_zeros", mistakes={
    "w = np.zeros(dim) has shape (dim,): give the shape as a tuple, np.zeros((dim, 1))":
        lambda args, kwargs: (np.zeros(args[0]), 0.0)})
# What an argument changed in place does next (grader.isolate.effects.message; {now}: "zeros" or "a changed X").
TRAINS_ON = "your optimize calls propagate with the same {name} at every iteration: it will train on {now}"
propagate = Graded("propagate", consequence={
    "X": TRAINS_ON, "Y": TRAINS_ON, "w": "your optimize's next step will start from {now} instead of its own w"},
                   parts={"grads['dw']": (0, "dw"), "grads['db']": (0, "db"), "cost": 1}, m="X",
                   calls=("sigmoid",), mistakes={
    "db was summed over axis=0, one sum per example: sum over all of them, np.sum(A - Y) (no axis)":
        lambda args, kwargs: _propagate(*args, db_axis=0),
    B_LEFT_OUT: lambda args, kwargs: _propagate(*args, use_b=False),
})
optimize = Graded("optimize", consequence={
    "X": "your model then predicts on X_train: its train accuracy will be measured on {now}",
    "Y": "your model then measures its train accuracy against {now}"}, calls=("propagate",), parts={
    "params['w']": (0, "w"), "params['b']": (0, "b"), "grads['dw']": (1, "dw"), "grads['db']": (1, "db"), "costs": 2,
}, mistakes={
    "the update adds the gradient (w + α dw) instead of subtracting it": flipped_update,
    "learning_rate is not used: the step must be learning_rate * dw, not dw":
        lambda args, kwargs: ref.optimize(**{**bind(ref.optimize, args, kwargs), "learning_rate": 1.0}),
    "the cost was recorded at every iteration; record it when i % 100 == 0 only":
        lambda args, kwargs: _descent(args, kwargs, every=1),
    "b is never updated: b = b - learning_rate * db is missing":
        lambda args, kwargs: _descent(args, kwargs, update_b=False),
})
predict = Graded("predict", calls=("sigmoid",), mistakes={
    B_LEFT_OUT: lambda args, kwargs: ref.predict(args[0], 0.0, args[2]),
    "the threshold 0.5 was applied to z = wᵀX + b instead of to the probability A = sigmoid(z)":
        lambda args, kwargs: (np.dot(args[0].T, args[2]) + args[1] > 0.5).astype(float),
    "0 and 1 are swapped: the label is 1 where A > 0.5": lambda args, kwargs: 1.0 - ref.predict(*args),
})
# The cheap mistake (training on the small test set) first; the next two share one training run.
model = Graded("model", parts=["costs", "Y_prediction_train", "Y_prediction_test", "w", "b"],
               calls=("initialize_with_zeros", "optimize", "predict"), mistakes={
    "optimize was run on the test set; train on X_train, Y_train":
        lambda args, kwargs: _model(args, kwargs, train_on_test=True),
    "w and b are still the zeros from before training: read the trained params['w'] and params['b'] returned by "
    "optimize, and predict with them": lambda args, kwargs: _model(args, kwargs, keep_initial=True),
    "Y_prediction_train and Y_prediction_test are swapped": lambda args, kwargs: _model(args, kwargs, swap=True),
    "num_iterations and learning_rate were not passed on to optimize, which ran with its defaults":
        lambda args, kwargs: _model(args, kwargs, hyperparameters=False),
})
# Pictures (an HTML report, the notebook): each training's costs over the reference's; the test pictures missed.
COSTS = cost_curve(lambda output: output["costs"])
MISSED = mislabeled(lambda found, ctx: found["Y_prediction_test"], lambda: data.cat()[3])
cat_early = model.case(cat(100), "cat data, first 100 iterations", long=True, needs_data=True, timeout=60,
                       cache_reference=True, pictures=(COSTS,))
cat_full = model.call(cat(2000), long=True, needs_data=True, timeout=300, after=[cat_early])

CHECKS = [
    sigmoid.case(given(np.array([0, 2])), "course example [0, 2]"),
    sigmoid.case(Inputs(lambda: ((np.random.RandomState(1).randn(3, 4) * 4,), {})), "a (3, 4) matrix"),
    initialize_with_zeros.case(given(2), "dim 2"),
    initialize_with_zeros.case(given(7), "dim 7"),
    initialize_with_zeros.rule(b_is_float, given(3), "b is a Python float", points=0.5),
    propagate.case(given(*COURSE), "course example"),
    propagate.case(given(*PUBLIC), "course public test"),
    propagate.case(labelled(3, 5, 9)),
    propagate.gradient(labelled(4, 4, 6), "gradients match the cost's numerical gradient",
                       params=lambda a, k: {"dw": np.array(a[0], dtype=float), "db": np.array(a[1], dtype=float)},
                       objective=lambda p, a, k: cost_of(p["dw"], p["db"], a[2], a[3]),
                       grads=lambda found: {"dw": found[0]["dw"], "db": found[0]["db"]},
                       labels={"dw": "grads['dw']", "db": "grads['db']"}),
    optimize.case(given(*COURSE, num_iterations=100, learning_rate=0.009),
                  "course example (100 iterations, lr 0.009)"),
    optimize.case(given(np.array([[1.0], [2.0]]), 2.0, np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]),
                        np.array([[1, 0, 1]]), num_iterations=101, learning_rate=0.1),
                  "course public test (101 iterations, lr 0.1)"),
    optimize.case(labelled(5, 4, 8, num_iterations=250, learning_rate=0.05), "{}, 250 iterations"),
    optimize.unchanged(labelled(6, 3, 5, num_iterations=3), "leaves w unchanged", ["w", "b", "X", "Y"]),
    predict.case(given(np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
                 "course example"),
    predict.case(given(np.array([[0.3], [0.5], [-0.2]]), -0.33333,
                       np.array([[1.0, -0.3, 1.5], [2.0, 0.0, 1.0], [0.0, -1.5, 2.0]])), "course public test"),
    predict.case(unlabelled(7, 6, 20)),
    predict.case(unlabelled(8, 5, 12, b=-1.5), "{}, a large bias", points=0.5),
    model.case(public_model_inputs, "course public test (seed 0, 50 iterations)"),
    cat_early,
    cat_full.case("cat data, 2000 iterations, same as the reference", tol=Tolerance(1e-6, 1e-9), cache_reference=True,
                  mistakes=(), pictures=(COSTS,)),
    cat_full.rule(cat_accuracy, "cat data, accuracy", points=2.0, kind="accuracy", pictures=(MISSED,)),
]

# The functions the course wants vectorized, and their inputs at any size (grader.checking.vectorize: advice, no
# points). optimize's loop over the iterations is the course's; predict's loop over the examples is in the
# course's template (v6a and v1.2 alike): neither is advised against.
VECTORIZED = [
    vectorized("sigmoid", lambda entries: ((np.random.RandomState(1).randn(entries),), {}),
               "np.exp works on a whole array: 1 / (1 + np.exp(-z)) computes every entry at once.",
               entries=(16, 4096)),
    vectorized("propagate", lambda examples, features: (problem(2, features, examples), {}),
               "A = sigmoid(np.dot(w.T, X) + b) is every example's activation at once; dw = np.dot(X, (A - Y).T) / m "
               "and db = np.sum(A - Y) / m sum over the examples.", examples=(16, 4096), features=(4, 1024)),
    vectorized("optimize", lambda examples, features: (problem(3, features, examples),
                                                       {"num_iterations": 3, "learning_rate": 0.01}),
               "loop over the iterations only, and call propagate on the whole X at each of them.",
               template=("for i in range(num_iterations)",), examples=(16, 1024), features=(4, 256)),
    vectorized("predict", lambda examples, features: (problem(4, features, examples)[:3], {}),
               "(A > 0.5).astype(float) labels every example at once.", examples=(16, 4096), features=(4, 1024),
               template=["for i in range(A.shape[1])"]),
]

# The notebooks before 2021 (grader.assignments.course_versions): same inputs, same reference outputs.
VERSIONS = [
    Version("v6a", "v3 to v6a (2017-2020)", {
        "initialize_with_zeros": Differs("b may be the int 0 (the notebook asserts isinstance(b, float) or "
                                         "isinstance(b, int))", rules={"initialize_with_zeros: b is a Python float":
                                                                       b_is_a_number}),
        "optimize": Differs("optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False) has no defaults: "
                            "the checks pass every argument", adapt=every_argument(ref.optimize)),
    }, file_names=("v3", "v4", "v5", "v6", "v6a"),
        signatures={"optimize": parameters("w, b, X, Y, num_iterations, learning_rate, print_cost=")}),
]

"""W2A2 Logistic regression with a neural-network mindset.

``mistakes`` name the classic wrong answers: each is computed from the check's inputs with the
reference's own pieces, so that a mismatching output equal to it is named in words.
"""

import copy
import hashlib
import inspect

import numpy as np

from grader import data
from grader.check.model import holds, same_as_reference, unchanged_inputs
from grader.check.compare import Mismatch, Tolerance
from grader.check.gradcheck import gradient
from solutions import w2a2_logistic_regression as ref

TITLE = "Logistic Regression with a Neural Network mindset"
COURSE_VERSION = "v1.2"  # the course notebook these checks follow (COURSE_FACTS §2)

# Reference on the cat data (2000 iterations, lr 0.005): train 99.04 %, test 70.0 %.
# A model within 4 points of it on both sets passes.
CAT_TRAIN_MIN, CAT_TEST_MIN = 95.0, 66.0


def given(*args, **kwargs):
    return lambda: (args, kwargs)


def problem(seed, n, m):
    """w (n, 1), b, X (n, m), Y (1, m) 0/1 labels, from one seed."""
    rng = np.random.RandomState(seed)
    return rng.randn(n, 1) * 0.5, float(rng.randn()), rng.randn(n, m), (rng.rand(1, m) > 0.5).astype(float)


def biased(seed, n, m, b):
    """w, b, X for predict with a bias large enough that leaving it out changes the labels."""
    w, _, X, _ = problem(seed, n, m)
    return w, b, X


COURSE_W, COURSE_B = np.array([[1.0], [2.0]]), 1.5
COURSE_X, COURSE_Y = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]])
PUBLIC = (np.array([[1.0], [2.0], [-1.0]]), 2.5,
          np.array([[1.0, 2.0, -1.0, 0.0], [3.0, 4.0, -3.2, 1.0], [3.0, 4.0, -3.2, -3.5]]), np.array([[1, 1, 0, 0]]))


def b_is_float(found, ctx):
    b = found[1]
    if type(b) is not float:
        raise Mismatch(f"b is {type(b).__name__}, expected a Python float (the course's contract: b = 0.0)")


def cost_of(w, b, X, Y):
    A = 1 / (1 + np.exp(-(w.T @ X + b)))
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def bind(function, args, kwargs):
    """The arguments of a call by name, defaults included."""
    bound = inspect.signature(function).bind(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    bound.apply_defaults()
    return dict(bound.arguments)


SIGMOID_SIGN = [("the minus sign in exp(-z) is missing: 1 / (1 + exp(z)) is σ(-z) = 1 - σ(z)",
                 lambda args, kwargs: 1 / (1 + np.exp(np.asarray(args[0], dtype=float))))]

W_1D = [("w = np.zeros(dim) has shape (dim,): give the shape as a tuple, np.zeros((dim, 1))",
         lambda args, kwargs: (np.zeros(args[0]), 0.0))]


def _propagate(w, b, X, Y, *, use_b=True, db_axis=None):
    """The reference's propagate, with a classic mistake switched on."""
    m = X.shape[1]
    A = ref.sigmoid(np.dot(w.T, X) + (b if use_b else 0.0))
    cost = np.squeeze(np.array(-1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))))
    return {"dw": np.dot(X, (A - Y).T) / m, "db": 1 / m * np.sum(A - Y, axis=db_axis)}, cost


PROPAGATE_MISTAKES = [
    ("db was summed over axis=0, one sum per example: sum over all of them, np.sum(A - Y) (no axis)",
     lambda args, kwargs: _propagate(*args, db_axis=0)),
    ("b was left out of A = sigmoid(wᵀX + b)", lambda args, kwargs: _propagate(*args, use_b=False)),
]


def forgot_b(args, kwargs):
    w, b, X = args
    return ref.predict(w, 0.0, X)


def threshold_on_z(args, kwargs):
    w, b, X = args
    return (np.dot(w.T, X) + b > 0.5).astype(float)


PREDICT_MISTAKES = [
    ("b was left out of A = sigmoid(wᵀX + b)", forgot_b),
    ("the threshold 0.5 was applied to z = wᵀX + b instead of to the probability A = sigmoid(z)", threshold_on_z),
    ("0 and 1 are swapped: the label is 1 where A > 0.5", lambda args, kwargs: 1.0 - ref.predict(*args)),
]


def flipped_update(args, kwargs):
    a = bind(ref.optimize, args, kwargs)
    return ref.optimize(**{**a, "learning_rate": -a["learning_rate"]})


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


OPTIMIZE_MISTAKES = [
    ("the update adds the gradient (w + α dw) instead of subtracting it", flipped_update),
    ("learning_rate is not used: the step must be learning_rate * dw, not dw",
     lambda args, kwargs: ref.optimize(**{**bind(ref.optimize, args, kwargs), "learning_rate": 1.0})),
    ("the cost was recorded at every iteration; record it when i % 100 == 0 only",
     lambda args, kwargs: _descent(args, kwargs, every=1)),
    ("b is never updated: b = b - learning_rate * db is missing",
     lambda args, kwargs: _descent(args, kwargs, update_b=False)),
]
OPTIMIZE_PARTS = dict(outputs=[(0, "w"), (0, "b"), (1, "dw"), (1, "db"), 2],
                      names=["params['w']", "params['b']", "grads['dw']", "grads['db']", "costs"])


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


def cat_inputs(iterations):
    def inputs():
        train_x, train_y, test_x, test_y = data.cat()
        return (train_x, train_y, test_x, test_y), {"num_iterations": iterations, "learning_rate": 0.005}
    return inputs


MODEL_PARTS = ["costs", "Y_prediction_train", "Y_prediction_test", "w", "b"]
MODEL_CALLS = ("initialize_with_zeros", "optimize", "predict")


_TRAINED = {}  # one entry: the model mistakes of one check share the reference's training run


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


# The cheap one (training on the small test set) first; the next two share one training run.
MODEL_MISTAKES = [
    ("optimize was run on the test set; train on X_train, Y_train",
     lambda args, kwargs: _model(args, kwargs, train_on_test=True)),
    ("w and b are still the zeros from before training: read the trained params['w'] and params['b'] "
     "returned by optimize, and predict with them", lambda args, kwargs: _model(args, kwargs, keep_initial=True)),
    ("Y_prediction_train and Y_prediction_test are swapped", lambda args, kwargs: _model(args, kwargs, swap=True)),
    ("num_iterations and learning_rate were not passed on to optimize, which ran with its defaults",
     lambda args, kwargs: _model(args, kwargs, hyperparameters=False)),
]


CHECKS = [
    same_as_reference("sigmoid", "sigmoid: course example [0, 2]", given(np.array([0, 2])), mistakes=SIGMOID_SIGN),
    same_as_reference("sigmoid", "sigmoid: a (3, 4) matrix", lambda: ((np.random.RandomState(1).randn(3, 4) * 4,), {}),
                      mistakes=SIGMOID_SIGN),
    same_as_reference("initialize_with_zeros", "initialize_with_zeros: dim 2", given(2), mistakes=W_1D),
    same_as_reference("initialize_with_zeros", "initialize_with_zeros: dim 7", given(7), mistakes=W_1D),
    holds("initialize_with_zeros", "initialize_with_zeros: b is a Python float", given(3), b_is_float, points=0.5),
    same_as_reference("propagate", "propagate: course example", given(COURSE_W, COURSE_B, COURSE_X, COURSE_Y),
                      outputs=[(0, "dw"), (0, "db"), 1], names=["grads['dw']", "grads['db']", "cost"], m=3,
                      calls=("sigmoid",), mistakes=PROPAGATE_MISTAKES),
    same_as_reference("propagate", "propagate: course public test", given(*PUBLIC),
                      outputs=[(0, "dw"), (0, "db"), 1], names=["grads['dw']", "grads['db']", "cost"], m=4,
                      calls=("sigmoid",), mistakes=PROPAGATE_MISTAKES),
    same_as_reference("propagate", "propagate: 5 features, 9 examples", lambda: (problem(3, 5, 9), {}),
                      outputs=[(0, "dw"), (0, "db"), 1], names=["grads['dw']", "grads['db']", "cost"], m=9,
                      calls=("sigmoid",), mistakes=PROPAGATE_MISTAKES),
    gradient("propagate", "propagate: gradients match the cost's numerical gradient", lambda: (problem(4, 4, 6), {}),
             params=lambda a, k: {"dw": np.array(a[0], dtype=float), "db": np.array(a[1], dtype=float)},
             objective=lambda p, a, k: cost_of(p["dw"], p["db"], a[2], a[3]),
             grads=lambda found: {"dw": found[0]["dw"], "db": found[0]["db"]},
             labels={"dw": "grads['dw']", "db": "grads['db']"}, m=6, calls=("sigmoid",)),
    same_as_reference("optimize", "optimize: course example (100 iterations, lr 0.009)",
                      given(COURSE_W, COURSE_B, COURSE_X, COURSE_Y, num_iterations=100, learning_rate=0.009),
                      calls=("propagate",), mistakes=OPTIMIZE_MISTAKES, **OPTIMIZE_PARTS),
    same_as_reference("optimize", "optimize: course public test (101 iterations, lr 0.1)",
                      given(np.array([[1.0], [2.0]]), 2.0, np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]),
                            np.array([[1, 0, 1]]), num_iterations=101, learning_rate=0.1),
                      calls=("propagate",), mistakes=OPTIMIZE_MISTAKES, **OPTIMIZE_PARTS),
    same_as_reference("optimize", "optimize: 4 features, 8 examples, 250 iterations",
                      lambda: (problem(5, 4, 8), {"num_iterations": 250, "learning_rate": 0.05}),
                      calls=("propagate",), mistakes=OPTIMIZE_MISTAKES, **OPTIMIZE_PARTS),
    unchanged_inputs("optimize", "optimize: leaves w unchanged", lambda: (problem(6, 3, 5), {"num_iterations": 3}),
                     arg_names=["w", "b", "X", "Y"], calls=("propagate",)),
    same_as_reference("predict", "predict: course example", given(np.array([[0.1124579], [0.23106775]]), -0.3,
                                                                 np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
                      calls=("sigmoid",), mistakes=PREDICT_MISTAKES),
    same_as_reference("predict", "predict: course public test",
                      given(np.array([[0.3], [0.5], [-0.2]]), -0.33333,
                            np.array([[1.0, -0.3, 1.5], [2.0, 0.0, 1.0], [0.0, -1.5, 2.0]])),
                      calls=("sigmoid",), mistakes=PREDICT_MISTAKES),
    same_as_reference("predict", "predict: 6 features, 20 examples", lambda: (problem(7, 6, 20)[:3], {}),
                      calls=("sigmoid",), mistakes=PREDICT_MISTAKES),
    same_as_reference("predict", "predict: 5 features, 12 examples, a large bias", lambda: (biased(8, 5, 12, -1.5), {}),
                      points=0.5, calls=("sigmoid",), mistakes=PREDICT_MISTAKES),
    same_as_reference("model", "model: course public test (seed 0, 50 iterations)",
                      lambda: _model_test_inputs(), outputs=MODEL_PARTS, calls=MODEL_CALLS, mistakes=MODEL_MISTAKES),
    same_as_reference("model", "model: cat data, first 100 iterations", cat_inputs(100), outputs=MODEL_PARTS,
                      calls=MODEL_CALLS, long=True, needs_data=True, timeout=60, cache_reference=True,
                      mistakes=MODEL_MISTAKES),
    same_as_reference("model", "model: cat data, 2000 iterations, same as the reference", cat_inputs(2000),
                      outputs=MODEL_PARTS, calls=MODEL_CALLS, long=True, needs_data=True, timeout=300,
                      cache_reference=True, after=("model: cat data, first 100 iterations",),
                      tol=Tolerance(1e-6, 1e-9), call_key="cat 2000"),
    holds("model", "model: cat data, accuracy", cat_inputs(2000), cat_accuracy, points=2.0,
          calls=MODEL_CALLS, long=True, needs_data=True, timeout=300,
          after=("model: cat data, first 100 iterations",), call_key="cat 2000", kind="accuracy"),
]


def _model_test_inputs():
    rng = np.random.RandomState(0)
    X, x_test = rng.randn(4, 7), rng.randn(4, 3)
    return (X, np.array([[1, 0, 0, 1, 0, 0, 1]]), x_test, np.array([[0, 1, 0]])), {"num_iterations": 50,
                                                                                    "learning_rate": 0.01}

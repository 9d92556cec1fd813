"""W3A1 Planar data classification with one hidden layer.

Every graded function gets the course's example(s) and cases of other sizes (other n_x, n_h, n_y,
m), so that sizes written into the code, globals and transposes fail. A function's checks replace
the graded functions it calls by the reference (``calls``): a bug in ``forward_propagation`` fails
``forward_propagation`` only, not ``nn_model`` or ``predict``.

Backward propagation is given caches made by the reference's forward pass (consistent: A1 is
tanh(Z1)), so ``1 - np.power(A1, 2)`` and ``1 - np.tanh(Z1) ** 2`` both pass; the course's hidden
test used unrelated random caches, which failed the second one.

The flower run (n_h = 4, 10000 iterations, learning rate 1.2) is chaotic after about 6000
iterations: rounding differences of 1e-15 grow to about 1e-4 and shrink again. Its parameters are
compared exactly after 1000 iterations, loosely after 10000, and its accuracy against a threshold.
"""

import numpy as np

from grader import data
from grader.assignments.course_versions import Differs, Version, parameters as signature
from grader.checking.compare import Mismatch, Tolerance, describe_type
from grader.checking.fixtures import (Inputs, added_update, described, given, initialized, named, network, probabilities,
                                   seeded, shapes_rule, small_weights, two_layer_draws, zero_biases)
from grader.checking.kit import Graded, mistake_only
from grader.checking.pictures import boundary, traced_cost_curve
from grader.checking.vectorize import vectorized
from solutions import w3a1_planar_data as ref
from solutions.older import w3a1_planar_v6c as v6c

TITLE = "Planar data classification with one hidden layer"
COURSE_VERSION = "v3.0"  # the course notebook these checks follow (COURSE_FACTS §2)

# The reference on the flower (n_h = 4, 10000 iterations) classifies 363 of 400 points: 90.75 %.
# A model within 4.75 points of it passes (n_h = 1 or 2 gives about 67 %, a broken model 50 %).
FLOWER_ACCURACY, FLOWER_MIN = 90.75, 86.0
# After 10000 iterations a 1e-15 perturbation of the run leaves differences of about 3e-5
# (measured; up to 8e-4 around iteration 7000): compare with a 30-fold margin at least.
FLOWER_LATE = Tolerance(rtol=1e-2, atol=1e-3)
MODEL_SEED = 0  # set before nn_model's call: nn_model must seed itself with np.random.seed(3)
KEYS, GRAD_KEYS = ("W1", "b1", "W2", "b2"), ("dW1", "db1", "dW2", "db2")

# ---------------------------------------------------------------- inputs
# The course's, rebuilt as its test-case builders make them (testCases_v2.py, public_tests.py v3.0).

FWD_W1 = np.array([[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
                   [-0.01793436, -0.00841747], [0.00502881, -0.01245288]])
FWD_W2 = np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]])
TRAINED = {
    "W1": np.array([[-0.00615039, 0.0169021], [-0.02311792, 0.03137121],
                    [-0.0169217, -0.01752545], [0.00935436, -0.05018221]]),
    "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
    "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
    "b2": np.array([[9.14954378e-05]]),
}
TRAINED_GRADS = {
    "dW1": np.array([[0.00023322, -0.00205423], [0.00082222, -0.00700776],
                     [-0.00031831, 0.0028636], [-0.00092857, 0.00809933]]),
    "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
    "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
    "db2": np.array([[-1.08923140e-05]]),
}


def sizes(n_x, n_h, n_y, m):
    return f"{n_x} inputs, {n_h} hidden units, " + (f"{n_y} outputs, " if n_y > 1 else "") + f"{m} examples"


def net(seed, n_x, n_h, n_y, m):
    """X (n_x, m), 0/1 labels Y (n_y, m), parameters (weights 0.5·randn, biases 0.2·randn)."""
    return network(seed, (n_x, n_h, n_y), m, weights=0.5, biases=0.2)


def course_sizes(second):
    return Inputs(lambda: (tuple(seeded(1, (5, 3), (2, 3), (7, 5), (5, 5))[2 * second:2 * second + 2]), {}))


def course_forward():
    X, b1 = seeded(1, (2, 3), (4, 1))
    return (X, {"W1": FWD_W1.copy(), "b1": b1, "W2": FWD_W2.copy(), "b2": np.array([[-1.3]])}), {}


@described(lambda seed, n_x, n_h, n_y, m: sizes(n_x, n_h, n_y, m))
def forward_case(seed, n_x, n_h, n_y, m):
    X, _, parameters = net(seed, n_x, n_h, n_y, m)
    return (X, parameters), {}


def consistent(parameters, X, Y):
    """Backward's arguments with the cache of the reference's forward pass (A1 = tanh(Z1) exactly)."""
    _, cache = ref.forward_propagation(X, parameters)
    return (parameters, cache, X, Y), {}


def course_backward():
    """The notebook case (seed 1; X (2, 3), Y > 0, the fixed W1 and W2, zero biases), cache by forward."""
    X, Yn = seeded(1, (2, 3), (1, 3))
    return consistent({"W1": FWD_W1.copy(), "b1": np.zeros((4, 1)), "W2": FWD_W2.copy(), "b2": np.zeros((1, 1))},
                      X, Yn > 0)


def public_backward():
    """public_tests' sizes and draws (seed 1; X (3, 7), Y > 0, W1 (9, 3), W2 (1, 9)), cache by forward."""
    X, Yn, W1, W2 = seeded(1, (3, 7), (1, 7), (9, 3), (1, 9))
    return consistent({"W1": W1, "W2": W2, "b1": np.zeros((9, 1)), "b2": np.zeros((1, 1))}, X, Yn > 0)


@described(lambda seed, n_x, n_h, n_y, m: sizes(n_x, n_h, n_y, m))
def backward_case(seed, n_x, n_h, n_y, m):
    X, Y, parameters = net(seed, n_x, n_h, n_y, m)
    return consistent(parameters, X, Y)


def course_cost(A):
    """The course's A2 (1, m) and its labels, Y = randn(1, m) > 0 after np.random.seed(1)."""
    return Inputs(lambda: ((np.array([A]), seeded(1, (1, len(A)))[0] > 0), {}))


@described(lambda seed, n_x, n_h, n_y, rate: f"{n_x} inputs, {n_h} hidden units, {n_y} outputs, learning rate {rate}")
def update_case(seed, n_x, n_h, n_y, learning_rate):
    _, _, parameters = net(seed, n_x, n_h, n_y, 1)
    rng = np.random.RandomState(seed + 100)
    grads = {f"d{k}": rng.randn(*v.shape) * 0.1 for k, v in parameters.items()}
    return (parameters, grads, learning_rate), {}


def course_model():
    """The notebook and public test (seed 1; X (2, 4), Y > 0), n_h = 5, the default 10000 iterations."""
    X, Yn = seeded(1, (2, 4), (1, 4))
    return (X, Yn > 0, 5), {"print_cost": False}


def other_model():
    rng = np.random.RandomState(31)
    X = rng.randn(3, 10)
    return (X, (rng.rand(1, 10) > 0.5).astype(float), 3), {"num_iterations": 200}


def flower(iterations):
    return Inputs(lambda: (data.planar(), {"n_h": 4, "num_iterations": iterations}))


@described(lambda seed, n_x, n_h, m: sizes(n_x, n_h, 1, m))
def predict_case(seed, n_x, n_h, m):
    X, _, parameters = net(seed, n_x, n_h, 1, m)
    return (parameters, X), {}


# ---------------------------------------------------------------- rules and hints


def sizes_rule(found, ctx):
    """Each size named, with where it comes from; sizes are whole numbers, any int or float type."""
    X, Y = ctx.args
    expected = ctx.reference()
    if not isinstance(found, (tuple, list)) or len(found) != 3:
        raise Mismatch(f"layer_sizes should return the tuple (n_x, n_h, n_y), found {describe_type(found)}"
                       + (f" of {len(found)} items" if isinstance(found, (tuple, list)) else ""))
    sources = {"n_x": ("X", X), "n_h": None, "n_y": ("Y", Y)}
    for (name, source), got, want in zip(sources.items(), found, expected):
        number = isinstance(got, (int, float, np.integer, np.floating)) and not isinstance(got, bool)
        if number and got == want:
            continue
        shown = repr(got.item() if isinstance(got, np.generic) else got) if number else describe_type(got)
        if source is None:
            raise Mismatch(f"n_h is {shown}, expected {want}: the hidden layer of this exercise has 4 units")
        array_name, array = source
        text = f"{name} is {shown}, expected {want} = {array_name}.shape[0] ({array_name} has shape {array.shape})"
        if number and array.ndim == 2 and got == array.shape[1] != array.shape[0]:
            text += f": {array_name}.shape[1] is the number of examples m; the size of a layer is the number of rows"
        else:
            text += ": read the size from the array's shape instead of writing it in"
        raise Mismatch(text)


def init_draws_hint(found, ctx):
    """Right shapes and a small scale, wrong values: the draws are not the course's."""
    try:
        arrays = initialized(found, ctx)
    except Mismatch:
        return ""
    expected = ctx.reference()
    same = all(np.allclose(arrays[k], expected[k], rtol=1e-5, atol=1e-8) for k in ("W1", "W2"))
    small = all(0 < np.abs(arrays[k]).max() < 0.1 for k in ("W1", "W2"))
    if same or not small:
        return ""
    inside = getattr(ctx.reference_function, "seed_inside", None)  # v6c and 2021a seed inside
    seeding = (f"your function calls np.random.seed({inside}) first (given code of this version of the notebook)"
               if inside is not None else f"the check calls np.random.seed({ctx.check.seed}) before your function")
    return (f"Your W1 and W2 have the right shapes and a small scale but not the reference's values: {seeding}, "
            f"then draws W1 = np.random.randn(n_h, n_x) * 0.01 first and W2 = np.random.randn(n_y, n_h) * 0.01 "
            f"second, with no other draw" + ("" if inside is not None else
                                             " and no np.random.seed inside the function"))


def cost_is_float(found, ctx):
    if not isinstance(found, float):
        raise Mismatch(f"compute_cost returned {describe_type(found)}; the course's contract is a Python float "
                       f"(its template ends with cost = float(np.squeeze(cost)), and the course's test checks the "
                       f"type). A numpy float64, which is a kind of float, is accepted")


def backward_params(args, kwargs):
    return {f"d{k}": np.array(args[0][k], dtype=np.float64) for k in KEYS}


def reference_cost(p, args, kwargs):
    """J(W1, b1, W2, b2) = compute_cost(forward_propagation(X, parameters)[0], Y), the reference's."""
    A2, _ = ref.forward_propagation(args[2], {k: p[f"d{k}"] for k in KEYS})
    return ref.compute_cost(A2, args[3])


def accuracy(parameters, X, Y, predict):
    """Training accuracy in percent, the course's way: (Y·pᵀ + (1−Y)·(1−p)ᵀ) / m · 100, of ``predict``'s labels."""
    predictions = np.asarray(predict(parameters, X)).astype(float)
    correct = np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)
    return float(correct.item()) / Y.size * 100


def flower_accuracy(found, ctx):
    X, Y = data.planar()
    try:
        parameters = {k: np.asarray(found[k], dtype=np.float64) for k in KEYS}
        with np.errstate(all="ignore"):
            value = accuracy(parameters, X, Y, predict=lambda p, X: ctx.call(ref.predict, p, X))
    except (KeyError, TypeError, ValueError, IndexError):
        raise Mismatch(f"nn_model should return a dict of W1 (4, 2), b1 (4, 1), W2 (1, 4), b2 (1, 1) that predict "
                       f"can use, found {describe_type(found)}") from None
    if not value >= FLOWER_MIN:
        raise Mismatch(f"on the flower your model classifies {value:.2f} % of the 400 points correctly; it needs at "
                       f"least {FLOWER_MIN:g} % (the reference reaches {FLOWER_ACCURACY:g} %, minus a "
                       f"{FLOWER_ACCURACY - FLOWER_MIN:g}-point margin)")


def threshold_hint(found, ctx):
    """0/1 labels that are A2 compared with another threshold (or the other way round)."""
    parameters, X = ctx.args
    A2 = ref.forward_propagation(X, parameters)[0]
    f = np.asarray(found)
    if f.shape != A2.shape or f.dtype.kind not in "biuf" or not np.isin(f, (0, 1)).all():
        return ""
    ones, zeros = A2[f == 1], A2[f == 0]
    if ones.size and zeros.size and ones.min() > zeros.max() and not zeros.max() <= 0.5 < ones.min():
        return (f"Your labels are 1 exactly where A2 > t for a threshold t between {zeros.max():.4g} and "
                f"{ones.min():.4g}; the threshold is 0.5 (A2 > 0.5)")
    if ones.size and zeros.size and ones.max() <= 0.5 < zeros.min():
        return "Your labels are inverted: predict 1 where A2 > 0.5 and 0 elsewhere"
    return ""


# ---------------------------------------------------------------- known mistakes


@mistake_only
def reseeded(args, kwargs):
    np.random.seed(2)
    return ref.initialize_parameters(*args)


@mistake_only
def forward_with(hidden=np.tanh, drop=()):
    def wrong(args, kwargs):
        X, parameters = args
        p = {k: (np.zeros_like(v) if k in drop else v) for k, v in parameters.items()}
        Z1 = np.dot(p["W1"], X) + p["b1"]
        A1 = hidden(Z1)
        Z2 = np.dot(p["W2"], A1) + p["b2"]
        A2 = 1 / (1 + np.exp(-Z2))
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return wrong


@mistake_only
def outer_product_cost(args, kwargs):
    A2, Y = args[:2]  # the notebooks before 2021 also pass parameters
    return float(-np.sum(np.dot(np.log(A2).T, Y) + np.dot(np.log(1 - A2).T, 1 - Y)) / Y.shape[1])


@mistake_only
def backward_with(derivative):
    """The six equations with another g'(Z1) (written in terms of A1)."""
    def wrong(args, kwargs):
        parameters, cache, X, Y = args
        m = X.shape[1]
        A1, A2 = cache["A1"], cache["A2"]
        dZ2 = A2 - Y
        dZ1 = np.dot(parameters["W2"].T, dZ2) * derivative(A1)
        return {"dW1": np.dot(dZ1, X.T) / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
                "dW2": np.dot(dZ2, A1.T) / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
    return wrong


@mistake_only
def train(X, Y, n_h, num_iterations=10000, *, seed=3, learning_rate=1.2):
    """nn_model with the reference's helpers, a given seed (None: none) and learning rate (for naming mistakes)."""
    if seed is not None:
        np.random.seed(seed)
    n_x, _, n_y = ref.layer_sizes(X, Y)
    parameters = ref.initialize_parameters(n_x, n_h, n_y)
    for _ in range(num_iterations):
        A2, cache = ref.forward_propagation(X, parameters)
        grads = ref.backward_propagation(parameters, cache, X, Y)
        parameters = ref.update_parameters(parameters, grads, learning_rate)
    return parameters


@mistake_only
def model_with(seed=3, n_h=None, iterations=None):
    """nn_model's mistake: another seed, n_h or number of iterations than the call's."""
    def wrong(args, kwargs):
        names = ("X", "Y", "n_h", "num_iterations")
        values = dict(zip(names, args), **{k: v for k, v in kwargs.items() if k in names})
        return train(values["X"], values["Y"], n_h or values["n_h"],
                     values.get("num_iterations", 10000) if iterations is None else iterations, seed=seed)
    return wrong


# ---------------------------------------------------------------- the checks

layer_sizes = Graded("layer_sizes")
initialize_parameters = Graded("initialize_parameters", parts=named("parameters", KEYS), hint=init_draws_hint,
                               mistakes={
    "W2 was drawn before W1 (the reference draws W1 first)": two_layer_draws(order=("W2", "W1")),
    "np.random.seed(2) is called inside the function (the caller seeds, not the function; if it is the given code "
    "of your notebook, the first 2021 one with multiple_test in its public_tests.py, grade it with --course-version "
    "2021a)": reseeded,
    "W1 was drawn as randn(n_x, n_h) and transposed; draw randn(n_h, n_x) directly":
        two_layer_draws(transposed=("W1",)),
    "the weights were drawn as randn(n_x, n_h) and randn(n_h, n_y) and transposed; draw them in their own shapes, "
    "randn(n_h, n_x) and randn(n_y, n_h)": two_layer_draws(transposed=("W1", "W2")),
})
# What an argument changed in place does next (grader.isolate.effects.message; {now}: "zeros" or "a changed X").
CHANGES_TRAINING = {
    "X": "your nn_model passes the same {name} at every iteration: it will train on {now}",
    "Y": "your nn_model passes the same {name} at every iteration: it will train on {now}",
    "parameters": "your nn_model keeps its parameters between iterations: they change behind its back at each one",
}
forward_propagation = Graded("forward_propagation", consequence=CHANGES_TRAINING, parts={"A2": 0, **named("cache", ("Z1", "A1", "Z2", "A2"), at=1)},
                             mistakes={
    "the hidden layer uses sigmoid instead of tanh": forward_with(hidden=lambda z: 1 / (1 + np.exp(-z))),
    "b1 was left out of Z1 = W1 X + b1": forward_with(drop=("b1",)),
    "b2 was left out of Z2 = W2 A1 + b2": forward_with(drop=("b2",)),
    "both biases were left out": forward_with(drop=("b1", "b2")),
})
compute_cost = Graded("compute_cost", parts={"cost": None}, m="Y", mistakes={
    "np.dot of a column and a row makes an (m, m) matrix of every pair; multiply element-wise (np.multiply or *) "
    "before summing, or use np.dot(Y, np.log(A2).T)": outer_product_cost})
backward_propagation = Graded("backward_propagation", consequence=CHANGES_TRAINING, parts=named("grads", GRAD_KEYS), m="X", mistakes={
    "the derivative of tanh was written 1 - A1; it is 1 - A1² (1 - np.power(A1, 2))": backward_with(lambda a: 1 - a),
    "the derivative used is the sigmoid's, A1 (1 - A1); tanh's is 1 - A1²": backward_with(lambda a: a * (1 - a)),
    "the factor g'(Z1) = 1 - A1² is missing from dZ1": backward_with(lambda a: 1.0),
})
update_parameters = Graded("update_parameters", parts=named("parameters", KEYS), mistakes={
    **added_update(ref.update_parameters),
    "the learning rate argument is ignored: 1.2 was used": lambda args, kwargs: ref.update_parameters(*args[:2]),
})
nn_model = Graded("nn_model", parts=named("parameters", KEYS), seed=MODEL_SEED, rng_calls=("initialize_parameters",),
                  calls=("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
                         "backward_propagation", "update_parameters"), mistakes={
    "np.random.seed(3) was not called before initializing (the grader sets another seed before the call)":
        model_with(seed=None),
    "n_h was taken from layer_sizes (4) instead of the argument n_h": model_with(n_h=4),
    "num_iterations is ignored: 10000 iterations were run": model_with(iterations=10000),
    "these are the initial parameters: the result of update_parameters is never assigned back "
    "(parameters = update_parameters(parameters, grads))": model_with(iterations=0),
})
predict = Graded("predict", calls=("forward_propagation",), hint=threshold_hint)
# Pictures (an HTML report, the notebook): the costs compute_cost returned during the training, over the
# reference's; the decision boundary of the learner's parameters beside the reference's, on the flower.
COSTS = traced_cost_curve("compute_cost")
BOUNDARY = boundary(data.planar, lambda parameters, grid, ctx: ctx.call(ref.predict, parameters, grid))
flower_early = nn_model.case(flower(1000), "flower, n_h = 4, first 1000 iterations", long=True, timeout=30,
                             trace="compute_cost", pictures=(COSTS,))
flower_full = nn_model.call(flower(10000), long=True, timeout=120, after=[flower_early], trace="compute_cost")

CHECKS = [
    layer_sizes.rule(sizes_rule, course_sizes(0), "course example, X (5, 3), Y (2, 3)", kind="reference"),
    layer_sizes.rule(sizes_rule, course_sizes(1), "course public test, X (7, 5), Y (5, 5)", points=0.5,
                     kind="reference"),
    layer_sizes.rule(sizes_rule, Inputs(lambda: ((np.random.RandomState(2).randn(3, 11), np.ones((1, 11))), {})),
                     "X (3, 11), Y (1, 11)", points=0.5, kind="reference"),

    initialize_parameters.case(given(2, 4, 1), "course example, seed 2, sizes (2, 4, 1)", seed=2),
    initialize_parameters.case(given(3, 5, 2), "course public test, seed 2, sizes (3, 5, 2)", seed=2),
    initialize_parameters.case(given(4, 7, 3), "seed 5, sizes (4, 7, 3)", seed=5),
    initialize_parameters.rule(shapes_rule, given(6, 3, 2), "shapes of W1, b1, W2, b2 for sizes (6, 3, 2)",
                               points=0.5, seed=7),
    initialize_parameters.rule(zero_biases, given(5, 8, 3), "biases exactly zero", points=0.5, seed=7),
    initialize_parameters.rule(small_weights, given(50, 40, 30),
                               "weights small and random (std 0.01), sizes (50, 40, 30)", points=0.5, seed=7),

    forward_propagation.case(Inputs(course_forward), "course example (2 inputs, 4 hidden units, 3 examples)"),
    forward_propagation.case(forward_case(41, 3, 6, 1, 7)),
    forward_propagation.case(forward_case(42, 5, 2, 1, 4)),

    compute_cost.case(course_cost([0.5002307, 0.49985831, 0.50023963]), "course example (3 examples)"),
    compute_cost.case(course_cost([0.5002307, 0.49985831, 0.50023963, 0.25, 0.7]),
                      "course public test 1 (5 examples)"),
    compute_cost.case(given(np.array([0.7, 0.3, 0.8, 0.9, 0.9]), np.array([[1, 0, 1, 1, 1]])),  # m from Y: A is 1-D
                      "course public test 2 (A2 given as a 1-D array)", points=0.5),
    compute_cost.case(probabilities(12, 11)),
    compute_cost.rule(cost_is_float, course_cost([0.5002307, 0.49985831, 0.50023963]), "returns a Python float",
                      points=0.5),

    backward_propagation.case(Inputs(course_backward), "course example (cache made by forward propagation)"),
    backward_propagation.case(Inputs(public_backward),
                              "the public test's sizes (3 inputs, 9 hidden units, 7 examples)"),
    backward_propagation.case(backward_case(51, 4, 3, 2, 6)),
    backward_propagation.gradient(backward_case(52, 3, 5, 1, 8), "gradients match the cost's numerical gradient",
                                  params=backward_params, objective=reference_cost, points=2.0,
                                  grads=lambda found: {k: found[k] for k in GRAD_KEYS},
                                  labels={k: f"grads[{k!r}]" for k in GRAD_KEYS}),

    update_parameters.case(given(TRAINED, TRAINED_GRADS), "course example (learning rate 1.2 by default)"),
    update_parameters.case(update_case(61, 3, 5, 2, 0.5)),
    update_parameters.unchanged(update_case(62, 2, 4, 1, 1.2), "leaves parameters and grads unchanged",
                                ["parameters", "grads", "learning_rate"]),

    nn_model.case(Inputs(course_model), "course example (n_h = 5, 10000 iterations)", points=1.5, timeout=60,
                  trace="compute_cost", pictures=(COSTS,)),
    nn_model.case(Inputs(other_model), "3 inputs, 10 examples, n_h = 3, 200 iterations", timeout=60,
                  trace="compute_cost", pictures=(COSTS,)),
    flower_early,
    flower_full.case("flower, 10000 iterations, close to the reference", tol=FLOWER_LATE, cache_reference=True,
                     mistakes=(), pictures=(COSTS,)),
    flower_full.rule(flower_accuracy, f"flower, 10000 iterations, accuracy at least {FLOWER_MIN:g} %", points=2.0,
                     kind="accuracy", rule_calls=("predict",), pictures=(BOUNDARY,)),

    predict.case(Inputs(lambda: (({k: v.copy() for k, v in TRAINED.items()}, *seeded(1, (2, 3))), {})),
                 "course example (2 inputs, 3 examples)"),
    predict.case(predict_case(22, 4, 5, 20)),
]


def with_parameters(args, kwargs):
    """compute_cost's arguments as the notebooks before 2021 pass them: A2, Y and the network's parameters."""
    A2, Y = args
    n_h = FWD_W1.shape[0]
    return (A2, Y, {"W1": FWD_W1.copy(), "b1": np.zeros((n_h, 1)), "W2": FWD_W2.copy(), "b2": np.zeros((1, 1))}), kwargs


# The functions the course wants vectorized, and their inputs at any size (grader.checking.vectorize: advice, no
# points): X has one example per column. Four hidden units, one output unit (the course asserts A2 is (1, m)).
VECTORIZED = [
    vectorized("forward_propagation", lambda examples, features: forward_case(91, features, 4, 1, examples)(),
               "Z1 = np.dot(W1, X) + b1 computes the hidden layer of every example at once, and A2 the same way.",
               examples=(16, 4096), features=(4, 1024)),
    vectorized("compute_cost", lambda examples: probabilities(92, examples)(),
               "np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y), then np.sum, adds up every example's "
               "loss in one call.", examples=(16, 4096)),
    vectorized("backward_propagation", lambda examples, features: backward_case(93, features, 4, 1, examples)(),
               "dW1 = np.dot(dZ1, X.T) / m and db1 = np.sum(dZ1, axis=1, keepdims=True) / m sum over the examples in "
               "one call each.", examples=(16, 4096), features=(4, 1024)),
    vectorized("update_parameters", lambda units: update_case(94, units, units, 1, 1.2)(),
               "W1 - learning_rate * dW1 updates a whole matrix at once.", units=(4, 512)),
    vectorized("predict", lambda examples, features: predict_case(95, features, 4, examples)(),
               "(A2 > 0.5) labels every example at once.", examples=(16, 4096), features=(4, 1024)),
]

# The older notebooks (grader.assignments.course_versions), newest first.
RESEEDING = Differs("np.random.seed(2) inside the function (given code): the reference draws after seed 2, whatever "
                    "the caller's seed", reference=v6c.initialize_parameters)
VERSIONS = [
    # Nothing in the first 2021 notebook tells it from the newest (the same file name and modules; a seed(2) inside
    # initialize_parameters is also the newest's known mistake): graded so only when pinned (--course-version).
    Version("2021a", "the first 2021 notebook (public_tests.py with multiple_test)", {
        "initialize_parameters": RESEEDING,
        "nn_model": Differs("calls compute_cost(A2, Y) and the initialization that reseeds with 2: the reference "
                            "trains as that notebook does", reference=v6c.nn_model_2021a),
    }),
    Version("v6c", "v3 to v6c (2017-2020)", {
        "initialize_parameters": RESEEDING,
        "compute_cost": Differs("compute_cost(A2, Y, parameters), parameters unused: the checks pass the network's "
                                "parameters", adapt=with_parameters, reference=v6c.compute_cost),
        "nn_model": Differs("calls compute_cost(A2, Y, parameters) and the initialization that reseeds with 2: the "
                            "reference trains as that notebook does", reference=v6c.nn_model),
    }, file_names=("v3", "v4", "v5", "v6", "v6a", "v6b", "v6c"),
        signatures={"compute_cost": signature("A2, Y, parameters")}),
]

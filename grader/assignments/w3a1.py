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

import dataclasses

import numpy as np

from grader import data
from grader.check.model import holds, mistake, parameter_arrays, same_as_reference, unchanged_inputs
from grader.check.compare import Mismatch, Tolerance, describe_type
from grader.check.gradcheck import gradient
from solutions import w3a1_planar_data as ref

TITLE = "Planar data classification with one hidden layer"
COURSE_VERSION = "v3.0"  # the course notebook these checks follow (COURSE_FACTS §2)

# The reference on the flower (n_h = 4, 10000 iterations) classifies 363 of 400 points: 90.75 %.
# A model within 4.75 points of it passes (n_h = 1 or 2 gives about 67 %, a broken model 50 %).
FLOWER_ACCURACY, FLOWER_MIN = 90.75, 86.0
# After 10000 iterations a 1e-15 perturbation of the run leaves differences of about 3e-5
# (measured; up to 8e-4 around iteration 7000): compare with a 30-fold margin at least.
FLOWER_LATE = Tolerance(rtol=1e-2, atol=1e-3)


def given(*args, **kwargs):
    return lambda: (args, kwargs)


def with_hint(check, hint):
    """The same check, whose failure message gets ``hint(found, ctx)`` appended when it says something."""

    def verify(found, ctx):
        try:
            check.verify(found, ctx)
        except Mismatch as error:
            if error.mistake:  # already explained
                raise
            try:
                extra = hint(found, ctx)
            except Exception:  # noqa: BLE001 - a hint must never turn a failure into a crash
                extra = ""
            raise Mismatch(f"{error}. {extra}" if extra else str(error)) from None

    return dataclasses.replace(check, verify=verify)


# ---------------------------------------------------------------- the course's inputs
# Rebuilt as the course's test-case builders make them (testCases_v2.py, public_tests.py v3.0).

FWD_W1 = np.array([[-0.00416758, -0.00056267],
                   [-0.02136196, 0.01640271],
                   [-0.01793436, -0.00841747],
                   [0.00502881, -0.01245288]])
FWD_W2 = np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]])
TRAINED = {
    "W1": np.array([[-0.00615039, 0.0169021],
                    [-0.02311792, 0.03137121],
                    [-0.0169217, -0.01752545],
                    [0.00935436, -0.05018221]]),
    "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
    "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
    "b2": np.array([[9.14954378e-05]]),
}
TRAINED_GRADS = {
    "dW1": np.array([[0.00023322, -0.00205423],
                     [0.00082222, -0.00700776],
                     [-0.00031831, 0.0028636],
                     [-0.00092857, 0.00809933]]),
    "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
    "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
    "db2": np.array([[-1.08923140e-05]]),
}


def seeded(seed, *shapes):
    """Draws of np.random.seed(seed) then randn(*shape) for each shape, as the course makes them."""
    rng = np.random.RandomState(seed)  # the same numbers as np.random.seed + np.random.randn
    return [rng.randn(*shape) for shape in shapes]


def course_layer_sizes(second=False):
    X1, Y1, X2, Y2 = seeded(1, (5, 3), (2, 3), (7, 5), (5, 5))
    return ((X2, Y2) if second else (X1, Y1)), {}


def course_forward():
    X, b1 = seeded(1, (2, 3), (4, 1))
    return (X, {"W1": FWD_W1.copy(), "b1": b1, "W2": FWD_W2.copy(), "b2": np.array([[-1.3]])}), {}


def network(seed, n_x, n_h, n_y, m, scale=0.5):
    """Parameters (weights ``scale``·randn, biases 0.2·randn), X (n_x, m) and 0/1 labels Y (n_y, m)."""
    rng = np.random.RandomState(seed)
    parameters = {"W1": rng.randn(n_h, n_x) * scale, "b1": rng.randn(n_h, 1) * 0.2,
                  "W2": rng.randn(n_y, n_h) * scale, "b2": rng.randn(n_y, 1) * 0.2}
    X = rng.randn(n_x, m)
    Y = (rng.rand(n_y, m) > 0.5).astype(float)
    return parameters, X, Y


def forward_inputs(seed, n_x, n_h, n_y, m):
    def inputs():
        parameters, X, _ = network(seed, n_x, n_h, n_y, m)
        return (X, parameters), {}
    return inputs


def consistent(parameters, X, Y):
    """Backward's arguments with the cache of the reference's forward pass (A1 = tanh(Z1) exactly)."""
    _, cache = ref.forward_propagation(X, parameters)
    return (parameters, cache, X, Y), {}


def course_backward():
    """The notebook case (seed 1; X (2, 3), Y > 0, the fixed W1 and W2, zero biases), cache by forward."""
    X, Yn = seeded(1, (2, 3), (1, 3))
    parameters = {"W1": FWD_W1.copy(), "b1": np.zeros((4, 1)), "W2": FWD_W2.copy(), "b2": np.zeros((1, 1))}
    return consistent(parameters, X, Yn > 0)


def public_backward():
    """public_tests' sizes and draws (seed 1; X (3, 7), Y > 0, W1 (9, 3), W2 (1, 9)), cache by forward."""
    X, Yn, W1, W2 = seeded(1, (3, 7), (1, 7), (9, 3), (1, 9))
    parameters = {"W1": W1, "W2": W2, "b1": np.zeros((9, 1)), "b2": np.zeros((1, 1))}
    return consistent(parameters, X, Yn > 0)


def backward_inputs(seed, n_x, n_h, n_y, m):
    def inputs():
        return consistent(*network(seed, n_x, n_h, n_y, m))
    return inputs


def cost_inputs(name):
    def inputs():
        if name == "notebook":
            (Yn,) = seeded(1, (1, 3))
            return (np.array([[0.5002307, 0.49985831, 0.50023963]]), Yn > 0), {}
        if name == "public-1":
            (Yn,) = seeded(1, (1, 5))
            return (np.array([[0.5002307, 0.49985831, 0.50023963, 0.25, 0.7]]), Yn > 0), {}
        if name == "public-2":  # A is 1-D there: m must come from Y
            return (np.array([0.7, 0.3, 0.8, 0.9, 0.9]), np.array([[1, 0, 1, 1, 1]])), {}
        rng = np.random.RandomState(12)
        return (rng.uniform(0.05, 0.95, (1, 11)), (rng.rand(1, 11) > 0.5).astype(float)), {}
    return inputs


# ---------------------------------------------------------------- layer_sizes


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


def sizes_check(name, inputs, points=1.0):
    check = same_as_reference("layer_sizes", name, inputs, points=points)
    return dataclasses.replace(check, verify=sizes_rule)


# ---------------------------------------------------------------- initialize_parameters

INIT_KEYS = ("W1", "b1", "W2", "b2")


def init_shapes(n_x, n_h, n_y):
    return {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}


def _parameters(found, ctx):
    """The learner's parameters as float arrays of the right shapes, or a Mismatch saying why not."""
    return parameter_arrays(found, init_shapes(*ctx.args), "initialize_parameters", f"n_x, n_h, n_y = {ctx.args}")


def init_shapes_rule(found, ctx):
    _parameters(found, ctx)


def init_zero_biases(found, ctx):
    arrays = _parameters(found, ctx)
    for key in ("b1", "b2"):
        b = arrays[key]
        if np.any(b != 0):
            found_text = (f"every entry is {b.flat[0]:.6g}" if np.all(b == b.flat[0])
                          else f"found values from {b.min():.6g} to {b.max():.6g}")
            raise Mismatch(f"parameters[{key!r}] should be exactly zero (np.zeros({init_shapes(*ctx.args)[key]})); "
                           f"{found_text}")


WEIGHT_STD, STD_MARGIN = 0.01, 0.15


def init_small_weights(found, ctx):
    arrays = _parameters(found, ctx)
    for key in ("W1", "W2"):
        w = arrays[key]
        low, high = WEIGHT_STD * (1 - STD_MARGIN), WEIGHT_STD * (1 + STD_MARGIN)
        if not (low <= w.std() <= high and abs(w.mean()) <= 0.1 * WEIGHT_STD):
            raise Mismatch(f"parameters[{key!r}] ({w.size} values) has mean {w.mean():.3g} and standard deviation "
                           f"{w.std():.3g}; expected mean about 0 and standard deviation {WEIGHT_STD:g} within "
                           f"{STD_MARGIN:.0%} (standard normal draws times 0.01: np.random.randn(...) * 0.01)")


def init_draws_hint(found, ctx):
    """Right shapes and a small scale, wrong values: the draws are not the course's."""
    try:
        arrays = _parameters(found, ctx)
    except Mismatch:
        return ""
    expected = ctx.reference()
    same = all(np.allclose(arrays[k], expected[k], rtol=1e-5, atol=1e-8) for k in ("W1", "W2"))
    small = all(0 < np.abs(arrays[k]).max() < 0.1 for k in ("W1", "W2"))
    if same or not small:
        return ""
    return (f"Your W1 and W2 have the right shapes and a small scale but not the reference's values. The check "
            f"calls np.random.seed({ctx.check.seed}) before your function; the reference then draws "
            f"W1 = np.random.randn(n_h, n_x) * 0.01 first and W2 = np.random.randn(n_y, n_h) * 0.01 second, "
            f"with no other draw and no np.random.seed inside the function")


def init_mistakes(seed):
    def reseed(args, kwargs):
        np.random.seed(2)
        return ref.initialize_parameters(*args)

    def w2_first(args, kwargs):
        n_x, n_h, n_y = args
        np.random.seed(seed)
        W2 = np.random.randn(n_y, n_h) * 0.01
        W1 = np.random.randn(n_h, n_x) * 0.01
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}

    def transposed_draw(both):
        def wrong(args, kwargs):
            n_x, n_h, n_y = args
            np.random.seed(seed)
            W1 = np.random.randn(n_x, n_h).T * 0.01
            W2 = np.random.randn(n_h, n_y).T * 0.01 if both else np.random.randn(n_y, n_h) * 0.01
            return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
        return wrong

    return [mistake("W2 was drawn before W1 (the reference draws W1 first)", w2_first),
            mistake("np.random.seed(2) is called inside the function (the caller seeds, not the function)", reseed),
            mistake("W1 was drawn as randn(n_x, n_h) and transposed; draw randn(n_h, n_x) directly",
                    transposed_draw(both=False)),
            mistake("the weights were drawn as randn(n_x, n_h) and randn(n_h, n_y) and transposed; draw them in "
                    "their own shapes, randn(n_h, n_x) and randn(n_y, n_h)", transposed_draw(both=True))]


def init_check(name, seed, sizes, points=1.0):
    check = same_as_reference("initialize_parameters", name, given(*sizes), seed=seed, points=points,
                              outputs=list(INIT_KEYS), names=[f"parameters[{k!r}]" for k in INIT_KEYS],
                              mistakes=init_mistakes(seed))
    return with_hint(check, init_draws_hint)


# ---------------------------------------------------------------- forward_propagation

FORWARD_PARTS = [0, (1, "Z1"), (1, "A1"), (1, "Z2"), (1, "A2")]
FORWARD_NAMES = ["A2", "cache['Z1']", "cache['A1']", "cache['Z2']", "cache['A2']"]


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


FORWARD_MISTAKES = [
    mistake("the hidden layer uses sigmoid instead of tanh", forward_with(hidden=lambda z: 1 / (1 + np.exp(-z)))),
    mistake("b1 was left out of Z1 = W1 X + b1", forward_with(drop=("b1",))),
    mistake("b2 was left out of Z2 = W2 A1 + b2", forward_with(drop=("b2",))),
    mistake("both biases were left out", forward_with(drop=("b1", "b2"))),
]


def forward_check(name, inputs, points=1.0):
    return same_as_reference("forward_propagation", name, inputs, points=points, outputs=FORWARD_PARTS,
                             names=FORWARD_NAMES, mistakes=FORWARD_MISTAKES)


# ---------------------------------------------------------------- compute_cost


def outer_product_cost(args, kwargs):
    A2, Y = args
    m = Y.shape[1]
    return float(-np.sum(np.dot(np.log(A2).T, Y) + np.dot(np.log(1 - A2).T, 1 - Y)) / m)


COST_MISTAKES = [mistake("np.dot of a column and a row makes an (m, m) matrix of every pair; multiply element-wise "
                         "(np.multiply or *) before summing, or use np.dot(Y, np.log(A2).T)", outer_product_cost)]


def cost_check(name, case, m, points=1.0):
    return same_as_reference("compute_cost", name, cost_inputs(case), m=m, points=points, names=["cost"],
                             mistakes=COST_MISTAKES)


def cost_is_float(found, ctx):
    if not isinstance(found, float):
        raise Mismatch(f"compute_cost returned {describe_type(found)}; the course's contract is a Python float "
                       f"(its template ends with cost = float(np.squeeze(cost)), and the course's test checks the "
                       f"type). A numpy float64, which is a kind of float, is accepted")


# ---------------------------------------------------------------- backward_propagation

GRAD_KEYS = ("dW1", "db1", "dW2", "db2")
GRAD_NAMES = [f"grads[{k!r}]" for k in GRAD_KEYS]


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


BACKWARD_MISTAKES = [
    mistake("the derivative of tanh was written 1 - A1; it is 1 - A1² (1 - np.power(A1, 2))",
            backward_with(lambda a: 1 - a)),
    mistake("the derivative used is the sigmoid's, A1 (1 - A1); tanh's is 1 - A1²",
            backward_with(lambda a: a * (1 - a))),
    mistake("the factor g'(Z1) = 1 - A1² is missing from dZ1", backward_with(lambda a: 1.0)),
]


def backward_check(name, inputs, m, points=1.0):
    return same_as_reference("backward_propagation", name, inputs, points=points, outputs=list(GRAD_KEYS),
                             names=GRAD_NAMES, m=m, mistakes=BACKWARD_MISTAKES)


def backward_params(args, kwargs):
    parameters = args[0]
    return {f"d{k}": np.array(parameters[k], dtype=np.float64) for k in ("W1", "b1", "W2", "b2")}


def reference_cost(p, args, kwargs):
    """J(W1, b1, W2, b2) = compute_cost(forward_propagation(X, parameters)[0], Y), the reference's."""
    X, Y = args[2], args[3]
    parameters = {k: p[f"d{k}"] for k in ("W1", "b1", "W2", "b2")}
    A2, _ = ref.forward_propagation(X, parameters)
    return ref.compute_cost(A2, Y)


def learner_grads(found):
    return {k: found[k] for k in GRAD_KEYS}


# ---------------------------------------------------------------- update_parameters


def update_inputs(seed, n_x, n_h, n_y, learning_rate):
    def inputs():
        parameters, _, _ = network(seed, n_x, n_h, n_y, 1)
        rng = np.random.RandomState(seed + 100)
        grads = {f"d{k}": rng.randn(*v.shape) * 0.1 for k, v in parameters.items()}
        return (parameters, grads, learning_rate), {}
    return inputs


def update_added(args, kwargs):
    parameters, grads, *rest = args
    rate = rest[0] if rest else kwargs.get("learning_rate", 1.2)
    return ref.update_parameters(parameters, grads, -rate)


def update_default_rate(args, kwargs):
    return ref.update_parameters(args[0], args[1])


UPDATE_MISTAKES = [mistake("the update adds the gradient (θ + α dθ) instead of subtracting it", update_added),
                   mistake("the learning rate argument is ignored: 1.2 was used", update_default_rate)]


# ---------------------------------------------------------------- nn_model

MODEL_CALLS = ("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
               "backward_propagation", "update_parameters")
MODEL_RNG = ("initialize_parameters",)
MODEL_SEED = 0  # set before the call: nn_model must seed itself with np.random.seed(3)


def course_model():
    """The notebook and public test (seed 1; X (2, 4), Y > 0), n_h = 5, the default 10000 iterations."""
    X, Yn = seeded(1, (2, 4), (1, 4))
    return (X, Yn > 0, 5), {"print_cost": False}


def other_model():
    rng = np.random.RandomState(31)
    X = rng.randn(3, 10)
    Y = (rng.rand(1, 10) > 0.5).astype(float)
    return (X, Y, 3), {"num_iterations": 200}


def flower(iterations):
    def inputs():
        X, Y = data.planar()
        return (X, Y), {"n_h": 4, "num_iterations": iterations}
    return inputs


def train(X, Y, n_h, num_iterations=10000, *, seed=3, learning_rate=1.2):
    """nn_model with the reference's helpers, a given seed and learning rate (for naming mistakes)."""
    if seed is not None:
        np.random.seed(seed)
    n_x, _, n_y = ref.layer_sizes(X, Y)
    parameters = ref.initialize_parameters(n_x, n_h, n_y)
    for _ in range(num_iterations):
        A2, cache = ref.forward_propagation(X, parameters)
        grads = ref.backward_propagation(parameters, cache, X, Y)
        parameters = ref.update_parameters(parameters, grads, learning_rate)
    return parameters


def _model_args(args, kwargs):
    names = ("X", "Y", "n_h", "num_iterations")
    values = dict(zip(names, args), **{k: v for k, v in kwargs.items() if k in names})
    return values["X"], values["Y"], values["n_h"], values.get("num_iterations", 10000)


def model_no_seed(args, kwargs):
    X, Y, n_h, iterations = _model_args(args, kwargs)
    np.random.seed(MODEL_SEED)
    return train(X, Y, n_h, iterations, seed=None)


def model_hidden_4(args, kwargs):
    X, Y, n_h, iterations = _model_args(args, kwargs)
    return train(X, Y, 4, iterations)


def model_never_updated(args, kwargs):
    X, Y, n_h, iterations = _model_args(args, kwargs)
    return train(X, Y, n_h, 0)


def model_all_iterations(args, kwargs):
    X, Y, n_h, iterations = _model_args(args, kwargs)
    return train(X, Y, n_h, 10000)


MODEL_MISTAKES = [
    mistake("np.random.seed(3) was not called before initializing (the grader sets another seed before the call)",
            model_no_seed),
    mistake("n_h was taken from layer_sizes (4) instead of the argument n_h", model_hidden_4),
    mistake("num_iterations is ignored: 10000 iterations were run", model_all_iterations),
    mistake("these are the initial parameters: the result of update_parameters is never assigned back "
            "(parameters = update_parameters(parameters, grads))", model_never_updated),
]


def model_check(name, inputs, points=1.0, **options):
    return same_as_reference("nn_model", name, inputs, points=points, outputs=list(INIT_KEYS),
                             names=[f"parameters[{k!r}]" for k in INIT_KEYS], seed=MODEL_SEED,
                             calls=MODEL_CALLS, rng_calls=MODEL_RNG, **options)


def accuracy(parameters, X, Y):
    """Training accuracy in percent, the course's way: (Y·pᵀ + (1−Y)·(1−p)ᵀ) / m · 100."""
    predictions = ref.predict(parameters, X).astype(float)
    correct = np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)
    return float(correct.item()) / Y.size * 100


def flower_accuracy(found, ctx):
    X, Y = data.planar()
    try:
        parameters = {k: np.asarray(found[k], dtype=np.float64) for k in INIT_KEYS}
        with np.errstate(all="ignore"):
            value = accuracy(parameters, X, Y)
    except (KeyError, TypeError, ValueError, IndexError):
        raise Mismatch(f"nn_model should return a dict of W1 (4, 2), b1 (4, 1), W2 (1, 4), b2 (1, 1) that predict "
                       f"can use, found {describe_type(found)}") from None
    if not value >= FLOWER_MIN:
        raise Mismatch(f"on the flower your model classifies {value:.2f} % of the 400 points correctly; it needs at "
                       f"least {FLOWER_MIN:g} % (the reference reaches {FLOWER_ACCURACY:g} %, minus a "
                       f"{FLOWER_ACCURACY - FLOWER_MIN:g}-point margin)")


FLOWER_EARLY = "nn_model: flower, n_h = 4, first 1000 iterations"

# ---------------------------------------------------------------- predict


def predict_course():
    (X,) = seeded(1, (2, 3))
    return ({k: v.copy() for k, v in TRAINED.items()}, X), {}


def predict_inputs(seed, n_x, n_h, m):
    def inputs():
        parameters, X, _ = network(seed, n_x, n_h, 1, m)
        return (parameters, X), {}
    return inputs


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


def predict_check(name, inputs, points=1.0):
    check = same_as_reference("predict", name, inputs, points=points, calls=("forward_propagation",))
    return with_hint(check, threshold_hint)


# ---------------------------------------------------------------- the checks

CHECKS = [
    sizes_check("layer_sizes: course example, X (5, 3), Y (2, 3)", lambda: course_layer_sizes()),
    sizes_check("layer_sizes: course public test, X (7, 5), Y (5, 5)", lambda: course_layer_sizes(second=True),
                points=0.5),
    sizes_check("layer_sizes: X (3, 11), Y (1, 11)",
                lambda: ((np.random.RandomState(2).randn(3, 11), np.ones((1, 11))), {}), points=0.5),

    init_check("initialize_parameters: course example, seed 2, sizes (2, 4, 1)", 2, (2, 4, 1)),
    init_check("initialize_parameters: course public test, seed 2, sizes (3, 5, 2)", 2, (3, 5, 2)),
    init_check("initialize_parameters: seed 5, sizes (4, 7, 3)", 5, (4, 7, 3)),
    holds("initialize_parameters", "initialize_parameters: shapes of W1, b1, W2, b2 for sizes (6, 3, 2)",
          given(6, 3, 2), init_shapes_rule, points=0.5, seed=7),
    holds("initialize_parameters", "initialize_parameters: biases exactly zero", given(5, 8, 3), init_zero_biases,
          points=0.5, seed=7),
    holds("initialize_parameters", "initialize_parameters: weights small and random (std 0.01), sizes (50, 40, 30)",
          given(50, 40, 30), init_small_weights, points=0.5, seed=7),

    forward_check("forward_propagation: course example (2 inputs, 4 hidden units, 3 examples)", course_forward),
    forward_check("forward_propagation: 3 inputs, 6 hidden units, 7 examples", forward_inputs(41, 3, 6, 1, 7)),
    forward_check("forward_propagation: 5 inputs, 2 hidden units, 2 outputs, 4 examples",
                  forward_inputs(42, 5, 2, 2, 4)),

    cost_check("compute_cost: course example (3 examples)", "notebook", 3),
    cost_check("compute_cost: course public test 1 (5 examples)", "public-1", 5),
    cost_check("compute_cost: course public test 2 (A2 given as a 1-D array)", "public-2", 5, points=0.5),
    cost_check("compute_cost: 11 examples", "other", 11),
    holds("compute_cost", "compute_cost: returns a Python float", cost_inputs("notebook"), cost_is_float, points=0.5),

    backward_check("backward_propagation: course example (cache made by forward propagation)", course_backward, 3),
    backward_check("backward_propagation: the public test's sizes (3 inputs, 9 hidden units, 7 examples)",
                   public_backward, 7),
    backward_check("backward_propagation: 4 inputs, 3 hidden units, 2 outputs, 6 examples",
                   backward_inputs(51, 4, 3, 2, 6), 6),
    gradient("backward_propagation", "backward_propagation: gradients match the cost's numerical gradient",
             backward_inputs(52, 3, 5, 1, 8), params=backward_params, objective=reference_cost, grads=learner_grads,
             labels=dict(zip(GRAD_KEYS, GRAD_NAMES)), m=8, points=2.0),

    same_as_reference("update_parameters", "update_parameters: course example (learning rate 1.2 by default)",
                      given({k: v.copy() for k, v in TRAINED.items()}, dict(TRAINED_GRADS)),
                      outputs=list(INIT_KEYS), names=[f"parameters[{k!r}]" for k in INIT_KEYS],
                      mistakes=UPDATE_MISTAKES),
    same_as_reference("update_parameters", "update_parameters: 3 inputs, 5 hidden units, 2 outputs, learning rate 0.5",
                      update_inputs(61, 3, 5, 2, 0.5), outputs=list(INIT_KEYS),
                      names=[f"parameters[{k!r}]" for k in INIT_KEYS], mistakes=UPDATE_MISTAKES),
    unchanged_inputs("update_parameters", "update_parameters: leaves parameters and grads unchanged",
                     update_inputs(62, 2, 4, 1, 1.2), arg_names=["parameters", "grads", "learning_rate"]),

    model_check("nn_model: course example (n_h = 5, 10000 iterations)", course_model, points=1.5, timeout=60,
                mistakes=MODEL_MISTAKES),
    model_check("nn_model: 3 inputs, 10 examples, n_h = 3, 200 iterations", other_model, timeout=60,
                mistakes=MODEL_MISTAKES),
    model_check(FLOWER_EARLY, flower(1000), long=True, timeout=30, mistakes=MODEL_MISTAKES),
    model_check("nn_model: flower, 10000 iterations, close to the reference", flower(10000), long=True, timeout=120,
                tol=FLOWER_LATE, after=(FLOWER_EARLY,), call_key="flower 10000", cache_reference=True),
    holds("nn_model", f"nn_model: flower, 10000 iterations, accuracy at least {FLOWER_MIN:g} %", flower(10000),
          flower_accuracy, points=2.0, seed=MODEL_SEED, calls=MODEL_CALLS, rng_calls=MODEL_RNG, long=True,
          timeout=120, after=(FLOWER_EARLY,), call_key="flower 10000", kind="accuracy"),

    predict_check("predict: course example (2 inputs, 3 examples)", predict_course),
    predict_check("predict: 4 inputs, 5 hidden units, 20 examples", predict_inputs(22, 4, 5, 20)),
]

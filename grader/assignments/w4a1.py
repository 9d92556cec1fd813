"""W4A1 Building your deep neural network: step by step.

Every graded function gets the course's example(s) and cases of other sizes (other layer sizes,
other m, other numbers of layers; square weight matrices, where a transposed W or a wrong cache
gives wrong numbers instead of a shape error), so that sizes written into the code, globals and
transposes fail.

One bug, one blame: a function's checks replace the graded function it calls by the reference
(``calls``): ``linear_activation_forward`` gets the reference ``linear_forward``,
``L_model_forward`` the reference ``linear_activation_forward``, and the same for the backward
pass. A bug in ``linear_backward`` fails ``linear_backward`` only.

Inputs are consistent: every cache given to a backward function is made by the reference's
forward pass on the same weights (``Z = W A_prev + b`` exactly, ``A = g(Z)``). The course's own
backward examples draw Z and A at random, unrelated to W and b; the checks keep the course's
seeds and shapes for dA, A_prev, W and b but make Z by the forward pass, so that a correct
shortcut such as ``dZ = AL - Y`` for the sigmoid layer is not failed by an impossible input.

The initializers seed themselves (``np.random.seed(1)`` and ``np.random.seed(3)`` are given code):
the checks set another seed before the call, so a missing or moved seed shows.

The backward functions also get numerical gradient checks (``grader.gradcheck``) against the
reference's cost. The course's conventions: ``dW`` and ``db`` are gradients of the mean cost,
``dA_prev`` is per example, m × ∂J/∂A_prev (``scale`` m). The inputs of these checks have no
|Z| < 1e-3 in a ReLU layer (asserted where they are built), so that centred differences never
straddle the kink of ReLU.
"""

import copy

import numpy as np

from grader.check.model import holds, layer_shapes, mistake, parameter_arrays, same_as_reference, unchanged_inputs
from grader.check.compare import Mismatch
from grader.check.gradcheck import gradient
from solutions import w4a1_deep_nn_step_by_step as ref

TITLE = "Building your Deep Neural Network: Step by Step"
COURSE_VERSION = "v1.2"  # the course notebook these checks follow (COURSE_FACTS §2)

INIT_SEED = 0  # set before the initializers' calls: they must seed themselves (1 and 3)
KINK = 1e-3  # no ReLU input closer to 0 than this in the inputs of a gradient check


def given(*args, **kwargs):
    return lambda: (copy.deepcopy(args), copy.deepcopy(kwargs))


def seeded(seed, *shapes):
    """Draws of np.random.seed(seed) then randn(*shape) for each shape, as the course makes them."""
    rng = np.random.RandomState(seed)  # the same numbers as np.random.seed + np.random.randn
    return [rng.randn(*shape) for shape in shapes]


def network(seed, dims, m, scale=1.4):
    """W{l} = scale·randn/√n_{l-1}, b{l} = 0.3·randn, X (dims[0], m) and 0/1 labels Y (1, m), from one seed."""
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.randn(dims[l], dims[l - 1]) * scale / np.sqrt(dims[l - 1])
        parameters[f"b{l}"] = rng.randn(dims[l], 1) * 0.3
    X = rng.randn(dims[0], m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    return X, Y, parameters


def relu_inputs(caches):
    """The Z of every ReLU layer (all but the last) of a list of caches."""
    return [cache[1] for cache in caches[:-1]]


def assert_no_kink(Zs):
    closest = min((float(np.abs(Z).min()) for Z in Zs), default=np.inf)
    assert closest >= KINK, f"a ReLU input is {closest:.2g} from the kink: choose another seed"


# ---------------------------------------------------------------- initialize_parameters

INIT_KEYS = ("W1", "b1", "W2", "b2")


def init_shapes(n_x, n_h, n_y):
    return {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}


def _two_layer(n_x, n_h, n_y, draw):
    W1, W2 = draw((n_h, n_x), (n_y, n_h))
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def _draws(*seeds):
    """draw(*shapes): randn(*shape) * 0.01 for each shape, reseeding before each with ``seeds`` (None: no reseed)."""

    def draw(*shapes):
        out = []
        for shape, seed in zip(shapes, seeds):
            if seed is not None:
                np.random.seed(seed)
            out.append(np.random.randn(*shape) * 0.01)
        return out

    return draw


def init_without_seed(args, kwargs):
    np.random.seed(INIT_SEED)
    return _two_layer(*args, _draws(None, None))


def init_seed_after_w1(args, kwargs):
    np.random.seed(INIT_SEED)
    return _two_layer(*args, _draws(None, 1))


def init_w2_first(args, kwargs):
    n_x, n_h, n_y = args
    np.random.seed(1)
    W2 = np.random.randn(n_y, n_h) * 0.01
    W1 = np.random.randn(n_h, n_x) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


INIT_MISTAKES = [
    mistake("np.random.seed(1) is missing: it is given code at the top of the function, keep it there "
            "(the grader sets another seed before calling your function)", init_without_seed),
    mistake("np.random.seed(1) comes after W1 is drawn: it must come before the first draw", init_seed_after_w1),
    mistake("W2 was drawn before W1 (draw W1 first, then W2)", init_w2_first),
]


def deep_variant(layer_dims, *, seed=3, seed_each_layer=False, scale=None):
    if seed is not None:
        np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        if seed_each_layer:
            np.random.seed(3)
        factor = 0.01 if scale is None else scale(layer_dims[l - 1])
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * factor
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def deep_without_seed(args, kwargs):
    np.random.seed(INIT_SEED)
    return deep_variant(args[0], seed=None)


DEEP_MISTAKES = [
    mistake("np.random.seed(3) is missing: it is given code at the top of the function, keep it there "
            "(the grader sets another seed before calling your function)", deep_without_seed),
    mistake("np.random.seed(1) was used; this function seeds with np.random.seed(3) (given code)",
            lambda args, kwargs: deep_variant(args[0], seed=1)),
    mistake("np.random.seed(3) is called inside the loop, so every layer starts from the same draws; "
            "seed once, before the loop", lambda args, kwargs: deep_variant(args[0], seed_each_layer=True)),
    mistake("the weights were scaled by 1/sqrt(layer_dims[l - 1]) (next assignment's helper); here the scale is 0.01",
            lambda args, kwargs: deep_variant(args[0], scale=lambda n: 1 / np.sqrt(n))),
]


def init_check(name, sizes, points=1.0):
    return same_as_reference("initialize_parameters", name, given(*sizes), seed=INIT_SEED, points=points,
                             outputs=list(INIT_KEYS), names=[f"parameters[{k!r}]" for k in INIT_KEYS],
                             mistakes=INIT_MISTAKES)


def deep_check(name, layer_dims, points=1.0):
    keys = list(layer_shapes(layer_dims))
    return same_as_reference("initialize_parameters_deep", name, given(list(layer_dims)), seed=INIT_SEED,
                             points=points, outputs=keys, names=[f"parameters[{k!r}]" for k in keys],
                             mistakes=DEEP_MISTAKES)


def _init_arrays(found, ctx):
    if ctx.check.function == "initialize_parameters":
        return parameter_arrays(found, init_shapes(*ctx.args), "initialize_parameters", f"n_x, n_h, n_y = {ctx.args}")
    return parameter_arrays(found, layer_shapes(ctx.args[0]), "initialize_parameters_deep", f"layer_dims = {ctx.args[0]}")


def init_shapes_rule(found, ctx):
    _init_arrays(found, ctx)


def init_zero_biases(found, ctx):
    arrays = _init_arrays(found, ctx)
    for key, b in arrays.items():
        if key.startswith("b") and np.any(b != 0):
            found_text = (f"every entry is {b.flat[0]:.6g}" if np.all(b == b.flat[0])
                          else f"found values from {b.min():.6g} to {b.max():.6g}")
            raise Mismatch(f"parameters[{key!r}] should be exactly zero (np.zeros({b.shape})); {found_text}")


WEIGHT_STD, STD_MARGIN = 0.01, 0.15


def init_small_weights(found, ctx):
    arrays = _init_arrays(found, ctx)
    for key, w in arrays.items():
        if not key.startswith("W"):
            continue
        low, high = WEIGHT_STD * (1 - STD_MARGIN), WEIGHT_STD * (1 + STD_MARGIN)
        if not (low <= w.std() <= high and abs(w.mean()) <= 0.1 * WEIGHT_STD):
            raise Mismatch(f"parameters[{key!r}] ({w.size} values) has mean {w.mean():.3g} and standard deviation "
                           f"{w.std():.3g}; expected mean about 0 and standard deviation {WEIGHT_STD:g} within "
                           f"{STD_MARGIN:.0%} (standard normal draws times 0.01: np.random.randn(...) * 0.01)")


# ---------------------------------------------------------------- linear_forward


def linear_inputs(seed, n_prev, n_l, m):
    def inputs():
        A, W, b = seeded(seed, (n_prev, m), (n_l, n_prev), (n_l, 1))
        return (A, W, b), {}
    return inputs


LINEAR_MISTAKES = [
    mistake("W was transposed: Z = np.dot(W, A) + b, not np.dot(W.T, A) + b",
            lambda args, kwargs: (np.dot(args[1].T, args[0]) + args[2], tuple(args))),
    mistake("b was left out of Z = W A + b", lambda args, kwargs: (np.dot(args[1], args[0]), tuple(args))),
]


def linear_forward_check(name, inputs, points=1.0):
    return same_as_reference("linear_forward", name, inputs, points=points, outputs=[0, 1], names=["Z", "cache"],
                             mistakes=LINEAR_MISTAKES)


# ---------------------------------------------------------------- linear_activation_forward

OTHER = {"sigmoid": "relu", "relu": "sigmoid"}


def activation_inputs(seed, n_prev, n_l, m, activation):
    def inputs():
        A_prev, W, b = seeded(seed, (n_prev, m), (n_l, n_prev), (n_l, 1))
        return (A_prev, W, b), {"activation": activation}
    return inputs


def _activation(args, kwargs):
    return kwargs["activation"] if "activation" in kwargs else args[3]


def forward_swapped(args, kwargs):
    return ref.linear_activation_forward(*args[:3], OTHER[_activation(args, kwargs)])


def forward_cache_swapped(args, kwargs):
    A, (linear_cache, Z) = ref.linear_activation_forward(*args[:3], _activation(args, kwargs))
    return A, (Z, linear_cache)


ACTIVATION_FORWARD_MISTAKES = [
    mistake("sigmoid and relu are swapped: activation == \"sigmoid\" must apply sigmoid, \"relu\" relu",
            forward_swapped),
    mistake("the cache is (activation_cache, linear_cache); it must be (linear_cache, activation_cache)",
            forward_cache_swapped),
]


def activation_forward_check(name, inputs, points=1.0):
    return same_as_reference("linear_activation_forward", name, inputs, points=points, outputs=[0, 1],
                             names=["A", "cache"], calls=("linear_forward",), mistakes=ACTIVATION_FORWARD_MISTAKES)


# ---------------------------------------------------------------- L_model_forward


def course_L_forward():
    X, W1, b1, W2, b2, W3, b3 = seeded(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    return (X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}), {}


def L_forward_inputs(seed, dims, m):
    def inputs():
        X, _, parameters = network(seed, dims, m)
        return (X, parameters), {}
    return inputs


def forward_with(activation_of):
    """L_model_forward where layer l of L uses ``activation_of(l, L)``."""

    def wrong(args, kwargs):
        X, parameters = args
        L = len(parameters) // 2
        caches, A = [], X
        for l in range(1, L + 1):
            A, cache = ref.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation_of(l, L))
            caches.append(cache)
        return A, caches

    return wrong


def forward_one_layer_short(args, kwargs):
    """The ReLU loop stops at layer L-2; the sigmoid layer L then reads A of layer L-2."""
    X, parameters = args
    L = len(parameters) // 2
    caches, A = [], X
    for l in range(1, L - 1):
        A, cache = ref.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = ref.linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    return AL, caches + [cache]


def forward_last_cache_only(args, kwargs):
    AL, caches = ref.L_model_forward(*args)
    return AL, caches[-1:]


L_FORWARD_MISTAKES = [
    mistake("every layer uses sigmoid; the hidden layers use relu, only the last one sigmoid",
            forward_with(lambda l, L: "sigmoid")),
    mistake("every layer uses relu; the last layer uses sigmoid", forward_with(lambda l, L: "relu")),
    mistake("the loop stops one layer early (range(1, L - 1)): the ReLU layers are l = 1, ..., L - 1, "
            "that is range(1, L)", forward_one_layer_short),
    mistake("only the last layer's cache is in caches: append every layer's cache (caches.append(cache)) "
            "inside the loop too", forward_last_cache_only),
]


def L_forward_check(name, inputs, points=1.0):
    return same_as_reference("L_model_forward", name, inputs, points=points, outputs=[0, 1], names=["AL", "caches"],
                             calls=("linear_activation_forward",), mistakes=L_FORWARD_MISTAKES)


# ---------------------------------------------------------------- compute_cost


def cost_inputs(seed, m):
    def inputs():
        rng = np.random.RandomState(seed)
        return (rng.uniform(0.05, 0.95, (1, m)), (rng.rand(1, m) > 0.5).astype(int)), {}
    return inputs


def outer_product_cost(args, kwargs):
    AL, Y = args
    m = Y.shape[1]
    return np.squeeze(-1 / m * (np.dot(np.log(AL).T, Y) + np.dot(np.log(1 - AL).T, 1 - Y)))


COST_MISTAKES = [mistake("np.dot of a column and a row makes an (m, m) matrix of every pair: use "
                         "np.dot(Y, np.log(AL).T) (a row times a column), or multiply element-wise and sum",
                         outer_product_cost)]


def cost_check(name, inputs, m, points=1.0):
    return same_as_reference("compute_cost", name, inputs, points=points, m=m, names=["cost"], mistakes=COST_MISTAKES)


# ---------------------------------------------------------------- linear_backward


def linear_backward_inputs(seed, n_prev, n_l, m):
    def inputs():
        dZ, A_prev, W, b = seeded(seed, (n_l, m), (n_prev, m), (n_l, n_prev), (n_l, 1))
        return (dZ, (A_prev, W, b)), {}
    return inputs


def course_linear_backward():
    dZ, A, W, b = seeded(1, (3, 4), (5, 4), (3, 5), (3, 1))
    return (dZ, (A, W, b)), {}


def _linear_backward_with(args, *, dA_prev=None, db_axis=1):
    dZ, (A_prev, W, b) = args
    m = A_prev.shape[1]
    db = np.sum(dZ, axis=db_axis, keepdims=db_axis is not None) / m
    return (np.dot(W.T, dZ) if dA_prev is None else dA_prev(W, dZ)), np.dot(dZ, A_prev.T) / m, db


LINEAR_BACKWARD_MISTAKES = [
    mistake("dA_prev = np.dot(W, dZ): the gradient goes back through Wᵀ, np.dot(W.T, dZ)",
            lambda args, kwargs: _linear_backward_with(args, dA_prev=lambda W, dZ: np.dot(W, dZ))),
    mistake("db was summed over all entries; sum over the examples only: np.sum(dZ, axis=1, keepdims=True) / m",
            lambda args, kwargs: _linear_backward_with(args, db_axis=None)),
]
LINEAR_BACKWARD_PARTS = dict(outputs=[0, 1, 2], names=["dA_prev", "dW", "db"])


def linear_backward_check(name, inputs, m, points=1.0):
    return same_as_reference("linear_backward", name, inputs, points=points, m=m, mistakes=LINEAR_BACKWARD_MISTAKES,
                             **LINEAR_BACKWARD_PARTS)


def linear_backward_params(args, kwargs):
    dZ, (A_prev, W, b) = args
    return {"dA_prev": np.array(A_prev, dtype=np.float64), "dW": np.array(W, dtype=np.float64),
            "db": np.array(b, dtype=np.float64)}


def linear_objective(p, args, kwargs):
    """J = (1/m) Σ dZ ⊙ Z with Z = W A_prev + b: then ∂J/∂Z = dZ / m, as for a mean cost."""
    dZ = args[0]
    Z, _ = ref.linear_forward(p["dA_prev"], p["dW"], p["db"])
    return float(np.sum(dZ * Z)) / dZ.shape[1]


def backward_grads(found):
    return {"dA_prev": found[0], "dW": found[1], "db": found[2]}


BACKWARD_LABELS = {"dA_prev": "dA_prev", "dW": "dW", "db": "db"}

# ---------------------------------------------------------------- linear_activation_backward


def activation_backward_inputs(seed, n_prev, n_l, m, activation, *, kink_free=False):
    """dA, and the cache of the reference's forward pass on A_prev, W, b (Z = W A_prev + b exactly)."""

    def inputs():
        dA, A_prev, W, b = seeded(seed, (n_l, m), (n_prev, m), (n_l, n_prev), (n_l, 1))
        _, cache = ref.linear_activation_forward(A_prev, W, b, activation)
        if kink_free and activation == "relu":
            assert_no_kink([cache[1]])
        return (dA, cache), {"activation": activation}

    return inputs


def course_activation_backward(activation):
    """The course example's dA, A_prev, W, b (seed 2, drawn in its order); Z made by the forward pass."""

    def inputs():
        dA, A_prev, W, b, _ = seeded(2, (1, 2), (3, 2), (1, 3), (1, 1), (1, 2))
        _, cache = ref.linear_activation_forward(A_prev, W, b, activation)
        return (dA, cache), {"activation": activation}

    return inputs


def backward_swapped(args, kwargs):
    return ref.linear_activation_backward(*args[:2], OTHER[_activation(args, kwargs)])


ACTIVATION_BACKWARD_MISTAKES = [
    mistake("relu_backward and sigmoid_backward are swapped: activation == \"relu\" must use relu_backward",
            backward_swapped),
]


def activation_backward_check(name, inputs, m, points=1.0):
    return same_as_reference("linear_activation_backward", name, inputs, points=points, m=m,
                             calls=("linear_backward",), mistakes=ACTIVATION_BACKWARD_MISTAKES, **LINEAR_BACKWARD_PARTS)


def activation_backward_params(args, kwargs):
    _, ((A_prev, W, b), _) = args
    return {"dA_prev": np.array(A_prev, dtype=np.float64), "dW": np.array(W, dtype=np.float64),
            "db": np.array(b, dtype=np.float64)}


def activation_objective(p, args, kwargs):
    """J = (1/m) Σ dA ⊙ g(W A_prev + b): then ∂J/∂A = dA / m, as for a mean cost."""
    dA = args[0]
    A, _ = ref.linear_activation_forward(p["dA_prev"], p["dW"], p["db"], _activation(args, kwargs))
    return float(np.sum(dA * A)) / dA.shape[1]


# ---------------------------------------------------------------- L_model_backward


def consistent_backward(X, Y, parameters, *, kink_free=False):
    AL, caches = ref.L_model_forward(X, parameters)
    if kink_free:
        assert_no_kink(relu_inputs(caches))
    return AL, Y, caches


def course_L_backward():
    """The course example's sizes and draws (seed 3; X (4, 2), W1 (3, 4), W2 (1, 3)), caches by the forward pass."""
    _, A0, W1, b1, _, _, W2, b2, _ = seeded(3, (1, 2), (4, 2), (3, 4), (3, 1), (3, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    AL, Y, caches = consistent_backward(A0, np.array([[1, 0]]), {"W1": W1, "b1": b1, "W2": W2, "b2": b2})
    return (AL, Y, tuple(caches)), {}  # the course passes the caches as a tuple


def L_backward_inputs(seed, dims, m, *, kink_free=False):
    def inputs():
        X, Y, parameters = network(seed, dims, m)
        return consistent_backward(X, Y, parameters, kink_free=kink_free), {}
    return inputs


def L_backward_params(args, kwargs):
    caches = args[2]
    p = {"dA0": np.array(caches[0][0][0], dtype=np.float64)}
    for l, ((_, W, b), _) in enumerate(caches, start=1):
        p[f"dW{l}"] = np.array(W, dtype=np.float64)
        p[f"db{l}"] = np.array(b, dtype=np.float64)
    return p


def L_objective(p, args, kwargs):
    """J = compute_cost(L_model_forward(X, parameters)[0], Y), the reference's, X being A0 of the caches."""
    L = len(args[2])
    parameters = {}
    for l in range(1, L + 1):
        parameters[f"W{l}"] = p[f"dW{l}"]
        parameters[f"b{l}"] = p[f"db{l}"]
    AL, _ = ref.L_model_forward(p["dA0"], parameters)
    return float(ref.compute_cost(AL, args[1]))


def learner_grads(found):
    if not isinstance(found, dict):
        raise TypeError("not a dict")
    return found


def L_backward_labels(L):
    keys = ["dA0"] + [f"d{kind}{l}" for l in range(1, L + 1) for kind in ("W", "b")]
    return {k: f"grads[{k!r}]" for k in keys}


def backward_last_cache(index):
    """L_model_backward whose sigmoid layer reads ``caches[index(L)]``."""

    def wrong(args, kwargs):
        AL, Y, caches = args
        L = len(caches)
        Y = Y.reshape(AL.shape)
        dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        grads = {}
        grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = ref.linear_activation_backward(
            dAL, caches[index(L)], "sigmoid")
        for l in reversed(range(L - 1)):
            grads[f"dA{l}"], grads[f"dW{l + 1}"], grads[f"db{l + 1}"] = ref.linear_activation_backward(
                grads[f"dA{l + 1}"], caches[l], "relu")
        return grads

    return wrong


L_BACKWARD_MISTAKES = [
    mistake("the last (sigmoid) layer was given caches[L - 2]; its cache is caches[L - 1], the last one",
            backward_last_cache(lambda L: L - 2)),
    mistake("the last (sigmoid) layer was given caches[0]; its cache is caches[L - 1], the last one",
            backward_last_cache(lambda L: 0)),
]


def L_backward_check(name, inputs, m, points=1.0):
    return same_as_reference("L_model_backward", name, inputs, points=points, m=m, names=["grads"],
                             calls=("linear_activation_backward",), mistakes=L_BACKWARD_MISTAKES)


# ---------------------------------------------------------------- update_parameters


def course_update():
    W1, b1, W2, b2 = seeded(2, (3, 4), (3, 1), (1, 3), (1, 1))
    dW1, db1, dW2, db2 = seeded(3, (3, 4), (3, 1), (1, 3), (1, 1))
    return ({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, 0.1), {}


def update_inputs(seed, dims, learning_rate, *, with_dA=False):
    def inputs():
        _, _, parameters = network(seed, dims, 1)
        rng = np.random.RandomState(seed + 100)
        grads = {}
        for l in range(len(dims) - 1, 0, -1):  # in L_model_backward's order, dA keys included if asked
            if with_dA:
                grads[f"dA{l - 1}"] = rng.randn(dims[l - 1], 3)
            grads[f"dW{l}"] = rng.randn(dims[l], dims[l - 1]) * 0.1
            grads[f"db{l}"] = rng.randn(dims[l], 1) * 0.1
        return (parameters, grads, learning_rate), {}
    return inputs


def update_added(args, kwargs):
    parameters, grads, rate = args
    return ref.update_parameters(parameters, grads, -rate)


UPDATE_MISTAKES = [mistake("the update adds the gradient (θ + α dθ) instead of subtracting it", update_added)]


def update_check(name, inputs, keys, points=1.0):
    return same_as_reference("update_parameters", name, inputs, points=points, outputs=keys,
                             names=[f"parameters[{k!r}]" for k in keys], mistakes=UPDATE_MISTAKES)


def _keys(dims):
    return [f"{kind}{l}" for l in range(1, len(dims)) for kind in ("W", "b")]


# ---------------------------------------------------------------- the checks

GRADIENT_LINEAR = linear_backward_inputs(81, 5, 3, 6)
GRADIENT_L = L_backward_inputs(84, [4, 5, 3, 1], 7, kink_free=True)

CHECKS = [
    init_check("initialize_parameters: course example, sizes (3, 2, 1)", (3, 2, 1)),
    init_check("initialize_parameters: course public test, sizes (4, 3, 2)", (4, 3, 2)),
    init_check("initialize_parameters: sizes (6, 5, 3)", (6, 5, 3)),
    holds("initialize_parameters", "initialize_parameters: shapes of W1, b1, W2, b2 for sizes (7, 3, 2)",
          given(7, 3, 2), init_shapes_rule, points=0.5, seed=INIT_SEED),
    holds("initialize_parameters", "initialize_parameters: biases exactly zero", given(5, 8, 3), init_zero_biases,
          points=0.5, seed=INIT_SEED),
    holds("initialize_parameters", "initialize_parameters: weights small and random (std 0.01), sizes (50, 60, 40)",
          given(50, 60, 40), init_small_weights, points=0.5, seed=INIT_SEED),

    deep_check("initialize_parameters_deep: course example, layer_dims [5, 4, 3]", [5, 4, 3]),
    deep_check("initialize_parameters_deep: course public test, layer_dims [4, 3, 2]", [4, 3, 2]),
    deep_check("initialize_parameters_deep: 4 layers, layer_dims [6, 5, 4, 3, 1]", [6, 5, 4, 3, 1]),
    deep_check("initialize_parameters_deep: 1 layer, layer_dims [3, 1]", [3, 1], points=0.5),
    holds("initialize_parameters_deep", "initialize_parameters_deep: shapes for layer_dims [7, 6, 5, 4, 3]",
          given([7, 6, 5, 4, 3]), init_shapes_rule, points=0.5, seed=INIT_SEED),
    holds("initialize_parameters_deep", "initialize_parameters_deep: biases exactly zero, layer_dims [5, 8, 3, 2]",
          given([5, 8, 3, 2]), init_zero_biases, points=0.5, seed=INIT_SEED),
    holds("initialize_parameters_deep",
          "initialize_parameters_deep: weights small and random (std 0.01), layer_dims [40, 50, 30, 20]",
          given([40, 50, 30, 20]), init_small_weights, points=0.5, seed=INIT_SEED),

    linear_forward_check("linear_forward: course example, A (3, 2), W (1, 3)", linear_inputs(1, 3, 1, 2)),
    linear_forward_check("linear_forward: A (5, 7), W (4, 5)", linear_inputs(11, 5, 4, 7)),
    linear_forward_check("linear_forward: a square W (4, 4), A (4, 6)", linear_inputs(12, 4, 4, 6)),

    activation_forward_check("linear_activation_forward: course example, sigmoid",
                             activation_inputs(2, 3, 1, 2, "sigmoid")),
    activation_forward_check("linear_activation_forward: course example, relu", activation_inputs(2, 3, 1, 2, "relu")),
    activation_forward_check("linear_activation_forward: sigmoid, A_prev (5, 6), W (4, 5)",
                             activation_inputs(21, 5, 4, 6, "sigmoid"), points=0.5),
    activation_forward_check("linear_activation_forward: relu, A_prev (5, 6), W (4, 5)",
                             activation_inputs(21, 5, 4, 6, "relu"), points=0.5),

    L_forward_check("L_model_forward: course example, 3 layers [5, 4, 3, 1], 4 examples", course_L_forward),
    L_forward_check("L_model_forward: 4 layers [6, 5, 4, 3, 1], 7 examples", L_forward_inputs(31, [6, 5, 4, 3, 1], 7)),
    L_forward_check("L_model_forward: 3 layers of equal width [4, 4, 4, 1], 6 examples",
                    L_forward_inputs(32, [4, 4, 4, 1], 6)),
    L_forward_check("L_model_forward: 1 layer [3, 1] (no ReLU layer), 5 examples", L_forward_inputs(33, [3, 1], 5),
                    points=0.5),

    cost_check("compute_cost: course example, 3 examples",
               given(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])), 3),
    cost_check("compute_cost: 9 examples", cost_inputs(41, 9), 9),

    linear_backward_check("linear_backward: course example, dZ (3, 4), A_prev (5, 4), W (3, 5)",
                          course_linear_backward, 4),
    linear_backward_check("linear_backward: dZ (2, 7), A_prev (6, 7), W (2, 6)", linear_backward_inputs(71, 6, 2, 7),
                          7),
    linear_backward_check("linear_backward: a square W (4, 4), 5 examples", linear_backward_inputs(72, 4, 4, 5), 5),
    gradient("linear_backward", "linear_backward: gradients match the numerical gradient", GRADIENT_LINEAR,
             params=linear_backward_params, objective=linear_objective, grads=backward_grads, labels=BACKWARD_LABELS,
             scale={"dA_prev": 6}, m=6, points=2.0),

    activation_backward_check("linear_activation_backward: course example's sizes, sigmoid "
                              "(Z made by the forward pass)",
                              course_activation_backward("sigmoid"), 2),
    activation_backward_check("linear_activation_backward: course example's sizes, relu (Z made by the forward pass)",
                              course_activation_backward("relu"), 2),
    activation_backward_check("linear_activation_backward: sigmoid, dA (4, 6), A_prev (5, 6)",
                              activation_backward_inputs(91, 5, 4, 6, "sigmoid"), 6, points=0.5),
    activation_backward_check("linear_activation_backward: relu, dA (4, 6), A_prev (5, 6)",
                              activation_backward_inputs(91, 5, 4, 6, "relu"), 6, points=0.5),
    gradient("linear_activation_backward",
             "linear_activation_backward: sigmoid, gradients match the numerical gradient",
             activation_backward_inputs(82, 4, 3, 5, "sigmoid"), params=activation_backward_params,
             objective=activation_objective, grads=backward_grads, labels=BACKWARD_LABELS, scale={"dA_prev": 5}, m=5,
             calls=("linear_backward",)),
    gradient("linear_activation_backward", "linear_activation_backward: relu, gradients match the numerical gradient",
             activation_backward_inputs(83, 4, 3, 5, "relu", kink_free=True), params=activation_backward_params,
             objective=activation_objective, grads=backward_grads, labels=BACKWARD_LABELS, scale={"dA_prev": 5}, m=5,
             calls=("linear_backward",)),

    L_backward_check("L_model_backward: course example's sizes, 2 layers [4, 3, 1], caches as a tuple",
                     course_L_backward, 2),
    L_backward_check("L_model_backward: 3 layers [5, 4, 3, 1], 8 examples", L_backward_inputs(51, [5, 4, 3, 1], 8), 8),
    L_backward_check("L_model_backward: 4 layers of equal width [4, 4, 4, 4, 1], 6 examples",
                     L_backward_inputs(52, [4, 4, 4, 4, 1], 6), 6),
    L_backward_check("L_model_backward: 1 layer [3, 1] (no ReLU layer), 5 examples",
                     L_backward_inputs(53, [3, 1], 5), 5, points=0.5),
    gradient("L_model_backward", "L_model_backward: gradients match the numerical gradient of the cost "
             "(3 layers [4, 5, 3, 1], 7 examples)", GRADIENT_L, params=L_backward_params, objective=L_objective,
             grads=learner_grads, labels=L_backward_labels(3), scale={"dA0": 7}, m=7, points=2.0,
             calls=("linear_activation_backward",)),

    update_check("update_parameters: course example, learning rate 0.1", course_update, _keys([4, 3, 1])),
    update_check("update_parameters: 3 layers [5, 4, 3, 1], learning rate 0.05", update_inputs(61, [5, 4, 3, 1], 0.05),
                 _keys([5, 4, 3, 1])),
    update_check("update_parameters: grads as L_model_backward returns them (dA keys too), learning rate 0.3",
                 update_inputs(62, [3, 4, 2, 1], 0.3, with_dA=True), _keys([3, 4, 2, 1]), points=0.5),
    unchanged_inputs("update_parameters", "update_parameters: leaves params and grads unchanged",
                     update_inputs(63, [4, 3, 1], 0.1), arg_names=["params", "grads", "learning_rate"]),
]

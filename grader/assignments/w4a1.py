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

The backward functions also get numerical gradient checks (``grader.checking.gradcheck``) against the
reference's cost. The course's conventions: ``dW`` and ``db`` are gradients of the mean cost,
``dA_prev`` is per example, m × ∂J/∂A_prev (``per_example``). The inputs of these checks have no
|Z| < 1e-3 in a ReLU layer (asserted where they are built), so that centred differences never
straddle the kink of ReLU.
"""

import numpy as np

from grader.assignments.course_versions import Differs, Version, asserts, parameters as signature
from grader.checking.fixtures import (Inputs, added_update, described, each, given, layer_shapes, network, probabilities,
                                   seeded, shapes_rule, small_weights, two_layer_draws, zero_biases)
from grader.checking.kit import Graded, mistake_only
from grader.checking.vectorize import vectorized
from solutions import w4a1_deep_nn_step_by_step as ref

TITLE = "Building your Deep Neural Network: Step by Step"
COURSE_VERSION = "v1.2"  # the course notebook these checks follow (COURSE_FACTS §2)

INIT_SEED = 0  # set before the initializers' calls: they must seed themselves (1 and 3)
KINK = 1e-3  # no ReLU input closer to 0 than this in the inputs of a gradient check
OTHER = {"sigmoid": "relu", "relu": "sigmoid"}


def assert_no_kink(Zs):
    closest = min((float(np.abs(Z).min()) for Z in Zs), default=np.inf)
    assert closest >= KINK, f"a ReLU input is {closest:.2g} from the kink: choose another seed"


def layers(dims, m=None):
    """``3 layers [5, 4, 3, 1], 8 examples``: a network's sizes in words."""
    L = len(dims) - 1
    text = f"{L} layer{'s' if L > 1 else ''}" + (" of equal width" if L > 1 and len(set(dims[:-1])) == 1 else "")
    return f"{text} {list(dims)}" + (" (no ReLU layer)" if L == 1 else "") + (f", {m} examples" if m else "")


def net(seed, dims, m):
    """X (dims[0], m), 0/1 labels Y (1, m), W{l} = 1.4·randn/√n_{l-1}, b{l} = 0.3·randn."""
    return network(seed, dims, m, weights=1.4, biases=0.3, fan_in=True)


# ---------------------------------------------------------------- inputs

@described(lambda *sizes: f"sizes {sizes}")
def sizes(n_x, n_h, n_y):
    return (n_x, n_h, n_y), {}


@described(lambda layer_dims: f"layer_dims {layer_dims}")
def deep_dims(layer_dims):
    return (list(layer_dims),), {}


@described(lambda seed, n_prev, n_l, m: f"A ({n_prev}, {m}), W ({n_l}, {n_prev})")
def linear_case(seed, n_prev, n_l, m):
    return tuple(seeded(seed, (n_prev, m), (n_l, n_prev), (n_l, 1))), {}


@described(lambda seed, n_prev, n_l, m, activation: f"{activation}, A_prev ({n_prev}, {m}), W ({n_l}, {n_prev})")
def activation_case(seed, n_prev, n_l, m, activation):
    return tuple(seeded(seed, (n_prev, m), (n_l, n_prev), (n_l, 1))), {"activation": activation}


def course_L_forward():
    X, W1, b1, W2, b2, W3, b3 = seeded(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    return (X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}), {}


@described(lambda dims, m, seed: layers(dims, m))
def L_forward_case(dims, m, seed):
    X, _, parameters = net(seed, dims, m)
    return (X, parameters), {}


@described(lambda seed, n_prev, n_l, m: f"dZ ({n_l}, {m}), A_prev ({n_prev}, {m}), W ({n_l}, {n_prev})")
def linear_backward_case(seed, n_prev, n_l, m):
    dZ, A_prev, W, b = seeded(seed, (n_l, m), (n_prev, m), (n_l, n_prev), (n_l, 1))
    return (dZ, (A_prev, W, b)), {}


@described(lambda seed, n_prev, n_l, m, activation, kink_free=False:
           f"{activation}, dA ({n_l}, {m}), A_prev ({n_prev}, {m})")
def activation_backward_case(seed, n_prev, n_l, m, activation, kink_free=False):
    """dA, and the cache of the reference's forward pass on A_prev, W, b (Z = W A_prev + b exactly)."""
    dA, A_prev, W, b = seeded(seed, (n_l, m), (n_prev, m), (n_l, n_prev), (n_l, 1))
    _, cache = ref.linear_activation_forward(A_prev, W, b, activation)
    if kink_free and activation == "relu":
        assert_no_kink([cache[1]])
    return (dA, cache), {"activation": activation}


def consistent_backward(X, Y, parameters, *, kink_free=False):
    AL, caches = ref.L_model_forward(X, parameters)
    if kink_free:
        assert_no_kink([cache[1] for cache in caches[:-1]])  # the Z of every ReLU layer
    return AL, Y, caches


def course_L_backward():
    """The course example's sizes and draws (seed 3; X (4, 2), W1 (3, 4), W2 (1, 3)), caches by the forward pass."""
    _, A0, W1, b1, _, _, W2, b2, _ = seeded(3, (1, 2), (4, 2), (3, 4), (3, 1), (3, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    AL, Y, caches = consistent_backward(A0, np.array([[1, 0]]), {"W1": W1, "b1": b1, "W2": W2, "b2": b2})
    return (AL, Y, tuple(caches)), {}  # the course passes the caches as a tuple


@described(lambda dims, m, seed, kink_free=False: layers(dims, m))
def L_backward_case(dims, m, seed, kink_free=False):
    X, Y, parameters = net(seed, dims, m)
    return consistent_backward(X, Y, parameters, kink_free=kink_free), {}


def course_update():
    W1, b1, W2, b2 = seeded(2, (3, 4), (3, 1), (1, 3), (1, 1))
    dW1, db1, dW2, db2 = seeded(3, (3, 4), (3, 1), (1, 3), (1, 1))
    return ({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, 0.1), {}


@described(lambda dims, rate, seed, with_dA=False: f"{layers(dims)}, learning rate {rate}")
def update_case(dims, learning_rate, seed, with_dA=False):
    _, _, parameters = net(seed, dims, 1)
    rng = np.random.RandomState(seed + 100)
    grads = {}
    for l in range(len(dims) - 1, 0, -1):  # in L_model_backward's order, dA keys included if asked
        if with_dA:
            grads[f"dA{l - 1}"] = rng.randn(dims[l - 1], 3)
        grads[f"dW{l}"] = rng.randn(dims[l], dims[l - 1]) * 0.1
        grads[f"db{l}"] = rng.randn(dims[l], 1) * 0.1
    return (parameters, grads, learning_rate), {}


# ---------------------------------------------------------------- gradient checks: what is perturbed, the cost


def linear_params(args, kwargs):
    _, (A_prev, W, b) = args
    return {"dA_prev": np.array(A_prev, dtype=np.float64), "dW": np.array(W, dtype=np.float64),
            "db": np.array(b, dtype=np.float64)}


def linear_objective(p, args, kwargs):
    """J = (1/m) Σ dZ ⊙ Z with Z = W A_prev + b: then ∂J/∂Z = dZ / m, as for a mean cost."""
    dZ = args[0]
    Z, _ = ref.linear_forward(p["dA_prev"], p["dW"], p["db"])
    return float(np.sum(dZ * Z)) / dZ.shape[1]


def activation_params(args, kwargs):
    return linear_params((args[0], args[1][0]), kwargs)


def activation_objective(p, args, kwargs):
    """J = (1/m) Σ dA ⊙ g(W A_prev + b): then ∂J/∂A = dA / m, as for a mean cost."""
    dA = args[0]
    A, _ = ref.linear_activation_forward(p["dA_prev"], p["dW"], p["db"], _activation(args, kwargs))
    return float(np.sum(dA * A)) / dA.shape[1]


def backward_grads(found):
    return {"dA_prev": found[0], "dW": found[1], "db": found[2]}


def L_params(args, kwargs):
    caches = args[2]
    p = {"dA0": np.array(caches[0][0][0], dtype=np.float64)}
    for l, ((_, W, b), _) in enumerate(caches, start=1):
        p[f"dW{l}"] = np.array(W, dtype=np.float64)
        p[f"db{l}"] = np.array(b, dtype=np.float64)
    return p


def L_objective(p, args, kwargs):
    """J = compute_cost(L_model_forward(X, parameters)[0], Y), the reference's, X being A0 of the caches."""
    AL, _ = ref.L_model_forward(p["dA0"], {f"{kind}{l}": p[f"d{kind}{l}"] for l in range(1, len(args[2]) + 1)
                                          for kind in "Wb"})
    return float(ref.compute_cost(AL, args[1]))


def L_labels(dims):
    return {k: f"grads[{k!r}]" for k in ["dA0", *(f"d{k}" for k in layer_shapes(dims))]}


def learner_grads(found):
    if not isinstance(found, dict):
        raise TypeError("not a dict")
    return found


# ---------------------------------------------------------------- known mistakes


@mistake_only
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


def _activation(args, kwargs):
    return kwargs["activation"] if "activation" in kwargs else args[3]


@mistake_only
def forward_cache_swapped(args, kwargs):
    A, (linear_cache, Z) = ref.linear_activation_forward(*args[:3], _activation(args, kwargs))
    return A, (Z, linear_cache)


@mistake_only
def forward_with(activation_of, last=0):
    """L_model_forward where layer l of L uses ``activation_of(l, L)``; the ReLU loop stops ``last`` layers early."""

    def wrong(args, kwargs):
        X, parameters = args
        L = len(parameters) // 2
        caches, A = [], X
        for l in [*range(1, L - last), L]:
            A, cache = ref.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation_of(l, L))
            caches.append(cache)
        return A, caches

    return wrong


@mistake_only
def outer_product_cost(args, kwargs):
    AL, Y = args
    return np.squeeze(-1 / Y.shape[1] * (np.dot(np.log(AL).T, Y) + np.dot(np.log(1 - AL).T, 1 - Y)))


@mistake_only
def _linear_backward_with(args, *, dA_prev=None, db_axis=1, squeeze=False):
    dZ, (A_prev, W, b) = args
    m = A_prev.shape[1]
    db = np.sum(dZ, axis=db_axis, keepdims=db_axis is not None) / m
    db = np.squeeze(db) if squeeze else db
    return (np.dot(W.T, dZ) if dA_prev is None else dA_prev(W, dZ)), np.dot(dZ, A_prev.T) / m, db


@mistake_only
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


# ---------------------------------------------------------------- the checks

initialize_parameters = Graded("initialize_parameters", parts=each("parameters"), seed=INIT_SEED, mistakes={
    "np.random.seed(1) is missing: it is given code at the top of the function, keep it there (the grader sets "
    "another seed before calling your function)": two_layer_draws(),
    "np.random.seed(1) comes after W1 is drawn: it must come before the first draw": two_layer_draws(seeds={"W2": 1}),
    "W2 was drawn before W1 (draw W1 first, then W2)": two_layer_draws(order=("W2", "W1"), seeds={"W2": 1}),
})
initialize_parameters_deep = Graded("initialize_parameters_deep", parts=each("parameters"), seed=INIT_SEED, mistakes={
    "np.random.seed(3) is missing: it is given code at the top of the function, keep it there (the grader sets "
    "another seed before calling your function)": lambda args, kwargs: deep_variant(args[0], seed=None),
    "np.random.seed(1) was used; this function seeds with np.random.seed(3) (given code)":
        lambda args, kwargs: deep_variant(args[0], seed=1),
    "np.random.seed(3) is called inside the loop, so every layer starts from the same draws; seed once, before the "
    "loop": lambda args, kwargs: deep_variant(args[0], seed_each_layer=True),
    "the weights were scaled by 1/sqrt(layer_dims[l - 1]) (next assignment's helper); here the scale is 0.01":
        lambda args, kwargs: deep_variant(args[0], scale=lambda n: 1 / np.sqrt(n)),
})
linear_forward = Graded("linear_forward", parts={"Z": 0, "cache": 1}, mistakes={
    "W was transposed: Z = np.dot(W, A) + b, not np.dot(W.T, A) + b":
        lambda args, kwargs: (np.dot(args[1].T, args[0]) + args[2], tuple(args)),
    "b was left out of Z = W A + b": lambda args, kwargs: (np.dot(args[1], args[0]), tuple(args)),
})
linear_activation_forward = Graded("linear_activation_forward", parts={"A": 0, "cache": 1}, calls=("linear_forward",),
                                   mistakes={
    "sigmoid and relu are swapped: activation == \"sigmoid\" must apply sigmoid, \"relu\" relu":
        lambda args, kwargs: ref.linear_activation_forward(*args[:3], OTHER[_activation(args, kwargs)]),
    "the cache is (activation_cache, linear_cache); it must be (linear_cache, activation_cache)":
        forward_cache_swapped,
})
# What an argument changed in place does next (grader.isolate.effects.message; {now}: "zeros" or "a changed X").
CHANGES_TRAINING = {
    "X": "L_layer_model (week 4, part 2) passes the same {name} at every iteration: it would train on {now}",
    "Y": "L_layer_model (week 4, part 2) passes the same {name} at every iteration: it would train on {now}",
    "parameters": "L_layer_model keeps its parameters between iterations: they would change behind its back",
}
L_model_forward = Graded("L_model_forward", consequence=CHANGES_TRAINING, parts={"AL": 0, "caches": 1}, calls=("linear_activation_forward",),
                         mistakes={
    "every layer uses sigmoid; the hidden layers use relu, only the last one sigmoid":
        forward_with(lambda l, L: "sigmoid"),
    "every layer uses relu; the last layer uses sigmoid": forward_with(lambda l, L: "relu"),
    "the loop stops one layer early (range(1, L - 1)): the ReLU layers are l = 1, ..., L - 1, that is range(1, L)":
        forward_with(lambda l, L: "sigmoid" if l == L else "relu", last=1),
    "only the last layer's cache is in caches: append every layer's cache (caches.append(cache)) inside the loop too":
        lambda args, kwargs: (lambda AL, caches: (AL, caches[-1:]))(*ref.L_model_forward(*args)),
})
compute_cost = Graded("compute_cost", parts={"cost": None}, m="Y", mistakes={
    "np.dot of a column and a row makes an (m, m) matrix of every pair: use np.dot(Y, np.log(AL).T) (a row times a "
    "column), or multiply element-wise and sum": outer_product_cost})
BACKWARD = dict(parts={"dA_prev": 0, "dW": 1, "db": 2}, per_example=("dA_prev",), grads=backward_grads,
                labels={"dA_prev": "dA_prev", "dW": "dW", "db": "db"})
linear_backward = Graded("linear_backward", m="dZ", **BACKWARD, mistakes={
    "dA_prev = np.dot(W, dZ): the gradient goes back through Wᵀ, np.dot(W.T, dZ)":
        lambda args, kwargs: _linear_backward_with(args, dA_prev=lambda W, dZ: np.dot(W, dZ)),
    "db was summed over all entries; sum over the examples only: np.sum(dZ, axis=1, keepdims=True) / m":
        lambda args, kwargs: _linear_backward_with(args, db_axis=None),
    "db was squeezed to shape (n,), as the first release of 2017 asked (its given assert isinstance(db, float)); "
    "here db has b's shape (n, 1): np.sum(dZ, axis=1, keepdims=True) / m. If your notebook is that release, grade it "
    "with --course-version 2017": lambda args, kwargs: _linear_backward_with(args, squeeze=True),
})
linear_activation_backward = Graded("linear_activation_backward", m="dA", calls=("linear_backward",), **BACKWARD,
                                    mistakes={
    "relu_backward and sigmoid_backward are swapped: activation == \"relu\" must use relu_backward":
        lambda args, kwargs: ref.linear_activation_backward(*args[:2], OTHER[_activation(args, kwargs)])})
L_model_backward = Graded("L_model_backward", consequence=CHANGES_TRAINING, parts={"grads": None}, m="Y", calls=("linear_activation_backward",),
                          mistakes={
    "the last (sigmoid) layer was given caches[L - 2]; its cache is caches[L - 1], the last one":
        backward_last_cache(lambda L: L - 2),
    "the last (sigmoid) layer was given caches[0]; its cache is caches[L - 1], the last one":
        backward_last_cache(lambda L: 0),
})
update_parameters = Graded("update_parameters", parts=each("parameters"), mistakes=added_update(ref.update_parameters))
L_GRADIENT = [4, 5, 3, 1]

CHECKS = [
    initialize_parameters.case(sizes(3, 2, 1), "course example, {}"),
    initialize_parameters.case(sizes(4, 3, 2), "course public test, {}"),
    initialize_parameters.case(sizes(6, 5, 3)),
    initialize_parameters.rule(shapes_rule, sizes(7, 3, 2), "shapes of W1, b1, W2, b2 for {}", points=0.5),
    initialize_parameters.rule(zero_biases, sizes(5, 8, 3), "biases exactly zero", points=0.5),
    initialize_parameters.rule(small_weights, sizes(50, 60, 40), "weights small and random (std 0.01), {}",
                               points=0.5),

    initialize_parameters_deep.case(deep_dims([5, 4, 3]), "course example, {}"),
    initialize_parameters_deep.case(deep_dims([4, 3, 2]), "course public test, {}"),
    initialize_parameters_deep.case(deep_dims([6, 5, 4, 3, 1]), "4 layers, {}"),
    initialize_parameters_deep.case(deep_dims([3, 1]), "1 layer, {}", points=0.5),
    initialize_parameters_deep.rule(shapes_rule, deep_dims([7, 6, 5, 4, 3]), "shapes for {}", points=0.5),
    initialize_parameters_deep.rule(zero_biases, deep_dims([5, 8, 3, 2]), "biases exactly zero, {}", points=0.5),
    initialize_parameters_deep.rule(small_weights, deep_dims([40, 50, 30, 20]),
                                    "weights small and random (std 0.01), {}", points=0.5),

    linear_forward.case(linear_case(1, 3, 1, 2), "course example, {}"),
    linear_forward.case(linear_case(11, 5, 4, 7)),
    linear_forward.case(linear_case(12, 4, 4, 6), "a square W (4, 4), A (4, 6)"),

    linear_activation_forward.case(activation_case(2, 3, 1, 2, "sigmoid"), "course example, sigmoid"),
    linear_activation_forward.case(activation_case(2, 3, 1, 2, "relu"), "course example, relu"),
    linear_activation_forward.case(activation_case(21, 5, 4, 6, "sigmoid"), points=0.5),
    linear_activation_forward.case(activation_case(21, 5, 4, 6, "relu"), points=0.5),

    L_model_forward.case(Inputs(course_L_forward), "course example, 3 layers [5, 4, 3, 1], 4 examples"),
    L_model_forward.case(L_forward_case([6, 5, 4, 3, 1], 7, seed=31)),
    L_model_forward.case(L_forward_case([4, 4, 4, 1], 6, seed=32)),
    L_model_forward.case(L_forward_case([3, 1], 5, seed=33), points=0.5),

    compute_cost.case(given(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])), "course example, 3 examples"),
    compute_cost.case(probabilities(41, 9, labels=int)),

    linear_backward.case(linear_backward_case(1, 5, 3, 4), "course example, {}"),
    linear_backward.case(linear_backward_case(71, 6, 2, 7)),
    linear_backward.case(linear_backward_case(72, 4, 4, 5), "a square W (4, 4), 5 examples"),
    linear_backward.gradient(linear_backward_case(81, 5, 3, 6), "gradients match the numerical gradient",
                             params=linear_params, objective=linear_objective, points=2.0),

    linear_activation_backward.case(activation_backward_case(2, 3, 1, 2, "sigmoid"),
                                    "course example's sizes, sigmoid (Z made by the forward pass)"),
    linear_activation_backward.case(activation_backward_case(2, 3, 1, 2, "relu"),
                                    "course example's sizes, relu (Z made by the forward pass)"),
    linear_activation_backward.case(activation_backward_case(91, 5, 4, 6, "sigmoid"), points=0.5),
    linear_activation_backward.case(activation_backward_case(91, 5, 4, 6, "relu"), points=0.5),
    linear_activation_backward.gradient(activation_backward_case(82, 4, 3, 5, "sigmoid"),
                                        "sigmoid, gradients match the numerical gradient",
                                        params=activation_params, objective=activation_objective),
    linear_activation_backward.gradient(activation_backward_case(83, 4, 3, 5, "relu", kink_free=True),
                                        "relu, gradients match the numerical gradient",
                                        params=activation_params, objective=activation_objective),

    L_model_backward.case(Inputs(course_L_backward), "course example's sizes, 2 layers [4, 3, 1], caches as a tuple"),
    L_model_backward.case(L_backward_case([5, 4, 3, 1], 8, seed=51)),
    L_model_backward.case(L_backward_case([4, 4, 4, 4, 1], 6, seed=52)),
    L_model_backward.case(L_backward_case([3, 1], 5, seed=53), points=0.5),
    L_model_backward.gradient(L_backward_case(L_GRADIENT, 7, seed=84, kink_free=True),
                              "gradients match the numerical gradient of the cost ({})", params=L_params,
                              objective=L_objective, grads=learner_grads, labels=L_labels(L_GRADIENT),
                              per_example=("dA0",), points=2.0),

    update_parameters.case(Inputs(course_update), "course example, learning rate 0.1"),
    update_parameters.case(update_case([5, 4, 3, 1], 0.05, seed=61)),
    update_parameters.case(update_case([3, 4, 2, 1], 0.3, seed=62, with_dA=True),
                           "grads as L_model_backward returns them (dA keys too), learning rate 0.3", points=0.5),
    update_parameters.unchanged(update_case([4, 3, 1], 0.1, seed=63), "leaves params and grads unchanged",
                                ["params", "grads", "learning_rate"]),
]


def old_gradient_keys(found, ctx):
    """Gradients named as before mid-2018: ``dA{l}`` was the gradient of A^[l-1] (dA1 ... dAL, no dA0);
    renamed ``dA{l-1}``, as the newest notebook names them."""
    L = len(ctx.args[2])
    if not isinstance(found, dict) or "dA0" in found or f"dA{L}" not in found:
        return found
    renamed = {key: value for key, value in found.items() if not key.startswith("dA")}
    for l in range(1, L + 1):
        if f"dA{l}" in found:
            renamed[f"dA{l - 1}"] = found[f"dA{l}"]
    return renamed


def column_db(db, b):
    """``db`` as the first release computed it, ``np.squeeze(np.sum(dZ, axis=1, keepdims=True)) / m`` (a float for
    a layer of one unit, shape (n,) for n units), read in the shape of ``b``, (n, 1); anything else as it is."""
    shape = np.shape(b)
    floats = isinstance(db, (float, np.floating)) or (isinstance(db, np.ndarray) and db.dtype.kind == "f")
    if floats and len(shape) == 2 and shape[1] == 1 and np.ndim(db) < 2 and np.size(db) == shape[0]:
        return np.reshape(np.asarray(db, dtype=np.float64), shape)
    return db


def _with_column_db(found, b):
    if isinstance(found, (tuple, list)) and len(found) == 3:
        return type(found)((found[0], found[1], column_db(found[2], b)))
    return found


def squeezed_db(found, ctx):
    """``linear_backward``'s ``(dA_prev, dW, db)`` with a squeezed ``db`` read as (n, 1) (``column_db``)."""
    return _with_column_db(found, ctx.args[1][2])  # cache = (A_prev, W, b)


def squeezed_activation_db(found, ctx):
    """``linear_activation_backward``'s output, the same way (cache = (linear_cache, activation_cache))."""
    return _with_column_db(found, ctx.args[1][0][2])


def first_release_gradients(found, ctx):
    """``L_model_backward``'s grads of the first release: the old ``dA`` keys (``old_gradient_keys``) and each
    ``db{l}`` squeezed (``column_db``, in the shape of layer l's b)."""
    found = old_gradient_keys(found, ctx)
    if not isinstance(found, dict):
        return found
    caches = ctx.args[2]
    layer = {f"db{l}": cache[0][2] for l, cache in enumerate(caches, start=1)}  # cache = ((A_prev, W, b), Z)
    return {key: column_db(value, layer[key]) if key in layer else value for key, value in found.items()}


IN_PLACE = Differs("update_parameters(parameters, grads, learning_rate) updates parameters in place (no copy) and "
                   "returns it", may_change=("params",))
# The notebooks before 2021 (grader.assignments.course_versions): same inputs and reference outputs.
# The functions the course wants vectorized, and their inputs at any size (grader.checking.vectorize: advice, no
# points): A has one example per column; the loops over the layers (L_model_forward, L_model_backward,
# update_parameters) are the course's and are never advised against. One output unit (the course asserts AL is
# (1, m)); the initializers have nothing to vectorize beyond np.random.randn.
def deep(features):
    return [features, 5, 4, 1]


VECTORIZED = [
    vectorized("linear_forward", lambda examples, features: linear_case(101, features, 3, examples)(),
               "Z = np.dot(W, A) + b computes every example's Z at once.", examples=(16, 4096), features=(4, 1024)),
    vectorized("linear_activation_forward",
               lambda examples, features: activation_case(102, features, 3, examples, "relu")(),
               "linear_forward and relu / sigmoid work on all the examples at once.",
               examples=(16, 4096), features=(4, 1024)),
    vectorized("L_model_forward", lambda examples, features: L_forward_case(deep(features), examples, seed=103)(),
               "loop over the layers only: linear_activation_forward works on all the examples at once.",
               template=("for l in range(1, L)",), examples=(16, 4096), features=(4, 1024)),
    vectorized("compute_cost", lambda examples: probabilities(104, examples)(),
               "np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T) (or np.sum of the products) adds up every "
               "example's loss in one call.", examples=(16, 4096)),
    vectorized("linear_backward", lambda examples, features: linear_backward_case(105, features, 3, examples)(),
               "dW = np.dot(dZ, A_prev.T) / m, db = np.sum(dZ, axis=1, keepdims=True) / m and dA_prev = np.dot(W.T, dZ) "
               "cover every example in one call each.", examples=(16, 4096), features=(4, 1024)),
    vectorized("linear_activation_backward",
               lambda examples, features: activation_backward_case(106, features, 3, examples, "relu")(),
               "relu_backward / sigmoid_backward and linear_backward work on all the examples at once.",
               examples=(16, 4096), features=(4, 1024)),
    vectorized("L_model_backward", lambda examples, features: L_backward_case(deep(features), examples, seed=107)(),
               "loop over the layers only: linear_activation_backward works on all the examples at once.",
               template=("for l in reversed(range(L - 1))",), examples=(16, 4096), features=(4, 1024)),
    vectorized("update_parameters", lambda units: update_case([units, units, units, 1], 0.1, seed=108)(),
               "parameters['W' + str(l)] - learning_rate * grads['dW' + str(l)] updates a whole matrix at once: loop "
               "over the layers only.", template=("for l in range(L)", "for l in range(1, L + 1)"), units=(4, 512)),
]

OLD_KEYS = ('grads["dA" + str(l)] holds the gradient of A^[l-1] (dA1 ... dAL, no dA0): read as the newest '
            'dA{l-1}')
VERSIONS = [
    # The first release names no version; it is told by its given assert, before v8a's update_parameters(parameters,
    # ...), which it shares: it comes first here for that (the others are newest first).
    Version("2017", "the first release (2017, no version label in its file name)", {
        "linear_backward": Differs("db = np.squeeze(np.sum(dZ, axis=1, keepdims=True)) / m, as its given assert "
                                   "isinstance(db, float) asks: a float for one unit, shape (n,) for n units, read as "
                                   "the newest (n, 1)", accept=squeezed_db, errors={
            "isinstance(db, float)": "This is the first release's given assert (isinstance(db, float)): it holds only "
                                     "for a layer of one unit (every test case of that notebook had one), and this "
                                     "check's layer has several, where db has shape (n,). Remove it, as the next "
                                     "release did (it asserts db.shape == b.shape); your squeezed db is then read as "
                                     "(n, 1)"}),
        "linear_activation_backward": Differs("returns linear_backward's squeezed db: read as (n, 1)",
                                              accept=squeezed_activation_db),
        "L_model_backward": Differs(f"{OLD_KEYS}; each db{{l}} squeezed: read as (n, 1)",
                                    accept=first_release_gradients),
        "update_parameters": IN_PLACE,
    }, signatures={"linear_backward": asserts("isinstance(db, float)")}),
    Version("v8a", "v6 to v8a (mid 2018-2020)", {"update_parameters": IN_PLACE},
            file_names=("v6", "v7", "v8", "v8a"), imports=("testCases_v4", "testCases_v4a"),
            signatures={"update_parameters": signature("parameters, grads, learning_rate")}),
    Version("v5", "v3 to v5 (2017-mid 2018)", {
        "L_model_backward": Differs(OLD_KEYS, accept=old_gradient_keys),
        "update_parameters": IN_PLACE,
    }, file_names=("v3", "v4", "v5"), imports=("testCases_v3",)),
]

"""Fixtures shared by the assignments' checks, written once: inputs that describe themselves, seeded
draws and networks, layer shapes, the learner's parameters as arrays, the rules and mistakes of a
small random initialization, the update mistake.
"""

import copy
import inspect
from dataclasses import dataclass
from typing import Callable

import numpy as np

from grader.checking.compare import Mismatch, describe_type

WEIGHT_STD, STD_MARGIN = 0.01, 0.15  # the course's initialization: np.random.randn(...) * 0.01


@dataclass(frozen=True, eq=False)
class Inputs:
    """A case's inputs: ``build() -> (args, kwargs)``, called at grading time; ``text`` says what they are."""

    build: Callable
    text: str = ""

    def __call__(self):
        return self.build()


def described(describe):
    """Decorate an inputs builder: ``builder(*params)`` then gives ``Inputs`` whose text is ``describe(*params)``."""

    def decorate(build):
        return lambda *params, **options: Inputs(lambda: build(*params, **options), describe(*params, **options))

    return decorate


def given(*args, **kwargs):
    """Fixed inputs (fresh copies at every call)."""
    return Inputs(lambda: copy.deepcopy((args, kwargs)))


def seeded(seed, *shapes):
    """Draws of np.random.seed(seed) then randn(*shape) for each shape, as the course makes them."""
    rng = np.random.RandomState(seed)  # the same numbers as np.random.seed + np.random.randn
    return [rng.randn(*shape) for shape in shapes]


def network(seed, dims, m, *, weights, biases, fan_in=False):
    """X (dims[0], m), 0/1 labels Y (dims[-1], m) and parameters, from one seed.

    ``W{l} = weights·randn`` (divided by √n_{l-1} with ``fan_in``), ``b{l} = biases·randn``, drawn
    layer by layer, then X, then Y.
    """
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(dims)):
        W = rng.randn(dims[l], dims[l - 1]) * weights
        parameters[f"W{l}"] = W / np.sqrt(dims[l - 1]) if fan_in else W
        parameters[f"b{l}"] = rng.randn(dims[l], 1) * biases
    X = rng.randn(dims[0], m)
    Y = (rng.rand(dims[-1], m) > 0.5).astype(float)
    return X, Y, parameters


@described(lambda seed, m, labels=float: f"{m} examples")
def probabilities(seed, m, labels=float):
    """A compute_cost's arguments: probabilities (1, m) in [0.05, 0.95] and 0/1 labels (1, m) of type ``labels``."""
    rng = np.random.RandomState(seed)
    return (rng.uniform(0.05, 0.95, (1, m)), (rng.rand(1, m) > 0.5).astype(labels)), {}


def layer_shapes(layer_dims):
    """``{"W1": (n_1, n_0), "b1": (n_1, 1), ...}``: the parameters of a network of ``layer_dims``, in layer order."""
    shapes = {}
    for l in range(1, len(layer_dims)):
        shapes[f"W{l}"] = (layer_dims[l], layer_dims[l - 1])
        shapes[f"b{l}"] = (layer_dims[l], 1)
    return shapes


def named(prefix, keys, at=None):
    """``parts=`` comparing ``prefix[key]`` for each key (in the output's part ``at``, if given)."""
    return {f"{prefix}[{k!r}]": k if at is None else (at, k) for k in keys}


def each(prefix):
    """``parts=`` comparing ``prefix[key]`` for every key of the reference's output (a dict), in its order."""
    return lambda expected: named(prefix, expected)


def bind(function, args, kwargs):
    """The arguments of a call by name, defaults included (copies)."""
    bound = inspect.signature(function).bind(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    bound.apply_defaults()
    return dict(bound.arguments)


def parameter_arrays(found, shapes, function, sizes_text):
    """The learner's parameters as float arrays of the right shapes, or a Mismatch saying why not."""
    if not isinstance(found, dict):
        raise Mismatch(f"{function} should return a dict with keys {', '.join(shapes)}, found {describe_type(found)}")
    arrays = {}
    for key, shape in shapes.items():
        if key not in found:
            raise Mismatch(f"parameters is missing the key {key!r} (it has {sorted(map(repr, found))})")
        value = found[key]
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
            raise Mismatch(f"parameters[{key!r}] should be an ndarray of shape {shape}, found {describe_type(value)}")
        if value.shape != shape:
            raise Mismatch(f"parameters[{key!r}] has shape {value.shape}, expected {shape} ({sizes_text}); "
                           f"check which size goes where")
        arrays[key] = value.astype(np.float64)
    return arrays


# ---------------------------------------------------------------- rules of an initializer
# Its arguments are ``n_x, n_h, n_y`` (two layers) or ``layer_dims``.


def initialized(found, ctx):
    """The parameters an initializer returned, as arrays of the shapes its arguments ask for."""
    if len(ctx.args) == 1:
        return parameter_arrays(found, layer_shapes(ctx.args[0]), ctx.check.function, f"layer_dims = {ctx.args[0]}")
    return parameter_arrays(found, layer_shapes(ctx.args), ctx.check.function, f"n_x, n_h, n_y = {ctx.args}")


def shapes_rule(found, ctx):
    initialized(found, ctx)


def zero_biases(found, ctx):
    for key, b in initialized(found, ctx).items():
        if key.startswith("b") and np.any(b != 0):
            found_text = (f"every entry is {b.flat[0]:.6g}" if np.all(b == b.flat[0])
                          else f"found values from {b.min():.6g} to {b.max():.6g}")
            raise Mismatch(f"parameters[{key!r}] should be exactly zero (np.zeros({b.shape})); {found_text}")


def small_weights(found, ctx):
    for key, w in initialized(found, ctx).items():
        low, high = WEIGHT_STD * (1 - STD_MARGIN), WEIGHT_STD * (1 + STD_MARGIN)
        if key.startswith("W") and not (low <= w.std() <= high and abs(w.mean()) <= 0.1 * WEIGHT_STD):
            raise Mismatch(f"parameters[{key!r}] ({w.size} values) has mean {w.mean():.3g} and standard deviation "
                           f"{w.std():.3g}; expected mean about 0 and standard deviation {WEIGHT_STD:g} within "
                           f"{STD_MARGIN:.0%} (standard normal draws times 0.01: np.random.randn(...) * 0.01)")


def two_layer_draws(order=("W1", "W2"), transposed=(), seeds=None):
    """``mistakes=`` function: initialize_parameters(n_x, n_h, n_y) drawing the weights in ``order``, those in
    ``transposed`` as randn(columns, rows).T, after np.random.seed(seeds[key]) for the keys of ``seeds``."""

    def wrong(args, kwargs):
        n_x, n_h, n_y = args
        shapes, W = {"W1": (n_h, n_x), "W2": (n_y, n_h)}, {}
        for key in order:
            if key in (seeds or {}):
                np.random.seed(seeds[key])
            rows, columns = shapes[key]  # W[key] (rows, columns)
            W[key] = (np.random.randn(columns, rows).T if key in transposed else np.random.randn(rows, columns)) * 0.01
        return {"W1": W["W1"], "b1": np.zeros((n_h, 1)), "W2": W["W2"], "b2": np.zeros((n_y, 1))}

    return wrong


# ---------------------------------------------------------------- the update step


def added_update(update):
    """``mistakes=`` entry of ``update(parameters, grads, learning_rate)``: the step θ + α dθ."""

    def wrong(args, kwargs):
        parameters, grads, rate = bind(update, args, kwargs).values()
        return update(parameters, grads, -rate)

    return {"the update adds the gradient (θ + α dθ) instead of subtracting it": wrong}

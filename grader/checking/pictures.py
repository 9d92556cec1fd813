"""The data of a check's pictures (``Check.pictures``), made in the grader after the verdict.

A picture maker is ``(found, ctx) -> dict``: plain data (numbers, lists, strings) that
``grader.render.html`` draws, and that the results cache keeps. The kinds:

- ``curve``: a training's costs, the learner's and the reference's, one every ``every`` iterations, the
  learning rate, and the check's tolerance (where they part is marked);
- ``mislabeled``: which test pictures of the cat data the learner's model gets wrong (their indices, the
  predicted and true labels; the pictures themselves are read from the data when drawn, never stored);
- ``boundary``: a model's labels on a grid over a 2-D dataset, the learner's and the reference's, with the
  dataset's points (W3A1's flower);
- ``sentence``: what a picture would have shown cannot be drawn, and why.

The verdicts add their own (``Context.figures``): ``arrays`` (a small failed comparison) and ``gradient``
(each gradient's relative error against the threshold).
"""

import base64
import copy
import inspect
import math
import sys
import threading

import numpy as np

from grader.checking import answers
from grader.errors import NoAnswer
from grader.randomness import RANDOM_STATE

_TRACING = threading.Lock()  # one reference trace at a time (each wraps a module's function for its run)
CURVE_POINTS = 500  # a trace longer than this is shown one value in every len // CURVE_POINTS


def _numbers(values):
    """A list of floats (NaN for what is not a number), or None when ``values`` is not a sequence of numbers."""
    try:
        array = np.asarray(values, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        return None
    return [float(x) for x in array]


def _argument(ctx, name):
    try:
        bound = inspect.signature(ctx.reference_function).bind(*ctx.args, **ctx.kwargs)
    except (TypeError, ValueError):
        return None
    bound.apply_defaults()
    return bound.arguments.get(name)


def _tolerance(ctx):
    tol = ctx.check.tolerance
    return [float(tol.rtol), float(tol.atol)] if hasattr(tol, "rtol") else None


def _curve(title, learner, reference, every, ctx):
    rate = _argument(ctx, "learning_rate")
    return {"kind": "curve", "title": title, "learner": learner, "reference": reference, "every": every,
            "learning_rate": float(rate) if isinstance(rate, (int, float)) else None,
            "iterations": _argument(ctx, "num_iterations"), "tolerance": _tolerance(ctx)}


def cost_curve(costs_of, every=100):
    """A maker of the ``curve`` of a model that returns its costs (``costs_of(output)``, one every ``every``
    iterations): W2A2's ``model``, W4A2's two models."""
    def make(found, ctx):
        try:
            learner = _numbers(costs_of(found))
        except (KeyError, IndexError, TypeError):
            learner = None
        try:
            reference = _numbers(costs_of(ctx.reference()))
        except NoAnswer:
            reference = None
        return _curve(f"{ctx.check.function}: cost during training", learner, reference, every, ctx)
    return make


def _thinned(values):
    """``(values, every)``: at most about ``CURVE_POINTS`` of them, one in every ``every``."""
    if values is None:
        return None, 1
    every = max(1, math.ceil(len(values) / CURVE_POINTS))
    return values[::every], every


def traced_cost_curve(function):
    """A maker of the ``curve`` of a training that returns no costs (W3A1's ``nn_model``): the learner's are
    what its ``function`` (``compute_cost``) returned during the call (``Check.trace``), the reference's
    those of the reference's training on the same inputs (computed once, kept in the reference cache)."""
    def make(found, ctx):
        learner, every = _thinned(None if ctx.trace is None else [float(x) for x in ctx.trace])
        traced = reference_trace(ctx, function)
        reference, reference_every = _thinned(traced)
        if learner is not None and reference is not None:
            every = max(every, reference_every)
            learner, reference = ctx.trace[::every].tolist(), traced[::every]
        elif reference is not None:
            every = reference_every
        return _curve(f"{ctx.check.function}: cost during training (each {function} call)", learner, reference,
                      every, ctx)
    return make


def reference_trace(ctx, function):
    """The values ``function`` of the reference's module returns while the reference runs on the check's
    inputs (a list of floats), or None in the learner edition (which holds outputs, not runs).

    The module's ``function`` is wrapped for the run; calls from other threads (another group's reference
    meanwhile) go through unrecorded."""
    base = inspect.unwrap(ctx.reference_function)
    if answers.is_replayed(base):
        return None
    module = sys.modules[base.__module__]

    def compute():
        values, original, mine = [], getattr(module, function), threading.get_ident()

        def traced(*args, **kwargs):
            value = original(*args, **kwargs)
            if threading.get_ident() == mine:  # not another group's reference, running meanwhile in the module
                values.append(float(np.asarray(value, dtype=np.float64).reshape(-1)[0]))
            return value

        args, kwargs = copy.deepcopy((ctx.args, ctx.kwargs))
        setattr(module, function, traced)
        try:
            with RANDOM_STATE, np.errstate(all="ignore"):
                np.random.seed(ctx.check.seed if ctx.check.seed is not None else 0)
                base(*args, **kwargs)
        finally:
            setattr(module, function, original)
        return np.array(values, dtype=np.float64)

    def compute_alone():
        with _TRACING:  # two traces at once would each restore the other's wrapper
            return compute()

    cache = ctx.reference_cache
    if cache is None:
        values = compute_alone()
    else:
        detail = f"trace\0{ctx.check.name}\0{base.__module__}.{base.__qualname__}\0{function}".encode()
        values = cache.get_or_compute_key(cache.key(ctx.assignment_id, detail), compute_alone)
    return [float(x) for x in values]


def mislabeled(predictions_of, labels_of):
    """A maker of the ``mislabeled`` test pictures: ``predictions_of(found, ctx)`` the learner's 0/1 labels of
    the test set, ``labels_of()`` the true ones."""
    def make(found, ctx):
        truth = np.asarray(labels_of(), dtype=np.float64).reshape(-1)
        try:
            predicted = np.asarray(predictions_of(found, ctx), dtype=np.float64).reshape(-1)
        except (KeyError, IndexError, TypeError, ValueError):
            return {"kind": "sentence", "text": "Your model's test predictions could not be read: no picture of the "
                                                "test pictures it gets wrong."}
        if predicted.shape != truth.shape:
            return {"kind": "sentence", "text": f"Your model's test predictions have {predicted.size} values for "
                                                f"{truth.size} test pictures: no picture of the ones it gets wrong."}
        wrong = np.flatnonzero(~(np.round(predicted) == truth))
        return {"kind": "mislabeled", "indices": wrong.tolist(), "predicted": predicted[wrong].tolist(),
                "true": truth[wrong].tolist(), "total": int(truth.size)}
    return make


def pack_labels(labels):
    """A 2-D 0/1 grid as ``{"shape", "bits"}`` (base64 of the packed bits): small in a cache entry."""
    grid = np.asarray(labels)
    bits = np.packbits((grid > 0.5).astype(np.uint8).reshape(-1))
    return {"shape": list(grid.shape), "bits": base64.b64encode(bits.tobytes()).decode("ascii")}


def unpack_labels(packed):
    shape = tuple(int(n) for n in packed["shape"])
    bits = np.frombuffer(base64.b64decode(packed["bits"]), dtype=np.uint8)
    return np.unpackbits(bits)[:int(np.prod(shape))].reshape(shape)


def boundary(points_of, predict_of, steps=160):
    """A maker of the ``boundary`` of a 2-D classifier: ``points_of()`` gives (X (2, m), Y (1, m)),
    ``predict_of(parameters, grid, ctx)`` the labels of a parameters dict on the grid's points (2, n); the
    learner's parameters are its output, the reference's the reference's output."""
    def make(found, ctx):
        X, Y = points_of()
        low, high = X.min(axis=1) - 1, X.max(axis=1) + 1
        xs, ys = np.linspace(low[0], high[0], steps), np.linspace(low[1], high[1], steps)
        xx, yy = np.meshgrid(xs, ys)
        grid = np.vstack([xx.ravel(), yy.ravel()])
        figure = {"kind": "boundary", "extent": [float(low[0]), float(high[0]), float(low[1]), float(high[1])],
                  "points": np.asarray(X, dtype=np.float64).round(4).tolist(),
                  "labels": np.asarray(Y).reshape(-1).astype(int).tolist()}
        for who, parameters in (("learner", found), ("reference", None)):
            try:
                chosen = ctx.reference() if parameters is None else parameters
                labels = np.asarray(predict_of(chosen, grid, ctx), dtype=np.float64).reshape(xx.shape)
                figure[who] = pack_labels(labels)
            except NoAnswer as e:
                figure[who] = None
                figure[f"{who}_why"] = f"not drawn in the learner edition: {e}"
            except (KeyError, IndexError, TypeError, ValueError) as e:
                figure[who] = None
                figure[f"{who}_why"] = f"not drawn: these parameters cannot label the plane ({type(e).__name__})"
        return figure
    return make

"""Numerical gradient checks: the learner's gradients against centred differences of the cost.

For every parameter tensor (biases too), entries are perturbed by ±h in float64 and the
reference's cost is evaluated, in the grader's process:

    numerical[i] = (J(θ + h e_i) - J(θ - h e_i)) / (2 h)

and the learner's gradient g is compared with it by the relative error
``‖g - numerical‖ / (‖g‖ + ‖numerical‖)`` over the checked entries, against a stated threshold.
Correct code gives about 1e-9 here; a wrong formula gives 1e-2 or more.

The course's backward functions return some gradients per example rather than of the mean cost
(``dA_prev = Wᵀ dZ`` with no 1/m); those (``per_example``) are compared after multiplying the
numerical gradient by m.
"""

import numpy as np

from grader.checking.model import Check, examples
from grader.checking.compare import Mismatch, Tolerance, compare_shape, diagnose

H = 1e-5
THRESHOLD = 1e-5
MAX_ENTRIES = 30  # entries checked per tensor: all of a small tensor, a fixed sample of a large one


def sample_indices(shape, limit=MAX_ENTRIES):
    """All indices of a small tensor; a fixed sample (first, last, random) of a large one."""
    size = int(np.prod(shape))
    if size <= limit:
        flat = np.arange(size)
    else:
        rng = np.random.RandomState(0)
        flat = np.unique(np.r_[0, size - 1, rng.choice(size, limit - 2, replace=False)])
    return [np.unravel_index(i, shape) for i in flat]


def numerical_gradient(objective, params, name, indices, h=H):
    """Centred differences of ``objective(params)`` with respect to ``params[name]`` at ``indices``."""
    x = params[name]
    out = np.zeros(len(indices))
    for j, idx in enumerate(indices):
        old = x[idx]
        x[idx] = old + h
        plus = objective(params)
        x[idx] = old - h
        minus = objective(params)
        x[idx] = old
        out[j] = (plus - minus) / (2 * h)
    return out


def relative_error(g, n):
    denominator = np.linalg.norm(g) + np.linalg.norm(n)
    return 0.0 if denominator < 1e-12 else float(np.linalg.norm(g - n) / denominator)


def gradient(function, name, inputs, *, params, objective, grads, labels, per_example=(), m=None, points=1.0,
             threshold=THRESHOLD, h=H, **options):
    """A check that the learner's gradients match centred differences of the reference's cost.

    Parameters
    ----------
    params : callable
        ``(args, kwargs) -> {gradient name: float64 ndarray}``: the tensors to perturb, as fresh
        copies (the gradient names are those of the learner's output, e.g. ``"dW1"``).
    objective : callable
        ``(params, args, kwargs) -> float``: the reference's cost at those parameters.
    grads : callable
        ``found -> {gradient name: value}``: the learner's gradients, from its output.
    labels : dict
        ``{gradient name: how the learner knows it}``, e.g. ``{"dW1": "grads['dW1']"}``.
    per_example : tuple of str, optional
        The gradients returned per example (dA), m times those of the mean cost.
    m : int or str, optional
        The number of examples, or the argument whose columns they are (``"X"``): a gradient off by
        a factor m is named as a missing 1/m.
    """

    def verify(found, ctx):
        tensors = params(ctx.args, ctx.kwargs)
        size = examples(m, ctx)
        try:
            learner = grads(found)
        except Exception:  # any shape of wrong output: the learner's, not the grader's, problem
            raise Mismatch(f"{function} did not return the gradients {', '.join(labels.values())} "
                           f"in a usable form") from None
        errors, failure = {}, None  # every gradient's relative error (a picture), then the first failure
        try:
            for key, label in labels.items():
                compare_shape(learner.get(key), tensors[key], label)
                g_full = np.asarray(learner[key], dtype=np.float64).reshape(tensors[key].shape)
                indices = sample_indices(tensors[key].shape)
                with np.errstate(all="ignore"):
                    n = numerical_gradient(lambda p: objective(p, ctx.args, ctx.kwargs), tensors, key, indices, h)
                n = n * (size if key in per_example else 1.0)
                g = np.array([g_full[i] for i in indices])
                error = errors[label] = relative_error(g, n)
                if not error <= threshold and failure is None:
                    worst = int(np.argmax(np.abs(g - n)))
                    where = "[" + ", ".join(str(int(i)) for i in indices[worst]) + "]" if g_full.ndim else ""
                    hint = diagnose(g, n, Tolerance(1e-4, 1e-9), m=size)
                    failure = Mismatch(
                        f"{label} does not match the numerical gradient of the cost: relative error {error:.2e} "
                        f"> threshold {threshold:.0e} (centred differences, h={h:g}, {len(indices)} entries checked); "
                        f"worst at {where or 'the value'}: yours {g[worst]:.8g}, numerical {n[worst]:.8g}"
                        + (f". {hint}" if hint else ""))
        finally:
            if errors:
                ctx.figures.append({"kind": "gradient", "errors": errors, "threshold": threshold})
        if failure is not None:
            raise failure

    return Check(name, function, "gradient", points, inputs, verify, tolerance=threshold, **options)

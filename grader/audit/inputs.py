"""Independent random inputs for a graded function, on which a surviving mutant is compared with the
reference: is it equivalent (the same outputs), or did the checks miss it?

They are made from the function's checks' inputs, with new values (never the checks' own): every float
array gets random values of the same shape and the same kind, so that the course's asserts (shapes,
``../shared/course/COURSE_ASSERTS.md``) and what the values mean still hold:

- 0/1 arrays (labels, predictions) stay 0/1, at random;
- arrays in [0, 1] (probabilities, activations of a sigmoid) stay strictly inside (0.02 to 0.98);
- non-negative arrays (ReLU activations) stay non-negative; others get values of the same spread;
- numbers keep their type (an ``int`` such as a size, an iteration count, a seed is kept; a float
  becomes another of the same sign and size); strings, ``None`` and booleans are kept;
- dicts, lists and tuples are rebuilt, item by item (a cache keeps its structure).

A check on the cat data, or a training run (``long``), is not used as a template: its inputs are too
big for a quick judgement, and the function's small checks have the same shapes of arguments.
"""

import numpy as np


def _array(value, rng):
    a = np.asarray(value)
    if a.dtype.kind not in "fc" or a.size == 0:
        return value
    real = a.real if a.dtype.kind == "c" else a
    finite = real[np.isfinite(real)]
    if finite.size and np.isin(finite, (0.0, 1.0)).all():
        new = rng.randint(0, 2, size=a.shape).astype(a.dtype)
    elif finite.size and finite.min() >= 0 and finite.max() <= 1:
        new = rng.uniform(0.02, 0.98, size=a.shape).astype(a.dtype)
    elif finite.size and finite.min() >= 0:
        new = np.abs(rng.randn(*a.shape)).astype(a.dtype) * (float(finite.std()) or 1.0)
    else:
        spread = float(finite.std()) if finite.size > 1 else abs(float(finite[0])) if finite.size else 1.0
        new = (rng.randn(*a.shape) * (spread or 1.0)).astype(a.dtype)
    return new if isinstance(value, np.ndarray) else new.item() if new.ndim == 0 else new


def perturbed(value, rng):
    """``value`` with new random values of the same shapes and kinds (see the module's docstring)."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes, int)):
        return value
    if isinstance(value, float):
        return float(np.sign(value) or 1.0) * abs(value) * float(rng.uniform(0.5, 1.5)) if value else value
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        return _array(value, rng)
    if isinstance(value, dict):
        return {k: perturbed(v, rng) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(perturbed(v, rng) for v in value)
    if isinstance(value, list):
        return [perturbed(v, rng) for v in value]
    return value


def random_inputs(checks, draws=3, seed=20261202):
    """``[(args, kwargs, seed)]``: ``draws`` new inputs per usable check of one function (see above)."""
    made = []
    for index, check in enumerate(c for c in checks if not c.needs_data and not c.long):
        try:
            args, kwargs = check.inputs()
        except Exception:  # noqa: BLE001 - a template that cannot be built is not used
            continue
        for draw in range(draws):
            rng = np.random.RandomState(seed + 1000 * index + draw)
            made.append((perturbed(tuple(args), rng), perturbed(dict(kwargs), rng), check.seed))
    return made

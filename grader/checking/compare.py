"""Compare a learner's output with the reference's, and say what is wrong in words.

The order of questions is always: is it there, is it the right kind of thing, the right shape,
finite, and then are the values close (``|found - expected| <= atol + rtol * |expected|``,
both sides cast to float64). On a mismatch the message names the variable, what was expected,
what was found, the largest error and where it is, and, when the output matches a classic
mistake, names the mistake: transposed, off by a factor (such as a missing 1/m), sign flipped,
missing ``keepdims``, probabilities instead of labels.

Correct code written differently passes: ``@`` or ``np.dot``, ``np.mean`` or ``sum / m``, int,
float or bool labels, a 0-d array or a float for a scalar, a tuple or a list for a sequence.
Types are strict only where a check says the course's contract needs it.
"""

import math
from dataclasses import dataclass

import numpy as np

from grader.isolate.protocol import Foreign

NUMBER_TYPES = (int, float, bool, np.ndarray, np.generic)


@dataclass(frozen=True)
class Tolerance:
    rtol: float = 1e-5
    atol: float = 1e-8

    def __str__(self):
        return f"rtol={self.rtol:g}, atol={self.atol:g}"


DEFAULT = Tolerance()


class Mismatch(Exception):
    """The output differs; ``str()`` is the message for the learner.

    ``mistake``: the description of the known mistake the output matches, when a check named one.
    """

    def __init__(self, message, mistake=None):
        super().__init__(message)
        self.mistake = mistake


def describe_type(value):
    if value is None:
        return "None"
    if isinstance(value, Foreign):
        return f"a {value.type_name} object"
    if isinstance(value, np.ndarray):
        return f"an ndarray of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, np.generic):
        return f"a numpy {type(value).__name__}"
    return f"a {type(value).__name__}"


def preview(value, limit=6):
    """A short, one-line rendering of a number or array."""
    if isinstance(value, (np.ndarray, np.generic)) and np.ndim(value) > 0:
        with np.printoptions(precision=8, threshold=limit, edgeitems=2, linewidth=10**6):
            return " ".join(np.array2string(np.asarray(value), separator=", ").split())
    if isinstance(value, (float, np.floating)) or (isinstance(value, np.ndarray) and value.dtype.kind == "f"):
        return repr(float(value))
    return repr(value.item() if isinstance(value, (np.ndarray, np.generic)) else value)


def _index(idx):
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def compare_shape(found, expected, name="output"):
    """Raise ``Mismatch`` unless ``found`` is an array or number of the shape of ``expected``."""
    _compare_numbers(found, expected, name, DEFAULT, None, None, values=False)


def compare(found, expected, name="output", tol=DEFAULT, *, m=None, strict_type=None, against="the reference"):
    """Raise ``Mismatch`` if ``found`` does not match ``expected``.

    Parameters
    ----------
    found, expected : nested dicts, tuples, lists, arrays and numbers
    name : str
        How the learner knows this value (``"grads['dW1']"``), used in messages.
    tol : Tolerance
    m : int, optional
        Number of examples, so that an output off by a factor m is named as a missing 1/m.
    strict_type : type, optional
        Demand exactly this type for a scalar (the course's contract, e.g. ``b`` a Python float).
    against : str
        What ``expected`` is, for messages ("the reference", "its value before the call").
    """
    if isinstance(expected, dict):
        if not isinstance(found, dict):
            raise Mismatch(f"{name} should be a dict with keys {sorted(map(str, expected))}, found {describe_type(found)}")
        missing = [k for k in expected if k not in found]
        if missing:
            raise Mismatch(f"{name} is missing the key{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
                           f"(it has {sorted(map(repr, found))})")
        for key in expected:
            compare(found[key], expected[key], f"{name}[{key!r}]", tol, m=m, against=against)
        return
    if isinstance(expected, (tuple, list)):
        if not isinstance(found, (tuple, list)):
            raise Mismatch(f"{name} should be a {type(expected).__name__} of {len(expected)} items, found {describe_type(found)}")
        if len(found) != len(expected):
            raise Mismatch(f"{name} should have {len(expected)} items, found {len(found)}")
        for i, (f, e) in enumerate(zip(found, expected)):
            compare(f, e, f"{name}[{i}]", tol, m=m, against=against)
        return
    if isinstance(expected, str):
        if not isinstance(found, str) or found != expected:
            raise Mismatch(f"{name} should be {expected!r}, found {found!r}")
        return
    _compare_numbers(found, expected, name, tol, m, strict_type, against=against)


def _compare_numbers(found, expected, name, tol, m, strict_type, values=True, against="the reference"):
    if found is None:
        raise Mismatch(f"{name} is None, expected {describe_type(expected)}: is a `return` or an assignment missing?")
    if strict_type is not None and type(found) is not strict_type:
        raise Mismatch(f"{name} should be a Python {strict_type.__name__} (the course's contract), "
                       f"found {describe_type(found)}: convert it with {strict_type.__name__}(...)")
    if isinstance(found, Foreign) or not isinstance(found, NUMBER_TYPES):
        raise Mismatch(f"{name} should be {describe_type(expected)}, found {describe_type(found)}")
    f = np.asarray(found)
    e = np.asarray(expected)
    if f.dtype.kind not in "biuf":
        raise Mismatch(f"{name} has dtype {f.dtype}, expected real numbers")
    f = f.astype(np.float64)
    e = e.astype(np.float64)
    if f.shape != e.shape:
        raise Mismatch(_shape_message(f, e, name, tol))
    if not values:
        return
    bad = ~np.isfinite(f) & np.isfinite(e)
    if bad.any():
        where = np.argwhere(bad)[0]
        kind = "NaN" if np.isnan(f[tuple(where)]) else "inf"
        raise Mismatch(f"{name} contains {kind} ({int(bad.sum())} of {f.size} entries, first at {_index(where)}) "
                       f"where {against} is finite: look for log(0), division by zero or overflow")
    close = np.isclose(f, e, rtol=tol.rtol, atol=tol.atol, equal_nan=True)
    if close.all():
        return
    raise Mismatch(_value_message(f, e, close, name, tol, m, against))


def _shape_message(f, e, name, tol):
    found_shape = f.shape if f.ndim else "() (a scalar)"
    expected_shape = e.shape if e.ndim else "() (a scalar)"
    text = f"{name} has shape {found_shape}, expected {expected_shape}"
    if e.ndim == 0 and f.size == 1:
        return f"{text}: squeeze it to a scalar (np.squeeze or float())"
    if f.ndim == 2 and f.T.shape == e.shape:
        return text + (": it is transposed" if np.allclose(f.T, e, rtol=tol.rtol, atol=tol.atol) else ": is it transposed?")
    if e.ndim == 0:
        return f"{text}: expected a single number; reduce over all entries (np.sum or np.mean with no axis)"
    if e.ndim == 2 and f.ndim == 1 and f.size == e.size:
        return (f"{text}: it is 1-D; keep the second axis (np.zeros({e.shape}), keepdims=True in a sum) "
                f"or reshape to {e.shape}")
    if f.size == e.size:
        return f"{text}: the right number of values in the wrong shape; reshape to {e.shape}"
    if e.ndim == 2 and f.ndim == 2 and 1 in e.shape and f.shape == (max(e.shape), max(e.shape)):
        return f"{text}: an ({e.shape[0]}, 1) and a (1, {e.shape[0]})-like array were broadcast together; check the axes"
    if e.ndim == 2 and f.ndim == 2 and f.shape == (1, 1):
        return f"{text}: everything was summed into one number; sum over one axis only (axis=1, keepdims=True?)"
    if e.ndim == 2 and f.ndim == 2 and e.shape[1] == 1 and f.shape[0] == 1:
        return f"{text}: summed over the wrong axis? Use axis=1 to sum over the examples"
    return text + ": check which dimensions your code reads from its inputs instead of writing sizes in"


def _value_message(f, e, close, name, tol, m, against):
    error = np.abs(f - e)
    worst = np.unravel_index(np.argmax(np.where(close, -np.inf, error)), f.shape) if f.ndim else ()
    found_at, expected_at = f[worst], e[worst]
    where = f" at {_index(worst)}" if f.ndim else ""
    n_bad = int((~close).sum())
    text = (f"{name} differs from {against} in {n_bad} of {f.size} entr{'y' if f.size == 1 else 'ies'}; "
            f"largest error {error[worst]:.3g}{where}: found {found_at:.8g}, expected {expected_at:.8g} ({tol})")
    hint = diagnose(f, e, tol, m)
    return f"{text}. {hint}" if hint else text


def diagnose(f, e, tol, m=None):
    """Name the classic mistake ``f`` shows against ``e`` (same shape), or return ''."""
    looser = dict(rtol=max(tol.rtol, 1e-4), atol=max(tol.atol, 1e-7))
    if f.ndim == 2 and f.shape[0] == f.shape[1] and f.shape[0] > 1 and np.allclose(f.T, e, **looser):
        return "It is the transpose of the expected matrix."
    if np.any(np.abs(e) > tol.atol) and np.allclose(f, -e, **looser):
        return "It is the expected value with the sign flipped."
    labels = e.size > 1 and np.isin(e, (0.0, 1.0)).all()
    if labels and not np.isin(f, (0.0, 1.0)).all() and ((f >= 0) & (f <= 1)).all():
        return "These look like probabilities; the expected output is 0/1 labels (threshold at 0.5)."
    nonzero = np.abs(e) > max(tol.atol, 1e-12)
    if nonzero.sum() >= 1 and np.all(np.abs(f[~nonzero]) <= 1e-9):
        ratios = f[nonzero] / e[nonzero]
        r = float(np.median(ratios))
        if r and np.allclose(ratios, r, rtol=1e-6, atol=0) and not math.isclose(r, 1.0, rel_tol=1e-6):
            if m and math.isclose(r, m, rel_tol=1e-6):
                return f"It is exactly m = {m} times the expected value: the 1/m is missing."
            if m and math.isclose(r, 1 / m, rel_tol=1e-6):
                return f"It is the expected value divided by m = {m} once too often."
            if nonzero.sum() >= 2:  # one number off by a factor says nothing about a constant
                return f"It is the expected value times {r:.6g}: look for a wrong constant factor."
    return ""

"""Words for a callback the reference could not run: the learner's code called a graded function,
which the check replaced by the reference, with arguments the reference cannot take.

The learner sees the call (who called it, where), each argument by the course's parameter name
with its type and shape, the reference's error in words, and which arguments the shapes in that
error belong to; the reference itself is the course's function, correct on the course's arguments.
"""

import inspect
import re

import numpy as np

from grader.isolate.protocol import Foreign

_SHAPE = re.compile(r"\((\d+(?:\s*,\s*\d+)*)\s*,?\s*\)")
# numpy's and Python's messages, in words a learner can act on.
_IN_WORDS = [
    (re.compile(r"boolean index did not match"), "an array was masked by another of a different shape"),
    (re.compile(r"could not be broadcast together"), "arrays whose shapes cannot be combined element by element"),
    (re.compile(r"matmul: Input operand|not aligned"), "a matrix product of shapes that do not fit "
                                                       "((a, b) @ (c, d) needs b == c)"),
    (re.compile(r"(not enough|too many) values to unpack"), "an argument does not hold the number of items "
                                                            "the course's function takes apart"),
    (re.compile(r"index out of range"), "an argument holds fewer items than the course's function reads"),
    (re.compile(r"required positional argument|positional arguments? but|unexpected keyword argument"),
     "the call does not give the arguments the course's function takes"),
]


def describe(value, depth=0):
    """``array (3, 4)``, ``tuple of 2 (array (5, 4), array (1, 5))``, ``dict with keys W1, b1``."""
    if isinstance(value, np.ndarray):
        return f"array {value.shape}"
    if isinstance(value, (tuple, list)):
        inner = ""
        if value and len(value) <= 4 and depth < 2:
            inner = " (" + ", ".join(describe(v, depth + 1) for v in value) + ")"
        return f"{type(value).__name__} of {len(value)}{inner}"
    if isinstance(value, dict):
        keys = [str(k) for k in value][:8]
        return f"dict with keys {', '.join(keys)}{', ...' if len(value) > 8 else ''}" if keys else "empty dict"
    if isinstance(value, Foreign):
        return f"a {value.type_name} object"
    if isinstance(value, (str, int, float, bool, np.generic)) or value is None:
        text = repr(value.item() if isinstance(value, np.generic) else value)
        return text if len(text) <= 30 else text[:27] + "..."
    return type(value).__name__


def _named(reference, args, kwargs):
    """``[(name, value)]``: the arguments by the reference's parameter names (or their positions)."""
    try:
        parameters = [p.name for p in inspect.signature(reference).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        parameters = []
    named = [(parameters[i] if i < len(parameters) else f"argument {i + 1}", v) for i, v in enumerate(args)]
    return named + list(kwargs.items())


def _arrays(value, label, depth=0):
    """``[(label, shape)]`` of the arrays in ``value`` (``cache[0][1]``)."""
    if isinstance(value, np.ndarray):
        return [(label, value.shape)]
    if depth >= 3:
        return []
    if isinstance(value, (tuple, list)):
        return [a for i, v in enumerate(value) for a in _arrays(v, f"{label}[{i}]", depth + 1)]
    if isinstance(value, dict):
        return [a for k, v in value.items() for a in _arrays(v, f"{label}[{k!r}]", depth + 1)]
    return []


def _whose_shapes(error_text, named):
    """Which arguments have the shapes an error message names: ``dA (1, 4) and cache[1] (3, 4)``."""
    shapes = [tuple(int(n) for n in m.split(",")) for m in _SHAPE.findall(error_text)]
    arrays = [a for name, value in named for a in _arrays(value, name)]
    found = []
    for shape in dict.fromkeys(shapes):
        same = [f"{label} {shape}" for label, s in arrays if s == shape]
        turned = [f"{label} {s} transposed" for label, s in arrays if len(s) == 2 and s[::-1] == shape != s]
        found += [text for text in (same or turned)[:2] if text not in found]
    return found


def signature(name, reference):
    try:
        return f"{name}{inspect.signature(reference)}"
    except (TypeError, ValueError):
        return name


def caller(at):
    """``your L_model_backward (a.py, line 12)``: the learner's code that made a call (``at``), or ``your code``."""
    if isinstance(at, list) and len(at) == 3 and isinstance(at[0], str) and isinstance(at[1], int) \
            and isinstance(at[2], str):
        return f"your {at[2]} ({at[0]}, line {at[1]})"
    return "your code"


def failure(name, reference, args, kwargs, error, at, own=False):
    """The learner's message for the reference ``name`` raising ``error`` on the learner's arguments;
    ``at``: ``[filename, line, function]`` of the learner's code that made the call, or None. ``own``: the
    learner edition had no answer, and the learner's own ``name`` (which passed its checks) raised."""
    named = _named(reference, args, kwargs)
    call = f"{name}({', '.join(f'{n}={describe(v)}' for n, v in named)})"
    who = f"{caller(at)} called"
    text = f"{type(error).__name__}: {str(error)[:2000]}"
    words = next((w for pattern, w in _IN_WORDS if pattern.search(text)), "")
    if isinstance(error, KeyError):
        words = f"a dict argument has no key {error}"
    whose = _whose_shapes(str(error), named)
    lines = [f"{who} {call},",
             (f"and your own {name}, standing in for the grader's (this learner edition holds the reference's "
              f"answers, not its code, and has none for these arguments), cannot run on them: {text}" if own else
              f"and the grader's {name} cannot run on these arguments: {text}")
             + (f" ({words})" if words else "") + ".",
             ]
    if whose:
        lines.append(f"The shapes in this error are those of {' and '.join(whose)}.")
    if own:
        lines.append(f"Your {name} passed its own checks: look at what your code passes to it.")
    else:
        lines.append(f"The grader's {name} is the course's {signature(name, reference)}, correct on the course's "
                     f"arguments: look at what your code passes to it.")
    return " ".join(lines)

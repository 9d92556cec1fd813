"""Side effects on a call's arguments: what the learner's function changed in the inputs it was given.

The learner's process keeps a copy of the arguments before each call (``snapshot``) and lists what
differs after it (``changes``): arrays compared exactly (NaN equal to NaN), dicts, lists and tuples
item by item. A change is plain data, so that it crosses the channel and is put into words by the
grader (``describe``):

``{"arg": 0 or "name", "path": [key or index, ...], "kind": "values" | "shape" | "dtype" | "type" |
"added" | "removed" | "length", ...}`` with, for ``values``: ``differ``, ``size``, ``max_change``,
``zeros`` (all zeros after, not before); for the others ``before`` and ``after`` (a shape, a dtype,
a type name, a key, a length).
"""

import inspect
import weakref

import numpy as np

MAX_CHANGES = 20  # changes reported per call
KINDS = ("values", "shape", "dtype", "type", "added", "removed", "length")


def _copy(value):
    if type(value) is np.ndarray:
        return value.copy()
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(_copy(v) for v in value)
    return value  # numbers, strings, None: immutable; anything else is not compared


def snapshot(args, kwargs):
    """A copy of the arguments as they are before the call."""
    return _copy(list(args)), _copy(dict(kwargs))


def _kind(value):
    return "array" if type(value) is np.ndarray else type(value).__name__


def _compare(before, after, path, found):
    if len(found) >= MAX_CHANGES:
        return
    if type(before) is not type(after):
        found.append({"path": path, "kind": "type", "before": _kind(before), "after": _kind(after)})
    elif type(before) is np.ndarray:
        _compare_arrays(before, after, path, found)
    elif type(before) is dict:
        for key in before:
            if key not in after:
                found.append({"path": path, "kind": "removed", "before": repr(key)[:60]})
        for key in after:
            if key not in before:
                found.append({"path": path, "kind": "added", "after": repr(key)[:60]})
        for key in before:
            if key in after:
                _compare(before[key], after[key], path + [key if isinstance(key, (str, int)) else repr(key)[:60]],
                         found)
    elif type(before) in (list, tuple):
        if len(before) != len(after):
            found.append({"path": path, "kind": "length", "before": len(before), "after": len(after)})
            return
        for i, (b, a) in enumerate(zip(before, after)):
            _compare(b, a, path + [i], found)


def _compare_arrays(before, after, path, found):
    if before.shape != after.shape:
        found.append({"path": path, "kind": "shape", "before": str(before.shape), "after": str(after.shape)})
    elif before.dtype != after.dtype:
        found.append({"path": path, "kind": "dtype", "before": str(before.dtype), "after": str(after.dtype)})
    elif not np.array_equal(before, after) and not np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"):
        old, new = before.astype(np.complex128 if before.dtype.kind == "c" else np.float64), \
            after.astype(np.complex128 if after.dtype.kind == "c" else np.float64)
        differ = ~((old == new) | (np.isnan(old) & np.isnan(new)))
        with np.errstate(all="ignore"):
            gaps = np.abs(new - old)[differ]
        finite = gaps[np.isfinite(gaps)]
        found.append({"path": path, "kind": "values", "differ": int(differ.sum()), "size": int(before.size),
                      "max_change": float(finite.max()) if finite.size else float("inf"),
                      "zeros": bool(np.any(old != 0) and not np.any(new != 0))})


def changes(before, args, kwargs):
    """What differs between ``before`` (a ``snapshot``) and the arguments now, as plain dicts."""
    found = []
    old_args, old_kwargs = before
    for i, (b, a) in enumerate(zip(old_args, args)):
        start = len(found)
        _compare(b, a, [], found)
        for change in found[start:]:
            change["arg"] = i
    for name, b in old_kwargs.items():
        start = len(found)
        _compare(b, kwargs.get(name), [], found)
        for change in found[start:]:
            change["arg"] = name
    return found[:MAX_CHANGES]


# -- the grader's side ------------------------------------------------------------------------------

def valid(changes):
    """The well-formed entries of what the learner's process reported (it is not trusted)."""
    if not isinstance(changes, list):
        return []
    kept = []
    for c in changes[:MAX_CHANGES]:
        if (isinstance(c, dict) and c.get("kind") in KINDS and type(c.get("arg")) in (int, str)
                and isinstance(c.get("path"), list) and all(type(p) in (int, str) for p in c["path"])):
            kept.append(c)
    return kept


def label(name, path):
    """``parameters['W1']``, ``caches[0][1]``: where a change is."""
    return name + "".join(f"[{step!r}]" for step in path)


def _number(x):
    return f"{x:.3g}" if isinstance(x, float) else str(x)


def describe(change, name):
    """One change in words: ``X became all zeros``, ``parameters['W1'] changed: 12 of 12 values differ``."""
    where, kind = label(name, change["path"]), change["kind"]
    if kind == "values":
        if change.get("zeros"):
            return f"{where} became all zeros"
        size = change.get("size")
        most = change.get("max_change")
        largest = f", largest change {_number(most)}" if isinstance(most, float) else ""
        return f"{where} changed: {change.get('differ')} of {size} values differ{largest}"
    if kind == "shape":
        return f"{where} changed shape from {change.get('before')} to {change.get('after')}"
    if kind == "dtype":
        return f"{where} changed dtype from {change.get('before')} to {change.get('after')}"
    if kind == "type":
        return f"{where} was replaced: it was a {change.get('before')}, it is now a {change.get('after')}"
    if kind == "added":
        return f"the key {change.get('after')} was added to {where}"
    if kind == "removed":
        return f"the key {change.get('before')} was removed from {where}"
    return f"{where} had {change.get('before')} items, it now has {change.get('after')}"


def argument_names(function, args, kwargs):
    """``{0: "X", "Y": "Y"}``: each argument of a call by the name ``function``'s signature gives it."""
    names = {name: name for name in kwargs}
    parameters = _positional(function)
    for i in range(len(args)):
        names[i] = parameters[i] if i < len(parameters) else f"argument {i + 1}"
    return names


_POSITIONAL = weakref.WeakKeyDictionary()  # function -> its positional parameters' names (each check asks)


def _positional(function):
    """The names of ``function``'s positional parameters, as ``inspect.signature`` gives them."""
    own = inspect.unwrap(function, stop=lambda f: hasattr(f, "__signature__"))
    try:
        return _POSITIONAL[own]
    except (KeyError, TypeError):
        pass
    try:
        names = tuple(p.name for p in inspect.signature(function).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    except (TypeError, ValueError):
        names = ()
    try:
        _POSITIONAL[own] = names
    except TypeError:
        pass
    return names


def _and(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def message(function, changes, names, may_change=(), consequence=""):
    """The learner's message for the ``changes`` the contract does not allow, or "" when there are none.

    ``names`` maps each argument (position or keyword) to its name; ``consequence``: a text, or
    ``{argument name: text}``; ``{now}`` in it stands for what the argument became ("zeros" or
    "a changed X").
    """
    by_name = {}
    for change in changes:
        name = names.get(change["arg"], str(change["arg"]))
        if name not in may_change:
            by_name.setdefault(name, []).append(change)
    if not by_name:
        return ""
    which, one = _and(list(by_name)), len(by_name) == 1
    words = "; ".join(describe(c, name) for name, found in by_name.items() for c in found)
    after = []
    for name, found in by_name.items():
        text = consequence.get(name, "") if isinstance(consequence, dict) else consequence
        if text:
            now = "zeros" if all(c.get("zeros") for c in found) else f"a changed {name}"
            after.append(text.format(name=name, now=now).rstrip("."))
    first = next(iter(by_name))
    return (f"{function} changed {'its argument' if one else 'its arguments'} {which} in place: {words}. "
            f"The caller's {which} {'changes' if one else 'change'} with {'it' if one else 'them'}"
            f"{': ' + '; '.join(after) if after else ''}. "
            f"Compute new values instead ({first} = {first} * ..., not {first} *= ... or {first}[...] = ...), "
            f"or work on a copy (copy.deepcopy({first})).")

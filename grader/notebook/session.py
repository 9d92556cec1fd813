"""Where the code ``check`` grades comes from (runs in the kernel; imports nothing heavy).

- A function defined in a cell of this IPython session: the session's cells, as IPython recorded
  their sources in its input history (``history_manager.input_hist_raw``, this session's only; the
  history database of earlier sessions is never read), in the order they ran, so that a later
  definition wins, unsaved edits count and nothing is run again. A cell that does not compile is
  left out, as it defined nothing in the kernel.
- A function whose code object names a ``.py`` file (imported from a module, or defined by
  ``%run script.py``, or in a plain script): that file, read as ``grade`` reads it.
- A function compiled from a string (``exec``, ``<stdin>``): its code cannot be read; a clear error.
"""

import inspect
import os
import types

from grader.errors import CannotGrade


class NotCheckable(CannotGrade):
    """What ``check`` was given cannot be graded; one line, shown instead of a traceback."""


def ipython():
    """The running IPython shell, or None (plain Python, or IPython not installed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def kernel_cells(shell):
    """This session's cells that compiled, as notebook cells ({"source", "execution_count", ...}), in the
    order they ran; and those that did not compile: (execution count, source, the error)."""
    history = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None) or []
    cells, failed = [], []
    for count, source in enumerate(history):
        if count == 0 or not isinstance(source, str) or not source.strip():
            continue
        try:
            compile(shell.transform_cell(source), f"<cell {count}>", "exec")
        except (SyntaxError, ValueError, OverflowError) as e:
            failed.append((count, source, f"{type(e).__name__}: {getattr(e, 'msg', e)}"))
            continue
        cells.append({"cell_type": "code", "source": source, "metadata": {}, "execution_count": count})
    return cells, failed


def saved_notebook(shell):
    """The notebook file this kernel was started for, if Jupyter said so (``__session__``,
    ``JPY_SESSION_NAME``) and it is here; else None."""
    named = (getattr(shell, "user_ns", {}) or {}).get("__session__") or os.environ.get("JPY_SESSION_NAME")
    if not isinstance(named, str) or not named.endswith(".ipynb"):
        return None
    for path in (named, os.path.join(os.getcwd(), os.path.basename(named))):
        if os.path.isfile(path):
            return os.path.abspath(path)
    return None


def describe(thing):
    """``an int``, ``the class Foo``: what was passed, in words."""
    if inspect.isclass(thing):
        return f"the class {thing.__name__}"
    kind = type(thing).__name__
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def function_named(target, namespace):
    """The function ``check`` is asked about: a function object, or a name looked up in ``namespace``
    (the caller's globals; in a notebook, the kernel's). NotCheckable with one line otherwise."""
    if isinstance(target, str):
        if not target.isidentifier():
            raise NotCheckable(f"check({target!r}): expected the name of a graded function, such as "
                               f"check(\"sigmoid\") or check(sigmoid)")
        if target not in namespace:
            raise NotCheckable(f"{target} is not defined here yet: run the cell that defines it, then check again")
        found = namespace[target]
        if not isinstance(found, types.FunctionType):
            raise NotCheckable(f"{target} is {describe(found)} here, not a function written with def: "
                               f"was the name reused after the function's cell ran?")
        return found
    if isinstance(target, (types.BuiltinFunctionType, types.BuiltinMethodType)):
        raise NotCheckable(f"check({target.__name__}): {target.__name__} is a built-in function, not one you "
                           f"wrote; pass one of your graded functions, such as check(sigmoid)")
    if inspect.isclass(target):
        raise NotCheckable(f"check({target.__name__}): {target.__name__} is a class; check takes one of your "
                           f"graded functions (or its name), such as check(sigmoid)")
    if isinstance(target, types.MethodType):
        target = target.__func__
    if not isinstance(target, types.FunctionType):
        raise NotCheckable(f"check() takes one of your graded functions or its name, such as check(sigmoid); "
                           f"it was given {describe(target)}")
    if target.__name__ == "<lambda>":
        raise NotCheckable("check() was given a lambda: graded functions are written with def under their "
                           "own name (def sigmoid(z): ...); check that one")
    return target


def origin(function, shell):
    """Where ``function`` was defined: ("cell", execution count) for a cell of this session,
    ("file", path) for a .py file; NotCheckable when its code cannot be read."""
    filename = function.__code__.co_filename
    cells = getattr(getattr(shell, "compile", None), "_filename_map", None) or {}
    if filename in cells:
        return "cell", cells[filename]
    if filename.startswith("<ipython-input-"):  # older IPython: <ipython-input-12-0123abcd>
        return "cell", int(filename.split("-")[2]) if filename.split("-")[2].isdigit() else None
    if os.path.isfile(filename) and filename.endswith(".py"):
        return "file", os.path.abspath(filename)
    name = function.__name__
    raise NotCheckable(f"{name} was compiled from a string ({filename}: exec, or typed at a Python prompt), "
                       f"so its code cannot be read; define {name} in a notebook cell or a .py file and check again")


def not_compiled_notes(failed, names):
    """A line for each cell that did not compile and defines a checked function: the kernel still has
    that function's earlier definition (if any), and that is what is graded."""
    import re

    notes = []
    for count, source, error in failed:
        for name in names:
            if re.search(rf"^\s*def\s+{re.escape(name)}\s*\(", source, re.MULTILINE):
                notes.append(f"cell [{count}], which defines {name}, does not compile ({error}): it defined nothing, "
                             f"so the {name} checked here is the kernel's earlier one; fix that cell and run it again")
    return notes

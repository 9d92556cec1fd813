"""Check one function from where the learner works: ``from grader import check``, then ``check(sigmoid)``.

``check(sigmoid)`` or ``check("sigmoid")`` grades that function as it is defined *now*, with exactly the
checks ``grade`` runs (same names, points and messages), and returns a ``CheckResult`` (rich HTML in
Jupyter, text elsewhere). ``check()`` checks every graded function defined so far.

The code comes from where the function was defined (``grader.notebook.session``): in a notebook,
the cells this kernel has run, in the order it ran them; a function of a ``.py`` file (imported, or
``%run``), that file. The grading itself runs in a separate grading process
(``grader.notebook.server``), started on the first check and kept, and the learner's code in that
process's confined learner processes, as with ``grade``: never in the kernel, whose variables are
not touched. An endless loop ends at the check's time limit; interrupting the kernel stops the
grading process and every process it started.

Nothing here is imported by the learner's process: the loader leaves ``from grader import check``
and the ``check(...)`` calls out of a grading without a word.
"""

import inspect

from grader.notebook.session import NotCheckable


def check(function=None, assignment=None):
    """Grade ``function`` (a function or its name; None: every graded function defined so far) with
    the checks of ``assignment`` (its id, e.g. ``"w2a2"``; found from the functions defined if
    omitted). Returns a ``CheckResult``; outside IPython the report is also printed."""
    __tracebackhide__ = True  # IPython shows an interrupted check without the grader's frames
    from grader.notebook import client, session
    from grader.notebook.result import CheckResult

    shell = session.ipython()
    caller = inspect.currentframe().f_back
    namespace = caller.f_globals if caller is not None else {}
    del caller
    try:
        request, notebook, notes = _request(function, assignment, shell, namespace)
        progress = client.Progress(", ".join(request["functions"]) or "your functions",
                                   rich=_is_jupyter(shell))
        try:
            reply = client.Server.get().request(request, progress)
        except KeyboardInterrupt:
            raise KeyboardInterrupt("check was interrupted: the grading and every process it started were "
                                    "stopped") from None
        finally:
            progress.clear()
        if reply.get("op") == "error":
            raise NotCheckable(reply.get("message", "the grader could not grade this"))
    except NotCheckable as e:
        return _refusal(str(e), shell)
    result = CheckResult.from_reply(reply, notebook)
    result.notes = notes + result.notes
    if shell is None:
        print(result)
    return result


def _request(function, assignment, shell, namespace):
    """The request for the grading process, the saved notebook's file name ('' if unknown), and notes
    on the kernel's cells (one that defines a checked function and did not compile)."""
    from grader.notebook import session

    if assignment is not None and not isinstance(assignment, str):
        raise NotCheckable(f"check(..., assignment=...) takes an assignment id such as \"w2a2\", "
                           f"not {session.describe(assignment)}")
    names = []
    if function is None:
        kind, where = ("cell", None) if shell is not None and hasattr(shell, "history_manager") else \
            ("file", _main_file())
    else:
        function = session.function_named(function, namespace)
        names = [function.__name__]
        kind, where = session.origin(function, shell)
    notebook, notes = "", []
    if kind == "cell":
        cells, failed = session.kernel_cells(shell)
        notes = session.not_compiled_notes(failed, names)
        saved = session.saved_notebook(shell)
        notebook = saved.rsplit("/", 1)[-1] if saved else ""
        source = {"cells": cells, "name": notebook or "this kernel", "metadata": _metadata(saved)}
    else:
        source, saved = {"file": where}, None
    request = {"op": "check", "source": source, "functions": names, "assignment": assignment, "notebook": saved}
    return request, notebook, notes


def _metadata(saved):
    """The saved notebook's metadata (our generated notebooks say their assignment there), or {}."""
    if not saved:
        return {}
    import json

    try:
        with open(saved, encoding="utf-8") as f:
            metadata = json.load(f).get("metadata", {})
        return metadata if isinstance(metadata, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def _main_file():
    import sys

    path = getattr(sys.modules.get("__main__"), "__file__", None)
    if not path:
        raise NotCheckable("check() with no function reads the code of a notebook or a script; here there is "
                           "neither: pass the function, e.g. check(sigmoid)")
    return path


def _is_jupyter(shell):
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class Refusal(str):
    """Why ``check`` graded nothing: one line, shown as it is (no traceback of the grader)."""

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        import html

        return f'<div style="color:#cf222e">check: {html.escape(self)}</div>'

    passed = False
    score = 0.0
    max_score = 0.0
    results = ()


def _refusal(message, shell):
    refusal = Refusal(message)
    if shell is None:
        print(f"check: {message}")
    return refusal


__all__ = ["check"]

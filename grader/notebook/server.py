"""The grading process behind ``check``: ``python -m grader.notebook.server``.

The kernel starts it once (``grader.notebook.client``) and keeps it: its imports and its caches stay
warm, so a check costs what its learner process costs. It reads one request a line on stdin and
answers with lines on stdout (JSON), and runs the engine exactly as ``grade`` does; the learner's
code runs in the engine's confined learner processes, never here and never in the kernel.

Request: ``{"op": "check", "source": {"cells": [...], "name": "W2A1.ipynb"} or {"file": path},
"functions": [names] ([]: every graded function defined), "assignment": id or null,
"notebook": the saved notebook's path or null}``.

Replies: ``{"op": "progress", "done", "total", "elapsed", "expected"}`` while it grades (``expected``:
the seconds the same checks took last time here, from the reference cache's record, or null), and
``{"op": "checked", "name", "outcome", "score", "max_score", "elapsed"}`` as each check ends; then
one ``{"op": "result", ...}`` (``result`` below) or ``{"op": "error", "message": one line}``.

On SIGTERM (the kernel was interrupted) it kills its learner processes and ends at once.
"""

import ast
import json
import os
import signal
import sys
import threading
import time

from grader import course as courses
from grader.errors import CannotGrade

PROGRESS_EVERY = 0.25  # seconds between progress lines


def _reply(channel, lock, message):
    with lock:
        channel.write(json.dumps(message) + "\n")
        channel.flush()


def _load(source):
    from grader.load import reader

    if "file" in source:
        return reader.load(source["file"])
    return reader.load_cells(source.get("name") or "this kernel", source["cells"], source.get("metadata") or {},
                             session=True)


def _assignment(submission, functions, asked, active):
    """The assignment to grade against: the one asked, else the one whose graded functions include
    ``functions`` (the notebook's stamp, its name, or the functions defined decide between several)."""
    if asked is not None:
        if asked not in active.ids:
            raise CannotGrade(f"unknown assignment {asked!r}: the assignments are {', '.join(active.ids)}")
        return asked
    having = [a for a in active.ids if set(functions) <= _known(active.assignment(a))]
    if functions and not having:
        owners = {f: [a for a in active.ids if f in _known(active.assignment(a))] for f in functions}
        for f, found in owners.items():
            if not found:
                raise CannotGrade(_not_graded(f, active))
        raise CannotGrade(f"{', '.join(functions)} are not graded functions of one assignment "
                          f"({'; '.join(f'{f}: {chr(44).join(a)}' for f, a in owners.items())}): check them one by one")
    if len(having) == 1:
        return having[0]
    try:
        found = courses.detect_assignment(submission, active)
    except CannotGrade:
        found = None
    if found in having:
        return found
    names = ", ".join(functions) or "the functions defined"
    choices = " or ".join(f'assignment="{a}"' for a in having) if functions else \
        " or ".join(f'assignment="{a}"' for a in active.ids)
    raise CannotGrade(f"{names} belong to several assignments ({', '.join(having or active.ids)}): "
                      f"say which, e.g. check({functions[0] if functions else ''}"
                      f"{', ' if functions else ''}{choices.split(' or ')[0]}) ({choices})")


def _known(assignment):
    """The names a graded function of ``assignment`` is checked by: its newest name, or its name in an older
    version (W2A1 v3a ``normalizeRows``)."""
    return {*assignment.functions, *(old for v in assignment.versions for old in v.renamed.values())}


def _not_graded(name, active, assignment=None):
    if assignment is not None:
        graded = active.assignment(assignment).functions
        others = [a for a in active.ids if a != assignment and name in active.assignment(a).functions]
        elsewhere = f" (it is a graded function of {', '.join(others)})" if others else ""
        return (f"{name} is not a graded function of {assignment}{elsewhere}; the graded functions of "
                f"{assignment} are {', '.join(graded)}")
    rows = "; ".join(f"{a}: {', '.join(active.assignment(a).functions)}" for a in active.ids)
    return f"{name} is not a graded function of this course; the graded functions are {rows}"


def _definition(submission, name):
    """The last top-level ``def name`` of ``submission`` (its syntax tree, without positions), or None."""
    from grader.checking.vectorize import definitions

    found = definitions(submission.chunks).get(name)
    return ast.dump(found[1], include_attributes=False) if found else None


def _differs(submission, saved_path, functions):
    """The checked functions whose definition in the saved notebook is not the kernel's (comments and
    blank lines aside)."""
    from grader.load import reader

    try:
        saved = reader.load(saved_path)
    except reader.SubmissionError:
        return []
    return [f for f in functions if _definition(submission, f) != _definition(saved, f)]


def check(request, progress):
    """Grade what ``request`` asks for; the ``result`` reply (a dict of plain data)."""
    from grader.checking import results_cache
    from grader import engine
    from grader.render import formats

    active = courses.active()
    submission = _load(request["source"])
    functions = list(dict.fromkeys(request.get("functions") or []))
    assignment = _assignment(submission, functions, request.get("assignment"), active)
    version = courses.version_of(submission, assignment, None, active)
    graded = active.assignment(assignment, version).functions
    chosen, unknown = engine.only_functions(active.assignment(assignment, version), functions)
    if unknown:  # a name of another version than the notebook's
        raise CannotGrade(_not_graded(unknown[0], active, assignment))
    functions = list(chosen)  # as the notebook's version names them (normalize_rows -> normalizeRows in v3a)
    if not functions:
        functions = [f for f in graded if f in submission.defined]
        if not functions:
            raise CannotGrade(f"no graded function of {assignment} is defined yet "
                              f"(its graded functions are {', '.join(graded)}): run their cells first")
    checks = [c for c in active.assignment(assignment, version).checks if c.function in functions]
    progress.expected = _expected_seconds(active, assignment, checks)
    cache = results_cache.ResultCache(reuse=True)  # the learner's own feedback: as `grade FILE` text
    drawing = _drawing()
    grading = engine.grade_submission(submission, assignment, only=functions, jobs=os.cpu_count() or 1,
                                      progress=progress, course=active, result_cache=cache,
                                      course_version=version, on_check=progress.checked, pictures=drawing is not None)
    notebook = request.get("notebook")
    differs = _differs(submission, notebook, functions) if notebook and "cells" in request["source"] else []
    title = active.assignment(assignment, version).title
    document = grading.to_dict()
    notes = list(grading.notes)
    if drawing is None:
        notes.append(NO_PICTURES)
    for test, result in zip(document["tests"], grading.results):  # drawn here, in the grading process
        test["pictures"] = "".join(drawing(figure) for figure in result.figures) if drawing else ""
    return {"op": "result", "assignment": assignment, "title": title, "course_version": grading.course_version,
            "functions": functions, "score": grading.score, "max_score": grading.max_score,
            "passed": grading.passed, "tests": document["tests"], "notes": notes,
            "advice": list(getattr(grading, "advice", []) or []),
            "text": formats.to_text(grading, title), "differs": differs, "seconds": round(grading.seconds, 3)}


NO_PICTURES = ("Pictures (cost curves, decision boundaries) need matplotlib, which this environment lacks: "
               "pip install -e '.[notebook]' (or '.[html]'), then restart the kernel")


def _drawing():
    """``figure_html`` when matplotlib can draw here, else None (the verdicts come without pictures)."""
    from grader.render import pictures

    try:
        pictures.pyplot()
    except pictures.PicturesUnavailable:
        return None
    from grader.render.html import figure_html

    return figure_html


class Progress:
    """The engine's ``progress(done, total)``, sent as a line at most every ``PROGRESS_EVERY`` s, with the
    time the same checks took at the last grading here (the estimate a progress bar can show)."""

    def __init__(self, send, expected):
        self.send, self.expected = send, expected
        self.start = time.monotonic()
        self.done = self.total = 0
        self.stop = threading.Event()
        self.ticker = threading.Thread(target=self._tick, daemon=True)
        self.ticker.start()

    def __call__(self, done, total):
        self.done, self.total = done, total

    def checked(self, result):
        """A check's verdict, sent as soon as it is known: ``{"op": "checked", "name", "outcome", "score",
        "max_score", "elapsed"}`` (a model's early run comes first, so a broken model is told in seconds)."""
        self.send({"op": "checked", "name": result.check.name, "outcome": result.outcome, "score": result.score,
                   "max_score": result.check.points, "elapsed": round(time.monotonic() - self.start, 3)})

    def _tick(self):
        while not self.stop.wait(PROGRESS_EVERY):
            self.send({"op": "progress", "done": self.done, "total": self.total,
                       "elapsed": round(time.monotonic() - self.start, 2), "expected": self.expected})

    def close(self):
        self.stop.set()
        self.ticker.join()


def _expected_seconds(active, assignment, checks):
    """What the longest of ``checks`` took at the last grading here (the reference cache's record of
    passed checks), or None before any: a guide for the progress bar, not a promise."""
    from grader.checking.refcache import ReferenceCache

    known = ReferenceCache(sources=active.files).durations()
    times = [known[f"{assignment}/{c.name}"] for c in checks if f"{assignment}/{c.name}" in known]
    return round(max(times), 2) if times else None


def _children():
    """This process's child processes (the learner processes of the engine): from /proc on Linux,
    else from ``pgrep -P`` (macOS)."""
    me, found = os.getpid(), []
    if not os.path.isdir("/proc"):
        import subprocess

        try:
            listed = subprocess.run(["pgrep", "-P", str(me)], capture_output=True, text=True, timeout=2).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        return [int(pid) for pid in listed.split() if pid.isdigit()]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                if int(fields[1]) == me:
                    found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


def _stop(_signal, _frame):
    """SIGTERM: kill every learner process (each leads its own process group) and end now."""
    from grader.isolate import sandbox

    for pid in _children():
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
                break
            except OSError:
                continue
        try:
            sandbox.sweep(pid)
        except Exception:  # noqa: BLE001 - ending anyway
            pass
    os._exit(1)


def main():
    # stdout is the channel: whatever else prints (a library's warning) goes to stderr.
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    signal.signal(signal.SIGTERM, _stop)
    if hasattr(os, "sched_getaffinity"):
        try:  # end with the kernel, even if it is killed outright (Linux)
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    lock = threading.Lock()
    _reply(channel, lock, {"op": "ready", "pid": os.getpid()})
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            _reply(channel, lock, {"op": "error", "message": "the grading process got a request it cannot read"})
            continue
        progress = Progress(lambda m: _reply(channel, lock, m), None)
        try:
            reply = check(request, progress)
        except CannotGrade as e:
            reply = {"op": "error", "message": str(e)}
        except Exception as e:  # noqa: BLE001 - a check must never print the grader's traceback
            reply = {"op": "error", "message": f"the grader failed: {type(e).__name__}: {e}",
                     "internal": True}
        finally:
            progress.close()
        _reply(channel, lock, reply)


if __name__ == "__main__":
    main()

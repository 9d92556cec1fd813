"""The learner's process: loads the submission, calls what the grader asks, returns plain data.

It is started by ``grader.isolate.runner`` as ``python -I -m grader.isolate.child READ_FD WRITE_FD`` and talks
only through those two pipes (see ``grader.isolate.protocol``). It never sees the reference solutions:
when a graded function calls another graded function, the call is forwarded to the grader
(a *callback*), which runs the reference and sends the result back.

Requests and replies (all plain dicts):

- ``{"op": "load", "chunks": [[filename, source], ...]}`` -> ``{"status": "ok", "notes": [...]}``.
  Each top-level statement runs on its own, so one failing import does not hide the functions.
- ``{"op": "call", "function", "args", "kwargs", "seed", "proxies", "return_args"}`` ->
  ``{"status": "ok" | "error" | "not_implemented" | "missing", "value", "stdout", "warnings", ...}``;
  ``"changed"``: what the call changed in its arguments (``grader.isolate.effects``); an error has
  ``"name"`` for a NameError, and ``"cause": "reference"`` when a callback failed (``"no_answer"`` when the
  learner edition had no answer to it and the learner's own function could not stand in).
  With ``"count_lines": [filename, first, last]`` the reply has ``"line_counts": [[line, times run], ...]``
  for the lines of the learner's code objects that start between lines ``first`` and ``last`` of
  ``filename`` (a function, its comprehensions and nested functions): how often each loop turned
  (``grader.checking.vectorize``).
  While running, the child may send ``{"op": "callback", "function", "args", "kwargs", "rng", "at"}``
  (``at``: the learner's file, line and function that made the call) and waits for
  ``{"status": "ok", "value", "rng"}`` or ``{"status": "error", "message"}`` (the grader's words), or, in
  the learner edition, ``{"status": "no_answer", "message"}``: the learner's own function then answers
  when its proxy entry is ``[name, rng, true]`` (it passed its own checks; what it raises is told as the
  reference's failure would be), else the call fails.
"""

import ast
import contextlib
import io
import linecache
import os
import sys
import time
import traceback
import types
import warnings

import numpy as np

from grader.isolate import callback, effects, sandbox
from grader.isolate.protocol import ProtocolError, read_message, write_message

MAX_CAPTURE = 64 * 1024  # characters of printed output kept per call
OUTPUT_FILE = "output.txt"  # where the grader sends file descriptors 1 and 2 (grader.isolate.runner)
BLOCKED_PACKAGES = ("solutions", "grader")


class CappedText(io.TextIOBase):
    """A text stream that keeps the first ``MAX_CAPTURE`` characters and counts the rest."""

    def __init__(self):
        self.parts, self.kept, self.dropped = [], 0, 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = MAX_CAPTURE - self.kept
        self.parts.append(text[:room])
        self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - room)
        return len(text)

    def getvalue(self):
        tail = f"\n... ({self.dropped} more characters not shown)" if self.dropped else ""
        return "".join(self.parts) + tail


class ImportGuard:
    """Refuses imports of the grader and the reference solutions from learner code."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED_PACKAGES:
            raise ImportError(f"{name} cannot be imported by a submission")
        return None


@contextlib.contextmanager
def counting_lines(where):
    """Count the lines run, while in the block, by the code objects that start in ``where``
    (``[filename, first line, last line]``); yields ``{line: times run}`` ({} when ``where`` is None)."""
    counts = {}
    if not where:
        yield counts
        return
    filename, first, last = where

    def line(frame, event, arg):
        if event == "line":
            counts[frame.f_lineno] = counts.get(frame.f_lineno, 0) + 1
        return line

    def call(frame, event, arg):
        code = frame.f_code
        return line if code.co_filename == filename and first <= code.co_firstlineno <= last else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        yield counts
    finally:
        sys.settrace(previous)


STRAYED = 20  # the learner edition: after this many calls in a row with no recorded answer, the learner's own
# function (which passed its checks) answers the rest of the call without asking


class CallbackFailed(Exception):
    """A forwarded call to a reference function failed on the learner's arguments (the grader's words)."""


class NoAnswerHere(CallbackFailed):
    """The learner edition has no answer to a forwarded call, and the learner's own function may not stand in."""


TRACE_LIMIT = 100_000  # return values a traced function keeps per call (a training's costs)


def tracing(function, values):
    """``function``, appending each value it returns to ``values`` as a float (NaN when it is not a number)."""
    def traced(*args, **kwargs):
        value = function(*args, **kwargs)
        if len(values) < TRACE_LIMIT:
            try:
                values.append(float(np.asarray(value, dtype=np.float64).reshape(-1)[0]))
            except (TypeError, ValueError, IndexError, OverflowError):
                values.append(float("nan"))
        return value

    traced.__name__ = traced.__qualname__ = getattr(function, "__name__", "traced")
    return traced


class Child:
    confinement = {}  # what grader.isolate.sandbox.enter could put in place: {guarantee: True or why not}

    def __init__(self, read_fd, write_fd):
        self.reader = open(read_fd, "rb")
        self.writer = open(write_fd, "wb")
        self.pid = os.getpid()  # a copy made by os.fork in learner code never talks to the grader
        self.module = types.ModuleType("submission")
        self.module.__dict__["__builtins__"] = __builtins__
        self.filenames = set()
        # The grader points file descriptors 1 and 2 at this file; each reply carries what the
        # call added to it (C-level prints, os.write).
        self.output = open(OUTPUT_FILE, "rb")

    # -- channel ----------------------------------------------------------------------------
    def send(self, message):
        write_message(self.writer, message)

    def receive(self):
        return read_message(self.reader.read)

    # -- loading -----------------------------------------------------------------------------
    def load(self, chunks, skip=()):
        """Run each top-level statement on its own, announcing it first (the grader leaves out
        one that ends or hangs the process, ``skip``: [filename, line] pairs, and loads again)."""
        notes, skip = [], {tuple(s) for s in skip}
        confinement = dict(self.confinement)  # as it was before any learner code ran
        for filename, source in chunks:
            self.filenames.add(filename)
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            try:
                tree = ast.parse(source, filename)
            except SyntaxError as e:
                notes.append(f"{filename}, line {e.lineno}: SyntaxError: {e.msg}; this code was not loaded")
                continue
            for statement in tree.body:
                if (filename, statement.lineno) in skip:
                    continue
                self.send({"op": "loading", "at": [filename, statement.lineno]})
                code = compile(ast.Module([statement], []), filename, "exec")
                try:
                    exec(code, self.module.__dict__)
                except BaseException as e:  # noqa: BLE001 - learner code may raise anything
                    notes.append(f"{filename}, line {statement.lineno}: {type(e).__name__}: {e}")
                self.forked_copies_end_here()
        return {"status": "ok", "notes": notes, "confinement": confinement}

    # -- calling -----------------------------------------------------------------------------
    def caller(self):
        """``[filename, line, function]``: the learner's code that called a proxy, or None."""
        try:
            frame = sys._getframe(2)
        except ValueError:  # no caller above the proxy
            return None
        while frame is not None and frame.f_code.co_filename not in self.filenames:
            frame = frame.f_back
        return None if frame is None else [frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name]

    def proxy(self, name, rng, own=None):
        unanswered, last = 0, {}  # calls in a row the learner edition had no answer to (the last reply): the
        # learner's code left the recorded ones

        def forward(*args, **kwargs):
            nonlocal unanswered, last
            self.forked_copies_end_here()
            request = {"op": "callback", "function": name, "args": list(args), "kwargs": kwargs, "at": self.caller()}
            if unanswered < STRAYED:
                if rng:
                    request["rng"] = np.random.get_state()
                self.send(request)
                reply = self.receive()
                unanswered = unanswered + 1 if reply.get("status") == "no_answer" else 0
                last = reply if unanswered else last
            else:  # a training that strayed from the reference's path does not come back to it: no more asking
                reply = last
            if reply.get("status") == "no_answer" and callable(own):
                try:  # the learner edition: the learner's own, which passed its checks, quiet as the reference runs
                    with warnings.catch_warnings(), np.errstate(all="ignore"):
                        warnings.simplefilter("ignore")
                        return own(*args, **kwargs)
                except CallbackFailed:
                    raise
                except Exception as e:  # noqa: BLE001 - as the reference raising on these arguments
                    raise CallbackFailed(callback.failure(name, own, args, kwargs, e, request["at"], own=True)) from e
            if rng and "rng" in reply:
                np.random.set_state(reply["rng"])
            if reply.get("status") == "no_answer":
                raise NoAnswerHere(f"{reply.get('message', '')}; your own {name} stands in for it only once it "
                                     f"passes its own checks, and it does not: fix {name} first, then grade again")
            if reply.get("status") != "ok":
                raise CallbackFailed(reply.get("message", "the reference call failed"))
            return reply["value"]

        forward.__name__ = forward.__qualname__ = name
        return forward

    def forked_copies_end_here(self):
        """A copy of this process made by ``os.fork`` in learner code ends here, silently."""
        if os.getpid() != self.pid:
            os._exit(0)

    def new_output(self):
        try:
            data = self.output.read(MAX_CAPTURE)
            dropped = len(self.output.read())
        except (OSError, ValueError):
            return ""
        text = data.decode(errors="replace")
        return text + (f"\n... ({dropped} more bytes not shown)" if dropped else "")

    def learner_traceback(self, error, last_line=True):
        """The frames of the learner's own code, then (``last_line``) the error, as Python prints them;
        a notebook cell's frame reads ``a.ipynb, cell [5] "def f(x):", line 3, in f``."""
        lines = []
        for frame in traceback.extract_tb(error.__traceback__):
            if frame.filename in self.filenames:
                where = frame.filename if '"' in frame.filename else f'File "{frame.filename}"'
                lines.append(f"  {where}, line {frame.lineno}, in {frame.name}\n")
                if frame.line:
                    lines.append(f"    {frame.line.strip()}\n")
        tail = traceback.format_exception_only(type(error), error) if last_line else []
        return "".join(lines) + "".join(tail)

    def call(self, request):
        name = request["function"]
        function = self.module.__dict__.get(name)
        if not callable(function):
            return {"status": "missing", "message": f"{name} is not defined in the submission"}
        originals = {}
        for proxy_name, rng, *own in request.get("proxies", []):
            originals[proxy_name] = self.module.__dict__.get(proxy_name)
            fallback = originals[proxy_name] if own and own[0] else None
            self.module.__dict__[proxy_name] = self.proxy(proxy_name, rng, fallback)
        traced = []
        if request.get("trace") and callable(self.module.__dict__.get(request["trace"])):
            originals.setdefault(request["trace"], self.module.__dict__[request["trace"]])
            self.module.__dict__[request["trace"]] = tracing(self.module.__dict__[request["trace"]], traced)
        if request.get("seed") is not None:
            np.random.seed(request["seed"])
        args, kwargs = request.get("args", []), request.get("kwargs", {})
        before = effects.snapshot(args, kwargs)  # to tell what the call changed in its inputs
        out, err = CappedText(), CappedText()
        saved = sys.stdout, sys.stderr
        reply = {}
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
            warnings.simplefilter("always")
            sys.stdout, sys.stderr = out, err
            try:
                with counting_lines(request.get("count_lines")) as counts:
                    value = function(*args, **kwargs)
                reply = {"status": "ok", "value": value}
                if request.get("count_lines"):
                    reply["line_counts"] = sorted([line, times] for line, times in counts.items())
            except NotImplementedError as e:
                reply = {"status": "not_implemented", "message": str(e)}
            except CallbackFailed as e:  # the message is the grader's own sentence
                reply = {"status": "error", "cause": "no_answer" if isinstance(e, NoAnswerHere) else "reference",
                         "message": str(e),
                         "traceback": self.learner_traceback(e, last_line=False)}
            except BaseException as e:  # noqa: BLE001 - SystemExit, KeyboardInterrupt, anything
                reply = {"status": "error", "type": type(e).__name__, "message": str(e)[:2000],
                         "traceback": self.learner_traceback(e)}
                if isinstance(e, NameError) and isinstance(e.name, str):
                    reply["name"] = e.name  # a global the function reads, not loaded
            finally:
                sys.stdout, sys.stderr = saved
                self.forked_copies_end_here()
        reply["seconds"] = time.perf_counter() - start
        if reply.get("status") == "ok":
            reply["changed"] = effects.changes(before, args, kwargs)
        reply["fd_output"] = self.new_output()
        for proxy_name, original in originals.items():
            self.module.__dict__[proxy_name] = original
        reply["stdout"] = out.getvalue()
        reply["stderr"] = err.getvalue()
        reply["warnings"] = sorted({f"{w.category.__name__}: {w.message}" for w in caught})[:20]
        if request.get("return_args"):
            reply["args_after"] = args
        if request.get("trace"):
            reply["trace"] = np.array(traced, dtype=np.float64)
        return reply

    def serve(self):
        while True:
            try:
                request = self.receive()
            except EOFError:
                return
            op = request.get("op") if isinstance(request, dict) else None
            if op == "load":
                reply = self.load(request["chunks"], request.get("skip", []))
            elif op == "call":
                reply = self.call(request)
            else:
                reply = {"status": "error", "type": "ProtocolError", "message": f"unknown op {op!r}"}
            try:
                self.send(reply)
            except (ProtocolError, ValueError, TypeError, RecursionError, MemoryError) as e:
                # The learner's value cannot cross the channel (too large, too deep, ...).
                self.send({"status": "error", "type": type(e).__name__,
                           "message": f"the returned value cannot be sent to the grader: {e}",
                           "seconds": reply.get("seconds", 0.0), "stdout": reply.get("stdout", ""),
                           "stderr": reply.get("stderr", ""), "warnings": reply.get("warnings", [])})


def main():
    read_fd, write_fd = int(sys.argv[1]), int(sys.argv[2])
    os.chdir(os.environ.get("NNDL_CHILD_DIR", os.getcwd()))
    # Confinement first, before a line of the submission is read (grader.isolate.sandbox, SECURITY.md).
    settings = sandbox.settings_from_environment()
    Child.confinement = sandbox.enter(settings) if settings else {}
    # The course's module names (dnn_app_utils_v3, lr_utils, public_tests, ...) resolve to ours.
    import nndl.compat

    sys.path.append(os.path.dirname(nndl.compat.__file__))
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(nndl.compat.__file__)), "standins"))  # matplotlib
    # A course folder's helpers (grader.course), importable as the course's notebooks import them.
    sys.path += [p for p in os.environ.get("NNDL_IMPORT_PATHS", "").split(os.pathsep) if p]
    sys.meta_path.insert(0, ImportGuard())
    Child(read_fd, write_fd).serve()


if __name__ == "__main__":
    main()

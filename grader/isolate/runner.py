"""Run learner code in a separate, limited process and get plain data back.

``Runner`` owns one child process (``grader.isolate.child``) for one submission. Each ``call`` sends a
function name and arguments and waits, up to a deadline, for the reply. When the learner's
function calls another graded function that the check replaces by the reference, the child
forwards the call here (a callback); the reference runs in this trusted process only.

A call that times out, crashes the process or garbles the channel kills the child; the next
call starts a fresh one and loads the submission again.
"""

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import numpy as np

from grader.isolate import callback, effects, sandbox
from grader.errors import NoAnswer
from grader.randomness import RANDOM_STATE
from grader.isolate.protocol import LENGTH, MAX_MESSAGE, ProtocolError, decode, encode

DEFAULT_MEMORY = 3 * 1024**3  # address space of the learner's process, bytes
DEFAULT_FILE_SIZE = 16 * 1024**2  # largest file it may write, bytes
OUTPUT_FILE = "output.txt"  # the child's file descriptors 1 and 2, in its working directory
OUTPUT_TAIL = 64 * 1024  # bytes of it shown after a crash
START_TIMEOUT = 30.0  # seconds to start Python and numpy in the learner's process
STATEMENT_TIMEOUT = 20.0  # seconds for one top-level statement of the submission to load
MAX_SKIPPED = 5  # top-level statements left out because they ended or hung the process while loading
IMPORT_PATHS = "NNDL_IMPORT_PATHS"  # the child's extra import folders (grader.isolate.child)
REMEMBER_MIN_BYTES = 1 << 20  # callbacks with smaller arguments are cheaper to compute than to look up


class Timeout(Exception):
    pass


@dataclass
class CallResult:
    """What came back from one call of a learner function."""

    status: str  # ok, error, not_implemented, missing, timeout, crashed
    value: object = None
    message: str = ""
    traceback: str = ""
    stdout: str = ""
    warnings: list = field(default_factory=list)
    seconds: float = 0.0
    args_after: object = None
    changed: list = field(default_factory=list)  # what the call changed in its arguments (grader.isolate.effects)
    cause: str = ""  # "reference": the error is a reference the learner's code called (message: the grader's words);
    # "no_answer": the learner edition has no answer to such a call, and the learner's own function may not stand in
    undefined: str = ""  # the name of a NameError: a global the function reads that is not defined
    line_counts: dict = field(default_factory=dict)  # {line: times run}, when the call counted lines (count_lines)
    trace: object = None  # the values the traced function returned during the call (``call(trace=...)``), in order


def child_environment(workdir):
    """A scrubbed environment: nothing of the grader's, one BLAS thread."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "NNDL_CHILD_DIR": workdir,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
        env[name] = "1"
    return env


class Runner:
    """One learner process for one submission, restarted after a timeout or crash.

    Parameters
    ----------
    chunks : list of (filename, source)
        The submission's code, as the loader selected it.
    references : dict of str to callable
        Reference functions that checks may substitute for the learner's (via callbacks).
    import_paths : list of paths
        Folders the learner's code may import from (a course's helpers), besides nndl's.
    hidden : list of paths
        More paths learner code must not read (a course's solutions and checks), besides
        ``sandbox.hidden_paths()``.
    """

    def __init__(self, chunks, references=None, memory=DEFAULT_MEMORY, file_size=DEFAULT_FILE_SIZE,
                 remember=None, timeout_scale=1.0, import_paths=(), hidden=()):
        self.chunks = chunks
        self.import_paths = [str(p) for p in import_paths]
        self.hidden = [str(p) for p in hidden]
        # Every time limit (calls, start, loading) is multiplied by this: > 1 on a slow machine.
        self.timeout_scale = timeout_scale
        self.references = references or {}
        # remember(request bytes, compute) -> reply: keeps the replies to expensive callbacks
        # (a reference training run on the cat data) between gradings; None: always compute.
        self.remember = remember
        self.memory, self.file_size = memory, file_size
        self.process = None
        self.load_notes = []
        self.starts = 0
        self.load_failure = None  # a submission that cannot be loaded is not loaded again per check
        self.skipped = []  # (filename, line, why): statements that ended or hung the process at load
        self.confinement = {}  # what the learner's process could put in place (grader.isolate.sandbox.enter)
        self.allowed = frozenset()  # the references the current call may ask for (its proxies)

    # -- process -----------------------------------------------------------------------------
    def _spawn(self):
        self.workdir = tempfile.mkdtemp(prefix="nndl-child-")
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = child_environment(self.workdir)
        if self.import_paths:
            env[IMPORT_PATHS] = os.pathsep.join(self.import_paths)
        self.plan = sandbox.plan(self.workdir, self.memory, self.file_size, hidden=self.hidden,
                                 readable=self.import_paths)
        env[sandbox.ENVIRONMENT] = json.dumps(self.plan)
        with open(os.path.join(self.workdir, OUTPUT_FILE), "wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-m", "grader.isolate.child", str(to_child_r), str(from_child_w)],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
                pass_fds=(to_child_r, from_child_w),
                cwd=self.workdir,
                env=env,
                start_new_session=True,  # own process group, so that a timeout kills everything it started
            )
        os.close(to_child_r)
        os.close(from_child_w)
        self.to_child, self.from_child = to_child_w, from_child_r
        os.set_blocking(self.to_child, False)  # a child that stops reading cannot block us
        self.pending = bytearray()  # bytes read from the child and not yet used
        self.starts += 1

    def _start(self):
        """Start a learner process and load the submission into it.

        A top-level statement that ends the process (``os._exit`` in a class body) or never
        finishes is left out, with a note, and the submission is loaded again without it, so
        that the other functions are still graded.
        """
        while True:
            self._spawn()
            self.loading_at = None
            request = {"op": "load", "chunks": [list(c) for c in self.chunks],
                       "skip": [[filename, line] for filename, line, _ in self.skipped]}
            try:
                reply = self._exchange(request, START_TIMEOUT * self.timeout_scale, loading=True)
                break
            except (Timeout, EOFError, ProtocolError, OSError) as e:
                at = self.loading_at
                code = None if isinstance(e, Timeout) else self._exit_code()  # a hung one is killed by close
                self.close()
                if at is None or len(self.skipped) >= MAX_SKIPPED:
                    raise
                why = (f"it did not finish within {STATEMENT_TIMEOUT * self.timeout_scale:g} s" if isinstance(e, Timeout)
                       else _ending(code))
                self.skipped.append((at[0], at[1], why))
        self.load_notes = [f"{filename}, line {line}: left out: {why}" for filename, line, why in self.skipped]
        if isinstance(reply, dict):
            self.load_notes += reply.get("notes", [])
            self.confinement = reply.get("confinement", {}) if isinstance(reply.get("confinement"), dict) else {}

    def _exit_code(self):
        try:
            return self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return None

    def close(self):
        if self.process is None:
            return
        _kill(self.process)
        self.process.wait()
        sandbox.sweep(self.process.pid)  # what the learner started and moved out of its process group
        sandbox.release(self.plan, self.process.pid)
        for fd in (self.to_child, self.from_child):
            os.close(fd)
        shutil.rmtree(self.workdir, ignore_errors=True)
        self.process = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- channel -----------------------------------------------------------------------------
    def _write(self, value, deadline):
        data = encode(value)
        view = memoryview(LENGTH.pack(len(data)) + data)
        while view:
            try:
                view = view[os.write(self.to_child, view[: 1 << 20]) :]
                continue
            except BlockingIOError:  # the pipe is full: wait until the child reads
                pass
            except BrokenPipeError:
                raise EOFError("the learner's process closed the channel") from None
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([], [self.to_child], [], remaining)[1]:
                raise Timeout

    def _read_exactly(self, n, deadline):
        while len(self.pending) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.from_child], [], [], remaining)[0]:
                raise Timeout
            chunk = os.read(self.from_child, max(n - len(self.pending), 1 << 16))
            if not chunk:
                raise EOFError("the learner's process closed the channel")
            self.pending += chunk
        data = bytes(self.pending[:n])
        del self.pending[:n]
        return data

    def _read(self, deadline):
        """Read one message; return its bytes and its value."""
        (length,) = LENGTH.unpack(self._read_exactly(LENGTH.size, deadline))
        if length > MAX_MESSAGE:
            raise ProtocolError(f"a reply of {length} bytes exceeds the {MAX_MESSAGE}-byte limit")
        raw = self._read_exactly(length, deadline)
        return raw, decode(raw)

    def _exchange(self, request, timeout, loading=False):
        """Send a request and return the final reply, answering callbacks meanwhile.

        While loading, the child announces each top-level statement before running it; each
        then has ``STATEMENT_TIMEOUT`` seconds.
        """
        deadline = time.monotonic() + timeout
        self._write(request, deadline)
        while True:
            raw, message = self._read(deadline)
            if not isinstance(message, dict):
                raise ProtocolError("the reply is not a dict")
            if loading and message.get("op") == "loading":
                at = message.get("at")
                if isinstance(at, list) and len(at) == 2 and isinstance(at[0], str) and isinstance(at[1], int):
                    self.loading_at = tuple(at)
                deadline = time.monotonic() + STATEMENT_TIMEOUT * self.timeout_scale
                continue
            if message.get("op") != "callback":
                return message
            started = time.monotonic()
            if self.remember is not None and len(raw) >= REMEMBER_MIN_BYTES and self._answers_live(message):
                reply = self.remember(raw, lambda: self._callback(message))
            else:
                reply = self._callback(message)
            self._write(reply, deadline + 3600)
            deadline += time.monotonic() - started  # the reference's time is not the learner's

    def _answers_live(self, message):
        """Whether the reference a callback asks for computes its answer (the full edition): recorded answers
        (the learner edition) are read faster than the reference cache would, and a missing one is not kept."""
        return not getattr(self.references.get(message.get("function")), "replayed", False)

    def _callback(self, message):
        name = message.get("function")
        # Only the functions this check replaces: a proxy kept from an earlier call cannot be
        # used to fetch the reference's answer for the function under test.
        reference = self.references.get(name) if name in self.allowed else None
        if reference is None:
            return {"status": "error", "message": f"{name} is not a function the grader provides to this call"}
        args, kwargs = message.get("args", []), message.get("kwargs", {})
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            return {"status": "error", "message": "malformed callback"}
        with RANDOM_STATE if "rng" in message else contextlib.nullcontext():
            if "rng" in message:
                try:
                    np.random.set_state(message["rng"])
                except (TypeError, ValueError) as e:
                    return {"status": "error", "message": f"bad random state: {e}"}
            try:
                with np.errstate(all="ignore"):
                    value = reference(*args, **kwargs)
            except NoAnswer as e:  # the learner edition: no recorded answer for these arguments
                return {"status": "no_answer", "message": f"{callback.caller(message.get('at'))} called {name} with "
                                                          f"arguments the reference never received here ({e})"}
            except Exception as e:  # the learner's arguments broke the reference
                return {"status": "error", "message": callback.failure(name, reference, args, kwargs, e,
                                                                      message.get("at"))}
            reply = {"status": "ok", "value": value}
            if "rng" in message:
                reply["rng"] = np.random.get_state()
        return reply

    # -- the one public verb ---------------------------------------------------------------------
    def call(self, function, args=(), kwargs=None, *, seed=None, proxies=(), timeout=10.0,
             return_args=False, count_lines=None, trace=""):
        """Call ``function(*args, **kwargs)`` in the learner's process.

        Parameters
        ----------
        proxies : iterable of (name, uses_rng) or (name, uses_rng, own)
            Graded functions to replace, for this call, by the reference (run here). ``own``: where the
            learner edition has no answer for a call, the learner's own function answers it (it passed
            its own checks); otherwise that call fails with the reason.
        timeout : float
            Seconds of the learner's own time before the process is killed.
        count_lines : (filename, first line, last line), optional
            Count how often each line of the learner's code there runs (``CallResult.line_counts``).
        trace : str, optional
            A function of the learner's module (or its proxy) whose return values the call records
            (``CallResult.trace``: a training's costs, from its ``compute_cost``).
        """
        if self.load_failure is not None:
            return CallResult("crashed", message=self.load_failure)
        if self.process is None:
            try:
                self._start()
            except (Timeout, EOFError, ProtocolError, OSError) as e:
                self.close()
                reason = (f"loading took longer than {START_TIMEOUT * self.timeout_scale:g} s" if isinstance(e, Timeout)
                          else _describe(e))
                self.load_failure = f"the submission could not be loaded: {reason}"
                return CallResult("crashed", message=self.load_failure)
        timeout *= self.timeout_scale
        self.allowed = frozenset(name for name, *_ in proxies)
        sandbox.limit_cpu(self.process.pid, timeout)  # CPU time too: threads, or a grader that died
        request = {"op": "call", "function": function, "args": list(args), "kwargs": kwargs or {},
                   "seed": seed, "proxies": [[name, bool(rng), bool(own and own[0])] for name, rng, *own in proxies],
                   "return_args": return_args}
        if count_lines is not None:
            request["count_lines"] = list(count_lines)
        if trace:
            request["trace"] = trace
        try:
            reply = self._exchange(request, timeout)
        except Timeout:
            _kill(self.process)
            stdout = self._output_tail()
            self.close()
            return CallResult("timeout", message=f"{function} did not return within {timeout:g} s",
                              stdout=stdout)
        except (EOFError, ProtocolError, OSError) as e:
            try:
                code = self.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                code = None
            _kill(self.process)
            stdout = self._output_tail()
            self.close()
            return CallResult("crashed", message=_crash_message(function, code, e, timeout), stdout=stdout)
        return self._result(reply)

    def _output_tail(self):
        """The end of what the process wrote to its file descriptors 1 and 2 (after a crash)."""
        if self.process is None:
            return ""
        self.process.wait()
        try:
            with open(os.path.join(self.workdir, OUTPUT_FILE), "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - OUTPUT_TAIL))
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def _result(self, reply):
        status = reply.get("status")
        if status not in ("ok", "error", "not_implemented", "missing"):
            return CallResult("crashed", message=f"malformed reply status {status!r}")
        printed = "".join(str(reply.get(k, "")) for k in ("stdout", "stderr", "fd_output"))
        return CallResult(
            status,
            value=reply.get("value"),
            message=f"{reply['type']}: {reply.get('message', '')}" if "type" in reply else str(reply.get("message", "")),
            traceback=str(reply.get("traceback", "")),
            stdout=printed,
            warnings=[str(w) for w in reply.get("warnings", [])] if isinstance(reply.get("warnings"), list) else [],
            seconds=float(reply.get("seconds", 0.0)) if isinstance(reply.get("seconds"), float) else 0.0,
            args_after=reply.get("args_after"),
            changed=effects.valid(reply.get("changed")),
            cause=reply["cause"] if reply.get("cause") in ("reference", "no_answer") else "",
            undefined=reply["name"] if isinstance(reply.get("name"), str) else "",
            line_counts=_line_counts(reply.get("line_counts")),
            trace=_trace(reply.get("trace")),
        )


def _trace(found):
    """A reply's ``trace``: a 1-D float64 array, else None (the learner's process may send anything)."""
    if isinstance(found, np.ndarray) and found.ndim == 1 and found.dtype == np.float64:
        return found
    return None


def _line_counts(found):
    """``{line: times run}`` from a reply's ``line_counts``; {} when it is not a list of pairs of ints."""
    if not isinstance(found, list):
        return {}
    pairs = [pair for pair in found if isinstance(pair, list) and len(pair) == 2
             and all(type(x) is int for x in pair)]
    return dict(pairs) if len(pairs) == len(found) else {}


def _kill(process):
    """Kill the process and everything it started (its process group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _killed_by(code):
    """``SIGKILL (out of memory?)``: the signal that ended a process (exit code ``code`` < 0)."""
    name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
    return name + (" (out of memory?)" if -code in (signal.SIGKILL, signal.SIGSEGV) else "")


def _ending(code):
    """How a learner's process ended while the submission loaded, in words."""
    if code is None:
        return "it closed the grader's channel"
    if code == -signal.SIGXCPU:
        return "it used up its CPU time (killed by SIGXCPU)"
    if code < 0:
        return f"it was killed by {_killed_by(code)}"
    return f"it ended the process with exit code {code} (sys.exit or os._exit?)"


def _crash_message(function, code, error, timeout):
    """How the learner's process ended while it ran ``function``, in words."""
    if code is None:
        return f"the channel to the process running {function} broke: {_describe(error)}"
    if code == -signal.SIGXCPU:
        return (f"the process running {function} used more than {timeout:g} s of CPU time "
                f"(threads or processes working in parallel count) and was killed by SIGXCPU")
    if code < 0:
        return f"the process running {function} was killed by {_killed_by(code)}"
    return f"the process running {function} exited with code {code} (sys.exit or os._exit?)"


def _describe(error):
    return str(error) or type(error).__name__

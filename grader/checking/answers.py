"""Where the reference's outputs come from: the live solutions, or answers recorded from them.

The instructor's full edition calls the solutions' functions. The learner edition (``grade release``)
ships no solution code: each module of its ``solutions/`` holds the solution's imports and plain
constants, and for each function a ``Replayed`` that answers from a data file recorded here, keyed by
its arguments. The engine cannot tell them apart: a reference is a callable either way, and this module
is the one place that knows.

An answer's key is the SHA-256 of the function's name (its module's path in ``solutions/``, then its
name) and its arguments bound to its signature with the defaults applied, encoded with the grader's
pickle-free channel format (``grader.isolate.protocol``), plus numpy's global random state when the
function draws from it; the answer is the output, and the random state after the call.

What is recorded (``grader.authoring.record``, in a process of its own, the solutions' functions replaced by recording
copies before any checks module is imported, so that an older version's references are recorded too):

- each check's reference output on its inputs, with every version of each assignment, and the calls
  its verdict makes on that output (rules, gradient checks): what grading a correct submission asks;
  with how often each called the module's other functions (the fast model runs decide with that, as
  with the live reference; the time is not kept, so that two releases give the same bytes);
- the output of every known mistake of every check on the check's inputs (a mistake may train with the
  reference's helpers: its output is kept, not its calls);
- inside each of those calls, the reference's own calls of its module's functions, up to
  ``NESTED_LIMIT`` a call and ``NESTED_BUDGET`` bytes, of at most ``NESTED_BYTES`` each (``DIRECT_BYTES``
  for the calls it makes itself): a training's thousands of helper calls are not all kept: those are the
  calls a learner's correct code makes with the same arguments when a check replaces its helpers. Each
  answer has a sketch too (``sketch``): a learner's process computes the same arguments with other last
  bits (another memory alignment, another BLAS, ``w.T @ X`` for ``np.dot(w.T, X)``), and such a call finds
  the answer whose floats are within ``NEAR`` of its own.

A call with arguments the reference never received has no answer: ``NoAnswer``, whose words the check
shows. File format: ``answers/<module>.answers`` (protocol-encoded), and ``answers/MANIFEST.json`` with
each file's SHA-256 (checked before the file is read) and each function's signature.
"""

import ast
import copy
import functools
import hashlib
import inspect
import json
import sys
import threading
import types
from pathlib import Path

import numpy as np

from grader.errors import NoAnswer  # raised by Replayed; the runner (a layer below) catches it
from grader.isolate.protocol import decode, encode

ANSWERS = "answers"  # the folder beside the learner edition's solution modules
MANIFEST = "MANIFEST.json"
NESTED_LIMIT = 1000  # a reference's own calls of its module's functions kept per recorded call (and as many deeper)
NESTED_BUDGET = 2 * 1024 * 1024  # and no more once they hold this many array bytes (deeper calls: half as many)
NESTED_BYTES = 64 * 1024  # a nested call's answer with more array bytes is not kept (a training on the cat data)
DIRECT_BYTES = 1024 * 1024  # but a call the outer one makes itself is kept up to this (W2A2's model on the cat data)
NEAR = 1e-9  # arguments this close (relative to their size) are the same call computed in another order or process
PROJECTIONS = 4  # fixed weighted sums of a call's floats, compared to find a nearly equal recorded call
EMPTY = "<empty>"  # a parameter without a default, in the manifest




def _spec(function):
    """The function's signature as plain data: [[name, kind, has default, default], ...]."""
    rows = []
    for parameter in inspect.signature(function).parameters.values():
        default = parameter.default
        has = default is not inspect.Parameter.empty
        if has and not isinstance(default, (int, float, str, bool, type(None))):
            raise ValueError(f"{function.__qualname__}: the default of {parameter.name} ({default!r}) is not a plain value")
        rows.append([parameter.name, int(parameter.kind), has, default if has else None])
    return rows


def _signature(spec):
    return inspect.Signature([inspect.Parameter(name, inspect._ParameterKind(kind),
                                                default=default if has else inspect.Parameter.empty)
                              for name, kind, has, default in spec])


def _bound(signature, args, kwargs):
    """``[[name, value], ...]``: the arguments bound to the signature, defaults applied (as given if they do
    not bind)."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        return [["*args", list(args)], ["**kwargs", dict(kwargs)]]
    bound.apply_defaults()
    return [[name, value] for name, value in bound.arguments.items()]


def key(qualified, signature, args, kwargs, draws):
    """The answer's key: the function and its arguments (bound, defaults applied), and the random state."""
    state = list(np.random.get_state()) if draws else None
    return hashlib.sha256(encode([qualified, _bound(signature, args, kwargs), state])).hexdigest()


def _skeleton(value, floats):
    """``value`` with its floats taken out into ``floats`` (arrays flattened, non-finite entries as 0 and kept
    in the skeleton): what two calls computed in another order share exactly."""
    kind = type(value)
    if kind is np.ndarray and value.dtype.kind == "f":
        finite = np.isfinite(value)
        floats.append(np.where(finite, value, 0.0).astype(np.float64).ravel())
        odd = None if finite.all() else value[~finite]
        return ["array", value.dtype.str, list(value.shape), None if odd is None else [np.flatnonzero(~finite), odd]]
    if kind is float or isinstance(value, np.floating):
        if not np.isfinite(value):
            return ["float", repr(float(value))]
        floats.append(np.array([float(value)]))
        return ["float"]
    if kind in (tuple, list):
        return [kind.__name__, [_skeleton(v, floats) for v in value]]
    if kind is dict:
        return ["dict", [[_skeleton(k, floats), _skeleton(v, floats)] for k, v in value.items()]]
    return value


def _weights(n):
    """``PROJECTIONS`` fixed rows of weights in [-1, 1) for ``n`` floats: integer arithmetic, the same on every
    machine (kept for the small sizes seen last: a training asks for the same ones again and again)."""
    return _small_weights(n) if n <= 100_000 else _compute_weights(n)


@functools.lru_cache(maxsize=64)
def _small_weights(n):
    return _compute_weights(n)


def _compute_weights(n):
    i = np.arange(n, dtype=np.uint64)
    rows = [(i * np.uint64(2654435761) + np.uint64(40503 * (k + 1))) % np.uint64(65521) for k in range(PROJECTIONS)]
    weights = np.array(rows, dtype=np.float64) / 32760.5 - 1.0
    weights.flags.writeable = False
    return weights


def sketch(qualified, signature, args, kwargs, draws):
    """``(structure, fingerprint)`` of a call: the SHA-256 of everything but its floats (function, shapes,
    integers, strings, the random state), and for each float array or number ``[sum of |floats|,
    PROJECTIONS weighted sums]``. A call whose floats differ by roundoff (another BLAS, another process's
    memory alignment, ``w.T @ X`` for ``np.dot(w.T, X)``) has the same structure and a fingerprint within
    ``NEAR``."""
    floats = []
    skeleton = _skeleton(_bound(signature, args, kwargs), floats)
    state = list(np.random.get_state()) if draws else None
    structure = hashlib.sha256(encode([qualified, skeleton, state])).hexdigest()
    fingerprint = [[float(np.abs(values).sum()), *map(float, _weights(values.size) @ values)]
                   for values in floats]  # each array and number on its own: a changed scalar beside big arrays shows
    return structure, fingerprint


class Candidates:
    """The recorded calls of one structure: their keys, and their fingerprints as one array. ``near`` gives the
    key of the first whose fingerprint is within ``NEAR`` of a call's, each array or number's sums within
    ``NEAR`` times the sum of its absolute values, all compared at once."""

    def __init__(self, entries):
        self.keys = [k for k, _ in entries]
        self.prints = np.array([f for _, f in entries], dtype=np.float64).reshape(len(self.keys), -1, 1 + PROJECTIONS)

    def near(self, fingerprint):
        if not self.keys:
            return None
        mine = np.array(fingerprint, dtype=np.float64).reshape(1, -1, 1 + PROJECTIONS)
        if mine.shape[1] != self.prints.shape[1]:
            return None
        scale = np.maximum(self.prints[:, :, :1], mine[:, :, :1]) * NEAR
        close = (np.abs(self.prints - mine) <= scale).all(axis=(1, 2))
        found = np.flatnonzero(close)
        return self.keys[found[0]] if found.size else None


def _draws(function):
    try:
        return "np.random." in inspect.getsource(function)
    except (OSError, TypeError):
        return True


# -- recording (the instructor's side) ----------------------------------------------------------------

class Recorder:
    """Replaces the functions of the solution modules by copies that keep every answer they give."""

    def __init__(self):
        self.answers = {}  # module path -> {key: [output, random state after or None]}
        self.mistakes = {}  # module path -> {mistake key: [output] or []: the mistake raised on these inputs}
        self.timing = {}  # module path -> {key: {"calls": {function: n}}}: the helper calls of each outer call
        self.sketches = {}  # module path -> {structure: [[key, fingerprint], ...]}: for a nearly equal call
        self.specs = {}  # module path -> {function: {"signature": spec, "draws": bool}}
        self.lock = threading.Lock()
        self.local = threading.local()  # depth, and the nested calls of the current outer call

    def patch(self, module, path):
        """Record every function ``module`` defines (``path``: its place in solutions/, "older/x")."""
        specs = self.specs.setdefault(path, {})
        for name, value in sorted(vars(module).items()):
            if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
                specs[name] = {"signature": _spec(value), "draws": _draws(value)}
                setattr(module, name, self._recording(path, name, value, specs[name]["draws"]))

    def _recording(self, path, name, function, draws):
        signature, qualified = inspect.signature(function), f"{path}.{name}"
        recorder = self

        @functools.wraps(function)
        def recorded(*args, **kwargs):
            local = recorder.local
            depth = getattr(local, "depth", 0)
            if getattr(local, "paused", False):
                return function(*args, **kwargs)  # a known mistake's own calls: its output is what is kept
            if depth:
                local.calls[name] = local.calls.get(name, 0) + 1
            else:
                local.direct = local.deeper = local.bytes = local.deeper_bytes = 0
                local.calls = {}
            room = (not depth or (depth == 1 and local.direct < NESTED_LIMIT and local.bytes < NESTED_BUDGET)
                    or (depth > 1 and local.deeper < NESTED_LIMIT and local.deeper_bytes < NESTED_BUDGET / 2
                        and array_bytes((args, kwargs)) <= DIRECT_BYTES))  # not a training's steps on the cat data
            if not room:  # a training's helper calls: counted, not kept
                local.depth = depth + 1
                try:
                    return function(*args, **kwargs)
                finally:
                    local.depth = depth
            answer_key = key(qualified, signature, args, kwargs, draws)
            with recorder.lock:
                known = recorder.answers.get(path, {}).get(answer_key)
            if known is not None:  # the same call again (another version, another check): the same answer
                if known[1] is not None:
                    np.random.set_state(known[1])
                return copy.deepcopy(known[0])
            structure, fingerprint = sketch(qualified, signature, args, kwargs, draws)  # before the call changes them
            local.depth = depth + 1
            try:
                value = function(*args, **kwargs)
            finally:
                local.depth = depth
            answer = [copy.deepcopy(value), np.random.get_state() if draws else None]
            size = array_bytes(answer[0])
            kept = not depth or size <= NESTED_BYTES or (depth == 1 and size <= DIRECT_BYTES)
            if depth == 1:  # the calls the check replaces: the outer function's own
                local.direct, local.bytes = local.direct + 1, local.bytes + (size if kept else 0)
            elif depth:  # their own calls, on their own budget
                local.deeper, local.deeper_bytes = local.deeper + 1, local.deeper_bytes + (size if kept else 0)
            with recorder.lock:
                if kept and answer_key not in recorder.answers.get(path, {}):
                    recorder.answers.setdefault(path, {})[answer_key] = answer
                    recorder.sketches.setdefault(path, {}).setdefault(structure, []).append([answer_key, fingerprint])
                if not depth:
                    recorder.timing.setdefault(path, {}).setdefault(
                        answer_key, {"calls": dict(sorted(local.calls.items()))})
            return value

        recorded.recorded_path = f"{path}.{name}"
        return recorded

    def keep_mistake(self, reference, description, args, kwargs, seed, wrong):
        """Run the known mistake ``wrong`` on a check's inputs, its calls unrecorded, and keep its output."""
        qualified = getattr(reference, "recorded_path", None)
        if qualified is None:
            return
        mistake_key = mistake_key_of(qualified, description, args, kwargs, seed)
        self.local.paused = True
        try:
            args, kwargs = copy.deepcopy((args, kwargs))
            if seed is not None:
                np.random.seed(seed)
            try:
                with np.errstate(all="ignore"):
                    kept = [wrong(args, kwargs)]
            except Exception:  # noqa: BLE001 - the mistake does not apply to these inputs
                kept = []
        finally:
            self.local.paused = False
        with self.lock:
            self.mistakes.setdefault(qualified.rsplit(".", 1)[0], {}).setdefault(mistake_key, kept)


def mistake_key_of(qualified, description, args, kwargs, seed):
    return hashlib.sha256(encode(["mistake", qualified, description, list(args), dict(kwargs), seed])).hexdigest()


def array_bytes(value):
    """The bytes of the arrays in ``value`` (nested in tuples, lists, dicts): about what a call with it sends."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, (tuple, list)):
        return sum(array_bytes(v) for v in value)
    if isinstance(value, dict):
        return sum(array_bytes(v) for v in value.values())
    return 0


# -- the learner edition's files --------------------------------------------------------------------

def _digest(data):
    return hashlib.sha256(data).hexdigest()


def write_answers(recorder, folder):
    """Write ``folder/answers/*.answers`` and the manifest; return the paths written."""
    folder = Path(folder) / ANSWERS
    folder.mkdir(parents=True, exist_ok=True)
    manifest, written = {"files": {}, "functions": {}}, []
    for path in sorted(recorder.specs):
        entries = recorder.answers.get(path, {})
        data = encode({"answers": {k: entries[k] for k in sorted(entries)},
                       "timing": {k: v for k, v in sorted(recorder.timing.get(path, {}).items())},
                       "sketches": {k: v for k, v in sorted(recorder.sketches.get(path, {}).items())},
                       "mistakes": {k: v for k, v in sorted(recorder.mistakes.get(path, {}).items())}})
        file = folder / (path.replace("/", "__") + ".answers")
        file.write_bytes(data)
        written.append(file)
        manifest["files"][path] = {"file": file.name, "sha256": _digest(data), "answers": len(entries)}
        manifest["functions"][path] = recorder.specs[path]
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return [folder / MANIFEST, *written]


def stub_source(module, path, course_file):
    """The learner edition's module for the solution module at ``path``: its imports and plain constants,
    and a ``Replayed`` for each function; no function body, nothing else of the solution's code."""
    tree = ast.parse(Path(course_file).read_text())
    lines = [f'"""Learner edition of solutions/{path}.py: no solution code. Its functions answer from',
             f'answers/{path.replace("/", "__")}.answers (grader.checking.answers), recorded from the instructor\'s."""',
             "", "from grader.checking.answers import Book", ""]
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            lines.append(ast.unparse(node))
    constants, functions = [], []
    for node in tree.body:
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            try:
                ast.literal_eval(node.value)
            except ValueError:
                continue
            constants.append(ast.unparse(node))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append(node.name)
        elif isinstance(node, ast.ClassDef):
            raise ValueError(f"solutions/{path}.py defines the class {node.name}: the learner edition cannot "
                             f"replay a class; move it to the course's helpers/")
    lines += ["", *constants, "", f"_book = Book(__file__, {path!r})"]
    lines += [f"{name} = _book.function({name!r})" for name in functions]
    return "\n".join(lines) + "\n"


class Book:
    """The recorded answers of one solution module, read on first use (its digest checked first)."""

    def __init__(self, module_file, path):
        self.folder = Path(module_file).resolve().parent
        while not (self.folder / ANSWERS / MANIFEST).is_file() and self.folder != self.folder.parent:
            self.folder = self.folder.parent  # solutions/older/x.py: the answers are in solutions/
        self.path = path
        self._manifest = self._answers = self._timing = self._mistakes = self._sketches = None
        self.lock = threading.Lock()

    def manifest(self):
        if self._manifest is None:
            self._manifest = json.loads((self.folder / ANSWERS / MANIFEST).read_text())
        return self._manifest

    def function(self, name):
        spec = self.manifest()["functions"][self.path][name]
        return Replayed(self, name, _signature(spec["signature"]), spec["draws"])

    def load(self):
        with self.lock:
            if self._answers is None:
                entry = self.manifest()["files"][self.path]
                data = (self.folder / ANSWERS / entry["file"]).read_bytes()
                if _digest(data) != entry["sha256"]:
                    raise NoAnswer(f"the answers file {entry['file']} is not the one this edition was released "
                                   f"with (its SHA-256 differs): reinstall the learner edition")
                content = decode(data)
                self._answers, self._timing = content["answers"], content["timing"]
                self._mistakes = content.get("mistakes", {})
                self._sketches = content.get("sketches", {})
        return self._answers, self._timing

    def nearly(self, qualified, signature, args, kwargs, draws):
        """The recorded answer to a call whose floats are within roundoff of these arguments', or None."""
        self.load()
        structure, fingerprint = sketch(qualified, signature, args, kwargs, draws)
        entries = self._sketches.get(structure)
        if not entries:
            return None
        if not isinstance(entries, Candidates):
            with self.lock:
                entries = self._sketches[structure] = Candidates(entries)
        found = entries.near(fingerprint)
        return None if found is None else self._answers.get(found)


class Replayed:
    """A reference function of the learner edition: it answers the calls the recording saw."""

    replayed = True

    def __init__(self, book, name, signature, draws):
        self.book, self.__name__, self.__qualname__ = book, name, name
        self.__signature__, self.draws_random = signature, draws
        self.qualified = f"{book.path}.{name}"

    def __repr__(self):
        return f"<recorded answers of {self.qualified}>"

    def _key(self, args, kwargs):
        return key(self.qualified, self.__signature__, args, kwargs, self.draws_random)

    def __call__(self, *args, **kwargs):
        answers, _ = self.book.load()
        found = answers.get(self._key(args, kwargs))
        if found is None:  # the same call computed another way: its floats differ in their last bits
            found = self.book.nearly(self.qualified, self.__signature__, args, kwargs, self.draws_random)
        if found is None:
            raise NoAnswer("this learner edition holds the reference's answers to the calls correct code makes, "
                           "not its code, and has none for these")
        value, state = found
        if state is not None:
            np.random.set_state(tuple(state))
        return copy.deepcopy(value)

    def mistake(self, description, args, kwargs, seed):
        """What the known mistake ``description`` gave on a check's inputs when recorded; NoAnswer when it
        raised there or was not recorded (it then matches nothing, as a mistake that raises)."""
        self.book.load()
        found = self.book._mistakes.get(mistake_key_of(self.qualified, description, args, kwargs, seed))
        if not found:
            raise NoAnswer(f"no recorded output of the mistake {description!r}")
        return copy.deepcopy(found[0])

    def timing(self, args, kwargs, names):
        """``(seconds, calls of the functions names)`` of the recorded call, or None. The seconds are not
        recorded (two releases give the same bytes, and the learner's machine is another): infinite, so
        that a fast run with the learner's own helpers gets the check's own time limit."""
        _, timing = self.book.load()
        found = timing.get(self._key(args, kwargs))
        if found is None:
            return None
        return float("inf"), sum(found["calls"].get(name, 0) for name in names)


def is_replayed(function):
    return getattr(function, "replayed", False) is True


def write_solutions(course, root):
    """Write the learner edition's ``root/solutions/`` for ``course``: the stub modules, the answers and
    their manifest (recorded in a process of its own: minutes, the cat data needed). Returns the paths."""
    import subprocess

    root = Path(root)
    result = subprocess.run([sys.executable, "-m", "grader.authoring.record", str(course.root), str(root)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        from grader.errors import CannotGrade

        last = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise CannotGrade(f"recording the reference answers failed: {last}")
    return [Path(line) for line in result.stdout.splitlines() if line]

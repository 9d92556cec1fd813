"""Advice on vectorization, the course's week-2 theme: loops that turn once per example or feature.

An assignment's checks module lists, in ``VECTORIZED``, the graded functions the course wants
vectorized and how to build their inputs at any size (``vectorized``). Once all the checks of such
a function have passed, ``Advisor.examine``:

1. reads the function as loaded (the submission's chunks): one without a ``for`` or ``while`` loop
   or a comprehension costs nothing more; the loops of the course's own template
   (``Vectorized.template``, e.g. W2A2 ``predict``'s ``for i in range(A.shape[1])``) are left out;
2. calls it in the learner's process on small inputs, then on inputs ``GROWTH`` times larger in
   one dimension at a time (examples, features...), counting how often each loop's header line
   runs (``Runner.call(count_lines=...)``): a loop over the layers or the iterations turns as often
   on both; a loop over the examples ``GROWTH`` times as often;
3. times it on a large input of that dimension against the reference (run in the grader's process,
   as the checks run it) and names each such loop, its line, and how much slower the function was.

Advice earns no points and changes no result: an error, a timeout or a bug of ours while examining
a function only means no advice for it. Each piece of advice is a small dict (``Advisor.found``).
"""

import ast
import copy
import math
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

GROWTH = 4  # a dimension is this many times larger in its counting run than in the small one
LIMIT = 3.0  # seconds for each of the learner's calls made here (times the grading's timeout_scale)
REFERENCE_BUDGET = 0.2  # seconds spent timing the reference (the best of its runs counts)
# How the dimensions are named in words: (one, many).
WORDS = {"examples": ("example", "examples"), "features": ("feature", "features"), "entries": ("entry", "entries"),
         "rows": ("row", "rows"), "columns": ("column", "columns"), "units": ("hidden unit", "hidden units")}


@dataclass(frozen=True)
class Vectorized:
    """A graded function the course wants vectorized, and how to build its inputs at any size."""

    function: str  # its name in the newest version
    inputs: Callable  # inputs(**sizes) -> (args, kwargs), a size per dimension name: inputs(examples=16, features=4)
    hint: str  # what vectorized numpy does here, in a sentence
    dimensions: tuple  # ((name, small, large), ...): counted on small and GROWTH * small, timed on large
    template: tuple = ()  # headers of the loops the course's template contains: "for i in range(A.shape[1])"


def vectorized(function, inputs, hint, *, template=(), **dimensions):
    """A ``Vectorized`` row: ``dimensions`` as ``examples=(16, 4096)`` (counted on 16 and 64 examples,
    timed on 4096), the first one timed when several grow."""
    return Vectorized(function, inputs, hint, tuple((name, small, large) for name, (small, large) in dimensions.items()),
                      tuple(template))


@dataclass(frozen=True)
class Loop:
    """A loop of the learner's function: where it is and which lines count its turns."""

    line: int  # the line it starts on
    header: tuple  # (first, last): the lines of its header (a comprehension: all of it); their runs count turns
    code: str  # the line as written, stripped: "for i in range(m):"
    normal: str  # its header normalised (ast.unparse): "for i in range(m)"; a comprehension: ""


def definitions(chunks):
    """``{name: (filename, ast node, the chunk's source)}``: the last top-level definition of each function
    in code that parses (the learner's process keeps the last one it loads)."""
    found = {}
    for filename, source in chunks:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[node.name] = filename, node, source
    return found


def loops(node, source):
    """The ``Loop``s of a function's definition, in the order of their lines."""
    lines = source.splitlines()
    found = []
    for n in ast.walk(node):
        if isinstance(n, (ast.For, ast.AsyncFor)):
            header, normal = (n.lineno, n.iter.end_lineno), f"for {ast.unparse(n.target)} in {ast.unparse(n.iter)}"
        elif isinstance(n, ast.While):
            header, normal = (n.lineno, n.test.end_lineno), f"while {ast.unparse(n.test)}"
        elif isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            header, normal = (n.lineno, n.end_lineno), ""
        else:
            continue
        code = lines[n.lineno - 1].strip() if n.lineno <= len(lines) else normal
        found.append(Loop(n.lineno, header, code if len(code) <= 70 else code[:67] + "...", normal))
    return sorted(found, key=lambda loop: (loop.line, loop.header))


def normalised(header):
    """A template's loop header as ``Loop.normal`` has it: ``for i in range(A.shape[1])``."""
    node = ast.parse(header.rstrip().rstrip(":") + ":\n    pass").body[0]
    if isinstance(node, ast.While):
        return f"while {ast.unparse(node.test)}"
    return f"for {ast.unparse(node.target)} in {ast.unparse(node.iter)}"


def turns(loop, counts):
    """How often ``loop`` turned in a call whose ``{line: times run}`` are ``counts``."""
    return max((counts.get(line, 0) for line in range(loop.header[0], loop.header[1] + 1)), default=0)


def growth(loop, small_counts, grown_counts, small):
    """How many more turns per added unit of the dimension (1.0: once per example); 0 when it does not grow.

    The dimension went from ``small`` to ``GROWTH * small``: a loop turning once per example turns
    ``(GROWTH - 1) * small`` more times; one over layers or iterations, not once more. Less than half
    the added units (a loop over batches of examples) does not count as growing.
    """
    added = turns(loop, grown_counts) - turns(loop, small_counts)
    added_units = (GROWTH - 1) * small
    return added / added_units if added >= added_units / 2 else 0.0


def _times(ratio):
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.1f}×"


def _seconds(seconds):
    return f"{seconds * 1000:.2g} ms" if seconds < 1 else f"{seconds:.2g} s"


def _per(rates):
    """``this loop runs once per example`` / ``its turns grow with the number of examples and of features``."""
    if len(rates) == 1:
        (name, rate), = rates.items()
        one, many = WORDS.get(name, (name, name))
        return f"this loop runs once per {one}" if 0.75 <= rate <= 1.5 else f"its turns grow with the number of {many}"
    return "its turns grow with the number of " + " and of ".join(WORDS.get(name, (name, name))[1] for name in rates)


def reference_seconds(reference, args, kwargs):
    """The reference's time on these inputs, in this process: the best of a few runs (within ``REFERENCE_BUDGET``)."""
    best, spent = math.inf, 0.0
    with np.errstate(all="ignore"):
        for _ in range(10):
            a, k = copy.deepcopy((args, kwargs))
            start = time.perf_counter()
            reference(*a, **k)
            took = time.perf_counter() - start
            best, spent = min(best, took), spent + took
            if spent > REFERENCE_BUDGET:
                break
    return best


class Advisor:
    """Examines the vectorized functions of one submission (``table``: the assignment's ``VECTORIZED``).

    ``version``: the ``Version`` graded (None: the newest): its function names and argument
    adapters apply. ``examine`` may be called once per group of checks, from the group's thread.
    """

    def __init__(self, table, chunks, version=None, timeout_scale=1.0):
        self.table, self.chunks, self.version = tuple(table), chunks, version
        self.timeout = LIMIT * timeout_scale
        self.advice = {}  # table index -> advice (dict)
        self.definitions = None  # definitions(chunks), read at the first function examined
        self.stopped = False  # a call here timed out or crashed: the learner's process is not started again

    def found(self):
        """The advice, in the order of the table: dicts with ``function``, ``file``, ``loops`` (``line``,
        ``code``, ``grows_with``), ``size`` ({dimension: n}), ``times_slower`` (None when the call did
        not finish within the limit) and ``message``."""
        return [self.advice[i] for i in sorted(self.advice)]

    def _name(self, row):
        differs = self.version.functions.get(row.function) if self.version is not None else None
        return (differs.name if differs is not None and differs.name else row.function), differs

    def examine(self, runner, results, references):
        """Advise on each function of the table whose checks in ``results`` ({name: Result}) all passed."""
        for index, row in enumerate(self.table):
            try:
                advice = self._examine_one(row, runner, results, references)
            except Exception:  # noqa: BLE001 - advice must never fail a grading
                advice = None
            if advice is not None:
                self.advice[index] = advice

    def _examine_one(self, row, runner, results, references):
        name, differs = self._name(row)
        mine = [r for r in results.values() if r.check.function == name]
        if self.stopped or not mine or any(r.outcome != "passed" for r in mine):
            return None
        # The graded functions it calls are the learner's own, unless their checks here did not all pass.
        proxies = [(callee, callee in mine[0].check.rng_calls) for callee in mine[0].check.calls
                   if any(r.check.function == callee and r.outcome != "passed" for r in results.values())]
        return self._advise(row, name, differs, runner, references.get(name), proxies)

    def _inputs(self, row, differs, sizes):
        args, kwargs = row.inputs(**sizes)
        if differs is not None and differs.adapt is not None:
            args, kwargs = differs.adapt(tuple(args), dict(kwargs))
        return args, kwargs

    def _call(self, runner, name, args, kwargs, proxies, count=None):
        result = runner.call(name, args, kwargs, proxies=proxies, timeout=self.timeout, count_lines=count)
        if result.status in ("timeout", "crashed"):
            self.stopped = True
        return result

    def _advise(self, row, name, differs, runner, reference, proxies):
        if self.definitions is None:
            self.definitions = definitions(self.chunks)
        where = self.definitions.get(name)
        if where is None or reference is None:
            return None
        filename, node, source = where
        exempt = {normalised(header) for header in row.template}
        candidates = list(dict.fromkeys(loop for loop in loops(node, source)
                                        if not (loop.normal and loop.normal in exempt)))
        if not candidates:
            return None  # vectorized code (or only the template's loops): nothing to run
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        span = (filename, first, node.end_lineno)
        small = {dim: size for dim, size, _ in row.dimensions}
        base = self._call(runner, name, *self._inputs(row, differs, small), proxies, span)
        if base.status != "ok":
            return None
        rates = {loop: {} for loop in candidates}
        for dim, size, _ in row.dimensions:
            grown = self._call(runner, name, *self._inputs(row, differs, {**small, dim: GROWTH * size}), proxies, span)
            if grown.status != "ok":
                return None
            for loop in candidates:
                rate = growth(loop, base.line_counts, grown.line_counts, size)
                if rate:
                    rates[loop][dim] = rate
        flagged = []
        for loop in candidates:  # one loop a line: a comprehension in a for's header is the same loop to the learner
            if rates[loop] and all(other.line != loop.line for other in flagged):
                flagged.append(loop)
        if not flagged:
            return None
        dim, large = next((d, large) for d, _, large in row.dimensions if any(d in rates[loop] for loop in flagged))
        args, kwargs = self._inputs(row, differs, {**small, dim: large})
        timed = self._call(runner, name, args, kwargs, proxies)
        if timed.status not in ("ok", "timeout"):
            return None
        vectorized_seconds = reference_seconds(reference, args, kwargs)
        size_text = f"{large:,} {WORDS.get(dim, (dim, dim))[1]}"
        if timed.status == "ok":
            ratio = timed.seconds / max(vectorized_seconds, 1e-9)
            how = f"on {size_text} your {name} took {_times(ratio)} the time of a vectorized one"
        else:
            ratio = None
            how = (f"on {size_text} your {name} did not finish within {self.timeout:g} s, where a vectorized one "
                   f"takes {_seconds(vectorized_seconds)}")
        place = f" of {filename}" if len(self.chunks) > 1 else ""
        loops_text = "; ".join(f"line {loop.line}{place} (`{loop.code}`): {_per(rates[loop])}" for loop in flagged)
        return {
            "function": name,
            "file": filename,
            "loops": [{"line": loop.line, "code": loop.code, "grows_with": list(rates[loop])} for loop in flagged],
            "size": {dim: large},
            "times_slower": None if ratio is None else round(ratio, 1),
            "message": f"{name}, {loops_text}. {how[0].upper()}{how[1:]}. The course asks for vectorized numpy here: "
                       f"{row.hint}",
        }

"""Grade the mutants of a course's solutions and say which checks kill them (``grade audit``).

For each assignment: every graded function's mutants (``grader.authoring.mutants``), each written as a
submission (the whole solution module with one mistake in one function) and graded by the real engine
on that function's checks, all of them (to say which kill it), in the batch's pool of grader processes
(``grader.batch.pool.Workers``: one core each, learner code confined, each check's time limit; an
endless or memory-hungry mutant costs its own row). A mutant is

- **killed** when at least one of its function's checks does not pass (failed, error, timeout, crash);
  the checks that did not pass are named, and a check is said to *alone* kill the mutants no other
  check kills;
- **equivalent** when every check passed and, on independent random inputs (``grader.audit.inputs``:
  never the checks' own), it gives the reference's outputs: no check could kill it;
- **survived** when every check passed but it differs from the reference on some random input: the
  checks missed a mistake (its diff and the input it fails on are reported);
- **not judged** when the grading could not run (the cat data missing, a grader process that died).

The kill rate of an assignment is killed / (made - equivalent - not judged). ``min_kill``: the rate
every assignment must reach (``grade audit`` exits 1 under it).

Time limits: a mutant is graded with the checks' own limits scaled down to a few times what the
reference's grading of the function takes (``TIME_FACTOR``, at least ``MIN_SECONDS`` a check): a mutant
that makes a training slow is killed by the time limit, as a learner's would be, without waiting the
minutes a check allows a correct training on a slow machine.
"""

import copy
import random
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from grader import course as courses
from grader.audit.inputs import random_inputs
from grader.authoring.mutants import MutationError, graded_functions, mutants
from grader.batch.pool import Workers
from grader.checking.compare import Mismatch, Tolerance, compare
from grader.checking.refcache import ReferenceCache
from grader.errors import CannotGrade
from grader.isolate.runner import Runner
from grader.load import reader
from grader.randomness import RANDOM_STATE

TIME_FACTOR = 4.0  # a mutant's checks get this many times the reference's time...
MIN_SECONDS = 5.0  # ...and at least this many seconds each
SAME = Tolerance(1e-7, 1e-10)  # outputs this close on random inputs: an equivalent mutant


@dataclass
class Judged:
    """One mutant and what became of it."""

    assignment: str
    function: str
    operator: str
    description: str
    line: int
    diff: str
    verdict: str  # killed, survived, equivalent, not judged
    killed_by: list = field(default_factory=list)  # the checks that did not pass, with their outcome
    passed: list = field(default_factory=list)  # the checks it passed
    why: str = ""  # survived: the random input it differs on; not judged: why

    def to_dict(self):
        return dict(self.__dict__)


@dataclass
class Audit:
    """The audit of some assignments: every mutant judged, and the lines about what could not be audited."""

    results: list
    problems: list  # one sentence each: a solution that does not parse, a function without checks...
    min_kill: float
    seconds: float
    sampled: str = ""  # "120 of 478 mutants, seed 0" when --max-mutants sampled them

    def rate(self, assignment):
        mine = [r for r in self.results if r.assignment == assignment]
        counted = [r for r in mine if r.verdict in ("killed", "survived")]
        return sum(r.verdict == "killed" for r in counted) / len(counted) if counted else 1.0

    @property
    def assignments(self):
        return list(dict.fromkeys(r.assignment for r in self.results))

    @property
    def passed(self):
        return all(self.rate(a) >= self.min_kill for a in self.assignments) and not self.problems

    def alone(self):
        """``{(assignment, check): mutants only it kills}``."""
        counts = {}
        for r in self.results:
            if r.verdict == "killed" and len(r.killed_by) == 1:
                key = (r.assignment, r.killed_by[0]["check"])
                counts[key] = counts.get(key, 0) + 1
        return counts

    def to_dict(self):
        return {"min_kill": self.min_kill, "passed": self.passed, "seconds": round(self.seconds, 1),
                "sampled": self.sampled, "problems": self.problems,
                "assignments": {a: {"kill_rate": round(self.rate(a), 4), **self._counts(a)} for a in self.assignments},
                "alone": [{"assignment": a, "check": c, "mutants": n} for (a, c), n in sorted(self.alone().items())],
                "mutants": [r.to_dict() for r in self.results]}

    def _counts(self, assignment):
        mine = [r for r in self.results if r.assignment == assignment]
        return {verdict.replace(" ", "_"): sum(r.verdict == verdict for r in mine)
                for verdict in ("killed", "survived", "equivalent", "not judged")} | {"made": len(mine)}


def _reference_seconds(course, assignment_id):
    """``{check name: seconds}`` the reference's gradings took here (the reference cache keeps them)."""
    known = ReferenceCache(sources=course.files).durations()
    prefix = f"{assignment_id}/"
    return {name[len(prefix):]: seconds for name, seconds in known.items() if name.startswith(prefix)}


def _scale(checks, durations):
    """The ``timeout_scale`` of a function's mutants: its slowest check gets ``TIME_FACTOR`` times the
    reference's time (``MIN_SECONDS`` at least), never more than its own limit."""
    scales = [max(MIN_SECONDS, TIME_FACTOR * durations[c.name]) / c.timeout for c in checks if c.name in durations]
    return min(1.0, max(scales)) if scales else 1.0


def _judge_report(report, assignment, function, mutant):
    base = dict(assignment=assignment, function=function, operator=mutant.operator, description=mutant.description,
                line=mutant.line, diff=mutant.diff)
    if not report["status"].startswith("graded"):
        return Judged(**base, verdict="not judged", why=report["status"])
    tests = [t for t in report["tests"] if t["function"] == function]
    failing = [{"check": t["name"], "outcome": t["outcome"]} for t in tests
               if t["outcome"] not in ("passed", "not_run")]
    if failing:
        return Judged(**base, verdict="killed", killed_by=failing, passed=[t["name"] for t in tests
                                                                          if t["outcome"] == "passed"])
    if any(t["outcome"] == "not_run" for t in tests):
        return Judged(**base, verdict="not judged", why="some of its checks were not run here (the cat data is "
                                                        "missing?), and the others passed")
    return Judged(**base, verdict="survived", passed=[t["name"] for t in tests])


def _equivalence(judged, mutant, assignment, course, folder):
    """Decide a survivor: run it and the reference on random inputs; equal on all: equivalent."""
    function = judged.function
    reference = assignment.references()[function]
    inputs = random_inputs([c for c in assignment.checks if c.function == function])
    path = folder / f"equivalence_{function}.py"
    path.write_text(mutant.source)
    tried = 0
    with Runner(reader.load(path).chunks, import_paths=course.learner_paths(), hidden=course.hidden()) as runner:
        for args, kwargs, seed in inputs:
            try:
                with RANDOM_STATE, np.errstate(all="ignore"):
                    np.random.seed(seed if seed is not None else 0)
                    expected = reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except Exception:  # noqa: BLE001 - the reference refuses these inputs: not a fair test
                continue
            tried += 1
            call = runner.call(function, copy.deepcopy(args), copy.deepcopy(kwargs),
                               seed=seed if seed is not None else 0, timeout=30)
            if call.status != "ok":
                judged.why = f"on random inputs it {call.status}s where the reference does not: {call.message[:200]}"
                return judged
            try:
                compare(call.value, expected, "output", SAME)
            except Mismatch as e:
                judged.why = f"on random inputs (made from its checks' shapes, new values): {str(e)[:300]}"
                return judged
    if not tried:
        judged.verdict, judged.why = "not judged", "no random input the reference accepts could be made"
        return judged
    judged.verdict = "equivalent"
    judged.why = f"the reference's outputs on {tried} random inputs"
    return judged


def audit(assignment_ids=None, *, course=None, jobs=2, min_kill=0.95, max_mutants=None, seed=0, progress=None,
          functions=None):
    """Audit the checks of ``assignment_ids`` (all of the course's by default); an ``Audit``.

    ``max_mutants``: a sample of that many mutants (``seed``: which), spread over the assignments in
    proportion; ``progress(done, total)`` after each mutant is graded; ``functions``: only these.
    """
    course = course or courses.active()
    start = time.perf_counter()
    unknown = [a for a in assignment_ids or () if a not in course.ids]
    if unknown:
        raise CannotGrade(f"unknown assignment {', '.join(map(repr, unknown))}; the course's assignments are "
                          f"{', '.join(course.ids)}")
    problems, made = [], []  # made: (assignment, function, mutant)
    for assignment_id in assignment_ids or course.ids:
        try:
            assignment = course.assignment(assignment_id)
        except CannotGrade as e:  # its solution or checks do not import: the others are audited
            problems.append(f"{assignment_id}: {e}")
            continue
        source = assignment.solution_file.read_text()
        try:
            marked = graded_functions(source)
        except MutationError as e:
            problems.append(f"{assignment_id}: {e}")
            continue
        checked = set(assignment.functions)
        for function in marked:
            if functions and function not in functions:
                continue
            if function not in checked:
                problems.append(f"{assignment_id}: {function} is a graded function of {assignment.solution_file.name} "
                                f"and no check grades it: add its checks (grade audit cannot judge it)")
                continue
            try:
                made += [(assignment_id, function, m) for m in mutants(source, function, assignment.solution_file.name)]
            except MutationError as e:
                problems.append(f"{assignment_id}: {e}")
    sampled = ""
    if max_mutants is not None and len(made) > max_mutants:
        chosen = sorted(random.Random(seed).sample(range(len(made)), max_mutants))
        sampled = f"{max_mutants} of {len(made)} mutants, seed {seed}"
        made = [made[i] for i in chosen]
    results = []
    with tempfile.TemporaryDirectory(prefix="nndl-audit-") as work:
        folder = Path(work)
        durations = {a: _reference_seconds(course, a) for a in dict.fromkeys(a for a, _, _ in made)}
        jobs_list = []
        for index, (assignment_id, function, mutant) in enumerate(made):
            path = folder / f"{assignment_id}-{function}-{index:04d}.py"
            path.write_text(mutant.source)
            checks = [c for c in course.assignment(assignment_id).checks if c.function == function]
            jobs_list.append({"name": path.stem, "path": str(path), "file": path.name, "assignment": assignment_id,
                              "only": [function], "no_cache": True, "index": index,
                              "timeout_scale": _scale(checks, durations[assignment_id])})
        by_index = {}
        if jobs_list:
            pool = Workers(max(1, min(jobs, len(jobs_list))), course=course, hidden=(folder,))
            try:
                for done, (job, report) in enumerate(pool.run(jobs_list), start=1):
                    assignment_id, function, mutant = made[job["index"]]
                    by_index[job["index"]] = _judge_report(report, assignment_id, function, mutant)
                    if progress:
                        progress(done, len(jobs_list))
            finally:
                pool.close()
        for index, (assignment_id, function, mutant) in enumerate(made):
            judged = by_index[index]
            if judged.verdict == "survived":
                judged = _equivalence(judged, mutant, course.assignment(assignment_id), course, folder)
            results.append(judged)
    return Audit(results, problems, min_kill, time.perf_counter() - start, sampled)


def to_text(result):
    """The audit for people: per assignment its kill rate, then each survivor with its diff."""
    lines = []
    if result.sampled:
        lines += [f"A sample: {result.sampled}.", ""]
    for assignment in result.assignments:
        mine = [r for r in result.results if r.assignment == assignment]
        counts = result._counts(assignment)
        lines.append(f"{assignment}: {counts['made']} mutants, {counts['killed']} killed, {counts['survived']} survived, "
                     f"{counts['equivalent']} equivalent, {counts['not_judged']} not judged: kill rate "
                     f"{100 * result.rate(assignment):.1f} %")
        for function in dict.fromkeys(r.function for r in mine):
            theirs = [r for r in mine if r.function == function]
            killed = sum(r.verdict == "killed" for r in theirs)
            lines.append(f"  {function:<28} {len(theirs):>3} made, {killed:>3} killed"
                         + "".join(f", {n} {v}" for v in ("survived", "equivalent", "not judged")
                                   if (n := sum(r.verdict == v for r in theirs))))
        for r in mine:
            if r.verdict == "equivalent":  # for the instructor to confirm: no check could tell it apart
                lines += ["", f"  equivalent: {r.function}: {r.description} [{r.operator}]: {r.why}"]
                lines += ["    " + line for line in r.diff.splitlines()]
            if r.verdict in ("survived", "not judged"):
                lines += ["", f"  {r.verdict.upper()}: {r.function}: {r.description} [{r.operator}]",
                          f"    passed {len(r.passed)} checks: {', '.join(r.passed) or 'none'}",
                          f"    {r.why}" if r.why else ""]
                lines += ["    " + line for line in r.diff.splitlines()]
        lines.append("")
    alone = result.alone()
    if alone:
        lines.append("Checks that alone kill mutants:")
        lines += [f"  {a} {check}: {n}" for (a, check), n in sorted(alone.items(), key=lambda kv: -kv[1])]
        lines.append("")
    lines += [f"Could not audit: {p}" for p in result.problems]
    rates = ", ".join(f"{a} {100 * result.rate(a):.1f} %" for a in result.assignments)
    verdict = "passed" if result.passed else "FAILED"
    lines.append(f"Audit {verdict}: kill rate {rates} (at least {100 * result.min_kill:g} % needed), "
                 f"{len(result.results)} mutants in {result.seconds:.0f} s")
    return "\n".join(line for line in lines if line is not None) + "\n"


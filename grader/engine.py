"""Grade a submission against one assignment's checks.

The checks of quick functions run one after another in one learner process. Each function that
trains a model gets its own process, and those groups run in parallel (one BLAS thread each), so
grading a whole assignment takes about as long as its longest training.
"""

import hashlib
import itertools
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from threadpoolctl import threadpool_limits

from datasets.cat import DatasetError
from grader import course as courses
from grader import data, version
from grader.check.compare import Mismatch
from grader.check.model import Context, Result
from grader.check.refcache import ReferenceCache
from grader.errors import DataUnavailable
from grader.isolate.runner import Runner
from grader.load import reader

OUTPUT_LINES = 20  # lines of the learner's printed output shown per check


@dataclass
class Grading:
    """What grading one submission found: a result per check, and what the report names it by."""

    assignment: str
    results: list
    seconds: float
    notes: list = field(default_factory=list)
    title: str = ""
    course_version: str = ""  # the version of the course's notebook the checks follow
    digest: str = ""  # assignment_digest: the grading code, the checks and the solution that made it
    syntax_errors: list = field(default_factory=list)  # where the submission does not parse ("a.py, line 3")

    @property
    def score(self):
        return sum(r.score for r in self.results)

    @property
    def max_score(self):
        return sum(r.check.points for r in self.results)

    @property
    def passed(self):
        return all(r.outcome == "passed" for r in self.results)

    def to_dict(self):
        return {
            "assignment": self.assignment,
            "course_version": self.course_version,
            "grader": {"version": version.VERSION, "digest": self.digest},
            "score": round(self.score, 6),
            "max_score": round(self.max_score, 6),
            "execution_time": round(self.seconds, 3),
            "tests": [
                {
                    "name": r.check.name,
                    "function": r.check.function,
                    "kind": r.check.kind,
                    "status": "passed" if r.outcome == "passed" else "failed",
                    "outcome": r.outcome,
                    "score": r.score,
                    "max_score": r.check.points,
                    "output": r.output,
                    "mistake": r.mistake,
                }
                for r in self.results
            ],
        }


def _learner_output(call):
    """The learner's prints and warnings, trimmed, as lines to add to a result."""
    parts = []
    if call.warnings:
        parts.append("warnings (information, not a failure): " + "; ".join(call.warnings))
    if call.stdout.strip():
        lines = call.stdout.rstrip().splitlines()
        shown = lines[:OUTPUT_LINES] + ([f"... ({len(lines) - OUTPUT_LINES} more lines)"] if len(lines) > OUTPUT_LINES else [])
        parts.append("your code printed:\n" + "\n".join("  | " + line for line in shown))
    return parts


def run_check(runner, check, reference_function, reference_cache=None, shared=None, assignment_id=""):
    """Run one check in ``runner`` and return its Result.

    ``shared`` maps a ``call_key`` to an earlier (args, kwargs, call) to reuse instead of calling
    the learner's function again on the same inputs (one training run, several verdicts).
    """
    start = time.perf_counter()
    shared = {} if shared is None else shared
    if check.call_key in shared:
        args, kwargs, call = shared[check.call_key]
    else:
        args, kwargs = check.inputs()
        call = runner.call(check.function, args, kwargs, seed=check.seed,
                           proxies=[(name, name in check.rng_calls) for name in check.calls],
                           timeout=check.timeout, return_args=check.return_args)
        if check.call_key:
            shared[check.call_key] = args, kwargs, call
    extra = _learner_output(call)
    mistake = None
    if call.status == "ok":
        ctx = Context(check, reference_function, args, kwargs, call.args_after, reference_cache=reference_cache,
                      assignment_id=assignment_id)
        try:
            check.verify(call.value, ctx)
            outcome, message = "passed", ""
        except Mismatch as e:
            outcome, message, mistake = "failed", str(e), e.mistake
        except Exception as e:  # a bug of ours must not take the other checks down with it
            outcome = "error"
            message = (f"the grader failed on this check (a bug in the grader, not in your code; "
                       f"please report it): {type(e).__name__}: {e}")
    elif call.status == "not_implemented":
        outcome, message = "not_implemented", f"{check.function} is not implemented yet (it raises NotImplementedError)"
    elif call.status == "missing":
        outcome, message = "missing", f"{check.function} is not defined in the submission"
    elif call.status == "timeout":
        outcome, message = "timeout", call.message
    elif call.status == "error":
        outcome, message = "error", f"{check.function} raised an error: {call.message}"
    else:  # the learner's process died, or the submission could not be loaded
        outcome, message = "crashed", call.message
    if call.status in ("error", "crashed") and call.traceback:
        message += "\n" + call.traceback.rstrip()
    output = printable("\n".join([message] + extra).strip())
    return Result(check, outcome, output, time.perf_counter() - start,
                  printable(mistake) if outcome == "failed" and mistake else None)


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7f] if chr(c) not in "\n\t"}


def printable(text):
    """``text`` with control characters shown as ``\\x1b``: what a learner's code prints or raises
    cannot move the cursor, clear a line or colour the report to pass for the grader's words."""
    return text.translate(_CONTROL)


def run_group(chunks, checks, references, reference_cache=None, assignment_id="", on_result=None,
              timeout_scale=1.0, course=None):
    """Run ``checks`` in order in one learner process; skip those whose prerequisites failed.

    A function that ran out of time in one check is still called by the next: a loop that
    never ends on some inputs only costs the checks with those inputs.

    ``on_result(result)``, if given, is called after each check, in the thread running the group.
    """
    results, shared = {}, {}
    def remember(request, compute):
        key = reference_cache.key(assignment_id, b"callback\0" + hashlib.sha256(request).digest())
        return reference_cache.get_or_compute_key(key, compute)

    course = course or courses.active()
    with Runner(chunks, references, remember=remember if reference_cache is not None else None,
                timeout_scale=timeout_scale, import_paths=course.learner_paths(), hidden=course.hidden()) as runner:
        for check in checks:
            unmet = [results[name] for name in check.after if name in results and results[name].outcome != "passed"]
            if unmet:
                # A function not written yet stays "not implemented" / "missing" all the way down.
                inherited = {r.outcome for r in unmet} & {"not_implemented", "missing"}
                outcome = inherited.pop() if len(inherited) == 1 else "failed"
                needs = ", ".join(repr(r.check.name) for r in unmet)
                results[check.name] = Result(check, outcome, f"not run: it needs {needs} to pass first")
            else:
                results[check.name] = run_check(runner, check, references[check.function], reference_cache, shared,
                                                assignment_id)
            if on_result is not None:
                on_result(results[check.name])
        notes = runner.load_notes
    return list(results.values()), notes


def groups(checks):
    """Quick checks together; every function with a long check in a group of its own."""
    long_functions = {c.function for c in checks if c.long}
    quick = [c for c in checks if c.function not in long_functions]
    by_function = [[c for c in checks if c.function == f] for f in dict.fromkeys(c.function for c in checks if c.long)]
    return ([quick] if quick else []) + by_function


def assignment_digest(course, assignment_id):
    """The digest of what an assignment's verdicts depend on: the grading code, its checks, its solution."""
    key = (course.root, assignment_id)
    if key not in digests:
        digests[key] = version.digest_of(course.root, course.files(assignment_id), salt=version.code_digest())
    return digests[key]


# (course folder, assignment id) -> digest: read once per process, as version.code_digest, so that one
# batch keys all its reports alike; its grader processes get their parent's.
digests = {}


def _plan(submission, assignment_id, only, course, require_data=False):
    """The checks of one submission, the results of those that cannot run here, and the groups to run.

    Without the cat data (missing or altered), the checks that need it, and those that wait for
    them (``after``), are not run: their results say why and how to get the data, and the learner's
    code is never called for them. ``require_data``: raise ``DataUnavailable`` instead.
    """
    assignment = course.assignment(assignment_id)
    checks = [c for c in assignment.checks if only is None or c.function in set(only)]
    not_run, notes = {}, []
    if any(c.needs_data for c in checks):
        try:
            data.check_cat()
        except DatasetError as e:
            if require_data:
                raise DataUnavailable(str(e)) from None
            not_run = _not_run(checks, str(e))
            points = sum(r.check.points for r in not_run.values())
            notes.append(printable(f"{len(not_run)} check{'s' if len(not_run) > 1 else ''} not run, because the "
                                   f"cat data is missing (their {points:g} points count in the maximum): {e}"))
    references = assignment.references()
    runnable = [c for c in checks if c.name not in not_run]
    return checks, not_run, notes, [(submission, assignment_id, group, references) for group in groups(runnable)]


def _not_run(checks, reason):
    """``{name: Result}`` for the checks that need the missing cat data (``reason``, the DatasetError's
    words: which file, what to do) and for the checks that run after them, in check order."""
    results = {}
    for check in checks:
        waiting = [repr(name) for name in check.after if name in results]
        if check.needs_data:
            results[check.name] = Result(check, "not_run", printable(f"not run: the cat data is missing. {reason}"))
        elif waiting:
            results[check.name] = Result(check, "not_run", f"not run: it needs {', '.join(waiting)} to pass first, "
                                                           f"which could not run without the cat data")
    return results


def _pin_worker(counter):
    """Keep a worker thread, and the learner processes it starts, on one core of their own.

    A learner's function that calls a reference function hands control back and forth with the
    grader (a callback); across two cores each hand-over waits for the other core to wake up
    (about 50 µs a round trip here, 7 µs on one core). Only one side runs at a time, so one core
    serves both, and the other cores stay free for the other groups. Learner processes inherit
    the affinity of the thread that starts them.
    """
    if not hasattr(os, "sched_setaffinity"):
        return
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[next(counter) % len(cores)]})  # 0: this thread, on Linux


def grade_many(items, *, only=None, jobs=2, reference_cache="default", progress=None, timeout_scale=1.0,
               course=None, require_data=False):
    """Grade several ``(submission, assignment_id)`` pairs in one pool of learner processes.

    Parameters
    ----------
    items : list of (Submission or path, str)
    only : iterable of str, optional
        Grade only these functions.
    jobs : int
        Learner processes running at once; the longest groups of checks start first.
    reference_cache : ReferenceCache, "default" or None
        Where the reference's outputs of expensive checks are kept (None: recompute).
    progress : callable, optional
        ``progress(done, total)``: ``done`` of the ``total`` checks of all items have a result.
        Called once with ``done = 0`` before grading starts, then after each check, from the
        worker threads but never two calls at once.
    timeout_scale : float
        Multiplies every time limit of the learner's code (> 1 on a slow machine).
    course : Course, optional
        The course whose assignments these are (``grader.course.active()`` by default).
    require_data : bool
        Raise ``DataUnavailable`` when a check needs the cat data and it is missing or altered;
        by default such checks are ``not_run`` (with why, and how to get the data) and the others graded.

    Returns
    -------
    list of Grading, in the order of ``items``
    """
    course = course or courses.active()
    if reference_cache == "default":
        reference_cache = ReferenceCache(sources=course.files)
    start = time.perf_counter()
    plans = []
    for submission, assignment_id in items:
        if not isinstance(submission, reader.Submission):
            submission = reader.load(submission)
        plans.append((submission, assignment_id, *_plan(submission, assignment_id, only, course, require_data)))
    tasks = [task for *_, tasks in plans for task in tasks]
    known = reference_cache.durations() if reference_cache is not None else {}

    def expected_seconds(task):
        _, assignment_id, group, _ = task
        # What the checks took last time; before any grading, a long check counts as its timeout.
        return sum(known.get(f"{assignment_id}/{c.name}", c.timeout if c.long else 0.1) for c in group)

    tasks.sort(key=expected_seconds, reverse=True)  # longest first: the others fill in around them

    total = sum(len(checks) - len(not_run) for _, _, checks, not_run, _, _ in plans)  # what runs
    lock, finished = threading.Lock(), itertools.count(1)

    def on_result(_result):
        with lock:
            progress(next(finished), total)

    def run(task):
        submission, assignment_id, group, references = task
        return id(task), run_group(submission.chunks, group, references, reference_cache, assignment_id,
                                   on_result if progress is not None else None, timeout_scale, course)

    if progress is not None:
        progress(0, total)

    # The learner processes use one BLAS thread each; the grader's own numerics (references in
    # several threads) use one too: multi-threaded OpenBLAS in two threads at once, beside the
    # learner processes, was measured 30 times slower (its threads spin while they wait).
    workers = max(1, min(jobs, len(tasks)))
    with threadpool_limits(limits=1, user_api="blas"), \
            ThreadPoolExecutor(workers, initializer=_pin_worker, initargs=(itertools.count(),)) as pool:
        done = dict(pool.map(run, tasks))
    if reference_cache is not None:
        reference_cache.record_durations({f"{a}/{r.check.name}": round(r.seconds, 3)
                                          for _, a, _, _, _, own in plans for t in own
                                          for r in done[id(t)][0] if r.outcome == "passed"})
    gradings = []
    for submission, assignment_id, checks, not_run, data_notes, own_tasks in plans:
        outcomes = [done[id(task)] for task in own_tasks]
        by_name = {**not_run, **{r.check.name: r for results, _ in outcomes for r in results}}
        notes = list(submission.notes) + sorted({printable(n) for _, group_notes in outcomes for n in group_notes})
        notes += data_notes
        assignment = course.assignment(assignment_id)
        gradings.append(Grading(assignment_id, [by_name[c.name] for c in checks], time.perf_counter() - start, notes,
                                assignment.title, assignment.course_version, assignment_digest(course, assignment_id),
                                [printable(place) for place in submission.syntax_errors]))
    return gradings


def grade_submission(submission, assignment_id, **options):
    """Grade a loaded ``Submission`` and return a ``Grading`` (options as ``grade_many``)."""
    return grade_many([(submission, assignment_id)], **options)[0]


def grade(path, assignment_id, **options):
    """Load the file at ``path`` and grade it (see ``grade_many``)."""
    return grade_submission(reader.load(path), assignment_id, **options)

"""Grade a submission against one assignment's checks.

The checks of quick functions run one after another in one learner process. Each function that
trains a model gets its own process, and those groups run in parallel (one BLAS thread each), so
grading a whole assignment takes about as long as its longest training.
"""

import dataclasses
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
from grader.checking.compare import Mismatch
from grader.checking.fastpath import FastPath
from grader.checking.model import Context, Result
from grader.checking import results_cache
from grader.checking.refcache import ReferenceCache
from grader.checking.vectorize import Advisor
from grader.errors import DataUnavailable, NoAnswer
from grader.isolate import effects
from grader.isolate.runner import Runner
from grader.load import reach, reader

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
    # Loops a vectorized function should not have (grader.checking.vectorize): dicts with a "message"; no points.
    advice: list = field(default_factory=list)

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
            "advice": self.advice,
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


def run_check(runner, check, reference_function, reference_cache=None, shared=None, assignment_id="",
              unloaded=None, own=(), pictures=False):
    """Run one check in ``runner`` and return its Result.

    ``shared`` maps a ``call_key`` to an earlier (args, kwargs, call) to reuse instead of calling
    the learner's function again on the same inputs (one training run, several verdicts).
    A call that changes an argument in place fails, unless ``check.may_change`` names it.
    ``unloaded`` (``Submission.unloaded``): why a name is not in the learner's process; a graded
    function in code that does not parse is an error ("syntax error at line L"), not missing.
    ``own``: the replaced functions (and those of ``check.rule_calls``) whose learner's version answers a call
    the learner edition has no recorded answer for (they passed their own checks; ``grader.checking.answers``).
    ``pictures``: run the check's picture makers too (``Check.pictures``: an HTML report, the notebook); the
    figures its verdict finds (a small failed comparison, gradient errors) are always kept.
    """
    start = time.perf_counter()
    shared = {} if shared is None else shared
    if check.call_key in shared:
        args, kwargs, call = shared[check.call_key]
    else:
        args, kwargs = check.inputs()
        call = runner.call(check.function, args, kwargs, seed=check.seed,
                           proxies=[(name, name in check.rng_calls, name in own) for name in check.calls],
                           timeout=check.timeout, return_args=check.return_args, trace=check.trace)
        if check.call_key:
            shared[check.call_key] = args, kwargs, call
    extra = _learner_output(call)
    mistake = None
    if call.status == "ok":
        ctx = Context(check, reference_function, args, kwargs, call.args_after, reference_cache=reference_cache,
                      assignment_id=assignment_id,
                      own={name: _own_call(runner, name, check) for name in check.rule_calls if name in own},
                      trace=call.trace)
        try:
            check.verify(call.value, ctx)
            outcome, message = "passed", ""
        except Mismatch as e:
            outcome, message, mistake = "failed", str(e), e.mistake
        except NoAnswer as e:  # the learner edition: this verdict needs an answer it does not hold
            outcome, message = "not_run", (f"not run: the learner edition cannot decide this check ({e}); its "
                                           f"points stay in the total, and the instructor's full edition decides it")
        except Exception as e:  # a bug of ours must not take the other checks down with it
            outcome = "error"
            message = (f"the grader failed on this check (a bug in the grader, not in your code; "
                       f"please report it): {type(e).__name__}: {e}")
        if pictures and outcome in ("passed", "failed"):
            ctx.figures.extend(_pictures(check, call.value, ctx))
        changed = effects.message(check.function, call.changed, effects.argument_names(reference_function, args, kwargs),
                                  check.may_change, check.consequence)
        if changed and outcome in ("passed", "failed"):
            message = changed + (f"\nIts output is wrong too: {message}" if outcome == "failed" else
                                 " Its output is right: only this change fails the check.")
            outcome, mistake = "failed", "an argument is changed in place instead of computing new values"
    elif call.status == "not_implemented":
        outcome, message = "not_implemented", f"{check.function} is not implemented yet (it raises NotImplementedError)"
    elif call.status == "missing" and getattr((unloaded or {}).get(check.function), "reason", "") == "syntax_error":
        outcome, message = "error", unloaded[check.function].syntax_error(check.function)
    elif call.status == "missing":
        outcome, message = "missing", f"{check.function} is not defined in the submission"
    elif call.status == "timeout":
        outcome, message = "timeout", call.message
    elif call.status == "error" and call.cause == "reference":  # the grader's words: the call, what does not fit
        outcome, message = "error", call.message
    elif call.status == "error" and call.cause == "no_answer":  # the learner edition cannot replace a helper here
        outcome, message = "not_run", (f"not run: the learner edition cannot decide this check: {call.message}. Its "
                                       f"points stay in the total, and the instructor's full edition decides it")
    elif call.status == "error":
        outcome, message = "error", f"{check.function} raised an error: {call.message}"
        if call.undefined in (unloaded or {}):
            message += ". " + unloaded[call.undefined].undefined(call.undefined)
    else:  # the learner's process died, or the submission could not be loaded
        outcome, message = "crashed", call.message
    if call.status == "error" and call.cause not in ("reference", "no_answer"):
        told = f"{call.message}\n{call.traceback or ''}"
        words = [words for text, words in check.error_words if text in told]
        if words:  # after the error's own message, which an assert's may leave empty ("AssertionError: ")
            message = message.rstrip().removesuffix(":") + "".join(f". {w}" for w in words)
    if call.status in ("error", "crashed") and call.traceback:
        message += "\n" + call.traceback.rstrip()
    output = printable("\n".join([message] + extra).strip())
    return Result(check, outcome, output, time.perf_counter() - start,
                  printable(mistake) if outcome == "failed" and mistake else None,
                  tuple(ctx.figures) if call.status == "ok" else ())


def _pictures(check, found, ctx):
    """The figures of ``check.pictures`` on the learner's output; one that cannot be made says why in a
    sentence (a learner's NaN costs or odd output must never take the report down)."""
    figures = []
    for make in check.pictures:
        try:
            figure = make(found, ctx)
        except NoAnswer as e:
            figure = {"kind": "sentence", "text": f"This picture is not drawn in the learner edition: {e}"}
        except Exception as e:  # noqa: BLE001 - a picture is never worth a failed check
            figure = {"kind": "sentence", "text": f"This picture could not be drawn from your output "
                                                  f"({type(e).__name__}: {printable(str(e))[:200]})."}
        if figure is not None:
            figures.append(figure)
    return figures


def _own_call(runner, name, check):
    """``(args, kwargs) -> output`` of the learner's own ``name`` in ``runner``'s process, for a verdict that runs
    it (``Context.call``); what it cannot answer is ``NoAnswer`` (the check is then not run)."""
    def call(args, kwargs):
        done = runner.call(name, args, kwargs, timeout=check.timeout)
        if done.status != "ok":
            raise NoAnswer(f"your own {name}, which passed its checks, stood in for the reference's and did not "
                           f"answer ({done.status}: {done.message[:300]})")
        return done.value
    return call


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7f] if chr(c) not in "\n\t"}


def _printable_advice(advice):
    """``advice`` (``Advisor.found``) with the learner's code it quotes made ``printable``."""
    return [{**a, "file": printable(a["file"]), "message": printable(a["message"]),
             "loops": [{**loop, "code": printable(loop["code"])} for loop in a["loops"]]} for a in advice]


def printable(text):
    """``text`` with control characters shown as ``\\x1b``: what a learner's code prints or raises
    cannot move the cursor, clear a line or colour the report to pass for the grader's words."""
    return text.translate(_CONTROL)


def run_group(chunks, checks, references, reference_cache=None, assignment_id="", on_result=None,
              timeout_scale=1.0, course=None, assignment_checks=None, known=None, unloaded=None, advisor=None,
              pictures=False):
    """Run ``checks`` in order in one learner process; skip those whose prerequisites failed.

    A function that ran out of time in one check is still called by the next: a loop that
    never ends on some inputs only costs the checks with those inputs.

    A check that replaces graded functions by the reference (a training, through thousands of
    callbacks) runs first with the learner's own when they all pass their own checks; a pass there is
    its verdict, anything else the run with the reference's (``grader.checking.fastpath``). The checks of
    ``assignment_checks`` (the assignment's, by default) that decide it and that this group has not
    run are run first, unreported.

    ``on_result(result)``, if given, is called after each check, in the thread running the group.
    ``known``: ``{check name: Result}`` reused from an earlier grading, given back instead of running
    the check (its prerequisites still decide first); a group all known starts no learner process.
    ``unloaded``: ``Submission.unloaded`` (see ``run_check``).
    ``advisor``: a ``grader.checking.vectorize.Advisor``, which examines the group's vectorized functions
    whose checks passed, in the same learner process, after the checks (advice only, no result changes).
    ``pictures``: see ``run_check``.
    """
    results, shared, known = {}, {}, known or {}
    def remember(request, compute):
        key = reference_cache.key(assignment_id, b"callback\0" + hashlib.sha256(request).digest())
        return reference_cache.get_or_compute_key(key, compute)

    course = course or courses.active()
    if assignment_checks is None:
        assignment_checks = course.assignment(assignment_id).checks if assignment_id else checks
    with Runner(chunks, references, remember=remember if reference_cache is not None else None,
                timeout_scale=timeout_scale, import_paths=course.learner_paths(), hidden=course.hidden()) as runner:
        fast = FastPath(lambda check, reference, shared, own=(): run_check(runner, check, reference, reference_cache,
                                                                           shared, assignment_id, unloaded, own,
                                                                           pictures),
                        assignment_checks, references, results, reference_cache, assignment_id)
        for check in prerequisites_first(checks):
            unmet = [results[name] for name in check.after if name in results and results[name].outcome != "passed"]
            if unmet:
                # A function not written yet stays "not implemented" / "missing" all the way down, and a check
                # that could not be run here (the learner edition, the cat data) leaves those after it "not run".
                outcomes = {r.outcome for r in unmet}
                outcome = "failed" if outcomes - {"not_implemented", "missing", "not_run"} else next(
                    o for o in ("not_implemented", "missing", "not_run") if o in outcomes)
                needs = ", ".join(repr(r.check.name) for r in unmet)
                results[check.name] = Result(check, outcome, f"not run: it needs {needs} to pass first")
            elif check.name in known:
                results[check.name] = known[check.name]
            else:
                results[check.name] = fast.check(check, shared)
            if on_result is not None:
                on_result(results[check.name])
        notes = runner.load_notes
        if advisor is not None:
            advisor.examine(runner, results, references)
    return [results[c.name] for c in checks], notes


def prerequisites_first(checks):
    """``checks`` with those another check of the group runs ``after`` first (stable): a model's early
    run (seconds) comes before its other trainings, so that a broken model is told in seconds. Results
    are reported in the checks' own order."""
    needed = {name for c in checks for name in c.after}
    return [c for c in checks if c.name in needed] + [c for c in checks if c.name not in needed]


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


def only_functions(assignment, only):
    """The graded functions ``only`` names, as ``assignment``'s version names them, and the names it does not know.

    ``assignment`` is an assignment as one version grades it (``Course.assignment(id, version)``). A function
    is named by its name in that version (W2A1 v3a ``normalizeRows``) or by its newest name
    (``normalize_rows``), which every version knows; a name only another version uses is not known.

    Returns
    -------
    (tuple of str, list of str)
        The functions chosen (each once, as the version's checks name them), and the names of ``only``
        that are neither.
    """
    renamed = assignment.version.renamed if assignment.version is not None else {}
    chosen, unknown = [], []
    for name in only:
        function = renamed.get(name, name)
        if function in assignment.functions:
            chosen.append(function)
        else:
            unknown.append(name)
    return tuple(dict.fromkeys(chosen)), unknown


def _plan(submission, assignment_id, only, course, require_data=False, course_version=None, result_cache=None,
          timeout_scale=1.0, pictures=False):
    """The checks of one submission, the results of those that cannot run here, the groups to run
    (each with the results ``result_cache`` holds for its checks, to reuse), and the ``_Reuse``.

    Without the cat data (missing or altered), the checks that need it, and those that wait for
    them (``after``), are not run: their results say why and how to get the data, and the learner's
    code is never called for them. ``require_data``: raise ``DataUnavailable`` instead.
    """
    assignment = course.assignment(assignment_id, courses.version_of(submission, assignment_id, course_version, course))
    chosen = None if only is None else set(only_functions(assignment, only)[0])
    checks = [c for c in assignment.checks if chosen is None or c.function in chosen]
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
    planned = groups(runnable)
    reuse = None if result_cache is None else _Reuse.find(result_cache, submission, assignment, runnable, course,
                                                          timeout_scale, planned, pictures)
    known = reuse.known if reuse else {}
    return checks, not_run, notes, [(submission, assignment_id, group, references,
                                     {c.name: known[c.name] for c in group if c.name in known}, assignment.checks)
                                    for group in planned], reuse


@dataclasses.dataclass
class _Reuse:
    """The results ``grader.checking.results_cache`` holds for one submission's checks, and their keys."""

    cache: object  # the ResultCache
    submission: object
    keys: dict  # check name -> key, for the checks whose results may be stored
    known: dict  # check name -> Result reused
    place: str  # results_cache.place_of(submission)
    notes_key: str
    notes: list | None  # the notes of loading the submission, when stored
    pictures: bool = False  # the results made their pictures (``Check.pictures``)

    @classmethod
    def find(cls, cache, submission, assignment, checks, course, timeout_scale, planned, pictures=False):
        code = reach.Code(submission.chunks)
        unloaded = getattr(submission, "unloaded", None) or {}
        digest = assignment_digest(course, assignment.id)

        def key(name, code_key):
            return results_cache.check_key(code_key=code_key, assignment_digest=digest, assignment_id=assignment.id,
                                           check_name=name, course_root=course.root,
                                           course_version=assignment.course_version, timeout_scale=timeout_scale)

        # A function that keeps state between calls may answer differently after other checks' calls.
        keys = {c.name: key(c.name, code.key(c.function) + repr(sorted(
                    (name, unloaded[name].reason) for name in code.reads(c.function) if name in unloaded)))
                for c in checks if not code.stateful(c.function)}
        place = results_cache.place_of(submission)
        known = {}
        for check in checks:
            found = cache.get(keys[check.name], check, place, pictures) if check.name in keys else None
            if found is not None:
                known[check.name] = dataclasses.replace(found, output=printable(found.output),
                                                        mistake=printable(found.mistake) if found.mistake else None)
        notes_key = key("\0loading", code.load_key())
        notes = cache.get_notes(notes_key, submission.chunks)
        if notes is None and planned:
            known.pop(planned[0][0].name, None)  # one learner process loads the submission, for its notes
        cache.reused += len(known)
        return cls(cache, submission, keys, known, place, notes_key, notes, pictures)

    def store(self, results, notes):
        """Keep the results that ran (not those reused, nor those skipped for a prerequisite), and the notes."""
        by_name = {r.check.name: r for r in results}
        ran = [r for r in results if r.check.name not in self.known
               and all(by_name[n].outcome == "passed" for n in r.check.after if n in by_name)]
        for result in ran:
            if result.check.name in self.keys:
                self.cache.put(self.keys[result.check.name], result, self.submission, self.place, self.pictures)
        if self.notes is None and any(r.outcome in results_cache.REUSED for r in ran):
            self.cache.put_notes(self.notes_key, self.submission.chunks, notes)


def _advisor(submission, assignment_id, course, course_version, timeout_scale):
    """The ``Advisor`` of a submission's vectorized functions, or None (none declared, or any failure:
    advice never stops a grading)."""
    try:
        assignment = course.assignment(assignment_id, courses.version_of(submission, assignment_id, course_version,
                                                                          course))
        table = assignment.vectorized
        return Advisor(table, submission.chunks, assignment.version, timeout_scale) if table else None
    except Exception:  # noqa: BLE001
        return None


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
               course=None, require_data=False, course_version=None, result_cache=None, advice=True, on_check=None,
               pictures=False):
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
    on_check : callable, optional
        ``on_check(result)`` with each check's ``Result`` as soon as it is known (before ``progress``),
        under the same lock: the notebook's check shows verdicts as they come.
    timeout_scale : float
        Multiplies every time limit of the learner's code (> 1 on a slow machine).
    course : Course, optional
        The course whose assignments these are (``grader.course.active()`` by default).
    require_data : bool
        Raise ``DataUnavailable`` when a check needs the cat data and it is missing or altered;
        by default such checks are ``not_run`` (with why, and how to get the data) and the others graded.
    course_version : str, optional
        Grade against this version of the course's notebooks; by default each submission's is
        recognised (``grader.course.version_of``).
    result_cache : ResultCache, optional
        Reuse the results of checks whose inputs are all unchanged since an earlier grading, and keep
        the new ones (``grader.checking.results_cache``); None: run every check.
    advice : bool
        Examine the functions the course wants vectorized for loops over the examples or features
        (``grader.checking.vectorize``; ``Grading.advice``, no points).
    pictures : bool
        Make the data of every check's pictures (``Result.figures``: cost curves, decision boundaries,
        mislabeled pictures), for an HTML report or the notebook; the text formats do without.

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
        plans.append((submission, assignment_id, *_plan(submission, assignment_id, only, course, require_data,
                                                        course_version, result_cache, timeout_scale, pictures)))
    tasks = [task for *_, tasks, _ in plans for task in tasks]
    advisors = {}  # (id of the submission, assignment id) -> Advisor
    for submission, assignment_id, *_ in plans if advice else ():
        advisor = _advisor(submission, assignment_id, course, course_version, timeout_scale)
        if advisor is not None:
            advisors[id(submission), assignment_id] = advisor
    known = reference_cache.durations() if reference_cache is not None else {}

    def expected_seconds(task):
        _, assignment_id, group, _, reused, _ = task
        # What the checks took last time; before any grading, a long check counts as its timeout.
        return sum(known.get(f"{assignment_id}/{c.name}", c.timeout if c.long else 0.1) for c in group
                   if c.name not in reused)

    tasks.sort(key=expected_seconds, reverse=True)  # longest first: the others fill in around them

    total = sum(len(checks) - len(not_run) for _, _, checks, not_run, _, _, _ in plans)  # what runs
    lock, finished = threading.Lock(), itertools.count(1)

    def on_result(result):
        with lock:
            if on_check is not None:
                on_check(result)
            if progress is not None:
                progress(next(finished), total)

    def run(task):
        submission, assignment_id, group, references, reused, version_checks = task
        return id(task), run_group(submission.chunks, group, references, reference_cache, assignment_id,
                                   on_result if progress is not None or on_check is not None else None,
                                   timeout_scale, course,
                                   assignment_checks=version_checks, unloaded=submission.unloaded, known=reused,
                                   advisor=advisors.get((id(submission), assignment_id)), pictures=pictures)

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
                                          for _, a, _, _, _, own, _ in plans for t in own
                                          for r in done[id(t)][0] if r.outcome == "passed" and r.check.name not in t[4]})
    gradings = []
    for submission, assignment_id, checks, not_run, data_notes, own_tasks, reuse in plans:
        outcomes = [done[id(task)] for task in own_tasks]
        by_name = {**not_run, **{r.check.name: r for results, _ in outcomes for r in results}}
        loaded = sorted({n for _, group_notes in outcomes for n in group_notes})
        if reuse is not None:
            reuse.store([r for results, _ in outcomes for r in results], loaded)
            loaded = sorted({*loaded, *(reuse.notes or [])})
        notes = list(submission.notes) + sorted({printable(n) for n in loaded})
        notes += data_notes
        assignment = course.assignment(assignment_id, courses.version_of(submission, assignment_id, course_version, course))
        advisor = advisors.get((id(submission), assignment_id))
        gradings.append(Grading(assignment_id, [by_name[c.name] for c in checks], time.perf_counter() - start, notes,
                                assignment.title, assignment.course_version, assignment_digest(course, assignment_id),
                                [printable(place) for place in submission.syntax_errors],
                                _printable_advice(advisor.found()) if advisor else []))
    return gradings


def grade_submission(submission, assignment_id, **options):
    """Grade a loaded ``Submission`` and return a ``Grading`` (options as ``grade_many``)."""
    return grade_many([(submission, assignment_id)], **options)[0]


def grade(path, assignment_id, **options):
    """Load the file at ``path`` and grade it (see ``grade_many``)."""
    return grade_submission(reader.load(path), assignment_id, **options)

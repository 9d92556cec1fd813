"""``grade batch``: grade a whole class, in parallel, resumably.

    grade batch DIR --out RESULTS_DIR [--jobs N] [--assignment ID] [--data-dir DIR]

DIR holds one submission per learner: a file (``alice.py``, ``bob.ipynb``) or a folder
(``carol/`` holding the learner's .py or .ipynb). RESULTS_DIR receives

- ``reports/<submission>.json``: the engine's JSON report (``Grading.to_dict``) plus the
  submission's name, file, sha256, status, notes and syntax errors, written the moment it is graded;
- ``gradebook.csv``: one row per submission: submission, assignment, a score per graded function,
  total, max, percent, status (``graded`` or ``could not grade: <reason>``), rebuilt from the reports;
  for a class of several assignments, ``gradebook-<id>.csv`` each, and ``gradebook.csv`` without the
  functions; with a roster, the LMS's ``canvas-<id>.csv`` or ``moodle-<id>.csv`` (``grader.render.gradebook``);
- ``summary.txt`` (also printed): the score distribution and the most failed checks of the class.

How the work is shared. A pool of grader processes (spawn), one per job, each pinned to a core of
its own (the idlest first), grades one submission at a time with
``engine.grade_submission(jobs=1)``: the grader process and the learner process it starts take
turns on that core (the engine's callbacks hand control back and forth), and the other cores serve
the other submissions. Not one ``engine.grade_many`` over the class, nor threads in one process,
because (1) the grader's own work (inputs, references, the callbacks of training loops,
comparisons) is Python under one GIL: on W3A1, two jobs in one process were no faster than one
(1.0x), two grader processes 1.5x (``bench/batch_throughput.py --designs``); (2) ``grade_many``
returns only when the whole class is done, so an interrupted batch would lose everything; (3) a
grader process that dies (out of memory, killed) costs one submission, not the batch. The price is
about half a second to start the processes, which W2A1/W4A1 classes of 40 amortize (1.8x with two
jobs on two cores).

Stopping. Ctrl-C reaches only the parent (each grader process has a process group of its own);
the parent stops the grader processes with SIGTERM, on which each kills the learner processes it
runs (each leads its own process group) and exits. A grader process also gets SIGTERM when the
parent dies, even of SIGKILL (PR_SET_PDEATHSIG); the learners of a grader process killed outright
are found by the folder in their environment (``NNDL_CHILD_DIR``) and killed by the parent.

Resuming. A report is reused when it says "graded" and was made from the same bytes, for the same
assignment, by the same grader: its ``batch_key`` (``grader.batch.grade``) is the sha256 of the
submission's sha256, the assignment id, how the id was chosen, the assignment's digest
(``engine.assignment_digest``: every module of the grader that runs while grading, in every
sub-package, the course's helpers, numpy's version, the assignment's checks and solution), and
``--timeout-scale`` when it is not 1. In a submission that changed, the results of the checks
whose inputs did not are reused where learner code cannot write them (as root:
``grader.checking.results_cache``); ``--no-cache`` runs them all. Every file is written to a temporary name and renamed
(``os.replace``), and only this process writes, so a report is either complete or absent.
"""

import hashlib
import json
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from grader import course as courses
from grader.batch.discover import check_names, find_submissions, left_out
from grader.batch.grade import could_not_grade, reusable
from grader.batch.pool import Workers
from grader.checking.refcache import ReferenceCache
from grader.isolate import sandbox
from grader.render.gradebook import GRADED, _count, _load_report, _number, summary, write_atomic, write_gradebooks

REPORTS, GRADEBOOK, SUMMARY, CLASS_REPORT = "reports", "gradebook.csv", "summary.txt", "report.html"


@dataclass
class BatchResult:
    reports: list  # one dict per submission, sorted by name
    graded: int  # graded in this run
    reused: int  # kept from an earlier run
    seconds: float
    gradebooks: list = field(default_factory=list)  # the files written besides gradebook.csv (gradebook-w2a1.csv, ...)

    @property
    def unable(self):
        return sum(not r["status"].startswith(GRADED) for r in self.reports)


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: the reports written so far are kept; running again resumes."""


def _raise_interrupted(signum, frame):
    raise Interrupted


def _sha256(path):
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _expected_seconds(entry, forced, known, course):
    """A guess of how long a submission takes, to start the longest first (as engine.grade_many)."""
    name = entry.path.name.lower() if entry.path else ""
    a = forced or next((a for a in course.ids if name.startswith(a)), None)
    if a is None:
        return 0.0
    return sum(known.get(f"{a}/{c.name}", c.timeout if c.long else 0.1) for c in course.assignment(a).checks)


def _stale_page(reports_dir, name):
    """A report rewritten without ``--html`` takes its old page with it: a page present is always of its JSON
    (written before it by an ``--html`` run), so that a resumed ``--html`` run may reuse both."""
    (reports_dir / f"{name}.html").unlink(missing_ok=True)


def run_batch(directory, out, *, jobs=2, assignment=None, data_dir=None, echo=print, timeout_scale=1.0,
              course=None, no_cache=False, html=False, cluster=None, regrade=(), roster=None):
    """Grade every submission in ``directory`` into ``out``; return a ``BatchResult``.

    ``no_cache``: reuse no result of a check from an earlier grading (``grader.checking.results_cache``;
    they are reused only where learner code cannot write them). Stored reports are reused all the same.

    Reports already in ``out/reports`` for the same bytes, assignment and grader are reused.
    ``html``: also ``reports/NAME.html`` for each learner (drawn by the grader process that graded it,
    written before its JSON, so that a report reused by a resumed run has its page) and ``report.html``
    for the class (``grader.render.classreport``).
    ``cluster``: a ``grader.batch.cluster.Cluster`` (a Dask scheduler) that grades instead of the local pool.
    ``regrade``: names of submissions graded again whatever is stored: their report is not reused and their
    jobs say ``no_cache`` (``CannotGrade`` for a name that is no submission's, before anything is graded).
    ``roster``: a ``grader.render.gradebook.Roster`` (``read_roster``): also the LMS's CSV per assignment.
    Raises ``Interrupted`` on Ctrl-C or SIGTERM, after stopping the workers and their learners.
    """
    course = course or courses.active()
    start = time.perf_counter()
    directory, out = Path(directory), Path(out)
    reports_dir = out / REPORTS
    reports_dir.mkdir(parents=True, exist_ok=True)
    for leftover in reports_dir.glob(".*.tmp"):  # a write cut short by a kill -9 of this process
        leftover.unlink(missing_ok=True)
    entries = find_submissions(directory, assignment, exclude=out, course=course)
    check_names(regrade, entries, directory)
    if skipped := left_out(directory, exclude=out):
        echo(f"left out, not submissions: {', '.join(skipped)}")
    done, jobs_todo, graded = {}, [], 0
    known = ReferenceCache().durations()
    for entry in entries:
        file = str(entry.path.relative_to(directory)) if entry.path else f"{entry.name}/"
        if entry.path is None:
            done[entry.name] = could_not_grade({"submission": entry.name, "file": file, "sha256": None,
                                                "assignment": assignment}, entry.problem)
            continue
        stored = _load_report(reports_dir / f"{entry.name}.json")
        if stored is not None and entry.name not in regrade \
                and reusable(stored, file, _sha256(entry.path), assignment, timeout_scale, course) \
                and (not html or (reports_dir / f"{entry.name}.html").is_file()):
            done[entry.name] = stored
            continue
        jobs_todo.append({"name": entry.name, "path": str(entry.path.resolve()), "file": file, "html": html,
                          "assignment": assignment, "expected": _expected_seconds(entry, assignment, known, course),
                          "no_cache": entry.name in regrade})  # --regrade: reuse no result (grade.grade_one)
    reused = len(done) - sum(not r["status"].startswith(GRADED) for r in done.values())
    for name, record in done.items():
        if not record["status"].startswith(GRADED):
            if html:
                from grader.render.html import cannot_grade_page

                write_atomic(reports_dir / f"{name}.html", cannot_grade_page(name, record["status"]))
            else:
                _stale_page(reports_dir, name)
            write_atomic(reports_dir / f"{name}.json", json.dumps(record, indent=2) + "\n")
    jobs_todo.sort(key=lambda job: -job["expected"])  # the longest first: the others fill in around them
    workers = max(1, min(jobs, len(jobs_todo)))
    if jobs_todo and cluster is None and not sandbox.can_confine():  # a cluster's workers say so themselves
        echo("warning: not running as root, so learner code runs as this user and can read solutions/ and the "
             "other submissions; grade a class as root (SECURITY.md, 'What each guarantee needs')")
    where = f"on the Dask cluster at {cluster.address}" if cluster is not None else \
        f"with {_count(workers, 'grader process')}"
    echo(f"{_count(len(entries), 'submission')} in {directory}: {reused} already graded, "
         + (f"{len(jobs_todo)} to grade {where}" if jobs_todo else "nothing to grade"))
    # Every submission graded or found ungradable now has its [k/N] line (the reused ones are counted in k).
    found = [name for name, record in done.items() if not record["status"].startswith(GRADED)]
    width = max((len(name) for name in [*found, *(job["name"] for job in jobs_todo)]), default=0)
    for k, name in enumerate(found, start=reused + 1):
        echo(f"[{k:>{len(str(len(entries)))}}/{len(entries)}] {name:<{width}}  {'-':<5} {'-':>11}  "
             f"{done[name]['status']}")
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_interrupted) if main_thread else None
    pool = None
    if jobs_todo and cluster is not None:
        pool = cluster.pool(data_dir=data_dir, timeout_scale=timeout_scale, course=course, no_cache=no_cache,
                            echo=echo)
    elif jobs_todo:
        pool = Workers(workers, data_dir, hidden=(directory, out), timeout_scale=timeout_scale,
                       course=course, no_cache=no_cache)
    clean = False
    try:
        for job, report in pool.run(jobs_todo) if pool else ():
            page = report.pop("html", None)
            if html:  # the page first: a JSON report present has its page
                from grader.render.html import cannot_grade_page

                write_atomic(reports_dir / f"{job['name']}.html",
                             page if page is not None else cannot_grade_page(job["name"], report["status"]))
            else:
                _stale_page(reports_dir, job["name"])
            write_atomic(reports_dir / f"{job['name']}.json", json.dumps(report, indent=2) + "\n")
            done[job["name"]] = report
            if report["status"].startswith(GRADED):
                graded += 1
                score = f"{_number(report['score'])} / {_number(report['max_score'])}"
            else:
                score = "-"
            echo(f"[{len(done):>{len(str(len(entries)))}}/{len(entries)}] {job['name']:<{width}}  "
                 f"{report.get('assignment') or '-':<5} {score:>11}  {report['status']}")
        clean = True
    except KeyboardInterrupt:
        raise Interrupted from None
    finally:
        if pool:
            pool.close(force=not clean)
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    reports = [done[e.name] for e in entries]
    written = write_gradebooks(out, reports, course, roster=roster, echo=echo)  # gradebook.csv and the others
    write_atomic(out / SUMMARY, summary(reports, course))
    if html:
        from grader.render.classreport import class_report

        write_atomic(out / CLASS_REPORT, class_report(reports, course))
    return BatchResult(reports, graded, reused, time.perf_counter() - start, written)



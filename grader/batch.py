"""``grade batch``: grade a whole class, in parallel, resumably.

    grade batch DIR --out RESULTS_DIR [--jobs N] [--assignment ID] [--data-dir DIR]

DIR holds one submission per learner: a file (``alice.py``, ``bob.ipynb``) or a folder
(``carol/`` holding the learner's .py or .ipynb). RESULTS_DIR receives

- ``reports/<submission>.json``: the engine's JSON report (``Report.to_dict``) plus the
  submission's name, file, sha256, status and notes, written the moment it is graded;
- ``gradebook.csv``: one row per submission: submission, assignment, a score per graded function,
  total, max, status (``graded`` or ``could not grade: <reason>``), rebuilt from the reports;
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
assignment, by the same grader: its ``batch_key`` is the sha256 of the submission's sha256, the
assignment id, how the id was chosen, a digest of the grading code, the assignment's checks
and its reference solution, and ``--timeout-scale`` when it is not 1. Every file is written to a temporary name and renamed
(``os.replace``), and only this process writes, so a report is either complete or absent.
"""

import dataclasses
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

import click
import numpy as np

from grader import data, engine, loader, sandbox
from grader.refcache import ROOT, ReferenceCache
from grader.gradebook import GRADED, _count, _load_report, _number, gradebook, summary, write_atomic

REPORTS, GRADEBOOK, SUMMARY = "reports", "gradebook.csv", "summary.txt"
SUFFIXES = (".py", ".ipynb")
IGNORED = ("__pycache__", ".ipynb_checkpoints")  # besides names starting with "."
# The grading, as far as a stored report depends on it (presentation modules excluded).
PRESENTATION = {"__init__.py", "batch.py", "cli.py", "generate.py", "gradebook.py", "report.py"}
# Messages of grader.runner that mean the learner's process died, not that the code raised.
CRASH_MESSAGES = ("the process running", "the channel to the process", "the submission could not be loaded")


# -- finding the submissions ------------------------------------------------------------------------

@dataclass
class Entry:
    """One learner's submission in DIR."""

    name: str  # alice: the report's file name and the gradebook's first column
    path: Path | None  # the file to grade; None when the folder gives no single candidate
    problem: str = ""  # why it cannot be graded, when known before reading it


def _visible(path):
    return not path.name.startswith(".") and path.name not in IGNORED


def _pick(files, assignment_id):
    """The learner's file among several in their folder: the one named after the assignment."""
    ids = [assignment_id] if assignment_id else list(engine.ASSIGNMENT_IDS)
    names = {a: (a, re.sub(r"\W+", "_", engine.assignment(a).TITLE.lower())) for a in ids}
    matching = [f for f in files if any(f.stem.lower().startswith(n) for a in ids for n in names[a])]
    return matching[0] if len(matching) == 1 else None


def find_submissions(directory, assignment_id=None, exclude=None):
    """The submissions in ``directory``, sorted by name (``exclude``: a folder to skip, the results)."""
    directory = Path(directory)
    exclude = Path(exclude).resolve() if exclude else None
    items = [p for p in sorted(directory.iterdir()) if _visible(p) and p.resolve() != exclude]
    stems = Counter(p.stem if p.is_file() else p.name for p in items)
    entries = []
    for path in items:
        if path.is_file():
            entries.append(Entry(path.stem if stems[path.stem] == 1 else path.name, path))
            continue
        files = sorted(f for f in path.rglob("*") if f.suffix in SUFFIXES and f.is_file()
                       and all(_visible(part) for part in f.relative_to(path).parents if part.name)
                       and _visible(f))
        if len(files) == 1:
            entries.append(Entry(path.name, files[0]))
        elif not files:
            entries.append(Entry(path.name, None, f"{path.name}/ holds no .py file or .ipynb notebook"))
        else:
            chosen = _pick(files, assignment_id)
            shown = ", ".join(str(f.relative_to(path)) for f in files)
            entries.append(Entry(path.name, chosen, "" if chosen else
                                 f"{path.name}/ holds several candidate files ({shown}) and none is named after "
                                 f"{'the assignment' if assignment_id else 'an assignment'}; keep one, or "
                                 f"name it after the assignment (for example {assignment_id or 'w2a1'}.py)"))
    return entries


# -- what a report depends on ---------------------------------------------------------------------

_digests = {}  # assignment id -> grader_digest, read once per process; a worker gets its parent's


def grader_digest(assignment_id):
    """sha256 of the grading code, the assignment's checks and reference solution, and numpy.

    Read once per process, so that one batch keys all its reports alike even if the files change
    meanwhile; the next ``grade batch`` reads them again and regrades what the change affects.
    """
    if assignment_id not in _digests:
        _digests[assignment_id] = _grader_digest(assignment_id)
    return _digests[assignment_id]


def _grader_digest(assignment_id):
    files = [p for p in sorted((ROOT / "grader").glob("*.py")) if p.name not in PRESENTATION]
    files += [ROOT / "grader" / "assignments" / f"{assignment_id}.py",
              *sorted((ROOT / "solutions").glob(f"{assignment_id}_*.py")),
              *sorted((ROOT / "nndl").rglob("*.py")), *sorted((ROOT / "datasets").glob("*.py"))]
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.relative_to(ROOT)}\0".encode() + path.read_bytes() + b"\0")
    digest.update(np.__version__.encode())
    return digest.hexdigest()


def batch_key(sha256, assignment_id, forced, timeout_scale=1.0):
    chosen = "forced" if forced else "detected"
    # Graded with other time limits, a submission may get other outcomes (keys of scale 1 as before).
    scale = f"\0timeout scale {timeout_scale!r}" if timeout_scale != 1.0 else ""
    text = f"{sha256}\0{assignment_id}\0{chosen}\0{grader_digest(assignment_id)}{scale}"
    return hashlib.sha256(text.encode()).hexdigest()


def _reusable(stored, file, sha256, forced, timeout_scale=1.0):
    """Whether a stored report is of this very submission, graded by this grader."""
    try:
        return (stored["status"].startswith(GRADED) and stored["file"] == file and stored["sha256"] == sha256
                and (forced is None or stored["assignment"] == forced)
                and isinstance(stored["tests"], list) and isinstance(stored["score"], (int, float))
                and stored["batch_key"] == batch_key(sha256, stored["assignment"], forced is not None, timeout_scale))
    except (KeyError, TypeError, AttributeError):
        return False


# -- grading one submission (in a worker process) ------------------------------------------------------

def _status(result):
    """``graded``, with what went wrong in the learner's process beyond wrong answers, if anything."""
    events = {}
    for r in result.results:
        if r.outcome == "timeout":
            events.setdefault("timed out", []).append(r.check.function)
        elif r.outcome == "error":
            word = "crashed" if r.output.startswith(CRASH_MESSAGES) else "error"
            events.setdefault(word, []).append(r.check.function)
    syntax = [n.split(": SyntaxError")[0] for n in result.notes if ": SyntaxError:" in n]
    parts = [f"syntax error at {', '.join(syntax)}"] if syntax else []
    parts += [f"{word}: {', '.join(dict.fromkeys(functions))}" for word, functions in events.items()]
    return GRADED + (f" ({'; '.join(parts)})" if parts else "")


def _detect(submission):
    """``cli.detect_assignment``; for code that does not parse, from the ``def`` lines of its text.

    A syntax error hides every definition from the loader, but it is the learner's mistake, to be
    graded (every function missing, the error and its line in the report), not a reason to give up.
    """
    from grader.cli import CannotGrade, detect_assignment  # here, not above: grader.cli imports this module

    try:
        return detect_assignment(submission)
    except CannotGrade:
        if submission.defined:
            raise
        names = [m for _, source in submission.chunks for m in re.findall(r"^def (\w+)\s*\(", source, re.M)]
        return detect_assignment(dataclasses.replace(submission, defined=names))


def could_not_grade(record, reason):
    return {**record, "status": f"could not grade: {' '.join(reason.split())}", "tests": []}


def grade_one(job, reference_cache=None, timeout_scale=1.0):
    """Grade one submission; never raises. ``job``: name, path, file (as shown), forced assignment.

    Returns the report as a dict: the engine's JSON plus submission, file, sha256, status, notes
    and batch_key; or, when it cannot be graded, the same keys with ``could not grade: reason``.
    """
    from grader.cli import CannotGrade  # here, not above: grader.cli imports this module

    path, forced = Path(job["path"]), job["assignment"]
    record = {"submission": job["name"], "file": job["file"], "sha256": None, "assignment": forced}
    try:
        record["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        submission = loader.load(path)
        record["assignment"] = assignment_id = forced or _detect(submission)
        result = engine.grade_submission(submission, assignment_id, jobs=1, reference_cache=reference_cache,
                                         timeout_scale=timeout_scale)
    except OSError as e:
        return could_not_grade(record, f"cannot read {job['file']}: {e.strerror or e}")
    except (loader.SubmissionError, engine.DataUnavailable) as e:
        return could_not_grade(record, str(e).replace(str(path), job["file"]))
    except CannotGrade as e:
        return could_not_grade(record, e.format_message().replace(str(path), job["file"]))
    except Exception as e:  # a bug of ours must not cost the other submissions their grades
        return could_not_grade(record, f"the grader failed on this submission (a bug in the grader, please "
                                       f"report it): {type(e).__name__}: {e}")
    report = {**record, "status": _status(result), **result.to_dict(), "notes": list(result.notes),
              "batch_key": batch_key(record["sha256"], assignment_id, forced is not None, timeout_scale)}
    # Messages name the file as the results show it (alice.py), not where the grader read it.
    report["notes"] = [note.replace(str(path), job["file"]) for note in report["notes"]]
    for test in report["tests"]:
        test["output"] = test["output"].replace(str(path), job["file"])
    report["status"] = report["status"].replace(str(path), job["file"])
    return report


# -- the pool of grader processes ---------------------------------------------------------------------

def _kill_learners():
    """Kill the learner processes this grader started, each with its process group (runner._limit)."""
    me, pids = os.getpid(), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (command)": state, ppid, ...
            if int(fields[1]) == me:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    _kill(pids)


def _kill(pids):
    for pid in pids:
        for kill in (os.killpg, os.kill):  # os.kill: one caught between fork and setsid
            try:
                kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def _kill_strays(folder):
    """Kill the learner processes left working in ``folder`` by a grader process that was killed.

    A learner runs in a folder of its own under the ``tempfile.tempdir`` of its grader process
    (``NNDL_CHILD_DIR`` in its environment, grader.runner) and outlives a grader killed with
    SIGKILL; one in an endless loop would never stop by itself.
    """
    marker = f"\0NNDL_CHILD_DIR={folder}{os.sep}".encode()
    pids = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker in b"\0" + environ.read_bytes():
                pids.append(int(environ.parent.name))
        except (OSError, ValueError):
            pass
    _kill(pids)


def _stop_worker(signum, frame):
    _kill_learners()
    os._exit(128 + signum)


def _worker_main(conn, parent, core, data_dir, temporary, digests, hidden=(), timeout_scale=1.0):
    """A grader process: grade the submissions the parent sends, one at a time, until None."""
    os.setpgid(0, 0)  # Ctrl-C goes to the parent, which stops the workers in order
    signal.signal(signal.SIGTERM, _stop_worker)
    try:  # Linux: SIGTERM when the parent dies, even of SIGKILL, so no learner is left running
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # it died before that
            _stop_worker(signal.SIGTERM, None)
    except (OSError, AttributeError):
        pass
    if core is not None:
        # The engine pins its worker thread to the first core this process may use, and the
        # learner processes inherit it: one core per grader process, a different one for each.
        os.sched_setaffinity(0, {core})
    tempfile.tempdir = temporary  # the learners' working folders, removed by the parent at the end
    for path in hidden:  # the class's submissions and results: no learner reads another's
        sandbox.hide(path)
    _digests.update(digests)
    data.use(data_dir)
    cache = ReferenceCache()
    while True:
        try:
            job = conn.recv()
            if job is None:
                break
            conn.send(grade_one(job, cache, timeout_scale))
        except (EOFError, OSError):
            break
    os._exit(0)  # nothing left to flush (the learners are closed): skip the interpreter's teardown


def _idle_times():
    """``{core: (idle + iowait ticks, all ticks)}`` from /proc/stat (empty where there is none)."""
    times = {}
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            name, *values = line.split()
            if name.startswith("cpu") and name[3:].isdigit():
                ticks = [int(v) for v in values]
                times[int(name[3:])] = (ticks[3] + ticks[4], sum(ticks))
    except (OSError, ValueError, IndexError):
        pass
    return times


def idlest_first(cores, seconds=0.1):
    """``cores`` sorted by how idle they were over the next ``seconds`` (ties keep their order).

    Other work pinned to a core (other gradings: the engine pins to the lowest core it may use)
    cannot move away from it, so fewer workers than cores take the idle ones.
    """
    before = _idle_times()
    time.sleep(seconds)
    after = _idle_times()

    def idle(core):
        if core in before and core in after and after[core][1] > before[core][1]:
            return (after[core][0] - before[core][0]) / (after[core][1] - before[core][1])
        return 0.0

    return sorted(cores, key=lambda core: -idle(core))


class Workers:
    """``count`` grader processes; ``run`` yields (job, report dict) as each submission is done."""

    def __init__(self, count, data_dir=None, hidden=(), timeout_scale=1.0):
        self.context = multiprocessing.get_context("spawn")
        cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [None]
        if count < len(cores):
            cores = idlest_first(cores)
        self.cores = [cores[i % len(cores)] for i in range(count)]
        self.data_dir = str(data_dir) if data_dir else None
        self.hidden, self.timeout_scale = [str(p) for p in hidden], timeout_scale
        self.temporary = tempfile.mkdtemp(prefix="nndl-batch-")
        self.processes = {}  # slot -> (process, connection, the folder its learners work in)

    def _start(self, slot):
        mine, theirs = self.context.Pipe()
        folder = tempfile.mkdtemp(prefix=f"worker{slot}-", dir=self.temporary)
        process = self.context.Process(target=_worker_main, name=f"grade-batch-{slot}", daemon=True,
                                       args=(theirs, os.getpid(), self.cores[slot], self.data_dir, folder,
                                             {a: grader_digest(a) for a in engine.ASSIGNMENT_IDS},
                                             self.hidden, self.timeout_scale))
        process.start()
        theirs.close()
        self.processes[slot] = process, mine, folder

    def _send(self, slot, job):
        try:
            self.processes[slot][1].send(job)
        except OSError:  # it died while idle: replace it
            self._forget(slot)
            self._start(slot)
            self.processes[slot][1].send(job)

    def _forget(self, slot):
        """Clean up after a grader process that died; return its exit code."""
        process, connection, folder = self.processes.pop(slot)
        process.join(5)
        connection.close()
        _kill_strays(folder)
        shutil.rmtree(folder, ignore_errors=True)
        return process.exitcode

    def run(self, jobs):
        pending, busy = deque(jobs), {}  # busy: slot -> job
        for slot in range(min(len(self.cores), len(pending))):
            self._start(slot)
        while pending or busy:
            for slot in list(self.processes):
                if slot not in busy and pending:
                    busy[slot] = pending.popleft()
                    self._send(slot, busy[slot])
            by_handle = {}
            for slot in busy:
                process, connection, _ = self.processes[slot]
                by_handle[connection] = by_handle[process.sentinel] = slot
            for slot in dict.fromkeys(by_handle[h] for h in wait(list(by_handle))):
                job = busy.pop(slot)
                try:
                    report = self.processes[slot][1].recv()
                except (EOFError, OSError):  # the grader process died (out of memory, a signal)
                    record = {"submission": job["name"], "file": job["file"], "sha256": None,
                              "assignment": job["assignment"]}
                    report = could_not_grade(record, f"the grader process died while grading it (exit code "
                                                     f"{self._forget(slot)}); running the batch again retries it")
                    if pending:
                        self._start(slot)
                yield job, report

    def close(self, force=False):
        """Stop the workers (``force``: now, killing the learners they run) and remove their files."""
        for process, connection, _ in self.processes.values():
            if force:
                process.terminate()  # SIGTERM: _stop_worker kills its learners first
            else:
                try:
                    connection.send(None)
                except OSError:
                    pass
        for process, connection, _ in self.processes.values():
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join()
            connection.close()
        self.processes = {}
        _kill_strays(self.temporary)
        shutil.rmtree(self.temporary, ignore_errors=True)


# -- the batch ---------------------------------------------------------------------------------------

@dataclass
class Outcome:
    reports: list  # one dict per submission, sorted by name
    graded: int  # graded in this run
    reused: int  # kept from an earlier run
    seconds: float

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


def _expected_seconds(entry, forced, known):
    """A guess of how long a submission takes, to start the longest first (as engine.grade_many)."""
    name = entry.path.name.lower() if entry.path else ""
    a = forced or next((a for a in engine.ASSIGNMENT_IDS if name.startswith(a)), None)
    if a is None:
        return 0.0
    return sum(known.get(f"{a}/{c.name}", c.timeout if c.long else 0.1) for c in engine.assignment(a).CHECKS)


def run_batch(directory, out, *, jobs=2, assignment=None, data_dir=None, echo=print, timeout_scale=1.0):
    """Grade every submission in ``directory`` into ``out``; return an ``Outcome``.

    Reports already in ``out/reports`` for the same bytes, assignment and grader are reused.
    Raises ``Interrupted`` on Ctrl-C or SIGTERM, after stopping the workers and their learners.
    """
    start = time.perf_counter()
    directory, out = Path(directory), Path(out)
    reports_dir = out / REPORTS
    reports_dir.mkdir(parents=True, exist_ok=True)
    for leftover in reports_dir.glob(".*.tmp"):  # a write cut short by a kill -9 of this process
        leftover.unlink(missing_ok=True)
    entries = find_submissions(directory, assignment, exclude=out)
    done, jobs_todo, graded = {}, [], 0
    known = ReferenceCache().durations()
    for entry in entries:
        file = str(entry.path.relative_to(directory)) if entry.path else f"{entry.name}/"
        if entry.path is None:
            done[entry.name] = could_not_grade({"submission": entry.name, "file": file, "sha256": None,
                                                "assignment": assignment}, entry.problem)
            continue
        stored = _load_report(reports_dir / f"{entry.name}.json")
        if stored is not None and _reusable(stored, file, _sha256(entry.path), assignment, timeout_scale):
            done[entry.name] = stored
            continue
        jobs_todo.append({"name": entry.name, "path": str(entry.path.resolve()), "file": file,
                          "assignment": assignment, "expected": _expected_seconds(entry, assignment, known)})
    reused = len(done) - sum(not r["status"].startswith(GRADED) for r in done.values())
    for name, record in done.items():
        if not record["status"].startswith(GRADED):
            write_atomic(reports_dir / f"{name}.json", json.dumps(record, indent=2) + "\n")
    jobs_todo.sort(key=lambda job: -job["expected"])  # the longest first: the others fill in around them
    workers = max(1, min(jobs, len(jobs_todo)))
    if jobs_todo and not sandbox.can_confine():
        echo("warning: not running as root, so learner code runs as this user and can read solutions/ and the "
             "other submissions; grade a class as root (SECURITY.md, 'What each guarantee needs')")
    echo(f"{_count(len(entries), 'submission')} in {directory}: {reused} already graded, "
         + (f"{len(jobs_todo)} to grade with {_count(workers, 'grader process')}" if jobs_todo else "nothing to grade"))
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_interrupted) if main_thread else None
    pool = Workers(workers, data_dir, hidden=(directory, out), timeout_scale=timeout_scale) if jobs_todo else None
    clean = False
    try:
        width = max((len(j["name"]) for j in jobs_todo), default=0)
        for job, report in pool.run(jobs_todo) if pool else ():
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
    write_atomic(out / GRADEBOOK, gradebook(reports))
    write_atomic(out / SUMMARY, summary(reports))
    return Outcome(reports, graded, reused, time.perf_counter() - start)


@click.command("batch")
@click.argument("directory", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "-o", required=True, metavar="RESULTS_DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Where reports/, gradebook.csv and summary.txt go (created if needed).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Submissions graded at once (grader processes, one core each).")
@click.option("--assignment", "-a", type=click.Choice(engine.ASSIGNMENT_IDS),
              help="Assignment id of every submission (detected per submission if omitted).")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder with the cat dataset's .h5 files.")
@click.option("--timeout-scale", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
              help="Multiply every time limit of learner code (2: a machine twice as slow).")
def batch_command(directory, out, jobs, assignment, data_dir, timeout_scale):
    """Grade every submission in DIR: a file or a folder per learner.

    Writes RESULTS_DIR/reports/<submission>.json, gradebook.csv and summary.txt. Running it again
    grades only what changed (or was not finished). Exits 0 when every submission was graded,
    1 when some could not be, 2 on a usage error.
    """
    from grader.cli import CannotGrade  # here, not above: grader.cli imports this module

    if not find_submissions(directory, assignment, exclude=out):
        raise CannotGrade(f"no submissions in {directory}: expected a .py file, a .ipynb notebook or a folder "
                          f"per learner")
    try:
        (out / REPORTS).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out / REPORTS, prefix=".probe.", suffix=".tmp"):
            pass
    except OSError as e:
        raise CannotGrade(f"cannot write the results to {out}: {e.strerror or e}") from None
    try:
        result = run_batch(directory, out, jobs=jobs, assignment=assignment, data_dir=data_dir, echo=click.echo,
                           timeout_scale=timeout_scale)
    except (Interrupted, KeyboardInterrupt):
        click.echo(f"interrupted: the reports written so far are kept in {out / REPORTS}; run the same "
                   f"command again to grade the rest", err=True)
        sys.exit(130)
    text = summary(result.reports)
    rate = f" ({60 * result.graded / result.seconds:.0f} submissions per minute)" if result.graded else ""
    click.echo(f"graded {result.graded}, reused {result.reused}, could not grade {result.unable} "
               f"in {result.seconds:.1f} s{rate}")
    click.echo(f"wrote {out / GRADEBOOK}, {out / SUMMARY} and {len(result.reports)} reports in {out / REPORTS}")
    click.echo("")
    click.echo(text, nl=False)
    sys.exit(1 if result.unable else 0)

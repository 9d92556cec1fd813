"""The pool of grader processes of ``grade batch`` (see ``grader.batch.run`` for why processes)."""

import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections import deque
from multiprocessing.connection import wait
from pathlib import Path

from grader import course as courses
from grader import data, engine
from grader.batch.grade import could_not_grade, grade_one
from grader.checking import results_cache
from grader.checking.refcache import ReferenceCache
from grader.isolate import sandbox



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
    (``NNDL_CHILD_DIR`` in its environment, grader.isolate.runner) and outlives a grader killed with
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


def _worker_main(conn, parent, core, data_dir, temporary, digests, hidden=(), timeout_scale=1.0, course_root=None,
                 no_cache=False):
    """A grader process: grade the submissions the parent sends, one at a time, until None.

    Results of unchanged checks are reused only where learner code cannot write them
    (``results_cache.trusted``: a grade that counts), and never with ``no_cache``."""
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
    course = courses.use(course_root)
    engine.digests.update(digests)
    data.use(data_dir)
    cache = ReferenceCache(sources=course.files)
    results = results_cache.ResultCache(reuse=not no_cache and results_cache.trusted())
    while True:
        try:
            job = conn.recv()
            if job is None:
                break
            conn.send(grade_one(job, cache, timeout_scale, course, results))
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

    def __init__(self, count, data_dir=None, hidden=(), timeout_scale=1.0, course=None, no_cache=False):
        self.course = course or courses.active()
        self.context = multiprocessing.get_context("spawn")
        cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [None]
        if count < len(cores):
            cores = idlest_first(cores)
        self.cores = [cores[i % len(cores)] for i in range(count)]
        self.data_dir = str(data_dir) if data_dir else None
        self.hidden, self.timeout_scale, self.no_cache = [str(p) for p in hidden], timeout_scale, no_cache
        self.temporary = tempfile.mkdtemp(prefix="nndl-batch-")
        self.processes = {}  # slot -> (process, connection, the folder its learners work in)

    def _start(self, slot):
        mine, theirs = self.context.Pipe()
        folder = tempfile.mkdtemp(prefix=f"worker{slot}-", dir=self.temporary)
        process = self.context.Process(target=_worker_main, name=f"grade-batch-{slot}", daemon=True,
                                       args=(theirs, os.getpid(), self.cores[slot], self.data_dir, folder,
                                             {(self.course.root, a): engine.assignment_digest(self.course, a)
                                              for a in self.course.ids},
                                             self.hidden, self.timeout_scale,
                                             None if self.course.builtin else str(self.course.root), self.no_cache))
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


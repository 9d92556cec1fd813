"""``grade batch DIR --out R --scheduler ADDRESS``: the gradings on a Dask cluster (``dask.distributed``).

The side that runs ``grade batch`` (the client) finds the submissions, reuses the stored reports, and
writes every report the moment its grading completes, exactly as with the local pool
(``grader.batch.run``): only where the gradings run changes. One Dask task per submission: the client
reads and loads the file (``grader.load.reader``: the code to run, not the whole notebook with its
outputs) and sends it; a worker grades it with the engine, its learner processes confined as they are
locally (``grader.isolate.sandbox``: no network, so learner code cannot reach the scheduler), and
returns the report (with ``--html``, its page too, drawn on the worker).

Before the first task, the client asks every worker (``Client.run``) what it is: a worker whose
grader differs (``grader_digest``: the version, and every assignment's digest: grading code, checks,
solutions, numpy's version) refuses the work, as one that runs more than one thread (a grading uses
its core and Python's lock: start workers with ``--nthreads 1``) or cannot confine learner code (not
root, as under Slurm or PBS) unless ``--allow-unconfined``. A worker that joins later checks its grader
and its confinement in each task (its row says why it refused).

The cat data: a worker uses its own (``$NNDL_DATA``, or ``datasets/catvnoncat/`` of its install);
where it has none, the client's two files, sent once (``Client.scatter``, broadcast: each worker
receives them once, whatever the number of tasks), are written under the worker's cache folder
(``$NNDL_CACHE/cat-data-from-client``) after their sha256 is checked. The reference cache: each
worker keeps its own (``$NNDL_CACHE``), filled by its first gradings of each assignment.

At most ``in_flight`` submissions are on the cluster at once (2 per worker thread by default): a
class of 100,000 never holds 100,000 tasks in the scheduler's memory, and a stop loses little. A worker
that dies: Dask gives its task to another worker; after Dask's allowed failures
(``distributed.scheduler.allowed-failures``, 3) the submission gets its own row, "the worker grading
it died N times", never the batch. A scheduler that cannot be reached, or that goes away in the
middle: ``ClusterError``, a clear sentence; the reports written so far are kept, and the same
command resumes.
"""

import fcntl
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grader import course as courses
from grader import data, engine
from grader.batch.grade import could_not_grade, grade_one
from grader.errors import CannotGrade
from grader.paths import cache_directory
from grader.version import VERSION

CONNECT_SECONDS = 20  # to reach the scheduler
WORKERS_SECONDS = 60  # to wait for a first worker
DIED = "the worker grading it died"  # a status of ours (grader.render.gradebook: a blank grade, not a 0)
REFUSED = "a Dask worker refused to grade it"


class ClusterError(CannotGrade):
    """The cluster cannot grade: unreachable, gone, or its workers refuse; one sentence saying what to do."""


class WorkerRefused(Exception):
    """Raised in a task on a worker that must not grade (another grader, not confined)."""


def grader_digest(course):
    """What a worker's grader must share with the client's: the version and every assignment's digest."""
    digest = hashlib.sha256(f"nndl-grader {VERSION}\0".encode())
    for assignment_id in course.ids:
        digest.update(f"{assignment_id}\0{engine.assignment_digest(course, assignment_id)}\0".encode())
    return digest.hexdigest()


# -- the worker's side --------------------------------------------------------------------------------

_prepared = {}  # what this worker process has set up once: its course, caches, data folder, claimed core


def _course(course_root):
    if "course" not in _prepared or _prepared["course_root"] != course_root:
        _prepared["course"], _prepared["course_root"] = courses.use(course_root), course_root
    return _prepared["course"]


def identity(course_root=None):
    """What this worker is (``Client.run`` on every worker): its grader's digest, whether it confines
    learner code, whether it has the cat data of its own."""
    from grader.isolate import sandbox

    try:
        digest = grader_digest(_course(course_root))
    except Exception as e:  # noqa: BLE001 - an instructor's course missing here, for one
        digest = f"none ({type(e).__name__}: {e})"
    try:
        data.check_cat()
        own_data = True
    except Exception:  # noqa: BLE001 - DatasetError: the client's are sent
        own_data = False
    return {"digest": digest, "version": VERSION, "confined": sandbox.can_confine(), "data": own_data,
            "pid": os.getpid()}


def _claim_core():
    """Pin this worker process to a core no other worker process of this machine has claimed (a lock
    file held while the process lives), as the local pool gives each grader process a core of its own:
    the engine then keeps the grading and its learner processes on it. None when all are claimed."""
    if "core" in _prepared or not hasattr(os, "sched_setaffinity"):
        return _prepared.get("core")
    _prepared["core"] = None
    for core in sorted(os.sched_getaffinity(0)):
        path = Path(tempfile.gettempdir()) / f"nndl-grader-core-{core}.lock"
        try:
            handle = open(path, "a")
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue
        _prepared["core"], _prepared["core_lock"] = core, handle  # held until the process ends
        os.sched_setaffinity(0, {core})
        break
    return _prepared["core"]


def _data_folder(payload):
    """The folder of the cat data this worker uses: its own, else the client's files written once."""
    if "data" in _prepared:  # found before: its own (None), or the client's, written
        return _prepared["data"]
    folder = None
    try:
        data.use(None)
        data.check_cat()
    except Exception:  # noqa: BLE001 - DatasetError: none of its own
        if not payload:  # none sent either: the checks that need it are not run; a later batch may send it
            return None
        folder = cache_directory() / "cat-data-from-client"
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in payload.items():
            target = folder / name
            if not target.is_file() or target.stat().st_size != len(content):
                temporary = folder / f".{name}.{os.getpid()}.tmp"
                temporary.write_bytes(content)
                os.replace(temporary, target)
        folder = str(folder)
        data.use(folder)
        data.check_cat()  # the sha256 of each file: a DatasetError says which
    _prepared["data"] = folder
    return folder


def grade_task(job, submission, payload, expected, allow_unconfined, timeout_scale, course_root, no_cache):
    """One submission, graded on a Dask worker: the report (a dict), as ``grade_one`` makes it locally."""
    from grader.checking import results_cache
    from grader.checking.refcache import ReferenceCache
    from grader.isolate import sandbox

    course = _course(course_root)
    mine = grader_digest(course)
    if mine != expected:
        raise WorkerRefused(f"this worker's grader (nndl-grader {VERSION}, digest {mine[:12]}) is not the client's "
                            f"(digest {expected[:12]}): install the same grader, at the same version, on every "
                            f"worker and the client")
    if not sandbox.can_confine() and not allow_unconfined:
        raise WorkerRefused("this worker cannot confine learner code (it does not run as root): run it as root, "
                            "or pass --allow-unconfined to grade batch (README: what that gives up)")
    _claim_core()
    data.use(_data_folder(payload))
    caches = ("caches", course_root, no_cache)  # a later batch may be of another course, or without the cache
    if caches not in _prepared:
        _prepared[caches] = (ReferenceCache(sources=course.files),
                             results_cache.ResultCache(reuse=not no_cache and results_cache.trusted()))
    reference_cache, results = _prepared[caches]
    return grade_one(job, reference_cache, timeout_scale, course, results, submission=submission)


# -- the client's side -----------------------------------------------------------------------------------


@dataclass
class Cluster:
    """A Dask scheduler to grade on (``grade batch --scheduler``), and how to talk to it."""

    address: str
    ca_file: str | None = None
    cert: str | None = None
    key: str | None = None
    allow_unconfined: bool = False
    in_flight: int | None = None
    connect_seconds: float = CONNECT_SECONDS  # to reach the scheduler
    workers_seconds: float = WORKERS_SECONDS  # to wait for a first worker

    def security(self):
        """``distributed.security.Security`` for a ``tls://`` scheduler (None for ``tcp://``)."""
        from distributed.security import Security

        tls = self.address.startswith("tls://")
        if not tls:
            if self.ca_file or self.cert or self.key:
                raise ClusterError(f"--tls-ca-file, --tls-cert and --tls-key are for a tls:// scheduler, and "
                                   f"{self.address} is not one: give its tls:// address")
            return None
        if not (self.ca_file and self.cert):
            raise ClusterError(f"{self.address} is a TLS scheduler: give --tls-ca-file (the CA that signed the "
                               f"cluster's certificates) and --tls-cert (this client's certificate; --tls-key if "
                               f"its key is a file of its own)")
        return Security(tls_ca_file=self.ca_file, tls_client_cert=self.cert, tls_client_key=self.key,
                        require_encryption=True)

    def pool(self, *, data_dir=None, timeout_scale=1.0, course=None, no_cache=False, echo=print):
        return DaskPool(self, data_dir, timeout_scale, course or courses.active(), no_cache, echo)


def _dask():
    try:
        import distributed
    except ImportError:
        raise ClusterError("--scheduler grades on a Dask cluster, and Dask is not installed here: "
                           "pip install 'nndl-grader[dask]' (or pip install -e '.[dask]' in the project)") from None
    return distributed


class DaskPool:
    """``run(jobs)`` yields ``(job, report)`` as gradings complete, as ``grader.batch.pool.Workers`` does."""

    def __init__(self, cluster, data_dir, timeout_scale, course, no_cache, echo):
        distributed = _dask()
        self.cluster, self.timeout_scale, self.course, self.no_cache = cluster, timeout_scale, course, no_cache
        self.data_dir, self.echo = data_dir, echo
        self.course_root = None if course.builtin else str(course.root)
        self.digest = grader_digest(course)
        security = cluster.security()
        try:
            self.client = distributed.Client(cluster.address, security=security, timeout=cluster.connect_seconds,
                                             set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {cluster.address} ({type(e).__name__}: {e}): "
                               f"is it running, and is the address right (tcp://host:8786, tls:// with "
                               f"certificates)?") from None
        try:
            self._check_workers()
        except BaseException:
            self.client.close()
            raise

    def _check_workers(self):
        try:
            self.client.wait_for_workers(1, timeout=self.cluster.workers_seconds)
        except (TimeoutError, OSError):
            raise ClusterError(f"the Dask scheduler at {self.cluster.address} has no worker (waited "
                               f"{self.cluster.workers_seconds:g} s): start workers with `dask worker {self.cluster.address} "
                               f"--nthreads 1`") from None
        workers = self.client.scheduler_info(n_workers=-1)["workers"]
        threads = {address: info.get("nthreads", 1) for address, info in workers.items()}
        busy = sorted(address for address, n in threads.items() if n != 1)
        if busy:
            raise ClusterError(f"Dask worker {busy[0]} runs {threads[busy[0]]} threads: a grading uses its core "
                               f"and Python's lock, so each worker must run one task at a time; start workers with "
                               f"--nthreads 1 (and --nworkers N for N cores)")
        found = self.client.run(identity, self.course_root)
        for address, what in sorted(found.items()):
            if what["digest"] != self.digest:
                raise ClusterError(f"Dask worker {address} runs another grader (nndl-grader {what['version']}, "
                                   f"digest {what['digest'][:12]}) than this client (nndl-grader {VERSION}, digest "
                                   f"{self.digest[:12]}): its verdicts could differ; install the same grader on "
                                   f"every worker and the client")
            if not what["confined"] and not self.cluster.allow_unconfined:
                raise ClusterError(f"Dask worker {address} cannot confine learner code (it does not run as root; "
                                   f"on Slurm or PBS it cannot): learner code there could read the other "
                                   f"submissions and reach the network. Run the workers as root, or pass "
                                   f"--allow-unconfined (README: what that gives up)")
        self.slots = sum(threads.values())
        self.data_wanted = not all(what["data"] for what in found.values())

    def _payload(self):
        """The client's cat data files, scattered once to every worker (None when every worker has its own,
        or the client has none to send)."""
        if not self.data_wanted:
            return None
        try:
            data.use(self.data_dir)
            data.check_cat()
        except Exception:  # noqa: BLE001 - the client has none: the checks that need it are not run
            return None
        from datasets.cat import SHA256, verified_path

        files = {name: Path(verified_path(name, self.data_dir)).read_bytes() for name in SHA256}
        return self.client.scatter(files, broadcast=True, hash=False)

    def _submit(self, job):
        """The job's task, or its report when the client cannot even read the file (no task)."""
        from grader.load import reader

        record = {"submission": job["name"], "file": job["file"], "sha256": None, "assignment": job["assignment"]}
        path = Path(job["path"])
        try:
            job = {**job, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
            submission = reader.load(path)
        except OSError as e:
            return None, could_not_grade(record, f"cannot read {job['file']}: {e.strerror or e}")
        except reader.SubmissionError as e:
            return None, could_not_grade({**record, "sha256": job.get("sha256")},
                                         str(e).replace(str(path), job["file"]))
        future = self.client.submit(grade_task, job, submission, self.payload, self.digest,
                                    self.cluster.allow_unconfined, self.timeout_scale, self.course_root,
                                    self.no_cache, key=f"grade-{job['name']}-{job['sha256'][:16]}", pure=False)
        return future, None

    def run(self, jobs):
        distributed = _dask()
        from distributed.scheduler import KilledWorker

        try:
            self.payload = self._payload()
        except (OSError, TimeoutError, distributed.client.CancelledError) as e:
            raise ClusterError(self._gone(0, len(jobs), e)) from None
        pending = list(reversed(jobs))  # popped from the end: the longest first, as given
        limit = self.cluster.in_flight or max(2, 2 * self.slots)
        self.flying = flying = {}  # future -> job: the submissions on the cluster now
        done = 0
        completed = distributed.as_completed(loop=self.client.loop)
        while pending or flying:
            while pending and len(flying) < limit:
                job = pending.pop()
                future, report = self._submit(job)
                if future is None:
                    done += 1
                    yield job, report
                else:
                    flying[future] = job
                    completed.add(future)
            try:
                future = next(completed)
            except StopIteration:
                break
            job = flying.pop(future)
            record = {"submission": job["name"], "file": job["file"], "sha256": None, "assignment": job["assignment"]}
            try:
                report = future.result()
            except KilledWorker as e:
                times = e.allowed_failures + 1
                report = could_not_grade(record, f"{DIED} {times} time{'s' if times != 1 else ''} (Dask's allowed "
                                                 f"failures: distributed.scheduler.allowed-failures); running the "
                                                 f"batch again retries it")
            except WorkerRefused as e:
                report = could_not_grade(record, f"{REFUSED}: {e}")
            except (OSError, distributed.client.CancelledError, TimeoutError) as e:
                raise ClusterError(self._gone(done, len(jobs), e)) from None
            except Exception as e:  # noqa: BLE001 - a bug of ours on the worker: this submission's row
                report = could_not_grade(record, f"the grader failed on this submission on a Dask worker (a bug in "
                                                 f"the grader, please report it): {type(e).__name__}: {e}")
            done += 1
            yield job, report

    def _gone(self, done, total, error):
        said = " ".join(str(error).split())
        return (f"the Dask scheduler at {self.cluster.address} went away in the middle of the batch "
                f"({type(error).__name__}: {said}): {done} of {total} submissions were graded and their reports "
                f"are kept; start the cluster again and run the same command to grade the rest")

    def close(self, force=False):
        try:
            if force and getattr(self, "flying", None):  # stopped (Ctrl-C): the submissions still out
                self.client.cancel(list(self.flying))
        except Exception:  # noqa: BLE001 - closing a client whose scheduler went away
            pass
        try:
            self.client.close(timeout=10)
        except Exception:  # noqa: BLE001
            pass

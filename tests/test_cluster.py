"""`grade batch --scheduler ADDRESS`: a class graded on a Dask cluster, as the local pool grades it.

A ``LocalCluster``, and real ``dask scheduler`` / ``dask worker`` processes started here on 127.0.0.1:
a worker killed in the middle of a batch (every row present, each report the one a local run gives), a
worker that dies too often (its own row), a scheduler that cannot be reached or goes away (one clear
error, the reports done kept), workers that must refuse (another grader, not confined, several
threads), TLS, learner code that tries to reach the scheduler, a worker without the cat data.
"""

import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="Dask is not installed: pip install -e '.[test]'") \
    if os.environ.get("CI") != "true" else __import__("distributed")

from corpus import variant_source  # noqa: E402
from grader.batch.cluster import Cluster, ClusterError, DaskPool  # noqa: E402
from grader.batch.run import run_batch  # noqa: E402
from grader.load import reader  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DASK = [str(Path(sys.executable).parent / "dask"), "scheduler"]  # the dask extra's command, as a user runs it
WORKER = [str(Path(sys.executable).parent / "dask"), "worker"]
TIMING = ("execution_time",)  # what differs between two gradings of the same bytes

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning",
                                        "ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(autouse=True)
def environment_kept():
    """A LocalCluster's nannies set OMP_NUM_THREADS=1, OPENBLAS_NUM_THREADS=1... in this very process (Dask's
    ``Nanny.pre_spawn_env``, for the workers they spawn): put the environment back, or every later test's
    processes (a release's recording) would run with one BLAS thread and compute other last bits."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def variant(solution, *replacements):
    return variant_source(solution, replacements)


def w3a1(i):
    """A W3A1 submission of its own bytes (about a second to grade): the reference with one more statement."""
    return variant("w3a1_planar_data.py", ("def layer_sizes(X, Y):", f"def layer_sizes(X, Y):\n    _mine = {i}"))


def make_class(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


QUICK = {"alice.py": variant("w2a1_numpy_basics.py"),
         "bob.py": variant("w2a1_numpy_basics.py", ("s = 1 / (1 + np.exp(-x))\n    # END SOLUTION",
                                                   "s = 1 / (1 + np.exp(x))\n    # END SOLUTION")),
         "carol.py": variant("w4a1_deep_nn_step_by_step.py"),
         "dave.ipynb": "not a notebook\n"}


def reports(out):
    """``{name: report without its timing}`` of ``out/reports``."""
    found = {}
    for path in sorted((out / "reports").glob("*.json")):
        report = json.loads(path.read_text())
        found[path.stem] = {k: v for k, v in report.items() if k not in TIMING}
    return found


def quiet(*_args, **_kwargs):
    pass


class Processes:
    """A real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, each in a session of its own."""

    def __init__(self, folder, scheduler_env=None, protocol="tcp", tls=None):
        self.folder, self.tls, self.workers = folder, tls or [], []
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / "scheduler.json"
        self.scheduler = self._start([*DASK, "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--protocol",
                                      protocol, "--scheduler-file", str(file), *self.tls], "scheduler",
                                     scheduler_env)
        deadline = time.monotonic() + 60
        while not file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)  # the file is written, then filled
        self.address = json.loads(file.read_text())["address"]

    def _start(self, command, name, env=None):
        log = open(self.folder / f"{name}.log", "w")
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                env={**os.environ, **(env or {})}, cwd=ROOT)

    def worker(self, *extra, env=None, count=1):
        for _ in range(count):
            name = f"worker{len(self.workers)}"
            self.workers.append(self._start([*WORKER, self.address, "--nthreads", "1", "--no-dashboard", "--name",
                                             name, *self.tls, *extra], name, env))
        return self

    def wait(self, n):
        with distributed.Client(self.address, security=self.security(), set_as_default=False, timeout=30) as c:
            c.wait_for_workers(n, timeout=60)
        return self

    def security(self):
        if not self.tls:
            return None
        from distributed.security import Security
        ca, cert, key = self.tls[1], self.tls[3], self.tls[5]
        return Security(tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key, require_encryption=True)

    @staticmethod
    def kill(process):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()

    def close(self):
        for process in [*self.workers, self.scheduler]:
            self.kill(process)


@pytest.fixture
def processes(tmp_path):
    started = []

    def start(**options):
        started.append(Processes(tmp_path / f"cluster{len(started)}", **options))
        return started[-1]

    yield start
    for p in started:
        p.close()


def local_reports(tmp_path, files, no_cache=True):
    folder = make_class(tmp_path / "local_class", files)
    run_batch(folder, tmp_path / "local", jobs=2, echo=quiet, no_cache=no_cache)
    return reports(tmp_path / "local")


# -- a LocalCluster ---------------------------------------------------------------------------------------

def test_a_local_cluster_grades_the_class_as_the_local_pool_does(tmp_path):
    folder = make_class(tmp_path / "class", QUICK)
    lines = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        result = run_batch(folder, tmp_path / "out", cluster=Cluster(lc.scheduler_address), echo=lines.append)
    assert lines[0] == f"4 submissions in {folder}: 0 already graded, 4 to grade on the Dask cluster at " \
                       f"{lc.scheduler_address}"
    assert result.graded == 3 and result.unable == 1
    assert reports(tmp_path / "out") == local_reports(tmp_path, QUICK, no_cache=False)
    assert (tmp_path / "out" / "gradebook.csv").is_file()


def test_the_client_keeps_a_bounded_number_of_tasks_in_flight_and_sends_the_code_not_the_notebook(tmp_path,
                                                                                                     monkeypatch):
    files = {f"s{i}.py": variant("w2a1_numpy_basics.py", ("def basic_sigmoid(x):", f"def basic_sigmoid(x):\n    _i = {i}"))
             for i in range(6)}
    folder = make_class(tmp_path / "class", files)
    most, submit = [], DaskPool._submit

    def counting(pool, job):
        most.append(len(pool.flying))  # on the cluster when one more is sent
        return submit(pool, job)

    monkeypatch.setattr(DaskPool, "_submit", counting)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        result = run_batch(folder, tmp_path / "out", cluster=Cluster(lc.scheduler_address, in_flight=2), echo=quiet)
    assert result.graded == 6 and len(most) == 6 and max(most) == 1  # at most 1 there when 1 more is sent: 2
    # A notebook with 5 MB of outputs: what goes to a worker is its code (reader.load), a few KB.
    notebook = json.loads((ROOT / "exercises" / "w2a1_numpy_basics.ipynb").read_text())
    notebook["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "print(1)",
                              "outputs": [{"output_type": "stream", "name": "stdout", "text": "x" * 5_000_000}]})
    path = tmp_path / "big.ipynb"
    path.write_text(json.dumps(notebook))
    assert path.stat().st_size > 5_000_000 and len(pickle.dumps(reader.load(path))) < 200_000


# -- real scheduler and worker processes -------------------------------------------------------------------

def test_a_worker_killed_in_the_middle_every_row_present_each_report_as_a_local_run(tmp_path, processes):
    files = {f"s{i}.py": w3a1(i) for i in range(6)}
    folder = make_class(tmp_path / "class", files)
    cluster = processes().worker(count=2).wait(2)
    killed = []

    def kill_a_busy_worker():
        with distributed.Client(cluster.address, set_as_default=False) as c:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                busy = {w: keys for w, keys in c.processing().items() if keys}
                if busy and list((tmp_path / "out" / "reports").glob("*.json")):
                    victim = sorted(busy)[0]
                    name = c.scheduler_info(n_workers=-1)["workers"][victim]["name"]
                    cluster.kill(cluster.workers[int(name.removeprefix("worker"))])
                    killed.append((name, busy[victim]))
                    return
                time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    result = run_batch(folder, tmp_path / "out", cluster=Cluster(cluster.address), echo=quiet, no_cache=True)
    killer.join()
    assert killed and killed[0][1], "no worker was killed while grading"
    assert result.graded == 6 and result.unable == 0
    assert reports(tmp_path / "out") == local_reports(tmp_path, files)


def test_a_submission_whose_worker_dies_more_than_allowed_gets_its_own_row(tmp_path, processes):
    files = {f"s{i}.py": w3a1(i) for i in range(4)}
    folder = make_class(tmp_path / "class", files)
    cluster = processes(scheduler_env={"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}).worker(count=2).wait(2)
    victims = []

    def kill_a_busy_worker():
        with distributed.Client(cluster.address, set_as_default=False) as c:
            while not victims:
                busy = {w: keys for w, keys in c.processing().items() if keys}
                if busy:
                    victim = sorted(busy)[0]
                    name = c.scheduler_info(n_workers=-1)["workers"][victim]["name"]
                    cluster.kill(cluster.workers[int(name.removeprefix("worker"))])
                    victims.extend(busy[victim])
                time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    result = run_batch(folder, tmp_path / "out", cluster=Cluster(cluster.address), echo=quiet, no_cache=True)
    killer.join()
    found = reports(tmp_path / "out")
    died = {name for name, r in found.items() if "the worker grading it died 1 time" in r["status"]}
    assert len(found) == 4 and died and result.unable == len(died)
    assert all(r["status"] == "graded" for name, r in found.items() if name not in died)
    # The batch retried later grades them (a row of ours is never kept as a grade).
    again = run_batch(folder, tmp_path / "out", cluster=Cluster(cluster.address), echo=quiet)
    assert again.graded == len(died) and again.unable == 0


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path):
    folder = make_class(tmp_path / "class", {"alice.py": QUICK["alice.py"]})
    with pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9 .*is it running"):
        run_batch(folder, tmp_path / "out", cluster=Cluster("tcp://127.0.0.1:9", connect_seconds=2), echo=quiet)


def test_a_scheduler_that_goes_away_keeps_the_reports_done_and_the_same_command_resumes(tmp_path, processes):
    files = {f"s{i}.py": w3a1(i) for i in range(5)}
    folder = make_class(tmp_path / "class", files)
    cluster = processes().worker(count=1).wait(1)

    def kill_the_scheduler():
        while not list((tmp_path / "out" / "reports").glob("*.json")):
            time.sleep(0.05)
        cluster.kill(cluster.scheduler)

    killer = threading.Thread(target=kill_the_scheduler)
    killer.start()
    with pytest.raises(ClusterError, match="went away in the middle of the batch.*reports are kept; start the "
                                           "cluster again and run the same command"):
        run_batch(folder, tmp_path / "out", cluster=Cluster(cluster.address), echo=quiet, no_cache=True)
    killer.join()
    kept = reports(tmp_path / "out")
    assert 1 <= len(kept) < 5 and all(r["status"] == "graded" for r in kept.values())
    second = processes().worker(count=1).wait(1)
    result = run_batch(folder, tmp_path / "out", cluster=Cluster(second.address), echo=quiet, no_cache=True)
    assert result.reused == len(kept) and result.graded == 5 - len(kept)


def shim(tmp_path, code):
    """A folder whose sitecustomize.py runs ``code`` at the start of every Python process given it."""
    folder = tmp_path / "shim"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(code)
    return {"PYTHONPATH": f"{folder}{os.pathsep}{ROOT}"}


def test_workers_that_must_not_grade_refuse_with_a_clear_error(tmp_path, processes):
    folder = make_class(tmp_path / "class", {"alice.py": QUICK["alice.py"]})
    other = processes().worker(env=shim(tmp_path, "import grader.version\ngrader.version.VERSION = '0.0.1'\n")).wait(1)
    with pytest.raises(ClusterError, match=r"runs another grader \(nndl-grader 0\.0\.1, digest [0-9a-f]{12}\) than "
                                           r"this client .*install the same grader on every worker"):
        run_batch(folder, tmp_path / "out", cluster=Cluster(other.address), echo=quiet)
    unconfined = processes().worker(env=shim(tmp_path / "u", "import grader.isolate.sandbox as s\n"
                                                              "s.can_confine = lambda: False\n")).wait(1)
    with pytest.raises(ClusterError, match=r"cannot confine learner code .*pass --allow-unconfined"):
        run_batch(folder, tmp_path / "out", cluster=Cluster(unconfined.address), echo=quiet)
    result = run_batch(folder, tmp_path / "out", cluster=Cluster(unconfined.address, allow_unconfined=True),
                       echo=quiet)
    assert result.graded == 1
    threads = processes().worker("--nthreads", "2").wait(1)
    with pytest.raises(ClusterError, match=r"runs 2 threads.*--nthreads 1"):
        run_batch(folder, tmp_path / "out2", cluster=Cluster(threads.address), echo=quiet)


def test_learner_code_on_a_worker_cannot_reach_the_scheduler(tmp_path, processes):
    cluster = processes().worker().wait(1)
    host, port = cluster.address.removeprefix("tcp://").rsplit(":", 1)
    reach = variant("w2a1_numpy_basics.py", (
        "def basic_sigmoid(x):",
        f"def basic_sigmoid(x):\n    import socket\n    socket.create_connection(({host!r}, {port}), timeout=5).close()"))
    folder = make_class(tmp_path / "class", {"mallory.py": reach})
    run_batch(folder, tmp_path / "out", cluster=Cluster(cluster.address), echo=quiet, no_cache=True)
    tests = [t for t in reports(tmp_path / "out")["mallory"]["tests"] if t["function"] == "basic_sigmoid"]
    assert tests and all(t["outcome"] == "error" and "OSError" in t["output"] for t in tests), tests
    assert any("Network is unreachable" in t["output"] for t in tests), tests[0]["output"]


def test_a_worker_without_the_cat_data_gets_the_clients_once(tmp_path, processes, cat_data):
    empty, cache = tmp_path / "no data", tmp_path / "worker cache"
    empty.mkdir()
    cluster = processes().worker(env={"NNDL_DATA": str(empty), "NNDL_CACHE": str(cache)}).wait(1)
    folder = make_class(tmp_path / "class", {"wanda.py": variant("w2a2_logistic_regression.py")})
    result = run_batch(folder, tmp_path / "out", cluster=Cluster(cluster.address), echo=quiet)
    report = reports(tmp_path / "out")["wanda"]
    assert result.graded == 1 and report["score"] == report["max_score"]
    assert not [t for t in report["tests"] if t["outcome"] == "not_run"]
    assert sorted(p.name for p in (cache / "cat-data-from-client").iterdir()) == ["test_catvnoncat.h5",
                                                                                  "train_catvnoncat.h5"]
    assert list(cache.glob("*.bin")), "the worker keeps its own reference cache"


def certificates(folder):
    """A CA, and a certificate it signed for 127.0.0.1 (scheduler, workers and client share it here)."""
    folder.mkdir()
    ca, key, cert = folder / "ca.pem", folder / "key.pem", folder / "cert.pem"

    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(folder / "ca-key.pem"), "-out", str(ca),
            "-days", "2", "-subj", "/CN=nndl-grader test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(folder / "cert.csr"),
            "-subj", "/CN=127.0.0.1")
    (folder / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n")
    openssl("x509", "-req", "-in", str(folder / "cert.csr"), "-CA", str(ca), "-CAkey", str(folder / "ca-key.pem"),
            "-CAcreateserial", "-out", str(cert), "-days", "2", "-extfile", str(folder / "san.cnf"))
    return ca, cert, key


@pytest.mark.skipif(shutil.which("openssl") is None and os.environ.get("CI") != "true",
                    reason="openssl makes the test certificates")
def test_a_tls_scheduler_grades_with_certificates_and_refuses_without(tmp_path, processes):
    ca, cert, key = certificates(tmp_path / "tls")
    tls = ["--tls-ca-file", str(ca), "--tls-cert", str(cert), "--tls-key", str(key)]
    cluster = processes(protocol="tls", tls=tls).worker().wait(1)
    assert cluster.address.startswith("tls://")
    folder = make_class(tmp_path / "class", {"alice.py": QUICK["alice.py"]})
    result = run_batch(folder, tmp_path / "out", echo=quiet,
                       cluster=Cluster(cluster.address, ca_file=str(ca), cert=str(cert), key=str(key)))
    assert result.graded == 1 and reports(tmp_path / "out")["alice"]["score"] == 19
    with pytest.raises(ClusterError, match="is a TLS scheduler: give --tls-ca-file"):
        run_batch(folder, tmp_path / "out2", cluster=Cluster(cluster.address), echo=quiet)
    with pytest.raises(ClusterError, match="are for a tls:// scheduler"):
        run_batch(folder, tmp_path / "out2", echo=quiet,
                  cluster=Cluster(cluster.address.replace("tls://", "tcp://"), ca_file=str(ca), cert=str(cert)))

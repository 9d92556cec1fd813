"""The same class through the local pool and through a two-worker Dask cluster, side by side in one run.

    .venv/bin/python bench/batch_cluster.py [--quick 40] [--training 4] [--repeats 3]
    .venv/bin/python bench/batch_cluster.py --costs [--repeats 3]

Starts a real ``dask scheduler`` and two ``dask worker --nthreads 1`` processes on 127.0.0.1 (as a user
would on one machine), then grades, alternating, each class with ``grade batch --jobs 2`` (the local
pool) and with ``--scheduler`` (``grader.batch.run_batch``), every run into an empty results folder and
without the results cache (``no_cache``: every check runs), the reference caches warm:

- a quick class: ``--quick`` W2A1 and W4A1 submissions in turn (solutions, stubs, rewrites and bugs of
  the test corpora, as bench/batch_throughput.py makes them);
- a training class: ``--training`` W4A2 submissions (the reference, each with a line of its own:
  two full trainings on the cat data each, about 45 s of CPU).

Prints per class the medians: seconds, submissions per minute, the ratio Dask / local of the
throughputs (the goal: at least 0.9), and the overhead per submission ((Dask - local) / submissions);
and, per assignment, the grading time of one submission (the reports' ``execution_time``: one process
on one core), which is what a cluster of N workers divides.

``--costs`` only measures that grading time for each assignment: its reference solution, ``--repeats``
copies of their own bytes, graded by the local pool with one job.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from batch_throughput import build_class  # noqa: E402

from grader.batch.cluster import Cluster  # noqa: E402
from grader.batch.run import run_batch  # noqa: E402

DASK = str(Path(sys.executable).parent / "dask")


def start_cluster(folder, workers=2):
    file = folder / "scheduler.json"
    started = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                 "--scheduler-file", str(file)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)]
    while not file.exists():
        time.sleep(0.05)
    time.sleep(0.3)
    address = json.loads(file.read_text())["address"]
    for i in range(workers):
        started.append(subprocess.Popen([DASK, "worker", address, "--nthreads", "1", "--no-dashboard"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        client.wait_for_workers(workers, timeout=60)
    return address, started


def stop(processes):
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def timed(folder, **options):
    with tempfile.TemporaryDirectory(prefix="nndl-bench-out-") as out:
        start = time.perf_counter()
        result = run_batch(folder, out, echo=lambda *args: None, no_cache=True, **options)
        seconds = time.perf_counter() - start
        costs = {}
        for report in result.reports:
            costs.setdefault(report["assignment"], []).append(report["execution_time"])
    assert result.graded == len(result.reports), [r["status"] for r in result.reports if r["status"] != "graded"]
    return seconds, costs


def training_class(folder, count):
    source = (ROOT / "solutions" / "w4a2_deep_nn_application.py").read_text()
    for i in range(count):
        (folder / f"learner{i:03d}_w4a2.py").write_text(source + f"\n_mine = {i}\n")


SOLUTIONS = {"w2a1": "w2a1_numpy_basics", "w2a2": "w2a2_logistic_regression", "w3a1": "w3a1_planar_data",
             "w4a1": "w4a1_deep_nn_step_by_step", "w4a2": "w4a2_deep_nn_application"}


def costs_only(repeats):
    with tempfile.TemporaryDirectory(prefix="nndl-bench-costs-") as work:
        folder = Path(work) / "class"
        folder.mkdir()
        for assignment, module in SOLUTIONS.items():
            source = (ROOT / "solutions" / f"{module}.py").read_text()
            for i in range(repeats + 1):  # the first warms the reference cache
                (folder / f"{assignment}_{i}.py").write_text(source + f"\n_mine = {i}\n")
        warm = Path(work) / "warm"
        warm.mkdir()
        for assignment in SOLUTIONS:
            os.replace(folder / f"{assignment}_0.py", warm / f"{assignment}_0.py")
        timed(warm, jobs=1)
        _, costs = timed(folder, jobs=1)
    print(f"grading time of one submission, the reference solution (one process, one core), medians of {repeats}:")
    for assignment, values in sorted(costs.items()):
        print(f"  {assignment}: {statistics.median(values):.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--costs", action="store_true", help="only the grading time of each assignment")
    parser.add_argument("--quick", type=int, default=40)
    parser.add_argument("--training", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    if options.costs:
        return costs_only(options.repeats)
    with tempfile.TemporaryDirectory(prefix="nndl-bench-cluster-") as work:
        work = Path(work)
        classes = {}
        if options.quick:
            (work / "quick").mkdir()
            build_class(work / "quick", options.quick, 0)
            classes[f"quick ({options.quick} W2A1/W4A1)"] = work / "quick"
        if options.training:
            (work / "training").mkdir()
            training_class(work / "training", options.training)
            classes[f"training ({options.training} W4A2)"] = work / "training"
        address, processes = start_cluster(work)
        try:
            cluster = Cluster(address)
            costs = {}
            print(f"Dask: a scheduler and 2 workers (--nthreads 1) at {address}; local: --jobs 2; "
                  f"medians of {options.repeats}")
            print(f"{'class':<26} {'local (s)':>10} {'Dask (s)':>9} {'local /min':>11} {'Dask /min':>10} "
                  f"{'ratio':>6} {'overhead / submission':>22}")
            for name, folder in classes.items():
                count = len(list(folder.iterdir()))
                timed(folder, jobs=2)  # warm the reference caches, the grader's and the workers'
                timed(folder, cluster=cluster)
                local, dask = [], []
                for _ in range(options.repeats):
                    seconds, found = timed(folder, jobs=2)
                    local.append(seconds)
                    for assignment, values in found.items():
                        costs.setdefault(assignment, []).extend(values)
                    dask.append(timed(folder, cluster=cluster)[0])
                l, d = statistics.median(local), statistics.median(dask)
                print(f"{name:<26} {l:>10.1f} {d:>9.1f} {60 * count / l:>11.0f} {60 * count / d:>10.0f} "
                      f"{l / d:>6.2f} {1000 * (d - l) / count:>19.0f} ms")
            print("\ngrading time of one submission (one process, one core), medians of the local runs:")
            for assignment, values in sorted(costs.items()):
                print(f"  {assignment}: {statistics.median(values):.2f} s ({len(values)} gradings)")
        finally:
            stop(processes)


if __name__ == "__main__":
    main()

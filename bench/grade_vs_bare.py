"""Grading time against the bare time of the same training runs, side by side in one run.

    .venv/bin/python bench/grade_vs_bare.py [--repeats 3] [--jobs 2]

Prints, as medians over the repeats:

- bare: every call that the checks of all five assignments make, each once, on the reference
  solutions in this process (default BLAS threads): the same functions on the same arguments,
  without the grading machinery; for context also the course's four training runs alone;
- grade, warm: grading the complete reference submission of all five assignments, the
  reference's outputs already in the cache (the steady state when grading a class);
- grade, cold: the same with an empty reference cache (the first grading ever);
- stub: grading each assignment's generated stub.

Needs the cat dataset (see datasets/catvnoncat/README.md).
"""

import argparse
import contextlib
import copy
import io
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from datasets.cat import flatten_and_scale, load_cat_dataset
from datasets.planar import load_planar_dataset
from grader.course import builtin as builtin_course
from grader import engine
from grader.check.refcache import ReferenceCache
from solutions import w2a2_logistic_regression as w2a2
from solutions import w3a1_planar_data as w3a1
from solutions import w4a2_deep_nn_application as w4a2

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = {a: next((ROOT / "solutions").glob(f"{a}_*.py")) for a in builtin_course().ids}


def course_runs():
    """The course's four training runs on the real data, called once each on the reference."""
    train_x_orig, train_y, test_x_orig, test_y, _ = load_cat_dataset()
    train_x, test_x = flatten_and_scale(train_x_orig), flatten_and_scale(test_x_orig)
    X, Y = load_planar_dataset()
    w2a2.model(train_x, train_y, test_x, test_y, num_iterations=2000, learning_rate=0.005)
    w3a1.nn_model(X, Y, n_h=4, num_iterations=10000)
    w4a2.two_layer_model(train_x, train_y, (12288, 7, 1), num_iterations=2500)
    w4a2.L_layer_model(train_x, train_y, [12288, 20, 7, 5, 1], num_iterations=2500)


def check_calls():
    """Every call the checks of all five assignments make, once each (shared calls once), bare.

    The same solution functions on the same arguments as grading, in this process, with no
    learner process, channel, comparison or report: the floor that grading is measured against.
    """
    calls = []
    for assignment_id in builtin_course().ids:
        spec = builtin_course().assignment(assignment_id)
        solution = spec.solution
        seen = set()
        for check in spec.checks:
            if check.call_key and check.call_key in seen:
                continue
            seen.add(check.call_key)
            args, kwargs = check.inputs()
            calls.append((getattr(solution, check.function), check.seed, args, kwargs))

    def run():
        with contextlib.redirect_stdout(io.StringIO()):
            for function, seed, args, kwargs in calls:
                if seed is not None:
                    np.random.seed(seed)
                function(*copy.deepcopy(args), **kwargs)

    return run


def grade_all(cache, jobs, files=SOLUTIONS):
    reports = engine.grade_many([(files[a], a) for a in builtin_course().ids], jobs=jobs, reference_cache=cache)
    for report in reports:
        assert report.passed or files is not SOLUTIONS, f"{report.assignment}: reference not at full marks"
    return reports


def timed(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()

    bare_time, bare_all = timed(check_calls(), options.repeats)
    course_time, course_all = timed(course_runs, options.repeats)
    with tempfile.TemporaryDirectory() as warm_dir:
        warm_cache = ReferenceCache(warm_dir)
        grade_all(warm_cache, options.jobs)  # fill the cache once
        warm_time, warm_all = timed(lambda: grade_all(warm_cache, options.jobs), options.repeats)

    def cold():
        with tempfile.TemporaryDirectory() as cold_dir:
            grade_all(ReferenceCache(cold_dir), options.jobs)

    cold_time, cold_all = timed(cold, options.repeats)
    stubs = {a: ROOT / "exercises" / SOLUTIONS[a].name for a in builtin_course().ids}
    stub_times = {a: timed(lambda a=a: engine.grade(stubs[a], a, jobs=options.jobs), options.repeats)[0]
                  for a in builtin_course().ids}

    def row(label, median, runs):
        print(f"{label:<38} {median:8.2f} s   {median / bare_time:5.2f}x bare   runs: "
              + ", ".join(f"{t:.2f}" for t in runs))

    print(f"median of {options.repeats} runs, --jobs {options.jobs}")
    row("bare: every call of the checks, once", bare_time, bare_all)
    row("bare: the course's 4 training runs", course_time, course_all)
    row("grade all five, warm cache", warm_time, warm_all)
    row("grade all five, cold cache", cold_time, cold_all)
    for a, t in stub_times.items():
        print(f"{'grade stub ' + a:<38} {t:8.2f} s")


if __name__ == "__main__":
    main()

"""Each assignment's grading time against the bare time of the same calls, side by side with another version.

    .venv/bin/python bench/grade_vs_bare.py [--repeats 5] [--jobs 2] [--against /tmp/v1] [--assignments w3a1 ...]

For each assignment, as medians over the repeats:

- bare: every call that the assignment's checks make, each once (shared calls once), on the
  reference solution in one process, with one BLAS thread as in a learner's process: the same
  functions on the same arguments, without the grading machinery;
- grade: grading the complete reference submission, the reference's outputs already in the
  reference cache (the steady state when grading a class), results never reused;

then the five assignments graded together (one pool of ``--jobs`` learner processes).

``--against ROOT`` measures another checkout too (``git worktree add /tmp/v1 82eba28``, with its own
``ROOT/.venv``: the learner's process runs ``python -I``, so each version needs its own install).
Each repeat measures every version once, one after the other, so that both see the same load.
Each version measures itself: this file runs under each one's Python, in a process of its own.

Needs the cat dataset (see datasets/catvnoncat/README.md), in every checkout measured.
"""

import argparse
import contextlib
import copy
import importlib
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALL = ("w2a1", "w2a2", "w3a1", "w4a1", "w4a2")


# -- in the measured version's own process ----------------------------------------------------------------
def _course():
    """``(checks of an assignment, its solution module, ReferenceCache class)`` in this version's API."""
    try:
        try:
            from grader.checking.refcache import ReferenceCache
        except ImportError:  # before the check model's package was renamed grader.checking
            from grader.check.refcache import ReferenceCache
        from grader.course import builtin

        def spec(a):
            assignment = builtin().assignment(a)
            return assignment.checks, assignment.solution
    except ImportError:  # version 1: one flat package
        from grader import engine
        from grader.refcache import ReferenceCache

        def spec(a):
            module = engine.assignment(a)
            return module.CHECKS, importlib.import_module(module.SOLUTION)
    return spec, ReferenceCache


def bare_calls(checks, solution):
    """Every call ``checks`` make, once each (shared calls once), bare: no learner process,
    channel, comparison or report; the floor that grading is measured against."""
    calls, seen = [], set()
    for check in checks:
        if check.call_key and check.call_key in seen:
            continue
        seen.add(check.call_key)
        args, kwargs = check.inputs()
        calls.append((getattr(solution, check.function), check.seed, args, kwargs))

    def run():
        import numpy as np
        from threadpoolctl import threadpool_limits

        with contextlib.redirect_stdout(io.StringIO()), threadpool_limits(limits=1, user_api="blas"):
            for function, seed, args, kwargs in calls:
                if seed is not None:
                    np.random.seed(seed)
                function(*copy.deepcopy(args), **kwargs)

    return run


def measure(assignments, jobs, cache_dir):
    """One repeat of every measure in this process: ``{row: {"bare": s, "grade": s}}``."""
    from grader import engine

    spec, ReferenceCache = _course()
    cache = ReferenceCache(cache_dir)
    solutions = {a: next((ROOT / "solutions").glob(f"{a}_*.py")) for a in assignments}

    def grade(items):
        start = time.perf_counter()
        reports = engine.grade_many(items, jobs=jobs, reference_cache=cache)
        seconds = time.perf_counter() - start
        for report in reports:
            failed = [f"{r.check.name}: {r.outcome}: {r.output[:200]}" for r in report.results if r.outcome != "passed"]
            assert not failed, f"{report.assignment}: the reference is not at full marks: {failed}"
        return seconds

    engine.grade_many([(solutions[a], a) for a in assignments], jobs=jobs, reference_cache=cache)  # warm the cache
    rows, total_bare = {}, 0.0
    for a in assignments:
        run = bare_calls(*spec(a))
        start = time.perf_counter()
        run()
        bare = time.perf_counter() - start
        total_bare += bare
        rows[a] = {"bare": bare, "grade": grade([(solutions[a], a)])}
    if len(assignments) > 1:
        rows["all together"] = {"bare": total_bare, "grade": grade([(solutions[a], a) for a in assignments])}
    return rows


# -- the parent: every version once per repeat, medians -----------------------------------------------------
def label(root, name=None):
    """``now`` or the checkout's folder, and its commit (``+`` when its files differ from it)."""
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True).stdout.strip()
    changed = "+" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{name or root} ({git('rev-parse', '--short', 'HEAD')}{changed})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--against", type=Path, action="append", default=[],
                        help="another checkout to measure side by side (with its own .venv)")
    parser.add_argument("--assignments", nargs="+", default=list(ALL), choices=ALL)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the cache folder: one repeat, in this process
    options = parser.parse_args()
    if options.measure:
        print(json.dumps(measure(options.assignments, options.jobs, options.measure)))
        return

    versions = {label(ROOT, "now"): ROOT, **{label(root): root for root in options.against}}
    runs = {name: [] for name in versions}
    now = next(iter(versions))
    with tempfile.TemporaryDirectory() as caches:
        for repeat in range(options.repeats):
            for name, root in versions.items():
                python = sys.executable if root == ROOT else str(root / ".venv" / "bin" / "python")
                command = [python, str(ROOT / "bench" / "grade_vs_bare.py"), "--jobs", str(options.jobs),
                           "--measure", str(Path(caches) / Path(root).name), "--assignments", *options.assignments]
                done = subprocess.run(command, cwd=root, capture_output=True, text=True)
                if done.returncode != 0:
                    sys.exit(f"{name} failed (repeat {repeat + 1}):\n{done.stderr[-3000:]}")
                runs[name].append(json.loads(done.stdout.splitlines()[-1]))
                print(f"repeat {repeat + 1}/{options.repeats}, {name}: "
                      + ", ".join(f"{row} {m['grade']:.2f} s" for row, m in runs[name][-1].items()), file=sys.stderr)

    def median(name, row, measure):
        return statistics.median(run[row][measure] for run in runs[name])

    names = list(versions)
    print(f"median of {options.repeats} runs, --jobs {options.jobs}, reference cache warm, results never reused")
    header = f"{'':<14}" + "".join(f"{'bare':>8} {'grade':>8} {'x bare':>7}      " for _ in names)
    print(" " * 14 + "".join(f"{name[-29:]:<30}" for name in names))
    print(header.rstrip())
    for row in runs[now][0]:
        cells = []
        for name in names:
            bare, grade = median(name, row, "bare"), median(name, row, "grade")
            cells.append(f"{bare:7.2f}s {grade:7.2f}s {grade / bare:6.1f}x      ")
        print(f"{row:<14}" + "".join(cells).rstrip())


if __name__ == "__main__":
    main()

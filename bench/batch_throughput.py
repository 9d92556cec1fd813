"""Throughput of ``grade batch`` with one and two grader processes, side by side in one run.

    .venv/bin/python bench/batch_throughput.py [--submissions 40] [--w3a1 0] [--repeats 3] [--designs]

Builds a class of generated submissions in a temporary folder: W2A1 and W4A1 in turn, each the
reference solution, a correct rewrite or a classic bug from the test corpora
(tests/test_corpus_*.py), or the generated stub; ``--w3a1 K`` adds K W3A1 submissions (about 10 s
each: training runs of up to 10000 iterations). Grades the class with ``--jobs 1`` and ``--jobs 2``
(``grader.batch.run_batch``, each run into an empty results folder, the reference cache warm) and
prints the medians over the repeats: seconds, submissions per minute, and the ratio of the two.
The machine's other load shows in the timings: run it when the machine is otherwise idle.

``--designs`` also times, with the same jobs, the two designs ``grade batch`` does not use:

- threads: one grader process, a thread per job, each grading one submission at a time with
  ``engine.grade_submission(jobs=1)`` (each thread on a core of its own);
- grade_many: one ``engine.grade_many`` over the whole class (reports only at the very end).
"""

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the corpora: realistic bugs and rewrites

from corpus import variant_source  # noqa: E402

from grader import engine  # noqa: E402
from grader.load import reader  # noqa: E402
from grader.batch.run import run_batch  # noqa: E402

ASSIGNMENTS = {"w2a1": "w2a1_numpy_basics.py", "w4a1": "w4a1_deep_nn_step_by_step.py",
               "w3a1": "w3a1_planar_data.py"}


def sources(assignment_id):
    """Endless submissions of one assignment: the solution, the stub, then rewrites and bugs in turn."""
    import importlib

    corpus = importlib.import_module(f"test_corpus_{assignment_id}")
    name = ASSIGNMENTS[assignment_id]
    kinds = [("correct", ())] + [("stub", None)]
    kinds += [(f"variant {v.id}", v.replacements) for v in corpus.VARIANTS]
    kinds += [(f"bug {b.id}", b.replacements) for b in corpus.BUGS]
    stub = (ROOT / "exercises" / name).read_text()
    ordered = [kinds[0], kinds[1]] + [k for pair in itertools.zip_longest(kinds[2:2 + len(corpus.VARIANTS)],
                                                                          kinds[2 + len(corpus.VARIANTS):]) for k in pair if k]
    for kind, replacements in itertools.cycle(ordered):
        yield kind, stub if replacements is None else variant_source(name, replacements)


def build_class(folder, count, w3a1):
    """``count`` W2A1/W4A1 submissions in turn, plus ``w3a1`` W3A1 ones; returns the kinds made."""
    made = []
    streams = {a: sources(a) for a in ASSIGNMENTS}
    order = [a for _, a in zip(range(count), itertools.cycle(["w2a1", "w4a1"]))] + ["w3a1"] * w3a1
    for index, assignment_id in enumerate(order):
        kind, text = next(streams[assignment_id])
        (folder / f"learner{index:03d}_{assignment_id}.py").write_text(text)
        made.append((assignment_id, kind))
    return made


def time_batch(folder, jobs):
    with tempfile.TemporaryDirectory(prefix="nndl-bench-out-") as out:
        start = time.perf_counter()
        result = run_batch(folder, out, jobs=jobs, echo=lambda *args: None)
        seconds = time.perf_counter() - start
    assert result.graded == len(result.reports), [r["status"] for r in result.reports if not r["status"].startswith("graded")]
    return seconds


def _items(folder):
    return [(reader.load(p), p.stem.split("_")[-1]) for p in sorted(folder.glob("*.py"))]


def time_threads(folder, jobs):
    """One process; a thread per job, pinned to its own core, grading one submission at a time."""
    items = _items(folder)
    cores = sorted(os.sched_getaffinity(0))
    counter = itertools.count()

    def pin():
        os.sched_setaffinity(0, {cores[next(counter) % len(cores)]})

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs, initializer=pin) as pool:
        list(pool.map(lambda item: engine.grade_submission(*item, jobs=1), items))
    return time.perf_counter() - start


def time_grade_many(folder, jobs):
    items = _items(folder)
    start = time.perf_counter()
    engine.grade_many(items, jobs=jobs)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=40, help="W2A1 and W4A1 submissions (in turn)")
    parser.add_argument("--w3a1", type=int, default=0, help="W3A1 submissions added (about 10 s each)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--designs", action="store_true", help="also time the designs grade batch does not use")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="nndl-bench-class-") as folder:
        folder = Path(folder)
        made = build_class(folder, args.submissions, args.w3a1)
        total = len(made)
        by = {a: sum(m[0] == a for m in made) for a in ASSIGNMENTS}
        kinds = {k: sum(m[1].split()[0] == k for m in made) for k in ("correct", "stub", "variant", "bug")}
        print(f"class: {total} submissions ({', '.join(f'{n} {a}' for a, n in by.items() if n)}): "
              f"{kinds['correct']} reference, {kinds['variant']} correct rewrites, {kinds['bug']} with a bug, "
              f"{kinds['stub']} stubs; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
        time_batch(folder, 2)  # warm: reference cache, file cache, durations
        designs = [("grade batch (processes)", time_batch)]
        if args.designs:
            designs += [("threads, one process", time_threads), ("one grade_many", time_grade_many)]
        timings = {(name, jobs): [] for name, _ in designs for jobs in (1, 2)}
        for repeat in range(args.repeats):
            for name, measure in designs:
                for jobs in (1, 2):
                    timings[name, jobs].append(measure(folder, jobs))
            print(f"  repeat {repeat + 1}: " + ", ".join(f"{name} -j{jobs} {s[-1]:.1f} s"
                                                         for (name, jobs), s in timings.items()), flush=True)
        print()
        print(f"medians of {args.repeats} (load average now {os.getloadavg()[0]:.2f})")
        print(f"{'design':<26}{'--jobs 1':>22}{'--jobs 2':>22}{'ratio':>8}")
        for name, _ in designs:
            one, two = (statistics.median(timings[name, jobs]) for jobs in (1, 2))
            print(f"{name:<26}{one:>7.1f} s {60 * total / one:>6.0f} /min{two:>7.1f} s {60 * total / two:>6.0f} /min"
                  f"{one / two:>7.2f}x")


if __name__ == "__main__":
    main()

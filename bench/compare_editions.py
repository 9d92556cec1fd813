"""Every corpus grading with the full edition and with a learner edition, side by side (run by hand).

    .venv/bin/python bench/compare_editions.py [--edition DIR]

Writes a learner edition (``grade release``, about 2 minutes) unless ``--edition`` names one, then grades
every grading of ``tests/test_corpus_*.py`` (``tests/editions.py``) with both editions, each in a process
of its own, at the same time, and prints how long each took, the results that differ (the full edition's
outcome, then the learner edition's) and the wrong verdicts (another outcome, not "not run"): there
must be none. ``tests/test_editions.py`` runs a third of them in CI.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

import editions  # noqa: E402
from test_editions import compare, graded  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", type=Path, help="a learner edition already written (default: write one)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        edition = options.edition
        if edition is None:
            from grader import course as courses
            from grader.authoring import release

            started = time.perf_counter()
            edition = release.release(folder / "learner", courses.builtin()).out
            print(f"learner edition written in {time.perf_counter() - started:.0f} s")
        gradings = editions.corpus_gradings()
        manifest = editions.write_manifest(folder, gradings)
        started = time.perf_counter()
        runs = {name: graded(manifest, folder / f"{name}.json", where, folder / f"cache-{name}")
                for name, where in (("full", None), ("learner", edition))}
        finished = {}
        while len(finished) < len(runs):  # each edition's time, taken when its process ends
            for name, run in runs.items():
                if name not in finished and run.poll() is not None:
                    finished[name] = time.perf_counter() - started
            time.sleep(0.2)
        for name, run in runs.items():
            output, _ = run.communicate()
            if run.returncode:
                sys.exit(f"the {name} edition's grading failed:\n{output[-3000:]}")
            print(f"{len(gradings)} gradings with the {name} edition: {finished[name]:.0f} s (both at once, cold caches)")
        full, learner = (json.loads((folder / f"{name}.json").read_text()) for name in ("full", "learner"))
    differences, wrong = compare(full, learner)
    total = sum(len(results) for results in full.values())
    count = sum(len(checks) for checks in differences.values())
    print(f"{total} results in {len(full)} gradings; {count} differ, in {len(differences)} gradings; "
          f"{len(wrong)} wrong verdicts")
    for id, checks in sorted(differences.items()):
        for check, (mine, theirs) in checks.items():
            print(f"  {id} | {check}: {mine[1]} {mine[2]:g} -> {theirs[1]} {theirs[2]:g}")
            if mine[1] == theirs[1]:
                print(f"      full:    {mine[3][:160]!r}\n      learner: {theirs[3][:160]!r}")
    for item in wrong:
        print("  WRONG VERDICT:", *item)
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()

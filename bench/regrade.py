"""Regrading a notebook after a small edit: the results of unchanged checks are reused.

    .venv/bin/python bench/regrade.py [--assignment w4a2] [--repeats 5]

Builds a notebook of the assignment as tests/test_notebooks.py does (the generated exercise
notebook, each graded cell holding the reference's function) with one function of the learner's
own that no graded function calls. Grades it once with ``grade FILE --no-cache`` (every check
run: the time of a grading today), then, after each edit below, ``grade FILE`` again, and prints
the median over the repeats of

- command: the whole ``grade FILE`` command, a new Python process, as a learner runs it (with
  Python's compiled bytecode kept, as in an installed grader, even where PYTHONDONTWRITEBYTECODE is set);
- in process: ``engine.grade_submission`` with the results cache, and how many checks were reused
  (all of them: no learner process starts).

Edits: none; a markdown cell's text; a markdown cell inserted at the top (every cell is
renumbered); the body of the learner's own function; a comment in a graded function. Needs the
cat data for W4A2 (datasets/catvnoncat/README.md). Uses the grader's cache (``grade --help``).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_notebooks as notebooks  # noqa: E402 - the tests' notebook builder

from grader import engine  # noqa: E402
from grader.checking.results_cache import ResultCache  # noqa: E402
from grader.load import reader  # noqa: E402

GRADE = str(Path(sys.executable).parent / "grade")  # the command a learner runs
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
OWN_FUNCTION = "def plot_costs(costs, learning_rate):\n    \"\"\"The learner's own helper: not graded.\"\"\"\n    return list(costs)\n"


def base_notebook(assignment_id):
    nb = notebooks.filled(assignment_id)
    nb["cells"].insert(2, notebooks.code(OWN_FUNCTION))
    return nb


def edits(assignment_id):
    """``{name: notebook}``: the base notebook after each small edit."""
    def edited(change):
        nb = base_notebook(assignment_id)
        change(nb["cells"])
        return nb

    def markdown_text(cells):
        at = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown")
        cells[at]["source"] = notebooks.lines("".join(cells[at]["source"]) + "\n\nA sentence added by the learner.")

    def own_function(cells):
        cells[2]["source"] = notebooks.lines(OWN_FUNCTION.replace("return list(costs)", "return [float(c) for c in costs]"))

    def comment(cells):
        at = max(i for i, c in enumerate(cells) if "nbgrader" in c["metadata"])  # the last graded cell
        cells[at]["source"] = notebooks.lines("".join(cells[at]["source"]).replace("\n", "\n# the learner's note\n", 1))

    return {
        "no edit": base_notebook(assignment_id),
        "a markdown cell's text": edited(markdown_text),
        "a markdown cell inserted at the top": edited(lambda cells: cells.insert(0, notebooks.markdown("My notes."))),
        "the learner's own function": edited(own_function),
        "a comment in a graded function": edited(comment),
    }


def command(path):
    """Seconds of one ``grade FILE`` command; raises unless every check passed."""
    start = time.perf_counter()
    done = subprocess.run([GRADE, str(path)], capture_output=True, text=True, cwd=ROOT, env=ENVIRONMENT)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"grade {path} exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds


def in_process(path, assignment_id):
    """(seconds, checks reused, checks) of one grading in this process with the results cache."""
    cache = ResultCache()
    start = time.perf_counter()
    grading = engine.grade_submission(reader.load(path), assignment_id, result_cache=cache)
    return time.perf_counter() - start, cache.reused, len(grading.results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="w4a2")
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nndl-regrade-"))
    path = folder / notebooks.notebook_name(options.assignment)
    versions = edits(options.assignment)

    path.write_text(json.dumps(versions["no edit"], indent=1))
    start = time.perf_counter()
    subprocess.run([GRADE, str(path), "--no-cache"], capture_output=True, cwd=ROOT, env=ENVIRONMENT, check=False)
    print(f"{options.assignment}: grade FILE --no-cache (every check run): {time.perf_counter() - start:.1f} s")
    print(f"then grade FILE after each edit, median of {options.repeats}:")
    print(f"  {'edit':<38} {'command':>9} {'in process':>11}  reused")
    for name, nb in versions.items():
        path.write_text(json.dumps(nb, indent=1))
        commands = [command(path) for _ in range(options.repeats)]
        runs = [in_process(path, options.assignment) for _ in range(options.repeats)]
        reused = min(r[1] for r in runs)
        print(f"  {name:<38} {statistics.median(commands):>7.2f} s {statistics.median(r[0] for r in runs):>9.3f} s"
              f"  {reused} / {runs[0][2]}")


if __name__ == "__main__":
    main()

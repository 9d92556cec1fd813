"""How long ``check`` takes in a warm Jupyter kernel (run by hand; prints figures, asserts nothing).

    .venv/bin/python bench/check_latency.py [--repeats 7]

In one kernel (nbclient), after a first check has started the grading process:

- ``check(sigmoid)`` of W2A1 (a function that does not train; goal: median <= 0.5 s);
- ``check(nn_model)`` of W3A1, correct (its helpers pass: the trainings run in the learner's process);
- ``check(nn_model)`` of W3A1 with a bug the early run catches (1,000 iterations on the flower
  data, then the verdict; the full run is skipped; goal: median <= 3 s);
- ``check(model)`` of W2A2, correct: its small checks, then the early and full runs on the cat data.

For a model, also the time its early run's verdict reached the kernel (streamed as each check ends;
the early run goes first). Each repetition changes the function by one statement (``_run = k``), so that no result of an
earlier repetition is reused (``grader.checking.results_cache``); the reference's outputs are cached as
in a learner's session. Figures are medians, with the minimum and maximum.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_notebooks import filled, graded_cells  # noqa: E402


def graded_source(assignment_id, name, replace=None):
    nb = filled(assignment_id, replace)
    return "".join(nb["cells"][graded_cells(nb)[name]]["source"])


def with_run_number(source, name, k):
    """``source`` with ``_run = k`` as the first statement of ``name``'s body (after its docstring)."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"def {name}("))
    body = start + 1
    while lines[body].rstrip().endswith(("(", ",")) or not lines[body].startswith("    "):
        body += 1
    if lines[body].strip().startswith('"""'):
        while not (lines[body].rstrip().endswith('"""') and (body > start + 1 or lines[body].count('"""') == 2)):
            body += 1
        body += 1
    return "\n".join(lines[:body] + [f"    _run = {k}"] + lines[body:])


class Kernel:
    def __init__(self, folder):
        self.nb = nbformat.v4.new_notebook()
        self.client = NotebookClient(self.nb, timeout=900, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": folder}})
        self.context = self.client.setup_kernel()
        self.context.__enter__()

    def run(self, source):
        cell = nbformat.v4.new_code_cell(source)
        self.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.nb.cells) - 1)
        errors = [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]
        if errors:
            raise RuntimeError(f"{source[:60]!r}: {errors}")
        return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def timed_checks(kernel, assignment_id, name, source, repeats, preamble):
    kernel.run(preamble)
    times, verdicts, earlies = [], set(), []
    for k in range(repeats + 1):
        kernel.run(with_run_number(source, name, k))
        out = kernel.run(f"seen.clear(); t = time.perf_counter(); r = check({name!r}, assignment={assignment_id!r}); "
                         f"early = [m['elapsed'] for m in seen if m.get('op') == 'checked' and 'first' in m['name']]; "
                         f"print(time.perf_counter() - t, r.score, r.max_score, early[0] if early else -1)")
        seconds, score, top, early = out.split()
        verdicts.add(f"{float(score):g} / {float(top):g}")
        if k:  # the first one warms the reference cache
            times.append(float(seconds))
            if float(early) >= 0:
                earlies.append(float(early))
    return times, verdicts, earlies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    imports = {
        "w2a1": "import math\nimport numpy as np",
        "w2a2": "import copy\nimport numpy as np",
        "w3a1": "import copy\nimport numpy as np\nfrom nndl.planar_utils import load_planar_dataset",
    }
    with tempfile.TemporaryDirectory() as folder:
        kernel = Kernel(folder)
        try:
            # Every message of the grading process, with the time it arrived (the early run's verdict).
            kernel.run("import time\nfrom grader import check\nfrom grader.notebook import client\nseen = []\n"
                       "shown = client.Progress.__call__\n"
                       "client.Progress.__call__ = lambda self, reply: (seen.append(reply), shown(self, reply))[1]")
            start = time.perf_counter()
            kernel.run("import numpy as np\ndef L1(yhat, y):\n    return np.sum(np.abs(y - yhat))\n"
                       "check('L1', assignment='w2a1')")
            print(f"first check of the session (starts the grading process): {time.perf_counter() - start:.2f} s")
            rows = [("w2a1", "sigmoid", graded_source("w2a1", "sigmoid"), "sigmoid (W2A1), no training"),
                    ("w3a1", "nn_model", graded_source("w3a1", "nn_model"),
                     "nn_model (W3A1), correct: course example, early (1,000) and full (10,000) runs"),
                    ("w3a1", "nn_model", None, "nn_model (W3A1) with a bug the early run catches"),
                    ("w2a2", "model", None, "model (W2A2), correct: early and full runs on the cat data")]
            for assignment_id, name, source, label in rows:
                preamble = imports[assignment_id]
                nb = filled(assignment_id)
                for other, index in graded_cells(nb).items():  # the assignment's other functions, correct
                    if other != name:
                        preamble += "\n" + "".join(nb["cells"][index]["source"])
                if name == "nn_model" and source is None:
                    source = graded_source("w3a1", "nn_model")
                    source = source.replace("update_parameters(parameters, grads)",
                                            "update_parameters(parameters, grads, 0.12)")  # a learning rate 10x too small
                elif source is None:
                    source = graded_source(assignment_id, name)
                times, verdicts, earlies = timed_checks(kernel, assignment_id, name, source, args.repeats, preamble)
                print(f"{label}: median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}; "
                      f"{len(times)} runs; score {', '.join(sorted(verdicts))})")
                if earlies:
                    print(f"    its early run's verdict shown after: median {statistics.median(earlies):.2f} s "
                          f"(min {min(earlies):.2f}, max {max(earlies):.2f})")
        finally:
            kernel.context.__exit__(None, None, None)


if __name__ == "__main__":
    main()

"""``check`` in a real Jupyter kernel (nbclient and ipykernel), as a learner uses it in JupyterLab.

Each test starts its own kernel, runs cells in it one by one (in the order a learner might: a cell
run twice, an endless loop interrupted) and reads what the cells displayed.
"""

import json
import os
import re
import signal
import threading
import time

from html import escape, unescape
from pathlib import Path

import pytest

from grader.render.html import page
from test_notebooks import filled, graded_cells, needs_cat_data, notebook_name, write

CI = os.environ.get("CI") == "true"
try:
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's own paths, without its warning
    import nbformat
    from nbclient import NotebookClient
    __import__("ipykernel")  # the kernel nbclient starts
except ImportError as e:  # pragma: no cover - the test extra installs them
    if CI:
        raise
    pytest.skip(f"a Jupyter kernel is not available here ({e}): pip install -e '.[test]'", allow_module_level=True)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::RuntimeWarning")

GRADING_PROCESSES = ("grader.notebook.server", "grader.isolate.child")
# A picture in a check's HTML output: a PNG data URL and its alt text (as written, escaped).
IMG = re.compile(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]*)">')


class Kernel:
    """A kernel started in ``folder``; ``run(source)`` runs a cell and returns what it showed as text."""

    def __init__(self, folder, env=None):
        self.nb = nbformat.v4.new_notebook()
        self.client = NotebookClient(self.nb, timeout=600, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(folder)}})
        self.context = self.client.setup_kernel(env={**os.environ, **(env or {})})
        self.context.__enter__()

    def run(self, source):
        cell = nbformat.v4.new_code_cell(source)
        self.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.nb.cells) - 1)
        return cell

    def interrupt(self):
        """What Jupyter's interrupt button does: SIGINT to the kernel's process group."""
        pid = self.client.km.provisioner.process.pid
        os.killpg(os.getpgid(pid), signal.SIGINT)

    def close(self):
        self.context.__exit__(None, None, None)


def shown(cell, kind="text/plain"):
    """Everything the cell displayed (``kind`` of rich outputs; errors as 'Name: value')."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("display_data", "execute_result"):
            parts.append(output.data.get(kind, ""))
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "".join(parts)


def errors(cell):
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


@pytest.fixture
def kernel(tmp_path):
    started = Kernel(tmp_path)
    yield started
    started.close()


def grading_processes():
    """pids of grading processes (the check's server and learner processes) alive now."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    command = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if any(name in command for name in GRADING_PROCESSES):
                found.add(int(entry))
    return found


# -- the exercise notebooks ---------------------------------------------------------------------------

def exercise_cells(nb):
    """The cells a learner runs to write and check each function: the imports, `from grader import
    check`, each graded cell and its check cell (the examples and trainings in between are left out)."""
    cells = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    sources = ["".join(cell["source"]) for cell in cells]
    graded = set(graded_cells(nb).values())
    first_import = next(s for s in sources if "import" in s and "grader" not in s)
    keep = [first_import]
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if index in graded or source.startswith(("from grader import check", "check(")):
            keep.append(source)
    return keep


@pytest.mark.parametrize("assignment_id", ["w2a1", "w2a2", "w3a1", "w4a1"])
def test_every_check_cell_of_the_filled_in_exercise_notebook_shows_passed(assignment_id, tmp_path, request):
    needs_cat_data(assignment_id, request)
    nb = filled(assignment_id)
    kernel = Kernel(tmp_path)
    try:
        shown_by = {}
        for source in exercise_cells(nb):
            cell = kernel.run(source)
            assert not errors(cell), (source, errors(cell))
            if source.startswith("check("):
                shown_by[source] = shown(cell)
    finally:
        kernel.close()
    assert len(shown_by) == len(graded_cells(nb))
    for source, text in shown_by.items():
        assert "passed" in text and "not passed" not in text, (source, text)
        assert "These are the checks `grade` runs" in text


def test_one_bug_fails_only_that_functions_check_and_shows_the_diagnosis(tmp_path, request):
    nb = filled("w2a2", {"propagate": ("np.dot(X, (A - Y).T) / m", "np.dot(X, (A - Y).T)")})
    kernel = Kernel(tmp_path)
    try:
        results = {}
        for source in exercise_cells(nb):
            cell = kernel.run(source)
            if source.startswith("check("):
                results[source.split('"')[1]] = cell
    finally:
        kernel.close()
    failing = {name for name, cell in results.items() if "not passed" in shown(cell)}
    assert failing == {"propagate"}
    text, html = shown(results["propagate"]), shown(results["propagate"], "text/html")
    assert "dw" in text and "expected" in text.lower()  # the diagnosis: which output, expected against found
    assert "<pre" in html and "propagate" in html and "&lt;" not in html.split("<pre", 1)[0][-5:]
    # The pictures, drawn in the grading process: the failed comparison of dw as heat maps, the gradient check's
    # relative errors; every <img> a PNG data URL with alt text.
    alts = IMG.findall(html)
    assert alts and all(alt.strip() for alt in alts) and html.count("<img") == len(alts), html
    dw = escape("grads['dw']", quote=True)
    assert "grads['dw']" not in "".join(alts)  # escaped in the attribute
    heat_maps = [alt for alt in alts if alt.startswith("Heat maps of ")]
    assert heat_maps and all(alt.startswith(f"Heat maps of {dw}, shape ") for alt in heat_maps), alts
    gradient = [unescape(alt) for alt in alts if alt.startswith("Relative error of each gradient")]
    assert len(gradient) == 1 and gradient[0].endswith("over the threshold: grads['dw']"), alts
    for name in ("sigmoid", "initialize_with_zeros"):  # passed, and no picture to show
        assert "not passed" not in shown(results[name]) and "<img" not in shown(results[name], "text/html"), name
    # The cell's HTML as a page, in a real browser: nothing fails to load, every picture drawn. (The browser is
    # asked for last: where Chromium is missing, outside CI, only this part is skipped, after the rest passed.)
    path = tmp_path / "propagate_check.html"
    path.write_text(page('check("propagate")', html), encoding="utf-8")
    opened = request.getfixturevalue("browser").open(path)
    assert opened.problems() == []
    assert len(opened.images) == len(alts) and all(image.ok for image in opened.images)


# -- where the code comes from ----------------------------------------------------------------------

def test_the_kernels_latest_definition_is_checked_and_a_difference_with_the_saved_notebook_is_named(tmp_path):
    """A cell run twice with different code: the kernel's definition is graded, and check says that the
    saved notebook (which `grade` reads) holds another one."""
    nb = filled("w2a1")
    path = write(tmp_path, notebook_name("w2a1"), nb)
    kernel = Kernel(tmp_path, env={"JPY_SESSION_NAME": str(path)})
    try:
        saved = "".join(nb["cells"][graded_cells(nb)["sigmoid"]]["source"])
        kernel.run("import numpy as np\nfrom grader import check")
        kernel.run(saved)
        good = kernel.run('check("sigmoid", assignment="w2a1")')
        kernel.run(saved.replace("np.exp(-", "np.exp("))  # the same cell, edited and run again, not saved
        bad = kernel.run('r = check(sigmoid, assignment="w2a1")\nprint(r.passed, r.score, r.max_score)\nr')
    finally:
        kernel.close()
    assert "not passed" not in shown(good) and "is not what" not in shown(good)
    assert "False 0.0 2.5" in shown(bad)
    assert f"This kernel's sigmoid is not what {path.name} holds" in shown(bad)


def test_a_global_of_an_earlier_cell_is_used_and_one_the_grader_does_not_run_is_named_with_its_cell(kernel):
    kernel.run("import numpy as np\nfrom grader import check")
    kernel.run("ONE = 1")
    kernel.run("def sigmoid(x):\n    return ONE / (ONE + np.exp(-x))")
    uses_constant = kernel.run('check(sigmoid, assignment="w2a1")')
    kernel.run("TWO = np.float64(2)")  # computed by code: the grader does not run it
    kernel.run("def sigmoid(x):\n    return (TWO / 2) / (1 + np.exp(-x))")
    computed = kernel.run('check(sigmoid, assignment="w2a1")')
    assert "not passed" not in shown(uses_constant)
    text = shown(computed)
    assert "not passed" in text
    assert 'TWO is assigned at line 1 of this kernel, cell [5] "TWO = np.float64(2)", which the grader does not run' \
        in text


def test_a_cell_that_does_not_compile_leaves_the_earlier_definition_and_says_so(kernel):
    kernel.run("import numpy as np\nfrom grader import check")
    kernel.run("def sigmoid(x):\n    return 1 / (1 + np.exp(-x))")
    kernel.run("def sigmoid(x):\n    return 1 / (1 + np.exp(-x)")  # edited, and broken: defines nothing
    cell = kernel.run('check(sigmoid, assignment="w2a1")')
    text = shown(cell)
    assert "2.5 / 2.5" in text
    assert "cell [3], which defines sigmoid, does not compile (SyntaxError: '(' was never closed)" in text
    assert "cell [3], which defines sigmoid, does not compile" in shown(cell, "text/html")


def test_a_function_of_a_py_module_is_read_from_its_file(kernel, tmp_path):
    (tmp_path / "mine.py").write_text("import numpy as np\n\n\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n")
    kernel.run("import sys; sys.path.insert(0, '.')\nfrom mine import sigmoid\nfrom grader import check")
    cell = kernel.run('check(sigmoid, assignment="w2a1")')
    assert "2.5 / 2.5" in shown(cell)


def test_the_kernels_variables_are_not_touched(kernel):
    kernel.run("import numpy as np\nfrom grader import check\nx = np.arange(3.0)")
    kernel.run("def sigmoid(z):\n    global x\n    x = None\n    return 1 / (1 + np.exp(-z))")
    kernel.run('check(sigmoid, assignment="w2a1")')
    cell = kernel.run("print(x, [k for k in globals() if 'grad' in k.lower() and k != 'check'])")
    assert shown(cell).strip() == "[0. 1. 2.] []"


# -- an endless loop, an interrupt ------------------------------------------------------------------

def test_an_endless_loop_ends_at_the_time_limit_and_the_kernel_stays_usable(kernel):
    kernel.run("import numpy as np\nfrom grader import check")
    kernel.run("def L1(yhat, y):\n    while True:\n        pass")
    cell = kernel.run('check("L1", assignment="w2a1")')
    after = kernel.run("print(1 + 1)")
    assert "did not return within" in shown(cell) and "timed out" in shown(cell)
    assert shown(after).strip() == "2"


def test_an_interrupt_stops_the_check_and_leaves_no_process_behind(kernel):
    before = grading_processes()
    kernel.run("import numpy as np\nfrom grader import check")
    kernel.run("def sigmoid(x):\n    return 1 / (1 + np.exp(-x))")
    kernel.run('check(sigmoid, assignment="w2a1")')  # the grading process is started and warm
    kernel.run("def L1(yhat, y):\n    while True:\n        pass")
    timer = threading.Timer(3.0, kernel.interrupt)
    timer.start()
    started = time.monotonic()
    cell = kernel.run('check("L1", assignment="w2a1")')
    stopped_after = time.monotonic() - started
    timer.join()
    assert errors(cell) and errors(cell)[0].startswith("KeyboardInterrupt: check was interrupted")
    assert stopped_after < 8  # well before the check's own 10-second limit
    deadline = time.monotonic() + 10
    while grading_processes() - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not grading_processes() - before
    again = kernel.run('check(sigmoid, assignment="w2a1")')  # a new grading process, as good
    assert "2.5 / 2.5" in shown(again)


# -- bad input: one line, never a traceback of the grader -------------------------------------------

@pytest.mark.parametrize("call, expected", [
    ("check(len)", "len is a built-in function"),
    ("check(lambda x: x)", "was given a lambda"),
    ("check(Foo)", "Foo is a class"),
    ("check(3)", "it was given an int"),
    ('check("not_graded")', "not_graded is not a graded function of this course"),
    ('check("nothing_here")', "nothing_here is not defined here yet"),
    ('check(sigmoid, assignment="w4a1")', "sigmoid is not a graded function of w4a1 (it is a graded function of "
                                          "w2a1, w2a2)"),
    ('check(sigmoid, assignment="w9")', "unknown assignment 'w9'"),
    ("exec('def sigmoid(x):\\n    return x')\ncheck(sigmoid)", "was compiled from a string"),
    ('check("broken")', "broken is not defined here yet"),
])
def test_bad_input_is_one_clear_line(kernel, call, expected):
    kernel.run("import numpy as np\nfrom grader import check\nclass Foo: pass\n"
               "def not_graded():\n    return 1\n\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))")
    kernel.run("def broken(:\n    pass")  # does not compile: defines nothing
    cell = kernel.run(call)
    text = shown(cell)
    assert not errors(cell), errors(cell)
    assert expected in text, text
    assert "Traceback" not in text and len(text.strip().splitlines()) == 1


def test_check_of_a_name_in_two_assignments_asks_which(kernel):
    kernel.run("import numpy as np\nfrom grader import check\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))")
    cell = kernel.run("check(sigmoid)")
    assert 'belong to several assignments (w2a1, w2a2)' in shown(cell)
    assert 'assignment="w2a1"' in shown(cell)


def test_check_with_no_argument_checks_every_graded_function_defined(kernel):
    kernel.run("import numpy as np\nfrom grader import check")
    kernel.run("def initialize_with_zeros(dim):\n    return np.zeros((dim, 1)), 0.0")
    kernel.run("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))")
    cell = kernel.run("r = check()\nprint(r.assignment, r.functions, r.passed)")
    assert "w2a2 ['sigmoid', 'initialize_with_zeros'] True" in shown(cell)


def test_the_grader_is_not_loaded_into_the_learner_process(tmp_path):
    """`from grader import check` and the check cells are left out of a grading without a word."""
    from grader.load import reader

    nb = filled("w2a1")
    path = write(tmp_path, notebook_name("w2a1"), nb)
    submission = reader.load(path)
    text = json.dumps(submission.chunks)
    assert "from grader import check" not in text and 'check("' not in text
    assert not [n for n in submission.notes if "check" in n]


# -- a model: the early run first, then the training with a progress bar ----------------------------

@pytest.mark.slow
def test_a_model_check_runs_the_early_run_then_the_training_with_a_progress_bar(tmp_path, request):
    needs_cat_data("w4a2", request)
    nb = filled("w4a2")
    kernel = Kernel(tmp_path)
    try:
        for source in exercise_cells(nb):
            if "two_layer_model" in source and "def two_layer_model" in source:
                # One more statement, new at each run, so that no result of an earlier grading is reused.
                fresh = f"\n    fresh = {time.time_ns()}"
                source = source.replace("\n    np.random.seed(1)", fresh + "\n    np.random.seed(1)", 1)
                assert fresh in source
            if not source.startswith("check("):
                assert not errors(kernel.run(source))
        kernel.run("from grader.notebook import client\nseen = []\nshow = client.Progress.__call__\n"
                   "client.Progress.__call__ = lambda self, reply: (seen.append(reply), show(self, reply))[1]")
        cell = kernel.run('r = check("two_layer_model", assignment="w4a2")\n'
                          'print(r.passed, [t["outcome"] for t in r.results])\n'
                          'bars = [m for m in seen if m["op"] == "progress"]\n'
                          'print(len(bars), bars[0]["done"], bars[-1]["done"], bars[-1]["total"])\n'
                          'print([m["name"] for m in seen if m["op"] == "checked"])')
    finally:
        kernel.close()
    passed, counts, told = shown(cell).splitlines()[:3]
    assert passed.startswith("True") and "'failed'" not in passed
    progress_lines, first_done, last_done, total = map(int, counts.split())
    assert progress_lines >= 2 and first_done < last_done <= total
    told = eval(told)  # the verdicts, as they reached the kernel: the early run before the full training
    early = next(i for i, name in enumerate(told) if "first 100 iterations" in name)
    assert all(i > early for i, name in enumerate(told) if "2500 iterations" in name) and len(told) == 6


def test_from_grader_import_check_is_the_function_even_where_the_engine_is_imported():
    """The check model's package is grader.checking: no submodule can shadow the notebook's check."""
    __import__("grader.engine")  # imports grader.checking and the rest of the machinery
    from grader import check

    assert callable(check) and check.__module__ == "grader.notebook"


def test_a_kernel_where_the_grading_process_cannot_start_gets_one_line(kernel):
    kernel.run("import sys\nimport numpy as np\nfrom grader import check\n"
               "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n"
               "python, sys.executable = sys.executable, '/nonexistent/python'")
    cell = kernel.run('check(sigmoid, assignment="w2a1")')
    text = shown(cell)
    assert not errors(cell) and len(text.strip().splitlines()) == 1
    assert text.startswith("check cannot start the grading process (/nonexistent/python -m grader.notebook.server)")
    kernel.run("sys.executable = python")
    assert "2.5 / 2.5" in shown(kernel.run('check(sigmoid, assignment="w2a1")'))  # it starts once it can


# -- the learner edition ------------------------------------------------------------------------------

@pytest.mark.slow
def test_check_works_with_the_learner_edition_and_a_helper_it_cannot_replace_is_not_run(builtin_release, tmp_path):
    """The kernel imports the learner edition's solutions (stubs and recorded answers), as a learner who
    installed it does: the filled-in W3A1 notebook passes every check cell, but nn_model's accuracy,
    checked before predict is written (it runs predict on the trained parameters: the learner's own stands in
    where no answer is recorded, once it passed its checks), which says so and passes when checked again;
    then a broken backward_propagation fails its own check and leaves nn_model's "not run", never failed."""
    edition = builtin_release.out
    only_solutions = tmp_path / "path"  # the edition's solutions first; grader as installed, which the learner
    only_solutions.mkdir()  # processes import too (a grader under /tmp, as the edition is here, they cannot see)
    (only_solutions / "solutions").symlink_to(edition / "solutions")
    nb = filled("w3a1")
    kernel = Kernel(tmp_path, env={"PYTHONPATH": str(only_solutions), "NNDL_CACHE": str(tmp_path / "cache")})
    try:
        where = kernel.run("import grader, solutions\nprint(grader.__file__)\nprint(solutions.__file__)")
        shown_by = {}
        for source in exercise_cells(nb):
            cell = kernel.run(source)
            assert not errors(cell), (source, errors(cell))
            if source.startswith("check("):
                shown_by[source.split('"')[1]] = shown(cell)
        # predict comes after nn_model in the notebook: now it is written and checked, the accuracy is decided
        again = kernel.run('check("nn_model", assignment="w3a1")')
        backward = "".join(nb["cells"][graded_cells(nb)["backward_propagation"]]["source"])
        assert backward.count("dZ2 = A2 - Y") == 1
        kernel.run(backward.replace("dZ2 = A2 - Y", "dZ2 = Y - A2"))
        broken = kernel.run('r = check("backward_propagation", assignment="w3a1")\nprint(r.passed)\nr')
        model = kernel.run('r = check("nn_model", assignment="w3a1")\n'
                           'print(sorted({x["outcome"] for x in r.results}))\nr')
    finally:
        kernel.close()
    grader_file, solutions_file = shown(where).split()
    assert Path(solutions_file).resolve() == (edition / "solutions" / "__init__.py").resolve()
    assert not grader_file.startswith(str(edition))
    assert len(shown_by) == len(graded_cells(nb))
    for name, text in shown_by.items():
        if name != "nn_model":
            assert "passed" in text and "not passed" not in text, (name, text)
    # checked before predict is written: the accuracy, which runs predict on the trained parameters, waits for it
    assert "1 of 5 checks not run" in shown_by["nn_model"] and "not passed" not in shown_by["nn_model"]
    assert "write or fix predict (check it), then check this again" in shown_by["nn_model"]
    assert "6.5 / 6.5" in shown(again) and "not run" not in shown(again) and "not passed" not in shown(again)
    assert "False" in shown(broken) and "not passed" in shown(broken)
    text = shown(model)
    assert "'not_run'" in text and "'failed'" not in text and "'error'" not in text, text
    assert "the learner edition cannot decide this check" in text
    assert "fix backward_propagation first" in text

"""Notebooks are graded without being run: only their definitions reach the learner process.

The notebooks here are built in the course's format (markdown, an import cell with magics, cells
marked ``# GRADED FUNCTION: name`` with nbgrader metadata and ``### START CODE HERE ###``
markers, test cells, training and plotting cells), from our own text and the reference solutions
in ``solutions/`` (see ``grader/load/reader.py`` for the rules they exercise).
"""

import ast
import json
import re
import time

import nbformat
import pytest
from click.testing import CliRunner

from corpus import Bug, assert_blames_only
from grader.course import builtin as builtin_course
from grader import engine
from grader.load import reader
from grader.cli import main
from grader.authoring.generate import EXERCISES_DIR, solution_files

SOLUTIONS = {p.stem.split("_")[0]: p for p in solution_files()}


# -- building notebooks -----------------------------------------------------------------------------

def reference_functions(assignment_id):
    """name -> source of each function of the reference, with the course's code markers."""
    text = SOLUTIONS[assignment_id].read_text()
    functions = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef):
            source = ast.get_source_segment(text, node)
            source = source.replace("# BEGIN SOLUTION", "### START CODE HERE ###")
            functions[node.name] = source.replace("# END SOLUTION", "### END CODE HERE ###")
    return functions


def lines(text):
    """A cell's source as Jupyter saves it: a list of lines."""
    return text.splitlines(keepends=True)


def code(source, **metadata):
    return {"cell_type": "code", "execution_count": None, "metadata": metadata, "outputs": [],
            "source": lines(source)}


def markdown(text):
    return {"cell_type": "markdown", "metadata": {}, "source": lines(text)}


def solution_cell(source, grade_id):
    """A graded cell as the course has them: nbgrader 'solution' metadata, a random grade_id."""
    return code(source, deletable=False, nbgrader={
        "cell_type": "code", "checksum": "0" * 32, "grade": False, "grade_id": grade_id,
        "locked": False, "schema_version": 3, "solution": True, "task": False})


def check_cell(source, grade_id):
    return code(source, deletable=False, editable=False, nbgrader={
        "cell_type": "code", "checksum": "1" * 32, "grade": True, "grade_id": grade_id,
        "locked": True, "points": 10, "schema_version": 3, "solution": False, "task": False})


def notebook(cells, minor=4, **metadata):
    return {"cells": cells, "nbformat": 4, "nbformat_minor": minor, "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.7.6"}, **metadata}}


def write(tmp_path, name, nb):
    path = tmp_path / name
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False))
    return path


def exercise_notebook(assignment_id):
    """The generated exercise notebook (stubs), as a plain dict."""
    path = EXERCISES_DIR / f"{SOLUTIONS[assignment_id].stem}.ipynb"
    return json.loads(path.read_text())


def graded_cells(nb):
    """function name -> index (0-based) of its graded cell in a generated exercise notebook."""
    return {cell["metadata"]["nbgrader"]["grade_id"]: i for i, cell in enumerate(nb["cells"])
            if "nbgrader" in cell.get("metadata", {})}


def filled(assignment_id, replace=None):
    """The exercise notebook with each graded cell holding the reference's function.

    ``replace``: {function: (old, new)}, a text change in that function (a bug).
    """
    nb = exercise_notebook(assignment_id)
    functions = reference_functions(assignment_id)
    for name, index in graded_cells(nb).items():
        source = functions[name]
        if replace and name in replace:
            old, new = replace[name]
            assert source.count(old) == 1, f"{old!r} is not in {name} exactly once"
            source = source.replace(old, new)
        nb["cells"][index]["source"] = lines(f"# GRADED FUNCTION: {name}\n\n{source}")
    return nb


def notebook_name(assignment_id):
    return f"{SOLUTIONS[assignment_id].stem}.ipynb"


def needs_cat_data(assignment_id, request):
    if any(c.needs_data for c in builtin_course().assignment(assignment_id).checks):
        request.getfixturevalue("cat_data")  # skips, with the reason, when the data is absent


def failures(report):
    return [(r.check.name, r.outcome, r.output) for r in report.results if r.outcome != "passed"]


def shown(path, number):
    """The name the grader gives the notebook's cell ``number`` (1-based, markdown included): the
    notebook, then the cell as Jupyter shows it (its execution count, its first line)."""
    cell = json.loads(path.read_text())["cells"][number - 1]
    return f"{path.name}, {reader.cell_name(''.join(cell['source']), cell.get('execution_count'))}"


# -- (1) the exercise notebooks, filled in with the reference, get full marks -----------------------

@pytest.mark.parametrize("assignment_id", ["w2a1", "w2a2", "w3a1", "w4a1",
                                           pytest.param("w4a2", marks=pytest.mark.slow)])
def test_the_exercise_notebook_filled_in_gets_full_marks(assignment_id, tmp_path, request):
    needs_cat_data(assignment_id, request)
    if assignment_id == "w3a1":
        submission, report = request.getfixturevalue("week3")["exercise"]
    else:
        submission = reader.load(write(tmp_path, notebook_name(assignment_id), filled(assignment_id)))
        report = engine.grade_submission(submission, assignment_id)
    assert set(builtin_course().assignment(assignment_id).functions) <= set(submission.graded)
    assert not failures(report)
    assert report.score == report.max_score > 0
    # Only the plotting cell's import may fail here (matplotlib is not installed with the grader).
    unexpected = [n for n in report.notes if ("Error" in n and "No module named 'matplotlib'" not in n)
                  or "is defined in" in n or "marked as the graded function" in n]
    assert not unexpected, report.notes


# -- (2) a bug in one function fails that function only ---------------------------------------------

BUGS = {
    "w2a1": Bug("softmax", "softmax-sums-everything", (("s = x_exp / x_sum", "s = x_exp / np.sum(x_exp)"),)),
    "w2a2": Bug("propagate", "db-not-averaged", (("db = 1 / m * np.sum(A - Y)", "db = np.sum(A - Y)"),)),
    "w3a1": Bug("forward_propagation", "sigmoid-hidden-layer", (("A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)"),)),
    "w4a1": Bug("linear_forward", "no-bias", (("Z = np.dot(W, A) + b", "Z = np.dot(W, A)"),)),
    "w4a2": Bug("L_layer_model", "costs-every-iteration",
                (("        if i % 100 == 0:\n            costs", "        if True:\n            costs"),)),
}


@pytest.mark.parametrize("assignment_id", ["w2a1", "w2a2", "w3a1", "w4a1",
                                           pytest.param("w4a2", marks=pytest.mark.slow)])
def test_a_bug_in_one_graded_cell_fails_only_that_function(assignment_id, tmp_path, request):
    bug = BUGS[assignment_id]
    spec = builtin_course().assignment(assignment_id)
    only = None
    if assignment_id != "w4a2":
        # The functions that train for long are graded in the full-marks test above.
        long = {c.function for c in spec.checks if c.long}
        only = [f for f in spec.functions if f not in long]
    else:
        needs_cat_data(assignment_id, request)
    path = write(tmp_path, notebook_name(assignment_id), filled(assignment_id, {bug.function: bug.replacements[0]}))
    report = engine.grade(path, assignment_id, only=only)
    assert_blames_only(report, bug)


# -- (3) a notebook as learners complete it: only the definitions run --------------------------------

def course_style_w3a1(tmp_path):
    """A week-3 notebook in the course's layout, completed, with every kind of cell that must not run."""
    ref = reference_functions("w3a1")
    ran = tmp_path / "this_cell_ran.txt"
    shell_ran = tmp_path / "shell_cell_ran.txt"
    # A helper of the learner's own, in an untagged cell, used by a graded function.
    backward = ref["backward_propagation"].replace("(1 - np.power(A1, 2))", "tanh_derivative(A1)")
    assert backward != ref["backward_propagation"]
    marks = {  # the spellings of the mark found in learners' notebooks
        "layer_sizes": "# GRADED FUNCTION: layer_sizes\n\n",
        "initialize_parameters": "#GRADED FUNCTION:initialize_parameters\n",
        "forward_propagation": "# GRADED FUNCTION: forward_propagation\n\n",
        "compute_cost": "# Graded Function : compute_cost\n\n",
        "backward_propagation": "#  GRADED FUNCTION:  backward_propagation\n\n",
        "update_parameters": "# GRADED FUNCTION: update_parameters\n\n",
        "nn_model": "# GRADED FUNCTION: nn_model\n\n",
        "predict": "# GRADED FUNCTION: predict\n\n",
    }
    sources = dict(ref, backward_propagation=backward)
    # A learner left a quick check under the function, in the graded cell itself.
    sources["predict"] += ("\n\nparameters, t_X = predict_test_case()\n"
                           "predictions = predict(parameters, t_X)\n"
                           "print(\"predictions mean = \" + str(np.mean(predictions)))\n")
    cells = [
        markdown("# Planar data classification with one hidden layer\n\n"
                 "Build a network with one hidden layer and train it on a flower-shaped data set."),
        code("### v1.2", deletable=False, editable=False),
        markdown("## 1 - Packages"),
        code("# Package imports\n"
             "import numpy as np\n"
             "import copy\n"
             "import matplotlib.pyplot as plt\n"
             "from testCases_v2 import *\n"
             "from public_tests import *\n"
             "import sklearn\n"
             "import sklearn.linear_model\n"
             "from planar_utils import plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets\n"
             "\n"
             "%matplotlib inline\n"
             "%load_ext autoreload\n"
             "%autoreload 2\n"
             "\n"
             "np.random.seed(1)  # the same random numbers for everyone"),
        code("!pip install some-package-the-grader-must-not-install"),
        code("%%capture\n!pip install another-package"),
        markdown("## 2 - Dataset"),
        code("X, Y = load_planar_dataset()"),
        code("plt.scatter(X[0, :], X[1, :], c=Y, s=40, cmap=plt.cm.Spectral)\nplt.show()"),
        code("name = input(\"Your name, please: \")\nprint(\"Hello\", name)"),
        code(f"with open({str(ran)!r}, \"w\") as f:\n    f.write(\"a cell that only runs code was run\")"),
        code(f"%%bash\necho ran > {shell_ran}"),
        code("np.exp?"),
        code("shape_X = X.shape\nm = X.shape[1]  # training set size\nprint('I have m = %d training examples!' % (m))"),
        markdown("## 3 - Neural network model"),
        code("def tanh_derivative(A):\n    \"\"\"The slope of tanh, from its output.\"\"\"\n    return 1 - np.power(A, 2)"),
    ]
    graded_at = {}
    for number, name in enumerate(builtin_course().assignment("w3a1").functions, start=1):
        cells.append(markdown(f"### Exercise {number} - {name}\n\nImplement `{name}`."))
        graded_at[name] = len(cells) + 1  # 1-based cell number
        cells.append(solution_cell(marks[name] + sources[name], f"cell-{number:016x}"))
        cells.append(check_cell(f"{name}_test({name})", f"cell-test-{number:011x}"))
    cells += [
        markdown("## 4 - Train on the flower"),
        code("parameters = nn_model(X, Y, n_h=4, num_iterations=10**9, print_cost=True)"),
        code("display(parameters)"),
        code("plot_decision_boundary(lambda x: predict(parameters, x.T), X, Y)\n"
             "plt.title(\"Decision Boundary for hidden layer size \" + str(4))"),
        code("for n_h in [1, 2, 3, 4, 5, 20, 50]:\n"
             "    parameters = nn_model(X, Y, n_h, num_iterations=5000)\n"
             "    predictions = predict(parameters, X)"),
    ]
    nb = notebook(cells, minor=4, coursera={"course_slug": "neural-networks-deep-learning"})
    return write(tmp_path, "Planar_data_classification_with_one_hidden_layer.ipynb", nb), graded_at, ran, shell_ran


@pytest.fixture(scope="module")
def week3(tmp_path_factory):
    """The week-3 exercise notebook filled in, and a course-style week-3 notebook, graded together.

    One pool for both, so that their two nn_model trainings (the longest checks) run side by side.
    """
    folder = tmp_path_factory.mktemp("week3")
    exercise = reader.load(write(folder, notebook_name("w3a1"), filled("w3a1")))
    path, graded_at, ran, shell_ran = course_style_w3a1(folder)
    start = time.perf_counter()
    course = reader.load(path)
    exercise_report, course_report = engine.grade_many([(exercise, "w3a1"), (course, "w3a1")], jobs=4)
    seconds = time.perf_counter() - start
    return {"exercise": (exercise, exercise_report),
            "course": (path, graded_at, ran, shell_ran, course, course_report, seconds)}


def test_a_course_style_notebook_grades_without_running_its_other_cells(week3):
    path, graded_at, ran, shell_ran, submission, report, seconds = week3["course"]
    assert not failures(report)
    assert report.score == report.max_score
    # 10**9 training iterations, input(), a file written, pip: none of it ran.
    assert seconds < 300
    assert not ran.exists() and not shell_ran.exists()
    assert set(submission.graded) == set(builtin_course().assignment("w3a1").functions)
    names = [filename for filename, _ in submission.chunks]
    assert f'{path.name}, cell "# Package imports"' == shown(path, 4) and shown(path, 4) in names  # the imports
    assert f'{path.name}, cell "def tanh_derivative(A):"' == shown(path, 16) in names  # the learner's helper
    assert all(shown(path, n) in names for n in graded_at.values())
    notes = "\n".join(report.notes)
    assert f"{shown(path, 4)}, line 8: ModuleNotFoundError: No module named 'sklearn'" in notes
    summary = next(n for n in report.notes if "did not run the other code of" in n)
    for cell in (4, 5, 6, 8, 9):  # the first five of ten, as Jupyter shows them
        assert shown(path, cell).split(", ", 1)[1] in summary, (cell, summary)
    assert re.search(r"and \d+ more \(tests, training", summary) and "cell 1" not in summary
    # The quick check left in the predict cell is not run either, and is named line by line.
    assert re.search(rf"{re.escape(shown(path, graded_at['predict']))}, line \d+: not run by the grader: "
                     rf"predictions = predict\(parameters, t_X\)", notes)


def test_the_course_style_notebook_is_detected_as_week_3(tmp_path):
    path, *_ = course_style_w3a1(tmp_path)
    result = CliRunner().invoke(main, [str(path), "--only", "layer_sizes", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["assignment"] == "w3a1"


# -- (4) errors point at the cell and the line within it --------------------------------------------

def test_an_error_is_reported_at_its_cell_and_line(tmp_path):
    nb = filled("w2a1")
    at = graded_cells(nb)["sigmoid"]
    nb["cells"][at]["source"] = lines("# GRADED FUNCTION: sigmoid\n"
                                      "def sigmoid(x):\n"
                                      "    s = 1 / (1 + exp_minus(x))\n"
                                      "    return s\n")
    # A helper in a cell of its own, further up, where the error happens.
    nb["cells"].insert(at, code("import numpy as np\n\ndef exp_minus(x):\n    return np.exp(-x) * scale"))
    path = write(tmp_path, "w2a1_mine.ipynb", nb)
    report = engine.grade(path, "w2a1", only=["sigmoid"])
    output = report.results[0].output
    assert report.results[0].outcome == "error"
    assert "NameError: name 'scale' is not defined" in output
    assert '  w2a1_mine.ipynb, cell "# GRADED FUNCTION: sigmoid", line 3, in sigmoid' in output
    assert "s = 1 / (1 + exp_minus(x))" in output
    assert f"  {shown(path, at + 1)}, line 4, in exp_minus" in output
    assert "[cell" not in output and 'File "' not in output


def test_a_syntax_error_in_one_cell_hides_nothing_else(tmp_path):
    nb = filled("w2a1")
    cells = graded_cells(nb)
    nb["cells"].insert(2, code("print \"Hello World\"  # Python 2"))
    at = cells["L2"] + 1  # shifted by the insert
    nb["cells"][at]["source"] = lines("%time\n# GRADED FUNCTION: L2\ndef L2(yhat, y):\n"
                                      "    loss = np.sum((y - yhat) ** 2\n    return loss\n")
    path = write(tmp_path, "w2a1_typo.ipynb", nb)
    report = engine.grade(path, "w2a1")
    outcomes = {r.check.function: r.outcome for r in report.results}
    assert outcomes.pop("L2") == "error"  # never "missing": the learner wrote it
    assert set(outcomes.values()) == {"passed"}
    l2 = next(r for r in report.results if r.check.function == "L2")
    assert l2.output.startswith(f"syntax error at line 4 of {shown(path, at + 1)} (SyntaxError: '(' was never "
                                f"closed): L2 could not be loaded")
    assert shown(path, at + 1) == 'w2a1_typo.ipynb, cell "%time"'
    notes = "\n".join(report.notes)
    assert f"{shown(path, 3)}, line 1: SyntaxError: Missing parentheses in call to 'print'" in notes
    # The real error, not the magic on line 1 (which Python cannot read either).
    assert (f"{shown(path, at + 1)}, line 4: SyntaxError: '(' was never closed; "
            f"this code was not loaded") in notes
    assert "marked as the graded function" not in notes


# -- (5) a function defined twice: the later cell wins ----------------------------------------------

@pytest.mark.parametrize("wrong_first", [True, False])
def test_the_later_of_two_definitions_is_graded_and_a_note_says_so(tmp_path, wrong_first):
    nb = filled("w2a1")
    at = graded_cells(nb)["sigmoid"]
    wrong = code("def sigmoid(x):\n    return x  # a first try\n")
    if wrong_first:
        nb["cells"].insert(at, wrong)
        cells = (at + 1, at + 2)
    else:
        nb["cells"].insert(at + 1, wrong)
        cells = (at + 1, at + 2)
    path = write(tmp_path, "w2a1_twice.ipynb", nb)
    report = engine.grade(path, "w2a1", only=["sigmoid"])
    assert {r.outcome for r in report.results} == ({"passed"} if wrong_first else {"failed"})
    first, last = (shown(path, n).split(", ", 1)[1] for n in cells)
    assert (f"sigmoid is defined in {first} and {last}; the grader uses {last}, "
            f"the last one (as when the notebook runs from top to bottom)") in report.notes


# -- (6) files that are not notebooks; notebooks with nothing to grade ------------------------------

@pytest.mark.parametrize("content, reason", [
    ('{"cells": [', "its JSON is broken at line 1, column 12 (Expecting value)"),
    ("def sigmoid(x):\n    return x\n", "its JSON is broken at line 1, column 1 (Expecting value)"),
    ('[1, 2, 3]', "it is JSON, but without the 'nbformat' version every Jupyter notebook has"),
    ('{"name": "sigmoid"}', "it is JSON, but without the 'nbformat' version every Jupyter notebook has"),
    ('{"nbformat": 5, "cells": []}', "unsupported nbformat version 5 (supported: 1, 2, 3, 4)"),
    ('{"nbformat": 4, "nbformat_minor": 4, "metadata": {}}', "The notebook is invalid and is missing an expected key: cells"),
    ("", "the file is empty (was it saved?)"),
])
def test_a_file_that_is_not_a_notebook_is_a_one_line_submission_error(tmp_path, content, reason):
    path = tmp_path / "w2a1.ipynb"
    path.write_text(content)
    with pytest.raises(reader.SubmissionError) as error:
        reader.load(path)
    reason = f"cannot read w2a1.ipynb as a notebook: {reason}"
    assert str(error.value) == reason
    assert "\n" not in str(error.value)
    result = CliRunner().invoke(main, [str(path)])
    assert result.exit_code == 2 and reason in result.output and "Traceback" not in result.output


def test_a_binary_file_is_not_a_notebook(tmp_path):
    path = tmp_path / "w2a1.ipynb"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(reader.SubmissionError, match="^cannot read w2a1.ipynb as a notebook: it is not UTF-8 text$"):
        reader.load(path)


@pytest.mark.parametrize("cells, note", [
    ([], "w2a1.ipynb has no code cells: there is nothing to grade"),
    ([markdown("# Only words")], "w2a1.ipynb has no code cells: there is nothing to grade"),
    ([code("import numpy as np"), code("x = np.array([1, 2, 3])\nprint(x)")],
     "w2a1.ipynb defines no functions: no code cell has a 'def'; was the notebook saved"),
    ([solution_cell("# GRADED FUNCTION: sigmoid\n\n# YOUR CODE STARTS HERE\n", "cell-aaa")],
     "w2a1.ipynb defines no functions: no code cell has a 'def' (the cells marked as graded have none)"),
])
def test_a_notebook_without_functions_says_so_and_every_function_is_missing(tmp_path, cells, note):
    path = write(tmp_path, "w2a1.ipynb", notebook(cells))
    report = engine.grade(path, "w2a1")
    assert {r.outcome for r in report.results} == {"missing"}
    assert any(n.startswith(note) for n in report.notes), report.notes


def test_numpy_imported_in_an_example_cell_below_the_first_graded_cell_is_available(tmp_path):
    # As in the course's week-2 notebook: the first graded cell imports math and the tests; numpy
    # is first imported by an example cell further down, with code the grader must not run.
    functions = reference_functions("w2a1")
    cells = [markdown("# Python Basics with Numpy"), code("### v1.2", deletable=False, editable=False),
             solution_cell("test = \"Hello World\"", "cell-edef848c738402d1"), code("print(\"test: \" + test)")]
    for number, name in enumerate(builtin_course().assignment("w2a1").functions):
        header = "import math\nfrom public_tests import *\n\n" if number == 0 else ""
        cells.append(solution_cell(f"{header}# GRADED FUNCTION: {name}\n\n{functions[name]}", f"cell-{number:016x}"))
        cells.append(check_cell(f"{name}_test({name})", f"cell-{number + 100:016x}"))
        if number == 0:
            cells.append(code("import numpy as np\n\n# example of np.exp\nt_x = np.array([1, 2, 3])\nprint(np.exp(t_x))"))
    path = write(tmp_path, "Python_Basics_with_Numpy.ipynb", notebook(cells))
    report = engine.grade(path, "w2a1")
    assert not failures(report)
    assert not [n for n in report.notes if "Error" in n], report.notes


# -- (7) older notebooks ----------------------------------------------------------------------------

def test_a_version_3_notebook_is_converted_and_graded(tmp_path):
    v3 = nbformat.v3
    functions = reference_functions("w2a1")
    cells = [v3.new_heading_cell("Python Basics with Numpy", level=1),
             v3.new_code_cell(input="import math\nimport numpy as np\n%matplotlib inline"),
             v3.new_text_cell("markdown", source="Write each function, then run the test under it.")]
    for name in builtin_course().assignment("w2a1").functions:
        cells.append(v3.new_code_cell(input=f"# GRADED FUNCTION: {name}\n\n{functions[name]}"))
        cells.append(v3.new_code_cell(input=f"print({name})"))
    nb = v3.new_notebook(worksheets=[v3.new_worksheet(cells=cells)], metadata=v3.new_metadata(name="basics"))
    path = tmp_path / "Python_Basics_With_Numpy_v3a.ipynb"
    path.write_text(v3.writes_json(nb))
    assert json.loads(path.read_text())["nbformat"] == 3
    submission = reader.load(path)
    assert [f for f, _ in submission.chunks][:2] == [f'{path.name}, cell "import math"',
                                                     f'{path.name}, cell "# GRADED FUNCTION: basic_sigmoid"']
    report = engine.grade_submission(submission, "w2a1")
    assert not failures(report)


def test_an_old_version_4_notebook_without_cell_ids_and_with_old_metadata(tmp_path):
    functions = reference_functions("w4a1")
    cells = [code("import numpy as np\nfrom testCases_v4a import *\nfrom dnn_utils_v2 import sigmoid, sigmoid_backward, relu, relu_backward\n"
                  "%matplotlib inline\n%load_ext autoreload\n%autoreload 2\nnp.random.seed(1)", collapsed=True)]
    for name in ["linear_forward", "linear_activation_forward"]:
        cells.append(code(f"# GRADED FUNCTION: {name}\n\n{functions[name]}", collapsed=False))
        cells.append(code(f"A, W, b = {name}_test_case()\nZ, linear_cache = {name}(A, W, b)", scrolled=True))
    path = write(tmp_path, "Building_your_Deep_Neural_Network_Step_by_Step_v8a.ipynb", notebook(cells, minor=2))
    report = engine.grade(path, "w4a1", only=["linear_forward", "linear_activation_forward"])
    assert not failures(report)


# -- the loader's rules, one at a time --------------------------------------------------------------

def load_cells(tmp_path, *sources, name="nb.ipynb"):
    return reader.load(write(tmp_path, name, notebook([markdown("# Title")] + [
        c if isinstance(c, dict) else code(c) for c in sources])))


@pytest.mark.parametrize("mark", [
    "# GRADED FUNCTION: sigmoid", "#GRADED FUNCTION:sigmoid", "# Graded Function: sigmoid",
    "# graded function : sigmoid", "#  GRADED  FUNCTION:  sigmoid", "# GRADED FUNCTION: [sigmoid]",
    "# UNQ_C1 GRADED FUNCTION: sigmoid", "# GRADED FUNCTION: sigmoid  ",
])
def test_the_graded_mark_is_found_in_its_spellings(tmp_path, mark):
    submission = load_cells(tmp_path, f"import numpy as np\n\n{mark}\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))")
    assert submission.graded == ["sigmoid"] and submission.defined == ["sigmoid"]


@pytest.mark.parametrize("comment", ["# This graded function: see below", "# not a graded function",
                                     "# GRADED FUNCTION: sigmoid and relu"])
def test_other_comments_are_not_graded_marks(tmp_path, comment):
    submission = load_cells(tmp_path, f"{comment}\ndef f(z):\n    return z")
    assert submission.graded == [] and not [n for n in submission.notes if "marked" in n]


def test_a_marked_cell_that_defines_another_name_gets_a_note(tmp_path):
    cell = solution_cell("# GRADED FUNCTION: sigmoid\ndef sigmoid_v2(z):\n    return z", "sigmoid")
    submission = load_cells(tmp_path, cell)
    assert submission.graded == ["sigmoid"]
    assert ('nb.ipynb, cell "# GRADED FUNCTION: sigmoid": this cell is marked as the graded function sigmoid, '
            "but it does not define sigmoid (it defines sigmoid_v2)") in submission.notes


def test_the_nbgrader_grade_id_names_a_graded_function_only_when_the_cell_defines_it(tmp_path):
    submission = load_cells(
        tmp_path,
        solution_cell("def sigmoid(z):\n    return z", "sigmoid"),  # our notebooks, the mark deleted
        check_cell("assert sigmoid(0) == 0", "test_sigmoid"),  # a test cell, in another course's style
        solution_cell("def relu(z):\n    return z", "cell-4c5ca880d9cf9642"),  # the course's ids
    )
    assert submission.graded == ["sigmoid"]
    assert submission.defined == ["sigmoid", "relu"]
    assert not [n for n in submission.notes if "marked" in n]


def test_cells_are_named_as_jupyter_shows_them_and_keep_their_lines(tmp_path):
    source = "%matplotlib inline\nimport numpy as np\n\ndef f(x):\n    return x\n\nprint(f(1))\nf(2)"
    submission = load_cells(tmp_path, "x = 1", markdown("text"), source)
    (first, _), (name, text) = submission.chunks
    assert first == 'nb.ipynb, cell "x = 1"' and name == 'nb.ipynb, cell "%matplotlib inline"'
    assert text.split("\n") == ["", "import numpy as np", "", "def f(x):", "    return x", "", "", ""]
    assert 'nb.ipynb, cell "%matplotlib inline", line 1: not run by the grader: %matplotlib inline' in submission.notes
    assert 'nb.ipynb, cell "%matplotlib inline", line 7: not run by the grader: print(f(1))' in submission.notes


def test_a_cell_that_ran_is_named_by_its_execution_count_and_never_by_a_count_with_markdown(tmp_path):
    ran = dict(code("\n\n# GRADED FUNCTION: f\ndef f(x):\n    return x + 1\n" + "y" * 60), execution_count=12)
    submission = load_cells(tmp_path, markdown("words"), ran, code("def g(x):\n    return x"),
                            code("def g(x):\n    return x"))
    names = [name for name, _ in submission.chunks]
    assert names == ['nb.ipynb, cell [12] "# GRADED FUNCTION: f"', 'nb.ipynb, cell "def g(x):"',
                     'nb.ipynb, cell "def g(x):" (2nd)']
    assert reader.cell_name("z = 1 + " + "2" * 60, 3) == 'cell [3] "z = 1 + ' + "2" * 31 + '…"'


@pytest.mark.parametrize("cell", [
    "%%bash\necho hello\ndef f():\n    pass",
    "%%writefile helper.py\ndef f():\n    pass",
    "%%html\n<b>def f():</b>",
])
def test_a_cell_magic_that_is_not_python_is_left_out(tmp_path, cell):
    submission = load_cells(tmp_path, "import numpy as np", cell)
    assert [f for f, _ in submission.chunks] == ['nb.ipynb, cell "import numpy as np"']
    first = cell.split("\n")[0]
    assert any(f'did not run the other code of cell "{first}" ' in n for n in submission.notes), submission.notes


def test_ipython_syntax_is_not_run_and_python_around_it_is_kept(tmp_path):
    cell = ("%%capture\n"
            "!pip install numpy\n"
            "files = !ls\n"
            "np.exp?\n"
            "?np.exp\n"
            "import numpy as np\n"
            "message = ('%d %%'\n"
            "           % 3)\n"
            "def f(x):\n"
            "    %time y = x\n"
            "    return x + 1\n")
    submission = load_cells(tmp_path, cell)
    (name, text), = submission.chunks
    assert text.split("\n")[5:11] == ["import numpy as np", "", "", "def f(x):", "    pass", "    return x + 1"]
    assert submission.defined == ["f"]
    left_out = [n.split(": not run by the grader: ")[1] for n in submission.notes if "not run by" in n]
    assert left_out == ["%%capture", "!pip install numpy", "files = !ls", "np.exp?", "?np.exp",
                        "message = ('%d %%'", "%time y = x"]


def test_statements_sharing_a_line_and_indented_magics(tmp_path):
    submission = load_cells(tmp_path, "  %matplotlib inline\nimport numpy as np; np.random.seed(1)\n"
                                      "def f(x):\n    return x")
    (_, text), = submission.chunks
    assert text.split("\n")[:2] == ["", "import numpy as np; pass"]
    assert submission.defined == ["f"]
    assert ('nb.ipynb, cell "%matplotlib inline", line 2: not run by the grader: import numpy as np; '
            'np.random.seed(1)') in submission.notes


def test_only_plain_constants_are_kept_and_they_may_name_earlier_constants(tmp_path):
    submission = load_cells(
        tmp_path,
        "n_x = 12288\nn_h = 7\nn_y = 1\nlearning_rate = 0.0075\nshape: tuple = (64, 64, 3)",
        "layers_dims = (n_x, n_h, n_y)\nsizes = [n_x, 20, 7, 5, -1]\nsteps = 10**9\nnum_px = train_x.shape[1]",
        "cache = {}\ncache['a'] = 1\nnames = {'W1': n_x}",
    )
    kept = "\n".join(text for _, text in submission.chunks)
    for line in ["n_x = 12288", "learning_rate = 0.0075", "shape: tuple = (64, 64, 3)", "layers_dims = (n_x, n_h, n_y)",
                 "sizes = [n_x, 20, 7, 5, -1]", "cache = {}", "names = {'W1': n_x}"]:
        assert line in kept
    for line in ["steps = 10**9", "num_px", "cache['a'] = 1"]:
        assert line not in kept


def test_a_cell_that_does_not_parse_runs_none_of_it_and_its_functions_are_known(tmp_path):
    # As in Jupyter, none of the cell runs; a tolerant scan finds what it defines ("syntax error", not "missing").
    cell = "import numpy as np\n%matplotlib inline\n\ndef good(x):\n    return x\n\ndef broken(x):\n    return [x\n"
    submission = load_cells(tmp_path, "def other(x):\n    return x", cell)
    assert submission.defined == ["other", "good", "broken"]
    assert [name for name, _ in submission.chunks] == ['nb.ipynb, cell "def other(x):"']
    assert ('nb.ipynb, cell "import numpy as np", line 8: SyntaxError: \'[\' was never closed; this code was not '
            'loaded: lines 1-8 (def good, def broken); as in Jupyter, none of the cell runs') in submission.notes
    assert {name: (u.reason, u.line) for name, u in submission.unloaded.items()} == {
        "good": ("syntax_error", 8), "broken": ("syntax_error", 8)}


def test_a_notebook_whose_only_functions_do_not_parse_says_so(tmp_path):
    submission = load_cells(tmp_path, "def f(x)\n    return x")
    assert ('nb.ipynb: no function could be read: the code of cell "def f(x)" does not parse (see the SyntaxError)'
            in submission.notes)


def test_a_python_file_with_a_syntax_error_loses_only_the_function_it_touches(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text((SOLUTIONS["w2a1"]).read_text().replace("def L1(yhat, y):", "def L1(yhat, y)"))
    report = engine.grade(path, "w2a1")
    outcomes = {r.check.function: r.outcome for r in report.results}
    assert outcomes.pop("L1") == "error" and set(outcomes.values()) == {"passed"}
    line = path.read_text().split("\n").index("def L1(yhat, y)") + 1
    l1 = next(r for r in report.results if r.check.function == "L1")
    assert l1.output.startswith(f"syntax error at line {line} of {path} (SyntaxError: expected ':'): "
                                f"L1 could not be loaded")
    assert any(n.startswith(f"{path}, line {line}: SyntaxError: expected ':'; this code was not loaded: lines "
                            f"{line}-") and n.endswith("(def L1); the rest of the file was") for n in report.notes), \
        report.notes
    assert report.syntax_errors == [f"{path}, line {line}"]
    assert not [n for n in report.notes if "defines no functions" in n]


def test_a_python_file_defining_a_function_twice_says_which_is_used(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("def f(x):\n    return 1\n\n\ndef f(x):\n    return 2\n")
    assert "f is defined at line 1 and line 5; the grader uses line 5, the last one" in reader.load(path).notes


def test_a_notebook_with_a_cell_missing_its_metadata_is_still_read(tmp_path):
    nb = notebook([code("def f(x):\n    return x")])
    del nb["cells"][0]["metadata"]
    submission = reader.load(write(tmp_path, "nb.ipynb", nb))
    assert submission.defined == ["f"]


def test_the_notebook_metadata_is_kept_for_the_assignment_detection(tmp_path):
    submission = reader.load(EXERCISES_DIR / notebook_name("w4a1"))
    assert submission.metadata["nndl_grader"]["assignment"] == "w4a1"
    from_py = reader.load(SOLUTIONS["w4a1"])
    assert from_py.metadata == {} and from_py.graded == list(builtin_course().assignment("w4a1").functions)


@pytest.mark.parametrize("assignment_id", SOLUTIONS)
def test_the_check_cells_of_an_exercise_notebook_are_left_out_of_grading_without_a_note(assignment_id):
    # The generated notebooks have `from grader import check` and a `check("name", ...)` cell per exercise.
    path = EXERCISES_DIR / notebook_name(assignment_id)
    cells = ["".join(c["source"]) for c in exercise_notebook(assignment_id)["cells"] if c["cell_type"] == "code"]
    functions = builtin_course().assignment(assignment_id).functions
    assert "from grader import check" in cells
    assert len([c for c in cells if re.match(r'check\("\w+", assignment="\w+"\)$', c)]) == len(functions)
    submission = reader.load(path)
    assert submission.graded == list(functions)
    assert not [n for n in submission.notes if "check(" in n or "from grader" in n], submission.notes
    for _, source in submission.chunks:
        assert not re.search(r"^check\(|^from grader import check", source, re.MULTILINE)


def test_imports_of_the_grader_are_left_out_without_a_note(tmp_path):
    # The W4A2 notebook ends with `from grader import try_image`: the learner's process refuses the
    # grader, and the cell only uses it outside the graded functions.
    nb = notebook([code("import numpy as np\nfrom grader import try_image\nimport grader.tryimage as t\n\n"
                        "def f(x):\n    return np.sum(x)\n\ntry_image('cat.jpg')")])
    submission = reader.load(write(tmp_path, "nb.ipynb", nb))
    (_, source), = submission.chunks
    assert "grader" not in source and "import numpy as np" in source and "def f(x):" in source
    assert submission.defined == ["f"]
    assert not [n for n in submission.notes if "grader" in n and "not run" not in n], submission.notes
    assert not [n for n in submission.notes if "import grader" in n or "from grader" in n], submission.notes


def test_the_loader_says_where_the_code_does_not_parse(tmp_path):
    # The places the grading report and grade batch show ("syntax error at ..."), as the learner process reports them.
    nb = notebook([markdown("# Title"), code("def f(x):\n    return x"), code("def g(x)\n    return x")])
    submission = reader.load(write(tmp_path, "nb.ipynb", nb))
    assert submission.syntax_errors == ['nb.ipynb, cell "def g(x)", line 1']
    path = tmp_path / "mine.py"
    path.write_text("def f(x):\n    return x\n\n\ndef g(x)\n    return x\n")
    assert reader.load(path).syntax_errors == [f"{path}, line 5"]
    path.write_text("def f(x):\n    return x\n")
    assert reader.load(path).syntax_errors == []

"""exercises/ is generated from solutions/, stays in step with it, and every stub is a real stub."""

import ast
import re
import textwrap

import nbformat
import pytest

from grader.authoring import generate as gen

ASSIGNMENTS = ["w2a1", "w2a2", "w3a1", "w4a1", "w4a2"]


def graded_functions(source):
    """Names of the functions announced by '# GRADED FUNCTION: name' in ``source``."""
    return [m["name"] for line in source.splitlines() if (m := gen.GRADED.match(line))]


def raises_not_implemented(function):
    return any(
        isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and getattr(node.exc.func, "id", None) == "NotImplementedError"
        for node in ast.walk(function)
    )


def test_every_assignment_has_a_solution_file():
    assert sorted(gen.assignment_id(p) for p in gen.solution_files()) == ASSIGNMENTS


def test_exercises_are_up_to_date_with_solutions():
    stale = gen.generate(check=True)
    assert not stale, f"run `grade generate`: out of date: {[str(p) for p in stale]}"


@pytest.mark.parametrize("solution", gen.solution_files(), ids=lambda p: p.stem)
def test_every_graded_function_of_the_py_stub_raises_not_implemented(solution):
    stub = (gen.EXERCISES_DIR / solution.name).read_text()
    names = graded_functions(solution.read_text())
    assert names, f"{solution.name} declares no graded function"
    assert graded_functions(stub) == names
    defs = {node.name: node for node in ast.parse(stub).body if isinstance(node, ast.FunctionDef)}
    for name in names:
        assert raises_not_implemented(defs[name]), f"{name} stub does not raise NotImplementedError"
        assert "BEGIN SOLUTION" not in ast.get_source_segment(stub, defs[name])


@pytest.mark.parametrize("solution", gen.solution_files(), ids=lambda p: p.stem)
def test_notebook_is_valid_nbformat_4_with_one_graded_cell_per_function(solution):
    path = gen.EXERCISES_DIR / f"{solution.stem}.ipynb"
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata["nndl_grader"]["assignment"] == gen.assignment_id(solution)
    graded = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("# GRADED FUNCTION:")]
    assert [graded_functions(c.source)[0] for c in graded] == graded_functions(solution.read_text())
    for cell in graded:
        name = graded_functions(cell.source)[0]
        assert cell.metadata["nbgrader"]["grade_id"] == name
        function = ast.parse(cell.source).body[0]
        assert raises_not_implemented(function), f"{name} notebook stub does not raise"
    assert any(c.cell_type == "markdown" and "$" in c.source for c in nb.cells), "no equations"
    assert any("**Expected output**" in c.source for c in nb.cells if c.cell_type == "markdown")
    # The reference's own answers never reach the learner's notebook.
    assert "BEGIN SOLUTION" not in path.read_text()


# -- the learner's own checks (grader.notebook) and the expected outputs -----------------------------

CHECK_CALL = re.compile(r'^check\("(?P<name>\w+)", assignment="(?P<assignment>\w+)"\)$')
# How many [example] cells of each stub run on the reference, and how many [example no-run] outputs its
# solution writes by hand: every one now shows its expected output.
EXAMPLES = {"w2a1": (8, 0), "w2a2": (6, 5), "w3a1": (8, 4), "w4a1": (10, 0), "w4a2": (3, 9)}


def notebook_of(solution):
    return nbformat.read(gen.EXERCISES_DIR / f"{solution.stem}.ipynb", as_version=nbformat.NO_CONVERT)


def is_heading(cell):
    return cell.cell_type == "markdown" and cell.source.startswith("#")


def is_expected_output(cell):
    return cell.cell_type == "markdown" and cell.source.startswith("**Expected output**")


@pytest.mark.parametrize("solution", gen.solution_files(), ids=lambda p: p.stem)
def test_each_graded_function_is_checked_right_after_its_examples(solution):
    nb = notebook_of(solution)
    cells = nb.cells
    assignment = gen.assignment_id(solution)
    graded = {c.metadata["nbgrader"]["grade_id"]: i for i, c in enumerate(cells) if "nbgrader" in c.metadata}
    checks = {m["name"]: (i, m["assignment"]) for i, c in enumerate(cells)
              if c.cell_type == "code" and (m := CHECK_CALL.match(c.source))}
    assert list(checks) == graded_functions(solution.read_text()), "one check cell per graded function, in order"
    for name, (index, called_with) in checks.items():
        assert called_with == assignment, f"check({name!r}) names assignment {called_with}, not {assignment}"
        cell = cells[index]
        assert "nbgrader" not in cell.metadata and cell.id == f"check-{name}", "a check cell is not a graded cell"
        between = cells[graded[name] + 1:index]
        assert not [c for c in between if is_heading(c) or "nbgrader" in c.metadata], \
            f"check({name!r}) is not in its function's section"
        # Where the learner has just compared by eye: under an example's expected output.
        assert is_expected_output(cells[index - 1]) and cells[index - 2].cell_type == "code", \
            f"check({name!r}) does not follow an example and its expected output"
        assert not is_expected_output(cells[index + 1])
    # ``from grader import check`` right after the imports cell, with a line that explains it.
    first_code = next(i for i, c in enumerate(cells) if c.cell_type == "code")
    assert "import numpy as np" in cells[first_code].source
    assert cells[first_code + 1].cell_type == "markdown" and "`check`" in cells[first_code + 1].source
    assert cells[first_code + 2].source == "from grader import check"
    assert "nbgrader" not in cells[first_code + 2].metadata
    # At the end: `grade` grades the saved notebook, with the same checks.
    assert f"grade {solution.stem}.ipynb" in cells[-1].source and "same checks" in cells[-1].source


def cells_of(kind, cells):
    return [c for c in cells if c.kind == kind]


@pytest.mark.parametrize("solution", gen.solution_files(), ids=lambda p: p.stem)
def test_the_py_stub_shows_every_example_s_expected_output_as_the_notebook_does(solution):
    stub = (gen.EXERCISES_DIR / solution.name).read_text()
    cells = gen.parse_cells(stub, solution)
    runs, written = EXAMPLES[gen.assignment_id(solution)]
    assert len(cells_of("example", cells)) == runs and len(cells_of("no-run", cells)) >= written
    shown = [(cell.source, after.source) for cell, after in zip(cells, cells[1:]) if cell.kind == "example"]
    assert all(output.startswith("**Expected output**\n\n```\n") for _, output in shown), \
        "an example that runs has no expected output under it in the .py stub"
    notebook = [(cell.source, after.source) for cell, after in zip(notebook_of(solution).cells, notebook_of(solution).cells[1:])
                if cell.cell_type == "code" and is_expected_output(after)]
    for example in shown:
        assert example in notebook, f"the .py stub and the notebook show different output for {example[0]!r}"
    assert stub.count("**Expected output**") == runs + written


@pytest.mark.parametrize("solution", gen.solution_files(), ids=lambda p: p.stem)
def test_the_py_stub_header_says_how_to_check_one_function_and_grade_the_file(solution):
    stub = (gen.EXERCISES_DIR / solution.name).read_text()
    header = ast.get_docstring(ast.parse(stub))
    first = graded_functions(solution.read_text())[0]
    assert "grade the file from a terminal" not in header
    assert f'`from grader import check` then `check({first}, assignment="{gen.assignment_id(solution)}")`' in header
    assert f"`grade {solution.stem}.py --only {first}`" in header
    assert f"    grade {solution.stem}.py\n" in header


def test_check_places_follow_the_last_example_that_runs_in_the_function_s_section():
    def cell(kind, source="x", graded=None):
        return gen.Cell(kind, source, 1, graded)

    cells = [cell("markdown", "# Title"), cell("code", "import numpy as np"),           # 0 1
             cell("code", "# GRADED FUNCTION: f", "f"), cell("example"),                # 2 3
             cell("markdown", "Now a larger one"), cell("example"), cell("no-run"),     # 4 5 6
             cell("markdown", "## g"), cell("code", "# GRADED FUNCTION: g", "g"),       # 7 8
             cell("markdown", "**Expected output** by hand"), cell("no-run"),           # 9 10
             cell("code", "# GRADED FUNCTION: h", "h"), cell("code", "n_x = 3"), cell("example")]  # 11 12 13
    assert gen.check_places(cells) == {5: ["f"], 8: ["g"], 11: ["h"]}


def test_the_expected_output_of_a_py_example_is_a_markdown_cell_under_it():
    stub = "# %% [example]\n# print(1)\n\n\n# %%\nx = 1\n\n# %% [example no-run]\n# train()\n\n# %% [example]\n# print(2)\n"
    outputs = ["**Expected output**\n\n```\n1\n```", "**Expected output**\n\n```\n2\n```"]
    assert gen.with_expected_outputs(stub, outputs) == (
        "# %% [example]\n# print(1)\n\n# %% [markdown]\n# **Expected output**\n#\n# ```\n# 1\n# ```\n\n\n"
        "# %%\nx = 1\n\n# %% [example no-run]\n# train()\n\n"
        "# %% [example]\n# print(2)\n\n# %% [markdown]\n# **Expected output**\n#\n# ```\n# 2\n# ```\n")


def test_regenerating_is_deterministic():
    solution = gen.solution_files()[0]
    assert gen.exercise_texts(solution) == gen.exercise_texts(solution)


def test_stub_keeps_docstring_and_return_and_the_hint():
    source = textwrap.dedent('''\
        # GRADED FUNCTION: f
        def f(x):
            """Double x.

            Parameters
            ----------
            x : ndarray of shape (n, 1)
            """
            # BEGIN SOLUTION (≈ 1 line)
            y = 2 * x
            # END SOLUTION
            return y
        ''')
    stub = gen.stub_source(source, "solutions/w9a9_demo.py")
    assert "x : ndarray of shape (n, 1)" in stub
    assert "    # YOUR CODE HERE (≈ 1 line)\n" in stub
    assert '    raise NotImplementedError("f: your code here")\n' in stub
    assert "y = 2 * x" not in stub
    assert stub.rstrip().endswith("return y")


MALFORMED = {
    "end without begin": ("def f():\n    x = 1\n    # END SOLUTION\n", ":3: '# END SOLUTION' without"),
    "nested": (
        "def f():\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n    # END SOLUTION\n",
        ":3: '# BEGIN SOLUTION' inside the region opened at line 2",
    ),
    "unclosed": ("def f():\n    # BEGIN SOLUTION\n    x = 1\n", ":2: '# BEGIN SOLUTION' is never closed"),
    "outside a function": ("# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n", ":1: '# BEGIN SOLUTION' outside a function"),
    "misspelt": ("def f():\n    #BEGIN SOLUTION\n", ":2: malformed marker '#BEGIN SOLUTION'"),
    "lower case": ("def f():\n    # end solution\n", ":2: malformed marker"),
    "graded without region": (
        "# GRADED FUNCTION: f\ndef f():\n    return 1\n",
        ":2: graded function f has no '# BEGIN SOLUTION' region",
    ),
    "cell marker in a region": (
        "def f():\n    # BEGIN SOLUTION\n# %% [example]\n    # END SOLUTION\n",
        ":3: cell marker '# %% [example]' inside the solution region opened at line 2",
    ),
    "graded name mismatch": (
        "# GRADED FUNCTION: f\ndef g():\n    # BEGIN SOLUTION\n    # END SOLUTION\n",
        ":2: '# GRADED FUNCTION: f' (line 1) is followed by 'def g'",
    ),
}


@pytest.mark.parametrize("source, message", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_markers_name_file_and_line(source, message):
    with pytest.raises(gen.MarkerError) as error:
        gen.stub_source(source, "solutions/w9a9_demo.py")
    assert str(error.value).startswith("solutions/w9a9_demo.py:")
    assert message in str(error.value)


def test_markdown_cell_with_code_is_an_error():
    source = "# %% [markdown]\n# fine\nx = 1\n"
    with pytest.raises(gen.MarkerError, match=r"w9a9_demo.py:3: a markdown cell must be all comment lines"):
        gen.parse_cells(source, "solutions/w9a9_demo.py")


def test_unknown_cell_kind_is_an_error():
    with pytest.raises(gen.MarkerError, match=r":1: unknown cell kind \[raw\]"):
        gen.parse_cells("# %% [raw]\n# x\n", "solutions/w9a9_demo.py")


def test_generate_command_reports_a_stale_exercise(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from grader.cli import main

    solution = gen.solution_files()[0]
    monkeypatch.setattr(gen, "EXERCISES_DIR", tmp_path)
    monkeypatch.setattr(gen, "solution_files", lambda course=None: [solution])
    result = CliRunner().invoke(main, ["generate", "--check"])
    assert result.exit_code == 1
    assert f"out of date: {tmp_path / solution.stem}.py" in result.output
    assert not list(tmp_path.iterdir()), "--check must write nothing"
    result = CliRunner().invoke(main, ["generate"])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{solution.stem}.ipynb", f"{solution.stem}.py"]
    assert CliRunner().invoke(main, ["generate", "--check"]).exit_code == 0

"""exercises/ is generated from solutions/, stays in step with it, and every stub is a real stub."""

import ast
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

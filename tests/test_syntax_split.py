"""Broken code costs only itself: a ``.py`` that does not parse is split into its top-level blocks,
each block that parses is loaded, and the functions a syntax error touches are reported as
"syntax error at line L" (with the cell, in a notebook), never as "missing"."""

import json

import pytest

from corpus import ROOT, not_passed
from grader import engine
from grader.load import reader

W2A1 = (ROOT / "solutions" / "w2a1_numpy_basics.py").read_text()


def load(tmp_path, source, name="mine.py"):
    path = tmp_path / name
    path.write_text(source)
    return path, reader.load(path)


@pytest.mark.parametrize("source, heads", [
    ("import numpy as np\n\ndef f(x):\n    return x\n", [1, 3]),
    ("# a comment\n@decorate\n@twice\ndef f(x):\n    return x\nclass A:\n    pass\n", [2, 6]),
    ("x = f(\n    1,\n2)\ny = [\nz]\n", [1, 4]),  # column-0 lines inside brackets go on the statement
    ("if a:\n    b = 1\nelse:\n    b = 2\ntry:\n    import q\nexcept ImportError:\n    pass\n", [1, 5]),
    ("x = compute(\ndef f(x):\n    return x\n", [1, 2]),  # an unclosed bracket does not swallow a def
    ('s = """\ndef not_code():\n"""\ndef f():\n    pass\n', [1, 4]),  # nor is a def inside a string a block
])
def test_a_block_starts_at_a_statement_at_column_0(source, heads):
    assert reader._heads(source.split("\n")) == heads


def test_one_syntax_error_costs_only_its_function(tmp_path):
    broken = W2A1.replace("def L1(yhat, y):", "def L1(yhat, y)")
    path, submission = load(tmp_path, broken)
    assert "def L1" not in submission.chunks[0][1] and "def L2" in submission.chunks[0][1]
    line = broken.split("\n").index("def L1(yhat, y)") + 1
    assert submission.syntax_errors == [f"{path}, line {line}"]
    assert submission.unloaded["L1"] == reader.Unloaded("syntax_error", str(path), line, "SyntaxError: expected ':'")
    assert "L1" in submission.defined  # what the file is for: the assignment is still recognised
    report = engine.grade_submission(submission, "w2a1")
    failing = {(r.check.function, r.outcome) for r in not_passed(report)}
    assert failing == {("L1", "error")}
    assert all(r.output.startswith(f"syntax error at line {line} of {path} (SyntaxError: expected ':'): L1 could "
                                   f"not be loaded. Fix that line") for r in not_passed(report))
    assert "missing" not in {r.outcome for r in report.results}


def test_the_reference_is_unchanged_by_the_split(tmp_path):
    path, submission = load(tmp_path, W2A1)
    assert submission.syntax_errors == [] and submission.unloaded == {}
    assert submission.chunks == [(str(path), reader.select_definitions(W2A1, str(path)).source)]


def test_a_broken_statement_between_functions_costs_no_function(tmp_path):
    source = ("import numpy as np\n\nscale = (1 +\n\ndef double(x):\n    return 2 * x\n\n"
              "print 'done'\n\ndef triple(x):\n    return 3 * x\n")
    path, submission = load(tmp_path, source)
    assert submission.defined == ["double", "triple"]
    assert submission.syntax_errors == [f"{path}, line 3", f"{path}, line 8"]
    assert [n for n in submission.notes if "SyntaxError" in n] == [
        f"{path}, line 3: SyntaxError: '(' was never closed; this code was not loaded: line 3; the rest of the file was",
        f"{path}, line 8: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?; this code "
        f"was not loaded: line 8; the rest of the file was"]


def test_an_unterminated_string_loses_what_follows_as_python_would(tmp_path):
    path, submission = load(tmp_path, 'def f(x):\n    return x\n\ns = """\ndef g(x):\n    return x\n')
    assert "def f" in submission.chunks[0][1] and "def g" not in submission.chunks[0][1]
    assert submission.syntax_errors == [f"{path}, line 4"]
    assert submission.unloaded["g"].reason == "syntax_error"  # found by its "def g(" line, never "missing"


def test_a_function_in_a_notebook_cell_that_does_not_parse_is_a_syntax_error_not_missing(tmp_path):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Week 2"},
             {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [],
              "source": "import numpy as np\nimport math\n"},
             {"cell_type": "code", "execution_count": 7, "metadata": {}, "outputs": [],
              "source": "# GRADED FUNCTION: basic_sigmoid\n\ndef basic_sigmoid(x):\n    s = 1 / (1 + math.exp(-x)\n"
                        "    return s\n"}]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}))
    report = engine.grade(path, "w2a1", only=["basic_sigmoid"])
    assert {r.outcome for r in report.results} == {"error"}
    assert report.results[0].output.startswith(
        'syntax error at line 4 of nb.ipynb, cell [7] "# GRADED FUNCTION: basic_sigmoid" (SyntaxError: \'(\' was '
        'never closed): basic_sigmoid could not be loaded')
    assert report.syntax_errors == ['nb.ipynb, cell [7] "# GRADED FUNCTION: basic_sigmoid", line 4']
    fixed = dict(cells[2], source=cells[2]["source"].replace("(-x)\n", "(-x))\n"))
    path.write_text(json.dumps({"cells": cells[:2] + [fixed], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}))
    assert {r.outcome for r in engine.grade(path, "w2a1", only=["basic_sigmoid"]).results} == {"passed"}

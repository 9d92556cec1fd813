"""Messages a learner can act on: no internal names; a reference the learner's code called with
arguments it cannot take says which call, where, and what does not fit; a global defined only in
code the grader does not run says so, with the cell as Jupyter shows it."""

import json

from corpus import grade_variant, not_passed
from grader import engine

W4A1 = "w4a1_deep_nn_step_by_step.py"
OFF_BY_ONE = (('        current_cache = caches[l]\n', '        current_cache = caches[l + 1]\n'),)
INTERNAL = ("ReferenceCallError", "ReferenceError_", "CallbackFailed", "grader.isolate", "Traceback (most recent")


def test_a_reference_called_with_the_wrong_cache_names_the_call_the_arguments_and_the_error(tmp_path):
    report = grade_variant(tmp_path, W4A1, OFF_BY_ONE, "w4a1", only=["L_model_backward"])
    errors = [r for r in report.results if r.outcome == "error"]
    assert errors
    message = errors[0].output
    line = (tmp_path / W4A1).read_text().split("\n").index("        current_cache = caches[l + 1]") + 2
    assert message.startswith(f"your L_model_backward ({tmp_path / W4A1}, line {line}) called "
                              f"linear_activation_backward(dA=array (3, 2), cache=tuple of 2 (tuple of 3 "
                              f"(array (3, 2), array (1, 3), array (1, 1)), array (1, 2)), activation='relu'), ")
    assert ("and the grader's linear_activation_backward cannot run on these arguments: IndexError: boolean index "
            "did not match") in message
    assert "(an array was masked by another of a different shape)" in message
    assert ("The grader's linear_activation_backward is the course's linear_activation_backward(dA, cache, "
            "activation), correct on the course's arguments") in message
    assert not any(word in r.output for r in report.results for word in INTERNAL)


def test_the_reference_l_model_backward_passes(tmp_path):
    assert not not_passed(grade_variant(tmp_path, W4A1, (), "w4a1", only=["L_model_backward"]))


def test_an_error_showing_shapes_names_the_arguments_that_have_them(tmp_path):
    bug = (("        dZ = relu_backward(dA, activation_cache)\n        dA_prev, dW, db = linear_backward(dZ, linear_cache)",
            "        dZ = relu_backward(dA, activation_cache)\n        dA_prev, dW, db = linear_backward(dZ.T, linear_cache)"),)
    report = grade_variant(tmp_path, W4A1, bug, "w4a1", only=["linear_activation_backward"])
    message = next(r.output for r in report.results if r.outcome == "error")
    assert message.startswith("your linear_activation_backward (") and "called linear_backward(dZ=array (2, 1), " in message
    assert "ValueError: shapes (2,1) and (2,3) not aligned" in message
    assert "(a matrix product of shapes that do not fit ((a, b) @ (c, d) needs b == c))" in message
    assert "The shapes in this error are those of dZ (2, 1) and cache[0] (3, 2) transposed." in message
    assert not any(word in message for word in INTERNAL)


def notebook(tmp_path, *sources):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Basics"}]
    for count, source in sources:
        cells.append({"cell_type": "code", "execution_count": count, "metadata": {}, "outputs": [], "source": source})
    path = tmp_path / "basics.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}))
    return path


SIGMOID = "# GRADED FUNCTION: sigmoid\ndef sigmoid(x):\n    return one / (one + np.exp(-x))\n"


def test_a_global_assigned_in_a_cell_the_grader_does_not_run_is_named_with_that_cell(tmp_path):
    path = notebook(tmp_path, (1, "import numpy as np"), (2, "one = np.float64(1.0)\nprint(one)"), (5, SIGMOID))
    report = engine.grade(path, "w2a1", only=["sigmoid"])
    assert {r.outcome for r in report.results} == {"error"}
    assert ("NameError: name 'one' is not defined. one is assigned at line 1 of basics.ipynb, cell [2] "
            "\"one = np.float64(1.0)\", which the grader does not run") in report.results[0].output
    # Given as a plain constant, the grader runs it, and the same function passes.
    path = notebook(tmp_path, (1, "import numpy as np"), (2, "one = 1.0\nprint(one)"), (5, SIGMOID))
    assert {r.outcome for r in engine.grade(path, "w2a1", only=["sigmoid"]).results} == {"passed"}


def test_a_helper_in_a_cell_that_does_not_parse_is_named_with_that_cell(tmp_path):
    path = notebook(tmp_path, (1, "import numpy as np"), (None, "def helper(x)\n    return np.exp(-x)"),
                    (5, "def sigmoid(x):\n    return 1 / (1 + helper(x))\n"))
    output = engine.grade(path, "w2a1", only=["sigmoid"]).results[0].output
    assert ("helper is defined at line 1 of basics.ipynb, cell \"def helper(x)\", which does not parse "
            "(SyntaxError: expected ':'): fix that syntax error") in output


def test_an_error_in_a_notebook_shows_the_cell_as_jupyter_does(tmp_path):
    path = notebook(tmp_path, (4, "import numpy as np"), (9, "def sigmoid(x):\n    return 1 / (1 + np.exp(-x)) + z\n"))
    output = engine.grade(path, "w2a1", only=["sigmoid"]).results[0].output
    assert '  basics.ipynb, cell [9] "def sigmoid(x):", line 2, in sigmoid\n' in output
    assert "cell 3" not in output  # never a count that includes the markdown cell


def test_a_global_assigned_by_a_statement_the_grader_leaves_out_of_a_py_file_is_named(tmp_path):
    path = tmp_path / "basics.py"
    path.write_text("import numpy as np\n\nscale = np.float64(2.0)\n\ndef sigmoid(x):\n"
                    "    return scale / (scale + scale * np.exp(-x))\n")
    output = engine.grade(path, "w2a1", only=["sigmoid"]).results[0].output
    assert (f"scale is assigned at line 3 of {path} (scale = np.float64(2.0)), which the grader does not run: it "
            f"runs only the imports, definitions and plain constants") in output

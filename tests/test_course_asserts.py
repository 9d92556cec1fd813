"""The course's own asserts hold on every input a check sends.

The course's notebooks (every version) put ``assert`` statements inside the graded functions, and
learners keep them (the list: COURSE_ASSERTS.md of the course facts, copied below as ``ASSERTS``).
A check whose inputs break one fails correct code a learner cannot change: the reference solution
with those asserts placed before its ``return`` (as the course places them) must score 100 %.

The W3A1 and W2A2 models call the asserted helpers in the learner's process when graded with the
learner's own helpers; the in-process test below runs every model check that needs no cat data
with the asserted helpers, so the models' inputs are held to the asserts too. W4A2's graded
functions hold no assert; the helpers they call are the course's (``nndl``), and every W4A2 check
has one output unit.
"""

import functools
import re
import types

import numpy as np
import pytest

from grader import engine
from grader.course import builtin as builtin_course

# {assignment: {function: [assert statements, as the course writes them, before the return]}}
ASSERTS = {
    "w2a2": {
        "initialize_with_zeros": ["assert w.shape == (dim, 1)", "assert isinstance(b, float) or isinstance(b, int)"],
        "propagate": ["assert dw.shape == w.shape", "assert db.dtype == float", "assert cost.shape == ()"],
        "predict": ["assert Y_prediction.shape == (1, X.shape[1])"],
    },
    "w3a1": {
        "initialize_parameters": ["assert W1.shape == (n_h, n_x)", "assert b1.shape == (n_h, 1)",
                                  "assert W2.shape == (n_y, n_h)", "assert b2.shape == (n_y, 1)"],
        "forward_propagation": ["assert A2.shape == (1, X.shape[1])"],
        "compute_cost": ["assert isinstance(cost, float)"],
    },
    "w4a1": {
        "initialize_parameters": ["assert W1.shape == (n_h, n_x)", "assert b1.shape == (n_h, 1)",
                                  "assert W2.shape == (n_y, n_h)", "assert b2.shape == (n_y, 1)"],
        "initialize_parameters_deep": [
            "for l in range(1, len(layer_dims)):",
            "    assert parameters['W' + str(l)].shape == (layer_dims[l], layer_dims[l - 1])",
            "    assert parameters['b' + str(l)].shape == (layer_dims[l], 1)"],
        "linear_forward": ["assert Z.shape == (W.shape[0], A.shape[1])"],
        "linear_activation_forward": ["assert A.shape == (W.shape[0], A_prev.shape[1])"],
        "L_model_forward": ["assert AL.shape == (1, X.shape[1])"],
        "compute_cost": ["assert cost.shape == ()"],
        "linear_backward": ["assert dA_prev.shape == A_prev.shape", "assert dW.shape == W.shape",
                            "assert db.shape == b.shape"],
    },
}
# Functions whose checks call asserted helpers in the learner's process (the models).
CALLERS = {"w2a2": ["optimize", "model"], "w3a1": ["nn_model", "predict"], "w4a1": ["L_model_forward"]}


def asserted_source(assignment_id):
    """The reference solution's source with the course's asserts placed before each function's return."""
    lines = builtin_course().assignment(assignment_id).solution_file.read_text(encoding="utf-8").splitlines()
    for function, statements in ASSERTS[assignment_id].items():
        start = next(i for i, line in enumerate(lines) if line.startswith(f"def {function}("))
        end = next((i for i in range(start + 1, len(lines)) if re.match(r"(def |class |# %%)", lines[i])), len(lines))
        last_return = max(i for i in range(start, end) if lines[i].startswith("    return"))
        lines[last_return:last_return] = ["    " + s for s in statements]
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=None)
def asserted_module(assignment_id):
    module = types.ModuleType(f"asserted_{assignment_id}")
    exec(compile(asserted_source(assignment_id), f"asserted_{assignment_id}.py", "exec"), module.__dict__)
    return module


def runnable_here(check):
    return not check.needs_data


@pytest.mark.parametrize("assignment_id", sorted(ASSERTS))
def test_the_asserted_solution_accepts_every_input_of_the_checks(assignment_id):
    """In process: each check's call of the asserted solution (asserted helpers included) raises no AssertionError."""
    module = asserted_module(assignment_id)
    asserted = set(ASSERTS[assignment_id]) | set(CALLERS.get(assignment_id, ()))
    seen = set()
    for check in builtin_course().assignment(assignment_id).checks:
        if check.function not in asserted or not runnable_here(check) or (check.call_key or check.name) in seen:
            continue
        seen.add(check.call_key or check.name)
        args, kwargs = check.inputs()
        if check.seed is not None:
            np.random.seed(check.seed)
        try:
            getattr(module, check.function)(*args, **kwargs)
        except AssertionError as e:
            pytest.fail(f"{check.name}: the course's assert fails on this check's inputs: {e!r}")


# The functions graded through the engine: those with asserts, and one model where it calls them.
GRADED = {"w2a2": ["initialize_with_zeros", "propagate", "predict", "optimize"],
          "w3a1": ["initialize_parameters", "forward_propagation", "compute_cost", "predict"],
          "w4a1": list(ASSERTS["w4a1"])}


@pytest.mark.parametrize("assignment_id", sorted(GRADED))
def test_the_asserted_solution_scores_full_marks(assignment_id, tmp_path):
    path = tmp_path / builtin_course().assignment(assignment_id).solution_file.name
    path.write_text(asserted_source(assignment_id), encoding="utf-8")
    grading = engine.grade(path, assignment_id, only=GRADED[assignment_id], reference_cache=None)
    failed = [f"{r.check.name}: {r.outcome}: {r.output}" for r in grading.results if r.outcome != "passed"]
    assert not failed, "\n".join(failed)
    assert grading.score == grading.max_score > 0


def test_a_network_with_two_output_units_breaks_the_course_assert():
    """The W3A1 forward check of version 1 (5 inputs, 2 hidden units, 2 outputs) failed correct code."""
    from grader.assignments import w3a1

    args, kwargs = w3a1.forward_case(42, 5, 2, 2, 4)()
    with pytest.raises(AssertionError):
        asserted_module("w3a1").forward_propagation(*args, **kwargs)
    forward = [c for c in builtin_course().assignment("w3a1").checks if c.function == "forward_propagation"]
    assert all(c.inputs()[0][1]["W2"].shape[0] == 1 for c in forward)

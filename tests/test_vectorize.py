"""Vectorization advice (grader.checking.vectorize): which loops are named, never a timing; never a point.

Each submission is the reference solution with one function rewritten, graded on a few functions
(``only``) so that the file runs in seconds.
"""

import ast
import json

import pytest

from grader import engine
from grader.authoring.generate import solution_files
from grader.checking.vectorize import loops, normalised
from grader.isolate.runner import Runner
from grader.render import formats

SOLUTIONS = {p.stem.split("_")[0]: p for p in solution_files()}

PROPAGATE_OVER_EXAMPLES = '''
def propagate(w, b, X, Y):
    m = X.shape[1]
    dw, db, cost = np.zeros(w.shape), 0.0, 0.0
    for i in range(m):
        a = sigmoid(np.dot(w.T, X[:, i:i + 1]) + b)[0, 0]
        cost += -(Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a))
        dw += X[:, i:i + 1] * (a - Y[0, i])
        db += a - Y[0, i]
    return {"dw": dw / m, "db": np.float64(db / m)}, np.squeeze(np.array(cost / m))
'''

PROPAGATE_OVER_FEATURES = '''
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = np.squeeze(np.array(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m))
    dw = np.zeros(w.shape)
    for j in range(w.shape[0]):
        dw[j, 0] = np.sum(X[j, :] * (A - Y)[0, :]) / m
    return {"dw": dw, "db": np.sum(A - Y) / m}, cost
'''

# Right on the course's examples (3 and 4 examples), wrong on more: some of its checks pass, not all.
WRONG_LOOPING_PROPAGATE = PROPAGATE_OVER_EXAMPLES.replace('"dw": dw / m', '"dw": dw / min(m, 5)')

# Right on the checks' inputs, an error on the larger input of the advice.
PROPAGATE_FAILING_WHEN_LARGE = PROPAGATE_OVER_EXAMPLES.replace(
    "    m = X.shape[1]\n", "    m = X.shape[1]\n    if m > 100:\n        raise MemoryError('too many examples')\n")

# The course's template for predict (v1.2 and v6a alike): the loop over the examples is given code.
PREDICT_TEMPLATE = '''
def predict(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    w = w.reshape(X.shape[0], 1)
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(A.shape[1]):
        if A[0, i] > 0.5:
            Y_prediction[0, i] = 1
        else:
            Y_prediction[0, i] = 0
    assert Y_prediction.shape == (1, m)
    return Y_prediction
'''

# A loop of the learner's own over the examples, beside the template's.
PREDICT_OWN_LOOP = '''
def predict(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    A = np.zeros((1, m))
    for j in range(m):
        A[0, j] = sigmoid(np.dot(w[:, 0], X[:, j]) + b)
    for i in range(A.shape[1]):
        Y_prediction[0, i] = 1 if A[0, i] > 0.5 else 0
    return Y_prediction
'''

L1_OVER_ENTRIES = '''
def L1(yhat, y):
    loss = 0
    for i in range(len(y)):
        loss += abs(y[i] - yhat[i])
    return loss
'''

NORMALIZE_ROWS_OVER_ROWS = '''
def normalize_rows(x):
    result = np.zeros(x.shape)
    for r in range(x.shape[0]):
        result[r] = x[r] / np.sqrt(np.sum(x[r] ** 2))
    return result
'''

LINEAR_FORWARD_OVER_EXAMPLES = '''
def linear_forward(A, W, b):
    Z = np.zeros((W.shape[0], A.shape[1]))
    for i in range(A.shape[1]):
        Z[:, i:i + 1] = np.dot(W, A[:, i:i + 1]) + b
    cache = (A, W, b)
    return Z, cache
'''


def with_function(assignment_id, source):
    """The reference solution of ``assignment_id`` with the function defined in ``source`` replacing its own."""
    text = SOLUTIONS[assignment_id].read_text()
    new = ast.parse(source).body[0]
    old = next(n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef) and n.name == new.name)
    lines = text.splitlines(keepends=True)
    return "".join(lines[:old.lineno - 1]) + source.strip("\n") + "\n" + "".join(lines[old.end_lineno:])


def line_of(text, code):
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.strip() == code)


def graded(tmp_path, assignment_id, source, only, name="mine.py", **options):
    text = with_function(assignment_id, source)
    path = tmp_path / name
    path.write_text(text)
    return engine.grade(path, assignment_id, only=only, reference_cache=None, **options), text


def named(grading):
    """``{function: [(line, grows_with), ...]}`` of the advice."""
    return {a["function"]: [(loop["line"], loop["grows_with"]) for loop in a["loops"]] for a in grading.advice}


def test_a_loop_over_the_examples_in_propagate_is_named_with_its_line(tmp_path):
    grading, text = graded(tmp_path, "w2a2", PROPAGATE_OVER_EXAMPLES, ["sigmoid", "propagate"])
    line = line_of(text, "for i in range(m):")
    assert grading.score == grading.max_score
    assert named(grading) == {"propagate": [(line, ["examples"])]}
    (advice,) = grading.advice
    assert advice["message"].startswith(f"propagate, line {line} (`for i in range(m):`): this loop runs once per "
                                        f"example. On 4,096 examples your propagate took ")
    assert "The course asks for vectorized numpy here: A = sigmoid(np.dot(w.T, X) + b)" in advice["message"]
    assert advice["size"] == {"examples": 4096} and advice["times_slower"] > 0
    # The reports carry it: the text in an Advice section after the checks, the JSON as it is.
    report = formats.to_text(grading)
    assert "\nAdvice (no points: your score is the same with or without it):\n- propagate, line" in report
    assert report.index("Advice") < report.index("Total:")
    assert json.loads(formats.to_json(grading))["advice"] == grading.advice


@pytest.mark.parametrize("assignment_id, source, only, loop, grows_with", [
    ("w2a1", L1_OVER_ENTRIES, ["L1"], "for i in range(len(y)):", ["examples"]),
    ("w2a1", NORMALIZE_ROWS_OVER_ROWS, ["normalize_rows"], "for r in range(x.shape[0]):", ["rows"]),
    ("w2a2", PROPAGATE_OVER_FEATURES, ["sigmoid", "propagate"], "for j in range(w.shape[0]):", ["features"]),
], ids=["L1 over the entries", "normalize_rows over the rows", "propagate over the features"])
def test_a_loop_over_the_entries_rows_or_features_is_named(tmp_path, assignment_id, source, only, loop, grows_with):
    grading, text = graded(tmp_path, assignment_id, source, only)
    function = ast.parse(source).body[0].name
    assert grading.score == grading.max_score
    assert named(grading) == {function: [(line_of(text, loop), grows_with)]}


def test_loops_over_the_layers_are_never_named(tmp_path):
    # L_model_forward and L_model_backward loop over the layers and run the learner's looping linear_forward:
    # only linear_forward's loop is named.
    grading, text = graded(tmp_path, "w4a1", LINEAR_FORWARD_OVER_EXAMPLES,
                           ["linear_forward", "linear_activation_forward", "L_model_forward", "linear_backward",
                            "linear_activation_backward", "L_model_backward", "update_parameters"])
    assert grading.score == grading.max_score
    assert named(grading) == {"linear_forward": [(line_of(text, "for i in range(A.shape[1]):"), ["examples"])]}


def test_a_loop_over_the_iterations_is_never_named(tmp_path):
    # optimize's loop runs the learner's looping propagate at every iteration: only propagate is named.
    grading, _ = graded(tmp_path, "w2a2", PROPAGATE_OVER_EXAMPLES, ["sigmoid", "propagate", "optimize"])
    assert grading.score == grading.max_score
    assert set(named(grading)) == {"propagate"}


@pytest.mark.parametrize("version", [None, "v6a"])
def test_the_loop_of_the_course_template_of_predict_is_not_named(tmp_path, version):
    grading, _ = graded(tmp_path, "w2a2", PREDICT_TEMPLATE, ["sigmoid", "predict"], course_version=version)
    assert grading.course_version == (version or "v1.2")
    assert grading.score == grading.max_score
    assert grading.advice == []


def test_a_loop_of_the_learners_own_in_predict_is_named_beside_the_template(tmp_path):
    grading, text = graded(tmp_path, "w2a2", PREDICT_OWN_LOOP, ["sigmoid", "predict"], course_version="v6a")
    assert grading.score == grading.max_score
    assert named(grading) == {"predict": [(line_of(text, "for j in range(m):"), ["examples"])]}


@pytest.mark.parametrize("assignment_id", ["w2a1", "w3a1", "w4a1"])
def test_vectorized_reference_code_gets_no_advice(assignment_id):
    grading = engine.grade(SOLUTIONS[assignment_id], assignment_id, reference_cache=None,
                           only=["sigmoid", "L1", "normalize_rows", "forward_propagation", "backward_propagation",
                                 "compute_cost", "predict", "linear_forward", "L_model_forward", "L_model_backward",
                                 "update_parameters"] if assignment_id != "w2a1" else None)
    assert grading.score == grading.max_score
    assert grading.advice == []
    assert "Advice" not in formats.to_text(grading)


def test_the_advice_never_changes_a_result(tmp_path):
    only = ["sigmoid", "propagate"]
    advised, _ = graded(tmp_path, "w2a2", PROPAGATE_OVER_EXAMPLES, only)
    plain, _ = graded(tmp_path, "w2a2", PROPAGATE_OVER_EXAMPLES, only, advice=False)
    assert advised.advice and not plain.advice
    assert [(r.check.name, r.outcome, r.score, r.output) for r in advised.results] == \
        [(r.check.name, r.outcome, r.score, r.output) for r in plain.results]


@pytest.mark.parametrize("source", [WRONG_LOOPING_PROPAGATE, PROPAGATE_FAILING_WHEN_LARGE],
                         ids=["wrong", "raises on the larger input"])
def test_a_wrong_function_or_an_error_on_the_larger_input_gets_no_advice(tmp_path, source):
    grading, _ = graded(tmp_path, "w2a2", source, ["sigmoid", "propagate"])
    wrong = source is WRONG_LOOPING_PROPAGATE
    assert {r.outcome for r in grading.results if r.check.function == "propagate"} == \
        ({"passed", "failed"} if wrong else {"passed"})
    assert grading.advice == []


def test_the_learners_process_counts_the_turns_of_each_loop(tmp_path):
    source = ("def f(X, layers):\n"
              "    total = 0\n"
              "    for l in range(layers):\n"
              "        total += sum(x for x in X[0])\n"
              "    return total\n")
    with Runner([("f.py", source)]) as runner:
        counts = [runner.call("f", ([[1.0] * m], 3), count_lines=("f.py", 1, 5)).line_counts for m in (4, 16)]
    assert counts[0][3] == counts[1][3] == 4  # the loop over the layers: 3 turns and the end, on both
    assert counts[1][4] - counts[0][4] == 3 * 12  # the generator turns once per entry, in each layer


def test_loops_are_read_from_the_source_and_the_template_headers_are_normalised():
    source = "def f(A, m):\n    s = [a for a in A]\n    for i in range( A.shape[1] ):\n        pass\n    while m:\n" \
             "        m -= 1\n"
    found = loops(ast.parse(source).body[0], source)
    assert [(loop.line, loop.code) for loop in found] == [(2, "s = [a for a in A]"),
                                                          (3, "for i in range( A.shape[1] ):"), (5, "while m:")]
    assert found[1].normal == normalised("for i in range(A.shape[1]):") == "for i in range(A.shape[1])"

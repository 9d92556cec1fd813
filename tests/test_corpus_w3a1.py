"""Submission corpus of W3A1 (planar data): realistic mistakes and correct variants, graded end to end.

Each bug must fail its own function, with the grader's diagnosis where it gives one, and nothing
else; each variant (correct code written differently) must get full marks.

Runtime: ``nn_model``'s checks train for 2 × 10000 iterations through about 80000 callbacks
(≈ 12 s per grading). They replace every helper ``nn_model`` calls by the reference, so a bug
elsewhere cannot reach them: variants and bugs outside ``nn_model`` are graded without
``nn_model`` (about 0.2 s each), and two fully graded submissions check that claim, one with a
bug in every other function at once and one with most variants at once.
"""

import pytest

from corpus import ROOT, Bug, Variant, assert_blames_only, assert_full_marks, grade_variant, not_passed
from grader.load import reader
from grader.course import builtin as builtin_course
from grader.engine import grade_submission

SOLUTION = "w3a1_planar_data.py"
WITHOUT_MODEL = [f for f in builtin_course().assignment("w3a1").functions if f != "nn_model"]


def grade(tmp_path, replacements, full):
    return grade_variant(tmp_path, SOLUTION, replacements, "w3a1", only=None if full else WITHOUT_MODEL)


def update_lines(template):
    """The four update lines of update_parameters rewritten by ``template.format(k=...)``."""
    return tuple((f'parameters["{k}"] = parameters["{k}"] - learning_rate * grads["d{k}"]', template.format(k=k))
                 for k in ("W1", "b1", "W2", "b2"))


DRAW_W1 = "W1 = np.random.randn(n_h, n_x) * 0.01"
DRAW_W2 = "W2 = np.random.randn(n_y, n_h) * 0.01"
ZERO_B1 = "b1 = np.zeros((n_h, 1))"
LOGPROBS = "logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)"
DEEPCOPY = "parameters = copy.deepcopy(parameters)"

BUGS = [
    # layer_sizes
    Bug("layer_sizes", "sizes-hard-coded-n_x", (("n_x = X.shape[0]", "n_x = 2"),),
        "n_x is 2, expected 5 = X.shape[0]"),
    Bug("layer_sizes", "sizes-from-the-wrong-axis",
        (("n_x = X.shape[0]", "n_x = X.shape[1]"), ("n_y = Y.shape[0]", "n_y = Y.shape[1]")),
        "the number of examples m"),
    # initialize_parameters
    Bug("initialize_parameters", "init-without-0.01", ((DRAW_W1, "W1 = np.random.randn(n_h, n_x)"),),
        "standard deviation"),
    Bug("initialize_parameters", "init-biases-ones", ((ZERO_B1, "b1 = np.ones((n_h, 1))"),), "should be exactly zero"),
    Bug("initialize_parameters", "init-W2-drawn-first",
        ((f"{DRAW_W1}\n    {ZERO_B1}\n    {DRAW_W2}", f"{DRAW_W2}\n    {DRAW_W1}\n    {ZERO_B1}"),),
        "W2 was drawn before W1"),
    Bug("initialize_parameters", "init-seeds-itself", ((DRAW_W1, f"np.random.seed(2)\n    {DRAW_W1}"),),
        "np.random.seed(2) is called inside the function"),
    # forward_propagation
    Bug("forward_propagation", "forward-sigmoid-hidden-layer", (("A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)"),),
        "the hidden layer uses sigmoid instead of tanh"),
    Bug("forward_propagation", "forward-missing-b1", (("Z1 = np.dot(W1, X) + b1", "Z1 = np.dot(W1, X)"),),
        "b1 was left out"),
    # compute_cost
    Bug("compute_cost", "cost-missing-1/m", (("cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs)"),),
        "the 1/m is missing"),
    Bug("compute_cost", "cost-sign-flipped", (("cost = -np.sum(logprobs) / m", "cost = np.sum(logprobs) / m"),),
        "sign flipped"),
    Bug("compute_cost", "cost-np.dot-outer-product",
        ((LOGPROBS, "logprobs = np.dot(np.log(A2).T, Y) + np.dot(np.log(1 - A2).T, 1 - Y)"),), "(m, m) matrix"),
    Bug("compute_cost", "cost-0-d-array", (("cost = float(np.squeeze(cost))", "cost = np.squeeze(np.array(cost))"),),
        "the course's contract is a Python float"),
    # backward_propagation
    Bug("backward_propagation", "backward-dW1-missing-1/m",
        (("dW1 = np.dot(dZ1, X.T) / m", "dW1 = np.dot(dZ1, X.T)"),), "the 1/m is missing"),
    Bug("backward_propagation", "backward-missing-keepdims",
        (("db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1) / m"),), "keepdims=True"),
    Bug("backward_propagation", "backward-derivative-1-A1", (("(1 - np.power(A1, 2))", "(1 - A1)"),),
        "the derivative of tanh was written 1 - A1"),
    Bug("backward_propagation", "backward-dW2-transposed",
        (("dW2 = np.dot(dZ2, A1.T) / m", "dW2 = np.dot(A1, dZ2.T) / m"),), "transposed"),
    # update_parameters
    Bug("update_parameters", "update-adds-the-gradient",
        update_lines('parameters["{k}"] = parameters["{k}"] + learning_rate * grads["d{k}"]'), "adds the gradient"),
    Bug("update_parameters", "update-mutates-its-input",
        ((DEEPCOPY, "pass"),) + update_lines('parameters["{k}"] -= learning_rate * grads["d{k}"]'),
        "update_parameters changed its argument parameters"),
    Bug("update_parameters", "update-learning-rate-hard-coded",
        update_lines('parameters["{k}"] = parameters["{k}"] - 1.2 * grads["d{k}"]'),
        "the learning rate argument is ignored"),
    # nn_model
    Bug("nn_model", "model-without-seed-3", (("    np.random.seed(3)\n", ""),), "np.random.seed(3) was not called"),
    Bug("nn_model", "model-learning-rate-0.5",
        (("parameters = update_parameters(parameters, grads)",
          "parameters = update_parameters(parameters, grads, learning_rate=0.5)"),), "parameters['W1'] differs"),
    Bug("nn_model", "model-ignores-num_iterations", (("for i in range(num_iterations):", "for i in range(10000):"),),
        "num_iterations is ignored"),
    Bug("nn_model", "model-n_h-from-layer_sizes",
        (("n_x, _, n_y = layer_sizes(X, Y)", "n_x, n_h, n_y = layer_sizes(X, Y)"),), "n_h was taken from layer_sizes"),
    Bug("nn_model", "model-update-result-dropped",
        (("parameters = update_parameters(parameters, grads)", "update_parameters(parameters, grads)"),),
        "the result of update_parameters is never assigned back"),
    # predict
    Bug("predict", "predict-probabilities", (("predictions = A2 > 0.5", "predictions = A2"),),
        "look like probabilities"),
    Bug("predict", "predict-threshold-0.6", (("predictions = A2 > 0.5", "predictions = A2 > 0.6"),),
        "the threshold is 0.5"),
]

VARIANTS = [
    Variant("matmul-operator", (("Z1 = np.dot(W1, X) + b1", "Z1 = W1 @ X + b1"),
                                ("Z2 = np.dot(W2, A1) + b2", "Z2 = W2 @ A1 + b2"),
                                ("dW2 = np.dot(dZ2, A1.T) / m", "dW2 = dZ2 @ A1.T / m"),
                                ("dZ1 = np.dot(W2.T, dZ2)", "dZ1 = (W2.T @ dZ2)"),
                                ("dW1 = np.dot(dZ1, X.T) / m", "dW1 = dZ1 @ X.T / m"))),
    Variant("tanh-derivative-from-Z1", (("(1 - np.power(A1, 2))", '(1 - np.tanh(cache["Z1"]) ** 2)'),)),
    Variant("np.mean-instead-of-sum/m", (("cost = -np.sum(logprobs) / m", "cost = -np.mean(logprobs)"),
                                         ("db2 = np.sum(dZ2, axis=1, keepdims=True) / m",
                                          "db2 = np.mean(dZ2, axis=1, keepdims=True)"),
                                         ("db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
                                          "db1 = np.mean(dZ1, axis=1, keepdims=True)"))),
    Variant("predictions-as-int", (("predictions = A2 > 0.5", "predictions = (A2 > 0.5).astype(int)"),)),
    Variant("predictions-by-rounding", (("predictions = A2 > 0.5", "predictions = np.round(A2)"),)),
    Variant("copy-by-dict-comprehension",
            ((DEEPCOPY, "parameters = {key: value.copy() for key, value in parameters.items()}"),)),
    Variant("in-place-update-of-the-copy", update_lines('parameters["{k}"] -= learning_rate * grads["d{k}"]')),
    Variant("operators-instead-of-np.multiply",
            ((LOGPROBS, "logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)"),
             ("np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))", "np.multiply(np.dot(W2.T, dZ2), 1 - A1 ** 2)"))),
    Variant("cost-as-np.float64", (("cost = float(np.squeeze(cost))", "cost = np.float64(np.squeeze(cost))"),)),
    Variant("cost-with-np.dot", ((LOGPROBS, "logprobs = np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)"),)),
    Variant("sizes-by-unpacking", (("n_x = X.shape[0]", "n_x, _ = X.shape"), ("n_y = Y.shape[0]", "n_y = len(Y)"))),
    Variant("init-divides-by-100", ((DRAW_W1, "W1 = np.random.randn(n_h, n_x) / 100"),
                                    (DRAW_W2, "W2 = np.random.randn(n_y, n_h) / 100"))),
    Variant("sigmoid-written-out", (("A2 = sigmoid(Z2)", "A2 = 1 / (1 + np.exp(-Z2))"),)),
    Variant("model-updates-inline", (("parameters = update_parameters(parameters, grads)",
                                      'parameters = {k: parameters[k] - 1.2 * grads["d" + k] for k in parameters}'),)),
]

# Fully graded together: variants that change different lines and stay correct when combined.
TOGETHER = ["matmul-operator", "tanh-derivative-from-Z1", "np.mean-instead-of-sum/m", "predictions-as-int",
            "copy-by-dict-comprehension", "in-place-update-of-the-copy", "cost-as-np.float64", "sizes-by-unpacking",
            "init-divides-by-100", "sigmoid-written-out", "model-updates-inline"]
# Fully graded: one bug in every function except nn_model, all at once.
ALL_BUT_MODEL = ["sizes-hard-coded-n_x", "init-W2-drawn-first", "forward-sigmoid-hidden-layer", "cost-sign-flipped",
                 "backward-derivative-1-A1", "update-adds-the-gradient", "predict-threshold-0.6"]


@pytest.mark.parametrize("bug", BUGS, ids=[b.id for b in BUGS])
def test_bug_blames_only_its_function(tmp_path, bug):
    report = grade(tmp_path, bug.replacements, full=bug.function == "nn_model")
    assert_blames_only(report, bug)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_correct_variant_gets_full_marks(tmp_path, variant):
    assert_full_marks(grade(tmp_path, variant.replacements, full=False))


def test_variants_together_get_full_marks_with_nn_model(tmp_path):
    by_id = {v.id: v for v in VARIANTS}
    replacements = tuple(r for name in TOGETHER for r in by_id[name].replacements)
    report = grade(tmp_path, replacements, full=True)
    assert {r.check.function for r in report.results} == set(builtin_course().assignment("w3a1").functions)
    assert_full_marks(report)


def test_bugs_in_every_helper_do_not_reach_nn_model(tmp_path):
    by_id = {b.id: b for b in BUGS}
    bugs = [by_id[name] for name in ALL_BUT_MODEL]
    assert sorted(b.function for b in bugs) == sorted(WITHOUT_MODEL)
    report = grade(tmp_path, tuple(r for b in bugs for r in b.replacements), full=True)
    blamed = {r.check.function for r in not_passed(report)}
    model = [r for r in report.results if r.check.function == "nn_model"]
    assert model and all(r.outcome == "passed" for r in model), [(r.check.name, r.output[:300]) for r in model]
    assert blamed == set(WITHOUT_MODEL)


def test_the_exercise_scores_zero():
    report = grade_submission(reader.load(ROOT / "exercises" / SOLUTION), "w3a1")
    assert report.score == 0 and report.max_score > 0
    # Those that wait for another check (``after``) inherit its "not implemented".
    assert {r.outcome for r in report.results} == {"not_implemented"}

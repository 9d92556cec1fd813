"""Model checks at the speed of the training (grader.checking.fastpath): a check that replaces graded
helpers by the reference runs first with the learner's own helpers when they all pass their own
checks; a pass there is the verdict, anything else is decided by the run with the reference's
helpers, as before. The spies count the learner's calls to the reference (callbacks) and the fast runs.
"""

import dataclasses
import time

import numpy as np
import pytest

from grader import engine
from grader.checking import fastpath
from grader.checking.fixtures import given
from grader.checking.kit import Graded
from grader.checking.refcache import ReferenceCache
from grader.course import builtin as builtin_course
from grader.isolate.runner import Runner


# -- a small assignment: train() takes `steps` steps of w towards x, each by step() ---------------------
def step(w, x):
    return w - 0.1 * (w - x)


def train(x, steps):
    w = np.zeros_like(x)
    for _ in range(steps):
        w = step(w, x)
    return w


REFERENCES = {"step": step, "train": train}
STEP = Graded("step")
STEP_CHECKS = [STEP.case(given(np.ones(3), np.arange(3.0)), "3 values"), STEP.case(given(np.zeros(5), np.ones(5)))]
STEPS = 150  # callbacks of the run with the reference's step: at least fastpath.MIN_CALLBACKS
TRAIN = Graded("train", calls=("step",), timeout=30).case(given(np.linspace(0, 1, 1000), STEPS), "1000 values, {} steps"
                                                          .format(STEPS))
CHECKS = STEP_CHECKS + [TRAIN]

TRAIN_SOURCE = """
def train(x, steps):
    w = np.zeros_like(x)
    for _ in range(steps):
        w = step(w, x)
    return w
"""
STEP_SOURCES = {
    # Correct, with other rounding than the reference's.
    "written differently": "def step(w, x):\n    return 0.9 * w + 0.1 * x\n",
    # Correct, but 10 ms a call on the model's 1000 values (its own checks have 3 and 5): 1.5 s in all.
    "slow at scale": "def step(w, x):\n    if x.size > 100:\n        time.sleep(0.01)\n    return w - 0.1 * (w - x)\n",
    # Right on its own checks' inputs, wrong on the model's.
    "wrong at scale": "def step(w, x):\n    return w - 0.1 * (w - x) + (0.001 if x.size > 100 else 0.0)\n",
    # Fails its own checks.
    "wrong": "def step(w, x):\n    return w + 0.1 * (w - x)\n",
}


@pytest.fixture
def spy(monkeypatch):
    """Counts the callbacks (a helper replaced by the reference) and names the checks run the fast way."""
    seen = {"callbacks": 0, "fast": []}
    callback, variant = Runner._callback, fastpath.fast_variant

    def counting_callback(self, message):
        seen["callbacks"] += 1
        return callback(self, message)

    def recording_variant(check, seconds):
        seen["fast"].append(check.name)
        return variant(check, seconds)

    monkeypatch.setattr(Runner, "_callback", counting_callback)
    monkeypatch.setattr(fastpath, "fast_variant", recording_variant)
    return seen


def grade_train(learner_step, check=TRAIN, reference_cache=None):
    """The train check alone (its helper's checks run first, unreported), as ``--only train``."""
    source = "import time\nimport numpy as np\n\n" + STEP_SOURCES[learner_step] + TRAIN_SOURCE
    start = time.perf_counter()
    results, _ = engine.run_group([("learner.py", source)], [check], REFERENCES, reference_cache,
                                  assignment_checks=STEP_CHECKS + [check])
    assert [r.check for r in results] == [check]
    return results[0], time.perf_counter() - start


def test_helpers_written_differently_pass_with_no_callback(spy):
    result, _ = grade_train("written differently")
    assert (result.outcome, spy["callbacks"], spy["fast"]) == ("passed", 0, [TRAIN.name])


def test_a_helper_slow_only_at_scale_runs_out_of_the_fast_time_and_the_reference_run_decides(spy):
    result, seconds = grade_train("slow at scale")
    assert result.outcome == "passed"  # as with the reference's step: 1.5 s of sleeping would time out
    assert spy["fast"] == [TRAIN.name] and spy["callbacks"] == STEPS
    assert seconds < 8  # the fast run's limit (1 s here: the reference takes 1 ms), a restart, the fallback


def test_a_helper_wrong_only_on_the_models_inputs_leaves_the_verdict_to_the_reference_run(spy):
    result, _ = grade_train("wrong at scale")
    assert result.outcome == "passed"  # as before: the model itself is right
    assert spy["fast"] == [TRAIN.name] and spy["callbacks"] == STEPS


def test_a_helper_that_fails_its_own_checks_means_no_fast_run(spy):
    results, _ = engine.run_group([("learner.py", "import numpy as np\n" + STEP_SOURCES["wrong"] + TRAIN_SOURCE)],
                                  CHECKS, REFERENCES)
    assert [r.outcome for r in results] == ["failed", "failed", "passed"]
    assert spy["fast"] == [] and spy["callbacks"] == STEPS


@pytest.mark.parametrize("cache_reference", [False, True], ids=["slow reference", "cache_reference"])
def test_a_slow_or_cached_reference_is_kept_with_its_time_for_the_next_grading(spy, tmp_path, monkeypatch,
                                                                                cache_reference):
    computed = []

    def slow_train(x, steps):  # longer than fastpath.KEEP
        computed.append(steps)
        time.sleep(0.15)
        w = np.zeros_like(x)
        for _ in range(steps):
            w = step(w, x)
        return w

    monkeypatch.setitem(REFERENCES, "train", slow_train)
    check, cache = dataclasses.replace(TRAIN, cache_reference=cache_reference), ReferenceCache(tmp_path, sources=list)
    assert cache.timing(check, "") is None
    for _ in range(2):
        result, _ = grade_train("written differently", check, cache)
        assert result.outcome == "passed"
    assert 0.15 <= cache.timing(check, "")["seconds"] < 1 and cache.timing(check, "")["callbacks"] == STEPS
    assert (computed, spy["callbacks"], spy["fast"]) == ([STEPS], 0, [TRAIN.name] * 2)


def test_few_callbacks_or_callbacks_the_cache_replays_mean_no_fast_run(spy, tmp_path):
    """Fewer than MIN_CALLBACKS cost less than deciding; replies to callbacks of 1 MB or more are kept
    between gradings (W2A2's model on the cat data) and replayed faster than a training."""
    few = dataclasses.replace(TRAIN, name="train: 10 steps", inputs=given(np.linspace(0, 1, 1000), 10))
    assert (grade_train("written differently", few)[0].outcome, spy["fast"], spy["callbacks"]) == ("passed", [], 10)
    large = dataclasses.replace(TRAIN, name="train: 140,000 values", inputs=given(np.linspace(0, 1, 140_000), STEPS))
    (tmp_path / "unwritable").write_text("")  # the replies are kept nowhere: 150 x 2 MB
    result, _ = grade_train("written differently", large, ReferenceCache(tmp_path / "unwritable", sources=list))
    assert (result.outcome, spy["fast"]) == ("passed", [])
    result, _ = grade_train("written differently", large)  # no cache: nothing to replay
    assert (result.outcome, spy["fast"]) == ("passed", [large.name])


# -- the course's assignments ----------------------------------------------------------------------------------
W3A1_DIFFERENT = '''
import numpy as np


def layer_sizes(X, Y):
    return X.shape[0], 4, Y.shape[0]


def initialize_parameters(n_x, n_h, n_y):
    W1 = 0.01 * np.random.randn(n_h, n_x)
    W2 = 0.01 * np.random.randn(n_y, n_h)
    return {"W1": W1, "b1": np.zeros(shape=(n_h, 1)), "W2": W2, "b2": np.zeros(shape=(n_y, 1))}


def forward_propagation(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = 1.0 / (1.0 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
    return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}


def update_parameters(parameters, grads, learning_rate=1.2):
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    np.random.seed(3)
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        parameters = update_parameters(parameters, backward_propagation(parameters, cache, X, Y))
    return parameters
'''


def w3a1_check(text):
    return next(c for c in builtin_course().assignment("w3a1").checks if c.name.startswith(f"nn_model: {text}"))


def test_w3a1_helpers_written_differently_train_in_the_learners_process(spy):
    assignment = builtin_course().assignment("w3a1")
    small = w3a1_check("3 inputs, 10 examples")
    results, _ = engine.run_group([("mine.py", W3A1_DIFFERENT)], [small], assignment.references(), None, "w3a1")
    assert [r.outcome for r in results] == ["passed"]
    assert spy["fast"] == [small.name] and spy["callbacks"] == 0


def test_w3a1_reference_only_nn_model_full_marks_with_no_callback(spy, tmp_path):
    assignment = builtin_course().assignment("w3a1")
    report = engine.grade(assignment.solution_file, "w3a1", only=["nn_model"], reference_cache=ReferenceCache(tmp_path))
    assert {r.check.function for r in report.results} == {"nn_model"}  # the helpers' checks are not reported
    assert report.score == report.max_score == sum(c.points for c in assignment.checks if c.function == "nn_model")
    # The early run goes first (engine.prerequisites_first); the report keeps the checks' order.
    assert spy["callbacks"] == 0 and sorted(spy["fast"]) == sorted(r.check.name for r in report.results)
    assert spy["fast"][0] == "nn_model: flower, n_h = 4, first 1000 iterations"


def test_w2a2_propagate_wrong_only_on_optimizes_inputs(spy):
    assignment = builtin_course().assignment("w2a2")
    source = assignment.solution_file.read_text()
    wrong = source.replace("db = 1 / m * np.sum(A - Y)", "db = 1 / m * np.sum(A - Y) + (0.5 if m == 8 else 0.0)")
    assert wrong != source
    descent = next(c for c in assignment.checks if c.name == "optimize: 4 features, 8 examples, 250 iterations")
    results, _ = engine.run_group([("mine.py", wrong)], [descent], assignment.references(), None, "w2a2")
    assert [r.outcome for r in results] == ["passed"]  # optimize itself is right: with the reference's propagate
    assert spy["fast"] == [descent.name]
    assert spy["callbacks"] == 250 + 4  # and propagate's own four checks, each calling sigmoid once


def test_w2a2_model_calls_back_four_times_so_no_fast_run(spy):
    assignment = builtin_course().assignment("w2a2")
    public = next(c for c in assignment.checks if c.name.startswith("model: course public test"))
    results, _ = engine.run_group([("mine.py", assignment.solution_file.read_text())], [public],
                                  assignment.references(), None, "w2a2")
    assert ([r.outcome for r in results], spy["fast"], spy["callbacks"]) == (["passed"], [], 4)


def test_w2a2_the_helpers_a_model_reaches():
    assignment = builtin_course().assignment("w2a2")
    model = next(c for c in assignment.checks if c.function == "model")
    assert fastpath.reached(model, assignment.checks) == ["initialize_with_zeros", "optimize", "predict",
                                                          "propagate", "sigmoid"]

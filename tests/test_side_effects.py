"""A graded function must leave its inputs as they were: every check's call is watched for changes.

The learner's process copies the arguments before the call and lists what differs after it
(``grader.isolate.effects``); a change the version's contract does not allow (``may_change``)
fails the check, with the argument's name, what changed and what it does next.
"""

import dataclasses
import time

import numpy as np
import pytest

from corpus import grade_variant, not_passed
from grader import engine
from grader.checking.fixtures import given
from grader.checking.kit import Graded
from grader.course import builtin as builtin_course
from grader.isolate import effects
from grader.load import reader

W2A2 = "w2a2_logistic_regression.py"
W3A1 = "w3a1_planar_data.py"
W4A1 = "w4a1_deep_nn_step_by_step.py"
ZEROES_ITS_INPUTS = (("    return grads, cost", "    X *= 0\n    w *= 0\n    return grads, cost"),)


# -- what the learner's process sees ------------------------------------------------------------------

def changes_of(mutate, *args, **kwargs):
    before = effects.snapshot(args, kwargs)
    mutate(*args, **kwargs)
    return effects.changes(before, args, kwargs)


def test_an_untouched_call_has_no_changes_nan_included():
    x = np.array([1.0, np.nan])
    assert changes_of(lambda a, d: a + 1, x, {"W": x.copy(), "l": [x.copy(), 3]}) == []


@pytest.mark.parametrize("mutate, expected", [
    (lambda a: a.__imul__(0), {"arg": 0, "path": [], "kind": "values", "differ": 3, "size": 3, "zeros": True}),
    (lambda a: a.__setitem__(1, 2.5), {"arg": 0, "path": [], "kind": "values", "differ": 1, "size": 3,
                                       "max_change": 0.5, "zeros": False}),
    (lambda a: a.resize((1, 3), refcheck=False), {"arg": 0, "path": [], "kind": "shape", "before": "(3,)",
                                                  "after": "(1, 3)"}),
])
def test_an_array_changed_in_place_is_described(mutate, expected):
    found, = changes_of(mutate, np.array([1.0, 2.0, 3.0]))
    assert {k: found[k] for k in expected} == expected


def test_dicts_and_lists_are_compared_item_by_item():
    params = {"W1": np.ones((3, 4)), "b1": np.zeros((3, 1))}
    caches = [(np.ones(2), np.ones(2)), (np.ones(2), np.ones(2))]

    def mutate(parameters, caches, learning_rate=0.1):
        parameters["W1"] -= 0.03
        del parameters["b1"]
        parameters["dW1"] = 0
        caches.pop()

    found = changes_of(mutate, params, caches, learning_rate=0.1)
    assert [(c["arg"], c["path"], c["kind"]) for c in found] == [
        (0, [], "removed"), (0, [], "added"), (0, ["W1"], "values"), (1, [], "length")]
    names = effects.argument_names(mutate, (params, caches), {"learning_rate": 0.1})
    words = [effects.describe(c, names[c["arg"]]) for c in found]
    assert words == ["the key 'b1' was removed from parameters", "the key 'dW1' was added to parameters",
                     "parameters['W1'] changed: 12 of 12 values differ, largest change 0.03",
                     "caches had 2 items, it now has 1"]


def test_what_the_learner_process_reports_is_checked_before_use():
    report = [{"arg": 0, "path": [], "kind": "values"}, {"arg": [], "path": [], "kind": "values"},
              {"arg": 0, "path": [{}], "kind": "values"}, {"arg": 0, "path": [], "kind": "rm -rf"}, "x"]
    assert effects.valid(report) == report[:1]
    assert effects.valid("not a list") == []


def test_watching_the_cat_data_costs_little():
    X = np.random.RandomState(0).rand(12288, 209)  # the cat data's X, 20 MB
    start = time.perf_counter()
    assert changes_of(lambda X: None, X) == []
    seconds = time.perf_counter() - start
    print(f"copy and compare of a (12288, 209) X: {seconds * 1000:.0f} ms")
    assert seconds < 1.0


# -- grading ------------------------------------------------------------------------------------------

def test_a_propagate_that_zeroes_its_inputs_fails_every_check_with_the_argument_and_the_consequence(tmp_path):
    report = grade_variant(tmp_path, W2A2, ZEROES_ITS_INPUTS, "w2a2", only=["propagate"])
    assert report.score == 0 and {r.outcome for r in report.results} == {"failed"}
    message = report.results[0].output
    assert message.startswith("propagate changed its arguments w and X in place: w became all zeros; "
                              "X became all zeros. The caller's w and X change with them: ")
    assert "your optimize calls propagate with the same X at every iteration: it will train on zeros" in message
    assert "Its output is right: only this change fails the check." in message
    assert report.results[0].mistake == "an argument is changed in place instead of computing new values"


def test_the_reference_propagate_passes(tmp_path):
    report = grade_variant(tmp_path, W2A2, (), "w2a2", only=["propagate", "optimize"])
    assert not not_passed(report)


def test_a_wrong_output_and_a_changed_input_are_both_said(tmp_path):
    bug = (("    return grads, cost", "    Y[...] = 1 - Y\n    return grads, 2 * cost"),)
    report = grade_variant(tmp_path, W2A2, bug, "w2a2", only=["propagate"])
    message = report.results[0].output
    assert message.startswith("propagate changed its argument Y in place: Y changed: ")
    assert "it will train on a changed Y" in message
    assert "\nIts output is wrong too: cost" in message


def test_an_argument_the_contract_lets_change_is_allowed(tmp_path):
    path = tmp_path / W2A2
    path.write_text((reader.Path(__file__).parent.parent / "solutions" / W2A2).read_text().replace(
        ZEROES_ITS_INPUTS[0][0], ZEROES_ITS_INPUTS[0][1]))
    spec = builtin_course().assignment("w2a2")
    checks = [c for c in spec.checks if c.function == "propagate"]
    references = spec.references()
    for may_change, outcomes in [(("X", "w"), {"passed"}), (("X",), {"failed"})]:
        allowed = [dataclasses.replace(c, may_change=may_change) for c in checks]
        results, _ = engine.run_group(reader.load(path).chunks, allowed, references, None, "w2a2")
        assert {r.outcome for r in results} == outcomes, [r.output for r in results]
    assert "changed its argument w in place" in results[0].output  # X allowed, w not


def test_the_kit_sets_may_change_and_the_consequence_on_every_check():
    row = Graded("update", may_change=("parameters",), consequence={"parameters": "it trains on {now}"})
    check = row.case(given(1), "one")
    assert check.may_change == ("parameters",) and check.consequence == {"parameters": "it trains on {now}"}


def test_a_dict_argument_changed_in_place_is_named_by_key(tmp_path):
    bug = (("    L = len(parameters) // 2  # number of layers with weights\n",
            "    L = len(parameters) // 2  # number of layers with weights\n"
            "    parameters['W1'] += 0.03\n    parameters['seen'] = True\n"),)
    report = grade_variant(tmp_path, W4A1, bug, "w4a1", only=["L_model_forward"])
    message = report.results[0].output
    assert {r.outcome for r in report.results} == {"failed"}
    assert "parameters['W1'] changed: " in message and "values differ, largest change 0.03" in message
    assert "the key 'seen' was added to parameters" in message
    assert "L_layer_model keeps its parameters between iterations" in message


def test_the_existing_unchanged_checks_stay(tmp_path):
    names = [c.name for c in builtin_course().assignment("w2a2").checks if c.return_args]
    assert names == ["optimize: leaves w unchanged"]

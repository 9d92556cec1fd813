"""Submission corpus of W4A2 (the cat classifier): realistic mistakes and correct variants.

Each bug must fail its own model, with the grader's diagnosis, and must fail fast: at the small
checks or the early 100-iteration run on the cat pictures, so that the 2500-iteration run is not
made (its checks say "not run", via ``after``). Each variant must get full marks, full runs included.

Every submission is graded with ``only=[its model]``. That is honest here: the two graded models
share no graded code (neither calls the other, and both call only the course's provided helpers in
``nndl.dnn_app_utils``, which the submission does not define), so a change inside one model cannot
change the other's verdicts; grading the other model too would only add its 2500-iteration runs.

Runtime: a bug takes a few seconds (the small checks, then 100 iterations on the cat pictures); a
variant takes one full run of its model, about 20 to 40 s with one BLAS thread. The reference's cat
runs are computed once and then read from the reference cache.
"""

import pytest

from corpus import Bug, Variant, assert_blames_only, assert_full_marks, grade_variant

SOLUTION = "w4a2_deep_nn_application.py"

DA2 = "dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))"
READ_BACK = ('        W1 = parameters["W1"]\n        b1 = parameters["b1"]\n'
             '        W2 = parameters["W2"]\n        b2 = parameters["b2"]\n')
TWO_LAYER_UPDATE = ("# BEGIN SOLUTION (≈ 1 line)\n"
                    "        parameters = update_parameters(parameters, grads, learning_rate)\n"
                    "        # END SOLUTION\n        W1")
L_LAYER_UPDATE = "        parameters = update_parameters(parameters, grads, learning_rate)\n        # END SOLUTION\n\n"
L_LAYER_RECORD = ("        # END SOLUTION\n\n        if print_cost and (i % 100 == 0 or i == num_iterations - 1):\n"
                  '            print(f"Cost after iteration {i}: {np.squeeze(cost)}")\n        if i % 100 == 0:\n'
                  "            costs.append(cost)")
TWO_LAYER_SEED = "np.random.seed(1)\n    grads = {}"
L_LAYER_SEED = "np.random.seed(1)\n    costs = []\n    # BEGIN SOLUTION"
TWO_LAYER_RECORD = ('b2 = parameters["b2"]\n\n        if print_cost and (i % 100 == 0 or i == num_iterations - 1):\n'
                    '            print(f"Cost after iteration {i}: {np.squeeze(cost)}")\n        if i % 100 == 0:\n'
                    "            costs.append(cost)")

BUGS = [
    Bug("two_layer_model", "two-layer-dA2-sign", ((DA2, "dA2 = np.divide(Y, A2) - np.divide(1 - Y, 1 - A2)"),),
        "dA2 has the wrong sign"),
    Bug("two_layer_model", "two-layer-weights-not-read-back",
        ((READ_BACK + "\n        if print_cost", "        if print_cost"),),
        "the forward pass keeps using the initial weights"),
    Bug("two_layer_model", "two-layer-learning-rate-ignored",
        ((TWO_LAYER_UPDATE, TWO_LAYER_UPDATE.replace("grads, learning_rate)", "grads, 0.0075)")),),
        "the learning rate is fixed at 0.0075"),
    Bug("L_layer_model", "L-layer-costs-every-iteration",
        ((L_LAYER_RECORD, L_LAYER_RECORD.replace("if i % 100 == 0:", "if True:")),), "recorded at every iteration"),
    Bug("L_layer_model", "L-layer-update-not-kept",
        ((L_LAYER_UPDATE, L_LAYER_UPDATE.replace("parameters = update_parameters", "update_parameters")),),
        "the result of update_parameters is not kept"),
]

# (model, variant): correct code written differently.
VARIANTS = [
    # Without np.random.seed(1): the provided initializers seed themselves, so nothing changes.
    ("two_layer_model", Variant("two-layer-no-seed-float-costs-dA2-rewritten",
                                ((TWO_LAYER_SEED, "grads = {}"),
                                 (DA2, "dA2 = -Y / A2 + (1 - Y) / (1 - A2)"),
                                 (TWO_LAYER_RECORD, TWO_LAYER_RECORD.replace("costs.append(cost)",
                                                                             "costs.append(float(cost))"))))),
    ("L_layer_model", Variant("L-layer-no-seed-float-costs",
                              ((L_LAYER_SEED, "costs = []\n    # BEGIN SOLUTION"),
                               (L_LAYER_RECORD, L_LAYER_RECORD.replace("costs.append(cost)",
                                                                       "costs.append(float(np.squeeze(cost)))"))))),
]


@pytest.mark.parametrize("bug", BUGS, ids=[b.id for b in BUGS])
def test_bug_is_caught_before_the_full_run(tmp_path, bug):
    report = grade_variant(tmp_path, SOLUTION, bug.replacements, "w4a2", only=[bug.function])
    assert_blames_only(report, bug)
    # Fast: a check before the full run fails (the 100-iteration cat run, or a small check when the
    # cat run cannot see the bug: a learning rate fixed at the cat run's 0.0075), so the full run is skipped.
    before = [r for r in report.results if "2500 iterations" not in r.check.name]
    assert any(r.outcome == "failed" for r in before), [(r.check.name, r.outcome) for r in before]
    full = [r for r in report.results if "2500 iterations" in r.check.name]
    assert full and all(r.output.startswith("not run") for r in full), [(r.check.name, r.output[:80]) for r in full]


@pytest.mark.parametrize("function, variant", VARIANTS, ids=[v.id for _, v in VARIANTS])
def test_variant_gets_full_marks(tmp_path, function, variant):
    assert_full_marks(grade_variant(tmp_path, SOLUTION, variant.replacements, "w4a2", only=[function]))

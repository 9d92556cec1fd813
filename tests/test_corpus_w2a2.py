"""Submission corpus of W2A2 (logistic regression): classic mistakes and correct rewrites.

Every ``Bug`` must fail a check of its own function only, with the diagnosis in ``message``;
every ``Variant`` (correct code written differently) must get full marks. Grading includes the
cat-data training runs of ``model`` (the reference's outputs are cached on disk after the first
run), so this file takes a few minutes.
"""

import pytest

from corpus import Bug, Variant, assert_blames_only, assert_full_marks, grade_variant

SOLUTION = "w2a2_logistic_regression.py"

SIGMOID = "s = 1 / (1 + np.exp(-z))"
DW = "dw = np.dot(X, (A - Y).T) / m"
DB = "db = 1 / m * np.sum(A - Y)"
COST = "cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))"
W_UPDATE, B_UPDATE = "w = w - learning_rate * dw", "b = b - learning_rate * db"
PREDICT_A = "A = sigmoid(np.dot(w.T, X) + b)  # (1, n_x) @ (n_x, m) -> (1, m)\n    Y_prediction"
PROPAGATE_A = "A = sigmoid(np.dot(w.T, X) + b)  # (1, n_x) @ (n_x, m) -> (1, m)\n    cost"
THRESHOLD = "Y_prediction = (A > 0.5).astype(float)"
OPTIMIZE_CALL = "params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)"
PREDICTIONS = "Y_prediction_test = predict(w, b, X_test)\n    Y_prediction_train = predict(w, b, X_train)"

BUGS = [
    # sigmoid
    Bug("sigmoid", "sigmoid-sign", ((SIGMOID, "s = 1 / (1 + np.exp(z))"),), "the minus sign in exp(-z) is missing"),
    Bug("sigmoid", "sigmoid-minus-one", ((SIGMOID, "s = 1 / (1 - np.exp(-z))"),)),
    # initialize_with_zeros
    Bug("initialize_with_zeros", "init-w-row", (("w = np.zeros((dim, 1))", "w = np.zeros((1, dim))"),),
        "it is transposed"),
    Bug("initialize_with_zeros", "init-b-int", (("b = 0.0\n    # END SOLUTION", "b = 0\n    # END SOLUTION"),),
        "expected a Python float"),
    Bug("initialize_with_zeros", "init-w-1d", (("w = np.zeros((dim, 1))", "w = np.zeros(dim)"),),
        "np.zeros((dim, 1))"),
    Bug("initialize_with_zeros", "init-b-array",
        (("b = 0.0\n    # END SOLUTION", "b = np.zeros(1)\n    # END SOLUTION"),),
        "expected a Python float"),
    # propagate
    Bug("propagate", "propagate-dw-no-1/m", ((DW, "dw = np.dot(X, (A - Y).T)"),), "the 1/m is missing"),
    Bug("propagate", "propagate-dw-transposed", ((DW, "dw = np.dot(A - Y, X.T) / m"),), "transposed"),
    Bug("propagate", "propagate-cost-sign", ((COST, COST.replace("cost = -1 / m", "cost = 1 / m")),), "sign flipped"),
    Bug("propagate", "propagate-cost-no-1/m", ((COST, COST.replace("cost = -1 / m * ", "cost = -")),),
        "the 1/m is missing"),
    Bug("propagate", "propagate-db-axis0", ((DB, "db = 1 / m * np.sum(A - Y, axis=0)"),), "axis=0"),
    Bug("propagate", "propagate-db-no-1/m", ((DB, "db = np.sum(A - Y)"),), "the 1/m is missing"),
    Bug("propagate", "propagate-dz-flipped",
        ((DW, "dw = np.dot(X, (Y - A).T) / m"), (DB, "db = 1 / m * np.sum(Y - A)")),
        "sign flipped"),
    Bug("propagate", "propagate-no-b", ((PROPAGATE_A, PROPAGATE_A.replace(" + b)", ")")),),
        "b was left out"),
    # optimize
    Bug("optimize", "optimize-plus",
        ((W_UPDATE, "w = w + learning_rate * dw"), (B_UPDATE, "b = b + learning_rate * db")),
        "adds the gradient"),
    Bug("optimize", "optimize-no-learning-rate", ((W_UPDATE, "w = w - dw"), (B_UPDATE, "b = b - db")),
        "learning_rate is not used"),
    Bug("optimize", "optimize-costs-every-iteration", (("if i % 100 == 0:", "if i % 1 == 0:"),),
        "every iteration"),
    Bug("optimize", "optimize-mutates-w", (("    w = copy.deepcopy(w)\n", ""), (W_UPDATE, "w -= learning_rate * dw")),
        "changed its argument w"),
    Bug("optimize", "optimize-b-not-updated", ((B_UPDATE, "b = b"),), "b is never updated"),
    # predict
    Bug("predict", "predict-probabilities", ((THRESHOLD, "Y_prediction = A"),), "probabilities"),
    Bug("predict", "predict-threshold-on-z",
        ((PREDICT_A, "Z = np.dot(w.T, X) + b\n    Y_prediction"),
         (THRESHOLD, "Y_prediction = (Z > 0.5).astype(float)")),
        "z = wᵀX + b"),
    Bug("predict", "predict-forgets-b", ((PREDICT_A, PREDICT_A.replace(" + b)", ")")),), "b was left out"),
    Bug("predict", "predict-flipped-labels", ((THRESHOLD, "Y_prediction = (A < 0.5).astype(float)"),),
        "0 and 1 are swapped"),
    # model
    Bug("model", "model-default-hyperparameters",
        ((OPTIMIZE_CALL, "params, grads, costs = optimize(w, b, X_train, Y_train)"),),
        "num_iterations and learning_rate"),
    Bug("model", "model-swapped-predictions",
        ((PREDICTIONS, "Y_prediction_test = predict(w, b, X_train)\n    Y_prediction_train = predict(w, b, X_test)"),),
        "swapped"),
    Bug("model", "model-untrained-w", (('    w = params["w"]\n    b = params["b"]\n', ""),), "from before training"),
    Bug("model", "model-trains-on-test-set",
        ((OPTIMIZE_CALL, OPTIMIZE_CALL.replace("X_train, Y_train,", "X_test, Y_test,")),), "test set"),
]

VARIANTS = [
    Variant("sigmoid-exp-over-1-plus-exp", ((SIGMOID, "s = np.exp(z) / (1 + np.exp(z))"),)),
    Variant("init-float-of-zero-and-keywords",
            (("w = np.zeros((dim, 1))", "w = np.zeros(shape=(dim, 1), dtype=float)"),
             ("b = 0.0\n    # END SOLUTION", "b = float(0)\n    # END SOLUTION"))),
    Variant("init-b-dot", (("b = 0.0\n    # END SOLUTION", "b = 0.\n    # END SOLUTION"),)),
    Variant("propagate-matmul-mean",
            ((PROPAGATE_A, "A = sigmoid(w.T @ X + b)\n    cost"),
             (COST, "cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))"),
             (DW, "dw = X @ (A - Y).T / m"),
             (DB, "db = np.mean(A - Y)"))),
    Variant("propagate-np-divide-float-cost",
            ((DW, "dw = np.divide(np.dot(X, (A - Y).T), m)"),
             (DB, "db = np.divide(np.sum(A - Y), m)"),
             ("cost = np.squeeze(np.array(cost))", "cost = float(cost)"))),
    Variant("propagate-dot-cost", ((COST, "cost = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m"),)),
    Variant("optimize-in-place-on-copy",
            ((W_UPDATE, "w -= learning_rate * dw"), (B_UPDATE, "b -= learning_rate * db"))),
    Variant("optimize-float-costs", (("costs.append(cost)", "costs.append(float(cost))"),)),
    Variant("predict-bool", ((THRESHOLD, "Y_prediction = A > 0.5"),)),
    Variant("predict-int-where", ((PREDICT_A, "A = sigmoid(w.T @ X + b)\n    Y_prediction"),
                                  (THRESHOLD, "Y_prediction = np.where(A > 0.5, 1, 0)"))),
    Variant("predict-round", ((THRESHOLD, "Y_prediction = np.round(A)"),)),
    Variant("model-keywords",
            ((OPTIMIZE_CALL, "params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations, "
                             "learning_rate=learning_rate, print_cost=print_cost)"),
             (PREDICTIONS,
              "Y_prediction_train = predict(w, b, X_train)\n    Y_prediction_test = predict(w, b, X_test)"))),
]


@pytest.mark.parametrize("bug", BUGS, ids=[b.id for b in BUGS])
def test_bug_is_caught(tmp_path, bug):
    assert_blames_only(grade_variant(tmp_path, SOLUTION, bug.replacements, "w2a2"), bug)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_variant_gets_full_marks(tmp_path, variant):
    assert_full_marks(grade_variant(tmp_path, SOLUTION, variant.replacements, "w2a2"))

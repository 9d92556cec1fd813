"""Submission corpus of W4A1 (deep network, step by step): realistic mistakes and correct variants.

Each bug must fail its own function, with the grader's diagnosis where it gives one, and nothing
else (the checks of a function replace the graded functions it calls by the reference, so a bug in
``linear_forward`` cannot reach ``L_model_forward``); each variant (correct code written
differently) must get full marks. W4A1 has no training run: a grading takes about a second.
"""

import pytest

from corpus import Bug, Variant, assert_blames_only, assert_full_marks, grade_variant

SOLUTION = "w4a1_deep_nn_step_by_step.py"

SEED_1 = "np.random.seed(1)\n    # BEGIN SOLUTION (≈ 4 lines)"
DRAW_W1 = "W1 = np.random.randn(n_h, n_x) * 0.01"
ZERO_B1 = "b1 = np.zeros((n_h, 1))"
SEED_3 = "np.random.seed(3)\n    parameters = {}"
DEEP_W = 'parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01'
DEEP_B = 'parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))'
LINEAR = "Z = np.dot(W, A) + b"
SIGMOID_FORWARD = "A, activation_cache = sigmoid(Z)"
RELU_FORWARD = "A, activation_cache = relu(Z)"
CACHE = "cache = (linear_cache, activation_cache)"
RELU_LAYER = 'A, cache = linear_activation_forward(A_prev, parameters[f"W{l}"], parameters[f"b{l}"], "relu")'
FORWARD_LOOP = "for l in range(1, L):\n        A_prev = A"
APPEND_IN_LOOP = "caches.append(cache)\n        # END SOLUTION"
COST = "cost = -1 / m * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))"
SQUEEZE = "cost = np.squeeze(cost)  # [[J]] -> J"
DW = "dW = np.dot(dZ, A_prev.T) / m"
DB = "db = np.sum(dZ, axis=1, keepdims=True) / m"
DA_PREV = "dA_prev = np.dot(W.T, dZ)"
RELU_BACKWARD = "dZ = relu_backward(dA, activation_cache)"
SIGMOID_BACKWARD = "dZ = sigmoid_backward(dA, activation_cache)"
DAL = "dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))"
LAST_CACHE = "current_cache = caches[L - 1]"
LOOP_DW = 'grads[f"dW{l + 1}"] = dW'
W_UPDATE = 'parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]'
B_UPDATE = 'parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]'
DEEPCOPY = "parameters = copy.deepcopy(params)"
UPDATE_LOOP = (f"for l in range(1, L + 1):\n        # BEGIN SOLUTION (≈ 2 lines)\n"
               f"        {W_UPDATE}\n        {B_UPDATE}")

BUGS = [
    # initialize_parameters
    Bug("initialize_parameters", "init-biases-ones", ((ZERO_B1, "b1 = np.ones((n_h, 1))"),), "should be exactly zero"),
    Bug("initialize_parameters", "init-scale-0.1", ((DRAW_W1, "W1 = np.random.randn(n_h, n_x) * 0.1"),),
        "standard deviation"),
    Bug("initialize_parameters", "init-seed-deleted", ((SEED_1, "# BEGIN SOLUTION (≈ 4 lines)"),),
        "np.random.seed(1) is missing"),
    Bug("initialize_parameters", "init-seed-after-W1",
        ((SEED_1, "# BEGIN SOLUTION (≈ 4 lines)"), (DRAW_W1, f"{DRAW_W1}\n    np.random.seed(1)")),
        "np.random.seed(1) comes after W1 is drawn"),
    # initialize_parameters_deep
    Bug("initialize_parameters_deep", "deep-seed-in-loop",
        ((SEED_3, "parameters = {}"), (DEEP_W, f"np.random.seed(3)\n        {DEEP_W}")), "inside the loop"),
    Bug("initialize_parameters_deep", "deep-sqrt-scale",
        ((DEEP_W, DEEP_W.replace("* 0.01", "/ np.sqrt(layer_dims[l - 1])")),), "1/sqrt(layer_dims[l - 1])"),
    Bug("initialize_parameters_deep", "deep-biases-ones", ((DEEP_B, DEEP_B.replace("zeros", "ones")),),
        "should be exactly zero"),
    # linear_forward
    Bug("linear_forward", "linear-W-transposed", ((LINEAR, "Z = np.dot(W.T, A) + b"),), "W was transposed"),
    Bug("linear_forward", "linear-missing-b", ((LINEAR, "Z = np.dot(W, A)"),), "b was left out"),
    # linear_activation_forward
    Bug("linear_activation_forward", "activation-forward-swapped",
        ((SIGMOID_FORWARD, "A, activation_cache = relu (Z)"), (RELU_FORWARD, SIGMOID_FORWARD)),
        "sigmoid and relu are swapped"),
    Bug("linear_activation_forward", "activation-forward-cache-order",
        ((CACHE, "cache = (activation_cache, linear_cache)"),), "the cache is (activation_cache, linear_cache)"),
    # L_model_forward
    Bug("L_model_forward", "L-forward-sigmoid-everywhere", ((RELU_LAYER, RELU_LAYER.replace('"relu"', '"sigmoid"')),),
        "every layer uses sigmoid"),
    Bug("L_model_forward", "L-forward-loop-off-by-one", ((FORWARD_LOOP, FORWARD_LOOP.replace("L)", "L - 1)")),),
        "the loop stops one layer early"),
    Bug("L_model_forward", "L-forward-caches-not-appended", ((APPEND_IN_LOOP, "# END SOLUTION"),),
        "only the last layer's cache"),
    # compute_cost
    Bug("compute_cost", "cost-missing-1/m", ((COST, COST.replace("-1 / m * ", "-")),), "the 1/m is missing"),
    Bug("compute_cost", "cost-sign", ((COST, COST.replace("-1 / m", "1 / m")),), "sign flipped"),
    Bug("compute_cost", "cost-not-squeezed", ((SQUEEZE, ""),), "squeeze it to a scalar"),
    # linear_backward
    Bug("linear_backward", "linear-backward-dW-missing-1/m", ((DW, "dW = np.dot(dZ, A_prev.T)"),),
        "the 1/m is missing"),
    Bug("linear_backward", "linear-backward-db-no-keepdims", ((DB, "db = np.sum(dZ, axis=1) / m"),), "keepdims"),
    Bug("linear_backward", "linear-backward-dA_prev-transposed", ((DA_PREV, "dA_prev = np.dot(dZ.T, W)"),),
        "it is transposed"),
    Bug("linear_backward", "linear-backward-dA_prev-W-not-transposed", ((DA_PREV, "dA_prev = np.dot(W, dZ)"),),
        "the gradient goes back through Wᵀ"),
    Bug("linear_backward", "linear-backward-db-all-entries", ((DB, "db = np.sum(dZ) / m"),),
        "sum over the examples only"),
    # linear_activation_backward
    Bug("linear_activation_backward", "activation-backward-swapped",
        ((RELU_BACKWARD, "dZ = sigmoid_backward (dA, activation_cache)"), (SIGMOID_BACKWARD, RELU_BACKWARD)),
        "relu_backward and sigmoid_backward are swapped"),
    # L_model_backward
    Bug("L_model_backward", "L-backward-dAL-sign", ((DAL, "dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)"),),
        "sign flipped"),
    Bug("L_model_backward", "L-backward-wrong-cache-index", ((LAST_CACHE, "current_cache = caches[L - 2]"),),
        "its cache is caches[L - 1]"),
    Bug("L_model_backward", "L-backward-grads-key-off-by-one", ((LOOP_DW, 'grads[f"dW{l}"] = dW'),),
        "is missing the key 'dW1'"),
    # update_parameters
    Bug("update_parameters", "update-plus", ((W_UPDATE, W_UPDATE.replace(" - ", " + ")),
                                             (B_UPDATE, B_UPDATE.replace(" - ", " + "))), "adds the gradient"),
    Bug("update_parameters", "update-mutates-params", ((DEEPCOPY, "parameters = params"),),
        "changed its argument params"),
]

VARIANTS = [
    Variant("matmul-operator",
            ((LINEAR, "Z = W @ A + b"), (DW, "dW = dZ @ A_prev.T / m"), (DA_PREV, "dA_prev = W.T @ dZ"))),
    Variant("relu-inline-mask", ((RELU_FORWARD, "A, activation_cache = Z * (Z > 0), Z"),)),
    Variant("linear-once-before-the-branches",
            (('    if activation == "sigmoid":\n',
              '    Z, linear_cache = linear_forward(A_prev, W, b)\n    if activation == "sigmoid":\n'),
             (f"Z, linear_cache = linear_forward(A_prev, W, b)\n        {SIGMOID_FORWARD}", SIGMOID_FORWARD),
             (f"Z, linear_cache = linear_forward(A_prev, W, b)\n        {RELU_FORWARD}", RELU_FORWARD))),
    Variant("cost-np-mean-float",
            ((COST, "cost = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))"),
             (SQUEEZE, "cost = float(np.squeeze(cost))"))),
    Variant("cost-sum-over-m-0d",
            ((COST, "cost = -np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL))) / m"),)),
    Variant("deep-str-keys", ((DEEP_W, DEEP_W.replace('f"W{l}"', '"W" + str(l)')),
                              (DEEP_B, DEEP_B.replace('f"b{l}"', '"b" + str(l)')))),
    Variant("linear-backward-mean", ((DB, "db = np.mean(dZ, axis=1, keepdims=True)"),
                                     (DW, "dW = 1 / m * np.dot(dZ, A_prev.T)"))),
    Variant("L-backward-sigmoid-shortcut",
            ((DAL, "dAL = -(Y / AL) + (1 - Y) / (1 - AL)"),
             ('dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")',
              "dA_prev, dW, db = linear_backward(AL - Y, current_cache[0])"))),
    Variant("update-dict-comprehension",
            ((UPDATE_LOOP + "\n        # END SOLUTION",
              'parameters = {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}'),)),
    Variant("update-in-place-on-the-copy", ((W_UPDATE, 'parameters[f"W{l}"] -= learning_rate * grads[f"dW{l}"]'),
                                            (B_UPDATE, 'parameters[f"b{l}"] -= learning_rate * grads[f"db{l}"]'))),
]


@pytest.mark.parametrize("bug", BUGS, ids=[b.id for b in BUGS])
def test_bug_is_caught(tmp_path, bug):
    assert_blames_only(grade_variant(tmp_path, SOLUTION, bug.replacements, "w4a1"), bug)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_variant_gets_full_marks(tmp_path, variant):
    assert_full_marks(grade_variant(tmp_path, SOLUTION, variant.replacements, "w4a1"))

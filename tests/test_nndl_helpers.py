"""The helpers the course provides: activations (``nndl.dnn_utils``) and W4A2's building blocks
(``nndl.dnn_app_utils``)."""

import copy

import numpy as np
import pytest

from nndl import dnn_app_utils as app
from nndl.dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward
from solutions import w4a1_deep_nn_step_by_step as step

# --- activations ------------------------------------------------------------------------------


def test_sigmoid_returns_the_activation_and_Z_as_cache():
    Z = np.array([[-1.0, 0.0, 2.0]])
    A, cache = sigmoid(Z)
    np.testing.assert_allclose(A, [[1 / (1 + np.e), 0.5, 1 / (1 + np.exp(-2.0))]], rtol=1e-12)
    assert cache is Z


def test_relu_returns_the_activation_and_Z_as_cache():
    Z = np.array([[-1.5, 0.0, 2.0]])
    A, cache = relu(Z)
    np.testing.assert_array_equal(A, [[0.0, 0.0, 2.0]])
    assert cache is Z


def test_relu_backward_zeroes_where_Z_is_not_positive():
    Z = np.array([[-2.0, 0.0, 1e-300, 3.0]])
    dA = np.array([[5.0, 6.0, 7.0, 8.0]])
    dZ = relu_backward(dA, Z)
    np.testing.assert_array_equal(dZ, [[0.0, 0.0, 7.0, 8.0]])  # Z == 0 counts as "not positive"
    np.testing.assert_array_equal(dA, [[5.0, 6.0, 7.0, 8.0]])  # dA itself is left alone


def test_sigmoid_backward_matches_a_centred_difference():
    np.random.seed(0)
    Z = np.random.randn(3, 4) * 3
    dA = np.random.randn(3, 4)
    eps = 1e-6
    numeric = dA * (sigmoid(Z + eps)[0] - sigmoid(Z - eps)[0]) / (2 * eps)
    np.testing.assert_allclose(sigmoid_backward(dA, Z), numeric, rtol=1e-7, atol=1e-12)


# --- W4A2's initializers ----------------------------------------------------------------------


def test_initialize_parameters_seeds_itself_with_1_and_scales_by_0_01():
    np.random.seed(99)  # any earlier state is overwritten by the seed inside
    parameters = app.initialize_parameters(5, 3, 2)
    np.random.seed(1)
    W1 = np.random.randn(3, 5) * 0.01
    W2 = np.random.randn(2, 3) * 0.01
    np.testing.assert_array_equal(parameters["W1"], W1)
    np.testing.assert_array_equal(parameters["W2"], W2)
    np.testing.assert_array_equal(parameters["b1"], np.zeros((3, 1)))
    np.testing.assert_array_equal(parameters["b2"], np.zeros((2, 1)))


def test_initialize_parameters_matches_the_course_numbers():
    # Same seed and scaling as W4A1's initialize_parameters, so the same published values.
    parameters = app.initialize_parameters(3, 2, 1)
    W1 = [[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]]
    np.testing.assert_allclose(parameters["W1"], W1, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(parameters["W2"], [[0.01744812, -0.00761207]], rtol=1e-7, atol=1e-8)


def test_initialize_parameters_deep_seeds_itself_with_1_and_scales_by_one_over_sqrt_n_prev():
    layer_dims = [6, 4, 3, 1]
    np.random.seed(99)
    parameters = app.initialize_parameters_deep(layer_dims)
    assert set(parameters) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    np.random.seed(1)
    for l in range(1, len(layer_dims)):
        W = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        np.testing.assert_array_equal(parameters[f"W{l}"], W, err_msg=f"W{l}")
        np.testing.assert_array_equal(parameters[f"b{l}"], np.zeros((layer_dims[l], 1)), err_msg=f"b{l}")


def test_initialize_parameters_deep_on_the_cat_model_is_not_the_0_01_scaling():
    parameters = app.initialize_parameters_deep([12288, 20, 7, 5, 1])
    # /sqrt(12288) is about 0.009, /sqrt(5) about 0.45: the standard deviations show the scaling.
    assert parameters["W1"].std() == pytest.approx(1 / np.sqrt(12288), rel=0.01)
    assert parameters["W4"].std() > 0.1


# --- W4A2's forward / backward / update agree with the W4A1 reference ---------------------------


def seeded(*shapes, seed=4):
    np.random.seed(seed)
    return [np.random.randn(*shape) for shape in shapes]


def three_layer_case():
    X, W1, b1, W2, b2, W3, b3 = seeded((5, 7), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    Y = (seeded((1, 7), seed=5)[0] > 0).astype(int)
    return X, Y, parameters


def run_forward(module):
    X, _, parameters = three_layer_case()
    return module.L_model_forward(X, parameters)


def run_backward(module):
    X, Y, parameters = three_layer_case()
    AL, caches = step.L_model_forward(X, parameters)
    return module.L_model_backward(AL, Y, caches)


def run_update(module):
    X, Y, parameters = three_layer_case()
    AL, caches = step.L_model_forward(X, parameters)
    grads = step.L_model_backward(AL, Y, caches)
    return module.update_parameters(parameters, grads, 0.05)


HELPER_CASES = {
    "linear_forward": lambda m: m.linear_forward(*seeded((3, 4), (2, 3), (2, 1))),
    "linear_activation_forward-sigmoid": lambda m: m.linear_activation_forward(*seeded((3, 4), (2, 3), (2, 1)), "sigmoid"),
    "linear_activation_forward-relu": lambda m: m.linear_activation_forward(*seeded((3, 4), (2, 3), (2, 1)), "relu"),
    "L_model_forward": run_forward,
    "compute_cost": lambda m: m.compute_cost(np.array([[0.8, 0.9, 0.4, 0.2]]), np.array([[1, 1, 0, 0]])),
    "linear_backward": lambda m: m.linear_backward(seeded((2, 4))[0], tuple(seeded((3, 4), (2, 3), (2, 1), seed=5))),
    "linear_activation_backward-sigmoid": lambda m: m.linear_activation_backward(
        seeded((2, 4))[0], (tuple(seeded((3, 4), (2, 3), (2, 1), seed=5)), seeded((2, 4), seed=6)[0]), "sigmoid"
    ),
    "linear_activation_backward-relu": lambda m: m.linear_activation_backward(
        seeded((2, 4))[0], (tuple(seeded((3, 4), (2, 3), (2, 1), seed=5)), seeded((2, 4), seed=6)[0]), "relu"
    ),
    "L_model_backward": run_backward,
    "update_parameters": run_update,
}


def assert_same_structure_and_values(found, expected, where="output"):
    if isinstance(expected, dict):
        assert set(found) == set(expected), f"{where}: keys {sorted(found)}, expected {sorted(expected)}"
        for key in expected:
            assert_same_structure_and_values(found[key], expected[key], f"{where}[{key!r}]")
    elif isinstance(expected, (tuple, list)):
        assert type(found) is type(expected) and len(found) == len(expected), where
        for i, (f, e) in enumerate(zip(found, expected)):
            assert_same_structure_and_values(f, e, f"{where}[{i}]")
    else:
        assert np.shape(found) == np.shape(expected), where
        np.testing.assert_allclose(found, expected, rtol=1e-12, atol=1e-15, err_msg=where)


@pytest.mark.parametrize("run", HELPER_CASES.values(), ids=HELPER_CASES.keys())
def test_provided_helper_agrees_with_the_w4a1_reference(run):
    assert_same_structure_and_values(run(app), run(step))


def test_compute_cost_returns_a_0d_ndarray():
    cost = app.compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert isinstance(cost, np.ndarray) and cost.shape == ()
    np.testing.assert_allclose(cost, 0.2797765635793422, rtol=1e-12)


UNKNOWN_ACTIVATION = {
    "forward": lambda A, W, b: app.linear_activation_forward(A, W, b, "tanh"),
    "backward": lambda A, W, b: app.linear_activation_backward(np.ones((2, 4)), ((A, W, b), np.ones((2, 4))), "tanh"),
}


@pytest.mark.parametrize("call", UNKNOWN_ACTIVATION.values(), ids=UNKNOWN_ACTIVATION.keys())
def test_unknown_activation_is_a_clear_error(call):
    with pytest.raises(ValueError, match="tanh"):
        call(*seeded((3, 4), (2, 3), (2, 1)))


def test_update_parameters_does_not_mutate_its_input():
    X, Y, parameters = three_layer_case()
    before = copy.deepcopy(parameters)
    AL, caches = app.L_model_forward(X, parameters)
    grads = app.L_model_backward(AL, Y, caches)
    updated = app.update_parameters(parameters, grads, 0.05)
    for name in before:
        np.testing.assert_array_equal(parameters[name], before[name], err_msg=name)
        assert not np.array_equal(updated[name], before[name]), f"{name} was not updated"


# --- predict and accuracy ---------------------------------------------------------------------


def test_predict_prints_the_accuracy_and_returns_a_row_of_labels(capsys):
    # One sigmoid unit: output > 0.5 exactly where x1 - x2 > 0.
    parameters = {"W1": np.array([[1.0, -1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[2.0, 0.0, 1.0, -1.0], [1.0, 3.0, 0.5, 0.0]])  # x1 - x2 = 1, -3, 0.5, -1
    y = np.array([[1, 0, 0, 0]])
    p = app.predict(X, y, parameters)
    assert p.shape == (1, 4)
    np.testing.assert_array_equal(p, [[1.0, 0.0, 1.0, 0.0]])
    assert capsys.readouterr().out == "Accuracy: 0.75\n"
    assert app.accuracy(p, y) == 0.75


def test_accuracy_adds_fractions_as_the_course_does():
    # 209 right answers of 1/209 each do not add up to exactly 1.0.
    y = np.ones((1, 209))
    assert app.accuracy(y, y) == 0.9999999999999998
    assert app.accuracy(np.ones((1, 50)), np.ones((1, 50))) == 1.0


def test_load_data_returns_the_five_course_arrays(cat_data):
    train_x_orig, train_y, test_x_orig, test_y, classes = app.load_data()
    assert train_x_orig.shape == (209, 64, 64, 3) and test_x_orig.shape == (50, 64, 64, 3)
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert list(classes) == [b"non-cat", b"cat"]
    np.testing.assert_array_equal(train_y, cat_data["train_y"])

"""The W4A1 reference solutions reproduce the course's published numbers (COURSE_FACTS §3.4).

Inputs are rebuilt from the course's seeds and shapes, drawn in the course's order. Values the
course prints with 8 decimals are compared with rtol=1e-7, atol=1e-8.
"""

import copy

import numpy as np
import pytest

from solutions.w4a1_deep_nn_step_by_step import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters,
    initialize_parameters_deep,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    update_parameters,
)


def assert_close(actual, expected, name):
    """Compare with the course's 8 printed decimals."""
    expected = np.array(expected, dtype=float)
    assert np.shape(actual) == expected.shape, f"{name} has shape {np.shape(actual)}, expected {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=1e-7, atol=1e-8, err_msg=name)


def draw(seed, *shapes):
    """``np.random.seed(seed)``, then one ``randn`` array per shape, in order."""
    np.random.seed(seed)
    return [np.random.randn(*shape) for shape in shapes]


# --- initialization ---------------------------------------------------------------------------

INIT_CASES = {
    "3-2-1": (
        (3, 2, 1),
        [[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]],
        [[0.01744812, -0.00761207]],
    ),
    "4-3-2": (
        (4, 3, 2),
        [
            [0.01624345, -0.00611756, -0.00528172, -0.01072969],
            [0.00865408, -0.02301539, 0.01744812, -0.00761207],
            [0.00319039, -0.0024937, 0.01462108, -0.02060141],
        ],
        [[-0.00322417, -0.00384054, 0.01133769], [-0.01099891, -0.00172428, -0.00877858]],
    ),
}


@pytest.mark.parametrize("dims, W1, W2", INIT_CASES.values(), ids=INIT_CASES.keys())
def test_initialize_parameters(dims, W1, W2):
    np.random.seed(123)  # the function seeds itself: the state before the call must not matter
    n_x, n_h, n_y = dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    assert set(parameters) == {"W1", "b1", "W2", "b2"}
    assert_close(parameters["W1"], W1, "W1")
    assert_close(parameters["W2"], W2, "W2")
    assert_close(parameters["b1"], np.zeros((n_h, 1)), "b1")
    assert_close(parameters["b2"], np.zeros((n_y, 1)), "b2")


INIT_DEEP_CASES = {
    "5-4-3": (
        [5, 4, 3],
        [
            [0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
            [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
            [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
            [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068],
        ],
        [
            [-0.01185047, -0.0020565, 0.01486148, 0.00236716],
            [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
            [-0.00768836, -0.00230031, 0.00745056, 0.01976111],
        ],
    ),
    "4-3-2": (
        [4, 3, 2],
        [
            [0.01788628, 0.0043651, 0.00096497, -0.01863493],
            [-0.00277388, -0.00354759, -0.00082741, -0.00627001],
            [-0.00043818, -0.00477218, -0.01313865, 0.00884622],
        ],
        [[0.00881318, 0.01709573, 0.00050034], [-0.00404677, -0.0054536, -0.01546477]],
    ),
}


@pytest.mark.parametrize("layer_dims, W1, W2", INIT_DEEP_CASES.values(), ids=INIT_DEEP_CASES.keys())
def test_initialize_parameters_deep(layer_dims, W1, W2):
    np.random.seed(123)
    parameters = initialize_parameters_deep(layer_dims)
    assert set(parameters) == {"W1", "b1", "W2", "b2"}
    assert_close(parameters["W1"], W1, "W1")
    assert_close(parameters["W2"], W2, "W2")
    assert_close(parameters["b1"], np.zeros((layer_dims[1], 1)), "b1")
    assert_close(parameters["b2"], np.zeros((layer_dims[2], 1)), "b2")


# --- forward ----------------------------------------------------------------------------------


def test_linear_forward():
    A, W, b = draw(1, (3, 2), (1, 3), (1, 1))
    Z, cache = linear_forward(A, W, b)
    assert_close(Z, [[3.26295337, -1.23429987]], "Z")
    assert isinstance(cache, tuple) and len(cache) == 3
    assert cache[0] is A and cache[1] is W and cache[2] is b


@pytest.mark.parametrize(
    "activation, expected_A",
    [("sigmoid", [[0.96890023, 0.11013289]]), ("relu", [[3.43896131, 0.0]])],
    ids=["sigmoid", "relu"],
)
def test_linear_activation_forward(activation, expected_A):
    A_prev, W, b = draw(2, (3, 2), (1, 3), (1, 1))
    A, cache = linear_activation_forward(A_prev, W, b, activation)
    assert_close(A, expected_A, "A")
    (cache_A_prev, cache_W, cache_b), Z = cache
    assert cache_A_prev is A_prev and cache_W is W and cache_b is b
    assert_close(Z, [[3.43896131, -2.08938436]], "Z")


def L_model_forward_inputs():
    X, W1, b1, W2, b2, W3, b3 = draw(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def test_L_model_forward():
    X, parameters = L_model_forward_inputs()
    AL, caches = L_model_forward(X, parameters)
    assert_close(AL, [[0.03921668, 0.70498921, 0.19734387, 0.04728177]], "AL")
    # The course compares the whole cache list; check its structure and that it chains up.
    assert isinstance(caches, list) and len(caches) == 3
    A_prev = X
    for l, ((cache_A_prev, cache_W, cache_b), Z) in enumerate(caches, start=1):
        np.testing.assert_array_equal(cache_A_prev, A_prev, err_msg=f"A_prev of layer {l}")
        assert cache_W is parameters[f"W{l}"] and cache_b is parameters[f"b{l}"]
        np.testing.assert_allclose(Z, parameters[f"W{l}"] @ A_prev + parameters[f"b{l}"], rtol=1e-12)
        A_prev = np.maximum(0, Z)
    np.testing.assert_allclose(AL, 1 / (1 + np.exp(-caches[-1][1])), rtol=1e-12)


def test_compute_cost():
    cost = compute_cost(np.array([[0.8, 0.9, 0.4]]), np.asarray([[1, 1, 0]]))
    assert np.shape(cost) == ()
    np.testing.assert_allclose(cost, 0.2797765635793422, rtol=1e-12)


# --- backward ---------------------------------------------------------------------------------


def test_linear_backward():
    dZ, A, W, b = draw(1, (3, 4), (5, 4), (3, 5), (3, 1))
    dA_prev, dW, db = linear_backward(dZ, (A, W, b))
    assert_close(
        dA_prev,
        [
            [-1.15171336, 0.06718465, -0.3204696, 2.09812712],
            [0.60345879, -3.72508701, 5.81700741, -3.84326836],
            [-0.4319552, -1.30987417, 1.72354705, 0.05070578],
            [-0.38981415, 0.60811244, -1.25938424, 1.47191593],
            [-2.52214926, 2.67882552, -0.67947465, 1.48119548],
        ],
        "dA_prev",
    )
    assert_close(
        dW,
        [
            [0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
            [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
            [0.97913304, -0.24376494, -0.08839671, 0.55151192, -0.10290907],
        ],
        "dW",
    )
    assert_close(db, [[-0.14713786], [-0.11313155], [-0.13209101]], "db")


LINEAR_ACTIVATION_BACKWARD_CASES = {
    "sigmoid": (
        [[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]],
        [[0.10266786, 0.09778551, -0.01968084]],
        [[-0.05729622]],
    ),
    "relu": (
        [[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]],
        [[0.44513824, 0.37371418, -0.10478989]],
        [[-0.20837892]],
    ),
}


@pytest.mark.parametrize(
    "activation, expected",
    LINEAR_ACTIVATION_BACKWARD_CASES.items(),
    ids=LINEAR_ACTIVATION_BACKWARD_CASES.keys(),
)
def test_linear_activation_backward(activation, expected):
    dA, A, W, b, Z = draw(2, (1, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    dA_prev, dW, db = linear_activation_backward(dA, ((A, W, b), Z), activation)
    assert_close(dA_prev, expected[0], "dA_prev")
    assert_close(dW, expected[1], "dW")
    assert_close(db, expected[2], "db")


def test_L_model_backward_with_caches_as_a_tuple():
    np.random.seed(3)
    AL = np.random.randn(1, 2)
    Y = np.array([[1, 0]])
    A0, W1, b1, Z1 = (np.random.randn(*shape) for shape in [(4, 2), (3, 4), (3, 1), (3, 2)])
    A1, W2, b2, Z2 = (np.random.randn(*shape) for shape in [(3, 2), (1, 3), (1, 1), (1, 2)])
    caches = (((A0, W1, b1), Z1), ((A1, W2, b2), Z2))
    grads = L_model_backward(AL, Y, caches)
    assert set(grads) == {"dA0", "dA1", "dW1", "dW2", "db1", "db2"}
    expected = {
        "dA0": [[0, 0.52257901], [0, -0.3269206], [0, -0.32070404], [0, -0.74079187]],
        "dA1": [[0.12913162, -0.44014127], [-0.14175655, 0.48317296], [0.01663708, -0.05670698]],
        "dW1": [
            [0.41010002, 0.07807203, 0.13798444, 0.10502167],
            [0, 0, 0, 0],
            [0.05283652, 0.01005865, 0.01777766, 0.0135308],
        ],
        "dW2": [[-0.39202432, -0.13325855, -0.04601089]],
        "db1": [[-0.22007063], [0], [-0.02835349]],
        "db2": [[0.15187861]],
    }
    for name, value in expected.items():
        assert_close(grads[name], value, name)


def test_L_model_backward_matches_finite_differences():
    # Centred differences of the cost through the whole network, every parameter entry.
    np.random.seed(0)
    X = np.random.randn(3, 5)
    Y = np.array([[1, 0, 1, 1, 0]])
    shapes = {"W1": (4, 3), "b1": (4, 1), "W2": (1, 4), "b2": (1, 1)}
    parameters = {name: np.random.randn(*shape) for name, shape in shapes.items()}
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    eps = 1e-6
    for name, value in parameters.items():
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            costs = []
            for sign in (1, -1):
                shifted = copy.deepcopy(parameters)
                shifted[name][index] += sign * eps
                costs.append(compute_cost(L_model_forward(X, shifted)[0], Y))
            numeric[index] = (costs[0] - costs[1]) / (2 * eps)
        analytic = grads[f"d{name}"]
        error = np.linalg.norm(analytic - numeric) / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12)
        assert error < 1e-7, f"d{name}: relative error {error:.2e} against centred differences"


# --- update -----------------------------------------------------------------------------------


def update_parameters_inputs():
    W1, b1, W2, b2 = draw(2, (3, 4), (3, 1), (1, 3), (1, 1))
    dW1, db1, dW2, db2 = draw(3, (3, 4), (3, 1), (1, 3), (1, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def test_update_parameters():
    params, grads = update_parameters_inputs()
    parameters = update_parameters(params, grads, 0.1)
    assert set(parameters) == {"W1", "b1", "W2", "b2"}
    assert_close(
        parameters["W1"],
        [
            [-0.59562069, -0.09991781, -2.14584584, 1.82662008],
            [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
            [-1.0535704, -0.86128581, 0.68284052, 2.20374577],
        ],
        "W1",
    )
    assert_close(parameters["b1"], [[-0.04659241], [-1.28888275], [0.53405496]], "b1")
    assert_close(parameters["W2"], [[-0.55569196, 0.0354055, 1.32964895]], "W2")
    assert_close(parameters["b2"], [[-0.84610769]], "b2")


def test_update_parameters_does_not_mutate_its_input():
    # The course calls the function several times on the same dict (multiple_test).
    params, grads = update_parameters_inputs()
    before = copy.deepcopy(params)
    first = update_parameters(params, grads, 0.1)
    second = update_parameters(params, grads, 0.1)
    for name in before:
        np.testing.assert_array_equal(params[name], before[name], err_msg=f"params[{name!r}] was modified")
        np.testing.assert_array_equal(first[name], second[name])
        assert first[name] is not params[name]

"""The W4A2 reference solutions reproduce the course's published numbers (COURSE_FACTS §3.5).

The models are built on the provided helpers (``nndl.dnn_app_utils``), as in the course. The
public tests' values have 8 printed decimals (rtol=1e-7, atol=1e-8); the cat-data costs are
compared with rtol=1e-9 and the accuracies exactly. The full 2500-iteration runs are marked slow.
"""

import numpy as np
import pytest

from nndl.dnn_app_utils import accuracy, predict
from solutions.w4a2_deep_nn_application import L_layer_model, layers_dims, n_h, n_x, n_y, two_layer_model


def assert_close(actual, expected, name, atol=1e-8):
    expected = np.array(expected, dtype=float)
    np.testing.assert_allclose(actual, expected, rtol=1e-7, atol=atol, err_msg=name)


def assert_costs_are_a_list_of_0d_arrays(costs, length):
    assert isinstance(costs, list), f"costs is a {type(costs).__name__}, expected a list"
    assert len(costs) == length
    for cost in costs:
        assert isinstance(cost, np.ndarray) and cost.shape == (), f"a cost is {cost!r}, expected a 0-d ndarray"


# --- the course's public tests ------------------------------------------------------------------


def two_layer_inputs():
    np.random.seed(1)
    X = np.random.randn(10, 10)
    Y = np.random.randn(1, 10)  # the course's test uses real-valued labels here
    return X, Y


@pytest.mark.parametrize("learning_rate, num_iterations", [(0.0075, 2), (0.1, 3)], ids=["lr0.0075-2it", "lr0.1-3it"])
def test_two_layer_model_public(learning_rate, num_iterations):
    X, Y = two_layer_inputs()
    parameters, costs = two_layer_model(X, Y, (10, 4, 1), learning_rate, num_iterations)
    assert set(parameters) == {"W1", "b1", "W2", "b2"}
    assert [parameters[k].shape for k in ("W1", "b1", "W2", "b2")] == [(4, 10), (4, 1), (1, 4), (1, 1)]
    assert_costs_are_a_list_of_0d_arrays(costs, 1)
    assert_close(costs[0], 0.69315968, "costs[0]")
    if num_iterations == 2:
        assert_close(parameters["W1"][0, :3], [0.01624965, -0.00610741, -0.00528734], "W1[0, :3]")
        assert_close(
            parameters["b1"], [[1.10437111e-05], [1.78437869e-05], [3.74879549e-05], [-4.42988824e-05]], "b1", atol=0
        )
        assert_close(parameters["W2"], [[-0.00200283, -0.00888593, -0.00751122, 0.01688162]], "W2")
        assert_close(parameters["b2"], [[-0.00689018]], "b2")
    else:
        assert_close(parameters["b2"], [[-0.13451354]], "b2")


def L_layer_inputs():
    np.random.seed(1)
    X = np.random.randn(10, 10)
    Y = np.array([[1, 1, 1, 1, 0, 0, 0, 1, 1, 0]])
    return X, Y


@pytest.mark.parametrize("learning_rate, num_iterations", [(0.0075, 2), (0.02, 3)], ids=["lr0.0075-2it", "lr0.02-3it"])
def test_L_layer_model_public(learning_rate, num_iterations):
    X, Y = L_layer_inputs()
    parameters, costs = L_layer_model(X, Y, (10, 5, 6, 1), learning_rate, num_iterations)
    assert set(parameters) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    assert_costs_are_a_list_of_0d_arrays(costs, 1)
    assert_close(costs[0], 0.70723944, "costs[0]")
    if num_iterations == 2:
        assert_close(parameters["W1"][0, :3], [0.51384638, -0.19333098, -0.16705238], "W1[0, :3]")
        assert_close(parameters["b3"], [[0.0013201]], "b3")
    else:
        assert_close(parameters["b3"], [[0.00525865]], "b3")


# --- printing and recording rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    "model, dims", [(two_layer_model, (10, 4, 1)), (L_layer_model, [10, 5, 6, 1])], ids=["two_layer", "L_layer"]
)
def test_cost_is_recorded_every_100_and_printed_also_at_the_end(model, dims, capsys):
    X, Y = L_layer_inputs()
    _, costs = model(X, Y, dims, num_iterations=250, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"Cost after iteration {i}" for i in (0, 100, 200, 249)]
    assert_costs_are_a_list_of_0d_arrays(costs, 3)
    assert [float(line.split(": ")[1]) for line in lines[:3]] == [float(c) for c in costs]
    model(X, Y, dims, num_iterations=250, print_cost=False)
    assert capsys.readouterr().out == ""  # the course's `print_cost and ... or i == last` prints here


# --- the notebook's checks on the cat pictures --------------------------------------------------


def test_constants():
    assert (n_x, n_h, n_y) == (12288, 7, 1)
    assert layers_dims == [12288, 20, 7, 5, 1]


def test_two_layer_model_first_cost_on_cats(cat_data):
    _, costs = two_layer_model(cat_data["train_x"], cat_data["train_y"], (n_x, n_h, n_y), num_iterations=2)
    np.testing.assert_allclose(costs[0], 0.6930497356599888, rtol=1e-9)


def test_L_layer_model_first_cost_on_cats(cat_data):
    _, costs = L_layer_model(cat_data["train_x"], cat_data["train_y"], layers_dims, num_iterations=1)
    np.testing.assert_allclose(costs[0], 0.7717493284237686, rtol=1e-9)


FULL_RUNS = {
    "two_layer": (
        two_layer_model,
        (12288, 7, 1),
        {
            0: 0.6930497356599888,
            100: 0.6464320953428849,
            200: 0.6325140647912678,
            300: 0.6015024920354665,
            400: 0.5601966311605747,
            500: 0.5158304772764729,
            1000: 0.3394281538366413,
            1500: 0.17448318112556666,
            2000: 0.07439078704319078,
            2400: 0.04855478562877018,
        },
        0.04421498215868956,
        (0.9999999999999998, 0.72),
    ),
    "L_layer": (
        L_layer_model,
        [12288, 20, 7, 5, 1],
        {
            0: 0.7717493284237686,
            100: 0.6720534400822914,
            200: 0.6482632048575212,
            300: 0.6115068816101354,
            400: 0.5670473268366111,
            500: 0.54013766345478,
            1000: 0.3151869888600617,
            1500: 0.16118854665827753,
            2000: 0.1138206066863371,
            2400: 0.09287821526472397,
        },
        0.088439943441702,
        (0.9856459330143539, 0.8),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("model, dims, costs_at, last_cost, accuracies", FULL_RUNS.values(), ids=FULL_RUNS.keys())
def test_full_run_on_cats(model, dims, costs_at, last_cost, accuracies, cat_data, capsys):
    parameters, costs = model(cat_data["train_x"], cat_data["train_y"], dims, num_iterations=2500, print_cost=True)
    assert_costs_are_a_list_of_0d_arrays(costs, 25)  # iterations 0, 100, ..., 2400
    for i, expected in costs_at.items():
        np.testing.assert_allclose(costs[i // 100], expected, rtol=1e-9, err_msg=f"cost at iteration {i}")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 26
    label, value = lines[-1].split(": ")
    assert label == "Cost after iteration 2499"
    np.testing.assert_allclose(float(value), last_cost, rtol=1e-9)

    train_p = predict(cat_data["train_x"], cat_data["train_y"], parameters)
    test_p = predict(cat_data["test_x"], cat_data["test_y"], parameters)
    assert train_p.shape == (1, 209) and test_p.shape == (1, 50)
    found = (accuracy(train_p, cat_data["train_y"]), accuracy(test_p, cat_data["test_y"]))
    assert found == accuracies
    assert capsys.readouterr().out.splitlines() == [f"Accuracy: {a}" for a in accuracies]

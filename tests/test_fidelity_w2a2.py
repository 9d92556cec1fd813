"""The W2A2 reference solutions reproduce the course's published numbers (COURSE_FACTS.md §3.2).

Inputs are the course's own: the notebook's check cells and its ``public_tests.py``. Tolerances
follow the printed digits: one unit of the last printed decimal for the short values (the course
sometimes rounds and sometimes cuts them: 0.04709353763 is printed as 0.04709353), 1e-12 relative
for the numbers printed with all their digits.
"""

import contextlib
import io
from pathlib import Path

import numpy as np
import pytest

from grader.authoring.generate import parse_cells
from solutions import w2a2_logistic_regression as lr


def assert_digits(actual, expected, decimals):
    """``actual`` shows as ``expected`` when rounded or cut to ``decimals`` decimals."""
    np.testing.assert_allclose(actual, expected, rtol=0, atol=10.0**-decimals)


def assert_full(actual, expected):
    """``actual`` equals a number the course printed with all its digits."""
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=0)


def accuracy(Y_prediction, Y):
    """Accuracy in percent, computed as the course's ``model`` prints it."""
    return 100 - np.mean(np.abs(Y_prediction - Y)) * 100


# ---- sigmoid ------------------------------------------------------------------------------


def test_sigmoid_vector():
    s = lr.sigmoid(np.array([0, 2]))
    assert type(s) is np.ndarray
    assert_digits(s, [0.5, 0.88079708], 8)


def test_sigmoid_scalar():
    assert_digits(lr.sigmoid(1), 0.7310585, 7)  # cut from 0.73105857...


# ---- initialize_with_zeros ----------------------------------------------------------------


@pytest.mark.parametrize("dim", [2, 3, 4], ids=["notebook-dim2", "public-dim3", "public-dim4"])
def test_initialize_with_zeros(dim):
    w, b = lr.initialize_with_zeros(dim)
    assert type(b) is float
    assert b == 0.0
    assert type(w) is np.ndarray
    assert w.shape == (dim, 1)
    assert np.all(w == 0)


# ---- propagate ----------------------------------------------------------------------------

PROPAGATE_CASES = {
    "notebook": dict(
        w=np.array([[1.0], [2.0]]),
        b=1.5,
        X=np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]),
        Y=np.array([[1, 1, 0]]),
        dw=[[0.25071532], [-0.06604096]],
        db=-0.1250040450043965,
        cost=0.15900537707692405,
    ),
    "public": dict(
        w=np.array([[1.0], [2.0], [-1.0]]),
        b=2.5,
        X=np.array([[1.0, 2.0, -1.0, 0.0], [3.0, 4.0, -3.2, 1.0], [3.0, 4.0, -3.2, -3.5]]),
        Y=np.array([[1, 1, 0, 0]]),
        dw=[[-0.03909333], [0.12501464], [-0.99960809]],
        db=0.288106326429569,
        cost=2.0424567983978403,
    ),
}


@pytest.mark.parametrize("case", PROPAGATE_CASES.values(), ids=PROPAGATE_CASES.keys())
def test_propagate(case):
    grads, cost = lr.propagate(case["w"], case["b"], case["X"], case["Y"])
    assert type(grads["dw"]) is np.ndarray
    assert grads["dw"].shape == case["w"].shape
    assert_digits(grads["dw"], case["dw"], 8)
    assert type(grads["db"]) is np.float64
    assert_full(grads["db"], case["db"])
    assert type(cost) is np.ndarray and cost.shape == ()
    assert_full(cost, case["cost"])


# ---- optimize -----------------------------------------------------------------------------

OPTIMIZE_CASES = {
    "notebook": dict(
        inputs=PROPAGATE_CASES["notebook"],
        num_iterations=100,
        learning_rate=0.009,
        w=([[0.80956046], [2.0508202]], 8),
        b=(1.5948713189708588, None),
        dw=([[0.17860505], [-0.04840656]], 8),
        db=(-0.08888460336847771, None),
        costs=([0.15900538], 8),
    ),
    "public": dict(
        inputs=dict(
            w=np.array([[1.0], [2.0]]),
            b=2.0,
            X=np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]),
            Y=np.array([[1, 0, 1]]),
        ),
        num_iterations=101,
        learning_rate=0.1,
        w=([[-0.70916784], [-0.42390859]], 8),
        b=(2.26891346, 8),
        dw=([[0.06188603], [-0.01407361]], 8),
        db=(-0.04709353, 8),
        costs=([5.80154532, 0.31057104], 8),
    ),
}


def _check(actual, expected_and_decimals):
    expected, decimals = expected_and_decimals
    if decimals is None:
        assert_full(actual, expected)
    else:
        assert_digits(actual, expected, decimals)


@pytest.mark.parametrize("case", OPTIMIZE_CASES.values(), ids=OPTIMIZE_CASES.keys())
def test_optimize(case):
    inputs = case["inputs"]
    w_before = inputs["w"].copy()
    params, grads, costs = lr.optimize(
        inputs["w"], inputs["b"], inputs["X"], inputs["Y"],
        num_iterations=case["num_iterations"], learning_rate=case["learning_rate"], print_cost=False,
    )
    assert type(costs) is list
    assert len(costs) == len(case["costs"][0])
    _check(costs, case["costs"])
    assert params["w"].shape == inputs["w"].shape
    _check(params["w"], case["w"])
    _check(params["b"], case["b"])
    _check(grads["dw"], case["dw"])
    _check(grads["db"], case["db"])
    np.testing.assert_array_equal(inputs["w"], w_before)  # the caller's w is left alone


def test_optimize_prints_cost_every_100_iterations(capsys):
    inputs = OPTIMIZE_CASES["public"]["inputs"]
    lr.optimize(inputs["w"], inputs["b"], inputs["X"], inputs["Y"], num_iterations=101, learning_rate=0.1, print_cost=True)
    assert capsys.readouterr().out == "Cost after iteration 0: 5.801545\nCost after iteration 100: 0.310571\n"


# ---- predict ------------------------------------------------------------------------------

PREDICT_CASES = {
    "notebook": (
        np.array([[0.1124579], [0.23106775]]),
        -0.3,
        np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]]),
        [[1.0, 1.0, 0.0]],
    ),
    "public": (
        np.array([[0.3], [0.5], [-0.2]]),
        -0.33333,
        np.array([[1.0, -0.3, 1.5], [2.0, 0.0, 1.0], [0.0, -1.5, 2.0]]),
        [[1.0, 0.0, 1.0]],  # [[1, 1, 1]] would mean b was left out
    ),
}


@pytest.mark.parametrize("w, b, X, expected", PREDICT_CASES.values(), ids=PREDICT_CASES.keys())
def test_predict(w, b, X, expected):
    Y_prediction = lr.predict(w, b, X)
    assert type(Y_prediction) is np.ndarray
    assert Y_prediction.shape == (1, X.shape[1])
    np.testing.assert_array_equal(Y_prediction, expected)


# ---- model --------------------------------------------------------------------------------


def test_model_public_case():
    np.random.seed(0)
    X = np.random.randn(4, 7)
    Y = np.array([[1, 0, 0, 1, 0, 0, 1]])
    x_test = np.random.randn(4, 3)
    y_test = np.array([0, 1, 0])  # 1-D in the course's test; unused unless print_cost
    d = lr.model(X, Y, x_test, y_test, num_iterations=50, learning_rate=0.01)
    assert set(d) == {"costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate", "num_iterations"}
    assert type(d["costs"]) is list and len(d["costs"]) == 1
    assert_digits(d["costs"], [0.69314718], 8)
    assert d["w"].shape == (4, 1)
    assert_digits(d["w"], [[0.08639757], [-0.08231268], [-0.11798927], [0.12866053]], 8)
    assert_full(d["b"], -0.03983236094816321)
    np.testing.assert_array_equal(d["Y_prediction_train"], [[1, 1, 0, 1, 0, 0, 1]])
    np.testing.assert_array_equal(d["Y_prediction_test"], [[1, 1, 0]])
    assert (d["learning_rate"], d["num_iterations"]) == (0.01, 50)


# ---- the full cat run ---------------------------------------------------------------------

CAT_COSTS = [
    0.693147, 0.584508, 0.466949, 0.376007, 0.331463, 0.303273, 0.279880, 0.260042, 0.242941, 0.228004,
    0.214820, 0.203078, 0.192544, 0.183033, 0.174399, 0.166521, 0.159305, 0.152667, 0.146542, 0.140872,
]


@pytest.fixture(scope="module")
def cat_run(cat_data):
    """``model`` on the cat images, 2000 iterations at learning rate 0.005, and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        d = lr.model(cat_data["train_x"], cat_data["train_y"], cat_data["test_x"], cat_data["test_y"],
                     num_iterations=2000, learning_rate=0.005, print_cost=True)
    return d, out.getvalue()


@pytest.mark.slow
def test_cat_run_costs(cat_run):
    d, _ = cat_run
    assert len(d["costs"]) == 20
    assert_digits(d["costs"], CAT_COSTS, 6)


@pytest.mark.slow
def test_cat_run_accuracies(cat_run, cat_data):
    d, _ = cat_run
    assert accuracy(d["Y_prediction_train"], cat_data["train_y"]) == 99.04306220095694
    assert accuracy(d["Y_prediction_test"], cat_data["test_y"]) == 70.0


@pytest.mark.slow
def test_cat_run_printed_output(cat_run):
    _, printed = cat_run
    expected = [f"Cost after iteration {100 * i}: {cost:.6f}" for i, cost in enumerate(CAT_COSTS)]
    expected += ["train accuracy: 99.04306220095694 %", "test accuracy: 70.0 %"]
    assert printed.splitlines() == expected


# The optional learning-rate section, 1500 iterations: train % (2 decimals), test %, last recorded cost (iteration 1400).
LEARNING_RATES = {
    "lr=0.01": (0.01, 99.52, 68.0, 0.0920),
    "lr=0.001": (0.001, 88.99, 64.0, 0.3789),
    "lr=0.0001": (0.0001, 68.42, 36.0, 0.5756),
}


@pytest.mark.slow
@pytest.mark.parametrize("learning_rate, train, test, cost", LEARNING_RATES.values(), ids=LEARNING_RATES.keys())
def test_learning_rates(cat_data, learning_rate, train, test, cost):
    d = lr.model(cat_data["train_x"], cat_data["train_y"], cat_data["test_x"], cat_data["test_y"],
                 num_iterations=1500, learning_rate=learning_rate)
    assert_digits(accuracy(d["Y_prediction_train"], cat_data["train_y"]), train, 2)  # 88.995... is cut to 88.99
    assert accuracy(d["Y_prediction_test"], cat_data["test_y"]) == test
    assert_digits(d["costs"][-1], cost, 4)


# ---- the notebook's no-run cells ----------------------------------------------------------


@pytest.mark.slow
def test_no_run_cells_print_the_expected_output_written_under_them(cat_data):
    """The generator never runs ``[example no-run]`` cells; run them here, in order, on the reference."""
    path = Path(lr.__file__)
    cells = parse_cells(path.read_text(), path)
    namespace = dict(vars(lr))
    checked = 0
    for cell, after in zip(cells, cells[1:]):
        if cell.kind != "no-run":
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(cell.source, namespace)
        written = after.source.split("```")[1].strip("\n")
        assert out.getvalue().rstrip("\n") == written, f"the no-run cell at line {cell.line}"
        checked += 1
    assert checked == 5

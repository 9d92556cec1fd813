"""The week 3 reference solutions reproduce the course's published numbers (COURSE_FACTS §3.3).

The inputs are rebuilt from the course's test-case builders (``testCases_v2.py`` for the notebook,
``public_tests.py`` v3.0): same seeds, same order of draws, same fixed matrices. Expected values
are compared to the digits the course printed: 8 decimals (|error| <= 5e-9) for fixed-point
arrays, rtol 1e-7 for arrays NumPy printed in scientific form, 5e-7 for costs printed with ``%f``.
"""

import contextlib
import io
import re

import numpy as np
import pytest

from nndl.planar_utils import load_planar_dataset
from solutions import w3a1_planar_data as pd

FIXED8 = {"rtol": 0, "atol": 5e-9}  # printed with 8 decimals
SCI8 = {"rtol": 1e-7, "atol": 0}  # printed as d.dddddddde-XX
COST6 = 5e-7  # printed with "%f"
COST_LINE = re.compile(r"^Cost after iteration (\d+): (\d+\.\d{6})$")


def parse_costs(text):
    """``{iteration: cost}`` from the lines nn_model printed; every line must have the course's format."""
    lines = text.splitlines()
    matches = [COST_LINE.match(line) for line in lines]
    assert all(matches), f"unexpected output lines: {[l for l, m in zip(lines, matches) if not m]}"
    return {int(m[1]): float(m[2]) for m in matches}


def accuracy(parameters, X, Y):
    """Training accuracy in percent, the course's way: (Y·pᵀ + (1−Y)·(1−p)ᵀ) / m · 100.

    The course wraps the (1, 1) result in ``float(...)``; NumPy 2 deprecates float() of a
    1-element array, so take ``.item()`` instead (same value).
    """
    predictions = pd.predict(parameters, X)
    correct = np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)  # (1, 1)
    return float(correct.item()) / float(Y.size) * 100


# ---------------------------------------------------------------- the course's test inputs
# The fixed matrices below are input numbers of the course's test-case builders.

FWD_W1 = np.array([[-0.00416758, -0.00056267],
                   [-0.02136196, 0.01640271],
                   [-0.01793436, -0.00841747],
                   [0.00502881, -0.01245288]])
FWD_W2 = np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]])


def forward_case():
    """Notebook and public forward case: seed 1; X randn(2,3), b1 randn(4,1), b2 = -1.3."""
    np.random.seed(1)
    X = np.random.randn(2, 3)
    b1 = np.random.randn(4, 1)
    parameters = {"W1": FWD_W1.copy(), "b1": b1, "W2": FWD_W2.copy(), "b2": np.array([[-1.3]])}
    return X, parameters


def backward_notebook_case():
    """testCases_v2: seed 1; X randn(2,3), Y randn(1,3) > 0, zero biases, a fixed cache."""
    np.random.seed(1)
    X = np.random.randn(2, 3)
    Y = np.random.randn(1, 3) > 0
    parameters = {"W1": FWD_W1.copy(), "b1": np.zeros((4, 1)), "W2": FWD_W2.copy(), "b2": np.zeros((1, 1))}
    cache = {
        "Z1": np.array([[-0.00616586, 0.0020626, 0.0034962],
                        [-0.05229879, 0.02726335, -0.02646869],
                        [-0.02009991, 0.00368692, 0.02884556],
                        [0.02153007, -0.01385322, 0.02600471]]),
        "A1": np.array([[-0.00616578, 0.0020626, 0.00349619],
                        [-0.05225116, 0.02725659, -0.02646251],
                        [-0.02009721, 0.0036869, 0.02883756],
                        [0.02152675, -0.01385234, 0.02599885]]),
        "Z2": np.array([[0.00092281, -0.00056678, 0.00095853]]),
        "A2": np.array([[0.5002307, 0.49985831, 0.50023963]]),
    }
    return parameters, cache, X, Y


def backward_public_case():
    """public_tests: seed 1; X(3,7), Y(1,7) > 0, W1(9,3), W2(1,9), zero biases, then a random cache.

    The cache is random (A1 is not tanh(Z1)), so only a solution that reads A1 from the cache passes.
    """
    np.random.seed(1)
    X = np.random.randn(3, 7)
    Y = np.random.randn(1, 7) > 0
    W1 = np.random.randn(9, 3)
    W2 = np.random.randn(1, 9)
    parameters = {"W1": W1, "W2": W2, "b1": np.zeros((9, 1)), "b2": np.zeros((1, 1))}
    A1 = np.random.randn(9, 7)
    A2 = np.random.randn(1, 7)
    Z1 = np.random.randn(9, 7)
    Z2 = np.random.randn(1, 7)
    cache = {"A1": A1, "A2": A2, "Z1": Z1, "Z2": Z2}
    return parameters, cache, X, Y


def trained_parameters():
    """The parameters and gradients of the update and predict cases (testCases_v2 = public_tests)."""
    parameters = {
        "W1": np.array([[-0.00615039, 0.0169021],
                        [-0.02311792, 0.03137121],
                        [-0.0169217, -0.01752545],
                        [0.00935436, -0.05018221]]),
        "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
        "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
        "b2": np.array([[9.14954378e-05]]),
    }
    grads = {
        "dW1": np.array([[0.00023322, -0.00205423],
                         [0.00082222, -0.00700776],
                         [-0.00031831, 0.0028636],
                         [-0.00092857, 0.00809933]]),
        "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
        "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
        "db2": np.array([[-1.08923140e-05]]),
    }
    return parameters, grads


def nn_model_case():
    """seed 1; X randn(2,4), Y randn(1,4) > 0."""
    np.random.seed(1)
    X = np.random.randn(2, 4)
    Y = np.random.randn(1, 4) > 0
    return X, Y


# ---------------------------------------------------------------- layer_sizes


def layer_sizes_cases():
    # public_tests draws both cases from one seed-1 stream; the notebook case is the first one.
    np.random.seed(1)
    first = (np.random.randn(5, 3), np.random.randn(2, 3))
    second = (np.random.randn(7, 5), np.random.randn(5, 5))
    return {"notebook": first, "public-second": second}


@pytest.mark.parametrize(
    "case, expected",
    [("notebook", (5, 4, 2)), ("public-second", (7, 4, 5))],
    ids=["notebook-5x3-2x3", "public-7x5-5x5"],
)
def test_layer_sizes(case, expected):
    X, Y = layer_sizes_cases()[case]
    sizes = pd.layer_sizes(X, Y)
    assert type(sizes) is tuple
    assert sizes == expected


# ---------------------------------------------------------------- initialize_parameters


@pytest.mark.parametrize(
    "sizes, W1, W2, tol_W2",
    [
        (
            (2, 4, 1),
            [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747], [0.00502881, -0.01245288]],
            [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]],
            FIXED8,
        ),
        (
            (3, 5, 2),
            [[-0.00416758, -0.00056267, -0.02136196], [0.01640271, -0.01793436, -0.00841747],
             [0.00502881, -0.01245288, -0.01057952], [-0.00909008, 0.00551454, 0.02292208],
             [0.00041539, -0.01117925, 0.00539058]],
            [[-5.96159700e-03, -1.91304965e-04, 1.17500122e-02, -7.47870949e-03, 9.02525097e-05],
             [-8.78107893e-03, -1.56434170e-03, 2.56570452e-03, -9.88779049e-03, -3.38821966e-03]],
            SCI8,
        ),
    ],
    ids=["notebook-2-4-1", "public-3-5-2"],
)
def test_initialize_parameters(sizes, W1, W2, tol_W2):
    n_x, n_h, n_y = sizes
    np.random.seed(2)
    parameters = pd.initialize_parameters(n_x, n_h, n_y)
    assert set(parameters) == {"W1", "b1", "W2", "b2"}
    np.testing.assert_allclose(parameters["W1"], W1, **FIXED8)
    np.testing.assert_allclose(parameters["W2"], W2, **tol_W2)
    assert parameters["W1"].shape == (n_h, n_x) and parameters["W2"].shape == (n_y, n_h)
    np.testing.assert_array_equal(parameters["b1"], np.zeros((n_h, 1)), strict=True)
    np.testing.assert_array_equal(parameters["b2"], np.zeros((n_y, 1)), strict=True)


def test_initialize_parameters_does_not_seed():
    # v3.0 has no np.random.seed inside: two calls in a row give different weights.
    np.random.seed(2)
    first = pd.initialize_parameters(2, 4, 1)
    second = pd.initialize_parameters(2, 4, 1)
    assert not np.allclose(first["W1"], second["W1"])


# ---------------------------------------------------------------- forward_propagation


def test_forward_propagation():
    X, parameters = forward_case()
    A2, cache = pd.forward_propagation(X, parameters)
    np.testing.assert_allclose(A2, [[0.21292656, 0.21274673, 0.21295976]], **FIXED8)
    assert set(cache) == {"Z1", "A1", "Z2", "A2"}
    assert all(type(cache[k]) is np.ndarray for k in cache)
    assert cache["Z1"].shape == cache["A1"].shape == (4, 3)
    np.testing.assert_allclose(cache["Z2"], [[-1.30737426, -1.30844761, -1.30717618]], **FIXED8)
    np.testing.assert_array_equal(cache["A2"], A2)
    np.testing.assert_allclose(cache["A1"], np.tanh(cache["Z1"]), rtol=1e-15)


# ---------------------------------------------------------------- compute_cost


def cost_case(name):
    if name == "notebook":
        np.random.seed(1)
        Y = np.random.randn(1, 3) > 0
        return np.array([[0.5002307, 0.49985831, 0.50023963]]), Y
    if name == "public-1":
        np.random.seed(1)
        Y = np.random.randn(1, 5) > 0
        return np.array([[0.5002307, 0.49985831, 0.50023963, 0.25, 0.7]]), Y
    Y = np.array([[1, 0, 1, 1, 1]])
    if name == "public-2":
        # public_tests passes A as a 1-D array of shape (5,): m must come from Y.
        return np.array([0.7, 0.3, 0.8, 0.9, 0.9]), Y
    return np.array([[0.7, 0.3, 0.8, 0.9, 0.9]]), Y  # the same case with A as a row


@pytest.mark.parametrize(
    "name, expected",
    [
        ("notebook", 0.6930587610394646),
        ("public-1", 0.5447066599017815),
        ("public-2", 0.22944289410146546),
        ("public-2-row", 0.22944289410146546),
    ],
    ids=["notebook", "public-1", "public-2-A-1d", "public-2-A-row"],
)
def test_compute_cost(name, expected):
    A2, Y = cost_case(name)
    cost = pd.compute_cost(A2, Y)
    assert type(cost) is float
    assert cost == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------- backward_propagation


def test_backward_propagation_notebook():
    grads = pd.backward_propagation(*backward_notebook_case())
    assert set(grads) == {"dW1", "db1", "dW2", "db2"}
    np.testing.assert_allclose(grads["dW1"], [[0.00301023, -0.00747267], [0.00257968, -0.00641288],
                                              [-0.00156892, 0.003893], [-0.00652037, 0.01618243]], **FIXED8)
    np.testing.assert_allclose(grads["db1"], [[0.00176201], [0.00150995], [-0.00091736], [-0.00381422]], **FIXED8)
    np.testing.assert_allclose(grads["dW2"], [[0.00078841, 0.01765429, -0.00084166, -0.01022527]], **FIXED8)
    np.testing.assert_allclose(grads["db2"], [[-0.16655712]], **FIXED8)


def test_backward_propagation_public():
    grads = pd.backward_propagation(*backward_public_case())
    assert grads["dW1"].shape == (9, 3) and grads["db1"].shape == (9, 1)
    assert grads["dW2"].shape == (1, 9) and grads["db2"].shape == (1, 1)
    np.testing.assert_allclose(grads["dW1"][0], [-0.24468458, -0.24371232, 0.15959609], **FIXED8)
    np.testing.assert_allclose(grads["db1"][0, 0], 0.1463639, **FIXED8)
    np.testing.assert_allclose(grads["dW2"][0, 0], -0.35768529, **FIXED8)
    np.testing.assert_allclose(grads["db2"], [[-0.78032466]], **FIXED8)


# ---------------------------------------------------------------- update_parameters


def test_update_parameters():
    parameters, grads = trained_parameters()
    new = pd.update_parameters(parameters, grads)  # default learning rate 1.2
    np.testing.assert_allclose(new["W1"], [[-0.00643025, 0.01936718], [-0.02410458, 0.03978052],
                                           [-0.01653973, -0.02096177], [0.01046864, -0.05990141]], **FIXED8)
    np.testing.assert_allclose(new["b1"], [[-1.02420756e-06], [1.27373948e-05], [8.32996807e-07], [-3.20136836e-06]], **SCI8)
    np.testing.assert_allclose(new["W2"], [[-0.01041081, -0.04463285, 0.01758031, 0.04747113]], **FIXED8)
    np.testing.assert_allclose(new["b2"], [[0.00010457]], **FIXED8)


def test_update_parameters_does_not_mutate_its_inputs():
    parameters, grads = trained_parameters()
    before = {k: v.copy() for k, v in parameters.items()}
    grads_before = {k: v.copy() for k, v in grads.items()}
    first = pd.update_parameters(parameters, grads)
    second = pd.update_parameters(parameters, grads)  # the course's tests call twice on one input
    assert first is not parameters and set(parameters) == set(before)
    for key in before:
        np.testing.assert_array_equal(parameters[key], before[key])
        np.testing.assert_array_equal(first[key], second[key])
        assert first[key] is not parameters[key]
    for key in grads_before:
        np.testing.assert_array_equal(grads[key], grads_before[key])


# ---------------------------------------------------------------- nn_model

NN_MODEL_N_H5 = {
    "W1": [[-0.48394893, -0.91443482], [-0.69227123, -1.28596651], [0.63806018, 1.18124948],
           [0.73594679, 1.35718308], [-0.62621054, -1.16022636]],
    "b1": [[0.00285386], [0.01642488], [-0.01114986], [-0.01656405], [0.01042274]],
    "W2": [[-1.45325879, -2.65768451, 2.26286606, 2.97274518, -2.18860534]],
    "b2": [[0.00758617]],
}
NN_MODEL_N_H5_COSTS = {0: 0.693497, 1000: 0.000180, 2000: 0.000088, 3000: 0.000058, 4000: 0.000044,
                       5000: 0.000035, 6000: 0.000029, 7000: 0.000025, 8000: 0.000022, 9000: 0.000019}
# The older public test (v1.1) ran the same case with n_h = 4; the facts list its W1 and b2.
NN_MODEL_N_H4_V11 = {
    "W1": [[0.71392202, 1.31281102], [-0.76411243, -1.41967065], [-0.75040545, -1.38857337], [0.56495575, 1.04857776]],
    "b2": [[0.00393452]],
}


def test_nn_model_prints_the_course_cost_trace(capsys):
    X, Y = nn_model_case()
    parameters = pd.nn_model(X, Y, 5, num_iterations=10000, print_cost=True)
    costs = parse_costs(capsys.readouterr().out)
    assert list(costs) == list(NN_MODEL_N_H5_COSTS)
    for i, expected in NN_MODEL_N_H5_COSTS.items():
        assert costs[i] == pytest.approx(expected, abs=COST6), f"cost after iteration {i}"
    for key, expected in NN_MODEL_N_H5.items():
        np.testing.assert_allclose(parameters[key], expected, **FIXED8, err_msg=key)


@pytest.mark.parametrize(
    "n_h, expected",
    [(5, NN_MODEL_N_H5), (4, NN_MODEL_N_H4_V11)],
    ids=["public-v3.0-n_h=5", "public-v1.1-n_h=4"],
)
def test_nn_model_parameters(n_h, expected, capsys):
    X, Y = nn_model_case()
    np.random.seed(0)  # nn_model seeds itself (seed 3), whatever the state before
    parameters = pd.nn_model(X, Y, n_h, print_cost=False)
    assert capsys.readouterr().out == ""
    assert parameters["W1"].shape == (n_h, 2) and parameters["W2"].shape == (1, n_h)
    for key, value in expected.items():
        np.testing.assert_allclose(parameters[key], value, **FIXED8, err_msg=key)


# ---------------------------------------------------------------- predict


def test_predict():
    parameters, _ = trained_parameters()
    np.random.seed(1)
    X = np.random.randn(2, 3)
    predictions = pd.predict(parameters, X)
    assert predictions.shape == (1, 3)
    assert np.array_equal(predictions, [[True, False, True]])
    assert np.mean(predictions) == pytest.approx(2 / 3)


# ---------------------------------------------------------------- the flower (slow)

PLANAR_COSTS = {  # the published v3.0 run (aknahin)
    0: 0.693162, 1000: 0.258625, 2000: 0.239334, 3000: 0.230802, 4000: 0.225528,
    5000: 0.221845, 6000: 0.219094, 7000: 0.220669, 8000: 0.219411, 9000: 0.218486,
}


@pytest.fixture(scope="module")
def flower():
    return load_planar_dataset()


@pytest.fixture(scope="module")
def planar_run(flower):
    X, Y = flower
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        parameters = pd.nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True)
    return parameters, parse_costs(out.getvalue())


@pytest.mark.slow
def test_planar_accuracy(flower, planar_run):
    X, Y = flower
    parameters, _ = planar_run
    # The notebook prints "Accuracy: 90%" with %d; the value is 363 / 400.
    assert accuracy(parameters, X, Y) == 90.75


@pytest.mark.slow
def test_planar_cost_trace(planar_run):
    _, costs = planar_run
    assert list(costs) == list(PLANAR_COSTS)
    for i, expected in PLANAR_COSTS.items():
        # With lr 1.2 the training is chaotic after about 6000 iterations: the late costs differ
        # at the 1e-4 level between BLAS builds (and between the course's own copies).
        tolerance = COST6 if i <= 6000 else 1e-3
        assert costs[i] == pytest.approx(expected, abs=tolerance), f"cost after iteration {i}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "n_h, expected",
    [
        (1, 67.5),
        (2, 67.25),
        (3, 90.75),
        (4, 90.5),
        (5, 91.25),
        # Not in the v3.0 sweep: the facts' re-run with the v3.0 seeds (the v6c notebook printed
        # 90.0 and 90.75, from its other initialisation; see the v6c test below).
        (20, 90.75),
        (50, 90.5),
    ],
    ids=lambda v: f"n_h={v}" if isinstance(v, int) else None,
)
def test_hidden_size_sweep(flower, n_h, expected):
    X, Y = flower
    parameters = pd.nn_model(X, Y, n_h, num_iterations=5000)
    assert accuracy(parameters, X, Y) == expected


@pytest.fixture
def v6c_initialisation(monkeypatch):
    """The old v6c notebook seeded inside initialize_parameters (seed 2); this explains its other numbers."""
    original = pd.initialize_parameters

    def seeded(n_x, n_h, n_y):
        np.random.seed(2)
        return original(n_x, n_h, n_y)

    monkeypatch.setattr(pd, "initialize_parameters", seeded)


@pytest.mark.slow
def test_v6c_cost_trace(flower, v6c_initialisation, capsys):
    X, Y = flower
    pd.nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True)
    costs = parse_costs(capsys.readouterr().out)
    assert costs[0] == pytest.approx(0.693048, abs=COST6)
    assert costs[1000] == pytest.approx(0.288083, abs=COST6)
    assert costs[9000] == pytest.approx(0.218607, abs=1e-3)  # chaotic: the re-run gives 0.218554


@pytest.mark.slow
def test_v6c_sweep_20_units(flower, v6c_initialisation):
    # v6c also printed 50 units -> 90.75 %. That one does not reproduce (90.25 % here) and is not
    # asserted: at lr 1.2 the run is chaotic, and the old notebook may have differed in other details.
    X, Y = flower
    parameters = pd.nn_model(X, Y, 20, num_iterations=5000)
    assert accuracy(parameters, X, Y) == 90.0

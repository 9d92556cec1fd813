"""The planar data sets: the flower reproduces the course's check values (COURSE_FACTS §3.3), and
the extra data sets have the course's shapes and labels."""

import numpy as np
import pytest

from datasets.planar import load_extra_datasets, load_planar_dataset

EXTRA_NAMES = ["noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles", "no_structure"]


def course_flower():
    """The flower rebuilt from the course's description, with the global legacy generator."""
    np.random.seed(1)
    m, N, a = 400, 200, 4
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        rows = slice(N * j, N * (j + 1))
        theta = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * theta) + np.random.randn(N) * 0.2
        X[rows] = np.c_[r * np.sin(theta), r * np.cos(theta)]
        Y[rows] = j
    return X.T, Y.T


# ---------------------------------------------------------------- the flower


def test_flower_shapes_and_types():
    X, Y = load_planar_dataset()
    assert X.shape == (2, 400) and X.dtype == np.float64
    assert Y.shape == (1, 400) and Y.dtype == np.uint8


def test_flower_check_values():
    X, Y = load_planar_dataset()
    np.testing.assert_allclose(X[:, 0], [1.20444229, 3.57611415], rtol=0, atol=5e-9)
    np.testing.assert_allclose(X[:, 200], [-1.07049581, 3.68252461], rtol=0, atol=5e-9)
    assert X.sum() == pytest.approx(10.087983277441666, rel=1e-12)
    assert X[0].min() == pytest.approx(-4.2119, abs=5e-5) and X[0].max() == pytest.approx(4.0782, abs=5e-5)
    assert X[1].min() == pytest.approx(-4.0351, abs=5e-5) and X[1].max() == pytest.approx(4.0376, abs=5e-5)


def test_flower_labels():
    _, Y = load_planar_dataset()
    np.testing.assert_array_equal(np.bincount(Y.ravel()), [200, 200])
    assert (Y[0, :200] == 0).all() and (Y[0, 200:] == 1).all()


def test_flower_matches_the_course_description():
    X, Y = load_planar_dataset()
    X_course, Y_course = course_flower()
    np.testing.assert_array_equal(X, X_course)
    np.testing.assert_array_equal(Y, Y_course, strict=True)


def test_flower_is_deterministic_and_leaves_the_global_generator_alone():
    np.random.seed(123)
    expected_next = np.random.randn(3)
    np.random.seed(123)
    X1, Y1 = load_planar_dataset()
    X2, Y2 = load_planar_dataset()
    np.testing.assert_array_equal(np.random.randn(3), expected_next)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)


# ---------------------------------------------------------------- the extra data sets


@pytest.mark.parametrize("index", range(5), ids=EXTRA_NAMES)
def test_extra_dataset_shapes(index):
    X, Y = load_extra_datasets(seed=0)[index]
    assert X.shape == (200, 2) and X.dtype == np.float64
    assert Y.shape == (200,)
    # The notebook's layout: X.T (2, 200) and Y as a row (1, 200).
    assert X.T.shape == (2, 200) and Y.reshape(1, Y.shape[0]).shape == (1, 200)


@pytest.mark.parametrize("index", [0, 1, 3], ids=["noisy_circles", "noisy_moons", "gaussian_quantiles"])
def test_extra_binary_labels_are_balanced(index):
    _, Y = load_extra_datasets(seed=0)[index]
    assert np.issubdtype(Y.dtype, np.integer)
    np.testing.assert_array_equal(np.bincount(Y), [100, 100])


def test_blobs_labels():
    _, Y = load_extra_datasets(seed=0)[2]
    assert set(np.unique(Y)) == set(range(6))  # six centres
    np.testing.assert_array_equal(np.bincount(Y % 2), [100, 100])  # the notebook keeps two classes


def test_no_structure_is_uniform_noise():
    X, Y = load_extra_datasets(seed=0)[4]
    assert (0 <= X).all() and (X < 1).all()
    assert (0 <= Y).all() and (Y < 1).all()


def test_extra_datasets_have_their_structure():
    circles, _, _, quantiles, _ = load_extra_datasets(seed=0)
    X, Y = circles
    radius = np.linalg.norm(X, axis=1)
    assert radius[Y == 0].mean() > radius[Y == 1].mean()  # outer circle 1, inner 0.5
    X, Y = quantiles
    distance = np.linalg.norm(X, axis=1)
    assert distance[Y == 0].max() <= distance[Y == 1].min()  # class 1 is the outer shell


def test_blobs_are_deterministic():
    _, _, (X1, Y1), _, _ = load_extra_datasets()
    _, _, (X2, Y2), _, _ = load_extra_datasets(seed=7)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)


def test_other_extra_datasets_vary_unless_seeded():
    unseeded = [load_extra_datasets()[0][0] for _ in range(2)]
    assert not np.array_equal(*unseeded)
    for index in [0, 1, 3, 4]:
        first = load_extra_datasets(seed=3)[index]
        second = load_extra_datasets(seed=3)[index]
        np.testing.assert_array_equal(first[0], second[0])
        np.testing.assert_array_equal(first[1], second[1])


def test_extra_datasets_leave_the_global_generator_alone():
    np.random.seed(123)
    expected_next = np.random.randn(3)
    np.random.seed(123)
    load_extra_datasets()
    load_extra_datasets(seed=1)
    np.testing.assert_array_equal(np.random.randn(3), expected_next)

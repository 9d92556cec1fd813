"""Comparison: correct code written differently passes; mistakes are named in words."""

import numpy as np
import pytest

from grader.checking.compare import Mismatch, Tolerance, compare, compare_shape
from grader.isolate.protocol import Foreign

rng = np.random.RandomState(0)
E = rng.randn(3, 4)
COL = rng.randn(4, 1)

EQUIVALENT = {
    "float for 0-d array": (0.25, np.array(0.25)),
    "0-d array for float": (np.array(0.25), 0.25),
    "np.float64 for float": (np.float64(0.25), 0.25),
    "int labels for float labels": (np.array([[1, 0, 1]]), np.array([[1.0, 0.0, 1.0]])),
    "bool labels for float labels": (np.array([[True, False, True]]), np.array([[1.0, 0.0, 1.0]])),
    "list for tuple": ([E, 2.0], (E, 2.0)),
    "float32 close enough": (E.astype(np.float32), E),
    "rounding noise": (E * (1 + 1e-9), E),
    "extra dict key": ({"W1": E, "note": "mine"}, {"W1": E}),
}


@pytest.mark.parametrize("found, expected", EQUIVALENT.values(), ids=EQUIVALENT.keys())
def test_equivalent_outputs_pass(found, expected):
    compare(found, expected, "out")


MISTAKES = {
    "transposed": (E.T, E, "out has shape (4, 3), expected (3, 4): it is transposed"),
    "square transposed": (E[:3, :3].T, E[:3, :3], "It is the transpose of the expected matrix"),
    "missing keepdims": (COL.ravel(), COL, "it is 1-D; keep the second axis"),
    "missing 1/m": (E * 7, E, "It is exactly m = 7 times the expected value: the 1/m is missing"),
    "1/m twice": (E / 7, E, "divided by m = 7 once too often"),
    "constant factor": (E * 2, E, "times 2: look for a wrong constant factor"),
    "sign flipped": (-E, E, "with the sign flipped"),
    "probabilities": (np.array([[0.7, 0.2, 0.9]]), np.array([[1.0, 0.0, 1.0]]), "These look like probabilities"),
    "nan": (np.where(E > 0, np.nan, E), E, "contains NaN"),
    "inf": (np.full_like(E, np.inf), E, "contains inf (12 of 12 entries, first at [0, 0])"),
    "none": (None, E, "out is None"),
    "foreign object": (Foreign("mymod.Thing"), E, "found a mymod.Thing object"),
    "string": ("0.5", E, "found a str"),
    "(1, 1) for scalar": (np.array([[0.5]]), np.array(0.5), "squeeze it to a scalar"),
    "summed everything": (np.array([[3.0]]), COL, "everything was summed into one number"),
    "array for a scalar": (E, np.array(1.5), "expected a single number; reduce over all entries"),
    "broadcast blow-up": (COL + COL.T, COL, "broadcast together"),
    "missing key": ({"W1": E}, {"W1": E, "b1": COL}, "out is missing the key 'b1'"),
    "wrong length": ((E,), (E, COL), "should have 2 items, found 1"),
    "dict expected": (E, {"W1": E}, "out should be a dict with keys ['W1']"),
}


@pytest.mark.parametrize("found, expected, words", MISTAKES.values(), ids=MISTAKES.keys())
def test_mistakes_are_named(found, expected, words):
    with pytest.raises(Mismatch) as error:
        compare(found, expected, "out", m=7)
    assert words in str(error.value)


def test_value_message_gives_largest_error_location_and_tolerance():
    found = E.copy()
    found[2, 1] += 0.5
    with pytest.raises(Mismatch) as error:
        compare(found, E, "grads['dW1']", Tolerance(1e-5, 1e-8))
    text = str(error.value)
    assert text.startswith("grads['dW1'] differs from the reference in 1 of 12 entries; largest error 0.5 at [2, 1]")
    assert "(rtol=1e-05, atol=1e-08)" in text


def test_strict_type_is_enforced_and_explained():
    with pytest.raises(Mismatch, match="should be a Python float \\(the course's contract\\), found a numpy float64"):
        compare(np.float64(0.0), 0.0, "b", strict_type=float)
    compare(0.0, 0.0, "b", strict_type=float)


def test_compare_shape_ignores_values():
    compare_shape(E * 100, E, "dW")
    with pytest.raises(Mismatch, match="dW has shape"):
        compare_shape(E.T, E, "dW")

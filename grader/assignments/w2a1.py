"""W2A1 Python basics with NumPy: eight small functions, each compared with the reference.

``mistakes`` name the classic wrong answers (computed from the inputs, as the learner's code
would) so that a mismatch says what went wrong, not only that it did. The square matrices in
``normalize_rows`` and ``softmax`` are there because a missing ``keepdims`` only raises a
broadcasting error on other shapes: on an (n, n) matrix it silently divides the wrong way.
"""

import math

import numpy as np

from grader.check.model import holds, same_as_reference, unchanged_inputs
from grader.check.compare import Mismatch

TITLE = "Python Basics with NumPy"
COURSE_VERSION = "v1.2"  # the course notebook these checks follow (COURSE_FACTS §2)


def given(*args):
    return lambda: (args, {})


def randn(seed, *shape):
    return np.random.RandomState(seed).randn(*shape)


def is_python_float(found, ctx):
    if type(found) is not float:
        raise Mismatch(f"basic_sigmoid returned {type(found).__name__}, expected a Python float "
                       f"(math.exp works on one number and returns a float; np.exp returns a numpy type)")


IMAGE = np.array([[[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.42319710, 0.90159310]],
                  [[0.45120702, 0.27810550], [0.65638920, 0.97022022], [0.55917220, 0.35651011]],
                  [[0.77512632, 0.07566002], [0.99811521, 0.01318021], [0.03234530, 0.13428531]]])
YHAT, Y = np.array([.9, 0.2, 0.1, .4, .9]), np.array([1, 0, 0, 1, 1])


def first(function):
    """A mistake, as ``same_as_reference(mistakes=...)`` calls it, computed from the first argument."""
    return lambda args, kwargs: function(np.asarray(args[0], dtype=float))


def losses(function):
    """A mistake of L1 or L2, computed from (yhat, y) as floats."""
    return lambda args, kwargs: function(np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=float))


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _row_norms(x):
    return np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))


SIGN = "the minus sign in exp(-x) is missing: 1 / (1 + exp(x)) is σ(-x) = 1 - σ(x)"
BASIC_SIGMOID = [(SIGN, lambda args, kwargs: 1 / (1 + math.exp(args[0])))]
SIGMOID = [(SIGN, first(lambda x: 1 / (1 + np.exp(x))))]
SIGMOID_DERIVATIVE = [
    ("s * (1 + s) instead of s * (1 - s)", first(lambda x: _sigmoid(x) * (1 + _sigmoid(x)))),
    ("it returns the sigmoid itself, s = σ(x), not its derivative s * (1 - s)", first(_sigmoid)),
    ("x * (1 - x): the formula applies to s = σ(x), not to x", first(lambda x: x * (1 - x))),
]
IMAGE2VECTOR = [("the pixels are in column-major order (a transpose or order='F'); reshape the image itself, in "
                 "the default row-major (C) order", first(lambda image: image.T.reshape(-1, 1)))]
NORMALIZE_ROWS = [
    ("each column was divided by its own norm (axis=0); normalize the rows with axis=1",
     first(lambda x: x / np.sqrt(np.sum(x ** 2, axis=0, keepdims=True)))),
    ("the norms lost their axis (keepdims=True is missing), so column j was divided by the norm of row j",
     first(lambda x: x / _row_norms(x)[:, 0])),
    ("the rows were divided by the sum of their squares: the square root of the norm is missing",
     first(lambda x: x / _row_norms(x) ** 2)),
]
SOFTMAX = [
    ("each column sums to 1 (axis=0); softmax normalizes each row: sum with axis=1, keepdims=True",
     first(lambda x: np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True))),
    ("the row sums lost their axis (keepdims=True is missing), so column j was divided by the sum of row j",
     first(lambda x: np.exp(x) / np.sum(np.exp(x), axis=1))),
    ("everything was divided by the sum of all the entries; divide each row by its own sum (axis=1, keepdims=True)",
     first(lambda x: np.exp(x) / np.sum(np.exp(x)))),
]
L1_MISTAKES = [
    ("the absolute value is missing: L1 sums |y - yhat|", losses(lambda yhat, y: np.sum(y - yhat))),
    ("the loss was not summed: L1 is one number, np.sum(np.abs(y - yhat))",
     losses(lambda yhat, y: np.abs(y - yhat))),
    ("it is the mean (np.mean), not the sum, of |y - yhat|", losses(lambda yhat, y: np.mean(np.abs(y - yhat)))),
]
L2_MISTAKES = [
    ("this is the L1 loss, the sum of |y - yhat|: square the differences instead",
     losses(lambda yhat, y: np.sum(np.abs(y - yhat)))),
    ("the square is missing: L2 sums (y - yhat) ** 2", losses(lambda yhat, y: np.sum(y - yhat))),
    ("this is the Euclidean norm, the square root of L2: leave the square root out",
     losses(lambda yhat, y: np.sqrt(np.sum((y - yhat) ** 2)))),
    ("the squares were not summed: L2 is one number", losses(lambda yhat, y: (y - yhat) ** 2)),
]

CHECKS = [
    same_as_reference("basic_sigmoid", "basic_sigmoid: course example x = 1", given(1), mistakes=BASIC_SIGMOID),
    same_as_reference("basic_sigmoid", "basic_sigmoid: negative and large inputs", lambda: ((-3.5,), {}),
                      mistakes=BASIC_SIGMOID),
    holds("basic_sigmoid", "basic_sigmoid: returns a Python float", given(2.0), is_python_float, points=0.5),
    same_as_reference("sigmoid", "sigmoid: course example [1, 2, 3]", given(np.array([1, 2, 3])), mistakes=SIGMOID),
    same_as_reference("sigmoid", "sigmoid: a (3, 4) matrix", lambda: ((randn(1, 3, 4),), {}), mistakes=SIGMOID),
    same_as_reference("sigmoid", "sigmoid: a scalar", given(0.25), points=0.5, mistakes=SIGMOID),
    same_as_reference("sigmoid_derivative", "sigmoid_derivative: course example [1, 2, 3]", given(np.array([1, 2, 3])),
                      mistakes=SIGMOID_DERIVATIVE),
    same_as_reference("sigmoid_derivative", "sigmoid_derivative: a (2, 5) matrix", lambda: ((randn(2, 2, 5) * 3,), {}),
                      mistakes=SIGMOID_DERIVATIVE),
    same_as_reference("image2vector", "image2vector: course example (3, 3, 2)", given(IMAGE), mistakes=IMAGE2VECTOR),
    same_as_reference("image2vector", "image2vector: a (4, 5, 3) image", lambda: ((randn(3, 4, 5, 3),), {}),
                      mistakes=IMAGE2VECTOR),
    same_as_reference("normalize_rows", "normalize_rows: course example", given(np.array([[0., 3., 4.], [1., 6., 4.]])),
                      mistakes=NORMALIZE_ROWS),
    same_as_reference("normalize_rows", "normalize_rows: a (4, 3) matrix", lambda: ((randn(4, 4, 3),), {}),
                      mistakes=NORMALIZE_ROWS),
    same_as_reference("normalize_rows", "normalize_rows: a square (3, 3) matrix", lambda: ((randn(12, 3, 3),), {}),
                      points=0.5, mistakes=NORMALIZE_ROWS),
    unchanged_inputs("normalize_rows", "normalize_rows: leaves its argument unchanged",
                     lambda: ((randn(5, 3, 2),), {}), arg_names=["x"]),
    same_as_reference("softmax", "softmax: course example (2, 5)", given(np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])),
                      mistakes=SOFTMAX),
    same_as_reference("softmax", "softmax: a (4, 3) matrix", lambda: ((randn(6, 4, 3),), {}), mistakes=SOFTMAX),
    same_as_reference("softmax", "softmax: a square (3, 3) matrix", lambda: ((randn(13, 3, 3),), {}), points=0.5,
                      mistakes=SOFTMAX),
    same_as_reference("softmax", "softmax: one row", lambda: ((randn(7, 1, 6),), {}), points=0.5, mistakes=SOFTMAX),
    same_as_reference("L1", "L1: course example", given(YHAT, Y), mistakes=L1_MISTAKES),
    same_as_reference("L1", "L1: 8 random labels", lambda: ((np.random.RandomState(8).rand(8), (randn(9, 8) > 0) * 1.0), {}),
                      mistakes=L1_MISTAKES),
    same_as_reference("L2", "L2: course example", given(YHAT, Y), mistakes=L2_MISTAKES),
    same_as_reference("L2", "L2: 8 random labels", lambda: ((np.random.RandomState(10).rand(8), (randn(11, 8) > 0) * 1.0), {}),
                      mistakes=L2_MISTAKES),
]

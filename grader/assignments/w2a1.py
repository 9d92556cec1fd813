"""W2A1 Python basics with NumPy: eight small functions, each compared with the reference.

``mistakes`` name the classic wrong answers (computed from the inputs, as the learner's code
would) so that a mismatch says what went wrong, not only that it did. The square matrices in
``normalize_rows`` and ``softmax`` are there because a missing ``keepdims`` only raises a
broadcasting error on other shapes: on an (n, n) matrix it silently divides the wrong way.
"""

import math

import numpy as np

from grader.assignments.course_versions import Differs, Version
from grader.checking.compare import Mismatch
from grader.checking.fixtures import described, given
from grader.checking.kit import Graded, mistake_only
from grader.checking.vectorize import vectorized

TITLE = "Python Basics with NumPy"
COURSE_VERSION = "v1.2"  # the course notebook these checks follow (COURSE_FACTS §2)


def randn(seed, *shape):
    return np.random.RandomState(seed).randn(*shape)


@described(lambda seed, *shape, times=1: f"a {shape} matrix")
def matrix(seed, *shape, times=1):
    return (randn(seed, *shape) * times,), {}


@described(lambda seed: "8 random labels")
def labels(seed):
    return (np.random.RandomState(seed).rand(8), (randn(seed + 1, 8) > 0) * 1.0), {}


def is_python_float(found, ctx):
    if type(found) is not float:
        raise Mismatch(f"basic_sigmoid returned {type(found).__name__}, expected a Python float "
                       f"(math.exp works on one number and returns a float; np.exp returns a numpy type)")


IMAGE = np.array([[[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.42319710, 0.90159310]],
                  [[0.45120702, 0.27810550], [0.65638920, 0.97022022], [0.55917220, 0.35651011]],
                  [[0.77512632, 0.07566002], [0.99811521, 0.01318021], [0.03234530, 0.13428531]]])
YHAT, Y = np.array([.9, 0.2, 0.1, .4, .9]), np.array([1, 0, 0, 1, 1])


def first(function):
    """A mistake, as ``mistakes=`` calls it, computed from the first argument."""
    return lambda args, kwargs: function(np.asarray(args[0], dtype=float))


def losses(function):
    """A mistake of L1 or L2, computed from (yhat, y) as floats."""
    return lambda args, kwargs: function(np.asarray(args[0], dtype=float), np.asarray(args[1], dtype=float))


@mistake_only
def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


@mistake_only
def _row_norms(x):
    return np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))


SIGN = "the minus sign in exp(-x) is missing: 1 / (1 + exp(x)) is σ(-x) = 1 - σ(x)"
basic_sigmoid = Graded("basic_sigmoid", mistakes={SIGN: lambda args, kwargs: 1 / (1 + math.exp(args[0]))})
sigmoid = Graded("sigmoid", mistakes={SIGN: first(lambda x: 1 / (1 + np.exp(x)))})
sigmoid_derivative = Graded("sigmoid_derivative", mistakes={
    "s * (1 + s) instead of s * (1 - s)": first(lambda x: _sigmoid(x) * (1 + _sigmoid(x))),
    "it returns the sigmoid itself, s = σ(x), not its derivative s * (1 - s)": first(_sigmoid),
    "x * (1 - x): the formula applies to s = σ(x), not to x": first(lambda x: x * (1 - x)),
})
image2vector = Graded("image2vector", mistakes={
    "the pixels are in column-major order (a transpose or order='F'); reshape the image itself, in the default "
    "row-major (C) order": first(lambda image: image.T.reshape(-1, 1))})
normalize_rows = Graded("normalize_rows", mistakes={
    "each column was divided by its own norm (axis=0); normalize the rows with axis=1":
        first(lambda x: x / np.sqrt(np.sum(x ** 2, axis=0, keepdims=True))),
    "the norms lost their axis (keepdims=True is missing), so column j was divided by the norm of row j":
        first(lambda x: x / _row_norms(x)[:, 0]),
    "the rows were divided by the sum of their squares: the square root of the norm is missing":
        first(lambda x: x / _row_norms(x) ** 2),
})
softmax = Graded("softmax", mistakes={
    "each column sums to 1 (axis=0); softmax normalizes each row: sum with axis=1, keepdims=True":
        first(lambda x: np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True)),
    "the row sums lost their axis (keepdims=True is missing), so column j was divided by the sum of row j":
        first(lambda x: np.exp(x) / np.sum(np.exp(x), axis=1)),
    "everything was divided by the sum of all the entries; divide each row by its own sum (axis=1, keepdims=True)":
        first(lambda x: np.exp(x) / np.sum(np.exp(x))),
})
L1 = Graded("L1", mistakes={
    "the absolute value is missing: L1 sums |y - yhat|": losses(lambda yhat, y: np.sum(y - yhat)),
    "the loss was not summed: L1 is one number, np.sum(np.abs(y - yhat))": losses(lambda yhat, y: np.abs(y - yhat)),
    "it is the mean (np.mean), not the sum, of |y - yhat|": losses(lambda yhat, y: np.mean(np.abs(y - yhat))),
})
L2 = Graded("L2", mistakes={
    "this is the L1 loss, the sum of |y - yhat|: square the differences instead":
        losses(lambda yhat, y: np.sum(np.abs(y - yhat))),
    "the square is missing: L2 sums (y - yhat) ** 2": losses(lambda yhat, y: np.sum(y - yhat)),
    "this is the Euclidean norm, the square root of L2: leave the square root out":
        losses(lambda yhat, y: np.sqrt(np.sum((y - yhat) ** 2))),
    "the squares were not summed: L2 is one number": losses(lambda yhat, y: (y - yhat) ** 2),
})

CHECKS = [
    basic_sigmoid.case(given(1), "course example x = 1"),
    basic_sigmoid.case(given(-3.5), "negative and large inputs"),
    basic_sigmoid.rule(is_python_float, given(2.0), "returns a Python float", points=0.5),
    sigmoid.case(given(np.array([1, 2, 3])), "course example [1, 2, 3]"),
    sigmoid.case(matrix(1, 3, 4)),
    sigmoid.case(given(0.25), "a scalar", points=0.5),
    sigmoid_derivative.case(given(np.array([1, 2, 3])), "course example [1, 2, 3]"),
    sigmoid_derivative.case(matrix(2, 2, 5, times=3)),
    image2vector.case(given(IMAGE), "course example (3, 3, 2)"),
    image2vector.case(matrix(3, 4, 5, 3), "a (4, 5, 3) image"),
    normalize_rows.case(given(np.array([[0., 3., 4.], [1., 6., 4.]])), "course example"),
    normalize_rows.case(matrix(4, 4, 3)),
    normalize_rows.case(matrix(12, 3, 3), "a square (3, 3) matrix", points=0.5),
    normalize_rows.unchanged(matrix(5, 3, 2), "leaves its argument unchanged", ["x"]),
    softmax.case(given(np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]])), "course example (2, 5)"),
    softmax.case(matrix(6, 4, 3)),
    softmax.case(matrix(13, 3, 3), "a square (3, 3) matrix", points=0.5),
    softmax.case(matrix(7, 1, 6), "one row", points=0.5),
    L1.case(given(YHAT, Y), "course example"),
    L1.case(labels(8)),
    L2.case(given(YHAT, Y), "course example"),
    L2.case(labels(10)),
]


# The functions the course wants vectorized (basic_sigmoid takes one number), and their inputs at any size
# (grader.checking.vectorize: advice, no points).
def vector(entries):
    return (randn(21, entries),), {}


def table(rows, columns):
    return (randn(22, rows, columns),), {}


def label_vectors(examples):
    rng = np.random.RandomState(23)
    return (rng.rand(examples), (rng.randn(examples) > 0) * 1.0), {}


VECTORIZED = [
    vectorized("sigmoid", vector, "np.exp works on a whole array: 1 / (1 + np.exp(-x)) computes every entry at once.",
               entries=(16, 4096)),
    vectorized("sigmoid_derivative", vector, "s = sigmoid(x), then s * (1 - s), works on the whole array at once.",
               entries=(16, 4096)),
    vectorized("image2vector", lambda rows: ((randn(24, rows, 4, 3),), {}),
               "image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1) flattens the image in one call.",
               rows=(8, 2048)),
    vectorized("normalize_rows", table, "np.linalg.norm(x, axis=1, keepdims=True) is every row's norm at once, and "
               "x / x_norm divides each row by its own (broadcasting).", rows=(8, 2048), columns=(4, 1024)),
    vectorized("softmax", table, "np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True) normalizes every row at once.",
               rows=(8, 2048), columns=(4, 1024)),
    vectorized("L1", label_vectors, "np.sum(np.abs(y - yhat)) adds up every example's loss in one call.",
               examples=(16, 4096)),
    vectorized("L2", label_vectors, "np.sum((y - yhat) ** 2), or np.dot(y - yhat, y - yhat), adds up every "
               "example's loss in one call.", examples=(16, 4096)),
]

# The notebooks before 2021 (COURSE_FACTS §2; grader.assignments.course_versions).
VERSIONS = [
    Version("v3a", "v3 and v3a (2017-2020)", {
        "normalize_rows": Differs("named normalizeRows; may normalize x in place (its docstring: \"You are allowed to "
                                  "modify x\")", name="normalizeRows", may_change=("x",)),
    }, file_names=("v3", "v3a"), signatures={"normalizeRows": lambda node: True}),
]

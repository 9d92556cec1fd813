"""W2A1 Python basics with NumPy: eight small functions, each compared with the reference."""

import numpy as np

from grader.checks import holds, same_as_reference, unchanged_inputs
from grader.compare import Mismatch, Tolerance

TITLE = "Python Basics with NumPy"
SOLUTION = "solutions.w2a1_numpy_basics"
FUNCTIONS = ["basic_sigmoid", "sigmoid", "sigmoid_derivative", "image2vector", "normalize_rows",
             "softmax", "L1", "L2"]


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

CHECKS = [
    same_as_reference("basic_sigmoid", "basic_sigmoid: course example x = 1", given(1)),
    same_as_reference("basic_sigmoid", "basic_sigmoid: negative and large inputs", lambda: ((-3.5,), {})),
    holds("basic_sigmoid", "basic_sigmoid: returns a Python float", given(2.0), is_python_float, points=0.5),
    same_as_reference("sigmoid", "sigmoid: course example [1, 2, 3]", given(np.array([1, 2, 3]))),
    same_as_reference("sigmoid", "sigmoid: a (3, 4) matrix", lambda: ((randn(1, 3, 4),), {})),
    same_as_reference("sigmoid", "sigmoid: a scalar", given(0.25), points=0.5),
    same_as_reference("sigmoid_derivative", "sigmoid_derivative: course example [1, 2, 3]", given(np.array([1, 2, 3]))),
    same_as_reference("sigmoid_derivative", "sigmoid_derivative: a (2, 5) matrix", lambda: ((randn(2, 2, 5) * 3,), {})),
    same_as_reference("image2vector", "image2vector: course example (3, 3, 2)", given(IMAGE)),
    same_as_reference("image2vector", "image2vector: a (4, 5, 3) image", lambda: ((randn(3, 4, 5, 3),), {})),
    same_as_reference("normalize_rows", "normalize_rows: course example", given(np.array([[0., 3., 4.], [1., 6., 4.]]))),
    same_as_reference("normalize_rows", "normalize_rows: a (4, 3) matrix", lambda: ((randn(4, 4, 3),), {})),
    unchanged_inputs("normalize_rows", "normalize_rows: leaves its argument unchanged",
                     lambda: ((randn(5, 3, 2),), {}), arg_names=["x"]),
    same_as_reference("softmax", "softmax: course example (2, 5)", given(np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]))),
    same_as_reference("softmax", "softmax: a (4, 3) matrix", lambda: ((randn(6, 4, 3),), {})),
    same_as_reference("softmax", "softmax: one row", lambda: ((randn(7, 1, 6),), {}), points=0.5),
    same_as_reference("L1", "L1: course example", given(YHAT, Y)),
    same_as_reference("L1", "L1: 8 random labels", lambda: ((np.random.RandomState(8).rand(8), (randn(9, 8) > 0) * 1.0), {})),
    same_as_reference("L2", "L2: course example", given(YHAT, Y)),
    same_as_reference("L2", "L2: 8 random labels", lambda: ((np.random.RandomState(10).rand(8), (randn(11, 8) > 0) * 1.0), {})),
]

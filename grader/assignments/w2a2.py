"""W2A2 Logistic regression with a neural-network mindset."""

import numpy as np

from grader import data
from grader.checks import holds, same_as_reference, unchanged_inputs
from grader.compare import Mismatch, Tolerance
from grader.gradcheck import gradient
from solutions import w2a2_logistic_regression as ref

TITLE = "Logistic Regression with a Neural Network mindset"
SOLUTION = "solutions.w2a2_logistic_regression"
FUNCTIONS = ["sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"]

# Reference on the cat data (2000 iterations, lr 0.005): train 99.04 %, test 70.0 %.
# A model within 4 points of it on both sets passes.
CAT_TRAIN_MIN, CAT_TEST_MIN = 95.0, 66.0


def given(*args, **kwargs):
    return lambda: (args, kwargs)


def problem(seed, n, m):
    """w (n, 1), b, X (n, m), Y (1, m) 0/1 labels, from one seed."""
    rng = np.random.RandomState(seed)
    return rng.randn(n, 1) * 0.5, float(rng.randn()), rng.randn(n, m), (rng.rand(1, m) > 0.5).astype(float)


COURSE_W, COURSE_B = np.array([[1.0], [2.0]]), 1.5
COURSE_X, COURSE_Y = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]])
PUBLIC = (np.array([[1.0], [2.0], [-1.0]]), 2.5,
          np.array([[1.0, 2.0, -1.0, 0.0], [3.0, 4.0, -3.2, 1.0], [3.0, 4.0, -3.2, -3.5]]), np.array([[1, 1, 0, 0]]))


def b_is_float(found, ctx):
    b = found[1]
    if type(b) is not float:
        raise Mismatch(f"b is {type(b).__name__}, expected a Python float (the course's contract: b = 0.0)")


def cost_of(w, b, X, Y):
    A = 1 / (1 + np.exp(-(w.T @ X + b)))
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def forgot_b(args, kwargs):
    w, b, X = args
    return ref.predict(w, 0.0, X)


def flipped_update(args, kwargs):
    return ref.optimize(*args, **{**kwargs, "learning_rate": -kwargs["learning_rate"]})


UPDATE_SIGN = [("the update adds the gradient (w + α dw) instead of subtracting it", flipped_update)]


def accuracy(predictions, Y):
    return 100 - np.mean(np.abs(np.asarray(predictions, dtype=float) - Y)) * 100


def cat_accuracy(found, ctx):
    _, train_y, _, test_y = data.cat()
    train = accuracy(found["Y_prediction_train"], train_y)
    test = accuracy(found["Y_prediction_test"], test_y)
    if train < CAT_TRAIN_MIN or test < CAT_TEST_MIN:
        raise Mismatch(f"on the cat data your model reaches {train:.2f} % (train) and {test:.2f} % (test); "
                       f"it needs at least {CAT_TRAIN_MIN:g} % and {CAT_TEST_MIN:g} % "
                       f"(the reference: 99.04 % and 70.0 %, minus a 4-point margin)")


def cat_inputs(iterations):
    def inputs():
        train_x, train_y, test_x, test_y = data.cat()
        return (train_x, train_y, test_x, test_y), {"num_iterations": iterations, "learning_rate": 0.005}
    return inputs


MODEL_PARTS = ["costs", "Y_prediction_train", "Y_prediction_test", "w", "b"]
MODEL_CALLS = ("initialize_with_zeros", "optimize", "predict")

CHECKS = [
    same_as_reference("sigmoid", "sigmoid: course example [0, 2]", given(np.array([0, 2]))),
    same_as_reference("sigmoid", "sigmoid: a (3, 4) matrix", lambda: ((np.random.RandomState(1).randn(3, 4) * 4,), {})),
    same_as_reference("initialize_with_zeros", "initialize_with_zeros: dim 2", given(2)),
    same_as_reference("initialize_with_zeros", "initialize_with_zeros: dim 7", given(7)),
    holds("initialize_with_zeros", "initialize_with_zeros: b is a Python float", given(3), b_is_float, points=0.5),
    same_as_reference("propagate", "propagate: course example", given(COURSE_W, COURSE_B, COURSE_X, COURSE_Y),
                      outputs=[(0, "dw"), (0, "db"), 1], names=["grads['dw']", "grads['db']", "cost"], m=3,
                      calls=("sigmoid",)),
    same_as_reference("propagate", "propagate: course public test", given(*PUBLIC),
                      outputs=[(0, "dw"), (0, "db"), 1], names=["grads['dw']", "grads['db']", "cost"], m=4,
                      calls=("sigmoid",)),
    same_as_reference("propagate", "propagate: 5 features, 9 examples", lambda: (problem(3, 5, 9), {}),
                      outputs=[(0, "dw"), (0, "db"), 1], names=["grads['dw']", "grads['db']", "cost"], m=9,
                      calls=("sigmoid",)),
    gradient("propagate", "propagate: gradients match the cost's numerical gradient", lambda: (problem(4, 4, 6), {}),
             params=lambda a, k: {"dw": np.array(a[0], dtype=float), "db": np.array([a[1]], dtype=float)},
             objective=lambda p, a, k: cost_of(p["dw"], p["db"][0], a[2], a[3]),
             grads=lambda found: {"dw": found[0]["dw"], "db": np.reshape(found[0]["db"], (1,))},
             labels={"dw": "grads['dw']", "db": "grads['db']"}, m=6, calls=("sigmoid",)),
    same_as_reference("optimize", "optimize: course example (100 iterations, lr 0.009)",
                      given(COURSE_W, COURSE_B, COURSE_X, COURSE_Y, num_iterations=100, learning_rate=0.009),
                      calls=("propagate",), mistakes=UPDATE_SIGN),
    same_as_reference("optimize", "optimize: course public test (101 iterations, lr 0.1)",
                      given(np.array([[1.0], [2.0]]), 2.0, np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]),
                            np.array([[1, 0, 1]]), num_iterations=101, learning_rate=0.1),
                      calls=("propagate",), mistakes=UPDATE_SIGN),
    same_as_reference("optimize", "optimize: 4 features, 8 examples, 250 iterations",
                      lambda: (problem(5, 4, 8), {"num_iterations": 250, "learning_rate": 0.05}),
                      calls=("propagate",), mistakes=UPDATE_SIGN),
    unchanged_inputs("optimize", "optimize: leaves w unchanged", lambda: (problem(6, 3, 5), {"num_iterations": 3}),
                     arg_names=["w", "b", "X", "Y"], calls=("propagate",)),
    same_as_reference("predict", "predict: course example", given(np.array([[0.1124579], [0.23106775]]), -0.3,
                                                                 np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
                      calls=("sigmoid",), mistakes=[("b was left out of A = sigmoid(wᵀX + b)", forgot_b)]),
    same_as_reference("predict", "predict: course public test",
                      given(np.array([[0.3], [0.5], [-0.2]]), -0.33333,
                            np.array([[1.0, -0.3, 1.5], [2.0, 0.0, 1.0], [0.0, -1.5, 2.0]])),
                      calls=("sigmoid",), mistakes=[("b was left out of A = sigmoid(wᵀX + b)", forgot_b)]),
    same_as_reference("predict", "predict: 6 features, 20 examples", lambda: (problem(7, 6, 20)[:3], {}),
                      calls=("sigmoid",), mistakes=[("b was left out of A = sigmoid(wᵀX + b)", forgot_b)]),
    same_as_reference("model", "model: course public test (seed 0, 50 iterations)",
                      lambda: _model_test_inputs(), outputs=MODEL_PARTS, calls=MODEL_CALLS),
    same_as_reference("model", "model: cat data, first 100 iterations", cat_inputs(100), outputs=MODEL_PARTS,
                      calls=MODEL_CALLS, long=True, needs_data=True, timeout=60, cache_reference=True),
    same_as_reference("model", "model: cat data, 2000 iterations, same as the reference", cat_inputs(2000),
                      outputs=MODEL_PARTS, calls=MODEL_CALLS, long=True, needs_data=True, timeout=300,
                      cache_reference=True, after=("model: cat data, first 100 iterations",),
                      tol=Tolerance(1e-6, 1e-9), call_key="cat 2000"),
    holds("model", "model: cat data, accuracy", cat_inputs(2000), cat_accuracy, points=2.0,
          calls=MODEL_CALLS, long=True, needs_data=True, timeout=300,
          after=("model: cat data, first 100 iterations",), call_key="cat 2000"),
]


def _model_test_inputs():
    rng = np.random.RandomState(0)
    X, x_test = rng.randn(4, 7), rng.randn(4, 3)
    return (X, np.array([[1, 0, 0, 1, 0, 0, 1]]), x_test, np.array([[0, 1, 0]])), {"num_iterations": 50,
                                                                                    "learning_rate": 0.01}

"""Older versions of the course's notebooks are graded against their own contract.

Each notebook here is written as a learner of that version would complete it: the old file name,
metadata, imports and asserts, and function bodies of our own in the old signatures and
conventions (``b = 0``, ``compute_cost(A2, Y, parameters)``, a reseeding initialization, an
update in place, the old gradient keys, ``plt.show()`` inside a model). Each gets full marks,
graded against the version it is recognised as; the newest contract stays as strict as before.
"""

import textwrap

import nbformat
import numpy as np
import pytest

from grader import course as courses
from grader import data
from grader import engine
from grader.course import builtin as builtin_course
from grader.errors import CannotGrade
from grader.load import reader

# The metadata of the course's notebooks before 2021 (Coursera's own, no version in it).
COURSERA = {"coursera": {"course_slug": "neural-networks-deep-learning"},
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}


def notebook(path, *cells, metadata=None):
    """Write a notebook of ``cells`` (markdown when a cell starts with '#  ', else code) to ``path``."""
    book = nbformat.v4.new_notebook(metadata=metadata or COURSERA)
    for cell in cells:
        text = textwrap.dedent(cell).strip("\n")
        book.cells.append(nbformat.v4.new_markdown_cell(text[3:]) if text.startswith("#  ")
                          else nbformat.v4.new_code_cell(text))
    nbformat.write(book, str(path))
    return path


@pytest.fixture
def without_cat_data(tmp_path):
    """The cat data missing: its long checks are not run, the others (the course's public tests) are."""
    data.use(tmp_path / "no-data")
    yield
    data.use(None)


def grade(path, assignment_id, **options):
    grading = engine.grade(path, assignment_id, reference_cache=None, **options)
    failed = [f"{r.check.name}: {r.outcome}: {r.output}" for r in grading.results if r.outcome != "passed"]
    return grading, failed


# ---------------------------------------------------------------- W2A2 v6a

W2A2_V6A = [
    "#  # Logistic Regression with a Neural Network mindset",
    """
    import numpy as np
    import matplotlib.pyplot as plt
    import h5py
    import scipy
    from PIL import Image
    from scipy import ndimage
    from lr_utils import load_dataset

    %matplotlib inline
    """,
    """
    # GRADED FUNCTION: sigmoid

    def sigmoid(z):
        ### START CODE HERE ### (≈ 1 line of code)
        s = 1.0 / (1.0 + np.exp(-z))
        ### END CODE HERE ###
        return s
    """,
    """
    # GRADED FUNCTION: initialize_with_zeros

    def initialize_with_zeros(dim):
        ### START CODE HERE ### (≈ 1 line of code)
        w = np.zeros(shape=(dim, 1))
        b = 0
        ### END CODE HERE ###
        assert(w.shape == (dim, 1))
        assert(isinstance(b, float) or isinstance(b, int))
        return w, b
    """,
    """
    # GRADED FUNCTION: propagate

    def propagate(w, b, X, Y):
        m = X.shape[1]
        ### START CODE HERE ###
        A = sigmoid(w.T.dot(X) + b)
        cost = -(1.0 / m) * np.sum(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A))
        dw = X.dot((A - Y).T) / m
        db = np.sum(A - Y) / m
        ### END CODE HERE ###
        assert(dw.shape == w.shape)
        assert(db.dtype == float)
        cost = np.squeeze(cost)
        assert(cost.shape == ())
        grads = {"dw": dw, "db": db}
        return grads, cost
    """,
    """
    # GRADED FUNCTION: optimize

    def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost = False):
        costs = []
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            dw = grads["dw"]
            db = grads["db"]
            w = w - learning_rate * dw
            b = b - learning_rate * db
            if i % 100 == 0:
                costs.append(cost)
            if print_cost and i % 100 == 0:
                print ("Cost after iteration %i: %f" %(i, cost))
        params = {"w": w, "b": b}
        grads = {"dw": dw, "db": db}
        return params, grads, costs
    """,
    """
    # GRADED FUNCTION: predict

    def predict(w, b, X):
        m = X.shape[1]
        Y_prediction = np.zeros((1, m))
        w = w.reshape(X.shape[0], 1)
        A = sigmoid(np.dot(w.T, X) + b)
        for i in range(A.shape[1]):
            Y_prediction[0, i] = 1 if A[0, i] > 0.5 else 0
        assert(Y_prediction.shape == (1, m))
        return Y_prediction
    """,
    """
    # GRADED FUNCTION: model

    def model(X_train, Y_train, X_test, Y_test, num_iterations = 2000, learning_rate = 0.5, print_cost = False):
        w, b = initialize_with_zeros(X_train.shape[0])
        parameters, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
        w = parameters["w"]
        b = parameters["b"]
        Y_prediction_test = predict(w, b, X_test)
        Y_prediction_train = predict(w, b, X_train)
        print("train accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100))
        print("test accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100))
        d = {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
             "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}
        return d
    """,
]
W2A2_QUICK = ["sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"]


def test_w2a2_v6a_gets_full_marks(tmp_path):
    path = notebook(tmp_path / "Logistic_Regression_with_a_Neural_Network_mindset_v6a.ipynb", *W2A2_V6A)
    grading, failed = grade(path, "w2a2", only=W2A2_QUICK)
    assert not failed, "\n".join(failed)
    assert grading.course_version == "v6a" and grading.score == grading.max_score


def test_w2a2_v6a_is_recognised_by_its_signature_without_the_file_name(tmp_path):
    path = notebook(tmp_path / "my_homework.ipynb", *W2A2_V6A)
    assert courses.version_of(reader.load(path), "w2a2") == "v6a"


def test_w2a2_v6a_model_gets_full_marks(tmp_path, without_cat_data):
    path = notebook(tmp_path / "Logistic_Regression_with_a_Neural_Network_mindset_v6a.ipynb", *W2A2_V6A)
    grading, failed = grade(path, "w2a2", only=["model"])
    assert [f for f in failed if ": not_run: " not in f] == []
    assert [r.outcome for r in grading.results][0] == "passed"  # the public test; the cat runs need the data


def test_the_newest_w2a2_contract_stays_as_strict(tmp_path):
    """The same code graded as the newest version (pinned) fails what it failed before: b is an int,
    and optimize has no defaults."""
    path = notebook(tmp_path / "Logistic_Regression_with_a_Neural_Network_mindset_v6a.ipynb", *W2A2_V6A)
    grading, failed = grade(path, "w2a2", only=W2A2_QUICK, course_version="v1.2")
    assert grading.course_version == "v1.2"
    assert [r.check.name for r in grading.results if r.outcome != "passed"] == [
        "initialize_with_zeros: b is a Python float", "optimize: leaves w unchanged"]
    assert "b is int, expected a Python float" in failed[0]
    assert "missing 1 required positional argument: 'learning_rate'" in failed[1]


# ---------------------------------------------------------------- W3A1 v6c

W3A1_V6C = [
    "#  # Planar data classification with one hidden layer",
    """
    import numpy as np
    import matplotlib.pyplot as plt
    from testCases_v2 import *
    import sklearn
    import sklearn.datasets
    import sklearn.linear_model
    from planar_utils import plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets

    %matplotlib inline

    np.random.seed(1) # set a seed so that the results are consistent
    """,
    """
    # GRADED FUNCTION: layer_sizes

    def layer_sizes(X, Y):
        n_x = X.shape[0] # size of input layer
        n_h = 4
        n_y = Y.shape[0] # size of output layer
        return (n_x, n_h, n_y)
    """,
    """
    # GRADED FUNCTION: initialize_parameters

    def initialize_parameters(n_x, n_h, n_y):
        np.random.seed(2) # we set up a seed so that your output matches ours although the initialization is random.
        W1 = 0.01 * np.random.randn(n_h, n_x)
        b1 = np.zeros(shape=(n_h, 1))
        W2 = 0.01 * np.random.randn(n_y, n_h)
        b2 = np.zeros(shape=(n_y, 1))
        assert (W1.shape == (n_h, n_x))
        assert (b1.shape == (n_h, 1))
        assert (W2.shape == (n_y, n_h))
        assert (b2.shape == (n_y, 1))
        parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        return parameters
    """,
    """
    # GRADED FUNCTION: forward_propagation

    def forward_propagation(X, parameters):
        W1, b1 = parameters["W1"], parameters["b1"]
        W2, b2 = parameters["W2"], parameters["b2"]
        Z1 = W1.dot(X) + b1
        A1 = np.tanh(Z1)
        Z2 = W2.dot(A1) + b2
        A2 = sigmoid(Z2)
        assert(A2.shape == (1, X.shape[1]))
        cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
        return A2, cache
    """,
    """
    # GRADED FUNCTION: compute_cost

    def compute_cost(A2, Y, parameters):
        m = Y.shape[1] # number of example
        logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
        cost = - np.sum(logprobs) / m
        cost = np.squeeze(cost)     # makes sure cost is the dimension we expect.
        assert(isinstance(cost, float))
        return cost
    """,
    """
    # GRADED FUNCTION: backward_propagation

    def backward_propagation(parameters, cache, X, Y):
        m = X.shape[1]
        W2 = parameters["W2"]
        A1, A2 = cache["A1"], cache["A2"]
        dZ2 = A2 - Y
        dW2 = dZ2.dot(A1.T) / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = W2.T.dot(dZ2) * (1 - A1 ** 2)
        dW1 = dZ1.dot(X.T) / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        return grads
    """,
    """
    # GRADED FUNCTION: update_parameters

    def update_parameters(parameters, grads, learning_rate = 1.2):
        W1 = parameters["W1"] - learning_rate * grads["dW1"]
        b1 = parameters["b1"] - learning_rate * grads["db1"]
        W2 = parameters["W2"] - learning_rate * grads["dW2"]
        b2 = parameters["b2"] - learning_rate * grads["db2"]
        parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        return parameters
    """,
    """
    # GRADED FUNCTION: nn_model

    def nn_model(X, Y, n_h, num_iterations = 10000, print_cost=False):
        np.random.seed(3)
        n_x = layer_sizes(X, Y)[0]
        n_y = layer_sizes(X, Y)[2]
        parameters = initialize_parameters(n_x, n_h, n_y)
        for i in range(0, num_iterations):
            A2, cache = forward_propagation(X, parameters)
            cost = compute_cost(A2, Y, parameters)
            grads = backward_propagation(parameters, cache, X, Y)
            parameters = update_parameters(parameters, grads)
            if print_cost and i % 1000 == 0:
                print ("Cost after iteration %i: %f" %(i, cost))
        return parameters
    """,
    """
    # GRADED FUNCTION: predict

    def predict(parameters, X):
        A2, cache = forward_propagation(X, parameters)
        predictions = (A2 > 0.5)
        return predictions
    """,
]


def test_w3a1_v6c_gets_full_marks(tmp_path):
    """Every function but nn_model through the engine; nn_model on its short check (200 iterations), where
    it calls the reference's compute_cost(A2, Y, parameters) and the reseeding initialization. (Its
    10000-iteration checks cost a minute here: the same references, longer.)"""
    path = notebook(tmp_path / "Planar_data_classification_with_onehidden_layer_v6c.ipynb", *W3A1_V6C)
    functions = [f for f in builtin_course().assignment("w3a1").functions if f != "nn_model"]
    grading, failed = grade(path, "w3a1", only=functions)
    assert not failed, "\n".join(failed)
    assert grading.course_version == "v6c" and grading.score == grading.max_score
    assert [r.outcome for r in short_model_check(path, "v6c")] == ["passed"]
    assert [r.outcome for r in short_model_check(path, "v3.0")] == ["error"]  # compute_cost takes two arguments


def short_model_check(path, version):
    assignment = builtin_course().assignment("w3a1", version)
    check = next(c for c in assignment.checks if c.name == "nn_model: 3 inputs, 10 examples, n_h = 3, 200 iterations")
    results, _ = engine.run_group(reader.load(path).chunks, [check], assignment.references(), None, "w3a1")
    return results


def test_the_v6c_reference_trains_as_the_old_notebook_printed():
    """The old notebook's nn_model case (seed 1: X (2, 3), Y > 0; n_h 4) and its printed numbers."""
    from solutions.older import w3a1_planar_v6c as v6c

    rng = np.random.RandomState(1)
    X, Y = rng.randn(2, 3), rng.randn(1, 3) > 0
    parameters = v6c.nn_model(X, Y, 4, num_iterations=10000)
    np.testing.assert_allclose(parameters["W1"][0], [-0.65848169, 1.21866811], rtol=1e-6)
    np.testing.assert_allclose(parameters["b2"], [[0.20459656]], rtol=1e-6)


# ---------------------------------------------------------------- W4A1 v5 and v8a

W4A1_HELPERS = [
    """
    # GRADED FUNCTION: initialize_parameters

    def initialize_parameters(n_x, n_h, n_y):
        np.random.seed(1)
        W1 = np.random.randn(n_h, n_x) * 0.01
        b1 = np.zeros((n_h, 1))
        W2 = np.random.randn(n_y, n_h) * 0.01
        b2 = np.zeros((n_y, 1))
        assert(W1.shape == (n_h, n_x))
        assert(b1.shape == (n_h, 1))
        assert(W2.shape == (n_y, n_h))
        assert(b2.shape == (n_y, 1))
        parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        return parameters
    """,
    """
    # GRADED FUNCTION: initialize_parameters_deep

    def initialize_parameters_deep(layer_dims):
        np.random.seed(3)
        parameters = {}
        L = len(layer_dims)            # number of layers in the network
        for l in range(1, L):
            parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
            parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
            assert(parameters['W' + str(l)].shape == (layer_dims[l], layer_dims[l-1]))
            assert(parameters['b' + str(l)].shape == (layer_dims[l], 1))
        return parameters
    """,
    """
    # GRADED FUNCTION: linear_forward

    def linear_forward(A, W, b):
        Z = W.dot(A) + b
        assert(Z.shape == (W.shape[0], A.shape[1]))
        cache = (A, W, b)
        return Z, cache
    """,
    """
    # GRADED FUNCTION: linear_activation_forward

    def linear_activation_forward(A_prev, W, b, activation):
        Z, linear_cache = linear_forward(A_prev, W, b)
        if activation == "sigmoid":
            A, activation_cache = sigmoid(Z)
        elif activation == "relu":
            A, activation_cache = relu(Z)
        assert (A.shape == (W.shape[0], A_prev.shape[1]))
        cache = (linear_cache, activation_cache)
        return A, cache
    """,
    """
    # GRADED FUNCTION: L_model_forward

    def L_model_forward(X, parameters):
        caches = []
        A = X
        L = len(parameters) // 2                  # number of layers in the neural network
        for l in range(1, L):
            A_prev = A
            A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
            caches.append(cache)
        AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
        caches.append(cache)
        assert(AL.shape == (1,X.shape[1]))
        return AL, caches
    """,
    """
    # GRADED FUNCTION: compute_cost

    def compute_cost(AL, Y):
        m = Y.shape[1]
        cost = (-1. / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
        cost = np.squeeze(cost)      # To make sure your cost's shape is what we expect.
        assert(cost.shape == ())
        return cost
    """,
    """
    # GRADED FUNCTION: linear_backward

    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = dZ.dot(A_prev.T) / m
        db = dZ.sum(axis=1, keepdims=True) / m
        dA_prev = W.T.dot(dZ)
        assert (dA_prev.shape == A_prev.shape)
        assert (dW.shape == W.shape)
        assert (db.shape == b.shape)
        return dA_prev, dW, db
    """,
    """
    # GRADED FUNCTION: linear_activation_backward

    def linear_activation_backward(dA, cache, activation):
        linear_cache, activation_cache = cache
        if activation == "relu":
            dZ = relu_backward(dA, activation_cache)
        elif activation == "sigmoid":
            dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        return dA_prev, dW, db
    """,
]
W4A1_IN_PLACE_UPDATE = """
    # GRADED FUNCTION: update_parameters

    def update_parameters(parameters, grads, learning_rate):
        L = len(parameters) // 2 # number of layers in the neural network
        for l in range(L):
            parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * grads["dW" + str(l+1)]
            parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * grads["db" + str(l+1)]
        return parameters
    """
W4A1_BACKWARD = """
    # GRADED FUNCTION: L_model_backward

    def L_model_backward(AL, Y, caches):
        grads = {}
        L = len(caches) # the number of layers
        Y = Y.reshape(AL.shape) # after this line, Y is the same shape as AL
        dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        current_cache = caches[L-1]
        grads["dA" + str(<last>)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(
            dAL, current_cache, "sigmoid")
        for l in reversed(range(L-1)):
            current_cache = caches[l]
            dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(<given>)], current_cache,
                                                                        "relu")
            grads["dA" + str(<kept>)] = dA_prev_temp
            grads["dW" + str(l + 1)] = dW_temp
            grads["db" + str(l + 1)] = db_temp
        return grads
    """


def w4a1_notebook(path, test_cases, dA_keys):
    """``dA_keys`` "old": dA{l} is the gradient of A^[l-1] (v5); "new": dA{l-1} (v8a and the newest)."""
    keys = {"last": "L", "given": "l + 2", "kept": "l + 1"} if dA_keys == "old" else \
        {"last": "L-1", "given": "l + 1", "kept": "l"}
    backward = W4A1_BACKWARD
    for placeholder, key in keys.items():
        backward = backward.replace(f"<{placeholder}>", key)
    return notebook(path, "#  # Building your Deep Neural Network: Step by Step", f"""
        import numpy as np
        import h5py
        import matplotlib.pyplot as plt
        from {test_cases} import *
        from dnn_utils_v2 import sigmoid, sigmoid_backward, relu, relu_backward

        %matplotlib inline
        plt.rcParams['figure.figsize'] = (5.0, 4.0) # set default size of plots

        %load_ext autoreload
        %autoreload 2

        np.random.seed(1)
        """, *W4A1_HELPERS, backward, W4A1_IN_PLACE_UPDATE)


@pytest.mark.parametrize("name, test_cases, dA_keys, version", [
    ("Building your Deep Neural Network - Step by Step v5.ipynb", "testCases_v3", "old", "v5"),
    ("Building_your_Deep_Neural_Network_Step_by_Step_v8a.ipynb", "testCases_v4a", "new", "v8a"),
])
def test_w4a1_old_versions_get_full_marks(tmp_path, name, test_cases, dA_keys, version):
    path = w4a1_notebook(tmp_path / name, test_cases, dA_keys)
    grading, failed = grade(path, "w4a1")
    assert not failed, "\n".join(failed)
    assert grading.course_version == version and grading.score == grading.max_score


def test_the_newest_w4a1_contract_stays_as_strict(tmp_path):
    path = w4a1_notebook(tmp_path / "Building your Deep Neural Network - Step by Step v5.ipynb", "testCases_v3", "old")
    grading, _ = grade(path, "w4a1", course_version="v1.2")
    failed = {r.check.function for r in grading.results if r.outcome != "passed"}
    assert failed == {"L_model_backward", "update_parameters"}
    unchanged = next(r for r in grading.results
                     if r.check.name == "update_parameters: leaves params and grads unchanged")
    assert unchanged.outcome == "failed"


# ---------------------------------------------------------------- W4A2 v8

W4A2_V8 = [
    "#  # Deep Neural Network for Image Classification: Application",
    """
    import time
    import numpy as np
    import h5py
    import matplotlib.pyplot as plt
    import scipy
    from PIL import Image
    from scipy import ndimage
    from dnn_app_utils_v3 import *

    %matplotlib inline
    plt.rcParams['figure.figsize'] = (5.0, 4.0) # set default size of plots

    np.random.seed(1)
    """,
    """
    n_x = 12288     # num_px * num_px * 3
    n_h = 7
    n_y = 1
    layers_dims = (n_x, n_h, n_y)
    """,
    """
    # GRADED FUNCTION: two_layer_model

    def two_layer_model(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 3000, print_cost=False):
        np.random.seed(1)
        grads = {}
        costs = []                              # to keep track of the cost
        m = X.shape[1]                           # number of examples
        (n_x, n_h, n_y) = layers_dims
        parameters = initialize_parameters(n_x, n_h, n_y)
        W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
        for i in range(0, num_iterations):
            A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
            A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
            cost = compute_cost(A2, Y)
            dA2 = - (np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
            dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
            dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
            grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
            parameters = update_parameters(parameters, grads, learning_rate)
            W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
            if print_cost and i % 100 == 0:
                print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
                costs.append(cost)
        plt.plot(np.squeeze(costs))
        plt.ylabel('cost')
        plt.xlabel('iterations (per tens)')
        plt.title("Learning rate =" + str(learning_rate))
        plt.show()
        return parameters
    """,
    """
    layers_dims = [12288, 20, 7, 5, 1] #  4-layer model
    """,
    """
    # GRADED FUNCTION: L_layer_model

    def L_layer_model(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 3000, print_cost=False):#lr was 0.009
        np.random.seed(1)
        costs = []                         # keep track of cost
        parameters = initialize_parameters_deep(layers_dims)
        for i in range(0, num_iterations):
            AL, caches = L_model_forward(X, parameters)
            cost = compute_cost(AL, Y)
            grads = L_model_backward(AL, Y, caches)
            parameters = update_parameters(parameters, grads, learning_rate)
            if print_cost and i % 100 == 0:
                print ("Cost after iteration %i: %f" %(i, cost))
                costs.append(cost)
        plt.plot(np.squeeze(costs))
        plt.ylabel('cost')
        plt.xlabel('iterations (per tens)')
        plt.title("Learning rate =" + str(learning_rate))
        plt.show()
        return parameters
    """,
]


def test_w4a2_v8_gets_full_marks(tmp_path, without_cat_data):
    """The course's small cases (the cat runs need the data: not run here, their points in the maximum)."""
    path = notebook(tmp_path / "Deep Neural Network - Application v8.ipynb", *W4A2_V8)
    grading, failed = grade(path, "w4a2")
    assert grading.course_version == "v8"
    assert [f for f in failed if ": not_run: " not in f] == []
    assert sum(r.outcome == "passed" for r in grading.results) == 6
    assert any("scipy" in note for note in grading.notes)  # imported by the notebook, not installed here


def test_w4a2_v8_is_recognised_by_what_its_models_return(tmp_path):
    path = notebook(tmp_path / "my_cats.ipynb", *W4A2_V8)
    assert courses.version_of(reader.load(path), "w4a2") == "v8"


def test_the_learners_process_finds_the_stand_in_matplotlib_first(tmp_path):
    from grader.isolate.runner import Runner

    path = tmp_path / "plots.py"
    path.write_text("import matplotlib.pyplot as plt\n\ndef where():\n    plt.plot([1, 2]); plt.show()\n"
                    "    fig, ax = plt.subplots()\n    ax.set_title('cost')\n    return plt.__file__\n")
    with Runner(reader.load(path).chunks, {}) as runner:
        call = runner.call("where")
    assert call.status == "ok" and call.value.endswith("nndl/standins/matplotlib/pyplot.py")


# ---------------------------------------------------------------- recognition and --course-version


def test_course_version_pins_the_version_and_an_unknown_one_lists_them(tmp_path):
    path = notebook(tmp_path / "Logistic_Regression_with_a_Neural_Network_mindset_v6a.ipynb", *W2A2_V6A)
    submission = reader.load(path)
    assert courses.version_of(submission, "w2a2") == "v6a"
    assert courses.version_of(submission, "w2a2", "v1.2") == "v1.2"
    with pytest.raises(CannotGrade, match=r"unknown course version 'v9' for w2a2; its versions are v1\.2, v6a"):
        courses.version_of(submission, "w2a2", "v9")


def test_without_any_sign_the_newest_version_is_graded(tmp_path):
    """A renamed .py with the newest signatures: the newest version."""
    path = tmp_path / "homework.py"
    path.write_text(builtin_course().assignment("w3a1").solution_file.read_text(encoding="utf-8"), encoding="utf-8")
    assert courses.version_of(reader.load(path), "w3a1") == "v3.0"


@pytest.mark.parametrize("name, assignment_id, version", [
    ("Python_Basics_With_Numpy_v3a.ipynb", "w2a1", "v3a"),
    ("Logistic_Regression_with_a_Neural_Network_mindset_v6a.ipynb", "w2a2", "v6a"),
    ("Planar data classification with one hidden layer v3.ipynb", "w3a1", "v6c"),
    ("Planar_data_classification_with_onehidden_layer_v6c.ipynb", "w3a1", "v6c"),
    ("Building your Deep Neural Network - Step by Step v5.ipynb", "w4a1", "v5"),
    ("Building_your_Deep_Neural_Network_Step_by_Step_v8a.ipynb", "w4a1", "v8a"),
    ("Deep+Neural+Network+-+Application+v8.ipynb", "w4a2", "v8"),
    ("Deep Neural Network - Application.ipynb", "w4a2", "v1.2"),
])
def test_the_file_name_tells_the_version(tmp_path, name, assignment_id, version):
    path = notebook(tmp_path / name, "x = 1")
    assert courses.version_of(reader.load(path), assignment_id) == version


def test_the_notebook_metadata_tells_the_version(tmp_path):
    path = notebook(tmp_path / "w3a1.ipynb", "x = 1", metadata={"nndl_grader": {"course_version": "v6c"}})
    assert courses.version_of(reader.load(path), "w3a1") == "v6c"


def test_grade_course_version_on_the_command_line(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    path = notebook(tmp_path / "Logistic_Regression_with_a_Neural_Network_mindset_v6a.ipynb", *W2A2_V6A)
    found = CliRunner().invoke(main, [str(path), "--only", "initialize_with_zeros", "--course-version", "v9"])
    assert found.exit_code == 2
    assert "unknown course version 'v9' for w2a2; its versions are v1.2, v6a" in found.output
    pinned = CliRunner().invoke(main, [str(path), "--only", "initialize_with_zeros", "--course-version", "v1.2",
                                       "--format", "json", "--no-cache"])
    assert pinned.exit_code == 1 and '"course_version": "v1.2"' in pinned.output
    recognised = CliRunner().invoke(main, [str(path), "--only", "initialize_with_zeros", "--no-cache"])
    assert recognised.exit_code == 0 and "v6a" in recognised.output


# ---------------------------------------------------------------- W2A1 v3a and W3A1's newest contract

W2A1_V3A = [
    "#  # Python Basics with Numpy (optional assignment)",
    """
    # GRADED FUNCTION: basic_sigmoid

    import math

    def basic_sigmoid(x):
        s = 1 / (1 + math.exp(-x))
        return s
    """,
    """
    import numpy as np

    # GRADED FUNCTION: sigmoid

    def sigmoid(x):
        s = 1 / (1 + np.exp(-x))
        return s
    """,
    """
    # GRADED FUNCTION: sigmoid_derivative

    def sigmoid_derivative(x):
        s = sigmoid(x)
        ds = s * (1 - s)
        return ds
    """,
    """
    # GRADED FUNCTION: image2vector
    def image2vector(image):
        v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)
        return v
    """,
    """
    # GRADED FUNCTION: normalizeRows

    def normalizeRows(x):
        x_norm = np.linalg.norm(x, ord = 2, axis = 1, keepdims = True)
        x /= x_norm  # "You are allowed to modify x."
        return x
    """,
    """
    # GRADED FUNCTION: softmax

    def softmax(x):
        x_exp = np.exp(x)
        x_sum = np.sum(x_exp, axis = 1, keepdims = True)
        s = x_exp / x_sum
        return s
    """,
    """
    # GRADED FUNCTION: L1

    def L1(yhat, y):
        loss = np.sum(np.abs(y - yhat))
        return loss
    """,
    """
    # GRADED FUNCTION: L2

    def L2(yhat, y):
        loss = np.dot(y - yhat, y - yhat)
        return loss
    """,
]


def test_w2a1_v3a_gets_full_marks(tmp_path):
    path = notebook(tmp_path / "Python_Basics_With_Numpy_v3a.ipynb", *W2A1_V3A)
    grading, failed = grade(path, "w2a1")
    assert not failed, "\n".join(failed)
    assert grading.course_version == "v3a" and grading.score == grading.max_score
    assert "normalizeRows" in {r.check.function for r in grading.results}
    newest, _ = grade(path, "w2a1", course_version="v1.2")  # normalize_rows is not defined
    assert {r.outcome for r in newest.results if r.check.name.startswith("normalize_rows")} == {"missing"}


def test_the_newest_w3a1_contract_stays_as_strict(tmp_path):
    path = notebook(tmp_path / "Planar_data_classification_with_onehidden_layer_v6c.ipynb", *W3A1_V6C)
    grading, failed = grade(path, "w3a1", only=["initialize_parameters", "compute_cost"], course_version="v3.0")
    cost_checks = {r.check.name for r in grading.results if r.check.function == "compute_cost"}
    # The seed-2 cases match either way; every compute_cost call lacks the old third argument.
    assert {r.check.name for r in grading.results if r.outcome != "passed"} == {
        "initialize_parameters: seed 5, sizes (4, 7, 3)", *cost_checks}
    assert any("np.random.seed(2) is called inside the function" in f for f in failed)


def test_an_old_file_name_with_the_newest_function_names_is_graded_as_the_newest(tmp_path):
    """Python_Basics_With_Numpy_v3a.ipynb that defines normalize_rows (not normalizeRows): v1.2."""
    cells = [cell.replace("normalizeRows", "normalize_rows").replace("x /= x_norm", "x = x / x_norm")
             for cell in W2A1_V3A]
    path = notebook(tmp_path / "Python_Basics_With_Numpy_v3a.ipynb", *cells)
    grading, failed = grade(path, "w2a1")
    assert not failed and grading.course_version == "v1.2"


def test_grade_batch_course_version_needs_an_assignment_and_a_known_version(tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    (tmp_path / "class").mkdir()
    notebook(tmp_path / "class" / "Logistic_Regression_with_a_Neural_Network_mindset_v6a.ipynb", *W2A2_V6A)
    out = str(tmp_path / "out")
    alone = CliRunner().invoke(main, ["batch", str(tmp_path / "class"), "-o", out, "--course-version", "v6a"])
    assert alone.exit_code == 2 and "--course-version needs --assignment" in alone.output
    unknown = CliRunner().invoke(main, ["batch", str(tmp_path / "class"), "-o", out, "-a", "w2a2",
                                        "--course-version", "v7"])
    assert unknown.exit_code == 2 and "unknown course version 'v7' for w2a2" in unknown.output

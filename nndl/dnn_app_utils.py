"""The building blocks the course provides for the week-4 application (its ``dnn_app_utils_v3``).

Learners build ``two_layer_model`` and ``L_layer_model`` on these, not on their own week-4 step
by step code, exactly as the course's notebook does with ``from dnn_app_utils_v3 import *``.
Two details matter for the course's published figures:

- both initializers call ``np.random.seed(1)`` themselves;
- ``initialize_parameters_deep`` scales by ``1 / sqrt(n_prev)``, not by 0.01 (with 0.01 the
  4-layer cat model stalls at a cost of about 0.644 and predicts "non-cat" for every image).
"""

import numpy as np

from datasets.cat import load_cat_dataset
from nndl.dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward

__all__ = [
    "L_model_backward",
    "L_model_forward",
    "compute_cost",
    "initialize_parameters",
    "initialize_parameters_deep",
    "linear_activation_backward",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "load_data",
    "predict",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
    "update_parameters",
]


def load_data(data_dir=None):
    """Return ``train_x_orig, train_y, test_x_orig, test_y, classes`` (see ``datasets.cat``)."""
    return load_cat_dataset(data_dir)


def initialize_parameters(n_x, n_h, n_y):
    """Small random weights (×0.01) and zero biases for LINEAR->RELU->LINEAR->SIGMOID; seed 1.

    Returns
    -------
    parameters : dict
        W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1).
    """
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def initialize_parameters_deep(layer_dims):
    """Weights ``randn(n_l, n_prev) / sqrt(n_prev)`` and zero biases for every layer; seed 1.

    Parameters
    ----------
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    parameters : dict
        Wl of shape (n_l, n_{l-1}) and bl of shape (n_l, 1) for l = 1..L.
    """
    np.random.seed(1)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_forward(A, W, b):
    """Z = W A + b, with cache ``(A, W, b)``."""
    Z = W.dot(A) + b  # (n_l, m)
    return Z, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W A_prev + b) for ``activation`` "sigmoid" or "relu"; cache ``(linear_cache, Z)``."""
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        raise ValueError(f'activation must be "sigmoid" or "relu", not {activation!r}')
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters):
    """[LINEAR->RELU] x (L-1) -> LINEAR->SIGMOID; returns ``AL, caches`` (a list of L caches)."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    """Cross-entropy cost, returned as a 0-d ndarray (``np.squeeze`` of a (1, 1) product)."""
    m = Y.shape[1]
    cost = (1.0 / m) * (-np.dot(Y, np.log(AL).T) - np.dot(1 - Y, np.log(1 - AL).T))
    return np.squeeze(cost)


def linear_backward(dZ, cache):
    """Gradients of the linear step: ``dA_prev, dW, db`` from dZ and ``(A_prev, W, b)``."""
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1.0 / m * np.dot(dZ, A_prev.T)  # (n_l, n_{l-1})
    db = 1.0 / m * np.sum(dZ, axis=1, keepdims=True)  # (n_l, 1)
    dA_prev = np.dot(W.T, dZ)  # (n_{l-1}, m)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Gradients of LINEAR->ACTIVATION: ``dA_prev, dW, db``."""
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        raise ValueError(f'activation must be "sigmoid" or "relu", not {activation!r}')
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    """Gradients of the whole L-layer model: dict of ``dA{l-1}``, ``dW{l}``, ``db{l}``."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_activation_backward(
        dAL, caches[L - 1], "sigmoid"
    )
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = linear_activation_backward(grads[f"dA{l + 1}"], caches[l], "relu")
        grads[f"dA{l}"], grads[f"dW{l + 1}"], grads[f"db{l + 1}"] = dA_prev, dW, db
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent, W := W - α dW and b := b - α db, on a new dict."""
    L = len(parameters) // 2
    updated = {}
    for l in range(1, L + 1):
        updated[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        updated[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return updated


def predict(X, y, parameters):
    """Predict labels with an L-layer network and print the accuracy as the course does.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    y : ndarray of shape (1, m)
        True labels, for the printed accuracy.
    parameters : dict
        A trained model's W1..WL, b1..bL.

    Returns
    -------
    p : ndarray of shape (1, m)
        Predictions, 0.0 or 1.0 (threshold 0.5).
    """
    m = X.shape[1]
    probas, _ = L_model_forward(X, parameters)
    p = (probas > 0.5).astype(float)
    # The course prints sum((p == y) / m), a fraction: 0.9999999999999998 rather than 1.0.
    print("Accuracy: " + str(np.sum((p == y) / m)))
    return p


def accuracy(p, y):
    """Fraction of correct predictions, computed as the course prints it: ``sum((p == y) / m)``."""
    return float(np.sum((p == y) / y.shape[1]))

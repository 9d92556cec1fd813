"""Activations and their backward passes, as the course provides them in week 4.

Each forward function returns ``(A, cache)`` with ``cache = Z``; each backward function takes
``dA`` and that cache and returns ``dZ``.
"""

import numpy as np


def sigmoid(Z):
    """Sigmoid activation.

    Parameters
    ----------
    Z : ndarray of any shape

    Returns
    -------
    A : ndarray of the same shape as Z
        ``1 / (1 + exp(-Z))``.
    cache : ndarray
        Z itself, for the backward pass.
    """
    A = 1 / (1 + np.exp(-Z))
    return A, Z


def relu(Z):
    """ReLU activation.

    Parameters
    ----------
    Z : ndarray of any shape

    Returns
    -------
    A : ndarray of the same shape as Z
        ``max(0, Z)``.
    cache : ndarray
        Z itself, for the backward pass.
    """
    A = np.maximum(0, Z)
    return A, Z


def relu_backward(dA, cache):
    """Backward pass of a ReLU unit: dZ = dA where Z > 0, else 0.

    Parameters
    ----------
    dA : ndarray of any shape
        Gradient of the cost with respect to the activation.
    cache : ndarray of the same shape
        Z, as stored by ``relu``.

    Returns
    -------
    dZ : ndarray of the same shape
    """
    Z = cache
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def sigmoid_backward(dA, cache):
    """Backward pass of a sigmoid unit: dZ = dA * s * (1 - s) with s = sigmoid(Z).

    Parameters
    ----------
    dA : ndarray of any shape
        Gradient of the cost with respect to the activation.
    cache : ndarray of the same shape
        Z, as stored by ``sigmoid``.

    Returns
    -------
    dZ : ndarray of the same shape
    """
    Z = cache
    s = 1 / (1 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ

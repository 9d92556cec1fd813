"""Week 3's provided helpers: the data sets, a sigmoid, and the decision-boundary plot."""

import numpy as np

from datasets.planar import load_extra_datasets, load_planar_dataset

__all__ = ["load_extra_datasets", "load_planar_dataset", "plot_decision_boundary", "sigmoid"]


def sigmoid(x):
    """Sigmoid of ``x``, element-wise: ``1 / (1 + exp(-x))``."""
    return 1 / (1 + np.exp(-x))


def plot_decision_boundary(model, X, y):
    """Plot the regions ``model`` assigns to each class, with the points of ``X`` on top.

    Parameters
    ----------
    model : callable
        Takes an array of shape (n, 2) of points and returns their predicted labels.
    X : ndarray of shape (2, m)
    y : ndarray of shape (1, m)

    Needs matplotlib, which the grader itself does not: ``pip install matplotlib``.
    """
    import matplotlib.pyplot as plt

    x_min, x_max = X[0, :].min() - 1, X[0, :].max() + 1
    y_min, y_max = X[1, :].min() - 1, X[1, :].max() + 1
    h = 0.01
    xx, yy = np.meshgrid(np.arange(x_min, x_max, h), np.arange(y_min, y_max, h))
    Z = model(np.c_[xx.ravel(), yy.ravel()])  # (n, 2) points → labels
    Z = np.asarray(Z).reshape(xx.shape)
    plt.contourf(xx, yy, Z, cmap=plt.cm.Spectral)
    plt.ylabel("x2")
    plt.xlabel("x1")
    plt.scatter(X[0, :], X[1, :], c=np.ravel(y), cmap=plt.cm.Spectral)

"""The planar "flower" data of week 3 and the course's extra 2-D data sets, in numpy only.

Every generator takes its own ``np.random.RandomState``, so loading data never changes the
global random state that the exercises' seeds rely on. ``RandomState(1).randn`` draws the same
numbers as ``np.random.seed(1); np.random.randn``, which keeps the course's figures.
"""

import numpy as np


def load_planar_dataset():
    """Make the course's flower: two interleaved classes on the noisy rose r = 4 sin 4θ.

    Returns
    -------
    X : ndarray of shape (2, 400), float64
        Points; class 0 in columns 0-199, class 1 in columns 200-399.
    Y : ndarray of shape (1, 400), uint8
        Labels 0 (red) and 1 (blue).
    """
    rng = np.random.RandomState(1)
    m = 400
    N = m // 2  # points per class
    a = 4  # petal length
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        theta = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.randn(N) * 0.2  # angle noise first
        r = a * np.sin(4 * theta) + rng.randn(N) * 0.2  # then radius noise
        X[ix] = np.c_[r * np.sin(theta), r * np.cos(theta)]
        Y[ix] = j
    return X.T, Y.T


def _shuffled(n, rng):
    """A random order of n points, so that both classes are mixed in the output."""
    return rng.permutation(n)


def make_circles(n_samples=200, factor=0.5, noise=0.3, rng=None):
    """Two concentric circles of radius 1 (label 0) and ``factor`` (label 1), with Gaussian noise."""
    rng = rng or np.random.RandomState()
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([
        np.c_[np.cos(t_out), np.sin(t_out)],
        factor * np.c_[np.cos(t_in), np.sin(t_in)],
    ])
    y = np.r_[np.zeros(n_out, dtype=int), np.ones(n_in, dtype=int)]
    X = X + noise * rng.randn(*X.shape)
    order = _shuffled(n_samples, rng)
    return X[order], y[order]


def make_moons(n_samples=200, noise=0.2, rng=None):
    """Two interleaving half circles, with Gaussian noise."""
    rng = rng or np.random.RandomState()
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    X = np.vstack([
        np.c_[np.cos(t_out), np.sin(t_out)],
        np.c_[1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5],
    ])
    y = np.r_[np.zeros(n_out, dtype=int), np.ones(n_in, dtype=int)]
    X = X + noise * rng.randn(*X.shape)
    order = _shuffled(n_samples, rng)
    return X[order], y[order]


def make_blobs(n_samples=200, centers=6, n_features=2, rng=None):
    """Isotropic Gaussian blobs (std 1) around centres drawn uniformly in [-10, 10]."""
    rng = rng or np.random.RandomState()
    centres = rng.uniform(-10.0, 10.0, size=(centers, n_features))
    y = np.arange(n_samples) % centers
    X = centres[y] + rng.randn(n_samples, n_features)
    order = _shuffled(n_samples, rng)
    return X[order], y[order]


def make_gaussian_quantiles(n_samples=200, cov=0.5, n_features=2, n_classes=2, rng=None):
    """One Gaussian cloud split into ``n_classes`` shells of equal size by distance to its centre."""
    rng = rng or np.random.RandomState()
    X = rng.randn(n_samples, n_features) * np.sqrt(cov)
    order = np.argsort(np.sum(X**2, axis=1))
    X = X[order]
    y = np.repeat(np.arange(n_classes), -(-n_samples // n_classes))[:n_samples]
    shuffle = _shuffled(n_samples, rng)
    return X[shuffle], y[shuffle]


def load_extra_datasets(seed=None):
    """Return the course's five extra 2-D data sets, each as ``(X, Y)`` with X (200, 2) and Y (200,).

    As in the course, only the blobs are made from a fixed seed (5); the others vary between
    calls unless ``seed`` is given. The notebook then uses ``X.T`` and, for the blobs, ``Y % 2``.

    Returns
    -------
    noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure : tuple of (X, Y)
    """
    rng = np.random.RandomState(seed)
    N = 200
    noisy_circles = make_circles(N, factor=0.5, noise=0.3, rng=rng)
    noisy_moons = make_moons(N, noise=0.2, rng=rng)
    blobs = make_blobs(N, centers=6, n_features=2, rng=np.random.RandomState(5))
    gaussian_quantiles = make_gaussian_quantiles(N, cov=0.5, n_features=2, n_classes=2, rng=rng)
    no_structure = rng.rand(N, 2), rng.rand(N)
    return noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure

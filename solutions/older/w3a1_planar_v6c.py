"""W3A1 as the notebooks v3 to v6c (2017-2020) asked for it, and the first 2021 notebook (2021a).

- ``initialize_parameters`` seeds itself with ``np.random.seed(2)`` (given code, "so that your output
  matches ours"): its draws are those of seed 2, whatever the caller set. The first 2021 notebook
  kept it (its ``public_tests.py`` calls it without setting a seed and expects seed 2's draws).
- ``compute_cost(A2, Y, parameters)`` takes the parameters, unused (v3 to v6c; 2021a has the
  newest two-argument ``compute_cost(A2, Y)``).
- ``nn_model`` calls both: after ``np.random.seed(3)`` the initialization reseeds with 2, so it
  trains from other weights than the newest notebook's; ``nn_model_2021a`` trains the same way and
  calls ``compute_cost(A2, Y)``.

The rest is the newest reference's.
"""

import numpy as np

from solutions import w3a1_planar_data as newest

SEED_INSIDE = 2  # the seed initialize_parameters sets itself


def initialize_parameters(n_x, n_h, n_y):
    """The newest initialization after ``np.random.seed(2)``: W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)."""
    np.random.seed(SEED_INSIDE)
    return newest.initialize_parameters(n_x, n_h, n_y)


initialize_parameters.seed_inside = SEED_INSIDE


def compute_cost(A2, Y, parameters=None):
    """The cross-entropy cost (a Python float); ``parameters`` is not used (the old notebook says so)."""
    return newest.compute_cost(A2, Y)


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train as the notebooks v3 to v6c do: seed 3, the reseeding initialization, the 3-argument cost.

    Returns the learnt ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1).
    """
    np.random.seed(3)
    return _descent(X, Y, n_h, num_iterations, print_cost, cost_takes_parameters=True)


def nn_model_2021a(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train as the first 2021 notebook does: seed 3, the reseeding initialization, ``compute_cost(A2, Y)``.

    Returns the same parameters as ``nn_model`` (the cost's third argument was never used).
    """
    np.random.seed(3)
    return _descent(X, Y, n_h, num_iterations, print_cost, cost_takes_parameters=False)


def _descent(X, Y, n_h, num_iterations, print_cost, cost_takes_parameters):
    """This module's reseeding ``initialize_parameters``, then ``num_iterations`` steps of gradient descent
    (learning rate 1.2), calling this module's ``compute_cost`` with the parameters as third argument when
    ``cost_takes_parameters``, else with ``(A2, Y)``. Returns W1, b1, W2, b2."""
    n_x, _, n_y = newest.layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(num_iterations):
        A2, cache = newest.forward_propagation(X, parameters)
        cost = compute_cost(A2, Y, parameters) if cost_takes_parameters else compute_cost(A2, Y)
        grads = newest.backward_propagation(parameters, cache, X, Y)
        parameters = newest.update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters

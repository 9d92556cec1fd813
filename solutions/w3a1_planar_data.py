"""Week 3, assignment 1: planar data classification with one hidden layer.

Reference solutions. ``grade generate`` turns this file into ``exercises/w3a1_planar_data.py``
and ``.ipynb``: see ``grader/authoring/generate.py`` for the cell and marker conventions.
"""

# %% [markdown]
# # Planar Data Classification with One Hidden Layer
#
# Logistic regression draws one straight line through the plane. Here you build your first real
# neural network, with one hidden layer of tanh units, and watch it learn a curved boundary
# that a straight line cannot draw. You will write every piece yourself:
#
# - the sizes of the layers,
# - a small random initialization,
# - forward propagation and the cross-entropy cost,
# - backward propagation (the gradients),
# - a gradient descent update,
#
# and then join them into one model, train it, and use it to predict.
#
# Each graded function sits in a cell that starts with `# GRADED FUNCTION: name`. Replace the
# `raise NotImplementedError(...)` line with your code, keep the function's name and arguments,
# and run the example cell under it to compare with the expected output. Then grade the whole
# notebook from a terminal:
#
# ```
# grade w3a1_planar_data.ipynb
# ```

# %%
import copy

import numpy as np

from nndl.planar_utils import load_extra_datasets, load_planar_dataset, plot_decision_boundary, sigmoid

# %% [markdown]
# ## The data: a flower
#
# `load_planar_dataset()` makes 400 points in the plane that trace a flower with eight petals.
# Each point is red (label 0) or blue (label 1), and the petals of the two colours alternate,
# so no single straight line separates them.
#
# - `X` has shape (2, 400): one column per point, its two coordinates $x_1, x_2$.
# - `Y` has shape (1, 400): the label of each point.
#
# With matplotlib installed you can look at it:
# `plt.scatter(X[0, :], X[1, :], c=Y.ravel(), s=40, cmap=plt.cm.Spectral)`.

# %% [example no-run]
# X, Y = load_planar_dataset()
# m = Y.shape[1]  # number of training examples
# print("X has shape", X.shape)
# print("Y has shape", Y.shape)
# print("m =", m)

# %% [markdown]
# **Expected output**
#
# ```
# X has shape (2, 400)
# Y has shape (1, 400)
# m = 400
# ```

# %% [markdown]
# A linear classifier (logistic regression) gets only about 47 % of these points right: the
# flower is not linearly separable. A hidden layer will do much better.

# %% [markdown]
# ## The model
#
# For one example $x^{(i)}$ (a column of $X$), the network computes
#
# $$z^{[1](i)} = W^{[1]} x^{(i)} + b^{[1]}, \qquad a^{[1](i)} = \tanh\bigl(z^{[1](i)}\bigr)$$
#
# $$z^{[2](i)} = W^{[2]} a^{[1](i)} + b^{[2]}, \qquad \hat y^{(i)} = a^{[2](i)} = \sigma\bigl(z^{[2](i)}\bigr)$$
#
# and predicts 1 when $a^{[2](i)} > 0.5$, otherwise 0. Training minimizes the cross-entropy cost
#
# $$J = -\frac{1}{m} \sum_{i=1}^{m} \Bigl( y^{(i)} \log a^{[2](i)} + (1 - y^{(i)}) \log\bigl(1 - a^{[2](i)}\bigr) \Bigr)$$
#
# The usual recipe, which the exercises below follow step by step:
#
# 1. choose the layer sizes;
# 2. initialize the parameters;
# 3. repeat: forward propagation, cost, backward propagation, gradient descent update.

# %% [markdown]
# ## Exercise 1: `layer_sizes`
#
# Read the sizes from the data:
#
# - $n_x$, the size of the input layer, is the number of rows of `X`;
# - $n_h$, the size of the hidden layer, is 4 here (you will vary it later);
# - $n_y$, the size of the output layer, is the number of rows of `Y`.

# %%
# GRADED FUNCTION: layer_sizes
def layer_sizes(X, Y):
    """Return the sizes of the three layers.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data, one example per column.
    Y : ndarray of shape (n_y, m)
        Labels.

    Returns
    -------
    n_x : int
        Size of the input layer.
    n_h : int
        Size of the hidden layer (4).
    n_y : int
        Size of the output layer.
    """
    # BEGIN SOLUTION (≈ 3 lines)
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    # END SOLUTION
    return (n_x, n_h, n_y)


# %% [example]
# np.random.seed(1)
# t_X = np.random.randn(5, 3)
# t_Y = np.random.randn(2, 3)
# (n_x, n_h, n_y) = layer_sizes(t_X, t_Y)
# print("The size of the input layer is: n_x = " + str(n_x))
# print("The size of the hidden layer is: n_h = " + str(n_h))
# print("The size of the output layer is: n_y = " + str(n_y))

# %% [markdown]
# ## Exercise 2: `initialize_parameters`
#
# The weights must start small and random: if every hidden unit started with the same weights,
# they would all compute the same thing and receive the same gradient, forever (the symmetry
# is never broken). The biases can start at zero.
#
# - $W^{[1]}$: shape $(n_h, n_x)$, `np.random.randn(n_h, n_x) * 0.01`
# - $b^{[1]}$: shape $(n_h, 1)$, zeros
# - $W^{[2]}$: shape $(n_y, n_h)$, `np.random.randn(n_y, n_h) * 0.01`
# - $b^{[2]}$: shape $(n_y, 1)$, zeros
#
# Draw $W^{[1]}$ before $W^{[2]}$, and do not call `np.random.seed` inside the function:
# the caller sets the seed, so that the results are reproducible.

# %%
# GRADED FUNCTION: initialize_parameters
def initialize_parameters(n_x, n_h, n_y):
    """Initialize the weights with small random values and the biases with zeros.

    Parameters
    ----------
    n_x : int
        Size of the input layer.
    n_h : int
        Size of the hidden layer.
    n_y : int
        Size of the output layer.

    Returns
    -------
    parameters : dict
        ``W1`` of shape (n_h, n_x), ``b1`` of shape (n_h, 1),
        ``W2`` of shape (n_y, n_h), ``b2`` of shape (n_y, 1).
    """
    # BEGIN SOLUTION (≈ 4 lines)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    # END SOLUTION
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


# %% [example]
# np.random.seed(2)
# t_parameters = initialize_parameters(2, 4, 1)
# print("W1 = " + str(t_parameters["W1"]))
# print("b1 = " + str(t_parameters["b1"]))
# print("W2 = " + str(t_parameters["W2"]))
# print("b2 = " + str(t_parameters["b2"]))

# %% [markdown]
# ## Exercise 3: `forward_propagation`
#
# Compute the whole layer for all $m$ examples at once, with matrices instead of a loop:
#
# $$Z^{[1]} = W^{[1]} X + b^{[1]}, \qquad A^{[1]} = \tanh(Z^{[1]})$$
#
# $$Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}, \qquad A^{[2]} = \sigma(Z^{[2]})$$
#
# $Z^{[1]}, A^{[1]}$ have shape $(n_h, m)$ and $Z^{[2]}, A^{[2]}$ shape $(1, m)$; the biases
# broadcast over the columns. Use `np.dot`, `np.tanh` and the provided `sigmoid`. Keep the four
# arrays in `cache`: backward propagation needs them.

# %%
# GRADED FUNCTION: forward_propagation
def forward_propagation(X, parameters):
    """Run the network forward on every example.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data.
    parameters : dict
        ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1).

    Returns
    -------
    A2 : ndarray of shape (n_y, m)
        The output of the sigmoid, one probability per example.
    cache : dict
        ``Z1`` and ``A1`` of shape (n_h, m), ``Z2`` and ``A2`` of shape (n_y, m).
    """
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    # BEGIN SOLUTION (≈ 4 lines)
    Z1 = np.dot(W1, X) + b1  # (n_h, n_x) @ (n_x, m) + (n_h, 1) -> (n_h, m)
    A1 = np.tanh(Z1)  # (n_h, m)
    Z2 = np.dot(W2, A1) + b2  # (n_y, n_h) @ (n_h, m) + (n_y, 1) -> (n_y, m)
    A2 = sigmoid(Z2)  # (n_y, m)
    # END SOLUTION
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


# %% [example]
# np.random.seed(1)
# t_X = np.random.randn(2, 3)
# t_parameters = {"W1": np.array([[-0.00416758, -0.00056267],
#                                 [-0.02136196, 0.01640271],
#                                 [-0.01793436, -0.00841747],
#                                 [0.00502881, -0.01245288]]),
#                 "b1": np.random.randn(4, 1),
#                 "W2": np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]),
#                 "b2": np.array([[-1.3]])}
# A2, t_cache = forward_propagation(t_X, t_parameters)
# print("A2 = " + str(A2))

# %% [markdown]
# ## Exercise 4: `compute_cost`
#
# Compute the cross-entropy cost $J$ above, without a loop:
#
# $$J = -\frac{1}{m} \sum_{i=1}^{m} \Bigl( y^{(i)} \log a^{[2](i)} + (1 - y^{(i)}) \log\bigl(1 - a^{[2](i)}\bigr) \Bigr)$$
#
# `np.multiply(np.log(A2), Y)` multiplies element by element and `np.sum` adds everything up.
# Take $m$ from `Y`. The function returns a plain Python `float`: the last line turns the
# 1-element result into one.

# %%
# GRADED FUNCTION: compute_cost
def compute_cost(A2, Y):
    """Compute the cross-entropy cost.

    Parameters
    ----------
    A2 : ndarray of shape (1, m)
        The network's output probabilities.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    cost : float
        The mean cross-entropy over the m examples.
    """
    m = Y.shape[1]  # number of examples
    # BEGIN SOLUTION (≈ 2 lines)
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)  # (1, m)
    cost = -np.sum(logprobs) / m
    # END SOLUTION
    cost = float(np.squeeze(cost))  # e.g. [[17]] -> 17.0
    return cost


# %% [example]
# np.random.seed(1)
# t_Y = np.random.randn(1, 3) > 0
# t_A2 = np.array([[0.5002307, 0.49985831, 0.50023963]])
# print("cost = " + str(compute_cost(t_A2, t_Y)))

# %% [markdown]
# ## Exercise 5: `backward_propagation`
#
# The gradients of $J$, for all examples at once (these are the six equations from the lectures;
# $*$ is the element-wise product and $g^{[1]}(z) = \tanh z$):
#
# $$dZ^{[2]} = A^{[2]} - Y$$
#
# $$dW^{[2]} = \frac{1}{m}\, dZ^{[2]} A^{[1]T}, \qquad db^{[2]} = \frac{1}{m} \sum_{i} dZ^{[2](i)}$$
#
# $$dZ^{[1]} = W^{[2]T} dZ^{[2]} * g^{[1]\prime}(Z^{[1]})$$
#
# $$dW^{[1]} = \frac{1}{m}\, dZ^{[1]} X^{T}, \qquad db^{[1]} = \frac{1}{m} \sum_{i} dZ^{[1](i)}$$
#
# - The derivative of tanh is $1 - \tanh^2$, and $\tanh(Z^{[1]})$ is already in the cache:
#   $g^{[1]\prime}(Z^{[1]}) = 1 - (A^{[1]})^2$, written `1 - np.power(A1, 2)`.
# - Sum over the examples (the columns) with `np.sum(..., axis=1, keepdims=True)`, so that
#   $db^{[1]}$ keeps the shape $(n_h, 1)$.
# - Each gradient has the shape of its parameter.

# %%
# GRADED FUNCTION: backward_propagation
def backward_propagation(parameters, cache, X, Y):
    """Compute the gradients of the cost with respect to the parameters.

    Parameters
    ----------
    parameters : dict
        ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1).
    cache : dict
        ``Z1``, ``A1`` (n_h, m), ``Z2``, ``A2`` (n_y, m), from forward propagation.
    X : ndarray of shape (n_x, m)
        Input data.
    Y : ndarray of shape (n_y, m)
        True labels.

    Returns
    -------
    grads : dict
        ``dW1`` (n_h, n_x), ``db1`` (n_h, 1), ``dW2`` (n_y, n_h), ``db2`` (n_y, 1).
    """
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    # BEGIN SOLUTION (≈ 6 lines)
    dZ2 = A2 - Y  # (n_y, m)
    dW2 = np.dot(dZ2, A1.T) / m  # (n_y, m) @ (m, n_h) -> (n_y, n_h)
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m  # (n_y, 1)
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))  # (n_h, n_y) @ (n_y, m) -> (n_h, m)
    dW1 = np.dot(dZ1, X.T) / m  # (n_h, m) @ (m, n_x) -> (n_h, n_x)
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m  # (n_h, 1)
    # END SOLUTION
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads


# %% [example]
# np.random.seed(1)
# t_X = np.random.randn(2, 3)
# t_Y = np.random.randn(1, 3) > 0
# t_parameters = {"W1": np.array([[-0.00416758, -0.00056267],
#                                 [-0.02136196, 0.01640271],
#                                 [-0.01793436, -0.00841747],
#                                 [0.00502881, -0.01245288]]),
#                 "b1": np.zeros((4, 1)),
#                 "W2": np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]),
#                 "b2": np.zeros((1, 1))}
# t_cache = {"Z1": np.array([[-0.00616586, 0.0020626, 0.0034962],
#                            [-0.05229879, 0.02726335, -0.02646869],
#                            [-0.02009991, 0.00368692, 0.02884556],
#                            [0.02153007, -0.01385322, 0.02600471]]),
#            "A1": np.array([[-0.00616578, 0.0020626, 0.00349619],
#                            [-0.05225116, 0.02725659, -0.02646251],
#                            [-0.02009721, 0.0036869, 0.02883756],
#                            [0.02152675, -0.01385234, 0.02599885]]),
#            "Z2": np.array([[0.00092281, -0.00056678, 0.00095853]]),
#            "A2": np.array([[0.5002307, 0.49985831, 0.50023963]])}
# t_grads = backward_propagation(t_parameters, t_cache, t_X, t_Y)
# print("dW1 = " + str(t_grads["dW1"]))
# print("db1 = " + str(t_grads["db1"]))
# print("dW2 = " + str(t_grads["dW2"]))
# print("db2 = " + str(t_grads["db2"]))

# %% [markdown]
# ## Exercise 6: `update_parameters`
#
# One step of gradient descent moves every parameter a little against its gradient:
#
# $$\theta \leftarrow \theta - \alpha \, d\theta$$
#
# with the learning rate $\alpha$ (1.2 here), for $\theta$ = $W^{[1]}, b^{[1]}, W^{[2]}, b^{[2]}$.
# A good rate makes the cost fall steadily; one too large makes it jump around or blow up.
#
# The first line of the function makes a deep copy with `copy.deepcopy`, so that the caller's
# dictionary and arrays stay unchanged even if you update in place (the grader calls your
# function more than once on the same input). Update the copy and return it.

# %%
# GRADED FUNCTION: update_parameters
def update_parameters(parameters, grads, learning_rate=1.2):
    """Take one gradient descent step.

    Parameters
    ----------
    parameters : dict
        ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1). Left unchanged.
    grads : dict
        ``dW1``, ``db1``, ``dW2``, ``db2``, each of its parameter's shape.
    learning_rate : float
        The step size alpha.

    Returns
    -------
    parameters : dict
        New arrays ``W1``, ``b1``, ``W2``, ``b2`` after the step.
    """
    parameters = copy.deepcopy(parameters)  # a private copy: the caller's arrays stay unchanged
    # BEGIN SOLUTION (≈ 4 lines)
    parameters["W1"] = parameters["W1"] - learning_rate * grads["dW1"]  # (n_h, n_x)
    parameters["b1"] = parameters["b1"] - learning_rate * grads["db1"]  # (n_h, 1)
    parameters["W2"] = parameters["W2"] - learning_rate * grads["dW2"]  # (n_y, n_h)
    parameters["b2"] = parameters["b2"] - learning_rate * grads["db2"]  # (n_y, 1)
    # END SOLUTION
    return parameters


# %% [example]
# t_parameters = {"W1": np.array([[-0.00615039, 0.0169021],
#                                 [-0.02311792, 0.03137121],
#                                 [-0.0169217, -0.01752545],
#                                 [0.00935436, -0.05018221]]),
#                 "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
#                 "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
#                 "b2": np.array([[9.14954378e-05]])}
# t_grads = {"dW1": np.array([[0.00023322, -0.00205423],
#                             [0.00082222, -0.00700776],
#                             [-0.00031831, 0.0028636],
#                             [-0.00092857, 0.00809933]]),
#            "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
#            "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
#            "db2": np.array([[-1.08923140e-05]])}
# t_parameters = update_parameters(t_parameters, t_grads)
# print("W1 = " + str(t_parameters["W1"]))
# print("b1 = " + str(t_parameters["b1"]))
# print("W2 = " + str(t_parameters["W2"]))
# print("b2 = " + str(t_parameters["b2"]))

# %% [markdown]
# ## Exercise 7: `nn_model`
#
# Put the pieces together. After `np.random.seed(3)` (already written, so that everyone starts
# from the same weights):
#
# 1. take $n_x$ and $n_y$ from `layer_sizes(X, Y)` (the hidden size is the argument `n_h`);
# 2. initialize the parameters;
# 3. repeat `num_iterations` times: forward propagation, cost, backward propagation, update
#    (with the default learning rate 1.2).
#
# With `print_cost=True` print the cost every 1000 iterations (0, 1000, 2000, ...), in the format
# `"Cost after iteration %i: %f" % (i, cost)`.

# %%
# GRADED FUNCTION: nn_model
def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train the one-hidden-layer network with gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        Input data.
    Y : ndarray of shape (n_y, m)
        True labels.
    n_h : int
        Size of the hidden layer.
    num_iterations : int
        Number of gradient descent steps.
    print_cost : bool
        Print the cost every 1000 iterations.

    Returns
    -------
    parameters : dict
        The learnt ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1).
    """
    np.random.seed(3)
    # BEGIN SOLUTION (≈ 2 lines)
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    # END SOLUTION
    for i in range(num_iterations):
        # BEGIN SOLUTION (≈ 4 lines)
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        # END SOLUTION
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


# %% [example]
# np.random.seed(1)
# t_X = np.random.randn(2, 4)
# t_Y = np.random.randn(1, 4) > 0
# t_parameters = nn_model(t_X, t_Y, n_h=5, num_iterations=10000, print_cost=True)
# print("W1 = " + str(t_parameters["W1"]))
# print("b1 = " + str(t_parameters["b1"]))
# print("W2 = " + str(t_parameters["W2"]))
# print("b2 = " + str(t_parameters["b2"]))

# %% [markdown]
# ## Exercise 8: `predict`
#
# Predict with the learnt parameters: run forward propagation and threshold the output,
#
# $$\hat y^{(i)} = \begin{cases} 1 & \text{if } a^{[2](i)} > 0.5 \\ 0 & \text{otherwise} \end{cases}$$
#
# `A2 > 0.5` compares every element at once and gives an array of booleans (`True` counts as 1).

# %%
# GRADED FUNCTION: predict
def predict(parameters, X):
    """Predict a label for every example.

    Parameters
    ----------
    parameters : dict
        ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1).
    X : ndarray of shape (n_x, m)
        Input data.

    Returns
    -------
    predictions : ndarray of shape (1, m), bool
        True (class 1) where the output probability is above 0.5.
    """
    # BEGIN SOLUTION (≈ 2 lines)
    A2, _ = forward_propagation(X, parameters)  # A2: (1, m)
    predictions = A2 > 0.5  # (1, m)
    # END SOLUTION
    return predictions


# %% [example]
# np.random.seed(1)
# t_X = np.random.randn(2, 3)
# t_parameters = {"W1": np.array([[-0.00615039, 0.0169021],
#                                 [-0.02311792, 0.03137121],
#                                 [-0.0169217, -0.01752545],
#                                 [0.00935436, -0.05018221]]),
#                 "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
#                 "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
#                 "b2": np.array([[9.14954378e-05]])}
# t_predictions = predict(t_parameters, t_X)
# print("predictions = " + str(t_predictions))
# print("predictions mean = " + str(np.mean(t_predictions)))

# %% [markdown]
# ## Train on the flower
#
# Now train a network with 4 hidden units on the 400 flower points (a second or so).
# The cost falls fast at first, then slowly. With this large learning rate the training is
# sensitive to rounding: after about 6000 iterations the last digits of the cost can differ a
# little from one computer to another, so compare the late costs only roughly.

# %% [example no-run]
# parameters = nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True)

# %% [markdown]
# **Expected output**
#
# ```
# Cost after iteration 0: 0.693162
# Cost after iteration 1000: 0.258625
# Cost after iteration 2000: 0.239334
# Cost after iteration 3000: 0.230802
# Cost after iteration 4000: 0.225528
# Cost after iteration 5000: 0.221845
# Cost after iteration 6000: 0.219094
# Cost after iteration 7000: 0.220635
# Cost after iteration 8000: 0.219402
# Cost after iteration 9000: 0.218483
# ```

# %% [markdown]
# With matplotlib installed, draw the decision boundary the network learnt; it follows the
# petals. `plot_decision_boundary` passes points as rows, so the model transposes them:

# %% [example no-run]
# import matplotlib.pyplot as plt
#
# plot_decision_boundary(lambda x: predict(parameters, x.T), X, Y)
# plt.title("Decision boundary for hidden layer size 4")
# plt.show()

# %% [markdown]
# The accuracy on the training set is the fraction of points whose prediction equals the label.
# The products below count the correct ones (label 1 predicted 1, plus label 0 predicted 0):

# %% [example no-run]
# predictions = predict(parameters, X)
# correct = np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)  # (1, 1)
# print("Accuracy: %.2f %%" % (correct.item() / Y.size * 100))

# %% [markdown]
# **Expected output**
#
# ```
# Accuracy: 90.75 %
# ```

# %% [markdown]
# About 91 %, against about 47 % for logistic regression: the hidden layer learns the
# non-linear shape of the petals.

# %% [markdown]
# ## How many hidden units?
#
# Train the same model with hidden layers of 1 to 5 units (5000 iterations each) and compare
# the accuracies:

# %% [example no-run]
# for n_h in [1, 2, 3, 4, 5]:
#     parameters = nn_model(X, Y, n_h, num_iterations=5000)
#     predictions = predict(parameters, X)
#     correct = np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)
#     print("Accuracy with n_h = %d: %.2f %%" % (n_h, correct.item() / Y.size * 100))

# %% [markdown]
# **Expected output**
#
# ```
# Accuracy with n_h = 1: 67.50 %
# Accuracy with n_h = 2: 67.25 %
# Accuracy with n_h = 3: 90.75 %
# Accuracy with n_h = 4: 90.50 %
# Accuracy with n_h = 5: 91.25 %
# ```

# %% [markdown]
# - With one or two hidden units the boundary is too simple for the petals: about two thirds
#   of the points are right.
# - From three units on, the network captures the petals, and the accuracy levels off near
#   91 %. Much larger layers fit the training points ever more closely, noise included
#   (overfitting); later in the specialization, regularization lets you use large models
#   without that.

# %% [markdown]
# ## Optional: other data sets
#
# `load_extra_datasets()` returns five more 2-D problems, each as `(X, Y)` with X of shape
# (200, 2) and Y of shape (200,): noisy circles, noisy moons, blobs, Gaussian quantiles, and
# pure noise. Transpose them to the course's layout, and for the blobs (6 groups) keep two
# classes with `Y % 2`. Then train and plot as above, and see which shapes a small network
# learns easily.

# %% [example no-run]
# noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure = load_extra_datasets()
# X, Y = noisy_moons
# X, Y = X.T, Y.reshape(1, Y.shape[0])
# parameters = nn_model(X, Y, n_h=4, num_iterations=10000)
# predictions = predict(parameters, X)
# correct = np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)
# print("Accuracy: %.2f %%" % (correct.item() / Y.size * 100))

"""Week 4, assignment 1: building a deep neural network, step by step.

Reference solutions. ``grade generate`` turns this file into ``exercises/w4a1_deep_nn_step_by_step.py``
and ``.ipynb``: see ``grader/authoring/generate.py`` for the cell and marker conventions.
"""

# %% [markdown]
# # Building a Deep Neural Network, Step by Step
#
# Week 3 had one hidden layer. Here you write the pieces of a network with any number of layers,
# $L$, as small functions that the next assignment puts together to classify cat pictures:
#
# - initialize the parameters of a 2-layer and of an $L$-layer network;
# - the forward pass: a linear step, then an activation, then the whole stack
#   [LINEAR → RELU] × ($L-1$) → LINEAR → SIGMOID;
# - the cross-entropy cost;
# - the backward pass, in the same three steps in reverse order;
# - one step of gradient descent.
#
# Notation: a superscript $[l]$ names a layer ($W^{[l]}$, $b^{[l]}$, $A^{[l]}$), a superscript
# $(i)$ an example. $A^{[0]} = X$ holds the $m$ examples as columns, and layer $l$ has $n^{[l]}$ units,
# so $W^{[l]}$ has shape $(n^{[l]}, n^{[l-1]})$ and $b^{[l]}$ has shape $(n^{[l]}, 1)$.
#
# Each graded function sits in a cell that starts with `# GRADED FUNCTION: name`. Replace each
# `raise NotImplementedError(...)` line with your code, keep the function's name and arguments,
# and run the example cell under it to compare with the expected output. Then grade the whole
# notebook from a terminal:
#
# ```
# grade w4a1_deep_nn_step_by_step.ipynb
# ```
#
# The activations are given to you. `sigmoid(Z)` and `relu(Z)` return two values, the activation
# `A` and a `cache` that is simply `Z`, kept for the backward pass. `sigmoid_backward(dA, cache)` and
# `relu_backward(dA, cache)` turn $dA$ into $dZ$.

# %%
import copy

import numpy as np

from nndl.dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward

# %% [markdown]
# ## Exercise 1: `initialize_parameters`
#
# Start with a 2-layer network, LINEAR → RELU → LINEAR → SIGMOID, with $n_x$ inputs, $n_h$ hidden
# units and $n_y$ outputs.
#
# - Weights: small random numbers, `np.random.randn(rows, cols) * 0.01`. Draw $W^{[1]}$ first,
#   then $W^{[2]}$, so that your numbers match the expected output.
# - Biases: zeros, `np.zeros((rows, 1))`.
#
# The seed is set for you at the top of the function.

# %%
# GRADED FUNCTION: initialize_parameters
def initialize_parameters(n_x, n_h, n_y):
    """Initialize a 2-layer network: small random weights, zero biases.

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
        W1 of shape (n_h, n_x), b1 of shape (n_h, 1), W2 of shape (n_y, n_h), b2 of shape (n_y, 1).
    """
    np.random.seed(1)
    # BEGIN SOLUTION (≈ 4 lines)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    # END SOLUTION
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


# %% [example]
# t_parameters = initialize_parameters(3, 2, 1)
# print("W1 =", t_parameters["W1"])
# print("b1 =", t_parameters["b1"])
# print("W2 =", t_parameters["W2"])
# print("b2 =", t_parameters["b2"])

# %% [markdown]
# ## Exercise 2: `initialize_parameters_deep`
#
# Now any depth. `layer_dims` lists the layer sizes, inputs first: `[n_x, n_1, ..., n_L]`, so
# the network has `L = len(layer_dims) - 1` layers of weights. For each $l = 1, \dots, L$:
#
# - `W{l}` of shape `(layer_dims[l], layer_dims[l - 1])`, drawn with `np.random.randn(...) * 0.01`;
# - `b{l}` of shape `(layer_dims[l], 1)`, zeros.
#
# Store them in the dictionary under the keys `"W1"`, `"b1"`, `"W2"`, ... (an f-string such as
# `f"W{l}"` builds the key).

# %%
# GRADED FUNCTION: initialize_parameters_deep
def initialize_parameters_deep(layer_dims):
    """Initialize an L-layer network: small random weights, zero biases.

    Parameters
    ----------
    layer_dims : list of int
        The size of every layer, inputs first: ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    parameters : dict
        For l = 1..L, ``W{l}`` of shape (layer_dims[l], layer_dims[l-1]) and ``b{l}`` of shape
        (layer_dims[l], 1).
    """
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)  # number of layers, counting the input layer
    for l in range(1, L):
        # BEGIN SOLUTION (≈ 2 lines)
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
        # END SOLUTION
    return parameters


# %% [example]
# t_parameters = initialize_parameters_deep([5, 4, 3])
# print("W1 =", t_parameters["W1"])
# print("b1 =", t_parameters["b1"])
# print("W2 =", t_parameters["W2"])
# print("b2 =", t_parameters["b2"])

# %% [markdown]
# ## Exercise 3: `linear_forward`
#
# Every layer starts with the same linear step. For all $m$ examples at once:
#
# $$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$$
#
# `np.dot` multiplies the matrices; adding $b^{[l]}$, of shape $(n^{[l]}, 1)$, broadcasts it over the
# $m$ columns. Return $Z$ and the cache `(A, W, b)`, which the backward pass needs.

# %%
# GRADED FUNCTION: linear_forward
def linear_forward(A, W, b):
    """Linear part of one layer's forward pass.

    Parameters
    ----------
    A : ndarray of shape (n_prev, m)
        Activations of the previous layer (or the input data).
    W : ndarray of shape (n_l, n_prev)
        Weights of this layer.
    b : ndarray of shape (n_l, 1)
        Biases of this layer.

    Returns
    -------
    Z : ndarray of shape (n_l, m)
        ``W A + b``, the input of the activation.
    cache : tuple
        ``(A, W, b)``, kept for the backward pass.
    """
    # BEGIN SOLUTION (≈ 1 line)
    Z = np.dot(W, A) + b  # (n_l, n_prev) @ (n_prev, m) + (n_l, 1) -> (n_l, m)
    # END SOLUTION
    cache = (A, W, b)
    return Z, cache


# %% [example]
# np.random.seed(1)
# t_A = np.random.randn(3, 2)
# t_W = np.random.randn(1, 3)
# t_b = np.random.randn(1, 1)
# t_Z, t_linear_cache = linear_forward(t_A, t_W, t_b)
# print("Z =", t_Z)

# %% [markdown]
# ## Exercise 4: `linear_activation_forward`
#
# A layer is its linear step followed by an activation $g$:
#
# $$A^{[l]} = g\bigl(Z^{[l]}\bigr) = g\bigl(W^{[l]} A^{[l-1]} + b^{[l]}\bigr)$$
#
# where $g$ is `sigmoid` or `relu`, chosen by the string `activation`. Call your `linear_forward`,
# then the given activation; each returns a cache. Return $A$ and both caches as one tuple,
# `(linear_cache, activation_cache)`.

# %%
# GRADED FUNCTION: linear_activation_forward
def linear_activation_forward(A_prev, W, b, activation):
    """Forward pass of one LINEAR -> ACTIVATION layer.

    Parameters
    ----------
    A_prev : ndarray of shape (n_prev, m)
        Activations of the previous layer (or the input data).
    W : ndarray of shape (n_l, n_prev)
    b : ndarray of shape (n_l, 1)
    activation : str
        ``"sigmoid"`` or ``"relu"``.

    Returns
    -------
    A : ndarray of shape (n_l, m)
        The layer's output.
    cache : tuple
        ``(linear_cache, activation_cache)``: ``(A_prev, W, b)`` and ``Z``.
    """
    if activation == "sigmoid":
        # BEGIN SOLUTION (≈ 2 lines)
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
        # END SOLUTION
    elif activation == "relu":
        # BEGIN SOLUTION (≈ 2 lines)
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
        # END SOLUTION
    cache = (linear_cache, activation_cache)
    return A, cache


# %% [example]
# np.random.seed(2)
# t_A_prev = np.random.randn(3, 2)
# t_W = np.random.randn(1, 3)
# t_b = np.random.randn(1, 1)
# t_A, t_cache = linear_activation_forward(t_A_prev, t_W, t_b, activation="sigmoid")
# print("With sigmoid: A =", t_A)
# t_A, t_cache = linear_activation_forward(t_A_prev, t_W, t_b, activation="relu")
# print("With ReLU: A =", t_A)

# %% [markdown]
# ## Exercise 5: `L_model_forward`
#
# Stack the layers: $L-1$ layers with ReLU, then one with sigmoid, whose output
# $A^{[L]} = \hat Y$ is the predicted probability of class 1 for each example:
#
# [LINEAR → RELU] × ($L-1$) → LINEAR → SIGMOID
#
# `parameters` holds `W1, b1, ..., WL, bL`, so $L$ is half its length. The loop is written for you;
# fill in the ReLU layer inside it and the final sigmoid layer after it. Append every layer's
# cache to `caches` (with `caches.append(cache)`): the backward pass reads them in reverse order.

# %%
# GRADED FUNCTION: L_model_forward
def L_model_forward(X, parameters):
    """Forward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        The input data, one example per column.
    parameters : dict
        ``W{l}`` and ``b{l}`` for l = 1..L, as from ``initialize_parameters_deep``.

    Returns
    -------
    AL : ndarray of shape (1, m)
        The output of the last (sigmoid) layer.
    caches : list
        The L caches from ``linear_activation_forward``, first layer first.
    """
    caches = []
    A = X
    L = len(parameters) // 2  # number of layers with weights
    for l in range(1, L):
        A_prev = A
        # BEGIN SOLUTION (≈ 2 lines)
        A, cache = linear_activation_forward(A_prev, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
        # END SOLUTION
    # BEGIN SOLUTION (≈ 2 lines)
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    # END SOLUTION
    return AL, caches


# %% [example]
# np.random.seed(6)
# t_X = np.random.randn(5, 4)
# t_shapes = {"W1": (4, 5), "b1": (4, 1), "W2": (3, 4), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
# t_parameters = {t_name: np.random.randn(*t_shape) for t_name, t_shape in t_shapes.items()}
# t_AL, t_caches = L_model_forward(t_X, t_parameters)
# print("AL =", t_AL)
# print("number of caches =", len(t_caches))

# %% [markdown]
# ## Exercise 6: `compute_cost`
#
# The cross-entropy cost measures how far the predictions $A^{[L]}$ are from the labels $Y$:
#
# $$J = -\frac{1}{m} \sum_{i=1}^{m} \Bigl( y^{(i)} \log a^{[L](i)} + (1 - y^{(i)}) \log\bigl(1 - a^{[L](i)}\bigr) \Bigr)$$
#
# Write it without a loop. Both arrays have shape (1, m), so a product such as
# `np.dot(Y, np.log(AL).T)` is a (1, 1) matrix that sums over the examples; `np.squeeze`, which the
# code after your answer calls, turns `[[0.28]]` into a number (a 0-d array).

# %%
# GRADED FUNCTION: compute_cost
def compute_cost(AL, Y):
    """Cross-entropy cost.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Predicted probabilities of class 1.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    cost : ndarray of shape ()
        The cost J.
    """
    m = Y.shape[1]
    # BEGIN SOLUTION (≈ 1 line)
    cost = -1 / m * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))  # (1, m) @ (m, 1) -> (1, 1)
    # END SOLUTION
    cost = np.squeeze(cost)  # [[J]] -> J
    return cost


# %% [example]
# t_Y = np.array([[1, 1, 0]])
# t_AL = np.array([[0.8, 0.9, 0.4]])
# print("cost =", compute_cost(t_AL, t_Y))

# %% [markdown]
# ## Exercise 7: `linear_backward`
#
# Backpropagation runs the forward pass in reverse. Suppose you already have
# $dZ^{[l]} = \partial J / \partial Z^{[l]}$ for layer $l$. The linear step
# $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$ then gives the three other gradients:
#
# $$dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]T}, \qquad
# db^{[l]} = \frac{1}{m} \sum_{i=1}^{m} dZ^{[l](i)}, \qquad
# dA^{[l-1]} = W^{[l]T} dZ^{[l]}$$
#
# The sum in $db^{[l]}$ runs over the examples, the columns: `np.sum(dZ, axis=1, keepdims=True)`
# keeps the shape $(n^{[l]}, 1)$ of $b^{[l]}$. Each gradient has the shape of what it is the
# gradient of.

# %%
# GRADED FUNCTION: linear_backward
def linear_backward(dZ, cache):
    """Backward pass of one layer's linear step.

    Parameters
    ----------
    dZ : ndarray of shape (n_l, m)
        Gradient of the cost with respect to this layer's Z.
    cache : tuple
        ``(A_prev, W, b)`` from ``linear_forward``.

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m)
        Gradient of the cost with respect to A_prev.
    dW : ndarray of shape (n_l, n_prev)
        Gradient of the cost with respect to W.
    db : ndarray of shape (n_l, 1)
        Gradient of the cost with respect to b.
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    # BEGIN SOLUTION (≈ 3 lines)
    dW = np.dot(dZ, A_prev.T) / m  # (n_l, m) @ (m, n_prev) -> (n_l, n_prev)
    db = np.sum(dZ, axis=1, keepdims=True) / m  # (n_l, 1)
    dA_prev = np.dot(W.T, dZ)  # (n_prev, n_l) @ (n_l, m) -> (n_prev, m)
    # END SOLUTION
    return dA_prev, dW, db


# %% [example]
# np.random.seed(1)
# t_dZ = np.random.randn(3, 4)
# t_A = np.random.randn(5, 4)
# t_W = np.random.randn(3, 5)
# t_b = np.random.randn(3, 1)
# t_dA_prev, t_dW, t_db = linear_backward(t_dZ, (t_A, t_W, t_b))
# print("dA_prev =", t_dA_prev)
# print("dW =", t_dW)
# print("db =", t_db)

# %% [markdown]
# ## Exercise 8: `linear_activation_backward`
#
# Going back through a whole layer takes two steps. First the activation:
# $dZ^{[l]} = dA^{[l]} * g'(Z^{[l]})$, which the given `sigmoid_backward(dA, activation_cache)` and
# `relu_backward(dA, activation_cache)` compute for you. Then the linear step, with your
# `linear_backward(dZ, linear_cache)`.

# %%
# GRADED FUNCTION: linear_activation_backward
def linear_activation_backward(dA, cache, activation):
    """Backward pass of one LINEAR -> ACTIVATION layer.

    Parameters
    ----------
    dA : ndarray of shape (n_l, m)
        Gradient of the cost with respect to this layer's output A.
    cache : tuple
        ``(linear_cache, activation_cache)`` from ``linear_activation_forward``.
    activation : str
        ``"sigmoid"`` or ``"relu"``: the activation this layer used.

    Returns
    -------
    dA_prev : ndarray of shape (n_prev, m)
    dW : ndarray of shape (n_l, n_prev)
    db : ndarray of shape (n_l, 1)
    """
    linear_cache, activation_cache = cache
    if activation == "relu":
        # BEGIN SOLUTION (≈ 2 lines)
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        # END SOLUTION
    elif activation == "sigmoid":
        # BEGIN SOLUTION (≈ 2 lines)
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        # END SOLUTION
    return dA_prev, dW, db


# %% [example]
# np.random.seed(2)
# t_dA = np.random.randn(1, 2)
# t_A = np.random.randn(3, 2)
# t_W = np.random.randn(1, 3)
# t_b = np.random.randn(1, 1)
# t_Z = np.random.randn(1, 2)
# t_cache = ((t_A, t_W, t_b), t_Z)
# t_dA_prev, t_dW, t_db = linear_activation_backward(t_dA, t_cache, activation="sigmoid")
# print("With sigmoid: dA_prev =", t_dA_prev)
# print("With sigmoid: dW =", t_dW)
# print("With sigmoid: db =", t_db)
# t_dA_prev, t_dW, t_db = linear_activation_backward(t_dA, t_cache, activation="relu")
# print("With ReLU: dA_prev =", t_dA_prev)
# print("With ReLU: dW =", t_dW)
# print("With ReLU: db =", t_db)

# %% [markdown]
# ## Exercise 9: `L_model_backward`
#
# Now the whole network, from the cost back to the first layer.
#
# 1. The gradient of the cross-entropy cost with respect to the output $A^{[L]}$, element by element:
#
#    $$dA^{[L]} = -\left(\frac{Y}{A^{[L]}} - \frac{1 - Y}{1 - A^{[L]}}\right)$$
#
# 2. The last layer used sigmoid: its cache is `caches[L - 1]`. Store what
#    `linear_activation_backward` returns in `grads["dA{L-1}"]`, `grads["dW{L}"]`, `grads["db{L}"]`.
# 3. The loop goes through the ReLU layers backwards, `l = L-2, ..., 0`. Layer $l+1$ has the cache
#    `caches[l]` and receives `grads[f"dA{l + 1}"]`; store its results in `grads[f"dA{l}"]`,
#    `grads[f"dW{l + 1}"]` and `grads[f"db{l + 1}"]`.

# %%
# GRADED FUNCTION: L_model_backward
def L_model_backward(AL, Y, caches):
    """Backward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Output of ``L_model_forward``.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    caches : list or tuple
        The L caches of ``L_model_forward``, first layer first.

    Returns
    -------
    grads : dict
        ``dA{l-1}``, ``dW{l}`` and ``db{l}`` for l = 1..L, each of the shape of A{l-1}, W{l}, b{l}.
    """
    grads = {}
    L = len(caches)  # number of layers
    Y = Y.reshape(AL.shape)
    # BEGIN SOLUTION (≈ 1 line)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))  # (1, m)
    # END SOLUTION
    # BEGIN SOLUTION (≈ 5 lines)
    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads[f"dA{L - 1}"] = dA_prev
    grads[f"dW{L}"] = dW
    grads[f"db{L}"] = db
    # END SOLUTION
    for l in reversed(range(L - 1)):
        # BEGIN SOLUTION (≈ 5 lines)
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(grads[f"dA{l + 1}"], current_cache, "relu")
        grads[f"dA{l}"] = dA_prev
        grads[f"dW{l + 1}"] = dW
        grads[f"db{l + 1}"] = db
        # END SOLUTION
    return grads


# %% [example]
# np.random.seed(3)
# t_AL = np.random.randn(1, 2)
# t_Y = np.array([[1, 0]])
# t_A0, t_W1, t_b1, t_Z1 = np.random.randn(4, 2), np.random.randn(3, 4), np.random.randn(3, 1), np.random.randn(3, 2)
# t_A1, t_W2, t_b2, t_Z2 = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1), np.random.randn(1, 2)
# t_caches = (((t_A0, t_W1, t_b1), t_Z1), ((t_A1, t_W2, t_b2), t_Z2))
# t_grads = L_model_backward(t_AL, t_Y, t_caches)
# for t_key in ["dA0", "dA1", "dW1", "dW2", "db1", "db2"]:
#     print(t_key, "=", t_grads[t_key])

# %% [markdown]
# ## Exercise 10: `update_parameters`
#
# One step of gradient descent moves every parameter a little against its gradient, with the
# learning rate $\alpha$:
#
# $$W^{[l]} := W^{[l]} - \alpha\, dW^{[l]}, \qquad b^{[l]} := b^{[l]} - \alpha\, db^{[l]}$$
#
# The function works on a deep copy of `params` (made for you), so the caller's dictionary is left
# untouched. Update `W{l}` and `b{l}` for every layer $l = 1, \dots, L$.

# %%
# GRADED FUNCTION: update_parameters
def update_parameters(params, grads, learning_rate):
    """One step of gradient descent.

    Parameters
    ----------
    params : dict
        ``W{l}`` and ``b{l}`` for l = 1..L. Not modified.
    grads : dict
        ``dW{l}`` and ``db{l}`` for l = 1..L, as from ``L_model_backward``.
    learning_rate : float
        The step size alpha.

    Returns
    -------
    parameters : dict
        A new dictionary with the updated ``W{l}`` and ``b{l}``.
    """
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2  # number of layers
    for l in range(1, L + 1):
        # BEGIN SOLUTION (≈ 2 lines)
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
        # END SOLUTION
    return parameters


# %% [example]
# np.random.seed(2)
# t_shapes = {"W1": (3, 4), "b1": (3, 1), "W2": (1, 3), "b2": (1, 1)}
# t_params = {t_name: np.random.randn(*t_shape) for t_name, t_shape in t_shapes.items()}
# np.random.seed(3)
# t_grads = {"d" + t_name: np.random.randn(*t_shape) for t_name, t_shape in t_shapes.items()}
# t_parameters = update_parameters(t_params, t_grads, 0.1)
# for t_key in ["W1", "b1", "W2", "b2"]:
#     print(t_key, "=", t_parameters[t_key])

# %% [markdown]
# ## What you have built
#
# With these ten functions, training an $L$-layer network is a loop: `L_model_forward`, then
# `compute_cost`, then `L_model_backward`, then `update_parameters`, over and over. The next
# assignment does exactly that, on the cat pictures of week 2.

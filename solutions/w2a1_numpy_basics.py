"""Week 2, assignment 1 (optional): Python basics with NumPy.

Reference solutions. ``grade generate`` turns this file into ``exercises/w2a1_numpy_basics.py``
and ``.ipynb``: see ``grader/authoring/generate.py`` for the cell and marker conventions.
"""

# %% [markdown]
# # Python Basics with NumPy
#
# A warm-up for the rest of the course: you will write a few small functions with NumPy,
# the library every later assignment is built on, and learn to think in whole arrays
# (vectorization) instead of loops over numbers.
#
# Each graded function sits in a cell that starts with `# GRADED FUNCTION: name`. Replace the
# `raise NotImplementedError(...)` line with your code, keep the function's name and arguments,
# and run the example cell under it to compare with the expected output. Then grade the whole
# notebook from a terminal:
#
# ```
# grade w2a1_numpy_basics.ipynb
# ```

# %%
import math

import numpy as np

# %% [markdown]
# ## Exercise 1: `basic_sigmoid`
#
# The sigmoid (or logistic) function squashes any real number into (0, 1):
#
# $$\sigma(x) = \frac{1}{1 + e^{-x}}$$
#
# Write it for a single real number with `math.exp`. It returns a Python `float`.
# (You will soon see why `math` is rarely used in deep learning: it takes one number at a time.)

# %%
# GRADED FUNCTION: basic_sigmoid
def basic_sigmoid(x):
    """Compute the sigmoid of a real number.

    Parameters
    ----------
    x : float
        A scalar.

    Returns
    -------
    s : float
        ``1 / (1 + exp(-x))``.
    """
    # BEGIN SOLUTION (≈ 1 line)
    s = 1 / (1 + math.exp(-x))
    # END SOLUTION
    return s


# %% [example]
# print("basic_sigmoid(1) =", basic_sigmoid(1))

# %% [markdown]
# ## Exercise 2: `sigmoid`
#
# `np.exp` applies the exponential to every element of an array at once, so the same formula
# now works for a vector or a matrix $x$ of any shape:
#
# $$\sigma(x) = \left(\frac{1}{1+e^{-x_1}}, \dots, \frac{1}{1+e^{-x_n}}\right)$$

# %%
# GRADED FUNCTION: sigmoid
def sigmoid(x):
    """Compute the sigmoid of every element of ``x``.

    Parameters
    ----------
    x : ndarray of any shape

    Returns
    -------
    s : ndarray of the same shape as x
        ``1 / (1 + exp(-x))``, element-wise.
    """
    # BEGIN SOLUTION (≈ 1 line)
    s = 1 / (1 + np.exp(-x))
    # END SOLUTION
    return s


# %% [example]
# t_x = np.array([1, 2, 3])
# print("sigmoid(t_x) =", sigmoid(t_x))

# %% [markdown]
# ## Exercise 3: `sigmoid_derivative`
#
# Backpropagation needs the slope of the sigmoid. It has a neat form in terms of the sigmoid
# itself:
#
# $$\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)$$
#
# Compute $s = \sigma(x)$ once (your `sigmoid` above), then $s(1-s)$.

# %%
# GRADED FUNCTION: sigmoid_derivative
def sigmoid_derivative(x):
    """Compute the derivative of the sigmoid at every element of ``x``.

    Parameters
    ----------
    x : ndarray of any shape

    Returns
    -------
    ds : ndarray of the same shape as x
        ``sigmoid(x) * (1 - sigmoid(x))``, element-wise.
    """
    # BEGIN SOLUTION (≈ 2 lines)
    s = 1 / (1 + np.exp(-x))
    ds = s * (1 - s)
    # END SOLUTION
    return ds


# %% [example]
# t_x = np.array([1, 2, 3])
# print("sigmoid_derivative(t_x) =", sigmoid_derivative(t_x))

# %% [markdown]
# ## Exercise 4: `image2vector`
#
# An image is an array of shape (length, height, depth): depth 3 for the red, green and blue
# channels. Models take it as one column vector of shape (length · height · depth, 1).
# Use `reshape`, and read the sizes from `image.shape` rather than writing them in:
# the grader tries other image sizes.

# %%
# GRADED FUNCTION: image2vector
def image2vector(image):
    """Unroll an image into a column vector.

    Parameters
    ----------
    image : ndarray of shape (length, height, depth)

    Returns
    -------
    v : ndarray of shape (length * height * depth, 1)
        The pixels in row-major (C) order.
    """
    # BEGIN SOLUTION (≈ 1 line)
    v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)
    # END SOLUTION
    return v


# %% [example]
# t_image = np.array([[[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.42319710, 0.90159310]],
#                     [[0.45120702, 0.27810550], [0.65638920, 0.97022022], [0.55917220, 0.35651011]],
#                     [[0.77512632, 0.07566002], [0.99811521, 0.01318021], [0.03234530, 0.13428531]]])
# print("image2vector(t_image) =", image2vector(t_image))

# %% [markdown]
# ## Exercise 5: `normalize_rows`
#
# Gradient descent often converges faster on normalized data. Here, divide each row of $x$ by its
# Euclidean norm, so that every row has length 1:
#
# $$\|x_i\| = \sqrt{\sum_j x_{ij}^2}, \qquad x_i \leftarrow \frac{x_i}{\|x_i\|}$$
#
# `np.linalg.norm(x, axis=1, keepdims=True)` gives the norms as a column of shape (n, 1);
# broadcasting then divides each row by its own norm.

# %%
# GRADED FUNCTION: normalize_rows
def normalize_rows(x):
    """Divide each row of ``x`` by its L2 norm.

    Parameters
    ----------
    x : ndarray of shape (n, m)

    Returns
    -------
    x : ndarray of shape (n, m)
        Each row scaled to unit length.
    """
    # BEGIN SOLUTION (≈ 2 lines)
    x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)  # (n, 1)
    x = x / x_norm  # (n, m) / (n, 1) broadcasts over columns
    # END SOLUTION
    return x


# %% [example]
# x = np.array([[0., 3., 4.],
#               [1., 6., 4.]])
# print("normalize_rows(x) =", normalize_rows(x))

# %% [markdown]
# ## Exercise 6: `softmax`
#
# Softmax turns each row of scores into probabilities that sum to 1, for classifying among
# two or more classes. For a matrix $x$ of shape (m, n), row by row:
#
# $$\mathrm{softmax}(x)_{ij} = \frac{e^{x_{ij}}}{\sum_k e^{x_{ik}}}$$
#
# Exponentiate, sum each row with `keepdims=True` (shape (m, 1)), and divide.

# %%
# GRADED FUNCTION: softmax
def softmax(x):
    """Compute the softmax of each row of ``x``.

    Parameters
    ----------
    x : ndarray of shape (m, n)

    Returns
    -------
    s : ndarray of shape (m, n)
        Each row is positive and sums to 1.
    """
    # BEGIN SOLUTION (≈ 3 lines)
    x_exp = np.exp(x)  # (m, n)
    x_sum = np.sum(x_exp, axis=1, keepdims=True)  # (m, 1)
    s = x_exp / x_sum  # (m, n)
    # END SOLUTION
    return s


# %% [example]
# t_x = np.array([[9, 2, 5, 0, 0],
#                 [7, 5, 0, 0, 0]])
# print("softmax(t_x) =", softmax(t_x))

# %% [markdown]
# ## Exercise 7: `L1`
#
# A loss measures how far predictions $\hat y$ are from the true labels $y$. The L1 loss is
#
# $$L_1(\hat y, y) = \sum_{i=0}^{m-1} |y^{(i)} - \hat y^{(i)}|$$
#
# Write it without a loop; return a number.

# %%
# GRADED FUNCTION: L1
def L1(yhat, y):
    """Compute the L1 loss.

    Parameters
    ----------
    yhat : ndarray of shape (m,)
        Predicted labels.
    y : ndarray of shape (m,)
        True labels.

    Returns
    -------
    loss : float
        ``sum(|y - yhat|)``.
    """
    # BEGIN SOLUTION (≈ 1 line)
    loss = np.sum(np.abs(y - yhat))
    # END SOLUTION
    return loss


# %% [example]
# yhat = np.array([.9, 0.2, 0.1, .4, .9])
# y = np.array([1, 0, 0, 1, 1])
# print("L1 =", L1(yhat, y))

# %% [markdown]
# ## Exercise 8: `L2`
#
# The L2 loss sums the squared differences:
#
# $$L_2(\hat y, y) = \sum_{i=0}^{m-1} \bigl(y^{(i)} - \hat y^{(i)}\bigr)^2$$
#
# For a vector $v$, `np.dot(v, v)` is $\sum_j v_j^2$.

# %%
# GRADED FUNCTION: L2
def L2(yhat, y):
    """Compute the L2 loss.

    Parameters
    ----------
    yhat : ndarray of shape (m,)
        Predicted labels.
    y : ndarray of shape (m,)
        True labels.

    Returns
    -------
    loss : float
        ``sum((y - yhat) ** 2)``.
    """
    # BEGIN SOLUTION (≈ 1 line)
    loss = np.dot(y - yhat, y - yhat)
    # END SOLUTION
    return loss


# %% [example]
# yhat = np.array([.9, 0.2, 0.1, .4, .9])
# y = np.array([1, 0, 0, 1, 1])
# print("L2 =", L2(yhat, y))

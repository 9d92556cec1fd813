"""Week 2, assignment 2: logistic regression with a neural-network mindset.

Reference solutions. ``grade generate`` turns this file into ``exercises/w2a2_logistic_regression.py``
and ``.ipynb``: see ``grader/authoring/generate.py`` for the cell and marker conventions.
"""

# %% [markdown]
# # Logistic Regression with a Neural Network Mindset
#
# You will build an image classifier that answers one question: is there a cat in this picture?
# The model is logistic regression, which is the smallest possible neural network: one neuron
# with a sigmoid activation. Writing it step by step introduces the loop that every later
# network in the course follows:
#
# 1. initialize the parameters;
# 2. forward pass: compute the predictions and the cost;
# 3. backward pass: compute the gradient of the cost;
# 4. update the parameters by gradient descent, and repeat;
# 5. predict with the learned parameters.
#
# No `for` loop over the examples: every step works on the whole data set at once.
#
# Each graded function sits in a cell that starts with `# GRADED FUNCTION: name`. Replace the
# `raise NotImplementedError(...)` line with your code, keep the function's name and arguments,
# and run the example cell under it to compare with the expected output. Then grade the whole
# notebook from a terminal:
#
# ```
# grade w2a2_logistic_regression.ipynb
# ```

# %%
import copy

import numpy as np

from nndl.lr_utils import load_dataset

# %% [markdown]
# ## 1. The data set
#
# The course's data are two HDF5 files of 64 × 64 colour pictures: a training set of 209
# images and a test set of 50, each labelled 1 (cat) or 0 (non-cat). `load_dataset()` reads
# them from `datasets/catvnoncat/` in this project, or from the folder given by
# `grade --data-dir DIR` or the `NNDL_DATA` environment variable, and checks that they are the
# course's files.
#
# The images come as arrays of shape (m, num_px, num_px, 3); the labels as row vectors of
# shape (1, m). The `_orig` suffix marks the arrays you are about to reshape.

# %% [example no-run]
# train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes = load_dataset()
# index = 25
# print("y =", train_set_y[0, index], "->", classes[train_set_y[0, index]].decode("utf-8"))

# %% [markdown]
# **Expected output**
#
# ```
# y = 1 -> cat
# ```

# %% [markdown]
# ### Exercise 1 (ungraded): the sizes
#
# Read from the arrays' shapes, rather than typing them in:
#
# - `m_train`, the number of training images;
# - `m_test`, the number of test images;
# - `num_px`, the height (equal to the width) of an image in pixels.

# %% [example no-run]
# m_train = train_set_x_orig.shape[0]
# m_test = test_set_x_orig.shape[0]
# num_px = train_set_x_orig.shape[1]
# print("m_train =", m_train, " m_test =", m_test, " num_px =", num_px)
# print("train_set_x_orig:", train_set_x_orig.shape, " train_set_y:", train_set_y.shape)
# print("test_set_x_orig:", test_set_x_orig.shape, " test_set_y:", test_set_y.shape)

# %% [markdown]
# **Expected output**
#
# ```
# m_train = 209  m_test = 50  num_px = 64
# train_set_x_orig: (209, 64, 64, 3)  train_set_y: (1, 209)
# test_set_x_orig: (50, 64, 64, 3)  test_set_y: (1, 50)
# ```

# %% [markdown]
# ### Exercise 2 (ungraded): one column per image
#
# The model takes each image as one column vector of num_px · num_px · 3 = 12288 numbers, so
# the training set becomes a matrix $X$ of shape (12288, 209): one column per example.
#
# `x.reshape(m, -1)` keeps the first axis (the image) and lets NumPy compute the length of the
# second; transposing then turns the rows into columns. (Writing `x.reshape(-1, m)` instead
# gives the right shape but mixes pixels of different images: the asserts below catch that.)
#
# Pixel values run from 0 to 255. Dividing by 255 brings them into [0, 1], a scale on which
# gradient descent behaves well.

# %% [example no-run]
# train_set_x_flatten = train_set_x_orig.reshape(train_set_x_orig.shape[0], -1).T  # (12288, 209)
# test_set_x_flatten = test_set_x_orig.reshape(test_set_x_orig.shape[0], -1).T  # (12288, 50)
# assert np.all(train_set_x_flatten[0:10, 1] == [196, 192, 190, 193, 186, 182, 188, 179, 174, 213])
# assert np.all(test_set_x_flatten[0:10, 1] == [115, 110, 111, 137, 129, 129, 155, 146, 145, 159])
# print("train_set_x_flatten:", train_set_x_flatten.shape)
# print("test_set_x_flatten:", test_set_x_flatten.shape)
# train_set_x = train_set_x_flatten / 255.
# test_set_x = test_set_x_flatten / 255.

# %% [markdown]
# **Expected output**
#
# ```
# train_set_x_flatten: (12288, 209)
# test_set_x_flatten: (12288, 50)
# ```

# %% [markdown]
# ## 2. The model
#
# For one image $x^{(i)}$ (a column of 12288 numbers) the network computes a weighted sum of
# its inputs plus a bias, and squashes it into a probability of "cat":
#
# $$z^{(i)} = w^T x^{(i)} + b, \qquad \hat y^{(i)} = a^{(i)} = \sigma(z^{(i)})$$
#
# The parameters are a weight vector $w$ of shape (12288, 1) and a number $b$. How wrong one
# prediction is, is measured by the cross-entropy loss, and the cost $J$ averages it over the
# $m$ training examples:
#
# $$\mathcal{L}(a^{(i)}, y^{(i)}) = -y^{(i)}\log a^{(i)} - (1 - y^{(i)})\log(1 - a^{(i)}),
# \qquad J = \frac{1}{m}\sum_{i=1}^{m}\mathcal{L}(a^{(i)}, y^{(i)})$$
#
# Learning means finding the $w$ and $b$ that make $J$ small.

# %% [markdown]
# ## Exercise 3: `sigmoid`
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}$$
#
# Use `np.exp`, so that the function works on a number and on an array of any shape.

# %%
# GRADED FUNCTION: sigmoid
def sigmoid(z):
    """Compute the sigmoid of ``z``, element-wise.

    Parameters
    ----------
    z : float or ndarray of any shape

    Returns
    -------
    s : float or ndarray of the same shape as z
        ``1 / (1 + exp(-z))``.
    """
    # BEGIN SOLUTION (≈ 1 line)
    s = 1 / (1 + np.exp(-z))
    # END SOLUTION
    return s


# %% [example]
# print("sigmoid([0, 2]) =", sigmoid(np.array([0, 2])))

# %% [markdown]
# ## Exercise 4: `initialize_with_zeros`
#
# Start from $w = 0$ (a column of `dim` zeros, `np.zeros`) and $b = 0$. For logistic regression,
# zeros are a fine starting point: the cost has a single minimum, which gradient descent finds
# from anywhere. (Deeper networks will need random starting weights.)
#
# `b` must be the Python float `0.0`, not an integer and not a NumPy array.

# %%
# GRADED FUNCTION: initialize_with_zeros
def initialize_with_zeros(dim):
    """Create the parameters of logistic regression, all zero.

    Parameters
    ----------
    dim : int
        The number of input features, n_x.

    Returns
    -------
    w : ndarray of shape (dim, 1)
        Zero weights.
    b : float
        Zero bias, a Python float.
    """
    # BEGIN SOLUTION (≈ 2 lines)
    w = np.zeros((dim, 1))
    b = 0.0
    # END SOLUTION
    return w, b


# %% [example]
# w, b = initialize_with_zeros(2)
# print("w =", w)
# print("b =", b, type(b))

# %% [markdown]
# ## Exercise 5: `propagate`
#
# One forward and one backward pass over all $m$ examples at once. $X$ holds the examples as
# columns, shape (n_x, m), and $Y$ the labels, shape (1, m).
#
# Forward pass, the predictions and the cost:
#
# $$A = \sigma(w^T X + b) = \bigl(a^{(1)}, \dots, a^{(m)}\bigr), \qquad
# J = -\frac{1}{m}\sum_{i=1}^{m}\Bigl(y^{(i)}\log a^{(i)} + (1-y^{(i)})\log(1-a^{(i)})\Bigr)$$
#
# Backward pass, the gradient of the cost (the derivation is in the lectures; it comes out
# remarkably simple):
#
# $$\frac{\partial J}{\partial w} = \frac{1}{m} X (A - Y)^T, \qquad
# \frac{\partial J}{\partial b} = \frac{1}{m}\sum_{i=1}^{m}\bigl(a^{(i)} - y^{(i)}\bigr)$$
#
# `dw` has the shape of `w`, (n_x, 1); `db` is a number. `np.dot`, `np.log` and `np.sum` are
# all you need. Return the cost as `np.squeeze(np.array(cost))`, a 0-d array.

# %%
# GRADED FUNCTION: propagate
def propagate(w, b, X, Y):
    """Compute the cost and its gradient for logistic regression.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Weights.
    b : float
        Bias.
    X : ndarray of shape (n_x, m)
        The examples, one per column.
    Y : ndarray of shape (1, m)
        The true labels, 0 or 1.

    Returns
    -------
    grads : dict
        ``"dw"``: ndarray of shape (n_x, 1), the gradient of the cost with respect to w;
        ``"db"``: np.float64, the gradient with respect to b.
    cost : ndarray of shape ()
        The cross-entropy cost.
    """
    m = X.shape[1]
    # BEGIN SOLUTION (≈ 4 lines)
    A = sigmoid(np.dot(w.T, X) + b)  # (1, n_x) @ (n_x, m) -> (1, m)
    cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    # "/ m" for dw but "1 / m *" for db: of the usual spellings, the only one that reproduces the
    # last digit the course prints for both propagate's db and model_test's b.
    dw = np.dot(X, (A - Y).T) / m  # (n_x, m) @ (m, 1) -> (n_x, 1)
    db = 1 / m * np.sum(A - Y)
    # END SOLUTION
    cost = np.squeeze(np.array(cost))
    grads = {"dw": dw, "db": db}
    return grads, cost


# %% [example]
# w = np.array([[1.], [2.]])
# b = 1.5
# X = np.array([[1., -2., -1.], [3., 0.5, -3.2]])
# Y = np.array([[1, 1, 0]])
# grads, cost = propagate(w, b, X, Y)
# print("dw =", grads["dw"])
# print("db =", grads["db"])
# print("cost =", cost)

# %% [markdown]
# ## Exercise 6: `optimize`
#
# Gradient descent: repeat `num_iterations` times
#
# 1. compute the cost and the gradient with `propagate`;
# 2. step both parameters a little downhill, $\alpha$ being the learning rate:
#
# $$w \leftarrow w - \alpha\,dw, \qquad b \leftarrow b - \alpha\,db$$
#
# Record the cost in `costs` every 100 iterations (when `i % 100 == 0`), and, when `print_cost`
# is true, print it as `Cost after iteration %i: %f`.
#
# The function starts with copies of `w` and `b`, so that training never changes the arrays
# the caller passed in.

# %%
# GRADED FUNCTION: optimize
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Learn w and b by gradient descent.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Initial weights (not modified).
    b : float
        Initial bias.
    X : ndarray of shape (n_x, m)
        The examples, one per column.
    Y : ndarray of shape (1, m)
        The true labels, 0 or 1.
    num_iterations : int
        Number of gradient-descent steps.
    learning_rate : float
        Step size, alpha.
    print_cost : bool
        Print the cost every 100 iterations.

    Returns
    -------
    params : dict
        ``"w"``: ndarray of shape (n_x, 1) and ``"b"``: the learned parameters.
    grads : dict
        ``"dw"`` and ``"db"``, the gradient at the last iteration (before its update).
    costs : list
        The cost at iterations 0, 100, 200, ...
    """
    w = copy.deepcopy(w)
    b = copy.deepcopy(b)
    costs = []
    for i in range(num_iterations):
        # BEGIN SOLUTION (≈ 5 lines)
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        # END SOLUTION
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


# %% [example]
# w = np.array([[1.], [2.]])
# b = 1.5
# X = np.array([[1., -2., -1.], [3., 0.5, -3.2]])
# Y = np.array([[1, 1, 0]])
# params, grads, costs = optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009)
# print("w =", params["w"])
# print("b =", params["b"])
# print("dw =", grads["dw"])
# print("db =", grads["db"])
# print("costs =", costs)

# %% [markdown]
# ## Exercise 7: `predict`
#
# With learned parameters, the model's probability of "cat" for every column of $X$ is
#
# $$\hat Y = A = \sigma(w^T X + b)$$
#
# Turn it into a label: 1 where $a^{(i)} > 0.5$, else 0. A comparison such as `A > 0.5` gives an
# array of booleans; `.astype(float)` turns it into ones and zeros.

# %%
# GRADED FUNCTION: predict
def predict(w, b, X):
    """Predict the label, 0 or 1, of every example.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Weights.
    b : float
        Bias.
    X : ndarray of shape (n_x, m)
        The examples, one per column.

    Returns
    -------
    Y_prediction : ndarray of shape (1, m)
        1.0 where the predicted probability is above 0.5, else 0.0.
    """
    # BEGIN SOLUTION (≈ 2 lines)
    A = sigmoid(np.dot(w.T, X) + b)  # (1, n_x) @ (n_x, m) -> (1, m)
    Y_prediction = (A > 0.5).astype(float)
    # END SOLUTION
    return Y_prediction


# %% [example]
# w = np.array([[0.1124579], [0.23106775]])
# b = -0.3
# X = np.array([[1., -1.1, -3.2], [1.2, 2., 0.1]])
# print("predictions =", predict(w, b, X))

# %% [markdown]
# ## Exercise 8: `model`
#
# Put the pieces together, using your own functions from above:
#
# 1. `initialize_with_zeros`, with one weight per row of `X_train`;
# 2. `optimize` on the training set;
# 3. `predict` on the training set and on the test set with the learned `w` and `b`.
#
# When `print_cost` is true, also print the accuracy on both sets, in percent:
# $100 - 100 \cdot \mathrm{mean}\,|\hat Y - Y|$ (each wrong label counts 1 in the mean).
# Return everything in a dictionary; the later sections read it.

# %%
# GRADED FUNCTION: model
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train logistic regression on the training set and predict both sets.

    Parameters
    ----------
    X_train : ndarray of shape (n_x, m_train)
        Training examples, one per column.
    Y_train : ndarray of shape (1, m_train)
        Training labels.
    X_test : ndarray of shape (n_x, m_test)
        Test examples.
    Y_test : ndarray of shape (1, m_test)
        Test labels.
    num_iterations : int
        Number of gradient-descent steps.
    learning_rate : float
        Step size.
    print_cost : bool
        Print the cost every 100 iterations and the two accuracies.

    Returns
    -------
    d : dict
        ``"costs"`` (list), ``"Y_prediction_test"`` (1, m_test), ``"Y_prediction_train"``
        (1, m_train), ``"w"`` (n_x, 1), ``"b"``, ``"learning_rate"``, ``"num_iterations"``.
    """
    # BEGIN SOLUTION (≈ 8 lines)
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    if print_cost:
        print("train accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100))
        print("test accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100))
    # END SOLUTION
    d = {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
    return d


# %% [markdown]
# First a small made-up problem: 7 training and 3 test examples of 4 random features.

# %% [example]
# np.random.seed(0)
# X = np.random.randn(4, 7)
# Y = np.array([[1, 0, 0, 1, 0, 0, 1]])
# x_test = np.random.randn(4, 3)
# y_test = np.array([[0, 1, 0]])
# d = model(X, Y, x_test, y_test, num_iterations=50, learning_rate=0.01)
# print("costs =", d["costs"])
# print("w =", d["w"])
# print("b =", d["b"])
# print("Y_prediction_train =", d["Y_prediction_train"])
# print("Y_prediction_test =", d["Y_prediction_test"])

# %% [markdown]
# Now the cats, with the arrays of Exercise 2. Training takes a few seconds.

# %% [example no-run]
# logistic_regression_model = model(train_set_x, train_set_y, test_set_x, test_set_y,
#                                   num_iterations=2000, learning_rate=0.005, print_cost=True)

# %% [markdown]
# **Expected output**
#
# ```
# Cost after iteration 0: 0.693147
# Cost after iteration 100: 0.584508
# Cost after iteration 200: 0.466949
# Cost after iteration 300: 0.376007
# Cost after iteration 400: 0.331463
# Cost after iteration 500: 0.303273
# Cost after iteration 600: 0.279880
# Cost after iteration 700: 0.260042
# Cost after iteration 800: 0.242941
# Cost after iteration 900: 0.228004
# Cost after iteration 1000: 0.214820
# Cost after iteration 1100: 0.203078
# Cost after iteration 1200: 0.192544
# Cost after iteration 1300: 0.183033
# Cost after iteration 1400: 0.174399
# Cost after iteration 1500: 0.166521
# Cost after iteration 1600: 0.159305
# Cost after iteration 1700: 0.152667
# Cost after iteration 1800: 0.146542
# Cost after iteration 1900: 0.140872
# train accuracy: 99.04306220095694 %
# test accuracy: 70.0 %
# ```
#
# The model labels almost every training picture correctly but only 70 % of the test pictures:
# it overfits. Not bad for one neuron on a tiny data set; the deep networks of week 4 do better.
# The cost keeps going down, so more iterations would fit the training set even more closely,
# and the test accuracy would not follow.

# %% [markdown]
# ## 3. (Optional) The learning rate
#
# The learning rate $\alpha$ sets the size of each step. Too large and the cost can jump around
# the minimum or grow; too small and training needs many more iterations. Compare three rates
# over 1500 iterations (the last recorded cost is the one at iteration 1400):

# %% [example no-run]
# for learning_rate in [0.01, 0.001, 0.0001]:
#     d = model(train_set_x, train_set_y, test_set_x, test_set_y,
#               num_iterations=1500, learning_rate=learning_rate)
#     train_accuracy = 100 - np.mean(np.abs(d["Y_prediction_train"] - train_set_y)) * 100
#     test_accuracy = 100 - np.mean(np.abs(d["Y_prediction_test"] - test_set_y)) * 100
#     print(f"learning rate {learning_rate}: cost {d['costs'][-1]:.6f}, "
#           f"train accuracy {train_accuracy} %, test accuracy {test_accuracy} %")

# %% [markdown]
# **Expected output**
#
# ```
# learning rate 0.01: cost 0.092043, train accuracy 99.52153110047847 %, test accuracy 68.0 %
# learning rate 0.001: cost 0.378888, train accuracy 88.99521531100478 %, test accuracy 64.0 %
# learning rate 0.0001: cost 0.575611, train accuracy 68.42105263157895 %, test accuracy 36.0 %
# ```
#
# The largest rate fits the training set best and the test set slightly worse than 0.005 did;
# the smallest has barely started learning after 1500 steps. A lower training cost is not a
# better model: what counts is the accuracy on pictures it has never seen.

"""Week 4, assignment 2: a deep neural network for cat pictures.

Reference solutions. ``grade generate`` turns this file into ``exercises/w4a2_deep_nn_application.py``
and ``.ipynb``: see ``grader/authoring/generate.py`` for the cell and marker conventions.
"""

# %% [markdown]
# # Deep Neural Network for Image Classification
#
# In week 2, logistic regression told cats from non-cats on 70 % of the test pictures. Here you
# train two deeper models on the same pictures and compare:
#
# - a 2-layer network, LINEAR → RELU → LINEAR → SIGMOID;
# - a 4-layer network, [LINEAR → RELU] × 3 → LINEAR → SIGMOID.
#
# You do not write the building blocks again. The functions of the previous assignment are given,
# in `nndl.dnn_app_utils`: `initialize_parameters`, `initialize_parameters_deep`,
# `linear_activation_forward`, `L_model_forward`, `compute_cost`, `linear_activation_backward`,
# `L_model_backward`, `update_parameters` and `predict`. Your two graded functions put them
# together into a training loop.
#
# One difference from your own versions: the given `initialize_parameters_deep` scales each
# weight matrix by $1/\sqrt{n^{[l-1]}}$ instead of 0.01. With 0.01 the signal shrinks at every one
# of the four layers, and the network hardly learns.
#
# Each graded function sits in a cell that starts with `# GRADED FUNCTION: name`. Replace each
# `raise NotImplementedError(...)` line with your code, keep the function's name and arguments,
# and run the example cell under it to compare with the expected output. Then grade the whole
# notebook from a terminal:
#
# ```
# grade w4a2_deep_nn_application.ipynb
# ```

# %%
import numpy as np

from nndl.dnn_app_utils import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters,
    initialize_parameters_deep,
    linear_activation_backward,
    linear_activation_forward,
    load_data,
    predict,
    update_parameters,
)

# %% [markdown]
# ## The dataset
#
# The same pictures as in week 2: 209 training and 50 test images of 64 × 64 pixels in three
# colours, each labelled cat (1) or non-cat (0). `load_data` reads them from the two `.h5` files
# (see the README for where to put them).

# %% [example no-run]
# train_x_orig, train_y, test_x_orig, test_y, classes = load_data()
# print("train_x_orig:", train_x_orig.shape, " train_y:", train_y.shape)
# print("test_x_orig:", test_x_orig.shape, " test_y:", test_y.shape)
# print("picture 10 is a", classes[train_y[0, 10]].decode())

# %% [markdown]
# **Expected output**
#
# ```
# train_x_orig: (209, 64, 64, 3)  train_y: (1, 209)
# test_x_orig: (50, 64, 64, 3)  test_y: (1, 50)
# picture 10 is a non-cat
# ```
#
# As before, each picture becomes one column of $64 \cdot 64 \cdot 3 = 12288$ numbers, and the
# pixel values are divided by 255 so that they lie between 0 and 1.

# %% [example no-run]
# train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0  # (12288, 209)
# test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.0  # (12288, 50)
# print("train_x:", train_x.shape)
# print("test_x:", test_x.shape)

# %% [markdown]
# **Expected output**
#
# ```
# train_x: (12288, 209)
# test_x: (12288, 50)
# ```

# %% [markdown]
# ## Exercise 1: `two_layer_model`
#
# The 2-layer network has one hidden layer of $n_h = 7$ ReLU units and one sigmoid output unit.
# Training repeats four steps `num_iterations` times:
#
# 1. forward: `A1, cache1 = linear_activation_forward(X, W1, b1, "relu")`, then the same with
#    `A1`, `W2`, `b2` and `"sigmoid"` to get `A2`, the predicted probabilities;
# 2. the cost, `compute_cost(A2, Y)`;
# 3. backward: from `dA2` (written for you), `linear_activation_backward` through the sigmoid
#    layer gives `dA1, dW2, db2`, then through the ReLU layer `dA0, dW1, db1` (`dA0` is not used);
# 4. `update_parameters(parameters, grads, learning_rate)`.
#
# Before the loop, create the parameters with `initialize_parameters(n_x, n_h, n_y)`. The code that
# is given reads `W1, b1, W2, b2` out of `parameters`, fills `grads`, and records the cost every
# 100 iterations.

# %%
n_x = 12288  # 64 * 64 * 3 inputs
n_h = 7
n_y = 1
learning_rate = 0.0075

# %%
# GRADED FUNCTION: two_layer_model
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train LINEAR -> RELU -> LINEAR -> SIGMOID by batch gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        The input data, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    layers_dims : tuple of int
        ``(n_x, n_h, n_y)``.
    learning_rate : float
        The step size of gradient descent.
    num_iterations : int
        Number of gradient-descent steps.
    print_cost : bool
        If True, print the cost every 100 iterations and at the last one.

    Returns
    -------
    parameters : dict
        The trained W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1).
    costs : list of ndarray of shape ()
        The cost at iterations 0, 100, 200, ...
    """
    np.random.seed(1)
    grads = {}
    costs = []
    n_x, n_h, n_y = layers_dims
    # BEGIN SOLUTION (≈ 1 line)
    parameters = initialize_parameters(n_x, n_h, n_y)
    # END SOLUTION
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]

    for i in range(num_iterations):
        # Forward: LINEAR -> RELU -> LINEAR -> SIGMOID.
        # BEGIN SOLUTION (≈ 2 lines)
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")  # (n_h, m)
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")  # (n_y, m)
        # END SOLUTION

        # BEGIN SOLUTION (≈ 1 line)
        cost = compute_cost(A2, Y)
        # END SOLUTION

        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))  # dJ/dA2, (n_y, m)
        # Backward: the sigmoid layer, then the ReLU layer.
        # BEGIN SOLUTION (≈ 2 lines)
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        # END SOLUTION
        grads["dW1"] = dW1
        grads["db1"] = db1
        grads["dW2"] = dW2
        grads["db2"] = db2

        # BEGIN SOLUTION (≈ 1 line)
        parameters = update_parameters(parameters, grads, learning_rate)
        # END SOLUTION
        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]

        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {np.squeeze(cost)}")
        if i % 100 == 0:
            costs.append(cost)

    return parameters, costs


# %% [markdown]
# A first check on ten random examples of ten features each (instead of 12288), with four hidden
# units. At the start every weight is close to 0, so every prediction is close to 0.5 and the
# cost close to $\log 2 \approx 0.693$.

# %% [example]
# np.random.seed(1)
# t_X = np.random.randn(10, 10)
# t_Y = np.array([[1, 1, 1, 1, 0, 0, 0, 1, 1, 0]])
# t_parameters, t_costs = two_layer_model(t_X, t_Y, (10, 4, 1), num_iterations=2)
# print("number of costs =", len(t_costs))
# print("cost after the first iteration =", t_costs[0])
# print("b2 =", t_parameters["b2"])

# %% [markdown]
# With `print_cost=True` the cost is printed every 100 iterations and once more at the end:

# %% [example]
# t_parameters, t_costs = two_layer_model(t_X, t_Y, (10, 4, 1), learning_rate=0.1, num_iterations=250, print_cost=True)

# %% [markdown]
# ### Training on the cat pictures
#
# Two iterations first, to check that everything fits together on the real data:

# %% [example no-run]
# parameters, costs = two_layer_model(train_x, train_y, layers_dims=(n_x, n_h, n_y), num_iterations=2, print_cost=False)
# print("Cost after the first iteration:", costs[0])

# %% [markdown]
# **Expected output**
#
# ```
# Cost after the first iteration: 0.693049735659989
# ```
#
# Now the full training, 2500 iterations. It takes from a few seconds to a minute, depending on
# the computer; the cost should go down steadily.

# %% [example no-run]
# parameters, costs = two_layer_model(train_x, train_y, layers_dims=(n_x, n_h, n_y), num_iterations=2500, print_cost=True)

# %% [markdown]
# **Expected output**
#
# ```
# Cost after iteration 0: 0.693049735659989
# Cost after iteration 100: 0.6464320953428849
# Cost after iteration 200: 0.6325140647912677
# Cost after iteration 300: 0.6015024920354665
# Cost after iteration 400: 0.5601966311605747
# Cost after iteration 500: 0.515830477276473
# Cost after iteration 600: 0.4754901313943325
# Cost after iteration 700: 0.43391631512257495
# Cost after iteration 800: 0.4007977536203891
# Cost after iteration 900: 0.35807050113237987
# Cost after iteration 1000: 0.33942815383664116
# Cost after iteration 1100: 0.3052753636196265
# Cost after iteration 1200: 0.27491377282130175
# Cost after iteration 1300: 0.24681768210614827
# Cost after iteration 1400: 0.19850735037466108
# Cost after iteration 1500: 0.1744831811255665
# Cost after iteration 1600: 0.17080762978096375
# Cost after iteration 1700: 0.1130652456216472
# Cost after iteration 1800: 0.09629426845937152
# Cost after iteration 1900: 0.08342617959726865
# Cost after iteration 2000: 0.07439078704319078
# Cost after iteration 2100: 0.06630748132267927
# Cost after iteration 2200: 0.059193295010381675
# Cost after iteration 2300: 0.05336140348560551
# Cost after iteration 2400: 0.04855478562877014
# Cost after iteration 2499: 0.04421498215868953
# ```
#
# On another computer the last digit or two of these costs may differ: how NumPy groups the
# additions inside a matrix product depends on the processor, and 2500 iterations carry the tiny
# differences along. The first six digits, and the accuracies below, do not change.
#
# The given `predict` runs the trained network forward, predicts "cat" where the output is above
# 0.5, and prints the fraction of pictures it got right.

# %% [example no-run]
# predictions_train = predict(train_x, train_y, parameters)
# predictions_test = predict(test_x, test_y, parameters)

# %% [markdown]
# **Expected output**
#
# ```
# Accuracy: 0.9999999999999998
# Accuracy: 0.72
# ```
#
# (The first line is 1.0: `predict` adds up 209 fractions of 1/209, and floating point loses a
# little on the way.) The network knows its training pictures perfectly but gets only 72 % of the
# new ones right, barely better than logistic regression. A deeper network does better.

# %% [markdown]
# ## Exercise 2: `L_layer_model`
#
# The deep network has layer sizes `[12288, 20, 7, 5, 1]`: three ReLU layers of 20, 7 and 5 units,
# then the sigmoid output. With the given functions, training any depth is the same four steps:
#
# 1. `AL, caches = L_model_forward(X, parameters)`;
# 2. `cost = compute_cost(AL, Y)`;
# 3. `grads = L_model_backward(AL, Y, caches)`;
# 4. `parameters = update_parameters(parameters, grads, learning_rate)`.
#
# Before the loop, create the parameters with `initialize_parameters_deep(layers_dims)`.

# %%
layers_dims = [12288, 20, 7, 5, 1]  # a 4-layer model


# %%
# GRADED FUNCTION: L_layer_model
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID by batch gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        The input data, one example per column.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    layers_dims : list of int
        The size of every layer, inputs first: ``[n_x, n_1, ..., n_L]``.
    learning_rate : float
        The step size of gradient descent.
    num_iterations : int
        Number of gradient-descent steps.
    print_cost : bool
        If True, print the cost every 100 iterations and at the last one.

    Returns
    -------
    parameters : dict
        The trained ``W{l}`` of shape (n_l, n_{l-1}) and ``b{l}`` of shape (n_l, 1), l = 1..L.
    costs : list of ndarray of shape ()
        The cost at iterations 0, 100, 200, ...
    """
    np.random.seed(1)
    costs = []
    # BEGIN SOLUTION (≈ 1 line)
    parameters = initialize_parameters_deep(layers_dims)
    # END SOLUTION

    for i in range(num_iterations):
        # BEGIN SOLUTION (≈ 4 lines)
        AL, caches = L_model_forward(X, parameters)  # (1, m)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        # END SOLUTION

        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {np.squeeze(cost)}")
        if i % 100 == 0:
            costs.append(cost)

    return parameters, costs


# %% [markdown]
# The same ten random examples, now through layers of 5 and 6 ReLU units. The weights are larger
# than 0.01 this time (scaled by $1/\sqrt{n^{[l-1]}}$), so the first cost is further from 0.693.

# %% [example]
# np.random.seed(1)
# t_X = np.random.randn(10, 10)
# t_Y = np.array([[1, 1, 1, 1, 0, 0, 0, 1, 1, 0]])
# t_parameters, t_costs = L_layer_model(t_X, t_Y, [10, 5, 6, 1], num_iterations=2)
# print("number of costs =", len(t_costs))
# print("cost after the first iteration =", t_costs[0])
# print("b3 =", t_parameters["b3"])

# %% [markdown]
# ### Training on the cat pictures
#
# One iteration first:

# %% [example no-run]
# parameters, costs = L_layer_model(train_x, train_y, layers_dims, num_iterations=1, print_cost=False)
# print("Cost after the first iteration:", costs[0])

# %% [markdown]
# **Expected output**
#
# ```
# Cost after the first iteration: 0.7717493284237686
# ```
#
# Then 2500 iterations:

# %% [example no-run]
# parameters, costs = L_layer_model(train_x, train_y, layers_dims, num_iterations=2500, print_cost=True)

# %% [markdown]
# **Expected output**
#
# ```
# Cost after iteration 0: 0.7717493284237686
# Cost after iteration 100: 0.6720534400822914
# Cost after iteration 200: 0.6482632048575212
# Cost after iteration 300: 0.6115068816101354
# Cost after iteration 400: 0.5670473268366111
# Cost after iteration 500: 0.5401376634547801
# Cost after iteration 600: 0.5279299569455267
# Cost after iteration 700: 0.46547737717668514
# Cost after iteration 800: 0.369125852495928
# Cost after iteration 900: 0.39174697434805344
# Cost after iteration 1000: 0.31518698886006163
# Cost after iteration 1100: 0.2726998441789385
# Cost after iteration 1200: 0.23741853400268137
# Cost after iteration 1300: 0.19960120532208644
# Cost after iteration 1400: 0.18926300388463305
# Cost after iteration 1500: 0.1611885466582775
# Cost after iteration 1600: 0.14821389662363318
# Cost after iteration 1700: 0.1377748781297294
# Cost after iteration 1800: 0.12974017549190123
# Cost after iteration 1900: 0.12122535068005211
# Cost after iteration 2000: 0.1138206066863371
# Cost after iteration 2100: 0.10783928526254132
# Cost after iteration 2200: 0.1028546606935268
# Cost after iteration 2300: 0.10089745445261786
# Cost after iteration 2400: 0.09287821526472397
# Cost after iteration 2499: 0.088439943441702
# ```

# %% [example no-run]
# predictions_train = predict(train_x, train_y, parameters)
# predictions_test = predict(test_x, test_y, parameters)

# %% [markdown]
# **Expected output**
#
# ```
# Accuracy: 0.9856459330143539
# Accuracy: 0.8
# ```
#
# The deeper network gets 80 % of the test pictures right, against 72 % for the 2-layer network
# and 70 % for logistic regression in week 2, on the same pictures.
#
# ## What you have seen
#
# - A training loop is the same four steps at any depth: forward, cost, backward, update.
# - Depth helped here, but only with a suitable initialization: with the 0.01 scaling of your
#   own `initialize_parameters_deep`, this 4-layer network stays at a cost of about 0.644 and
#   calls every picture "non-cat".
# - The training accuracy is well above the test accuracy: both models overfit the 209 training
#   pictures. Course 2 shows how to reduce that (regularization), and how to tune the learning
#   rate, the number of layers and their sizes.

# %% [markdown]
# ## Test it with your own picture (optional)
#
# Your model can now look at any picture. Save this notebook, put a picture in its folder, and
# run the cell below with the picture's file name. The first run trains your `L_layer_model` on
# the cat pictures as above (2500 iterations, about half a minute), in a separate process, and
# keeps the parameters it learns; later runs reuse them for as long as your code stays the same.
#
# The picture is converted to RGB, resized to 64 × 64 pixels and divided by 255, as the training
# pictures were. The model has seen only 209 pictures: expect mistakes, especially when the cat is
# small in the picture, in an unusual pose, or on a background of its own colour.

# %% [example no-run]
# from grader import try_image
# try_image("my_cat.jpg", submission="w4a2_deep_nn_application.ipynb", model="L_layer")

# %% [markdown]
# **Expected output** for a picture of a cat (your probability will differ):
#
# ```
# training L_layer_model of w4a2_deep_nn_application.ipynb on the 209 cat pictures (2500 iterations, learning rate 0.0075); this takes about 30 s ...
# trained in 21.2 s
# parameters saved to /home/you/.cache/nndl-grader/try-image/7a44967bc31012e71ed31ca48dbfc12b7c122da7cfbab27467e75d586940e2f6.h5
# my_cat.jpg: cat (probability of cat > 0.9999)
# ```
#
# Several pictures at once: `try_image("a.jpg", "b.png")`. `model="two_layer"` uses your
# `two_layer_model` instead. From a terminal, the same is
# `grade try-image my_cat.jpg --submission w4a2_deep_nn_application.ipynb`.

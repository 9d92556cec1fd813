"""The first W4A1 release (2017) and the first 2021 W3A1 notebook, each graded against its own contract.

Each notebook here is written as a learner of that release would complete it: its file name, imports and
given code (the first W4A1's ``assert (isinstance(db, float))``, the first 2021 W3A1's ``np.random.seed(2)``
inside ``initialize_parameters``), with function bodies of our own. See tests/test_versions.py for the
other versions; its helpers are used here.
"""

import numpy as np
import pytest

from grader import course as courses
from grader.course import builtin as builtin_course
from grader.load import reader
from test_versions import W4A1_HELPERS, W4A1_IN_PLACE_UPDATE, grade, notebook, short_model_check

# ---------------------------------------------------------------- W4A1, the first release (2017)

W4A1_FIRST_NAME = "Building your Deep Neural Network - Step by Step.ipynb"  # no version label
W4A1_FIRST_IMPORTS = """
    import numpy as np
    import h5py
    import matplotlib.pyplot as plt
    from testCases import *
    from dnn_utils import sigmoid, sigmoid_backward, relu, relu_backward

    %matplotlib inline
    plt.rcParams['figure.figsize'] = (5.0, 4.0) # set default size of plots

    %load_ext autoreload
    %autoreload 2

    np.random.seed(1)
    """
# The given assert of the first release, kept or commented out as the public copies show.
KEPT, REMOVED = "assert (isinstance(db, float))", "#assert (isinstance(db, float))"
W4A1_FIRST_LINEAR_BACKWARD = """
    # GRADED FUNCTION: linear_backward

    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]

        ### START CODE HERE ### (≈ 3 lines of code)
        dW = (1. / m) * np.dot(dZ, A_prev.T)
        db = np.squeeze(np.sum(dZ, axis=1, keepdims=True)) / m
        dA_prev = np.dot(W.T, dZ)
        ### END CODE HERE ###

        assert (dA_prev.shape == A_prev.shape)
        assert (dW.shape == W.shape)
        <assert>

        return dA_prev, dW, db
    """
# The sigmoid layer through linear_backward and sigmoid_backward, as the first release's own solution did; the
# old gradient keys (dA{l} is the gradient of A^[l-1]).
W4A1_FIRST_L_MODEL_BACKWARD = """
    # GRADED FUNCTION: L_model_backward

    def L_model_backward(AL, Y, caches):
        grads = {}
        L = len(caches) # the number of layers
        m = AL.shape[1]
        Y = Y.reshape(AL.shape) # after this line, Y is the same shape as AL

        # Initializing the backpropagation
        ### START CODE HERE ### (1 line of code)
        dAL = np.divide(1 - Y, 1 - AL) - np.divide(Y, AL)
        ### END CODE HERE ###

        # Lth layer (SIGMOID -> LINEAR) gradients. Inputs: "AL, Y, caches". Outputs: "grads["dAL"], grads["dWL"], grads["dbL"]
        ### START CODE HERE ### (approx. 2 lines)
        linear_cache, activation_cache = caches[L - 1]
        grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_backward(
            sigmoid_backward(dAL, activation_cache), linear_cache)
        ### END CODE HERE ###

        for l in reversed(range(L-1)):
            # lth layer: (RELU -> LINEAR) gradients.
            # Inputs: "grads["dA" + str(l + 2)], caches". Outputs: "grads["dA" + str(l + 1)] , grads["dW" + str(l + 1)] , grads["db" + str(l + 1)]
            ### START CODE HERE ### (approx. 5 lines)
            dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l + 2)], caches[l], activation="relu")
            grads["dA" + str(l + 1)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = dA_prev, dW, db
            ### END CODE HERE ###

        return grads
    """


def w4a1_first_release(path, given_assert):
    """A first-release W4A1 notebook: the newest-style helpers of test_versions, the first release's
    linear_backward (the given assert ``given_assert``: KEPT or REMOVED) and L_model_backward, an update in place."""
    helpers = [W4A1_FIRST_LINEAR_BACKWARD.replace("<assert>", given_assert) if "def linear_backward(" in cell
               else cell for cell in W4A1_HELPERS]
    return notebook(path, "#  # Building your Deep Neural Network: Step by Step", W4A1_FIRST_IMPORTS, *helpers,
                    W4A1_FIRST_L_MODEL_BACKWARD, W4A1_IN_PLACE_UPDATE)


def linear_backward_checks():
    return [c.name for c in builtin_course().assignment("w4a1").checks if c.function == "linear_backward"]


def test_w4a1_first_release_gets_full_marks(tmp_path):
    """The given assert commented out, as public copies show it: told by that comment; db squeezed (a float for one
    unit, (n,) for n units) is read as (n, 1), the gradients' old dA keys as the newest's, the update in place."""
    path = w4a1_first_release(tmp_path / W4A1_FIRST_NAME, REMOVED)
    grading, failed = grade(path, "w4a1")
    assert not failed, "\n".join(failed)
    assert grading.course_version == "2017" and grading.score == grading.max_score


def test_w4a1_first_release_with_its_assert_kept_fails_only_linear_backward_on_layers_of_several_units(tmp_path):
    """Every linear_backward check has a layer of 2 to 4 units, where the given assert cannot hold (db has shape
    (n,)): those checks raise it; the functions that call linear_backward get the reference's and pass."""
    path = w4a1_first_release(tmp_path / W4A1_FIRST_NAME, KEPT)
    grading, failed = grade(path, "w4a1", only=["linear_backward", "linear_activation_backward", "L_model_backward"])
    assert grading.course_version == "2017"
    not_passed = {r.check.name: r for r in grading.results if r.outcome != "passed"}
    assert sorted(not_passed) == sorted(linear_backward_checks())
    for result in not_passed.values():
        assert result.outcome == "error"
        assert "linear_backward raised an error: AssertionError" in result.output
        assert "assert (isinstance(db, float))" in result.output  # the learner's line, in the traceback
        assert "it holds only for a layer of one unit" in result.output  # why, in words, and what to do
        assert "Remove it, as the next release did" in result.output


def test_w4a1_first_release_pinned_to_the_newest_fails_as_the_newest_contract_says(tmp_path):
    path = w4a1_first_release(tmp_path / W4A1_FIRST_NAME, REMOVED)
    grading, failed = grade(path, "w4a1", course_version="v1.2",
                            only=["linear_backward", "L_model_backward", "update_parameters"])
    assert grading.course_version == "v1.2"
    assert {r.check.function for r in grading.results if r.outcome != "passed"} == {
        "linear_backward", "L_model_backward", "update_parameters"}
    course_example = next(f for f in failed if f.startswith("linear_backward: course example"))
    assert "db has shape (3,), expected (3, 1)" in course_example
    assert "It matches a known mistake: db was squeezed" in course_example  # which names the pin
    assert "grade it with --course-version 2017" in course_example


def test_the_newest_w4a1_contract_stays_as_strict_on_a_squeezed_db(tmp_path):
    """The reference solution with the first release's squeeze (and no assert: nothing only that release has) is
    graded as the newest, and loses every linear_backward check."""
    source = builtin_course().assignment("w4a1").solution_file.read_text(encoding="utf-8")
    newest_db = "db = np.sum(dZ, axis=1, keepdims=True) / m"
    assert source.count(newest_db) == 1
    path = tmp_path / "w4a1_homework.py"
    path.write_text(source.replace(newest_db, "db = np.squeeze(np.sum(dZ, axis=1, keepdims=True)) / m"),
                    encoding="utf-8")
    grading, _ = grade(path, "w4a1", only=["linear_backward"])
    assert grading.course_version == "v1.2"
    assert [r.outcome for r in grading.results] == ["failed"] * len(linear_backward_checks())
    named = [r.mistake for r in grading.results if r.check.kind == "reference"]  # the gradient check names none
    assert len(named) == 3 and all(m.startswith("db was squeezed to shape (n,)") for m in named)


@pytest.mark.parametrize("given_assert", [KEPT, REMOVED, "#  assert isinstance(db, float)  # only one unit"])
def test_the_first_releases_given_assert_tells_it_before_the_update_it_shares_with_v8a(tmp_path, given_assert):
    """update_parameters(parameters, grads, learning_rate) alone is v8a's sign; the first release has it too."""
    path = w4a1_first_release(tmp_path / "deep.ipynb", given_assert)
    assert courses.version_of(reader.load(path), "w4a1") == "2017"


def test_an_assert_on_db_of_another_kind_is_not_the_first_release(tmp_path):
    path = w4a1_first_release(tmp_path / "deep.ipynb", "assert (db.shape == b.shape)  # isinstance(db, float)")
    assert courses.version_of(reader.load(path), "w4a1") == "v8a"  # by its update_parameters(parameters, ...)


# ---------------------------------------------------------------- W3A1, the first 2021 notebook (2021a)

W3A1_2021A_NAME = "Planar_data_classification_with_one_hidden_layer.ipynb"  # the newest's name too
W3A1_2021A = [
    "#  # Planar data classification with one hidden layer",
    """
    # Package imports
    import numpy as np
    import matplotlib.pyplot as plt
    from testCases_v2 import *
    from public_tests import *
    import sklearn
    import sklearn.datasets
    import sklearn.linear_model
    from planar_utils import plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets

    %matplotlib inline

    np.random.seed(2) # set a seed so that the results are consistent
    """,
    """
    # GRADED FUNCTION: layer_sizes

    def layer_sizes(X, Y):
        #(≈ 3 lines of code)
        # YOUR CODE STARTS HERE
        n_x, n_y = X.shape[0], Y.shape[0]
        n_h = 4
        # YOUR CODE ENDS HERE
        return (n_x, n_h, n_y)
    """,
    """
    # GRADED FUNCTION: initialize_parameters

    def initialize_parameters(n_x, n_h, n_y):
        np.random.seed(2) # we set up a seed so that your output matches ours although the initialization is random.

        #(≈ 4 lines of code)
        # YOUR CODE STARTS HERE
        W1 = np.random.randn(n_h, n_x) / 100
        b1 = np.zeros((n_h, 1))
        W2 = np.random.randn(n_y, n_h) / 100
        b2 = np.zeros((n_y, 1))
        # YOUR CODE ENDS HERE

        assert (W1.shape == (n_h, n_x))
        assert (b1.shape == (n_h, 1))
        assert (W2.shape == (n_y, n_h))
        assert (b2.shape == (n_y, 1))

        parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        return parameters
    """,
    """
    # GRADED FUNCTION: forward_propagation

    def forward_propagation(X, parameters):
        # YOUR CODE STARTS HERE
        Z1 = parameters["W1"] @ X + parameters["b1"]
        A1 = np.tanh(Z1)
        Z2 = parameters["W2"] @ A1 + parameters["b2"]
        A2 = 1 / (1 + np.exp(-Z2))
        # YOUR CODE ENDS HERE
        assert(A2.shape == (1, X.shape[1]))
        cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
        return A2, cache
    """,
    """
    # GRADED FUNCTION: compute_cost

    def compute_cost(A2, Y):
        m = Y.shape[1] # number of examples

        # (≈ 2 lines of code)
        # YOUR CODE STARTS HERE
        losses = np.where(Y, -np.log(A2), -np.log(1 - A2))
        cost = np.sum(losses) / m
        # YOUR CODE ENDS HERE

        cost = float(np.squeeze(cost))  # makes sure cost is the dimension we expect.
        return cost
    """,
    """
    # GRADED FUNCTION: backward_propagation

    def backward_propagation(parameters, cache, X, Y):
        m = X.shape[1]
        # YOUR CODE STARTS HERE
        dZ2 = cache["A2"] - Y
        dW2 = dZ2 @ cache["A1"].T / m
        db2 = dZ2.sum(axis=1, keepdims=True) / m
        dZ1 = (parameters["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
        dW1 = dZ1 @ X.T / m
        db1 = dZ1.sum(axis=1, keepdims=True) / m
        # YOUR CODE ENDS HERE
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        return grads
    """,
    """
    # GRADED FUNCTION: update_parameters

    def update_parameters(parameters, grads, learning_rate = 1.2):
        # YOUR CODE STARTS HERE
        parameters = {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}
        # YOUR CODE ENDS HERE
        return parameters
    """,
    """
    # GRADED FUNCTION: nn_model

    def nn_model(X, Y, n_h, num_iterations = 10000, print_cost=False):
        np.random.seed(3)
        n_x = layer_sizes(X, Y)[0]
        n_y = layer_sizes(X, Y)[2]

        # YOUR CODE STARTS HERE
        parameters = initialize_parameters(n_x, n_h, n_y)
        for i in range(0, num_iterations):
            A2, cache = forward_propagation(X, parameters)
            cost = compute_cost(A2, Y)
            grads = backward_propagation(parameters, cache, X, Y)
            parameters = update_parameters(parameters, grads)
        # YOUR CODE ENDS HERE
            if print_cost and i % 1000 == 0:
                print ("Cost after iteration %i: %f" %(i, cost))

        return parameters
    """,
    """
    # GRADED FUNCTION: predict

    def predict(parameters, X):
        # YOUR CODE STARTS HERE
        A2, cache = forward_propagation(X, parameters)
        predictions = (A2 > 0.5).astype(int)
        # YOUR CODE ENDS HERE
        return predictions
    """,
]


def w3a1_2021a(tmp_path):
    return notebook(tmp_path / W3A1_2021A_NAME, *W3A1_2021A,
                    metadata={"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}})


def quick_w3a1_functions():
    return [f for f in builtin_course().assignment("w3a1").functions if f != "nn_model"]


def test_w3a1_2021a_pinned_gets_full_marks(tmp_path):
    """Every function but nn_model through the engine; nn_model on its short check (200 iterations), where the
    reference trains from the reseeding initialization and the learner's compute_cost(A2, Y) is the newest's."""
    path = w3a1_2021a(tmp_path)
    grading, failed = grade(path, "w3a1", only=quick_w3a1_functions(), course_version="2021a")
    assert not failed, "\n".join(failed)
    assert grading.course_version == "2021a" and grading.score == grading.max_score
    assert [r.outcome for r in short_model_check(path, "2021a")] == ["passed"]


def test_w3a1_2021a_is_not_recognised_without_the_pin(tmp_path):
    """Its file name, modules and signatures are the newest's, and a seed inside initialize_parameters is the
    newest's known mistake: without --course-version it is graded as the newest."""
    assert courses.version_of(reader.load(w3a1_2021a(tmp_path)), "w3a1") == "v3.0"


def test_w3a1_2021a_graded_as_the_newest_fails_its_seeded_initialization(tmp_path):
    path = w3a1_2021a(tmp_path)
    grading, failed = grade(path, "w3a1", only=["initialize_parameters", "compute_cost"])
    assert grading.course_version == "v3.0"
    # The seed-2 cases match either way; the caller's seed 5 is overridden by the function's own seed.
    assert [r.check.name for r in grading.results if r.outcome != "passed"] == [
        "initialize_parameters: seed 5, sizes (4, 7, 3)"]
    assert any("np.random.seed(2) is called inside the function" in f and "--course-version 2021a" in f
               for f in failed)


def test_the_newest_w3a1_contract_stays_as_strict_on_a_seeded_initialization(tmp_path):
    """The reference solution with the first 2021 notebook's seed inside initialize_parameters, graded (as it is
    recognised) as the newest, loses the check where the caller seeds otherwise."""
    source = builtin_course().assignment("w3a1").solution_file.read_text(encoding="utf-8")
    first_draw = "    W1 = np.random.randn(n_h, n_x) * 0.01\n"
    assert source.count(first_draw) == 1
    path = tmp_path / "w3a1_homework.py"
    path.write_text(source.replace(first_draw, "    np.random.seed(2)\n" + first_draw), encoding="utf-8")
    grading, _ = grade(path, "w3a1", only=["initialize_parameters"])
    assert grading.course_version == "v3.0" and grading.score < grading.max_score
    assert [r.check.name for r in grading.results if r.outcome != "passed"] == [
        "initialize_parameters: seed 5, sizes (4, 7, 3)"]


def test_the_2021a_reference_trains_as_its_public_test_expects():
    """public_tests.py of the first 2021 notebook (multiple_test): nn_model_test, seed 1, X (2, 3), Y > 0, n_h 4."""
    from solutions.older import w3a1_planar_v6c as v6c

    rng = np.random.RandomState(1)
    X, Y = rng.randn(2, 3), rng.randn(1, 3) > 0
    parameters = v6c.nn_model_2021a(X, Y, 4, num_iterations=10000)
    np.testing.assert_allclose(parameters["W1"], [[-0.65848169, 1.21866811], [-0.76204273, 1.39377573],
                                                  [0.5792005, -1.10397703], [0.76773391, -1.41477129]], rtol=1e-6)
    np.testing.assert_allclose(parameters["b2"], [[0.20459656]], rtol=1e-6)
    same = v6c.nn_model(X, Y, 4, num_iterations=300)
    assert all(np.array_equal(same[k], v6c.nn_model_2021a(X, Y, 4, num_iterations=300)[k]) for k in same)


"""W4A2 Deep neural network for image classification: application (the cat classifier).

The two graded models call only the course's provided helpers (``nndl.dnn_app_utils``), which
run in the learner's process as they are; they call no graded function, so no check needs
``calls``, and a bug in one model cannot fail the other.

Per model:

- the course's public tests (seed 1, X (10, 10), 2 and 3 iterations: costs and parameters) and a
  250-iteration run on the same small data (costs at iterations 0, 100, 200: when they are recorded);
- on the cat pictures, an early run of 100 iterations compared with the reference, so that a broken
  model fails in about two seconds;
- only when all of those pass (``after``), the course's full run, 2500 iterations at learning rate
  0.0075, made once (one ``Graded.call``) for two verdicts: costs and parameters against the reference,
  and train and test accuracy, computed in the grader from the returned parameters as the course's
  ``predict`` does, against the reference's minus a stated margin.

The learner's process has one BLAS thread; the reference may run with several, and matrix
products may then add in another order. On this machine 1 and 2 threads give identical bits after
2500 iterations; the full run is compared with rtol 1e-6 so that machines where they do not pass too.

Timing (one BLAS thread, this machine, idle): the full runs take about 19 s (2 layers) and 27 s
(L layers); their timeouts are 300 s, more than 10 times that.

``np.random.seed(1)`` at the top of the models (given code) does not change any number: both
provided initializers seed themselves with ``np.random.seed(1)``, and nothing else draws. A model
without it is correct and gets full marks.
"""

import copy

import numpy as np

from grader import data
from grader.assignments.course_versions import Differs, Version, returns_one_name
from grader.checking.compare import Mismatch, Tolerance, describe_type
from grader.checking.fixtures import Inputs, bind, layer_shapes, named
from grader.checking.kit import Graded, mistake_only
from grader.checking.pictures import cost_curve, mislabeled
from nndl import dnn_app_utils as app
from solutions import w4a2_deep_nn_application as ref

TITLE = "Deep Neural Network for Image Classification: Application"
COURSE_VERSION = "v1.2"  # the course notebook these checks follow (COURSE_FACTS §2)

TWO_LAYER_DIMS = (12288, 7, 1)
L_LAYER_DIMS = [12288, 20, 7, 5, 1]
CAT_RATE = 0.0075
EARLY_ITERATIONS, FULL_ITERATIONS = 100, 2500
FULL_RUN = Tolerance(rtol=1e-6, atol=1e-9)

# The reference after 2500 iterations (COURSE_FACTS §3.5), as the course's predict computes it
# (sum((p == y) / m)): a model within 5 points of it on the training set and 4 points (2 of the 50
# pictures) on the test set passes.
REFERENCE_ACCURACY = {"two_layer_model": (0.9999999999999998, 0.72), "L_layer_model": (0.9856459330143539, 0.8)}
TRAIN_MARGIN, TEST_MARGIN = 0.05, 0.04
SMALL_Y = [[1, 1, 1, 1, 0, 0, 0, 1, 1, 0]]  # the notebook's small example's labels


def public(model, learning_rate, num_iterations):
    """The course's public tests: seed 1, X = randn(10, 10), then Y (real-valued for the 2-layer test)."""

    def inputs():
        rng = np.random.RandomState(1)  # the same numbers as np.random.seed(1) + np.random.randn
        X = rng.randn(10, 10)
        if model == "two_layer_model":
            return (X, rng.randn(1, 10), (10, 4, 1), learning_rate, num_iterations), {}
        return (X, np.array(SMALL_Y), (10, 5, 6, 1), learning_rate, num_iterations), {}

    return Inputs(inputs)


def recording(model):
    """The notebook's small example (seed 1, X (10, 10), binary Y), 250 iterations: costs at 0, 100, 200."""
    dims = (10, 4, 1) if model == "two_layer_model" else [10, 5, 6, 1]
    return Inputs(lambda: ((np.random.RandomState(1).randn(10, 10), np.array(SMALL_Y), copy.deepcopy(dims)),
                           {"learning_rate": 0.1, "num_iterations": 250}))


def cat(dims, iterations):
    """The cat pictures (train_x (12288, 209), train_y (1, 209)) and the course's learning rate."""
    return Inputs(lambda: ((*data.cat()[:2], copy.deepcopy(dims)),
                           {"learning_rate": CAT_RATE, "num_iterations": iterations}))


def costs_and_parameters(expected):
    """``parts=``: the costs, then every parameter the reference returns."""
    return {"costs": 1, **named("parameters", expected[0], at=0)}


@mistake_only
def train(model, args, kwargs, *, dA_sign=1.0, stale=False, every=100, rate=None, assign=True):
    """The reference's training loop, built from the provided helpers, with a classic mistake switched on.

    dA_sign: -1 flips dA2 (2-layer model). stale: the forward pass keeps reading the initial
    weights. every: the cost is recorded when i % every == 0. rate: a learning rate used instead of
    the argument. assign: False drops the result of update_parameters.
    """
    a = bind(getattr(ref, model), args, kwargs)
    X, Y, dims = a["X"], a["Y"], a["layers_dims"]
    learning_rate = a["learning_rate"] if rate is None else rate
    np.random.seed(1)
    if model == "two_layer_model":
        parameters = app.initialize_parameters(*dims)
    else:
        parameters = app.initialize_parameters_deep(dims)
    used, costs = parameters, []
    for i in range(a["num_iterations"]):
        if model == "two_layer_model":
            A1, cache1 = app.linear_activation_forward(X, used["W1"], used["b1"], "relu")
            A2, cache2 = app.linear_activation_forward(A1, used["W2"], used["b2"], "sigmoid")
            cost = app.compute_cost(A2, Y)
            dA2 = dA_sign * -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
            dA1, dW2, db2 = app.linear_activation_backward(dA2, cache2, "sigmoid")
            _, dW1, db1 = app.linear_activation_backward(dA1, cache1, "relu")
            grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        else:
            AL, caches = app.L_model_forward(X, used)
            cost = app.compute_cost(AL, Y)
            grads = app.L_model_backward(AL, Y, caches)
        updated = app.update_parameters(parameters, grads, learning_rate)
        if assign:
            parameters = updated
        if not stale:
            used = parameters
        if i % every == 0:
            costs.append(cost)
    return parameters, costs


def model_mistakes(model):
    def wrong(**switches):
        return lambda args, kwargs: train(model, args, kwargs, **switches)

    found = {
        "the cost was recorded at every iteration; record it when i % 100 == 0 only": wrong(every=1),
        "the result of update_parameters is not kept: parameters = update_parameters(parameters, grads, "
        "learning_rate), or the model never learns": wrong(assign=False),
        f"the learning rate is fixed at {CAT_RATE:g}: pass the argument learning_rate to update_parameters":
            wrong(rate=CAT_RATE),
    }
    if model == "two_layer_model":
        found.update({
            "W1, b1, W2, b2 are not read again from parameters after the update (given code inside the loop): "
            "the forward pass keeps using the initial weights": wrong(stale=True),
            "dA2 has the wrong sign: dA2 = -(Y / A2 - (1 - Y) / (1 - A2)) (given code); with the sign flipped, "
            "gradient descent climbs the cost": wrong(dA_sign=-1.0),
        })
    return found


def cat_accuracy(model, dims):
    reference_train, reference_test = REFERENCE_ACCURACY[model]
    train_min, test_min = reference_train - TRAIN_MARGIN, reference_test - TEST_MARGIN

    def rule(found, ctx):
        train_x, train_y, test_x, test_y = data.cat()
        keys = list(layer_shapes(dims))
        try:
            parameters = {k: np.asarray(found[0][k], dtype=np.float64) for k in keys}
            with np.errstate(all="ignore"):
                # The course's predict, without its print: label 1 where the output is above 0.5.
                train = app.accuracy((app.L_model_forward(train_x, parameters)[0] > 0.5).astype(float), train_y)
                test = app.accuracy((app.L_model_forward(test_x, parameters)[0] > 0.5).astype(float), test_y)
        except (KeyError, IndexError, TypeError, ValueError):
            shown = found[0] if isinstance(found, (tuple, list)) and found else found
            raise Mismatch(f"{model} should return (parameters, costs) with parameters a dict of "
                           f"{', '.join(keys)} that predict can use, found {describe_type(shown)}") from None
        if not (train >= train_min - 1e-12 and test >= test_min - 1e-12):
            raise Mismatch(
                f"on the cat pictures your model's predictions are right on {train:.4f} of the training set and "
                f"{test:.4f} of the test set; it needs at least {train_min:.4f} and {test_min:.4f} (the reference "
                f"reaches {reference_train:.4f} and {reference_test:.4f}, minus a margin of {TRAIN_MARGIN:g} on "
                f"the training set and {TEST_MARGIN:g} on the test set)")

    return rule


# Pictures (an HTML report, the notebook): each training's costs over the reference's; the test pictures missed.
COSTS = cost_curve(lambda output: output[1])


def test_labels(found, ctx):
    """The learner's model's labels of the cat test pictures, as the course's predict makes them."""
    _, _, test_x, _ = data.cat()
    with np.errstate(all="ignore"):
        return app.L_model_forward(test_x, {k: np.asarray(v, dtype=np.float64) for k, v in found[0].items()})[0] > 0.5


MISSED = mislabeled(test_labels, lambda: data.cat()[3])


def model_checks(model, dims, second_rate):
    graded = Graded(model, parts=costs_and_parameters, mistakes=model_mistakes(model))
    layers = "2 layers" if model == "two_layer_model" else f"{len(dims) - 1} layers"
    small = [
        graded.case(public(model, 0.0075, 2), "course public test (learning rate 0.0075, 2 iterations)"),
        graded.case(public(model, second_rate, 3),
                    f"course public test (learning rate {second_rate:g}, 3 iterations)"),
        graded.case(recording(model), "250 iterations on the small example (costs at 0, 100, 200)", points=0.5,
                    pictures=(COSTS,)),
    ]
    # No mistakes= on the cat pictures: naming one costs a training run each, and the small checks above name them.
    early = graded.case(cat(dims, EARLY_ITERATIONS), f"cat pictures, {layers} {dims}, first {EARLY_ITERATIONS} "
                        f"iterations", long=True, needs_data=True, timeout=60, cache_reference=True, mistakes=(),
                        pictures=(COSTS,))
    full = graded.call(cat(dims, FULL_ITERATIONS), long=True, needs_data=True, timeout=300, after=[*small, early])
    return small + [
        early,
        full.case(f"cat pictures, {FULL_ITERATIONS} iterations, costs and parameters as the reference's", tol=FULL_RUN,
                  cache_reference=True, points=1.5, mistakes=(), pictures=(COSTS,)),
        full.rule(cat_accuracy(model, dims), f"cat pictures, {FULL_ITERATIONS} iterations, train and test accuracy",
                  points=2.0, kind="accuracy", pictures=(MISSED,)),
    ]


CHECKS = model_checks("two_layer_model", TWO_LAYER_DIMS, 0.1) + model_checks("L_layer_model", L_LAYER_DIMS, 0.02)


def parameters_only(found, ctx):
    """The models before 2021 return the parameters only (their costs are plotted, not returned): the
    costs are not part of that contract, and are read as the reference's."""
    return (found, ctx.reference()[1]) if isinstance(found, dict) else found


RETURNS_PARAMETERS = Differs("returns parameters only, not (parameters, costs); plots the costs inside the function "
                             "(plt.plot, plt.show: matplotlib.pyplot does nothing when graded)", accept=parameters_only)
# The notebooks before 2021 (grader.assignments.course_versions): same inputs and reference outputs.
VERSIONS = [
    Version("v8", "v3 to v8 (2017-2020)", {"two_layer_model": RETURNS_PARAMETERS, "L_layer_model": RETURNS_PARAMETERS},
            file_names=("v3", "v4", "v5", "v6", "v7", "v8"), imports=("dnn_app_utils_v2",),
            signatures={"two_layer_model": returns_one_name, "L_layer_model": returns_one_name}),
]

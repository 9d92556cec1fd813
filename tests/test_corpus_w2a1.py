"""Submission corpus of W2A1 (Python basics with NumPy): classic mistakes and correct rewrites.

Every ``Bug`` must fail a check of its own function only, with the diagnosis in ``message``;
every ``Variant`` (correct code written differently) must get full marks.
"""

import pytest

from corpus import Bug, Variant, assert_blames_only, assert_full_marks, grade_variant, not_passed

SOLUTION = "w2a1_numpy_basics.py"

BUGS = [
    # basic_sigmoid
    Bug("basic_sigmoid", "basic_sigmoid-np-exp",
        (("s = 1 / (1 + math.exp(-x))", "s = 1 / (1 + np.exp(-x))"),),
        "np.exp returns a numpy type"),
    Bug("basic_sigmoid", "basic_sigmoid-sign",
        (("s = 1 / (1 + math.exp(-x))", "s = 1 / (1 + math.exp(x))"),),
        "the minus sign in exp(-x) is missing"),
    Bug("basic_sigmoid", "basic_sigmoid-minus-one",
        (("s = 1 / (1 + math.exp(-x))", "s = 1 / (1 - math.exp(-x))"),)),
    # sigmoid
    Bug("sigmoid", "sigmoid-sign",
        (("s = 1 / (1 + np.exp(-x))\n    # END SOLUTION", "s = 1 / (1 + np.exp(x))\n    # END SOLUTION"),),
        "the minus sign in exp(-x) is missing"),
    Bug("sigmoid", "sigmoid-no-reciprocal",
        (("s = 1 / (1 + np.exp(-x))\n    # END SOLUTION", "s = 1 + np.exp(-x)\n    # END SOLUTION"),)),
    # sigmoid_derivative
    Bug("sigmoid_derivative", "sigmoid_derivative-s-times-1-plus-s",
        (("ds = s * (1 - s)", "ds = s * (1 + s)"),),
        "s * (1 + s)"),
    Bug("sigmoid_derivative", "sigmoid_derivative-returns-s",
        (("ds = s * (1 - s)", "ds = s"),),
        "the sigmoid itself"),
    Bug("sigmoid_derivative", "sigmoid_derivative-of-x",
        (("ds = s * (1 - s)", "ds = x * (1 - x)"),),
        "x * (1 - x)"),
    # image2vector
    Bug("image2vector", "image2vector-row",
        (("v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)", "v = image.reshape(1, -1)"),),
        "it is transposed"),
    Bug("image2vector", "image2vector-2d",
        (("v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)",
          "v = image.reshape(image.shape[0], image.shape[1] * image.shape[2])"),),
        "reshape to (18, 1)"),
    Bug("image2vector", "image2vector-fortran-order",
        (("v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)",
          "v = image.T.reshape(-1, 1)"),),
        "row-major"),
    Bug("image2vector", "image2vector-flat",
        (("v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)", "v = image.flatten()"),),
        "reshape to (18, 1)"),
    # normalize_rows
    Bug("normalize_rows", "normalize_rows-axis0",
        (("ord=2, axis=1, keepdims=True)", "ord=2, axis=0, keepdims=True)"),),
        "axis=0"),
    Bug("normalize_rows", "normalize_rows-no-keepdims",
        (("ord=2, axis=1, keepdims=True)", "ord=2, axis=1)"),),
        "keepdims"),
    Bug("normalize_rows", "normalize_rows-in-place",
        (("x = x / x_norm", "x /= x_norm"),),
        "changed its argument x"),
    Bug("normalize_rows", "normalize_rows-no-sqrt",
        (("x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)",
          "x_norm = np.sum(x ** 2, axis=1, keepdims=True)"),),
        "square root"),
    # softmax
    Bug("softmax", "softmax-axis0",
        (("x_sum = np.sum(x_exp, axis=1, keepdims=True)", "x_sum = np.sum(x_exp, axis=0, keepdims=True)"),),
        "axis=0"),
    Bug("softmax", "softmax-no-keepdims",
        (("x_sum = np.sum(x_exp, axis=1, keepdims=True)", "x_sum = np.sum(x_exp, axis=1)"),),
        "keepdims"),
    Bug("softmax", "softmax-sum-all",
        (("x_sum = np.sum(x_exp, axis=1, keepdims=True)", "x_sum = np.sum(x_exp)"),),
        "all the entries"),
    Bug("softmax", "softmax-no-exp",
        (("s = x_exp / x_sum", "s = x / np.sum(x, axis=1, keepdims=True)"),)),
    # L1
    Bug("L1", "L1-no-abs",
        (("loss = np.sum(np.abs(y - yhat))", "loss = np.sum(y - yhat)"),),
        "absolute value"),
    Bug("L1", "L1-mean",
        (("loss = np.sum(np.abs(y - yhat))", "loss = np.mean(np.abs(y - yhat))"),),
        "np.mean"),
    Bug("L1", "L1-not-summed",
        (("loss = np.sum(np.abs(y - yhat))", "loss = np.abs(y - yhat)"),),
        "not summed"),
    # L2
    Bug("L2", "L2-abs",
        (("loss = np.dot(y - yhat, y - yhat)", "loss = np.sum(np.abs(y - yhat))"),),
        "the L1 loss"),
    Bug("L2", "L2-no-square",
        (("loss = np.dot(y - yhat, y - yhat)", "loss = np.sum(y - yhat)"),),
        "square"),
    Bug("L2", "L2-sqrt",
        (("loss = np.dot(y - yhat, y - yhat)", "loss = np.sqrt(np.dot(y - yhat, y - yhat))"),),
        "square root"),
    Bug("L2", "L2-outer",
        (("loss = np.dot(y - yhat, y - yhat)", "loss = np.outer(y - yhat, y - yhat)"),)),
]

VARIANTS = [
    Variant("basic_sigmoid-exp-over-1-plus-exp",
            (("s = 1 / (1 + math.exp(-x))", "s = math.exp(x) / (1 + math.exp(x))"),)),
    Variant("basic_sigmoid-float-of-np",
            (("s = 1 / (1 + math.exp(-x))", "s = float(1 / (1 + np.exp(-x)))"),)),
    Variant("sigmoid-exp-over-1-plus-exp",
            (("s = 1 / (1 + np.exp(-x))\n    # END SOLUTION", "s = np.exp(x) / (1 + np.exp(x))\n    # END SOLUTION"),)),
    Variant("sigmoid-np-divide",
            (("s = 1 / (1 + np.exp(-x))\n    # END SOLUTION",
              "s = np.divide(1, np.add(1, np.exp(np.negative(x))))\n    # END SOLUTION"),)),
    Variant("sigmoid_derivative-calls-sigmoid",
            (("s = 1 / (1 + np.exp(-x))\n    ds = s * (1 - s)", "s = sigmoid(x)\n    ds = s * (1 - s)"),)),
    Variant("sigmoid_derivative-s-minus-s-squared",
            (("ds = s * (1 - s)", "ds = s - s ** 2"),)),
    Variant("image2vector-minus-one",
            (("v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)", "v = image.reshape(-1, 1)"),)),
    Variant("image2vector-size-tuple",
            (("v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)",
              "v = np.reshape(image, (image.size, 1))"),)),
    Variant("image2vector-ravel-newaxis",
            (("v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)",
              "v = image.ravel()[:, np.newaxis]"),)),
    Variant("normalize_rows-sqrt-sum",
            (("x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)",
              "x_norm = np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))"),)),
    Variant("normalize_rows-np-divide",
            (("x = x / x_norm", "x = np.divide(x, x_norm)"),)),
    Variant("normalize_rows-reshape-norm",
            (("x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)",
              "x_norm = np.linalg.norm(x, axis=1).reshape(x.shape[0], 1)"),)),
    Variant("normalize_rows-copy-then-in-place",
            (("x = x / x_norm", "x = x.copy()\n    x /= x_norm"),)),
    Variant("softmax-reshape-sum",
            (("x_sum = np.sum(x_exp, axis=1, keepdims=True)", "x_sum = x_exp.sum(axis=1).reshape(-1, 1)"),)),
    Variant("softmax-stable-shift",
            (("x_exp = np.exp(x)  # (m, n)", "x_exp = np.exp(x - np.max(x, axis=1, keepdims=True))"),)),
    Variant("softmax-np-divide",
            (("s = x_exp / x_sum", "s = np.divide(x_exp, x_sum)"),)),
    Variant("L1-builtin-abs-float",
            (("loss = np.sum(np.abs(y - yhat))", "loss = float(sum(abs(yhat - y)))"),)),
    Variant("L2-sum-of-squares",
            (("loss = np.dot(y - yhat, y - yhat)", "loss = np.sum((y - yhat) ** 2)"),)),
    Variant("L2-matmul",
            (("loss = np.dot(y - yhat, y - yhat)", "loss = (yhat - y) @ (yhat - y)"),)),
    Variant("L2-norm-squared",
            (("loss = np.dot(y - yhat, y - yhat)", "loss = np.linalg.norm(y - yhat) ** 2"),)),
]


@pytest.mark.parametrize("bug", BUGS, ids=[b.id for b in BUGS])
def test_bug_is_caught(tmp_path, bug):
    assert_blames_only(grade_variant(tmp_path, SOLUTION, bug.replacements, "w2a1"), bug)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_variant_gets_full_marks(tmp_path, variant):
    assert_full_marks(grade_variant(tmp_path, SOLUTION, variant.replacements, "w2a1"))


def test_hard_coded_image_size_fails_on_other_sizes(tmp_path):
    """Sizes copied from the course example pass it, and raise on any other image size.

    Any reshape to (18, 1) that does not raise is correct, so this mistake can only show as an
    error (numpy's "cannot reshape"), never as a wrong value: it must cost the checks on the
    other image, and blame image2vector alone.
    """
    report = grade_variant(tmp_path, SOLUTION, (
        ("v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)", "v = image.reshape(3 * 3 * 2, 1)"),
    ), "w2a1")
    bad = not_passed(report)
    assert {r.check.function for r in bad} == {"image2vector"}
    assert bad and all(r.outcome == "error" and "cannot reshape" in r.output for r in bad), \
        [(r.check.name, r.outcome, r.output[:200]) for r in bad]
    passed = [r.check.name for r in report.results if r.check.function == "image2vector" and r.outcome == "passed"]
    assert passed == ["image2vector: course example (3, 3, 2)"]

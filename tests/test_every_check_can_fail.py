"""Every declared check passes the reference's own output and fails a broken one.

The corpora (test_corpus_*.py) show realistic bugs caught end to end; this test goes through the
declarations themselves, so that no check can be added that passes anything (a check that
cannot fail) or that crashes on a learner's odd output instead of explaining it.
"""


import numpy as np
import pytest

from grader.course import builtin as builtin_course
from grader.checking.model import Context
from grader.checking.compare import Mismatch
from grader.checking.refcache import ReferenceCache

CHECKS = [(a, c) for a in builtin_course().ids for c in builtin_course().assignment(a).checks]


def broken(value, how):
    """A wrong answer made from a right one."""
    if how == "none":
        return None
    if isinstance(value, dict):
        return {k: broken(v, how) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(broken(v, how) for v in value)
    if isinstance(value, (str, type(None))):
        return value
    array = np.asarray(value, dtype=float)
    if how == "shifted":
        return array + 0.123
    if how == "zeros":
        return array * 0.0
    if how == "tiled":  # every number three times along a new axis: a scalar becomes three numbers
        return np.repeat(array[..., None], 3, axis=-1)
    return array[..., None]  # "extra axis"


WAYS = ["shifted", "zeros", "extra axis", "tiled", "none"]


def context(assignment_id, check):
    """A Context whose reference output is the one grading uses (cached for training checks)."""
    spec = builtin_course().assignment(assignment_id)
    reference = getattr(spec.solution, check.function)
    source = check
    if check.call_key and not check.cache_reference:  # a verdict sharing a training run
        source = next((c for c in spec.checks if c.call_key == check.call_key and c.cache_reference), check)
    args, kwargs = source.inputs()
    ctx = Context(source, reference, args, kwargs, reference_cache=ReferenceCache(), assignment_id=assignment_id)
    return ctx, ctx.reference()


@pytest.mark.parametrize("assignment_id, check", CHECKS, ids=[f"{a}: {c.name}" for a, c in CHECKS])
def test_check_passes_the_reference_and_fails_a_broken_output(assignment_id, check, cat_data):
    ctx, expected = context(assignment_id, check)
    ctx.check = check
    mutated_inputs = check.return_args
    if mutated_inputs:  # the check looks at the arguments after the call
        ctx.args_after = ctx.args
    check.verify(expected, ctx)  # the reference passes

    failures = []
    for how in WAYS:
        if mutated_inputs:
            ctx.args_after = broken(ctx.args, how)
            found = expected
        else:
            found = broken(expected, how)
        try:
            check.verify(found, ctx)
        except Mismatch as e:
            assert str(e), "a failure must say what is wrong"
            failures.append(how)
    assert failures, f"{check.name}: no broken output fails it"

"""The check kit: the assignments declare the same checks as version 1 (names, points, inputs, what
the engine reads), and the kit's own pieces (a shared call, validate_checks) do what they say.

``fixtures/checks_v1.tsv`` lists every check of version 1; ``fixtures/checks_v1_inputs.tsv`` is a
fingerprint of each, dumped from version 1 before the kit: a digest of its inputs (arrays by dtype,
shape and bytes; dicts by sorted keys; tuples and lists item by item), its seed, calls, timeout,
prerequisites, the checks it shares a call with, and its tolerance.
"""

import hashlib
from pathlib import Path

import numpy as np
import pytest

from grader.checking import validate_checks
from grader.checking.compare import Mismatch, Tolerance
from grader.checking.fixtures import described, given
from grader.checking.kit import Graded
from grader.checking.model import Context
from grader.course import builtin as builtin_course

FIXTURES = Path(__file__).parent / "fixtures"
LIVE = [(a, c) for a in builtin_course().ids for c in builtin_course().assignment(a).checks]


def table(name):
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def test_every_check_of_version_1_is_declared_in_order():
    live = [[a, c.function, f"{c.points:g}", c.name] for a, c in LIVE]
    for line, (now, was) in enumerate(zip(live, table("checks_v1.tsv")), start=2):
        assert now == was, f"checks_v1.tsv line {line}"
    assert len(live) == len(table("checks_v1.tsv")) == 131


def _feed(value, h):
    if isinstance(value, np.ndarray):
        array = np.ascontiguousarray(value)
        h.update(f"ndarray {array.dtype} {array.shape}|".encode())
        h.update(array.tobytes())
    elif isinstance(value, dict):
        h.update(f"dict {len(value)}|".encode())
        for key in sorted(value, key=repr):
            _feed(key, h)
            _feed(value[key], h)
    elif isinstance(value, (tuple, list)):
        h.update(f"{type(value).__name__} {len(value)}|".encode())
        for item in value:
            _feed(item, h)
    else:
        h.update(f"{type(value).__name__} {value!r}|".encode())


def digest(value):
    h = hashlib.sha256()
    _feed(value, h)
    return h.hexdigest()


def fingerprint(assignment_id, check, checks):
    args, kwargs = check.inputs()
    shares = next((c.name for c in checks if check.call_key and c.call_key == check.call_key), "")
    tolerance = check.tolerance
    tolerance = f"threshold={tolerance:g}" if isinstance(tolerance, float) else str(tolerance or "")
    return [assignment_id, check.name, digest((tuple(args), dict(kwargs))), repr(check.seed),
            repr(tuple(check.calls)), repr(tuple(check.rng_calls)), repr(float(check.timeout)), repr(check.long),
            repr(tuple(check.after)), check.kind, repr(check.needs_data), repr(check.cache_reference),
            repr(check.return_args), shares, tolerance]


@pytest.mark.parametrize("assignment_id", builtin_course().ids)
def test_every_check_has_the_inputs_and_settings_of_version_1(assignment_id, cat_data):
    columns, *rows = table("checks_v1_inputs.tsv")
    checks = builtin_course().assignment(assignment_id).checks
    was = [row for row in rows if row[0] == assignment_id]
    assert [row[1] for row in was] == [c.name for c in checks]
    for row, check in zip(was, checks):
        now = fingerprint(assignment_id, check, checks)
        differs = [f"{c}: {n!r} (version 1: {w!r})" for c, n, w in zip(columns, now, row) if n != w]
        assert not differs, f"{check.name}: " + "; ".join(differs)


def test_the_assignments_pass_validate_checks():
    for assignment_id in builtin_course().ids:
        assert validate_checks(builtin_course().assignment(assignment_id).checks) == []


# ---------------------------------------------------------------- the kit's own pieces


@described(lambda seed, n, m: f"X ({n}, {m})")
def draws(seed, n, m):
    return (np.random.RandomState(seed).randn(n, m),), {}


def test_a_case_is_named_from_its_inputs():
    f = Graded("f")
    assert f.case(draws(1, 2, 3)).name == "f: X (2, 3)"
    assert f.case(draws(1, 2, 3), "course example, {}").name == "f: course example, X (2, 3)"
    assert f.case(given(1), "one").name == "f: one"


def test_m_is_read_from_the_argument_it_names():
    def reference(A, Y):
        return float(np.sum(A * Y))

    check = Graded("cost", m="Y").case(given(np.ones((1, 4)), np.ones((1, 4))), "four examples")
    args, kwargs = check.inputs()
    ctx = Context(check, reference, args, kwargs)
    with pytest.raises(Mismatch, match="m = 4 times the expected value"):
        check.verify(16.0, ctx)


def test_one_call_gives_checks_that_agree():
    model = Graded("model", calls=("helper",), seed=0)
    early = model.case(given(1), "early")
    run = model.call(given(2), timeout=300, long=True, after=[early])
    same = run.case("close to the reference", tol=Tolerance(1e-2, 1e-3), cache_reference=True)
    accuracy = run.rule(lambda found, ctx: None, "accuracy", points=2.0, kind="accuracy")
    assert same.call_key == accuracy.call_key == "model: close to the reference"
    for attribute in ("inputs", "seed", "calls", "timeout", "after", "long"):
        assert getattr(same, attribute) == getattr(accuracy, attribute)
    assert same.after == ("model: early",) and same.timeout == 300 and same.seed == 0
    assert validate_checks([early, same, accuracy]) == []
    with pytest.raises(TypeError, match="timeout: set once for the whole call"):
        run.rule(lambda found, ctx: None, "too slow", timeout=10)


def test_validate_checks_names_each_problem_in_one_line():
    f = Graded("f")
    first = f.case(given(1), "first")
    shared = f.call(given(2), timeout=60)
    a, b = shared.case("a"), shared.rule(lambda found, ctx: None, "b")
    stray = Graded("f", timeout=10).case(a.inputs, "stray", call_key=a.call_key)
    late = f.case(given(3), "late", after=[Graded("f").case(given(4), "never declared")])
    problems = validate_checks([first, a, b, stray, f.case(given(5), "first"), late])
    assert problems == [
        "check 'f: stray' shares the call 'f: a' with 'f: a' but its timeout differs (10 vs 60): declare them with "
        "one Graded.call",
        "two checks are named 'f: first': check names must differ",
        "check 'f: late' runs after 'f: never declared', which is not a check declared before it",
    ]
    assert all("\n" not in problem for problem in problems)

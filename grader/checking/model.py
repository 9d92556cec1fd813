"""Checks are small frozen declarations; results are separate; scores are derived, never stored.

The kinds of check (assignment modules declare them with the kit, ``grader.checking.kit``):

- ``same_as_reference``: the learner's function and the reference run on the same seeded inputs;
  outputs compared with diagnosis (``grader.checking.compare``), known mistakes named.
- ``gradient``: the learner's gradients against centred differences of the reference's cost
  (``grader.checking.gradcheck``).
- ``holds``: a rule on the output where exact values are not the point (shapes, statistics, types);
  ``unchanged_inputs``: the arguments are as they were after the call.
- an accuracy: a ``holds`` rule on a trained model, a threshold derived from the reference with a stated margin.

A check names the graded functions it replaces by the reference while it runs (``calls``), so that
one bug fails one function: grading ``L_model_forward`` uses the reference ``linear_activation_forward``.
"""

import contextlib
import copy
import inspect
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from grader.checking import answers
from grader.checking.compare import DEFAULT, Mismatch, Tolerance, compare, describe_type
from grader.errors import NoAnswer
from grader.randomness import RANDOM_STATE, draws_random

# passed: the check held. failed: the code ran and its output was wrong. The others: it could not be
# judged: error (the code raised), crashed (the learner's process died or the submission could not
# be loaded), timeout, not_implemented (a stub), missing (not defined), not_run (the grader could not
# run it here: the data it needs is missing; its points stay in the maximum).
OUTCOMES = ("passed", "failed", "error", "crashed", "timeout", "not_implemented", "missing", "not_run")


@dataclass(frozen=True)
class Check:
    name: str  # unique within the assignment, shown to the learner
    function: str  # the graded function under test
    kind: str  # reference, gradient, property, accuracy
    points: float
    inputs: Callable  # () -> (args tuple, kwargs dict), built in the grader from fixed seeds
    verify: Callable  # (found, Context) -> None, raises Mismatch
    seed: int | None = None  # np.random.seed(seed) right before the call (learner and reference)
    calls: tuple = ()  # graded functions replaced by the reference during the call
    rng_calls: tuple = ()  # those of ``calls`` that draw from the global random generator
    timeout: float = 10.0
    long: bool = False  # a training run: gets its own process and runs in parallel
    after: tuple = ()  # names of checks that must pass first (else this one is not run)
    return_args: bool = False  # the learner's process sends its arguments back after the call
    cache_reference: bool = False  # keep the reference's output on disk between gradings
    needs_data: bool = False  # uses the cat dataset (checked before grading starts)
    call_key: str | None = None  # checks with the same key share one learner call (same inputs)
    tolerance: object = None  # a Tolerance (reference), the relative-error threshold (gradient), else None
    may_change: tuple = ()  # arguments (the reference's names) the version's contract lets the function change
    consequence: object = ""  # what an argument changed in place does next: a text, or {argument: text}
    mistakes: tuple = ()  # ((description, wrong(args, kwargs)), ...): the known mistakes a failure is compared with
    rule_calls: tuple = ()  # graded functions its verdict runs on the output (``Context.call``)
    # Pictures of its call (an HTML report, the notebook): ``(found, ctx) -> dict`` each (``grader.checking.pictures``).
    pictures: tuple = ()
    trace: str = ""  # a graded function whose every return value the call records (W3A1's costs): ``Context.trace``
    # ((text, words), ...): an error whose message or traceback holds ``text`` gets ``words`` after it (a version's
    # given code that cannot take this check's inputs: grader.assignments.course_versions, ``Differs.errors``)
    error_words: tuple = ()


@dataclass
class Context:
    """What a check's ``verify`` may look at besides the learner's output."""

    check: Check
    reference_function: Callable
    args: tuple
    kwargs: dict
    args_after: object = None
    _reference: object = field(default=None, repr=False)
    _have_reference: bool = False
    reference_cache: object = None
    assignment_id: str = ""
    own: dict = field(default_factory=dict)  # name -> (args, kwargs) -> the learner's own function's output
    trace: object = None  # the return values of ``check.trace`` during the learner's call, in order
    figures: list = field(default_factory=list)  # what a verdict found worth a picture (plain data, see Result)

    def call(self, reference, *args, **kwargs):
        """``reference`` (a function of the solutions) on these arguments, for a verdict that runs it on the
        learner's output. In the learner edition, where no answer to these arguments is recorded, the
        learner's own function of that name answers if it passed its own checks (``Check.rule_calls``);
        else ``NoAnswer``, and the check is not run."""
        name = reference.__name__
        try:
            return reference(*args, **kwargs)
        except NoAnswer:
            if name not in self.own:
                raise NoAnswer(f"its verdict runs {name} on your output, this edition has no answer of the reference's "
                               f"{name} for it, and your own {name} stands in only once it and what it calls pass "
                               f"their own checks: write or fix {name} (check it), then check this again") from None
            return self.own[name](args, kwargs)

    def reference(self):
        """The reference's output on the same inputs and seed (computed once, on copies)."""
        if not self._have_reference:
            compute = self._compute_reference
            if self.reference_cache is not None and self.check.cache_reference:
                self._reference = self.reference_cache.get_or_compute(self.check, self.assignment_id, compute)
            else:
                self._reference = compute()
            self._have_reference = True
        return self._reference

    def _compute_reference(self):
        args, kwargs = copy.deepcopy((self.args, self.kwargs))
        random = self.check.seed is not None or draws_random(self.reference_function)
        with RANDOM_STATE if random else contextlib.nullcontext(), np.errstate(all="ignore"):
            if random:
                # A reference that seeds itself (the W4A2 models) starts from a fixed state too, not from
                # whatever the last draw left: its recorded answer is then found again (grader.checking.answers).
                np.random.seed(self.check.seed if self.check.seed is not None else 0)
            return self.reference_function(*args, **kwargs)


def examples(m, ctx):
    """The number of examples: ``m`` itself, or the number of columns of the argument ``m`` names ("X")."""
    if not isinstance(m, str):
        return m
    return np.shape(inspect.signature(ctx.reference_function).bind(*ctx.args, **ctx.kwargs).arguments[m])[-1]


@dataclass(frozen=True)
class Result:
    check: Check
    outcome: str  # one of OUTCOMES
    output: str = ""  # the message for the learner, then what the code printed
    seconds: float = 0.0
    mistake: str | None = None  # the known mistake the check recognised in a failed output
    # Plain data (JSON) for pictures: {"kind": "arrays" | "gradient" | "curve" | ..., ...} (grader.render.html)
    figures: tuple = ()

    @property
    def score(self):
        return self.check.points if self.outcome == "passed" else 0.0


def _pick(value, select):
    """Part of an output: ``select`` is None (all), an index, a key, or a tuple of them (a path)."""
    if select is None:
        return value
    for step in select if isinstance(select, tuple) else (select,):
        value = value[step]
    return value


def _label(function, select):
    steps = () if select is None else select if isinstance(select, tuple) else (select,)
    return f"{function}(...)" + "".join(f"[{s!r}]" for s in steps)


def same_as_reference(function, name, inputs, *, points=1.0, tol=DEFAULT, parts=None, m=None, strict_types=None,
                      mistakes=(), hint=None, **options):
    """The learner's output equals the reference's on the same inputs.

    Parameters
    ----------
    parts : dict, list or callable, optional
        Which parts of the output to compare (indices or keys, see ``_pick``); all by default.
        A dict ``{"grads['dw']": (0, "dw")}`` also says how the learner knows each part; a callable
        makes that dict from the reference's output (every parameter it returns).
    m : int or str, optional
        The number of examples, or the argument whose columns they are (``"X"``): a missing 1/m is named.
    strict_types : dict, optional
        ``{part: type}`` for parts whose exact type is the course's contract.
    mistakes : dict or list of (description, function)
        Known wrong answers: ``function(args, kwargs)`` returns what a classic mistake gives, computed
        as the learner's call is (after ``np.random.seed(seed)``); a mismatching output equal to it is
        named in the message. Inputs a mistake cannot handle (it raises) match nothing.
    hint : callable, optional
        ``hint(found, ctx) -> str``: words added to a failure no known mistake explains ('' adds none).
    """
    strict, mistakes = strict_types or {}, tuple(dict(mistakes).items())

    def verify(found, ctx):
        expected = ctx.reference()
        labelled = parts(expected) if callable(parts) else parts
        if not isinstance(labelled, dict):
            labelled = {_label(function, p): p for p in labelled or [None]}
        for label, part in labelled.items():
            try:
                got = _pick(found, part)
            except (KeyError, IndexError, TypeError):
                raise Mismatch(f"{label} does not exist in what {function} returned "
                               f"({_describe_top(found)})") from None
            try:
                compare(got, _pick(expected, part), label, tol, m=examples(m, ctx), strict_type=strict.get(part))
            except Mismatch as error:
                ctx.figures.extend(arrays_figure(label, got, _pick(expected, part)))
                raise _explain(str(error), found, mistakes, ctx, tol, hint) from None

    return Check(name, function, "reference", points, inputs, verify, tolerance=tol, mistakes=mistakes, **options)


ARRAY_PICTURE = 100  # a failed comparison of at most this many entries is drawn (expected, found, difference)


def arrays_figure(label, found, expected):
    """``[figure]`` of a failed comparison small enough to look at (2 to ``ARRAY_PICTURE`` numbers, the same
    shape, at most 2 dimensions), else ``[]``."""
    try:
        f, e = np.asarray(found, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return []
    if f.shape != e.shape or not 2 <= e.size <= ARRAY_PICTURE or e.ndim > 2:
        return []
    shape = e.shape if e.ndim == 2 else (1, e.size)
    return [{"kind": "arrays", "label": label, "expected": e.reshape(shape).tolist(),
             "found": f.reshape(shape).tolist()}]


def _describe_top(found):
    if isinstance(found, (tuple, list)):
        return f"a {type(found).__name__} of {len(found)}"
    if isinstance(found, dict):
        return f"a dict with keys {sorted(map(str, found))}"
    return describe_type(found)


def _explain(message, found, mistakes, ctx, tol, hint):
    """The Mismatch to raise: naming the known mistake ``found`` equals, else with the hint's words."""
    recorded = inspect.unwrap(ctx.reference_function)
    for description, wrong in mistakes:
        args, kwargs = copy.deepcopy((ctx.args, ctx.kwargs))
        try:
            if answers.is_replayed(recorded):  # the learner edition: the mistake's output, recorded
                wrong_output = recorded.mistake(description, args, kwargs, ctx.check.seed)
            else:
                with RANDOM_STATE, np.errstate(all="ignore"):  # mistakes replay the seeded call
                    if ctx.check.seed is not None:
                        np.random.seed(ctx.check.seed)
                    wrong_output = wrong(args, kwargs)
        except Exception:  # noqa: BLE001 - the mistake does not apply to these inputs (or was not recorded)
            continue
        try:
            compare(found, wrong_output, "", Tolerance(max(tol.rtol, 1e-6), max(tol.atol, 1e-8)))
        except Mismatch:
            continue
        return Mismatch(f"{message.rstrip('.')}. It matches a known mistake: {description}", mistake=description)
    try:
        extra = hint(found, ctx) if hint else ""
    except Exception:  # noqa: BLE001 - a hint must never turn a failure into a crash
        extra = ""
    return Mismatch(f"{message}. {extra}" if extra else message)


def holds(function, name, inputs, rule, *, points=1.0, kind="property", **options):
    """A rule on the output: ``rule(found, ctx)`` raises ``Mismatch`` when it does not hold.

    A rule reads the output as the course's function returns it; an output of another structure
    (None, a number for a tuple, a missing key) fails with a message saying what came back.
    """

    def verify(found, ctx):
        try:
            rule(found, ctx)
        except (TypeError, KeyError, IndexError, ValueError, AttributeError) as e:
            raise Mismatch(f"{function} returned {_describe_top(found)}, which this check cannot read "
                           f"({type(e).__name__}: {e}); it expects what the course's {function} returns") from None

    return Check(name, function, kind, points, inputs, verify, **options)


def unchanged_inputs(function, name, inputs, *, points=0.5, arg_names, **options):
    """The function leaves its arguments as they were (the course's tests call it repeatedly)."""

    def rule(found, ctx):
        for arg_name, before, after in zip(arg_names, ctx.args, ctx.args_after or ()):
            try:
                compare(after, before, arg_name, Tolerance(0, 0), against="its value before the call")
            except Mismatch as e:
                raise Mismatch(f"{function} changed its argument {arg_name}: {e}. Work on a copy "
                               f"(copy.deepcopy) instead of updating the argument in place") from None

    return Check(name, function, "property", points, inputs, rule, return_args=True, **options)

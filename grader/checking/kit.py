"""The check kit: an assignment module declares, per graded function, a row (``Graded``: what is
compared, the tolerance, the known mistakes, the options its checks share) and its cases.

    linear_forward = Graded("linear_forward", parts={"Z": 0, "cache": 1}, mistakes={"b was left out": ...})
    linear_forward.case(linear_case(1, 3, 1, 2), "course example, {}")
    linear_forward.case(linear_case(11, 5, 4, 7))

are the checks "linear_forward: course example, A (3, 2), W (1, 3)" and "linear_forward: A (5, 7), W (4, 5)".
A check's name is the function's, a colon, and the case's text; ``{}`` in the text (or no text)
stands for what the inputs say of themselves (``Inputs.text``, see ``grader.checking.fixtures.described``).

One learner call judged several ways (a training run: its parameters, then its accuracy) is declared
once with ``Graded.call``: its checks share the call, its seed, timeout, ``after``... by construction.
``after`` lists checks, not their names. ``validate_checks`` finds what a list of checks gets wrong.
"""

from grader.checking.gradcheck import gradient
from grader.errors import NoAnswer
from grader.checking.model import Check, holds, same_as_reference, unchanged_inputs

COMPARING = ("parts", "m", "tol", "strict_types", "mistakes", "hint")  # options of a comparison with the reference
GRADIENT = ("params", "objective", "grads", "labels", "per_example", "threshold", "h")  # of a gradient check
SHARED = ("function", "inputs", "seed", "calls", "rng_calls", "timeout", "after", "long", "trace",
          "may_change")  # agree within one call


def mistake_only(function):
    """Mark ``function`` as one that only computes known mistakes' outputs (often the correct computation
    with one change). The learner edition has those outputs recorded (``grader.checking.answers``), and
    ``grade release`` ships the function without its body (``recorded_mistake`` in its place)."""
    return function


def recorded_mistake(args, kwargs):
    """What a ``mistake_only`` function gives in the learner edition: never called there (the engine reads
    the mistake's recorded output), and an error if it were."""
    raise NoAnswer("the learner edition holds this known mistake's recorded outputs, not its code")


def _after(checks):
    """``after=`` lists checks; a Check keeps their names."""
    if any(not isinstance(c, Check) for c in checks):
        raise TypeError("after= lists checks (made by the kit), not names")
    return tuple(c.name for c in checks)


class Graded:
    """A graded function's row: how its output is compared and the options shared by its checks.

    ``COMPARING`` options are those of ``same_as_reference`` (they apply to ``case``; ``m`` to
    ``gradient`` too), ``GRADIENT`` options those of ``gradcheck.gradient``; the others (``seed``,
    ``calls``, ``rng_calls``, ``timeout``, ``long``, ``needs_data``...) go to every check. A check may
    override any of them.

    Every check fails when the call changes an argument in place, unless ``may_change`` names it
    (the reference's parameter names: what the version's contract lets the function change);
    ``consequence`` says what such a change does next, in the learner's words ("your optimize will
    train on {now}"): a text, or ``{argument: text}`` (``grader.isolate.effects.message``).
    """

    def __init__(self, function, **options):
        self.function, self.options = function, options

    def name(self, text, inputs):
        said = getattr(inputs, "text", "")
        return f"{self.function}: {said if text is None else text.replace('{}', said)}"

    def _options(self, overrides, *dropped):
        options = {**self.options, **overrides}
        if "after" in options:
            options["after"] = _after(options["after"])
        return {k: v for k, v in options.items() if not any(k in names for names in dropped)}

    def case(self, inputs, text=None, *, points=1.0, **options):
        """The learner's output equals the reference's on ``inputs``."""
        return same_as_reference(self.function, self.name(text, inputs), inputs, points=points,
                                 **self._options(options, GRADIENT))

    def rule(self, rule, inputs, text=None, *, points=1.0, kind="property", **options):
        """``rule(found, ctx)`` holds (it raises Mismatch when not)."""
        return holds(self.function, self.name(text, inputs), rule=rule, inputs=inputs, points=points, kind=kind,
                     **self._options(options, COMPARING, GRADIENT))

    def unchanged(self, inputs, text, arg_names, *, points=0.5, **options):
        """The call leaves its arguments (named ``arg_names``) as they were."""
        return unchanged_inputs(self.function, self.name(text, inputs), inputs, points=points, arg_names=arg_names,
                                **self._options(options, COMPARING, GRADIENT))

    def gradient(self, inputs, text, *, points=1.0, **options):
        """The learner's gradients match centred differences of the reference's cost (``grader.checking.gradcheck``)."""
        m = options.pop("m", self.options.get("m"))
        return gradient(self.function, self.name(text, inputs), inputs, points=points, m=m,
                        **self._options(options, COMPARING))

    def call(self, inputs, **shared):
        """One learner call on ``inputs`` judged by several checks (``Call.case``, ``Call.rule``)."""
        return Call(self, inputs, shared)


class Call:
    """The checks of one learner call: one call_key (its first check's name), inputs, seed, calls, timeout, after."""

    def __init__(self, graded, inputs, shared):
        self.graded, self.inputs, self.shared, self.key = graded, inputs, shared, None

    def _options(self, text, options):
        clash = set(options) & set(SHARED + tuple(self.shared))
        if clash:
            raise TypeError(f"{', '.join(sorted(clash))}: set once for the whole call, in Graded.call")
        self.key = self.key or self.graded.name(text, self.inputs)
        return {**self.shared, **options, "call_key": self.key}

    def case(self, text, **options):
        return self.graded.case(self.inputs, text, **self._options(text, options))

    def rule(self, rule, text, **options):
        return self.graded.rule(rule, self.inputs, text, **self._options(text, options))


def validate_checks(checks):
    """What is wrong with a list of checks, one line each (an empty list: nothing).

    Names are unique; checks sharing a ``call_key`` agree on what makes the call (``SHARED``);
    ``after`` names checks declared earlier.
    """
    problems, seen, first_of_call = [], set(), {}
    for check in checks:
        if check.name in seen:
            problems.append(f"two checks are named {check.name!r}: check names must differ")
        for name in check.after:
            if name not in seen:
                problems.append(f"check {check.name!r} runs after {name!r}, which is not a check declared before it")
        seen.add(check.name)
        if check.call_key is None:
            continue
        first = first_of_call.setdefault(check.call_key, check)
        for attribute in SHARED:
            mine, theirs = getattr(check, attribute), getattr(first, attribute)
            if mine is not theirs and mine != theirs:
                problems.append(f"check {check.name!r} shares the call {check.call_key!r} with {first.name!r} but "
                                f"its {attribute} differs ({_short(mine)} vs {_short(theirs)}): declare them with "
                                f"one Graded.call")
    return problems


def _short(value):
    text = getattr(value, "__qualname__", None) or repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

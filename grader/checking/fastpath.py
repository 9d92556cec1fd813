"""Model checks at the speed of the training.

A check that ``calls`` graded functions replaces them by the reference while it runs: each of
their calls crosses the process boundary (about 44,000 in a W3A1 grading). When every graded
function the check reaches (``reached``) has passed all its own checks, the engine first runs the
check with the learner's own functions, in the learner's process, within a few times the
reference's time (``fast_variant``). A pass there is the verdict. Anything else (a helper that
failed its checks, a fast run that failed, raised or ran out of time) is decided by the run with
the reference's functions, as before: a helper wrong or slow only on the model's inputs, or
rounding that drifts over 10,000 chaotic iterations, costs time, never points.

The reference is computed first (the verdict needs it anyway), timed for the limit, and its calls
to the replaced functions counted: those are the callbacks the run with the reference's helpers
makes. Fewer than ``MIN_CALLBACKS`` cost less than the fast run saves, and callbacks whose replies
the reference cache keeps (large arguments: W2A2's model on the cat data) are replayed faster than
a training: those checks run with the reference's helpers only. The reference cache keeps the time
and count, and the output when it took more than ``KEEP`` seconds: the next grading reads them back.
"""

import copy
import dataclasses
import functools
import time
import types

from grader.checking import answers
from grader.checking.model import Context
from grader.isolate.runner import REMEMBER_MIN_BYTES

FACTOR = 4.0  # the fast run may take this many times the reference's time on the same call,
FLOOR = 1.0  # and at least this many seconds (a process's first numpy calls, a busy machine)
KEEP = 0.1  # seconds: a reference output that took longer is kept in the reference cache, with its time
MIN_CALLBACKS = 100  # fewer calls to the reference (about 0.1 ms each) cost less than deciding to do without


def reached(check, checks, start=None):
    """The graded functions ``check`` reaches: its ``calls`` (or ``start``), then the ``calls`` of their own
    checks in ``checks``, and so on (``model`` -> ``optimize`` -> ``propagate`` -> ``sigmoid``)."""
    found, waiting = [], list(check.calls if start is None else start)
    while waiting:
        name = waiting.pop(0)
        if name not in found:
            found.append(name)
            waiting += [callee for other in checks if other.function == name for callee in other.calls]
    return found


def deciding_checks(function, checks):
    """The checks that decide whether the learner's ``function`` may stand in for the reference's,
    or None when it has none, or one of them is a training run or needs the cat data (deciding
    would cost more than it saves)."""
    own = [c for c in checks if c.function == function]
    if not own or any(c.long or c.needs_data for c in own):
        return None
    return own


def fast_variant(check, reference_seconds):
    """``check`` run with the learner's own functions: no replacement, and a time limit of
    ``FACTOR`` times the reference's time (at least ``FLOOR``, at most the check's own limit)."""
    limit = min(check.timeout, max(FLOOR, FACTOR * reference_seconds))
    return dataclasses.replace(check, calls=(), rng_calls=(), timeout=limit)


array_bytes = answers.array_bytes  # what a call with these arguments sends


def counting(function, names):
    """A copy of ``function`` whose calls to the global functions ``names`` are counted (``.calls``):
    the callbacks a run with those functions replaced by the reference makes. None when ``function``
    is not plain Python."""
    if not isinstance(function, types.FunctionType):
        return None
    scope = dict(function.__globals__)  # the copy's own: other threads call the original meanwhile

    def counted(original):
        @functools.wraps(original)
        def call(*args, **kwargs):
            copy_.calls += 1
            return original(*args, **kwargs)
        return call

    for name in names:
        if callable(scope.get(name)):
            scope[name] = counted(scope[name])
    copy_ = types.FunctionType(function.__code__, scope, function.__name__, function.__defaults__,
                               function.__closure__)
    copy_.__kwdefaults__, copy_.calls = function.__kwdefaults__, 0
    return copy_


class TimedReference:
    """A check's reference function, computed on its first call only, then copies of that value.

    One check's reference is computed once for the fast run's verdict and the fallback's; the
    arguments of later calls are ignored (every call is the same check's, on the same inputs).
    That call is timed (``seconds``), and its calls to the functions the check replaces counted
    (``callbacks``, None when they cannot be).
    """

    def __init__(self, function, calls):
        self.__wrapped__ = function  # its signature and source, for Context and draws_random
        self.calls = calls
        self.value = self.seconds = self.callbacks = None

    def __call__(self, *args, **kwargs):
        if self.seconds is None:
            # The learner edition: what the reference took when its answer was recorded (keyed by the
            # arguments and the random state before the call).
            recorded = self.__wrapped__.timing(args, kwargs, self.calls) if answers.is_replayed(self.__wrapped__) \
                else None
            function = counting(self.__wrapped__, self.calls)
            start = time.perf_counter()
            value = (function or self.__wrapped__)(*args, **kwargs)
            self.value, self.seconds = value, time.perf_counter() - start
            self.callbacks = function.calls if function is not None else None
            if recorded is not None:
                self.seconds, self.callbacks = recorded
        return copy.deepcopy(self.value)

    def prime(self, value, seconds, callbacks):
        """Take ``value`` (kept by the reference cache, with its ``seconds`` and ``callbacks``) as the reference's."""
        self.value, self.seconds, self.callbacks = value, seconds, callbacks


class FastPath:
    """Runs the checks of one group, those that call graded functions with the learner's own first.

    Parameters
    ----------
    run : callable
        ``run(check, reference_function, shared) -> Result``: one check in the group's learner
        process, as the engine runs it (``grader.engine.run_check``).
    checks : sequence of Check
        Every check of the assignment: a helper's own checks decide whether it may stand in.
    references : dict of str to callable
    results : dict of str to Result
        The group's results so far (read only): a helper's checks already run are not run again.
    """

    def __init__(self, run, checks, references, results, reference_cache=None, assignment_id=""):
        self.run, self.checks, self.references, self.results = run, list(checks), references, results
        self.by_name = {c.name: c for c in self.checks}
        self.reference_cache, self.assignment_id = reference_cache, assignment_id
        self.trusted = {}  # function -> whether the learner's passed all its own checks
        self.unreported, self.unreported_shared = {}, {}  # a helper's checks run only to decide
        self.fast_shared = {}  # call_key -> the fast run's call, for the other checks of that call
        self.timed = {}  # call_key (or name) -> the check's reference, computed once

    def check(self, check, shared):
        """The Result of ``check``; ``shared`` is the group's (``run_check``'s) for the fallback."""
        # The learner edition has the reference's answers to the calls correct code makes (and a verdict makes
        # on its output): where it has none, a function that passed its own checks answers.
        replayed = answers.is_replayed(self.references[check.function])
        # The learner's function runs as it is, on the learner's functions all the way down (``propagate`` on
        # its ``sigmoid``): all of them must have passed their checks.
        own = tuple(f for f in (*check.calls, *check.rule_calls)
                    if all(self._trusted(g) for g in reached(check, self.checks, start=(f,)))
                    ) if replayed else ()
        if not check.calls:
            return self.run(check, self.references[check.function], shared, own=own)
        start = time.perf_counter()
        key = check.call_key or check.name
        reference = self.timed.setdefault(key, TimedReference(self.references[check.function], check.calls))
        if self._pays(check, reference) and all(self._trusted(function) for function in reached(check, self.checks)):
            fast = self.run(fast_variant(check, reference.seconds), reference, self.fast_shared, own=own)
            if fast.outcome == "passed":
                return dataclasses.replace(fast, check=check)
        # The verdict, exactly as without the fast run.
        result = self.run(check, reference, shared, own=own)
        return dataclasses.replace(result, seconds=time.perf_counter() - start)

    def _pays(self, check, reference):
        """Whether a fast run can save time: the reference's run calls the replaced functions at least
        ``MIN_CALLBACKS`` times, and the cache does not keep the replies to those calls (arguments of
        ``REMEMBER_MIN_BYTES`` or more, W2A2's model on the cat data: one ``optimize`` call, replayed
        faster than the training itself)."""
        if check.call_key in self.fast_shared:  # made for an earlier check of the same call
            return True
        cache, assignment_id = self.reference_cache, self.assignment_id
        kept = cache.timing(check, assignment_id) if cache is not None and reference.seconds is None else None
        if kept is not None and kept["callbacks"] is not None and kept["callbacks"] < MIN_CALLBACKS:
            return False  # counted by an earlier grading
        args, kwargs = check.inputs()
        if not self._measure(check, reference, args, kwargs, kept):
            return False
        if reference.callbacks is not None and reference.callbacks < MIN_CALLBACKS:
            return False
        return cache is None or array_bytes((args, kwargs)) < REMEMBER_MIN_BYTES

    def _measure(self, check, reference, args, kwargs, kept):
        """Compute (or read back) the reference's output on ``check``'s call, timed and its callbacks
        counted; False when the reference cannot run on it (the run with the reference's helpers then
        says so, as before).

        The timing is kept in the reference cache (``kept``: as an earlier grading kept it), and the
        output too when it took more than ``KEEP`` seconds (or the check keeps it, ``cache_reference``).
        """
        if reference.seconds is not None:  # computed for an earlier check of the same call
            return True
        cache, assignment_id = self.reference_cache, self.assignment_id
        try:
            if kept is not None and (kept["seconds"] >= KEEP or check.cache_reference):
                value = Context(dataclasses.replace(check, cache_reference=True), reference, args, kwargs,
                                reference_cache=cache, assignment_id=assignment_id).reference()
                if reference.seconds is None:  # read back, not computed
                    reference.prime(value, kept["seconds"], kept["callbacks"])
                return True
            Context(check, reference, args, kwargs).reference()  # computed now
        except Exception:  # noqa: BLE001 - the reference cannot run here: no fast run
            return False
        if cache is not None:
            if reference.seconds >= KEEP or check.cache_reference:
                cache.keep(check, assignment_id, reference.value)
            cache.keep_timing(check, assignment_id, reference.seconds, reference.callbacks)
        return True

    def _trusted(self, function):
        if function not in self.trusted:
            self.trusted[function] = False  # while deciding: functions whose checks call each other
            own = deciding_checks(function, self.checks)
            self.trusted[function] = own is not None and all(self._outcome(c) == "passed" for c in own)
        return self.trusted[function]

    def _outcome(self, check):
        """A helper's check's outcome: the group's, else run now (the fast way too), unreported."""
        for known in (self.results, self.unreported):
            if check.name in known:
                return known[check.name].outcome
        if any(self._outcome(self.by_name[name]) != "passed" for name in check.after if name in self.by_name):
            return "failed"
        self.unreported[check.name] = self.check(check, self.unreported_shared)
        return self.unreported[check.name].outcome

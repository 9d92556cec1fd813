"""Model checks at the speed of the training.

A check that ``calls`` graded functions replaces them by the reference while it runs: each of
their calls crosses the process boundary (about 44,000 in a W3A1 grading). When every graded
function the check reaches (``reached``) has passed all its own checks, the engine first runs the
check with the learner's own functions, in the learner's process, within a few times the
reference's time (``fast_variant``). A pass there is the verdict. Anything else (a helper that
failed its checks, a fast run that failed, raised or ran out of time) is decided by the run with
the reference's functions, as before: a helper wrong or slow only on the model's inputs, or
rounding that drifts over 10,000 chaotic iterations, costs time, never points.

The time limit needs the reference's time on the same call: the reference is computed before the
fast run (it is needed for the verdict anyway), and one that takes longer than ``KEEP`` is kept in
the reference cache with its time. A check whose callbacks' replies the cache keeps (large
arguments: W2A2's model on the cat data) runs with the reference's helpers only, which is faster.
"""

import copy
import dataclasses
import time

from grader.check.model import Context
from grader.isolate.protocol import ProtocolError, encode
from grader.isolate.runner import REMEMBER_MIN_BYTES

FACTOR = 4.0  # the fast run may take this many times the reference's time on the same call,
FLOOR = 1.0  # and at least this many seconds (a process's first numpy calls, a busy machine)
KEEP = 0.1  # seconds: a reference output that took longer is kept in the reference cache, with its time


def reached(check, checks):
    """The graded functions ``check`` reaches: its ``calls``, then the ``calls`` of their own checks
    in ``checks``, and so on (``model`` -> ``optimize`` -> ``propagate`` -> ``sigmoid``)."""
    found, waiting = [], list(check.calls)
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


class TimedReference:
    """A check's reference function, computed on its first call only (timed), then copies of that value.

    One check's reference is computed once for the fast run's verdict and the fallback's; the
    arguments of later calls are ignored (every call is the same check's, on the same inputs).
    """

    def __init__(self, function):
        self.__wrapped__ = function  # its signature and source, for Context and draws_random
        self.value, self.seconds = None, None

    def __call__(self, *args, **kwargs):
        if self.seconds is None:
            start = time.perf_counter()
            value = self.__wrapped__(*args, **kwargs)
            self.value, self.seconds = value, time.perf_counter() - start
        return copy.deepcopy(self.value)

    def prime(self, value, seconds):
        """Take ``value`` (kept by the reference cache, computed in ``seconds``) as the reference's."""
        self.value, self.seconds = value, seconds


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
        self.small = {}  # call_key (or name) -> whether its arguments are under REMEMBER_MIN_BYTES

    def check(self, check, shared):
        """The Result of ``check``; ``shared`` is the group's (``run_check``'s) for the fallback."""
        if not check.calls:
            return self.run(check, self.references[check.function], shared)
        start = time.perf_counter()
        reference = self.timed.setdefault(check.call_key or check.name, TimedReference(self.references[check.function]))
        if self._saves_time(check) and all(self._trusted(function) for function in reached(check, self.checks)):
            fast = self._fast(check, reference)
            if fast is not None and fast.outcome == "passed":
                return dataclasses.replace(fast, check=check)
        result = self.run(check, reference, shared)  # the verdict, exactly as without the fast run
        return dataclasses.replace(result, seconds=time.perf_counter() - start)

    def _saves_time(self, check):
        """Whether a fast run can save time. Not when the replies to the check's callbacks are kept
        between gradings (arguments of ``REMEMBER_MIN_BYTES`` or more: W2A2's model on the cat data,
        one ``optimize`` call): replaying them costs less than the training itself."""
        if self.reference_cache is None:
            return True
        key = check.call_key or check.name
        if key not in self.small:
            args, kwargs = check.inputs()
            try:
                self.small[key] = len(encode([list(args), kwargs])) < REMEMBER_MIN_BYTES
            except ProtocolError:
                self.small[key] = False
        return self.small[key]

    def _fast(self, check, reference):
        if check.call_key is None or check.call_key not in self.fast_shared:
            seconds = self._reference_seconds(check, reference)
            if seconds is None:
                return None
        else:
            seconds = check.timeout  # the call was made for an earlier check of it
        return self.run(fast_variant(check, seconds), reference, self.fast_shared)

    def _reference_seconds(self, check, reference):
        """The reference's seconds on ``check``'s call; None when the reference cannot run on it
        (the run with the reference's helpers then says so, as before).

        An output that took more than ``KEEP`` seconds (or that the check keeps, ``cache_reference``)
        is kept in the reference cache with its time: the next grading reads both back.
        """
        if reference.seconds is not None:  # computed for an earlier check of the same call
            return reference.seconds
        cache, assignment_id = self.reference_cache, self.assignment_id
        kept = cache.seconds(check, assignment_id) if cache is not None else None
        args, kwargs = check.inputs()
        try:
            if kept is not None and (kept >= KEEP or check.cache_reference):
                value = Context(dataclasses.replace(check, cache_reference=True), reference, args, kwargs,
                                reference_cache=cache, assignment_id=assignment_id).reference()
                if reference.seconds is None:  # read back, not computed
                    reference.prime(value, kept)
                return reference.seconds
            Context(check, reference, args, kwargs).reference()  # computed now, timed
        except Exception:  # noqa: BLE001 - the reference cannot run here: no fast run
            return None
        if cache is not None and (reference.seconds >= KEEP or check.cache_reference):
            cache.keep(check, assignment_id, reference.value, reference.seconds)
        return reference.seconds

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

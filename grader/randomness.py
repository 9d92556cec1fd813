"""numpy's global random generator, shared by every reference call of this grader process.

The reference solutions draw from it (np.random.seed, randn), as the course's code does; the
grader runs references in several threads at once, so a reference call that draws random numbers
holds ``RANDOM_STATE`` from its seed to its last draw.
"""

import inspect
import threading

RANDOM_STATE = threading.Lock()


def draws_random(function):
    """Whether a reference function uses numpy's global random generator (read from its source; a
    learner edition's recorded reference says so itself, ``grader.checking.answers.Replayed``)."""
    recorded = getattr(inspect.unwrap(function), "draws_random", None)
    if isinstance(recorded, bool):
        return recorded
    try:
        return "np.random." in inspect.getsource(function)
    except (OSError, TypeError):
        return True  # cannot tell: be safe

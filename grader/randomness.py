"""numpy's global random generator, shared by every reference call of this grader process.

The reference solutions draw from it (np.random.seed, randn), as the course's code does; the
grader runs references in several threads at once, so a reference call that draws random numbers
holds ``RANDOM_STATE`` from its seed to its last draw.
"""

import inspect
import threading
import weakref

RANDOM_STATE = threading.Lock()
_READ = weakref.WeakKeyDictionary()  # function -> whether its source draws (reading a source costs ms)


def draws_random(function):
    """Whether a reference function uses numpy's global random generator (read from its source; a
    learner edition's recorded reference says so itself, ``grader.checking.answers.Replayed``)."""
    unwrapped = inspect.unwrap(function)
    recorded = getattr(unwrapped, "draws_random", None)
    if isinstance(recorded, bool):
        return recorded
    try:
        return _READ[unwrapped]
    except (KeyError, TypeError):  # not read yet, or not an object a weak reference can name
        pass
    try:
        draws = "np.random." in inspect.getsource(function)
    except (OSError, TypeError):
        return True  # cannot tell: be safe
    try:
        _READ[unwrapped] = draws
    except TypeError:
        pass
    return draws

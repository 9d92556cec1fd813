"""A stand-in for matplotlib in the learner's process: every name does nothing (see ../README.md)."""

from matplotlib.pyplot import Nothing

__version__ = "0 (the grader's stand-in: nothing is drawn)"
rcParams = {}


def __getattr__(name):
    return Nothing()

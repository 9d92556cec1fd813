"""The errors a user sees when the grader cannot do what was asked (plain exceptions: no click).

The command line (``grader.cli``) turns each into one line on stderr and exit code 2.
"""


class CannotGrade(Exception):
    """Usage error or unreadable input: one line saying what, what was expected, and what to do."""


class DataUnavailable(CannotGrade):
    """A check needs the cat dataset, it is missing or altered, and it is required (``grade validate``:
    a check not run proves nothing). Grading a submission does not raise it: those checks are ``not_run``."""


class NoAnswer(Exception):
    """The learner edition has no recorded answer of the reference for a call (``grader.checking.answers``):
    its words say which call; the check shows them (an error, never a wrong verdict)."""

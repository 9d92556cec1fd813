"""One declarative module per assignment: its graded functions and the checks that grade them.

Each module defines ``TITLE``, ``SOLUTION`` (the reference module), ``FUNCTIONS`` (graded
functions, in the course's order) and ``CHECKS`` (a list of ``grader.checks.Check``).
"""

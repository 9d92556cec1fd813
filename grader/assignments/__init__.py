"""The built-in course's checks: one module per assignment, named by its id.

Each defines ``TITLE``, ``COURSE_VERSION`` (the course notebook the checks follow) and ``CHECKS``
(made with the kit, ``grader.checking``); the graded functions are those the checks name, and the
reference solution is ``solutions/<id>_*.py`` (see ``grader.course``).
"""

"""A class: find the submissions (``discover``), grade each in a pool of grader processes (``pool``, ``grade``), resume (``run``)."""

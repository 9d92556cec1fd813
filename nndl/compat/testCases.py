"""Empty stand-in for the course's testCases: the grader has its own checks."""

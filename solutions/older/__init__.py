"""References of the course's older notebooks, where their code computes otherwise than the newest
(``grader.assignments.course_versions``). Each builds on the newest reference solution."""

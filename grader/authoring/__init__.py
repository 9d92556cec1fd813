"""Authoring a course: generate the learners' exercises from the solutions, validate the material."""

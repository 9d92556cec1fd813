"""Render a Grading: ``formats`` (text, JSON, Gradescope, Coursera, JUnit); ``gradebook`` (a class's CSV and summary)."""

"""``grade validate``: the course material is sound: every solution scores 100 %, every stub 0 (all
"not implemented"), and ``exercises/`` is what the solutions generate."""

from dataclasses import dataclass, field

from grader import course as courses
from grader import engine
from grader.authoring import generate
from grader.errors import DataUnavailable


@dataclass
class Validation:
    lines: list = field(default_factory=list)  # one per file graded: its score and verdict
    problems: list = field(default_factory=list)  # what is wrong, one line each


def validate(jobs=2, course=None):
    """Grade the solutions and the stubs of ``course``; raises ``generate.MarkerError`` on bad markers and
    ``DataUnavailable`` when a check needs the cat data and it is missing or altered."""
    course = course or courses.active()
    result = Validation()
    stale = generate.generate(check=True, course=course)
    result.problems += [f"out of date: {generate.display_path(p)} (run `grade generate`)" for p in stale]
    exercises = generate.EXERCISES_DIR if course.builtin else course.exercises_dir
    items = []
    for solution in generate.solution_files(course):
        assignment_id = generate.assignment_id(solution)
        items.append((solution, assignment_id))
        for exercise in (exercises / solution.name, exercises / f"{solution.stem}.ipynb"):
            if exercise.exists():
                items.append((exercise, assignment_id))
    try:
        gradings = engine.grade_many(items, jobs=jobs, course=course, require_data=True)
    except DataUnavailable as e:  # a check not run proves nothing: no "validation passed" without the data
        raise DataUnavailable(f"cannot validate without the cat data (every solution must score 100 %): {e}") from None
    for (path, assignment_id), grading in zip(items, gradings):
        shown = generate.display_path(path)
        if path.parent == course.solutions_dir:
            verdict = "100 %" if grading.passed else "NOT 100 %"
            result.problems += [f"{shown}: {r.check.name}: {r.outcome}: {r.output.splitlines()[0] if r.output else ''}"
                                for r in grading.results if r.outcome != "passed"]
        else:
            wrong = [r for r in grading.results if r.outcome != "not_implemented"]
            verdict = "0, all not implemented" if not wrong else "NOT all not implemented"
            result.problems += [f"{shown}: {r.check.name}: {r.outcome} (a stub must raise NotImplementedError)"
                                for r in wrong]
        result.lines.append(f"{shown:<45} {grading.score:g} / {grading.max_score:g}  {verdict}")
    return result

"""The ``grade`` command. Thin: it parses, calls a plain function, and maps results to exit codes.

Exit codes: 0 all passed, 1 some check failed, 2 could not grade (usage, unreadable input).
"""

import os
import sys

import click

from grader import data, engine, loader, report
from grader import generate as generate_module


class CannotGrade(click.ClickException):
    """Usage error or unreadable input: exit code 2, one line saying why."""

    exit_code = 2


class GradeGroup(click.Group):
    """``grade FILE ...`` grades a file; ``grade COMMAND ...`` runs a command."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["submission", *args]
        return super().parse_args(ctx, args)


def list_assignments(ctx, param, value):
    if not value or ctx.resilient_parsing:
        return
    for assignment_id in engine.ASSIGNMENT_IDS:
        spec = engine.assignment(assignment_id)
        click.echo(f"{assignment_id}  {spec.TITLE}")
        for function in spec.FUNCTIONS:
            points = sum(c.points for c in spec.CHECKS if c.function == function)
            click.echo(f"      {function:<28} {points:g} points")
    ctx.exit(0)


@click.group(cls=GradeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--list", is_flag=True, expose_value=False, is_eager=True, callback=list_assignments,
              help="List the assignments and their graded functions.")
def main():
    """Grade numpy exercises of "Neural Networks and Deep Learning".

    \b
      grade SUBMISSION [--assignment ID] [--only FUNCTION] [--format text|json]
      grade --list
      grade generate [--check]
      grade validate
    """


def detect_assignment(submission):
    """The assignment a submission is for: from its file name, else from the functions it defines."""
    name = submission.path.name.lower()
    for assignment_id in engine.ASSIGNMENT_IDS:
        if name.startswith(assignment_id):
            return assignment_id
    overlap = {a: len(set(engine.assignment(a).FUNCTIONS) & set(submission.defined)) for a in engine.ASSIGNMENT_IDS}
    best = max(overlap, key=overlap.get)
    ties = [a for a, n in overlap.items() if n == overlap[best]]
    if overlap[best] == 0 or len(ties) > 1:
        raise CannotGrade(f"cannot tell which assignment {submission.path} is for; "
                          f"pass --assignment with one of {', '.join(engine.ASSIGNMENT_IDS)}")
    return best


@main.command("submission", hidden=True)
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--assignment", "-a", type=click.Choice(engine.ASSIGNMENT_IDS), help="Assignment id (detected if omitted).")
@click.option("--only", multiple=True, metavar="FUNCTION", help="Grade only this function (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder with the cat dataset's .h5 files.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Learner processes at once.")
def submission_command(path, assignment, only, fmt, data_dir, jobs):
    """Grade SUBMISSION (a .py file or a .ipynb notebook)."""
    data.use(data_dir)
    try:
        _grade_file(path, assignment, only, fmt, jobs)
    finally:
        data.use(None)


def _grade_file(path, assignment, only, fmt, jobs):
    try:
        submission = loader.load(path)
    except loader.SubmissionError as e:
        raise CannotGrade(str(e)) from None
    assignment = assignment or detect_assignment(submission)
    functions = engine.assignment(assignment).FUNCTIONS
    unknown = [f for f in only if f not in functions]
    if unknown:
        raise CannotGrade(f"{', '.join(unknown)} is not a graded function of {assignment}; "
                          f"its graded functions are {', '.join(functions)}")
    try:
        result = engine.grade_submission(submission, assignment, only=only or None, jobs=jobs)
    except engine.DataUnavailable as e:
        raise CannotGrade(str(e)) from None
    if fmt == "json":
        click.echo(report.to_json(result), nl=False)
    else:
        click.echo(report.to_text(result, engine.assignment(assignment).TITLE), nl=False)
    sys.exit(0 if result.passed else 1)


@main.command()
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Learner processes at once.")
def validate(jobs):
    """Check the course material: solutions score 100 %, stubs 0, exercises/ up to date.

    Exits 1 when any of these fails (unlike `nbgrader validate`, which exits 0).
    """
    problems = []
    try:
        stale = generate_module.generate(check=True)
    except generate_module.MarkerError as e:
        raise CannotGrade(str(e)) from None
    problems += [f"out of date: {generate_module.display_path(p)} (run `grade generate`)" for p in stale]
    items = []
    for solution in generate_module.solution_files():
        assignment_id = generate_module.assignment_id(solution)
        items.append((solution, assignment_id))
        items.append((generate_module.EXERCISES_DIR / solution.name, assignment_id))
        items.append((generate_module.EXERCISES_DIR / f"{solution.stem}.ipynb", assignment_id))
    try:
        reports = engine.grade_many(items, jobs=jobs)
    except engine.DataUnavailable as e:
        raise CannotGrade(str(e)) from None
    for (path, assignment_id), result in zip(items, reports):
        shown = generate_module.display_path(path)
        if path.parent == generate_module.SOLUTIONS_DIR:
            verdict = "100 %" if result.passed else "NOT 100 %"
            problems += [f"{shown}: {r.check.name}: {r.outcome}: {r.output.splitlines()[0] if r.output else ''}"
                         for r in result.results if r.outcome != "passed"]
        else:
            wrong = [r for r in result.results if r.outcome != "not_implemented"]
            verdict = "0, all not implemented" if not wrong else "NOT all not implemented"
            problems += [f"{shown}: {r.check.name}: {r.outcome} (a stub must raise NotImplementedError)" for r in wrong]
        click.echo(f"{shown:<45} {result.score:g} / {result.max_score:g}  {verdict}")
    for problem in problems:
        click.echo(f"problem: {problem}")
    click.echo("validation failed" if problems else "validation passed")
    sys.exit(1 if problems else 0)


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if exercises/ is out of date.")
def generate(check):
    """Regenerate exercises/ (.py and .ipynb) from solutions/."""
    try:
        stale = generate_module.generate(check=check)
    except generate_module.MarkerError as e:
        raise CannotGrade(str(e)) from None
    verb = "out of date" if check else "written"
    for path in stale:
        click.echo(f"{verb}: {generate_module.display_path(path)}")
    if not stale:
        click.echo("exercises/ is up to date with solutions/")
    sys.exit(1 if check and stale else 0)

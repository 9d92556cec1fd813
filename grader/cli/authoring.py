"""``grade generate`` and ``grade validate``: for whoever writes the course (an instructor)."""

import os
import sys

import click

from grader.cli import Command, course_option
from grader.errors import CannotGrade


@click.command(cls=Command)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Learner processes at once.")
@course_option
def validate(jobs):
    """Check the course material: solutions score 100 %, stubs 0, exercises/ up to date.

    Exits 1 when any of these fails (unlike `nbgrader validate`, which exits 0).
    """
    from grader.authoring import generate as generate_module
    from grader.authoring.validate import validate as run_validation

    try:
        result = run_validation(jobs)
    except generate_module.MarkerError as e:
        raise CannotGrade(str(e)) from None
    for line in result.lines:
        click.echo(line)
    for problem in result.problems:
        click.echo(f"problem: {problem}")
    click.echo("validation failed" if result.problems else "validation passed")
    sys.exit(1 if result.problems else 0)


@click.command(cls=Command)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if exercises/ is out of date.")
@course_option
def generate(check):
    """Regenerate exercises/ (.py and .ipynb) from solutions/."""
    from grader.authoring import generate as generate_module

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

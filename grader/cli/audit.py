"""``grade audit``: check the checks with mutants of the solutions (see ``grader.audit.run``)."""

import json
import os
import sys

import click

from grader.cli import Command, course_option
from grader.errors import CannotGrade


@click.command("audit", cls=Command)
@click.argument("assignments", nargs=-1, metavar="[ASSIGNMENT]...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for CI.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Mutants graded at once (grader processes, one core each).")
@click.option("--min-kill", type=click.FloatRange(0, 1), default=0.95, show_default=True,
              help="The kill rate every assignment must reach (exit 1 under it).")
@click.option("--max-mutants", type=click.IntRange(min=1), default=None, metavar="N",
              help="Grade a sample of N mutants (chosen with --seed) instead of all.")
@click.option("--seed", type=int, default=0, show_default=True, help="Which sample --max-mutants takes.")
@click.option("--function", "functions", multiple=True, metavar="NAME", help="Only this graded function (repeatable).")
@course_option
def audit_command(assignments, fmt, jobs, min_kill, max_mutants, seed, functions):
    """Check that the checks catch the classic mistakes: grade mutants of the solutions (a dropped .T, axis=0
    for axis=1, a missing / m, ...) and report which checks kill each, the survivors with their diff, and the
    kill rate of each assignment. Exits 0 when every assignment reaches --min-kill, 1 when one does not or
    something could not be audited, 2 on a usage error.
    """
    from grader import course
    from grader.audit.run import audit, to_text

    active = course.active()
    if (active.solutions_dir / "answers" / "MANIFEST.json").is_file():
        raise CannotGrade("this is a learner edition: it has no solution code to mutate; run grade audit in the "
                          "instructor's full edition")
    terminal = sys.stderr.isatty() and fmt == "text"

    def progress(done, total):
        click.echo(f"\rgrading mutants: {done} / {total}", nl=done == total, err=True)

    result = audit(list(assignments) or None, course=active, jobs=jobs, min_kill=min_kill, max_mutants=max_mutants,
                   seed=seed, progress=progress if terminal else None, functions=set(functions) or None)
    if not result.results and not result.problems:
        raise CannotGrade("no mutant to grade: the functions named have no mutation site")
    click.echo(json.dumps(result.to_dict(), indent=2) if fmt == "json" else to_text(result), nl=fmt == "json")
    sys.exit(0 if result.passed else 1)

"""The ``grade`` command. Thin: it parses, calls a plain function, and maps results to exit codes.

Exit codes: 0 all passed, 1 some check failed, 2 could not grade (usage, unreadable input). The
only place that knows them. Each command lives in a module of its own, imported when it runs:
``grade --help`` and ``grade --version`` import neither numpy nor the grading code.
"""

import importlib

import click

from grader import __version__
from grader.errors import CannotGrade

# name: (module, function, the one-line help shown by `grade --help`, without importing the module)
COMMANDS = {
    "generate": ("grader.cli.authoring", "generate", "Regenerate exercises/ (.py and .ipynb) from solutions/."),
    "validate": ("grader.cli.authoring", "validate",
                 "Check the course material: solutions score 100 %, stubs 0, exercises/ up to date."),
    "batch": ("grader.cli.batch", "batch_command", "Grade every submission in DIR: a file or a folder per learner."),
    "sandbox": ("grader.cli.sandbox", "sandbox_command", "Show what confines learner code on this machine."),
    "try-image": ("grader.cli.try_image", "try_image_command",
                  "Classify your own pictures with the cat model your W4A2 submission trains."),
    "release": ("grader.cli.release", "release_command",
                "Write the learner edition of the course into OUT: recorded answers, no solution code."),
    "audit": ("grader.cli.audit", "audit_command",
              "Check the checks: grade mutants of the solutions and report the mistakes no check catches."),
    "submission": ("grader.cli.grade_file", "submission_command", None),  # `grade FILE`: hidden
}
GROUP_OPTIONS_WITH_VALUE = ("--course",)


class UsageProblem(click.ClickException):
    """A ``CannotGrade`` on its way out: ``Error: <one line>`` on stderr, exit code 2."""

    exit_code = 2


class Command(click.Command):
    """A command whose ``CannotGrade`` becomes one line on stderr and exit code 2, even when invoked alone."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CannotGrade as e:
            raise UsageProblem(str(e)) from None


def course_option(command):
    """``--course DIR`` (or ``NNDL_COURSE``): grade with an instructor's course folder instead of the built-in one."""

    def use(ctx, param, value):
        if value is not None and not ctx.resilient_parsing:
            from grader import course

            try:
                course.use(value)
            except CannotGrade as e:
                raise UsageProblem(str(e)) from None
        return value

    option = click.option("--course", metavar="DIR", envvar="NNDL_COURSE", expose_value=False, callback=use,
                          is_eager=True, type=click.Path(file_okay=False),
                          help="A course folder (solutions/, checks/, exercises/) instead of the built-in course.")
    return option(command)


class GradeGroup(click.Group):
    """``grade FILE ...`` grades a file; ``grade COMMAND ...`` runs a command, imported only then."""

    def list_commands(self, ctx):
        return [name for name, (_, _, short) in COMMANDS.items() if short]

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, function, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), function)

    def format_commands(self, ctx, formatter):
        rows = [(name, short) for name, (_, _, short) in COMMANDS.items() if short]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx, args):
        # The first word that is not one of the group's options (or their values) is a command or a file.
        i = 0
        while i < len(args) and args[i].startswith("-"):
            i += 2 if args[i] in GROUP_OPTIONS_WITH_VALUE else 1
        if i < len(args) and args[i] not in COMMANDS:
            args = [*args[:i], "submission", *args[i:]]
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CannotGrade as e:
            raise UsageProblem(str(e)) from None


def list_assignments():
    from grader import course

    active = course.active()
    assignments = active.assignments()  # a course folder that is not valid says so before anything is listed
    if not active.builtin:
        click.echo(f"course {course.shown(active.root)}")
    for assignment in assignments:
        version = f" ({assignment.course_version})" if assignment.course_version else ""
        click.echo(f"{assignment.id}  {assignment.title}{version}")
        for function in assignment.functions:
            points = sum(c.points for c in assignment.checks if c.function == function)
            click.echo(f"      {function:<28} {points:g} points")


@click.group(cls=GradeGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--list", "show_list", is_flag=True, help="List the assignments and their graded functions.")
@click.version_option(__version__, "--version", "-V", prog_name="nndl-grader", message="%(prog)s %(version)s")
@course_option
@click.pass_context
def main(ctx, show_list):
    """Grade numpy exercises of "Neural Networks and Deep Learning".

    \b
      grade SUBMISSION [--assignment ID] [--only FUNCTION] [--format FORMAT] [--output FILE]
      grade --list
      grade generate [--check]
      grade validate
      grade batch DIR --out RESULTS_DIR [--jobs N] [--assignment ID] [--data-dir DIR]
      grade sandbox
      grade try-image IMAGE... [--submission FILE] [--model two_layer|L_layer] [--data-dir DIR]
                [--course-version V]
      grade release OUT [--data-dir DIR]

    FORMAT is text (for people; the default), json, gradescope (results.json), coursera
    (feedback.json) or junit (XML for CI); `grade SUBMISSION --help` lists every option.
    --course DIR (or NNDL_COURSE) grades with an instructor's course folder. Exit codes:
    0 every check passed, 1 some check did not pass, 2 could not grade (one line on stderr says why).
    """
    if show_list:
        list_assignments()
        ctx.exit(0)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        ctx.exit(0)

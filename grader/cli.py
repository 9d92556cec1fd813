"""The ``grade`` command. Thin: it parses, calls a plain function, and maps results to exit codes.

Exit codes: 0 all passed, 1 some check failed, 2 could not grade (usage, unreadable input).
"""

import contextlib
import os
import sys
import tempfile
import threading

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
      grade SUBMISSION [--assignment ID] [--only FUNCTION] [--format FORMAT] [--output FILE]
      grade --list
      grade generate [--check]
      grade validate
      grade batch DIR --out RESULTS_DIR [--jobs N] [--assignment ID] [--data-dir DIR]
      grade sandbox
      grade try-image IMAGE... [--submission FILE] [--model two_layer|L_layer] [--data-dir DIR]

    FORMAT is text (for people; the default), json, gradescope (results.json), coursera
    (feedback.json) or junit (XML for CI); `grade SUBMISSION --help` lists every option. Exit codes:
    0 every check passed, 1 some check did not pass, 2 could not grade (one line on stderr says why).
    """


def detect_assignment(submission):
    """The assignment a submission is for: from the notebook's metadata, its file name, else the functions it defines."""
    stamped = (getattr(submission, "metadata", None) or {}).get("nndl_grader", {}).get("assignment")
    if stamped in engine.ASSIGNMENT_IDS:  # our generated notebooks say which assignment they are
        return stamped
    name = submission.path.name.lower()
    for assignment_id in engine.ASSIGNMENT_IDS:
        if name.startswith(assignment_id):
            return assignment_id
    names = set(submission.graded or submission.defined)  # the learner's own helpers do not count
    overlap = {a: len(set(engine.assignment(a).FUNCTIONS) & names) for a in engine.ASSIGNMENT_IDS}
    best = max(overlap, key=overlap.get)
    ties = [a for a, n in overlap.items() if n == overlap[best]]
    if overlap[best] == 0 or len(ties) > 1:
        raise CannotGrade(f"cannot tell which assignment {submission.path} is for; "
                          f"pass --assignment with one of {', '.join(engine.ASSIGNMENT_IDS)}")
    return best


@main.command("submission", hidden=True)
@click.argument("path", metavar="SUBMISSION", type=click.Path(dir_okay=False))
@click.option("--assignment", "-a", metavar="ID",
              help=f"Assignment id: {', '.join(engine.ASSIGNMENT_IDS)} (detected if omitted).")
@click.option("--only", multiple=True, metavar="FUNCTION", help="Grade only this function (repeatable).")
@click.option("--format", "fmt", type=click.Choice(report.FORMATS), default="text", show_default=True,
              help="text for people; json, gradescope (results.json), coursera (feedback.json) or junit (XML).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the report to FILE (replaced atomically) instead of printing it.")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder with the cat dataset's .h5 files.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Learner processes at once.")
@click.option("--timeout-scale", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
              help="Multiply every time limit of your code (2: a machine twice as slow).")
def submission_command(path, assignment, only, fmt, output, data_dir, jobs, timeout_scale):
    """Grade SUBMISSION (a .py file or a .ipynb notebook)."""
    if output and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise CannotGrade(f"cannot write {output}: its folder does not exist")
    data.use(data_dir)
    try:
        text, passed = _grade_file(path, assignment, only, fmt, jobs, timeout_scale)
    except CannotGrade as e:
        # A platform shows the learner only what the grader writes: say why there is no grade.
        document = report.cannot_grade(fmt, e.message)
        if document is not None:
            _emit(document, output)
        raise
    finally:
        data.use(None)
    _emit(text, output)
    sys.exit(0 if passed else 1)


def _emit(text, output):
    """Print ``text``, or write it to the file ``output`` (a temporary file, then ``os.replace``)."""
    if not output:
        click.echo(text, nl=False)
        return
    folder = os.path.dirname(os.path.abspath(output))
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(output)}.", suffix=".tmp")
    except OSError as e:
        raise CannotGrade(f"cannot write {output}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes it 0o600; a report is for others to read
        os.replace(temporary, output)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise CannotGrade(f"cannot write {output}: {e.strerror}") from None


class Progress:
    """``grading w4a2: 3 / 12 checks done``, redrawn in place on a terminal's stderr line."""

    def __init__(self, stream, assignment_id):
        self.stream, self.assignment_id = stream, assignment_id
        self.width = 0
        self.lock = threading.Lock()  # the engine reports from its worker threads

    def __call__(self, done, total):
        line = f"grading {self.assignment_id}: {done} / {total} checks done"
        with self.lock:
            self.stream.write("\r" + line.ljust(self.width))
            self.stream.flush()
            self.width = max(self.width, len(line))

    def clear(self):
        with self.lock:
            if self.width:
                self.stream.write("\r" + " " * self.width + "\r")
                self.stream.flush()
                self.width = 0


def _terminal():
    """stderr when it is a terminal (someone is watching), else None."""
    return sys.stderr if sys.stderr.isatty() else None


def _grade_file(path, assignment, only, fmt, jobs, timeout_scale=1.0):
    """Grade the file at ``path``; return (the report rendered in ``fmt``, whether every check passed)."""
    if assignment is not None and assignment not in engine.ASSIGNMENT_IDS:
        raise CannotGrade(f"unknown assignment {assignment!r}; the assignments are {', '.join(engine.ASSIGNMENT_IDS)}")
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
    terminal = _terminal() if fmt == "text" else None  # machine formats are read by programs
    progress = Progress(terminal, assignment) if terminal else None
    try:
        result = engine.grade_submission(submission, assignment, only=only or None, jobs=jobs, progress=progress,
                                         timeout_scale=timeout_scale)
    except engine.DataUnavailable as e:
        raise CannotGrade(str(e)) from None
    finally:
        if progress:
            progress.clear()
    return report.render(result, fmt, engine.assignment(assignment).TITLE), result.passed


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


@main.command("sandbox")
def sandbox_command():
    """Show what confines learner code on this machine (SECURITY.md). Exits 1 when something does not hold."""
    from grader.runner import Runner

    with Runner([("probe.py", "def probe():\n    return 1\n")]) as runner:
        call = runner.call("probe")
        held = dict(runner.confinement)
    if call.status != "ok":
        raise CannotGrade(f"a learner process could not start here: {call.message}")
    width = max(map(len, held), default=0)
    for name, value in held.items():
        click.echo(f"{name:<{width}}  {'yes' if value is True else 'NO: ' + str(value)}")
    missing = [name for name, value in held.items() if value is not True]
    click.echo(f"{len(held) - len(missing)} of {len(held)} hold" +
               ("; see SECURITY.md, 'What each guarantee needs from the machine'" if missing else ""))
    sys.exit(1 if missing else 0)


from grader.batch import batch_command  # noqa: E402 (defined with the batch machinery)

main.add_command(batch_command)

from grader.tryimage import try_image_command  # noqa: E402 (defined with the picture and training code)

main.add_command(try_image_command)

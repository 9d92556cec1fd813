"""``grade SUBMISSION``: grade one file and print (or write) its report."""

import contextlib
import os
import sys
import tempfile
import threading

import click

from grader.cli import Command, course_option
from grader.errors import CannotGrade

FORMATS = ("text", "json", "gradescope", "coursera", "junit", "html")  # grader.render.formats.FORMATS, without importing it


@click.command("submission", cls=Command, hidden=True)
@click.argument("path", metavar="SUBMISSION", type=click.Path(dir_okay=False))
@click.option("--assignment", "-a", metavar="ID",
              help="Assignment id (`grade --list` lists them; detected if omitted).")
@click.option("--only", multiple=True, metavar="FUNCTION",
              help="Grade only this function (repeatable): its name in the file's course version (normalizeRows "
                   "in W2A1 v3a) or its newest name.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people; json, gradescope (results.json), coursera (feedback.json) or junit (XML); "
                   "html: one page with pictures (needs the html extra).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the report to FILE (replaced atomically) instead of printing it.")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder with the cat dataset's .h5 files.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Learner processes at once.")
@click.option("--timeout-scale", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
              help="Multiply every time limit of your code (2: a machine twice as slow).")
@click.option("--no-cache", is_flag=True,
              help="Run every check again, reusing no result of an earlier grading (the new results are kept).")
@click.option("--course-version", metavar="V",
              help="Grade against version V of the course's notebook (e.g. v6a; recognised from the file if "
                   "omitted).")
@course_option
def submission_command(path, assignment, only, fmt, output, data_dir, jobs, timeout_scale, no_cache, course_version):
    """Grade SUBMISSION (a .py file or a .ipynb notebook)."""
    from grader import data
    from grader.render import formats

    if output and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise CannotGrade(f"cannot write {output}: its folder does not exist")
    if fmt == "html":  # before a grading that may take a minute
        from grader.render import pictures

        try:
            pictures.pyplot()
        except pictures.PicturesUnavailable as e:
            raise CannotGrade(str(e)) from None
    data.use(data_dir)
    try:
        text, passed = _grade_file(path, assignment, only, fmt, jobs, timeout_scale, no_cache, course_version)
    except CannotGrade as e:
        # A platform shows the learner only what the grader writes: say why there is no grade.
        document = formats.cannot_grade(fmt, str(e))
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


def _grade_file(path, assignment, only, fmt, jobs, timeout_scale=1.0, no_cache=False, course_version=None):
    """Grade the file at ``path``; return (the report rendered in ``fmt``, whether every check passed).

    Results of checks whose inputs are unchanged are reused (``grader.checking.results_cache``): for the
    text and HTML reports, the learner's own feedback, always; for the machine formats, a grade that counts,
    only where learner code cannot write the cache (``results_cache.trusted``).
    """
    from grader import course, engine
    from grader.checking import results_cache
    from grader.load import reader
    from grader.render import formats

    active = course.active()
    if assignment is not None and assignment not in active.ids:
        raise CannotGrade(f"unknown assignment {assignment!r}; the assignments are {', '.join(active.ids)}")
    try:
        submission = reader.load(path)
    except reader.SubmissionError as e:
        raise CannotGrade(str(e)) from None
    if assignment is None:
        assignment = course.detect_assignment(submission, active)
    elif mismatch := course.better_match(submission, assignment, active):
        # Graded as asked (the learner may know better), but one line says what the file looks like.
        other, found, of, asked_found, asked_of = mismatch
        click.echo(f"warning: {path} defines the functions of {other} ({found} of {of}), not those of "
                   f"{assignment} ({asked_found} of {asked_of}); grading it as {assignment} as asked", err=True)
    # The version graded against (an unknown --course-version is an error listing the versions).
    course_version = course.version_of(submission, assignment, course_version, active)
    _, unknown = engine.only_functions(active.assignment(assignment, course_version), only)
    if unknown:
        raise CannotGrade(_not_graded(unknown, active.assignment(assignment, course_version)))
    terminal = _terminal() if fmt == "text" else None  # machine formats are read by programs
    progress = Progress(terminal, assignment) if terminal else None
    learner_feedback = fmt in ("text", "html")
    cache = results_cache.ResultCache(reuse=not no_cache and (learner_feedback or results_cache.trusted()))
    try:
        grading = engine.grade_submission(submission, assignment, only=only or None, jobs=jobs, progress=progress,
                                          timeout_scale=timeout_scale, course=active, result_cache=cache,
                                          course_version=course_version, pictures=fmt == "html")
    finally:
        if progress:
            progress.clear()
    return formats.render(grading, fmt), grading.passed


def _not_graded(unknown, assignment):
    """The error for ``--only`` names that ``assignment`` (as one version grades it) does not grade: the names
    it takes, and, for a name another version gives a function, which one and what to pass instead."""
    version = assignment.version
    renamed = version.renamed if version is not None else {}
    newest_names = {old: newest for newest, old in renamed.items()}
    listed = [f"{f} (or {newest_names[f]})" if f in newest_names else f for f in assignment.functions]
    of = f"{assignment.id} {assignment.course_version}" if version is not None else assignment.id
    what = "is not a graded function" if len(unknown) == 1 else "are not graded functions"
    message = f"{', '.join(unknown)} {what} of {of}; its graded functions are {', '.join(listed)}"
    for name in unknown:
        other = next(((older.id, newest) for older in assignment.versions
                      for newest, old in older.renamed.items() if old == name), None)
        if other is not None:
            older, newest = other
            here = renamed.get(newest, newest)
            graded = assignment.course_version or "the newest version"
            message += (f". {name} is what {assignment.id} {older} names {newest}, and this file is graded as "
                        f"{graded}: pass --only {here}, or --course-version {older} if the file is a {older} notebook")
    return message

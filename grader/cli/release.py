"""``grade release OUT``: the learner edition of the course, for an instructor to hand to a class."""

import os
from pathlib import Path

import click

from grader.cli import Command, course_option


@click.command("release", cls=Command)
@click.argument("out", metavar="OUT", type=click.Path(path_type=Path))
@click.option("--data-dir", type=click.Path(file_okay=False),
              help="Folder with the cat dataset's .h5 files (the training checks' answers are recorded on it).")
@course_option
def release_command(out, data_dir):
    """Write the learner edition of the course into OUT (a new or empty folder): the exercises, the grader
    and the reference's recorded answers, without solution code.

    Learners install it and grade with the commands of OUT/README.md; their feedback is the full
    edition's. Grading that counts (batch, CI, Gradescope) stays with this, the full edition.
    Exits 0 when OUT is written, 2 when it cannot be (one line on stderr says why).
    """
    from datasets.cat import ENV_VAR
    from grader import course, data
    from grader.authoring.release import release

    data.use(data_dir)
    if data_dir is not None:
        os.environ[ENV_VAR] = str(Path(data_dir).resolve())  # for the process that records the answers
    written = release(out)
    for line in written.summary(course.active()):
        click.echo(line)

"""``grade try-image``: your own pictures through the cat model your W4A2 submission trains (built-in course)."""

import sys

import click

from grader.cli import Command
from grader.errors import CannotGrade
from grader.tryimage import MODEL_NAMES, TIMEOUT


@click.command("try-image", cls=Command)
@click.argument("images", metavar="IMAGE...", nargs=-1, required=True, type=click.Path())
@click.option("--submission", "-s", metavar="FILE", type=click.Path(dir_okay=False),
              help="Your W4A2 submission (.py or .ipynb); the reference solution if omitted.")
@click.option("--model", "-m", type=click.Choice(MODEL_NAMES), default="L_layer", show_default=True,
              help="two_layer: two_layer_model, (12288, 7, 1); L_layer: L_layer_model, [12288, 20, 7, 5, 1].")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder with the cat dataset's .h5 files.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=TIMEOUT, show_default=True,
              help="Seconds your model may train before it is stopped.")
@click.option("--course-version", metavar="V",
              help="Read your model as version V of the course's W4A2 notebook returns it (v8: the parameters "
                   "only); recognised from the file if omitted, as when it is graded.")
def try_image_command(images, submission, model, data_dir, timeout, course_version):
    """Classify your own pictures as cat or non-cat with the model your W4A2 submission trains.

    The model is trained once, as in the course (2500 iterations, learning rate 0.0075), and its
    parameters saved; the next run with the same code reuses them. Each picture is converted to
    RGB, resized to 64 x 64 (bicubic) and divided by 255, as the course does. Exit codes: 0 every
    picture classified, 1 some picture could not be read, 2 no model (or a usage error). An older
    notebook's model (W4A2 v8 and before: it returns the parameters only) is read as that version
    returns it, recognised as when the file is graded, or as --course-version says.
    """
    from grader.tryimage.classify import TryImageError, try_image

    try:
        results = try_image(*images, submission=submission, model=model, data_dir=data_dir, timeout=timeout,
                            log=lambda line: click.echo(line, err=True), course_version=course_version)
    except TryImageError as e:
        raise CannotGrade(str(e)) from None
    click.echo(str(results))
    sys.exit(0 if results.all_classified else 1)

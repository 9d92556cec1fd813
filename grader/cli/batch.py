"""``grade batch``: grade a whole class (see ``grader.batch.run``)."""

import os
import sys
import tempfile
from pathlib import Path

import click

from grader.cli import Command, course_option
from grader.errors import CannotGrade


@click.command("batch", cls=Command)
@click.argument("directory", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "-o", required=True, metavar="RESULTS_DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Where reports/, gradebook.csv and summary.txt go (created if needed).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Submissions graded at once (grader processes, one core each).")
@click.option("--assignment", "-a", metavar="ID",
              help="Assignment id of every submission (`grade --list` lists them; detected per submission if omitted).")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Folder with the cat dataset's .h5 files.")
@click.option("--timeout-scale", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
              help="Multiply every time limit of learner code (2: a machine twice as slow).")
@click.option("--no-cache", is_flag=True,
              help="Run every check, reusing no result of an earlier grading (as root, unchanged checks are reused).")
@click.option("--course-version", metavar="V",
              help="Grade every submission against version V of the course's notebook (with --assignment; "
                   "recognised per submission if omitted).")
@click.option("--html", is_flag=True,
              help="Also write reports/<submission>.html for each learner (the feedback to send out, with pictures) "
                   "and report.html for the class (needs the html extra).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Grade on this Dask cluster (tcp://host:8786 or tls://host:8786; needs the dask extra) instead "
                   "of local processes; --jobs is then ignored.")
@click.option("--tls-ca-file", type=click.Path(exists=True, dir_okay=False), help="With a tls:// scheduler: the CA "
              "certificate that signed the cluster's certificates.")
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False), help="With a tls:// scheduler: this "
              "client's certificate (PEM).")
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), help="With a tls:// scheduler: this "
              "client's private key (PEM), if not in --tls-cert.")
@click.option("--allow-unconfined", is_flag=True,
              help="Let Dask workers that cannot confine learner code (not root) grade (README: what it gives up).")
@click.option("--in-flight", type=click.IntRange(min=1), default=None, metavar="N",
              help="Submissions sent to the cluster at once (default: 2 per worker thread).")
@click.option("--regrade", metavar="NAME", multiple=True,
              help="Grade this submission again, reusing neither its stored report nor stored results (repeatable).")
@click.option("--gradebook", "lms", type=click.Choice(["canvas", "moodle"]),
              help="Also write canvas-<assignment>.csv or moodle-<assignment>.csv, the file that LMS imports (needs "
                   "--roster; README, 'Gradebooks for an LMS').")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --gradebook: the LMS's own gradebook export (Canvas: Export Entire Gradebook; Moodle: "
                   "Export, Plain text file), whose users the submissions are matched with.")
@click.option("--roster-map", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --roster: a CSV 'submission,user' for submissions not named after a user's login, email, "
                   "username or id.")
@course_option
def batch_command(directory, out, jobs, assignment, data_dir, timeout_scale, no_cache, course_version, html,
                  scheduler, tls_ca_file, tls_cert, tls_key, allow_unconfined, in_flight, regrade, lms, roster,
                  roster_map):
    """Grade every submission in DIR: a file or a folder per learner.

    Writes RESULTS_DIR/reports/<submission>.json, gradebook.csv and summary.txt (with --html, also
    reports/<submission>.html and report.html). Running it again
    grades only what changed (or was not finished). Exits 0 when every submission was graded,
    1 when some could not be, 2 on a usage error.
    """
    from grader import course
    from grader.batch.discover import check_names, find_submissions
    from grader.batch.run import CLASS_REPORT, GRADEBOOK, REPORTS, SUMMARY, Interrupted, run_batch
    from grader.render.gradebook import read_roster, summary

    active = course.active()
    if (roster is None) != (lms is None) or (roster_map is not None and roster is None):
        raise CannotGrade("--gradebook canvas|moodle and --roster EXPORT go together (--roster-map needs them): the "
                          "LMS's file is made from its own export of the class")
    lms_roster = read_roster(roster, lms, roster_map) if lms else None  # before a batch that may take hours
    if assignment is not None and assignment not in active.ids:
        raise CannotGrade(f"unknown assignment {assignment!r}; the assignments are {', '.join(active.ids)}")
    if course_version is not None:
        if assignment is None:
            raise CannotGrade("--course-version needs --assignment: a version is one assignment's")
        if course_version not in active.assignment(assignment).version_ids:
            raise CannotGrade(course.unknown_version(active.assignment(assignment), course_version))
        os.environ[course.VERSION_ENVIRONMENT] = course_version  # for this command and the processes it starts
    if html:  # before a batch that may take hours
        from grader.render import pictures

        try:
            pictures.pyplot()
        except pictures.PicturesUnavailable as e:
            raise CannotGrade(str(e)) from None
    entries = find_submissions(directory, assignment, exclude=out)
    if not entries:
        raise CannotGrade(f"no submissions in {directory}: expected a .py file, a .ipynb notebook or a folder "
                          f"per learner")
    check_names(regrade, entries, directory)
    try:
        (out / REPORTS).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out / REPORTS, prefix=".probe.", suffix=".tmp"):
            pass
    except OSError as e:
        raise CannotGrade(f"cannot write the results to {out}: {e.strerror or e}") from None
    cluster = None
    if scheduler is not None:
        from grader.batch.cluster import Cluster

        cluster = Cluster(scheduler, ca_file=tls_ca_file, cert=tls_cert, key=tls_key,
                          allow_unconfined=allow_unconfined, in_flight=in_flight)
    elif tls_ca_file or tls_cert or tls_key or allow_unconfined or in_flight:
        raise CannotGrade("--tls-ca-file, --tls-cert, --tls-key, --allow-unconfined and --in-flight are options of "
                          "a Dask cluster: give its address with --scheduler, or leave them out")
    try:
        result = run_batch(directory, out, jobs=jobs, assignment=assignment, data_dir=data_dir, echo=click.echo,
                           timeout_scale=timeout_scale, no_cache=no_cache, html=html, cluster=cluster,
                           regrade=regrade, roster=lms_roster)
    except (Interrupted, KeyboardInterrupt):
        click.echo(f"interrupted: the reports written so far are kept in {out / REPORTS}; run the same "
                   f"command again to grade the rest", err=True)
        sys.exit(130)
    text = summary(result.reports, active)
    rate = f" ({60 * result.graded / result.seconds:.0f} submissions per minute)" if result.graded else ""
    click.echo(f"graded {result.graded}, reused {result.reused}, could not grade {result.unable} "
               f"in {result.seconds:.1f} s{rate}")
    pages = f", {out / CLASS_REPORT}" if html else ""
    each = " (JSON and HTML)" if html else ""
    click.echo(f"wrote {out / GRADEBOOK}, {out / SUMMARY}{pages} and {len(result.reports)} reports{each} in "
               f"{out / REPORTS}")
    if result.gradebooks:
        click.echo(f"wrote {', '.join(str(path) for path in result.gradebooks)}")
    click.echo("")
    click.echo(text, nl=False)
    sys.exit(1 if result.unable else 0)

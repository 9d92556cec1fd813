"""Grade one submission of a class into its report (a dict, as stored in ``reports/NAME.json``); never raises."""

import dataclasses
import hashlib
import os
import re
from pathlib import Path

from grader import course as courses
from grader import engine
from grader.errors import CannotGrade
from grader.load import reader
from grader.render.gradebook import GRADED


def batch_key(sha256, assignment_id, forced, timeout_scale=1.0, course=None):
    """What a stored report depends on: the submission's bytes, how its assignment was chosen, the
    assignment's digest (the grading code, recursively, its checks and solution: ``engine.assignment_digest``)
    and the time limits."""
    course = course or courses.active()
    chosen = "forced" if forced else "detected"
    # Graded with other time limits, a submission may get other outcomes (keys of scale 1 as before).
    scale = f"\0timeout scale {timeout_scale!r}" if timeout_scale != 1.0 else ""
    digest = engine.assignment_digest(course, assignment_id) if assignment_id in course.ids else "unknown"
    # A pinned course version (--course-version) may grade the same bytes otherwise.
    pinned = os.environ.get(courses.VERSION_ENVIRONMENT)
    version = f"\0course version {pinned}" if pinned else ""
    text = f"{sha256}\0{assignment_id}\0{chosen}\0{digest}{scale}{version}"
    return hashlib.sha256(text.encode()).hexdigest()


def reusable(stored, file, sha256, forced, timeout_scale=1.0, course=None):
    """Whether a stored report is of this very submission, graded by this grader, every check run
    (checks not run for want of the cat data are run once it is there)."""
    try:
        return (stored["status"].startswith(GRADED) and stored["file"] == file and stored["sha256"] == sha256
                and (forced is None or stored["assignment"] == forced)
                and isinstance(stored["tests"], list) and isinstance(stored["score"], (int, float))
                and not any(test["outcome"] == "not_run" for test in stored["tests"])
                and stored["batch_key"] == batch_key(sha256, stored["assignment"], forced is not None, timeout_scale,
                                                     course))
    except (KeyError, TypeError, AttributeError):
        return False



# not_run: the grader could not run the check here (the cat data is missing), not the learner's doing.
STATUS_WORDS = {"timeout": "timed out", "error": "error", "crashed": "crashed",
                "not_run": "not run, cat data missing"}


def _status(grading):
    """``graded``, with what went wrong beyond wrong answers, if anything: in the learner's process
    (``graded (crashed: softmax)``), or checks not run (``graded (not run, cat data missing: model)``)."""
    events = {}
    for r in grading.results:
        if r.outcome in STATUS_WORDS:
            events.setdefault(STATUS_WORDS[r.outcome], []).append(r.check.function)
    parts = [f"syntax error at {', '.join(grading.syntax_errors)}"] if grading.syntax_errors else []
    parts += [f"{word}: {', '.join(dict.fromkeys(functions))}" for word, functions in events.items()]
    return GRADED + (f" ({'; '.join(parts)})" if parts else "")


def _detect(submission, course):
    """``course.detect_assignment``; for code that does not parse, from the ``def`` lines of its text.

    A syntax error hides every definition from the loader, but it is the learner's mistake, to be
    graded (every function missing, the error and its line in the report), not a reason to give up.
    """
    try:
        return courses.detect_assignment(submission, course)
    except CannotGrade:
        if submission.defined:
            raise
        names = [m for _, source in submission.chunks for m in re.findall(r"^def (\w+)\s*\(", source, re.M)]
        return courses.detect_assignment(dataclasses.replace(submission, defined=names), course)


def could_not_grade(record, reason):
    return {**record, "status": f"could not grade: {' '.join(reason.split())}", "tests": []}


def grade_one(job, reference_cache=None, timeout_scale=1.0, course=None, result_cache=None, submission=None):
    """Grade one submission; never raises. ``job``: name, path, file (as shown), forced assignment.
    ``result_cache``: results of unchanged checks to reuse (``grader.checking.results_cache``).
    ``submission``: the file already loaded (``reader.load``) where it was read, with ``job["sha256"]`` its
    bytes' (a Dask worker: the client sends the code, not the file).

    Returns the report as a dict: the engine's JSON plus submission, file, sha256, status, notes,
    syntax_errors and batch_key; or, when it cannot be graded, the same keys with ``could not grade: reason``.
    ``job["only"]``: grade only these functions (``grade audit``: a mutant's function).
    With ``job["html"]``, the report also holds ``html``: the learner's HTML report (with pictures), drawn
    here, where the submission was graded (the caller writes it to ``reports/NAME.html`` and drops the key).
    """
    course = course or courses.active()
    timeout_scale = job.get("timeout_scale", timeout_scale)  # grade audit: a mutant's own time limits
    if job.get("no_cache") and result_cache is not None:  # --regrade NAME: every check again, the fresh results kept
        result_cache = type(result_cache)(result_cache.directory, reuse=False)
    path, forced = Path(job["path"]), job["assignment"]
    record = {"submission": job["name"], "file": job["file"], "sha256": None, "assignment": forced}
    try:
        if submission is None:
            record["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
            submission = reader.load(path)
        else:
            record["sha256"] = job["sha256"]
        record["assignment"] = assignment_id = forced or _detect(submission, course)
        result = engine.grade_submission(submission, assignment_id, jobs=1, reference_cache=reference_cache,
                                         timeout_scale=timeout_scale, course=course, result_cache=result_cache,
                                         pictures=bool(job.get("html")), only=job.get("only"))
    except OSError as e:
        return _with_page(could_not_grade(record, f"cannot read {job['file']}: {e.strerror or e}"), job)
    except (reader.SubmissionError, CannotGrade) as e:
        return _with_page(could_not_grade(record, str(e).replace(str(path), job["file"])), job)
    except Exception as e:  # a bug of ours must not cost the other submissions their grades
        return _with_page(could_not_grade(record, f"the grader failed on this submission (a bug in the grader, "
                                                  f"please report it): {type(e).__name__}: {e}"), job)
    # Messages name the file as the results show it (alice.py), not where the grader read it.
    def shown(text):
        return text.replace(str(path), job["file"])

    result = dataclasses.replace(
        result, notes=[shown(n) for n in result.notes], syntax_errors=[shown(p) for p in result.syntax_errors],
        results=[dataclasses.replace(r, output=shown(r.output)) for r in result.results])
    report = {**record, "status": _status(result), **result.to_dict(), "notes": list(result.notes),
              "syntax_errors": list(result.syntax_errors),
              "batch_key": batch_key(record["sha256"], assignment_id, forced is not None, timeout_scale, course)}
    if job.get("html"):
        report["html"] = _page(lambda html: html.to_html(result, f"{job['name']}: {result.title}"))
    return report


def _page(render):
    """``render(grader.render.html)``: the learner's page; a picture that cannot be drawn never costs the grade."""
    from grader.render import html  # matplotlib, only for --html

    try:
        return render(html)
    except Exception as e:  # noqa: BLE001 - the JSON report and the grade stand without the page
        return html.page("report not drawn", f"<p>The HTML report of this submission could not be drawn "
                                             f"({html.escape(type(e).__name__)}: {html.escape(str(e))}); its JSON "
                                             f"report and grade are complete.</p>")


def _with_page(report, job):
    """A submission that could not be graded gets a page saying why, as the others get their report."""
    if job.get("html"):
        report["html"] = _page(lambda html: html.cannot_grade_page(job["name"], report["status"]))
    return report


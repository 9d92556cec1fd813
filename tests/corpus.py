"""Shared harness of the submission corpora: realistic variants of the reference solutions.

A variant is the reference file with a few exact text replacements, graded end to end (loader,
learner process, checks). A ``Bug`` must fail at least one check of its function and no check of
any other function (one bug, one blame); a ``Variant`` is correct code written differently and
must get full marks.
"""

from dataclasses import dataclass
from pathlib import Path

from grader.load import reader
from grader.engine import grade_submission

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Bug:
    function: str  # the function the bug is in
    id: str  # short name, used as the pytest id
    replacements: tuple  # ((old, new), ...): each old text must occur exactly once
    message: str = ""  # a fragment the failure message must contain (the diagnosis)


@dataclass(frozen=True)
class Variant:
    id: str
    replacements: tuple


def variant_source(solution_name, replacements):
    source = (ROOT / "solutions" / solution_name).read_text()
    for old, new in replacements:
        count = source.count(old)
        assert count == 1, f"{old!r} occurs {count} times in solutions/{solution_name}; make it unique"
        source = source.replace(old, new)
    return source


def grade_variant(tmp_path, solution_name, replacements, assignment_id, **options):
    path = tmp_path / solution_name
    path.write_text(variant_source(solution_name, replacements))
    return grade_submission(reader.load(path), assignment_id, **options)


def not_passed(report):
    return [r for r in report.results if r.outcome != "passed"]


def assert_blames_only(report, bug):
    """The bug fails a check of its own function, with its diagnosis, and nothing else."""
    bad = not_passed(report)
    blamed = sorted({r.check.function for r in bad})
    details = "\n".join(f"  {r.check.name}: {r.outcome}: {r.output[:300]}" for r in bad)
    assert blamed == [bug.function], f"expected only {bug.function} to fail, got {blamed}:\n{details}"
    assert any(r.outcome == "failed" for r in bad), f"no check 'failed' (only errors?):\n{details}"
    if bug.message:
        assert any(bug.message in r.output for r in bad), f"no message contains {bug.message!r}:\n{details}"


def assert_full_marks(report):
    details = "\n".join(f"  {r.check.name}: {r.outcome}: {r.output[:300]}" for r in not_passed(report))
    assert report.score == report.max_score, f"{report.score} / {report.max_score}:\n{details}"

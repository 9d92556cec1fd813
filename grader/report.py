"""Render a Report: deterministic text for people, one JSON object for machines."""

import json

OUTCOME_WORDS = {
    "passed": "passed",
    "failed": "failed",
    "error": "error",
    "timeout": "timed out",
    "not_implemented": "not implemented",
    "missing": "missing",
}


def _points(x):
    return f"{x:g}"


def function_summary(report):
    """Per graded function: (name, score, max, the outcomes of its checks), in check order."""
    rows = {}
    for r in report.results:
        row = rows.setdefault(r.check.function, [0.0, 0.0, []])
        row[0] += r.score
        row[1] += r.check.points
        row[2].append(r.outcome)
    return [(name, score, top, outcomes) for name, (score, top, outcomes) in rows.items()]


def _verdict(outcomes):
    if all(o == "passed" for o in outcomes):
        return "passed"
    for whole in ("not_implemented", "missing"):
        if all(o == whole for o in outcomes):
            return OUTCOME_WORDS[whole]
    failed = sum(o != "passed" for o in outcomes)
    return f"{failed} of {len(outcomes)} checks not passed"


def to_text(report, title=""):
    """The report a learner reads: a line per function, then each failure in detail, then the total."""
    lines = [f"{report.assignment}{' ' + title if title else ''}", ""]
    summary = function_summary(report)
    width = max((len(name) for name, *_ in summary), default=10)
    for name, score, top, outcomes in summary:
        lines.append(f"  {name:<{width}}  {_points(score):>5} / {_points(top):<5} {_verdict(outcomes)}")
    problems = [r for r in report.results if r.outcome != "passed"]
    # A function that is simply not written yet needs no detail per check.
    skipped = {name for name, _, _, outcomes in summary if set(outcomes) <= {"not_implemented", "missing"}}
    detailed = [r for r in problems if r.check.function not in skipped]
    if detailed:
        lines += ["", "What did not pass:"]
        for r in detailed:
            lines += ["", f"- {r.check.name} [{OUTCOME_WORDS[r.outcome]}, 0 / {_points(r.check.points)}]"]
            lines += ["    " + line for line in r.output.splitlines()]
    if report.notes:
        lines += ["", "Notes:"] + [f"  {note}" for note in report.notes]
    percent = 100 * report.score / report.max_score if report.max_score else 0.0
    lines += ["", f"Total: {_points(report.score)} / {_points(report.max_score)} ({percent:.0f} %)"]
    return "\n".join(lines) + "\n"


def to_json(report):
    return json.dumps(report.to_dict(), indent=2) + "\n"

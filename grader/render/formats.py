"""Render a Grading as a report: deterministic text for people; JSON, Gradescope, Coursera and JUnit for machines.

Every format is built from the same ``Grading`` (``grader.engine``) and is a pure function of it;
each names the grader's version and digest and the course version the checks follow:

- ``text``: a line per graded function, then each check that did not pass (what was checked,
  what was expected, what was found, a hint), the advice (``Grading.advice``: loops a vectorized
  function should not have; no points), the notes, the total;
- ``json``: ``Grading.to_dict()``, the documented format (README, "Machine output");
- ``gradescope``: Gradescope's ``results.json`` (score, execution_time, output, tests[]);
- ``coursera``: ``{"fractionalScore": float in [0, 1], "feedback": the text}``, the feedback cut
  below Coursera's 64 KB limit with a note saying so;
- ``junit``: JUnit XML, one ``testcase`` per check, read by CI tools (GitHub, GitLab, Jenkins);
- ``html``: one self-contained page with pictures (``grader.render.html``; matplotlib, the ``html`` extra).

Gradescope's summary and Coursera's feedback carry the advice as the text does; JUnit in its
``system-out``, after the notes.
"""

import json
import math
import re
import xml.etree.ElementTree as ET

from grader.version import VERSION

FORMATS = ("text", "json", "gradescope", "coursera", "junit", "html")

OUTCOME_WORDS = {
    "passed": "passed",
    "failed": "failed",
    "error": "error",
    "crashed": "crashed",
    "timeout": "timed out",
    "not_implemented": "not implemented",
    "missing": "missing",
    "not_run": "not run",
}

ADVICE_TITLE = "Advice (no points: your score is the same with or without it):"

# Coursera cuts feedback at 64 KB; the whole feedback.json (the feedback as JSON, plus the score)
# stays under this many bytes.
COURSERA_LIMIT = 60_000


# A lone surrogate (a learner may print "\ud800") cannot be written as UTF-8: it is shown escaped.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match):
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _writable(text):
    return _SURROGATE.sub(_escape, text)


def _points(x):
    return f"{x:g}"


def percent(grading):
    """The score as a whole percentage: 100 only when every point is earned, 0 only when none is."""
    if not grading.max_score or not grading.score:
        return 0
    if grading.score >= grading.max_score:
        return 100
    return min(max(math.floor(100 * grading.score / grading.max_score + 0.5), 1), 99)


def function_summary(grading):
    """Per graded function: (name, score, max, the outcomes of its checks), in check order."""
    rows = {}
    for r in grading.results:
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
    if all(o in ("passed", "not_run") for o in outcomes):  # the others passed; these wait for the cat data
        return f"{failed} of {len(outcomes)} checks not run"
    return f"{failed} of {len(outcomes)} checks not passed"


def footer(grading):
    """``Graded by nndl-grader 0.2.0 (digest 0123456789ab), checks for the course's w4a1 v1.2``."""
    digest = f" (digest {grading.digest[:12]})" if grading.digest else ""
    course = (f", checks for the course's {grading.assignment} {grading.course_version}"
              if grading.course_version else "")
    return f"Graded by nndl-grader {VERSION}{digest}{course}"


def to_text(grading, title="", details=True):
    """The report a learner reads: a line per function, then each failure in detail, then the total.

    ``details=False`` leaves out the failures (the Gradescope summary: its tests carry them).
    """
    lines = [f"{grading.assignment}{' ' + title if title else ''}", ""]
    summary = function_summary(grading)
    width = max((len(name) for name, *_ in summary), default=10)
    for name, score, top, outcomes in summary:
        lines.append(f"  {name:<{width}}  {_points(score):>5} / {_points(top):<5} {_verdict(outcomes)}")
    problems = [r for r in grading.results if r.outcome not in ("passed", "not_run")]
    # A function that is simply not written yet needs no detail per check.
    skipped = {name for name, _, _, outcomes in summary if set(outcomes) <= {"not_implemented", "missing"}}
    detailed = [r for r in problems if r.check.function not in skipped] if details else []
    if detailed:
        lines += ["", "What did not pass:"]
        for r in detailed:
            lines += ["", f"- {r.check.name} [{OUTCOME_WORDS[r.outcome]}, 0 / {_points(r.check.points)}]"]
            lines += ["    " + line for line in r.output.splitlines()]
    # Checks the grader could not run here (no cat data): by name; why and what to do is a note, said once.
    not_run = [r for r in grading.results if r.outcome == "not_run"] if details else []
    if not_run:
        lines += ["", "Not run:"]
        for r in not_run:
            lines.append(f"  {r.check.name} [0 / {_points(r.check.points)}]")
            if "the cat data is missing" not in r.output:  # that reason is a note, said once
                lines += ["    " + line for line in r.output.splitlines()]
    if grading.advice:
        lines += ["", ADVICE_TITLE] + [f"- {a['message']}" for a in grading.advice]
    if grading.notes:
        lines += ["", "Notes:"] + [f"  {note}" for note in grading.notes]
    lines += ["", f"Total: {_points(grading.score)} / {_points(grading.max_score)} ({percent(grading)} %)",
              footer(grading)]
    # Trailing blanks (numpy's messages have some) are invisible and would make the text unstable.
    return _writable("\n".join(line.rstrip() for line in lines) + "\n")


def to_json(grading):
    return json.dumps(grading.to_dict(), indent=2) + "\n"


def to_gradescope(grading, title=""):
    """Gradescope's ``results.json``: the total, a summary, and one test per check.

    ``status`` is ``passed`` or ``failed`` (Gradescope's two); the precise outcome and the
    function are kept in ``extra_data``. Every test is visible: the learner sees what was checked.
    """
    return json.dumps({
        "score": round(grading.score, 6),
        "execution_time": round(grading.seconds, 3),
        "output": to_text(grading, title, details=False),
        "output_format": "text",
        "test_output_format": "text",
        "visibility": "visible",
        "tests": [
            {
                "name": r.check.name,
                "score": r.score,
                "max_score": r.check.points,
                "status": "passed" if r.outcome == "passed" else "failed",
                "output": _writable(r.output),
                "visibility": "visible",
                "extra_data": {"function": r.check.function, "kind": r.check.kind, "outcome": r.outcome},
            }
            for r in grading.results
        ],
    }, indent=2) + "\n"


def _coursera_json(score, feedback):
    return json.dumps({"fractionalScore": score, "feedback": feedback}, ensure_ascii=False) + "\n"


def _size(score, feedback):
    return len(_coursera_json(score, feedback).encode("utf-8"))


def to_coursera(grading, title="", limit=COURSERA_LIMIT):
    """Coursera's ``feedback.json``: ``fractionalScore`` in [0, 1] and the text report as feedback.

    When the document would exceed ``limit`` bytes, the detail is cut (at a line end when there is
    one) and a note says how much was left out; the total and the footer stay as the last lines.
    """
    score = round(grading.score / grading.max_score, 6) if grading.max_score else 0.0
    feedback = to_text(grading, title)
    if _size(score, feedback) <= limit:
        return _coursera_json(score, feedback)
    head, *last = feedback.rstrip("\n").rsplit("\n", 2)
    total = "\n".join(last)  # the total and the footer stay
    lines = head.count("\n") + 1

    def cut(keep):
        text = head[:keep]
        if keep < len(head) and head[keep] != "\n" and "\n" in text:  # no half line
            text = text[:text.rindex("\n")]
        left_out = lines - (text.count("\n") + 1)
        note = (f"\n\n[The report is too long for Coursera (limit 64 KB): the last {left_out} of its "
                f"{lines} lines are left out. Fix the first problems above and submit again.]")
        return f"{text}{note}\n\n{total}\n"

    low, high = 0, len(head)  # the longest prefix of the head that fits
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if _size(score, cut(middle)) <= limit else (low, middle - 1)
    return _coursera_json(score, cut(low))


# XML 1.0 cannot hold these characters even escaped (a learner's print may contain them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text):
    return _NOT_XML.sub(_escape, text)


JUNIT_ELEMENT = {"failed": "failure", "error": "error", "crashed": "error", "timeout": "error", "missing": "error",
                 "not_run": "skipped",
                 "not_implemented": "skipped"}


def to_junit(grading, title=""):
    """JUnit XML: ``testsuites > testsuite > testcase``, one testcase per check.

    ``classname`` is ``assignment.function`` and ``name`` the check. A check that ran and was
    wrong is a ``failure``; one that could not run (error, timeout, missing) an ``error``; one
    whose function is not implemented yet ``skipped``. The element's ``type`` is the outcome,
    its ``message`` the first line of the output and its text the whole output.
    """
    counts = {element: sum(JUNIT_ELEMENT.get(r.outcome) == element for r in grading.results)
              for element in ("failure", "error", "skipped")}
    totals = {"tests": str(len(grading.results)), "failures": str(counts["failure"]),
              "errors": str(counts["error"]), "skipped": str(counts["skipped"]),
              "time": f"{grading.seconds:.3f}"}
    suites = ET.Element("testsuites", {"name": "nndl-grader", **totals})
    suite = ET.SubElement(suites, "testsuite", {"name": grading.assignment, **totals})
    properties = ET.SubElement(suite, "properties")
    for name, value in (("title", title), ("score", _points(grading.score)),
                        ("max_score", _points(grading.max_score)), ("percent", str(percent(grading))),
                        ("grader_version", VERSION), ("grader_digest", grading.digest),
                        ("course_version", grading.course_version)):
        ET.SubElement(properties, "property", {"name": name, "value": _xml_text(value)})
    for r in grading.results:
        case = ET.SubElement(suite, "testcase", {"classname": f"{grading.assignment}.{r.check.function}",
                                                 "name": _xml_text(r.check.name), "time": f"{r.seconds:.3f}"})
        element = JUNIT_ELEMENT.get(r.outcome)
        if element:
            output = _xml_text(r.output)
            first = output.splitlines()[0].rstrip() if output else OUTCOME_WORDS[r.outcome]
            attributes = {"message": first} if element == "skipped" else {"message": first, "type": r.outcome}
            ET.SubElement(case, element, attributes).text = output
    if grading.notes or grading.advice:
        advice = [ADVICE_TITLE, *(f"- {a['message']}" for a in grading.advice)] if grading.advice else []
        ET.SubElement(suite, "system-out").text = _xml_text("\n".join([*grading.notes, *advice]))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def render(grading, fmt, title=None):
    """The report in format ``fmt`` (one of ``FORMATS``), as a string ending with a newline."""
    if fmt == "json":
        return to_json(grading)
    if fmt == "html":  # matplotlib is loaded only for it
        from grader.render.html import to_html

        return to_html(grading, grading.title if title is None else title)
    renderers = {"text": to_text, "gradescope": to_gradescope, "coursera": to_coursera, "junit": to_junit}
    return renderers[fmt](grading, grading.title if title is None else title)


def cannot_grade(fmt, reason):
    """For the platforms (Gradescope, Coursera), a zero-score document that says why; else None.

    A platform shows the learner nothing useful when the grader writes no result ("the autograder
    failed"); most often the learner uploaded the wrong file, and the reason tells them so.
    """
    feedback = f"The grader could not grade this submission: {reason}\n"
    if fmt == "gradescope":
        return json.dumps({"score": 0.0, "output": feedback, "output_format": "text", "visibility": "visible",
                           "tests": []}, indent=2) + "\n"
    if fmt == "coursera":
        return _coursera_json(0.0, feedback)
    return None

"""The renderers on hand-made reports: no learner process, so every case runs in microseconds."""

import json
import xml.etree.ElementTree as ET

import jsonschema  # nbformat's dependency
import pytest

from grader.render import formats as report
from grader.checking.model import Check, Result
from grader.engine import Grading as Report
from grader.version import VERSION


def check(function, name, points=1.0, kind="reference"):
    return Check(name=f"{function}: {name}", function=function, kind=kind, points=points,
                 inputs=lambda: ((), {}), verify=lambda found, ctx: None)


def make_report(outcomes, notes=(), assignment="w9a9"):
    """A report with one check per ``(function, outcome, output)``, 1 point each."""
    results = [Result(check(function, f"case {i}"), outcome, output, 0.25)
               for i, (function, outcome, output) in enumerate(outcomes)]
    return Report(assignment, results, 1.5, list(notes), course_version="v9", digest="0123456789ab" + "f" * 52)


FOOTER = f"Graded by nndl-grader {VERSION} (digest 0123456789ab), checks for the course's w9a9 v9\n"


MIXED = make_report([
    ("forward", "passed", ""),
    ("forward", "failed", "dW has shape (4, 2), expected (2, 4): did you transpose X?"),
    ("backward", "error", "backward raised an error: ValueError: bad  \n  File \"mine.py\", line 3, in backward"),
    ("backward", "timeout", "backward did not return within 10 s"),
    ("update", "missing", "update is not defined in the submission"),
    ("predict", "not_implemented", "predict is not implemented yet (it raises NotImplementedError)"),
    ("predict", "not_implemented", "predict is not implemented yet (it raises NotImplementedError)"),
], notes=["mine.py, line 9: not run by the grader: print(model())"])


def test_text_has_a_line_per_function_the_failures_the_notes_and_the_total():
    assert report.to_text(MIXED, "A title") == """\
w9a9 A title

  forward       1 / 2     1 of 2 checks not passed
  backward      0 / 2     2 of 2 checks not passed
  update        0 / 1     missing
  predict       0 / 2     not implemented

What did not pass:

- forward: case 1 [failed, 0 / 1]
    dW has shape (4, 2), expected (2, 4): did you transpose X?

- backward: case 2 [error, 0 / 1]
    backward raised an error: ValueError: bad
      File "mine.py", line 3, in backward

- backward: case 3 [timed out, 0 / 1]
    backward did not return within 10 s

Notes:
  mine.py, line 9: not run by the grader: print(model())

Total: 1 / 7 (14 %)
""" + FOOTER


def test_text_without_details_is_the_summary():
    text = report.to_text(MIXED, details=False)
    assert "What did not pass" not in text and text.startswith("w9a9\n") and text.endswith("Total: 1 / 7 (14 %)\n" + FOOTER)


@pytest.mark.parametrize("passed, total, shown", [
    (0, 7, 0), (1, 1000, 1), (199, 200, 99), (1, 2, 50), (2, 3, 67), (7, 7, 100),
], ids=["none", "a little is not 0", "almost is not 100", "half", "rounded", "all"])
def test_percent_is_100_only_for_full_marks_and_0_only_for_nothing(passed, total, shown):
    rows = [("f", "passed" if i < passed else "failed", "") for i in range(total)]
    assert report.percent(make_report(rows)) == shown


VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
OUTPUT_FORMAT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}
# Gradescope's results.json, from its specification (gradescope/autograder_samples, docs/specs.md):
# only the keys it documents, with their types.
GRADESCOPE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "anyOf": [{"required": ["score"]}, {"required": ["tests"]}],
    "properties": {
        "score": {"type": "number"}, "execution_time": {"type": "number"}, "output": {"type": "string"},
        "output_format": OUTPUT_FORMAT, "test_output_format": OUTPUT_FORMAT, "test_name_format": OUTPUT_FORMAT,
        "visibility": VISIBILITY, "stdout_visibility": VISIBILITY, "extra_data": {"type": "object"},
        "leaderboard": {"type": "array"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "score": {"type": "number"}, "max_score": {"type": "number"},
                "status": {"enum": ["passed", "failed"]}, "name": {"type": "string"}, "name_format": OUTPUT_FORMAT,
                "number": {"type": "string"}, "output": {"type": "string"}, "output_format": OUTPUT_FORMAT,
                "tags": {"type": "array", "items": {"type": "string"}}, "visibility": VISIBILITY,
                "extra_data": {"type": "object"},
            },
        }},
    },
}


@pytest.mark.parametrize("document", [report.to_gradescope(MIXED, "A title"),
                                      report.cannot_grade("gradescope", "x.txt: expected a .py file")],
                         ids=["graded", "could not grade"])
def test_gradescope_results_validate_against_gradescopes_spec(document):
    jsonschema.validate(json.loads(document), GRADESCOPE_SCHEMA)


def test_gradescope_results_have_a_test_per_check():
    data = json.loads(report.to_gradescope(MIXED, "A title"))
    assert set(data) == {"score", "execution_time", "output", "output_format", "test_output_format",
                         "visibility", "tests"}
    assert data["score"] == 1.0 and data["execution_time"] == 1.5
    assert data["output"] == report.to_text(MIXED, "A title", details=False)
    assert data["visibility"] == "visible" and data["output_format"] == data["test_output_format"] == "text"
    assert len(data["tests"]) == 7
    for test, result in zip(data["tests"], MIXED.results):
        assert set(test) == {"name", "score", "max_score", "status", "output", "visibility", "extra_data"}
        assert test["status"] == ("passed" if result.outcome == "passed" else "failed")
        assert test["score"] == result.score and test["max_score"] == 1.0
        assert test["output"] == result.output and test["visibility"] == "visible"
        assert test["extra_data"]["outcome"] == result.outcome
    assert sum(t["score"] for t in data["tests"]) == data["score"]


def test_coursera_feedback_is_the_text_report_and_the_score_a_fraction():
    data = json.loads(report.to_coursera(MIXED, "A title"))
    assert set(data) == {"fractionalScore", "feedback"}
    assert type(data["fractionalScore"]) is float and data["fractionalScore"] == round(1 / 7, 6)
    assert data["feedback"] == report.to_text(MIXED, "A title")


def test_coursera_score_is_a_float_at_both_ends():
    assert json.loads(report.to_coursera(make_report([("f", "passed", "")])))["fractionalScore"] == 1.0
    zero = json.loads(report.to_coursera(make_report([("f", "failed", "")])))["fractionalScore"]
    assert zero == 0.0 and type(zero) is float


@pytest.mark.parametrize("line", ["x" * 200, "≈ é ✓" * 60, '"\\' * 100], ids=["ascii", "multi-byte", "escaped"])
def test_coursera_feedback_is_cut_below_64_kb_with_a_note_and_the_total_kept(line):
    long = "\n".join([line] * 200)  # 40 KB or more per check
    big = make_report([("f", "failed", long)] * 10)
    document = report.to_coursera(big)
    assert len(document.encode("utf-8")) <= report.COURSERA_LIMIT < 64_000
    feedback = json.loads(document)["feedback"]
    assert feedback.startswith(report.to_text(big)[:1000])
    assert "[The report is too long for Coursera (limit 64 KB): the last " in feedback
    assert feedback.endswith("\n\nTotal: 0 / 10 (0 %)\n" + FOOTER)
    shown = feedback.split("\n\n[The report")[0].splitlines()
    cut_lines = [kept for kept in shown if kept.startswith("    " + line[:3]) and kept != "    " + line]
    assert not cut_lines, "a line was cut in the middle"
    assert sum(kept == "    " + line for kept in shown) > 50


def test_coursera_cut_fits_exactly_the_limit_given():
    big = make_report([("f", "failed", "y" * 3000)] * 10)
    for limit in (2_000, 5_000, 20_000):
        assert len(report.to_coursera(big, limit=limit).encode("utf-8")) <= limit


def junit(text):
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    return root


def test_junit_has_one_testcase_per_check_and_the_right_elements():
    root = junit(report.to_junit(MIXED, "A title"))
    suite = root.find("testsuite")
    for element in (root, suite):
        assert element.attrib["tests"] == "7"
        assert (element.attrib["failures"], element.attrib["errors"], element.attrib["skipped"]) == ("1", "3", "2")
    properties = {p.attrib["name"]: p.attrib["value"] for p in suite.iter("property")}
    assert properties == {"title": "A title", "score": "1", "max_score": "7", "percent": "14", "grader_version": VERSION,
                          "grader_digest": MIXED.digest, "course_version": "v9"}
    cases = suite.findall("testcase")
    assert [c.attrib["classname"] for c in cases] == [f"w9a9.{r.check.function}" for r in MIXED.results]
    assert [c.attrib["name"] for c in cases] == [r.check.name for r in MIXED.results]
    assert [[child.tag for child in c] for c in cases] == [
        [], ["failure"], ["error"], ["error"], ["error"], ["skipped"], ["skipped"]]
    error = cases[2].find("error")
    assert error.attrib == {"type": "error", "message": "backward raised an error: ValueError: bad"}
    assert error.text == MIXED.results[2].output
    assert cases[3].find("error").attrib["type"] == "timeout"
    assert cases[5].find("skipped").attrib["message"].startswith("predict is not implemented yet")
    assert suite.find("system-out").text == MIXED.notes[0]


def test_junit_stays_well_formed_whatever_the_learner_printed():
    printed = "your code printed:\n  | \x1b[31mred\x1b[0m \x00 <tag> & \"quotes\" ✓ \ud800"
    root = junit(report.to_junit(make_report([("f", "failed", printed)])))
    text = root.find("testsuite/testcase/failure").text
    assert "\\x1b[31mred" in text and "\\x00" in text and "\\ud800" in text and "<tag> & \"quotes\" ✓" in text


@pytest.mark.parametrize("fmt", report.FORMATS)
def test_a_lone_surrogate_in_the_output_can_still_be_written_as_utf8(fmt):
    rendered = report.render(make_report([("f", "failed", "your code printed:\n  | bad \ud800 end")]), fmt)
    rendered.encode("utf-8")
    if fmt == "json":  # the documented JSON keeps the string as it is (json.dumps escapes it)
        assert json.loads(rendered)["tests"][0]["output"].endswith("bad \ud800 end")
        return
    data = json.loads(rendered) if fmt in ("gradescope", "coursera") else None
    shown = {"gradescope": lambda: data["tests"][0]["output"], "coursera": lambda: data["feedback"]}
    assert "bad \\ud800 end" in shown.get(fmt, lambda: rendered)()


@pytest.mark.parametrize("fmt", report.FORMATS)
def test_render_gives_every_format(fmt):
    rendered = report.render(MIXED, fmt, "A title")
    assert rendered.endswith("\n")
    if fmt in ("json", "gradescope", "coursera"):
        json.loads(rendered)
    elif fmt == "junit":
        junit(rendered)


def test_a_platform_still_gets_a_document_when_grading_is_impossible():
    gradescope = json.loads(report.cannot_grade("gradescope", "x.txt: expected a .py file"))
    assert gradescope["score"] == 0.0 and gradescope["tests"] == []
    assert "could not grade this submission: x.txt: expected a .py file" in gradescope["output"]
    coursera = json.loads(report.cannot_grade("coursera", "x.txt: expected a .py file"))
    assert coursera == {"fractionalScore": 0.0,
                        "feedback": "The grader could not grade this submission: x.txt: expected a .py file\n"}
    assert all(report.cannot_grade(fmt, "why") is None for fmt in ("text", "json", "junit"))

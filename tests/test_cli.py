"""The ``grade`` command end to end: exact text reports, exit codes, machine formats, --output.

The golden reports in ``tests/golden/`` pin the text a learner reads, byte for byte. After an
intended change of wording, rewrite them with ``NNDL_UPDATE_GOLDEN=1 .venv/bin/pytest
tests/test_cli.py`` and review the diff. Only W2A1 and W4A1 are graded here (each in well under
a second); the cat assignments appear only where their data is missing.
"""

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import engine
from grader.course import builtin as builtin_course
from grader.render import formats
from grader.cli import grade_file, main
from grader.authoring.generate import EXERCISES_DIR, SOLUTIONS_DIR

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("NNDL_UPDATE_GOLDEN") == "1"
W2A1, W4A1 = "w2a1_numpy_basics.py", "w4a1_deep_nn_step_by_step.py"


def variant(tmp_path, name, old, new):
    """solutions/``name`` with one exact replacement, written to tmp_path under the same name."""
    source = (SOLUTIONS_DIR / name).read_text()
    assert source.count(old) == 1, f"{old!r} must occur once in solutions/{name}"
    path = tmp_path / name
    path.write_text(source.replace(old, new))
    return path


def grade(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def stable(text, *folders):
    """The report without what depends on the machine or on any edit of the grader: folders, the
    digest, and the caret lines under a traceback's code (Python 3.11 and later print them, 3.10 does not)."""
    for folder in folders:
        text = text.replace(f"{folder}{os.sep}", "")
    text = re.sub(r"\(digest [0-9a-f]{12}\)", "(digest <digest>)", text)
    return "".join(line for line in text.splitlines(keepends=True) if not re.fullmatch(r"\s*[~^]+\s*", line))


def assert_golden(name, text):
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text)
    assert path.exists(), f"{path} is missing: run with NNDL_UPDATE_GOLDEN=1 to write it"
    assert text == path.read_text(), f"the report differs from {path} (NNDL_UPDATE_GOLDEN=1 rewrites it)"


# --- the text a learner reads ------------------------------------------------------------------

def test_golden_w4a1_reference_has_full_marks():
    result = grade(SOLUTIONS_DIR / W4A1)
    assert result.exit_code == 0 and result.stderr == ""
    assert_golden("w4a1_reference.txt", stable(result.stdout, SOLUTIONS_DIR))


def test_golden_w4a1_stub_is_all_not_implemented():
    result = grade(EXERCISES_DIR / W4A1)
    assert result.exit_code == 1 and result.stderr == ""
    assert_golden("w4a1_stub.txt", stable(result.stdout, EXERCISES_DIR))


def test_golden_w4a1_linear_backward_without_1_over_m(tmp_path, monkeypatch):
    variant(tmp_path, W4A1, "dW = np.dot(dZ, A_prev.T) / m", "dW = np.dot(dZ, A_prev.T)")
    monkeypatch.chdir(tmp_path)
    result = grade(W4A1)
    assert result.exit_code == 1
    assert "the 1/m is missing" in result.stdout
    assert_golden("w4a1_linear_backward_without_1_over_m.txt", stable(result.stdout, tmp_path))


def test_golden_w2a1_softmax_that_raises_points_at_the_learners_line(tmp_path, monkeypatch):
    variant(tmp_path, W2A1, "x_sum = np.sum(x_exp, axis=1, keepdims=True)", "x_sum = np.sum(x_exp, axis=1)")
    monkeypatch.chdir(tmp_path)
    result = grade(W2A1)
    assert result.exit_code == 1
    line = 1 + (SOLUTIONS_DIR / W2A1).read_text().splitlines().index("    s = x_exp / x_sum  # (m, n)")
    assert f'  File "{W2A1}", line {line}, in softmax\n        s = x_exp / x_sum' in result.stdout
    assert "grader" not in result.stdout.split("What did not pass:")[1].split("\nTotal: ")[0], \
        "a frame of the grader is shown"
    assert_golden("w2a1_softmax_without_keepdims_raises.txt", stable(result.stdout, tmp_path))


# --- exit codes ----------------------------------------------------------------------------------

def test_exit_code_0_when_every_check_passes():
    result = grade(SOLUTIONS_DIR / W2A1)
    assert result.exit_code == 0 and "Total: 19 / 19 (100 %)" in result.stdout


def test_exit_code_1_when_a_check_does_not_pass():
    result = grade(EXERCISES_DIR / W2A1)
    assert result.exit_code == 1 and "Total: 0 / 19 (0 %)" in result.stdout


CANNOT_GRADE = {
    "missing file": (["nope.py"], "Error: nope.py: no such file"),
    "not .py or .ipynb": (["notes.txt"], "Error: notes.txt: expected a .py file or a .ipynb notebook, found .txt"),
    "unknown assignment": ([SOLUTIONS_DIR / W2A1, "--assignment", "w9a9"],
                           "Error: unknown assignment 'w9a9'; the assignments are w2a1, w2a2, w3a1, w4a1, w4a2"),
    "unknown function": ([SOLUTIONS_DIR / W2A1, "--only", "tanh"],
                         "Error: tanh is not a graded function of w2a1; its graded functions are basic_sigmoid, "
                         "sigmoid, sigmoid_derivative, image2vector, normalize_rows, softmax, L1, L2"),
    "no folder for --output": ([SOLUTIONS_DIR / W2A1, "--output", "nowhere/results.json"],
                               "Error: cannot write nowhere/results.json: its folder does not exist"),
    "undetectable assignment": (["mine.py"], "Error: cannot tell which assignment mine.py is for;"),
}


@pytest.mark.parametrize("args, reason", CANNOT_GRADE.values(), ids=CANNOT_GRADE.keys())
def test_exit_code_2_with_a_one_line_reason(args, reason, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "mine.py").write_text("def f():\n    return 1\n")
    (tmp_path / "empty").mkdir()
    result = grade(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(reason) and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output


# --- without the cat data: the checks that need it are not run, the others graded ----------------

W2A2 = "w2a2_logistic_regression.py"
CAT_CHECKS = [c.name for c in builtin_course().assignment("w2a2").checks if c.needs_data]  # 3 checks, 4 points


@pytest.fixture
def no_data(tmp_path):
    """An empty folder for --data-dir: the cat data is missing here, even in CI where it is installed."""
    folder = tmp_path / "no-data"
    folder.mkdir()
    return folder


def test_without_the_cat_data_its_checks_are_not_run_and_the_others_graded(no_data):
    result = grade(SOLUTIONS_DIR / W2A2, "--data-dir", no_data)
    assert result.exit_code == 1 and result.stderr == "", result.stderr
    how_to = (f"cat dataset: train_catvnoncat.h5 not found in {no_data} (chosen by --data-dir). Copy the course's "
              f"train_catvnoncat.h5 and test_catvnoncat.h5 into {no_data}, or pass --data-dir DIR, or set "
              f"NNDL_DATA=DIR to the folder that holds them.")
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines if line.endswith("passed")] == [
        "sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"]
    assert any(re.fullmatch(r"  model +1 / 5 +3 of 4 checks not run", line) for line in lines), result.stdout
    assert "What did not pass:" not in lines
    assert lines[lines.index("Not run:") + 1:][:4] == [
        "  model: cat data, first 100 iterations [0 / 1]",
        "  model: cat data, 2000 iterations, same as the reference [0 / 1]",
        "  model: cat data, accuracy [0 / 2]", ""]
    # why, and how to get the data, once
    assert f"  3 checks not run, because the cat data is missing (their 4 points count in the maximum): {how_to}" \
        in lines
    assert result.stdout.count("Copy the course's") == 1
    assert "Total: 16.5 / 20.5 (80 %)" in lines


def test_without_the_cat_data_json_says_not_run(no_data):
    result = grade(SOLUTIONS_DIR / W2A2, "--data-dir", no_data, "--format", "json")
    assert result.exit_code == 1 and result.stderr == "", result.stderr
    data = json.loads(result.stdout)
    assert (data["score"], data["max_score"]) == (16.5, 20.5)
    outcomes = {t["name"]: t["outcome"] for t in data["tests"]}
    assert {name for name, outcome in outcomes.items() if outcome != "passed"} == set(CAT_CHECKS)
    assert {outcomes[name] for name in CAT_CHECKS} == {"not_run"}
    for test in data["tests"]:
        if test["outcome"] == "not_run":
            assert test["status"] == "failed" and test["score"] == 0 and test["max_score"] > 0
            assert f"train_catvnoncat.h5 not found in {no_data}" in test["output"]
            assert "or set NNDL_DATA=DIR to the folder that holds them" in test["output"]


def test_without_the_cat_data_junit_skips_its_checks(no_data):
    result = grade(SOLUTIONS_DIR / W2A2, "--data-dir", no_data, "--format", "junit")
    assert result.exit_code == 1 and result.stderr == "", result.stderr
    suite, counts = junit_counts(result.stdout)
    assert counts == {"tests": 21, "failures": 0, "errors": 0, "skipped": 3}
    skipped = {case.attrib["name"]: case.find("skipped") for case in suite.iter("testcase")
               if case.find("skipped") is not None}
    assert sorted(skipped) == sorted(CAT_CHECKS)
    assert all(element.attrib["message"].startswith("not run: the cat data is missing. cat dataset: ")
               for element in skipped.values())
    properties = {p.attrib["name"]: p.attrib["value"] for p in suite.iter("property")}
    assert (properties["score"], properties["max_score"]) == ("16.5", "20.5")


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_without_the_cat_data_every_format_exits_1(fmt, no_data):
    result = grade(SOLUTIONS_DIR / W2A2, "--data-dir", no_data, "--format", fmt)
    assert result.exit_code == 1 and result.stderr == "", result.stderr


def test_a_check_not_run_never_calls_the_learners_code(no_data, tmp_path):
    # A model that would hang on the cat data (and raise on anything else): were it called for a
    # cat check, that check would time out, not be "not run".
    path = variant(tmp_path, W2A2, '    """Train logistic regression on the training set and predict both sets.',
                   '    if X_train.shape[0] == 64 * 64 * 3:\n        while True:\n            pass\n'
                   '    raise RuntimeError("model is broken")\n'
                   '    """Train logistic regression on the training set and predict both sets.')
    result = grade(path, "--data-dir", no_data, "--format", "json")
    assert result.exit_code == 1, result.stderr
    outcomes = {t["name"]: t["outcome"] for t in json.loads(result.stdout)["tests"] if t["function"] == "model"}
    assert outcomes == {"model: course public test (seed 0, 50 iterations)": "error",
                        **{name: "not_run" for name in CAT_CHECKS}}


def test_validate_refuses_without_the_cat_data(monkeypatch, no_data):
    from grader.authoring import generate as gen

    some = [p for p in gen.solution_files() if gen.assignment_id(p) in ("w2a1", "w2a2")]
    monkeypatch.setattr(gen, "solution_files", lambda course=None: some)
    monkeypatch.setenv("NNDL_DATA", str(no_data))
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"Error: cannot validate without the cat data (every solution must score 100 %): "
                             f"cat dataset: train_catvnoncat.h5 not found in {no_data} (chosen by $NNDL_DATA). "
                             f"Copy the course's train_catvnoncat.h5 and test_catvnoncat.h5 into {no_data}, or pass "
                             f"--data-dir DIR, or set NNDL_DATA=DIR to the folder that holds them.\n")


# --- --assignment that does not match the file: one warning line, then graded as asked -----------

def test_a_file_of_another_assignment_gets_one_warning_line(monkeypatch):
    monkeypatch.chdir(SOLUTIONS_DIR)
    for fmt in ("text", "json"):
        result = grade(W4A1, "--assignment", "w2a1", "--format", fmt)
        assert result.exit_code == 1
        assert result.stderr == (f"warning: {W4A1} defines the functions of w4a1 (10 of 10), not those of w2a1 "
                                 f"(0 of 8); grading it as w2a1 as asked\n")
        if fmt == "json":  # stdout stays the report alone
            assert json.loads(result.stdout)["assignment"] == "w2a1"
        else:
            assert result.stdout.startswith("w2a1 ") and "Total: 0 / 19 (0 %)" in result.stdout


@pytest.mark.parametrize("source", [(SOLUTIONS_DIR / W2A1).read_text(), "def f():\n    return 1\n"],
                         ids=["matching", "defines-none"])
def test_no_warning_when_the_file_matches_or_defines_no_graded_function(source, tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(source)
    result = grade(path, "--assignment", "w2a1", "--only", "sigmoid")
    assert result.exit_code in (0, 1) and result.stderr == "", result.stderr


# --- machine formats ---------------------------------------------------------------------------

@pytest.fixture
def softmax_raises(tmp_path):
    """W2A1 with softmax's keepdims missing: 2 checks raise, 1 fails, 19 pass (16.5 / 19)."""
    return variant(tmp_path, W2A1, "x_sum = np.sum(x_exp, axis=1, keepdims=True)", "x_sum = np.sum(x_exp, axis=1)")


def test_json_keeps_the_documented_keys(softmax_raises):
    result = grade(softmax_raises, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"assignment", "course_version", "grader", "score", "max_score", "execution_time", "tests",
                         "advice"}
    assert (data["assignment"], data["score"], data["max_score"]) == ("w2a1", 16.5, 19.0)
    assert {t["outcome"] for t in data["tests"]} == {"passed", "failed", "error"}
    for test in data["tests"]:
        assert set(test) == {"name", "function", "kind", "status", "outcome", "score", "max_score", "output",
                             "mistake"}
    # the known mistake is a field of its own, as the message names it
    named = [t for t in data["tests"] if t["mistake"]]
    assert named and all(f"It matches a known mistake: {t['mistake']}" in t["output"] for t in named)


def test_gradescope_results(softmax_raises):
    result = grade(softmax_raises, "--format", "gradescope")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {"score", "execution_time", "output", "tests", "visibility"} <= set(data)
    assert data["score"] == 16.5 and isinstance(data["execution_time"], float)
    assert "softmax               0.5 / 3     3 of 4 checks not passed" in data["output"]
    assert len(data["tests"]) == 22
    for test in data["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["status"] in ("passed", "failed") and test["visibility"] == "visible"
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    assert [t["name"] for t in failed] == ["softmax: course example (2, 5)", "softmax: a (4, 3) matrix",
                                           "softmax: a square (3, 3) matrix"]
    assert all(t["score"] == 0 for t in failed)


def test_coursera_feedback_is_the_text_report(softmax_raises):
    text = grade(softmax_raises).stdout
    result = grade(softmax_raises, "--format", "coursera")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"fractionalScore", "feedback"}
    assert data["fractionalScore"] == round(16.5 / 19, 6)
    assert data["feedback"] == text


def test_coursera_feedback_stays_below_64_kb(tmp_path):
    # L1 is wrong and prints a lot on every call: the text report is over 100 KB.
    path = variant(tmp_path, W2A1, "loss = np.sum(np.abs(y - yhat))",
                   "print(('debug ' * 1000 + '\\n') * 30); loss = np.sum(y - yhat)")
    assert len(grade(path, "--only", "L1").stdout.encode("utf-8")) > 100_000
    result = grade(path, "--only", "L1", "--format", "coursera")
    assert result.exit_code == 1
    assert len(result.stdout.encode("utf-8")) < 64_000
    feedback = json.loads(result.stdout)["feedback"]
    assert "[The report is too long for Coursera (limit 64 KB)" in feedback
    assert re.search(r"\nTotal: 0 / 2 \(0 %\)\nGraded by nndl-grader [^\n]+\n$", feedback)


def junit_counts(text):
    suite = ET.fromstring(text.encode("utf-8")).find("testsuite")
    counts = {key: int(suite.attrib[key]) for key in ("tests", "failures", "errors", "skipped")}
    elements = {tag: len(suite.findall(f"testcase/{tag}")) for tag in ("failure", "error", "skipped")}
    assert elements == {"failure": counts["failures"], "error": counts["errors"], "skipped": counts["skipped"]}
    assert len(suite.findall("testcase")) == counts["tests"]
    return suite, counts


def test_junit_counts_failures_and_errors(softmax_raises):
    result = grade(softmax_raises, "--format", "junit")
    assert result.exit_code == 1
    suite, counts = junit_counts(result.stdout)
    assert counts == {"tests": 22, "failures": 1, "errors": 2, "skipped": 0}
    classnames = {case.attrib["classname"] for case in suite.iter("testcase")}
    assert "w2a1.softmax" in classnames and len(classnames) == 8


def test_junit_skips_what_is_not_implemented():
    result = grade(EXERCISES_DIR / W2A1, "--format", "junit")
    assert result.exit_code == 1
    assert junit_counts(result.stdout)[1] == {"tests": 22, "failures": 0, "errors": 0, "skipped": 22}


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_whatever_the_learner_prints_every_format_is_written(fmt, tmp_path):
    # Terminal colours, a NUL and a lone surrogate: not valid in XML, the last not even in UTF-8.
    path = variant(tmp_path, W2A1, "loss = np.sum(np.abs(y - yhat))",
                   'print("bad \\ud800 \\x1b[31mred\\x00"); loss = np.sum(y - yhat)')
    result = grade(path, "--only", "L1", "--format", fmt)
    assert result.exit_code == 1 and result.stderr == "", result.stderr
    if fmt == "junit":
        ET.fromstring(result.stdout.encode("utf-8"))
    elif fmt == "html":  # the learner's print, shown as text, its control characters and surrogate escaped
        assert result.stdout.startswith("<!DOCTYPE html>") and "bad \\ud800 \\x1b[31mred\\x00" in result.stdout
    elif fmt != "text":
        json.loads(result.stdout)


# --- --output -------------------------------------------------------------------------------------

def test_output_writes_the_report_to_a_file_and_keeps_the_exit_code(softmax_raises, tmp_path):
    target = tmp_path / "out" / "report.txt"
    target.parent.mkdir()
    target.write_text("an older report")
    result = grade(softmax_raises, "--output", target)
    assert result.exit_code == 1 and result.stdout == ""
    assert target.read_text() == grade(softmax_raises).stdout
    assert os.listdir(target.parent) == ["report.txt"], "a temporary file was left behind"


@pytest.mark.parametrize("fmt", ["json", "gradescope", "coursera", "junit"])
def test_output_in_every_machine_format(fmt, tmp_path):
    target = tmp_path / "results"
    result = grade(SOLUTIONS_DIR / W2A1, "--format", fmt, "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    text = target.read_text(encoding="utf-8")
    ET.fromstring(text) if fmt == "junit" else json.loads(text)


@pytest.mark.parametrize("fmt, key", [("gradescope", "output"), ("coursera", "feedback")])
def test_a_platform_gets_the_reason_when_the_submission_cannot_be_graded(fmt, key, tmp_path):
    submission = tmp_path / "homework.pdf"
    submission.write_text("%PDF")
    target = tmp_path / "results.json"
    result = grade(submission, "--format", fmt, "--output", target)
    assert result.exit_code == 2 and "expected a .py file or a .ipynb notebook, found .pdf" in result.stderr
    data = json.loads(target.read_text())
    assert data.get("score", data.get("fractionalScore")) == 0.0
    assert data[key].startswith("The grader could not grade this submission: ")
    assert "found .pdf" in data[key]


# --- the progress indicator ----------------------------------------------------------------------

class Terminal(io.StringIO):
    def isatty(self):
        return True


def engine_with_progress(monkeypatch):
    """engine.grade_many with a ``progress`` parameter as the CLI expects it; returns what it was given."""
    real, given = engine.grade_many, []

    def grade_many(items, *, progress=None, **options):
        given.append(progress)
        if "progress" in __import__("inspect").signature(real).parameters:
            return real(items, progress=progress, **options)
        reports = real(items, **options)
        total = sum(len(r.results) for r in reports)
        for done in range(total + 1) if progress else ():
            progress(done, total)
        return reports

    monkeypatch.setattr(engine, "grade_many", grade_many)
    return given


def test_progress_is_shown_on_a_terminal_and_cleared(monkeypatch):
    given = engine_with_progress(monkeypatch)
    terminal = Terminal()
    monkeypatch.setattr(grade_file, "_terminal", lambda: terminal)
    result = grade(SOLUTIONS_DIR / W2A1)
    assert result.exit_code == 0 and result.stdout == grade(SOLUTIONS_DIR / W2A1).stdout
    assert given[0] is not None
    shown = terminal.getvalue()
    assert shown.startswith("\rgrading w2a1: 0 / 22 checks done")
    assert "\rgrading w2a1: 22 / 22 checks done" in shown
    assert shown.endswith("\r" + " " * len("grading w2a1: 22 / 22 checks done") + "\r")


@pytest.mark.parametrize("fmt", ["json", "gradescope", "coursera", "junit"])
def test_no_progress_in_machine_formats(fmt, monkeypatch):
    given = engine_with_progress(monkeypatch)
    terminal = Terminal()
    monkeypatch.setattr(grade_file, "_terminal", lambda: terminal)
    assert grade(SOLUTIONS_DIR / W2A1, "--only", "L1", "--format", fmt).exit_code == 0
    assert given == [None] and terminal.getvalue() == ""


def test_no_progress_when_stderr_is_not_a_terminal(monkeypatch):
    given = engine_with_progress(monkeypatch)
    result = grade(SOLUTIONS_DIR / W2A1, "--only", "L1")  # CliRunner's stderr is not a terminal
    assert result.exit_code == 0 and result.stderr == "" and given == [None]


def quick_material(monkeypatch, tmp_path=None):
    """Narrow `grade validate` to the two assignments that grade in a second (W2A1, W4A1)."""
    from grader.authoring import generate as gen

    quick = [p for p in gen.solution_files() if gen.assignment_id(p) in ("w2a1", "w4a1")]
    monkeypatch.setattr(gen, "solution_files", lambda course=None: quick)
    return gen, quick


def test_validate_passes_on_the_course_material(monkeypatch):
    quick_material(monkeypatch)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "solutions/w4a1_deep_nn_step_by_step.py" in result.output and "100 %" in result.output
    assert "exercises/w2a1_numpy_basics.ipynb" in result.output and "0, all not implemented" in result.output
    assert result.output.rstrip().endswith("validation passed")


def test_validate_fails_with_exit_1_when_an_exercise_is_stale(monkeypatch, tmp_path):
    gen, quick = quick_material(monkeypatch)
    for solution in quick:  # a copy of exercises/ with one stub edited by hand
        for suffix in (".py", ".ipynb"):
            (tmp_path / f"{solution.stem}{suffix}").write_text((gen.EXERCISES_DIR / f"{solution.stem}{suffix}").read_text())
    stub = tmp_path / "w2a1_numpy_basics.py"
    stub.write_text(stub.read_text().replace('raise NotImplementedError("sigmoid: your code here")',
                                             "s = 1 / (1 + np.exp(-x))"))
    monkeypatch.setattr(gen, "EXERCISES_DIR", tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert "problem: out of date: " in result.output and "w2a1_numpy_basics.py (run `grade generate`)" in result.output
    assert "sigmoid" in result.output and "(a stub must raise NotImplementedError)" in result.output
    assert result.output.rstrip().endswith("validation failed")


def test_the_command_line_offers_every_format_the_renderer_has():
    # grade_file keeps its own copy so that `grade --help` imports no renderer: the two must agree.
    assert grade_file.FORMATS == formats.FORMATS

"""``grade FILE --only NAME`` takes a graded function's name in the version the file is graded against,
and its newest name for any version.

The W2A1 v3a notebook (``tests/test_versions.py``: ``Python_Basics_With_Numpy_v3a.ipynb``) names
``normalize_rows`` ``normalizeRows``. On that file both names choose the same checks, reported under
the file's name, ``normalizeRows``. On a file graded as the newest version only the newest name is
known: an old name there is an error that says which version uses it and what to pass instead.
"""

import json

import pytest
from click.testing import CliRunner

from grader import engine
from grader.cli import main
from grader.course import builtin as builtin_course
from test_versions import W2A1_V3A, notebook

SOLUTION = builtin_course().assignment("w2a1").solution_file  # the newest contract: normalize_rows
NEWEST_FUNCTIONS = "basic_sigmoid, sigmoid, sigmoid_derivative, image2vector, normalize_rows, softmax, L1, L2"


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """A cache of the test's own: the gradings here keep their results, and must not read another's."""
    monkeypatch.setenv("NNDL_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def v3a(tmp_path):
    return notebook(tmp_path / "Python_Basics_With_Numpy_v3a.ipynb", *W2A1_V3A)


def grade(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def graded_json(path, *only):
    """The JSON report of ``grade path --only ...`` (exit code 0 asserted)."""
    found = grade(path, *[arg for name in only for arg in ("--only", name)], "--format", "json", "--no-cache")
    assert found.exit_code == 0, found.output
    return json.loads(found.stdout)


def v3a_checks(function):
    return [c.name for c in builtin_course().assignment("w2a1", "v3a").checks if c.function == function]


@pytest.mark.parametrize("name", ["normalizeRows", "normalize_rows"])
def test_either_name_grades_only_that_functions_checks_with_full_marks(v3a, name):
    report = graded_json(v3a, name)
    assert report["course_version"] == "v3a"
    assert [t["name"] for t in report["tests"]] == v3a_checks("normalizeRows") != []
    assert {t["function"] for t in report["tests"]} == {"normalizeRows"}  # the name the file uses
    assert {t["status"] for t in report["tests"]} == {"passed"}
    assert report["score"] == report["max_score"] == 3


def test_the_text_report_shows_the_files_name_whichever_name_was_passed(v3a):
    found = grade(v3a, "--only", "normalize_rows", "--no-cache")
    assert found.exit_code == 0, found.output
    rows = [line.split() for line in found.stdout.splitlines() if line.startswith("  ")]
    assert rows == [["normalizeRows", "3", "/", "3", "passed"]]
    assert found.stdout.rstrip().endswith("checks for the course's w2a1 v3a")


def test_both_names_of_one_function_grade_its_checks_once(v3a):
    report = graded_json(v3a, "normalize_rows", "normalizeRows", "softmax")
    assert [t["name"] for t in report["tests"]] == v3a_checks("normalizeRows") + v3a_checks("softmax")


def test_an_unknown_name_lists_the_names_of_the_files_version(v3a):
    found = grade(v3a, "--only", "bogus")
    assert found.exit_code == 2 and found.stdout == ""
    assert found.stderr.splitlines()[-1] == (
        "Error: bogus is not a graded function of w2a1 v3a; its graded functions are basic_sigmoid, sigmoid, "
        "sigmoid_derivative, image2vector, normalizeRows (or normalize_rows), softmax, L1, L2")
    two = grade(v3a, "--only", "bogus", "--only", "tanh", "--only", "softmax")
    assert two.exit_code == 2
    assert two.stderr.splitlines()[-1].startswith("Error: bogus, tanh are not graded functions of w2a1 v3a; ")


def test_the_old_name_on_a_file_of_the_newest_version_says_which_name_to_pass():
    """The newest file is graded as v1.2, whose function is normalize_rows: normalizeRows is only v3a's name.
    Grading it anyway would take a name the file's version does not know; the error names both instead."""
    found = grade(SOLUTION, "--only", "normalizeRows")
    assert found.exit_code == 2 and found.stdout == ""
    assert found.stderr.splitlines()[-1] == (
        f"Error: normalizeRows is not a graded function of w2a1; its graded functions are {NEWEST_FUNCTIONS}. "
        f"normalizeRows is what w2a1 v3a names normalize_rows, and this file is graded as v1.2: pass --only "
        f"normalize_rows, or --course-version v3a if the file is a v3a notebook")
    assert graded_json(SOLUTION, "normalize_rows")["score"] == 3  # what the error says to pass


def test_a_pinned_older_version_takes_its_own_name_and_the_newest(v3a):
    """--course-version v3a on the newest file: both names choose the v3a checks, which find no normalizeRows."""
    for name in ("normalizeRows", "normalize_rows"):
        found = grade(SOLUTION, "--only", name, "--course-version", "v3a", "--format", "json", "--no-cache")
        assert found.exit_code == 1, found.output
        report = json.loads(found.stdout)
        assert [t["name"] for t in report["tests"]] == v3a_checks("normalizeRows")
        assert {t["outcome"] for t in report["tests"]} == {"missing"}


def test_the_engine_takes_either_name_too(v3a):
    """``engine.grade(..., only=...)`` (the notebook's check, grade audit): the same names as the command."""
    grading = engine.grade(v3a, "w2a1", only=["normalize_rows"], reference_cache=None)
    assert [r.check.name for r in grading.results] == v3a_checks("normalizeRows")
    assert grading.score == grading.max_score == 3


def test_only_functions_maps_each_name_to_the_versions_name():
    course = builtin_course()
    older, newest = course.assignment("w2a1", "v3a"), course.assignment("w2a1")
    assert engine.only_functions(older, ["normalize_rows", "L1", "normalizeRows", "nope"]) == (
        ("normalizeRows", "L1"), ["nope"])
    assert engine.only_functions(newest, ["normalize_rows", "normalizeRows"]) == (("normalize_rows",), ["normalizeRows"])


class _Progress:
    """What the notebook's grading process reports to (``grader.notebook.server.check``): nothing kept here."""

    expected = None

    def __call__(self, done, total):
        pass

    def checked(self, result):
        pass


@pytest.mark.parametrize("name", ["normalizeRows", "normalize_rows"])
def test_the_notebooks_check_takes_either_name_of_an_old_function(v3a, name):
    """``check(normalizeRows)`` in a v3a notebook (the name its function has), or the newest name: that
    function's checks, as the notebook's version names them (what the kernel's check(...) asks the grading
    process for, without the kernel)."""
    from grader.notebook import server

    reply = server.check({"source": {"file": str(v3a)}, "functions": [name]}, _Progress())
    assert reply["course_version"] == "v3a" and reply["functions"] == ["normalizeRows"]
    assert [t["name"] for t in reply["tests"]] == v3a_checks("normalizeRows")
    assert reply["score"] == reply["max_score"] == 3


def test_the_notebooks_check_refuses_an_old_name_in_a_newest_file():
    from grader.errors import CannotGrade
    from grader.notebook import server

    with pytest.raises(CannotGrade, match="normalizeRows is not a graded function of w2a1"):
        server.check({"source": {"file": str(SOLUTION)}, "functions": ["normalizeRows"]}, _Progress())

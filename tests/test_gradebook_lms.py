"""Gradebooks an LMS takes: ``percent``, blank or 0, a gradebook per assignment, Canvas and Moodle files,
escaped formulas, files that are not submissions, ``--regrade``, and the ``[k/N]`` progress line.

Two small classes made from solutions/ (W2A1 and W4A1, which grade in about a second), each graded once
per module through the command line: a mixed one with ``--gradebook canvas`` and a W2A1 one with
``--gradebook moodle``, against the sample exports in tests/fixtures/lms/ (written from the LMSes'
documentation of their exports). The rules themselves are tested on reports made here.
"""

import csv
import io
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from grader.batch import pool, run as batch_run
from grader.batch.discover import find_submissions, left_out
from grader.batch.grade import could_not_grade
from grader.cli.batch import batch_command
from grader.course import builtin as builtin_course
from grader.errors import CannotGrade
from grader.render import gradebook as gb

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lms"
CANVAS_EXPORT, MOODLE_EXPORT = FIXTURES / "canvas_export.csv", FIXTURES / "moodle_export.csv"
W2A1 = (ROOT / "solutions" / "w2a1_numpy_basics.py").read_text()
W4A1 = (ROOT / "solutions" / "w4a1_deep_nn_step_by_step.py").read_text()
COURSE = builtin_course()
W2A1_MAX, W4A1_MAX = COURSE.assignment("w2a1").points, COURSE.assignment("w4a1").points  # 19, 39.5
W4A1_TITLE = COURSE.assignment("w4a1").title
FORMULA_NAME = '=HYPERLINK("x","click")'
PROGRESS = re.compile(r"^\[\s*(\d+)/(\d+)\] (\S+)", re.M)


def edit(source, old, new):
    assert source.count(old) == 1, old
    return source.replace(old, new)


SIGMOID_BUG = edit(W2A1, "s = 1 / (1 + np.exp(-x))\n    # END SOLUTION", "s = 1 / (1 + np.exp(x))\n    # END SOLUTION")
L1_BUG = edit(W2A1, "loss = np.sum(np.abs(y - yhat))", "loss = np.sum(y - yhat)")
DW_BUG = edit(W4A1, "dW = np.dot(dZ, A_prev.T) / m", "dW = np.dot(dZ, A_prev.T)")


def notebook(source):
    return nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]))


# Matched with canvas_export.csv: asmith (SIS Login ID), bob.jones (the login's part before @), cchen's folder,
# Dora by the name Canvas gives a downloaded submission (her Canvas ID, 34), mallory (whose Canvas name is a
# formula). gus's file is not a notebook (and no user's); the formula-named one is no user's either.
MIXED = {
    "asmith.py": W2A1,
    "bob.jones.py": SIGMOID_BUG,
    "cchen/w4a1_deep_nn_step_by_step.py": DW_BUG,
    "cchen/notes.txt": "my notes",
    "diazdora_34_5678_w4a1_deep_nn_step_by_step.py": W4A1,
    "mallory.py": L1_BUG,
    "gus.ipynb": "this is not a notebook\n",
    f"{FORMULA_NAME}.py": W2A1,
    # not submissions
    "README.md": "# the class of 2025\n",
    "LICENSE": "CC-BY\n",
    ".DS_Store": "\0\0",
    "__MACOSX/._asmith.py": "\0",
    ".hidden/x.py": W2A1,
}
MIXED_NAMES = ["asmith", "bob.jones", "cchen", "diazdora_34_5678_w4a1_deep_nn_step_by_step", "mallory", "gus",
               FORMULA_NAME]
# Matched with moodle_export.csv: alice.smith (the email's part before @), bjones (a notebook), 1003 (Carol's
# ID number: a folder of two candidate files, which cannot be graded: 0), dee (by --roster-map); stranger is
# no user's.
W2A1_ONLY = {
    "alice.smith.py": W2A1,
    "bjones.ipynb": notebook(SIGMOID_BUG),
    "1003/first_try.py": W2A1,
    "1003/second_try.py": W2A1,
    "dee.py": L1_BUG,
    "stranger.py": W2A1,
}
ROSTER_MAP = "submission,user\ndee,ddiaz@uni.example\n"


def make(folder, files):
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    return folder


def run(*args):
    return CliRunner().invoke(batch_command, [str(a) for a in args], catch_exceptions=False)


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def table(path, key="submission"):
    with open(path, newline="", encoding="utf-8") as f:
        return {row[key]: row for row in csv.DictReader(f)}


def notes(output):
    return [line[len("note: "):] for line in output.splitlines() if line.startswith("note: ")]


@pytest.fixture(scope="module")
def canvas(tmp_path_factory):
    """The mixed class graded with --gradebook canvas: (class folder, results folder, CliRunner result)."""
    root = tmp_path_factory.mktemp("canvas")
    folder = make(root / "class", MIXED)
    result = run(folder, "--out", root / "results", "--jobs", 2, "--gradebook", "canvas", "--roster", CANVAS_EXPORT)
    return folder, root / "results", result


@pytest.fixture(scope="module")
def moodle(tmp_path_factory):
    """The W2A1 class graded with --gradebook moodle and a --roster-map: (class, results, CliRunner result)."""
    root = tmp_path_factory.mktemp("moodle")
    folder = make(root / "class", W2A1_ONLY)
    (root / "map.csv").write_text(ROSTER_MAP)
    result = run(folder, "--out", root / "results", "--jobs", 2, "--gradebook", "moodle", "--roster", MOODLE_EXPORT,
                 "--roster-map", root / "map.csv")
    return folder, root / "results", result


# ------------------------------------------------------------------------------------------ the rules


def test_ours_recognises_the_grader_s_failures_by_their_prefix():
    record = {"submission": "alice", "file": "alice.py", "sha256": None, "assignment": None}
    # as grader.batch.pool, grader.batch.grade and grader.batch.cluster write them
    from grader.batch.cluster import DIED, REFUSED

    for reason in ("the grader process died while grading it (exit code -9); running the batch again retries it",
                   "the grader failed on this submission (a bug in the grader, please report it): KeyError: 'x'",
                   "the grader failed on this submission on a Dask worker (a bug in the grader, please report it): "
                   "ValueError: y",
                   f"{DIED} 3 times (Dask's allowed failures: distributed.scheduler.allowed-failures); running the "
                   f"batch again retries it",
                   f"{REFUSED}: it cannot confine learner code",
                   "the cluster went away"):
        assert gb.ours(could_not_grade(record, reason)["status"]), reason
    # the learner's doing, or graded
    for status in ("could not grade: cannot read gus.ipynb as a notebook: its JSON is broken at line 1",
                   "could not grade: cannot tell which assignment dave.py is for; pass --assignment",
                   "could not grade: ivan/ holds several candidate files (a.py, b.py)",
                   "could not grade: cannot read x.py: Permission denied",
                   "could not grade: x.py says: the grader process died",  # a learner's text, not our prefix
                   "graded", "graded (crashed: softmax)", None):
        assert not gb.ours(status), status
    assert all(prefix.startswith("could not grade: ") for prefix in gb.OUR_FAILURES)


@pytest.mark.parametrize("score, top, expected", [
    (19, 19, 100), (16.5, 19, 87), (18.9, 19, 99), (0.05, 19, 1), (0, 19, 0), (9.5, 19, 50), (1, 0, 0)])
def test_percent_is_the_learner_report_s(score, top, expected):
    assert gb.percent(score, top) == expected


def test_text_cells_that_a_spreadsheet_would_run_are_escaped_and_numbers_are_not():
    text = gb._csv([[FORMULA_NAME, "-2+3", "+1", "@SUM(A1)", "\tx", "\rx", "a=b", "", None, -1.5, 0, 16.5]])
    assert next(csv.reader(io.StringIO(text, newline=""))) == [
        "'" + FORMULA_NAME, "'-2+3", "'+1", "'@SUM(A1)", "'\tx", "'\rx", "a=b", "", "", "-1.5", "0", "16.5"]


def report(name, assignment, status="graded", score=None, tests=()):
    top = COURSE.assignment(assignment).points if assignment else None
    r = {"submission": name, "assignment": assignment, "status": status, "tests": list(tests)}
    if status.startswith("graded"):
        r.update(score=score if score is not None else top, max_score=top)
    return r


DIED_STATUS = "could not grade: the grader process died while grading it (exit code -9); running the batch again retries it"


def test_blank_for_our_failures_zero_for_the_learner_s_in_one_assignment_s_gradebook():
    reports = [report("ann", "w2a1", score=16.5, tests=[{"function": "sigmoid", "score": 0.0},
                                                        {"function": "L1", "score": 2.0}]),
               report("ben", "w2a1", DIED_STATUS),
               report("cat", None, "could not grade: cannot read cat.ipynb as a notebook"),
               report("-dan", "w2a1", "-not a status of ours, but text all the same")]
    books = gb.gradebooks(reports, COURSE)
    assert list(books) == ["gradebook.csv"]  # one assignment: its functions in gradebook.csv
    got = rows_of(books["gradebook.csv"])
    assert got[0] == ["submission", "assignment", *COURSE.assignment("w2a1").functions, "total", "max", "percent",
                      "status"]
    by_name = {row[0]: row for row in got[1:]}
    assert by_name["ann"][-4:] == ["16.5", "19", "87", "graded"] and by_name["ann"][3] == "0"  # sigmoid
    assert by_name["ben"][-4:-1] == ["", "19", ""]  # blank: an import must not take it for a grade
    assert by_name["cat"][1] == "" and by_name["cat"][-4:-1] == ["0", "19", "0"]  # counts for the class's w2a1
    assert by_name["'-dan"][-1] == "'-not a status of ours, but text all the same"


def rows_of(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def test_several_assignments_get_a_gradebook_each_and_one_of_every_submission(tmp_path):
    reports = [report("ann", "w2a1"), report("ben", "w4a1", DIED_STATUS), report("cy", "w4a1", score=20),
               report("cat", None, "could not grade: cannot tell which assignment cat.py is for")]
    written = gb.write_gradebooks(tmp_path, reports, COURSE)
    assert [p.name for p in written] == ["gradebook-w2a1.csv", "gradebook-w4a1.csv"]
    assert rows(tmp_path / "gradebook.csv") == [
        ["submission", "assignment", "total", "max", "percent", "status"],
        ["ann", "w2a1", "19", "19", "100", "graded"],
        ["ben", "w4a1", "", "39.5", "", DIED_STATUS],
        ["cy", "w4a1", "20", "39.5", "51", "graded"],
        ["cat", "", "0", "", "0", "could not grade: cannot tell which assignment cat.py is for"]]
    w4a1 = rows(tmp_path / "gradebook-w4a1.csv")
    assert w4a1[0][2:-4] == list(COURSE.assignment("w4a1").functions)  # its own initialize_parameters column
    assert [row[0] for row in w4a1[1:]] == ["ben", "cy"]
    assert [row[0] for row in rows(tmp_path / "gradebook-w2a1.csv")[1:]] == ["ann"]
    # The same folder, the class now of one assignment: the other assignment's gradebook goes, as an old LMS file.
    (tmp_path / "canvas-w4a1.csv").write_text("old")
    said = []
    assert gb.write_gradebooks(tmp_path, reports[:1], COURSE, echo=said.append) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gradebook.csv"]
    assert said == ["removed gradebook-w2a1.csv, gradebook-w4a1.csv, canvas-w4a1.csv of an earlier run: not of these "
                    "reports (an assignment no longer in the class; an LMS file is rebuilt by --gradebook)"]


# --------------------------------------------------------------------------------------- the rosters


def test_rosters_are_read_from_the_lms_exports():
    roster = gb.read_roster(CANVAS_EXPORT, "canvas")
    assert [roster.label(u) for u in range(len(roster.users))] == [
        "Smith, Alice (asmith)", "Jones, Bob (bob.jones@uni.example)", "Chen, Carol (cchen)", "Diaz, Dora (ddiaz)",
        "=1+2, Mallory (mallory)"]  # not the posting-policy row, nor Canvas's test student
    assert [roster.header[i] for i in roster.identity] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert [roster.header[i] for i in roster.grades] == ["W2A1 Python Basics with NumPy (2001)", "Quiz 1 (2002)"]
    assert roster.columns("w2a1", "Python Basics with NumPy") == [5] and roster.columns("w4a1", W4A1_TITLE) == []
    found, problems = roster.match(["asmith", "BOB.JONES", "A1003", "smithalice_31_999_w2a1", "Diaz, Dora",
                                    "Dora Diaz", "nobody"])
    assert found == {"asmith": 0, "BOB.JONES": 1, "A1003": 2, "smithalice_31_999_w2a1": 0, "Diaz, Dora": 3,
                     "Dora Diaz": 3}
    assert list(problems) == ["nobody"]
    roster = gb.read_roster(MOODLE_EXPORT, "moodle")
    assert [roster.header[i] for i in roster.identity] == ["First name", "Last name", "ID number", "Email address"]
    assert [roster.header[i] for i in roster.grades] == ["Assignment: W2A1 Python Basics with NumPy (Real)",
                                                         "Quiz: Week 1 quiz (Real)"]
    found, _ = roster.match(["alice.smith", "1002", "carol.chen@uni.example", "Dora Diaz_123456_assignsubmission_file_"])
    assert found == {"alice.smith": 0, "1002": 1, "carol.chen@uni.example": 2,
                     "Dora Diaz_123456_assignsubmission_file_": 3}


@pytest.mark.parametrize("lms, text, message", [
    ("canvas", "name,email\nAlice,a@x\n", "is not a Canvas gradebook export: its first columns are name, email"),
    ("moodle", "First name,Last name\nAlice,Smith\n", "has no column Email address, ID number or Username"),
    ("canvas", "", "is empty"),
    ("moodle", "First name,Email address\nAl\xe9,x\n", None),  # read as UTF-8: fine
], ids=["not-canvas", "moodle-without-identifier", "empty", "utf8"])
def test_a_roster_that_is_not_the_lms_export_is_a_clear_error(tmp_path, lms, text, message):
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    if message is None:
        assert gb.read_roster(path, lms).users == [["Alé", "x"]]
        return
    with pytest.raises(CannotGrade, match=re.escape(message)):
        gb.read_roster(path, lms)


def test_a_roster_map_must_name_users_of_the_roster(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("submission,user\nzed,nobody@uni.example\n")
    with pytest.raises(CannotGrade, match=r"names users that the roster .* does not single out: nobody@uni.example "
                                          r"\(no user\)"):
        gb.read_roster(CANVAS_EXPORT, "canvas", path)
    path.write_text("name,login\nzed,asmith\n")
    with pytest.raises(CannotGrade, match="expected the header submission,user"):
        gb.read_roster(CANVAS_EXPORT, "canvas", path)


def test_lms_files_leave_out_what_is_not_a_final_grade_and_say_so():
    roster = gb.read_roster(CANVAS_EXPORT, "canvas")
    not_run = [{"function": "model", "score": 0.0, "outcome": "not_run"}]
    reports = [report("asmith", "w2a1", score=9.5),
               report("bob.jones", "w2a1", DIED_STATUS),  # ours: left out, never blank
               report("cchen", "w2a1", "graded (not run, cat data missing: model)", score=3, tests=not_run),
               report("mallory", None, "could not grade: cannot read mallory.ipynb as a notebook"),  # 0
               report("ddiaz", "w2a1"), report("smithdora_34_1_w2a1", "w2a1")]  # two for Dora
    files, said = gb.lms_files(reports, COURSE, roster)
    assert rows_of(files["canvas-w2a1.csv"]) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "W2A1 Python Basics with NumPy (2001)"],
        ["Points Possible", "", "", "", "", "100"],
        ["Smith, Alice", "31", "A1001", "asmith", "NNDL 2025 Section 1", "50"],  # 9.5 of 19, out of 100
        ["'=1+2, Mallory", "35", "A1005", "mallory", "NNDL 2025 Section 2", "0"]]
    assert said == [
        'canvas-w2a1.csv: 2 grades for the column "W2A1 Python Basics with NumPy (2001)", out of 100, scaled from 19',
        "canvas-w2a1.csv: 0 for mallory: could not be graded, the learner's doing (gradebook.csv says why)",
        "canvas-w2a1.csv: left out (their Canvas grade stays as it is): could not be graded because of the grader "
        "(running the batch again retries them): bob.jones",
        "canvas-w2a1.csv: left out (their Canvas grade stays as it is): graded without the checks that need the cat "
        "data (grade them again with --data-dir before importing): cchen",
        "canvas-w2a1.csv: left out (their Canvas grade stays as it is): several submissions for one user (keep one, "
        "or map them in a --roster-map file): Diaz, Dora (ddiaz): ddiaz, smithdora_34_1_w2a1"]
    files, said = gb.lms_files(reports[:1], COURSE, gb.read_roster(MOODLE_EXPORT, "moodle"))
    assert said[0].startswith("1 submission matched no Moodle user of moodle_export.csv") and "asmith" in said[0]
    assert rows_of(files["moodle-w2a1.csv"]) == [["First name", "Last name", "ID number", "Email address",
                                                  "Assignment: W2A1 Python Basics with NumPy (Real)"]]


def test_an_assignment_with_several_columns_in_the_export_gets_no_file(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(CANVAS_EXPORT.read_text().replace("Quiz 1 (2002)", "W2A1 retake (2003)"))
    files, said = gb.lms_files([report("asmith", "w2a1")], COURSE, gb.read_roster(export, "canvas"))
    assert files == {}
    assert said == ["canvas-w2a1.csv not written: 2 columns of export.csv are w2a1's (W2A1 Python Basics with NumPy "
                    "(2001), W2A1 retake (2003)); export the gradebook with one of them only"]


# ------------------------------------------------------------------------------------- discovery


def test_files_that_are_not_submissions_are_left_out_and_names_stay_unique(tmp_path):
    folder = make(tmp_path / "class", {"README.md": "", "readme.txt": "", "LICENSE": "", "LICENCE.md": "",
                                       ".DS_Store": "", "__MACOSX/._a.py": "", ".git/HEAD": "", "Thumbs.db": "",
                                       "alice.py": W2A1, "licensee.py": W2A1, "x.py.py": "", "x.py": "",
                                       "x.ipynb": "", "carol/w2a1.py": W2A1, "carol/__MACOSX/._w2a1.py": ""})
    assert left_out(folder) == [".DS_Store", ".git/", "LICENCE.md", "LICENSE", "README.md", "Thumbs.db",
                                "__MACOSX/", "readme.txt"]
    entries = find_submissions(folder)
    assert [e.name for e in entries] == ["alice", "carol", "licensee", "x.ipynb", "x.py", "x.py.py"]
    assert [e.path.name for e in entries] == ["alice.py", "w2a1.py", "licensee.py", "x.ipynb", "x.py", "x.py.py"]


# ------------------------------------------------------------------------------------- Canvas, end to end


def test_canvas_class_gradebooks_and_notes(canvas):
    folder, results, result = canvas
    assert result.exit_code == 1, result.output  # gus could not be graded
    assert "left out, not submissions: .DS_Store, .hidden/, LICENSE, README.md, __MACOSX/" in result.output
    assert f"7 submissions in {folder}: 0 already graded, 7 to grade" in result.output
    assert sorted(p.name for p in results.iterdir()) == ["canvas-w2a1.csv", "canvas-w4a1.csv", "gradebook-w2a1.csv",
                                                         "gradebook-w4a1.csv", "gradebook.csv", "reports",
                                                         "summary.txt"]
    assert f"wrote {results / 'gradebook-w2a1.csv'}, {results / 'gradebook-w4a1.csv'}, {results / 'canvas-w2a1.csv'}, " \
           f"{results / 'canvas-w4a1.csv'}" in result.output
    book = table(results / "gradebook.csv")
    assert sorted(book) == sorted(["'" + FORMULA_NAME if n == FORMULA_NAME else n for n in MIXED_NAMES])
    assert [book["asmith"][k] for k in ("assignment", "total", "max", "percent", "status")] == \
           ["w2a1", "19", "19", "100", "graded"]
    assert [book["bob.jones"][k] for k in ("total", "percent")] == ["16.5", "87"]
    assert [book["gus"][k] for k in ("assignment", "total", "max", "percent")] == ["", "0", "", "0"]
    assert book["'" + FORMULA_NAME]["total"] == "19"  # its name is text, not a formula
    carol = float(table(results / "gradebook-w4a1.csv")["cchen"]["total"])
    assert carol < W4A1_MAX
    assert rows(results / "canvas-w2a1.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "W2A1 Python Basics with NumPy (2001)"],
        ["Points Possible", "", "", "", "", "100"],
        ["Smith, Alice", "31", "A1001", "asmith", "NNDL 2025 Section 1", "100"],
        ["Jones, Bob", "32", "A1002", "bob.jones@uni.example", "NNDL 2025 Section 1", "86.84"],  # 16.5 / 19
        ["'=1+2, Mallory", "35", "A1005", "mallory", "NNDL 2025 Section 2", "89.47"]]  # L1: 17 / 19
    new_column = f"W4A1 {W4A1_TITLE}"
    assert rows(results / "canvas-w4a1.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", new_column],
        ["Points Possible", "", "", "", "", "39.5"],
        ["Chen, Carol", "33", "A1003", "cchen", "NNDL 2025 Section 2", f"{carol:g}"],
        ["Diaz, Dora", "34", "A1004", "ddiaz", "NNDL 2025 Section 2", "39.5"]]
    assert notes(result.output) == [
        f"2 submissions matched no Canvas user of canvas_export.csv and are in no Canvas file (name them in a "
        f"--roster-map file): {FORMULA_NAME} (no user has it as login, email, username, id or name); gus (no user has "
        f"it as login, email, username, id or name)",
        'canvas-w2a1.csv: 3 grades for the column "W2A1 Python Basics with NumPy (2001)", out of 100, scaled from 19',
        "canvas-w2a1.csv: 2 users of canvas_export.csv without a w2a1 submission, left out (their Canvas grade stays "
        "as it is): Chen, Carol (cchen); Diaz, Dora (ddiaz)",
        f'canvas-w4a1.csv: 2 grades for the new column "{new_column}", out of 39.5',
        "canvas-w4a1.csv: 3 users of canvas_export.csv without a w4a1 submission, left out (their Canvas grade stays "
        "as it is): Smith, Alice (asmith); Jones, Bob (bob.jones@uni.example); =1+2, Mallory (mallory)"]


def test_progress_counts_every_submission_and_reaches_n(canvas, tmp_path):
    _, results, result = canvas
    lines = PROGRESS.findall(result.output)
    assert sorted(int(k) for k, _, _ in lines) == list(range(1, 8)) and {n for _, n, _ in lines} == {"7"}
    # Resumed with two reports gone: the 4 graded ones kept are counted; the 2 graded again and gus (tried again)
    # are 5, 6 and 7 of 7.
    copy = tmp_path / "results"
    shutil.copytree(results, copy)
    for name in ("asmith", "cchen"):
        (copy / "reports" / f"{name}.json").unlink()
    folder = canvas[0]
    again = run(folder, "--out", copy, "--jobs", 2)
    lines = PROGRESS.findall(again.output)
    assert sorted(int(k) for k, _, _ in lines) == [5, 6, 7], again.output
    assert sorted(name for _, _, name in lines) == ["asmith", "cchen", "gus"] and {n for _, n, _ in lines} == {"7"}
    # A run without --gradebook removes the Canvas files of the earlier one, and says so: none is left of other reports.
    assert not list(copy.glob("canvas-*.csv"))
    assert "removed canvas-w2a1.csv, canvas-w4a1.csv of an earlier run" in again.output


def test_a_folder_that_cannot_be_graded_has_its_progress_line(moodle):
    _, _, result = moodle
    lines = PROGRESS.findall(result.output)
    assert sorted(name for _, _, name in lines) == ["1003", "alice.smith", "bjones", "dee", "stranger"]
    assert sorted(int(k) for k, _, _ in lines) == [1, 2, 3, 4, 5]
    assert re.search(r"^\[1/5\] 1003 +- +-  could not grade: 1003/ holds several candidate files", result.output,
                     re.M), result.output


# ------------------------------------------------------------------------------------- Moodle, end to end


def test_moodle_file_for_a_class_of_one_assignment(moodle):
    _, results, result = moodle
    assert sorted(p.name for p in results.iterdir()) == ["gradebook.csv", "moodle-w2a1.csv", "reports", "summary.txt"]
    book = table(results / "gradebook.csv")
    assert list(book["alice.smith"])[2:10] == list(COURSE.assignment("w2a1").functions)  # one assignment: functions
    # 1003/ holds two candidate files: the learner's doing, 0 for the class's assignment
    assert [book["1003"][k] for k in ("assignment", "total", "max", "percent")] == ["", "0", "19", "0"]
    dee = float(book["dee"]["total"])
    assert rows(results / "moodle-w2a1.csv") == [
        ["First name", "Last name", "ID number", "Email address", "Assignment: W2A1 Python Basics with NumPy (Real)"],
        ["Alice", "Smith", "1001", "alice.smith@uni.example", "100"],
        ["Bob", "Jones", "1002", "bjones@uni.example", "86.84"],
        ["Carol", "Chen", "1003", "carol.chen@uni.example", "0"],
        ["Dora", "Diaz", "1004", "ddiaz@uni.example", f"{round(dee / W2A1_MAX * 100, 2):g}"]]
    assert notes(result.output) == [
        "1 submission matched no Moodle user of moodle_export.csv and is in no Moodle file (name them in a "
        "--roster-map file): stranger (no user has it as login, email, username, id or name)",
        'moodle-w2a1.csv: 4 grades for the column "Assignment: W2A1 Python Basics with NumPy (Real)", out of 100, '
        'scaled from 19',
        "moodle-w2a1.csv: 0 for 1003: could not be graded, the learner's doing (gradebook.csv says why)"]


# ------------------------------------------------------------------------------------- --regrade


def test_regrade_grades_again_without_any_stored_result(moodle, tmp_path, monkeypatch):
    folder, results, _ = moodle
    copy = tmp_path / "results"
    shutil.copytree(results, copy)
    jobs = []

    class Spy(pool.Workers):
        def run(self, todo):
            jobs.extend(todo)
            yield from super().run(todo)

    monkeypatch.setattr(batch_run, "Workers", Spy)
    before = {p.name: p.stat().st_mtime_ns for p in (copy / "reports").iterdir()}
    result = run(folder, "--out", copy, "--regrade", "bjones", "--regrade", "bjones")
    assert "graded 1, reused 3, could not grade 1" in result.output, result.output
    assert [(job["name"], job["no_cache"]) for job in jobs] == [("bjones", True)]  # grade_one: no stored result
    after = {p.name: p.stat().st_mtime_ns for p in (copy / "reports").iterdir()}
    assert sorted(name for name in after if after[name] != before[name]) == ["1003.json", "bjones.json"]
    assert json.loads((copy / "reports" / "bjones.json").read_text())["score"] == 16.5


def test_regrade_of_an_unknown_name_says_the_close_ones(moodle, tmp_path):
    folder, _, _ = moodle
    result = CliRunner().invoke(batch_command, [str(folder), "--out", str(tmp_path / "out"), "--regrade", "bjone",
                                                "--regrade", "zzz"])
    assert result.exit_code == 2, result.output
    assert "--regrade: no submission of" in result.output
    assert "named 'bjone' (close: bjones); 'zzz'; a submission's name is its file's name" in result.output


@pytest.mark.parametrize("args, message", [
    (["--gradebook", "canvas"], "--gradebook canvas|moodle and --roster EXPORT go together"),
    (["--roster", CANVAS_EXPORT], "--gradebook canvas|moodle and --roster EXPORT go together"),
    (["--gradebook", "moodle", "--roster", CANVAS_EXPORT], "has no column Email address, ID number or Username"),
], ids=["no-roster", "no-lms", "wrong-export"])
def test_lms_usage_errors_exit_2_before_grading(tmp_path, args, message):
    folder = make(tmp_path / "class", {"alice.py": W2A1})
    result = CliRunner().invoke(batch_command, [str(folder), "--out", str(tmp_path / "out"), *map(str, args)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "out").exists()

"""``grade batch``: a small class graded end to end (rows, gradebook, summary, resuming, exit codes).

The class is made from solutions/ (W2A1 and W4A1, which grade in well under a second) and is
graded once per module; the tests read what it wrote. One submission loops forever on one check,
which costs that check's 10 s timeout (on one worker, while the other grades the rest).
"""

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from grader.course import builtin as builtin_course
from grader import engine, version
from grader.batch import grade as batch_grade
from grader.cli.batch import batch_command

ROOT = Path(__file__).resolve().parent.parent
W2A1 = (ROOT / "solutions" / "w2a1_numpy_basics.py").read_text()
W4A1 = (ROOT / "solutions" / "w4a1_deep_nn_step_by_step.py").read_text()
W4A1_STUB = (ROOT / "exercises" / "w4a1_deep_nn_step_by_step.py").read_text()
SIGMOID = "s = 1 / (1 + np.exp(-x))\n    # END SOLUTION"
BASIC_SIGMOID = "s = 1 / (1 + math.exp(-x))"


def edit(source, old, new):
    assert source.count(old) == 1, old
    return source.replace(old, new)


def notebook(source):
    return nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]))


# name: (path in the class folder, text) or a list of them for a folder per learner
CLASS = {
    "alice": [("alice.py", W2A1)],
    "bob": [("bob.py", edit(W2A1, SIGMOID, SIGMOID.replace("-x", "x")))],
    "chen": [("chen.py", W4A1_STUB)],
    # an infinite loop on negative inputs: one check of basic_sigmoid times out, the rest pass
    "dora": [("dora.py", edit(W2A1, BASIC_SIGMOID, f"while x < 0:\n        pass\n    {BASIC_SIGMOID}"))],
    # the learner's process exits while linear_forward runs
    "emil": [("emil.py", edit(W4A1, "def linear_forward(A, W, b):", "def linear_forward(A, W, b):\n    import os\n"
                                                                   "    os._exit(0)"))],
    "fay": [("fay.py", edit(W2A1, "def L1(yhat, y):", "def L1(yhat, y)"))],  # a syntax error
    "gus": [("gus.ipynb", "this is not a notebook\n")],
    "hana": [("hana/w4a1_deep_nn_step_by_step.ipynb", notebook(W4A1)), ("hana/notes.txt", "my notes")],
    "ivan": [("ivan/first_try.py", W2A1), ("ivan/second_try.py", W2A1)],  # which one?
    "jo": [("jo/w2a1_numpy_basics.py", W2A1), ("jo/helpers.py", "import numpy as np\n")],  # named after w2a1
}
W2A1_MAX = sum(c.points for c in builtin_course().assignment("w2a1").checks)  # 19
W4A1_MAX = sum(c.points for c in builtin_course().assignment("w4a1").checks)  # 39.5
# name: assignment, total, status (its beginning)
EXPECTED = {
    "alice": ("w2a1", W2A1_MAX, "graded"),
    "bob": ("w2a1", W2A1_MAX - 2.5, "graded"),
    "chen": ("w4a1", 0, "graded"),
    "dora": ("w2a1", W2A1_MAX - 1, "graded (timed out: basic_sigmoid)"),
    "emil": ("w4a1", W4A1_MAX - 3, "graded (crashed: linear_forward)"),
    "fay": ("w2a1", W2A1_MAX - 2, "graded (syntax error at fay.py, line"),  # costs L1 only
    # could not be graded through the learner's doing: 0 (a failure of the grader's would be blank)
    "gus": ("", 0, "could not grade: cannot read gus.ipynb as a notebook"),
    "hana": ("w4a1", W4A1_MAX, "graded"),
    "ivan": ("", 0, "could not grade: ivan/ holds several candidate files (first_try.py, second_try.py)"),
    "jo": ("w2a1", W2A1_MAX, "graded"),
}


def make_class(folder, names=None):
    for name in names or CLASS:
        for path, text in CLASS[name]:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text)
    return folder


def run(*args):
    return CliRunner().invoke(batch_command, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded once with two workers: (class folder, results folder, CliRunner result)."""
    root = tmp_path_factory.mktemp("batch")
    folder = make_class(root / "class")
    result = run(folder, "--out", root / "results", "--jobs", 2)
    return folder, root / "results", result


def gradebook(results, name="gradebook.csv"):
    with open(results / name, newline="") as f:
        return list(csv.DictReader(f))


def test_every_submission_has_a_row(graded):
    _, results, result = graded
    rows = {row["submission"]: row for row in gradebook(results)}
    assert sorted(rows) == sorted(CLASS), result.output
    for name, (assignment, total, status) in EXPECTED.items():
        row = rows[name]
        assert row["assignment"] == assignment, (name, row)
        assert row["status"].startswith(status), (name, row["status"])
        assert row["total"] == f"{total:g}", (name, row)
    assert rows["alice"]["percent"] == "100" and rows["bob"]["percent"] == "87"  # 16.5 of 19
    assert rows["gus"]["percent"] == "0" and rows["chen"]["percent"] == "0"


def header(path):
    with open(path, newline="") as f:
        return next(csv.reader(f))


def test_gradebook_columns_and_scores(graded):
    # A class of two assignments: gradebook.csv lists every submission, each assignment has its own gradebook.
    _, results, _ = graded
    w2a1, w4a1 = builtin_course().assignment("w2a1"), builtin_course().assignment("w4a1")
    assert header(results / "gradebook.csv") == ["submission", "assignment", "total", "max", "percent", "status"]
    assert header(results / "gradebook-w2a1.csv") == ["submission", "assignment", *w2a1.functions, "total", "max",
                                                      "percent", "status"]
    assert header(results / "gradebook-w4a1.csv") == ["submission", "assignment", *w4a1.functions, "total", "max",
                                                      "percent", "status"]
    assert [row["submission"] for row in gradebook(results, "gradebook-w2a1.csv")] == ["alice", "bob", "dora", "fay",
                                                                                     "jo"]
    assert [row["submission"] for row in gradebook(results, "gradebook-w4a1.csv")] == ["chen", "emil", "hana"]
    rows = {row["submission"]: row for row in gradebook(results, "gradebook-w2a1.csv")}
    full = {f: sum(c.points for c in w2a1.checks if c.function == f) for f in w2a1.functions}
    assert {f: float(rows["alice"][f]) for f in w2a1.functions} == full
    assert {f: float(rows["bob"][f]) for f in w2a1.functions} == {**full, "sigmoid": 0.0}
    rows = {row["submission"]: row for row in gradebook(results, "gradebook-w4a1.csv")}
    assert rows["emil"]["linear_forward"] == "0" and rows["emil"]["max"] == f"{W4A1_MAX:g}"
    rows = {row["submission"]: row for row in gradebook(results)}
    assert rows["emil"]["max"] == f"{W4A1_MAX:g}" and rows["alice"]["max"] == f"{W2A1_MAX:g}"
    assert (rows["gus"]["assignment"], rows["gus"]["total"], rows["gus"]["max"]) == ("", "0", "")  # which assignment?


def test_reports_are_the_engine_json_plus_the_submission(graded):
    folder, results, _ = graded
    for name in CLASS:
        report = json.loads((results / "reports" / f"{name}.json").read_text())
        assert report["submission"] == name
        if report["status"].startswith("graded"):
            file = folder / report["file"]
            assert report["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
            assert {"assignment", "score", "max_score", "execution_time", "tests"} <= set(report)
            assert len(report["tests"]) == len(builtin_course().assignment(report["assignment"]).checks)
    hana = json.loads((results / "reports" / "hana.json").read_text())
    assert hana["file"] == "hana/w4a1_deep_nn_step_by_step.ipynb"
    emil = json.loads((results / "reports" / "emil.json").read_text())
    crashed = [t for t in emil["tests"] if t["outcome"] == "crashed"]
    assert crashed and "exited with code 0" in crashed[0]["output"]


def test_summary_lists_most_failed_checks_and_distribution(graded):
    _, results, result = graded
    text = (results / "summary.txt").read_text()
    assert text in result.output  # also printed
    assert text.startswith("10 submissions: 8 graded, 2 could not be graded.")
    assert "Scores, w2a1 Python Basics with NumPy (out of 19, 5 graded)" in text
    assert "      100 %     2  ##" in text  # alice and jo
    assert "Most failed checks, w2a1 (submissions that did not pass it, of 5 graded)" in text
    # fay's syntax error costs only L1 (an error, not missing); bob fails the sigmoid checks
    assert "     1 of 5    sigmoid: course example [1, 2, 3]  (1 failed)" in text
    assert "     1 of 5    L1: course example  (1 error)" in text
    assert "basic_sigmoid: negative and large inputs  (1 timed out)" in text
    assert "w2a1 sigmoid: the minus sign in exp(-x) is missing" in text  # known mistakes
    assert "  gus: cannot read gus.ipynb as a notebook" in text


def test_exit_code_and_counts(graded):
    _, _, result = graded
    assert result.exit_code == 1, result.output  # gus and ivan could not be graded
    assert "graded 8, reused 0, could not grade 2" in result.output


def test_nothing_half_written(graded):
    _, results, _ = graded
    assert not list(results.rglob("*.tmp"))
    assert sorted(p.name for p in results.iterdir()) == ["gradebook-w2a1.csv", "gradebook-w4a1.csv", "gradebook.csv",
                                                         "reports", "summary.txt"]
    assert sorted(p.stem for p in (results / "reports").iterdir()) == sorted(CLASS)


def test_resume_regrades_only_what_is_missing(graded, tmp_path):
    folder, results, _ = graded
    copy = tmp_path / "results"
    shutil.copytree(results, copy)
    (copy / "reports" / "bob.json").unlink()
    before = {p.name: p.stat().st_mtime_ns for p in (copy / "reports").iterdir()}
    result = run(folder, "--out", copy, "--jobs", 2)
    # gus and ivan are tried again (the reason may have gone); the 7 graded ones are reused
    assert "graded 1, reused 7, could not grade 2" in result.output, result.output
    after = {p.name: p.stat().st_mtime_ns for p in (copy / "reports").iterdir()}
    assert [name for name in sorted(after) if before.get(name) != after[name]] == ["bob.json", "gus.json", "ivan.json"]
    for name in ("gradebook.csv", "gradebook-w2a1.csv", "gradebook-w4a1.csv"):
        assert (copy / name).read_text() == (results / name).read_text()
    assert result.exit_code == 1


def test_a_changed_submission_is_regraded(tmp_path):
    folder = make_class(tmp_path / "class", ["alice", "jo"])
    assert run(folder, "--out", tmp_path / "out").exit_code == 0
    (folder / "alice.py").write_text(edit(W2A1, SIGMOID, SIGMOID.replace("-x", "x")))
    result = run(folder, "--out", tmp_path / "out")
    assert "graded 1, reused 1, could not grade 0" in result.output, result.output
    assert result.exit_code == 0  # all graded, whatever the scores
    rows = {row["submission"]: row for row in gradebook(tmp_path / "out")}
    assert rows["alice"]["sigmoid"] == "0"


def test_the_digest_covers_the_grading_code_in_every_sub_package():
    files = {str(p.relative_to(ROOT)) for p in version.grading_files()}
    for module in ("grader/engine.py", "grader/course.py", "grader/isolate/child.py", "grader/isolate/sandbox.py",
                   "grader/checking/compare.py", "grader/checking/model.py", "grader/load/reader.py",
                   "grader/batch/grade.py", "nndl/dnn_app_utils.py", "datasets/cat.py"):
        assert module in files
    # the command line and the renderers do not change a verdict; an assignment's own files are added per assignment
    assert not any(f.startswith(("grader/cli/", "grader/render/", "grader/assignments/")) for f in files)
    assert {"grader/assignments/w2a1.py", "solutions/w2a1_numpy_basics.py"} <= {
        str(p.relative_to(ROOT)) for p in builtin_course().files("w2a1")}


def test_a_change_in_a_sub_package_grades_the_class_again(tmp_path, monkeypatch):
    # A copy of the grading code whose digest this process uses (as if the project were there).
    project = tmp_path / "project"
    for folder in ("grader", "nndl", "datasets"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__", "*.h5"))
    monkeypatch.setattr(version, "PROJECT", project)

    def fresh_digests():
        version.code_digest.cache_clear()
        engine.digests.clear()

    monkeypatch.setattr(engine, "digests", {})
    fresh_digests()
    folder = make_class(tmp_path / "class", ["alice"])
    assert "graded 1, reused 0" in run(folder, "--out", tmp_path / "out").output
    fresh_digests()
    assert "graded 0, reused 1" in run(folder, "--out", tmp_path / "out").output
    child = project / "grader" / "isolate" / "child.py"
    child.write_text(child.read_text() + "\n# changed\n")
    fresh_digests()
    result = run(folder, "--out", tmp_path / "out")
    assert "graded 1, reused 0" in result.output, result.output
    version.code_digest.cache_clear()


def test_reuse_needs_the_same_bytes_assignment_and_grader():
    sha = "ab" * 32
    stored = {"status": "graded", "file": "alice.py", "sha256": sha, "assignment": "w2a1", "tests": [],
              "score": 19.0, "batch_key": batch_grade.batch_key(sha, "w2a1", False)}
    assert batch_grade.reusable(stored, "alice.py", sha, None)
    assert not batch_grade.reusable(stored, "alice.py", "cd" * 32, None)  # other bytes
    assert not batch_grade.reusable(stored, "alice.ipynb", sha, None)  # another file
    assert not batch_grade.reusable(stored, "alice.py", sha, "w4a1")  # another assignment forced
    assert not batch_grade.reusable(stored, "alice.py", sha, "w2a1")  # forced now, detected then
    assert not batch_grade.reusable({**stored, "batch_key": "0" * 64}, "alice.py", sha, None)  # another grader
    assert not batch_grade.reusable({**stored, "status": "could not grade: x"}, "alice.py", sha, None)
    assert not batch_grade.reusable({"status": "graded"}, "alice.py", sha, None)  # not a report of ours
    assert not batch_grade.reusable(stored, "alice.py", sha, None, timeout_scale=2.0)  # other time limits
    scaled = {**stored, "batch_key": batch_grade.batch_key(sha, "w2a1", False, 2.0)}
    assert batch_grade.reusable(scaled, "alice.py", sha, None, timeout_scale=2.0)


def test_forced_assignment_and_missing_data(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "kim.py").write_text((ROOT / "solutions" / "w2a2_logistic_regression.py").read_text())
    empty = tmp_path / "no-data"
    empty.mkdir()
    result = run(folder, "--out", tmp_path / "out", "--assignment", "w2a2", "--data-dir", empty)
    assert result.exit_code == 0, result.output  # graded: its checks that need the cat data are not run
    row = gradebook(tmp_path / "out")[0]
    assert row["assignment"] == "w2a2"
    assert row["status"] == "graded (not run, cat data missing: model)", row
    assert (row["model"], row["total"], row["max"]) == ("1", "16.5", "20.5")
    report = json.loads((tmp_path / "out" / "reports" / "kim.json").read_text())
    assert {t["outcome"] for t in report["tests"] if t["function"] == "model"} == {"passed", "not_run"}
    assert any(note.startswith("3 checks not run, because the cat data is missing") for note in report["notes"])
    # Once the data is there, the report is not reused: those checks are run.
    assert not batch_grade.reusable(report, "kim.py", report["sha256"], "w2a2")
    assert batch_grade.reusable({**report, "tests": [t for t in report["tests"] if t["outcome"] != "not_run"]},
                                "kim.py", report["sha256"], "w2a2")


@pytest.mark.parametrize("args, message", [
    (["missing-folder", "--out", "results"], "does not exist"),
    (["class", "--out", "a-file/results"], "cannot write the results to"),
    (["empty", "--out", "results"], "no submissions in"),
    (["class"], "Missing option '--out'"),
], ids=["no-dir", "out-not-writable", "empty-dir", "no-out"])
def test_usage_errors_exit_2(tmp_path, args, message):
    make_class(tmp_path / "class", ["alice"])
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(batch_command, [a if a.startswith("-") else str(tmp_path / a) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "results").exists()


def _processes_working_in(folder):
    """Processes whose working folder is inside ``folder`` (the learners of a batch run there)."""
    found = []
    for cwd in Path("/proc").glob("[0-9]*/cwd"):
        try:
            if Path(os.readlink(cwd)).is_relative_to(folder):
                found.append(cwd.parent.name)
        except OSError:
            pass
    return found


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["INT", "TERM", "KILL"])
def test_interrupted_batch_leaves_no_process_and_resumes(tmp_path, signum):
    folder = make_class(tmp_path / "class", ["alice", "bob", "dora"])
    temporary = tmp_path / "tmp"  # where the batch's learners work
    temporary.mkdir()
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from grader.cli.batch import batch_command; batch_command()",
               str(folder), "--out", str(out), "--jobs", "2"]
    # A shell's background job (`... &`) ignores SIGINT, and Python keeps it ignored: restore it.
    process = subprocess.Popen(command, env={**os.environ, "TMPDIR": str(temporary)}, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    # dora's first call hangs for 10 s: interrupt once the two others are stored and dora's runs
    while not ((out / "reports" / "alice.json").exists() and (out / "reports" / "bob.json").exists()
               and _processes_working_in(temporary)):
        assert time.monotonic() < deadline and process.poll() is None, process.stdout.read()
        time.sleep(0.05)
    process.send_signal(signum)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == (-signal.SIGKILL if signum == signal.SIGKILL else 130), output
    if signum != signal.SIGKILL:
        assert "interrupted: the reports written so far are kept" in output
        assert not list(temporary.iterdir())  # the learners' working folders are removed
    for _ in range(100):  # after a SIGKILL the workers stop their learners as they notice
        if not _processes_working_in(temporary):
            break
        time.sleep(0.05)
    assert not _processes_working_in(temporary)
    assert not list(out.rglob("*.tmp"))
    (folder / "dora.py").unlink()  # spare the test dora's timeout: resuming is the point
    result = run(folder, "--out", out)
    assert "graded 0, reused 2, could not grade 0" in result.output, result.output
    assert result.exit_code == 0


def _parent(pid):
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def test_a_grader_process_killed_costs_one_row_and_no_stray_learner(tmp_path):
    folder = make_class(tmp_path / "class", ["alice", "bob", "dora"])
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    command = [sys.executable, "-c", "from grader.cli.batch import batch_command; batch_command()",
               str(folder), "--out", str(tmp_path / "out"), "--jobs", "2"]
    # A shell's background job (`... &`) ignores SIGINT, and Python keeps it ignored: restore it.
    process = subprocess.Popen(command, env={**os.environ, "TMPDIR": str(temporary)}, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    stored = [tmp_path / "out" / "reports" / f"{name}.json" for name in ("alice", "bob")]
    while not (all(path.exists() for path in stored) and _processes_working_in(temporary)):
        assert time.monotonic() < deadline and process.poll() is None, process.stdout.read()
        time.sleep(0.05)
    learners = _processes_working_in(temporary)
    workers = {_parent(pid) for pid in learners}
    assert all(_parent(worker) == process.pid for worker in workers)  # our grader processes, nobody else's
    for worker in workers:
        os.kill(worker, signal.SIGKILL)  # dora's grader dies; its learner, in an endless loop, stays
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 1, output
    assert "dora   -               -  could not grade: the grader process died while grading it (exit code -9)" in output
    assert "graded 2, reused 0, could not grade 1" in output
    # A failure of the grader's, not dora's: a blank grade (an LMS import must not take it for a 0).
    row = {row["submission"]: row for row in gradebook(tmp_path / "out")}["dora"]
    assert (row["total"], row["max"], row["percent"]) == ("", f"{W2A1_MAX:g}", ""), row
    assert not _processes_working_in(temporary)
    assert not list(temporary.iterdir())


def test_results_inside_the_class_folder_and_a_run_with_nothing_to_do(tmp_path):
    folder = make_class(tmp_path / "class", ["alice"])
    first = run(folder, "--out", folder / "results")
    assert f"1 submission in {folder}: 0 already graded, 1 to grade with 1 grader process" in first.output
    assert first.exit_code == 0, first.output
    again = run(folder, "--out", folder / "results")
    assert f"1 submission in {folder}: 1 already graded, nothing to grade" in again.output
    assert "graded 0, reused 1, could not grade 0" in again.output
    assert again.exit_code == 0

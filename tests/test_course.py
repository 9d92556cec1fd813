"""A course an instructor can extend: the worked example of the README, run from the README, and
course folders that are wrong, each refused with one line naming the file."""

import json
import os
import re
import shlex
import shutil
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import course as courses
from grader.cli import main
from grader.isolate import sandbox

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Writing an assignment"
DIGEST = re.compile(r"\(digest [0-9a-f]{12}\)")


def section():
    text = (ROOT / "README.md").read_text()
    start = text.index(SECTION)
    end = text.index("\n## ", start + len(SECTION))
    return text[start:end]


def blocks(text):
    """The fenced blocks of ``text``: [(language, lines)]."""
    return [(m["language"], m["body"].split("\n")) for m in re.finditer(r"```(?P<language>\w*)\n(?P<body>.*?)\n```", text, re.S)]


def files(text):
    """``{path: text}`` of the python blocks that start with ``# path``."""
    found = {}
    for language, lines in blocks(text):
        if language == "python" and re.fullmatch(r"# [\w./-]+\.py", lines[0]):
            found[lines[0][2:]] = "\n".join(lines[1:]) + "\n"
    return found


def sessions(text):
    """``[(command, expected output)]`` of the console blocks, in order."""
    found = []
    for language, lines in blocks(text):
        for line in lines if not language else ():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
    return [(command, "\n".join(output)) for command, output in found]


@pytest.fixture
def course_env(monkeypatch):
    """``--course`` sets NNDL_COURSE for the processes a command starts: put it back after the test."""
    monkeypatch.setenv(courses.ENVIRONMENT, "unset")
    monkeypatch.delenv(courses.ENVIRONMENT)


@pytest.fixture
def worked_example(tmp_path, monkeypatch, course_env):
    """The README's course and the learner's file, written in a temporary folder (the current folder)."""
    for path, text in files(section()).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(command):
    words = shlex.split(command)
    assert words[0] == "grade", command
    return CliRunner().invoke(main, words[1:])


def test_the_readme_has_the_whole_worked_example():
    assert set(files(section())) == {"mycourse/solutions/w5a1_softmax_regression.py", "mycourse/checks/w5a1.py",
                                     "alice.py"}
    commands = [command for command, _ in sessions(section())]
    assert commands[:4] == ["grade generate --course mycourse", "grade validate --course mycourse",
                            "grade --list --course mycourse", "grade alice.py --course mycourse"]


def make_broken_courses(folder):
    """The folders of the README's error examples, made from its course."""
    (folder / "empty").mkdir()
    shutil.copytree(folder / "mycourse", folder / "twice")
    shutil.copy(folder / "twice/solutions/w5a1_softmax_regression.py", folder / "twice/solutions/w5a1_other.py")
    shutil.copytree(folder / "mycourse", folder / "typo")
    checks = folder / "typo/checks/w5a1.py"
    checks.write_text(checks.read_text().replace("CHECKS = [\n", 'CHECKS = [\n    gradients.case(batch(6, 2, 2, 2), "a typo"\n'))
    shutil.copytree(folder / "mycourse", folder / "renamed")
    checks = folder / "renamed/checks/w5a1.py"
    checks.write_text(checks.read_text().replace('Graded("softmax"', 'Graded("soft_max"'))


def test_the_worked_example_runs_as_the_readme_shows(worked_example):
    make_broken_courses(worked_example)
    for command, expected in sessions(section()):
        result = run(command)
        assert DIGEST.sub("(digest *)", result.output.rstrip("\n")) == DIGEST.sub("(digest *)", expected), command
        wanted = 2 if expected.startswith("Error:") else 1 if command.startswith("grade alice.py") else 0
        assert result.exit_code == wanted, (command, result.output)
    # what generate wrote: a learner's stub and notebook, the solution's regions replaced
    stub = (worked_example / "mycourse/exercises/w5a1_softmax_regression.py").read_text()
    assert 'raise NotImplementedError("softmax: your code here")' in stub and "np.max(Z" not in stub
    assert (worked_example / "mycourse/exercises/w5a1_softmax_regression.ipynb").exists()


def test_the_course_comes_from_nndl_course_too(worked_example, monkeypatch):
    monkeypatch.setenv(courses.ENVIRONMENT, str(worked_example / "mycourse"))
    result = run("grade alice.py --format json")
    assert result.exit_code == 1 and '"assignment": "w5a1"' in result.output and '"course_version": "v1"' in result.output


def test_a_class_of_the_course_is_graded_by_batch(worked_example):
    solution = (worked_example / "mycourse/solutions/w5a1_softmax_regression.py").read_text()
    (worked_example / "class").mkdir()
    (worked_example / "class/bea.py").write_text(solution)
    shutil.copy(worked_example / "alice.py", worked_example / "class/alice.py")
    result = run("grade batch class --out results --jobs 1 --course mycourse --assignment w5a1")
    assert result.exit_code == 0, result.output
    gradebook = (worked_example / "results/gradebook.csv").read_text().splitlines()
    assert gradebook[0] == "submission,assignment,softmax,cross_entropy,gradients,total,max,percent,status"
    assert gradebook[1:] == ["alice,w5a1,2,0,0,2,5.5,36,graded", "bea,w5a1,2.5,1,2,5.5,5.5,100,graded"]
    summary = (worked_example / "results/summary.txt").read_text()
    assert "Scores, w5a1 Softmax regression (out of 5.5, 2 graded)" in summary
    assert "w5a1 cross_entropy: the cost is the sum over the examples: divide it by m for the mean" in summary


@pytest.mark.parametrize("change, message", [
    (lambda c: (c / "solutions/w5a1_softmax_regression.py").unlink(),
     "mycourse/solutions holds no solution: expected files named <id>_<name>.py"),
    (lambda c: (c / "checks/w5a1.py").rename(c / "checks/w5a2.py"),
     "mycourse/solutions/w5a1_softmax_regression.py has no checks module: expected mycourse/checks/w5a1.py"),
    (lambda c: (c / "checks/w6a1.py").write_text("TITLE = 'x'\nCHECKS = []\n"),
     "mycourse/checks/w6a1.py has no solution: expected mycourse/solutions/w6a1_<name>.py"),
    (lambda c: (c / "checks/w5a1.py").write_text("import numpy as np\nimport no_such_module\n"),
     "mycourse/checks/w5a1.py cannot be imported: ModuleNotFoundError: No module named 'no_such_module' (line 2)"),
    (lambda c: (c / "checks/w5a1.py").write_text("CHECKS = []\n"),
     "mycourse/checks/w5a1.py does not define TITLE: a checks module defines TITLE"),
    (lambda c: (c / "checks/w5a1.py").write_text((c / "checks/w5a1.py").read_text().replace(
        '    cross_entropy.case(probabilities(3, 4, 8)),\n',
        '    cross_entropy.case(probabilities(3, 4, 8)),\n    cross_entropy.case(probabilities(4, 4, 8), "4 classes, 8 examples"),\n')),
     "mycourse/checks/w5a1.py: two checks are named 'cross_entropy: 4 classes, 8 examples'"),
    (lambda c: (c / "solutions/w5a1_softmax_regression.py").write_text("def softmax(Z):\n    return Z\n"),
     "mycourse/checks/w5a1.py: check 'cross_entropy: 4 classes, 8 examples' grades cross_entropy, which "
     "mycourse/solutions/w5a1_softmax_regression.py does not define"),
], ids=["no-solution", "no-checks-module", "checks-without-solution", "checks-do-not-import", "no-title",
        "duplicate-check-name", "function-the-solution-lacks"])
def test_a_wrong_course_folder_is_one_line_naming_the_file(worked_example, change, message):
    change(worked_example / "mycourse")
    result = run("grade --list --course mycourse")
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: {message}") and result.output.count("\n") == 1, result.output


def test_a_course_folder_that_does_not_exist(worked_example):
    result = run("grade alice.py --course nowhere")
    assert result.exit_code == 2
    assert result.output == ("Error: course folder nowhere does not exist: pass --course a folder holding solutions/ "
                             "and checks/ (README, 'Writing an assignment')\n")


@pytest.mark.skipif(not sandbox.can_confine(), reason="hidden paths need root on Linux (SECURITY.md, 'Without root')")
def test_a_course_folders_solutions_and_checks_are_hidden_from_learner_code(course_env):
    # In the project's own folder, which learner processes may read (a course beside the grader),
    # unlike /tmp, which is private to each learner process anyway.
    folder = ROOT / f".pytest-course-{uuid.uuid4().hex[:8]}"
    try:
        for path, text in files(section()).items():
            if path.startswith("mycourse/"):
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_text(text)
        (folder / "mycourse/helpers").mkdir()
        (folder / "mycourse/helpers/softmax_helpers.py").write_text("def one_over(m):\n    return 1 / m\n")
        os.chmod(folder, 0o755)
        solution = folder / "mycourse/solutions/w5a1_softmax_regression.py"
        checks = folder / "mycourse/checks/w5a1.py"
        learner = folder / "learner.py"
        learner.write_text(solution.read_text() + f"""

def softmax(Z):
    return open({str(solution)!r}).read()


def cross_entropy(A, Y):
    return open({str(checks)!r}).read()


def gradients(X, A, Y):
    from softmax_helpers import one_over  # the course's helpers stay importable
    dZ = A - Y
    return np.dot(dZ, X.T) * one_over(X.shape[1]), np.sum(dZ, axis=1, keepdims=True) * one_over(X.shape[1])
""")
        result = CliRunner().invoke(main, [str(learner), "--course", str(folder / "mycourse"), "--format", "json"])
        tests = json.loads(result.output)["tests"]
        for test in tests:
            if test["function"] in ("softmax", "cross_entropy"):
                assert test["outcome"] == "error" and "FileNotFoundError" in test["output"], test
            else:
                assert test["outcome"] == "passed", test
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_every_check_of_the_worked_example_fails_on_a_broken_function(worked_example):
    # Each function of the README's solution with one classic mistake: each of its checks fails.
    solution = (worked_example / "mycourse/solutions/w5a1_softmax_regression.py").read_text()
    broken = {
        "softmax": [("np.exp(Z - np.max(Z, axis=0, keepdims=True))", "np.exp(Z)"),
                    ("A = E / np.sum(E, axis=0, keepdims=True)", "A = E / np.sum(E, axis=1, keepdims=True)")],
        "cross_entropy": [("cost = -np.sum(Y * np.log(A)) / m", "cost = -np.sum(Y * np.log(A))")],
        "gradients": [("dZ = A - Y  # (C, m)", "dZ = Y - A  # (C, m)")],
    }
    for function, replacements in broken.items():
        source = solution
        for old, new in replacements:
            assert source.count(old) == 1, old
            source = source.replace(old, new)
        (worked_example / f"broken_{function}.py").write_text(source)
        result = run(f"grade broken_{function}.py --course mycourse --assignment w5a1 --format json")
        tests = json.loads(result.output)["tests"]
        assert {t["outcome"] for t in tests if t["function"] == function} == {"failed"}, function
        assert {t["outcome"] for t in tests if t["function"] != function} == {"passed"}, function
    named = json.loads(run("grade broken_softmax.py --course mycourse --format json").output)["tests"]
    assert named[0]["mistake"].startswith("each row was normalized (axis=1)")

"""The learner edition's references: answers recorded from the solutions, replayed with no solution code.

On the README's worked example (an instructor's course of three functions): recorded once, then the
same submissions graded with the full course and with the learner edition's give the same verdicts.
"""

import ast
import json
import shutil
import subprocess
import sys

import pytest

from grader import course as courses
from grader import engine
from grader.checking import answers
from grader.load import reader
from test_course import course_env, files, section  # noqa: F401 - course_env is a fixture


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """``(full course folder, learner edition's course folder, alice.py)``: the README's course, recorded."""
    folder = tmp_path_factory.mktemp("answers")
    for path, text in files(section()).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    full = folder / "mycourse"
    out = folder / "release"
    result = subprocess.run([sys.executable, "-m", "grader.authoring.record", str(full), str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    learner = folder / "learner"
    shutil.copytree(full, learner, ignore=shutil.ignore_patterns("solutions", "__pycache__"))
    shutil.copytree(out / "solutions", learner / "solutions")
    return full, learner, folder / "alice.py"


def verdicts(course_folder, path):
    course = courses.at(course_folder)
    grading = engine.grade_submission(reader.load(path), "w5a1", course=course, reference_cache=None, advice=False, jobs=1)
    return [(r.check.name, r.outcome, r.score, r.output) for r in grading.results]


def test_the_learner_edition_holds_no_solution_code(editions):
    full, learner, _ = editions
    solution = (full / "solutions" / "w5a1_softmax_regression.py").read_text()
    bodies = [ast.dump(ast.Module(body=node.body, type_ignores=[]))
              for node in ast.parse(solution).body if isinstance(node, ast.FunctionDef)]
    assert len(bodies) == 3
    for file in (learner / "solutions").rglob("*"):
        if file.suffix == ".py":
            tree = ast.parse(file.read_text())
            assert not [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)], file
            dumps = {ast.dump(ast.Module(body=[n], type_ignores=[])) for n in ast.walk(tree) if isinstance(n, ast.stmt)}
            assert not any(body in dumps for body in bodies)
        elif file.is_file():
            data = file.read_bytes()
            assert b"def " not in data and not data.startswith(b"\x80")  # no source, no pickle


def test_the_same_submissions_get_the_same_verdicts(editions):
    full, learner, alice = editions
    reference = full / "solutions" / "w5a1_softmax_regression.py"
    stub = full.parent / "w5a1_stub.py"
    stub.write_text("".join(f"def {name}{arguments}:\n    raise NotImplementedError\n\n\n" for name, arguments in
                            [("softmax", "(Z)"), ("cross_entropy", "(A, Y)"), ("gradients", "(X, A, Y)")]))
    for path in (alice, reference, stub):
        assert verdicts(learner, path) == verdicts(full, path), path
    assert {o for _, o, _, _ in verdicts(learner, reference)} == {"passed"}
    assert {o for _, o, _, _ in verdicts(learner, stub)} == {"not_implemented"}
    assert {o for _, o, _, _ in verdicts(learner, alice)} >= {"passed", "failed"}


def test_a_call_with_arguments_never_recorded_is_an_error_that_says_so(editions):
    _, learner, _ = editions
    module = courses.at(learner).solution("w5a1")
    replayed = module.softmax
    assert answers.is_replayed(replayed) and str(replayed.__signature__) == "(Z)"
    import numpy as np

    with pytest.raises(answers.NoAnswer, match="answers to the calls correct code makes, not its code"):
        replayed(np.array([[123.0], [4.0]]))


def test_an_altered_answers_file_is_refused(editions, tmp_path):
    _, learner, _ = editions
    copy = tmp_path / "learner"
    shutil.copytree(learner, copy)
    manifest = json.loads((copy / "solutions" / "answers" / "MANIFEST.json").read_text())
    data_file = copy / "solutions" / "answers" / manifest["files"]["w5a1_softmax_regression"]["file"]
    data_file.write_bytes(data_file.read_bytes()[:-1] + b"\0")
    module = courses.at(copy).solution("w5a1")
    with pytest.raises(answers.NoAnswer, match="not the one this edition was released with"):
        module.softmax(1.0)

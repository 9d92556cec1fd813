"""The learner edition's references: answers recorded from the solutions, replayed with no solution code.

On the README's worked example (an instructor's course of three functions): recorded once, then the
same submissions graded with the full course and with the learner edition's give the same verdicts.
"""

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import course as courses
from grader import engine
from grader.checking import answers
from grader.load import reader
from test_course import files, section


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


def test_a_call_whose_floats_differ_by_roundoff_gets_the_recorded_answer_and_a_real_difference_none(editions):
    """A learner's process computes the arguments it passes with other memory alignments, maybe another BLAS:
    their last bits may differ from the recording's. Such a call is answered; one that truly differs is not."""
    import numpy as np

    full, learner, _ = editions
    replayed = courses.at(learner).solution("w5a1").softmax
    check = next(c for c in courses.at(full).assignment("w5a1").checks if c.function == "softmax")
    (Z,), _ = check.inputs()
    expected = replayed(Z)
    ulp = Z.copy()
    ulp.flat[::2] = np.nextafter(ulp.flat[::2], np.inf)  # half the entries one unit in the last place away
    assert not np.array_equal(ulp, Z)
    np.testing.assert_array_equal(replayed(ulp), expected)
    for other in (Z * (1 + 1e-7), Z.T.copy().T + np.eye(*Z.shape) * 1e-6, Z[:, :-1]):
        with pytest.raises(answers.NoAnswer):
            replayed(other)


def test_the_sketch_of_a_call_is_the_same_for_roundoff_and_differs_for_structure():
    import inspect

    import numpy as np

    def f(A, b, name="x"):
        return A

    signature = inspect.signature(f)
    rng = np.random.default_rng(0)
    X, w = rng.standard_normal((300, 40)), rng.standard_normal((40, 1))
    one = X @ w
    two = np.array([[sum(X[i, j] * w[j, 0] for j in range(40))] for i in range(300)])  # another summation order
    assert not np.array_equal(one, two)
    structure, fingerprint = answers.sketch("m.f", signature, (one, 1.5), {}, False)
    same, near = answers.sketch("m.f", signature, (two, 1.5), {}, False)
    assert same == structure and answers.Candidates([["k", fingerprint]]).near(near) == "k"
    assert answers.Candidates([["k", fingerprint]]).near(answers.sketch("m.f", signature, (one, 1.5 + 1e-6), {}, False)[1]) is None
    for args, kwargs in [((one.T, 1.5), {}), ((one, 1.5), {"name": "y"}), ((one.astype(np.float32), 1.5), {}),
                         ((one, 2), {}), ((np.where(one > 0, np.nan, one), 1.5), {})]:
        assert answers.sketch("m.f", signature, args, kwargs, False)[0] != structure


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


# -- the built-in course ------------------------------------------------------------------------------

DATA = Path(__file__).resolve().parents[1] / "datasets" / "catvnoncat"  # the edition ships no data
GRADE_WITH_EDITION = """
import sys
sys.path.insert(0, sys.argv[1])
import solutions  # the learner edition's stubs and answers, in place of the project's solutions
sys.path.pop(0)
assert solutions.__file__.startswith(sys.argv[1]), solutions.__file__
import grader  # the project's own: the learner processes it starts import it too, from where it is installed
assert not grader.__file__.startswith(sys.argv[1]), grader.__file__
from grader.cli import main
sys.argv = ["grade", *sys.argv[2:]]
main()
"""


@pytest.fixture
def builtin_edition(builtin_release):
    """The folder holding the built-in learner edition's solutions/ (conftest.py: made once a session)."""
    return builtin_release.out


def graded_with_edition(edition, path, cache):
    report = Path(cache).parent / f"{path.stem}.json"  # never inside the edition, which other tests digest
    subprocess.run([sys.executable, "-c", GRADE_WITH_EDITION, str(edition), str(path), "--format", "json",
                    "--output", str(report)], capture_output=True, text=True,
                   env={**__import__("os").environ, "NNDL_CACHE": str(cache), "NNDL_DATA": str(DATA)})
    return json.loads(report.read_text())


@pytest.mark.slow
def test_the_builtin_learner_edition_holds_no_solution_code_and_grades_as_the_full_one(builtin_edition, tmp_path):
    course = courses.builtin()
    shipped = [ast.parse(f.read_text()) for f in (builtin_edition / "solutions").rglob("*.py")]
    shipped_statements = {ast.dump(n) for tree in shipped for n in ast.walk(tree) if isinstance(n, ast.stmt)}
    for assignment_id in course.ids:
        solution = ast.parse(course.solution_files[assignment_id].read_text())
        for node in solution.body:
            if isinstance(node, ast.FunctionDef):
                assert not [s for s in node.body if ast.dump(s) in shipped_statements and not isinstance(s, ast.Expr)
                            and not isinstance(s, ast.Return) and not isinstance(s, ast.Pass)], node.name
    assert not [n for tree in shipped for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    # The reference solutions score 100 %, as with the full edition (W3A1's accuracy runs the learner's own predict).
    for assignment_id in course.ids:
        report = graded_with_edition(builtin_edition, course.solution_files[assignment_id], tmp_path / "cache")
        assert [(t["name"], t["outcome"]) for t in report["tests"] if t["outcome"] != "passed"] == [], assignment_id
        assert report["score"] == report["max_score"] > 0

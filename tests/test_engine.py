"""End to end: references score full marks, stubs score 0 as not implemented, the JSON is stable."""

import json
import re

import pytest
from click.testing import CliRunner

from grader.course import builtin as builtin_course
from grader import engine
from grader.version import VERSION
from grader.checking import gradcheck
from grader.checking.model import Check
from grader.cli import main
from grader.checking.compare import Mismatch
from grader.authoring.generate import EXERCISES_DIR, SOLUTIONS_DIR, solution_files

SOLUTIONS = {p.stem.split("_")[0]: p for p in solution_files()}
QUICK = ["w2a1", "w2a2", "w3a1", "w4a1"]


@pytest.mark.parametrize("assignment_id", builtin_course().ids)
def test_every_check_is_declared_once_and_for_a_graded_function(assignment_id):
    spec = builtin_course().assignment(assignment_id)
    names = [c.name for c in spec.checks]
    assert len(names) == len(set(names)), "duplicate check names"
    assert {c.function for c in spec.checks} == set(spec.functions), "a graded function has no check"
    for check in spec.checks:
        assert check.points > 0 and check.kind in ("reference", "gradient", "property", "accuracy")
        assert all(name in names for name in check.after), f"{check.name}: unknown prerequisite"
        assert set(check.rng_calls) <= set(check.calls)


@pytest.mark.parametrize("assignment_id", builtin_course().ids)
def test_the_reference_scores_full_marks(assignment_id, cat_data):
    report = engine.grade(SOLUTIONS[assignment_id], assignment_id)
    failures = [(r.check.name, r.outcome, r.output) for r in report.results if r.outcome != "passed"]
    assert not failures
    assert report.score == report.max_score > 0


@pytest.mark.parametrize("assignment_id", builtin_course().ids)
def test_every_stub_scores_zero_as_not_implemented(assignment_id):
    stub = EXERCISES_DIR / SOLUTIONS[assignment_id].name
    report = engine.grade(stub, assignment_id)
    assert report.score == 0
    assert {r.outcome for r in report.results} == {"not_implemented"}


def test_the_generated_notebook_stub_grades_like_the_py_stub():
    report = engine.grade(EXERCISES_DIR / "w4a1_deep_nn_step_by_step.ipynb", "w4a1")
    assert {r.outcome for r in report.results} == {"not_implemented"}


def test_an_empty_submission_has_every_function_missing(tmp_path):
    path = tmp_path / "empty.py"
    path.write_text("import numpy as np\n")
    report = engine.grade(path, "w2a1")
    assert {r.outcome for r in report.results} == {"missing"}
    assert "basic_sigmoid is not defined in the submission" in report.results[0].output


def test_only_grades_the_named_functions():
    report = engine.grade(SOLUTIONS["w2a1"], "w2a1", only=["softmax"])
    assert {r.check.function for r in report.results} == {"softmax"}


def test_json_report_has_the_documented_shape():
    result = CliRunner().invoke(main, [str(SOLUTIONS["w2a1"]), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"assignment", "course_version", "grader", "score", "max_score", "execution_time", "tests",
                         "advice"}
    assert data["assignment"] == "w2a1" and data["score"] == data["max_score"] and data["course_version"] == "v1.2"
    assert data["grader"] == {"version": VERSION, "digest": engine.assignment_digest(builtin_course(), "w2a1")}
    assert re.fullmatch(r"[0-9a-f]{64}", data["grader"]["digest"])
    for test in data["tests"]:
        assert set(test) == {"name", "function", "kind", "status", "outcome", "score", "max_score", "output", "mistake"}
        assert test["status"] in ("passed", "failed") and test["mistake"] is None


def test_exit_codes(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, [str(SOLUTIONS["w2a1"])]).exit_code == 0
    assert runner.invoke(main, [str(EXERCISES_DIR / "w2a1_numpy_basics.py")]).exit_code == 1
    missing = runner.invoke(main, [str(tmp_path / "nope.py")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    wrong_kind = runner.invoke(main, [str(text)])
    assert wrong_kind.exit_code == 2 and "expected a .py file or a .ipynb notebook" in wrong_kind.output
    unknown = runner.invoke(main, [str(SOLUTIONS["w2a1"]), "--only", "nonsense"])
    assert unknown.exit_code == 2 and "nonsense is not a graded function of w2a1" in unknown.output


def test_assignment_is_detected_from_the_functions_defined(tmp_path):
    path = tmp_path / "my_homework.py"
    path.write_text((SOLUTIONS_DIR / "w2a1_numpy_basics.py").read_text())
    result = CliRunner().invoke(main, [str(path), "--format", "json"])
    assert json.loads(result.output)["assignment"] == "w2a1"


def test_missing_cat_data_leaves_its_checks_not_run_and_grades_the_others(tmp_path):
    result = CliRunner().invoke(main, [str(SOLUTIONS["w2a2"]), "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert f"train_catvnoncat.h5 not found in {tmp_path}" in result.output
    assert "Total: 16.5 / 20.5 (80 %)" in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def without_cat_data(tmp_path):
    """The engine reads the cat data from an empty folder (as ``--data-dir`` does), even in CI."""
    from grader import data

    data.use(tmp_path)
    yield tmp_path
    data.use(None)


def test_a_check_not_run_is_never_run(without_cat_data, monkeypatch):
    ran, real = [], engine.run_check

    def run_check(runner, check, *args):
        ran.append(check.name)
        return real(runner, check, *args)

    monkeypatch.setattr(engine, "run_check", run_check)
    report = engine.grade(SOLUTIONS["w4a2"], "w4a2", reference_cache=None)
    needs_data = {r.check.name for r in report.results if r.check.needs_data}
    assert needs_data and not needs_data & set(ran)
    assert sorted(ran) == sorted(r.check.name for r in report.results if not r.check.needs_data)
    assert {r.check.name for r in report.results if r.outcome == "not_run"} == needs_data
    assert all(r.outcome == "passed" for r in report.results if not r.check.needs_data)
    assert report.max_score == builtin_course().assignment("w4a2").points
    assert report.score == sum(r.check.points for r in report.results if not r.check.needs_data)
    assert [n for n in report.notes if "cat data" in n] == [
        f"{len(needs_data)} checks not run, because the cat data is missing (their "
        f"{report.max_score - report.score:g} points count in the maximum): cat dataset: train_catvnoncat.h5 not "
        f"found in {without_cat_data} (chosen by --data-dir). Copy the course's train_catvnoncat.h5 and "
        f"test_catvnoncat.h5 into {without_cat_data}, or pass --data-dir DIR, or set NNDL_DATA=DIR to the folder "
        f"that holds them."]


def test_a_check_after_a_check_not_run_is_not_run_either():
    def check(name, needs_data=False, after=()):
        return Check(name, "f", "property", 1.0, lambda: ((), {}), lambda found, ctx: None, needs_data=needs_data,
                     after=after)

    checks = [check("quick"), check("cat", needs_data=True), check("after cat", after=("quick", "cat")),
              check("after that", after=("after cat",)), check("after quick", after=("quick",))]
    results = engine._not_run(checks, "cat dataset: train_catvnoncat.h5 not found in /nowhere.")
    assert {name: r.outcome for name, r in results.items()} == {"cat": "not_run", "after cat": "not_run",
                                                               "after that": "not_run"}
    assert results["cat"].output == "not run: the cat data is missing. cat dataset: train_catvnoncat.h5 not found in /nowhere."
    assert results["after cat"].output == "not run: it needs 'cat' to pass first, which could not run without the cat data"


def test_require_data_raises_data_unavailable(without_cat_data):
    from grader.errors import DataUnavailable

    with pytest.raises(DataUnavailable, match="train_catvnoncat.h5 not found in"):
        engine.grade(SOLUTIONS["w2a2"], "w2a2", require_data=True)


def test_a_failing_check_is_shown_with_what_was_expected(tmp_path):
    source = (SOLUTIONS_DIR / "w2a1_numpy_basics.py").read_text()
    path = tmp_path / "w2a1_mine.py"
    path.write_text(source.replace("x_exp / x_sum  # (m, n)", "x_exp / np.sum(x_exp)  # (m, n)"))
    result = CliRunner().invoke(main, [str(path)])
    assert result.exit_code == 1
    assert "softmax: course example (2, 5) [failed, 0 / 1]" in result.output


def test_gradient_check_passes_on_exact_and_fails_on_wrong_gradient():
    import numpy as np

    def objective(p, args, kwargs):
        return float(np.sum(p["dW"] ** 2) / 2)  # gradient: W itself

    W = np.random.RandomState(0).randn(3, 4)
    check = gradcheck.gradient("f", "f: gradient", lambda: ((W,), {}),
                               params=lambda a, k: {"dW": a[0].copy()}, objective=objective,
                               grads=lambda found: {"dW": found}, labels={"dW": "dW"}, m=4)
    ctx = type("Ctx", (), {"args": (W,), "kwargs": {}, "figures": []})()
    check.verify(W.copy(), ctx)
    with pytest.raises(Mismatch, match="relative error .* > threshold 1e-05.*the 1/m is missing"):
        check.verify(W * 4, ctx)
    assert isinstance(check, Check) and check.kind == "gradient"
    # Each verdict leaves the relative error of each gradient, for the report's picture.
    exact, wrong = ctx.figures
    assert exact["kind"] == wrong["kind"] == "gradient" and exact["threshold"] == wrong["threshold"] == 1e-5
    assert exact["errors"]["dW"] < 1e-8 and wrong["errors"]["dW"] == pytest.approx(0.6)


def test_a_models_early_run_runs_first_and_is_told_first_the_report_keeps_the_checks_order(tmp_path):
    """A broken nn_model is told by its early run (1,000 iterations) before the 10,000-iteration runs."""
    source = (SOLUTIONS_DIR / "w3a1_planar_data.py").read_text()
    wrong = source.replace("parameters = update_parameters(parameters, grads)\n",
                           "parameters = update_parameters(parameters, grads, 0.12)\n", 1)
    assert wrong != source
    path = tmp_path / "w3a1_mine.py"
    path.write_text(wrong)
    told = []
    report = engine.grade(path, "w3a1", only=["nn_model"], on_check=lambda result: told.append(result.check.name))
    checks = [c.name for c in builtin_course().assignment("w3a1").checks if c.function == "nn_model"]
    assert told[0] == "nn_model: flower, n_h = 4, first 1000 iterations"
    assert sorted(told) == sorted(checks) and [r.check.name for r in report.results] == checks
    assert {r.outcome for r in report.results} == {"failed"}

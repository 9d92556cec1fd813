"""`grade audit`: the mutants of a course's solutions graded by the real engine, the survivors judged.

The README's worked course (w5a1: softmax, cross_entropy, gradients) is audited whole: its checks kill
every mutant but two equivalent ones. With the check that alone kills two softmax mutants taken away,
those two survive, each with its diff, the checks it passed and the random input it fails on, and the
audit fails. A mutant that loops forever is killed by the time limit; bad input is one line and the
audit goes on where it can. The built-in course is audited on a sample, as CI does (the whole audit:
bench/, README).
"""

import json
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from grader.audit.inputs import perturbed, random_inputs
from grader.cli import main
from grader import course as courses
from test_course import files, section

SOLUTION = "solutions/w5a1_softmax_regression.py"
OVERFLOW_CASE = '    softmax.case(scores(2, 3, 5, scale=1000), points=0.5,'


@pytest.fixture
def course(tmp_path, monkeypatch):
    """The README's course, in a temporary folder (the current folder); ``--course`` sets NNDL_COURSE for the
    processes a command starts: it is put back after the test."""
    monkeypatch.setenv(courses.ENVIRONMENT, "unset")
    monkeypatch.delenv(courses.ENVIRONMENT)
    for path, text in files(section()).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "mycourse"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def audited(course, *args):
    result = run("--course", course, "audit", "--format", "json", "--jobs", 2, *args)
    return result.exit_code, json.loads(result.stdout)


def test_the_worked_course_passes_its_audit_and_every_mutant_is_judged(course):
    code, found = audited(course)
    assert code == 0 and found["passed"] and found["problems"] == []
    assert found["assignments"]["w5a1"] == {"kill_rate": 1.0, "killed": 25, "survived": 0, "equivalent": 2,
                                            "not_judged": 0, "made": 27}
    for mutant in found["mutants"]:
        assert mutant["diff"].startswith("---") and mutant["description"].endswith(f"in line {mutant['line']}") \
            or "places in that line" in mutant["description"]
        if mutant["verdict"] == "killed":  # named checks of its own function did not pass
            assert mutant["killed_by"] and all(k["check"].startswith(mutant["function"] + ":")
                                               for k in mutant["killed_by"])
    # softmax normalizes each column along axis 0: without keepdims, (m,) broadcasts as (1, m) all the same
    equivalent = [m for m in found["mutants"] if m["verdict"] == "equivalent"]
    assert [(m["function"], m["operator"]) for m in equivalent] == [("softmax", "keepdims")] * 2
    assert all(m["why"] == "the reference's outputs on 9 random inputs" for m in equivalent)
    alone = {a["check"]: a["mutants"] for a in found["alone"]}
    assert alone == {"cross_entropy: 4 classes, 8 examples": 6, "softmax: 3 classes, 5 examples, scores up to 1000": 2}


def test_a_check_taken_away_leaves_its_mutants_alive_with_their_diff_and_the_input_they_fail_on(course):
    _, before = audited(course, "--function", "softmax")
    only_it = [m["description"] for m in before["mutants"] if m["verdict"] == "killed"
               and [k["check"] for k in m["killed_by"]] == ["softmax: 3 classes, 5 examples, scores up to 1000"]]
    assert len(only_it) == 2
    checks = course / "checks" / "w5a1.py"
    text = checks.read_text()
    start = text.index(OVERFLOW_CASE)
    end = text.index("\n    cross_entropy.case")
    checks.write_text(text[:start] + text[end + 1:])  # the overflow case taken away
    code, after = audited(course, "--function", "softmax")
    survivors = [m for m in after["mutants"] if m["verdict"] == "survived"]
    assert code == 1 and not after["passed"] and sorted(m["description"] for m in survivors) == sorted(only_it)
    for m in survivors:
        assert m["passed"] == ["softmax: the notebook's example", "softmax: 4 classes, 6 examples"]
        assert m["why"].startswith("on random inputs (made from its checks' shapes, new values)")
        assert "-" in m["diff"] and "+" in m["diff"]
    text_report = run("--course", course, "audit", "--function", "softmax", "--jobs", 2).output
    assert text_report.count("SURVIVED: softmax:") == 2 and "Audit FAILED: kill rate w5a1 71.4 %" in text_report  # 5 of 7


def test_mutants_that_loop_forever_or_exhaust_memory_are_killed_by_the_limits(course):
    solution = course / SOLUTION
    text = solution.read_text()
    line = "    A = E / np.sum(E, axis=0, keepdims=True)  # (C, m)\n"
    assert text.count(line) == 1
    # i = i + 1 becomes i = i - 1 in a mutant: the first loop never ends; in the second, each turn keeps 8 MB more
    loops = ("    i = 0\n    while i < 2:\n        i = i + 1\n"
             "    kept, j = [], 0\n    while j < 2:\n        kept.append(np.ones(10 ** 6))\n        j = j + 1\n")
    solution.write_text(text.replace(line, line + loops))
    code, found = audited(course, "--function", "softmax")
    added = [m["diff"].split("+++")[1] for m in found["mutants"]]
    endless = [m for m, diff in zip(found["mutants"], added) if "i = i - 1" in diff]
    hungry = [m for m, diff in zip(found["mutants"], added) if "j = j - 1" in diff]
    assert endless and all(m["verdict"] == "killed" and {k["outcome"] for k in m["killed_by"]} == {"timeout"}
                           for m in endless)
    # The sandbox's memory limit ends it (MemoryError, or the process killed), else the time limit does.
    assert hungry and all(m["verdict"] == "killed" and {k["outcome"] for k in m["killed_by"]} <= {"error", "crashed",
                                                                                                   "timeout"}
                          for m in hungry)
    assert found["assignments"]["w5a1"]["not_judged"] == 0


def test_what_cannot_be_audited_is_one_line_and_the_rest_is_audited(course):
    twin = course / "solutions" / "w6a1_softmax_again.py"
    shutil.copy(course / SOLUTION, twin)
    shutil.copy(course / "checks" / "w5a1.py", course / "checks" / "w6a1.py")
    twin.write_text(twin.read_text().replace("def softmax(", "def softmax(:", 1))
    checks = course / "checks" / "w5a1.py"
    checks.write_text("".join(line for line in checks.read_text().splitlines(True)
                              if not line.lstrip().startswith("gradients.case")))
    code, found = audited(course)
    assert code == 1 and not found["passed"]
    assert found["problems"] == [  # in the course's order
        "w5a1: gradients is a graded function of w5a1_softmax_regression.py and no check grades it: add its checks "
        "(grade audit cannot judge it)",
        "w6a1: mycourse/solutions/w6a1_softmax_again.py cannot be imported: SyntaxError: invalid syntax (line 17)"]
    assert {m["function"] for m in found["mutants"]} == {"softmax", "cross_entropy"}  # the rest, audited


@pytest.mark.parametrize("args, says", [
    (("audit", "w9a9"), "unknown assignment 'w9a9'; the course's assignments are w2a1, w2a2, w3a1, w4a1, w4a2"),
    (("audit", "w2a1", "--function", "no_such"), "no mutant to grade"),
    (("audit", "--min-kill", "2"), "Invalid value for '--min-kill'"),
])
def test_bad_input_is_one_line(args, says):
    result = run(*args)
    assert result.exit_code == 2 and says in result.output, result.output


def test_random_inputs_are_new_values_of_the_checks_shapes_and_kinds():
    checks = [c for c in courses.builtin().assignment("w3a1").checks if c.function == "forward_propagation"]
    made = random_inputs(checks)
    assert len(made) == 3 * len(checks)
    for (args, _, _), check in zip(made[::3], checks):
        own = check.inputs()[0]
        assert args[0].shape == own[0].shape and not np.array_equal(args[0], own[0])
        assert set(args[1]) == set(own[1]) and all(args[1][k].shape == own[1][k].shape for k in own[1])
    rng = np.random.RandomState(0)
    labels, probabilities, sizes = perturbed((np.array([[0.0, 1.0, 1.0]]), np.array([0.2, 0.7, 0.9]), 7), rng)
    assert set(np.unique(labels)) <= {0.0, 1.0} and ((0 < probabilities) & (probabilities < 1)).all() and sizes == 7


def test_the_built_in_course_on_a_sample_as_ci_runs_it():
    """A capped audit of the built-in course: 40 mutants (seed 0) of its quick assignments, each judged."""
    result = run("audit", "w2a1", "w2a2", "w3a1", "w4a1", "--max-mutants", 40, "--seed", 0, "--format", "json",
                 "--jobs", 2)
    found = json.loads(result.stdout)
    assert found["sampled"] == "40 of 418 mutants, seed 0" and len(found["mutants"]) == 40
    assert result.exit_code == 0 and found["passed"]
    assert all(counts["not_judged"] == 0 and counts["survived"] == 0 for counts in found["assignments"].values())

"""Results of unchanged checks are reused (grader/checking/results_cache.py, grader/load/reach.py).

A regrading after an edit runs again exactly the checks whose inputs changed: the code the
check's function reaches, the check, the course, the time limits, this machine. Comments,
markdown and the other functions are not inputs. Graded with W2A1 (about a second a grading).
"""

import dataclasses
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import course as courses
from grader import engine
from grader.checking import results_cache
from grader.checking.model import Check, Result
from grader.checking.results_cache import ResultCache, check_key
from grader.cli import main
from grader.isolate.runner import Runner
from grader.load import reader
from grader.load.reach import Code
from test_notebooks import code, filled, markdown, notebook_name, write

ROOT = Path(__file__).resolve().parent.parent
W2A1 = "w2a1_numpy_basics.py"
SIGMOID = "    s = 1 / (1 + np.exp(-x))\n    # END SOLUTION\n    return s\n\n\n# %% [example]\n# t_x = np.array([1, 2, 3])\n"


# -- what a function reaches ------------------------------------------------------------------------

def keys(*sources, function="f"):
    return Code([(f"cell {i}", s) for i, s in enumerate(sources)]).key(function)


BASE = ("import numpy as np\n", "def g(x):\n    return x + 1\n", "def f(x):\n    return g(x) * SCALE\n",
        "SCALE = 2\n", "def other(x):\n    return x\n")


@pytest.mark.parametrize("edit", [
    pytest.param(lambda s: s[:2] + ("# a comment\n\ndef f(x):  # why\n\n    return g(x) * SCALE\n",) + s[3:], id="comments"),
    pytest.param(lambda s: s[:4] + ("def other(x):\n    return -x\n",), id="an unrelated function"),
    pytest.param(lambda s: s[:4] + ("UNUSED = 3\n",) + s[4:], id="an unrelated constant"),
    pytest.param(lambda s: (s[0] + s[1], *s[2:]), id="code moved to another cell"),
])
def test_comments_cells_and_other_functions_are_not_in_the_key(edit):
    assert keys(*edit(BASE)) == keys(*BASE)


@pytest.mark.parametrize("edit", [
    pytest.param(lambda s: s[:1] + ("def g(x):\n    return x + 2\n",) + s[2:], id="a helper it calls"),
    pytest.param(lambda s: s[:3] + ("SCALE = 3\n",) + s[4:], id="a constant it reads"),
    pytest.param(lambda s: ("import numpy as np\nfrom math import *\n",) + s[1:], id="a star import"),
    pytest.param(lambda s: s + ("for i in range(3):\n    pass\n",), id="a top-level loop"),
    pytest.param(lambda s: s + ("np.random.seed(1)\n",), id="a top-level call"),
    pytest.param(lambda s: s + ("def broken(:\n",), id="a cell that does not parse"),
    pytest.param(lambda s: s + ("@staticmethod\ndef h():\n    pass\n",), id="a decorated function"),
    pytest.param(lambda s: s + ("class A:\n    pass\n",), id="a class"),
])
def test_what_a_function_reaches_is_in_its_key(edit):
    assert keys(*edit(BASE)) != keys(*BASE)


def test_a_helper_of_a_helper_is_reached():
    base = ("def h(x):\n    return x\n", "def g(x):\n    return h(x)\n", "def f(x):\n    return g(x)\n")
    assert keys("def h(x):\n    return -x\n", *base[1:]) != keys(*base)
    assert keys(*base, function="h") == keys(*base[:2], "def f(x):\n    return 0\n", function="h")


def test_code_that_looks_names_up_by_text_reaches_everything():
    base = ("def f(x):\n    return globals()['g'](x)\n", "def g(x):\n    return x\n", "def other():\n    pass\n")
    assert keys(*base[:2], "def other():\n    return 1\n") != keys(*base)


@pytest.mark.parametrize("source, stateful", [
    ("COUNT = 0\ndef f():\n    global COUNT\n    COUNT += 1\n    return COUNT\n", True),
    ("SEEN = {}\ndef f(x):\n    SEEN[x] = 1\n    return len(SEEN)\n", True),
    ("def f(x, seen=[]):\n    seen.append(x)\n    return len(seen)\n", True),
    ("def f(x):\n    f.calls = 1\n    return x\n", True),
    ("layers_dims = [5, 4, 1]\ndef f(X, layers_dims):\n    layers_dims = list(layers_dims)\n    return layers_dims\n", False),
    ("N = 3\ndef f(x):\n    return x * N\n", False),
])
def test_a_function_that_may_keep_state_between_calls_is_never_reused(source, stateful):
    assert Code([("a.py", source)]).stateful("f") is stateful


def test_the_notes_of_loading_do_not_depend_on_function_bodies_but_on_the_lines_of_imports():
    base = [("c1", "import numpy as np\n"), ("c2", "def f(x):\n    return x\n")]
    body = [base[0], ("c2", "def f(x):\n    y = x\n    return y\n")]
    moved = [("c1", "\nimport numpy as np\n"), base[1]]
    assert Code(body).load_key() == Code(base).load_key() != Code(moved).load_key()


@pytest.mark.parametrize("field, other", [
    ("code_key", "x"), ("assignment_digest", "x"), ("assignment_id", "w2a2"), ("check_name", "x"),
    ("course_root", "/elsewhere"), ("course_version", "v0"), ("timeout_scale", 2.0),
])
def test_every_input_is_in_a_checks_key(field, other):
    given = dict(code_key="k", assignment_digest="d", assignment_id="w2a1", check_name="c", course_root="/course",
                 course_version="v1", timeout_scale=1.0)
    assert check_key(**{**given, field: other}) != check_key(**given)


# -- grading again -----------------------------------------------------------------------------------

@pytest.fixture
def spawns(monkeypatch):
    """How many learner processes were started (a list that grows)."""
    started, real = [], Runner._spawn

    def spawn(self):
        started.append(1)
        return real(self)

    monkeypatch.setattr(Runner, "_spawn", spawn)
    return started


def solution(tmp_path, *replacements, name=W2A1):
    text = (ROOT / "solutions" / W2A1).read_text()
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text)
    return path


def regrade(path, cache, **options):
    return engine.grade_submission(reader.load(path), "w2a1", result_cache=cache, **options)


@pytest.fixture
def graded(tmp_path, spawns):
    """A W2A1 .py whose sigmoid_derivative calls the learner's sigmoid, graded once into a fresh cache."""
    path = solution(tmp_path, ("    s = 1 / (1 + np.exp(-x))\n    ds = s * (1 - s)", "    s = sigmoid(x)\n    ds = s * (1 - s)"))
    cache = ResultCache(tmp_path / "results")
    first = regrade(path, cache)
    assert first.score == first.max_score and cache.reused == 0 and spawns
    return path, cache, first


def test_a_regrading_with_nothing_changed_reuses_every_result_and_starts_no_learner_process(graded, spawns):
    path, cache, first = graded
    before = len(spawns)
    again = regrade(path, cache)
    assert len(spawns) == before, "a learner process was started"
    assert cache.reused == len(first.results)
    assert [(r.check.name, r.outcome, r.output, r.mistake, r.seconds) for r in again.results] == \
           [(r.check.name, r.outcome, r.output, r.mistake, round(r.seconds, 3)) for r in first.results]
    assert again.notes == first.notes


def test_an_edit_of_a_function_runs_its_checks_and_those_of_the_functions_that_call_it(graded):
    path, cache, _ = graded
    path.write_text(path.read_text().replace(SIGMOID, SIGMOID.replace("1 / (1 + np.exp(-x))", "1.0 / (1.0 + np.exp(-x))")))
    cache.reused = 0
    again = regrade(path, cache)
    assert again.score == again.max_score
    assert cache.reused == sum(r.check.function not in ("sigmoid", "sigmoid_derivative") for r in again.results)


def test_comments_and_blank_lines_do_not_run_anything_again(graded, spawns):
    path, cache, _ = graded
    path.write_text(path.read_text().replace("def softmax(x):\n", "# my softmax, at last\n\n\ndef softmax(x):  # rows\n"))
    before, cache.reused = len(spawns), 0
    again = regrade(path, cache)
    assert len(spawns) == before and cache.reused == len(again.results)


@pytest.mark.parametrize("change", ["assignment digest", "timeout scale", "environment", "course version"])
def test_a_change_of_the_grader_the_course_or_the_machine_runs_every_check_again(graded, change, monkeypatch):
    path, cache, first = graded
    options = {}
    if change == "assignment digest":
        monkeypatch.setitem(engine.digests, (courses.builtin().root, "w2a1"), "another grader")
    elif change == "timeout scale":
        options["timeout_scale"] = 1.5
    elif change == "environment":
        monkeypatch.setattr(results_cache, "environment", lambda: "numpy 9")
    else:
        real = courses.Course.assignment
        monkeypatch.setattr(courses.Course, "assignment", lambda self, a, version=None: dataclasses.replace(
            real(self, a, version), course_version="v0"))
    cache.reused = 0
    again = regrade(path, cache, **options)
    assert cache.reused == 0 and again.score == again.max_score


def test_a_result_that_names_a_line_is_reused_only_for_the_same_file(tmp_path, spawns):
    """softmax without keepdims raises: its traceback names the line, which a comment above moves."""
    path = solution(tmp_path, ("x_sum = np.sum(x_exp, axis=1, keepdims=True)", "x_sum = np.sum(x_exp, axis=1)"))
    cache = ResultCache(tmp_path / "results")
    line = 1 + path.read_text().splitlines().index("    s = x_exp / x_sum  # (m, n)")

    def errors():
        return [r.output for r in regrade(path, cache).results if r.outcome == "error"]

    first = errors()
    cache.reused = 0
    assert errors() == first and cache.reused == 22  # the same file: everything reused
    assert first and all(f"line {line}, in softmax" in e for e in first)
    path.write_text("# a comment at the top\n" + path.read_text())
    cache.reused = 0
    moved = errors()
    assert len(moved) == len(first) and all(f"line {line + 1}, in softmax" in e for e in moved), moved[0]
    # The errors ran again, and the first check, to load the file for its notes (the imports moved a line).
    assert cache.reused == 22 - len(first) - 1


def test_a_timeout_is_never_reused(tmp_path, spawns):
    path = solution(tmp_path, ("    x_exp = np.exp(x)  # (m, n)\n",
                               "    while x.shape == (2, 5):  # the course example only\n        pass\n"
                               "    x_exp = np.exp(x)  # (m, n)\n"))
    cache = ResultCache(tmp_path / "results")
    first = regrade(path, cache, only=["softmax"], timeout_scale=0.1)
    assert [r.outcome for r in first.results].count("timeout") == 1
    before, cache.reused = len(spawns), 0
    again = regrade(path, cache, only=["softmax"], timeout_scale=0.1)
    assert cache.reused == len(again.results) - 1 and len(spawns) > before


def test_a_corrupt_entry_is_ignored_and_the_check_run_again(graded):
    path, cache, first = graded
    for entry in (cache.directory).glob("*.json"):
        entry.write_text("{not json")
    cache.reused = 0
    again = regrade(path, cache)
    assert cache.reused == 0 and again.score == again.max_score


def test_timeouts_crashes_and_checks_not_run_are_never_stored(tmp_path):
    check = Check("c", "f", "reference", 1.0, lambda: ((), {}), lambda found, ctx: None)
    cache = ResultCache(tmp_path)
    submission = reader.Submission(tmp_path / "a.py", [])
    for outcome in ("timeout", "crashed", "not_run"):
        cache.put(outcome, Result(check, outcome, "why"), submission, "place")
    assert not list(tmp_path.iterdir())


# -- notebooks ---------------------------------------------------------------------------------------

def test_a_notebook_regraded_after_a_markdown_edit_reuses_everything_with_the_notes_of_the_new_file(tmp_path, spawns):
    nb = filled("w2a1")
    nb["cells"].insert(1, code("import not_a_module_of_this_machine\n"))  # a note of the learner's process
    path = write(tmp_path, notebook_name("w2a1"), nb)
    cache = ResultCache(tmp_path / "results")
    assert any("not_a_module_of_this_machine" in n for n in regrade(path, cache).notes)
    nb["cells"].insert(0, markdown("My notes on this week."))  # every cell is renumbered
    write(tmp_path, notebook_name("w2a1"), nb)
    before, cache.reused = len(spawns), 0
    again = regrade(path, cache)
    assert len(spawns) == before and cache.reused == len(again.results)
    fresh = regrade(path, ResultCache(tmp_path / "fresh"))
    assert again.notes == fresh.notes
    assert [r.output for r in again.results] == [r.output for r in fresh.results]


# -- who may reuse --------------------------------------------------------------------------------------

@pytest.fixture
def cli_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NNDL_CACHE", str(tmp_path / "cache"))
    path = solution(tmp_path)
    assert CliRunner().invoke(main, [str(path)]).exit_code == 0  # stores every result
    return path


def test_the_text_report_reuses_results(cli_cache, spawns):
    assert CliRunner().invoke(main, [str(cli_cache)]).exit_code == 0
    assert not spawns


def test_no_cache_runs_every_check(cli_cache, spawns):
    assert CliRunner().invoke(main, [str(cli_cache), "--no-cache"]).exit_code == 0
    assert spawns


@pytest.mark.parametrize("fmt", ["json", "gradescope"])
def test_a_grade_that_counts_reuses_results_only_where_learner_code_cannot_write_them(cli_cache, spawns, fmt,
                                                                                       monkeypatch):
    monkeypatch.setattr(results_cache, "trusted", lambda directory=None: False)  # no root: not hidden
    result = CliRunner().invoke(main, [str(cli_cache), "--format", fmt])
    assert result.exit_code == 0 and spawns
    spawns.clear()
    monkeypatch.setattr(results_cache, "trusted", lambda directory=None: True)
    assert CliRunner().invoke(main, [str(cli_cache), "--format", fmt]).exit_code == 0 and not spawns


def test_the_cache_is_trusted_only_where_the_sandbox_hides_it(tmp_path, monkeypatch):
    monkeypatch.setenv("NNDL_CACHE", str(tmp_path / "cache"))
    from grader.isolate import sandbox

    assert results_cache.trusted() is sandbox.can_confine()
    assert not results_cache.trusted(tmp_path / "elsewhere")  # not hidden from learner processes
    open_to_all = tmp_path / "cache" / "results"
    os.chmod(open_to_all, 0o777)
    assert not results_cache.trusted()
    monkeypatch.setattr(sandbox, "can_confine", lambda: False)
    os.chmod(open_to_all, 0o755)
    assert not results_cache.trusted()


def test_entries_are_plain_json(graded):
    _, cache, first = graded
    entries = [json.loads(p.read_text()) for p in cache.directory.glob("*.json")]
    assert len(entries) == len(first.results) + 1  # and the notes of loading
    assert all(e["format"] == results_cache.FORMAT for e in entries)


# -- prerequisites ------------------------------------------------------------------------------------

def checks_a_then_b():
    a = Check("a", "f", "reference", 1.0, lambda: ((1,), {}), lambda found, ctx: None)
    return a, dataclasses.replace(a, name="b", after=("a",))


def test_a_reused_result_still_waits_for_its_prerequisites():
    a, b = checks_a_then_b()
    results, _ = engine.run_group([("a.py", "def g():\n    pass\n")], [a, b], {"f": lambda x: x},
                                  assignment_checks=[a, b], known={"b": Result(b, "passed")})
    assert [r.outcome for r in results] == ["missing", "missing"]  # f is not defined: b is not run


def test_a_check_not_run_for_its_prerequisites_is_not_stored(tmp_path):
    a, b = checks_a_then_b()
    cache = ResultCache(tmp_path)
    submission = reader.Submission(tmp_path / "a.py", [])
    reuse = engine._Reuse(cache, submission, {"a": "key-a", "b": "key-b"}, {}, "place", "notes", [])
    reuse.store([Result(a, "failed", "wrong"), Result(b, "failed", "not run: it needs 'a' to pass first")], [])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key-a.json"]

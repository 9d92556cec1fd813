"""The learner's process: results come back as plain data; failures of any kind are contained."""

import numpy as np
import pytest

from grader.isolate import runner as runner_module
from grader.isolate.runner import Runner

SOURCE = '''
import os, sys, warnings
import numpy as np

def double(x):
    return 2 * x

def stub(x):
    raise NotImplementedError("stub: your code here")

def boom(x):
    return helper_that_does_not_exist(x)

def spin(x):
    while True:
        pass

def leave(x):
    sys.exit(0)

def vanish(x):
    os._exit(0)

def talk(x):
    print("hello from the learner")
    os.write(1, b"straight to fd 1\\n")
    return x

def overflow(x):
    return np.exp(np.array([1000.0]))

def uses_helper(x):
    return helper(x) + 1

def helper(x):
    return -1000

def seeded_draw(n):
    return draw(n)

def draw(n):
    return np.random.randn(n)

def peek():
    import solutions.w2a1_numpy_basics
    return 1

def mutate(a):
    a[0] = 99.0
    return None

def where_am_i():
    return os.getcwd(), sorted(os.environ)
'''


@pytest.fixture(scope="module")
def runner():
    references = {"helper": lambda x: x * 10, "draw": lambda n: np.random.randn(n)}
    with Runner([("learner.py", SOURCE)], references) as r:
        yield r


def test_values_come_back_as_plain_data(runner):
    result = runner.call("double", (np.arange(3.0),))
    assert result.status == "ok"
    np.testing.assert_array_equal(result.value, [0.0, 2.0, 4.0])


@pytest.mark.parametrize("function, status, words", [
    ("stub", "not_implemented", "stub: your code here"),
    ("nowhere", "missing", "nowhere is not defined"),
    ("boom", "error", "NameError"),
    ("leave", "error", "SystemExit"),
], ids=["stub", "missing", "error", "sys.exit"])
def test_outcomes(runner, function, status, words):
    result = runner.call(function, (1,))
    assert result.status == status
    assert words in result.message


def test_traceback_points_at_the_learners_file_and_line(runner):
    result = runner.call("boom", (1,))
    assert 'File "learner.py", line 12, in boom' in result.traceback
    assert "grader" not in result.traceback


def test_timeout_kills_and_the_next_call_gets_a_fresh_process(runner):
    starts = runner.starts
    result = runner.call("spin", (1,), timeout=0.5)
    assert result.status == "timeout" and "did not return within 0.5 s" in result.message
    assert runner.call("double", (2,)).value == 4
    assert runner.starts == starts + 1


def test_hard_exit_is_a_crash_and_grading_goes_on(runner):
    result = runner.call("vanish", (1,))
    assert result.status == "crashed"
    assert "exited with code 0" in result.message
    assert runner.call("double", (3,)).value == 6


def test_prints_and_fd_writes_are_captured_not_mixed_with_results(runner):
    result = runner.call("talk", (5,))
    assert result.value == 5
    assert "hello from the learner" in result.stdout
    assert "straight to fd 1" in result.stdout or "straight to fd 1" in runner.call("double", (1,)).stdout


def test_numpy_warnings_are_reported_not_fatal(runner):
    result = runner.call("overflow", (0,))
    assert result.status == "ok" and np.isinf(result.value[0])
    assert result.warnings == ["RuntimeWarning: overflow encountered in exp"]


def test_proxied_call_runs_the_reference_in_the_grader(runner):
    assert runner.call("uses_helper", (1,)).value == -999  # the learner's own helper
    assert runner.call("uses_helper", (1,), proxies=[("helper", False)]).value == 11  # the reference


def test_random_state_travels_with_a_proxied_call(runner):
    result = runner.call("seeded_draw", (3,), seed=5, proxies=[("draw", True)])
    np.testing.assert_array_equal(result.value, np.random.RandomState(5).randn(3))


def test_reference_solutions_cannot_be_imported(runner):
    result = runner.call("peek")
    assert result.status == "error" and "cannot be imported by a submission" in result.message


def test_arguments_after_the_call_are_returned_on_request(runner):
    result = runner.call("mutate", (np.zeros(2),), return_args=True)
    np.testing.assert_array_equal(result.args_after[0], [99.0, 0.0])


def test_scrubbed_environment_and_empty_working_directory(runner):
    cwd, names = runner.call("where_am_i").value
    assert "nndl-child-" in cwd
    assert "NNDL_REQUIRE_DATA" not in names and "VIRTUAL_ENV" not in names
    assert "OPENBLAS_NUM_THREADS" in names


def test_a_syntax_error_is_a_load_note_and_other_code_still_loads():
    with Runner([("bad.py", "def f(:\n"), ("good.py", "def g():\n    return 1\n")]) as runner:
        assert runner.call("g").value == 1
        assert any("bad.py, line 1: SyntaxError" in note for note in runner.load_notes)


def test_a_statement_that_ends_the_process_at_load_is_left_out_and_the_rest_loads():
    source = "import os\nclass Evil:\n    os._exit(3)\ndef f():\n    return 1\n"
    with Runner([("dies.py", source)]) as runner:
        assert runner.call("f").value == 1
        assert runner.starts == 2
        assert runner.load_notes[0] == "dies.py, line 2: left out: it ended the process with exit code 3 (sys.exit or os._exit?)"


def test_a_statement_that_hangs_at_load_is_left_out_after_its_time_limit():
    source = "class Endless:\n    while True:\n        pass\ndef f():\n    return 1\n"
    with Runner([("hangs.py", source)], timeout_scale=0.05) as runner:
        assert runner.call("f").value == 1
        assert runner.load_notes[0] == f"hangs.py, line 1: left out: it did not finish within {runner_module.STATEMENT_TIMEOUT * 0.05:g} s"


def test_a_submission_that_cannot_load_is_not_loaded_again_for_every_check():
    deaths = "".join(f"class Evil{i}:\n    os._exit(3)\n" for i in range(runner_module.MAX_SKIPPED + 1))
    with Runner([("dies.py", "import os\n" + deaths + "def f():\n    return 1\n")]) as runner:
        first, second = runner.call("f"), runner.call("f")
        assert first.status == second.status == "crashed"
        assert "could not be loaded" in first.message and second.message == first.message
        assert runner.starts == runner_module.MAX_SKIPPED + 1

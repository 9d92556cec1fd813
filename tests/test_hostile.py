"""Hostile and malformed submissions (tests/hostile.py): each gets its exact, explained outcome,
no point it did not earn, and the grader goes on grading everything else, alone and in a batch.

The guarantees these tests show are listed, each next to its test, in SECURITY.md.
"""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from grader.course import builtin as builtin_course
from grader import engine
from grader.batch import run as batch
from grader.isolate import sandbox
from grader.cli import main
from grader.isolate.runner import Runner
from hostile import CASES, CASES_BY_ID, SCALE, stray_markers, write_case, write_invalid_notebook

W2A1 = builtin_course().assignment("w2a1")
POINTS = {f: sum(c.points for c in W2A1.checks if c.function == f) for f in W2A1.functions}
needs_root = pytest.mark.skipif(not sandbox.can_confine(),
                                reason="learner users and namespaces need root on Linux (SECURITY.md, 'Without root')")
CONFINED_ONLY = {  # cases whose exact outcome depends on the confinement that needs root
    "fork-bomb", "read-solutions-from-disk", "read-the-checks-from-disk", "reference-from-its-file",
    "import-the-reference-past-the-guard",
    "read-the-reference-cache", "write-outside", "network", "kill-the-grader", "raise-own-limits",
}


def expected_score(case):
    lost = sum(c.points for c in W2A1.checks
               if (case.target == "*" or c.function == case.target) and case.checks in c.name)
    return W2A1_MAX - lost if case.others == "passed" else 0


W2A1_MAX = sum(POINTS.values())


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every case graded in one ``grade_many`` (two learner processes at once): ({id: Report}, the
    ``sleep 987654`` processes that were running before)."""
    folder = tmp_path_factory.mktemp("hostile")
    items = [(write_case(case, folder), "w2a1") for case in CASES]
    before = _sleepers()
    reports = engine.grade_many(items, jobs=2, reference_cache=None, timeout_scale=SCALE)
    return {case.id: report for case, report in zip(CASES, reports)}, before


def _sleepers():
    """Processes left by the case 'escaping-process' (``sleep 987654``)."""
    found = set()
    for cmdline in os.listdir("/proc"):
        if cmdline.isdigit():
            try:
                with open(f"/proc/{cmdline}/cmdline", "rb") as f:
                    if f.read() == b"sleep\x00987654\x00":
                        found.add(int(cmdline))
            except OSError:
                pass
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_hostile_case_gets_its_exact_outcome_and_nothing_else_changes(graded, case):
    if case.id in CONFINED_ONLY and not sandbox.can_confine():
        pytest.skip("this outcome needs the confinement of a grader run as root (SECURITY.md, 'Without root')")
    reports, _ = graded
    report = reports[case.id]
    own = [r for r in report.results if (case.target == "*" or r.check.function == case.target)]
    judged = [r for r in own if case.checks in r.check.name]
    details = "\n".join(f"  {r.check.name}: {r.outcome}: {r.output[:400]}" for r in report.results) + \
        "\nnotes:\n" + "\n".join(report.notes)
    assert judged, details
    assert {r.outcome for r in judged} == {case.outcome}, details
    where = "\n".join(report.notes) if case.in_notes else "\n".join(r.output for r in judged)
    assert case.says in where, f"{case.says!r} not in:\n{where}\n{details}"
    others = [r for r in report.results if r not in judged]
    assert all(r.outcome == case.others for r in others), details
    assert report.score == expected_score(case), details
    assert all(r.score == 0 for r in judged), details


@needs_root
def test_no_learner_process_and_no_file_is_left_behind(graded):
    _, before = graded
    assert _sleepers() - before == set(), "a process started by a learner outlived its grading"
    assert stray_markers() == [], "a learner wrote outside its working folder"


@needs_root
def test_the_output_captured_stays_small(graded):
    reports, _ = graded
    for case_id in ("print-100-mb", "write-100-mb-to-fd-1"):
        report = reports[case_id]
        assert max(len(r.output) for r in report.results) < 200_000


def test_control_characters_of_learner_output_are_shown_not_obeyed(graded):
    reports, _ = graded
    text = "\n".join(r.output for r in reports["fake-report-printed"].results)
    assert "\x1b" not in text and "\r" not in text
    assert "  | softmax                  4 / 4 passed" in text  # quoted, under "your code printed"


# -- through the command line ------------------------------------------------------------------------
def test_a_fake_report_printed_by_the_learner_is_not_the_report(tmp_path):
    path = write_case(CASES_BY_ID["fake-report-printed"], tmp_path)
    result = CliRunner().invoke(main, [str(path), "--format", "json", "--timeout-scale", str(SCALE)])
    assert result.exit_code == 1
    document = json.loads(result.output)  # one JSON document: the grader's
    assert document["score"] == expected_score(CASES_BY_ID["fake-report-printed"]) < document["max_score"]


@needs_root
def test_a_results_file_written_by_the_learner_is_not_the_results_file(tmp_path):
    case = CASES_BY_ID["fake-results-file"]
    path = write_case(case, tmp_path)
    out = tmp_path / "results.json"
    source = path.read_text().replace('"../results.json"', repr(str(out)))
    path.write_text(source)
    result = CliRunner().invoke(main, [str(path), "--format", "gradescope", "--output", str(out),
                                       "--timeout-scale", str(SCALE)])
    assert result.exit_code == 1, result.output
    document = json.loads(out.read_text())
    assert document["score"] == expected_score(case)


def test_a_notebook_that_is_not_json_cannot_be_graded_with_a_reason(tmp_path):
    result = CliRunner().invoke(main, [str(write_invalid_notebook(tmp_path))])
    assert result.exit_code == 2
    assert "notebook-invalid-json.ipynb" in result.output and "its JSON is broken" in result.output


def test_a_notebook_without_graded_cells_names_what_to_do(tmp_path):
    path = write_case(CASES_BY_ID["notebook-no-graded-cells"], tmp_path)
    path = path.rename(tmp_path / "answers.ipynb")
    path.write_text(path.read_text().replace('"nndl_grader"', '"other"'))
    result = CliRunner().invoke(main, [str(path)])
    assert result.exit_code == 2
    assert "cannot tell which assignment" in result.output and "--assignment" in result.output


# -- through grade batch ----------------------------------------------------------------------------
def test_the_corpus_through_grade_batch_has_every_row(graded, tmp_path):
    reports, _ = graded
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    for case in CASES:
        write_case(case, class_dir)
    write_invalid_notebook(class_dir)
    outcome = batch.run_batch(class_dir, tmp_path / "results", jobs=2, assignment="w2a1", echo=lambda line: None,
                              timeout_scale=SCALE)
    rows = {r["submission"]: r for r in outcome.reports}
    assert set(rows) == {c.id for c in CASES} | {"notebook-invalid-json"}
    for case in CASES:
        assert rows[case.id]["score"] == pytest.approx(reports[case.id].score), case.id
    assert rows["notebook-invalid-json"]["status"].startswith("could not grade")
    with open(tmp_path / "results" / batch.GRADEBOOK, newline="") as f:
        assert len(f.read().strip().splitlines()) == len(CASES) + 2  # the header and every submission


# -- the channel -----------------------------------------------------------------------------------
def test_a_kept_proxy_cannot_fetch_the_reference_for_the_function_under_test():
    source = ("stash = []\n"
              "def caller(x):\n    stash.append(helper)\n    return helper(x)\n"
              "def helper(x):\n    return stash[0](x) if stash else None\n")
    references = {"helper": lambda x: x * 10}
    with Runner([("sub.py", source)], references) as runner:
        assert runner.call("caller", (1,), proxies=[("helper", False)]).value == 10  # allowed here
        call = runner.call("helper", (1,))  # no proxy in this call: the kept one is refused
        assert call.status == "error" and "not a function the grader provides to this call" in call.message


@needs_root
def test_the_learner_process_is_confined_on_this_machine():
    with Runner([("sub.py", "import os\ndef who():\n    return os.getuid()\n")]) as runner:
        uid = runner.call("who").value
        assert uid == sandbox.learner_uid(runner.process.pid)
        # The memory cgroup depends on the machine's cgroups, not on root: its own test says.
        essential = {k: v for k, v in runner.confinement.items() if k != "memory limit of all its processes"}
        assert all(value is True for value in essential.values()), runner.confinement


def test_the_batch_hides_the_class_from_learners(tmp_path):
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    (class_dir / "alice.py").write_text("def softmax(x):\n    return 'alice secret'\n")
    spy = ("import os\ndef softmax(x):\n    try:\n        open(" + repr(str(class_dir / "alice.py"))
           + ").read()\n        return 'read it'\n    except OSError:\n        return None\n")
    (class_dir / "mallory.py").write_text(spy)
    outcome = batch.run_batch(class_dir, tmp_path / "out", jobs=1, assignment="w2a1", echo=lambda line: None)
    mallory = next(r for r in outcome.reports if r["submission"] == "mallory")
    text = json.dumps(mallory)
    assert "is None" in text if sandbox.can_confine() else "found a str" in text


def test_cpu_time_is_limited_by_the_kernel():
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        assert sandbox.limit_cpu(spinner.pid, 1) is not None
        assert spinner.wait(timeout=60) == -signal.SIGXCPU
    finally:
        spinner.kill()
        spinner.wait()


def test_a_learner_process_ends_with_the_grader_even_killed_outright(tmp_path):
    grader_code = ("from grader.isolate.runner import Runner\n"
                   "runner = Runner([('a.py', 'def f():\\n    while True:\\n        pass\\n')])\n"
                   "runner.call('f', timeout=600)\n")
    grader_process = subprocess.Popen([sys.executable, "-c", grader_code], cwd=tmp_path)
    try:
        learner = None
        for _ in range(300):
            learner = _child_of(grader_process.pid)
            if learner is not None and _cpu_busy(learner):
                break
            time.sleep(0.05)
        assert learner is not None, "the learner process did not start"
        grader_process.kill()  # SIGKILL: no clean-up code of the grader runs
        grader_process.wait()
        for _ in range(100):
            if not os.path.exists(f"/proc/{learner}") or _state(learner) == "Z":
                break
            time.sleep(0.05)
        assert not os.path.exists(f"/proc/{learner}") or _state(learner) == "Z", "the learner outlived the grader"
    finally:
        grader_process.kill()


def _child_of(pid):
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        return int(entry)
            except (OSError, ValueError):
                pass
    return None


def _state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def _cpu_busy(pid):
    return (sandbox.cpu_seconds(pid) or 0) > 0.3  # started, loaded and running the loop


def test_the_memory_of_all_the_learners_processes_together_is_limited():
    # Four children of 1.5 GB each: within each one's address space limit (3 GiB), over the
    # 4 GiB of the learner's memory cgroup: the kernel kills some, inside the cgroup only.
    source = ("import os, numpy as np\n"
              "def hoard():\n"
              "    children = []\n"
              "    for _ in range(4):\n"
              "        pid = os.fork()\n"
              "        if pid == 0:\n"
              "            block = np.ones(1_500_000_000 // 8)\n"
              "            os._exit(0 if block.sum() > 0 else 1)\n"
              "        children.append(pid)\n"
              "    return [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]\n")
    with Runner([("sub.py", source)]) as runner:
        codes = runner.call("hoard", timeout=60).value
        held = runner.confinement.get("memory limit of all its processes")
    if held is not True:
        pytest.skip(f"no memory cgroup for learners on this machine: {held} (SECURITY.md)")
    assert -signal.SIGKILL in codes, codes


def test_grade_sandbox_says_what_holds_on_this_machine():
    result = CliRunner().invoke(main, ["sandbox"])
    rows = dict(line.rsplit("  ", 1) for line in result.output.splitlines()[:-1])
    rows = {name.strip(): value for name, value in rows.items()}
    assert {"address space limit", "process limit", "no network", "hidden paths", "user of its own"} <= set(rows)
    missing = [name for name, value in rows.items() if value != "yes"]
    assert result.exit_code == (1 if missing else 0), result.output
    assert result.output.splitlines()[-1].startswith(f"{len(rows) - len(missing)} of {len(rows)} hold")
    if sandbox.can_confine():
        assert rows["user of its own"] == rows["hidden paths"] == rows["no network"] == "yes"
    else:
        assert rows["user of its own"] == "NO: needs root on Linux"

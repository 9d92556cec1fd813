"""``grader.isolate.sandbox`` when the grader does not run as root (a learner grading on a laptop).

Run for real as an unprivileged user: ``setpriv`` starts the system's Python as a user of no one,
and ``grader.isolate.sandbox`` needs only the standard library. SECURITY.md, "Without root", says what
holds then; these tests show the limits that do.
"""

import json
import os
import shutil
import signal
import subprocess
import textwrap

import pytest

from grader.isolate import sandbox

SYSTEM_PYTHON = "/usr/bin/python3"
UNPRIVILEGED = 3_999_999_999  # a user of no one, not a learner's (those are UID_BASE + pid)

pytestmark = pytest.mark.skipif(
    not sandbox.can_confine() or not shutil.which("setpriv") or not os.path.exists(SYSTEM_PYTHON)
    or sandbox._first_private_parent(sandbox.PROJECT) is not None,
    reason="needs root (to become a user without privileges), setpriv, the system's python3, and this project "
           "readable by others")


def as_unprivileged_user(code, tmp_path):
    """Run ``code`` as ``UNPRIVILEGED`` with the system's Python; return what it prints, parsed as JSON."""
    os.chown(tmp_path, UNPRIVILEGED, UNPRIVILEGED)
    program = f"import sys\nsys.path.insert(0, {sandbox.PROJECT!r})\n" + textwrap.dedent(code)
    result = subprocess.run(["setpriv", f"--reuid={UNPRIVILEGED}", f"--regid={UNPRIVILEGED}", "--clear-groups",
                             SYSTEM_PYTHON, "-I", "-c", program], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_root_the_limits_hold_and_the_rest_says_why_not(tmp_path):
    held, limits = as_unprivileged_user(f"""
        import json, os, resource
        from grader.isolate import sandbox
        plan = {{"workdir": {str(tmp_path)!r}, "memory": 3 << 30, "file_size": 16 << 20, "processes": 16,
                "hide": [], "readable": [], "cgroup": None, "group_memory": 4 << 30}}
        held = sandbox.enter(plan)
        limits = {{name: resource.getrlimit(getattr(resource, name))[0]
                  for name in ("RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NPROC")}}
        limits["processes now"] = sandbox._processes_of(os.getuid())
        print(json.dumps([held, limits]))
        """, tmp_path)
    for name in ("address space limit", "file size limit", "no core files", "open files limit", "process limit",
                 "dies with the grader"):
        assert held[name] is True, (name, held)
    for name in ("user of its own", "no network", "hidden paths", "private temporary folders"):
        assert held[name] == "needs root on Linux", (name, held)
    assert limits["RLIMIT_AS"] == 3 << 30 and limits["RLIMIT_FSIZE"] == 16 << 20
    assert limits["processes now"] <= limits["RLIMIT_NPROC"] <= limits["processes now"] + 16


def test_without_root_each_call_gets_its_cpu_time_and_the_next_one_too(tmp_path):
    # The hard limit stays as it was: lowered for one call, it could not be raised for the next.
    soft_limits, hard, code = as_unprivileged_user(f"""
        import json, resource, signal, subprocess, time
        from grader.isolate import sandbox
        spinner = subprocess.Popen([{SYSTEM_PYTHON!r}, "-c", "while True: pass"])
        first = sandbox.limit_cpu(spinner.pid, 30)
        second = sandbox.limit_cpu(spinner.pid, 1)  # a later call with a shorter limit
        hard = resource.prlimit(spinner.pid, resource.RLIMIT_CPU)[1]
        print(json.dumps([[first, second], hard == resource.RLIM_INFINITY, spinner.wait(timeout=60)]))
        """, tmp_path)
    assert None not in soft_limits
    assert hard is True
    assert code == -signal.SIGXCPU

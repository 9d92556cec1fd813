"""The corpus of hostile and malformed submissions (tests/test_hostile.py grades it; SECURITY.md cites it).

Each case is the W2A1 reference solution with one graded function replaced by hostile code (or, for
``kind="text"`` / ``"notebook"``, a whole file). The case says the exact outcome every check of
that function must get and a fragment of what the learner is told; every other function keeps the
reference's code and must still pass, unless ``others`` says otherwise.
"""

import ast
import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grader.paths import cache_directory

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "solutions" / "w2a1_numpy_basics.py"
SOLUTION_FILE = str(SOLUTION)
CHECKS_FILE = str(ROOT / "grader" / "assignments" / "w2a1.py")
PROJECT = str(ROOT)
CACHE = str(cache_directory())
SCALE = 0.2  # every time limit x 0.2: an endless loop costs 2 s instead of 10
MARK = "nndl-hostile-7f3a"  # in every file a case tries to create, so the test can look for it


@dataclass(frozen=True)
class Case:
    id: str
    target: str  # the function whose checks must not pass; "*": every function
    code: str  # the function's new definition; kind "text": the whole file; "notebook": cells, "\n#%%\n"
    outcome: str  # what every check of ``target`` gets (or those named in ``checks``)
    says: str  # a fragment of a target check's output, or of a note when ``in_notes``
    in_notes: bool = False
    checks: str = ""  # only the target's checks whose name contains this get ``outcome``
    kind: str = "py"  # py: the solution with ``target`` replaced; text: ``code`` is the file; notebook
    others: str = "passed"  # every other function's outcome
    threat: str = ""  # what the case tries, in SECURITY.md's words
    extra: dict = field(default_factory=dict, hash=False, compare=False)


def at_import(exception):
    """A default argument that raises ``exception`` when the ``def`` runs (at load)."""
    return f"(_ for _ in ()).throw({exception})"


CASES = [
    # -- time ----------------------------------------------------------------------------------------
    Case("endless-loop-in-call", "softmax", """
        def softmax(x):
            while True:
                pass
        """, "timeout", "softmax did not return within 2 s", threat="endless loop"),
    Case("endless-loop-at-import", "softmax", """
        def softmax(x, _=next(n for n in iter(int, 1) if n)):
            return x
        """, "missing", "left out: it did not finish within 4 s", in_notes=True, threat="endless loop at import"),
    Case("cpu-time-used-up", "softmax", """
        def softmax(x):
            import os, signal
            os.kill(os.getpid(), signal.SIGXCPU)  # what the kernel sends at the CPU limit
        """, "crashed", "used more than 2 s of CPU time", threat="CPU time (the kernel's signal)"),
    # -- memory and processes -------------------------------------------------------------------------
    Case("memory-bomb-in-call", "softmax", """
        def softmax(x):
            hoard = []
            while True:
                hoard.append(np.zeros(10**8))  # 800 MB each
        """, "error", "MemoryError", threat="memory bomb"),
    Case("memory-bomb-at-import", "softmax", """
        def softmax(x, _=bytearray(10**11)):
            return x
        """, "missing", "MemoryError", in_notes=True, threat="memory bomb at import"),
    Case("fork-bomb", "softmax", """
        def softmax(x):
            import os
            while True:
                os.fork()
        """, "error", "BlockingIOError", threat="fork bomb"),
    Case("escaping-process", "softmax", f"""
        def softmax(x):
            import subprocess
            subprocess.Popen(["sleep", "{987_654}"], start_new_session=True)
            return None
        """, "failed", "is None", threat="a process left running in a session of its own"),
    Case("raise-own-limits", "softmax", """
        def softmax(x):
            import resource
            resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            return x
        """, "error", "not allowed to raise maximum limit", threat="raising its own limits"),
    # -- ending the process --------------------------------------------------------------------------
    Case("sys-exit-in-call", "softmax", """
        def softmax(x):
            import sys
            sys.exit(0)
        """, "error", "SystemExit", threat="sys.exit() in a call"),
    Case("os-exit-in-call", "softmax", """
        def softmax(x):
            import os
            os._exit(0)
        """, "crashed", "exited with code 0", threat="os._exit(0) in a call"),
    Case("raise-system-exit-in-call", "softmax", """
        def softmax(x):
            raise SystemExit("graded: 100 %")
        """, "error", "SystemExit: graded: 100 %", threat="raise SystemExit in a call"),
    Case("keyboard-interrupt-in-call", "softmax", """
        def softmax(x):
            raise KeyboardInterrupt
        """, "error", "KeyboardInterrupt", threat="KeyboardInterrupt in a call"),
    Case("base-exception-in-call", "softmax", """
        class Escape(BaseException):
            pass

        def softmax(x):
            raise Escape("out of the grader")
        """, "error", "Escape: out of the grader", threat="BaseException in a call"),
    Case("kill-the-grader", "softmax", """
        def softmax(x):
            import os, signal
            os.kill(os.getppid(), signal.SIGKILL)
        """, "error", "PermissionError", threat="killing the grader"),
    Case("sys-exit-at-import", "softmax", f"""
        def softmax(x, _={at_import("SystemExit(3)")}):
            return x
        """, "missing", "SystemExit: 3", in_notes=True, threat="sys.exit() at import"),
    Case("os-exit-at-import", "softmax", """
        def softmax(x, _=__import__("os")._exit(0)):
            return x
        """, "missing", "left out: it ended the process with exit code 0", in_notes=True,
         threat="os._exit(0) at import"),
    Case("keyboard-interrupt-at-import", "softmax", f"""
        def softmax(x, _={at_import("KeyboardInterrupt")}):
            return x
        """, "missing", "KeyboardInterrupt", in_notes=True, threat="KeyboardInterrupt at import"),
    Case("base-exception-at-import", "softmax", f"""
        def softmax(x, _={at_import("BaseException('at import')")}):
            return x
        """, "missing", "BaseException: at import", in_notes=True, threat="BaseException at import"),
    Case("top-level-sys-exit", "softmax", """
        def softmax(x):
            return x

        import sys
        sys.exit(0)
        """, "failed", "not run by the grader: sys.exit(0)", in_notes=True,
         threat="a top-level sys.exit() (never run: only definitions are)"),
    # -- tampering with the verdict ------------------------------------------------------------------
    Case("monkeypatch-numpy-at-import", "softmax", """
        class Patch:
            np.allclose = lambda *args, **kwargs: True
            np.isclose = lambda *args, **kwargs: True
            np.array_equal = lambda *args, **kwargs: True
            np.testing.assert_allclose = lambda *args, **kwargs: None
            np.all = lambda *args, **kwargs: True

        def softmax(x):
            return np.zeros_like(x)
        """, "failed", "largest error 0.981", threat="monkeypatching numpy at import"),
    Case("monkeypatch-builtins-at-import", "softmax", """
        class Patch:
            import builtins
            builtins.abs = lambda value: 0
            builtins.round = lambda value, digits=0: 0
            builtins.max = lambda *args, **kwargs: 0

        def softmax(x):
            return np.zeros_like(x)
        """, "failed", "largest error 0.981", threat="monkeypatching builtins at import"),
    Case("import-the-reference", "softmax", """
        def softmax(x):
            from solutions.w2a1_numpy_basics import softmax as reference
            return reference(x)
        """, "error", "ImportError: solutions cannot be imported by a submission",
         threat="importing solutions and calling the reference"),
    Case("import-the-grader", "softmax", """
        def softmax(x):
            import grader.assignments.w2a1 as checks
            return checks.ref.softmax(x)
        """, "error", "grader.assignments cannot be imported by a submission", threat="importing the grader"),
    Case("import-the-reference-past-the-guard", "softmax", f"""
        def softmax(x):
            import sys
            sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "ImportGuard"]
            sys.path.insert(0, {PROJECT!r})
            for name in [m for m in sys.modules if m.startswith("solutions")]:
                del sys.modules[name]
            from solutions.w2a1_numpy_basics import softmax as reference
            return reference(x)
        """, "error", "No module named 'solutions.w2a1_numpy_basics'",
         threat="importing solutions after removing the import guard"),
    Case("reference-from-its-file", "softmax", f"""
        def softmax(x):
            import importlib.util
            spec = importlib.util.spec_from_file_location("reference", {SOLUTION_FILE!r})
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.softmax(x)
        """, "error", "FileNotFoundError", threat="loading solutions/*.py by path"),
    Case("read-solutions-from-disk", "softmax", f"""
        def softmax(x):
            namespace = {{"np": np}}
            exec(open({SOLUTION_FILE!r}).read(), namespace)
            return namespace["softmax"](x)
        """, "error", "FileNotFoundError", threat="reading solutions/*.py from disk"),
    Case("read-the-checks-from-disk", "softmax", f"""
        def softmax(x):
            source = open({CHECKS_FILE!r}).read()  # the known mistakes and the course's inputs
            raise RuntimeError("read the checks: " + source[:40])
        """, "error", "FileNotFoundError", threat="reading the checks (grader/assignments) from disk"),
    Case("read-the-reference-cache", "softmax", f"""
        def softmax(x):
            import os
            found = [os.path.join(d, f) for d, _, files in os.walk({CACHE!r}) for f in files]
            return found or None
        """, "failed", "is None", threat="reading the grader's cache of reference outputs"),
    Case("search-frames-and-memory", "softmax", """
        def softmax(x):
            import gc, sys
            frame, seen = sys._getframe(), []
            while frame is not None:
                seen.append(frame.f_globals.get("__name__"))
                frame = frame.f_back
            for thing in gc.get_objects():
                if callable(thing) and getattr(thing, "__module__", "") and thing.__module__.startswith("solutions"):
                    return thing(x)
            return None
        """, "failed", "is None", threat="looking for the reference through frames and the garbage collector"),
    Case("fake-report-printed", "softmax", """
        def softmax(x):
            import json, os
            print(json.dumps({"score": 21, "max_score": 21, "tests": []}))
            print("softmax                  4 / 4 passed\\nTotal: 21 / 21 (100 %)")
            print("\\x1b[2K\\r\\x1b[32mpassed\\x1b[0m")
            os.write(1, b'{"score": 21, "max_score": 21}\\n')
            return None
        """, "failed", "\\x1b[2K", threat="printing fake JSON or a fake report"),
    Case("fake-results-file", "softmax", """
        def softmax(x):
            import json, os
            for path in ("results.json", "/autograder/results/results.json", "../results.json"):
                try:
                    with open(path, "w") as f:
                        json.dump({"score": 21}, f)
                except OSError:
                    pass
            os._exit(0)
        """, "crashed", "exited with code 0", threat="writing a fake results file, then os._exit(0)"),
    Case("write-outside", "softmax", f"""
        def softmax(x):
            import os
            written = []
            for folder in ({PROJECT!r}, {PROJECT + "/solutions"!r}, "/tmp", "/var/tmp", "/dev/shm", "/root", "/"):
                try:
                    with open(os.path.join(folder, "{MARK}"), "w") as f:
                        f.write("x")
                    written.append(folder)
                except OSError:
                    pass
            return written
        """, "failed", "found a list", threat="writing files outside its working folder",
         extra={"folders": [PROJECT, PROJECT + "/solutions", "/tmp", "/var/tmp", "/dev/shm", "/root", "/"]}),
    Case("print-100-mb", "softmax", """
        def softmax(x):
            print("x" * 10**8)
            return None
        """, "failed", "more characters not shown", threat="printing 100 MB"),
    Case("write-100-mb-to-fd-1", "softmax", """
        def softmax(x):
            import os
            block = b"y" * 10**6
            for _ in range(100):
                os.write(1, block)
            return None
        """, "error", "File too large", threat="writing 100 MB to file descriptor 1"),
    Case("network", "softmax", """
        def softmax(x):
            import socket
            socket.create_connection(("1.1.1.1", 80), timeout=2)
            return x
        """, "error", "Network is unreachable", threat="using the network"),
    # -- returned values -----------------------------------------------------------------------------
    Case("returns-none", "softmax", "def softmax(x):\n    return None\n", "failed", "is None", threat="returning None"),
    Case("returns-nan", "softmax", "def softmax(x):\n    return np.full(x.shape, np.nan)\n", "failed", "NaN",
         threat="returning NaN"),
    Case("returns-inf", "softmax", "def softmax(x):\n    return np.full(x.shape, np.inf)\n", "failed", "inf",
         threat="returning inf"),
    Case("returns-a-string", "softmax", "def softmax(x):\n    return 'passed'\n", "failed", "found a str",
         threat="returning a wrong type"),
    Case("returns-a-huge-array", "softmax", "def softmax(x):\n    return np.ones((20000, 20000))\n", "error",
         "MemoryError", threat="returning a huge array"),
    Case("returns-a-big-array", "softmax", "def softmax(x):\n    return np.ones((2000, 2000))\n", "failed",
         "has shape (2000, 2000)", threat="returning a big array"),
    Case("returns-a-liar", "softmax", """
        class Liar:
            def __eq__(self, other):
                return True
            def __array__(self, *args, **kwargs):
                raise SystemExit("caught you")
            def __float__(self):
                return 0.0

        def softmax(x):
            return Liar()
        """, "failed", "found a submission.Liar object", threat="an object with a malicious __eq__ and __array__"),
    Case("returns-a-lying-array", "softmax", """
        class LyingArray(np.ndarray):
            def __eq__(self, other):
                return np.ones(np.shape(other), dtype=bool)
            def __array_finalize__(self, obj):
                pass

        def softmax(x):
            return np.zeros_like(x, dtype=float).view(LyingArray)
        """, "failed", "found a submission.LyingArray object", threat="an ndarray subclass with a malicious __eq__"),
    Case("mutates-its-input", "normalize_rows", """
        def normalize_rows(x):
            x /= np.linalg.norm(x, axis=1, keepdims=True)
            return x
        """, "failed", "normalize_rows changed its argument x in place: x changed: ", threat="mutating its input arrays"),
    # -- malformed files -----------------------------------------------------------------------------
    Case("syntax-error", "softmax", "import numpy as np\n\ndef softmax(x):\n    return np.exp(x) /\n", "error",
         "syntax error at line 4 of ", kind="text", others="missing", threat="a syntax error"),
    Case("missing-module", "softmax", """
        import module_that_does_not_exist

        def softmax(x):
            import another_module_that_does_not_exist
            return x
        """, "error", "No module named 'another_module_that_does_not_exist'", threat="an import of a missing module"),
    Case("notebook-syntax-error", "softmax", "def softmax(x):\n    return np.exp(x) /\n", "error", "SyntaxError",
         in_notes=True, kind="notebook", threat="a notebook cell with a syntax error"),
    Case("notebook-duplicate-definitions", "softmax",
         "def softmax(x):\n    e = np.exp(x)\n    return e / e.sum(axis=1, keepdims=True)\n#%%\ndef softmax(x):\n    return x\n",
         "failed", 'softmax is defined in cell "def softmax(x):" and cell "def softmax(x):" (2nd); the grader uses '
                   'cell "def softmax(x):" (2nd)', in_notes=True, kind="notebook", threat="a notebook with duplicate definitions"),
    Case("notebook-no-graded-cells", "*", "", "missing", "not defined", kind="notebook-empty",
         threat="a notebook with no graded cells"),
]


def solution_source():
    return SOLUTION.read_text()


def replace_function(source, name, code):
    """``source`` with the top-level ``def name`` replaced by ``code`` (dedented)."""
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    lines = source.splitlines(keepends=True)
    return "".join(lines[: node.lineno - 1]) + textwrap.dedent(code).lstrip("\n") + "".join(lines[node.end_lineno:])


def functions_of_solution():
    """(name, source of its def) for every top-level function of the W2A1 solution."""
    source = solution_source()
    tree = ast.parse(source)
    return [(n.name, ast.get_source_segment(source, n)) for n in tree.body if isinstance(n, ast.FunctionDef)]


def notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["nndl_grader"] = {"assignment": "w2a1"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nbformat.writes(nb)


def write_case(case, folder):
    """Write the case's submission into ``folder``; return its path."""
    folder = Path(folder)
    if case.kind == "py":
        path, text = folder / f"{case.id}.py", replace_function(solution_source(), case.target, case.code)
    elif case.kind == "text":
        path, text = folder / f"{case.id}.py", case.code
    elif case.kind == "notebook":
        cells = ["import math\nimport numpy as np"]
        for name, code in functions_of_solution():
            cells += case.code.split("#%%\n") if name == case.target else [f"# GRADED FUNCTION: {name}\n{code}"]
        path, text = folder / f"{case.id}.ipynb", notebook(cells)
    elif case.kind == "notebook-empty":
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# My answers\nI did them on paper.")])
        nb.metadata["nndl_grader"] = {"assignment": "w2a1"}
        path, text = folder / f"{case.id}.ipynb", nbformat.writes(nb)
    else:
        raise ValueError(case.kind)
    path.write_text(text)
    return path


def write_invalid_notebook(folder):
    """A notebook cut short in the middle of its JSON."""
    path = Path(folder) / "notebook-invalid-json.ipynb"
    path.write_text(notebook(["import numpy as np"])[:40])
    return path


def stray_markers():
    """Files named ``MARK`` that a case managed to leave on this machine's real file systems."""
    return [os.path.join(folder, MARK) for folder in CASES_BY_ID["write-outside"].extra["folders"]
            if os.path.lexists(os.path.join(folder, MARK))]


CASES_BY_ID = {case.id: case for case in CASES}
assert len(CASES_BY_ID) == len(CASES), "case ids must be unique"

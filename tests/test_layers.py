"""The house: imports go only downwards (the contract in pyproject.toml), and the command line
imports only what a command needs."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
HEAVY = ("numpy", "nbformat", "PIL", "h5py")


def lint(folder):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder), "HOME": str(folder)}
    return subprocess.run([LINT, "--no-cache"], cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def test_the_layer_contract_holds():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, line", [
    ("grader/checking/compare.py", "from grader.engine import grade"),  # a lower layer importing a higher one
    ("grader/batch/grade.py", "from grader.tryimage import cache"),  # two features importing each other
    ("nndl/dnn_app_utils.py", "from grader.tryimage.classify import try_image"),  # the helpers importing the grader
], ids=["upwards", "sideways", "helpers"])
def test_an_import_against_the_contract_breaks_it(tmp_path, module, line):
    for folder in ("grader", "nndl", "datasets", "solutions"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    path = tmp_path / module
    path.write_text(path.read_text() + f"\n{line}  # against the contract\n")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and "0 broken" not in result.stdout


def imported_by(*argv):
    """The heavy libraries imported by ``grade ARGV`` (run in a fresh interpreter)."""
    code = ("import json, sys\nfrom grader.cli import main\n"
            "try:\n    main(sys.argv[1:], prog_name='grade')\nexcept SystemExit:\n    pass\n"
            f"print('IMPORTED', json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))")
    result = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True, timeout=300)
    line = next(line for line in result.stdout.splitlines() if line.startswith("IMPORTED "))
    return set(json.loads(line.removeprefix("IMPORTED ")))


def test_help_and_version_import_no_numpy_nbformat_pillow_or_h5py():
    assert imported_by("--help") == set()
    assert imported_by("--version") == set()
    assert imported_by("batch", "--help") == set()


def test_grading_a_file_imports_only_what_grading_needs():
    assert imported_by(str(ROOT / "solutions" / "w2a1_numpy_basics.py"), "--only", "L1") == {"numpy"}


def test_grading_a_notebook_reads_it_without_nbformat():
    """A version-4 notebook is JSON: nbformat (0.2-1.5 s to import, with jsonschema) is left for v3."""
    notebook = ROOT / "exercises" / "w2a1_numpy_basics.ipynb"
    assert imported_by(str(notebook), "--only", "L1") == {"numpy"}

"""`grade release OUT`: the learner edition holds the exercises, the grader and recorded answers, never
solution code; it is refused a non-empty OUT; two releases are the same bytes; it installs and grades.

The fast tests record no answers: ``answers.write_solutions`` (minutes: it runs every check's reference)
is replaced by ``fake_write_solutions``, which writes stub-shaped modules. The slow ones use the real
one, and install the edition in a fresh virtual environment with its README's own commands.
"""

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from grader import course as courses
from grader.authoring import release as releasing
from grader.checking import answers
from grader.cli import main
from grader.errors import CannotGrade
from grader.isolate.protocol import decode

ROOT = Path(__file__).resolve().parent.parent
FIRST = "w2a1_numpy_basics"


def fake_write_solutions(course, root):
    """What ``answers.write_solutions`` writes, in shape only: a stub per solution module naming its
    functions, and a data file with its digest in MANIFEST.json. Deterministic bytes."""
    out = Path(root) / "solutions"
    (out / "answers").mkdir(parents=True)
    written, manifest = [], {}
    for file in sorted(course.solutions_dir.rglob("*.py")):
        relative = file.relative_to(course.solutions_dir)
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if file.name == "__init__.py":
            target.write_text('"""Recorded answers (fake)."""\n')
        else:
            names = [n.name for n in ast.parse(file.read_text()).body if isinstance(n, ast.FunctionDef)]
            target.write_text('"""Fake stub."""\n\nimport types\n\n' +
                              "".join(f"{name} = types.SimpleNamespace(name={name!r})\n" for name in names))
            data = json.dumps({"module": relative.as_posix(), "functions": names}).encode()
            (out / "answers" / f"{relative.with_suffix('').as_posix().replace('/', '__')}.answers").write_bytes(data)
            manifest[relative.as_posix()] = hashlib.sha256(data).hexdigest()
        written.append(target)
    (out / "answers" / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return written


@pytest.fixture
def fake_answers(monkeypatch):
    monkeypatch.setattr(answers, "write_solutions", fake_write_solutions)


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """The built-in course released (fake answers) to a new folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(answers, "write_solutions", fake_write_solutions)
        return releasing.release(tmp_path_factory.mktemp("release") / "learner", courses.builtin())


def tree(folder, suffixes=None):
    """Relative paths of the files under ``folder`` (no __pycache__, no bytecode), as the release copies them."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
                  and (suffixes is None or p.suffix in suffixes))


# ---------------------------------------------------------------- what is in it


def test_the_edition_has_the_exercises_grader_helpers_and_loaders_and_nothing_of_the_solutions(released):
    out = released.out
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "SECURITY.md", "datasets", "exercises", "grader",
                                                     "nndl", "pyproject.toml", "solutions"]
    for folder, suffixes in (("grader", None), ("nndl", None), ("exercises", (".py", ".ipynb"))):
        assert tree(out / folder) == tree(ROOT / folder, suffixes), folder
        for p in tree(out / folder):  # copies, but for the checks modules' known mistakes' bodies
            source = (ROOT / folder / p).read_bytes()
            if folder == "grader" and Path(p).parent == Path("assignments") and p.endswith(".py"):
                source = releasing.without_mistake_bodies(source.decode()).encode()
            assert (out / folder / p).read_bytes() == source, p
    assert tree(out / "datasets") == ["__init__.py", "cat.py", "catvnoncat/README.md", "planar.py"]
    assert (out / "SECURITY.md").read_bytes() == (ROOT / "SECURITY.md").read_bytes()
    shipped = {hashlib.sha256((out / p).read_bytes()).hexdigest() for p in tree(out)}
    for solution in sorted((ROOT / "solutions").rglob("*.py")):
        if solution.name != "__init__.py":
            assert hashlib.sha256(solution.read_bytes()).hexdigest() not in shipped, solution


def test_no_data_file_no_bytecode_and_solutions_holds_only_what_write_solutions_wrote(released, tmp_path):
    out = released.out
    files = [p for p in out.rglob("*")]
    assert not [p for p in files if p.suffix in (".h5", ".hdf5", ".pyc") or p.name == "__pycache__"]
    expected = fake_write_solutions(courses.builtin(), tmp_path)
    assert tree(out / "solutions") == sorted(p.relative_to(tmp_path / "solutions").as_posix()
                                             for p in [*expected, *(tmp_path / "solutions/answers").iterdir()])


def test_nothing_imports_solutions_but_the_stubs_and_no_reference_body_is_there(released):
    assert releasing.solution_code_in(released.out, courses.builtin()) == []
    # what it looked at: the grader's own imports of solutions (w3a1's checks, try-image) resolve to the stubs
    imports = [path for path in (released.out / "grader").rglob("*.py") if re.search(r"^from solutions\b",
                                                                                     path.read_text(), re.M)]
    assert {p.relative_to(released.out).as_posix() for p in imports} >= {"grader/assignments/w3a1.py"}


LEAKS = {
    "a solution file copied": ("exercises/copy.py", lambda: (ROOT / "solutions" / f"{FIRST}.py").read_text(),
                               "exercises/copy.py, line"),
    "a body under another name and docstring": (
        "grader/extra.py", lambda: "def helper(t):\n    '''other'''\n" + _source_of_body("L_model_backward"),
        "the body of the reference's w4a1_deep_nn_step_by_step.py: L_model_backward"),
    "a body inside a loop": (
        "nndl/extra.py", lambda: "for _ in range(1):\n" + _source_of_body("propagate", indent="    "),
        "nndl/extra.py, line 2: the body of the reference's w2a2_logistic_regression.py: propagate"),
    "an older version's body": (
        "nndl/older.py", lambda: "def f():\n" + _source_of_body("nn_model", file="older/w3a1_planar_v6c.py"),
        "the body of the reference's w3a1_planar_v6c.py: nn_model"),
    "a notebook cell": ("exercises/x.ipynb", lambda: json.dumps({"cells": [
        {"cell_type": "code", "source": ["%matplotlib inline\n", (ROOT / "solutions" / f"{FIRST}.py").read_text()]}]}),
        "exercises/x.ipynb cell 0, line"),
    "bytecode": ("grader/__pycache__/engine.cpython-311.pyc", lambda: "", "bytecode is compiled code"),
    "the cat data": ("datasets/catvnoncat/train_catvnoncat.h5", lambda: "", "data files are never shipped"),
    "a stub with a function": ("solutions/w2a1_numpy_basics.py", lambda: "def sigmoid(x):\n    return x\n",
                               "a FunctionDef (a stub defines no code)"),
    "a stub that runs code": ("solutions/w2a1_numpy_basics.py", lambda: "import os\nos.system('true')\n",
                              "line 2: os.system('true') is not an import or an assignment"),
    "a stub that execs a string": ("solutions/w2a1_numpy_basics.py", lambda: "x = exec('1')\n", "calls exec"),
    "something else in solutions/": ("solutions/source.txt", lambda: "", "solutions/ holds only stub modules"),
    "an import of a module solutions/ does not hold": (
        "grader/extra.py", lambda: "from solutions import w9a9_unknown\n",
        "grader/extra.py: line 1: imports solutions.w9a9_unknown, which the release's solutions/ does not hold"),
}


def _source_of_body(name, file=None, indent="    "):
    """The statements (after the docstring) of the graded function ``name`` in a solution file, re-indented."""
    path = ROOT / "solutions" / (file or next(p.name for p in (ROOT / "solutions").glob("*.py")
                                              if re.search(rf"^def {name}\(", p.read_text(), re.M)))
    function = next(n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef) and n.name == name)
    body = function.body[1:] if isinstance(function.body[0], ast.Expr) else function.body
    return "".join(indent + line + "\n" for statement in body for line in ast.unparse(statement).splitlines())


@pytest.mark.parametrize("case", LEAKS, ids=list(LEAKS))
def test_each_way_solution_code_could_get_in_is_found(case, tmp_path):
    relative, text, expected = LEAKS[case]
    (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / relative).write_text(text())
    found = releasing.solution_code_in(tmp_path, courses.builtin())
    assert any(expected in problem for problem in found), found


def test_a_release_that_would_hold_solution_code_leaves_nothing_behind(tmp_path, monkeypatch):
    def leaking(course, root):
        written = fake_write_solutions(course, root)
        (Path(root) / "solutions" / f"{FIRST}.py").write_text((ROOT / "solutions" / f"{FIRST}.py").read_text())
        return written

    monkeypatch.setattr(answers, "write_solutions", leaking)
    with pytest.raises(CannotGrade, match=r"^the learner edition would hold solution code: solutions/w2a1_numpy_basics"
                                          r"\.py, line \d+: the body of the reference's w2a1_numpy_basics.py: \w+ \(and "
                                          r"\d+ more\); nothing was written to "):
        releasing.release(tmp_path / "learner", courses.builtin())
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- refusals, reproducibility


@pytest.mark.parametrize("case", ["not empty", "a file", "inside the grader"])
def test_an_out_that_cannot_be_written_is_refused_with_one_line(case, tmp_path, fake_answers, monkeypatch):
    monkeypatch.chdir(tmp_path)
    if case == "not empty":
        (tmp_path / "learner").mkdir()
        (tmp_path / "learner" / "notes.txt").write_text("mine")
        out, expected = "learner", ("Error: learner is not empty: grade release writes the learner edition into a new "
                                    "or empty folder; remove it or choose another OUT\n")
    elif case == "a file":
        (tmp_path / "learner").write_text("mine")
        out, expected = "learner", ("Error: learner is a file: grade release writes the learner edition into a new or "
                                    "empty folder; choose another OUT\n")
    else:
        out = str(ROOT / "grader" / "learner")
        expected = f"Error: {out} is inside {ROOT / 'grader'}, which the release copies: choose an OUT outside it\n"
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(main, ["release", out])
    assert (result.exit_code, result.output) == (2, expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (ROOT / "grader" / "learner").exists()


def test_an_empty_out_is_used(tmp_path, fake_answers, monkeypatch):
    (tmp_path / "learner").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["release", "learner"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.fullmatch(r"learner edition of the built-in course written to learner: \d+ files, digest [0-9a-f]{12}",
                        lines[0])
    assert "  exercises/      11 files" in lines
    assert lines[-1] == ("learners: python3 -m venv .venv && .venv/bin/pip install -q -e .; then "
                         ".venv/bin/grade exercises/w2a1_numpy_basics.py (README.md)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learner"]  # the staging folder is gone


def test_without_the_cat_data_the_release_is_refused(tmp_path, fake_answers, monkeypatch):
    from grader import data

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NNDL_DATA", "unset")  # --data-dir sets it for the recording process: put it back after
    (tmp_path / "empty").mkdir()
    try:
        result = CliRunner().invoke(main, ["release", "learner", "--data-dir", "empty"])
    finally:
        data.use(None)
    assert (result.exit_code, result.output) == (2, (
        "Error: cannot release without the cat data (the training checks' answers are recorded from the reference's "
        "runs on it): cat dataset: train_catvnoncat.h5 not found in empty (chosen by --data-dir). Copy the course's "
        "train_catvnoncat.h5 and test_catvnoncat.h5 into empty, or pass --data-dir DIR, or set NNDL_DATA=DIR to the "
        "folder that holds them.\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_two_releases_are_the_same_bytes(released, tmp_path, fake_answers):
    again = releasing.release(tmp_path / "again", courses.builtin())
    assert again.digests == released.digests
    assert len(again.digests) == len(tree(again.out)) > 100
    assert again.digest == released.digest
    (again.out / "README.md").write_text("changed")
    assert releasing.digests(again.out) != released.digests  # the comparison sees a change


# ---------------------------------------------------------------- the learner's README and pyproject.toml


def fenced(text):
    return [block.split("\n") for block in re.findall(r"```\w*\n(.*?)\n```", text, re.S)]


def test_the_readme_starts_with_the_two_commands_and_says_what_the_answers_give_away(released):
    text = (released.out / "README.md").read_text()
    first = text.index("```")
    assert text[:first] == "# nndl-grader, learner edition\n\nInstall, then grade an exercise:\n\n"
    assert fenced(text)[0] == ["python3 -m venv .venv && .venv/bin/pip install -q -e .",
                               ".venv/bin/grade exercises/w2a1_numpy_basics.py"]
    assert ["python3 -m venv .venv && .venv/bin/pip install -q -e ."] != fenced(text)[1]
    assert [".venv/bin/pip install -q -e '.[notebook]'", ".venv/bin/jupyter lab exercises/"] in fenced(text)
    flat = " ".join(text.split())
    for words in ("W2A2 and W4A2 train on the course's cat", "`datasets/catvnoncat/`", "NNDL_DATA=DIR",
                  "expected outputs on fixed inputs, as the course's public tests", "no function body",
                  "`solutions/answers/MANIFEST.json`", "no pickle", "the grader checks a file's digest",
                  "Grading that counts", "with the full edition", 'check("basic_sigmoid", assignment="w2a1")',
                  "`nndl/dnn_app_utils.py`", "SECURITY.md"):
        assert words in flat, words
    assert "{{" not in text and "\n\n\n" not in text
    for exercise in ("w2a1_numpy_basics", "w2a2_logistic_regression", "w3a1_planar_data", "w4a1_deep_nn_step_by_step",
                     "w4a2_deep_nn_application"):
        assert f"`exercises/{exercise}.py`" in text and (released.out / "exercises" / f"{exercise}.ipynb").is_file()


def test_the_pyproject_installs_the_same_grade_with_the_same_dependencies(released):
    learner = tomllib.loads((released.out / "pyproject.toml").read_text())
    full = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert learner["project"]["name"] == "nndl-grader-learner"
    for key in ("dependencies", "scripts", "requires-python", "dynamic"):
        assert learner["project"][key] == full["project"][key], key
    assert learner["project"]["optional-dependencies"] == {"notebook": full["project"]["optional-dependencies"]["notebook"]}
    assert learner["build-system"] == full["build-system"]
    assert learner["tool"]["setuptools"]["dynamic"] == full["tool"]["setuptools"]["dynamic"]
    assert learner["tool"]["setuptools"]["packages"]["find"]["include"] == [
        "grader*", "nndl*", "datasets*", "exercises*", "solutions*"]
    assert learner["tool"]["setuptools"]["package-data"] == {
        "exercises": ["*.ipynb"], "grader": ["authoring/*.md"], "solutions": ["answers/*"]}


# ---------------------------------------------------------------- an instructor's course


@pytest.fixture
def mycourse(tmp_path, monkeypatch):
    """The README's worked example (`## Writing an assignment`), its exercises generated."""
    from test_course import files, section

    for path, text in files(section()).items():
        if path.startswith("mycourse/"):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text)
    (tmp_path / "mycourse" / "helpers").mkdir(exist_ok=True)
    (tmp_path / "mycourse" / "helpers" / "shapes.py").write_text("N = 3\n")
    (tmp_path / "mycourse" / "data").mkdir()
    (tmp_path / "mycourse" / "data" / "table.csv").write_text("1,2\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(courses.ENVIRONMENT, "unset")
    monkeypatch.delenv(courses.ENVIRONMENT)
    course = courses.at(tmp_path / "mycourse")
    from grader.authoring import generate

    generate.generate(course=course)
    return course


def test_an_instructors_course_goes_whole_into_course_and_is_graded_with_course_course(mycourse, tmp_path, fake_answers):
    result = CliRunner().invoke(main, ["release", "learner", "--course", "mycourse"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("learner edition of course mycourse written to learner: ")
    out = tmp_path / "learner"
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "SECURITY.md", "course", "datasets", "grader", "nndl",
                                                     "pyproject.toml"]
    assert tree(out / "course") == ["checks/w5a1.py", "data/table.csv", "exercises/w5a1_softmax_regression.ipynb",
                                    "exercises/w5a1_softmax_regression.py", "helpers/shapes.py",
                                    "solutions/answers/MANIFEST.json", "solutions/answers/w5a1_softmax_regression.answers",
                                    "solutions/w5a1_softmax_regression.py"]
    assert releasing.solution_code_in(out, mycourse) == []
    text = (out / "README.md").read_text()
    assert text.startswith("# mycourse, learner edition\n")
    assert fenced(text)[0] == ["python3 -m venv .venv && .venv/bin/pip install -q -e .",
                               ".venv/bin/grade --course course course/exercises/w5a1_softmax_regression.py"]
    assert "NNDL_COURSE=$PWD/course .venv/bin/jupyter lab course/exercises/" in text
    assert "## The cat data" not in text  # no check of this course needs it
    assert "`course/solutions/answers/MANIFEST.json`" in text
    include = tomllib.loads((out / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    assert include == ["grader*", "nndl*", "datasets*"]
    # the edition's course folder is a course: its checks and exercises are found there
    learner_course = courses.Course(out / "course")
    assert learner_course.ids == ("w5a1",) and learner_course.checks_dir == out / "course" / "checks"


def test_exercises_out_of_date_are_refused(mycourse, tmp_path, fake_answers):
    stub = mycourse.exercises_dir / "w5a1_softmax_regression.py"
    stub.write_text(stub.read_text() + "# edited by hand\n")
    result = CliRunner().invoke(main, ["release", "learner", "--course", "mycourse"])
    assert (result.exit_code, result.output) == (2, (
        "Error: exercises/ is out of date with solutions/ (1 file(s), such as exercises/w5a1_softmax_regression.py): "
        "run `grade generate --course mycourse` first, so that learners get the exercises the checks grade\n"))
    assert not (tmp_path / "learner").exists()


def test_a_learner_edition_is_not_released_again(released, fake_answers, tmp_path):
    learner = courses.Course(released.out, builtin=True)  # its solutions/ holds stubs and answers/
    with pytest.raises(CannotGrade, match="holds recorded answers, not solutions: this is a learner edition"):
        releasing.release(tmp_path / "again", learner)


# ---------------------------------------------------------------- slow: the real answers, installed


def _have_write_solutions():
    return hasattr(answers, "write_solutions") and answers.write_solutions is not fake_write_solutions


@pytest.fixture
def real_release(builtin_release):
    """The built-in course released with the real recording (conftest.py: made once a session)."""
    return builtin_release


def reference_bodies_by_hand():
    """{ast.dump of the body without docstring: "file: function"} of every graded function (every version)."""
    course, bodies = courses.builtin(), {}
    for assignment in course.assignments():
        names = set(assignment.functions).union(*(v.functions for v in assignment.versions))
        for path in [assignment.solution_file, *sorted((course.solutions_dir / "older").glob(f"{assignment.id}_*.py"))]:
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef) and node.name in names:
                    body = node.body[1:] if ast.get_docstring(node) is not None else node.body
                    bodies[ast.dump(ast.Module(body=body, type_ignores=[]))] = f"{path.name}: {node.name}"
    return bodies


@pytest.mark.slow
def test_the_real_learner_edition_holds_no_reference_body_and_no_solution_code(real_release):
    bodies = reference_bodies_by_hand()
    assert len(bodies) > 30
    found = []
    for path in sorted(real_release.out.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body[1:] if ast.get_docstring(node) is not None else node.body
                if ast.dump(ast.Module(body=body, type_ignores=[])) in bodies:
                    found.append(f"{path}: {node.name}")
    assert found == []
    assert releasing.solution_code_in(real_release.out, courses.builtin()) == []
    stubs = sorted(p.relative_to(real_release.out).as_posix() for p in (real_release.out / "solutions").rglob("*.py"))
    assert stubs == sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "solutions").rglob("*.py")
                           if "__pycache__" not in p.parts)
    manifest = json.loads((real_release.out / "solutions/answers/MANIFEST.json").read_text())
    for entry in manifest["files"].values():
        data = (real_release.out / "solutions/answers" / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert not data.startswith(b"\x80")  # not a pickle stream (protocol 2 and later start so)
        if len(data) < 50_000_000:  # the grader's pickle-free channel format reads it
            assert set(decode(data)) >= {"answers"}


def test_a_mistake_only_function_loses_its_body_and_nothing_else_changes():
    source = ('''import numpy as np
from grader.checking.kit import mistake_only


@mistake_only
def forward_with(activation):
    """A forward pass with another activation."""  # the docstring stays

    @mistake_only
    def wrong(args, kwargs):
        return activation(args[0])

    return wrong


def kept(x):  # not a mistake: as it was
    return np.tanh(x)
''')
    stripped = releasing.without_mistake_bodies(source)
    assert stripped == source.replace('''    @mistake_only
    def wrong(args, kwargs):
        return activation(args[0])

    return wrong
''', "".join(f"    {line}\n" for line in releasing.STRIPPED))
    namespace = {}
    exec(compile(stripped, "checks.py", "exec"), namespace)
    with pytest.raises(answers.NoAnswer, match="recorded outputs, not its code"):
        namespace["forward_with"](np.tanh)(([1.0],), {})
    assert namespace["kept"](0.0) == 0.0
    with pytest.raises(CannotGrade, match="has its body on the line of its def"):
        releasing.without_mistake_bodies("@mistake_only\ndef f(args, kwargs): return 1\n")


@pytest.mark.slow
def test_the_known_mistakes_that_rebuild_a_computation_ship_without_their_code(real_release):
    stripped = 0
    for path in sorted((ROOT / "grader" / "assignments").glob("w*.py")):
        shipped = ast.parse((real_release.out / "grader" / "assignments" / path.name).read_text())
        for node in ast.walk(ast.parse(path.read_text())):
            if releasing._is_mistake_only(node):
                there = next(n for n in shipped.body if isinstance(n, ast.FunctionDef) and n.name == node.name)
                body = there.body[1:] if ast.get_docstring(there) is not None else there.body
                assert [ast.unparse(statement) for statement in body] == [
                    "from grader.checking.kit import recorded_mistake", "return recorded_mistake"], (path.name, node.name)
                stripped += 1
    assert stripped >= 20


@pytest.mark.slow
def test_it_installs_with_its_readme_commands_and_grades_stubs_0_and_the_reference_100(real_release, tmp_path):
    out = real_release.out
    install, grade = fenced((out / "README.md").read_text())[0]
    environment = {k: v for k, v in os.environ.items() if k not in (courses.ENVIRONMENT, "VIRTUAL_ENV", "PYTHONPATH")}
    subprocess.run(install, shell=True, cwd=out, env=environment, check=True, timeout=900)
    stubs = subprocess.run(grade + " --format json", shell=True, cwd=out, env=environment, capture_output=True,
                           text=True, timeout=600)
    assert stubs.returncode == 1, stubs.stderr
    report = json.loads(stubs.stdout)
    assert report["score"] == 0 and {r["outcome"] for r in report["tests"]} == {"not_implemented"}
    assert len(report["tests"]) > 8
    # the reference, brought in by the test (never shipped), outside the edition
    solution = tmp_path / "mine" / f"{FIRST}.py"
    solution.parent.mkdir()
    shutil.copyfile(ROOT / "solutions" / f"{FIRST}.py", solution)
    graded = subprocess.run([str(out / ".venv/bin/grade"), str(solution)], cwd=tmp_path, env=environment,
                            capture_output=True, text=True, timeout=600)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert re.search(r"^Total: (\S+) / \1 \(100 %\)$", graded.stdout, re.M), graded.stdout
    # the edition's grader is the one that graded: it imports grader from the edition, not from this project
    where = subprocess.run([str(out / ".venv/bin/python"), "-c", "import grader, solutions; print(grader.__file__); "
                            "print(solutions.__file__)"], cwd=tmp_path, env=environment, capture_output=True, text=True)
    assert where.stdout.split() == [str(out / "grader/__init__.py"), str(out / "solutions/__init__.py")]
    assert sys.prefix not in where.stdout


@pytest.mark.slow
def test_two_real_releases_are_the_same_bytes(real_release, tmp_path):
    again = releasing.release(tmp_path / "again", courses.builtin())
    differ = sorted(p for p in set(again.digests) | set(real_release.digests)
                    if again.digests.get(p) != real_release.digests.get(p))
    assert differ == []

"""``grade release OUT``: the learner edition of a course, which grades as the full one and holds no
solution code.

What OUT holds, for the built-in course::

    README.md  SECURITY.md  pyproject.toml   for learners: install, grade, what the answers give away
    grader/                                  the whole grader (no __pycache__)
    nndl/  datasets/                         the course's helpers and data loaders, never the .h5 files
    exercises/                               the stubs, .py and .ipynb
    solutions/                               written by ``answers.write_solutions``: modules that replay
                                             the reference's recorded answers (answers/*.answers)

An instructor's course (``--course DIR``) goes whole into ``OUT/course/``: its exercises/, checks/,
helpers/ and data/, and the solutions/ that ``answers.write_solutions`` writes for it. That folder is a
course like any other, graded with ``--course course`` (the README's commands say so); the built-in
course is not part of that edition.

The course's own solutions/ is never copied. The release is written in a sibling folder, checked by
``solution_code_in`` (no reference function's body, no bytecode, no cat data, solutions/ only stubs),
and renamed to OUT only then: a release that fails leaves nothing behind. Two releases of the same
course are the same bytes: the files are copied as they are, and nothing written holds a time or a
path of the machine.
"""

import ast
import hashlib
import json
import os
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from datasets.cat import SHA256, DatasetError
from grader import __version__
from grader import course as courses
from grader import data
from grader.authoring import generate
from grader.errors import CannotGrade, DataUnavailable
from grader.paths import PROJECT

LEARNER_NAME = "nndl-grader-learner"  # the learner edition's distribution name (its pyproject.toml)
COURSE_FOLDER = "course"  # where an instructor's course goes in its learner edition
README_TEMPLATE = Path(__file__).with_name("learner_readme.md")
CAT_FILES = tuple(SHA256)  # the course's data files, never shipped
FORBIDDEN_CALLS = {"exec", "eval", "compile", "__import__"}  # what a solutions stub must not call


class ReleaseError(CannotGrade):
    """The learner edition cannot be written: the message names the folder or file and what to do."""


@dataclass(frozen=True)
class Release:
    """A learner edition written to ``out``: its files (relative, sorted) and the sha256 of each."""

    out: Path
    digests: dict  # {relative path (str, with /): sha256 hex}

    @property
    def digest(self):
        """One sha256 for the whole edition: two releases with the same files and bytes have the same."""
        lines = "".join(f"{digest}  {path}\n" for path, digest in sorted(self.digests.items()))
        return hashlib.sha256(lines.encode()).hexdigest()

    def summary(self, course):
        """What ``grade release`` prints: where, how many files in each top folder, the learner's commands."""
        counts = {}
        for path in self.digests:
            top = path.split("/")[0] + ("/" if "/" in path else "")
            counts[top] = counts.get(top, 0) + 1
        which = "the built-in course" if course.builtin else f"course {courses.shown(course.root)}"
        lines = [f"learner edition of {which} written to {courses.shown(self.out)}: {len(self.digests)} files, "
                 f"digest {self.digest[:12]}"]
        width = max(map(len, counts))
        for top, count in sorted(counts.items()):
            lines.append(f"  {top:<{width}}  {count} file{'s' if count > 1 else ''}")
        lines.append(f"no solution code: checked ({home(course) or '.'}/solutions/ holds recorded answers only)")
        lines.append(f"learners: {INSTALL}; then .venv/bin/grade {grade_example(course)} (README.md)")
        return lines


INSTALL = "python3 -m venv .venv && .venv/bin/pip install -q -e ."


def home(course):
    """Where the course's exercises/ and solutions/ go in its learner edition ('' is the top)."""
    return "" if course.builtin else COURSE_FOLDER


def grade_example(course):
    """The arguments of the learner's first ``grade``: the first assignment's exercise."""
    first = course.assignments()[0].solution_file.stem
    where = f"{home(course)}/exercises" if home(course) else "exercises"
    return f"--course {COURSE_FOLDER} {where}/{first}.py" if home(course) else f"{where}/{first}.py"


# ---------------------------------------------------------------- writing the edition


def release(out, course=None):
    """Write the learner edition of ``course`` (the active one by default) into the folder ``out``.

    Raises ``ReleaseError`` (one line) when ``out`` is not a new or empty folder, when the course's
    exercises/ are out of date, when this is already a learner edition, or when the written edition
    holds solution code; ``DataUnavailable`` when the course trains on the cat data and it is missing.
    """
    from grader.checking import answers  # imported here: the engine's side of the learner edition

    course = course or courses.active()
    out = Path(out).absolute()
    _refuse(out, course)
    staging = out.parent / f".{out.name}.partial-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)  # left by an interrupted release of this process id: never anything else
    staging.mkdir(parents=True)
    try:
        checks = _checks_targets(course)
        for target, source in sorted(_plan(course).items()):
            (staging / target).parent.mkdir(parents=True, exist_ok=True)
            if target in checks:
                (staging / target).write_text(without_mistake_bodies(source.read_text(encoding="utf-8")),
                                              encoding="utf-8")
            else:
                shutil.copyfile(source, staging / target)
        answers.write_solutions(course, staging / home(course))
        (staging / "pyproject.toml").write_text(pyproject_text(course), encoding="utf-8")
        (staging / "README.md").write_text(readme_text(course), encoding="utf-8")
        problems = solution_code_in(staging, course)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise ReleaseError(f"the learner edition would hold solution code: {problems[0]}{more}; nothing was "
                               f"written to {courses.shown(out)}")
        if out.exists():
            out.rmdir()  # empty, as _refuse checked
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Release(out, digests(out))


def digests(folder):
    """``{relative path: sha256}`` of every file under ``folder``."""
    folder = Path(folder)
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _refuse(out, course):
    """Raise ``ReleaseError`` or ``DataUnavailable`` before anything is written, when the release cannot be made."""
    if out.exists() and not out.is_dir():
        raise ReleaseError(f"{courses.shown(out)} is a file: grade release writes the learner edition into a new or "
                           f"empty folder; choose another OUT")
    if out.is_dir() and any(out.iterdir()):
        raise ReleaseError(f"{courses.shown(out)} is not empty: grade release writes the learner edition into a new "
                           f"or empty folder; remove it or choose another OUT")
    sources = [course.root] if not course.builtin else []
    sources += [PROJECT / name for name in ("grader", "nndl", "datasets", "solutions", "exercises")]
    for source in sources:
        if out.resolve() == source.resolve() or source.resolve() in out.resolve().parents:
            raise ReleaseError(f"{courses.shown(out)} is inside {courses.shown(source)}, which the release copies: "
                               f"choose an OUT outside it")
    if (course.solutions_dir / "answers" / "MANIFEST.json").exists():
        raise ReleaseError(f"{courses.shown(course.solutions_dir)} holds recorded answers, not solutions: this is a "
                           f"learner edition; release from the instructor's full edition")
    stale = generate.generate(check=True, course=course)
    if stale:
        flag = "" if course.builtin else f" --course {courses.shown(course.root)}"
        raise ReleaseError(f"exercises/ is out of date with solutions/ ({len(stale)} file(s), such as "
                           f"{generate.display_path(stale[0])}): run `grade generate{flag}` first, so that learners "
                           f"get the exercises the checks grade")
    if any(check.needs_data for assignment in course.assignments() for check in assignment.checks):
        try:
            data.check_cat()
        except DatasetError as e:
            raise DataUnavailable(f"cannot release without the cat data (the training checks' answers are recorded "
                                  f"from the reference's runs on it): {e}") from None


def _plan(course):
    """``{path in the release: the file it is a copy of}``: everything but solutions/, pyproject.toml, README.md."""
    plan = {Path("SECURITY.md"): PROJECT / "SECURITY.md"}
    plan.update(_copies(PROJECT / "grader", "grader"))
    plan.update(_copies(PROJECT / "nndl", "nndl"))
    plan.update(_copies(PROJECT / "datasets", "datasets", suffixes=(".py", ".md")))  # the loaders, never the data
    where = Path(home(course))
    plan.update(_copies(course.exercises_dir, where / "exercises", suffixes=(".py", ".ipynb")))
    if not course.builtin:  # the checks are grader code (the built-in course's are in grader/assignments/)
        for name in ("checks", "helpers", "data"):
            plan.update(_copies(course.root / name, where / name))
    return plan


def _checks_targets(course):
    """The release's paths of the course's checks modules (whose ``mistake_only`` functions lose their body)."""
    if course.builtin:
        return set(_copies(PROJECT / "grader" / "assignments", "grader/assignments", suffixes=(".py",)))
    return set(_copies(course.root / "checks", Path(home(course)) / "checks", suffixes=(".py",)))


STRIPPED = ("from grader.checking.kit import recorded_mistake  # learner edition: outputs recorded, no code",
            "return recorded_mistake")


def _is_mistake_only(node):
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        (isinstance(d, ast.Name) and d.id == "mistake_only") or (isinstance(d, ast.Attribute) and d.attr == "mistake_only")
        for d in node.decorator_list)


def without_mistake_bodies(source):
    """``source`` (a checks module) with the body of each ``@mistake_only`` function, its docstring aside,
    replaced by ``return recorded_mistake``: the rest of the file, comments included, as it was."""
    lines = source.splitlines(keepends=True)
    spans = []
    for node in ast.walk(ast.parse(source)):
        if _is_mistake_only(node):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            if body and body[0].lineno == node.lineno:
                raise ReleaseError(f"the @mistake_only function {node.name} (line {node.lineno}) has its body on the "
                                   f"line of its def: write it on lines of its own, so that the release can drop it")
            if body:
                indent = " " * body[0].col_offset
                first = min([body[0].lineno] + [d.lineno for d in getattr(body[0], "decorator_list", [])])
                spans.append((first - 1, body[-1].end_lineno, [f"{indent}{line}\n" for line in STRIPPED]))
    outer = [span for span in spans if not any(o[0] <= span[0] and span[1] <= o[1] and o != span for o in spans)]
    for start, end, replacement in sorted(outer, reverse=True):
        lines[start:end] = replacement
    return "".join(lines)


def _copies(folder, target, suffixes=None):
    """``{target/relative path: path}`` for the files under ``folder``, without bytecode and hidden files."""
    found = {}
    for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else ():
        relative = path.relative_to(folder)
        if (not path.is_file() or relative.suffix in (".pyc", ".pyo")
                or any(part == "__pycache__" or part.startswith(".") for part in relative.parts)):
            continue
        if suffixes is None or relative.suffix in suffixes:
            found[Path(target) / relative] = path
    return found


# ---------------------------------------------------------------- the learner's pyproject.toml and README.md


def _toml(value):
    """A TOML string or array of strings (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def pyproject_text(course):
    """The learner edition's pyproject.toml: the project's dependencies, its ``notebook`` extra and ``grade``."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    meta, setuptools = project["project"], project["tool"]["setuptools"]
    packages = ["grader*", "nndl*", "datasets*", *(["exercises*", "solutions*"] if course.builtin else [])]
    package_data = {"grader": ["authoring/*.md"]}
    if course.builtin:
        package_data.update(exercises=["*.ipynb"], solutions=["answers/*"])
    extras = {name: meta["optional-dependencies"][name] for name in ("notebook",)
              if name in meta.get("optional-dependencies", {})}
    lines = [
        "# The learner edition, written by `grade release`: the exercises, the grader and the reference's recorded",
        f"# answers ({home(course) + '/' if home(course) else ''}solutions/), without solution code. README.md says "
        f"what the answers give away.",
        "[build-system]",
        f"requires = {_toml(project['build-system']['requires'])}",
        f"build-backend = {_toml(project['build-system']['build-backend'])}",
        "",
        "[project]",
        f"name = {_toml(LEARNER_NAME)}",
        'dynamic = ["version"]',
        f"description = {_toml(meta['description'] + ' (learner edition: no solution code)')}",
        'readme = "README.md"',
        f"requires-python = {_toml(meta['requires-python'])}",
        "dependencies = [",
        *[f"    {_toml(dependency)}," for dependency in meta["dependencies"]],
        "]",
    ]
    if extras:
        lines += ["", "[project.optional-dependencies]"]
        for name, requirements in extras.items():
            lines += [f"{name} = [", *[f"    {_toml(r)}," for r in requirements], "]"]
    lines += ["", "[project.scripts]", *[f"{name} = {_toml(target)}" for name, target in meta["scripts"].items()]]
    lines += ["", "[tool.setuptools.dynamic]",
              f"version = {{attr = {_toml(setuptools['dynamic']['version']['attr'])}}}",
              "", "[tool.setuptools.packages.find]", f"include = {_toml(packages)}",
              "", "[tool.setuptools.package-data]",
              *[f"{name} = {_toml(patterns)}" for name, patterns in sorted(package_data.items())]]
    return "\n".join(lines) + "\n"


DATA_SECTION = """## The cat data

{needs} train on the course's cat / non-cat pictures, `train_catvnoncat.h5` and
`test_catvnoncat.h5`: the course's files, which this edition does not include. Get them from the
course (or your instructor) and copy them into `datasets/catvnoncat/` (their sha256 digests are in
`datasets/catvnoncat/README.md`, and `grade` checks them), or keep them anywhere and pass
`--data-dir DIR` to `grade`, or set `NNDL_DATA=DIR`. Without them `grade` grades everything else and
lists the checks it could not run."""


def readme_text(course):
    """The learner edition's README.md, from ``learner_readme.md``: its first lines are the two commands."""
    assignments = course.assignments()
    where = f"{home(course)}/" if home(course) else ""
    rows = [f"| `{a.id}` | {a.title} | `{where}exercises/{a.solution_file.stem}.py` (or `.ipynb`) |" for a in assignments]
    needs = [a.id.upper() for a in assignments if any(check.needs_data for check in a.checks)]
    needs_words = (", ".join(needs[:-1]) + " and " + needs[-1]) if len(needs) > 1 else "".join(needs)
    values = {
        "title": "nndl-grader, learner edition" if course.builtin else f"{course.root.name}, learner edition",
        "course": ("the course \"Neural Networks and Deep Learning\"" if course.builtin
                   else f"the course `{course.root.name}`") + f" (nndl-grader {__version__})",
        "assignments": "\n".join(rows),
        "grade_example": grade_example(course),
        "only_example": assignments[0].functions[0],
        "only_assignment": assignments[0].id,
        "course_option": "" if course.builtin else f" --course {COURSE_FOLDER}",
        "jupyter": (".venv/bin/jupyter lab exercises/" if course.builtin
                    else f"NNDL_COURSE=$PWD/{COURSE_FOLDER} .venv/bin/jupyter lab {where}exercises/"),
        "data": DATA_SECTION.format(needs=needs_words) if needs else "",
        "solutions": f"{where}solutions",
    }
    template = README_TEMPLATE.read_text(encoding="utf-8")
    unknown = set(re.findall(r"\{\{(\w+)\}\}", template)) ^ set(values)
    if unknown:
        raise ReleaseError(f"{README_TEMPLATE.name}: placeholders {', '.join(sorted(unknown))} are not those "
                           f"readme_text fills")
    text = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m[1]], template)
    return re.sub(r"\n{3,}", "\n\n", text)  # a section left out leaves no gap


# ---------------------------------------------------------------- no solution code


def _body(function):
    """A function's statements without its docstring, each as ``ast.dump``: its code, not its layout."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return [ast.dump(statement) for statement in body]


def reference_bodies(course):
    """``[(statements, "file: function")]``: every graded function of every solution file of ``course``
    (the older versions' too)."""
    bodies = []
    for assignment in course.assignments():
        names = set(assignment.functions).union(*(v.functions for v in assignment.versions))
        files = [assignment.solution_file, *sorted((course.solutions_dir / "older").glob(f"{assignment.id}_*.py"))]
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names and _body(node):
                    bodies.append((_body(node), f"{path.name}: {node.name}"))
    return bodies


def _code_of(path, shown):
    """``[(where, ast tree)]`` of a .py file, or of each code cell of a notebook that parses (``shown``: its name)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return [(shown, ast.parse(text))]
    trees = []
    for i, cell in enumerate(json.loads(text).get("cells", [])):
        source = "".join(cell.get("source", ""))
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        if cell.get("cell_type") == "code":
            try:
                trees.append((f"{shown} cell {i}", ast.parse(source)))
            except SyntaxError:
                continue
    return trees


def _statement_lists(tree):
    """Every list of statements in ``tree``: module, function and class bodies, and those of if/for/while/try/with."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if isinstance(statements, list) and statements and isinstance(statements[0], ast.stmt):
                yield node, statements


def _found_in(tree, bodies):
    """``[(line, "file: function")]`` where a reference body is in ``tree``: anywhere (a contiguous run of
    statements) for a body of two statements or more; as a whole function's body for one."""
    whole = {tuple(body): name for body, name in bodies}
    by_first = {}
    for body, name in bodies:
        if len(body) > 1:
            by_first.setdefault(body[0], []).append((body, name))
    found = []
    for node, statements in _statement_lists(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and statements is node.body:
            name = whole.get(tuple(_body(node)))
            if name:
                found.append((node.lineno, name))
        dumps = [ast.dump(statement) for statement in statements]
        for i, dump in enumerate(dumps):
            for body, name in by_first.get(dump, ()):
                if dumps[i:i + len(body)] == body:
                    found.append((statements[i].lineno, name))
    return found


def solution_code_in(folder, course):
    """What in the learner edition at ``folder`` gives solution code away, one line each (empty: nothing).

    - a graded function's reference body (its statements, as ``ast.dump``, without the docstring) in a
      ``.py`` file or a notebook's code cell: anywhere, for a body of two statements or more; as a whole
      function's body, for a body of one;
    - bytecode, a ``__pycache__`` folder, the course's cat data files;
    - in ``solutions/``: a module with a ``def``, ``class`` or ``lambda``, a call to exec/eval/compile, a
      statement other than imports and assignments, or a file other than modules and ``answers/``;
    - an import of ``solutions`` that no module of the release's ``solutions/`` answers.
    """
    folder = Path(folder)
    solutions = folder / home(course) / "solutions"
    problems = []
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        relative = path.relative_to(folder)
        if "__pycache__" in relative.parts or relative.suffix in (".pyc", ".pyo"):
            problems.append(f"{relative}: bytecode is compiled code, never shipped")
        elif relative.name in CAT_FILES or (relative.suffix in (".h5", ".hdf5") and relative.parts[:2] != (COURSE_FOLDER, "data")):
            problems.append(f"{relative}: the course's data files are never shipped")
        elif solutions in path.parents and path.suffix != ".py" and solutions / "answers" not in path.parents:
            problems.append(f"{relative}: solutions/ holds only stub modules and answers/")
    bodies = reference_bodies(course)
    for path in files:
        if path.suffix not in (".py", ".ipynb") or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(folder)
        try:
            trees = _code_of(path, relative.as_posix())
        except (SyntaxError, ValueError, UnicodeDecodeError) as e:
            problems.append(f"{relative}: cannot be read to check it holds no solution code ({type(e).__name__})")
            continue
        for where, tree in trees:
            problems += [f"{where}, line {line}: the body of the reference's {name}" for line, name in _found_in(tree, bodies)]
            if path.suffix == ".py":
                problems += [f"{relative}: {p}" for p in _imports_of_solutions(tree, path, folder, solutions)]
                if solutions in path.parents:
                    problems += [f"{relative}: {p}" for p in _not_a_stub(tree)]
    return list(dict.fromkeys(problems))


def _not_a_stub(tree):
    """Why a module of solutions/ is not a stub: code that could compute an answer."""
    found = []
    for statement in tree.body:
        docstring = isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
        if not (docstring or isinstance(statement, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign))):
            found.append(f"line {statement.lineno}: {ast.unparse(statement).splitlines()[0][:60]} is not an import or "
                         f"an assignment (a stub holds imports, constants and replayed answers)")
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            found.append(f"line {node.lineno}: a {type(node).__name__} (a stub defines no code)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
            found.append(f"line {node.lineno}: calls {node.func.id}")
    return found


def _imports_of_solutions(tree, path, folder, solutions):
    """The imports in ``path`` of a ``solutions`` module that the release's solutions/ does not hold."""
    missing = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
            bases = [folder] * len(modules)
        elif isinstance(node, ast.ImportFrom):
            base = folder
            if node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
            module = node.module or ""
            modules = [f"{module}.{alias.name}".lstrip(".") for alias in node.names]
            bases = [base] * len(modules)
        else:
            continue
        for base, module in zip(bases, modules):
            target = base.joinpath(*module.split("."))
            if not (target == solutions or solutions in target.parents):
                continue
            attribute = isinstance(node, ast.ImportFrom) and (target.parent.with_suffix(".py").is_file()
                                                              or (target.parent / "__init__.py").is_file())
            if not (attribute or target.with_suffix(".py").is_file() or (target / "__init__.py").is_file()):
                missing.append(f"line {node.lineno}: imports {module}, which the release's solutions/ does not hold")
    return missing

"""A course: the assignments the grader knows, read from a folder.

A course is a folder laid out like the project's own top level (the built-in course)::

    mycourse/
      solutions/w5a1_softmax_regression.py   reference solutions with their markers; the file name
                                             starts with the assignment's id and an underscore
      exercises/                             written by `grade generate --course mycourse`
      checks/w5a1.py                         one checks module per assignment: TITLE, COURSE_VERSION,
                                             CHECKS (the built-in course keeps them in grader/assignments/)
      helpers/                               optional: modules the solutions, the checks and the
                                             learners' code import (on the path of all three)
      data/                                  optional: files the helpers read (they are not hidden)

An assignment's id is the part of its solution file's name before the first underscore
(``w5a1_softmax_regression.py`` is ``w5a1``), lower case letters and digits; its checks module has
that name. The graded functions are those the checks name, in the order the checks first name them.

The active course is the built-in one unless ``NNDL_COURSE`` names a folder (``--course DIR`` sets
it for the command and every process it starts). A folder that is not a valid course raises
``CourseError`` with one line naming the file.
"""

import ast
import dataclasses
import functools
import hashlib
import importlib
import os
import re
import sys
import traceback
import types
from dataclasses import dataclass
from pathlib import Path

from grader.checking import validate_checks
from grader.checking.model import Check
from grader.errors import CannotGrade
from grader.paths import PROJECT

ENVIRONMENT = "NNDL_COURSE"
VERSION_ENVIRONMENT = "NNDL_COURSE_VERSION"  # --course-version: the version every submission is graded against
ID = re.compile(r"^(?P<id>[a-z][a-z0-9]*)_\w+$")
BUILTIN_CHECKS = PROJECT / "grader" / "assignments"


class CourseError(CannotGrade):
    """A course folder that cannot be used: the message names the file and what to do."""


@dataclass(frozen=True)
class Assignment:
    """One assignment of a course: its checks and its reference solution."""

    id: str
    title: str
    course_version: str  # the version of the course's notebook the checks follow ("v1.2")
    checks: tuple
    functions: tuple  # the graded functions, in the order the checks first name them
    solution: types.ModuleType
    solution_file: Path
    checks_file: Path
    versions: tuple = ()  # the older versions graded too (grader.assignments.course_versions.Version), newest first
    newest: str = ""  # the newest version's id: course_version of the assignment as its checks are written
    version: object = None  # the Version these checks and references are of (None: the newest)
    vectorized: tuple = ()  # the functions the course wants vectorized (grader.checking.vectorize.Vectorized)

    def references(self):
        """``{function name: the reference function}`` for every graded function (of this version)."""
        names = [*self.functions, *(self.version.functions if self.version is not None else ())]
        references = {name: getattr(self.solution, name) for name in names if hasattr(self.solution, name)}
        return self.version.references(references) if self.version is not None else references

    @property
    def version_ids(self):
        """Every version graded, newest first."""
        return (self.newest, *(v.id for v in self.versions)) if self.newest else tuple(v.id for v in self.versions)

    @property
    def points(self):
        return sum(c.points for c in self.checks)


class Course:
    """The assignments of one course folder (see the module's docstring for the layout)."""

    def __init__(self, root, *, builtin=False):
        self.root = Path(root).resolve()
        self.builtin = builtin
        self.solutions_dir = self.root / "solutions"
        self.exercises_dir = self.root / "exercises"
        self.checks_dir = BUILTIN_CHECKS if builtin else self.root / "checks"
        self.helpers_dir = None if builtin else self.root / "helpers"
        # The import name of the folder: its solutions and checks are modules of this package.
        self.package = None if builtin else "nndl_course_" + hashlib.sha256(str(self.root).encode()).hexdigest()[:12]
        self._assignments = {}
        self.solution_files = self._find_solutions()

    def __repr__(self):
        return f"Course({str(self.root)!r}{', builtin=True' if self.builtin else ''})"

    # -- what the folder holds ----------------------------------------------------------------
    def _find_solutions(self):
        if not self.root.is_dir():
            raise CourseError(f"course folder {shown(self.root)} does not exist: pass --course a folder holding "
                              f"solutions/ and checks/ (README, 'Writing an assignment')")
        if not self.solutions_dir.is_dir():
            raise CourseError(f"course folder {shown(self.root)} has no solutions/ folder: expected "
                              f"{shown(self.solutions_dir)}/<id>_<name>.py, one reference solution per assignment")
        found = {}
        for path in sorted(self.solutions_dir.glob("*.py")):
            match = ID.match(path.stem)
            if not match:
                continue  # __init__.py, a helper of the solutions
            assignment_id = match["id"]
            if assignment_id in found:
                raise CourseError(f"{shown(found[assignment_id])} and {shown(path)} are both assignment "
                                  f"{assignment_id!r} (the id is the file name up to the first underscore): rename one")
            found[assignment_id] = path
        if not found:
            raise CourseError(f"{shown(self.solutions_dir)} holds no solution: expected files named <id>_<name>.py "
                              f"(for example w5a1_softmax_regression.py)")
        for assignment_id, path in found.items():
            checks = self.checks_dir / f"{assignment_id}.py"
            if not checks.is_file():
                raise CourseError(f"{shown(path)} has no checks module: expected {shown(checks)} "
                                  f"(TITLE, COURSE_VERSION, CHECKS)")
        for checks in sorted(self.checks_dir.glob("*.py")):
            if re.fullmatch(r"[a-z][a-z0-9]*", checks.stem) and checks.stem not in found:
                raise CourseError(f"{shown(checks)} has no solution: expected "
                                  f"{shown(self.solutions_dir)}/{checks.stem}_<name>.py")
        return found

    @property
    def ids(self):
        return tuple(self.solution_files)

    def files(self, assignment_id):
        """The files an assignment's verdicts depend on: its checks module, its solution, the course's helpers."""
        files = [self.checks_dir / f"{assignment_id}.py", self.solution_files[assignment_id]]
        files += sorted((self.solutions_dir / "older").glob(f"{assignment_id}_*.py"))  # older versions' references
        if self.builtin:
            files.append(self.checks_dir / "course_versions.py")
        answers = self.solutions_dir / "answers" / "MANIFEST.json"  # a learner edition's recorded answers
        if answers.is_file():
            files.append(answers)
        if self.helpers_dir is not None and self.helpers_dir.is_dir():
            files += sorted(p for p in self.helpers_dir.rglob("*.py") if "__pycache__" not in p.parts)
        return files

    def learner_paths(self):
        """Folders the learner's code may import from besides nndl's (the course's helpers)."""
        return [self.helpers_dir] if self.helpers_dir is not None and self.helpers_dir.is_dir() else []

    def hidden(self):
        """What learner code must not read: the solutions and the checks."""
        return [self.solutions_dir, self.checks_dir]

    # -- importing ----------------------------------------------------------------------------
    def _module_name(self, kind, stem):
        if self.builtin:
            return f"grader.assignments.{stem}" if kind == "checks" else f"solutions.{stem}"
        return f"{self.package}.{kind}.{stem}"

    def _import(self, kind, stem, path):
        if not self.builtin:
            self._register_package()
        try:
            return importlib.import_module(self._module_name(kind, stem))
        except Exception as e:  # noqa: BLE001 - any failure of an instructor's module is one line naming it
            raise CourseError(f"{shown(path)} cannot be imported: {_one_line(e, path)}") from None

    def _register_package(self):
        """Make the folder importable as ``self.package`` (checks may import ``..solutions`` and ``..helpers``)."""
        if self.package not in sys.modules:
            package = types.ModuleType(self.package)
            package.__path__ = [str(self.root)]
            sys.modules[self.package] = package
        if self.helpers_dir.is_dir() and str(self.helpers_dir) not in sys.path:
            sys.path.append(str(self.helpers_dir))

    def solution(self, assignment_id):
        """The reference solution's module."""
        path = self.solution_files[assignment_id]
        return self._import("solutions", path.stem, path)

    def assignment(self, assignment_id, version=None):
        """The ``Assignment`` with this id (its modules imported once, then remembered), as ``version``
        of its notebook grades it (None: the newest)."""
        if assignment_id not in self.solution_files:
            course = "the built-in course" if self.builtin else shown(self.root)
            raise CourseError(f"unknown assignment {assignment_id!r}; the assignments of {course} are {', '.join(self.ids)}")
        if assignment_id not in self._assignments:
            self._assignments[assignment_id] = self._load(assignment_id)
        newest = self._assignments[assignment_id]
        if version is None or version == newest.newest:
            return newest
        if (assignment_id, version) not in self._assignments:
            older = next((v for v in newest.versions if v.id == version), None)
            if older is None:
                raise CannotGrade(unknown_version(newest, version))
            checks = older.checks(newest.checks)
            self._assignments[assignment_id, version] = dataclasses.replace(
                newest, checks=checks, functions=tuple(dict.fromkeys(c.function for c in checks)),
                course_version=older.id, version=older)
        return self._assignments[assignment_id, version]

    def _load(self, assignment_id):
        checks_file = self.checks_dir / f"{assignment_id}.py"
        module = self._import("checks", assignment_id, checks_file)
        missing = [name for name in ("TITLE", "CHECKS") if not hasattr(module, name)]
        if missing:
            raise CourseError(f"{shown(checks_file)} does not define {' and '.join(missing)}: a checks module defines "
                              f"TITLE (the assignment's title), COURSE_VERSION and CHECKS (a list of checks)")
        checks = tuple(module.CHECKS)
        solution_file = self.solution_files[assignment_id]
        solution = self.solution(assignment_id)
        if not checks:
            raise CourseError(f"{shown(checks_file)}: CHECKS is empty; declare at least one check per graded function")
        for check in checks:
            if not isinstance(check, Check):
                raise CourseError(f"{shown(checks_file)}: CHECKS holds {type(check).__name__} {check!r:.60}; every "
                                  f"entry must be a check made by the kit (grader.checking.kit.Graded)")
        problems = validate_checks(checks)
        if problems:
            raise CourseError(f"{shown(checks_file)}: {problems[0]}")
        for check in checks:
            if not callable(getattr(solution, check.function, None)):
                raise CourseError(f"{shown(checks_file)}: check {check.name!r} grades {check.function}, which "
                                  f"{shown(solution_file)} does not define")
            for callee in check.calls:
                if not callable(getattr(solution, callee, None)):
                    raise CourseError(f"{shown(checks_file)}: check {check.name!r} replaces {callee} by the reference, "
                                      f"which {shown(solution_file)} does not define")
        newest = getattr(module, "COURSE_VERSION", "")
        versions = tuple(getattr(module, "VERSIONS", ()))
        for older in versions:
            unknown = [f for f in older.functions if f not in {c.function for c in checks}]
            if unknown or older.id == newest or [v.id for v in versions].count(older.id) > 1:
                what = (f"changes {', '.join(unknown)}, which no check grades" if unknown
                        else "has the id of another version")
                raise CourseError(f"{shown(checks_file)}: version {older.id!r} of VERSIONS {what}")
        vectorized = tuple(getattr(module, "VECTORIZED", ()))
        for row in vectorized:
            if getattr(row, "function", None) not in {c.function for c in checks}:
                raise CourseError(f"{shown(checks_file)}: VECTORIZED names {getattr(row, 'function', row)!r}, which no "
                                  f"check grades; each row is grader.checking.vectorize.vectorized(graded function, ...)")
        return Assignment(assignment_id, module.TITLE, newest, checks, tuple(dict.fromkeys(c.function for c in checks)),
                          solution, solution_file, checks_file, versions, newest, vectorized=vectorized)

    def assignments(self):
        return [self.assignment(a) for a in self.ids]


def shown(path):
    """``path`` relative to the current folder when it is inside it (as the user typed it), else absolute."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _one_line(error, path):
    """``SyntaxError: invalid syntax (line 3)``: the error and its line in ``path``."""
    if isinstance(error, SyntaxError) and error.lineno:
        return f"SyntaxError: {error.msg} (line {error.lineno})"
    line = next((frame.lineno for frame in reversed(traceback.extract_tb(error.__traceback__))
                 if Path(frame.filename).resolve() == Path(path).resolve()), None)
    where = f" (line {line})" if line else ""
    return f"{type(error).__name__}: {error}{where}"


@functools.lru_cache(maxsize=None)
def _course(root, builtin):
    return Course(root, builtin=builtin)


def builtin():
    """The project's own course: solutions/ and exercises/ at the top level, checks in grader/assignments/."""
    return _course(PROJECT, True)


def at(folder):
    """The course in ``folder`` (the built-in one when ``folder`` is the project's own top level)."""
    root = Path(folder).resolve()
    return builtin() if root == PROJECT else _course(root, False)


SHIPPED = PROJECT / "course"  # the learner edition of an instructor's course (grade release --course) keeps it here


def active():
    """The course named by ``NNDL_COURSE``, else the one a learner edition ships (``course/``), else the
    built-in one."""
    folder = os.environ.get(ENVIRONMENT)
    if folder:
        return at(folder)
    return at(SHIPPED) if (SHIPPED / "checks").is_dir() else builtin()


def use(folder):
    """Make ``folder`` the active course for this process and those it starts (None: the built-in one)."""
    if folder is None:
        os.environ.pop(ENVIRONMENT, None)
        return builtin()
    found = at(folder)  # raises CourseError before anything changes
    os.environ[ENVIRONMENT] = str(found.root)
    return found


def function_overlap(submission, course=None):
    """``{assignment id: how many of its graded functions the submission defines}``, in course order."""
    course = course or active()
    names = set(submission.graded or submission.defined)  # the learner's own helpers do not count
    return {a: len(set(course.assignment(a).functions) & names) for a in course.ids}


def better_match(submission, assignment_id, course=None):
    """The assignment whose functions ``submission`` defines more of than ``assignment_id``'s, else None.

    Returns ``(other id, its functions defined, its functions, asked's defined, asked's functions)``.
    """
    course = course or active()
    overlap = function_overlap(submission, course)
    best = max(overlap, key=overlap.get)
    if overlap[best] <= overlap[assignment_id]:
        return None
    return (best, overlap[best], len(course.assignment(best).functions),
            overlap[assignment_id], len(course.assignment(assignment_id).functions))


def detect_assignment(submission, course=None):
    """The assignment a submission is for: from the notebook's metadata, its file name, else the
    functions it defines."""
    course = course or active()
    stamped = (getattr(submission, "metadata", None) or {}).get("nndl_grader", {}).get("assignment")
    if stamped in course.ids:  # our generated notebooks say which assignment they are
        return stamped
    name = submission.path.name.lower()
    for assignment_id in course.ids:
        if name.startswith(assignment_id):
            return assignment_id
    overlap = function_overlap(submission, course)
    best = max(overlap, key=overlap.get)
    ties = [a for a, n in overlap.items() if n == overlap[best]]
    if overlap[best] == 0 or len(ties) > 1:
        raise CannotGrade(f"cannot tell which assignment {submission.path} is for; "
                          f"pass --assignment with one of {', '.join(course.ids)}")
    return best


# ---------------------------------------------------------------- which version of the notebook

VERSION_IN_NAME = re.compile(r"[\s_+-](v\d+[a-z]?)$", re.IGNORECASE)  # "..._v6a", "... v8", "...+v3"


def unknown_version(assignment, version):
    """The words of an error: ``version`` is not one of ``assignment``'s."""
    return (f"unknown course version {version!r} for {assignment.id}; its versions are "
            f"{', '.join(assignment.version_ids)} (the first is the newest): pass one of them to --course-version, "
            f"or leave it out to have the version recognised")


def version_of(submission, assignment_id, pinned=None, course=None):
    """The version of ``assignment_id``'s notebook ``submission`` follows, by its id.

    ``pinned`` (else ``NNDL_COURSE_VERSION``, set by ``--course-version``) decides, when given (an unknown
    one raises ``CannotGrade`` listing the versions). Otherwise, in order: the version the notebook's
    metadata names (``nndl_grader.course_version``); the version label of the file name
    (``..._v6a.ipynb``); the course modules only one version imports (``testCases_v3``); the
    signatures only one version has (``compute_cost(A2, Y, parameters)``); else the newest. A version
    that renames a function the submission defines under its newest name only is not chosen.
    """
    course = course or active()
    assignment = course.assignment(assignment_id)
    pinned = pinned or os.environ.get(VERSION_ENVIRONMENT) or None
    if pinned is not None:
        if pinned not in assignment.version_ids:
            raise CannotGrade(unknown_version(assignment, pinned))
        return pinned
    definitions, imported = _definitions(submission)
    versions = [v for v in assignment.versions if not v.contradicted_by(definitions)]
    stamped = (getattr(submission, "metadata", None) or {}).get("nndl_grader", {}).get("course_version")
    if stamped == assignment.newest or stamped in {v.id for v in versions}:
        return stamped
    label = VERSION_IN_NAME.search(Path(submission.path).stem)
    for older in versions:
        if label and label[1].lower() in older.file_names:
            return older.id
    for older in versions:
        if imported & set(older.imports):
            return older.id
    for older in versions:
        if any(name in definitions and matches(definitions[name]) for name, matches in older.signatures.items()):
            return older.id
    return assignment.newest


def _definitions(submission):
    """``({function name: its ast.FunctionDef, the last one}, {modules imported})`` of the code that parses
    (not to be changed: a grading asks for them several times, and gets the same objects). Each FunctionDef
    has its text as ``source_text``, comments included (``course_versions.asserts``: a commented-out assert)."""
    return _read_definitions(tuple(source for _, source in submission.chunks))


@functools.lru_cache(maxsize=8)  # the submissions graded now; each one's trees, kept once
def _read_definitions(sources):
    definitions, imported = {}, set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                node.source_text = ast.get_source_segment(source, node) or ""  # with the comments the tree drops
                definitions[node.name] = node
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    return definitions, imported

"""Generate the learner stubs in ``exercises/`` from the reference solutions in ``solutions/``.

A solution file is a Python module in "percent" cell format (as VS Code, Spyder and jupytext read
it). What each cell becomes:

``# %% [markdown]``
    a markdown cell; every line is a comment (``# text``).
``# %%``
    a code cell, copied as is. A cell whose first line is ``# GRADED FUNCTION: name`` holds one
    graded function; inside it, every ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` region is
    replaced by ``raise NotImplementedError``. Text after ``# BEGIN SOLUTION`` is kept as the
    learner's hint.
``# %% [example]``
    commented code; in the notebook it becomes a code cell, and the generator runs it against the
    reference and writes what it prints as the "Expected output" under it.
``# %% [example no-run]``
    the same, but never run here (long training, the data files); the solution writes the expected
    output in the markdown cell that follows.

The ``.py`` stub gets the same "Expected output" as the notebook, as a markdown cell (comment lines)
under each ``[example]``. The notebook also gets the learner's own checks (``grader.notebook``): after
the imports cell, ``from grader import check``; after each graded function's cell, its examples and
their expected output, ``check("name", assignment="w2a1")``; at the end, how ``grade`` grades the
saved notebook. A check cell is a plain code cell, never marked as graded; ``grade`` leaves it out.

Lines before the first cell marker (the module docstring, for the instructor) are not shown to
learners: the ``.py`` stub begins with a learner's header instead (the docstring's first line, what
to do, how to check and grade it).

The solutions and exercises are those of a course (``grader.course``): the built-in one, or the
folder given with ``--course``.
"""

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np

from grader import course as courses
from grader.paths import PROJECT

SOLUTIONS_DIR = PROJECT / "solutions"  # the built-in course's
EXERCISES_DIR = PROJECT / "exercises"

CELL_MARKER = re.compile(r"^# %%(?:\s*\[(?P<kind>[^\]]*)\])?\s*$")
CELL_KINDS = {None: "code", "markdown": "markdown", "example": "example", "example no-run": "no-run"}
GRADED = re.compile(r"^# GRADED FUNCTION: ?(?P<name>\w+)\s*$")
BEGIN = re.compile(r"^(?P<indent>\s*)# BEGIN SOLUTION(?P<hint>(?:\s.*)?)$")
END = re.compile(r"^\s*# END SOLUTION\s*$")
LOOSE_MARKER = re.compile(r"#.*\b(BEGIN|END)\s*SOLUTION", re.IGNORECASE)
DEF = re.compile(r"^def (?P<name>\w+)\(")


class MarkerError(ValueError):
    """A solution file's markers are malformed; the message names the file and line."""


@dataclass(frozen=True)
class Cell:
    kind: str  # "markdown", "code", "example" or "no-run"
    source: str
    line: int  # 1-based line of the cell marker
    graded: str | None = None  # the graded function this code cell defines


def assignment_id(path):
    """``solutions/w4a1_deep_nn_step_by_step.py`` -> ``"w4a1"``."""
    return Path(path).stem.split("_", 1)[0]


def display_path(path):
    """``path`` relative to the active course's folder (or the project) when it is inside it, for messages."""
    path = Path(path)
    for root in (courses.active().root, PROJECT):
        try:
            return str(path.resolve().relative_to(root))
        except ValueError:
            pass
    return str(path)


def stub_source(text, path):
    """Return ``text`` with every solution region replaced by a ``NotImplementedError`` stub.

    Raises
    ------
    MarkerError
        On END without BEGIN, a nested BEGIN, a region left open, a region outside a function,
        a misspelt marker, or a graded function without any region.
    """
    out = []
    region_start = None  # line number of the open BEGIN
    function = None  # the top-level function being read
    graded = None  # (name, line) announced by "# GRADED FUNCTION"
    graded_defs = {}  # graded function name -> line of its def
    regions_in = {}  # function name -> number of regions
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{display_path(path)}:{number}"
        if m := DEF.match(line):
            if region_start is not None:
                raise MarkerError(f"{where}: 'def {m['name']}' inside the solution region opened at line {region_start}; close it with '# END SOLUTION' first")
            function = m["name"]
            if graded and graded[0] != function:
                raise MarkerError(f"{where}: '# GRADED FUNCTION: {graded[0]}' (line {graded[1]}) is followed by 'def {function}'; the names must match")
            if graded:
                graded_defs[function] = number
            graded = None
        elif line and not line[0].isspace() and not line.startswith("#") and region_start is None:
            function = None  # back at module level
        if m := GRADED.match(line):
            graded = (m["name"], number)
        if m := BEGIN.match(line):
            if region_start is not None:
                raise MarkerError(f"{where}: '# BEGIN SOLUTION' inside the region opened at line {region_start}; regions cannot nest")
            if function is None:
                raise MarkerError(f"{where}: '# BEGIN SOLUTION' outside a function; regions belong in a function's body")
            region_start = number
            regions_in[function] = regions_in.get(function, 0) + 1
            hint = m["hint"].strip()
            out.append(f"{m['indent']}# YOUR CODE HERE{' ' + hint if hint else ''}")
            out.append(f'{m["indent"]}raise NotImplementedError("{function}: your code here")')
        elif END.match(line):
            if region_start is None:
                raise MarkerError(f"{where}: '# END SOLUTION' without a '# BEGIN SOLUTION' before it")
            region_start = None
        elif region_start is not None and CELL_MARKER.match(line):
            raise MarkerError(f"{where}: cell marker {line.strip()!r} inside the solution region opened at line {region_start}; close the region with '# END SOLUTION' before the next cell")
        elif LOOSE_MARKER.search(line):
            raise MarkerError(f"{where}: malformed marker {line.strip()!r}; write exactly '# BEGIN SOLUTION' or '# END SOLUTION' on a line of its own")
        elif region_start is None:
            out.append(line)
    if region_start is not None:
        raise MarkerError(f"{display_path(path)}:{region_start}: '# BEGIN SOLUTION' is never closed by '# END SOLUTION'")
    if graded is not None:
        raise MarkerError(f"{display_path(path)}:{graded[1]}: '# GRADED FUNCTION: {graded[0]}' is not followed by 'def {graded[0]}'")
    for name, number in graded_defs.items():
        if not regions_in.get(name):
            raise MarkerError(f"{display_path(path)}:{number}: graded function {name} has no '# BEGIN SOLUTION' region, so its stub would not raise NotImplementedError")
    return "\n".join(out) + "\n"


def parse_cells(text, path):
    """Split a solution file into its cells (the preamble before the first marker is dropped)."""
    cells = []
    kind, start, lines = None, None, []

    def close():
        if kind is None:
            return
        while lines and not lines[-1].strip():
            lines.pop()
        if kind in ("markdown", "example", "no-run"):
            body = []
            for offset, line in enumerate(lines, start=start + 1):
                if line and line != "#" and not line.startswith("# "):
                    raise MarkerError(f"{display_path(path)}:{offset}: a {kind} cell must be all comment lines ('# ...'), found {line!r}")
                body.append(line[2:])
            source = "\n".join(body).strip("\n")
            cells.append(Cell(kind, source, start))
        else:
            source = "\n".join(lines).strip("\n")
            first = source.splitlines()[0] if source else ""
            m = GRADED.match(first)
            cells.append(Cell("code", source, start, graded=m["name"] if m else None))

    for number, line in enumerate(text.splitlines(), start=1):
        if m := CELL_MARKER.match(line):
            close()
            if m["kind"] not in CELL_KINDS:
                raise MarkerError(f"{display_path(path)}:{number}: unknown cell kind [{m['kind']}]; use one of [markdown], [example], [example no-run], or none")
            kind, start, lines = CELL_KINDS[m["kind"]], number, []
        elif kind is not None:
            lines.append(line)
    close()
    return cells


def _expected_output(code, namespace, path, line):
    """Run an example cell against the reference and return what it prints."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), np.printoptions(legacy=False):
        try:
            exec(compile(code, f"{display_path(path)}:{line}", "exec"), namespace)
        except Exception as e:
            raise RuntimeError(f"{display_path(path)}:{line}: the example cell failed on the reference: {e!r}") from e
    return buffer.getvalue().rstrip("\n")


def expected_outputs(cells, path, course=None):
    """``{index in cells: expected output markdown}`` of every ``[example]`` cell, run in order in one
    namespace that starts as the reference module's (an example may use an earlier one's variables)."""
    module = (course or courses.active()).solution(assignment_id(path))
    namespace = dict(vars(module))
    return {index: f"**Expected output**\n\n```\n{_expected_output(cell.source, namespace, path, cell.line)}\n```"
            for index, cell in enumerate(cells) if cell.kind == "example"}


def check_places(cells):
    """``{index in cells: [graded function names]}``: the cell after which each function's check cell goes.

    A graded function's group is its cell and those after it, up to the next section heading (a markdown
    cell starting with ``#``), plain code cell or graded cell. Its check follows the group's last
    ``[example]`` (and that example's expected output), where the learner has just compared by eye; a
    ``[example no-run]`` (a long training) is not waited for. Without an example, it follows the graded cell.
    """
    places = {}
    for index, cell in enumerate(cells):
        if not cell.graded:
            continue
        place = index
        for later in range(index + 1, len(cells)):
            other = cells[later]
            if other.kind == "code" or (other.kind == "markdown" and other.source.startswith("#")):
                break
            if other.kind == "example":
                place = later
        places.setdefault(place, []).append(cell.graded)
    return places


def _check_intro_place(cells):
    """The index of the cell after which ``from grader import check`` goes: the first plain code cell (the
    imports) when it comes before the first graded cell, else the cell before that graded cell (-1: on top)."""
    first_graded = next((i for i, cell in enumerate(cells) if cell.graded), None)
    if first_graded is None:
        return None
    return next((i for i, cell in enumerate(cells[:first_graded]) if cell.kind == "code"), first_graded - 1)


def _graded_cell_metadata(name):
    # The course's nbgrader metadata, so that nbgrader-aware tools (and our own loader) find it.
    return {
        "nbgrader": {
            "grade": False,
            "grade_id": name,
            "locked": False,
            "schema_version": 3,
            "solution": True,
            "task": False,
        },
        "tags": ["graded"],
    }


CHECK_INTRO = ("Each exercise ends with a `check` cell: it grades that function as this notebook defines it now, "
               "with exactly the checks `grade` runs.")


def check_call(name, assignment):
    """The source of a check cell. The assignment is named: some graded names exist in two assignments."""
    return f'check("{name}", assignment="{assignment}")'


def grade_at_the_end(notebook_name):
    """The notebook's last cell: the whole notebook is graded, as saved, from a terminal."""
    return (f"## When you are done\n\n"
            f"Save the notebook, then grade all of it from a terminal:\n\n"
            f"```\ngrade {notebook_name}\n```\n\n"
            f"`grade` reads the saved file in notebook order; `check` runs exactly the same checks, on the code "
            f"this kernel has run.")


def build_notebook(solution_path, course=None, outputs=None):
    """Build the learner notebook of one assignment from its solution file.

    ``outputs``: the examples' expected output, as ``expected_outputs`` returns it (computed when not given).
    """
    path = Path(solution_path)
    cells = parse_cells(path.read_text(), path)
    if outputs is None:
        outputs = expected_outputs(cells, path, course)
    assignment = assignment_id(path)
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "nndl_grader": {"assignment": assignment, "source": f"solutions/{path.name}"},
    }
    intro_after, checks_after = _check_intro_place(cells), check_places(cells)
    new = []

    def add_check_intro():
        new.append(nbformat.v4.new_markdown_cell(CHECK_INTRO))
        new.append(nbformat.v4.new_code_cell("from grader import check", id="check-import"))

    if intro_after == -1:
        add_check_intro()
    for index, cell in enumerate(cells):
        if cell.kind == "markdown":
            new.append(nbformat.v4.new_markdown_cell(cell.source))
        elif cell.kind in ("example", "no-run"):
            new.append(nbformat.v4.new_code_cell(cell.source))
            if cell.kind == "example":
                new.append(nbformat.v4.new_markdown_cell(outputs[index]))
        elif cell.graded:
            source = stub_source(cell.source, path).rstrip("\n")
            new.append(nbformat.v4.new_code_cell(source, metadata=_graded_cell_metadata(cell.graded)))
        else:
            new.append(nbformat.v4.new_code_cell(cell.source))
        if index == intro_after:
            add_check_intro()
        for name in checks_after.get(index, []):
            new.append(nbformat.v4.new_code_cell(check_call(name, assignment), id=f"check-{name}"))
    if checks_after:
        new.append(nbformat.v4.new_markdown_cell(grade_at_the_end(f"{path.stem}.ipynb")))
    # Stable ids, so that regenerating an unchanged solution gives the same bytes. The check cells are
    # named above ("check-sigmoid"); nbformat's own ids are 8 hex digits, never "check-...".
    for index, cell in enumerate(new):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            cell["id"] = f"graded-{grade_id}"
        elif not cell["id"].startswith("check-"):
            cell["id"] = f"cell-{index:02d}"
    nb.cells = new
    nbformat.validate(nb)
    return nb


def learner_header(text, path, first_graded=None):
    """The ``.py`` stub's opening: the solution docstring's first line, what to do, how to check one
    function (``first_graded`` as the example) and how to grade the file."""
    docstring = re.match(r'\s*(?:"""|\'\'\')(.*)', text)
    title = docstring[1].strip().rstrip('"\'') if docstring else path.stem
    check = ""
    if first_graded:
        check = (f"Check a function as you go, with exactly the checks `grade` runs: in IPython or Jupyter,\n"
                 f"`from grader import check` then `check({first_graded}, assignment=\"{assignment_id(path)}\")`;\n"
                 f"from a terminal, `grade {path.stem}.py --only {first_graded}`.\n\n")
    return (f'"""{title}\n\n'
            f"Your exercise: replace each `raise NotImplementedError` with your code (keep the functions' names\n"
            f"and arguments) and compare the example under it with its expected output.\n\n"
            f"{check}"
            f"When you are done, grade the whole file as saved:\n\n"
            f"    grade {path.stem}.py\n\n"
            f"Generated by `grade generate` from the course's solutions.\n"
            f'"""\n')


def _comment(markdown):
    """A markdown cell's text as the comment lines of a percent-format file."""
    return [f"# {line}" if line else "#" for line in markdown.splitlines()]


def with_expected_outputs(stub, outputs):
    """``stub`` (a percent-format file) with a markdown cell of its expected output under each ``[example]``.

    ``outputs``: the expected output markdown of each ``[example]`` cell, in order.
    """
    outputs = iter(outputs)
    out, in_example = [], False

    def close_example():
        blank = []
        while out and not out[-1].strip():
            blank.append(out.pop())
        out.extend(["", "# %% [markdown]", *_comment(next(outputs)), *blank])

    for line in stub.splitlines():
        if m := CELL_MARKER.match(line):
            if in_example:
                close_example()
            in_example = m["kind"] == "example"
        out.append(line)
    if in_example:
        close_example()
    return "\n".join(out) + "\n"


def exercise_texts(solution_path, course=None):
    """Return ``{exercise path: generated text}`` for one solution file of ``course``."""
    course = course or courses.active()
    path = Path(solution_path)
    text = path.read_text()
    cells = parse_cells(text, path)
    outputs = expected_outputs(cells, path, course)  # run once: the .py and the notebook show the same text
    stub = with_expected_outputs(stub_source(text, path), [outputs[i] for i in sorted(outputs)])
    lines = stub.splitlines(keepends=True)
    first_cell = next((i for i, line in enumerate(lines) if CELL_MARKER.match(line.rstrip("\n"))), len(lines))
    first_graded = next((cell.graded for cell in cells if cell.graded), None)
    py = learner_header("".join(lines[:first_cell]), path, first_graded) + "\n" + "".join(lines[first_cell:])
    ipynb = nbformat.writes(build_notebook(path, course, outputs)) + "\n"
    exercises = EXERCISES_DIR if course.builtin else course.exercises_dir
    return {exercises / f"{path.stem}.py": py, exercises / f"{path.stem}.ipynb": ipynb}


def solution_files(course=None):
    """The course's solution files, in the order of their assignment ids."""
    return list((course or courses.active()).solution_files.values())


def generate(check=False, course=None):
    """Write the course's ``exercises/`` from its ``solutions/``; with ``check``, write nothing.

    Returns
    -------
    stale : list of Path
        The exercise files that differed from what the solutions generate (and were rewritten
        unless ``check``).
    """
    course = course or courses.active()
    stale = []
    for solution in solution_files(course):
        for target, text in exercise_texts(solution, course).items():
            if not target.exists() or target.read_text() != text:
                stale.append(target)
                if not check:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text)
    return stale

"""Read a submission (a ``.py`` file or a ``.ipynb`` notebook) without running it.

Only definitions cross into the learner's process, where each top-level statement then runs on its
own (``grader.isolate.child``). Line numbers are kept, so tracebacks point at the learner's own file, cell
and line.

What is taken
-------------
From a ``.py`` file and from every code cell of a notebook, the grader takes these top-level
statements and nothing else:

- ``import`` and ``from ... import`` (an import that fails, e.g. ``matplotlib`` where it is not
  installed, becomes a note of the learner process, not a failure), except imports of the grader
  itself (``from grader import try_image``), left out without a note: the learner's process refuses
  them, and a notebook uses them only in cells that are not graded;
- ``def`` and ``class`` (graded functions and the learner's own helpers alike);
- plain constants: ``n_h = 4``, ``layers_dims = [12288, 20, 7, 5, 1]``, or tuples and lists of
  earlier constants such as ``layers_dims = (n_x, n_h, n_y)``; the targets are plain names;
- ``try`` blocks made only of the above (``try: import x`` / ``except ImportError: ...``), and
  docstrings.

Everything else (calls of the functions, tests, training loops, plots, ``print``, ``input()``,
``display(...)``, ``sys.exit()``, assignments computed by code) is left out, its lines blanked so
that the line numbers stay. So are IPython's own syntax: line magics (``%matplotlib inline``,
``%load_ext autoreload``), shell escapes (``!pip install x``, ``files = !ls``), help (``np.exp?``);
a cell with a cell magic whose body is Python (``%%capture``, ``%%time``, ``%%timeit``) is read
without its first line, any other cell magic (``%%bash``, ``%%writefile``, ...) is not Python and
the cell is left out.

Notebooks
---------
A version-4 notebook is read as the JSON it is (nbformat, slow to import, converts older ones: v3
notebooks, with their worksheets) and is never executed. Each code cell becomes a chunk named as Jupyter
shows the cell: its execution count, when it ran, and its first line (``cell_name``):
``name.ipynb, cell [12] "def propagate(w, b, X, Y):"``, or ``name.ipynb, cell "import numpy as np"``
for a cell never run; a second cell of the same name gets "(2nd)". Errors say
``name.ipynb, cell [12] "def propagate(w, b, X, Y):", line 3``, the line within the cell.

- A cell is *graded* when it carries a ``# GRADED FUNCTION: name`` comment (any case, with or
  without spaces: ``#GRADED FUNCTION:name``, ``# Graded Function : name``) or nbgrader metadata
  whose ``grade_id`` is the name of a function the cell defines (as in the notebooks ``grade
  generate`` writes; the course's own ids are random, ``cell-4c5ca880d9cf9642``). What is taken
  is the same for every cell, graded or not, so a learner's helper in a cell of its own is taken
  too; the mark only adds a note when the cell does not define the function it announces (renamed,
  say), and ``Submission.graded`` lists the marked names.
- Cells run in notebook order, top to bottom, as "Restart & Run All" does (the execution counts of
  the learner's session are ignored): a function defined in two cells is the one of the later
  cell, and a note says so ("sigmoid is defined in cells 5 and 9; the grader uses cell 9").
  Nothing is called before every cell is loaded, so an import in a cell further down (the course's
  week-2 notebook first imports numpy in an example cell) serves the functions above it.
- A cell whose code does not parse (a SyntaxError) hides nothing else: like Jupyter, the grader
  runs none of that cell, and a note gives the error with the cell and the line
  (``name.ipynb, cell [7] "...", line 3: SyntaxError: '(' was never closed; this code was not
  loaded``); the other cells are taken as usual. The functions of that cell, found by their
  ``def name(`` lines, are in ``Submission.unloaded``: their checks say "syntax error at line L",
  not "missing". A ``.py`` file that does not parse is split into its top-level blocks the same
  way (``_heads``): each block that parses is taken, and a syntax error costs only its block.
- Left-out statements of cells that define functions are listed one per note (a ``print`` or test
  call left in a graded cell, a global the function might need); the cells that only run code
  (tests, training, plots, shell commands) are summed up in one note. The names left-out
  statements bind are in ``Submission.unloaded``, so that a ``NameError`` can name the cell.
- A notebook with no code cells, or no function definitions at all, gets a note saying so (the
  graded functions will then be "missing").

A file that cannot be read as a submission (missing, not UTF-8, not JSON, JSON that is not a
notebook, an unsupported nbformat version) raises ``SubmissionError`` with a one-line reason.
"""

import ast
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path


NOTE_TEXT = 60  # characters of a left-out line shown in a note
CELL_TEXT = 40  # characters of a cell's first line in its name

# "# GRADED FUNCTION: sigmoid", "#GRADED FUNCTION:sigmoid", "# Graded Function : sigmoid",
# "# UNQ_C1 GRADED FUNCTION: [sigmoid]"; the name is what follows.
GRADED_MARK = re.compile(r"^[ \t]*#[^\n:]*?\bgraded[ \t_]*functions?[ \t]*:[ \t]*\[?[ \t]*(?P<name>[A-Za-z_]\w*)"
                         r"[ \t]*\]?[ \t]*$", re.IGNORECASE | re.MULTILINE)
CELL_MAGIC = re.compile(r"^[ \t]*%%(?P<name>\w*)")
# Cell magics whose body is Python that IPython runs in the notebook's namespace.
PYTHON_CELL_MAGICS = {"capture", "time", "timeit", "prun", "debug"}
MAGIC_LINE = re.compile(r"""^[ \t]*(?:
      [%!?]                                               # %magic, !shell, ?help
    | [A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=[ \t]*[!%]   # files = !ls
    | [\w.*\[\]]+\?\??[ \t]*$                             # np.exp?  np.exp??
    )""", re.VERBOSE)


class SubmissionError(Exception):
    """The submission cannot be read at all (missing, not text, not a notebook); one line."""


@dataclass
class Submission:
    path: Path
    chunks: list  # [(filename, source)], in order
    notes: list = field(default_factory=list)
    defined: list = field(default_factory=list)  # names of top-level functions, each once, in order (also
    # those in code that does not parse: what the file is for, not what loads)
    graded: list = field(default_factory=list)  # names marked "# GRADED FUNCTION: name" (or by grade_id), in order
    metadata: dict = field(default_factory=dict)  # the notebook's own metadata ({} for a .py file)
    syntax_errors: list = field(default_factory=list)  # where the code does not parse: 'a.py, line 3'
    unloaded: dict = field(default_factory=dict)  # name -> Unloaded: names the learner's process will not have


@dataclass(frozen=True)
class Unloaded:
    """Why a name the submission binds is not in the learner's process."""

    reason: str  # "syntax_error": in code that does not parse; "not_run": bound by a statement the grader leaves out
    where: str  # the file, or the notebook and its cell: 'a.ipynb, cell [7] "train(X)"'
    line: int  # the line of the SyntaxError, or of the statement
    text: str  # the SyntaxError's message, or the statement left out

    def syntax_error(self, function):
        """Why the graded ``function``, in code that does not parse, could not be called."""
        return (f"syntax error at line {self.line} of {self.where} ({self.text}): {function} could not be loaded. "
                f"Fix that line and grade again (the rest of the submission was graded)")

    def undefined(self, name):
        """Why ``name``, which the learner's function reads, is not defined (it raised NameError)."""
        if self.reason == "syntax_error":
            return (f"{name} is defined at line {self.line} of {self.where}, which does not parse ({self.text}): "
                    f"fix that syntax error and grade again")
        shown = self.text if len(self.text) <= NOTE_TEXT else self.text[:NOTE_TEXT - 3] + "..."
        shown = "" if f'"{self.text}"' in self.where else f" ({shown})"  # the cell is named by this very line
        return (f"{name} is assigned at line {self.line} of {self.where}{shown}, which the grader does not run: "
                f"it runs only the imports, definitions and plain constants (numbers, strings, lists of them). "
                f"Compute {name} inside the function that uses it, or give it a plain value")


# -- IPython syntax ---------------------------------------------------------------------------------

class _Scanner:
    """Follows brackets, strings and backslashes line by line, to tell where a statement starts."""

    def __init__(self):
        self.depth, self.quote, self.continued = 0, None, False

    @property
    def at_statement_start(self):
        return self.depth == 0 and self.quote is None and not self.continued

    def feed(self, line):
        i, n = 0, len(line)
        self.continued = False
        while i < n:
            c = line[i]
            if self.quote:
                if c == "\\":
                    i += 2
                    continue
                if line.startswith(self.quote, i):
                    i += len(self.quote)
                    self.quote = None
                    continue
                i += 1
                continue
            if c == "#":
                break
            if c in "\"'":
                self.quote = c * 3 if line.startswith(c * 3, i) else c
                i += len(self.quote)
                continue
            if c in "([{":
                self.depth += 1
            elif c in ")]}":
                self.depth = max(0, self.depth - 1)
            elif c == "\\" and i == n - 1:
                self.continued = True
            i += 1
        if self.quote in ("'", '"') and not self.continued:
            self.quote = None  # an unterminated one-line string: Python reports it, we move on


def _without_ipython(lines):
    """Replace IPython-only lines (magics, shell escapes, help) in place; return [(line, text)]."""
    found = []
    scanner = _Scanner()
    previous = ""  # the last line of code, to tell whether a magic sits inside a block
    i = 0
    while i < len(lines):
        line = lines[i]
        if scanner.at_statement_start and MAGIC_LINE.match(line):
            start = i
            while lines[i].rstrip().endswith("\\") and i + 1 < len(lines):
                i += 1
            found.append((start + 1, line.strip()))
            indent = line[:len(line) - len(line.lstrip())]
            in_block = indent and (previous[:1].isspace() or previous.rstrip().endswith(":"))
            for j in range(start, i + 1):
                # Inside a block, 'pass' keeps the block valid; at the top level a blank line will do.
                lines[j] = indent + "pass" if in_block and j == start else ""
        else:
            scanner.feed(line)
            if line.strip() and not line.lstrip().startswith("#"):
                previous = line
        i += 1
    return found


def _parse(text, filename):
    """``(body, None)`` or ``(None, (message, line))``."""
    try:
        return ast.parse(text, filename).body, None
    except SyntaxError as e:
        return None, (f"{type(e).__name__}: {e.msg}", e.lineno or 1)
    except (ValueError, RecursionError, MemoryError) as e:  # null bytes, absurd nesting
        return None, (f"{type(e).__name__}: {e}", 1)


def _read_python(source, filename):
    """``(lines, body, magics, error)``: the source's lines with IPython syntax blanked, its
    top-level statements, the IPython lines ``[(line, text)]``, and ``(message, line)`` or None."""
    lines = source.split("\n")
    body, error = _parse(source, filename)
    if body is not None:
        return lines, body, [], None
    cleaned = list(lines)
    magics = _without_ipython(cleaned)
    if magics:
        body, cleaned_error = _parse("\n".join(cleaned), filename)
        if body is not None:
            return cleaned, body, magics, None
        error = cleaned_error  # the real error, not a magic line Python cannot read
    return cleaned, [], magics, error


# -- what is taken ----------------------------------------------------------------------------------

def target_names(target):
    """The names an assignment target binds (``a``, ``a, b``, ``[a, (b, c)]``), or None for another target."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        names = [target_names(t) for t in target.elts]
        return None if any(n is None for n in names) else [n for group in names for n in group]
    return None


def _is_constant_value(node, constants):
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float, complex))
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_is_constant_value(e, constants) for e in node.elts)
    if isinstance(node, ast.Dict):
        return None not in node.keys and all(_is_constant_value(e, constants) for e in node.keys + node.values)
    return False


def _constant_targets(node, constants):
    """The names a plain constant assignment binds, or None when ``node`` is not one."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign) and node.value is not None and node.simple:
        targets = [node.target]
    else:
        return None
    if not _is_constant_value(node.value, constants):
        return None
    names = [target_names(t) for t in targets]
    if any(n is None for n in names):
        return None
    return [n for group in names for n in group]


def _bound_names(node):
    """The plain names a top-level statement binds (roughly: enough to forget stale constants)."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [alias.asname or alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
    return [name for target in targets if target is not None for name in (target_names(target) or [])]


def _is_harmless_expression(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)  # a docstring, "..."


DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _imports_the_grader(node):
    """``import grader`` or ``from grader(.x) import y``: the learner's process refuses it, and a
    notebook imports it only to use the grader's tools in cells that are not graded."""
    if isinstance(node, ast.Import):
        return all(alias.name.split(".")[0] == "grader" for alias in node.names)
    return isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "grader"


def _calls_check(node):
    """``check(...)`` or ``grader.checking(...)`` as a statement: the notebook's check of a function
    (``grader.notebook``), which a grading leaves out without a word."""
    call = node.value if isinstance(node, ast.Expr) else None
    function = call.func if isinstance(call, ast.Call) else None
    return (isinstance(function, ast.Name) and function.id == "check") or (
        isinstance(function, ast.Attribute) and function.attr == "check"
        and isinstance(function.value, ast.Name) and function.value.id == "grader")


def _only_definitions(statements, constants):
    for node in statements:
        if isinstance(node, ast.Pass) or isinstance(node, DEFINITIONS) or _is_harmless_expression(node):
            continue
        if _constant_targets(node, set(constants)) is not None:
            continue
        return False
    return True


def _is_kept(node, constants):
    if isinstance(node, DEFINITIONS) or _is_harmless_expression(node):
        return True
    if isinstance(node, ast.Try):
        return all(_only_definitions(part, constants)
                   for part in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)))
    return _constant_targets(node, constants) is not None


def _first_line(node):
    decorators = getattr(node, "decorator_list", None)
    return decorators[0].lineno if decorators else node.lineno


def _byte_to_char(line, offset):
    return len(line.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))


# -- code that does not parse ----------------------------------------------------------------------

# A line at column 0 that begins a definition: a new block even after a bracket left open above it.
STRONG_START = re.compile(r"(?:@|(?:async[ \t]+)?def[ \t]|class[ \t]|import[ \t]|from[ \t]+[\w.]+[ \t]+import\b)")
# A line at column 0 that goes on with the statement above it.
GOES_ON = re.compile(r"(?:else|elif|except|finally)\b|[)\]}]")
# "def name(" at column 0: the functions of code that does not parse, found without parsing it.
DEF_LINE = re.compile(r"^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(", re.MULTILINE)


@dataclass
class _Broken:
    """Code that does not parse: a top-level block of a ``.py`` file, or a whole notebook cell."""

    message: str  # "SyntaxError: '(' was never closed"
    line: int  # where Python reports it
    first: int  # the lines of the block
    last: int
    functions: list  # names of the functions it would define ("def name(" at column 0)


def _heads(lines):
    """The first lines (1-based) of the top-level blocks of ``lines``: a line at column 0 that starts a
    statement (``def``, ``class``, ``import``, ``name = ...``) begins a block, and the decorators
    above a ``def`` belong to it."""
    heads, scanner, decorated = [], _Scanner(), False
    for number, line in enumerate(lines, start=1):
        if line[:1] not in ("", " ", "\t", "#") and scanner.quote is None and not scanner.continued:
            strong = STRONG_START.match(line)
            if strong or (scanner.depth == 0 and not GOES_ON.match(line)):
                if not decorated:
                    heads.append(number)
                decorated = line.startswith("@")
                if strong:
                    scanner = _Scanner()  # an unclosed bracket above does not swallow this definition
        scanner.feed(line)
    return heads


def _split(lines, filename):
    """``(lines, broken)``: ``lines`` with each top-level block that does not parse blanked, and
    those blocks (``_Broken``), so that one syntax error costs only the functions it touches."""
    heads = _heads(lines) or [1]
    starts = [1] + heads[1:]  # comments and blank lines above the first block belong to it
    blocks = list(zip(starts, [h - 1 for h in starts[1:]] + [len(lines)]))
    failed = {}
    for first, last in blocks:
        _, error = _parse("\n" * (first - 1) + "\n".join(lines[first - 1:last]), filename)
        if error is not None:
            failed[first, last] = error
    cleaned = list(lines)
    while True:
        for first, last in failed:
            cleaned[first - 1:last] = [""] * (last - first + 1)
        _, error = _parse("\n".join(cleaned), filename)
        if error is None:
            break
        # Blocks that parse alone but not together (a statement continued past a block's end).
        at = next(((f, l) for f, l in blocks if f <= error[1] <= l and (f, l) not in failed), None)
        if at is None:
            failed = {(1, len(lines)): error}  # nothing more to cut: none of it loads
            cleaned = [""] * len(lines)
            break
        failed[at] = error
    broken = []
    for (first, last), (message, line) in sorted(failed.items()):
        text = "\n".join(lines[first - 1:last])
        while last > first and (not lines[last - 1].strip() or lines[last - 1].startswith("#")):
            last -= 1  # the comments below a block go with it, but are not what was lost
        broken.append(_Broken(message, min(max(line, first), last), first, last, DEF_LINE.findall(text)))
    return cleaned, broken


@dataclass
class _Selection:
    source: str  # what the learner process gets (left-out lines blank)
    functions: list  # [(name, line)] of top-level defs, in order
    classes: list  # names of top-level classes
    left_out: list  # [(line, text)] of statements and IPython lines not run
    broken: list  # [_Broken]: code that does not parse, not sent
    kept: bool  # anything to send to the learner process at all
    not_run: list = field(default_factory=list)  # [(name, line, text)]: names bound by statements left out


def select_definitions(source, filename, constants=None, split=False):
    """Keep the definitions of ``source`` (see the module docstring) and blank everything else.

    ``constants`` (a set of names, updated) carries the constants known from earlier cells. Code
    that does not parse is not sent (``broken``), as Jupyter runs none of a cell that does not
    parse; with ``split`` (a ``.py`` file), only its top-level blocks that do not parse are left out.
    """
    constants = set() if constants is None else constants
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    lines, body, magics, error = _read_python(source, filename)
    broken = []
    if error is not None and not split:
        last = max((i for i, line in enumerate(lines, start=1) if line.strip()), default=1)
        return _Selection("", [], [], list(magics), [_Broken(*error, 1, last, DEF_LINE.findall("\n".join(lines)))],
                          False)
    if error is not None:
        lines, broken = _split(lines, filename)
        body, _ = _parse("\n".join(lines), filename)
    left_out = list(magics)
    functions, classes, not_run = [], [], []
    kept_lines, dropped = set(), []
    for node in body:
        if _imports_the_grader(node) or _calls_check(node):
            # The notebook's own tools (from grader import check; check("sigmoid")): never a note.
            dropped.append(node)
            continue
        if _is_kept(node, constants):
            kept_lines.update(range(_first_line(node), node.end_lineno + 1))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((node.name, node.lineno))
            if isinstance(node, ast.ClassDef):
                classes.append(node.name)
            targets = _constant_targets(node, constants) or []
            constants.difference_update(_bound_names(node))  # rebound, maybe by something else than a constant
            constants.update(targets)
        else:
            dropped.append(node)
            constants.difference_update(_bound_names(node))
            left_out.append((node.lineno, lines[node.lineno - 1].strip()))
            not_run += [(name, node.lineno, lines[node.lineno - 1].strip()) for name in _bound_names(node)]
    for node in dropped:
        first, last = _first_line(node), node.end_lineno
        if first == last and first in kept_lines:
            # "import numpy as np; train()": replace only the call, by 'pass'.
            line = lines[first - 1]
            start, end = _byte_to_char(line, node.col_offset), _byte_to_char(line, node.end_col_offset)
            lines[first - 1] = line[:start] + "pass" + line[end:]
            continue
        for i in range(first - 1, last):
            lines[i] = ""
    text = "\n".join(lines)
    body, cut_error = _parse(text, filename)
    if body is None:  # statements sharing lines in a way we could not cut: keep nothing of it
        text, body = "", []
        left_out.append((cut_error[1], "(this code: a statement the grader does not run shares its lines)"))
        functions, classes = [], []
    kept = any(not (isinstance(n, ast.Pass) or _is_harmless_expression(n)) for n in body)
    left_out.sort()
    return _Selection(text, functions, classes, left_out, broken, kept, not_run)


# -- notes ------------------------------------------------------------------------------------------

def _join(items):
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _left_out_note(filename, line, text):
    shown = text if len(text) <= NOTE_TEXT else text[:NOTE_TEXT - 3] + "..."
    return f"{filename}, line {line}: not run by the grader: {shown}"


def _duplicate_notes(places, where):
    """``places``: name -> [(cell or None, line)], in order; ``where``: "file" or "notebook"."""
    notes = []
    for name, found in places.items():
        if len(found) < 2:
            continue
        if where == "file":
            shown = [f"line {line}" for _, line in found]
            notes.append(f"{name} is defined at {_join(shown)}; the grader uses {shown[-1]}, the last one")
            continue
        cells = [cell for cell, _ in found]
        if len(set(cells)) == len(cells):
            shown, used = _join(cells), cells[-1]
        else:
            parts = [f"{cell} (line {line})" for cell, line in found]
            shown, used = _join(parts), parts[-1]
        notes.append(f"{name} is defined in {shown}; the grader uses {used}, "
                     f"the last one (as when the notebook runs from top to bottom)")
    return notes


# -- .py --------------------------------------------------------------------------------------------

def load_py(path):
    try:
        source = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SubmissionError(f"{path} is not UTF-8 text") from None
    except OSError as e:
        raise SubmissionError(f"cannot read {path}: {e.strerror or e}") from None
    filename = str(path)
    selection = select_definitions(source, filename, split=True)
    notes = [_broken_note(filename, broken, "the rest of the file was") for broken in selection.broken]
    notes += [_left_out_note(filename, line, text) for line, text in selection.left_out]
    places = {}
    for name, line in selection.functions:
        places.setdefault(name, []).append((None, line))
    notes += _duplicate_notes(places, "file")
    if not places and not selection.broken:  # a syntax error has its own note
        notes.append(f"{Path(path).name} defines no functions (no top-level 'def')")
    chunks = [(filename, selection.source)] if selection.kept else []
    graded = list(dict.fromkeys(m["name"] for m in GRADED_MARK.finditer(source)))
    errors = [_place(filename, (broken.message, broken.line)) for broken in selection.broken]
    unloaded = _unloaded(filename, selection, {})
    defined = list(dict.fromkeys([*places, *(f for broken in selection.broken for f in broken.functions)]))
    return Submission(Path(path), chunks, notes, defined, graded, syntax_errors=errors, unloaded=unloaded)


def _broken_note(filename, broken, rest):
    """``a.py, line 5: SyntaxError: expected ':'; this code was not loaded: lines 5-7 (def L1)...``"""
    defines = f" (def {', def '.join(broken.functions)})" if broken.functions else ""
    lines = f"line {broken.first}" if broken.first == broken.last else f"lines {broken.first}-{broken.last}"
    return f"{_place(filename, (broken.message, broken.line))}: {broken.message}; this code was not loaded: " \
           f"{lines}{defines}; {rest}"


def _unloaded(filename, selection, unloaded):
    """Add to ``unloaded`` (name -> Unloaded) the names ``selection`` binds that will not be loaded:
    functions in code that does not parse (never replaced by a later left-out statement), and names
    bound by left-out statements."""
    for name, line, text in selection.not_run:
        if getattr(unloaded.get(name), "reason", "") != "syntax_error":
            unloaded[name] = Unloaded("not_run", filename, line, text)
    for broken in selection.broken:
        for name in broken.functions:
            unloaded[name] = Unloaded("syntax_error", filename, broken.line, broken.message)
    return unloaded


# -- .ipynb -----------------------------------------------------------------------------------------

def _read_notebook(path):
    """The notebook as nbformat version 4; SubmissionError with a one-line reason if it is not one."""
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(f"cannot read {name} as a notebook: it is not UTF-8 text") from None
    except OSError as e:
        raise SubmissionError(f"cannot read {path}: {e.strerror or e}") from None
    if not text.strip():
        raise SubmissionError(f"cannot read {name} as a notebook: the file is empty (was it saved?)")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise SubmissionError(f"cannot read {name} as a notebook: its JSON is broken at line {e.lineno}, "
                              f"column {e.colno} ({e.msg})") from None
    except (ValueError, RecursionError) as e:
        raise SubmissionError(f"cannot read {name} as a notebook: {e}") from None
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise SubmissionError(f"cannot read {name} as a notebook: it is JSON, but without the 'nbformat' "
                              f"version every Jupyter notebook has")
    version = raw["nbformat"]
    if version == 4 and isinstance(raw.get("cells"), list):
        return _v4(raw)  # read as JSON: the cells are all we need, and nbformat costs 0.2-1.5 s to import
    import nbformat  # older notebooks (v3: worksheets) are converted by nbformat
    from nbformat import reader as nbformat_reader

    if not isinstance(version, int) or isinstance(version, bool) or version not in nbformat.versions:
        supported = ", ".join(str(v) for v in sorted(nbformat.versions))
        raise SubmissionError(f"cannot read {name} as a notebook: unsupported nbformat version {version!r} "
                              f"(supported: {supported})")
    try:
        # nbformat.reads(text, as_version=4) without its schema validation, which only logs:
        # learners' notebooks often carry extra or old metadata, and the cells are all we need.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _v4(nbformat.convert(nbformat_reader.reads(text), 4))
    except Exception as e:  # noqa: BLE001 - nbformat raises many kinds on malformed input
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SubmissionError(f"cannot read {name} as a notebook: {reason}") from None


def _v4(raw):
    """The cells of a version-4 notebook as plain dicts (source joined into one string), leniently:
    a cell that is not a dict is skipped, one without "metadata" is still read."""
    cells = []
    for cell in raw["cells"]:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        source = "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else source
        metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        cells.append({"cell_type": cell.get("cell_type", ""), "source": source if isinstance(source, str) else "",
                      "metadata": metadata, "execution_count": cell.get("execution_count")})
    metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    return {"nbformat": 4, "cells": cells, "metadata": metadata}


def _grade_id(metadata):
    nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    grade_id = nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def cell_name(source, execution_count):
    """A code cell as Jupyter shows it: its execution count, when it ran, and its first line:
    ``cell [12] "def propagate(w, b, X, Y):"``, ``cell "import numpy as np"`` (never run)."""
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    shown = first if len(first) <= CELL_TEXT else first[:CELL_TEXT - 1] + "…"
    ran = type(execution_count) is int
    return f'cell [{execution_count}] "{shown}"' if ran else f'cell "{shown}"'


def _ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _cells(names, limit=6):
    """``cell "a" and cell [3] "b"``; past ``limit``, the first ones and how many more."""
    if len(names) <= limit:
        return _join(names)
    return ", ".join(names[:limit - 1]) + f" and {len(names) - limit + 1} more"


def load_ipynb(path):
    nb = _read_notebook(path)
    return load_cells(path, nb["cells"], nb["metadata"])


def load_cells(path, cells, metadata=None, session=False):
    """A notebook's code cells (dicts with "cell_type", "source", "metadata" and "execution_count"),
    in the order they run, as a ``Submission``; ``path`` names them (``name.ipynb, cell [3] "..."``).

    ``session``: the cells a kernel ran, in the order it ran them (``grader.notebook``). Running tests,
    training and plots, and running a cell again, is what a session is made of: the notes on code
    left out and on functions defined twice are left out."""
    name = Path(path).name
    chunks, notes, graded, places, only_running, broken, syntax_errors = [], [], [], {}, [], [], []
    constants, named, unloaded = set(), {}, {}
    code_cells = 0
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        code_cells += 1
        source = cell.get("source", "")
        source = source if isinstance(source, str) else ""
        shown = cell_name(source, cell.get("execution_count"))
        named[shown] = named.get(shown, 0) + 1
        shown += f" ({_ordinal(named[shown])})" if named[shown] > 1 else ""  # one name, one cell
        filename = f"{name}, {shown}"
        magic = CELL_MAGIC.match(source.lstrip("\n"))
        if magic and magic["name"] not in PYTHON_CELL_MAGICS:
            only_running.append(shown)  # %%bash, %%writefile, %%html ...: not Python
            continue
        marked = list(dict.fromkeys(m["name"] for m in GRADED_MARK.finditer(source)))
        selection = select_definitions(source, filename, constants)
        own = {f for f, _ in selection.functions}
        # nbgrader's grade_id names the function in our notebooks; the course's are "cell-4c5ca8...",
        # and other notebooks use any label: it counts only when the cell defines a function of that name.
        grade_id = _grade_id(cell.get("metadata", {}))
        by_id = [grade_id] if grade_id in own and grade_id not in marked else []
        defines = bool(selection.functions or selection.classes or marked)
        if selection.broken:
            # Jupyter runs none of a cell that does not parse: its functions are "syntax error", not "missing".
            broken.append(shown)
            syntax_errors += [_place(filename, (b.message, b.line)) for b in selection.broken]
            notes += [_broken_note(filename, b, "as in Jupyter, none of the cell runs") for b in selection.broken]
        elif defines:
            notes += [] if session else [_left_out_note(filename, line, text) for line, text in selection.left_out]
        elif selection.left_out:
            only_running.append(shown)
        for graded_name in marked:
            if graded_name not in own and not selection.broken:
                found = f" (it defines {_join(sorted(own))})" if own else ""
                notes.append(f"{filename}: this cell is marked as the graded function {graded_name}, "
                             f"but it does not define {graded_name}{found}")
        graded += [n for n in marked + by_id if n not in graded]
        for function, line in selection.functions:
            places.setdefault(function, []).append((shown, line))
        _unloaded(filename, selection, unloaded)
        if selection.kept:
            chunks.append((filename, selection.source))
    if not session:
        notes += _duplicate_notes(places, "notebook")
    if only_running and not session:
        notes.append(f"{name}: the grader takes only imports, definitions and constants from a notebook; "
                     f"it did not run the other code of {_cells(only_running)} "
                     f"(tests, training, plots, input(), shell commands)")
    if not code_cells:
        notes.append(f"{name} has no code cells: there is nothing to grade")
    elif not places and broken:
        notes.append(f"{name}: no function could be read: the code of {_cells(broken)} "
                     f"does not parse (see the SyntaxError)")
    elif not places:
        notes.append(f"{name} defines no functions: no code cell has a 'def'"
                     f"{' (the cells marked as graded have none)' if graded else ''}; "
                     f"was the notebook saved after the functions were written?")
    metadata = dict(metadata or {})
    defined = list(dict.fromkeys([*places, *(n for n, u in unloaded.items() if u.reason == "syntax_error")]))
    return Submission(Path(path), chunks, notes, defined, graded, metadata, syntax_errors, unloaded)


def _place(filename, error):
    """``'a.ipynb, cell [7] "def f(x):", line 3'``: where ``error`` (message, line) is."""
    return f"{filename}, line {error[1]}"


def load(path):
    """Load a ``.py`` or ``.ipynb`` submission (see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise SubmissionError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".ipynb":
        return load_ipynb(path)
    if suffix == ".py":
        return load_py(path)
    raise SubmissionError(f"{path}: expected a .py file or a .ipynb notebook, found {path.suffix or 'no extension'}")

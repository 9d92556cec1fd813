"""Read a submission (a ``.py`` file or a ``.ipynb`` notebook) without running it.

Only definitions cross into the learner's process: imports, functions, classes and assignments
of plain constants. Anything else at the top level (training runs, prints, plots, ``input()``,
``sys.exit()``) is left out and reported as a note, with its line, so nothing is hidden.
Line numbers are kept, so tracebacks point at the learner's own file, cell and line.
"""

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class SubmissionError(Exception):
    """The submission cannot be read at all (missing, not text, not a notebook)."""


@dataclass
class Submission:
    path: Path
    chunks: list  # [(filename, source)], in order
    notes: list = field(default_factory=list)
    defined: list = field(default_factory=list)  # names of top-level functions, in order


def _is_constant(node):
    if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
        return False
    try:
        ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return False
    return True


def _is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def select_definitions(source, filename):
    """Blank out the top-level statements that are not definitions; return (source, notes, defs)."""
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as e:
        return source, [], []  # the learner's process reports the syntax error with its line
    lines = source.splitlines(keepends=True)
    notes, defined = [], []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defined.append(node.name)
        if isinstance(node, KEPT) or _is_constant(node) or _is_docstring(node):
            continue
        start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
        first = lines[start].strip()
        notes.append(f"{filename}, line {node.lineno}: not run by the grader: {first[:60]}")
        for i in range(start, node.end_lineno):
            lines[i] = "\n"
    return "".join(lines), notes, defined


def load_py(path):
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SubmissionError(f"cannot read {path}: {e}") from None
    selected, notes, defined = select_definitions(source, str(path))
    return Submission(Path(path), [(str(path), selected)], notes, defined)


def load_ipynb(path):
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, nbformat.reader.NotJSONError) as e:
        raise SubmissionError(f"cannot read {path} as a notebook: {e}") from None
    chunks, notes, defined = [], [], []
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        # IPython magics and shell escapes are not Python: keep the line count, drop the text.
        source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                           for line in cell.source.splitlines())
        name = f"{Path(path).name} [cell {index}]"
        selected, cell_notes, cell_defined = select_definitions(source, name)
        if cell_defined or any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in _body(selected)):
            chunks.append((name, selected))
            notes += cell_notes
            defined += cell_defined
    return Submission(Path(path), chunks, notes, defined)


def _body(source):
    try:
        return ast.parse(source).body
    except SyntaxError:
        return []


def load(path):
    """Load a ``.py`` or ``.ipynb`` submission."""
    path = Path(path)
    if not path.is_file():
        raise SubmissionError(f"{path}: no such file")
    if path.suffix == ".ipynb":
        return load_ipynb(path)
    if path.suffix == ".py":
        return load_py(path)
    raise SubmissionError(f"{path}: expected a .py file or a .ipynb notebook, found {path.suffix or 'no extension'}")

"""Find a class's submissions in a folder: a file or a folder per learner."""

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from grader import course as courses

SUFFIXES = (".py", ".ipynb")
IGNORED = ("__pycache__", ".ipynb_checkpoints")  # besides names starting with "."


@dataclass
class Entry:
    """One learner's submission in DIR."""

    name: str  # alice: the report's file name and the gradebook's first column
    path: Path | None  # the file to grade; None when the folder gives no single candidate
    problem: str = ""  # why it cannot be graded, when known before reading it


def _visible(path):
    return not path.name.startswith(".") and path.name not in IGNORED


def _pick(files, assignment_id, course):
    """The learner's file among several in their folder: the one named after the assignment."""
    ids = [assignment_id] if assignment_id else list(course.ids)
    names = {a: (a, re.sub(r"\W+", "_", course.assignment(a).title.lower())) for a in ids}
    matching = [f for f in files if any(f.stem.lower().startswith(n) for a in ids for n in names[a])]
    return matching[0] if len(matching) == 1 else None


def find_submissions(directory, assignment_id=None, exclude=None, course=None):
    """The submissions in ``directory``, sorted by name (``exclude``: a folder to skip, the results)."""
    course = course or courses.active()
    directory = Path(directory)
    exclude = Path(exclude).resolve() if exclude else None
    items = [p for p in sorted(directory.iterdir()) if _visible(p) and p.resolve() != exclude]
    stems = Counter(p.stem if p.is_file() else p.name for p in items)
    entries = []
    for path in items:
        if path.is_file():
            entries.append(Entry(path.stem if stems[path.stem] == 1 else path.name, path))
            continue
        files = sorted(f for f in path.rglob("*") if f.suffix in SUFFIXES and f.is_file()
                       and all(_visible(part) for part in f.relative_to(path).parents if part.name)
                       and _visible(f))
        if len(files) == 1:
            entries.append(Entry(path.name, files[0]))
        elif not files:
            entries.append(Entry(path.name, None, f"{path.name}/ holds no .py file or .ipynb notebook"))
        else:
            chosen = _pick(files, assignment_id, course)
            shown = ", ".join(str(f.relative_to(path)) for f in files)
            entries.append(Entry(path.name, chosen, "" if chosen else
                                 f"{path.name}/ holds several candidate files ({shown}) and none is named after "
                                 f"{'the assignment' if assignment_id else 'an assignment'}; keep one, or "
                                 f"name it after the assignment (for example {assignment_id or 'w2a1'}.py)"))
    return entries


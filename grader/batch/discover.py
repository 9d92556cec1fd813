"""Find a class's submissions in a folder: a file or a folder per learner.

Left out, as not a learner's: hidden files and folders (``.DS_Store``, ``.git``), ``__MACOSX`` (what
macOS adds to a zip file), ``__pycache__``, ``.ipynb_checkpoints``, ``Thumbs.db``, ``desktop.ini``,
and the files and folders named ``README*`` or ``LICENSE*``; ``left_out`` lists them, for a note.
Any other file or folder is a submission: a learner's ``alice.pdf`` is graded (it cannot be: 0),
not skipped.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from grader import course as courses
from grader.errors import CannotGrade

SUFFIXES = (".py", ".ipynb")
IGNORED = ("__pycache__", ".ipynb_checkpoints", "__MACOSX", "Thumbs.db", "desktop.ini")  # besides names starting with "."
NOT_SUBMISSIONS = re.compile(r"^(readme|licen[cs]e)([._ -]|$)", re.I)  # in the class folder: the instructor's files


@dataclass
class Entry:
    """One learner's submission in DIR."""

    name: str  # alice: the report's file name and the gradebook's first column
    path: Path | None  # the file to grade; None when the folder gives no single candidate
    problem: str = ""  # why it cannot be graded, when known before reading it


def _visible(path):
    return not path.name.startswith(".") and path.name not in IGNORED


def _submission(path):
    """Whether an item of the class folder is a learner's (not hidden, ignored, a README or a LICENSE)."""
    return _visible(path) and not NOT_SUBMISSIONS.match(path.name)


def left_out(directory, exclude=None):
    """The items of ``directory`` that are not submissions (module docstring), as shown: ``README.md``, ``__MACOSX/``."""
    exclude = Path(exclude).resolve() if exclude else None
    return [p.name + ("/" if p.is_dir() else "") for p in sorted(Path(directory).iterdir())
            if not _submission(p) and p.resolve() != exclude]


def check_names(names, entries, directory):
    """Raise ``CannotGrade`` naming each of ``names`` (``--regrade``) that is no submission's, with the close ones."""
    known = [e.name for e in entries]
    unknown = [n for n in dict.fromkeys(names) if n not in known]
    if not unknown:
        return
    said = []
    for name in unknown:
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        said.append(f"{name!r}" + (f" (close: {', '.join(close)})" if close else ""))
    raise CannotGrade(f"--regrade: no submission of {directory} is named {'; '.join(said)}; a submission's name is "
                      f"its file's name without .py or .ipynb, or its folder's, as reports/ and gradebook.csv show it")


def _pick(files, assignment_id, course):
    """The learner's file among several in their folder: the one named after the assignment."""
    ids = [assignment_id] if assignment_id else list(course.ids)
    names = {a: (a, re.sub(r"\W+", "_", course.assignment(a).title.lower())) for a in ids}
    matching = [f for f in files if any(f.stem.lower().startswith(n) for a in ids for n in names[a])]
    return matching[0] if len(matching) == 1 else None


def _names(items):
    """``{item: its submission's name}``: a file's stem (``alice``), or its whole name where stems clash (``alice.py``
    and ``alice.ipynb``); a folder's name. Each name is one submission's (a report's file name)."""
    stems = Counter(p.stem if p.is_file() else p.name for p in items)
    names = {p: p.stem if p.is_file() and stems[p.stem] == 1 else p.name for p in items}
    while True:  # "x.py.py" is named "x.py", as is "x.py" beside "x.ipynb": whole names for both
        taken = Counter(names.values())
        clashes = [p for p in items if taken[names[p]] > 1 and names[p] != p.name]
        if not clashes:
            return names
        for p in clashes:
            names[p] = p.name


def find_submissions(directory, assignment_id=None, exclude=None, course=None):
    """The submissions in ``directory``, sorted by name (``exclude``: a folder to skip, the results)."""
    course = course or courses.active()
    directory = Path(directory)
    exclude = Path(exclude).resolve() if exclude else None
    items = [p for p in sorted(directory.iterdir()) if _submission(p) and p.resolve() != exclude]
    names = _names(items)
    entries = []
    for path in items:
        if path.is_file():
            entries.append(Entry(names[path], path))
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


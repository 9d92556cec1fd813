"""The results of ``grade batch`` that people read: the CSV gradebooks and the summary, the CSV files
an LMS imports (Canvas, Moodle), and how every file is written (atomically). Built from the
per-submission reports alone, so a batch that resumes rebuilds them the same.

Gradebooks. A class of one assignment gets ``gradebook.csv``: a row per submission with submission,
assignment, a column per graded function, total, max, percent, status. A class of several gets one
``gradebook-<id>.csv`` per assignment in that format (its rows, its functions only), and
``gradebook.csv`` lists every submission with assignment, total, max, percent and status (no
function columns: the assignments share function names, not functions). A submission whose
assignment could not be told is in ``gradebook.csv`` and, when the class has one assignment only,
counts for it.

Blank or 0. A submission that could not be graded through the learner's doing (an unreadable file,
not a notebook, an assignment that cannot be told, several candidate files) scores 0: total 0,
percent 0. One whose grading failed on the grader's side (``ours``: a grader process killed, a bug
of the grader, a Dask worker lost) has a blank total and percent, so that no import replaces a real
grade with it; its status says what happened (running the batch again retries it).

percent: the rule of the learner's report (``grader.render.formats.percent``): the whole number
nearest to 100 x total / max, halves up, except that 100 needs every point and 0 means no point
(16.5 of 19 is 87; 18.9 of 19 is 99, not 100; 0.05 of 19 is 1, not 0).

Formulas. Every text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(OWASP's "CSV injection" list) is written with a ``'`` before it, so that a spreadsheet shows the
text instead of running it (a submission named ``=HYPERLINK(...)``); numbers are written as numbers.

LMS files (``--gradebook canvas|moodle --roster EXPORT``): see ``lms_files``.
"""

import csv
import functools
import io
import json
import os
import re
import statistics
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from grader.errors import CannotGrade
from grader.render import formats
from grader.render.formats import OUTCOME_WORDS

GRADED = "graded"  # the status of a report the grader could make (the others: "could not grade: why")
TOP = 10  # checks and mistakes listed in the summary
GRADEBOOK = "gradebook.csv"
# The statuses of a grading that failed on the grader's side, not the learner's: such a submission gets
# a blank score (not 0) in every gradebook, and is left out of the LMS files. Each is the fixed
# beginning of a status that grader.batch writes with ``could_not_grade``; a new kind of failure of
# ours adds its own here (and a case to tests/test_gradebook_lms.py).
OUR_FAILURES = (
    "could not grade: the grader process died",  # grader.batch.pool: a grader process killed (memory, a signal)
    "could not grade: the grader failed on this submission",  # grader.batch.grade (and on a Dask worker): a bug
    "could not grade: the worker grading it died",  # grader.batch.cluster: a Dask worker lost, N times
    "could not grade: a Dask worker refused to grade it",  # grader.batch.cluster: a worker that cannot confine
    "could not grade: the cluster",  # grader.batch.cluster: the Dask cluster failed the batch
)
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run at the start of a cell (OWASP)
LMS = ("canvas", "moodle")


@functools.lru_cache(maxsize=1)
def _file_mode():
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path, text):
    """Write ``text`` to ``path`` under a temporary name, then rename: never a half-written file."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                     suffix=".tmp", delete=False, newline="") as f:
        try:
            os.fchmod(f.fileno(), _file_mode())  # as a plain open() would make it, not 0600
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        except BaseException:
            f.close()
            os.unlink(f.name)
            raise
    try:
        os.replace(f.name, path)
    except BaseException:
        os.unlink(f.name)
        raise


def _number(x):
    return f"{x:g}"


def _count(n, noun):
    return f"{n} {noun}{'' if n == 1 else 'es' if noun.endswith('s') else 's'}"


def _load_report(path):
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return stored if isinstance(stored, dict) else None
    except (OSError, ValueError):
        return None


def ours(status):
    """Whether ``status`` says that the grading failed on the grader's side (``OUR_FAILURES``), not the learner's."""
    return isinstance(status, str) and status.startswith(OUR_FAILURES)


def percent(score, top):
    """``score`` out of ``top`` as a whole percentage, by the rule of the learner's report (module docstring)."""
    return formats.percent(SimpleNamespace(score=score, max_score=top))


def text_cell(text):
    """``text`` as a spreadsheet shows it and never runs it: a ``'`` before a leading = + - @, tab or CR."""
    return f"'{text}" if text.startswith(FORMULA) else text


def _csv(rows):
    """CSV text of ``rows``: numbers as numbers (``_number``), None as an empty cell, text through ``text_cell``.

    Lines end with CR LF (RFC 4180), so that a cell holding a CR (a file may be named so) is quoted as one with a LF.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else _number(v) if isinstance(v, (int, float)) and not isinstance(v, bool)
                         else text_cell(str(v)) for v in row])
    return out.getvalue()


def _known(report, course):
    """The report's assignment, if the course has it (None: it could not be told)."""
    a = report.get("assignment")
    return a if a in course.ids else None


def _present(reports, course):
    """The assignments of the class, in the course's order."""
    found = {_known(r, course) for r in reports}
    return [a for a in course.ids if a in found]


def score(report, course, assignment=None):
    """``(total, max, percent)`` of a report in a gradebook, each a number or None (a blank cell).

    Graded: its score. Could not be graded: 0 through the learner's doing, blank through ours (``ours``).
    ``assignment``: the one a report of unknown assignment counts for (a class of one assignment), for its max.
    """
    a = _known(report, course) or assignment
    if report["status"].startswith(GRADED):
        return report["score"], report["max_score"], percent(report["score"], report["max_score"])
    top = course.assignment(a).points if a else None
    if ours(report["status"]):
        return None, top, None
    return 0, top, 0


def _assignment_book(reports, course, assignment):
    """One assignment's gradebook: submission, assignment, a column per graded function, total, max, percent, status."""
    functions = list(course.assignment(assignment).functions) if assignment else []
    rows = [["submission", "assignment", *functions, "total", "max", "percent", "status"]]
    for r in reports:
        scores = {}
        if r["status"].startswith(GRADED):
            for test in r["tests"]:
                scores[test["function"]] = scores.get(test["function"], 0.0) + test["score"]
        rows.append([r["submission"], r.get("assignment") or "", *(scores.get(f) for f in functions),
                     *score(r, course, assignment), r["status"]])
    return _csv(rows)


def _class_book(reports, course):
    """Every submission of a class of several assignments: submission, assignment, total, max, percent, status."""
    rows = [["submission", "assignment", "total", "max", "percent", "status"]]
    rows += [[r["submission"], r.get("assignment") or "", *score(r, course), r["status"]] for r in reports]
    return _csv(rows)


def gradebooks(reports, course):
    """``{file name: CSV text}``: ``gradebook.csv``, and ``gradebook-<id>.csv`` per assignment when there are several."""
    present = _present(reports, course)
    if len(present) <= 1:
        return {GRADEBOOK: _assignment_book(reports, course, present[0] if present else None)}
    files = {GRADEBOOK: _class_book(reports, course)}
    for a in present:
        files[f"gradebook-{a}.csv"] = _assignment_book([r for r in reports if _known(r, course) == a], course, a)
    return files


def gradebook(reports, course):
    """The text of ``gradebook.csv`` (``gradebooks``)."""
    return gradebooks(reports, course)[GRADEBOOK]


def write_gradebooks(out, reports, course, roster=None, echo=print):
    """Write the gradebooks, and with ``roster`` (``read_roster``) the LMS's files, into the folder ``out``.

    A file of this kind that this run does not write (an assignment gone from the class, an LMS file of an
    earlier run with ``--gradebook``) is removed: every one left is of these reports. The notes about the
    LMS files (who was left out and why) go to ``echo``. Returns the paths written besides ``gradebook.csv``.
    """
    out = Path(out)
    files = gradebooks(reports, course)
    if roster is not None:
        more, notes = lms_files(reports, course, roster)
        files.update(more)
        for note in notes:
            echo(f"note: {note}")
    for name, text in files.items():
        write_atomic(out / name, text)
    removed = []
    for a in course.ids:
        for name in (f"gradebook-{a}.csv", *(f"{lms}-{a}.csv" for lms in LMS)):
            if name not in files and (out / name).exists():
                (out / name).unlink(missing_ok=True)
                removed.append(name)
    if removed:
        echo(f"removed {', '.join(removed)} of an earlier run: not of these reports (an assignment no longer in the "
             f"class; an LMS file is rebuilt by --gradebook)")
    return [out / name for name in files if name != GRADEBOOK]


def _histogram(percents):
    """Ten-point buckets, from 100 % down: one line each, with a bar."""
    labels = ["100 %"] + [f"{low}-{low + 9} %" for low in range(90, -1, -10)]
    counts = Counter("100 %" if p >= 100 else labels[10 - int(p // 10)] for p in percents)
    return [f"  {label:>9}  {counts[label]:>4}  {'#' * counts[label]}".rstrip() for label in labels]


def summary(reports, course):
    """The class at a glance: the score distribution, the most failed checks, known mistakes."""
    graded = [r for r in reports if r["status"].startswith(GRADED)]
    failed = [r for r in reports if not r["status"].startswith(GRADED)]
    lines = [f"{_count(len(reports), 'submission')}: {len(graded)} graded, {len(failed)} could not be graded."]
    assignments = [a for a in course.ids if any(r["assignment"] == a for r in graded)]
    for a in assignments:
        mine = [r for r in graded if r["assignment"] == a]
        top = mine[0]["max_score"]
        scores = [r["score"] for r in mine]
        lines += ["", f"Scores, {a} {course.assignment(a).title} (out of {_number(top)}, {len(mine)} graded)"]
        lines += _histogram([100 * s / top if top else 0 for s in scores])
        lines.append(f"  mean {statistics.mean(scores):.3g}, median {_number(statistics.median(scores))}, "
                     f"lowest {_number(min(scores))}, highest {_number(max(scores))}")
    for a in assignments:
        mine = [r for r in graded if r["assignment"] == a]
        outcomes, order = {}, {}
        for r in mine:
            for i, test in enumerate(r["tests"]):
                order.setdefault(test["name"], i)
                if test["outcome"] != "passed":
                    outcomes.setdefault(test["name"], Counter())[test["outcome"]] += 1
        ranked = sorted(outcomes, key=lambda name: (-sum(outcomes[name].values()), order[name]))[:TOP]
        lines += ["", f"Most failed checks, {a} (submissions that did not pass it, of {len(mine)} graded)"]
        if not ranked:
            lines.append("  none: every graded submission passed every check")
        for name in ranked:
            how = ", ".join(f"{n} {OUTCOME_WORDS.get(o, o)}" for o, n in sorted(outcomes[name].items(),
                                                                              key=lambda x: (-x[1], x[0])))
            lines.append(f"  {sum(outcomes[name].values()):>4} of {len(mine):<4} {name}  ({how})")
    mistakes = Counter()
    for r in graded:
        found = {(r["assignment"], t["function"], t["mistake"]) for t in r["tests"] if t.get("mistake")}
        mistakes.update(found)
    if mistakes:
        lines += ["", "Known mistakes found (submissions)"]
        lines += [f"  {n:>4}  {a} {function}: {description}"
                  for (a, function, description), n in sorted(mistakes.items(), key=lambda x: (-x[1], x[0]))[:TOP]]
    if failed:
        lines += ["", "Could not grade"] + [f"  {r['submission']}: {r['status'][len('could not grade: '):]}"
                                            for r in failed]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------------ LMS files

LMS_NAMES = {"canvas": "Canvas", "moodle": "Moodle"}
# Canvas's export: the columns it computes (read only on import), after the assignments' columns.
CANVAS_COMPUTED = re.compile(r"\b(Current|Final|Unposted|Override) (Score|Points|Grade|Status)\b")
CANVAS_TEST_STUDENT = "Student, Test"  # the student of Canvas's Student View, in every export
# Moodle's export (English): the user's columns copied into moodle-<id>.csv, those that identify a user on import,
# and the columns that are neither a user's nor a grade item's.
MOODLE_IDENTITY = ("first name", "last name", "surname", "id number", "username", "email address")
MOODLE_KEYS = ("username", "id number", "email address")
MOODLE_OTHER = re.compile(r"^(institution|department|last downloaded from this course|course total|category total|"
                          r"feedback:|phone|mobile phone|address|city|country|last access)", re.I)
# The names the LMSes give a submission when an instructor downloads them all: Canvas, "smithalice_[late_]<user id>_
# <submission id>_<file name>"; Moodle, "<First Last>_<participant id>_assignsubmission_file_".
CANVAS_DOWNLOAD = re.compile(r"^[a-z]+_(?:late_)?(\d+)_\d+(?:_|$)")
MOODLE_DOWNLOAD = re.compile(r"^(.+?)_\d+_assignsubmission_")


def _key(text):
    """An identifier as matched: case and runs of spaces ignored."""
    return " ".join(str(text).split()).casefold()


def _read_csv(path, what, expected):
    """The rows of a CSV file (comma, semicolon or tab separated; UTF-8), empty rows left out; CannotGrade if none."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise CannotGrade(f"cannot read {what} {path}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise CannotGrade(f"{what} {path} is not UTF-8 text: expected {expected}; export it again as CSV in "
                          f"UTF-8") from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as e:
        raise CannotGrade(f"{what} {path} is not a CSV file ({e}): expected {expected}") from None
    rows = [row for row in rows if any(row)]
    if not rows:
        raise CannotGrade(f"{what} {path} is empty: expected {expected}")
    return rows


@dataclass
class Roster:
    """The learners as the LMS knows them, read from the LMS's own export (``read_roster``)."""

    lms: str  # "canvas" or "moodle"
    path: Path
    header: list
    users: list  # a row per user: a cell per column of the header
    identity: list  # the columns copied into the LMS file: the user's name and identifiers (Canvas: up to Section)
    grades: list  # the columns of grades: the one named after an assignment receives its grades
    points: dict = field(default_factory=dict)  # Canvas: column -> its "Points Possible"
    keys: dict = field(default_factory=dict)  # identifier (``_key``) -> the users (indexes) who have it
    mapping: dict = field(default_factory=dict)  # --roster-map: submission name -> a user's identifier

    def _cell(self, user, *names):
        lower = [h.casefold() for h in self.header]
        return next((self.users[user][lower.index(n)] for n in names if n in lower and self.users[user][lower.index(n)]),
                    "")

    def label(self, user):
        """How a note names a user: the name and a login or email."""
        if self.lms == "canvas":
            name, login = self._cell(user, "student"), self._cell(user, "sis login id", "sis user id", "id")
        else:
            name = " ".join(filter(None, (self._cell(user, "first name"), self._cell(user, "last name", "surname"))))
            login = self._cell(user, "username", "email address", "id number")
        return f"{name} ({login})" if name and login else name or login or f"row {user + 2}"

    def match(self, names):
        """``({submission name: user}, {submission name: why it has no user})``.

        A submission is a user's when its name (``--roster-map``'s user for it, if any) is one of the user's
        identifiers: Canvas, the login (SIS Login ID, or its part before @), SIS User ID, ID or name ("Smith, Alice"
        or "Alice Smith"); Moodle, the username, ID number, email address (or its part before @) or "First Last".
        The names Canvas and Moodle give the submissions an instructor downloads are understood too (the Canvas
        user id, the Moodle name). An identifier that several users share fits none of them.
        """
        found, problems = {}, {}
        for name in names:
            if name in self.mapping:
                users = set(self.keys.get(_key(self.mapping[name]), ()))
            else:
                candidates = {_key(name)}
                for pattern in (CANVAS_DOWNLOAD, MOODLE_DOWNLOAD):
                    if m := pattern.match(_key(name)):
                        candidates.add(m.group(1))
                users = set().union(*(self.keys.get(c, ()) for c in candidates))
            if len(users) == 1:
                found[name] = users.pop()
            elif users:
                problems[name] = f"it fits several users: {'; '.join(self.label(u) for u in sorted(users))}"
            else:
                problems[name] = "no user has it as login, email, username, id or name"
        return found, problems

    def columns(self, assignment, title):
        """The columns of grades that are this assignment's: its id as a word in the name, or its title."""
        word = re.compile(rf"(?<![a-z0-9]){re.escape(assignment.casefold())}(?![a-z0-9])")
        hits = []
        for i in self.grades:
            name = re.sub(r"\s*\((\d+|real|percentage|letter)\)$", "", self.header[i], flags=re.I)
            bare = re.sub(r"^[^:]{1,40}:\s*", "", name)  # Moodle: "Assignment: title"
            if word.search(name.casefold()) or title.casefold() in (name.casefold(), bare.casefold()):
                hits.append(i)
        return hits


def _index(users, columns, emails, names):
    """identifier -> users: the cells of ``columns``, the part before @ of ``emails``, the ``names(row)``."""
    keys = {}
    for user, row in enumerate(users):
        values = {row[i] for i in columns} | {row[i].split("@")[0] for i in emails if "@" in row[i]} | names(row)
        for value in values:
            if value.strip():
                keys.setdefault(_key(value), set()).add(user)
    return keys


def read_roster(path, lms, mapping=None):
    """The LMS's export ``path`` as a ``Roster`` (``lms``: "canvas" or "moodle"); ``mapping``: a --roster-map file.

    Canvas: the gradebook export (Grades, Export, Export Entire Gradebook): Student, ID, SIS User ID, SIS Login ID,
    Section, a column per assignment ("Title (id)"), the computed scores; its second row "Points Possible".
    Moodle: the grade export as a plain text file (Grades, Export, Plain text file), in English, with the user's
    identifiers (First name, Last name, ID number, Email address; Username where the site shows it), then a
    column per grade item ("Assignment: title (Real)"). Raises ``CannotGrade`` for a file that is neither.
    """
    name = LMS_NAMES[lms]
    path = Path(path)
    expected = (f"{name}'s gradebook export (Student, ID, SIS User ID, SIS Login ID, Section, then a column per "
                f"assignment)" if lms == "canvas" else
                f"{name}'s grade export as a plain text file (First name, Last name, ID number, Email address, then a "
                f"column per grade item)")
    rows = _read_csv(path, f"the {name} roster", expected)
    header, width = rows[0], len(rows[0])
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    if lms == "canvas":
        if width < 3 or "Student" not in header[0] or header[1] != "ID" or "Section" not in header[:9]:
            raise CannotGrade(f"the Canvas roster {path} is not a Canvas gradebook export: its first columns are "
                              f"{', '.join(header[:5])}; expected {expected} (Canvas: Grades, Export, Export Entire "
                              f"Gradebook)")
        section = header.index("Section")
        identity = list(range(section + 1))
        grades = [i for i in range(section + 1, width) if header[i] and not CANVAS_COMPUTED.search(header[i])]
        points, users = {}, []
        for row in body:
            if row[0] == "Points Possible":
                points = {i: row[i] for i in grades}
            elif row[0] and row[0] != CANVAS_TEST_STUDENT:  # not the rows of posting policies, nor the test student
                users.append(row)
        ids = [header.index(c) for c in ("ID", "SIS User ID", "SIS Login ID") if c in header]
        logins = [header.index("SIS Login ID")] if "SIS Login ID" in header else []

        def names(row):
            last, _, first = row[0].partition(",")
            return {row[0], f"{first} {last}"} if first else {row[0]}

        roster = Roster(lms, path, header, users, identity, grades, points, _index(users, ids, logins, names))
    else:
        lower = [h.casefold() for h in header]
        keys = [i for i, h in enumerate(lower) if h in MOODLE_KEYS]
        if not keys:
            raise CannotGrade(f"the Moodle roster {path} has no column Email address, ID number or Username (its "
                              f"columns: {', '.join(header[:8])}): expected {expected}; export the grades again "
                              f"(Grades, Export, Plain text file) with the users' email addresses or ID numbers")
        identity = [i for i, h in enumerate(lower) if h in MOODLE_IDENTITY]
        grades = [i for i in range(width) if header[i] and i not in identity and not MOODLE_OTHER.match(header[i])]
        emails = [i for i, h in enumerate(lower) if h == "email address"]
        first = lower.index("first name") if "first name" in lower else None
        last = next((lower.index(h) for h in ("last name", "surname") if h in lower), None)

        def names(row):
            return {f"{row[first]} {row[last]}"} if first is not None and last is not None else set()

        roster = Roster(lms, path, header, body, identity, grades, {}, _index(body, keys, emails, names))
    if mapping is not None:
        roster.mapping = _read_mapping(mapping, roster)
    return roster


def _read_mapping(path, roster):
    """A --roster-map file: ``submission,user`` then a row per submission; every user must be in the roster."""
    expected = ("the header submission,user, then a row per submission: its name as the gradebook shows it, and "
                "the user's login, email, username or id as the roster has it")
    rows = _read_csv(path, "the --roster-map file", expected)
    if [c.casefold() for c in rows[0][:2]] != ["submission", "user"]:
        raise CannotGrade(f"the --roster-map file {path} starts with {','.join(rows[0])}: expected {expected}")
    mapping, unknown = {}, []
    for row in rows[1:]:
        if len(row) < 2 or not row[0] or not row[1]:
            raise CannotGrade(f"the --roster-map file {path} has the row {','.join(row)}: expected a submission's name "
                              f"and a user, both filled in")
        if row[0] in mapping and mapping[row[0]] != row[1]:
            raise CannotGrade(f"the --roster-map file {path} maps {row[0]} twice ({mapping[row[0]]}, {row[1]}): "
                              f"keep one")
        mapping[row[0]] = row[1]
        if len(roster.keys.get(_key(row[1]), ())) != 1:
            unknown.append(f"{row[1]} ({'several users have it' if roster.keys.get(_key(row[1])) else 'no user'})")
    if unknown:
        raise CannotGrade(f"the --roster-map file {path} names users that the roster {roster.path} does not single "
                          f"out: {', '.join(unknown)}; use each user's login, email, username or id")
    return mapping


def _lms_grade(report):
    """``(score, None)`` for the LMS, or ``(None, why it is left out)``: a grade must be final to be imported."""
    status = report["status"]
    if status.startswith(GRADED):
        if any(test.get("outcome") == "not_run" for test in report.get("tests", ())):
            return None, ("graded without the checks that need the cat data (grade them again with --data-dir "
                          "before importing)")
        return report["score"], None
    if ours(status):
        return None, "could not be graded because of the grader (running the batch again retries them)"
    return 0, None


def _float(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def lms_files(reports, course, roster):
    """``({file name: CSV text}, notes)``: ``canvas-<id>.csv`` or ``moodle-<id>.csv`` per assignment of the class.

    Each file holds the roster's columns that identify a user, then one column of grades: the roster's column of
    that assignment (its id as a word in the name, or its title), or a new one named "W2A1 <title>". A row per
    user who has a submission of that assignment and a final grade: the score, 0 for a submission the learner broke.
    Canvas: out of the column's "Points Possible" in the roster (the score scaled to it), else out of the
    assignment's points, with the "Points Possible" row Canvas reads. Moodle: out of 100 (score / max x 100, 2
    decimals: a grade item's default maximum grade).

    Left out, and named in the notes, never silently: a user without a submission, a grading that failed on the
    grader's side or is not final, a submission that matches no user (or several), two submissions for one user.
    Left out rather than blank: Canvas and Moodle both read an empty cell as "remove this user's grade", which
    would erase a grade entered by hand; a user absent from the file keeps the grade the LMS has.
    """
    lms, name = roster.lms, LMS_NAMES[roster.lms]
    files, notes = {}, []
    present = _present(reports, course)
    only = present[0] if len(present) == 1 else None
    found, problems = roster.match([r["submission"] for r in reports])
    if problems:
        notes.append(f"{_count(len(problems), 'submission')} matched no {name} user of {roster.path.name} and "
                     f"{'is' if len(problems) == 1 else 'are'} in no {name} file (name them in a --roster-map file): "
                     + "; ".join(f"{n} ({why})" for n, why in problems.items()))
    unknown = [r["submission"] for r in reports if _known(r, course) is None and only is None and r["submission"] in found]
    if unknown:
        notes.append(f"the assignment of {', '.join(unknown)} could not be told, so they are in no {name} file "
                     f"(gradebook.csv says why)")
    for a in present:
        file, title, top = f"{lms}-{a}.csv", course.assignment(a).title, course.assignment(a).points
        hits = roster.columns(a, title)
        if len(hits) > 1:
            notes.append(f"{file} not written: {_count(len(hits), 'column')} of {roster.path.name} are {a}'s ("
                         + ", ".join(roster.header[i] for i in hits) + "); export the gradebook with one of them only")
            continue
        column = roster.header[hits[0]] if hits else f"{a.upper()} {title}"
        if lms == "canvas":  # the points of Canvas's column, if the export says them, else the assignment's
            out_of = (_float(roster.points.get(hits[0])) if hits else None) or top
        else:  # Moodle's export does not say a grade item's maximum: 100, its default
            out_of = 100
        by_user = {}
        for r in reports:
            if (_known(r, course) or only) == a and r["submission"] in found:
                by_user.setdefault(found[r["submission"]], []).append(r)
        rows, left, zeros = [], {}, []
        for user, mine in sorted(by_user.items()):
            if len(mine) > 1:
                left.setdefault("several submissions for one user (keep one, or map them in a --roster-map file)",
                                []).append(f"{roster.label(user)}: {', '.join(r['submission'] for r in mine)}")
                continue
            value, why = _lms_grade(mine[0])
            if value is None:
                left.setdefault(why, []).append(mine[0]["submission"])
                continue
            rows.append([roster.users[user][i] for i in roster.identity] + [round(value * out_of / top, 2)])
            if not mine[0]["status"].startswith(GRADED):
                zeros.append(mine[0]["submission"])
        header = [roster.header[i] for i in roster.identity] + [column]
        if lms == "canvas":
            header = [header, ["Points Possible"] + [""] * (len(roster.identity) - 1) + [out_of]]
        else:
            header = [header]
        files[file] = _csv(header + rows)
        scaled = f", scaled from {_number(top)}" if out_of != top else ""
        notes.append(f"{file}: {_count(len(rows), 'grade')} for the {'new ' if not hits else ''}column "
                     f"\"{column}\", out of {_number(out_of)}{scaled}")
        if zeros:
            notes.append(f"{file}: 0 for {', '.join(zeros)}: could not be graded, the learner's doing (gradebook.csv "
                         f"says why)")
        for why, names in left.items():
            notes.append(f"{file}: left out (their {name} grade stays as it is): {why}: {'; '.join(names)}")
        missing = [roster.label(u) for u in range(len(roster.users)) if u not in by_user]
        if missing:
            notes.append(f"{file}: {_count(len(missing), 'user')} of {roster.path.name} without a {a} submission, "
                         f"left out (their {name} grade stays as it is): {'; '.join(missing)}")
    return files, notes

"""The results of ``grade batch`` that people read: the CSV gradebook and the summary, and how
every file is written (atomically). Built from the per-submission reports alone, so a batch that
resumes rebuilds them the same.
"""

import csv
import functools
import io
import json
import os
import statistics
import tempfile
from collections import Counter

from grader.render.formats import OUTCOME_WORDS

GRADED = "graded"  # the status of a report the grader could make (the others: "could not grade: why")
TOP = 10  # checks and mistakes listed in the summary


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


def gradebook(reports, course):
    """The CSV text: submission, assignment, a column per graded function, total, max, status."""
    present = {r.get("assignment") for r in reports}
    functions = [f for a in course.ids if a in present for f in course.assignment(a).functions]
    functions = list(dict.fromkeys(functions))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", "assignment", *functions, "total", "max", "status"])
    for r in reports:
        scores, top = {}, ""
        if r["status"].startswith(GRADED):
            for test in r["tests"]:
                scores[test["function"]] = scores.get(test["function"], 0.0) + test["score"]
            total, top = _number(r["score"]), _number(r["max_score"])
        else:
            total = ""
            if r.get("assignment") in course.ids:
                top = _number(course.assignment(r["assignment"]).points)
        writer.writerow([r["submission"], r.get("assignment") or "",
                         *(_number(scores[f]) if f in scores else "" for f in functions), total, top, r["status"]])
    return out.getvalue()


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

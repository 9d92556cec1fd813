"""The class report (``report.html`` of ``grade batch --html``): one self-contained page for the teacher.

Built from the per-submission reports alone (as ``gradebook`` and ``summary``), so a batch that
resumes writes the same page. Per assignment present in the class (a class folder may mix them):

- the score distribution: a histogram of the percents, the mean, median, lowest and highest;
- per graded function and per check, how many graded submissions passed, failed, errored (error,
  crashed, timed out), were not implemented (a stub, or the function missing) or were not run:
  stacked bars, and the same counts in a table (the accessible version);
- the known mistakes the checks recognized (``test["mistake"]``), per check, with how often;
- the grading time per submission (``execution_time``): a histogram, the median, the 90th
  percentile, the longest, and the slowest few submissions by name.

Then the graded submissions whose status carries events (``graded (crashed: L1)``) and the
submissions that could not be graded, with why; a header with the counts; the grader's version in
the footer.

The page needs nothing else: inline CSS, no script, every picture a PNG data URL
(``grader.render.pictures``, deterministic) with an alt text that says what it shows. The same
reports give the same bytes (the reports are taken in the order of their names; no date, no
timing of the render). Every text from a report is escaped (a learner names the file and prints
the output), control characters and lone surrogates are shown as ``\\xNN`` escapes, and long texts
and long lists are cut (the lists say how many they leave out, and gradebook.csv has them all).
So the size does not grow with the class: at most about 0.2 MB per assignment (its pictures; the
built-in course's largest, w4a1, has 55 functions and checks) and 0.4 MB per list of submissions,
whatever the names; 1 MB for 10,000 synthetic submissions of the five built-in assignments.
"""

import html
import math
import re
import statistics
import warnings
from collections import Counter
from dataclasses import dataclass, field

from grader.render import pictures
from grader.render.formats import OUTCOME_WORDS
from grader.render.gradebook import GRADED
from grader.version import VERSION

LIST_LIMIT = 150  # rows of the lists of submissions (could not grade, graded with events)
MISTAKE_LIMIT = 60  # rows of the known mistakes of one assignment
SLOWEST = 5  # the slowest submissions named, per assignment
NAME_LIMIT = 120  # characters of a submission's name shown
TEXT_LIMIT = 300  # characters of a status, a reason, a mistake, a check's name shown
LABEL_LIMIT = 46  # characters of a check's name in a picture (the table has it whole)

# What a check's outcome counts as in the class report: (key, words, colour), in the bars' order.
CATEGORIES = (
    ("passed", "passed", "#2ca02c"),
    ("failed", "failed", "#d62728"),
    ("errored", "errored", "#ff7f0e"),
    ("not_implemented", "not implemented", "#9e9e9e"),
    ("not_run", "not run", "#9ecae1"),
    ("other", "other outcome", "#9467bd"),  # only in a report not made by this grader
)
CATEGORY_OF = {"passed": "passed", "failed": "failed", "error": "errored", "crashed": "errored",
               "timeout": "errored", "not_implemented": "not_implemented", "missing": "not_implemented",
               "not_run": "not_run"}
WORDS = {key: words for key, words, _ in CATEGORIES}
COLOURS = {key: colour for key, _, colour in CATEGORIES}


def _members(category):
    return [OUTCOME_WORDS[o] for o, c in CATEGORY_OF.items() if c == category]


def _either(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


LEGEND = (f"Errored: {_either(_members('errored'))}. Not implemented: {_either(_members('not_implemented'))} "
          f"(a stub, or no such function; apart from wrong answers). Not run: the grader could not run the "
          f"check here (the cat data is missing). A function counts as passed when all its checks passed, "
          f"else as the worst of its checks' outcomes (errored, failed, not implemented, not run).")

STYLE = """\
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#fff;
margin:0 auto;max-width:62rem;padding:1rem 1.5rem;line-height:1.45}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:2px solid #ccc}
h3{font-size:1.05rem;margin-top:1.6rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid #ccc;padding:.2rem .5rem;vertical-align:top}
thead th{background:#f2f2f2}tbody th{text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.function th{background:#f7f7f7}tr.check th{font-weight:normal;padding-left:1.5rem}
img{max-width:100%;height:auto;display:block;margin:.5rem 0}
.note{color:#555;font-size:.9rem}footer{margin-top:3rem;color:#555;font-size:.85rem;border-top:1px solid #ccc}
nav ul{margin:.3rem 0}"""

# Not shown as they are: C0 and C1 controls but tab and newline, lone surrogates (not UTF-8).
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _shown(match):
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _text(value, limit=TEXT_LIMIT):
    """A report's text as HTML: made printable, cut to ``limit`` characters, escaped."""
    text = _UNSHOWABLE.sub(_shown, value if isinstance(value, str) else str(value))
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text, quote=True)


def _finite(value):
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if ok else None


def _number(x):
    return f"{round(x, 2):g}"


def _percent(x):
    return f"{x:.1f}".removesuffix(".0") + " %"


def _seconds(x):
    return (f"{x:.3f}".rstrip("0").rstrip(".") if x < 100 else f"{x:.0f}") + " s"


def _plural(n, noun):
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _nearest_rank(ordered, fraction):
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class _Submission:
    name: str
    assignment: str
    status: str
    graded: bool
    score: float = None
    top: float = None
    seconds: float = None
    tests: list = field(default_factory=list)  # (check, function, category, mistake) per check, in order


def _submission(report):
    """A report as this page reads it; a report that is not as ``grade batch`` writes it still gives one."""
    if not isinstance(report, dict):
        return _Submission("(unnamed)", "", "could not grade: the report is not a JSON object", False)
    name = report.get("submission")
    name = name if isinstance(name, str) and name else str(report.get("file") or "(unnamed)")
    assignment = report.get("assignment")
    assignment = assignment if isinstance(assignment, str) else ""
    status = report.get("status")
    if not isinstance(status, str):
        return _Submission(name, assignment, "could not grade: the report has no status", False)
    if not status.startswith(GRADED):
        return _Submission(name, assignment, status, False)
    tests = []
    for test in report.get("tests") if isinstance(report.get("tests"), list) else ():
        if not isinstance(test, dict):
            continue
        check = str(test.get("name") or "(unnamed check)")
        function = str(test.get("function") or check.split(":")[0])
        mistake = test.get("mistake")
        tests.append((check, function, CATEGORY_OF.get(test.get("outcome"), "other"),
                      mistake if isinstance(mistake, str) and mistake else ""))
    return _Submission(name, assignment or "(unknown)", status, True, _finite(report.get("score")),
                       _finite(report.get("max_score")), _finite(report.get("execution_time")), tests)


def _verdict(categories):
    """A submission's verdict on a function, from its checks' categories: passed only when all passed."""
    if all(c == "passed" for c in categories):
        return "passed"
    return next(c for c in ("errored", "failed", "other", "not_implemented", "not_run") if c in categories)


# --- pictures -------------------------------------------------------------------------------------

def _label(text, limit=LABEL_LIMIT):
    """A text matplotlib draws as it is: no mathtext ($), cut to ``limit``."""
    text = _UNSHOWABLE.sub(_shown, text)
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return text.replace("$", r"\$")


def _img(fig, alt):
    with warnings.catch_warnings():  # a character the font lacks is drawn as a box; the tables have it
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
        return pictures.img(fig, alt)


SCORE_BUCKETS = [f"{low}-{low + 9} %" for low in range(0, 100, 10)] + ["100 %"]


def _score_bucket(percent):
    return 10 if percent >= 100 else max(0, int(percent // 10))


def _score_picture(assignment, percents):
    counts = Counter(_score_bucket(p) for p in percents)
    heights = [counts[i] for i in range(len(SCORE_BUCKETS))]
    fig, ax = pictures.figure(6.0, 2.8)
    ax.bar(range(len(SCORE_BUCKETS)), heights, color=pictures.REFERENCE, width=0.85)
    ax.set_xticks(range(len(SCORE_BUCKETS)), [b.replace(" %", "") for b in SCORE_BUCKETS], fontsize=7)
    ax.set_xlabel("score, % of the maximum")
    ax.set_ylabel("submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(_label(f"Scores, {assignment} ({_plural(len(percents), 'graded submission')})", 80))
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(left=0.11, right=0.98, bottom=0.2, top=0.88)  # fixed: tight_layout costs a draw
    shown = ", ".join(f"{SCORE_BUCKETS[i]}: {n:,}" for i, n in enumerate(heights) if n)
    alt = (f"Histogram of the scores of the {_plural(len(percents), 'graded submission')} of {assignment}, in "
           f"percent of the maximum, in ten-point buckets from 0-9 % to 100 %; submissions per bucket: {shown}.")
    return _img(fig, alt)


def _outcome_picture(assignment, rows, graded):
    """Stacked bars: a bar per function (bold) and per check under it, the share of each category."""
    present = [key for key, *_ in CATEGORIES if any(counts[key] for _, _, counts in rows)]
    height = 0.8 + 0.17 * len(rows)
    fig, ax = pictures.figure(7.5, height)
    positions = range(len(rows))
    left = [0.0] * len(rows)
    for key in present:
        shares = [100 * counts[key] / max(1, sum(counts.values())) for _, _, counts in rows]
        ax.barh(positions, shares, left=left, color=COLOURS[key], label=WORDS[key], height=0.8)
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(positions, [_label(label) for label, _, _ in rows], fontsize=7)
    for tick, (_, is_function, _) in zip(ax.get_yticklabels(), rows):
        tick.set_fontweight("bold" if is_function else "normal")
    ax.set_ylim(len(rows) - 0.5, -0.5)  # the first row on top, no margin
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the graded submissions")
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(present), fontsize=7, frameon=False,
              handlelength=1.2, borderaxespad=0.2)
    ax.spines[["top", "right"]].set_visible(False)
    # The labels are at most LABEL_LIMIT characters: a fixed margin holds them.
    fig.subplots_adjust(left=0.37, right=0.97, bottom=0.5 / height, top=1 - 0.3 / height)
    alt = (f"Stacked horizontal bars, one per graded function of {assignment} (in bold) and one per check under "
           f"it: the share of the {_plural(graded, 'graded submission')} per outcome "
           f"({', '.join(WORDS[k] for k in present)}). "
           f"The table below gives the counts.")
    return _img(fig, alt)


def _time_picture(assignment, times):
    import numpy as np  # the grader's dependency; here only to count the buckets

    top = max(times) or 1.0
    counts, edges = np.histogram(times, bins=20, range=(0.0, top))
    fig, ax = pictures.figure(6.0, 2.2)
    ax.bar(edges[:-1], counts, width=(edges[1] - edges[0]) * 0.9, align="edge", color=pictures.REFERENCE)
    ax.set_xlim(0, top)
    ax.set_xlabel("grading time per submission, s")
    ax.set_ylabel("submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(left=0.11, right=0.97, bottom=0.22, top=0.95)
    alt = (f"Histogram of the grading time of the {_plural(len(times), 'graded submission')} of {assignment}, "
           f"in twenty buckets from 0 to {_seconds(top)}.")
    return _img(fig, alt)


# --- sections -------------------------------------------------------------------------------------

def _table(caption, headers, rows, numeric=(), classes=()):
    """A table of ``rows`` of cells already escaped; a row's first cell is its header; ``numeric``: the
    indexes of the cells aligned right; ``classes``: a class per row (for the rows of a function)."""
    out = [f"<table><caption>{caption}</caption><thead><tr>"]
    out += [f'<th scope="col">{h}</th>' for h in headers]
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(rows):
        out.append(f'<tr class="{classes[i]}">' if i < len(classes) else "<tr>")
        out.append(f'<th scope="row">{row[0]}</th>')
        out += [f'<td class="n">{c}</td>' if j in numeric else f"<td>{c}</td>" for j, c in enumerate(row) if j]
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _left_out(total, shown, where):
    return f'<p class="note">{total - shown:,} more not shown: {where}.</p>' if total > shown else ""


def _scores(assignment, mine):
    out = ["<h3>Scores</h3>"]
    counted = [s for s in mine if s.score is not None and s.top]
    percents = [100 * s.score / s.top for s in counted]
    if not counted:
        zero = any(s.top == 0 for s in mine)
        why = "its checks carry no points (a maximum of 0)" if zero else "no report gives a score and a maximum"
        return out + [f"<p>No score distribution: {why}.</p>"]
    out.append(_score_picture(assignment, percents))
    tops = {s.top for s in counted}
    scores = [s.score for s in counted]
    if len(tops) == 1:
        (top,) = tops
        stats = [(name, f"{_number(value)} / {_number(top)} ({_percent(100 * value / top)})") for name, value in
                 (("mean", statistics.mean(scores)), ("median", statistics.median(scores)),
                  ("lowest", min(scores)), ("highest", max(scores)))]
        unit = f"out of {_number(top)} points"
    else:
        stats = [(name, _percent(value)) for name, value in
                 (("mean", statistics.mean(percents)), ("median", statistics.median(percents)),
                  ("lowest", min(percents)), ("highest", max(percents)))]
        unit = "in percent (the reports have different maximums)"
    out.append(f"<p>{len(counted):,} graded, {unit}: " + ", ".join(f"{n} {v}" for n, v in stats) + ".</p>")
    if len(counted) < len(mine):
        out.append(f'<p class="note">{len(mine) - len(counted):,} graded reports give no score out of a maximum '
                   f"above 0 and are left out of the distribution.</p>")
    return out


def _check_order(assignment, mine, course):
    """Functions and their checks, in the course's order, then in the order the reports name them."""
    known = []
    if course is not None and assignment in course.ids:
        known = [check.name for check in course.assignment(assignment).checks]
    rank = {name: i for i, name in enumerate(known)}
    functions = {}
    for s in mine:
        for check, function, _, _ in s.tests:
            if check not in rank:
                rank[check] = len(rank)
                functions.setdefault(function, {})[check] = None
            elif check not in functions.get(function, ()):
                functions.setdefault(function, {})[check] = None
    for function in functions:
        functions[function] = sorted(functions[function], key=rank.__getitem__)
    return sorted(functions.items(), key=lambda item: rank[item[1][0]])


def _outcomes(assignment, mine, order):
    out = ["<h3>Checks</h3>"]
    if not order:
        return out + ["<p>The reports of this assignment hold no check.</p>"]
    per_check = {name: Counter() for _, names in order for name in names}
    per_function = {function: Counter() for function, _ in order}
    for s in mine:
        mine_by_function = {}
        for check, function, category, _ in s.tests:
            per_check[check][category] += 1
            mine_by_function.setdefault(function, []).append(category)
        for function, categories in mine_by_function.items():
            per_function[function][_verdict(categories)] += 1
    rows = []  # (label, is a function, counts)
    for function, names in order:
        rows.append((function, True, per_function[function]))
        rows += [(name.removeprefix(f"{function}: "), False, per_check[name]) for name in names]
    keys = [key for key, *_ in CATEGORIES if key != "other" or any(c["other"] for _, _, c in rows)]
    out.append(_outcome_picture(assignment, rows, len(mine)))
    table_rows = [(f"{_text(label)}{' (function)' if is_function else ''}",
                   *(f"{counts[k]:,}" for k in keys), f"{sum(counts.values()):,}")
                  for label, is_function, counts in rows]
    everyone = all(counts["passed"] == sum(counts.values()) for _, _, counts in rows)
    out.append(_table(f"Outcomes per function and per check, {_text(assignment)}: graded submissions",
                      ["function / check", *(WORDS[k] for k in keys), "graded"], table_rows,
                      numeric=range(1, len(keys) + 2),
                      classes=["function" if is_function else "check" for _, is_function, _ in rows]))
    out.append(f'<p class="note">{html.escape(LEGEND)}</p>')
    if everyone:
        out.append("<p>Every graded submission passed every check.</p>")
    return out


def _mistakes(assignment, mine, order):
    out = ["<h3>Known mistakes found</h3>"]
    rank = {name: i for i, name in enumerate(name for _, names in order for name in names)}
    found = Counter((check, mistake) for s in mine for check, _, _, mistake in s.tests if mistake)
    if not found:
        return out + ["<p>No check recognized a known mistake in these submissions.</p>"]
    ranked = sorted(found.items(), key=lambda item: (rank[item[0][0]], -item[1], item[0][1]))
    rows = [(_text(check), _text(mistake), f"{n:,}", _percent(100 * n / len(mine)))
            for (check, mistake), n in ranked[:MISTAKE_LIMIT]]
    out.append(_table(f"Known mistakes, {_text(assignment)}: submissions whose answer to the check matches one",
                      ["check", "known mistake", "submissions", "of the graded"], rows, numeric=(2, 3)))
    out.append(_left_out(len(ranked), MISTAKE_LIMIT, "the mistakes are named in the reports, in reports/*.json"))
    return out


def _times(assignment, mine):
    out = ["<h3>Time per submission</h3>"]
    timed = sorted(((s.seconds, s.name) for s in mine if s.seconds is not None), key=lambda x: (-x[0], x[1]))
    if not timed:
        return out + ["<p>The reports give no grading time.</p>"]
    times = sorted(t for t, _ in timed)
    out.append(_time_picture(assignment, times))
    out.append(f"<p>Grading time of {_plural(len(times), 'submission')}: median {_seconds(statistics.median(times))}, "
               f"90th percentile {_seconds(_nearest_rank(times, 0.9))}, longest {_seconds(times[-1])}.</p>")
    slowest = "".join(f"<li>{_text(name, NAME_LIMIT)}: {_seconds(t)}</li>" for t, name in timed[:SLOWEST])
    out.append(f"<p>The slowest:</p><ol>{slowest}</ol>")
    return out


def _assignment_section(index, assignment, mine, course):
    title = ""
    if course is not None and assignment in course.ids:
        title = course.assignment(assignment).title
    heading = _text(f"{assignment} {title}".strip())
    out = [f'<section id="assignment-{index}"><h2>{heading}</h2>',
           f"<p>{_plural(len(mine), 'graded submission')}.</p>"]
    out += _scores(assignment, mine)
    order = _check_order(assignment, mine, course)
    out += _outcomes(assignment, mine, order)
    out += _mistakes(assignment, mine, order)
    out += _times(assignment, mine)
    out.append("</section>")
    return out


def _events(status):
    """``graded (crashed: L1)``: ``crashed: L1``."""
    events = status[len(GRADED):].strip()
    return events[1:-1] if events.startswith("(") and events.endswith(")") else events


def _events_section(eventful):
    out = ['<section id="events"><h2>Graded, with events</h2>']
    if not eventful:
        return out + ["<p>No graded submission had a check crash, time out, err or not run, "
                      "nor a syntax error.</p></section>"]
    out.append("<p>Graded, but something beyond wrong answers happened (the status in gradebook.csv says "
               "what): a check crashed the learner's process, timed out, raised an error or was not run, or "
               "the file has a syntax error.</p>")
    rows = [(_text(s.name, NAME_LIMIT), _text(s.assignment), _text(_events(s.status))) for s in eventful[:LIST_LIMIT]]
    out.append(_table(f"{_plural(len(eventful), 'submission')} graded with events",
                      ["submission", "assignment", "events"], rows))
    out.append(_left_out(len(eventful), LIST_LIMIT, "every one is in gradebook.csv (its status column)"))
    return out + ["</section>"]


def _ungradable_section(ungradable):
    out = ['<section id="could-not-grade"><h2>Could not grade</h2>']
    if not ungradable:
        return out + ["<p>Every submission could be graded.</p></section>"]
    prefix = "could not grade: "
    rows = [(_text(s.name, NAME_LIMIT), _text(s.assignment or "-"),
             _text(s.status[len(prefix):] if s.status.startswith(prefix) else s.status))
            for s in ungradable[:LIST_LIMIT]]
    out.append(_table(f"{_plural(len(ungradable), 'submission')} the grader could not grade, and why",
                      ["submission", "assignment", "why"], rows))
    out.append(_left_out(len(ungradable), LIST_LIMIT, "every one is in gradebook.csv (its status column)"))
    return out + ["</section>"]


def class_report(reports, course, title=""):
    """The class report as one self-contained HTML page (a string; write it as UTF-8).

    ``reports``: the per-submission reports of ``grade batch`` (dicts, as in ``reports/*.json``);
    ``course``: the course they were graded with (the assignments' titles and the checks' order),
    or None; ``title``: what the page is about (a class, a term). Raises
    ``pictures.PicturesUnavailable`` when matplotlib is not installed.
    """
    subs = sorted((_submission(r) for r in reports), key=lambda s: (s.name, s.assignment, s.status))
    graded = [s for s in subs if s.graded]
    ungradable = [s for s in subs if not s.graded]
    eventful = [s for s in graded if s.status != GRADED]
    known = list(course.ids) if course is not None else []
    present = {s.assignment for s in graded}
    assignments = [a for a in known if a in present] + sorted(present - set(known))
    page_title = _text(f"Class report{': ' + title if title else ''}", 200)
    out = ["<!DOCTYPE html>", '<html lang="en">', '<head><meta charset="utf-8">',
           # Nothing is loaded from anywhere: pictures are data URLs, the style is inline.
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
           "style-src 'unsafe-inline'\">",
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{page_title}</title>", f"<style>{STYLE}</style></head>", "<body>",
           f"<header><h1>{page_title}</h1>",
           f"<p>{_plural(len(subs), 'submission')}: {len(graded):,} graded"
           f"{f' ({len(eventful):,} with events)' if eventful else ''}, {len(ungradable):,} could not be graded.</p>"]
    if assignments:
        items = "".join(f'<li><a href="#assignment-{i}">{_text(a)}</a>: '
                        f"{_plural(sum(s.assignment == a for s in graded), 'graded submission')}</li>"
                        for i, a in enumerate(assignments, 1))
        out.append(f"<nav><ul>{items}<li><a href=\"#events\">graded, with events</a></li>"
                   f"<li><a href=\"#could-not-grade\">could not grade</a></li></ul></nav>")
    out.append("</header><main>")
    if not subs:
        out.append("<p>There is no report to show: the class folder held no submission.</p>")
    elif not graded:
        out.append("<p>No submission could be graded, so there are no scores, checks or times to show; "
                   "why each could not be graded is below.</p>")
    for i, a in enumerate(assignments, 1):
        out += _assignment_section(i, a, [s for s in graded if s.assignment == a], course)
    if subs:
        out += _events_section(eventful)
        out += _ungradable_section(ungradable)
    out += ["</main>", f"<footer><p>Made by nndl-grader {html.escape(VERSION)} from the reports in reports/*.json; "
                       "the scores per function are in gradebook.csv.</p></footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"

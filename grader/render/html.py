"""A Grading as one self-contained HTML page: everything the text report says, and pictures.

The pictures are drawn here, in the grader, from the plain data the checks left (``Result.figures``,
``grader.checking.pictures``): each training's costs over the reference's, W3A1's decision boundaries,
the cat test pictures a model gets wrong, the gradient checks' relative errors, a small failed
comparison as heat maps. Each is a PNG in a data URL with alt text saying what it shows; the page
loads nothing from anywhere (its Content-Security-Policy forbids it) and stays under 1 MB. The same
grading gives the same bytes (no date, no timing inside a picture).

``figure_html(figure)`` draws one figure: the notebook's ``check`` shows the same pictures.
"""

import html
import math

import numpy as np

from grader.checking.pictures import unpack_labels
from grader.render import pictures
from grader.render.formats import (ADVICE_TITLE, OUTCOME_WORDS, _points, _verdict, _writable, footer, function_summary,
                                   percent)

SHOWN_MISLABELED = 20  # test pictures shown at most (the count says how many there are)
LIMIT = 1024 * 1024  # bytes of a page, at most

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 60em;
       color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; } h3 { font-size: 1em; margin-bottom: .3em; }
table { border-collapse: collapse; } td, th { padding: .2em .8em; text-align: left; border-bottom: 1px solid #ddd; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; padding: .6em; overflow-x: auto; white-space: pre-wrap; }
.passed { color: #1a7f37; } .failed, .error, .crashed, .timeout { color: #cf222e; }
.not_implemented, .missing, .not_run { color: #9a6700; }
.check { border-left: 4px solid #ddd; padding-left: .8em; margin: 1em 0; }
.check.ok { border-color: #1a7f37; } .check.bad { border-color: #cf222e; }
figure { margin: .6em 0; } figcaption { font-size: .9em; color: #555; }
img { max-width: 100%; height: auto; }
.total { font-size: 1.2em; font-weight: bold; }
footer { margin-top: 2em; color: #666; font-size: .85em; }
"""

# No request of any kind: pictures are data URLs, the style is inline.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def escape(text):
    return html.escape(str(text), quote=True)


_e = escape


def page(title, body):
    """A whole HTML document around ``body``."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


# ------------------------------------------------------------------------------------------ figures


def _finite(values):
    return [v if isinstance(v, (int, float)) and math.isfinite(v) else float("nan") for v in values]


def _parted(learner, reference, tolerance):
    """The first recorded index where the two curves differ by more than the tolerance, or None."""
    rtol, atol = tolerance or (1e-6, 1e-9)
    for i, (mine, theirs) in enumerate(zip(learner, reference)):
        if not (abs(mine - theirs) <= atol + rtol * abs(theirs)):  # NaN parts too
            return i
    return None


def curve_html(figure):
    learner, reference = figure.get("learner"), figure.get("reference")
    every = figure.get("every") or 100
    sentences = []
    if learner is None:
        sentences.append("Your training returned no list of costs this picture can read, so only the reference's "
                         "curve is drawn.")
    elif not learner:
        sentences.append("Your list of costs is empty: it should hold the cost every "
                         f"{every} iterations, from iteration 0.")
    if reference is None:
        sentences.append("The reference's curve is not in this edition of the grader (the learner edition holds the "
                         "reference's outputs, not its trainings).")
    learner, reference = _finite(learner or []), _finite(reference or [])
    if learner and reference and len(learner) != len(reference):
        sentences.append(f"Your training recorded {len(learner)} costs where the reference records {len(reference)}"
                         f" (one every {every} iterations).")
    bad = [i for i, v in enumerate(learner) if math.isnan(v)]
    if bad:
        sentences.append(f"{len(bad)} of your costs are not finite numbers (NaN or infinite), the first at iteration "
                         f"{bad[0] * every}: they are left out of the picture.")
    parted = _parted(learner, reference, figure.get("tolerance")) if learner and reference else None
    if parted is not None:
        sentences.append(f"Your costs first differ from the reference's by more than the check's tolerance at "
                         f"iteration {parted * every} (marked).")
    elif learner and reference:
        sentences.append("Your costs follow the reference's within the check's tolerance at every recorded "
                         "iteration.")
    if len(learner) < 2 and len(reference) < 2:  # one recorded cost (a short run): no curve to draw
        values = [f"yours {learner[0]:.6g}" if learner else "", f"the reference's {reference[0]:.6g}" if reference else ""]
        if learner or reference:
            sentences.insert(0, f"One cost recorded, at iteration 0: {', '.join(v for v in values if v)}.")
        return "".join(f"<p>{_e(s)}</p>" for s in sentences)
    fig, ax = pictures.figure()
    scale = every / 100  # the course's axis: iterations in hundreds
    if reference:
        ax.plot([i * scale for i in range(len(reference))], reference, color=pictures.REFERENCE, label="reference")
    if learner:
        ax.plot([i * scale for i in range(len(learner))], learner, color=pictures.LEARNER, linestyle="--",
                marker="o" if len(learner) < 30 else None, markersize=3, label="yours")
    if parted is not None:
        ax.axvline(parted * scale, color=pictures.WRONG, linewidth=1)
    ax.set_xlabel("iterations (per hundreds)")
    ax.set_ylabel("cost")
    rate = figure.get("learning_rate")
    ax.set_title(f"Learning rate = {rate:g}" if rate is not None else figure.get("title", "cost"))
    ax.legend(loc="upper right")
    fig.tight_layout()
    alt = (f"Cost curve of {figure.get('title', 'the training')}: yours ({len(learner)} values, red, dashed) over the "
           f"reference's ({len(reference)} values, blue), iterations in hundreds"
           + (f"; they part at iteration {parted * every}" if parted is not None else ""))
    return pictures.img(fig, alt) + "".join(f"<p>{_e(s)}</p>" for s in sentences)


def arrays_html(figure):
    expected = np.array(figure["expected"], dtype=np.float64)
    found = np.array(figure["found"], dtype=np.float64)
    difference = found - expected
    rows, columns = expected.shape
    fig, axes = pictures.figure(width=min(9.5, 6.0 + 0.5 * columns), height=2.2 + 0.25 * rows, ncols=3)
    annotate = columns <= 3 and expected.size <= 24  # the numbers in the cells, where they fit
    for ax, values, name in zip(axes, (expected, found, difference), ("expected", "yours", "yours − expected")):
        shown = np.where(np.isfinite(values), values, np.nan)
        image = ax.imshow(shown, cmap="RdBu_r" if name.startswith("yours −") else "viridis", aspect="auto")
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
        ax.set_title(name)
        ax.set_xticks(range(values.shape[1]))
        ax.set_yticks(range(values.shape[0]))
        if annotate:
            for (r, c), v in np.ndenumerate(values):
                ax.text(c, r, f"{v:.3g}", ha="center", va="center", fontsize=7, color="black",
                        bbox={"facecolor": "white", "alpha": 0.6, "linewidth": 0, "pad": 1})
    fig.tight_layout()
    wrong = int(np.sum(~np.isclose(found, expected, rtol=1e-5, atol=1e-8)))
    alt = (f"Heat maps of {figure['label']}, shape {expected.shape[0]} by {expected.shape[1]}: the expected values, "
           f"yours, and their difference; {wrong} of {expected.size} entries differ")
    return pictures.img(fig, alt)


def gradient_html(figure):
    errors = figure["errors"]
    threshold = figure["threshold"]
    names = list(errors)
    values = [max(float(errors[n]), 1e-16) if math.isfinite(float(errors[n])) else 1.0 for n in names]
    fig, ax = pictures.figure(height=2.0 + 0.25 * len(names))
    colors = [pictures.REFERENCE if float(errors[n]) <= threshold else pictures.LEARNER for n in names]
    ax.barh(range(len(names)), values, color=colors)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.axvline(threshold, color="black", linestyle="--", linewidth=1, label=f"threshold {threshold:.0e}")
    ax.set_xlabel("relative error against the numerical gradient (log scale)")
    ax.legend(loc="lower right")
    fig.tight_layout()
    over = [n for n in names if not float(errors[n]) <= threshold]
    alt = (f"Relative error of each gradient against the numerical gradient, threshold {threshold:.0e}: "
           + ", ".join(f"{n} {float(errors[n]):.1e}" for n in names)
           + (f"; over the threshold: {', '.join(over)}" if over else "; all under the threshold"))
    return pictures.img(fig, alt)


def _cat_pictures():
    from grader import data  # the cat data, read when a report shows its pictures (never stored in one)

    return data.cat()[2]


def mislabeled_html(figure):
    indices, predicted, true = figure["indices"], figure["predicted"], figure["true"]
    total = figure.get("total", 0)
    if not indices:
        return f"<p>Your model labels every one of the {total} test pictures right.</p>"
    count = (f"Your model gets {len(indices)} of the {total} test pictures wrong"
             + (f"; the first {SHOWN_MISLABELED} are shown." if len(indices) > SHOWN_MISLABELED else ":"))
    try:
        test_x = _cat_pictures()
    except Exception:  # noqa: BLE001 - the data went away since the grading: the count is still worth saying
        return f"<p>{_e(count)} (the cat data cannot be read here to show them).</p>"
    shown = [(i, p, t) for i, p, t in zip(indices, predicted, true) if isinstance(i, int) and 0 <= i < test_x.shape[1]]
    shown = shown[:SHOWN_MISLABELED]
    columns = min(5, len(shown))
    rows = math.ceil(len(shown) / columns)
    fig, axes = pictures.figure(width=1.3 * columns, height=1.5 * rows, nrows=rows, ncols=columns, squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    label = {0: "non-cat", 1: "cat"}
    for ax, (i, p, t) in zip(axes.flat, shown):
        ax.imshow(np.clip(test_x[:, i].reshape(64, 64, 3), 0, 1), interpolation="nearest")
        ax.set_title(f"#{i}: said {label.get(int(round(p)), p)}\ntrue {label.get(int(t), t)}", fontsize=8)
    fig.tight_layout()
    alt = (f"{len(shown)} cat test pictures your model labels wrong, each with its number, your label and the true "
           f"label: " + "; ".join(f"#{i} said {label.get(int(round(p)), p)}, true {label.get(int(t), t)}"
                                  for i, p, t in shown))
    return f"<p>{_e(count)}</p>" + pictures.img(fig, alt, palette=True)


def boundary_html(figure):
    points = np.array(figure["points"], dtype=np.float64)
    labels = np.array(figure["labels"])
    x0, x1, y0, y1 = figure["extent"]
    fig, axes = pictures.figure(width=7.5, height=3.4, ncols=2)
    sentences = []
    for ax, who, name, owner in zip(axes, ("learner", "reference"), ("yours", "the reference's"),
                                    ("Your", "The reference's")):
        ax.set_title(f"Decision boundary, {name}")
        packed = figure.get(who)
        if packed:
            grid = unpack_labels(packed)
            ax.contourf(np.linspace(x0, x1, grid.shape[1]), np.linspace(y0, y1, grid.shape[0]), grid,
                        levels=[-0.5, 0.5, 1.5], cmap="Spectral")
            if grid.min() == grid.max():
                sentences.append(f"{owner} parameters label the whole plane {int(grid.flat[0])}.")
        else:
            why = figure.get(f"{who}_why", "not drawn")
            ax.text(0.5, 0.5, "not drawn", ha="center", va="center", transform=ax.transAxes)
            sentences.append(f"{owner} boundary is {why}.")
        ax.scatter(points[0], points[1], c=labels, s=6, cmap="Spectral", edgecolors="none")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
    fig.tight_layout()
    alt = ("Two decision boundaries on the flower data set, side by side: on the left the regions your trained "
           "parameters label 0 and 1, on the right the reference's, with the 400 points coloured by their labels")
    return pictures.img(fig, alt) + "".join(f"<p>{_e(s)}</p>" for s in sentences)


DRAW = {"curve": curve_html, "arrays": arrays_html, "gradient": gradient_html, "mislabeled": mislabeled_html,
        "boundary": boundary_html}


def figure_html(figure):
    """One figure as HTML (a ``<figure>`` with its picture, or a sentence saying why there is none)."""
    kind = figure.get("kind")
    if kind == "sentence":
        return f"<p>{_e(figure.get('text', ''))}</p>"
    draw = DRAW.get(kind)
    if draw is None:
        return ""
    try:
        inner = draw(figure)
    except pictures.PicturesUnavailable:
        raise
    except Exception as e:  # noqa: BLE001 - odd data makes a sentence, never a crashed report
        return f"<p>This picture could not be drawn ({_e(type(e).__name__)}: {_e(str(e)[:200])}).</p>"
    return f"<figure>{inner}</figure>"


# ------------------------------------------------------------------------------------------ the page


def _check_html(r):
    ok = r.outcome == "passed"
    words = OUTCOME_WORDS.get(r.outcome, r.outcome)
    parts = [f'<div class="check {"ok" if ok else "bad"}">',
             f'<h3>{_e(r.check.name)} <span class="{_e(r.outcome)}">[{_e(words)}, '
             f'{_points(r.score)} / {_points(r.check.points)}]</span></h3>']
    if r.output and not ok:
        parts.append(f"<pre>{_e(r.output)}</pre>")
    parts += [figure_html(f) for f in r.figures]
    parts.append("</div>")
    return "\n".join(parts)


def to_html(grading, title=""):
    """The HTML report of ``grading`` (see the module's docstring)."""
    heading = f"{grading.assignment}{' ' + title if title else ''}"
    body = [f"<h1>{_e(heading)}</h1>",
            f'<p class="total">Total: {_points(grading.score)} / {_points(grading.max_score)} '
            f"({percent(grading)} %)</p>", "<h2>Functions</h2>",
            "<table><thead><tr><th>function</th><th>score</th><th>verdict</th></tr></thead><tbody>"]
    for name, score, top, outcomes in function_summary(grading):
        verdict = _verdict(outcomes)
        body.append(f'<tr><td>{_e(name)}</td><td class="n">{_points(score)} / {_points(top)}</td>'
                    f'<td class="{"passed" if verdict == "passed" else "failed"}">{_e(verdict)}</td></tr>')
    body.append("</tbody></table>")
    summary = function_summary(grading)
    skipped = {name for name, _, _, outcomes in summary if set(outcomes) <= {"not_implemented", "missing"}}
    shown = [r for r in grading.results if r.check.function not in skipped or r.figures]
    problems = [r for r in shown if r.outcome != "passed"]
    if problems:
        body.append("<h2>What did not pass</h2>")
        body += [_check_html(r) for r in problems]
    if skipped:
        body.append(f"<p>Not written yet (every check not implemented or missing): {_e(', '.join(sorted(skipped)))}."
                    "</p>")
    pictured = [r for r in shown if r.outcome == "passed" and r.figures]
    if pictured:
        body.append("<h2>Pictures of checks that passed</h2>")
        body += [_check_html(r) for r in pictured]
    if grading.advice:
        body += [f"<h2>Advice</h2><p>{_e(ADVICE_TITLE)}</p><ul>"]
        body += [f"<li>{_e(a['message'])}</li>" for a in grading.advice]
        body.append("</ul>")
    if grading.notes:
        body += ["<h2>Notes</h2><ul>"] + [f"<li>{_e(n)}</li>" for n in grading.notes] + ["</ul>"]
    body.append(f"<footer>{_e(footer(grading))}</footer>")
    return _writable(page(f"{heading}: {_points(grading.score)} / {_points(grading.max_score)}", "\n".join(body)))


def cannot_grade_page(name, status):
    """The page of a submission that could not be graded: why (its status), and no score."""
    reason = status.removeprefix("could not grade: ")
    return _writable(page(f"{name}: not graded", f"<h1>{_e(name)}</h1><p>This submission could not be graded: "
                                                 f"{_e(reason)}</p><p>Nothing was scored. Fix what this says and "
                                                 f"submit again.</p>"))

"""``grade batch DIR --out R --html``: a learner's page per submission, report.html, resuming, a real browser.

A small class made from solutions/ (W2A1 and W4A1, which grade in about a second) with a bug or two
each, and a file that cannot be graded, is graded once per module with ``--html``; the tests read the
pages it wrote, run the batch again on copies of its results (resuming), and open every page in
headless Chromium (the ``browser`` fixture, tests/browser.py).
"""

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli.batch import batch_command

ROOT = Path(__file__).resolve().parent.parent
W2A1 = (ROOT / "solutions" / "w2a1_numpy_basics.py").read_text()
W4A1 = (ROOT / "solutions" / "w4a1_deep_nn_step_by_step.py").read_text()
# <img> of a page: its data URL's base64 and its alt text (as written, escaped)
IMG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]*)" alt="([^"]*)">')


def edit(source, *replacements):
    for old, new in replacements:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    return source


# name: (file in the class folder, its text)
CLASS = {
    "amira": ("amira.py", W2A1),  # every check passes
    # sigmoid without the minus sign (a small failed comparison: heat maps), L1 without the absolute value
    "boris": ("boris.py", edit(W2A1, ("s = 1 / (1 + np.exp(-x))\n    # END SOLUTION",
                                      "s = 1 / (1 + np.exp(x))\n    # END SOLUTION"),
                               ("loss = np.sum(np.abs(y - yhat))", "loss = np.sum(y - yhat)"))),
    # dW without its 1/m; the sigmoid layer's backward pass without sigmoid's derivative (a check named
    # "course example's sizes": its apostrophe is escaped in the page)
    "chidi": ("chidi.py", edit(W4A1, ("dW = np.dot(dZ, A_prev.T) / m", "dW = np.dot(dZ, A_prev.T)"),
                               ("dZ = sigmoid_backward(dA, activation_cache)", "dZ = dA"))),
    "dagny": ("dagny.ipynb", "this is not a notebook\n"),  # cannot be graded
}
GRADED = ("amira", "boris", "chidi")
WHY_DAGNY = "cannot read dagny.ipynb as a notebook"
PROGRESS = re.compile(r"^\[\s*\d+/\d+\] (\S+) ", re.M)  # the line the CLI prints for each submission it grades


def make_class(folder):
    folder.mkdir(parents=True)
    for file, text in CLASS.values():
        (folder / file).write_text(text)
    return folder


def run(*args):
    return CliRunner().invoke(batch_command, [str(a) for a in args], catch_exceptions=False)


def pages(results):
    """``{file name: bytes}`` of every learner's page in ``results/reports``."""
    return {p.name: p.read_bytes() for p in sorted((results / "reports").glob("*.html"))}


def without_pictures(page):
    """The page with its data URLs emptied: text to search (base64 holds any run of letters)."""
    return IMG.sub(lambda m: f'<img src="" alt="{m.group(2)}">', page)


def checks(page, which="bad|ok"):
    """``{check name as written in the page: its block}`` of the page's checks (``<div class="check bad">``
    for one that did not pass, ``ok`` for one that passed and has pictures)."""
    blocks = re.findall(rf'(<div class="check (?:{which})">\n<h3>(.*?) <span class=.*?\n</div>)', page, re.S)
    found = {name: block for block, name in blocks}
    assert len(found) == len(blocks), "a check shown twice"
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded once with ``--html`` and two workers: (class folder, results folder, CliRunner result)."""
    root = tmp_path_factory.mktemp("batch_html")
    folder = make_class(root / "class")
    result = run(folder, "--out", root / "results", "--jobs", 2, "--html")
    return folder, root / "results", result


def report(results, name):
    return json.loads((results / "reports" / f"{name}.json").read_text())


def test_every_submission_has_its_page_and_the_class_its_report(graded):
    _, results, result = graded
    assert result.exit_code == 1, result.output  # dagny could not be graded
    assert "graded 3, reused 0, could not grade 1" in result.output, result.output
    assert sorted(pages(results)) == sorted(f"{name}.html" for name in CLASS)
    assert (results / "report.html").is_file()
    assert not list(results.rglob("*.tmp"))
    # After the count, the CLI says where everything went, report.html first among the pages.
    lines = result.output.splitlines()
    counted = next(i for i, line in enumerate(lines) if line.startswith("graded 3, reused 0"))
    assert lines[counted + 1] == (f"wrote {results / 'gradebook.csv'}, {results / 'summary.txt'}, "
                                  f"{results / 'report.html'} and 4 reports (JSON and HTML) in {results / 'reports'}")
    for name in CLASS:
        page = (results / "reports" / f"{name}.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_a_learners_page_holds_its_total_and_failed_checks_and_no_one_elses_name(graded):
    _, results, _ = graded
    for name in GRADED:
        document = report(results, name)
        page = without_pictures((results / "reports" / f"{name}.html").read_text(encoding="utf-8"))
        assert f"Total: {document['score']:g} / {document['max_score']:g}" in page, name
        failed = [t["name"] for t in document["tests"] if t["outcome"] != "passed"]
        shown = checks(page, "bad")
        assert sorted(shown) == sorted(html.escape(n, quote=True) for n in failed), name
        for check in failed:
            assert html.escape(check, quote=True) in page
            if "'" in check:  # never written raw
                assert check not in page
        assert name in page
        others = [other for other in CLASS if other != name]
        assert not [other for other in others if other in page], name
    # the scores the bugs cost, and the escaped apostrophe of a failed check's name
    assert "Total: 19 / 19" in (results / "reports" / "amira.html").read_text()
    assert "What did not pass" not in (results / "reports" / "amira.html").read_text()
    assert report(results, "boris")["score"] == 14.5
    chidi = (results / "reports" / "chidi.html").read_text(encoding="utf-8")
    assert "linear_activation_backward: course example&#x27;s sizes, sigmoid (Z made by the forward pass)" in chidi
    assert "linear_backward: gradients match the numerical gradient" in checks(chidi, "bad")


def test_the_page_of_a_submission_that_could_not_be_graded_says_why(graded):
    _, results, _ = graded
    page = (results / "reports" / "dagny.html").read_text(encoding="utf-8")
    assert report(results, "dagny")["status"].startswith(f"could not grade: {WHY_DAGNY}")
    assert "<title>dagny: not graded</title>" in page
    assert "This submission could not be graded" in page and WHY_DAGNY in page
    assert "Total:" not in page and "<img" not in page
    assert not [other for other in GRADED if other in page]


def test_a_failed_comparison_of_a_small_array_has_its_heat_maps(graded):
    _, results, _ = graded
    boris = checks((results / "reports" / "boris.html").read_text(encoding="utf-8"))
    (alt,) = [html.unescape(a) for _, a in IMG.findall(boris["sigmoid: course example [1, 2, 3]"])]
    assert alt.startswith("Heat maps of sigmoid(...), shape 1 by 3") and "3 of 3 entries differ" in alt
    assert not IMG.findall(boris["sigmoid: a scalar"])  # one number: nothing to draw
    chidi = checks((results / "reports" / "chidi.html").read_text(encoding="utf-8"))
    first = chidi["linear_backward: course example, dZ (3, 4), A_prev (5, 4), W (3, 5)"]
    assert [html.unescape(a) for _, a in IMG.findall(first)] == [
        "Heat maps of dW, shape 3 by 5: the expected values, yours, and their difference; 15 of 15 entries differ"]
    (gradient,) = [html.unescape(a) for _, a in
                   IMG.findall(chidi["linear_backward: gradients match the numerical gradient"])]
    assert gradient.startswith("Relative error of each gradient") and gradient.endswith("over the threshold: dW")


# -- resuming ------------------------------------------------------------------------------------------

def test_a_second_identical_run_grades_nothing_and_keeps_the_pages(graded, tmp_path):
    folder, results, _ = graded
    copy = tmp_path / "results"
    shutil.copytree(results, copy)
    result = run(folder, "--out", copy, "--jobs", 2, "--html")
    assert "graded 0, reused 3, could not grade 1" in result.output, result.output
    assert PROGRESS.findall(result.output) == ["dagny"]  # tried again: the reason may have gone
    assert pages(copy) == pages(results)
    assert (copy / "report.html").read_bytes() == (results / "report.html").read_bytes()  # from the same reports


def test_a_deleted_page_regrades_exactly_that_submission_to_the_same_bytes(graded, tmp_path):
    folder, results, _ = graded
    copy = tmp_path / "results"
    shutil.copytree(results, copy)
    (copy / "reports" / "boris.html").unlink()
    result = run(folder, "--out", copy, "--jobs", 2, "--html")
    assert "graded 1, reused 2, could not grade 1" in result.output, result.output
    assert sorted(PROGRESS.findall(result.output)) == ["boris", "dagny"]
    assert pages(copy) == pages(results)  # drawn again by another grader process: the same bytes
    assert report(copy, "boris")["tests"] == report(results, "boris")["tests"]


def test_a_run_without_html_then_one_with_it_grades_every_submission_again(graded, tmp_path):
    folder, results, _ = graded
    out = tmp_path / "results"
    plain = run(folder, "--out", out, "--jobs", 2)
    assert "graded 3, reused 0, could not grade 1" in plain.output, plain.output
    assert pages(out) == {} and not (out / "report.html").exists()
    assert "report.html" not in plain.output and "(JSON and HTML)" not in plain.output
    with_pages = run(folder, "--out", out, "--jobs", 2, "--html")
    assert "graded 3, reused 0, could not grade 1" in with_pages.output, with_pages.output
    assert sorted(PROGRESS.findall(with_pages.output)) == sorted(CLASS)
    assert pages(out) == pages(results)  # another class folder's run, the same bytes
    assert (out / "report.html").is_file()


def test_a_report_rewritten_without_html_takes_its_old_page_with_it(graded, tmp_path):
    """A page present is always of its JSON: a learner who changed their file and was graded again without
    --html does not keep the old page (and its old total) into the next --html run."""
    folder, results, _ = graded
    out, changed = tmp_path / "results", tmp_path / "class"
    shutil.copytree(results, out)
    shutil.copytree(folder, changed)
    (changed / "amira.py").write_text(CLASS["boris"][1])  # amira's file now has boris's bugs
    plain = run(changed, "--out", out, "--jobs", 2)
    assert sorted(PROGRESS.findall(plain.output)) == ["amira", "dagny"] and not (out / "reports" / "amira.html").exists()
    assert (out / "reports" / "boris.html").read_bytes() == (results / "reports" / "boris.html").read_bytes()
    again = run(changed, "--out", out, "--jobs", 2, "--html")
    assert sorted(PROGRESS.findall(again.output)) == ["amira", "dagny"], again.output
    page = (out / "reports" / "amira.html").read_text(encoding="utf-8")
    assert f"Total: {report(out, 'amira')['score']:g} / 19" in page and "Total: 19 / 19" not in page


# -- in a real browser ---------------------------------------------------------------------------------

def test_every_page_loads_in_a_browser_with_every_picture_drawn(graded, browser):
    _, results, _ = graded
    opened = {}
    for path in [results / "report.html", *sorted((results / "reports").glob("*.html"))]:
        page = browser.open(path)
        assert page.problems() == [], (path.name, page.problems())
        assert all(image.ok and image.alt for image in page.images), path.name
        assert len(page.images) == path.read_text(encoding="utf-8").count("<img"), path.name
        opened[path.name] = page
    assert sorted(opened) == sorted(["report.html", *(f"{name}.html" for name in CLASS)])
    assert opened["boris.html"].title == "w2a1 boris: Python Basics with NumPy: 14.5 / 19"
    assert len(opened["boris.html"].images) == 2 and len(opened["chidi.html"].images) >= 5
    assert opened["report.html"].images and not opened["dagny.html"].images

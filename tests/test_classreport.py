"""The class report (``grader.render.classreport``): a real small class graded once, and hand-built reports.

The page is read back with the standard library's HTML parser into a small tree (every element
closed in order, void elements apart), so the tests look at what a browser would show: the text
of the cells, the images and their alt text, the tags present. The pictures are decoded and opened
with Pillow.
"""

import base64
import io
import random
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from grader.batch.run import run_batch
from grader.course import builtin as builtin_course
from grader.render import classreport
from grader.render.classreport import class_report
from grader.version import VERSION

ROOT = Path(__file__).resolve().parent.parent
COURSE = builtin_course()
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Every tag the page may hold: no script, no iframe, no object, no link to a style sheet.
ALLOWED = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "nav", "ul", "ol",
           "li", "a", "main", "section", "img", "table", "caption", "thead", "tbody", "tr", "th", "td", "footer"}
HOSTILE = "<script>alert(1)</script>.py"


# --- reading the page back ------------------------------------------------------------------------

class Node:
    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, dict(attrs), []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag):
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    yield c
                yield from c.all(tag)


class Tree(HTMLParser):
    """The page as a tree; raises on an end tag that closes no open element, or an element left open."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype = None
        self.feed(page)
        self.close()
        assert len(self.stack) == 1, f"elements left open: {[n.tag for n in self.stack[1:]]}"

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, attrs))

    def handle_endtag(self, tag):
        assert tag not in VOID, f"</{tag}> closes a void element"
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(page):
    tree = Tree(page)
    assert tree.doctype == "DOCTYPE html"
    tags = {n.tag for n in _every(tree.root)}
    assert tags <= ALLOWED, f"unexpected tags: {tags - ALLOWED}"
    return tree.root


def _every(node):
    for c in node.children:
        if isinstance(c, Node):
            yield c
            yield from _every(c)


def table(root, caption):
    """The table whose caption holds ``caption``: {row header: [cells]}, and its column headers."""
    found = [t for t in root.all("table") if caption in next(t.all("caption")).text()]
    assert len(found) == 1, f"{len(found)} tables have a caption holding {caption!r}"
    columns = [th.text() for th in next(found[0].all("thead")).all("th")]
    rows = {}
    for tr in next(found[0].all("tbody")).all("tr"):
        cells = [c for c in tr.children if isinstance(c, Node)]
        rows.setdefault(cells[0].text(), []).append([c.text() for c in cells[1:]])
    return columns, rows


def section(root, heading):
    found = [s for s in root.all("section") if next(s.all("h2")).text().startswith(heading)]
    assert len(found) == 1, f"{len(found)} sections are headed {heading!r}"
    return found[0]


def assert_pictures(root):
    """Every <img>: a non-empty alt, a PNG data URL that Pillow opens, not one flat colour."""
    images = list(root.all("img"))
    for img in images:
        assert set(img.attrs) == {"src", "alt"}
        assert img.attrs["alt"].strip(), "an image without alt text"
        prefix = "data:image/png;base64,"
        assert img.attrs["src"].startswith(prefix)
        data = base64.b64decode(img.attrs["src"][len(prefix):], validate=True)
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "PNG"
            low, high = picture.convert("L").getextrema()
            assert low < high, f"a blank picture: {img.attrs['alt']}"
    return images


def assert_stands_alone(page, root):
    """No script, no request of any kind: links are anchors of the page, pictures data URLs."""
    assert "<script" not in page.lower()
    assert "url(" not in page and "@import" not in page
    for a in root.all("a"):
        assert a.attrs["href"].startswith("#")
    for img in root.all("img"):
        assert img.attrs["src"].startswith("data:")


# --- reports by hand ------------------------------------------------------------------------------

def result(function, name, outcome, points=1.0, mistake=None):
    return {"name": f"{function}: {name}", "function": function, "kind": "reference",
            "status": "passed" if outcome == "passed" else "failed", "outcome": outcome,
            "score": points if outcome == "passed" else 0.0, "max_score": points,
            "output": "" if outcome == "passed" else "<b>found</b> something else", "mistake": mistake}


def report(name, tests, assignment="w9a9", status="graded", seconds=0.5):
    score = sum(t["score"] for t in tests)
    return {"submission": name, "file": f"{name}.py", "sha256": "0" * 64, "assignment": assignment,
            "status": status, "course_version": "v1", "grader": {"version": VERSION, "digest": "f" * 64},
            "score": score, "max_score": sum(t["max_score"] for t in tests), "execution_time": seconds,
            "tests": tests, "advice": [], "notes": [], "syntax_errors": [], "batch_key": "k"}


def ungradable(name, why, assignment=None):
    return {"submission": name, "file": f"{name}.ipynb", "sha256": None, "assignment": assignment,
            "status": f"could not grade: {why}", "tests": []}


SIGN = "the minus sign is missing: <σ(-x)>"


def three(outcomes_of_bob=("passed", "failed"), mistake=SIGN):
    """Ann passes all; bob fails forward's second check with a known mistake; a stub implements nothing."""
    def tests(forward, backward):
        return [result("forward", "course example", forward[0]),
                result("forward", "a (3, 4) matrix", forward[1], mistake=mistake if forward[1] == "failed" else None),
                result("backward", "course example", backward)]
    return [report("ann", tests(("passed", "passed"), "passed"), seconds=0.25),
            report("bob", tests(outcomes_of_bob, "passed"), seconds=2.0),
            report(HOSTILE, tests(("not_implemented", "not_implemented"), "missing"), seconds=1.0),
            ungradable("gus", "cannot read gus.ipynb as a notebook: its JSON is broken at line 1")]


def test_counts_per_function_and_check_mistakes_and_ungradable_by_hand():
    page = class_report(three(), None, title="Week 9")
    root = parse(page)
    assert_stands_alone(page, root)
    assert "4 submissions: 3 graded, 1 could not be graded." in next(root.all("header")).text()
    columns, rows = table(root, "Outcomes per function and per check, w9a9")
    assert columns == ["function / check", "passed", "failed", "errored", "not implemented", "not run", "graded"]
    assert rows == {
        "forward (function)": [["1", "1", "0", "1", "0", "3"]],
        "course example": [["2", "0", "0", "1", "0", "3"], ["2", "0", "0", "1", "0", "3"]],  # forward's, backward's
        "a (3, 4) matrix": [["1", "1", "0", "1", "0", "3"]],
        "backward (function)": [["2", "0", "0", "1", "0", "3"]],
    }
    _, mistakes = table(root, "Known mistakes, w9a9")
    assert mistakes == {"forward: a (3, 4) matrix": [[SIGN, "1", "33.3 %"]]}
    _, unable = table(root, "could not grade, and why")
    assert unable == {"gus": [["-", "cannot read gus.ipynb as a notebook: its JSON is broken at line 1"]]}
    scores = section(root, "w9a9").text()
    assert "3 graded, out of 3 points: mean 1.67 / 3 (55.6 %), median 2 / 3 (66.7 %), lowest 0 / 3 (0 %), " \
           "highest 3 / 3 (100 %)." in scores
    # the times: median, 90th percentile (nearest rank), longest, and the slowest by name, slowest first
    assert "median 1 s, 90th percentile 2 s, longest 2 s" in scores
    slowest = [li.text() for li in next(section(root, "w9a9").all("ol")).all("li")]
    assert slowest == ["bob: 2 s", f"{HOSTILE}: 1 s", "ann: 0.25 s"]
    assert f"nndl-grader {VERSION}" in next(root.all("footer")).text()
    assert len(assert_pictures(root)) == 3  # scores, outcomes, times
    assert "<title>Class report: Week 9</title>" in page


def test_text_from_the_reports_is_escaped():
    reports = three(mistake="<img src=x onerror=alert(2)>")
    reports[3]["status"] = "could not grade: <iframe src=//evil>"
    reports.append(report("<b>eve</b>", [result("forward", "course example", "crashed"),
                                         result("forward", "a (3, 4) matrix", "passed"),
                                         result("backward", "course example", "passed")],
                          status="graded (crashed: <forward>)"))
    page = class_report(reports, None, title="<i>term</i>")
    root = parse(page)  # only the allowed tags: none of the names became markup
    assert_stands_alone(page, root)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.py" in page
    assert HOSTILE in root.text() and "<b>eve</b>" in root.text() and "<i>term</i>" in root.text()
    assert "<iframe src=//evil>" in root.text() and "<img src=x onerror=alert(2)>" in root.text()
    assert len(list(root.all("img"))) == 3  # the pictures only
    _, events = table(root, "graded with events")
    assert events == {"<b>eve</b>": [["w9a9", "crashed: <forward>"]]}


def test_control_characters_and_lone_surrogates_are_shown_escaped():
    reports = three()
    reports[0]["submission"] = "ann\x1b[31m\udcff"  # a file name that is not UTF-8, a terminal escape
    page = class_report(reports, None)
    page.encode("utf-8")  # writable
    assert "ann\\x1b[31m\\udcff" in parse(page).text()


def test_a_check_every_submission_passed_and_a_class_that_passed_everything():
    passed = [report(name, [result("forward", "course example", "passed")]) for name in ("ann", "bob")]
    root = parse(class_report(passed, None))
    _, rows = table(root, "Outcomes per function and per check")
    assert rows["course example"] == [["2", "0", "0", "0", "0", "2"]]
    text = root.text()
    assert "Every graded submission passed every check." in text
    assert "No check recognized a known mistake in these submissions." in text
    assert "No graded submission had a check crash" in text and "Every submission could be graded." in text
    assert_pictures(root)


def test_no_report_at_all():
    page = class_report([], COURSE)
    root = parse(page)
    assert "0 submissions: 0 graded, 0 could not be graded." in root.text()
    assert "There is no report to show" in root.text()
    assert list(root.all("img")) == []


def test_only_ungradable_reports():
    reports = [ungradable(f"s{i}", f"reason {i}") for i in range(3)]
    root = parse(class_report(reports, COURSE))
    assert "3 submissions: 0 graded, 3 could not be graded." in root.text()
    assert "No submission could be graded" in root.text()
    _, rows = table(root, "could not grade, and why")
    assert rows == {f"s{i}": [["-", f"reason {i}"]] for i in range(3)}
    assert list(root.all("img")) == []


def test_an_assignment_worth_no_points_and_reports_not_as_written():
    free = [report(n, [result("forward", "course example", "failed", points=0.0)]) for n in ("ann", "bob")]
    broken = [
        {"submission": "no status"},
        "not a dict",
        {"submission": "odd", "assignment": "w9a9", "status": "graded", "tests": "none", "score": "high",
         "execution_time": float("nan")},
        {"submission": "odder", "assignment": "w9a9", "status": "graded",
         "tests": [None, {"outcome": "exploded", "name": "forward: $x^2$ {weird}"}]},
    ]
    root = parse(class_report(free + broken, COURSE))
    text = section(root, "w9a9").text()
    assert "No score distribution: its checks carry no points (a maximum of 0)." in text
    _, rows = table(root, "Outcomes per function and per check, w9a9")
    assert rows["$x^2$ {weird}"] == [["0", "0", "0", "0", "0", "1", "1"]]  # an outcome of no known kind: other
    _, unable = table(root, "could not grade, and why")
    assert unable["no status"] == [["-", "the report has no status"]]
    assert unable["(unnamed)"] == [["-", "the report is not a JSON object"]]
    assert_pictures(root)


def test_two_renders_give_the_same_bytes_whatever_the_order_of_the_reports():
    reports = three()
    first = class_report(reports, COURSE).encode("utf-8")
    assert class_report(list(reversed(reports)), COURSE).encode("utf-8") == first


# --- ten thousand ---------------------------------------------------------------------------------

def synthetic_class(n, seed=0):
    """``n`` reports across every built-in assignment: every outcome, mistakes, events, ungradable ones,
    long names full of characters that escaping makes longer."""
    rng = random.Random(seed)
    outcomes = ["passed"] * 12 + ["failed"] * 3 + ["error", "crashed", "timeout", "not_implemented", "missing",
                                                   "not_run"]
    reports = []
    for i in range(n):
        name = f"{i:05d}-<\"&'>" * 12
        assignment = COURSE.ids[i % len(COURSE.ids)]
        if i % 10 == 9:
            reports.append(ungradable(name, "the grader failed on this submission: " + "<&>" * 200, assignment))
            continue
        tests = []
        for check in COURSE.assignment(assignment).checks:
            outcome = rng.choice(outcomes)
            mistake = f"known mistake {rng.randrange(3)} of {check.function}" if outcome == "failed" else None
            tests.append({**result(check.function, check.name, outcome, check.points, mistake), "name": check.name})
        events = list(dict.fromkeys(t["function"] for t in tests if t["outcome"] in ("error", "crashed", "timeout")))
        status = f"graded (crashed: {', '.join(events)})" if events else "graded"
        reports.append(report(name, tests, assignment, status, seconds=round(rng.uniform(0.1, 90), 3)))
    return reports


@pytest.fixture(scope="module")
def ten_thousand():
    reports = synthetic_class(10_000)
    return reports, class_report(reports, COURSE, title="ten thousand")


def test_ten_thousand_submissions_stay_under_two_megabytes(ten_thousand):
    reports, page = ten_thousand
    assert len(page.encode("utf-8")) < 2_000_000
    root = parse(page)
    assert "10,000 submissions: 9,000 graded" in root.text()
    assert len(assert_pictures(root)) == 3 * len(COURSE.ids)
    _, unable = table(root, "1,000 submissions the grader could not grade")
    assert sum(len(v) for v in unable.values()) == classreport.LIST_LIMIT
    assert "850 more not shown: every one is in gradebook.csv" in root.text()
    # the counts still cover the whole class
    _, rows = table(root, "Outcomes per function and per check, w2a1")
    graded_w2a1 = sum(r["assignment"] == "w2a1" and r["status"].startswith("graded") for r in reports)
    assert rows["basic_sigmoid (function)"][0][-1] == f"{graded_w2a1:,}"


# --- a real class ---------------------------------------------------------------------------------

W2A1 = (ROOT / "solutions" / "w2a1_numpy_basics.py").read_text()
SIGMOID = "s = 1 / (1 + np.exp(-x))\n    # END SOLUTION"
ESCAPING = "<img src=x onerror=alert(1)>"  # a file name cannot hold the "/" of </script>


@pytest.fixture(scope="module")
def real_class(tmp_path_factory):
    """Six submissions graded by ``run_batch`` (about two seconds): their reports and the class report."""
    root = tmp_path_factory.mktemp("classreport")
    folder = root / "class"
    folder.mkdir()
    (folder / "alice.py").write_text(W2A1)
    assert W2A1.count(SIGMOID) == 1
    (folder / "bob.py").write_text(W2A1.replace(SIGMOID, SIGMOID.replace("-x", "x")))  # a known mistake
    shutil.copy(ROOT / "exercises" / "w2a1_numpy_basics.py", folder / "chen.py")  # the stub
    (folder / "emil.py").write_text(W2A1.replace("def L1(yhat, y):", "def L1(yhat, y):\n    import os\n"
                                                                      "    os._exit(0)"))  # crashes in L1
    (folder / "gus.ipynb").write_text("this is not a notebook\n")
    (folder / f"{ESCAPING}.py").write_text(W2A1)
    batch = run_batch(folder, root / "results", jobs=2, echo=lambda *args: None, course=COURSE)
    return batch.reports, class_report(batch.reports, COURSE, title="a real class")


def test_a_real_class(real_class):
    reports, page = real_class
    root = parse(page)
    assert_stands_alone(page, root)
    assert "6 submissions: 5 graded (1 with events), 1 could not be graded." in root.text()
    w2a1 = section(root, "w2a1 Python Basics with NumPy")
    _, rows = table(w2a1, "Outcomes per function and per check, w2a1")
    assert rows["sigmoid (function)"] == [["3", "1", "0", "1", "0", "5"]]  # bob failed, chen's stub
    assert rows["L1 (function)"] == [["3", "0", "1", "1", "0", "5"]]  # emil crashed
    _, mistakes = table(w2a1, "Known mistakes, w2a1")
    assert set(mistakes) == {"sigmoid: course example [1, 2, 3]", "sigmoid: a (3, 4) matrix", "sigmoid: a scalar"}
    assert all(cells[0][0].startswith("the minus sign in exp(-x) is missing") and cells[0][1] == "1"
               for cells in mistakes.values())
    _, unable = table(root, "could not grade, and why")
    assert list(unable) == ["gus"] and unable["gus"][0][1].startswith("cannot read gus.ipynb as a notebook")
    _, events = table(root, "graded with events")
    assert events == {"emil": [["w2a1", "crashed: L1"]]}
    assert ESCAPING in root.text() and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert len(assert_pictures(root)) == 3
    assert class_report(reports, COURSE, title="a real class") == page


def test_a_real_class_in_a_browser(real_class, browser, tmp_path):
    """Chromium draws every picture and makes no request (tests/browser.py)."""
    path = tmp_path / "report.html"
    path.write_text(real_class[1], encoding="utf-8")
    opened = browser.open(path)
    assert opened.problems() == []
    assert len(opened.images) == 3

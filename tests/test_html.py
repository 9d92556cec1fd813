"""`grade FILE --format html`: one self-contained page with the text report's content and pictures.

The pictures are drawn from the plain data the checks leave (``Result.figures``): each picture kind on
good and on bad data (a learner's NaN costs, an empty or short cost list, a model that predicts one
class, 10,000 mislabeled pictures) gives a picture or a sentence, never a crash; a real W3A1 submission
with bugs gets every kind of picture, the same bytes when graded twice, and a page that a real browser
loads without an error or a request, every picture drawn.
"""

import base64
import html
import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from click.testing import CliRunner
from corpus import variant_source
from PIL import Image

from grader.checking import pictures as makers
from grader.checking.compare import Tolerance
from grader.cli import main
from grader.engine import grade_submission
from grader.load import reader
from grader.render import html as report

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
IMG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)">')


def images(page):
    """``[(PIL image, alt text)]`` of every picture of ``page``; each must decode, and not be one colour."""
    found = []
    for data, alt in IMG.findall(page):
        picture = Image.open(io.BytesIO(base64.b64decode(data)))
        picture.load()
        assert picture.format == "PNG"
        low, high = picture.convert("L").getextrema()
        assert low < high, f"a blank picture: {alt}"
        assert alt.strip(), "a picture without alt text"
        found.append((picture, html.unescape(alt)))
    assert page.count("<img") == len(found), "an <img> that is not a PNG data URL with alt text"
    return found


class Tags(HTMLParser):
    """Every element closed in order (the page parses as written)."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.open, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def parses(page):
    tags = Tags()
    tags.feed(page)
    tags.close()
    assert tags.problems == [] and tags.open == [], (tags.problems, tags.open)
    return True


def sentences(fragment):
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


# -- the pictures, on good and bad data ----------------------------------------------------------------

CURVE = {"kind": "curve", "title": "model: cost during training", "every": 100, "learning_rate": 0.005,
         "iterations": 2000, "tolerance": [1e-6, 1e-9]}
REFERENCE_COSTS = [0.69 * 0.9 ** i for i in range(20)]


def curve(learner, reference=REFERENCE_COSTS):
    return report.figure_html({**CURVE, "learner": learner, "reference": reference})


def test_a_cost_curve_over_the_reference_says_where_they_part():
    same = curve(list(REFERENCE_COSTS))
    (_, alt), = images(same)
    assert "Cost curve" in alt and "20 values" in alt and "follow the reference's" in sentences(same)
    parted = curve(REFERENCE_COSTS[:3] + [c * 1.01 for c in REFERENCE_COSTS[3:]])
    (_, alt), = images(parted)
    assert "part at iteration 300" in alt and "at iteration 300 (marked)" in sentences(parted)


@pytest.mark.parametrize("learner, says", [
    ([float("nan")] * 20, "20 of your costs are not finite numbers (NaN or infinite), the first at iteration 0"),
    (REFERENCE_COSTS[:5] + [float("inf")] * 15, "15 of your costs are not finite numbers"),
    ([], "Your list of costs is empty"),
    (None, "no list of costs this picture can read"),
    (REFERENCE_COSTS[:5], "recorded 5 costs where the reference records 20"),
])
def test_a_learners_bad_cost_list_gets_a_sentence(learner, says):
    fragment = curve(learner)
    assert says in sentences(fragment)
    assert len(images(fragment)) == 1  # the reference's curve at least


def test_one_cost_is_said_and_the_learner_edition_draws_the_learners_curve_alone():
    assert images(curve([0.69], [0.69])) == []
    assert "One cost recorded, at iteration 0: yours 0.69, the reference's 0.69" in sentences(curve([0.69], [0.69]))
    alone = curve(list(REFERENCE_COSTS), None)
    assert len(images(alone)) == 1 and "not in this edition of the grader" in sentences(alone)


def test_a_small_failed_comparison_is_three_heat_maps_and_a_gradient_check_its_errors():
    arrays = report.figure_html({"kind": "arrays", "label": "grads['dw']", "expected": [[1.0, 2.0], [3.0, 4.0]],
                                 "found": [[1.0, 2.5], [float("nan"), float("inf")]]})
    (picture, alt), = images(arrays)
    assert alt.startswith("Heat maps of grads['dw'], shape 2 by 2") and "3 of 4 entries differ" in alt
    gradient = report.figure_html({"kind": "gradient", "threshold": 1e-5,
                                   "errors": {"dW1": 0.4, "db1": 0.0, "dW2": float("nan"), "db2": 3e-9}})
    (_, alt), = images(gradient)
    assert alt.startswith("Relative error of each gradient") and "over the threshold: dW1, dW2" in alt


def test_a_boundary_of_one_class_and_one_not_drawn_are_said():
    X = np.random.RandomState(0).randn(2, 40)
    plane = np.zeros((20, 30))
    figure = {"kind": "boundary", "extent": [-3, 3, -3, 3], "points": X.tolist(), "labels": [0, 1] * 20,
              "learner": makers.pack_labels(plane), "reference": None,
              "reference_why": "not drawn in the learner edition: no answer"}
    fragment = report.figure_html(figure)
    assert len(images(fragment)) == 1
    said = sentences(fragment)
    assert "Your parameters label the whole plane 0" in said
    assert "The reference's boundary is not drawn in the learner edition: no answer" in said
    assert np.array_equal(makers.unpack_labels(makers.pack_labels(plane > 0)), plane > 0)


def test_odd_figure_data_makes_a_sentence_not_a_crash():
    assert report.figure_html({"kind": "a kind from a newer grader"}) == ""
    broken = report.figure_html({"kind": "arrays", "label": "x", "expected": "not numbers", "found": [1]})
    assert "could not be drawn" in sentences(broken)
    assert "<b>" not in report.figure_html({"kind": "sentence", "text": "<b>escaped</b>"})


def ctx(found_reference, **arguments):
    check = SimpleNamespace(function="model", tolerance=Tolerance(1e-6, 1e-9), name="model: x", seed=None)

    def reference_function(X, num_iterations=100, learning_rate=0.5):
        return found_reference

    return SimpleNamespace(check=check, reference=lambda: found_reference, reference_function=reference_function,
                           args=(np.zeros((2, 3)),), kwargs=arguments, trace=None)


def test_the_makers_read_what_a_learner_returns_whatever_it_is():
    reference = {"costs": [0.7, 0.6]}
    made = makers.cost_curve(lambda out: out["costs"])({"no costs": 1}, ctx(reference, learning_rate=0.01))
    assert made["learner"] is None and made["reference"] == [0.7, 0.6] and made["learning_rate"] == 0.01
    made = makers.cost_curve(lambda out: out["costs"])({"costs": ["a", None]}, ctx(reference))
    assert made["learner"] is None and made["learning_rate"] == 0.5  # the default, bound from the signature
    missed = makers.mislabeled(lambda found, c: found, lambda: np.array([[1, 0, 1]]))
    assert missed(np.ones(10_000), ctx(None))["kind"] == "sentence"
    assert missed("not labels", ctx(None))["kind"] == "sentence"
    one_class = missed(np.zeros((1, 3)), ctx(None))
    assert one_class == {"kind": "mislabeled", "indices": [0, 2], "predicted": [0.0, 0.0], "true": [1.0, 1.0],
                         "total": 3}


def test_mislabeled_pictures_at_most_20_with_the_count(cat_data):
    test_y = cat_data["test_y"].reshape(-1)
    one_class = makers.mislabeled(lambda found, c: found, lambda: test_y)(np.zeros(test_y.size), ctx(None))
    cats = int(test_y.sum())
    fragment = report.figure_html(one_class)
    assert f"Your model gets {cats} of the {test_y.size} test pictures wrong; the first 20 are shown" \
        in sentences(fragment)
    (picture, alt), = images(fragment)
    assert alt.count("said non-cat, true cat") == 20
    many = report.figure_html({"kind": "mislabeled", "indices": list(range(10_000)), "predicted": [1.0] * 10_000,
                               "true": [0.0] * 10_000, "total": 10_000})
    assert "10000 of the 10000 test pictures wrong; the first 20 are shown" in sentences(many)
    assert len(images(many)) == 1 and len(many) < 300_000
    right = report.figure_html({"kind": "mislabeled", "indices": [], "predicted": [], "true": [], "total": 50})
    assert "labels every one of the 50 test pictures right" in sentences(right)


# -- a real submission, end to end -------------------------------------------------------------------

W3A1_BUGS = (("def update_parameters(parameters, grads, learning_rate=1.2):",
              "def update_parameters(parameters, grads, learning_rate=0.3):"),
             ("dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))", "dZ1 = np.dot(W2.T, dZ2) * (1 - A1)"))


def variant(tmp_path, solution, replacements, name):
    path = tmp_path / name
    path.write_text(variant_source(solution, replacements))
    return path


@pytest.fixture(scope="module")
def w3a1_pages(tmp_path_factory):
    """A W3A1 submission with two bugs, graded twice to HTML (the second reusing the first's results), and
    its JSON report."""
    folder = tmp_path_factory.mktemp("w3a1")
    path = variant(folder, "w3a1_planar_data.py", W3A1_BUGS, "w3a1_bugs.py")
    runner = CliRunner()
    first = runner.invoke(main, [str(path), "--format", "html", "--no-cache", "-o", str(folder / "first.html")])
    second = runner.invoke(main, [str(path), "--format", "html", "-o", str(folder / "second.html")])
    machine = runner.invoke(main, [str(path), "--format", "json"])
    assert first.exit_code == second.exit_code == machine.exit_code == 1, (first.output, second.output)
    return folder / "first.html", (folder / "second.html").read_bytes(), json.loads(machine.stdout)


def test_the_page_says_what_the_text_report_says_with_every_kind_of_picture(w3a1_pages):
    first, _, document = w3a1_pages
    page = first.read_text(encoding="utf-8")
    assert parses(page) and page.startswith("<!DOCTYPE html>")
    assert f"Total: {document['score']:g} / {document['max_score']:g}" in page
    for test in document["tests"]:  # every check that did not pass, with its whole message
        if test["outcome"] != "passed":
            assert html.escape(test["name"], quote=True) in page
            assert html.escape(test["output"], quote=True) in page
    alts = [alt for _, alt in images(page)]
    assert any(alt.startswith("Heat maps of grads['dW1']") for alt in alts)
    assert any(alt.startswith("Heat maps of parameters['W1']") for alt in alts)
    assert any(alt.startswith("Relative error of each gradient") and "over the threshold: grads['dW1']" in alt
               for alt in alts)
    curves = [alt for alt in alts if alt.startswith("Cost curve of nn_model")]
    assert len(curves) == 4 and all("reference's" in alt for alt in curves)  # each nn_model training
    assert any(alt.startswith("Two decision boundaries on the flower") for alt in alts)
    assert len(first.read_bytes()) < report.LIMIT


def test_the_same_submission_graded_twice_gives_the_same_bytes(w3a1_pages):
    first, second, _ = w3a1_pages
    assert first.read_bytes() == second


def test_the_page_loads_in_a_real_browser_without_error_or_request_and_draws_every_picture(w3a1_pages, browser):
    first, _, _ = w3a1_pages
    opened = browser.open(first)
    assert opened.problems() == []
    assert len(opened.images) >= 6 and all(image.ok for image in opened.images)


@pytest.mark.parametrize("costs, says", [
    ('[float("nan")] * len(costs)', "not finite numbers"),
    ("[]", "Your list of costs is empty"),
    ("costs[:3]", "recorded 3 costs where the reference records 20"),
])
def test_a_models_bad_cost_list_is_graded_and_drawn_with_a_sentence(costs, says, tmp_path, cat_data):
    path = variant(tmp_path, "w2a2_logistic_regression.py", (('"costs": costs,', f'"costs": {costs},'),), "w2a2.py")
    grading = grade_submission(reader.load(path), "w2a2", only=["model"], pictures=True, jobs=2)
    page = report.to_html(grading)
    assert parses(page) and says in sentences(page) and not all(r.outcome == "passed" for r in grading.results)
    images(page)  # whatever pictures there are decode, with alt text


def test_without_matplotlib_the_html_format_says_what_to_install(tmp_path):
    shim = tmp_path / "shim" / "matplotlib"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('No module named matplotlib')\n")
    done = subprocess.run([sys.executable, "-c", "from grader.cli import main; main()", str(SOLUTIONS /
                           "w2a1_numpy_basics.py"), "--format", "html"], capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path / "shim"), "PATH": "/usr/bin:/bin"}, cwd=ROOT)
    assert done.returncode == 2 and done.stdout == ""
    assert "matplotlib, which is not installed: pip install 'nndl-grader[html]'" in done.stderr

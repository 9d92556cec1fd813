"""Make the README's pictures of the HTML reports, as headless Chromium shows them:

- bench/screenshots/w3a1_report.png: a W3A1 submission with two bugs (tanh's derivative written 1 - A1
  in backward_propagation; update_parameters' default learning rate 0.3), `grade --format html`;
- bench/screenshots/class_report.png: report.html of `grade batch --html` on a small class made from the
  solutions (W2A1 and W4A1, correct and with a bug; a file that cannot be graded);
- bench/screenshots/notebook_check.png: what `check("backward_propagation")` shows in a real Jupyter kernel
  (nbclient) for the same W3A1 bug: the HTML output of the cell, in a page.

    .venv/bin/python bench/report_screenshot.py [--out-dir bench/screenshots] [--chromium PATH]

W3A1 uses the flower data set and the class W2A1/W4A1: no cat picture is in a screenshot. Needs the test
extra (Playwright, matplotlib) and Chromium (Debian's chromium package).
"""

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRADE = [sys.executable, "-c", "from grader.cli import main; main()"]
CLASS = {  # name: (solution, replacements)
    "alice.py": ("w2a1_numpy_basics.py", ()),
    "bob.py": ("w2a1_numpy_basics.py", (("    s = 1 / (1 + np.exp(-x))\n    # END SOLUTION\n    return s",
                                          "    s = 1 / (1 + np.exp(x))\n    # END SOLUTION\n    return s"),)),
    "carol.py": ("w4a1_deep_nn_step_by_step.py", ()),
    "erin.py": ("w4a1_deep_nn_step_by_step.py", (("db = np.sum(dZ, axis=1, keepdims=True) / m",
                                                  "db = np.sum(dZ, axis=1, keepdims=True)"),)),
}
BUGS = (("def update_parameters(parameters, grads, learning_rate=1.2):",
         "def update_parameters(parameters, grads, learning_rate=0.3):"),
        ("dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))", "dZ1 = np.dot(W2.T, dZ2) * (1 - A1)"))


def variant(solution, replacements):
    source = (ROOT / "solutions" / solution).read_text()
    for old, new in replacements:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    return source


def photograph(chromium, page, out, width, height=None):
    """The page at ``width`` pixels, its top ``height`` pixels (all of it by default), as a 256-colour PNG."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": width, "height": 800})
        tab.goto(page.as_uri())
        shot = tab.screenshot(full_page=True)
        browser.close()
    picture = Image.open(io.BytesIO(shot)).convert("RGB")
    if height is not None and picture.size[1] > height:
        picture = picture.crop((0, 0, picture.size[0], height))
    picture = picture.quantize(256)
    out.parent.mkdir(parents=True, exist_ok=True)
    picture.save(out, format="PNG", optimize=True)
    print(f"wrote {out}: {picture.size[0]} x {picture.size[1]} pixels, {out.stat().st_size:,} bytes")


def notebook_check(folder, source):
    """The HTML the cell ``check("backward_propagation", ...)`` displays in a real kernel, after a cell that
    defines the W3A1 functions (``source``)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source), nbformat.v4.new_code_cell("from grader import check"),
                      nbformat.v4.new_code_cell('check("backward_propagation", assignment="w3a1")')]
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    result = [o for o in notebook.cells[-1].outputs if o.output_type == "execute_result"]  # (not the progress bar)
    return result[0].data["text/html"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "screenshots")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--width", type=int, default=900)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        submission, page = folder / "w3a1_with_two_bugs.py", folder / "report.html"
        submission.write_text(variant("w3a1_planar_data.py", BUGS))
        done = subprocess.run([*GRADE, str(submission), "--format", "html", "-o", str(page)], cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode not in (0, 1):
            sys.exit(f"grading failed: {done.stderr}")
        photograph(options.chromium, page, options.out_dir / "w3a1_report.png", options.width)
        (folder / "class").mkdir()
        for name, (solution, replacements) in CLASS.items():
            (folder / "class" / name).write_text(variant(solution, replacements))
        (folder / "class" / "dave.py").write_text("def f(:\n")
        done = subprocess.run([*GRADE, "batch", str(folder / "class"), "--out", str(folder / "results"), "--html"],
                              cwd=ROOT, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            sys.exit(f"grading the class failed: {done.stderr}")
        photograph(options.chromium, folder / "results" / "report.html", options.out_dir / "class_report.png",
                   options.width, height=3000)  # the header and the first assignment
        from grader.render.html import page as html_page

        cell = folder / "check.html"
        cell.write_text(html_page('check("backward_propagation")', notebook_check(folder, variant("w3a1_planar_data.py",
                                                                                                  BUGS))))
        photograph(options.chromium, cell, options.out_dir / "notebook_check.png", options.width)


if __name__ == "__main__":
    main()

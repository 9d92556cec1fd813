"""Make bench/screenshots/w3a1_report.png, the README's picture of an HTML report: a W3A1 submission with two bugs
(tanh's derivative written 1 - A1 in backward_propagation; update_parameters' default learning rate 0.3),
graded with `grade --format html`, opened in headless Chromium, the page photographed.

    .venv/bin/python bench/report_screenshot.py [--out bench/screenshots/w3a1_report.png] [--chromium PATH]

W3A1 uses the flower data set: no cat picture is in the screenshot. Needs the test extra (Playwright,
matplotlib) and Chromium (Debian's chromium package).
"""

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUGS = (("def update_parameters(parameters, grads, learning_rate=1.2):",
         "def update_parameters(parameters, grads, learning_rate=0.3):"),
        ("dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))", "dZ1 = np.dot(W2.T, dZ2) * (1 - A1)"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "screenshots" / "w3a1_report.png")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--width", type=int, default=900)
    options = parser.parse_args()
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        source = (ROOT / "solutions" / "w3a1_planar_data.py").read_text()
        for old, new in BUGS:
            assert source.count(old) == 1, old
            source = source.replace(old, new)
        submission, page = Path(folder) / "w3a1_with_two_bugs.py", Path(folder) / "report.html"
        submission.write_text(source)
        done = subprocess.run([sys.executable, "-c", "from grader.cli import main; main()", str(submission), "--format", "html", "-o",
                               str(page)], cwd=ROOT, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            sys.exit(f"grading failed: {done.stderr}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=options.chromium, args=["--no-sandbox"])
            tab = browser.new_page(viewport={"width": options.width, "height": 800})
            tab.goto(page.as_uri())
            shot = tab.screenshot(full_page=True)
            browser.close()
    picture = Image.open(io.BytesIO(shot)).convert("RGB").quantize(256)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    picture.save(options.out, format="PNG", optimize=True)
    print(f"wrote {options.out}: {picture.size[0]} x {picture.size[1]} pixels, {options.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

"""What the pictures cost: each reference solution graded without and with pictures, side by side, then
its HTML page drawn; medians of N, the ratio, and the page's size.

    .venv/bin/python bench/html_reports.py [--assignments w2a2 w3a1 w4a2] [--repeats 3]

Gradings use the reference cache as `grade` does (warm after the first) and no results cache, so that
every check runs each time. Needs the html extra (matplotlib) and, for W2A2 and W4A2, the cat data.
"""

import argparse
import statistics
import time

from grader import course as courses
from grader.engine import grade
from grader.render.html import to_html

SOLUTIONS = {a: f"solutions/{m}.py" for a, m in (
    ("w2a1", "w2a1_numpy_basics"), ("w2a2", "w2a2_logistic_regression"), ("w3a1", "w3a1_planar_data"),
    ("w4a1", "w4a1_deep_nn_step_by_step"), ("w4a2", "w4a2_deep_nn_application"))}


def timed(function):
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", nargs="+", default=["w2a1", "w2a2", "w3a1", "w4a1"],
                        choices=courses.builtin().ids)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    print(f"{'assignment':<10} {'text (s)':>9} {'pictures (s)':>13} {'ratio':>6} {'draw (s)':>9} {'page':>9}"
          f" {'pictures':>9}")
    for assignment in options.assignments:
        path = courses.builtin().root / SOLUTIONS[assignment]
        grade(path, assignment, pictures=True)  # warm the reference cache (and its traces)
        plain, drawn, draw, size = [], [], [], 0
        for _ in range(options.repeats):  # side by side, alternating
            plain.append(timed(lambda: grade(path, assignment))[1])
            grading, seconds = timed(lambda: grade(path, assignment, pictures=True))
            drawn.append(seconds)
            page, seconds = timed(lambda: to_html(grading))
            draw.append(seconds)
            size = len(page.encode("utf-8"))
        text, with_pictures = statistics.median(plain), statistics.median(drawn)
        print(f"{assignment:<10} {text:>9.2f} {with_pictures:>13.2f} {with_pictures / text:>6.2f} "
              f"{statistics.median(draw):>9.2f} {size / 1024:>7.0f} KB {page.count('<img'):>9}")


if __name__ == "__main__":
    main()

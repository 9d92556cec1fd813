"""The whole audit of the built-in course (every mutant of every assignment), timed: what `grade audit`
prints, then the time per assignment. CI runs a sample of 40 (tests/test_audit.py); this is the full one.

    .venv/bin/python bench/audit_course.py [--jobs 2] [--json FILE]
"""

import argparse
import json
import os
import time

from grader.audit.run import audit, to_text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", help="also write the JSON report here")
    options = parser.parse_args()
    start = time.perf_counter()
    result = audit(jobs=options.jobs)
    print(to_text(result), end="")
    print(f"\nthe whole audit: {len(result.results)} mutants of {len(result.assignments)} assignments in "
          f"{time.perf_counter() - start:.0f} s with {options.jobs} jobs")
    if options.json:
        with open(options.json, "w") as f:
            json.dump(result.to_dict(), f, indent=2)


if __name__ == "__main__":
    main()

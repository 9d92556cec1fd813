"""The project's submission corpora graded with the full edition and with a learner edition, side by side.

``corpus_gradings()`` lists every grading the corpus tests make (``tests/test_corpus_*.py``: the same
variant file, assignment and functions). ``python tests/editions.py MANIFEST OUT [EDITION]`` grades them
in a process of its own: with the project's ``solutions/`` when no EDITION is given, else with the
learner edition's in EDITION (its stubs and recorded answers), and writes each grading's verdicts, as
``[check name, outcome, score, message]``, to OUT. The grader is the project's in both, as the learner
processes it starts import it from where it is installed.
"""

import json
import sys
import time
from itertools import groupby
from pathlib import Path

HERE = Path(__file__).resolve().parent


def corpus_gradings():
    """``[(id, solution file name, replacements, assignment id, only)]``: what the corpus tests grade."""
    import test_corpus_w2a1
    import test_corpus_w2a2
    import test_corpus_w3a1
    import test_corpus_w4a1
    import test_corpus_w4a2

    gradings = []
    for module, assignment_id in ((test_corpus_w2a1, "w2a1"), (test_corpus_w2a2, "w2a2"), (test_corpus_w4a1, "w4a1")):
        for entry in [*module.BUGS, *module.VARIANTS]:
            gradings.append((f"{assignment_id}/{entry.id}", module.SOLUTION, entry.replacements, assignment_id, None))
    w3a1 = test_corpus_w3a1
    for bug in w3a1.BUGS:
        only = None if bug.function == "nn_model" else w3a1.WITHOUT_MODEL
        gradings.append((f"w3a1/{bug.id}", w3a1.SOLUTION, bug.replacements, "w3a1", only))
    for variant in w3a1.VARIANTS:
        gradings.append((f"w3a1/{variant.id}", w3a1.SOLUTION, variant.replacements, "w3a1", w3a1.WITHOUT_MODEL))
    bugs, variants = {b.id: b for b in w3a1.BUGS}, {v.id: v for v in w3a1.VARIANTS}
    gradings.append(("w3a1/variants-together", w3a1.SOLUTION,
                     tuple(r for name in w3a1.TOGETHER for r in variants[name].replacements), "w3a1", None))
    gradings.append(("w3a1/bugs-in-every-helper", w3a1.SOLUTION,
                     tuple(r for name in w3a1.ALL_BUT_MODEL for r in bugs[name].replacements), "w3a1", None))
    for bug in test_corpus_w4a2.BUGS:
        gradings.append((f"w4a2/{bug.id}", test_corpus_w4a2.SOLUTION, bug.replacements, "w4a2", [bug.function]))
    for function, variant in test_corpus_w4a2.VARIANTS:
        gradings.append((f"w4a2/{variant.id}", test_corpus_w4a2.SOLUTION, variant.replacements, "w4a2", [function]))
    return gradings


def write_manifest(folder, gradings=None):
    """Write each corpus grading's file (all by default) into ``folder``; return the manifest's path."""
    from corpus import variant_source

    manifest = []
    for id, solution, replacements, assignment_id, only in corpus_gradings() if gradings is None else gradings:
        path = folder / (id.replace("/", "__") + ".py")
        path.write_text(variant_source(solution, replacements))
        manifest.append({"id": id, "path": str(path), "assignment": assignment_id, "only": only})
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return folder / "manifest.json"


def grade(manifest, out):
    from grader import engine
    from grader.load import reader

    entries = json.loads(Path(manifest).read_text())
    verdicts = {}
    key = lambda e: (e["assignment"], e["only"] or [])  # noqa: E731 - one pool per (assignment, functions)
    for (assignment_id, only), group in groupby(sorted(entries, key=key), key=key):
        group, started = list(group), time.perf_counter()
        gradings = engine.grade_many([(reader.load(e["path"]), assignment_id) for e in group], only=only or None,
                                     advice=False)
        for entry, grading in zip(group, gradings):
            verdicts[entry["id"]] = [[r.check.name, r.outcome, r.score, r.output] for r in grading.results]
        print(f"{time.perf_counter() - started:6.1f} s  {len(group)} of {assignment_id}, {only or 'every function'}",
              flush=True)
    Path(out).write_text(json.dumps(verdicts, indent=1, sort_keys=True))


if __name__ == "__main__":
    if len(sys.argv) > 3:
        sys.path.insert(0, sys.argv[3])
        import solutions  # the learner edition's stubs and answers, in place of the project's

        sys.path.pop(0)
        assert solutions.__file__.startswith(sys.argv[3]), solutions.__file__
    sys.path.insert(0, str(HERE))
    grade(sys.argv[1], sys.argv[2])

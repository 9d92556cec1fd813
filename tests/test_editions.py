"""The project's submission corpora graded with the full edition and with the learner edition.

Every corpus grading (``tests/editions.py``: the variant file, assignment and functions the corpus tests
grade) is graded by both editions, each in a process of its own, side by side. They must agree on every
check, but for the differences listed in ``DIFFERENCES`` (the README's "Differences" list says why), and a
difference is never a wrong verdict: the learner edition says "not run" where it cannot decide, or gives
the same outcome and points in other words.

CI grades every sixth grading (all of them: ``python bench/compare_editions.py``); the gradings of
``DIFFERENCES`` are always in. The full edition's side is the slower (W3A1's models with broken helpers
train through the reference's helpers, about 45 s); it uses the reference cache the corpus tests filled.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import editions

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "datasets" / "catvnoncat"

# {grading id: {check name: why}}: where the learner edition's result differs from the full edition's.
BEYOND_RECORDED = ("not run: the training goes past the helper calls recorded for it, and the learner's helpers that "
                   "would answer the others fail their own checks")
OWN_RAISED = ("the same error in other words: the caller passed wrong arguments to a helper, and the learner's own "
              "helper (it passed its checks) raised where the reference would have")
DRIFT = ("the same failure, without the known mistake's name: the training went past the recorded helper calls on the "
         "learner's own helpers, its last digits drifted, and the output is no longer within the mistake's tolerance")
DIFFERENCES = {
    "w3a1/bugs-in-every-helper": dict.fromkeys([
        "nn_model: course example (n_h = 5, 10000 iterations)", "nn_model: flower, n_h = 4, first 1000 iterations",
        "nn_model: flower, 10000 iterations, close to the reference",
        "nn_model: flower, 10000 iterations, accuracy at least 86 %"], BEYOND_RECORDED),
    "w3a1/model-ignores-num_iterations": {"nn_model: flower, n_h = 4, first 1000 iterations": DRIFT},
    "w4a1/L-backward-wrong-cache-index": dict.fromkeys([
        "L_model_backward: course example's sizes, 2 layers [4, 3, 1], caches as a tuple",
        "L_model_backward: 3 layers [5, 4, 3, 1], 8 examples",
        "L_model_backward: gradients match the numerical gradient of the cost (3 layers [4, 5, 3, 1], 7 examples)"],
        OWN_RAISED),
    "w4a1/L-forward-loop-off-by-one": dict.fromkeys([
        "L_model_forward: course example, 3 layers [5, 4, 3, 1], 4 examples",
        "L_model_forward: 4 layers [6, 5, 4, 3, 1], 7 examples"], OWN_RAISED),
}


def sample(gradings, every=6):
    return [g for i, g in enumerate(gradings) if i % every == 0 or g[0] in DIFFERENCES]


def graded(manifest, out, edition=None, cache=None):
    command = [sys.executable, str(HERE / "editions.py"), str(manifest), str(out)] + ([str(edition)] if edition else [])
    cache = {} if cache is None else {"NNDL_CACHE": str(cache)}  # None: the default, as the corpus tests use it
    return subprocess.Popen(command, env={**os.environ, **cache, "NNDL_DATA": str(DATA)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def compare(full, learner):
    """``(differences, wrong)``: ``{id: {check: (full, learner)}}`` of the results that differ, and those
    of them that are a wrong verdict (another outcome than the full edition's, and not "not run")."""
    differences, wrong = {}, []
    for id, results in full.items():
        for mine, theirs in zip(results, learner[id], strict=True):
            assert mine[0] == theirs[0]
            if mine != theirs:
                differences.setdefault(id, {})[mine[0]] = (mine, theirs)
                if theirs[1] != "not_run" and (theirs[1], theirs[2]) != (mine[1], mine[2]):
                    wrong.append((id, mine[0], mine[1], theirs[1]))
    return differences, wrong


@pytest.mark.slow
def test_the_corpora_get_the_same_verdicts_with_the_learner_edition_but_for_the_listed_differences(builtin_release,
                                                                                                     tmp_path):
    gradings = sample(editions.corpus_gradings())
    manifest = editions.write_manifest(tmp_path, gradings)
    runs = {"full": graded(manifest, tmp_path / "full.json"),  # the reference's outputs kept by the corpus tests
            "learner": graded(manifest, tmp_path / "learner.json", builtin_release.out, tmp_path / "cache")}
    for name, run in runs.items():
        output, _ = run.communicate(timeout=1200)
        assert run.returncode == 0, (name, output[-3000:])
    full, learner = (json.loads((tmp_path / f"{name}.json").read_text()) for name in ("full", "learner"))
    assert sorted(full) == sorted(learner) == sorted(g[0] for g in gradings)
    differences, wrong = compare(full, learner)
    assert wrong == []
    found = {id: sorted(checks) for id, checks in differences.items()}
    assert found == {id: sorted(checks) for id, checks in DIFFERENCES.items()}, json.dumps(differences, indent=1)

"""Which grader made a verdict: its version, and a digest of the code that grading runs.

The digest covers every module of the grader that runs while a submission is graded (recursively:
``grader/**/*.py`` but the command line, the renderers of reports, the authoring tools and
try-image), the course's helpers in ``nndl/`` and ``datasets/``, and numpy's version; the
assignment's own files (its checks module and its solution, the course folder's helpers) are
added by ``grader.engine.assignment_digest``. Two verdicts with the same digest were made by the same code.
"""

import functools
import hashlib

from grader import __version__
from grader.paths import PROJECT

VERSION = __version__
# Sub-packages that never run while a submission is graded: a change there keeps stored reports.
NOT_GRADING = ("cli", "render", "authoring", "tryimage", "assignments")


def grading_files():
    """The files of the grader and the built-in helpers that decide a verdict, in a fixed order."""
    grader = PROJECT / "grader"
    files = [p for p in sorted(grader.rglob("*.py"))
             if "__pycache__" not in p.parts and p.relative_to(grader).parts[0] not in NOT_GRADING]
    for folder in ("nndl", "datasets"):
        files += [p for p in sorted((PROJECT / folder).rglob("*.py")) if "__pycache__" not in p.parts]
    return files


def digest_of(root, files, salt=""):
    """sha256 of ``salt`` and the files' names (relative to ``root``) and bytes, as hex."""
    digest = hashlib.sha256(salt.encode())
    for path in files:
        digest.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_digest():
    """The digest of the grading code, read once per process (one batch keys all its reports alike)."""
    import numpy as np  # here: the command line's --help and --version import no numpy

    return digest_of(PROJECT, grading_files(), salt=f"{VERSION}\0numpy {np.__version__}")

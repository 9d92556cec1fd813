"""Where things are: the project's own folder and the grader's cache (the bottom layer: imports nothing of grader)."""

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent  # the built-in course: solutions/, exercises/, nndl/, datasets/


def cache_directory():
    """``$NNDL_CACHE``, else ``$XDG_CACHE_HOME/nndl-grader``, else ``~/.cache/nndl-grader``."""
    base = os.environ.get("NNDL_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                         "nndl-grader")
    return Path(base)

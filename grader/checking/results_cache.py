"""Results of checks kept on disk, so that a regrading runs only the checks whose inputs changed.

A result is stored under a key (``check_key``) that holds everything it can depend on: the
learner's code the check can reach (``grader.load.reach``), the check (its assignment's digest:
the grading code, the checks module, the solution, ``nndl/``, ``datasets/``, the course's helpers,
and the check's name), the course folder and version, ``--timeout-scale``, and this machine's
Python, NumPy, BLAS and installed packages (``environment``). Timeouts, crashes and checks not run
are never stored. A result whose output names a place in the submission (a traceback's cell and
line, "line 3") is reused only for the very same file (path and bytes), so that every place it
shows is one of the current file.

Entries are plain JSON in ``<cache>/results/``, written atomically; an entry that cannot be read
or does not fit is ignored (and run again). The oldest entries beyond ``MAX_ENTRIES`` are removed.

Who may reuse: learner code must not be able to write what a grading that counts reads back. The
learner's process is kept away from the grader's cache only when the sandbox hides it (root on
Linux, ``grade sandbox``: "hidden paths"); ``trusted()`` says whether it does here.
"""

import functools
import hashlib
import json
import os
import platform
import re
import stat
import sys
import sysconfig
import tempfile
from pathlib import Path

from grader.checking.model import Result
from grader.isolate import sandbox
from grader.paths import cache_directory

FORMAT = 1
MAX_ENTRIES = 5000  # about 2 KB each
REUSED = ("passed", "failed", "error", "not_implemented", "missing")  # never timeout, crashed, not_run
# A place in the submission: "line 12", "cell 7", "lines 3 and 5" (the file's name is looked for too).
PLACE = re.compile(r"\b(?:line|cell)s? \d")


@functools.lru_cache(maxsize=1)
def environment():
    """What of this machine a result depends on besides the code: Python, NumPy, BLAS, installed packages."""
    import numpy as np
    from threadpoolctl import threadpool_info

    blas = sorted((i.get("internal_api"), i.get("version"), i.get("architecture"), os.path.basename(i["filepath"]))
                  for i in threadpool_info() if "filepath" in i)
    packages = set()
    for folder in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        try:
            packages.update(os.listdir(folder))  # foo-1.2.dist-info: what is installed, at which version
        except OSError:
            pass
    text = json.dumps([sys.version, os.path.realpath(sys.executable), sys.prefix, platform.machine(), np.__version__, blas, sorted(packages)])
    return hashlib.sha256(text.encode()).hexdigest()


def check_key(*, code_key, assignment_digest, assignment_id, check_name, course_root, course_version,
              timeout_scale):
    """The key of one check's result: sha256 (hex) of every input named in the module docstring."""
    text = json.dumps(["result", FORMAT, code_key, assignment_digest, assignment_id, check_name, str(course_root),
                       course_version, repr(float(timeout_scale)), environment()])
    return hashlib.sha256(text.encode()).hexdigest()


def place_of(submission):
    """A digest of the submission's file, its path and bytes (its chunks when it cannot be read)."""
    digest = hashlib.sha256(f"{submission.path}\0".encode())
    try:
        digest.update(Path(submission.path).read_bytes())
    except OSError:
        digest.update(json.dumps(submission.chunks).encode())
    return digest.hexdigest()


def names_a_place(text, submission):
    """Whether ``text`` names a place in the submission (its file, a cell, a line)."""
    return Path(submission.path).name in text or bool(PLACE.search(text))


def trusted(directory=None):
    """Whether learner processes started here cannot write the cache in ``directory``: the sandbox
    hides it from them (root on Linux), and only its owner, this user, may write it."""
    directory = Path(directory) if directory else cache_directory() / "results"
    if not sandbox.can_confine():
        return False
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o755)
        workdir = tempfile.gettempdir()
        hidden = sandbox.plan(workdir, 0, 0)["hide"]
    except OSError:
        return False
    real = Path(os.path.realpath(directory))
    if not any(real == Path(h) or Path(h) in real.parents for h in hidden):
        return False
    for folder in (real, *real.parents):  # nobody else may replace it or what leads to it
        try:
            info = os.stat(folder)
        except OSError:
            return False
        others_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not info.st_mode & stat.S_ISVTX
        if info.st_uid not in (0, os.geteuid()) or others_write:
            return False
    return True


class ResultCache:
    """Stored results of checks.

    Parameters
    ----------
    directory : path, optional
        Where the entries are (``<cache>/results`` by default).
    reuse : bool
        Give stored results back (False: run everything; fresh results are still stored).
    """

    def __init__(self, directory=None, *, reuse=True):
        self.directory = Path(directory) if directory else cache_directory() / "results"
        self.reuse = reuse
        self.hits = self.misses = self.stored = 0
        self.reused = 0  # results given back to gradings (set by the engine)

    def _path(self, key):
        return self.directory / f"{key}.json"

    def _read(self, key):
        try:
            with open(self._path(key), encoding="utf-8") as f:
                entry = json.load(f)
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT:
            return None
        try:
            os.utime(self._path(key))  # recently used: pruned last
        except OSError:
            pass
        return entry

    def _write(self, key, entry):
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self.directory, prefix=".", suffix=".tmp", delete=False,
                                             encoding="utf-8") as f:
                json.dump(entry, f)
            os.replace(f.name, self._path(key))
            self.stored += 1
        except (OSError, TypeError, ValueError):
            try:
                os.unlink(f.name)
            except (OSError, NameError):
                pass

    # -- results -----------------------------------------------------------------------------
    def get(self, key, check, place, pictures=False):
        """The stored result of ``check`` under ``key``, or None. ``place``: ``place_of`` the submission,
        required to match for a result whose output names a place. ``pictures``: a result stored without
        its check's pictures (``Check.pictures``) does not do."""
        entry = self._read(key) if self.reuse else None
        try:
            if entry is None or entry["check"] != check.name or entry["outcome"] not in REUSED:
                raise ValueError
            if entry["place"] is not None and entry["place"] != place:
                raise ValueError
            output, mistake, seconds = entry["output"], entry["mistake"], entry["seconds"]
            if not isinstance(output, str) or not (mistake is None or isinstance(mistake, str)) \
                    or not isinstance(seconds, (int, float)):
                raise ValueError
            figures = entry.get("figures", [])
            if not isinstance(figures, list) or not all(isinstance(f, dict) for f in figures) \
                    or (pictures and check.pictures and not entry.get("pictures")):
                raise ValueError
        except (KeyError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return Result(check, entry["outcome"], output, float(seconds), mistake, tuple(figures))

    def put(self, key, result, submission, place, pictures=False):
        """Store ``result`` (not a timeout, a crash or a check not run)."""
        if result.outcome not in REUSED:
            return
        located = names_a_place(result.output, submission) or names_a_place(result.mistake or "", submission)
        self._write(key, {"format": FORMAT, "check": result.check.name, "outcome": result.outcome,
                          "output": result.output, "mistake": result.mistake, "seconds": round(result.seconds, 3),
                          "place": place if located else None, "figures": list(result.figures),
                          "pictures": pictures})
        self.prune()

    # -- the notes of loading the submission -----------------------------------------------------
    def get_notes(self, key, chunks):
        """The notes of loading stored under ``key``, with the current chunks' names, or None."""
        entry = self._read(key) if self.reuse else None
        try:
            notes = entry["notes"]
            if not all(isinstance(n, str) for n in notes):
                raise ValueError
        except (KeyError, TypeError, ValueError):
            return None
        names = {f"\0chunk {i}\0": filename for i, (filename, _) in enumerate(chunks)}
        for marker, filename in names.items():
            notes = [n.replace(marker, filename) for n in notes]
        return notes

    def put_notes(self, key, chunks, notes):
        """Store the notes of loading, each chunk's name replaced by its index (cells may be renumbered)."""
        by_length = sorted(enumerate(chunks), key=lambda item: -len(item[1][0]))  # "cell 12" before "cell 1"
        for i, (filename, _) in by_length:
            notes = [n.replace(filename, f"\0chunk {i}\0") for n in notes]
        self._write(key, {"format": FORMAT, "notes": list(notes)})

    def prune(self):
        """Remove the least recently used entries beyond ``MAX_ENTRIES`` (down to nine tenths of it)."""
        if self.stored % 100 != 1:  # look only now and then
            return
        try:
            entries = [(e.stat().st_mtime, e.path) for e in os.scandir(self.directory) if e.name.endswith(".json")]
        except OSError:
            return
        if len(entries) <= MAX_ENTRIES:
            return
        for _, path in sorted(entries)[:len(entries) - MAX_ENTRIES * 9 // 10]:
            try:
                os.unlink(path)
            except OSError:
                pass

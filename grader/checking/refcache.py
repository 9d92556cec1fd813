"""What the grader keeps on disk between gradings: the reference's outputs of expensive checks,
and how long each check took (to start the longest work first).

An output is keyed by everything it depends on: the solution file, the assignment's check file,
the check's name and the numpy version. Values are stored in the plain-data format of
``grader.isolate.protocol`` (never pickle) and written atomically, so a crash leaves no half entry.
For a check that replaces graded functions by the reference, the seconds its reference took and
the calls it made to those functions (``KEY.timing``): whether and within what time the check runs
with the learner's own helpers (``grader.checking.fastpath``).
"""

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from grader.isolate.protocol import ProtocolError, decode, encode
from grader.paths import PROJECT, cache_directory


def builtin_sources(assignment_id):
    """The built-in course's files an assignment's reference outputs depend on."""
    return [PROJECT / "grader" / "assignments" / f"{assignment_id}.py",
            *sorted((PROJECT / "solutions").glob(f"{assignment_id}_*.py"))]


class ReferenceCache:
    """``sources(assignment_id)``: the files its reference outputs depend on (a course's ``files``)."""

    def __init__(self, directory=None, sources=builtin_sources):
        self.directory = Path(directory) if directory else cache_directory()
        self.sources = sources
        self.hits = self.misses = 0
        self._sources = {}  # assignment id -> (the files' paths, sizes and times, the digest of their bytes)
        self._timings = {}  # timing file -> what it holds (written by this grader: a stale one only costs time)

    def key(self, assignment_id, detail):
        """A digest of what the reference's outputs depend on, plus ``detail`` (bytes)."""
        digest = hashlib.sha256(self._sources_digest(assignment_id))
        digest.update(f"\0{np.__version__}\0".encode())
        digest.update(detail)
        return digest.hexdigest()

    def _sources_digest(self, assignment_id):
        """The digest of the bytes of the assignment's sources, read again only when a file's size or
        modification time changes (a grading asks for it once per check)."""
        paths = self.sources(assignment_id)
        stamps = []
        for path in paths:
            try:
                status = path.stat()
                stamps.append((str(path), status.st_size, status.st_mtime_ns))
            except OSError:
                stamps.append((str(path), None, None))
        known = self._sources.get(assignment_id)
        if known is not None and known[0] == stamps:
            return known[1]
        digest = hashlib.sha256()
        for path in paths:
            digest.update(path.read_bytes())
        self._sources[assignment_id] = (stamps, digest.digest())
        return digest.digest()

    def get_or_compute(self, check, assignment_id, compute):
        """The reference's output of ``check`` (computed by ``compute`` on a miss)."""
        return self.get_or_compute_key(self.key(assignment_id, check.name.encode()), compute)

    def get_or_compute_key(self, key, compute):
        path = self.directory / f"{key}.bin"
        try:
            value = decode(path.read_bytes())
            self.hits += 1
            return value
        except (OSError, ProtocolError):
            pass
        self.misses += 1
        value = compute()
        try:
            self._write(path, encode(value))
        except (OSError, ProtocolError):
            pass  # a cache that cannot be written only costs time
        return decode(encode(value))  # the same plain data a cache hit would give

    def _write(self, path, data):
        self.directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.directory, delete=False) as f:
            f.write(data)
        os.replace(f.name, path)

    # -- how long the reference took ---------------------------------------------------------------
    def timing(self, check, assignment_id):
        """``{"seconds": s, "callbacks": n}`` kept by ``keep_timing`` for the reference's output of
        ``check``, or None (not kept)."""
        path = self.directory / f"{self.key(assignment_id, check.name.encode())}.timing"
        if path in self._timings:
            return dict(self._timings[path])
        try:
            with open(path) as f:
                data = json.load(f)
            seconds, callbacks = float(data["seconds"]), data["callbacks"]
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if not 0 <= seconds < float("inf") or not (callbacks is None or isinstance(callbacks, int)):
            return None
        self._timings[path] = {"seconds": seconds, "callbacks": callbacks}
        return dict(self._timings[path])

    def keep_timing(self, check, assignment_id, seconds, callbacks):
        """Keep the ``seconds`` the reference's output of ``check`` took to compute and the ``callbacks``
        it made to the functions the check replaces (None: not counted)."""
        path = self.directory / f"{self.key(assignment_id, check.name.encode())}.timing"
        self._timings.pop(path, None)
        try:
            self._write(path, json.dumps({"seconds": round(seconds, 6), "callbacks": callbacks}).encode())
        except OSError:
            pass  # a cache that cannot be written only costs time

    def keep(self, check, assignment_id, value):
        """Keep ``value`` as the reference's output of ``check`` (as ``get_or_compute`` does on a miss)."""
        try:
            self._write(self.directory / f"{self.key(assignment_id, check.name.encode())}.bin", encode(value))
        except (OSError, ProtocolError):
            pass

    # -- durations ---------------------------------------------------------------------------------
    def durations(self):
        """``{"assignment/check name": seconds}`` observed in earlier gradings (may be empty)."""
        try:
            with open(self.directory / "durations.json") as f:
                data = json.load(f)
            return {k: float(v) for k, v in data.items()} if isinstance(data, dict) else {}
        except (OSError, ValueError, TypeError):
            return {}

    def record_durations(self, observed):
        """Merge newly observed durations in (written atomically; a failure only costs time)."""
        data = self.durations()
        data.update(observed)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self.directory, delete=False) as f:
                json.dump(data, f, sort_keys=True)
            os.replace(f.name, self.directory / "durations.json")
        except OSError:
            pass

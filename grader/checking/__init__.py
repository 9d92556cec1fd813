"""Checks: the model (``model``), the kit an assignment declares its checks with (``kit``, ``fixtures``),
comparisons (``compare``), gradient checks (``gradcheck``), the reference cache (``refcache``)."""

from grader.checking.kit import validate_checks

__all__ = ["validate_checks"]

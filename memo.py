"""Memo caches on pure functions of text, registered so they can be emptied together.

Names, numerals and keys come back many times within a document (list parsing asks about the same
item again and again) and across a corpus. A benchmark calls :func:`clear` before each round, so
throughput is measured on text the process has not seen rather than flattered by its memory.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

__all__ = ["memo", "on_clear", "clear"]

F = TypeVar("F", bound=Callable)
_CLEARERS: list[Callable[[], None]] = []


def memo(fn: F) -> F:
    """An LRU cache (65,536 entries) on ``fn``, emptied by :func:`clear`."""
    cached = lru_cache(maxsize=65536)(fn)
    _CLEARERS.append(cached.cache_clear)
    return cached  # type: ignore[return-value]


def on_clear(clearer: Callable[[], None]) -> None:
    """Register another cache of content (a dict keyed by document) to empty with the rest."""
    _CLEARERS.append(clearer)


def clear() -> None:
    for clearer in _CLEARERS:
        clearer()

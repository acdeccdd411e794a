"""Fast scans of whole documents with a regex alternation.

Python's ``re`` tries every branch of an alternation at every position of the text. When the
branches are words (feature heads, class words, units), almost no position can start one, and a
lookahead over the characters the pattern holds rejects those positions in one test: the same
matches, four to ten times sooner on Chinese text.
"""

from __future__ import annotations

import re

__all__ = ["guarded"]

# Constructs that can match a character the pattern does not spell out.
_OPEN_ENDED = re.compile(r"(?<!\\)\.|\\[dDwWsSuUxNp]|\[\^|[^\\]-[^\]]")


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled behind a lookahead for the non-ASCII characters it contains.

    The set is a superset of the characters a match can start with, so the matches are those of
    the bare pattern. Patterns that can match characters they do not spell (``.``, ``\\d``, ranges,
    negated classes) or that may start with ASCII are refused, as the guard would lose matches.

    >>> [m.group(0) for m in guarded("湿地公园|(?<!创)新区").finditer("杭州湾新区与白塔湖湿地公园，创新区")]
    ['新区', '湿地公园']
    """
    chars = sorted({ch for ch in pattern if ord(ch) > 127})
    if not chars or _OPEN_ENDED.search(pattern) or re.search(r"[A-Za-z0-9]", re.sub(r"\(\?P<\w+>|\\.", "", pattern)):
        raise ValueError(f"cannot guard {pattern[:40]!r}: it may match characters it does not spell")
    return re.compile(f"(?=[{''.join(chars)}])(?:{pattern})", flags)

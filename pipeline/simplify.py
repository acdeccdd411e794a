"""A simplified-script view of a text with exactly the same length, so offsets hold.

Traditional-script documents keep their characters (quotes stay verbatim); rules match on this
view. Only one-character-to-one-character mappings from OpenCC's table are used: phrase-level
conversion could change the length.

>>> simplified_view("發展規劃綱要")
'发展规划纲要'
>>> len(simplified_view("臺灣")) == 2
True
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["simplified_view"]


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    path = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    mapping: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        src, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(src) == 1 and len(target) == 1 and src != target:
            mapping[ord(src)] = target
    return mapping


def simplified_view(text: str) -> str:
    out = text.translate(_table())
    assert len(out) == len(text)
    return out

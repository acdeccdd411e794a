"""Deterministic IRIs: from content (kind plus normalised key), never from counters or blank nodes.

Places by adcode, organisations by jurisdiction + normalised name, projects and indicators by
their normalised key, records (targets, tasks …) by document + a key that does not move when
unrelated text around them changes.

>>> place_iri("330681")
'https://w3id.org/plangraph/id/place/330681'
>>> indicator_iri("高速公路里程")
'https://w3id.org/plangraph/id/indicator/高速公路里程'
>>> section_iri("003", "二/（一）/1")
'https://w3id.org/plangraph/id/doc/003/section/二/（一）/1'
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import quote

__all__ = [
    "ID",
    "PG",
    "doc_iri",
    "section_iri",
    "record_iri",
    "place_iri",
    "org_iri",
    "project_iri",
    "indicator_iri",
    "mention_iri",
    "segment",
    "short_hash",
]

ID = "https://w3id.org/plangraph/id/"
PG = "https://w3id.org/plangraph/ontology#"

# Characters IRIs may not hold, or that would change an IRI's structure; CJK stays readable.
_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '<>"{}|\\^`#?%/ [];')


def _char(ch: str) -> str:
    code = ord(ch)
    # IRI ucschar ranges (RFC 3987) keep CJK and full-width punctuation readable.
    if ch in _SAFE or (0xA0 <= code <= 0xD7FF) or (0xF900 <= code <= 0xFDCF) or (0xFDF0 <= code <= 0xFFEF) or code >= 0x10000:
        return ch
    return quote(ch, safe="")


@lru_cache(maxsize=65536)
def segment(text: str) -> str:
    """One path segment: readable Chinese kept, reserved and unsafe characters percent-encoded.

    >>> segment("诸暨市 G60创新港/一期")
    '诸暨市%20G60创新港%2F一期'
    """
    return "".join(_char(ch) for ch in text.strip())


def short_hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def doc_iri(doc_id: str) -> str:
    return f"{ID}doc/{segment(doc_id)}"


def section_iri(doc_id: str, section_id: str) -> str:
    if section_id == "/":
        return doc_iri(doc_id)
    return f"{doc_iri(doc_id)}/section/" + "/".join(segment(p) for p in section_id.split("/"))


def record_iri(kind: str, doc_id: str, key: str) -> str:
    return f"{ID}{kind}/{segment(doc_id)}/{short_hash(key)}"


def place_iri(adcode_or_name: str) -> str:
    return f"{ID}place/{segment(adcode_or_name)}"


def org_iri(jurisdiction: str | None, key: str) -> str:
    return f"{ID}org/{segment(jurisdiction or 'any')}/{segment(key)}"


def project_iri(key: str) -> str:
    return f"{ID}project/{segment(key)}"


def indicator_iri(key: str) -> str:
    return f"{ID}indicator/{segment(key)}"


def mention_iri(entity_iri: str, doc_id: str, section_id: str) -> str:
    return f"{ID}mention/{segment(doc_id)}/{short_hash(entity_iri, section_id)}"

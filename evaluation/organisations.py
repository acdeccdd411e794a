"""Scores for organisations against ``tests/gold/organisations.jsonl``.

Organisations are scored as sets per document of (name as written, jurisdiction): a body written
市交通运输局 in the 诸暨 plan is right only with the jurisdiction 诸暨市.

* ``organisations``: (name, jurisdiction) pairs.
* ``organisations.name``: names only, jurisdiction ignored (how much the jurisdiction rule costs).
"""

from __future__ import annotations

from plangraph.evaluation import Score, scorer
from plangraph.pipeline.simplify import simplified_view

__all__ = ["score_organisations"]


def _name(s: str) -> str:
    return simplified_view(s).replace(" ", "").replace("\n", "")


def _count(rows: list[dict], predicted: dict[str, list], with_jurisdiction: bool) -> Score:
    gold: dict[str, set] = {}
    for r in rows:
        key = (_name(r["name"]), r.get("jurisdiction")) if with_jurisdiction else _name(r["name"])
        gold.setdefault(r["file"], set()).add(key)
    s = Score()
    for file, g in gold.items():
        p = set()
        for rec in predicted.get(file, []):
            if rec.kind == "organisation":
                p.add((_name(rec.name), rec.jurisdiction) if with_jurisdiction else _name(rec.name))
        s.tp += len(g & p)
        s.fp += len(p - g)
        s.fn += len(g - p)
    return s


@scorer("organisations")
def score_organisations(rows: list[dict], predicted: dict[str, list]) -> dict[str, Score]:
    return {
        "organisations": _count(rows, predicted, True),
        "organisations.name": _count(rows, predicted, False),
    }

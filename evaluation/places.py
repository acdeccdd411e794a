"""Scores for places against ``tests/gold/places.jsonl``.

Places are scored as sets per document, not per mention: a document's gold set is its distinct
``adcode`` (divisions) or ``canonical`` name (townships and features), and so is the predicted
set of its ``PlaceMention`` records.

* ``places``: every place.
* ``places.divisions``: divisions with an adcode only (the gazetteer side).
* ``places.features``: rivers, lakes, stations, airports, ports, platforms, parks and townships.
* ``places.type``: on places found in both sets, the place type agrees (tp) or not (fp and fn).
"""

from __future__ import annotations

from plangraph.evaluation import Score, scorer
from plangraph.pipeline.simplify import simplified_view

__all__ = ["score_places"]


def _key(adcode, canonical) -> str:
    return adcode or simplified_view(canonical or "").replace(" ", "")


def _sets(rows: list[dict], predicted: dict[str, list]):
    gold: dict[str, dict[str, str]] = {}
    for r in rows:
        gold.setdefault(r["file"], {})[_key(r.get("adcode"), r.get("canonical"))] = r.get("place_type")
    pred: dict[str, dict[str, str]] = {}
    for file in gold:
        pred[file] = {}
        for rec in predicted.get(file, []):
            if rec.kind == "place":
                pred[file].setdefault(_key(rec.adcode, rec.canonical), rec.place_type)
    return gold, pred


def _count(gold: dict[str, dict], pred: dict[str, dict], keep) -> Score:
    s = Score()
    for file, g in gold.items():
        gk = {k for k, t in g.items() if keep(k, t)}
        pk = {k for k, t in pred.get(file, {}).items() if keep(k, t)}
        s.tp += len(gk & pk)
        s.fp += len(pk - gk)
        s.fn += len(gk - pk)
    return s


@scorer("places")
def score_places(rows: list[dict], predicted: dict[str, list]) -> dict[str, Score]:
    gold, pred = _sets(rows, predicted)
    types = Score()
    for file, g in gold.items():
        for k, t in g.items():
            pt = pred.get(file, {}).get(k)
            if pt is None:
                continue
            if pt == t:
                types.tp += 1
            else:
                types.fp += 1
                types.fn += 1
    return {
        "places": _count(gold, pred, lambda k, t: True),
        "places.divisions": _count(gold, pred, lambda k, t: k.isdigit()),
        "places.features": _count(gold, pred, lambda k, t: not k.isdigit()),
        "places.type": types,
    }

"""Scores for targets and observations against ``tests/gold/targets.jsonl``.

A predicted target matches a gold one when the document, value, unit, comparator and year are the
same and the indicator labels name the same thing (equal indicator keys, or one key containing the
other — 产业规模 / 现代纺织产业规模). Observations match on document, value, unit and label. The
year, scope and baseline are then scored separately on the matched pairs:

* ``targets.year``: pairs matched on everything but the year; right year = tp, wrong = fp and fn.
* ``targets.scope`` and ``targets.baseline``: on matched targets; a right non-empty value is a tp,
  a wrong or extra one a fp, a missed or wrong gold one a fn.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from plangraph.evaluation import Score, match_counts, scorer
from plangraph.extractors.indicators import same_indicator
from plangraph.pipeline.simplify import simplified_view

__all__ = ["score_targets"]


def _dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _unit(unit) -> str:
    return simplified_view(unit or "").replace("个百分点", "百分点").replace(" ", "")


def _scope(scope) -> str | None:
    return simplified_view(scope).strip() if scope else None


def _core(g: dict, p, *, year: bool) -> bool:
    """Value, unit, label (and year when asked) agree."""
    if _dec(g.get("value")) != p.value:
        return False
    if _unit(g.get("unit")) != _unit(p.unit):
        return False
    if year:
        p_year = p.target_year if p.kind == "target" else p.year
        if g.get("year") != p_year:
            return False
    return same_indicator(g["indicator_label"], p.indicator_label)


def _same_target(g: dict, p) -> bool:
    return g.get("comparator") == p.comparator and _core(g, p, year=True)


def _same_target_but_year(g: dict, p) -> bool:
    return g.get("comparator") == p.comparator and _core(g, p, year=False)


def _same_observation(g: dict, p) -> bool:
    return _core(g, p, year=False)


def _pairs(gold: list[dict], predicted: list, same) -> list[tuple[dict, object]]:
    """The greedy one-to-one pairs :func:`match_counts` counts."""
    used: set[int] = set()
    out = []
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and same(g, p):
                used.add(i)
                out.append((g, p))
                break
    return out


def _field_score(pairs, gold_value, pred_value, *, count_empty: bool = False) -> Score:
    s = Score()
    for g, p in pairs:
        gv, pv = gold_value(g), pred_value(p)
        if gv == pv:
            if gv is not None or count_empty:
                s.tp += 1
            continue
        if pv is not None:
            s.fp += 1
        if gv is not None:
            s.fn += 1
    return s


@scorer("targets")
def score_targets(rows: list[dict], predicted: dict[str, list]) -> dict[str, Score]:
    totals = {
        name: Score()
        for name in ("targets", "observations", "targets.year", "targets.scope", "targets.baseline", "observations.year")
    }

    def add(name: str, s: Score) -> None:
        totals[name].tp += s.tp
        totals[name].fp += s.fp
        totals[name].fn += s.fn

    for file in sorted({r["file"] for r in rows}):
        records = predicted.get(file, [])
        gold_t = [r for r in rows if r["file"] == file and r.get("kind", "target") == "target"]
        gold_o = [r for r in rows if r["file"] == file and r.get("kind") == "observation"]
        pred_t = [r for r in records if getattr(r, "kind", None) == "target"]
        pred_o = [r for r in records if getattr(r, "kind", None) == "observation"]

        add("targets", match_counts(gold_t, pred_t, _same_target))
        add("observations", match_counts(gold_o, pred_o, _same_observation))

        year_pairs = _pairs(gold_t, pred_t, _same_target_but_year)
        add("targets.year", _field_score(year_pairs, lambda g: g.get("year"), lambda p: p.target_year, count_empty=True))

        pairs = _pairs(gold_t, pred_t, _same_target)
        add("targets.scope", _field_score(pairs, lambda g: _scope(g.get("scope")), lambda p: _scope(p.scope)))
        add(
            "targets.baseline",
            _field_score(
                pairs,
                lambda g: (_dec(g.get("baseline_value")), g.get("baseline_year"))
                if g.get("baseline_value") is not None
                else None,
                lambda p: (p.baseline_value, p.baseline_year) if p.baseline_value is not None else None,
            ),
        )
        obs_pairs = _pairs(gold_o, pred_o, _same_observation)
        add("observations.year", _field_score(obs_pairs, lambda g: g.get("year"), lambda p: p.year))
    return totals

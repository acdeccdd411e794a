"""Scores for projects against ``tests/gold/projects.jsonl``.

Gold holds one row per distinct project per file; a row with ``scope`` lists the section-id
prefixes the file's gold covers (projects read elsewhere in that file are not scored). Predicted
projects are first merged by key within a file — a table row and a mention of the same work in
the text are one project, the earlier record's attributes winning — then matched one-to-one:

* ``projects``: by name. A fair name match: the same normalised key (:func:`project_key`), then,
  for what is left, one name containing the other (both cleaned of spaces, quotes and brackets).
* ``projects.investment``, ``projects.period``, ``projects.builder``, ``projects.stage``: the
  attribute as a fact. On a matched pair a right value is a tp; a wrong one a fp and a fn; a
  missed one a fn. A value on an unmatched prediction is a fp, on an unmatched gold row a fn.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from plangraph.evaluation import Score, scorer
from plangraph.extractors.project_names import clean_name, project_key

__all__ = ["score_projects", "in_scope", "merge_by_key", "match_projects"]


def in_scope(section_id: str, scope: list[str] | None) -> bool:
    """Whether a section lies under one of the scope prefixes ('' covers everything)."""
    if scope is None:
        return True
    return any(p == "" or section_id == p or section_id.startswith(p + "/") for p in scope)


def _norm(name: str) -> str:
    return clean_name(name).replace("（", "").replace("）", "")


def merge_by_key(records: list) -> list[dict]:
    """One dict per key, in first-seen order, each attribute from the first record that has it."""
    merged: dict[str, dict] = {}
    for r in records:
        m = merged.setdefault(r.key, {"name": r.name, "key": r.key})
        for attr in ("stage", "investment", "investment_unit", "start_year", "end_year", "builder"):
            if m.get(attr) is None and getattr(r, attr) is not None:
                m[attr] = getattr(r, attr)
    return list(merged.values())


def match_projects(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: equal keys first, then name containment."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    gkeys = [project_key(g["name"]) for g in gold]
    gnorm = [_norm(g["name"]) for g in gold]
    pnorm = [_norm(p["name"]) for p in predicted]
    for same in (
        lambda i, j: gkeys[i] == predicted[j]["key"] or gnorm[i] == pnorm[j],
        lambda i, j: gnorm[i] in pnorm[j] or pnorm[j] in gnorm[i],
    ):
        for i in range(len(gold)):
            if i in used_g:
                continue
            for j in range(len(predicted)):
                if j not in used_p and same(i, j):
                    pairs.append((i, j))
                    used_g.add(i)
                    used_p.add(j)
                    break
    return pairs


def _dec(v) -> Decimal | None:
    if v is None or v == "":
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def _attr(row: dict, which: str):
    """The value scored for one attribute (None when the row gives none)."""
    if which == "investment":
        value = _dec(row.get("investment"))
        return None if value is None else (value, row.get("investment_unit"))
    if which == "period":
        s, e = row.get("start_year"), row.get("end_year")
        return None if s is None and e is None else (s, e)
    if which == "builder":
        b = row.get("builder")
        return clean_name(b) if b else None
    return row.get(which) or None


def _score_attr(which: str, gold: list[dict], pred: list[dict], pairs: list[tuple[int, int]], s: Score) -> None:
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    for i, j in pairs:
        g, p = _attr(gold[i], which), _attr(pred[j], which)
        if g is not None and g == p:
            s.tp += 1
            continue
        if p is not None:
            s.fp += 1
        if g is not None:
            s.fn += 1
    s.fp += sum(1 for j, p in enumerate(pred) if j not in matched_p and _attr(p, which) is not None)
    s.fn += sum(1 for i, g in enumerate(gold) if i not in matched_g and _attr(g, which) is not None)


@scorer("projects")
def score_projects(gold_rows: list[dict], predicted: dict[str, list]) -> dict[str, Score]:
    scopes = {r["file"]: r["scope"] for r in gold_rows if "scope" in r}
    gold_by_file: dict[str, list[dict]] = {}
    for r in gold_rows:
        if "name" in r:
            gold_by_file.setdefault(r["file"], []).append(r)
    names = ("projects", "projects.investment", "projects.period", "projects.builder", "projects.stage")
    out = {n: Score() for n in names}
    for file, records in predicted.items():
        found = [r for r in records if r.kind == "project" and in_scope(r.prov.section_id, scopes.get(file))]
        pred = merge_by_key(found)
        gold = gold_by_file.get(file, [])
        pairs = match_projects(gold, pred)
        s = out["projects"]
        s.tp += len(pairs)
        s.fp += len(pred) - len(pairs)
        s.fn += len(gold) - len(pairs)
        for which in ("investment", "period", "builder", "stage"):
            _score_attr(which, gold, pred, pairs, out[f"projects.{which}"])
    return out

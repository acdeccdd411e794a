"""Scores for tasks against ``tests/gold/tasks.jsonl``: task → unit pairs.

A gold row names a task by the start of its text (``task``; a task key is accepted too), a unit
and its role. A predicted pair is a (task, unit, role) of a predicted task; it matches a gold row
when the task's key equals the gold ``task`` or its description starts with it (whitespace
ignored), and the unit names are equal (simplified, no spaces). Rows with ``scope`` name files
(and section prefixes, '' for all) whose predicted pairs are scored even when the gold lists none.

* ``tasks.units``: unit and role must both be right.
* ``tasks.units.unit``: the unit alone (a wrong role is not counted against it).
"""

from __future__ import annotations

import re

from plangraph.evaluation import Score, match_counts, scorer
from plangraph.evaluation.projects import in_scope
from plangraph.pipeline.simplify import simplified_view

__all__ = ["score_tasks"]


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", simplified_view(s))


def _task_matches(g: dict, task) -> bool:
    ref = _norm(g["task"])
    return g["task"] == task.key or _norm(task.description).startswith(ref)


@scorer("tasks")
def score_tasks(gold_rows: list[dict], predicted: dict[str, list]) -> dict[str, Score]:
    scopes = {r["file"]: r["scope"] for r in gold_rows if "scope" in r}
    gold_by_file: dict[str, list[dict]] = {}
    for r in gold_rows:
        if "unit" in r:
            gold_by_file.setdefault(r["file"], []).append(r)
    out = {"tasks.units": Score(), "tasks.units.unit": Score()}
    for file, records in predicted.items():
        if file not in gold_by_file and file not in scopes:
            continue
        scope = scopes.get(file)
        pairs = [
            (t, u) for t in records if t.kind == "task" and in_scope(t.prov.section_id, scope) for u in t.units
        ]
        gold = gold_by_file.get(file, [])
        for name, with_role in (("tasks.units", True), ("tasks.units.unit", False)):
            s = match_counts(
                gold,
                pairs,
                lambda g, p, with_role=with_role: _task_matches(g, p[0])
                and _norm(g["unit"]) == _norm(p[1].name)
                and (not with_role or g["role"] == p[1].role),
            )
            out[name].tp += s.tp
            out[name].fp += s.fp
            out[name].fn += s.fn
    return out

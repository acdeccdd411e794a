"""Scores for cross-document links against ``tests/gold/links.jsonl``.

A gold row is one real-world entity that two or more documents name, with the surface forms each
document writes (see the header of the gold file for what counts). The scorer runs the pipeline
itself — :func:`~plangraph.pipeline.run.process_document` on every document a row names, then
:func:`~plangraph.pipeline.link.link` over all of them — because links need every document at once.

Scored by document pairs. A gold entity mentioned in documents ``d1 … dn`` yields the pairs
``(d1, d2), (d1, d3) …``; a predicted shared entity (``Linked.shared()``) yields the pairs of its
``mentioned_in``. A predicted pair *matches* a gold pair of the same two documents when, in each of
the two documents, one of the forms the predicted entity was read under equals one of the gold
forms (after :func:`form_key`: NFKC, simplified script, case and punctuation ignored). So the same
two documents are not enough: the linked mentions must be the gold entity's.

* tp: a gold pair some predicted pair matches (several predicted pairs for one gold pair — e.g. the
  same lab read as a project and as an organisation — count once);
* fn: a gold pair no predicted pair matches;
* fp: a predicted pair that matches no gold pair — only for kinds the gold covers (a kind without
  a gold row has not been judged, so its links are not counted).

Pairs involving an ``optional`` row or a document listed in a row's ``optional_in`` are judged
defensible but not required: matching them is neither a tp nor a fp, missing them no fn. The kind
does not have to agree for a match (a lab is both an organisation and a project); ``links.<kind>``
counts tp and fn under the gold row's kind and fp under the predicted entity's kind.

>>> form_key("柯桥港区向前作业区(曹娥江码头项目)") == form_key("柯桥港区向前作业区（曹娥江码头项目）")
True
>>> g = [GoldEntity("project", {"a": {form_key("杭诸市域铁路")}, "b": {form_key("杭诸城际铁路")}})]
>>> p = [PredictedEntity("project", "杭诸", {"a": {form_key("杭诸市域铁路")}, "b": {form_key("杭诸城际铁路")}}),
...      PredictedEntity("project", "S309", {"a": {form_key("S309鄞州至开化公路")}, "b": {form_key("S309上虞段")}})]
>>> scores, _ = score_pairs(g, p)
>>> (scores["links"].tp, scores["links"].fp, scores["links"].fn)
(1, 1, 0)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from pathlib import Path

from plangraph.evaluation import Score, _find_document, scorer
from plangraph.pipeline.simplify import simplified_view

__all__ = [
    "GoldEntity",
    "PredictedEntity",
    "PairOutcome",
    "form_key",
    "gold_entities",
    "predicted_entities",
    "score_pairs",
    "score_links",
    "run_links",
]

KINDS = ("project", "organisation", "place", "indicator")
_ROOTS = [Path("seeds"), Path("tests/composed")]
_PACKAGE_ROOT = Path(__file__).resolve().parents[1]
_NOT_WORD = re.compile(r"[\W_]+")


def form_key(form: str) -> str:
    """A surface form compared loosely: width, script, case, spaces, brackets, quotes and dashes."""
    return _NOT_WORD.sub("", simplified_view(unicodedata.normalize("NFKC", form)).casefold())


@dataclass
class GoldEntity:
    kind: str
    forms: dict[str, set[str]]  # doc id → form keys
    optional: bool = False
    optional_in: set[str] = field(default_factory=set)
    label: str = ""

    def pairs(self) -> list[tuple[str, str, bool]]:
        """(d1, d2, optional) for every pair of the documents that name it."""
        return [
            (a, b, self.optional or a in self.optional_in or b in self.optional_in)
            for a, b in combinations(sorted(self.forms), 2)
        ]


@dataclass
class PredictedEntity:
    kind: str
    label: str
    forms: dict[str, set[str]]  # doc id → form keys

    def pairs(self) -> list[tuple[str, str]]:
        return list(combinations(sorted(self.forms), 2))


@dataclass
class PairOutcome:
    """One scored pair, for reports: ``what`` is tp, fp or fn."""

    what: str
    kind: str
    label: str
    docs: tuple[str, str]


def _doc_id(file: str) -> str:
    return Path(file).stem


def _forms(value) -> set[str]:
    return {form_key(v) for v in ([value] if isinstance(value, str) else value)}


def gold_entities(rows: list[dict]) -> list[GoldEntity]:
    out = []
    for r in rows:
        if "mentions" not in r:
            continue
        if r["kind"] not in KINDS:
            raise ValueError(f"links gold: unknown kind {r['kind']!r} in {r}")
        forms = {_doc_id(f): _forms(v) for f, v in r["mentions"].items()}
        first = r["mentions"][next(iter(r["mentions"]))]
        out.append(
            GoldEntity(
                kind=r["kind"], forms=forms, optional=bool(r.get("optional")),
                optional_in={_doc_id(f) for f in r.get("optional_in", [])},
                label=first if isinstance(first, str) else first[0],
            )
        )
    return out


def predicted_entities(linked, results) -> list[PredictedEntity]:
    """Each shared entity with the forms it was read under in each document it is mentioned in."""
    forms: dict[str, dict[str, set[str]]] = {}
    for r in results:
        doc_id = r.doc.document.doc_id
        for rec in r.records:
            iri = linked.entity_iri(rec)
            if iri is None and rec.kind == "organisation":
                iri = linked.org_by_name.get((doc_id, rec.name))
            if iri is None:
                continue
            written = rec.indicator_label if rec.kind in ("target", "observation") else getattr(rec, "name", None)
            if written:
                forms.setdefault(iri, {}).setdefault(doc_id, set()).add(form_key(written))
    # Task units and project builders resolved to organisations by name.
    for (doc_id, name), iri in linked.org_by_name.items():
        forms.setdefault(iri, {}).setdefault(doc_id, set()).add(form_key(name))
    out = []
    for e in sorted(linked.shared(), key=lambda e: e.iri):
        by_doc = {d: forms.get(e.iri, {}).get(d) or {form_key(x) for x in e.alt_labels} for d in e.mentioned_in}
        out.append(PredictedEntity(kind=e.kind, label=e.label, forms=by_doc))
    return out


def score_pairs(gold: list[GoldEntity], predicted: list[PredictedEntity]) -> tuple[dict[str, Score], list[PairOutcome]]:
    """Pair scores overall (``links``) and per kind (``links.<kind>``), and every outcome."""
    judged = {g.kind for g in gold}
    gold_pairs = {}  # (gold index, d1, d2) → optional
    by_docs: dict[tuple[str, str], list[int]] = {}
    for gi, g in enumerate(gold):
        for a, b, optional in g.pairs():
            gold_pairs[(gi, a, b)] = optional
            by_docs.setdefault((a, b), []).append(gi)
    found: set[tuple[int, str, str]] = set()
    outcomes: list[PairOutcome] = []
    scores = {"links": Score(), **{f"links.{k}": Score() for k in KINDS}}
    for p in predicted:
        for a, b in p.pairs():
            hits = [
                (gi, a, b)
                for gi in by_docs.get((a, b), [])
                if p.forms[a] & gold[gi].forms[a] and p.forms[b] & gold[gi].forms[b]
            ]
            if hits:
                # Credit a required pair not found yet, if the predicted pair matches one.
                fresh = [h for h in hits if not gold_pairs[h] and h not in found]
                found.add((fresh or hits)[0])
            elif p.kind in judged:
                scores["links"].fp += 1
                scores.setdefault(f"links.{p.kind}", Score()).fp += 1
                outcomes.append(PairOutcome("fp", p.kind, p.label, (a, b)))
    for (gi, a, b), optional in sorted(gold_pairs.items()):
        if optional:
            continue
        what = "tp" if (gi, a, b) in found else "fn"
        for name in ("links", f"links.{gold[gi].kind}"):
            setattr(scores[name], what, getattr(scores[name], what) + 1)
        outcomes.append(PairOutcome(what, gold[gi].kind, gold[gi].label, (a, b)))
    return scores, outcomes


@cache
def _processed(path: str, mtime_ns: int):
    from plangraph.pipeline.run import process_document
    from plangraph.schema import DocumentFailure

    result = process_document(path)
    if isinstance(result, DocumentFailure):
        raise ValueError(f"links gold names {path}, which failed: {result.problem}")
    return result


def _document(file: str):
    roots = [*_ROOTS, *(_PACKAGE_ROOT / r for r in _ROOTS)]
    path = _find_document(file, roots).resolve()
    return _processed(str(path), path.stat().st_mtime_ns)


def run_links(rows: list[dict]) -> tuple[dict[str, Score], list[PairOutcome]]:
    """Process and link every document the gold names, then score; results are cached per file."""
    from plangraph.pipeline.link import link

    files = sorted({r["file"] for r in rows} | {f for r in rows for f in r.get("mentions", {})})
    results = [_document(f) for f in files]
    return score_pairs(gold_entities(rows), predicted_entities(link(results), results))


@scorer("links")
def score_links(gold_rows: list[dict], predicted: dict[str, list]) -> dict[str, Score]:
    # ``predicted`` holds records per file, but linking needs whole DocumentResults of every
    # document at once, so the scorer processes the documents itself (cached per file).
    scores, _ = run_links(gold_rows)
    return scores


def _report(gold_path: str = "tests/gold/links.jsonl") -> None:
    """``python -m plangraph.evaluation.links``: the scores, then every fp and fn pair."""
    from plangraph.evaluation import load_gold

    scores, outcomes = run_links(load_gold(Path(gold_path)))
    for name, s in scores.items():
        print(f"{name:<22} P={s.precision:.3f} R={s.recall:.3f} tp={s.tp} fp={s.fp} fn={s.fn}")
    for o in outcomes:
        if o.what != "tp":
            print(f"{o.what}  {o.kind:<12} {o.docs[0][:3]}–{o.docs[1][:3]}  {o.label}")


if __name__ == "__main__":
    import sys

    _report(*sys.argv[1:])

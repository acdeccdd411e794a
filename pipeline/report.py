"""``plangraph report``: the built store → one self-contained HTML page that works offline.

The page reads everything from the store through SPARQL (the union default graph) and shows, per
document, its counts and section outline; a sortable, filterable table of targets; a timeline of
targets by year; projects by category with their investment; responsible units ranked by tasks;
the cross-document entity graph as an interactive network; and indicator histories across
documents. Charts are inline SVG drawn here, so the page needs no script to be read; a small
vanilla script (``plangraph/data/report.js``, inlined with ``report.css``) adds sorting,
filtering, and dragging and highlighting in the network. Every text from the graph is escaped,
and the same store always gives the same bytes (no clock, no randomness).

The pieces are pure functions of small records, so they can be tested without a store:

>>> svg = timeline_svg([TargetRow(iri="t1", indicator="高速公路里程", value=Decimal("760"),
...     value_text="760公里以上", unit="公里", comparator="ge", year=2030, document="a.txt",
...     quote="到2030年，高速公路里程达到760公里以上")], {"a.txt": "#4e79a7"})
>>> svg.count('class="tl-dot"')
1
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from plangraph.errors import PlangraphInputError

__all__ = [
    "Bar",
    "DocInfo",
    "OutlineItem",
    "TargetRow",
    "Point",
    "ProjectRow",
    "UnitRow",
    "EntityNode",
    "ReportData",
    "read_report_data",
    "render_report",
    "write_report",
    "timeline_svg",
    "hbar_svg",
    "network_svg",
    "history_svg",
    "targets_table",
    "projects_table",
    "outline_html",
    "doc_colours",
    "fmt_num",
    "nice_ticks",
    "to_yi_yuan",
]

# ---------------------------------------------------------------------------------------------
# Records the page is drawn from
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutlineItem:
    path: str
    heading: str
    kind: str
    level: int
    targets: int = 0
    tasks: int = 0
    children: tuple[OutlineItem, ...] = ()


@dataclass(frozen=True)
class DocInfo:
    iri: str
    file: str
    title: str | None = None
    identifier: str | None = None
    issued: str | None = None
    publisher: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    outlook: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    outline: tuple[OutlineItem, ...] = ()
    number: int = 0  # 1, 2, 3 … in file order: how the page refers to documents with the same title

    @property
    def name(self) -> str:
        return self.title or Path(self.file).stem


@dataclass(frozen=True)
class TargetRow:
    iri: str
    indicator: str
    document: str  # source file
    quote: str
    value: Decimal | None = None
    value_text: str | None = None
    unit: str | None = None
    comparator: str | None = None
    year: int | None = None
    scope: str | None = None
    bindingness: str | None = None
    section: str | None = None
    indicator_iri: str | None = None


@dataclass(frozen=True)
class Point:
    """One figure of an indicator: a target, an observation, or a target's stated baseline."""

    indicator_iri: str
    kind: str  # target, observation, baseline
    year: int | None
    value: Decimal | None
    unit: str | None
    document: str
    label: str
    quote: str = ""
    comparator: str | None = None
    value_text: str | None = None


@dataclass(frozen=True)
class ProjectRow:
    iri: str
    label: str
    documents: tuple[str, ...]
    category: str | None = None
    stage: str | None = None
    investment: Decimal | None = None
    investment_unit: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    builder: str | None = None


@dataclass(frozen=True)
class UnitRow:
    iri: str
    label: str
    tasks: int
    leads: int = 0
    jurisdiction: str | None = None
    documents: int = 1


@dataclass(frozen=True)
class EntityNode:
    iri: str
    kind: str  # project, organisation, place, indicator
    label: str
    documents: tuple[str, ...]


@dataclass(frozen=True)
class ReportData:
    documents: tuple[DocInfo, ...]
    targets: tuple[TargetRow, ...] = ()
    points: tuple[Point, ...] = ()
    projects: tuple[ProjectRow, ...] = ()
    units: tuple[UnitRow, ...] = ()
    entities: tuple[EntityNode, ...] = ()
    indicator_labels: dict[str, str] = field(default_factory=dict)
    version: str = ""


# ---------------------------------------------------------------------------------------------
# Reading the store
# ---------------------------------------------------------------------------------------------

_PREFIXES = """PREFIX pg: <https://w3id.org/plangraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

_Q_DOCS = """SELECT ?doc ?file ?title ?identifier ?issued ?publisher ?start ?end ?outlook WHERE {
  ?doc a pg:PlanDocument ; pg:sourceFile ?file .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:identifier ?identifier }
  OPTIONAL { ?doc dcterms:issued ?issued }
  OPTIONAL { ?doc dcterms:publisher ?publisher }
  OPTIONAL { ?doc pg:periodStart ?start }
  OPTIONAL { ?doc pg:periodEnd ?end }
  OPTIONAL { ?doc pg:outlookYear ?outlook }
} ORDER BY ?file ?title"""

_Q_RECORD_COUNTS = """SELECT ?doc ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?class { pg:Section pg:Table pg:Target pg:Observation pg:Task }
  ?x a ?class ; pg:inDocument ?doc .
} GROUP BY ?doc ?class"""

_Q_ENTITY_COUNTS = """SELECT ?doc ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?class { pg:Project pg:Organization pg:Place pg:Indicator }
  ?x a ?class ; pg:mentionedIn ?doc .
} GROUP BY ?doc ?class"""

_Q_SECTIONS = """SELECT ?doc ?s ?parent ?path ?heading ?kind ?level ?start WHERE {
  ?s a pg:Section ; pg:inDocument ?doc ; dcterms:isPartOf ?parent .
  OPTIONAL { ?s pg:sectionPath ?path }
  OPTIONAL { ?s pg:heading ?heading }
  OPTIONAL { ?s pg:sectionKind ?kind }
  OPTIONAL { ?s pg:level ?level }
  OPTIONAL { ?s pg:startOffset ?start }
}"""

_Q_SECTION_RECORDS = """SELECT ?s ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?class { pg:Target pg:Task }
  ?x a ?class ; prov:wasDerivedFrom ?s .
} GROUP BY ?s ?class"""

_Q_TARGETS = """SELECT ?t ?indicator ?ind ?file ?quote ?value ?unit ?valueText ?asWritten ?comparator
       ?year ?scope ?binding ?baseline ?baselineYear ?heading ?start WHERE {
  ?t a pg:Target ; pg:indicatorLabel ?indicator ; pg:inDocument ?doc .
  ?doc pg:sourceFile ?file .
  OPTIONAL { ?t pg:quote ?quote }
  OPTIONAL { ?t pg:indicator ?ind }
  OPTIONAL { ?t pg:value ?value }
  OPTIONAL { ?t pg:unit ?unit }
  OPTIONAL { ?t pg:valueText ?valueText }
  OPTIONAL { ?t pg:valueAsWritten ?asWritten }
  OPTIONAL { ?t pg:comparator ?comparator }
  OPTIONAL { ?t pg:targetYear ?year }
  OPTIONAL { ?t pg:scopeLabel ?scope }
  OPTIONAL { ?t pg:bindingness ?binding }
  OPTIONAL { ?t pg:baselineValue ?baseline }
  OPTIONAL { ?t pg:baselineYear ?baselineYear }
  OPTIONAL { ?t prov:wasDerivedFrom/pg:heading ?heading }
  OPTIONAL { ?t pg:startOffset ?start }
}"""

_Q_OBSERVATIONS = """SELECT ?o ?indicator ?ind ?file ?quote ?value ?unit ?valueText ?year WHERE {
  ?o a pg:Observation ; pg:indicatorLabel ?indicator ; pg:indicator ?ind ; pg:inDocument ?doc .
  ?doc pg:sourceFile ?file .
  OPTIONAL { ?o pg:quote ?quote }
  OPTIONAL { ?o pg:value ?value }
  OPTIONAL { ?o pg:unit ?unit }
  OPTIONAL { ?o pg:valueText ?valueText }
  OPTIONAL { ?o pg:year ?year }
}"""

_Q_INDICATORS = """SELECT ?ind (MIN(?l) AS ?label) WHERE {
  ?ind a pg:Indicator . { ?ind skos:prefLabel ?l } UNION { ?ind rdfs:label ?l }
} GROUP BY ?ind"""

# Project attributes are stated per document graph; read them with their graph so that two
# documents giving different figures stay apart.
_Q_PROJECT_ATTRS = """SELECT ?p ?g ?prop ?val WHERE {
  ?p a pg:Project .
  GRAPH ?g {
    VALUES ?prop { pg:category pg:stage pg:investment pg:investmentUnit pg:startYear pg:endYear
                   pg:builderLabel }
    ?p ?prop ?val .
  }
}"""

_Q_ENTITIES = """SELECT DISTINCT ?e ?class ?label ?file WHERE {
  VALUES ?class { pg:Project pg:Organization pg:Place pg:Indicator }
  ?e a ?class ; pg:mentionedIn ?doc .
  ?doc pg:sourceFile ?file .
  OPTIONAL { ?e rdfs:label ?label }
}"""

_Q_UNITS = """SELECT ?org (MIN(?name) AS ?label) (MIN(?j) AS ?jurisdiction) (COUNT(DISTINCT ?task) AS ?tasks)
       (COUNT(DISTINCT ?led) AS ?leads) (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
  ?task a pg:Task ; pg:responsibleUnit ?org ; pg:inDocument ?doc .
  OPTIONAL { ?org rdfs:label ?name }
  OPTIONAL { ?org pg:jurisdiction/rdfs:label ?j }
  OPTIONAL { ?task pg:leadUnit ?org . BIND(?task AS ?led) }
} GROUP BY ?org"""

_KIND_OF_CLASS = {"Project": "project", "Organization": "organisation", "Place": "place", "Indicator": "indicator"}


def _open(store: Path) -> tuple[ox.Store, Path]:
    if (store / "store").is_dir() and not (store / "CURRENT").exists():
        store = store / "store"  # the build folder was given
    if not store.exists():
        raise PlangraphInputError(store, "no built store here; run `plangraph build seeds/` first")
    if not store.is_dir():
        raise PlangraphInputError(store, "not a store folder; run `plangraph build seeds/` first and pass its store/")
    if not (store / "CURRENT").exists():  # every Oxigraph (RocksDB) store has one
        raise PlangraphInputError(store, "this folder holds no store; run `plangraph build seeds/` first")
    try:
        return ox.Store.read_only(str(store)), store
    except OSError as e:
        msg = " ".join(str(e).split())
        raise PlangraphInputError(store, f"cannot open the store ({msg}); run `plangraph build seeds/` first") from None


def _rows(store: ox.Store, query: str) -> list[dict[str, str | None]]:
    results = store.query(_PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    out = []
    for sol in results:
        row: dict[str, str | None] = {}
        for n in names:
            term = sol[n]
            row[n] = None if term is None else term.value
        out.append(row)
    return out


def _int(v: str | None) -> int | None:
    if v is None:
        return None
    m = re.match(r"-?\d+", v)
    return int(m.group(0)) if m else None


def _dec(v: str | None) -> Decimal | None:
    if v is None:
        return None
    try:
        return Decimal(v)
    except InvalidOperation:
        return None


def _tail(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def read_report_data(store_path: str | Path) -> ReportData:
    """Everything the page shows, read from a built store with SPARQL, in a deterministic order."""
    store_path = Path(store_path)
    store, store_path = _open(store_path)

    doc_rows = _rows(store, _Q_DOCS)
    if not doc_rows:
        raise PlangraphInputError(store_path, "the store holds no documents; run `plangraph build seeds/` first")
    file_of: dict[str, str] = {}
    first: dict[str, dict] = {}
    for r in doc_rows:
        first.setdefault(r["doc"], r)
        file_of[r["doc"]] = r["file"]

    counts: dict[str, Counter] = defaultdict(Counter)
    for r in _rows(store, _Q_RECORD_COUNTS) + _rows(store, _Q_ENTITY_COUNTS):
        counts[r["doc"]][_tail(r["class"])] += int(r["n"] or 0)

    outlines = _outlines(_rows(store, _Q_SECTIONS), _rows(store, _Q_SECTION_RECORDS))

    docs = []
    for iri, r in sorted(first.items(), key=lambda kv: kv[1]["file"]):
        docs.append(DocInfo(
            iri=iri, file=r["file"], title=r["title"], identifier=r["identifier"], issued=r["issued"],
            publisher=r["publisher"], period_start=_int(r["start"]), period_end=_int(r["end"]),
            outlook=_int(r["outlook"]), counts=dict(counts[iri]), outline=outlines.get(iri, ()),
        ))

    indicator_labels = {r["ind"]: r["label"] for r in _rows(store, _Q_INDICATORS) if r["label"]}

    targets, points = [], []
    seen_targets: set[str] = set()
    for r in sorted(_rows(store, _Q_TARGETS), key=lambda r: (r["file"], _int(r["start"]) or 0, r["t"],
                                                              r["heading"] or "")):
        if r["t"] in seen_targets:  # a second heading or label would repeat the row
            continue
        seen_targets.add(r["t"])
        t = TargetRow(
            iri=r["t"], indicator=r["indicator"], document=r["file"], quote=r["quote"] or "",
            value=_dec(r["value"]), value_text=r["valueText"] or r["asWritten"], unit=r["unit"],
            comparator=r["comparator"], year=_int(r["year"]), scope=r["scope"], bindingness=r["binding"],
            section=r["heading"], indicator_iri=r["ind"],
        )
        targets.append(t)
        if t.indicator_iri:
            points.append(Point(t.indicator_iri, "target", t.year, t.value, t.unit, t.document, t.indicator,
                                t.quote, t.comparator, t.value_text))
            if r["baseline"] is not None and _int(r["baselineYear"]):
                points.append(Point(t.indicator_iri, "baseline", _int(r["baselineYear"]), _dec(r["baseline"]),
                                    t.unit, t.document, t.indicator, t.quote))
    for r in _rows(store, _Q_OBSERVATIONS):
        points.append(Point(r["ind"], "observation", _int(r["year"]), _dec(r["value"]), r["unit"], r["file"],
                            r["indicator"], r["quote"] or "", None, r["valueText"]))
    points = sorted(set(points), key=_point_key)

    entity_rows = _rows(store, _Q_ENTITIES)
    projects = _projects(_rows(store, _Q_PROJECT_ATTRS), entity_rows, file_of)

    entity_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    entity_label: dict[str, str] = {}
    for r in entity_rows:
        kind = _KIND_OF_CLASS[_tail(r["class"])]
        entity_docs[(r["e"], kind)].add(r["file"])
        label = r["label"] or _tail(r["e"])
        if r["e"] not in entity_label or label < entity_label[r["e"]]:
            entity_label[r["e"]] = label
    entities = tuple(sorted(
        (EntityNode(iri, kind, entity_label[iri], tuple(sorted(files))) for (iri, kind), files in entity_docs.items()),
        key=lambda e: (e.kind, e.label, e.iri),
    ))

    units = tuple(sorted(
        (UnitRow(iri=r["org"], label=r["label"] or _tail(r["org"]), tasks=int(r["tasks"] or 0),
                 leads=int(r["leads"] or 0), jurisdiction=r["jurisdiction"], documents=int(r["docs"] or 0))
         for r in _rows(store, _Q_UNITS)),
        key=lambda u: (-u.tasks, -u.leads, u.label, u.iri),
    ))

    return ReportData(
        documents=tuple(docs), targets=tuple(targets), points=tuple(points), projects=projects, units=units,
        entities=entities, indicator_labels=indicator_labels, version=_version(store_path),
    )


def _point_key(p: Point) -> tuple:
    return (p.indicator_iri, p.year or 0, p.document, p.kind, p.value or Decimal(0), p.unit or "", p.quote)


def _version(store_path: Path) -> str:
    manifest = store_path.parent / "build.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8")).get("version", ""))
    except (OSError, ValueError):
        from plangraph import __version__

        return __version__


def _outlines(sections: list[dict], record_counts: list[dict]) -> dict[str, tuple[OutlineItem, ...]]:
    per: dict[str, Counter] = defaultdict(Counter)
    for r in record_counts:
        per[r["s"]][_tail(r["class"])] += int(r["n"] or 0)
    by_iri = {r["s"]: r for r in sections}
    children: dict[str, list[str]] = defaultdict(list)
    for iri, r in by_iri.items():
        children[r["parent"]].append(iri)

    def order(iri: str) -> tuple:
        r = by_iri[iri]
        return (_int(r["start"]) or 0, _int(r["level"]) or 0, r["path"] or "", iri)

    def item(iri: str, depth: int) -> OutlineItem:
        r = by_iri[iri]
        kids = tuple(item(c, depth + 1) for c in sorted(children.get(iri, ()), key=order)) if depth < 12 else ()
        return OutlineItem(
            path=r["path"] or _tail(iri), heading=r["heading"] or "", kind=r["kind"] or "heading",
            level=_int(r["level"]) or 0, targets=per[iri]["Target"], tasks=per[iri]["Task"], children=kids,
        )

    out: dict[str, tuple[OutlineItem, ...]] = {}
    docs = {r["doc"] for r in sections}
    for doc in docs:
        roots = [iri for iri, r in by_iri.items() if r["doc"] == doc and r["parent"] not in by_iri]
        out[doc] = tuple(item(i, 0) for i in sorted(roots, key=order))
    return out


def _projects(attr_rows: list[dict], entity_rows: list[dict], file_of: dict[str, str]) -> tuple[ProjectRow, ...]:
    labels: dict[str, str] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    for r in entity_rows:
        if _tail(r["class"]) != "Project":
            continue
        label = r["label"] or _tail(r["e"])
        labels[r["e"]] = min(labels.get(r["e"], label), label)
        docs[r["e"]].add(r["file"])
    # Per project and property, the value stated by the first document (in file order) that
    # states it: deterministic. Amount and unit always come from the same document.
    per_graph: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for r in sorted(attr_rows, key=lambda r: (r["p"], r["g"], r["prop"], r["val"])):
        per_graph[r["p"]][r["g"]].setdefault(_tail(r["prop"]), r["val"])
    attrs: dict[str, dict[str, str]] = {}
    for iri, graphs in per_graph.items():
        a: dict[str, str] = {}
        for g in sorted(graphs, key=lambda g: (file_of.get(g, g), g)):
            stated = graphs[g]
            for k, v in stated.items():
                if k in ("investment", "investmentUnit"):
                    continue
                a.setdefault(k, v)
            if "investment" in stated and "investment" not in a:
                a["investment"] = stated["investment"]
                if "investmentUnit" in stated:
                    a["investmentUnit"] = stated["investmentUnit"]
        attrs[iri] = a
    out = []
    for iri in sorted(labels, key=lambda i: (labels[i], i)):
        a = attrs.get(iri, {})
        out.append(ProjectRow(
            iri=iri, label=labels[iri], documents=tuple(sorted(docs[iri])), category=a.get("category"),
            stage=a.get("stage"), investment=_dec(a.get("investment")), investment_unit=a.get("investmentUnit"),
            start_year=_int(a.get("startYear")), end_year=_int(a.get("endYear")), builder=a.get("builderLabel"),
        ))
    # Largest planned investment first, then the most widely mentioned, then by name.
    out.sort(key=lambda p: (-(to_yi_yuan(p.investment, p.investment_unit) or Decimal(-1)), -len(p.documents),
                            p.label, p.iri))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

_e = html.escape

# Tableau 10: distinct, colour-blind-aware and calm on white.
_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
            "#9c755f", "#bab0ac")

# Entity kinds in the network view: colour and the name shown to readers.
_KINDS = {
    "project": ("#d95f02", "Projects 项目"),
    "place": ("#1b9e77", "Places 地点"),
    "organisation": ("#7570b3", "Organisations 机构"),
    "indicator": ("#e7298a", "Indicators 指标"),
}

_COMPARATOR_SIGN = {"ge": "≥", "le": "≤", "approx": "≈", "eq": "=", "increase": "↑", "decrease": "↓"}
_COMPARATOR_WORDS = {"ge": "at least", "le": "at most", "approx": "about", "eq": "equal to", "increase": "increase",
                     "decrease": "decrease"}

# Investment units → factor to 亿元, so categories can be summed on one axis.
_TO_YI = {"亿元": Decimal(1), "万元": Decimal("0.0001"), "万亿元": Decimal(10000), "元": Decimal("0.00000001"),
          "千万元": Decimal("0.1"), "百万元": Decimal("0.01")}


def to_yi_yuan(value: Decimal | None, unit: str | None) -> Decimal | None:
    """An investment in 亿元, or None when the unit is not a 元 amount.

    >>> to_yi_yuan(Decimal("3500"), "万元")
    Decimal('0.3500')
    >>> to_yi_yuan(Decimal("2"), "亿美元") is None
    True
    """
    if value is None or unit not in _TO_YI:
        return None
    return value * _TO_YI[unit]


def fmt_num(d: Decimal | float | int | None, max_decimals: int = 2) -> str:
    """A number for reading: no trailing zeros, thousands separators, at most ``max_decimals``.

    >>> fmt_num(Decimal("760.0")), fmt_num(Decimal("1.250")), fmt_num(12345.678), fmt_num(None)
    ('760', '1.25', '12,345.68', '')
    """
    if d is None:
        return ""
    d = Decimal(str(d)) if not isinstance(d, Decimal) else d
    q = d.quantize(Decimal(1).scaleb(-max_decimals)) if d.as_tuple().exponent < -max_decimals else d
    text = f"{q:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def nice_ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    """Round tick values covering [lo, hi].

    >>> nice_ticks(0, 760)
    [0.0, 200.0, 400.0, 600.0, 800.0]
    >>> nice_ticks(3, 3)
    [2.0, 3.0, 4.0]
    """
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        return [lo - 1.0, float(lo), hi + 1.0]
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v < hi + step * 0.999:
        ticks.append(round(v, 10))
        v += step
    return [float(t) for t in ticks]


def doc_colours(files: Iterable[str]) -> dict[str, str]:
    """One colour per document, by file-name order (stable when the same set is built again)."""
    return {f: _PALETTE[i % len(_PALETTE)] for i, f in enumerate(sorted(set(files)))}


def _count(n: int, noun: str) -> str:
    """``1 project``, ``3 projects``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _short_doc(doc: DocInfo, n: int = 14) -> str:
    """The document's number and clipped title, e.g. ``2 绍兴市融杭发展…``."""
    return f"{doc.number} {_clip(doc.name, n)}" if doc.number else _clip(doc.name, n)


def _value_html(t: TargetRow) -> str:
    if t.value is None:
        return f'<span class="vtext">{_e(t.value_text or "")}</span>'
    sign = _COMPARATOR_SIGN.get(t.comparator or "", "") if t.comparator != "eq" else ""
    s = f'<span class="cmp">{_e(sign)}</span>' if sign else ""
    return f"{s}<b>{_e(fmt_num(t.value, 4))}</b>"


def _doc_chip(file: str, docs: dict[str, DocInfo], colours: dict[str, str], short: int = 10) -> str:
    """A document reference in its colour: number and short title, or the number only (short=0)."""
    d = docs.get(file)
    name = (str(d.number) if short == 0 and d.number else _short_doc(d, short)) if d else file
    title = f"{d.name} · {file}" if d else file
    return (f'<span class="chip" style="--c:{colours.get(file, "#888")}" title="{_e(title)}">'
            f"{_e(name)}</span>")


# ---------------------------------------------------------------------------------------------
# SVG pieces
# ---------------------------------------------------------------------------------------------


def timeline_svg(targets: Iterable[TargetRow], colours: dict[str, str], docs: Iterable[DocInfo] = (),
                 width: int = 1000) -> str:
    """Targets as dots stacked above the year they are for, one colour per document; under the
    axis, each document's plan period as a bar (its outlook year dashed)."""
    dated = sorted((t for t in targets if t.year), key=lambda t: (t.year, t.document, t.indicator, t.iri))
    docs = [d for d in docs if d.period_start or d.period_end or d.outlook]
    years_set = {t.year for t in dated}
    for d in docs:
        years_set |= {y for y in (d.period_start, d.period_end, d.outlook) if y}
    if not dated:
        return '<p class="empty">No target in the graph names a year.</p>'
    y0, y1 = min(years_set), max(years_set)
    years = list(range(y0, y1 + 1))
    left, right = 40, 20
    band = (width - left - right) / len(years)
    per_year: dict[int, list[TargetRow]] = defaultdict(list)
    for t in dated:
        per_year[t.year].append(t)
    busiest = max(len(v) for v in per_year.values())
    # The largest dot that keeps the busiest year's stack under ~200 px.
    for step in (13.0, 11.0, 9.5, 8.0, 7.0):
        cols = max(1, int((band - 4) // step))
        if math.ceil(busiest / cols) * step <= 200:
            break
    max_rows = math.ceil(busiest / cols)
    top = 28
    axis_y = top + max_rows * step + 10
    lane_h = 16
    height = int(axis_y + 34 + len(docs) * (lane_h + 6) + 6)
    r = step * 0.38
    out = [f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="Targets by year" xmlns="http://www.w3.org/2000/svg">']
    for i in range(len(years)):
        x = left + i * band
        if i % 2 == 0:
            out.append(f'<rect class="tl-band" x="{x:.1f}" y="{top - 20}" width="{band:.1f}" '
                       f'height="{axis_y - top + 20:.1f}"/>')
    out.append(f'<line class="axis" x1="{left}" y1="{axis_y:.1f}" x2="{width - right}" y2="{axis_y:.1f}"/>')
    label_every = max(1, math.ceil(34 / band))
    for i, y in enumerate(years):
        cx = left + (i + 0.5) * band
        if i % label_every == 0 or y in per_year:
            out.append(f'<text class="tick" x="{cx:.1f}" y="{axis_y + 16:.1f}" text-anchor="middle">{y}</text>')
        items = per_year.get(y, [])
        if items:
            n_rows = math.ceil(len(items) / cols)
            out.append(f'<text class="count" x="{cx:.1f}" y="{axis_y - n_rows * step - 6:.1f}" '
                       f'text-anchor="middle">{len(items)}</text>')
        used = min(cols, len(items))
        x_start = cx - (used - 1) * step / 2
        for k, t in enumerate(items):
            row, col = divmod(k, cols)
            dx = x_start + col * step
            dy = axis_y - 6 - row * step - r
            tip = f"{y} · {t.indicator} {_plain_value(t)} · {t.document}"
            out.append(
                f'<circle class="tl-dot" data-target="{_e(_row_id(t))}" data-year="{y}" cx="{dx:.1f}" '
                f'cy="{dy:.1f}" r="{r:.1f}" fill="{colours.get(t.document, "#888")}"><title>{_e(tip)}</title>'
                "</circle>"
            )
    # plan periods
    ly = axis_y + 30
    for d in docs:
        c = colours.get(d.file, "#888")
        s = d.period_start or d.period_end
        e = d.period_end or d.period_start
        if s and e:
            x1 = left + (s - y0) * band + 2
            x2 = left + (e - y0 + 1) * band - 2
            out.append(f'<rect class="lane" x="{x1:.1f}" y="{ly:.1f}" width="{max(x2 - x1, 4):.1f}" '
                       f'height="{lane_h}" rx="4" fill="{c}"><title>{_e(d.name)}: {s}–{e}</title></rect>')
            label_x = x1 + 6
            if d.outlook and d.outlook > e:
                xo = left + (d.outlook - y0 + 0.5) * band
                out.append(f'<line class="outlook" x1="{x2:.1f}" y1="{ly + lane_h / 2:.1f}" x2="{xo:.1f}" '
                           f'y2="{ly + lane_h / 2:.1f}" stroke="{c}"/>')
                out.append(f'<circle cx="{xo:.1f}" cy="{ly + lane_h / 2:.1f}" r="4" fill="#fff" stroke="{c}" '
                           f'stroke-width="2"><title>{_e(d.name)}: outlook {d.outlook}</title></circle>')
            out.append(f'<text class="lane-label" x="{label_x:.1f}" y="{ly + lane_h - 4:.1f}">'
                       f'{_e(_short_doc(d, max(3, int((x2 - x1 - 24) / 12))))}</text>')
        ly += lane_h + 6
    out.append("</svg>")
    return "".join(out)


def _plain_value(t: TargetRow) -> str:
    if t.value is None:
        return t.value_text or ""
    return f"{_COMPARATOR_SIGN.get(t.comparator or '', '')}{fmt_num(t.value, 4)}{t.unit or ''}"


def _row_id(t: TargetRow) -> str:
    """An HTML id for the target's table row, unique across documents (record IRIs end in a hash
    of the record's key, which two documents can share)."""
    return "t-" + hashlib.sha1(t.iri.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_label: str
    part: float = 0.0  # a darker leading part (e.g. tasks led)
    note: str = ""
    title: str = ""


def hbar_svg(bars: list[Bar], colour: str = "#4e79a7", width: int = 1000, label_w: int = 230,
             css_class: str = "bars") -> str:
    """Horizontal bars, largest first as given; labels clipped with the full text in a tooltip."""
    if not bars:
        return '<p class="empty">Nothing to chart.</p>'
    row_h, gap = 24, 6
    height = len(bars) * (row_h + gap) + 8
    vmax = max((b.value for b in bars), default=0) or 1
    plot_w = width - label_w - 300  # room on the right for the value and its note
    out = [f'<svg class="{css_class}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'xmlns="http://www.w3.org/2000/svg">']
    for i, b in enumerate(bars):
        y = 4 + i * (row_h + gap)
        w = plot_w * b.value / vmax if b.value > 0 else 0
        title = _e(b.title or f"{b.label}: {b.value_label}")
        out.append(f'<g class="bar"><title>{title}</title>')
        out.append(f'<text class="bar-label" x="{label_w - 8}" y="{y + row_h / 2 + 5:.1f}" text-anchor="end">'
                   f"{_e(_clip(b.label, 16))}</text>")
        out.append(f'<rect class="bar-track" x="{label_w}" y="{y}" width="{plot_w}" height="{row_h}" rx="4"/>')
        if w:
            out.append(f'<rect x="{label_w}" y="{y}" width="{max(w, 2):.1f}" height="{row_h}" rx="4" '
                       f'fill="{colour}" fill-opacity="0.55"/>')
        if b.part > 0:
            pw = plot_w * b.part / vmax
            out.append(f'<rect x="{label_w}" y="{y}" width="{max(pw, 2):.1f}" height="{row_h}" rx="4" '
                       f'fill="{colour}"/>')
        out.append(f'<text class="bar-value" x="{label_w + max(w, 0) + 8:.1f}" y="{y + row_h / 2 + 5:.1f}">'
                   f"{_e(b.value_label)}"
                   + (f'<tspan class="bar-note"> {_e(b.note)}</tspan>' if b.note else "") + "</text>")
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _layout(doc_files: list[str], ents: list[EntityNode], width: float, height: float) -> dict[str, tuple[float, float]]:
    """Documents on an ellipse; each entity starts at the centre of its documents (spread on a
    sunflower spiral within its group) and is relaxed: pulled to that centre, pushed off the others.
    Deterministic: no random numbers, a fixed number of steps, rounded coordinates."""
    import numpy as np

    cx, cy = width / 2, height / 2
    rx, ry = width * 0.40, height * 0.40
    pos: dict[str, tuple[float, float]] = {}
    n = len(doc_files)
    start = math.pi if n == 2 else -math.pi / 2  # two documents side by side, else from the top
    for i, f in enumerate(doc_files):
        a = start + 2 * math.pi * i / max(n, 1)
        pos["doc:" + f] = (cx + rx * math.cos(a), cy + ry * math.sin(a)) if n > 1 else (cx, cy)
    if not ents:
        return {k: (round(x, 1), round(y, 1)) for k, (x, y) in pos.items()}
    groups: dict[tuple[str, ...], list[EntityNode]] = defaultdict(list)
    for e in ents:
        groups[e.documents].append(e)
    anchors = []
    init = []
    order = []
    for docs_key in sorted(groups, key=lambda k: (len(k), k)):
        pts = [pos["doc:" + f] for f in docs_key if "doc:" + f in pos]
        ax = sum(p[0] for p in pts) / len(pts)
        ay = sum(p[1] for p in pts) / len(pts)
        if len(pts) == 1:  # an entity of one document sits just inside it
            ax, ay = cx + (ax - cx) * 0.72, cy + (ay - cy) * 0.72
        for k, e in enumerate(sorted(groups[docs_key], key=lambda e: (e.kind, e.label, e.iri))):
            r = 9.0 * math.sqrt(k + 0.5)
            a = k * 2.399963
            init.append((ax + r * math.cos(a), ay + r * math.sin(a)))
            anchors.append((ax, ay))
            order.append(e.iri)
    x = np.array([q[0] for q in init])
    y = np.array([q[1] for q in init])
    ax_ = np.array([q[0] for q in anchors])
    ay_ = np.array([q[1] for q in anchors])
    fx = np.array([q[0] for q in pos.values()])
    fy = np.array([q[1] for q in pos.values()])
    min_d2 = 17.0 ** 2
    reach2 = (3 * 17.0) ** 2
    doc_d2 = 45.0 ** 2
    for it in range(100):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        d2 = dx * dx + dy * dy + 1e-6
        np.fill_diagonal(d2, np.inf)
        w = np.where(d2 < reach2, min_d2 / d2, 0.0)  # push apart what is closer than 3 node widths
        px = (dx * w).sum(1)
        py = (dy * w).sum(1)
        gx = x[:, None] - fx[None, :]
        gy = y[:, None] - fy[None, :]
        g2 = gx * gx + gy * gy + 1e-6
        wg = np.where(g2 < doc_d2, 1600.0 / g2, 0.0)  # keep clear of the document circles
        sx = (px + (gx * wg).sum(1)) * 0.5 + (ax_ - x) * 0.06
        sy = (py + (gy * wg).sum(1)) * 0.5 + (ay_ - y) * 0.06
        lim = 6.0 * (1 - it / 125)
        norm = np.sqrt(sx * sx + sy * sy) + 1e-9
        scale = np.minimum(1.0, lim / norm)
        x = (x + sx * scale).clip(16, width - 16)
        y = (y + sy * scale).clip(16, height - 16)
    p = np.stack([x, y], axis=1)
    for iri, (x, y) in zip(order, p.tolist(), strict=True):
        pos[iri] = (x, y)
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in pos.items()}


def _ring_order(files: list[str], ents: list[EntityNode]) -> list[str]:
    """Documents around the ring so that those sharing most sit next to each other (their shared
    entities then gather near the rim instead of crossing the middle). Exhaustive up to 8 documents,
    first order found wins ties: deterministic."""
    from itertools import permutations

    files = sorted(files)
    n = len(files)
    if n <= 3 or n > 8:
        return files
    weight: Counter = Counter()
    for e in ents:
        fs = sorted(set(e.documents) & set(files))
        for i, a in enumerate(fs):
            for b in fs[i + 1:]:
                weight[(a, b)] += 1
    chord = [math.sin(math.pi * k / n) for k in range(n)]  # distance of documents k places apart

    def cost(order: tuple[str, ...]) -> float:
        at = {f: i for i, f in enumerate(order)}
        return sum(w * chord[min(abs(at[a] - at[b]), n - abs(at[a] - at[b]))] for (a, b), w in weight.items())

    best, best_cost = tuple(files), cost(tuple(files))
    for rest in permutations(files[1:]):
        order = (files[0], *rest)
        c = cost(order)
        if c < best_cost - 1e-9:
            best, best_cost = order, c
    return list(best)


def network_svg(docs: list[DocInfo], entities: Iterable[EntityNode], colours: dict[str, str],
                width: int = 1000, height: int = 640, max_nodes: int = 260) -> tuple[str, int]:
    """The cross-document graph: documents as large labelled nodes, the entities two or more of
    them mention as small nodes (colour = kind) with an edge to each document.

    Returns the SVG and how many shared entities were left out to keep the view legible.
    """
    kind_rank = {k: i for i, k in enumerate(_KINDS)}
    known = {d.file for d in docs}
    shared = [e for e in entities if len(set(e.documents) & known) >= 2]
    shared.sort(key=lambda e: (-len(e.documents), kind_rank.get(e.kind, 9), e.label, e.iri))
    left_out = max(0, len(shared) - max_nodes)
    shown = shared[:max_nodes]
    files = _ring_order([d.file for d in docs], shown)
    if len(shown) <= 30:  # a small graph needs less room
        height = min(height, 380 if len(shown) <= 12 else 460)
    pos = _layout(files, shown, width, height)
    # Labels: all of them in a small graph, else the dozen most widely shared (hover shows the rest).
    labelled = {e.iri for e in shown} if len(shown) <= 40 else {e.iri for e in shown[:12]}
    out = [f'<svg id="net" class="network" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="Entities shared between documents" xmlns="http://www.w3.org/2000/svg">',
           '<g class="edges">']
    for e in shown:
        x1, y1 = pos[e.iri]
        for f in e.documents:
            if "doc:" + f not in pos:
                continue
            x2, y2 = pos["doc:" + f]
            out.append(f'<line class="edge" data-a="{_e(e.iri)}" data-b="doc:{_e(f)}" data-kind="{e.kind}" '
                       f'x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colours.get(f, "#999")}"/>')
    out.append('</g><g class="nodes">')
    for e in shown:
        x, y = pos[e.iri]
        colour = _KINDS.get(e.kind, ("#666", ""))[0]
        rad = 4.5 + 1.5 * (len(e.documents) - 2)
        label_cls = "lbl always" if e.iri in labelled else "lbl"
        doc_names = " · ".join(e.documents)
        out.append(
            f'<g class="node ent" data-id="{_e(e.iri)}" data-kind="{e.kind}" data-label="{_e(e.label)}" '
            f'data-docs="{_e(doc_names)}" transform="translate({x},{y})">'
            f'<circle r="{rad:.1f}" fill="{colour}"/>'
            f'<text class="{label_cls}" x="{rad + 3:.1f}" y="4">{_e(_clip(e.label, 18))}</text>'
            f"<title>{_e(e.label)} ({e.kind}) — {len(e.documents)} documents: {_e(doc_names)}</title></g>"
        )
    for d in docs:
        x, y = pos["doc:" + d.file]
        c = colours.get(d.file, "#888")
        label = _short_doc(d, 16)
        n_shared = sum(1 for e in shown if d.file in e.documents)
        # Labels below the lower documents and above the upper ones, kept inside the view.
        anchor, tx = "middle", 0
        if x < width * 0.2:
            anchor, tx = "start", -22
        elif x > width * 0.8:
            anchor, tx = "end", 22
        ty = 38 if y >= height / 2 - 1 else -30
        out.append(
            f'<g class="node doc" data-id="doc:{_e(d.file)}" data-kind="document" data-label="{_e(d.name)}" '
            f'data-docs="{_e(d.file)}" transform="translate({x},{y})">'
            f'<circle r="22" fill="{c}"/>'
            f'<text class="doc-count" y="5" text-anchor="middle">{d.number or n_shared}</text>'
            f'<text class="doc-label" x="{tx}" y="{ty}" text-anchor="{anchor}">{_e(label)}</text>'
            f"<title>{_e(d.name)} ({_e(d.file)}): {n_shared} shared entities shown</title></g>"
        )
    out.append("</g></svg>")
    return "".join(out), left_out


def history_svg(label: str, points: list[Point], colours: dict[str, str], width: int = 340,
                height: int = 190) -> str:
    """One indicator over the years: reached values as filled dots, targets as rings, one colour
    and one line per document; only the most common unit is plotted."""
    numeric = [p for p in points if p.value is not None and p.year]
    units = Counter(p.unit or "" for p in numeric)
    unit = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if units else ""
    plotted = [p for p in numeric if (p.unit or "") == unit]
    left, right, top, bottom = 46, 14, 24, 28
    out = [f'<svg class="history" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="{_e(label)}" xmlns="http://www.w3.org/2000/svg">']
    if not plotted:
        out.append(f'<text class="empty-note" x="{width / 2}" y="{height / 2}" text-anchor="middle">'
                   "no dated numeric figure</text></svg>")
        return "".join(out)
    years = [p.year for p in plotted]
    x0, x1 = min(years) - 0.5, max(years) + 0.5
    if x1 - x0 < 3:
        x0, x1 = x0 - 1, x1 + 1
    vals = [float(p.value) for p in plotted]
    lo, hi = min(vals), max(vals)
    if lo >= 0 and (hi == 0 or lo / hi < 0.6):
        lo = 0.0
    need = 0.25 * max(abs(lo), abs(hi))  # a change of 1.61 → 1.6 should look as small as it is
    if hi - lo < need:
        mid = (hi + lo) / 2
        lo, hi = (max(mid - need / 2, 0.0) if lo >= 0 else mid - need / 2), mid + need / 2
        if unit == "%" and hi > 100 >= max(vals):  # a share: keep the axis at or under 100%
            lo, hi = lo - (hi - 100), 100.0
    ticks = nice_ticks(lo, hi, 3)
    v0, v1 = ticks[0], ticks[-1]
    pw, ph = width - left - right, height - top - bottom

    def sx(y: float) -> float:
        return left + (y - x0) / (x1 - x0) * pw

    def sy(v: float) -> float:
        return top + ph - (v - v0) / ((v1 - v0) or 1) * ph

    for t in ticks:
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{sy(t):.1f}" y2="{sy(t):.1f}"/>'
                   f'<text class="tick" x="{left - 6}" y="{sy(t) + 4:.1f}" text-anchor="end">'
                   f"{_e(fmt_num(t, 4))}</text>")
    span = int(x1 - x0)
    every = max(1, math.ceil(span / 6))
    for y in range(math.ceil(x0), math.floor(x1) + 1):
        if (y - math.ceil(x0)) % every == 0:
            out.append(f'<text class="tick" x="{sx(y):.1f}" y="{height - 8}" text-anchor="middle">{y}</text>')
    # Documents giving the same figure for the same year (a plan and its re-published copy) stand
    # side by side instead of hiding each other.
    spot: dict[tuple, list[str]] = defaultdict(list)
    for p in sorted(plotted, key=lambda p: p.document):
        key = (p.year, p.value, p.kind == "target")
        if p.document not in spot[key]:
            spot[key].append(p.document)

    def px(p: Point) -> float:
        docs_here = spot[(p.year, p.value, p.kind == "target")]
        k = docs_here.index(p.document)
        return sx(p.year) + (k - (len(docs_here) - 1) / 2) * 8

    by_doc: dict[str, list[Point]] = defaultdict(list)
    for p in plotted:
        by_doc[p.document].append(p)
    for doc in sorted(by_doc):
        pts = sorted(by_doc[doc], key=lambda p: (p.year, p.kind == "target", p.value))
        c = colours.get(doc, "#888")
        if len(pts) > 1:
            path = " ".join(f"{'M' if i == 0 else 'L'}{px(p):.1f},{sy(float(p.value)):.1f}"
                            for i, p in enumerate(pts))
            out.append(f'<path class="hline" d="{path}" stroke="{c}"/>')
    show_values = len(spot) <= 8
    labelled: set[tuple] = set()
    label_ys: list[tuple[int, float]] = []
    for p in sorted(plotted, key=lambda p: (p.year, -p.value, p.document, p.kind)):
        c = colours.get(p.document, "#888")
        x, y = px(p), sy(float(p.value))
        sign = _COMPARATOR_SIGN.get(p.comparator or "", "") if p.kind == "target" else ""
        what = {"target": "target", "observation": "reached", "baseline": "baseline"}[p.kind]
        tip = f"{p.year} {what}: {sign}{fmt_num(p.value, 4)}{p.unit or ''} — {p.document}\n{p.quote}"
        if p.kind == "target":
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#fff" stroke="{c}" stroke-width="2.2"/>'
        else:
            shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{c}"/>'
        out.append(f'<g class="hpt" data-kind="{p.kind}">{shape}<title>{_e(tip)}</title></g>')
        key = (p.year, p.value, p.kind == "target")
        if show_values and key not in labelled:
            labelled.add(key)
            shown_sign = "" if sign == "=" else sign
            ly = y - 9
            covers_point = any(q.year == p.year and q.value != p.value and abs(sy(float(q.value)) - (ly - 4)) < 9
                               for q in plotted)
            if covers_point or any(yr == p.year and abs(ly - other) < 12 for yr, other in label_ys):
                ly = y + 17  # a close figure of the same year is in the way above: go below
            label_ys.append((p.year, ly))
            out.append(f'<text class="hval" x="{sx(p.year):.1f}" y="{ly:.1f}" text-anchor="middle">'
                       f"{_e(shown_sign + fmt_num(p.value, 2))}</text>")
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# HTML pieces
# ---------------------------------------------------------------------------------------------


def outline_html(items: Iterable[OutlineItem], depth: int = 0) -> str:
    """Nested lists of headings with how many targets and tasks each section holds."""
    items = list(items)
    if not items:
        return ""
    out = ['<ol class="outline">' if depth == 0 else "<ol>"]
    for it in items:
        badges = ""
        if it.targets:
            badges += f'<span class="badge t" title="targets">{it.targets} 目标</span>'
        if it.tasks:
            badges += f'<span class="badge k" title="tasks">{it.tasks} 任务</span>'
        marker = it.path.rsplit("/", 1)[-1]
        kind = f" kind-{_e(it.kind)}" if it.kind in ("table", "box", "annex") else ""
        out.append(f'<li class="lv{min(depth, 4)}{kind}"><span class="mk">{_e(marker)}</span> '
                   f'<span class="hd">{_e(it.heading or "—")}</span>{badges}')
        out.append(outline_html(it.children, depth + 1))
        out.append("</li>")
    out.append("</ol>")
    return "".join(out)


def targets_table(targets: Iterable[TargetRow], docs: dict[str, DocInfo], colours: dict[str, str]) -> str:
    """The sortable, filterable table of targets (sorting and filtering are done by report.js)."""
    rows = list(targets)
    head = [("Indicator 指标", "text"), ("Value 目标值", "num"), ("Unit 单位", "text"), ("Comparator", "text"),
            ("Year 年份", "num"), ("Scope 范围", "text"), ("Document 文件", "text"), ("Quote 原文", "text")]
    out = ['<table id="targets-table" class="data sortable"><thead><tr>']
    for name, typ in head:
        out.append(f'<th data-type="{typ}" scope="col">{_e(name)}</th>')
    out.append("</tr></thead><tbody>")
    for i, t in enumerate(rows):
        value_sort = fmt_num(t.value, 6).replace(",", "") if t.value is not None else ""
        cmp_cell = (f"{_COMPARATOR_SIGN.get(t.comparator, '')} {_COMPARATOR_WORDS.get(t.comparator, t.comparator)}"
                    if t.comparator else "")
        binding = f'<span class="tag">{_e(t.bindingness)}</span>' if t.bindingness else ""
        section = f'<div class="sec">{_e(t.section)}</div>' if t.section else ""
        out.append(
            f'<tr id="{_e(_row_id(t))}" data-i="{i}" data-doc="{_e(t.document)}" data-year="{t.year or ""}">'
            f'<td class="ind">{_e(t.indicator)}{binding}</td>'
            f'<td class="num" data-sort="{_e(value_sort)}">{_value_html(t)}</td>'
            f'<td class="nw">{_e(t.unit or "")}</td>'
            f'<td class="nw" data-sort="{_e(t.comparator or "")}">{_e(cmp_cell)}</td>'
            f'<td class="num" data-sort="{t.year or ""}">{t.year or ""}</td>'
            f'<td class="nw">{_e(t.scope or "")}</td>'
            f'<td data-sort="{_e(t.document)}">{_doc_chip(t.document, docs, colours)}</td>'
            f'<td class="quote">{_e(t.quote)}{section}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _filter_bar(table_id: str, docs: list[DocInfo], years: list[int], noun: str, total: int) -> str:
    out = [f'<div class="filters" data-table="{table_id}">',
           f'<input type="search" class="f-text" placeholder="Filter {noun}… 筛选" aria-label="Filter {noun}">']
    out.append('<select class="f-select" data-key="doc" aria-label="Document"><option value="">All documents</option>')
    for d in docs:
        out.append(f'<option value="{_e(d.file)}">{_e(_short_doc(d, 24))}</option>')
    out.append("</select>")
    if years:
        out.append('<select class="f-select" data-key="year" aria-label="Year"><option value="">All years</option>')
        for y in years:
            out.append(f'<option value="{y}">{y}</option>')
        out.append("</select>")
    out.append(f'<span class="f-count" aria-live="polite">{total} {noun}</span></div>')
    return "".join(out)


def projects_table(projects: Iterable[ProjectRow], docs: dict[str, DocInfo], colours: dict[str, str]) -> str:
    head = [("Project 项目", "text"), ("Category 类别", "text"), ("Stage 阶段", "text"),
            ("Investment 投资", "num"), ("Period 建设期", "num"), ("Builder 建设单位", "text"),
            ("Documents 文件", "num")]
    out = ['<table id="projects-table" class="data sortable"><thead><tr>']
    for name, typ in head:
        out.append(f'<th data-type="{typ}" scope="col">{_e(name)}</th>')
    out.append("</tr></thead><tbody>")
    for i, p in enumerate(projects):
        yi = to_yi_yuan(p.investment, p.investment_unit)
        inv_sort = fmt_num(yi, 8).replace(",", "") if yi is not None else ""
        inv = f"<b>{_e(fmt_num(p.investment, 4))}</b> {_e(p.investment_unit or '')}" if p.investment is not None else ""
        period = "–".join(str(y) for y in (p.start_year, p.end_year) if y)
        if p.start_year and p.end_year and p.start_year == p.end_year:
            period = str(p.start_year)
        chips = "".join(_doc_chip(f, docs, colours, 0) for f in p.documents)
        out.append(
            f'<tr data-i="{i}" data-doc="{_e(" ".join(p.documents))}">'
            f'<td class="ind">{_e(p.label)}</td><td>{_e(p.category or "")}</td><td>{_e(p.stage or "")}</td>'
            f'<td class="num" data-sort="{_e(inv_sort)}">{inv}</td>'
            f'<td class="num" data-sort="{p.start_year or ""}">{_e(period)}</td>'
            f"<td>{_e(p.builder or '')}</td>"
            f'<td data-sort="{len(p.documents)}">{chips}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _doc_card(d: DocInfo, colour: str) -> str:
    c = d.counts
    meta = []
    if d.identifier:
        meta.append(_e(d.identifier))
    if d.publisher:
        meta.append(_e(d.publisher))
    if d.issued:
        meta.append(_e(d.issued))
    if d.period_start or d.period_end:
        period = "–".join(str(y) for y in (d.period_start, d.period_end) if y)
        if not d.period_start:
            period = f"to {d.period_end}"
        if d.outlook:
            period += f" (outlook {d.outlook})"
        meta.append("plan period " + _e(period))
    stats = [("Section", "sections", "章节"), ("Target", "targets", "目标"), ("Observation", "reached", "现状值"),
             ("Project", "projects", "项目"), ("Task", "tasks", "任务"), ("Organization", "organisations", "机构"),
             ("Place", "places", "地点"), ("Indicator", "indicators", "指标")]
    cells = "".join(
        f'<div class="stat{" zero" if not c.get(k) else ""}" title="{zh}"><b>{c.get(k, 0)}</b>'
        f"<span>{_e(lbl)}</span></div>"
        for k, lbl, zh in stats
    )
    tables = c.get("Table", 0)
    n_sections = c.get("Section", 0)
    outline = outline_html(d.outline)
    details = (f'<details class="outline-box"><summary>Outline · {n_sections} sections'
               + (f", {tables} table{'s' if tables > 1 else ''}" if tables else "") + f"</summary>{outline}</details>") if outline else ""
    return (f'<article class="doc-card" style="--c:{colour}" id="doc-{_e(Path(d.file).stem)}">'
            f'<h3><span class="num">{d.number or ""}</span>{_e(d.name)}</h3>'
            f'<p class="meta">{" · ".join(meta)}</p><p class="file">{_e(d.file)}</p>'
            f'<div class="stats">{cells}</div>{details}</article>')


def _share_matrix(docs: list[DocInfo], entities: Iterable[EntityNode], colours: dict[str, str]) -> str:
    """Documents × documents: how many entities each pair shares."""
    files = [d.file for d in docs]
    pair: Counter = Counter()
    for e in entities:
        fs = sorted(set(e.documents) & set(files))
        for i, a in enumerate(fs):
            for b in fs[i + 1:]:
                pair[(a, b)] += 1
    vmax = max(pair.values(), default=0) or 1
    out = ['<table class="matrix"><thead><tr><th></th>']
    for i, d in enumerate(docs):
        out.append(f'<th title="{_e(d.name)}"><span class="dot" style="background:{colours[d.file]}"></span>'
                   f"{i + 1}</th>")
    out.append("</tr></thead><tbody>")
    for i, a in enumerate(docs):
        out.append(f'<tr><th scope="row" title="{_e(a.name)} · {_e(a.file)}"><span class="dot" '
                   f'style="background:{colours[a.file]}"></span>{i + 1}</th>')
        for j, b in enumerate(docs):
            if i == j:
                out.append('<td class="self">·</td>')
                continue
            n = pair[tuple(sorted((a.file, b.file)))]
            alpha = 0.08 + 0.82 * n / vmax if n else 0
            style = f' style="background:rgba(78,121,167,{alpha:.2f});color:{"#fff" if alpha > 0.5 else "#222"}"' if n else ""
            out.append(f'<td{style} title="{_e(a.name)} ∩ {_e(b.name)}: {n}">{n or ""}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _histories(data: ReportData, colours: dict[str, str], max_panels: int = 24) -> tuple[str, int]:
    by_ind: dict[str, list[Point]] = defaultdict(list)
    for p in data.points:
        by_ind[p.indicator_iri].append(p)
    chosen = []
    for ind, pts in by_ind.items():
        ndocs = len({p.document for p in pts})
        if ndocs >= 2:
            chosen.append((ind, pts, ndocs))
    label_of = data.indicator_labels
    chosen.sort(key=lambda c: (-c[2], -len(c[1]), label_of.get(c[0], c[1][0].label), c[0]))
    panels = []
    for ind, pts, ndocs in chosen[:max_panels]:
        label = label_of.get(ind) or pts[0].label
        numeric = [p for p in pts if p.value is not None and p.year]
        units = Counter(p.unit or "" for p in numeric)
        unit = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if units else ""
        other = [p for p in pts if p not in numeric or (p.unit or "") != unit]
        names = sorted({p.label for p in pts} - {label})
        also = f'<p class="aka">also written {"、".join(_e(n) for n in names[:4])}</p>' if names else ""
        extra = ""
        if other:
            items = "".join(
                f'<li><span class="dot" style="background:{colours.get(p.document, "#888")}"></span>'
                f'{p.year or "—"} {_e(_COMPARATOR_SIGN.get(p.comparator or "", "") if p.kind == "target" else "")}'
                f"{_e(fmt_num(p.value, 4) if p.value is not None else (p.value_text or ''))}{_e(p.unit or '')}</li>"
                for p in other[:6])
            extra = f'<ul class="other">{items}</ul>'
        panels.append(
            f'<figure class="hist"><figcaption><b>{_e(label)}</b>'
            f'<span class="unit">{_e(unit)}</span><span class="nd">{ndocs} documents</span></figcaption>'
            f"{also}{history_svg(label, pts, colours)}{extra}</figure>"
        )
    return "".join(panels), max(0, len(chosen) - max_panels)


def _asset(name: str) -> str:
    return (resources.files("plangraph.data") / name).read_text(encoding="utf-8")


def _section(id_: str, title: str, sub: str, body: str) -> str:
    return (f'<section id="{id_}" class="panel"><header><h2>{title}</h2><p class="lede">{sub}</p></header>'
            f"{body}</section>")


def render_report(data: ReportData) -> str:
    """The whole page as one string (CSS and script inlined, no external request)."""
    docs = [replace(d, number=i + 1) for i, d in enumerate(data.documents)]
    colours = doc_colours(d.file for d in docs)
    by_file = {d.file: d for d in docs}
    totals = Counter()
    for e in data.entities:
        totals[e.kind] += 1
    shared = [e for e in data.entities if len(e.documents) >= 2]
    n_obs = sum(d.counts.get("Observation", 0) for d in docs)
    n_tasks = sum(d.counts.get("Task", 0) for d in docs)
    hero = [("documents", len(docs)), ("targets", len(data.targets)), ("reached values", n_obs),
            ("projects", totals["project"]), ("tasks", n_tasks), ("organisations", totals["organisation"]),
            ("places", totals["place"]), ("indicators", totals["indicator"]), ("shared entities", len(shared))]
    hero_html = "".join(f'<div class="kpi"><b>{n:,}</b><span>{_e(k)}</span></div>' for k, n in hero)
    legend = "".join(
        f'<a class="legend-item" href="#doc-{_e(Path(d.file).stem)}"><span class="dot" style="background:{colours[d.file]}">'
        f'</span>{_e(_short_doc(d, 22))}</a>' for d in docs)

    # documents
    cards = "".join(_doc_card(d, colours[d.file]) for d in docs)
    sec_docs = _section("documents", "Documents 文件", "What each document holds, and its section outline.",
                        f'<div class="cards">{cards}</div>')

    # network
    net, left_out = network_svg(docs, data.entities, colours)
    kind_boxes = "".join(
        f'<label class="kind"><input type="checkbox" checked data-kind="{k}"><span class="dot" '
        f'style="background:{c}"></span>{_e(name)} <small>{sum(1 for e in shared if e.kind == k)}</small></label>'
        for k, (c, name) in _KINDS.items())
    note = f'<p class="note">Showing the most widely shared entities; {left_out} more are left out.</p>' if left_out else ""
    net_body = (
        f'<div class="net-controls">{kind_boxes}<input type="search" id="net-search" placeholder="Find an entity… 查找" '
        f'aria-label="Find an entity"></div>'
        f'<div class="net-wrap"><div class="net-canvas">{net}</div><aside class="net-side">'
        f'<div id="net-info" class="net-info"><p class="hint">Hover a node to see its neighbours; click to pin; '
        f"drag to move.</p></div><h4>Entities shared by each pair</h4>{_share_matrix(docs, shared, colours)}"
        f"</aside></div>{note}"
    ) if shared else '<p class="empty">No entity is mentioned in two or more documents yet.</p>'
    sec_net = _section("network", "Entity graph 关联图谱",
                       "Which documents share which projects, places, organisations and indicators. "
                       "Large numbered circles are documents; small ones the entities two or more of them "
                       "mention, joined to each.", net_body)

    # targets
    years = sorted({t.year for t in data.targets if t.year})
    tl = timeline_svg(data.targets, colours, docs)
    undated = sum(1 for t in data.targets if not t.year)
    tl_note = (f'<p class="note">{undated} target{" names" if undated == 1 else "s name"} no year and '
               f'{"is" if undated == 1 else "are"} not on the timeline.</p>') if undated else ""
    sec_tl = _section("timeline", "Timeline 目标年份",
                      "Every target as a dot above the year it is for (click one to find it in the table); "
                      "below the axis, each plan's period.", (tl + tl_note) if data.targets else
                      '<p class="empty">No targets in this build.</p>')
    table = (_filter_bar("targets-table", docs, years, "targets", len(data.targets))
             + f'<div class="table-wrap">{targets_table(data.targets, by_file, colours)}</div>'
             if data.targets else '<p class="empty">No targets in this build.</p>')
    sec_targets = _section("targets", "Targets 目标", "Click a column to sort; type to filter.", table)

    # histories
    hist, hist_left = _histories(data, colours)
    hist_note = f'<p class="note">{hist_left} more indicators appear in several documents.</p>' if hist_left else ""
    sec_hist = _section(
        "histories", "Indicator histories 指标历程",
        'Indicators that several documents give figures for. <span class="sym filled"></span> reached value, '
        '<span class="sym ring"></span> target; one colour per document.',
        (f'<div class="hist-grid">{hist}</div>{hist_note}') if hist else
        '<p class="empty">No indicator has figures in two or more documents.</p>')

    # projects
    cat_inv: dict[str, Decimal] = defaultdict(Decimal)
    cat_n: Counter = Counter()
    cat_unpriced: Counter = Counter()
    for p in data.projects:
        cat = p.category or "未分类"
        cat_n[cat] += 1
        yi = to_yi_yuan(p.investment, p.investment_unit)
        if yi is None:
            cat_unpriced[cat] += 1
        else:
            cat_inv[cat] += yi
    cat_bars = [
        Bar(label=cat, value=float(cat_inv.get(cat, 0)),
            value_label=f"{fmt_num(cat_inv.get(cat, Decimal(0)), 1)} 亿元",
            note=f"· {_count(cat_n[cat], 'project')}"
            + (f" ({cat_unpriced[cat]} without amount)" if cat_unpriced[cat] else ""),
            title=f"{cat}: {_count(cat_n[cat], 'project')}, {fmt_num(cat_inv.get(cat, Decimal(0)), 2)} 亿元 planned")
        for cat in sorted(cat_n, key=lambda c: (-cat_inv.get(c, Decimal(0)), -cat_n[c], c))
    ]
    total_yi = sum(cat_inv.values(), Decimal(0))
    proj_body = (
        f'<p class="big">{_count(len(data.projects), "project")} · {fmt_num(total_yi, 1)} 亿元 planned investment</p>'
        + hbar_svg(cat_bars, "#d95f02", css_class="bars cat-bars")
        + _filter_bar("projects-table", docs, [], "projects", len(data.projects))
        + f'<div class="table-wrap">{projects_table(data.projects, by_file, colours)}</div>'
    ) if data.projects else '<p class="empty">No projects in this build.</p>'
    sec_proj = _section("projects", "Projects 重点项目", "Planned investment by category (amounts in other units "
                        "converted to 亿元).", proj_body)

    # units
    top_units = list(data.units[:30])
    unit_bars = [
        Bar(label=u.label + (f"（{u.jurisdiction}）" if u.jurisdiction and u.jurisdiction not in u.label else ""),
            value=u.tasks, part=u.leads, value_label=_count(u.tasks, "task"),
            note=f"· leads {u.leads}" if u.leads else "",
            title=f"{u.label}: responsible for {_count(u.tasks, 'task')}, leads {u.leads}, "
                  f"in {_count(u.documents, 'document')}")
        for u in top_units
    ]
    units_body = (hbar_svg(unit_bars, "#4e79a7", css_class="bars unit-bars")
                  + (f'<p class="note">Top 30 of {len(data.units)} units.</p>' if len(data.units) > 30 else "")
                  ) if data.units else '<p class="empty">No tasks with responsible units in this build.</p>'
    sec_units = _section("units", "Responsible units 责任单位",
                         "Units ranked by the tasks they answer for; the darker part is the tasks they lead.",
                         units_body)

    nav = "".join(f'<a href="#{i}">{_e(t)}</a>' for i, t in (
        ("documents", "Documents"), ("network", "Entity graph"), ("timeline", "Timeline"), ("targets", "Targets"),
        ("histories", "Indicators"), ("projects", "Projects"), ("units", "Units")))
    version = f"plangraph {_e(data.version)}" if data.version else "plangraph"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="plangraph">'
        '<link rel="icon" href="data:,">'
        f"<title>plangraph report · {len(docs)} documents</title>"
        f"<style>{_asset('report.css')}</style></head><body>"
        '<header class="hero"><div class="wrap">'
        '<p class="brand">plangraph report</p>'
        f"<h1>{_count(len(docs), 'document')}, {_count(len(data.targets), 'target')}, "
        f"{_count(len(shared), 'shared entity').replace('entitys', 'entities')}</h1>"
        f'<div class="kpis">{hero_html}</div><div class="legend">{legend}</div></div></header>'
        f'<nav class="toc"><div class="wrap">{nav}</div></nav>'
        f'<main class="wrap">{sec_docs}{sec_net}{sec_tl}{sec_targets}{sec_hist}{sec_proj}{sec_units}</main>'
        f'<footer class="wrap">Generated by {version} from the graph of {len(docs)} documents. '
        "Every figure is read from the graph; every quote is the source text it came from.</footer>"
        f"<script>{_asset('report.js')}</script></body></html>\n"
    )


def write_report(store: Path, out_dir: Path) -> Path:
    """Read the store, write ``out_dir/report.html`` and return its path."""
    data = read_report_data(Path(store))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "report.html"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_report(data), encoding="utf-8")
    tmp.replace(path)
    return path

"""Records and linked entities → RDF quads, one named graph per document (graph IRI = document IRI).

The vocabulary is the contract's (``schema/plangraph.ttl``). Every extracted record carries
``pg:inDocument``, ``prov:wasDerivedFrom`` (its section), ``pg:quote`` and offsets. Entities shared
by several documents are one node: what is true of it whichever document names it (type, labels,
keys, attributes) is stated once in the default graph, and each document's graph states what that
document says of it (pg:mentionedIn, the names it uses, a project's figures). Output order is
sorted, so the same input gives byte-identical N-Quads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from pyoxigraph import Quad, RdfFormat, parse

from plangraph.pipeline import iris
from plangraph.pipeline.link import Linked
from plangraph.schema import DocumentResult, SegmentedDoc

__all__ = ["document_graph", "document_quads", "entity_graph", "entity_quads", "quads_of", "PREFIXES", "ONTOLOGY_GRAPH"]

PG = iris.PG
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ONTOLOGY_GRAPH = "https://w3id.org/plangraph/ontology"

PREFIXES = {
    "pg": PG,
    "id": iris.ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCT,
    "prov": PROV,
}

class _Lit(str):
    """A literal already written as N-Triples text ("…"@zh, "5"^^<…#integer>); a plain ``str``
    object is an IRI."""


# N-Triples string escapes, as Oxigraph writes them: the output stays byte-identical to it.
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
            ord("\b"): "\\b", ord("\f"): "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})
_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f]')


def _quoted(text: str) -> str:
    return f'"{text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text}"'


def _typed(text: str, datatype: str) -> _Lit:
    return _Lit(f"{_quoted(text)}^^<{datatype}>")


def _zh(text: str) -> _Lit:
    return _Lit(f"{_quoted(text)}@zh")


def _s(text: str) -> _Lit:
    return _Lit(_quoted(text))


def _int(n: int) -> _Lit:
    return _typed(str(n), XSD + "integer")


def _year(y: int) -> _Lit:
    return _typed(f"{y:04d}", XSD + "gYear")


def _dec(d: Decimal) -> _Lit:
    text = format(d.normalize(), "f") if d == d.to_integral() else format(d, "f")
    if "." not in text:
        text += ".0"
    return _typed(text, XSD + "decimal")


class GraphText:
    """One graph's statements, kept as N-Quads text: sorted, de-duplicated lines with no RDF term
    object made per statement (making and sorting pyoxigraph terms one by one was most of the
    writer's time). ``quads()`` parses them back for callers that want terms."""

    def __init__(self, graph_iri: str | None):
        self.g = f" <{graph_iri}> .\n" if graph_iri else " .\n"
        self.lines: set[str] = set()
        self._sorted: list[str] | None = None  # sorted once, for the N-Quads and the Turtle both

    def add(self, s: str, p: str, o: str | None) -> None:
        if o is not None:
            self.lines.add(f"<{s}> <{p}> {o if isinstance(o, _Lit) else f'<{o}>'}{self.g}")

    def sorted_lines(self) -> list[str]:
        # Lines sort like (subject, predicate, object) terms: "<s> " ends where a longer IRI goes on.
        if self._sorted is None or len(self._sorted) != len(self.lines):
            self._sorted = sorted(self.lines)
        return self._sorted

    def nquads(self) -> bytes:
        return "".join(self.sorted_lines()).encode("utf-8")

    def triple_lines(self) -> list[str]:
        """The statements as N-Triples lines (without the graph), sorted."""
        cut = len(self.g)
        return [f"{line[:-cut]} .\n" for line in self.sorted_lines()]

    def quads(self) -> list[Quad]:
        return list(parse(self.nquads(), RdfFormat.N_QUADS))

    def provenance(self, node: str, doc: SegmentedDoc, prov) -> None:
        doc_id = doc.document.doc_id
        self.add(node, PG + "inDocument", iris.doc_iri(doc_id))
        self.add(node, PROV + "wasDerivedFrom", iris.section_iri(doc_id, prov.section_id))
        self.add(node, PG + "quote", _s(prov.quote))
        self.add(node, PG + "startOffset", _int(prov.start))
        self.add(node, PG + "endOffset", _int(prov.end))


def document_quads(result: DocumentResult, linked: Linked) -> list[Quad]:
    """All quads of one document's named graph, sorted."""
    return document_graph(result, linked).quads()


def document_graph(result: DocumentResult, linked: Linked) -> GraphText:
    """One document's named graph (``.nquads()`` for its N-Quads text)."""
    doc = result.doc
    d = doc.document
    doc_id = d.doc_id
    doc_node = iris.doc_iri(doc_id)
    g = GraphText(doc_node)

    m = d.metadata
    g.add(doc_node, RDF + "type", PG + "PlanDocument")
    g.add(doc_node, PG + "sourceFile", _s(d.source_file))
    g.add(doc_node, PG + "sha256", _s(d.sha256))
    if m.title:
        g.add(doc_node, DCT + "title", _zh(m.title))
        g.add(doc_node, RDFS + "label", _zh(m.title))
    if m.identifier:
        g.add(doc_node, DCT + "identifier", _s(m.identifier))
    if m.issued:
        g.add(doc_node, DCT + "issued", _typed(m.issued, XSD + "date"))
    if m.publisher:
        g.add(doc_node, DCT + "publisher", _zh(m.publisher))
    if m.period_start:
        g.add(doc_node, PG + "periodStart", _year(m.period_start))
    if m.period_end:
        g.add(doc_node, PG + "periodEnd", _year(m.period_end))
    if m.outlook:
        g.add(doc_node, PG + "outlookYear", _year(m.outlook))
    if doc_id in linked.jurisdiction:
        g.add(doc_node, PG + "jurisdiction", linked.jurisdiction[doc_id])

    for s in doc.sections[1:]:
        node = iris.section_iri(doc_id, s.section_id)
        g.add(node, RDF + "type", PG + "Section")
        if s.kind == "table":
            g.add(node, RDF + "type", PG + "Table")
        g.add(node, DCT + "isPartOf", iris.section_iri(doc_id, s.parent_id or "/"))
        g.add(node, PG + "heading", _zh(s.heading) if s.heading else None)
        g.add(node, PG + "sectionPath", _s(s.section_id))
        g.add(node, PG + "sectionKind", _s(s.kind))
        g.add(node, PG + "level", _int(s.level))
        g.add(node, PG + "inDocument", doc_node)
        g.add(node, PG + "startOffset", _int(s.start))
        g.add(node, PG + "endOffset", _int(s.end))

    task_iris: dict[str, str] = {}
    for rec in result.records:
        if rec.kind == "task":
            task_iris[rec.key] = iris.record_iri("task", doc_id, rec.key)

    entity_docs: set[str] = set()
    for rec in result.records:
        ent = linked.entity_iri(rec)
        if rec.kind == "target":
            _target(g, rec, doc, ent, task_iris, linked)
        elif rec.kind == "observation":
            _observation(g, rec, doc, ent, linked)
        elif rec.kind == "task":
            _task(g, rec, doc, task_iris[rec.key], linked)
        elif rec.kind == "project" and ent:
            _project(g, rec, doc, ent, linked)
        if ent:
            entity_docs.add(ent)
            mention = iris.mention_iri(ent, doc_id, rec.prov.section_id)
            if rec.kind in ("place", "organisation", "project"):
                g.add(mention, RDF + "type", PG + "Mention")
                g.add(mention, PG + "mentionOf", ent)
                g.add(mention, PG + "surfaceForm", _zh(getattr(rec, "name", "")))
                g.provenance(mention, doc, rec.prov)
    entity_docs.update(linked.orgs_named_in(doc_id).values())
    if doc_id in linked.jurisdiction:
        entity_docs.add(linked.jurisdiction[doc_id])

    forms = _forms_by_entity(doc_id, result, linked)
    for ent_iri in sorted(entity_docs):
        _entity_in_document(g, linked, ent_iri, doc_id, forms.get(ent_iri, set()))

    return g


def entity_quads(linked: Linked) -> list[Quad]:
    return entity_graph(linked).quads()


def entity_graph(linked: Linked) -> GraphText:
    """What is true of each entity whichever document mentions it — type, labels, keys, link
    evidence, place and organisation attributes — once, in the default graph. Written into every
    document graph instead, a place named by 500 plans had its facts 500 times in the union
    default graph, and every preset joining on a label paid for it."""
    g = GraphText(None)
    for iri in sorted(linked.entities):
        _entity(g, linked, iri)
    return g




def _measure(g: GraphText, kind: str, rec, key: str, doc, indicator: str | None, linked: Linked) -> str:
    """What targets and observations share: indicator, value or words, unit, scope, provenance."""
    node = iris.record_iri(kind.lower(), doc.document.doc_id, key)
    g.add(node, RDF + "type", PG + kind)
    g.add(node, PG + "indicatorLabel", _zh(rec.indicator_label))
    g.add(node, PG + "indicator", indicator)
    if rec.value is not None:
        g.add(node, PG + "value", _dec(rec.value))
        g.add(node, PG + "unit", _s(rec.unit) if rec.unit else None)
    else:
        g.add(node, PG + "valueText", _zh(rec.value_text))
    g.add(node, PG + "valueAsWritten", _zh(rec.value_text))
    if rec.scope:
        g.add(node, PG + "scopeLabel", _zh(rec.scope))
        g.add(node, PG + "scope", _place_for(rec.scope, doc, linked))
    g.provenance(node, doc, rec.prov)
    return node


def _target(g: GraphText, t, doc, indicator: str | None, task_iris, linked: Linked) -> None:
    key = "|".join(str(x) for x in (t.indicator_key, t.target_year, t.scope, t.period, t.comparator,
                                     t.value, t.value_text, t.prov.section_id))
    node = _measure(g, "Target", t, key, doc, indicator, linked)
    g.add(node, PG + "comparator", _s(t.comparator) if t.comparator else None)
    g.add(node, PG + "targetYear", _year(t.target_year) if t.target_year else None)
    g.add(node, PG + "bindingness", _zh(t.bindingness) if t.bindingness else None)
    g.add(node, PG + "baselineValue", _dec(t.baseline_value) if t.baseline_value is not None else None)
    g.add(node, PG + "baselineYear", _year(t.baseline_year) if t.baseline_year else None)
    g.add(node, PG + "period", _s(t.period) if t.period else None)
    if t.task_key and t.task_key in task_iris:
        g.add(node, PG + "task", task_iris[t.task_key])


def _observation(g: GraphText, o, doc, indicator: str | None, linked: Linked) -> None:
    key = "|".join(str(x) for x in (o.indicator_key, o.year, o.scope, o.value, o.value_text, o.prov.section_id))
    node = _measure(g, "Observation", o, key, doc, indicator, linked)
    g.add(node, PG + "year", _year(o.year) if o.year else None)


def _task(g: GraphText, t, doc, node: str, linked: Linked) -> None:
    doc_id = doc.document.doc_id
    g.add(node, RDF + "type", PG + "Task")
    g.add(node, PG + "description", _zh(t.description))
    g.add(node, PG + "taskKey", _s(t.key))
    g.add(node, PG + "area", _zh(t.area) if t.area else None)
    g.add(node, PG + "deadline", _zh(t.deadline) if t.deadline else None)
    for u in t.units:
        org = linked.org_by_name.get((doc_id, u.name))
        if org is None:
            continue
        g.add(node, PG + "responsibleUnit", org)
        if u.role == "lead":
            g.add(node, PG + "leadUnit", org)
        elif u.role == "cooperating":
            g.add(node, PG + "cooperatingUnit", org)
    g.provenance(node, doc, t.prov)


def _project(g: GraphText, p, doc, node: str, linked: Linked) -> None:
    doc_id = doc.document.doc_id
    g.add(node, PG + "category", _zh(p.category) if p.category else None)
    g.add(node, PG + "stage", _zh(p.stage) if p.stage else None)
    if p.investment is not None:
        g.add(node, PG + "investment", _dec(p.investment))
        g.add(node, PG + "investmentUnit", _s(p.investment_unit) if p.investment_unit else None)
    g.add(node, PG + "startYear", _year(p.start_year) if p.start_year else None)
    g.add(node, PG + "endYear", _year(p.end_year) if p.end_year else None)
    if p.builder:
        g.add(node, PG + "builderLabel", _zh(p.builder))
        g.add(node, PG + "builder", linked.org_by_name.get((doc_id, p.builder)))
    g.add(node, PG + "content", _zh(p.content) if p.content else None)


_TYPES = {"project": "Project", "organisation": "Organization", "place": "Place", "indicator": "Indicator"}


def _entity_in_document(g: GraphText, linked: Linked, iri: str, doc_id: str, forms: set[str]) -> None:
    """What one document says of an entity: that it mentions it, and the names it uses."""
    e = linked.entities.get(iri)
    if e is None:
        return
    if doc_id in e.mentioned_in:
        g.add(iri, PG + "mentionedIn", iris.doc_iri(doc_id))
    for form in sorted(forms):
        if form != e.label:
            g.add(iri, SKOS + "altLabel", _zh(form))


def _entity(g: GraphText, linked: Linked, iri: str) -> None:
    e = linked.entities[iri]
    g.add(iri, RDF + "type", PG + _TYPES[e.kind])
    if e.kind == "indicator":
        g.add(iri, RDF + "type", SKOS + "Concept")
        g.add(iri, SKOS + "prefLabel", _zh(e.label))
    g.add(iri, RDFS + "label", _zh(e.label))
    if e.keys:
        for k in sorted(e.keys):
            g.add(iri, PG + "normalisedKey", _s(k))
    for ev in e.evidence:
        g.add(iri, PG + "linkEvidence", _zh(ev))
    if e.part_of:
        g.add(iri, DCT + "isPartOf", e.part_of)
    a = e.attrs
    if e.kind == "place":
        g.add(iri, PG + "placeType", _s(a["placeType"]) if "placeType" in a else None)
        g.add(iri, PG + "adcode", _s(a["adcode"]) if "adcode" in a else None)
        if "within" in a:
            within = a["within"]
            target = iris.place_iri(within)
            if target in linked.entities:
                g.add(iri, PG + "within", target)
    elif e.kind == "organisation":
        g.add(iri, PG + "orgType", _s(a["orgType"]) if "orgType" in a else None)
        g.add(iri, PG + "fullName", _zh(a["fullName"]) if "fullName" in a else None)
        if "jurisdiction" in a:
            place = iris.place_iri(a["jurisdiction"])
            if place in linked.entities:
                g.add(iri, PG + "jurisdiction", place)


def _forms_by_entity(doc_id: str, result: DocumentResult, linked: Linked) -> dict[str, set[str]]:
    """Every surface form this document uses for each entity."""
    forms: dict[str, set[str]] = {}
    for rec in result.records:
        ent = linked.entity_iri(rec)
        form = getattr(rec, "name", None) or getattr(rec, "indicator_label", None)
        if ent and form:
            forms.setdefault(ent, set()).add(form)
    for name, org in linked.orgs_named_in(doc_id).items():
        forms.setdefault(org, set()).add(name)
    return forms


def _place_for(scope: str, doc: SegmentedDoc, linked: Linked) -> str | None:
    """The place a target's scope names: a division or place of this document with that name."""
    doc_id = doc.document.doc_id
    if scope in ("全市", "市域", "全县", "全区", "全省", "本市", "全域") and doc_id in linked.jurisdiction:
        return linked.jurisdiction[doc_id]
    return linked.places_named_in(doc_id).get(scope)


def quads_of(results: list[DocumentResult], linked: Linked) -> Iterator[Quad]:
    """The whole dataset: the entities' shared facts, then each document's graph."""
    yield from entity_quads(linked)
    for r in results:
        yield from document_quads(r, linked)

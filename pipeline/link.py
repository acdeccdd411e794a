"""Cross-document linking: one node per real-world entity, with the evidence for every merge.

Projects, organisations, places and indicators are clustered by their normalised keys (and the
alias variants a key module offers) in a networkx graph whose connected components are entities.
Precision first: only equal keys or explicit alias variants join two mentions; a trailing section
scope (（绍兴段）, 诸暨段) keeps a part apart from the whole and records ``part_of`` instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from plangraph.pipeline import iris
from plangraph.schema import DocumentResult

__all__ = ["Entity", "Linked", "link"]


@dataclass
class Entity:
    iri: str
    kind: str  # project, organisation, place, indicator
    label: str
    alt_labels: set[str] = field(default_factory=set)
    mentioned_in: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    evidence: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    part_of: str | None = None


@dataclass
class Linked:
    entities: dict[str, Entity]
    # (doc_id, index of the record in its DocumentResult.records) → entity IRI
    entity_of: dict[tuple[str, int], str]
    # (doc_id, unit or builder name as written) → organisation IRI
    org_by_name: dict[tuple[str, str], str]
    # doc_id → place IRI of the document's own jurisdiction
    jurisdiction: dict[str, str]

    _orgs_by_doc: dict[str, dict[str, str]] | None = None
    _places_by_doc: dict[str, dict[str, str]] | None = None

    def shared(self) -> list[Entity]:
        return [e for e in self.entities.values() if len(e.mentioned_in) >= 2]

    def orgs_named_in(self, doc_id: str) -> dict[str, str]:
        """Name as written → organisation IRI, for one document."""
        if self._orgs_by_doc is None:
            self._orgs_by_doc = {}
            for (d, name), iri in self.org_by_name.items():
                self._orgs_by_doc.setdefault(d, {})[name] = iri
        return self._orgs_by_doc.get(doc_id, {})

    def places_named_in(self, doc_id: str) -> dict[str, str]:
        """Canonical name or surface form → place IRI, for the places one document mentions."""
        if self._places_by_doc is None:
            self._places_by_doc = {}
            for e in sorted(self.entities.values(), key=lambda e: e.iri):
                if e.kind == "place":
                    for d in e.mentioned_in:
                        names = self._places_by_doc.setdefault(d, {})
                        for n in [e.label, *sorted(e.alt_labels)]:
                            names.setdefault(n, e.iri)
        return self._places_by_doc.get(doc_id, {})


def _cluster(kind: str, mentions: dict[str, list[tuple[str, int, str]]], variants) -> dict[str, str]:
    """Key → component representative. ``mentions`` maps a key to (doc, index, surface form)."""
    import networkx as nx  # here, not at import time: it costs a cold start 0.2 s

    g = nx.Graph()
    g.add_nodes_from(mentions)
    for key in mentions:
        for v in variants(key):
            if v != key and v in mentions:
                g.add_edge(key, v)
    rep: dict[str, str] = {}
    for comp in nx.connected_components(g):
        # The representative is the key with most documents, then the shortest, then sorted:
        # deterministic, and stable when an unrelated document joins.
        best = sorted(comp, key=lambda k: (-len({d for d, _, _ in mentions[k]}), len(k), k))[0]
        for k in comp:
            rep[k] = best
    return rep


def _related_keys(name: str) -> tuple[str, ...]:
    """Looser keys of a project name — the road an upgrade is done to, the whole work a section
    belongs to. They name *related* projects, never the same one: they give ``part_of``."""
    try:
        from plangraph.extractors.project_names import project_key_variants
    except ImportError:
        return ()
    return project_key_variants(name)[1:]


def link(results: list[DocumentResult]) -> Linked:
    entities: dict[str, Entity] = {}
    entity_of: dict[tuple[str, int], str] = {}
    org_by_name: dict[tuple[str, str], str] = {}
    jurisdiction: dict[str, str] = {}

    def entity(iri: str, kind: str, label: str) -> Entity:
        e = entities.get(iri)
        if e is None:
            e = entities[iri] = Entity(iri=iri, kind=kind, label=label)
        return e

    # Projects: cluster keys first, across all documents.
    project_mentions: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for r in results:
        doc_id = r.doc.document.doc_id
        for i, rec in enumerate(r.records):
            if rec.kind == "project":
                project_mentions[rec.key].append((doc_id, i, rec.name))
    # Identity is the normalised key (it already folds 杭州至诸暨 into 杭诸, 高速公路 into 高速).
    rep = _cluster("project", project_mentions, lambda key: [key])
    for key, ms in sorted(project_mentions.items()):
        root = rep[key]
        names = sorted({n for _, _, n in project_mentions[root]}, key=lambda n: (len(n), n))
        e = entity(iris.project_iri(root), "project", names[-1] if names else root)
        e.keys.add(key)
        for doc_id, i, name in ms:
            entity_of[(doc_id, i)] = e.iri
            e.alt_labels.add(name)
            e.mentioned_in.add(doc_id)
        if key != root:
            e.evidence.append(f"{key} ≈ {root}: alias rule")
    for e in entities.values():
        if len({k for k in e.keys}) > 1 or len(e.mentioned_in) > 1:
            forms = "、".join(sorted(e.alt_labels))
            e.evidence.insert(0, f"same normalised key {sorted(e.keys)}: {forms}")
        # The longest surface form is the most explicit name; it becomes the preferred label.
        e.label = sorted(e.alt_labels, key=lambda n: (-len(n), n))[0] if e.alt_labels else e.label
    by_key = {k: iris.project_iri(rep[k]) for k in project_mentions}
    for key, ms in sorted(project_mentions.items()):
        iri = by_key[key]
        for name in sorted({n for _, _, n in ms}):
            whole = next((by_key[k] for k in _related_keys(name) if k in by_key and by_key[k] != iri), None)
            if whole:
                entities[iri].part_of = whole
                break

    for r in results:
        doc_id = r.doc.document.doc_id
        juris = _document_jurisdiction(r)
        if juris:
            jurisdiction[doc_id] = juris
        for i, rec in enumerate(r.records):
            if rec.kind == "place":
                e = entity(_place_iri(rec), "place", rec.canonical)
                e.attrs.setdefault("placeType", rec.place_type)
                if rec.adcode:
                    e.attrs.setdefault("adcode", rec.adcode)
                if rec.within:
                    e.attrs.setdefault("within", rec.within)
            elif rec.kind == "organisation":
                where = rec.jurisdiction_adcode or rec.jurisdiction
                e = entity(iris.org_iri(where, rec.key), "organisation", _org_label(rec))
                e.attrs.setdefault("orgType", rec.org_type)
                if rec.full_name:
                    e.attrs.setdefault("fullName", rec.full_name)
                if rec.jurisdiction_adcode:
                    e.attrs.setdefault("jurisdiction", rec.jurisdiction_adcode)
                org_by_name.setdefault((doc_id, rec.name), e.iri)
            elif rec.kind in ("target", "observation"):
                e = entity(iris.indicator_iri(rec.indicator_key), "indicator", rec.indicator_key)
                name = rec.indicator_label
                e.alt_labels.add(name)
                e.mentioned_in.add(doc_id)
                e.keys.add(rec.indicator_key)
                entity_of[(doc_id, i)] = e.iri
                continue
            else:
                continue
            e.alt_labels.add(rec.name)
            e.mentioned_in.add(doc_id)
            entity_of[(doc_id, i)] = e.iri

    # Task units and project builders written as names: resolve to the organisation the
    # organisations extractor found under that name in the same document, else make one.
    for r in results:
        doc_id = r.doc.document.doc_id
        for rec in r.records:
            names = []
            if rec.kind == "task":
                names = [u.name for u in rec.units]
            elif rec.kind == "project" and rec.builder:
                names = [rec.builder]
            for name in names:
                if (doc_id, name) in org_by_name:
                    continue
                key, full, org_type, where = _normalise_org(name, r)
                e = entity(iris.org_iri(where, key), "organisation", full or name)
                e.attrs.setdefault("orgType", org_type)
                if full:
                    e.attrs.setdefault("fullName", full)
                if where:
                    e.attrs.setdefault("jurisdiction", where)
                e.alt_labels.add(name)
                e.mentioned_in.add(doc_id)
                org_by_name[(doc_id, name)] = e.iri

    _add_ancestors(entities)
    for e in entities.values():
        if e.kind == "indicator":
            e.label = sorted(e.alt_labels, key=lambda n: (len(n), n))[0] if e.alt_labels else e.label
    return Linked(entities=entities, entity_of=entity_of, org_by_name=org_by_name, jurisdiction=jurisdiction)


def _place_iri(rec) -> str:
    """Divisions by adcode; townships and features by the division they lie in plus their name,
    so that two 城关镇 of different counties stay apart."""
    if rec.adcode:
        return iris.place_iri(rec.adcode)
    if rec.within:
        return iris.place_iri(f"{rec.within}/{rec.canonical}")
    return iris.place_iri(rec.canonical)


def _add_ancestors(entities: dict[str, Entity]) -> None:
    """Every division a mentioned place lies in becomes a node too, so ``pg:within*`` reaches the
    province; those nodes are reference data, mentioned in no document."""
    try:
        from plangraph.extractors.gazetteer import gazetteer
    except ImportError:
        return
    g = gazetteer()
    for e in list(entities.values()):
        if e.kind != "place":
            continue
        parent = e.attrs.get("within")
        start = parent if parent and parent.isdigit() else None
        if start is None and e.attrs.get("adcode"):
            div = g.get(e.attrs["adcode"])
            start = div.parent if div else None
        for div in g.chain(start) if start else []:
            iri = iris.place_iri(div.adcode)
            if iri not in entities:
                entities[iri] = Entity(iri=iri, kind="place", label=div.name,
                                       attrs={"placeType": div.level, "adcode": div.adcode,
                                              **({"within": div.parent} if div.parent else {})})
        if e.attrs.get("adcode") and "within" not in e.attrs:
            div = g.get(e.attrs["adcode"])
            if div and div.parent:
                e.attrs["within"] = div.parent


def _org_label(rec) -> str:
    return rec.full_name or rec.name


def _document_jurisdiction(r: DocumentResult) -> str | None:
    try:
        from plangraph.extractors.places import document_jurisdiction
    except ImportError:
        return None
    found = document_jurisdiction(r.doc)
    if not found:
        return None
    name, adcode = found
    return iris.place_iri(adcode or name)


def _normalise_org(name: str, r: DocumentResult) -> tuple[str, str | None, str, str | None]:
    """(key, full name, type, jurisdiction adcode) for a unit written in a task or project row."""
    where = None
    try:
        from plangraph.extractors.places import document_jurisdiction

        found = document_jurisdiction(r.doc)
        where = (found[1] or found[0]) if found else None
    except ImportError:
        pass
    try:
        from plangraph.extractors.organisations import normalise_org

        key, full, org_type = normalise_org(name, where)
    except ImportError:
        key, full, org_type = name, None, "other"
    return key, full, org_type, where

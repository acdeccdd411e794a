"""Cross-document linking: one node per real-world entity, with the evidence for every merge.

Projects, organisations, places and indicators are identified by their normalised keys (the key
functions already fold the aliases they know: 杭州至诸暨 → 杭诸, 高速公路 → 高速). Precision first:
only equal keys join two mentions; a trailing section scope (（绍兴段）, 诸暨段) keeps a part apart
from the whole and records ``part_of`` instead.

Documents are linked one at a time (``Linker``), so a build can stream a corpus larger than memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from plangraph.pipeline import iris
from plangraph.schema import DocumentResult

__all__ = ["Entity", "Linked", "Linker", "link"]


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
    # project key → the IRI of the project entity it joined
    project_iri_by_key: dict[str, str]
    # (doc_id, unit or builder name as written) → organisation IRI
    org_by_name: dict[tuple[str, str], str]
    # doc_id → place IRI of the document's own jurisdiction
    jurisdiction: dict[str, str]

    _orgs_by_doc: dict[str, dict[str, str]] | None = None
    _places_by_doc: dict[str, dict[str, str]] | None = None

    def entity_iri(self, rec) -> str | None:
        """The entity a record mentions (None for tasks): computed from the record and the keys
        linking settled, so no table of every mention of the corpus is kept."""
        if rec.kind == "project":
            return self.project_iri_by_key.get(rec.key)
        if rec.kind == "place":
            return _place_iri(rec)
        if rec.kind == "organisation":
            return iris.org_iri(rec.jurisdiction_adcode or rec.jurisdiction, rec.key)
        if rec.kind in ("target", "observation"):
            return iris.indicator_iri(rec.indicator_key)
        return None

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


def _related_keys(name: str) -> tuple[str, ...]:
    """Looser keys of a project name — the road an upgrade is done to, the whole work a section
    belongs to. They name *related* projects, never the same one: they give ``part_of``."""
    try:
        from plangraph.extractors.project_names import project_key_variants
    except ImportError:
        return ()
    return project_key_variants(name)[1:]


def link(results: Iterable[DocumentResult]) -> Linked:
    linker = Linker()
    for r in results:
        linker.add(r)
    return linker.finish()


class Linker:
    """Links documents one at a time, so a build can stream them from disk: ``add`` each result in
    input order (first mentions set labels and attributes), then ``finish``. What it keeps grows
    with the entities and the names of units, not with the records."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.org_by_name: dict[tuple[str, str], str] = {}
        self.jurisdiction: dict[str, str] = {}
        # Projects are clustered once every document is in: key → [(doc, surface form)].
        self._project_mentions: dict[str, list[tuple[str, str]]] = defaultdict(list)
        # Units and builders not found among a document's organisations: resolved at the end,
        # after every extracted organisation has set its entity's label.
        self._unnamed_units: list[tuple[str, str, str | None]] = []

    def _entity(self, iri: str, kind: str, label: str) -> Entity:
        e = self.entities.get(iri)
        if e is None:
            e = self.entities[iri] = Entity(iri=iri, kind=kind, label=label)
        return e

    def add(self, r: DocumentResult) -> None:
        doc_id = r.doc.document.doc_id
        found = _jurisdiction_of(r)
        if found:
            self.jurisdiction[doc_id] = iris.place_iri(found[1] or found[0])
        for rec in r.records:
            if rec.kind == "project":
                self._project_mentions[rec.key].append((doc_id, rec.name))
                continue
            if rec.kind == "place":
                e = self._entity(_place_iri(rec), "place", rec.canonical)
                e.attrs.setdefault("placeType", rec.place_type)
                if rec.adcode:
                    e.attrs.setdefault("adcode", rec.adcode)
                if rec.within:
                    e.attrs.setdefault("within", rec.within)
            elif rec.kind == "organisation":
                where = rec.jurisdiction_adcode or rec.jurisdiction
                e = self._entity(iris.org_iri(where, rec.key), "organisation", _org_label(rec))
                e.attrs.setdefault("orgType", rec.org_type)
                if rec.full_name:
                    e.attrs.setdefault("fullName", rec.full_name)
                if rec.jurisdiction_adcode:
                    e.attrs.setdefault("jurisdiction", rec.jurisdiction_adcode)
                self.org_by_name.setdefault((doc_id, rec.name), e.iri)
            elif rec.kind in ("target", "observation"):
                e = self._entity(iris.indicator_iri(rec.indicator_key), "indicator", rec.indicator_key)
                e.alt_labels.add(rec.indicator_label)
                e.mentioned_in.add(doc_id)
                e.keys.add(rec.indicator_key)
                continue
            else:
                continue
            e.alt_labels.add(rec.name)
            e.mentioned_in.add(doc_id)
        # Task units and project builders written as names resolve to the organisation the
        # organisations extractor found under that name in the same document, else get one.
        where = (found[1] or found[0]) if found else None
        for rec in r.records:
            names = [u.name for u in rec.units] if rec.kind == "task" else [rec.builder] if (
                rec.kind == "project" and rec.builder) else []
            for name in names:
                if (doc_id, name) not in self.org_by_name:
                    self._unnamed_units.append((doc_id, name, where))

    def finish(self) -> Linked:
        entities = self.entities
        project_mentions = self._project_mentions
        # Identity is the normalised key (it already folds 杭州至诸暨 into 杭诸, 高速公路 into 高速).
        projects: dict[str, Entity] = {}
        for key, ms in sorted(project_mentions.items()):
            names = sorted({n for _, n in ms}, key=lambda n: (len(n), n))
            e = projects[key] = Entity(iri=iris.project_iri(key), kind="project", label=names[-1] if names else key)
            e.keys.add(key)
            for doc_id, name in ms:
                e.alt_labels.add(name)
                e.mentioned_in.add(doc_id)
        for e in projects.values():
            if len(e.mentioned_in) > 1:
                forms = "、".join(sorted(e.alt_labels))
                e.evidence.insert(0, f"same normalised key {sorted(e.keys)}: {forms}")
            # The longest surface form is the most explicit name; it becomes the preferred label.
            e.label = sorted(e.alt_labels, key=lambda n: (-len(n), n))[0] if e.alt_labels else e.label
        by_key = {k: e.iri for k, e in projects.items()}
        for key, ms in sorted(project_mentions.items()):
            iri = by_key[key]
            for name in sorted({n for _, n in ms}):
                whole = next((by_key[k] for k in _related_keys(name) if k in by_key and by_key[k] != iri), None)
                if whole:
                    projects[key].part_of = whole
                    break
        entities.update({e.iri: e for e in projects.values()})

        for doc_id, name, where in self._unnamed_units:
            if (doc_id, name) in self.org_by_name:
                continue
            key, full, org_type = _normalise_org(name, where)
            e = self._entity(iris.org_iri(where, key), "organisation", full or name)
            e.attrs.setdefault("orgType", org_type)
            if full:
                e.attrs.setdefault("fullName", full)
            if where:
                e.attrs.setdefault("jurisdiction", where)
            e.alt_labels.add(name)
            e.mentioned_in.add(doc_id)
            self.org_by_name[(doc_id, name)] = e.iri

        _add_ancestors(entities)
        for e in entities.values():
            if e.kind == "indicator":
                e.label = sorted(e.alt_labels, key=lambda n: (len(n), n))[0] if e.alt_labels else e.label
        return Linked(entities=entities, project_iri_by_key=by_key, org_by_name=self.org_by_name,
                      jurisdiction=self.jurisdiction)


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


def _jurisdiction_of(r: DocumentResult) -> tuple[str, str | None] | None:
    """(name, adcode) of the document's own division: computed by the worker that read it, or here
    from the text for results made without one."""
    if r.jurisdiction is not None or not r.doc.document.text:
        return r.jurisdiction or None
    from plangraph.pipeline.run import jurisdiction_of

    return jurisdiction_of(r.doc)


def _normalise_org(name: str, where: str | None) -> tuple[str, str | None, str]:
    """(key, full name, type) for a unit written in a task or project row."""
    try:
        from plangraph.extractors.organisations import normalise_org

        return normalise_org(name, where)
    except ImportError:
        return name, None, "other"

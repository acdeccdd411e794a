"""Validation: check a plangraph graph against the shipped SHACL shapes, and read graph files.

The ontology (``schema/plangraph.ttl``) and the shapes (``schema/shapes.ttl``) ship in the package
``plangraph.schema``. :func:`validate_graph` runs pySHACL over the data with the ontology's
``rdfs:subClassOf`` axioms (so a ``pg:Table`` is a ``pg:Section``), runs the shapes' SPARQL-based
constraints once per graph (see below), and reports every ``pg:`` term the data uses that the
ontology does not define. :func:`format_report` prints the results grouped by shape, most frequent
first. Results of severity ``sh:Warning`` are printed but leave the graph conforming.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
...     @prefix pg: <https://w3id.org/plangraph/ontology#> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     <https://w3id.org/plangraph/id/place/330681> a pg:Place ; rdfs:label "诸暨市"@zh ;
...         pg:adcode "33068" .''')
>>> report = validate_graph(g)
>>> report.conforms, [v.shape for v in report.violations]
(False, ['pgsh:Place-adcode'])
>>> for line in format_report(report).splitlines()[2:]:
...     print(line)
pgsh:Place-adcode (1) [Pattern]
  pg:adcode is a single xsd:string of six digits.
  pg:adcode 为单个六位数字的 xsd:string。
  - focus <https://w3id.org/plangraph/id/place/330681>  path pg:adcode  value "33068"

Inference: ``none`` (the default). Measured on a 70,759-triple synthetic graph shaped like a build
(sections, targets, tasks, projects with mentions): 4.5 s CPU without inference, 21 s with ``rdfs``
(owlrl computes the closure first), with the same results, because the shapes only rely on
``rdfs:subClassOf``, which SHACL follows itself. The seeds' build (24k triples) takes about 1.5 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import pyshacl
import rdflib
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

from plangraph.errors import PlangraphInputError, quiet_logger

__all__ = [
    "PG",
    "PGSH",
    "ValidationReport",
    "Violation",
    "format_report",
    "load_graph_file",
    "ontology_graph",
    "shapes_graph",
    "validate_graph",
]

PG = Namespace("https://w3id.org/plangraph/ontology#")
PGSH = Namespace("https://w3id.org/plangraph/shapes#")

Inference = Literal["none", "rdfs"]

# Graph file suffix → (rdflib parser, pyoxigraph format name, name used in messages).
_FORMATS: dict[str, tuple[str, str, str]] = {
    ".ttl": ("turtle", "TURTLE", "Turtle"),
    ".turtle": ("turtle", "TURTLE", "Turtle"),
    ".nt": ("nt", "N_TRIPLES", "N-Triples"),
    ".nq": ("nquads", "N_QUADS", "N-Quads"),
    ".trig": ("trig", "TRIG", "TriG"),
}
_QUAD_FORMATS = {"nquads", "trig"}

# Prefixes used to print terms in reports (instance IRIs under …/id/ are printed in full).
_PREFIXES = {
    "pg": str(PG),
    "pgsh": str(PGSH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "sh": str(SH),
}

_UNDEFINED_SHAPE = "pgsh:DefinedTerms"  # not a SHACL shape: the check that every pg: term is defined
_VALUE_WIDTH = 80


@dataclass(frozen=True)
class Violation:
    """One validation result, as printable strings."""

    shape: str  # pgsh:Target-targetYear, or parent/path for an unnamed property shape
    focus: str
    path: str | None
    value: str | None
    message: str  # English
    message_zh: str | None
    component: str  # MinCount, Datatype, SPARQL …
    severity: str = "Violation"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate_graph`; ``conforms`` is True when there is no violation."""

    conforms: bool
    violations: tuple[Violation, ...]  # every result, warnings included (see errors / warnings)
    triples: int
    seconds: float
    inference: str = "none"
    graph: Graph | None = field(default=None, repr=False, compare=False)  # pySHACL's report graph

    @property
    def errors(self) -> tuple[Violation, ...]:
        """Results of severity Violation (those that make the graph non-conforming)."""
        return tuple(v for v in self.violations if v.severity == "Violation")

    @property
    def warnings(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.severity != "Violation")

    def by_shape(self) -> list[tuple[str, list[Violation]]]:
        """Results grouped by shape: violations before warnings, most frequent first, then by name."""
        groups: dict[str, list[Violation]] = {}
        for v in self.violations:
            groups.setdefault(v.shape, []).append(v)
        return sorted(groups.items(), key=lambda kv: (kv[1][0].severity != "Violation", -len(kv[1]), kv[0]))


# --------------------------------------------------------------------------- shipped graphs


@cache
def _shipped(name: str) -> Graph:
    text = resources.files("plangraph.schema").joinpath(name).read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def ontology_graph() -> Graph:
    """A fresh copy of the plangraph ontology (``schema/plangraph.ttl``)."""
    return _copy(_shipped("plangraph.ttl"))


def shapes_graph() -> Graph:
    """A fresh copy of the SHACL shapes (``schema/shapes.ttl``)."""
    return _copy(_shipped("shapes.ttl"))


def _copy(g: Graph) -> Graph:
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    out += g
    return out


@cache
def _defined_terms() -> frozenset[URIRef]:
    ont = _shipped("plangraph.ttl")
    return frozenset(s for s in ont.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(PG))


# --------------------------------------------------------------------------- validation


def validate_graph(data_graph: Graph, inference: Inference = "none") -> ValidationReport:
    """Validate ``data_graph`` (a Graph, or a Dataset read as the union of its graphs).

    Without inference the graph is validated where it is, with the ontology's ``rdfs:subClassOf``
    axioms added for the duration of the call when it lacks them (copying 80k triples costs more than
    the validation of most shapes). With ``inference="rdfs"`` a copy with the whole ontology is used.
    Either way the caller's graph is the same afterwards.
    """
    started = time.perf_counter()
    if isinstance(data_graph, rdflib.Dataset | rdflib.ConjunctiveGraph):
        union = Graph()
        for s, p, o, _ in data_graph.quads((None, None, None, None)):
            union.add((s, p, o))
        data_graph = union
    triples = len(data_graph)
    violations = _undefined_terms(data_graph)

    if inference == "none":
        work = data_graph
        added = [t for t in _subclass_axioms() if t not in work]
    else:
        work = _copy(data_graph)
        work += _shipped("plangraph.ttl")
        added = []
    for t in added:
        work.add(t)
    try:
        shapes = _shipped("shapes.ttl")
        _conforms, report_graph, _text = pyshacl.validate(
            work,
            shacl_graph=_core_shapes(),
            inference=inference,
            inplace=True,
            abort_on_first=False,
            allow_warnings=True,
            meta_shacl=False,
            advanced=False,
        )
        violations += [_violation(report_graph, shapes, r) for r in report_graph.subjects(RDF.type, SH.ValidationResult)]
        for constraint in _sparql_constraints():
            violations += constraint.run(work)
    finally:
        for t in added:
            work.remove(t)
    violations.sort(key=lambda v: (v.shape, v.focus, v.path or "", v.value or ""))
    return ValidationReport(
        conforms=not any(v.severity == "Violation" for v in violations),
        violations=tuple(violations),
        triples=triples,
        seconds=time.perf_counter() - started,
        inference=inference,
        graph=report_graph,
    )


@cache
def _subclass_axioms() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
    """The ontology's rdfs:subClassOf axioms between named classes (pg:Table ⊑ pg:Section …)."""
    ont = _shipped("plangraph.ttl")
    return tuple(
        sorted((s, RDFS.subClassOf, o) for s, o in ont.subject_objects(RDFS.subClassOf) if isinstance(o, URIRef))
    )


def _undefined_terms(g: Graph) -> list[Violation]:
    """One violation per pg: class or property the data uses but the ontology does not define."""
    defined = _defined_terms()
    used = {p for p in g.predicates(unique=True) if isinstance(p, URIRef) and p.startswith(PG)}
    used |= {c for c in g.objects(None, RDF.type, unique=True) if isinstance(c, URIRef) and c.startswith(PG)}
    out = []
    for term in sorted(used - defined):
        example = g.value(None, RDF.type, term) if (None, RDF.type, term) in g else next(g.subjects(term, None))
        out.append(
            Violation(
                shape=_UNDEFINED_SHAPE,
                focus=_show(example),
                path=None,
                value=_show(term),
                message="A pg: term is used in the data but not defined in the plangraph ontology.",
                message_zh="数据中使用了 plangraph 本体未定义的 pg: 术语。",
                component="DefinedTerm",
            )
        )
    return out


def _violation(report: Graph, shapes: Graph, result: rdflib.term.Node) -> Violation:
    messages = list(report.objects(result, SH.resultMessage))
    en = [str(m) for m in messages if getattr(m, "language", None) == "en"]
    zh = [str(m) for m in messages if getattr(m, "language", None) == "zh"]
    other = [str(m) for m in messages if getattr(m, "language", None) not in ("en", "zh")]
    path = report.value(result, SH.resultPath)
    value = report.value(result, SH.value)
    component = report.value(result, SH.sourceConstraintComponent)
    severity = report.value(result, SH.resultSeverity)
    return Violation(
        shape=_shape_name(shapes, report.value(result, SH.sourceShape)),
        focus=_show(report.value(result, SH.focusNode)),
        path=_show(path) if path is not None else None,
        value=_show(value) if value is not None else None,
        message=(en or other or ["(no message)"])[0],
        message_zh=zh[0] if zh else None,
        component=str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent") if component else "",
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
    )


def _shape_name(shapes: Graph, shape: rdflib.term.Node | None) -> str:
    if shape is None:
        return "?"
    if isinstance(shape, BNode):  # an inline property shape: name it after its parent and path
        parent = shapes.value(None, SH.property, shape)
        path = shapes.value(shape, SH.path)
        if parent is not None and path is not None:
            return f"{_shape_name(shapes, parent)}/{_show(path)}"
        return "(anonymous shape)"
    return _show(shape)


def _show(term: rdflib.term.Node | None) -> str:
    """A term as a short readable string: prefixed names for vocabulary, full IRIs for instances."""
    if term is None:
        return "—"
    if isinstance(term, URIRef):
        for prefix, ns in _PREFIXES.items():
            if term.startswith(ns) and term[len(ns):].replace("-", "_").isidentifier():
                return f"{prefix}:{term[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = rdflib.Literal(str(term)).n3()  # quoted and escaped
    if term.language:
        text += f"@{term.language}"
    elif term.datatype is not None:
        text += f"^^{_show(term.datatype)}"
    return text if len(text) <= _VALUE_WIDTH else text[: _VALUE_WIDTH - 1] + "…"


# --------------------------------------------------------------------------- SPARQL-based constraints
#
# pySHACL hands every SPARQL-based constraint to rdflib as query text once per focus node, and rdflib
# parses it anew each time: 60-160 ms per node, minutes for a real graph. So the shapes given to pySHACL
# leave those constraints out, and each one runs here once over the whole graph: natively when this
# module knows the shape (same semantics as its SPARQL, checked by tests/test_ontology.py), otherwise
# as its own query, prepared once, with results kept for the shape's focus nodes.


@dataclass(frozen=True)
class _SparqlConstraint:
    shape: URIRef
    target_classes: tuple[URIRef, ...]
    target_nodes: tuple[rdflib.term.Node, ...]
    query: str  # with PREFIX lines
    message: str
    message_zh: str | None

    def focus_nodes(self, g: Graph) -> set[rdflib.term.Node]:
        nodes = set(self.target_nodes)
        for cls in self.target_classes:
            for sub in g.transitive_subjects(RDFS.subClassOf, cls):
                nodes.update(g.subjects(RDF.type, sub))
        return nodes

    def run(self, g: Graph) -> list[Violation]:
        focus = self.focus_nodes(g)
        if not focus:
            return []
        native = _NATIVE.get(self.shape)
        if native is not None:
            rows = native(g, focus)
        else:
            rows = [(r[0], r[1] if len(r) > 1 else None) for r in g.query(self.query) if r[0] in focus]
        return [
            Violation(
                shape=_show(self.shape),
                focus=_show(node),
                path=None,
                value=_show(value) if value is not None else None,
                message=self.message,
                message_zh=self.message_zh,
                component="SPARQL",
            )
            for node, value in sorted(set(rows), key=lambda r: (str(r[0]), str(r[1])))
        ]


@cache
def _core_shapes() -> Graph:
    """The shipped shapes without their SPARQL-based constraints (run by :func:`_sparql_constraints`)."""
    core = _copy(_shipped("shapes.ttl"))
    for shape, constraint in list(core.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
    return core


@cache
def _sparql_constraints() -> tuple[_SparqlConstraint, ...]:
    shapes = _shipped("shapes.ttl")
    out = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        if rdflib.Literal(True) in (shapes.value(constraint, SH.deactivated), shapes.value(shape, SH.deactivated)):
            continue
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for decl in shapes.objects(constraint, SH.prefixes)
            for d in shapes.objects(decl, SH.declare)
        )
        messages = list(shapes.objects(constraint, SH.message)) or list(shapes.objects(shape, SH.message))
        en = [str(m) for m in messages if getattr(m, "language", None) != "zh"]
        zh = [str(m) for m in messages if getattr(m, "language", None) == "zh"]
        out.append(
            _SparqlConstraint(
                shape=shape,
                target_classes=tuple(shapes.objects(shape, SH.targetClass)),
                target_nodes=tuple(shapes.objects(shape, SH.targetNode)),
                query=prefixes + str(shapes.value(constraint, SH.select)),
                message=en[0] if en else "(no message)",
                message_zh=zh[0] if zh else None,
            )
        )
    return tuple(out)


_Rows = list[tuple[rdflib.term.Node, rdflib.term.Node | None]]


_INTEGER_TYPES = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger}


def _int(term: rdflib.term.Node) -> int | None:
    """An integer-typed literal as an int (SPARQL compares offsets by value); None otherwise."""
    if isinstance(term, rdflib.Literal) and term.datatype in _INTEGER_TYPES:
        try:
            return int(str(term))
        except ValueError:
            return None
    return None


def _year(term: rdflib.term.Node) -> int | None:
    """Any literal whose text is an integer, as the shapes' ``xsd:integer(STR(?year))`` reads it."""
    if not isinstance(term, rdflib.Literal):
        return None
    try:
        return int(str(term).strip())
    except ValueError:
        return None


def _pairs_out_of_order(g: Graph, focus: set, first: URIRef, second: URIRef) -> _Rows:
    """Focus nodes with a ``first`` value greater than a ``second`` value (as integers)."""
    rows: _Rows = []
    for node in focus:
        for a in g.objects(node, first):
            if any(_year(a) is not None and _year(b) is not None and _year(a) > _year(b) for b in g.objects(node, second)):
                rows.append((node, a))
    return rows


def _single(g: Graph, node: rdflib.term.Node, prop: URIRef) -> rdflib.term.Node | None:
    values = list(g.objects(node, prop))
    return values[0] if len(values) == 1 else None


def _offset_order(g: Graph, focus: set) -> _Rows:
    rows: _Rows = []
    for node in focus:
        start, end = _single(g, node, PG.startOffset), _single(g, node, PG.endOffset)
        if start is not None and end is not None and None not in (_int(start), _int(end)) and _int(start) > _int(end):
            rows.append((node, start))
    return rows


def _quote_length(g: Graph, focus: set) -> _Rows:
    rows: _Rows = []
    for node in focus:
        quote = _single(g, node, PG.quote)
        start, end = _single(g, node, PG.startOffset), _single(g, node, PG.endOffset)
        if quote is None or start is None or end is None:
            continue
        s, e = _int(start), _int(end)
        if s is not None and e is not None and e >= s and len(str(quote)) != e - s:
            rows.append((node, quote))
    return rows


def _document_periods(g: Graph, focus: set) -> _Rows:
    return _pairs_out_of_order(g, focus, PG.periodStart, PG.periodEnd) + _pairs_out_of_order(
        g, focus, PG.periodEnd, PG.outlookYear
    )


def _baseline_order(g: Graph, focus: set) -> _Rows:
    return _pairs_out_of_order(g, focus, PG.baselineYear, PG.targetYear)


def _project_period(g: Graph, focus: set) -> _Rows:
    rows: _Rows = []
    for node in focus:
        ends = [e for e in map(_year, g.objects(node, PG.endYear)) if e is not None]
        if not list(g.objects(node, PG.endYear)):
            continue
        for start in g.objects(node, PG.startYear):
            s = _year(start)
            if s is not None and not any(e >= s for e in ends):
                rows.append((node, start))
    return rows


def _cycles(prop: URIRef) -> Callable[[Graph, set], _Rows]:
    """Focus nodes with a ``prop`` value from which ``prop*`` leads back to them."""

    def check(g: Graph, focus: set) -> _Rows:
        rows: _Rows = []
        for node in focus:
            for parent in g.objects(node, prop):
                seen: set = set()
                stack = [parent]
                while stack:
                    cur = stack.pop()
                    if cur == node:
                        rows.append((node, parent))
                        break
                    if cur in seen:
                        continue
                    seen.add(cur)
                    stack.extend(g.objects(cur, prop))
        return rows

    return check


# Shape → native check with the same results as the shape's SPARQL query.
_NATIVE: dict[URIRef, Callable[[Graph, set], _Rows]] = {
    PGSH.PlanDocumentPeriodOrderShape: _document_periods,
    PGSH.SectionTreeShape: _cycles(DCTERMS.isPartOf),
    PGSH.RecordOffsetOrderShape: _offset_order,
    PGSH.RecordQuoteLengthShape: _quote_length,
    PGSH.TargetBaselineOrderShape: _baseline_order,
    PGSH.ProjectPeriodOrderShape: _project_period,
    PGSH.PlaceWithinCycleShape: _cycles(PG.within),
}


# --------------------------------------------------------------------------- printing


def format_report(report: ValidationReport, limit: int = 5) -> str:
    """Results grouped and counted by shape, most frequent first; ``limit`` rows per shape."""
    seconds = f"{report.seconds:.1f} s" if report.seconds >= 0.05 else None
    checked = f"{report.triples:,} triples checked" + (f" in {seconds}" if seconds else "")
    if not report.violations:
        return f"No violations ({checked})."
    groups = report.by_shape()
    errors, warnings = len(report.errors), len(report.warnings)
    counts = [_plural(errors, "violation") if errors else "No violations"]
    if warnings:
        counts.append(_plural(warnings, "warning"))
    lines = [f"{', '.join(counts)} in {_plural(len(groups), 'shape')} ({checked})"]
    for shape, items in groups:
        first = items[0]
        components = sorted({v.component for v in items})
        kind = ", ".join(components) + ("" if first.severity == "Violation" else f", {first.severity.lower()}")
        lines.append("")
        lines.append(f"{shape} ({len(items)}) [{kind}]")
        lines.append(f"  {first.message}")
        if first.message_zh:
            lines.append(f"  {first.message_zh}")
        for v in items[:limit]:
            parts = [f"focus {v.focus}"]
            if v.path:
                parts.append(f"path {v.path}")
            if v.value and v.value != v.focus:
                parts.append(f"value {v.value}")
            if len(components) > 1:
                parts.append(f"[{v.component}]")
            if v.message != first.message:
                parts.append(f"({v.message})")
            lines.append("  - " + "  ".join(parts))
        if len(items) > limit:
            lines.append(f"  … and {len(items) - limit} more")
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


# --------------------------------------------------------------------------- reading graph files


def load_graph_file(path: str | Path) -> Graph:
    """Read a .ttl, .nt, .nq or .trig file into one Graph (the union of its named graphs).

    Raises :class:`PlangraphInputError` with a one-line message when the file is missing, of an
    unknown kind or malformed (``malformed Turtle: <reason> (line N)``).
    """
    path = Path(path)
    spec = _FORMATS.get(path.suffix.lower())
    if spec is None:
        known = " ".join(sorted(_FORMATS))
        raise PlangraphInputError(path, f"unknown graph file type '{path.suffix or '(none)'}' (use {known})")
    if not path.exists():
        raise PlangraphInputError(path, "no such file")
    if path.is_dir():
        raise PlangraphInputError(path, "is a folder, not a graph file")
    rdflib_format, ox_format, name = spec
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PlangraphInputError(path, f"cannot be read ({e.strerror})") from None
    if not data.strip():
        raise PlangraphInputError(path, "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PlangraphInputError(path, f"malformed {name}: not UTF-8 text (byte {e.start})") from None

    try:
        with quiet_logger("rdflib.term"):
            if rdflib_format in _QUAD_FORMATS:
                ds = rdflib.Dataset()
                ds.parse(data=text, format=rdflib_format)
                graph = Graph()
                for s, p, o, _ in ds.quads((None, None, None, None)):
                    graph.add((s, p, o))
                for prefix, ns in ds.namespaces():
                    graph.bind(prefix, ns, override=False)
            else:
                graph = Graph().parse(data=text, format=rdflib_format)
    except Exception as e:  # noqa: BLE001 - every parser failure becomes one line naming the file
        raise PlangraphInputError(path, f"malformed {name}: {_parse_problem(e, data, ox_format)}") from None
    return graph


def _parse_problem(error: Exception, data: bytes, ox_format: str) -> str:
    """One line: the parser's reason and the line it stopped at."""
    why = getattr(error, "_why", None)  # rdflib's Turtle/TriG BadSyntax
    lines = getattr(error, "lines", None)
    if why is not None and isinstance(lines, int):
        return _one_line(f"{why} (line {lines + 1})")
    located = _locate_with_oxigraph(data, ox_format)  # N-Triples/N-Quads errors carry no line number
    if located:
        return located
    return _one_line(str(error))


def _locate_with_oxigraph(data: bytes, ox_format: str) -> str | None:
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        return None
    try:
        for _ in pyoxigraph.parse(data, format=getattr(pyoxigraph.RdfFormat, ox_format)):
            pass
    except SyntaxError as e:
        reason = str(e).split(": ", 1)[-1]  # "Parser error at line 3 column 1: <reason> (line 3)"
        reason = reason.rsplit(" (line ", 1)[0]
        return _one_line(f"{reason} (line {e.lineno})" if e.lineno else reason)
    except Exception:  # noqa: BLE001 - only a locator; fall back to rdflib's own message
        return None
    return None


def _one_line(text: str, width: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"



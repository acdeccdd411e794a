"""What changed between two versions of a plan, at the level a policy analyst reads.

Two builds of a plan are compared entity by entity, not triple by triple. Record IRIs contain the
document id, so a re-published copy shares almost no triples with the original; the diff matches
records by their stable identity instead:

- targets and observations by indicator concept + scope + year (+ period), then, for what is
  left, by the same identity with one of scope/year changed, then by a reworded indicator label
  with the same scope, year and figure — so a reworded indicator is *changed*, not removed + added;
- projects, organisations, places and indicators by IRI (content-derived keys), then by
  ``pg:normalisedKey`` and labels; a body that disappears where another appears in the same task
  rows or sentences is *renamed*;
- tasks by their key and place in the document, then by description similarity;
- sections by heading sequence (difflib over the heading list), then by equal or similar heading;
  a section whose parent (still present on both sides) differs, or whose order among its
  siblings changed, is *moved*;
- paragraphs (only when documents are given: paragraphs are not in the graph) by content: equal
  texts anchor the alignment, the gaps are aligned by character-bigram similarity, neighbours
  absorb split or merged paragraphs. Reworded paragraphs get a similarity figure and a short
  jieba-token diff; a word swapped for another where the sentence changed only that word is a
  renamed *term*, reported once with its count.

Text is compared on a canonical view (simplified script, NFKC, no whitespace), so a copy with
other line wrapping, full-width punctuation or spacing gives ``changes == []``.

Cost: linear in the graph size to index both graphs (a few seconds per 10^6 triples); the section
and paragraph alignments are quadratic in the size of a *changed* region (equal runs are anchored
first), and jieba runs only on paragraph pairs that differ. Building documents on the fly
(:func:`diff_paths` on documents or folders) costs what ``plangraph build`` costs.

>>> old = '''@prefix pg: <https://w3id.org/plangraph/ontology#> .
... @base <https://w3id.org/plangraph/id/> .
... <doc/a> a pg:PlanDocument .
... <target/a/1> a pg:Target ; pg:inDocument <doc/a> ; pg:indicator <indicator/x> ;
...     pg:indicatorLabel "高速公路里程"@zh ; pg:value 600.0 ; pg:unit "公里" ; pg:targetYear 2027 .
... '''
>>> d = diff_graphs(parse_graph(old), parse_graph(old.replace("600.0", "656.0")))
>>> [(c.kind, c.change, c.label, c.to_json()["fields"]) for c in d.changes]
[('target', 'changed', '高速公路里程', {'value': {'old': 600, 'new': 656}})]
>>> diff_graphs(parse_graph(old), parse_graph(old)).changes
[]
"""

from __future__ import annotations

import functools
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from pathlib import Path

from plangraph.errors import PlangraphInputError
from plangraph.pipeline import iris
from plangraph.pipeline.simplify import simplified_view

__all__ = [
    "KINDS",
    "CHANGES",
    "DIFF_TERMS",
    "Change",
    "Diff",
    "Version",
    "diff_graphs",
    "diff_paths",
    "diff_versions",
    "read_version",
    "diff_command",
    "parse_graph",
    "render",
    "render_markdown",
    "render_json",
    "render_turtle",
]

KINDS = ("target", "observation", "project", "task", "organisation", "place", "indicator", "term",
         "section", "paragraph")
CHANGES = ("added", "removed", "changed", "renamed", "moved")
FORMATS = ("md", "json", "ttl")

PG = iris.PG
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"

GRAPH_SUFFIXES = {".ttl": "TURTLE", ".nq": "N_QUADS", ".nt": "N_TRIPLES", ".trig": "TRIG"}

# Thresholds, each the smallest similarity that still reads as "the same thing, edited".
PARAGRAPH_PAIR = 0.5  # character-bigram Dice of two paragraphs aligned in order
PARAGRAPH_MOVED = 0.8  # … of two paragraphs found out of order
SECTION_HEADING = 0.6  # difflib ratio of two headings in the same gap
TASK_PAIR = 0.55  # bigram Dice of two task descriptions
LABEL_REWORDED = 0.5  # difflib ratio of two indicator labels of otherwise equal targets
NAME_REWORDED = 0.7  # … of two project names with the same figures
TERM_MAX_CHARS = 12  # a renamed term is a word or short phrase
DIFF_CONTEXT = 2  # jieba tokens of context around each hunk of an inline diff
DIFF_HUNKS = 8  # hunks shown per inline diff

# jieba part-of-speech flags that can head a Chinese noun phrase (the head comes last).
_NOUN_HEADS = frozenset({"n", "nr", "ns", "nt", "nz", "ng", "nrt", "nrfg", "j", "vn", "l", "eng"})
# … and those a swapped modifier may be extended with (投资 → 互助 + 基金).
_NOUN_EXTEND = frozenset({"n", "nr", "ns", "nt", "nz", "ng", "nrt", "nrfg", "j"})
# A swapped modifier is nominal (投资, 文化广电), never a function word, adverb, numeral or idiom.
_NOMINAL = frozenset({"n", "nr", "ns", "nt", "nz", "ng", "nrt", "nrfg", "j", "vn", "b", "an"})
_FUNCTION_WORDS = frozenset({"c", "p", "u", "uj", "ul", "uv", "uz", "ug", "ud", "d", "r", "m", "q", "eng",
                             "x", "i", "y", "e", "o", "f"})


# --------------------------------------------------------------------------------------------
# Public records


@dataclass(frozen=True)
class Change:
    """One change an analyst reads: a target whose value moved, a project that vanished …

    ``fields`` maps a field name to ``{"old": …, "new": …}`` (one side ``None`` when the node was
    added or removed). ``extra`` holds what only some kinds have: similarity, diff, count,
    section, document, rows.
    """

    kind: str
    change: str
    label: str
    id: str
    old_id: str | None = None
    new_id: str | None = None
    fields: dict = field(default_factory=dict)
    old_quote: str | None = None
    new_quote: str | None = None
    extra: dict = field(default_factory=dict)
    # (doc IRI, start, end) of the text on each side, for explaining paragraph edits; not output.
    spans: tuple = field(default=((), ()), repr=False, compare=False)

    def to_json(self) -> dict:
        out = {"kind": self.kind, "change": self.change, "id": self.id, "label": self.label,
               "fields": {k: {"old": _jsonable(v["old"]), "new": _jsonable(v["new"])} for k, v in self.fields.items()},
               "old_id": self.old_id, "new_id": self.new_id,
               "old_quote": self.old_quote, "new_quote": self.new_quote}
        out.update({k: _jsonable(v) for k, v in self.extra.items()})
        return out


@dataclass
class Diff:
    """The changes between two versions, with both sides described and raw triple counts."""

    old: dict
    new: dict
    changes: list[Change]
    triples: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, dict[str, int]]:
        counts = Counter((c.kind, c.change) for c in self.changes)
        return {k: {ch: counts[(k, ch)] for ch in CHANGES} for k in KINDS}

    def of(self, kind: str, change: str | None = None) -> list[Change]:
        return [c for c in self.changes if c.kind == kind and (change is None or c.change == change)]

    def to_json(self) -> dict:
        return {"format": "plangraph-diff/1", "old": self.old, "new": self.new, "summary": self.summary(),
                "changes": [c.to_json() for c in self.changes], "triples": self.triples, "notes": self.notes}


# --------------------------------------------------------------------------------------------
# Graph index: subject → predicate → values, from pyoxigraph or rdflib data


class _IRI(str):
    """An IRI value, told apart from a string literal."""

    __slots__ = ()


def _literal_value(lex: str, datatype: str | None, lang: str | None):
    if lang or not datatype:
        return lex
    local = datatype.rsplit("#", 1)[-1] if datatype.startswith(XSD) else ""
    try:
        if local in ("decimal", "double", "float"):
            return Decimal(lex)
        if local in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger", "short"):
            return int(lex)
        if local == "gYear":
            return int(lex[:5] if lex.startswith("-") else lex[:4])
    except (InvalidOperation, ValueError):
        return lex
    return lex


class _Index:
    """A graph as the diff reads it: predicate values per subject, types, and raw triples."""

    def __init__(self, triples: Iterable[tuple[tuple, tuple, tuple]]):
        props: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        raw: set[tuple] = set()
        for s, p, o in triples:
            raw.add((s, p, o))
            if o[0] == "L":
                value = _literal_value(o[1], o[2], o[3])
            else:
                value = _IRI(o[1])
            props[s[1]][p[1]].add(value)
        self.raw = raw
        self.props: dict[str, dict[str, list]] = {
            s: {p: sorted(vs, key=_sort_key) for p, vs in ps.items()} for s, ps in props.items()
        }
        self.types: dict[str, list[str]] = defaultdict(list)
        for s, ps in self.props.items():
            for t in ps.get(RDF_TYPE, ()):
                self.types[t].append(s)
        for t in self.types:
            self.types[t].sort()

    def all(self, s: str, p: str) -> list:
        return self.props.get(s, {}).get(p, [])

    def one(self, s: str, p: str):
        vs = self.all(s, p)
        return vs[0] if vs else None

    def of_type(self, local: str) -> list[str]:
        return self.types.get(PG + local, [])

    def label(self, s: str | None) -> str | None:
        if s is None:
            return None
        return self.one(s, RDFS + "label") or self.one(s, SKOS + "prefLabel") or str(s).rsplit("/", 1)[-1]


def _sort_key(v) -> tuple:
    if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
        return (0, "", v)
    return (1, type(v).__name__, str(v))


def _ox_term(t) -> tuple:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return ("I", t.value)
    if isinstance(t, ox.BlankNode):
        return ("B", t.value)
    if isinstance(t, ox.Literal):
        return ("L", t.value, t.datatype.value if t.datatype else None, t.language)
    return ("T", str(t))


def _rdflib_term(t) -> tuple:
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, URIRef):
        return ("I", str(t))
    if isinstance(t, BNode):
        return ("B", str(t))
    if isinstance(t, Literal):
        dt = str(t.datatype) if t.datatype else (None if t.language else XSD + "string")
        return ("L", str(t), dt, t.language)
    return ("T", str(t))


def _triples_of(data) -> Iterable[tuple[tuple, tuple, tuple]]:
    """Triples from an rdflib Graph/Dataset, a pyoxigraph Store, or pyoxigraph quads/triples."""
    import pyoxigraph as ox

    if isinstance(data, ox.Store):
        data = data.quads_for_pattern(None, None, None, None)
    try:
        import rdflib

        if isinstance(data, rdflib.Graph):
            for s, p, o in data.triples((None, None, None)) if not isinstance(data, rdflib.Dataset) else (
                    (q[0], q[1], q[2]) for q in data.quads((None, None, None, None))):
                yield _rdflib_term(s), _rdflib_term(p), _rdflib_term(o)
            return
    except ImportError:  # pragma: no cover - rdflib is a dependency
        pass
    for q in data:
        yield _ox_term(q.subject), _ox_term(q.predicate), _ox_term(q.object)


def _index_of(data) -> _Index:
    return data if isinstance(data, _Index) else _Index(_triples_of(data))


def parse_graph(text: str | bytes, fmt: str = "TURTLE") -> _Index:
    """A graph from Turtle (or N-Quads, N-Triples, TriG) text, ready for :func:`diff_graphs`."""
    import pyoxigraph as ox

    return _Index(_triples_of(ox.parse(text, getattr(ox.RdfFormat, fmt))))


def _load_graph_file(path: Path) -> _Index:
    import pyoxigraph as ox

    fmt = GRAPH_SUFFIXES[path.suffix.lower()]
    try:
        index = _Index(_triples_of(ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt))))
    except (SyntaxError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise PlangraphInputError(path, f"not valid {fmt.replace('_', '-').title()}: {first}") from None
    except OSError as e:
        raise PlangraphInputError(path, f"cannot read: {e.strerror or e}") from None
    if not index.raw:
        raise PlangraphInputError(path, "holds no triples")
    if not any(t.startswith(PG) for t in index.types):
        raise PlangraphInputError(path, "holds no plangraph data (no pg: typed nodes)")
    return index


# --------------------------------------------------------------------------------------------
# Text helpers


def _canon_char(ch: str) -> str:
    return "" if ch.isspace() else unicodedata.normalize("NFKC", ch)


def _canon_map(text: str, simplified: str | None = None, base: int = 0) -> tuple[str, list[int]]:
    """The canonical view of ``text`` and, per canonical character, its offset in the original."""
    src = simplified if simplified is not None else simplified_view(text)
    out: list[str] = []
    omap: list[int] = []
    for k, ch in enumerate(src):
        c = _canon_char(ch)
        out.append(c)
        omap.extend([base + k] * len(c))
    omap.append(base + len(src))
    return "".join(out), omap


_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)
def _canon(text: str | None) -> str:
    """Simplified script, NFKC (full-width punctuation and letters to their plain forms), no
    whitespace: the view on which two texts are equal or not."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", simplified_view(text))) if text else ""


_NOT_WORD = re.compile(r"[^\w]|_")


@functools.lru_cache(maxsize=4096)
def _bare(text: str | None) -> str:
    """The canonical view without punctuation: how names and labels are compared
    (彩虹快速路—钱滨线工程 = 彩虹快速路钱滨线工程)."""
    return _NOT_WORD.sub("", _canon(text))


def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i : i + 2] for i in range(len(s) - 1)) if len(s) > 1 else frozenset([s])


def _dice(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _ratio(a: str | None, b: str | None) -> float:
    return SequenceMatcher(None, _canon(a), _canon(b), autojunk=False).ratio()


_jieba_ready = False


def _tokens(text: str) -> list[str]:
    global _jieba_ready
    import jieba

    if not _jieba_ready:
        jieba.setLogLevel(60)
        jieba.initialize()
        _jieba_ready = True
    return jieba.lcut(text, HMM=True)


@functools.lru_cache(maxsize=8192)
def _pos(text: str) -> tuple[tuple[str, str], ...]:
    import jieba.posseg as pseg

    _tokens("")
    return tuple((w.word, w.flag) for w in pseg.lcut(text))


_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")
_TERM_CHARS = re.compile(r"^[\u4e00-\u9fffA-Za-z]+$")
_SENTENCE_END = "。！？；!?;"


def _trivial(s: str) -> bool:
    """Punctuation or symbols only: not a change of content."""
    return not _CONTENT.search(s)


def _short(s: str | None, n: int = 60) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


# --------------------------------------------------------------------------------------------
# Alignment


def _align(n: int, m: int, key_a: Sequence, key_b: Sequence, sim: Callable[[int, int], float],
           threshold: float) -> list[tuple[int, int, float]]:
    """Order-preserving pairs: equal keys anchor (difflib); each gap is aligned by a DP that
    maximises the summed similarity of pairs at or above ``threshold``."""
    pairs: list[tuple[int, int, float]] = []
    sm = SequenceMatcher(None, list(key_a), list(key_b), autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            pairs.extend((i1 + k, j1 + k, 1.0) for k in range(i2 - i1))
        elif tag == "replace":
            pairs.extend(_dp(list(range(i1, i2)), list(range(j1, j2)), sim, threshold))
    return pairs


def _dp(rows: list[int], cols: list[int], sim, threshold: float) -> list[tuple[int, int, float]]:
    n, m = len(rows), len(cols)
    if n * m > 2_000_000:  # a huge unanchored gap: pair greedily instead
        return _greedy([(sim(i, j), i, j) for i in rows for j in cols], threshold)
    s = [[sim(i, j) for j in cols] for i in rows]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(1, n + 1):
        row, prev, sa = best[a], best[a - 1], s[a - 1]
        for b in range(1, m + 1):
            v = prev[b] if prev[b] >= row[b - 1] else row[b - 1]
            x = sa[b - 1]
            if x >= threshold and prev[b - 1] + x > v:
                v = prev[b - 1] + x
            row[b] = v
    out = []
    a, b = n, m
    while a and b:
        x = s[a - 1][b - 1]
        if x >= threshold and abs(best[a][b] - (best[a - 1][b - 1] + x)) < 1e-12:
            out.append((rows[a - 1], cols[b - 1], x))
            a, b = a - 1, b - 1
        elif best[a - 1][b] >= best[a][b - 1]:
            a -= 1
        else:
            b -= 1
    return out[::-1]


def _greedy(scored: list[tuple[float, int, int]], threshold: float) -> list[tuple[int, int, float]]:
    used_a, used_b, out = set(), set(), []
    for score, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if score >= threshold and i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j, score))
    return sorted(out)


# --------------------------------------------------------------------------------------------
# What the diff reads from a graph


@dataclass
class _Node:
    iri: str
    doc: str | None
    label: str
    fields: dict
    ident: dict = field(default_factory=dict)  # identities used for matching (IRIs, keys)
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    section: str | None = None

    @property
    def span(self) -> tuple:
        return ((self.doc, self.start, self.end),) if self.doc and self.start is not None else ()


@dataclass
class Version:
    """One side of a diff: its graph and, when documents were given, their segmented text."""

    source: str
    index: _Index
    docs: dict[str, object] | None = None  # doc IRI → SegmentedDoc, when documents were given
    skipped: list[str] = field(default_factory=list)

    def describe(self) -> dict:
        g = self.index
        return {"source": self.source,
                "documents": [{"id": d, "title": g.one(d, DCT + "title"), "file": g.one(d, PG + "sourceFile")}
                              for d in g.of_type("PlanDocument")]}


def _record_base(g: _Index, s: str, label: str, fields: dict) -> _Node:
    return _Node(iri=s, doc=g.one(s, PG + "inDocument"), label=label, fields=fields,
                 quote=g.one(s, PG + "quote"), start=g.one(s, PG + "startOffset"), end=g.one(s, PG + "endOffset"),
                 section=g.one(s, PROV + "wasDerivedFrom"))


def _scope(g: _Index, s: str) -> tuple[str | None, str | None]:
    """(identity, label) of a target's scope: the place IRI when linked, else the label."""
    place, label = g.one(s, PG + "scope"), g.one(s, PG + "scopeLabel")
    if place is not None:
        return str(place), label or g.label(place)
    return (f"label:{_canon(label)}" if label else None), label


def _targets(g: _Index, local: str) -> list[_Node]:
    out = []
    year_p = PG + ("targetYear" if local == "Target" else "year")
    for s in g.of_type(local):
        label = g.one(s, PG + "indicatorLabel") or ""
        scope_id, scope_label = _scope(g, s)
        fields = {
            "indicator": label,
            "value": g.one(s, PG + "value"),
            "unit": g.one(s, PG + "unit"),
            "value_text": g.one(s, PG + "valueText"),
            "comparator": g.one(s, PG + "comparator"),
            "year": g.one(s, year_p),
            "scope": scope_label,
        }
        if local == "Target":
            fields.update({
                "bindingness": g.one(s, PG + "bindingness"),
                "baseline_value": g.one(s, PG + "baselineValue"),
                "baseline_year": g.one(s, PG + "baselineYear"),
                "period": g.one(s, PG + "period"),
            })
        node = _record_base(g, s, label, fields)
        ind = g.one(s, PG + "indicator")
        node.ident = {"indicator": str(ind) if ind else f"label:{_canon(label)}", "scope": scope_id}
        out.append(node)
    return out


def _tasks(g: _Index) -> list[_Node]:
    out = []
    for s in g.of_type("Task"):
        desc = g.one(s, PG + "description") or ""
        fields = {
            "description": desc,
            "area": g.one(s, PG + "area"),
            "deadline": g.one(s, PG + "deadline"),
            "units": frozenset(map(str, g.all(s, PG + "responsibleUnit"))),
            "lead_units": frozenset(map(str, g.all(s, PG + "leadUnit"))),
            "cooperating_units": frozenset(map(str, g.all(s, PG + "cooperatingUnit"))),
        }
        node = _record_base(g, s, _short(desc, 40), fields)
        node.ident = {"key": g.one(s, PG + "taskKey")}
        out.append(node)
    return out


def _mentions(g: _Index) -> dict[str, list[tuple[str, int, int, str]]]:
    """Entity IRI → (doc, start, end, quote) of each mention, in document order."""
    out: dict[str, list] = defaultdict(list)
    for m in g.of_type("Mention"):
        ent, doc = g.one(m, PG + "mentionOf"), g.one(m, PG + "inDocument")
        if not (ent and doc):
            continue
        # One mention node per entity and section may hold several offsets; mentions do not
        # overlap, so sorted starts pair with sorted ends.
        quote = g.one(m, PG + "quote") or ""
        for start, end in zip(g.all(m, PG + "startOffset"), g.all(m, PG + "endOffset"), strict=False):
            out[str(ent)].append((str(doc), start, end, quote))
    for v in out.values():
        v.sort()
    return out


_ENTITY_CLASS = {"project": "Project", "organisation": "Organization", "place": "Place", "indicator": "Indicator"}


def _entities(g: _Index, kind: str, mentions: dict) -> dict[str, _Node]:
    out = {}
    for s in g.of_type(_ENTITY_CLASS[kind]):
        label = g.one(s, RDFS + "label") or g.one(s, SKOS + "prefLabel") or s.rsplit("/", 1)[-1]
        if kind == "project":
            fields = {
                "stage": frozenset(g.all(s, PG + "stage")),
                "investment": frozenset(g.all(s, PG + "investment")),
                "investment_unit": frozenset(g.all(s, PG + "investmentUnit")),
                "start_year": frozenset(g.all(s, PG + "startYear")),
                "end_year": frozenset(g.all(s, PG + "endYear")),
                "builder": frozenset(map(str, g.all(s, PG + "builder"))) or frozenset(
                    f"label:{b}" for b in g.all(s, PG + "builderLabel")),
                "category": frozenset(g.all(s, PG + "category")),
            }
        elif kind == "organisation":
            fields = {"full_name": g.one(s, PG + "fullName"), "jurisdiction": g.one(s, PG + "jurisdiction"),
                      "org_type": g.one(s, PG + "orgType")}
        elif kind == "place":
            fields = {"adcode": g.one(s, PG + "adcode"), "place_type": g.one(s, PG + "placeType"),
                      "within": g.one(s, PG + "within")}
        else:
            fields = {}
        alt = set(g.all(s, SKOS + "altLabel")) | {label}
        if kind == "organisation" and fields["full_name"]:
            alt.add(fields["full_name"])
        ms = mentions.get(s, [])
        node = _Node(iri=s, doc=None, label=label, fields=fields,
                     quote=ms[0][3] if ms else None)
        node.ident = {"keys": frozenset(map(str, g.all(s, PG + "normalisedKey"))), "forms": frozenset(alt),
                      "docs": frozenset(map(str, g.all(s, PG + "mentionedIn"))), "mentions": ms}
        out[s] = node
    return out


@dataclass
class _SectionNode:
    iri: str
    doc: str
    path: str
    heading: str
    kind: str
    parent: str | None
    start: int
    end: int


def _sections(g: _Index) -> dict[str, list[_SectionNode]]:
    out: dict[str, list[_SectionNode]] = defaultdict(list)
    for s in g.of_type("Section"):
        doc = g.one(s, PG + "inDocument")
        if not doc:
            continue
        out[str(doc)].append(_SectionNode(
            iri=s, doc=str(doc), path=g.one(s, PG + "sectionPath") or "", heading=g.one(s, PG + "heading") or "",
            kind=g.one(s, PG + "sectionKind") or "", parent=str(g.one(s, DCT + "isPartOf") or "") or None,
            start=g.one(s, PG + "startOffset") or 0, end=g.one(s, PG + "endOffset") or 0))
    for v in out.values():
        v.sort(key=lambda x: (x.start, x.path))
    return out


# --------------------------------------------------------------------------------------------
# The diff proper


class _Differ:
    def __init__(self, old: Version, new: Version):
        self.old, self.new = old, new
        self.a, self.b = old.index, new.index
        self.changes: list[Change] = []
        self.notes: list[str] = []
        self.doc_map: dict[str, str] = {}  # old doc IRI → new doc IRI
        self.org_map: dict[str, str] = {}  # old org IRI → new org IRI (same body)
        self.hunks: list[dict] = []  # raw replace hunks of all paragraph pairs
        self.paragraph_pairs: list[dict] = []
        # (kind, side) → labels of entities that side's text names but its graph does not hold
        self.unrecognised: dict[tuple[str, str], list[str]] = {}
        # side → doc IRI → spans of paragraphs aligned with one on the other side
        self.aligned: dict[str, dict[str, list[tuple[int, int]]]] = {"old": defaultdict(list), "new": defaultdict(list)}

    # ---- driver
    def run(self) -> Diff:
        self._documents()
        self._sections()
        if self.old.docs is not None and self.new.docs is not None:
            self._paragraphs()
        else:
            self.notes.append("paragraphs and terms are compared only when both sides are documents or folders "
                              "of documents (paragraphs are not in the graph)")
        for local, kind in (("Target", "target"), ("Observation", "observation")):
            self._targets(local, kind)
        mentions_a, mentions_b = _mentions(self.a), _mentions(self.b)
        self.ents_a = {k: _entities(self.a, k, mentions_a) for k in _ENTITY_CLASS}
        self.ents_b = {k: _entities(self.b, k, mentions_b) for k in _ENTITY_CLASS}
        self._organisations_matched()
        self._projects()
        self._places()
        self._tasks()
        self._organisations_renamed()
        self._indicators()
        self._report_paragraphs_and_terms()
        for (kind, side), labels in sorted(self.unrecognised.items()):
            other = "old" if side == "new" else "new"
            self.notes.append(f"{len(labels)} {kind}(s) of the {other} version were not recognised in the {side} "
                              f"version although its text still has them (not reported as changes): "
                              + "、".join(sorted(labels)[:10]) + (f" … (+{len(labels) - 10})" if len(labels) > 10 else ""))
        return Diff(old=self.old.describe() | {"skipped": self.old.skipped},
                    new=self.new.describe() | {"skipped": self.new.skipped},
                    changes=_ordered(self.changes), triples=self._triples(), notes=self.notes)

    def add(self, **kw) -> Change:
        c = Change(**kw)
        self.changes.append(c)
        return c

    def _triples(self) -> dict[str, int]:
        a, b = self.a.raw, self.b.raw
        both = len(a & b)
        return {"old": len(a), "new": len(b), "common": both, "removed": len(a) - both, "added": len(b) - both}

    # ---- documents
    def _documents(self) -> None:
        a_docs, b_docs = self.a.of_type("PlanDocument"), self.b.of_type("PlanDocument")
        left_a, left_b = [d for d in a_docs if d not in b_docs], [d for d in b_docs if d not in a_docs]
        self.doc_map = {d: d for d in a_docs if d in b_docs}

        def title(g, d):
            return _canon(g.one(d, DCT + "title") or "")

        by_title = defaultdict(list)
        for d in left_b:
            if title(self.b, d):
                by_title[title(self.b, d)].append(d)
        for d in list(left_a):
            t = title(self.a, d)
            if t and len(by_title.get(t, [])) == 1 and sum(title(self.a, x) == t for x in left_a) == 1:
                n = by_title[t][0]
                self.doc_map[d] = n
                left_a.remove(d)
                left_b.remove(n)
        if len(a_docs) == 1 and len(b_docs) == 1 and left_a and left_b:
            # Two documents compared on purpose: the same plan, whatever its file is called.
            self.doc_map[left_a[0]] = left_b[0]
            left_a, left_b = [], []
        elif left_a and left_b:
            fa = {d: self._fingerprint(self.old, d) for d in left_a}
            fb = {d: self._fingerprint(self.new, d) for d in left_b}
            for i, j, _ in _greedy([(_dice(fa[x], fb[y]), i, j) for i, x in enumerate(left_a)
                                    for j, y in enumerate(left_b)], 0.5):
                self.doc_map[left_a[i]] = left_b[j]
            left_a = [d for d in left_a if d not in self.doc_map]
            left_b = [d for d in left_b if d not in set(self.doc_map.values())]
        for d, n in sorted(self.doc_map.items()):
            fields = {}
            for name, p in (("title", DCT + "title"), ("identifier", DCT + "identifier"),
                            ("issued", DCT + "issued"), ("publisher", DCT + "publisher")):
                va, vb = self.a.one(d, p), self.b.one(n, p)
                if _canon(str(va or "")) != _canon(str(vb or "")):
                    fields[name] = {"old": va, "new": vb}
            if fields:
                self.add(kind="section", change="changed", label=self.b.one(n, DCT + "title") or self.a.label(d),
                         id=n, old_id=d, new_id=n, fields=fields, extra={"level": "document"})
        for d, g, change in [(d, self.a, "removed") for d in left_a] + [(d, self.b, "added") for d in left_b]:
            counts = {k: sum(1 for s in g.of_type(c) if g.one(s, PG + "inDocument") == d)
                      for k, c in (("targets", "Target"), ("observations", "Observation"), ("tasks", "Task"),
                                   ("sections", "Section"))}
            self.add(kind="section", change=change, label=g.one(d, DCT + "title") or g.label(d), id=d,
                     old_id=d if change == "removed" else None, new_id=d if change == "added" else None,
                     fields={"file": {"old": g.one(d, PG + "sourceFile") if change == "removed" else None,
                                      "new": g.one(d, PG + "sourceFile") if change == "added" else None}},
                     extra={"level": "document", "records": counts})

    @staticmethod
    def _fingerprint(v: Version, d: str) -> frozenset:
        """Character bigrams of a document's text (or, from a graph, of its headings and quotes)."""
        if v.docs and d in v.docs:
            return _bigrams(_canon(v.docs[d].document.simplified))
        g = v.index
        parts = [s.heading for s in _sections(g).get(d, [])]
        parts += [g.one(s, PG + "quote") or "" for s in g.props if g.one(s, PG + "inDocument") == d]
        return _bigrams(_canon("".join(sorted(parts))))

    def _paired(self, old_nodes: list, new_nodes: list) -> list[tuple[str, list, list]]:
        """Records grouped per paired document: (new doc, old records, new records)."""
        by_a, by_b = defaultdict(list), defaultdict(list)
        for x in old_nodes:
            by_a[str(x.doc)].append(x)
        for x in new_nodes:
            by_b[str(x.doc)].append(x)
        return [(n, by_a.get(d, []), by_b.get(n, [])) for d, n in sorted(self.doc_map.items())]

    # ---- sections
    def _sections(self) -> None:
        sa, sb = _sections(self.a), _sections(self.b)
        # doc → bare headings, to tell a task's area that vanished from one the extractor missed
        self.headings = {"old": {d: {_bare(x.heading) for x in v} for d, v in sa.items()},
                         "new": {d: {_bare(x.heading) for x in v} for d, v in sb.items()}}
        self.section_pairs: dict[str, str] = {}
        self.section_changes: list[Change] = []
        for d, n in sorted(self.doc_map.items()):
            self._sections_of(sa.get(d, []), sb.get(n, []), d, n)

    def _sections_of(self, old: list[_SectionNode], new: list[_SectionNode], d: str, n: str) -> None:
        ka, kb = [_canon(s.heading) + "|" + s.kind * (s.kind == "table") for s in old], \
                 [_canon(s.heading) + "|" + s.kind * (s.kind == "table") for s in new]
        def sim(i: int, j: int) -> float:
            r = _ratio(old[i].heading, new[j].heading)
            # The same place and kind in the tree: a reworded heading (保障措施 → 组织保障).
            if old[i].path == new[j].path and old[i].kind == new[j].kind:
                r = max(r, SECTION_HEADING)
            return r

        pairs = _align(len(old), len(new), ka, kb, sim, SECTION_HEADING)
        used_a, used_b = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
        # Equal headings out of order: the same section, moved.
        free_b = defaultdict(list)
        for j, k in enumerate(kb):
            if j not in used_b:
                free_b[k].append(j)
        for i, k in enumerate(ka):
            if i not in used_a and free_b.get(k):
                j = free_b[k].pop(0)
                pairs.append((i, j, 1.0))
                used_a.add(i)
                used_b.add(j)
        match = {old[i].iri: new[j].iri for i, j, _ in pairs}
        match[d] = n
        self.section_pairs.update(match)
        new_by_iri = {s.iri: s for s in new}
        old_index = {s.iri: i for i, s in enumerate(old)}
        # Moved: out of the reading order (outside one longest run of pairs in order). A parent
        # that changed while the text stayed in place is a heading added, removed or re-nested,
        # reported as such; a section that moved with its parent is not news.
        ordered = sorted(pairs)
        keep = _longest_increasing([j for _, j, _ in ordered])
        moved = {ordered[k][0] for k in range(len(ordered)) if k not in keep}
        position_a = {i: k + 1 for kids in _children(old).values() for k, i in enumerate(kids)}
        position_b = {j: k + 1 for kids in _children(new).values() for k, j in enumerate(kids)}
        for i, j, _ in ordered:
            o, w = old[i], new[j]
            fields = {}
            if _bare(o.heading) != _bare(w.heading):
                fields["heading"] = {"old": o.heading, "new": w.heading}
            extra = {"path": {"old": o.path, "new": w.path}}
            same_parent = match.get(o.parent) == w.parent
            if i in moved and not (same_parent and old_index.get(o.parent) in moved):
                if same_parent:
                    fields["position"] = {"old": position_a[i], "new": position_b[j]}
                else:
                    op, np = old[old_index[o.parent]] if o.parent in old_index else None, new_by_iri.get(w.parent)
                    fields["parent"] = {"old": op.heading if op else "(document)",
                                        "new": np.heading if np else "(document)"}
                c = self.add(kind="section", change="moved", label=w.heading or w.path, id=w.iri, old_id=o.iri,
                             new_id=w.iri, fields=fields, extra=extra, spans=(_sec_span(o), _sec_span(w)))
            elif fields:
                c = self.add(kind="section", change="changed", label=w.heading or w.path, id=w.iri, old_id=o.iri,
                             new_id=w.iri, fields=fields, extra=extra, spans=(_sec_span(o), _sec_span(w)))
            else:
                continue
            self.section_changes.append(c)
        for i, o in enumerate(old):
            if i not in used_a:
                c = self.add(kind="section", change="removed", label=o.heading or o.path, id=o.iri, old_id=o.iri,
                             fields={"heading": {"old": o.heading, "new": None}},
                             extra={"path": {"old": o.path, "new": None}, "section_kind": o.kind},
                             spans=(_sec_span(o), ()))
                self.section_changes.append(c)
        for j, w in enumerate(new):
            if j not in used_b:
                c = self.add(kind="section", change="added", label=w.heading or w.path, id=w.iri, new_id=w.iri,
                             fields={"heading": {"old": None, "new": w.heading}},
                             extra={"path": {"old": None, "new": w.path}, "section_kind": w.kind},
                             spans=((), _sec_span(w)))
                self.section_changes.append(c)

    # ---- targets and observations
    def _targets(self, local: str, kind: str) -> None:
        for _n, old, new in self._paired(_targets(self.a, local), _targets(self.b, local)):
            for o, w, how in _match_targets(old, new):
                if o is None or w is None:
                    node = o or w
                    if self._record_survives(node, "old" if o else "new", kind):
                        continue
                    self.add(kind=kind, change="removed" if o else "added", label=node.label, id=node.iri,
                             old_id=o.iri if o else None, new_id=w.iri if w else None,
                             fields={k: {"old": v if o else None, "new": v if w else None}
                                     for k, v in node.fields.items() if v is not None},
                             old_quote=o.quote if o else None, new_quote=w.quote if w else None,
                             extra=_section_extra(self, o, w), spans=(o.span if o else (), w.span if w else ()))
                    continue
                fields = _field_changes(o.fields, w.fields)
                if o.ident["scope"] == w.ident["scope"]:
                    fields.pop("scope", None)  # the same place, named differently
                if fields:
                    self.add(kind=kind, change="changed", label=w.label, id=w.iri, old_id=o.iri, new_id=w.iri,
                             fields=fields, old_quote=o.quote, new_quote=w.quote,
                             extra=_section_extra(self, o, w) | {"matched_by": how}, spans=(o.span, w.span))

    def _record_survives(self, node: _Node, side: str, kind: str) -> bool:
        """Is a record only one graph holds still written in the other document? Then the plan did
        not change there, only what was recognised in it (noted, not reported). Targets need their
        quote verbatim; tasks need their paragraph aligned with one on the other side."""
        if self.old.docs is None or self.new.docs is None or node.start is None or not node.doc:
            return False
        if kind in ("target", "observation"):
            other = self.doc_map.get(node.doc) if side == "old" else next(
                (d for d, n in self.doc_map.items() if n == node.doc), None)
            docs = self.new.docs if side == "old" else self.old.docs
            sd = docs.get(other) if other else None
            q = _bare(node.quote)
            found = sd is not None and len(q) >= 4 and q in _bare(sd.document.simplified)
        else:
            # Most of the task's text lies in paragraphs (or table rows) the other side also has.
            end = node.end if node.end and node.end > node.start else node.start + 1
            covered = sum(max(0, min(e, end) - max(s, node.start)) for s, e in self.aligned[side].get(node.doc, ()))
            found = covered >= 0.5 * (end - node.start)
        if found:
            self.unrecognised.setdefault((kind, "new" if side == "old" else "old"), []).append(_short(node.label, 30))
        return found

    # ---- entities
    def _match_entities(self, kind: str) -> tuple[list[tuple[_Node, _Node]], list[_Node], list[_Node]]:
        ea, eb = self.ents_a[kind], self.ents_b[kind]
        pairs = [(ea[i], eb[i]) for i in sorted(ea) if i in eb]
        left_a = [ea[i] for i in sorted(ea) if i not in eb]
        left_b = [eb[i] for i in sorted(eb) if i not in ea]
        for key in ("keys", "forms"):
            index = defaultdict(list)
            for x in left_b:
                for k in x.ident[key]:
                    index[_bare(k)].append(x)
            for x in list(left_a):
                cands = {y.iri: y for k in x.ident[key] for y in index.get(_bare(k), []) if y in left_b}
                if len(cands) == 1:
                    y = next(iter(cands.values()))
                    pairs.append((x, y))
                    left_a.remove(x)
                    left_b.remove(y)
        return pairs, left_a, left_b

    def _organisations_matched(self) -> None:
        pairs, self.orgs_left_a, self.orgs_left_b = self._match_entities("organisation")
        self.org_map = {x.iri: y.iri for x, y in pairs}
        for x, y in pairs:
            fields = {}
            if _bare(x.label) != _bare(y.label) and _bare(y.label) not in {_bare(f) for f in x.ident["forms"]}:
                fields["label"] = {"old": x.label, "new": y.label}
            for k in ("full_name", "jurisdiction", "org_type"):
                va, vb = x.fields[k], y.fields[k]
                if va is not None and vb is not None and str(va) != str(vb):
                    fields[k] = {"old": self.a.label(va) if k == "jurisdiction" else va,
                                 "new": self.b.label(vb) if k == "jurisdiction" else vb}
            if fields:
                self.add(kind="organisation", change="changed", label=y.label, id=y.iri, old_id=x.iri, new_id=y.iri,
                         fields=fields, old_quote=x.quote, new_quote=y.quote,
                         spans=(_mention_spans(x), _mention_spans(y)))

    def _org_names(self, g: _Index, orgs: Iterable[str]) -> list[str]:
        return sorted({o[6:] if o.startswith("label:") else (g.label(o) or o) for o in orgs})

    def _projects(self) -> None:
        pairs, left_a, left_b = self._match_entities("project")
        # A project whose key changed but whose figures did not: renamed.
        renamed = _greedy([(_ratio(x.label, y.label), i, j) for i, x in enumerate(left_a)
                           for j, y in enumerate(left_b)
                           if _same_figures(x.fields, y.fields)], NAME_REWORDED)
        for i, j, _ in renamed:
            x, y = left_a[i], left_b[j]
            self.add(kind="project", change="renamed", label=y.label, id=y.iri, old_id=x.iri, new_id=y.iri,
                     fields={"label": {"old": x.label, "new": y.label}}, old_quote=x.quote, new_quote=y.quote,
                     spans=(_mention_spans(x), _mention_spans(y)))
        gone_a = {left_a[i].iri for i, _, _ in renamed}
        gone_b = {left_b[j].iri for _, j, _ in renamed}
        self.builder_swaps: list[tuple[str, str, Change]] = []
        for x, y in pairs:
            fields, swaps = {}, []
            for k in x.fields:
                va, vb = x.fields[k], y.fields[k]
                if k == "builder":
                    va = frozenset(self.org_map.get(o, o) for o in va)
                if va != vb:
                    if k == "builder":
                        fields[k] = {"old": self._org_names(self.a, x.fields[k]), "new": self._org_names(self.b, vb)}
                        rem = [o for o in x.fields[k] if self.org_map.get(o, o) not in vb]
                        add = [o for o in vb if o not in va]
                        if len(rem) == 1 and len(add) == 1:
                            swaps.append((rem[0], add[0]))
                    else:
                        fields[k] = {"old": _one_or_list(va), "new": _one_or_list(vb)}
            if fields:
                c = self.add(kind="project", change="changed", label=y.label, id=y.iri, old_id=x.iri, new_id=y.iri,
                             fields=fields, old_quote=x.quote, new_quote=y.quote,
                             spans=(_mention_spans(x), _mention_spans(y)))
                self.builder_swaps.extend((r, a, c) for r, a in swaps)
        for x in left_a:
            if x.iri not in gone_a and not self._still_named(x, "old"):
                self.add(kind="project", change="removed", label=x.label, id=x.iri, old_id=x.iri,
                         fields=self._entity_fields(self.a, x, "old"), old_quote=x.quote,
                         spans=(_mention_spans(x), ()))
        for y in left_b:
            if y.iri not in gone_b and not self._still_named(y, "new"):
                self.add(kind="project", change="added", label=y.label, id=y.iri, new_id=y.iri,
                         fields=self._entity_fields(self.b, y, "new"), new_quote=y.quote,
                         spans=((), _mention_spans(y)))

    def _still_named(self, x: _Node, side: str) -> bool:
        """Does the other side's text still name this entity? Then it was not dropped from the plan,
        only not recognised there (documents only; a graph has no full text)."""
        docs = self.new.docs if side == "old" else self.old.docs
        if not docs:
            return False
        key = "_text_" + side
        if not hasattr(self, key):
            setattr(self, key, "\x00".join(_bare(d.document.simplified) for d in docs.values()))
        text = getattr(self, key)
        hit = next((f for f in sorted(x.ident["forms"]) if len(_bare(f)) >= 2 and _bare(f) in text), None)
        if hit:
            kind = x.iri.split("/id/", 1)[-1].split("/", 1)[0]
            kind = {"org": "organisation"}.get(kind, kind)
            self.unrecognised.setdefault((kind, "old" if side == "new" else "new"), []).append(x.label)
        return hit is not None

    def _entity_fields(self, g: _Index, x: _Node, side: str) -> dict:
        out = {}
        for k, v in x.fields.items():
            if v in (None, frozenset()):
                continue
            if k == "builder":
                v = self._org_names(g, v)
            elif k in ("jurisdiction", "within"):
                v = g.label(v)
            else:
                v = _one_or_list(v)
            out[k] = {"old": v, "new": None} if side == "old" else {"old": None, "new": v}
        return out

    def _places(self) -> None:
        pairs, left_a, left_b = self._match_entities("place")
        for x, y in pairs:
            fields = {}
            if _bare(x.label) != _bare(y.label):
                fields["label"] = {"old": x.label, "new": y.label}
            for k in ("adcode", "place_type"):
                if x.fields[k] is not None and y.fields[k] is not None and x.fields[k] != y.fields[k]:
                    fields[k] = {"old": x.fields[k], "new": y.fields[k]}
            if fields:
                self.add(kind="place", change="changed", label=y.label, id=y.iri, old_id=x.iri, new_id=y.iri,
                         fields=fields, old_quote=x.quote, new_quote=y.quote)
        self._entities_left("place", left_a, left_b)

    def _entities_left(self, kind: str, left_a: list[_Node], left_b: list[_Node]) -> None:
        for x in left_a:
            if not self._still_named(x, "old"):
                self.add(kind=kind, change="removed", label=x.label, id=x.iri, old_id=x.iri,
                         fields=self._entity_fields(self.a, x, "old"), old_quote=x.quote,
                         spans=(_mention_spans(x), ()))
        for y in left_b:
            if not self._still_named(y, "new"):
                self.add(kind=kind, change="added", label=y.label, id=y.iri, new_id=y.iri,
                         fields=self._entity_fields(self.b, y, "new"), new_quote=y.quote,
                         spans=((), _mention_spans(y)))

    def _indicators(self) -> None:
        """Indicator concepts that appeared or vanished, unless a target/observation change says so."""
        explained_a, explained_b = set(), set()
        for c in self.changes:
            if c.kind in ("target", "observation"):
                if c.old_id:
                    explained_a.add(str(self.a.one(c.old_id, PG + "indicator")))
                if c.new_id:
                    explained_b.add(str(self.b.one(c.new_id, PG + "indicator")))
        pairs, left_a, left_b = self._match_entities("indicator")
        for x, y in pairs:
            if _bare(x.label) != _bare(y.label) and x.iri not in explained_a and y.iri not in explained_b:
                self.add(kind="indicator", change="changed", label=y.label, id=y.iri, old_id=x.iri, new_id=y.iri,
                         fields={"label": {"old": x.label, "new": y.label}})
        for x in left_a:
            if x.iri not in explained_a:
                self.add(kind="indicator", change="removed", label=x.label, id=x.iri, old_id=x.iri,
                         fields={"label": {"old": x.label, "new": None}})
        for y in left_b:
            if y.iri not in explained_b:
                self.add(kind="indicator", change="added", label=y.label, id=y.iri, new_id=y.iri,
                         fields={"label": {"old": None, "new": y.label}})

    # ---- tasks
    def _tasks(self) -> None:
        self.unit_swaps: list[tuple[str, str]] = []  # (old org, new org) swapped in one task's units
        self.description_hunks: dict[int, list[dict]] = {}  # id(task change) → hunks of its description
        self.task_changes: list[Change] = []
        for _n, old, new in self._paired(_tasks(self.a), _tasks(self.b)):
            old.sort(key=lambda t: (t.start or 0, t.iri))
            new.sort(key=lambda t: (t.start or 0, t.iri))
            for o, w, how in _match_tasks(old, new):
                if how == "moved" and self.section_pairs.get(str(o.section)) == str(w.section):
                    how = "order"  # still in the same section: sections that moved are reported as such
                if o is None or w is None:
                    node = o or w
                    if self._record_survives(node, "old" if o else "new", "task"):
                        continue
                    g = self.a if o else self.b
                    fields = {"description": {"old": o.fields["description"] if o else None,
                                              "new": w.fields["description"] if w else None}}
                    units = self._org_names(g, node.fields["units"])
                    if units:
                        fields["units"] = {"old": units if o else None, "new": units if w else None}
                    if node.fields["area"]:
                        fields["area"] = {"old": node.fields["area"] if o else None,
                                          "new": node.fields["area"] if w else None}
                    self.add(kind="task", change="removed" if o else "added", label=node.label, id=node.iri,
                             old_id=o.iri if o else None, new_id=w.iri if w else None, fields=fields,
                             old_quote=o.quote if o else None, new_quote=w.quote if w else None,
                             extra=_section_extra(self, o, w), spans=(o.span if o else (), w.span if w else ()))
                    continue
                fields, extra = {}, _section_extra(self, o, w)
                hunks = []
                if _bare(o.fields["description"]) != _bare(w.fields["description"]):
                    fields["description"] = {"old": o.fields["description"], "new": w.fields["description"]}
                    sim, diff_text, hunks = _word_diff(_canon(o.fields["description"]),
                                                       _canon(w.fields["description"]))
                    extra.update(similarity=sim, diff=diff_text)
                for k in ("area", "deadline"):
                    if _bare(o.fields[k]) != _bare(w.fields[k]):
                        fields[k] = {"old": o.fields[k], "new": w.fields[k]}
                # An area (a heading carried down) that one side lacks although that side's text
                # still has the heading: the task was read in another structure, not moved.
                if "area" in fields and not (o.fields["area"] and w.fields["area"]):
                    area, side, doc = ((o.fields["area"], "new", str(w.doc)) if o.fields["area"]
                                       else (w.fields["area"], "old", str(o.doc)))
                    if _bare(area) in self.headings[side].get(doc, ()):
                        del fields["area"]
                swaps = []
                for k in ("units", "lead_units", "cooperating_units"):
                    va = frozenset(self.org_map.get(u, u) for u in o.fields[k])
                    vb = w.fields[k]
                    if va != vb:
                        rem = sorted(u for u in o.fields[k] if self.org_map.get(u, u) not in vb)
                        add = sorted(u for u in vb if u not in va)
                        fields[k] = {"old": self._org_names(self.a, o.fields[k]), "new": self._org_names(self.b, vb),
                                     "removed": self._org_names(self.a, rem), "added": self._org_names(self.b, add)}
                        if k == "units" and len(rem) == 1 and len(add) == 1:
                            swaps.append((rem[0], add[0]))
                if fields:
                    change = "moved" if how == "moved" else "changed"
                    c = self.add(kind="task", change=change, label=w.label, id=w.iri, old_id=o.iri, new_id=w.iri,
                                 fields=fields, old_quote=o.quote, new_quote=w.quote, extra=extra,
                                 spans=(o.span, w.span))
                    self.task_changes.append(c)
                    self.unit_swaps.extend(swaps)
                    self.description_hunks[id(c)] = hunks
                elif how == "moved":
                    self.add(kind="task", change="moved", label=w.label, id=w.iri, old_id=o.iri, new_id=w.iri,
                             fields={}, old_quote=o.quote, new_quote=w.quote, extra=extra, spans=(o.span, w.span))

    # ---- organisations renamed
    def _organisations_renamed(self) -> None:
        left_a = {x.iri: x for x in self.orgs_left_a}
        left_b = {y.iri: y for y in self.orgs_left_b}
        votes: Counter[tuple[str, str]] = Counter()
        for r, a in self.unit_swaps:
            if r in left_a and a in left_b:
                votes[(r, a)] += 1
        for r, a, _ in self.builder_swaps:
            if r in left_a and a in left_b:
                votes[(r, a)] += 1
        # Sentences where one body's name was swapped for another's.
        forms_b = {_canon(f): y.iri for y in left_b.values() for f in y.ident["forms"]}
        self.org_term_pairs: set[tuple[str, str]] = set()
        for h in self.hunks:
            o, w = h["old"], h["new"]
            if not o or not w:
                continue
            for x in left_a.values():
                for f in x.ident["forms"]:
                    cf = _canon(f)
                    if o in cf and cf.replace(o, w, 1) in forms_b:
                        votes[(x.iri, forms_b[cf.replace(o, w, 1)])] += 1
                        self.org_term_pairs.add((o, w))
        chosen: dict[str, str] = {}
        for (r, a), _n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if r not in chosen and a not in chosen.values():
                chosen[r] = a
        if chosen:
            self._apply_renames(chosen, votes, left_a, left_b)
        self._entities_left("organisation", self.orgs_left_a, self.orgs_left_b)

    def _apply_renames(self, chosen: dict[str, str], votes: Counter, left_a: dict, left_b: dict) -> None:
        self.org_map.update(chosen)
        drop: set[int] = set()
        for r, a in sorted(chosen.items()):
            x, y = left_a[r], left_b[a]
            self.add(kind="organisation", change="renamed", label=y.label, id=y.iri, old_id=x.iri, new_id=y.iri,
                     fields={"label": {"old": x.label, "new": y.label}}, old_quote=x.quote, new_quote=y.quote,
                     extra={"count": votes[(r, a)]}, spans=(_mention_spans(x), _mention_spans(y)))
        self.orgs_left_a = [x for x in self.orgs_left_a if x.iri not in chosen]
        self.orgs_left_b = [y for y in self.orgs_left_b if y.iri not in set(chosen.values())]
        # Task unit changes that were only this rename.
        for c in self.task_changes:
            fields = dict(c.fields)
            for f in ("units", "lead_units", "cooperating_units"):
                if f not in fields:
                    continue
                va = {self.org_map.get(u, u) for u in self.a.all(c.old_id, PG + _UNIT_PRED[f])}
                vb = set(map(str, self.b.all(c.new_id, PG + _UNIT_PRED[f])))
                if va == vb:
                    del fields[f]
            if fields != c.fields:
                drop.add(id(c))
                if fields or c.change == "moved":
                    kept = _replace(c, fields=fields)
                    self.changes.append(kept)
                    if id(c) in self.description_hunks:
                        self.description_hunks[id(kept)] = self.description_hunks[id(c)]
        for c in [c for r, a, c in self.builder_swaps if chosen.get(r) == a]:
            if id(c) in drop:
                continue
            fields = {k: v for k, v in c.fields.items() if k != "builder"}
            va = {chosen.get(o, o) for o in self.a.all(c.old_id, PG + "builder")}
            vb = set(map(str, self.b.all(c.new_id, PG + "builder")))
            if va != vb:
                fields["builder"] = c.fields["builder"]
            drop.add(id(c))
            if fields:
                self.changes.append(_replace(c, fields=fields))
        self.changes = [c for c in self.changes if id(c) not in drop]

    # ---- paragraphs and terms
    def _paragraphs(self) -> None:
        for d, n in sorted(self.doc_map.items()):
            da, db = self.old.docs.get(d), self.new.docs.get(n)
            if da is None or db is None:
                continue
            self._tables_of(da, db, d, n)
            ua, ub = _units(da, d), _units(db, n)
            if "".join(u.canon for u in ua) == "".join(u.canon for u in ub):
                # The same text, perhaps wrapped or spaced differently.
                self.aligned["old"][d].extend((u.start, u.end) for u in ua)
                self.aligned["new"][n].extend((u.start, u.end) for u in ub)
                continue
            self._paragraphs_of(ua, ub, d, n)

    def _paragraphs_of(self, ua: list[_Unit], ub: list[_Unit], d: str, n: str) -> None:
        pairs = _align(len(ua), len(ub), [u.canon for u in ua], [u.canon for u in ub],
                       lambda i, j: _dice(ua[i].bigrams, ub[j].bigrams), PARAGRAPH_PAIR)
        groups = _grow_groups(pairs, ua, ub)
        used_a = {i for g in groups for i in g[0]}
        used_b = {j for g in groups for j in g[1]}
        free_a = [i for i in range(len(ua)) if i not in used_a]
        free_b = [j for j in range(len(ub)) if j not in used_b]
        moved = _greedy([(_dice(ua[i].bigrams, ub[j].bigrams), i, j) for i in free_a for j in free_b],
                        PARAGRAPH_MOVED)
        for i, j, _ in moved:
            groups.append(([i], [j], True))
            used_a.add(i)
            used_b.add(j)
        for ia, jb, is_moved in groups:
            self.aligned["old"][d].extend((ua[i].start, ua[i].end) for i in ia)
            self.aligned["new"][n].extend((ub[j].start, ub[j].end) for j in jb)
            a = _join_units([ua[i] for i in ia])
            b = _join_units([ub[j] for j in jb])
            if a.canon == b.canon and not is_moved:
                continue
            (ca, ma), (cb, mb) = a.mapped, b.mapped
            sim, diff_text, hunks = _word_diff(ca, cb, ma, mb)
            for h in hunks:
                h.update(doc_a=d, doc_b=n)
            self.hunks.extend(hunks)
            self.paragraph_pairs.append({"a": a, "b": b, "moved": is_moved, "sim": sim, "diff": diff_text,
                                         "hunks": hunks, "doc_a": d, "doc_b": n})
        for i in sorted(set(range(len(ua))) - used_a):
            u = ua[i]
            if _trivial(u.canon):
                continue
            self.paragraph_pairs.append({"a": u, "b": None, "moved": False, "doc_a": d, "doc_b": n})
        for j in sorted(set(range(len(ub))) - used_b):
            u = ub[j]
            if _trivial(u.canon):
                continue
            self.paragraph_pairs.append({"a": None, "b": u, "moved": False, "doc_a": d, "doc_b": n})

    def _tables_of(self, da, db, d: str, n: str) -> None:
        """Rows of tables present on both sides; rows of removed/added tables go on their section.
        A row found in any table of the other side counts as aligned (for records read from it)."""
        rows_of_a = {_canon(_row_text(r)) for t in da.tables for r in t.rows}
        rows_of_b = {_canon(_row_text(r)) for t in db.tables for r in t.rows}
        self.aligned["old"][d].extend((r.start, r.end) for t in da.tables for r in t.rows
                                      if _canon(_row_text(r)) in rows_of_b)
        self.aligned["new"][n].extend((r.start, r.end) for t in db.tables for r in t.rows
                                      if _canon(_row_text(r)) in rows_of_a)
        ta = {iris.section_iri(da.document.doc_id, t.table_id): t for t in da.tables}
        tb = {iris.section_iri(db.document.doc_id, t.table_id): t for t in db.tables}
        self.table_rows = getattr(self, "table_rows", [])
        for c in list(self.section_changes):
            if c.change == "removed" and c.old_id in ta:
                self._replace_change(c, extra=c.extra | {"rows": [_row_text(r) for r in ta[c.old_id].rows]})
            elif c.change == "added" and c.new_id in tb:
                self._replace_change(c, extra=c.extra | {"rows": [_row_text(r) for r in tb[c.new_id].rows]})
        for sa, sb in self.section_pairs.items():
            if sa in ta and sb in tb:
                rows_a = {_canon(_row_text(r)): r for r in ta[sa].rows}
                rows_b = {_canon(_row_text(r)): r for r in tb[sb].rows}
                rem = [rows_a[k] for k in rows_a if k not in rows_b]
                add = [rows_b[k] for k in rows_b if k not in rows_a]
                if rem or add:
                    self.table_rows.append({"a": sa, "b": sb, "doc_a": d, "doc_b": n, "removed": rem, "added": add,
                                            "table": tb[sb]})

    def _replace_change(self, c: Change, **kw) -> Change:
        new = _replace(c, **kw)
        self.changes = [new if x is c else x for x in self.changes]
        self.section_changes = [new if x is c else x for x in self.section_changes]
        return new

    def _report_paragraphs_and_terms(self) -> None:
        # Terms: a swap that was, at least once, the only change of its sentence, and that is not
        # already a reported change of a record (a unit reassigned, a value changed …).
        records_a, records_b = self._explained_spans(lambda c: not (c.kind == "task" and set(c.fields) == {"description"}))
        stats: dict[tuple[str, str], dict] = {}
        for p in self.paragraph_pairs:
            for h in p.get("hunks", ()):
                t = h.get("term")
                if not t or _covered(h, records_a, records_b):
                    continue
                s = stats.setdefault(t, {"count": 0, "alone": 0, "example": h, "pairs": 0, "seen": set()})
                s["count"] += 1
                s["alone"] += h["alone"]
                s["seen"].add(id(p))
        terms = {t: s for t, s in stats.items() if s["alone"] and t not in self.org_term_pairs}
        for (o, w), s in sorted(terms.items(), key=lambda kv: (-kv[1]["count"], kv[0])):
            h = s["example"]
            self.add(kind="term", change="renamed", label=f"{o} → {w}", id=_term_iri(o, w),
                     fields={"term": {"old": o, "new": w}}, old_quote=h["old_sentence"], new_quote=h["new_sentence"],
                     extra={"count": s["count"], "paragraphs": len(s["seen"]), "sentences_alone": s["alone"]})
        explained_terms = set(terms) | self.org_term_pairs

        def open_hunk(h: dict) -> bool:
            return not h["trivial"] and h.get("term") not in explained_terms and (h["old"], h["new"]) not in explained_terms

        # A task whose description changed only by renamed terms has not changed beyond them.
        drop = {id(c) for c in self.changes if c.kind == "task" and set(c.fields) == {"description"}
                and id(c) in self.description_hunks and not any(map(open_hunk, self.description_hunks[id(c)]))}
        self.changes = [c for c in self.changes if id(c) not in drop]
        spans_a, spans_b = self._explained_spans()
        for p in self.paragraph_pairs:
            a, b = p["a"], p["b"]
            if a is not None and b is not None:
                open_hunks = [h for h in p["hunks"] if open_hunk(h) and not _covered(h, spans_a, spans_b)]
                # A paragraph that stayed in the same (matched) section did not move in the
                # plan's structure; sections that changed place are reported as sections.
                same_section = self.section_pairs.get(_section_iri(p["doc_a"], a.section_id)) == \
                    _section_iri(p["doc_b"], b.section_id)
                moved = p["moved"] and not same_section and not _within((p["doc_a"], a.start, a.end), spans_a)
                if not open_hunks and not moved:
                    continue
                self._paragraph_change("moved" if moved else "changed", a, b, p)
            elif a is not None:
                if _within((p["doc_a"], a.start, a.end), spans_a):
                    continue
                self._paragraph_change("removed", a, None, p)
            else:
                if _within((p["doc_b"], b.start, b.end), spans_b):
                    continue
                self._paragraph_change("added", None, b, p)
        for t in getattr(self, "table_rows", []):
            rem = [r for r in t["removed"] if not _within((t["doc_a"], r.start, r.end), spans_a, overlap=True)]
            add = [r for r in t["added"] if not _within((t["doc_b"], r.start, r.end), spans_b, overlap=True)]
            if not rem and not add:
                continue
            table = t["table"]
            self.add(kind="section", change="changed", label=table.title or table.table_id, id=t["b"], old_id=t["a"],
                     new_id=t["b"], fields={"rows": {"old": [_row_text(r) for r in rem],
                                                     "new": [_row_text(r) for r in add]}},
                     extra={"path": {"old": None, "new": table.table_id}, "section_kind": "table"})

    def _explained_spans(self, which: Callable[[Change], bool] = lambda c: True) -> tuple[dict, dict]:
        """Per side, doc → spans of text that reported (non-text) changes already account for."""
        spans_a: dict[str, list] = defaultdict(list)
        spans_b: dict[str, list] = defaultdict(list)
        for c in self.changes:
            if c.kind in ("paragraph", "term") or not which(c):
                continue
            # A section explains its heading line; a moved section explains all its text.
            heading_only = c.kind == "section" and c.change != "moved"
            sa, sb = c.spans
            for doc, s, e in sa:
                spans_a[doc].append(_heading_span(self.old.docs, doc, s, e) if heading_only else (s, e))
            for doc, s, e in sb:
                spans_b[doc].append(_heading_span(self.new.docs, doc, s, e) if heading_only else (s, e))
        return spans_a, spans_b

    def _paragraph_change(self, change: str, a: _Unit | None, b: _Unit | None, p: dict) -> None:
        doc_a, doc_b = p["doc_a"], p["doc_b"]
        ida = iris.record_iri("paragraph", _doc_id(doc_a), a.canon) if a else None
        idb = iris.record_iri("paragraph", _doc_id(doc_b), b.canon) if b else None
        extra = {"section": {"old": a.section_id if a else None, "new": b.section_id if b else None}}
        if a is not None and b is not None:
            extra.update(similarity=p["sim"], diff=p["diff"])
        unit = b or a
        self.add(kind="paragraph", change=change, label=_short(unit.text, 40), id=idb or ida, old_id=ida, new_id=idb,
                 fields={}, old_quote=a.text if a else None, new_quote=b.text if b else None, extra=extra,
                 spans=(((doc_a, a.start, a.end),) if a else (), ((doc_b, b.start, b.end),) if b else ()))


_UNIT_PRED = {"units": "responsibleUnit", "lead_units": "leadUnit", "cooperating_units": "cooperatingUnit"}


def _replace(c: Change, **kw) -> Change:
    from dataclasses import replace

    return replace(c, **kw)


def _doc_id(doc_iri: str) -> str:
    return doc_iri.rsplit("/", 1)[-1]


def _section_iri(doc_iri: str, section_id: str) -> str:
    """:func:`iris.section_iri` from the document's IRI."""
    if section_id == "/":
        return doc_iri
    return f"{doc_iri}/section/" + "/".join(iris.segment(p) for p in section_id.split("/"))


def _term_iri(o: str, w: str) -> str:
    return f"{iris.ID}term/{iris.short_hash(o, w)}"


def _children(sections: list[_SectionNode]) -> dict[str | None, list[int]]:
    out: dict[str | None, list[int]] = defaultdict(list)
    for k, s in enumerate(sections):
        out[s.parent].append(k)
    return out


def _sec_span(s: _SectionNode) -> tuple:
    return ((s.doc, s.start, s.end),)


def _heading_span(docs: dict | None, doc: str, start: int, end: int) -> tuple[int, int]:
    """The heading line of the section starting at ``start`` (a section explains only its heading)."""
    sd = docs.get(doc) if docs else None
    if sd is not None:
        for s in sd.sections:
            if s.start == start and s.end == end:
                return s.heading_start, s.heading_end
    return start, start


def _mention_spans(x: _Node) -> tuple:
    return tuple((d, s, e) for d, s, e, _ in x.ident.get("mentions", ()))


def _within(span: tuple, spans: dict, overlap: bool = False) -> bool:
    doc, s, e = span
    for a, b in spans.get(doc, ()):
        if overlap and s < b and a < e:
            return True
        if a <= s and e <= b:
            return True
    return False


def _covered(h: dict, spans_a: dict, spans_b: dict) -> bool:
    if h["a_end"] > h["a_start"] and _within((h["doc_a"], h["a_start"], h["a_end"]), spans_a):
        return True
    return h["b_end"] > h["b_start"] and _within((h["doc_b"], h["b_start"], h["b_end"]), spans_b)


def _section_extra(dd: _Differ, o: _Node | None, w: _Node | None) -> dict:
    def path(g, s):
        return g.one(s, PG + "sectionPath") if s else None

    return {"section": {"old": path(dd.a, o.section) if o else None, "new": path(dd.b, w.section) if w else None}}


def _one_or_list(v):
    if isinstance(v, frozenset):
        items = sorted(v, key=_sort_key)
        return None if not items else items[0] if len(items) == 1 else items
    return v


def _same_figures(a: dict, b: dict) -> bool:
    keys = ("investment", "investment_unit", "start_year", "end_year")
    return any(a[k] for k in keys) and all(a[k] == b[k] for k in keys)


def _longest_increasing(seq: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, x in enumerate(seq):
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[k] = x
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out, i = set(), tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def _field_changes(a: dict, b: dict) -> dict:
    out = {}
    for k in a:
        va, vb = a[k], b.get(k)
        if isinstance(va, str) or isinstance(vb, str):
            same = _bare(str(va or "")) == _bare(str(vb or ""))
        else:
            same = va == vb
        if not same:
            out[k] = {"old": va, "new": vb}
    return out


# ---- target matching

_FIGURE = ("value", "unit", "comparator", "value_text")


def _figure(t: _Node) -> tuple:
    return tuple(_canon(v) if isinstance(v, str) else v for v in (t.fields[k] for k in _FIGURE))


def _match_targets(old: list[_Node], new: list[_Node]) -> list[tuple[_Node | None, _Node | None, str]]:
    """Pairs (old, new, how); unmatched records pair with None."""
    out: list[tuple] = []
    left_a, left_b = list(old), list(new)

    def key(t):
        return (t.ident["indicator"], t.ident["scope"], t.fields["year"], t.fields.get("period"))

    def take(pairs, how):
        for o, w in pairs:
            out.append((o, w, how))
            left_a.remove(o)
            left_b.remove(w)

    # 1. Identity: indicator concept + scope + year + period; in a group, equal figures first.
    by_b = defaultdict(list)
    for w in left_b:
        by_b[key(w)].append(w)
    pairs = []
    for o in sorted(left_a, key=lambda t: (t.start or 0, t.iri)):
        cands = by_b.get(key(o), [])
        if not cands:
            continue
        best = max(cands, key=lambda w: (_figure(w) == _figure(o), _dice(_bigrams(_canon(o.quote)),
                                                                          _bigrams(_canon(w.quote))), -(w.start or 0)))
        cands.remove(best)
        pairs.append((o, best))
    take(pairs, "identity")

    # 2. The same indicator with its scope or its year changed, the figure (or the sentence) kept.
    scored = []
    for i, o in enumerate(left_a):
        for j, w in enumerate(left_b):
            if o.ident["indicator"] != w.ident["indicator"] or o.fields.get("period") != w.fields.get("period"):
                continue
            differ = (o.ident["scope"] != w.ident["scope"]) + (o.fields["year"] != w.fields["year"])
            if differ != 1:
                continue
            qs = _dice(_bigrams(_canon(o.quote)), _bigrams(_canon(w.quote)))
            if _figure(o) == _figure(w) or qs >= 0.6:
                scored.append((1 + (_figure(o) == _figure(w)) + qs, i, j))
    take([(left_a[i], left_b[j]) for i, j, _ in _greedy(scored, 0.0)], "scope-or-year")

    # 3. A reworded indicator: same scope, year, period and figure, a similar label.
    scored = []
    for i, o in enumerate(left_a):
        for j, w in enumerate(left_b):
            if (o.ident["scope"], o.fields["year"], o.fields.get("period")) != (
                    w.ident["scope"], w.fields["year"], w.fields.get("period")):
                continue
            lr = _ratio(o.label, w.label)
            qs = _dice(_bigrams(_canon(o.quote)), _bigrams(_canon(w.quote)))
            if lr >= LABEL_REWORDED and (_figure(o) == _figure(w) or qs >= 0.8):
                scored.append((lr + qs + (_figure(o) == _figure(w)), i, j))
    take([(left_a[i], left_b[j]) for i, j, _ in _greedy(scored, 0.0)], "reworded-indicator")

    out.extend((o, None, "") for o in left_a)
    out.extend((None, w, "") for w in left_b)
    return out


def _match_tasks(old: list[_Node], new: list[_Node]) -> list[tuple[_Node | None, _Node | None, str]]:
    bg_a = [_bigrams(_canon(t.fields["description"])) for t in old]
    bg_b = [_bigrams(_canon(t.fields["description"])) for t in new]

    def sim(i, j):
        s = _dice(bg_a[i], bg_b[j])
        # The same key (place in the document) lowers the bar: a reworded or reassigned row.
        if old[i].ident["key"] and old[i].ident["key"] == new[j].ident["key"]:
            s = max(s, TASK_PAIR) if s >= 0.3 else s
        return s

    pairs = _align(len(old), len(new), [_canon(t.fields["description"]) for t in old],
                   [_canon(t.fields["description"]) for t in new], sim, TASK_PAIR)
    used_a, used_b = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    out = [(old[i], new[j], "order") for i, j, _ in pairs]
    moved = _greedy([(_dice(bg_a[i], bg_b[j]), i, j) for i in range(len(old)) if i not in used_a
                     for j in range(len(new)) if j not in used_b], 0.8)
    for i, j, _ in moved:
        out.append((old[i], new[j], "moved"))
        used_a.add(i)
        used_b.add(j)
    out.extend((old[i], None, "") for i in range(len(old)) if i not in used_a)
    out.extend((None, new[j], "") for j in range(len(new)) if j not in used_b)
    return out


# ---- paragraph units and word diffs


@dataclass
class _Unit:
    """A paragraph (or paragraphs joined) as the diff compares it."""

    section_id: str
    text: str
    simplified: str
    start: int
    end: int
    canon: str = ""

    def __post_init__(self) -> None:
        self.canon = self.canon or _canon(self.simplified)

    @functools.cached_property
    def bigrams(self) -> frozenset:
        return _bigrams(self.canon)

    @functools.cached_property
    def mapped(self) -> tuple[str, list[int]]:
        """The canonical text built character by character, with each character's offset in the
        document's text (only for paragraphs that changed: it is slower)."""
        return _canon_map(self.text, self.simplified, base=self.start)


def _units(doc, doc_iri: str) -> list[_Unit]:
    simplified = doc.document.simplified
    out = []
    for p in doc.paragraphs:
        u = _Unit(section_id=p.section_id, text=p.text, simplified=simplified[p.start : p.end], start=p.start,
                  end=p.end)
        if u.canon:
            out.append(u)
    return out


def _join_units(units: list[_Unit]) -> _Unit:
    if len(units) == 1:
        return units[0]
    joined = _Unit(section_id=units[0].section_id, text="\n".join(u.text for u in units),
                   simplified="\n".join(u.simplified for u in units), start=units[0].start, end=units[-1].end,
                   canon="".join(u.canon for u in units))
    omap: list[int] = []
    for u in units:
        omap.extend(u.mapped[1][:-1])
    omap.append(units[-1].mapped[1][-1])
    joined.__dict__["mapped"] = ("".join(u.mapped[0] for u in units), omap)
    return joined


def _grow_groups(pairs: list[tuple[int, int, float]], ua: list[_Unit], ub: list[_Unit]) -> list:
    """Absorb unpaired neighbours into a pair when that makes the two sides more alike: a paragraph
    split in two (a page break) or two merged into one."""
    groups = [([i], [j], False) for i, j, _ in pairs]
    used_a = {i for i, _, _ in pairs}
    used_b = {j for _, j, _ in pairs}

    def score(ia, jb):
        return _dice(frozenset().union(*(ua[i].bigrams for i in ia)), frozenset().union(*(ub[j].bigrams for j in jb)))

    changed = True
    while changed:
        changed = False
        for ia, jb, _ in groups:
            base = score(ia, jb)
            for side, idx, used, units in (("a", ia, used_a, ua), ("b", jb, used_b, ub)):
                for cand in (idx[0] - 1, idx[-1] + 1):
                    if not (0 <= cand < len(units)) or cand in used:
                        continue
                    trial = sorted(idx + [cand])
                    s = score(trial, jb) if side == "a" else score(ia, trial)
                    if s > base + 0.01:
                        idx[:] = trial
                        used.add(cand)
                        base = s
                        changed = True
    return groups


def _word_diff(a: str, b: str, omap_a: list[int] | None = None, omap_b: list[int] | None = None
               ) -> tuple[float, str, list[dict]]:
    """(similarity, short inline diff, hunks) of two canonical texts, on jieba tokens."""
    ta, tb = _tokens(a), _tokens(b)
    sm = SequenceMatcher(None, ta, tb, autojunk=False)
    ops = sm.get_opcodes()
    sim = round(sm.ratio(), 2)
    pos_a = _positions(ta)
    pos_b = _positions(tb)
    sent_a = _sentence_ids(a)
    hunks: list[dict] = []
    per_sentence: Counter[int] = Counter()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        o, w = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        ca, cb = pos_a[i1], pos_b[j1]
        h = {"tag": tag, "old": o, "new": w, "op": k, "trivial": _trivial(o) and _trivial(w),
             "a_start": omap_a[ca] if omap_a else ca, "a_end": omap_a[pos_a[i2]] if omap_a else pos_a[i2],
             "b_start": omap_b[cb] if omap_b else cb, "b_end": omap_b[pos_b[j2]] if omap_b else pos_b[j2],
             "sentence": sent_a[min(ca, len(a) - 1)] if a else 0, "ca": ca, "cb": cb}
        h["term"] = _term(ta, tb, ops, k)
        if not h["trivial"]:
            per_sentence[h["sentence"]] += 1
        hunks.append(h)
    for h in hunks:
        h["alone"] = int(not h["trivial"] and per_sentence[h["sentence"]] == 1)
        h["old_sentence"] = _sentence_at(a, h["ca"])
        h["new_sentence"] = _sentence_at(b, h["cb"])
    return sim, _render_hunks(ta, tb, ops), hunks


def _positions(tokens: list[str]) -> list[int]:
    out, n = [0], 0
    for t in tokens:
        n += len(t)
        out.append(n)
    return out


def _sentence_ids(text: str) -> list[int]:
    out, k = [], 0
    for ch in text:
        out.append(k)
        if ch in _SENTENCE_END:
            k += 1
    return out


def _sentence_at(text: str, pos: int) -> str:
    start = max((text.rfind(c, 0, pos) for c in _SENTENCE_END), default=-1) + 1
    ends = [e for e in (text.find(c, pos) for c in _SENTENCE_END) if e >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end]


def _noun_head(s: str) -> bool:
    tags = _pos(s)
    return bool(tags) and tags[-1][1] in _NOUN_HEADS


def _term(ta: list[str], tb: list[str], ops: list, k: int) -> tuple[str, str] | None:
    """The (old, new) term of hunk k, when it swaps a word or short phrase for another."""
    tag, i1, i2, j1, j2 = ops[k]
    o, w = "".join(ta[i1:i2]), "".join(tb[j1:j2])
    nxt = ta[i2] if i2 < len(ta) and j2 < len(tb) and ta[i2] == tb[j2] else None
    if tag != "replace" or not (_noun_head(o) and _noun_head(w)):
        # A swapped modifier (投资 → 互助) or an inserted one (旅游局 → 文化广电旅游局) names a term
        # together with the noun that follows; a swapped verb or function word does not.
        flags = [_pos(x)[-1][1] for x in (o, w) if x and _pos(x)]
        modifier = (all(len(x) >= 2 for x in (o, w) if x) and any(f in _NOMINAL for f in flags)
                    and not any(f in _FUNCTION_WORDS for f in flags))
        if modifier and nxt and _TERM_CHARS.match(nxt) and _pos(nxt) and _pos(nxt)[-1][1] in _NOUN_EXTEND:
            o, w = o + nxt, w + nxt
        else:
            return None
    if not (o and w) or o == w:
        return None
    if not (_TERM_CHARS.match(o) and _TERM_CHARS.match(w)):
        return None
    if max(len(o), len(w)) > TERM_MAX_CHARS or max(len(o), len(w)) < 2:
        return None
    return (o, w) if _noun_head(o) and _noun_head(w) else None


def _render_hunks(ta: list[str], tb: list[str], ops: list) -> str:
    """``…context [-old-]{+new+} context…`` for at most DIFF_HUNKS hunks."""
    parts: list[str] = []
    shown = 0
    changed = [k for k, op in enumerate(ops) if op[0] != "equal"]
    for n_shown, k in enumerate(changed):
        if n_shown >= DIFF_HUNKS:
            parts.append(f"…(+{len(changed) - DIFF_HUNKS} more)")
            break
        tag, i1, i2, j1, j2 = ops[k]
        before = "".join(ta[max(0, i1 - DIFF_CONTEXT) : i1])
        after = "".join(ta[i2 : i2 + DIFF_CONTEXT])
        h = ""
        if i2 > i1:
            h += "[-" + "".join(ta[i1:i2]) + "-]"
        if j2 > j1:
            h += "{+" + "".join(tb[j1:j2]) + "+}"
        parts.append(f"…{before}{h}{after}…")
        shown += 1
    return " ".join(parts)


def _row_text(row) -> str:
    return " | ".join(c.text for c in row.cells)


_CHANGE_ORDER = {c: k for k, c in enumerate(CHANGES)}
_KIND_ORDER = {k: n for n, k in enumerate(KINDS)}


def _ordered(changes: list[Change]) -> list[Change]:
    def key(c: Change):
        pos = min((s for _, s, _ in (c.spans[1] or c.spans[0])), default=0) if (c.spans[0] or c.spans[1]) else 0
        if c.kind == "term":
            pos = -c.extra.get("count", 0)  # the most frequent swaps first
        return (_KIND_ORDER[c.kind], _CHANGE_ORDER[c.change], pos, c.label, c.id)

    return sorted(changes, key=key)


# --------------------------------------------------------------------------------------------
# Entry points


def diff_graphs(old, new, *, old_docs: Sequence | None = None, new_docs: Sequence | None = None,
                old_source: str = "old", new_source: str = "new") -> Diff:
    """The changes from ``old`` to ``new``: two graphs (rdflib Graph/Dataset, pyoxigraph Store,
    an iterable of pyoxigraph quads, or :func:`parse_graph` output). Paragraphs and terms are
    compared when the segmented documents of both sides are given."""

    def docs(ds):
        return None if ds is None else {iris.doc_iri(d.document.doc_id): d for d in ds}

    return _Differ(Version(old_source, _index_of(old), docs(old_docs)),
                   Version(new_source, _index_of(new), docs(new_docs))).run()


def read_version(path: str | Path, extractors: tuple[str, ...] | None = None) -> Version:
    """A graph file (.ttl .nq .nt .trig), a build output folder (with plangraph.nq), a document or
    a folder of documents (built in memory with the configured extractors, or ``extractors``)."""
    from plangraph.pipeline.load import SUPPORTED_SUFFIXES

    path = Path(path)
    if not path.exists():
        raise PlangraphInputError(path, "no such file or folder")
    if path.is_dir():
        for name in ("plangraph.nq", "plangraph.ttl"):
            if (path / name).is_file():
                return Version(str(path), _load_graph_file(path / name))
        return _build_side(path, extractors)
    suffix = path.suffix.lower()
    if suffix in GRAPH_SUFFIXES:
        return Version(str(path), _load_graph_file(path))
    if suffix in SUPPORTED_SUFFIXES:
        return _build_side(path, extractors)
    raise PlangraphInputError(path, "not a graph file (.ttl .nq .nt .trig), a document ("
                              + " ".join(sorted(SUPPORTED_SUFFIXES)) + ") or a folder")


def _build_side(path: Path, extractors: tuple[str, ...] | None) -> Version:
    """Build documents in memory: the same records, links and quads ``plangraph build`` writes."""
    import os
    from collections import Counter as _C

    from plangraph.pipeline.build import run_documents
    from plangraph.pipeline.config import BuildConfig
    from plangraph.pipeline.link import link
    from plangraph.pipeline.rdf import quads_of
    from plangraph.pipeline.run import collect_inputs
    from plangraph.schema import DocumentResult

    files, failures = collect_inputs([path])
    config = BuildConfig() if extractors is None else BuildConfig(extractors=extractors)
    workers = min(os.cpu_count() or 1, 8) if len(files) >= 8 else 1
    processed = run_documents(files, config, workers=workers)
    results = [r for r in processed if isinstance(r, DocumentResult)]
    failures += [r for r in processed if not isinstance(r, DocumentResult)]
    if not path.is_dir() and failures:
        problem = failures[0].problem
        prefix = f"{path}: "
        raise PlangraphInputError(path, problem[len(prefix):] if problem.startswith(prefix) else problem)
    if not results:
        raise PlangraphInputError(path, "no document could be read")
    dup = [s for s, n in _C(r.doc.document.doc_id for r in results).items() if n > 1]
    if dup:
        raise PlangraphInputError(path, f"two files named {dup[0]}.*: document IRIs would collide")
    linked = link(results)
    quads = list(quads_of(results, linked))
    side = Version(str(path), _index_of(quads), {iris.doc_iri(r.doc.document.doc_id): r.doc for r in results})
    for f in failures:
        side.skipped.append(f.problem)
        print(f"plangraph: skipped {f.problem}", file=sys.stderr)
    return side


def diff_paths(old: str | Path, new: str | Path, extractors: tuple[str, ...] | None = None) -> Diff:
    """Diff two graph files, documents or folders (documents are built on the fly with the
    configured extractors, or ``extractors`` when given)."""
    return diff_versions(read_version(old, extractors), read_version(new, extractors))


def diff_versions(old: Version, new: Version) -> Diff:
    """The changes between two versions read by :func:`read_version`."""
    return _Differ(old, new).run()


def diff_command(old: Path, new: Path, fmt: str = "md") -> str:
    """``plangraph diff OLD NEW --format FMT``: the report as text."""
    if fmt not in FORMATS:
        import typer  # a usage error: exit status 2, like typer's own

        raise typer.BadParameter(f"must be md, json or ttl, not {fmt!r}", param_hint="--format")
    return render(diff_paths(old, new), fmt)


# --------------------------------------------------------------------------------------------
# Renderers


def render(d: Diff, fmt: str = "md") -> str:
    return {"md": render_markdown, "json": render_json, "ttl": render_turtle}[fmt](d)


def _jsonable(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, _IRI):
        return str(v)
    if isinstance(v, (frozenset, set, tuple)):
        return [_jsonable(x) for x in sorted(v, key=_sort_key)]
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


def render_json(d: Diff) -> str:
    return json.dumps(d.to_json(), ensure_ascii=False, indent=2) + "\n"


_TITLES = {
    "target": "Targets 目标", "observation": "Observations 现状值", "project": "Projects 项目",
    "task": "Tasks 任务", "organisation": "Organisations 单位", "place": "Places 地点",
    "indicator": "Indicators 指标", "term": "Renamed terms 用语替换", "section": "Sections 章节",
    "paragraph": "Paragraphs 段落",
}


def _fmt(v) -> str:
    v = _jsonable(v)
    if v is None:
        return "—"
    if isinstance(v, list):
        return "、".join(map(_fmt, v)) if v else "—"
    return str(v)


def _md_quote(label: str, text: str | None, limit: int = 240) -> str:
    if not text:
        return ""
    t = " ".join(text.split())
    t = t if len(t) <= limit else t[: limit - 1] + "…"
    return f"    > {label}: {t}\n"


def _md_diff(s: str) -> str:
    s = re.sub(r"\[-(.*?)-\]", lambda m: f"~~{m.group(1)}~~", s)
    return re.sub(r"\{\+(.*?)\+\}", lambda m: f"**{m.group(1)}**", s)


def _md_target(c: Change) -> str:
    f = c.fields
    side = "new" if c.change == "added" else "old"

    def get(k):
        v = f.get(k)
        return None if v is None else v[side]

    bits = [x for x in (get("scope"), get("year")) if x]
    fig = get("value")
    figure = f"{_fmt(fig)}{get('unit') or ''}" if fig is not None else (get("value_text") or "")
    comp = get("comparator")
    return (f" ({', '.join(map(_fmt, bits))})" if bits else "") + (f": {comp + ' ' if comp else ''}{figure}"
                                                                   if figure else "")


def render_markdown(d: Diff) -> str:
    out = ["# plangraph diff\n"]
    for name, side in (("old", d.old), ("new", d.new)):
        docs = side.get("documents", [])
        titles = "; ".join(f"{x.get('title') or x['id'].rsplit('/', 1)[-1]}" for x in docs[:3])
        more = f" (+{len(docs) - 3} more)" if len(docs) > 3 else ""
        out.append(f"- **{name}**: `{side['source']}` — {len(docs)} document(s): {titles}{more}\n")
        for s in side.get("skipped", []):
            out.append(f"  - skipped: {s}\n")
    if not d.changes:
        out.append("\nNo changes: the two versions say the same.\n")
    summary = d.summary()
    used = [k for k in KINDS if any(summary[k].values())]
    if used:
        out.append("\n## Summary\n\n| kind | " + " | ".join(CHANGES) + " |\n|---|" + "---:|" * len(CHANGES) + "\n")
        for k in used:
            out.append(f"| {k} | " + " | ".join(str(summary[k][c]) or "" for c in CHANGES) + " |\n")
    for k in used:
        items = d.of(k)
        out.append(f"\n## {_TITLES[k]} ({len(items)})\n")
        if k == "term":
            out.append("\n| old | new | count | example (new) |\n|---|---|---:|---|\n")
            for c in items:
                ex = _short(c.new_quote, 60).replace("|", "\\|")
                out.append(f"| {c.fields['term']['old']} | {c.fields['term']['new']} | {c.extra['count']} | {ex} |\n")
            continue
        for ch in CHANGES:
            group = [c for c in items if c.change == ch]
            if not group:
                continue
            out.append(f"\n### {ch} ({len(group)})\n\n")
            for c in group:
                out.append(_md_change(c))
    t = d.triples
    out.append(f"\n## Raw triples\n\nold {t['old']} · new {t['new']} · in both {t['common']} · "
               f"only old {t['removed']} · only new {t['added']}\n")
    for n in d.notes:
        out.append(f"\n_Note: {n}._\n")
    return "".join(out)


def _md_change(c: Change) -> str:
    label = c.label.replace("\n", " ")
    line = f"- **{label}**"
    if c.kind in ("target", "observation") and c.change in ("added", "removed"):
        line += _md_target(c)
    if c.kind == "section" and c.extra.get("path"):
        p = c.extra["path"]
        line += f" `{p['new'] or p['old']}`" if (p["new"] or p["old"]) else ""
        if c.extra.get("level") == "document":
            line += " (document)"
        elif c.extra.get("section_kind") == "table":
            line += f" (table, {len(c.extra.get('rows', []))} rows)" if c.extra.get("rows") else " (table)"
    if c.kind == "paragraph":
        sec = c.extra.get("section", {})
        line += f" `§{sec.get('new') or sec.get('old')}`"
    if "similarity" in c.extra:
        line += f" — similarity {c.extra['similarity']:.2f}"
    if "count" in c.extra:
        line += f" ×{c.extra['count']}"
    out = [line + "\n"]
    if c.change in ("changed", "moved", "renamed"):
        for k, v in c.fields.items():
            if k == "description":
                continue
            if k == "rows":
                out.extend(f"    - row removed: {r}\n" for r in v["old"])
                out.extend(f"    - row added: {r}\n" for r in v["new"])
                continue
            if "removed" in v or "added" in v:
                out.append(f"    - {k}: {_fmt(v['old'])} → {_fmt(v['new'])}"
                           f" (dropped: {_fmt(v.get('removed'))}; added: {_fmt(v.get('added'))})\n")
            else:
                out.append(f"    - {k}: {_fmt(v['old'])} → {_fmt(v['new'])}\n")
    elif c.kind not in ("target", "observation", "paragraph", "section"):
        facts = [f"{k} {_fmt(v['old'] if c.change == 'removed' else v['new'])}" for k, v in c.fields.items()
                 if k not in ("description", "label")]
        if facts:
            out.append("    - " + "; ".join(facts) + "\n")
    if c.extra.get("rows"):
        rows = c.extra["rows"]
        out.extend(f"    - row: {r}\n" for r in rows[:30])
        if len(rows) > 30:
            out.append(f"    - … {len(rows) - 30} more rows\n")
    if c.extra.get("diff"):
        out.append(f"    - diff: {_md_diff(c.extra['diff'])}\n")
    if c.kind != "section" or c.extra.get("level") != "document":
        if c.kind == "paragraph" and c.change in ("changed", "moved"):
            pass  # the inline diff says it; the full quotes are in the JSON
        else:
            out.append(_md_quote("old", c.old_quote))
            out.append(_md_quote("new", c.new_quote))
    return "".join(out)


# ---- Turtle: the changes as RDF

DIFF_TERMS = {
    "ChangeSet": "class: the changes between two versions (one per diff)",
    "Change": "class: one change; pg:changeKind, pg:changeType, pg:oldNode/pg:newNode, quotes",
    "FieldChange": "class: one field of a changed node, with its old and new values",
    "hasChange": "ChangeSet → Change",
    "oldSource": "ChangeSet → literal: what the old side was read from",
    "newSource": "ChangeSet → literal: what the new side was read from",
    "changeKind": "Change → literal: target, observation, project, task, organisation, place, indicator, "
                  "section, paragraph, term",
    "changeType": "Change → literal: added, removed, changed, renamed, moved",
    "oldNode": "Change → the node in the old graph",
    "newNode": "Change → the node in the new graph",
    "oldQuote": "Change → literal: the old text",
    "newQuote": "Change → literal: the new text",
    "similarity": "Change → xsd:decimal: similarity of old and new text (0–1)",
    "wordDiff": "Change → literal: inline word diff, [-old-]{+new+}",
    "occurrences": "Change → xsd:integer: how often a renamed term or body was swapped",
    "fieldChange": "Change → FieldChange",
    "fieldName": "FieldChange → literal: value, unit, year, scope, stage, investment, units …",
    "oldValue": "FieldChange → the old value (one per item for lists)",
    "newValue": "FieldChange → the new value (one per item for lists)",
}


def _ttl_value(v):
    import pyoxigraph as ox

    if isinstance(v, _IRI):
        return ox.NamedNode(str(v))
    if isinstance(v, bool):
        return ox.Literal(str(v).lower(), datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(v, int):
        return ox.Literal(str(v), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(v, (Decimal, float)):
        return ox.Literal(format(Decimal(str(v)), "f"), datatype=ox.NamedNode(XSD + "decimal"))
    return ox.Literal(str(v))


def render_turtle(d: Diff) -> str:
    import pyoxigraph as ox

    from plangraph.pipeline.rdf import PREFIXES

    def n(x):
        return ox.NamedNode(x)

    def lit(x):
        return _ttl_value(x)

    triples: list = []
    a = ox.NamedNode(RDF_TYPE)
    cs = n(f"{iris.ID}changeset/{iris.short_hash(d.old['source'], d.new['source'], len(d.changes))}")
    triples += [ox.Triple(cs, a, n(PG + "ChangeSet")), ox.Triple(cs, n(PG + "oldSource"), lit(d.old["source"])),
                ox.Triple(cs, n(PG + "newSource"), lit(d.new["source"]))]
    for c in d.changes:
        node = n(f"{iris.ID}change/{iris.short_hash(c.kind, c.change, c.old_id, c.new_id, c.label)}")
        triples += [ox.Triple(cs, n(PG + "hasChange"), node), ox.Triple(node, a, n(PG + "Change")),
                    ox.Triple(node, n(PG + "changeKind"), lit(c.kind)),
                    ox.Triple(node, n(PG + "changeType"), lit(c.change)),
                    ox.Triple(node, n(RDFS + "label"), ox.Literal(c.label, language="zh"))]
        for p, v in (("oldNode", c.old_id), ("newNode", c.new_id)):
            if v:
                triples.append(ox.Triple(node, n(PG + p), n(v)))
        for p, v in (("oldQuote", c.old_quote), ("newQuote", c.new_quote), ("wordDiff", c.extra.get("diff"))):
            if v:
                triples.append(ox.Triple(node, n(PG + p), ox.Literal(v, language="zh") if p != "wordDiff" else lit(v)))
        if "similarity" in c.extra:
            triples.append(ox.Triple(node, n(PG + "similarity"), lit(Decimal(str(c.extra["similarity"])))))
        if "count" in c.extra:
            triples.append(ox.Triple(node, n(PG + "occurrences"), lit(int(c.extra["count"]))))
        for name, v in c.fields.items():
            fnode = n(f"{node.value}/{iris.segment(name)}")
            triples += [ox.Triple(node, n(PG + "fieldChange"), fnode), ox.Triple(fnode, a, n(PG + "FieldChange")),
                        ox.Triple(fnode, n(PG + "fieldName"), lit(name))]
            for p, side in (("oldValue", "old"), ("newValue", "new")):
                val = v.get(side)
                for x in (val if isinstance(val, (list, tuple, frozenset, set)) else [val]):
                    if x is not None:
                        triples.append(ox.Triple(fnode, n(PG + p), lit(x)))
    triples = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    # Full IRIs for nodes: instance IRIs have slashes, which a prefixed name would have to escape.
    prefixes = {k: v for k, v in PREFIXES.items() if k != "id"}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")

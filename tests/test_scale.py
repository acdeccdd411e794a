"""The machinery behind speed and bounded memory, each piece checked against the plain way of
getting the same answer: fast scans, indexed lookups, the result spool, chunked store loading,
entity facts stated once, streaming execution."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from plangraph.extractors.gazetteer import NameAutomaton
from plangraph.extractors.scan import guarded

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
COMPOSED = ROOT / "tests" / "composed"


def _corpus_text() -> str:
    from plangraph.pipeline.load import load

    files = sorted(SEEDS.glob("*.txt")) + sorted(COMPOSED.glob("*.txt"))
    return "".join(load(f).simplified for f in files)


# ------------------------------------------------------------------------------ name automaton


@pytest.mark.parametrize(
    ("names", "text", "overlapping", "expected"),
    [
        # the longest name at each place, left to right, never overlapping
        (["杭州", "杭州市", "州市"], "杭州市和州市", False, [(0, 3, "杭州市"), (4, 6, "州市")]),
        (["温州", "温州市", "瓯海区"], "温州市瓯海区和温州", False, [(0, 3, "温州市"), (3, 6, "瓯海区"), (7, 9, "温州")]),
        # every occurrence of every name
        (["杭州", "杭州市", "州市"], "杭州市和州市", True, [(0, 2, "杭州"), (0, 3, "杭州市"), (1, 3, "州市"), (4, 6, "州市")]),
        (["诸暨"], "没有名字", False, []),
    ],
)
def test_name_automaton(names, text, overlapping, expected) -> None:
    assert sorted(NameAutomaton(names, overlapping=overlapping).find(text)) == expected


# ------------------------------------------------------------------------------------ guarded


def test_guarded_scans_find_what_the_bare_patterns_find() -> None:
    from plangraph.extractors import places, projects

    text = _corpus_text()
    feature_heads = "|".join(f"(?P<h{i}>{p})" for i, (p, _, _) in enumerate(places.FEATURE_HEADS))
    for bare in (feature_heads, projects._HEAD_ALTS, "(?:加快|积极)*(?:推进(?!工作)|建设)"):
        plain = re.compile(bare)
        fast = guarded(bare)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("pattern", [r"\d+年", ".湖", "[^江]湖", "[一-龥]+区", "(?:加快)?", "推进|.*"])
def test_guarded_refuses_patterns_that_match_characters_they_do_not_spell(pattern: str) -> None:
    with pytest.raises(ValueError):
        guarded(pattern)


# ------------------------------------------------------------------------------ section lookup


def test_section_at_is_the_deepest_section_holding_the_offset(seed_docs) -> None:
    """The bisection gives the answer of a pass over every section, at every offset."""
    def linear(doc, offset: int):
        best = doc.sections[0]
        for s in doc.sections:
            if s.start > offset:
                break
            if offset < s.end and s.level >= best.level:
                best = s
        return best

    for doc in seed_docs.values():
        for offset in range(0, len(doc.document.text) + 1, 7):
            assert doc.section_at(offset).section_id == linear(doc, offset).section_id


# --------------------------------------------------------------------------- character views


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发展" * 200 + "區域" + "规划" * 100, "发展" * 200 + "区域" + "规划" * 100),  # a stray character
        ("發展規劃綱要" * 100, "发展规划纲要" * 100),  # a traditional-script document
        ("绍兴市国土空间总体规划", "绍兴市国土空间总体规划"),
    ],
)
def test_simplified_view(text: str, expected: str) -> None:
    from plangraph.pipeline.simplify import simplified_view

    assert simplified_view(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ＧＤＰ增长６．５％", "GDP增长6.5%"), ("建成\u3000５\u3000个", "建成 5 个"), ("no wide chars", "no wide chars")],
)
def test_halfwidth(text: str, expected: str) -> None:
    from plangraph.pipeline.normalize import halfwidth

    assert halfwidth(text) == expected


def test_memo_clear_empties_the_content_caches() -> None:
    import plangraph.memo
    from plangraph.extractors.indicators import indicator_key

    indicator_key("规上工业增加值年均增长")
    assert indicator_key.cache_info().currsize > 0
    plangraph.memo.clear()
    assert indicator_key.cache_info().currsize == 0


# ----------------------------------------------------------------------------- streaming build


def test_spool_parks_slim_results_and_gives_them_back_in_both_orders(tmp_path: Path) -> None:
    from plangraph.pipeline.build import ResultSpool
    from plangraph.pipeline.run import process_document

    files = sorted(SEEDS.glob("*.txt"))[:3]
    results = [process_document(f) for f in files]
    spool = ResultSpool(tmp_path / "spool")
    for i, r in reversed(list(enumerate(results))):  # finished out of order, as workers do
        spool.add(i, r)
    back = list(spool.in_input_order())
    assert [r.path for r in back] == [r.path for r in results]
    assert [r.doc.document.doc_id for r in spool.in_document_order()] == sorted(r.doc.document.doc_id for r in results)
    for slim, full in zip(back, results, strict=True):
        assert slim.records == full.records and slim.doc.sections == full.doc.sections
        assert slim.jurisdiction == full.jurisdiction is not None
        assert slim.doc.document.text == "" and slim.doc.paragraphs == () and slim.doc.tables == ()


def test_streaming_executor_hands_back_every_document_once() -> None:
    from plangraph.pipeline.build import iter_documents
    from plangraph.pipeline.config import BuildConfig

    files = sorted(SEEDS.glob("*.txt"))
    got = sorted(i for i, _ in iter_documents(files, BuildConfig(extractors=("places",)), workers=2))
    assert got == list(range(len(files)))


def test_store_loaded_in_chunks_holds_what_one_load_holds(seed_build, tmp_path: Path, monkeypatch) -> None:
    from plangraph.pipeline.build import _ChunkedLoader

    out, _ = seed_build
    data = (out / "plangraph.nq").read_bytes()
    monkeypatch.setattr(_ChunkedLoader, "CHUNK_BYTES", 50_000)
    loader = _ChunkedLoader(ox.Store(str(tmp_path / "chunked")))
    with loader:
        lines = data.splitlines(keepends=True)
        for k in range(0, len(lines), 500):
            loader.add(b"".join(lines[k : k + 500]))
        loader.close()
    chunked = ox.Store.read_only(str(tmp_path / "chunked"))
    whole = ox.Store()
    whole.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
    assert set(chunked) == set(whole)


def test_a_failing_writer_stops_the_store_loader(tmp_path: Path) -> None:
    from plangraph.pipeline.build import _ChunkedLoader

    loader = _ChunkedLoader(ox.Store(str(tmp_path / "store")))
    with pytest.raises(RuntimeError, match="writer failed"), loader:
        loader.add(b"<http://a> <http://b> <http://c> .\n")
        raise RuntimeError("writer failed")
    assert not loader._thread.is_alive()


def test_entity_facts_are_stated_once_in_the_default_graph(seed_build) -> None:
    """A place named by all five documents has its label once; each document graph says that it
    mentions the place."""
    out, _ = seed_build
    quads = list(ox.parse(path=str(out / "plangraph.nq"), format=ox.RdfFormat.N_QUADS))
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    mentioned = ox.NamedNode("https://w3id.org/plangraph/ontology#mentionedIn")
    place = ox.NamedNode("https://w3id.org/plangraph/id/place/330600")  # 绍兴市
    labels = [q for q in quads if q.subject == place and q.predicate == label]
    assert len(labels) == 1 and labels[0].graph_name == ox.DefaultGraph()
    graphs = {q.graph_name for q in quads if q.subject == place and q.predicate == mentioned}
    assert len(graphs) >= 3 and ox.DefaultGraph() not in graphs


def test_every_record_entity_is_in_the_linked_table(seed_build) -> None:
    from plangraph.pipeline.link import link
    from plangraph.pipeline.run import process_document

    results = [process_document(f) for f in sorted(SEEDS.glob("*.txt"))[3:]]
    linked = link(results)
    kinds = set()
    for r in results:
        for rec in r.records:
            iri = linked.entity_iri(rec)
            if rec.kind == "task":
                assert iri is None
            else:
                assert iri in linked.entities, (rec.kind, iri)
                kinds.add(rec.kind)
    assert {"place", "organisation", "target", "project"} <= kinds


@pytest.mark.parametrize("text", ['引号"内', "反斜杠\\结尾", "换行\n回车\r制表\t", "控制\x01\x08\x0c\x1f\x7f", "普通文字 123", "😀"])
def test_graph_text_writes_n_quads_as_oxigraph_does(text: str) -> None:
    """The writer makes N-Quads text itself; it must be the bytes Oxigraph's serializer writes."""
    from plangraph.pipeline.rdf import XSD, GraphText, _s, _typed, _zh

    s, g = ox.NamedNode("https://w3id.org/plangraph/id/x"), ox.NamedNode("https://w3id.org/plangraph/id/doc/d")
    ours = GraphText(g.value)
    theirs = []
    for k, (literal, term) in enumerate([
        (_zh(text), ox.Literal(text, language="zh")),
        (_s(text), ox.Literal(text)),
        (_typed(text, XSD + "date"), ox.Literal(text, datatype=ox.NamedNode(XSD + "date"))),
    ]):
        p = ox.NamedNode(f"https://w3id.org/plangraph/ontology#p{k}")
        ours.add(s.value, p.value, literal)
        theirs.append(ox.Quad(s, p, term, g))
    ours.add(s.value, "https://w3id.org/plangraph/ontology#q", "https://w3id.org/plangraph/id/place/330600")
    theirs.append(ox.Quad(s, ox.NamedNode("https://w3id.org/plangraph/ontology#q"),
                          ox.NamedNode("https://w3id.org/plangraph/id/place/330600"), g))
    expected = b"".join(sorted(ox.serialize(theirs, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)))
    assert ours.nquads() == expected
    assert set(ours.quads()) == set(theirs)

"""The ontology and the SHACL shapes: every contract term defined, hand-written graphs validated.

Graphs are small composed examples in the style of other cities' plans (宁波, 嘉兴, 合肥 …); each
non-conforming case changes one thing in a conforming graph and names the exact violations expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SH

from plangraph.errors import PlangraphInputError
from plangraph.pipeline.validate import (
    PG,
    format_report,
    load_graph_file,
    ontology_graph,
    shapes_graph,
    validate_graph,
)

ID = Namespace("https://w3id.org/plangraph/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = Namespace("http://www.w3.org/ns/org#")

CONTRACT = Path(__file__).resolve().parents[1].parent / "shared" / "contract.md"

# Terms the RDF writer emits beyond the contract table (issue 6 brief and pipeline/rdf.py).
EXTENSION_TERMS = """
    Table sectionPath level sectionKind heading periodStart periodEnd outlookYear jurisdiction sha256
    valueAsWritten period scopeLabel task year description area deadline leadUnit cooperatingUnit taskKey
    category content builderLabel orgType fullName normalisedKey linkEvidence placeType adcode within
    Mention mentionOf surfaceForm
""".split()


# --------------------------------------------------------------------------- the ontology


def _contract_terms() -> set[str]:
    """Every pg: term in the RDF vocabulary table of contract.md."""
    text = CONTRACT.read_text(encoding="utf-8")
    table = text.split("## RDF vocabulary", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| pg:") or line.startswith("| dcterms:")]
    return {m for row in rows for m in re.findall(r"pg:(\w+)", row)}


def _labels(g: Graph, term: URIRef, prop: URIRef) -> dict[str | None, str]:
    return {o.language: str(o) for o in g.objects(term, prop) if isinstance(o, Literal)}


def test_ontology_and_shapes_parse_from_the_package():
    for name in ("plangraph.ttl", "shapes.ttl"):
        text = resources.files("plangraph.schema").joinpath(name).read_text(encoding="utf-8")
        assert len(Graph().parse(data=text, format="turtle")) > 100
    assert (URIRef("https://w3id.org/plangraph/ontology"), RDF.type, OWL.Ontology) in ontology_graph()


@pytest.mark.skipif(not CONTRACT.exists(), reason="../shared/contract.md is not next to this checkout")
def test_every_contract_term_is_defined():
    terms = _contract_terms()
    assert {"PlanDocument", "Target", "comparator", "adcode", "inDocument", "endOffset", "year"} <= terms
    ont = ontology_graph()
    missing = sorted(t for t in terms if (PG[t], RDF.type, None) not in ont)
    assert missing == []


@pytest.mark.parametrize("term", sorted(set(EXTENSION_TERMS)))
def test_extension_terms_are_defined(term):
    assert (PG[term], RDF.type, None) in ontology_graph()


def test_every_term_has_labels_and_comments_in_chinese_and_english():
    ont = ontology_graph()
    terms = {s for s in ont.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(PG)}
    assert len(terms) > 60
    for term in sorted(terms):
        for prop in (RDFS.label, RDFS.comment):
            langs = _labels(ont, term, prop)
            assert {"zh", "en"} <= set(langs), f"{term} {prop}"
            assert re.search(r"[\u4e00-\u9fff]", langs["zh"]), f"{term} {prop}@zh has no Chinese"


def test_every_property_has_a_domain_and_a_range():
    ont = ontology_graph()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ont.subjects(RDF.type, kind):
            assert ont.value(prop, RDFS.domain) is not None, prop
            assert ont.value(prop, RDFS.range) is not None, prop


@pytest.mark.parametrize(
    "sub, sup",
    [
        (PG.Target, PROV.Entity),
        (PG.Observation, PROV.Entity),
        (PG.Mention, PROV.Entity),
        (PG.PlanDocument, PROV.Entity),
        (PG.Indicator, SKOS.Concept),
        (PG.Organization, ORG.Organization),
        (PG.Table, PG.Section),
    ],
)
def test_standard_vocabularies_are_reused(sub, sup):
    assert (sub, RDFS.subClassOf, sup) in ontology_graph()


def test_unit_roles_are_responsible_units():
    ont = ontology_graph()
    for prop in (PG.leadUnit, PG.cooperatingUnit):
        assert (prop, RDFS.subPropertyOf, PG.responsibleUnit) in ont
    assert (PG.inDocument, RDFS.subPropertyOf, PROV.wasDerivedFrom) in ont


def test_every_shape_speaks_english_and_chinese_and_uses_defined_terms():
    shapes, ont = shapes_graph(), ontology_graph()
    named = [s for s in shapes.subjects(RDF.type, None) if isinstance(s, URIRef) and "/shapes#" in s]
    assert len(named) > 50
    for shape in named:
        messages = list(shapes.objects(shape, SH.message))
        messages += [m for c in shapes.objects(shape, SH.sparql) for m in shapes.objects(c, SH.message)]
        assert {m.language for m in messages} >= {"en", "zh"}, shape
    used = {t for t in shapes.all_nodes() if isinstance(t, URIRef) and t.startswith(PG)}
    assert sorted(t for t in used if (t, RDF.type, None) not in ont) == []


# --------------------------------------------------------------------------- a conforming graph

Q_TARGET = "到2025年，全市高速公路总里程达到620公里"
Q_TEXT = "单位GDP二氧化碳排放降低完成省下达目标"
Q_RATIO = "城乡居民收入倍差缩小至1.65左右"
Q_OBS = "2020年全市高速公路总里程563公里"
Q_TASK = "加快推进甬舟铁路建设（牵头单位：市交通运输局；配合单位：市发改委）"
Q_MENTION = "甬舟铁路"

PREFIXES = """
@prefix pg: <https://w3id.org/plangraph/ontology#> .
@prefix id: <https://w3id.org/plangraph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _prov(quote: str, start: int, section: str = "id:tab1", doc: str = "id:doc") -> str:
    return (
        f'pg:quote "{quote}" ; pg:startOffset {start} ; pg:endOffset {start + len(quote)} ; '
        f"pg:inDocument {doc} ; prov:wasDerivedFrom {section}"
    )


BASE = PREFIXES + f"""
id:doc a pg:PlanDocument ; pg:sourceFile "005_ningbo_transport.txt" ;
    pg:sha256 "{'ab' * 32}" ;
    dcterms:title "宁波市综合交通运输发展“十四五”规划"@zh ; dcterms:identifier "甬政发〔2021〕30号" ;
    dcterms:issued "2021-06-18"^^xsd:date ; dcterms:publisher "宁波市人民政府"@zh ;
    pg:periodStart "2021"^^xsd:gYear ; pg:periodEnd "2025"^^xsd:gYear ; pg:outlookYear "2035"^^xsd:gYear ;
    pg:jurisdiction id:p330200 .
id:doc2 a pg:PlanDocument ; pg:sourceFile "006_jiaxing_action.txt" .

id:sec1 a pg:Section ; dcterms:isPartOf id:doc ; pg:heading "发展目标"@zh ; pg:sectionPath "二" ;
    pg:level 1 ; pg:sectionKind "chapter" .
id:tab1 a pg:Section , pg:Table ; dcterms:isPartOf id:sec1 ; pg:sectionPath "二/表1" ; pg:level 2 ;
    pg:sectionKind "table" .
id:tab2 a pg:Table ; dcterms:isPartOf id:tab1 ; pg:sectionPath "二/表1/续" ; pg:level 3 .

id:p330000 a pg:Place ; rdfs:label "浙江省"@zh ; pg:adcode "330000" ; pg:placeType "province" .
id:p330200 a pg:Place ; rdfs:label "宁波市"@zh ; pg:adcode "330200" ; pg:placeType "prefecture" ;
    pg:within id:p330000 ; pg:mentionedIn id:doc .
id:port a pg:Place ; rdfs:label "宁波舟山港"@zh ; skos:altLabel "宁波港"@zh ; pg:placeType "port" ;
    pg:within id:p330200 ; pg:mentionedIn id:doc .

id:hwy a pg:Indicator , skos:Concept ; skos:prefLabel "高速公路里程"@zh ; skos:altLabel "高速公路总里程"@zh ;
    pg:mentionedIn id:doc .
id:co2 a pg:Indicator ; skos:prefLabel "单位GDP二氧化碳排放降低"@zh ; pg:mentionedIn id:doc .
id:ratio a pg:Indicator ; skos:prefLabel "城乡居民收入比"@zh ; pg:mentionedIn id:doc .

id:t1 a pg:Target ; pg:indicatorLabel "高速公路总里程"@zh ; pg:indicator id:hwy ;
    pg:value 620.0 ; pg:unit "公里" ; pg:comparator "ge" ; pg:targetYear "2025"^^xsd:gYear ;
    pg:valueAsWritten "620公里"@zh ; pg:scope id:p330200 ; pg:scopeLabel "全市"@zh ; pg:bindingness "预期性" ;
    pg:baselineValue 563.0 ; pg:baselineYear "2020"^^xsd:gYear ; pg:task id:task1 ;
    {_prov(Q_TARGET, 100)} .
id:t2 a pg:Target ; pg:indicatorLabel "单位GDP二氧化碳排放降低"@zh ; pg:indicator id:co2 ;
    pg:valueText "完成省下达目标"@zh ; pg:comparator "eq"^^xsd:string ; pg:targetYear "2025"^^xsd:gYear ;
    pg:bindingness "约束性"@zh ; pg:period "cumulative" ; {_prov(Q_TEXT, 200)} .
id:t3 a pg:Target ; pg:indicatorLabel "城乡居民收入倍差"@zh ; pg:indicator id:ratio ;
    pg:value 1.65 ; pg:comparator "approx" ; pg:targetYear "2025"^^xsd:gYear ; {_prov(Q_RATIO, 300)} .
id:o1 a pg:Observation ; pg:indicatorLabel "高速公路总里程"@zh ; pg:indicator id:hwy ;
    pg:value 563.0 ; pg:unit "公里" ; pg:year "2020"^^xsd:gYear ; {_prov(Q_OBS, 40, "id:sec1")} .

id:jtj a pg:Organization ; rdfs:label "宁波市交通运输局"@zh ; skos:altLabel "市交通运输局"@zh ;
    pg:jurisdiction id:p330200 ; pg:orgType "government" ; pg:fullName "交通运输局"@zh ; pg:mentionedIn id:doc .
id:fgw a pg:Organization ; rdfs:label "宁波市发展和改革委员会"@zh ; pg:orgType "government" ;
    pg:mentionedIn id:doc .
id:jtjt a pg:Organization ; rdfs:label "宁波交通投资集团有限公司"@zh ; pg:orgType "company" ;
    pg:mentionedIn id:doc .

id:task1 a pg:Task ; pg:description "加快推进甬舟铁路建设"@zh ; pg:taskKey "三/（一）/2" ; pg:area "交通互通"@zh ;
    pg:deadline "2025年底前"@zh ; pg:responsibleUnit id:jtj , id:fgw ; pg:leadUnit id:jtj ;
    pg:cooperatingUnit id:fgw ; {_prov(Q_TASK, 500, "id:sec1")} .

id:yz a pg:Project ; rdfs:label "甬舟铁路"@zh ; skos:altLabel "宁波至舟山铁路"@zh ;
    pg:mentionedIn id:doc , id:doc2 ; pg:stage "续建"@zh ; pg:investment 270.0 ; pg:investmentUnit "亿元" ;
    pg:startYear "2021"^^xsd:gYear ; pg:endYear "2026"^^xsd:gYear ; pg:endYear "2027"^^xsd:gYear ;
    pg:builder id:jtjt ; pg:builderLabel "宁波交投"@zh ; pg:category "铁路"@zh ; pg:content "全长约77公里"@zh ;
    pg:normalisedKey "甬舟铁路" ; pg:linkEvidence "同名：甬舟铁路"@zh .
id:m1 a pg:Mention ; pg:mentionOf id:yz ; pg:surfaceForm "甬舟铁路"@zh ; {_prov(Q_MENTION, 505, "id:sec1")} .
id:m2 a pg:Mention ; pg:mentionOf id:yz ; pg:surfaceForm "宁波至舟山铁路"@zh ;
    pg:quote "宁波至舟山铁路" , "甬舟铁路" ; pg:startOffset 10 , 90 ; pg:endOffset 17 , 94 ;
    pg:inDocument id:doc2 ; prov:wasDerivedFrom id:doc2 .
"""


def _graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def _mutated(remove: tuple[tuple[str, str], ...] = (), add: str = "") -> Graph:
    """BASE without the (subject, predicate) pairs in ``remove``, plus the Turtle in ``add``."""
    g = _graph(BASE)
    for s, p in remove:
        g.remove((ID[s], g.namespace_manager.expand_curie(p), None))
    if add:
        g += _graph(PREFIXES + add)
    return g


def _found(report) -> set[tuple[str, str]]:
    return {(v.shape, v.focus.removeprefix(f"<{ID}").removesuffix(">")) for v in report.errors}


def test_base_graph_conforms():
    report = validate_graph(_graph(BASE))
    assert report.violations == (), format_report(report)
    assert report.conforms


def test_a_project_section_is_part_of_a_project():
    name = "甬舟铁路（宁波段）"
    g = _mutated(add=f'id:yz1 a pg:Project ; rdfs:label "{name}"@zh ; pg:mentionedIn id:doc ; dcterms:isPartOf id:yz .'
                     f'id:m3 a pg:Mention ; pg:mentionOf id:yz1 ; {_prov(name, 700, "id:sec1")} .')
    report = validate_graph(g)
    assert report.errors == (), format_report(report)


def test_the_seed_build_has_no_violations(seed_build):
    out, _ = seed_build
    report = validate_graph(load_graph_file(out / "plangraph.ttl"))
    assert report.triples > 10_000
    assert report.errors == (), format_report(report)


def test_validation_leaves_the_graph_unchanged():
    g = _graph(BASE)
    before = _graph(BASE)
    validate_graph(g)
    assert len(g) == len(before) and isomorphic(g, before)


# --------------------------------------------------------------------------- violations, one idea per case


@dataclass(frozen=True)
class Case:
    name: str
    expected: set[tuple[str, str]]  # (shape, focus local name)
    remove: tuple[tuple[str, str], ...] = ()
    add: str = ""
    warnings: set[tuple[str, str]] = field(default_factory=set)


CASES = [
    Case("value and valueText", {("pgsh:FigureValueXoneShape", "t1")}, add='id:t1 pg:valueText "620公里以上"@zh .'),
    Case("neither value nor valueText", {("pgsh:FigureValueXoneShape", "t2")}, remove=(("t2", "pg:valueText"),)),
    Case("value without unit", {("pgsh:FigureUnitShape", "t1")}, remove=(("t1", "pg:unit"),)),
    Case("two units", {("pgsh:Figure-unit", "t1")}, add='id:t1 pg:unit "千米" .'),
    Case("observation without unit", {("pgsh:FigureUnitShape", "o1")}, remove=(("o1", "pg:unit"),)),
    Case("adcode of five digits", {("pgsh:Place-adcode", "p330000")}, remove=(("p330000", "pg:adcode"),),
         add='id:p330000 pg:adcode "33000" .'),
    Case("adcode as a number", {("pgsh:Place-adcode", "p330000")}, remove=(("p330000", "pg:adcode"),),
         add="id:p330000 pg:adcode 330000 ."),
    Case("adcode on an organisation", {("pgsh:AdcodeSubjectShape", "jtj")}, add='id:jtj pg:adcode "330200" .'),
    Case("target without quote", {("pgsh:Record-quote", "t1")}, remove=(("t1", "pg:quote"),)),
    Case("task without document", {("pgsh:Record-inDocument", "task1")}, remove=(("task1", "pg:inDocument"),)),
    Case("mention without quote", {("pgsh:Record-quote", "m1")}, remove=(("m1", "pg:quote"),)),
    Case("inDocument points to a section", {("pgsh:inDocument-range", "o1")}, remove=(("o1", "pg:inDocument"),),
         add="id:o1 pg:inDocument id:sec1 ."),
    Case("empty quote", {("pgsh:quote-value", "t2"), ("pgsh:RecordQuoteLengthShape", "t2")},
         remove=(("t2", "pg:quote"),), add='id:t2 pg:quote "" .'),
    Case("quote longer than its offsets", {("pgsh:RecordQuoteLengthShape", "t1")}, remove=(("t1", "pg:endOffset"),),
         add="id:t1 pg:endOffset 110 ."),
    Case("start after end", {("pgsh:RecordOffsetOrderShape", "task1")}, remove=(("task1", "pg:startOffset"),),
         add="id:task1 pg:startOffset 9999 ."),
    Case("negative offset", {("pgsh:startOffset-value", "o1"), ("pgsh:RecordQuoteLengthShape", "o1")},
         remove=(("o1", "pg:startOffset"),), add="id:o1 pg:startOffset -1 ."),
    Case("offset as a string", {("pgsh:endOffset-value", "o1")}, remove=(("o1", "pg:endOffset"),),
         add='id:o1 pg:endOffset "59" .'),
    Case("comparator outside the set", {("pgsh:Target-comparator", "t1")}, remove=(("t1", "pg:comparator"),),
         add='id:t1 pg:comparator "gte" .'),
    Case("two target years", {("pgsh:Target-targetYear", "t1")}, add='id:t1 pg:targetYear "2027"^^xsd:gYear .'),
    Case("target year as an integer", {("pgsh:Target-targetYear", "t1")}, remove=(("t1", "pg:targetYear"),),
         add="id:t1 pg:targetYear 2025 ."),
    Case("target year of two digits", {("pgsh:Target-targetYear", "t1"), ("pgsh:TargetBaselineOrderShape", "t1")},
         remove=(("t1", "pg:targetYear"),),
         add='id:t1 pg:targetYear "25"^^xsd:gYear .'),
    Case("target without year is only a warning", set(), remove=(("t2", "pg:targetYear"),),
         warnings={("pgsh:Target-targetYearPresent", "t2")}),
    Case("bindingness outside the set", {("pgsh:Target-bindingness", "t1")}, remove=(("t1", "pg:bindingness"),),
         add='id:t1 pg:bindingness "指导性" .'),
    Case("period outside the set", {("pgsh:Target-period", "t2")}, remove=(("t2", "pg:period"),),
         add='id:t2 pg:period "yearly" .'),
    Case("baseline after target year", {("pgsh:TargetBaselineOrderShape", "t1")}, remove=(("t1", "pg:baselineYear"),),
         add='id:t1 pg:baselineYear "2026"^^xsd:gYear .'),
    Case("target that is also an observation", {("pgsh:TargetNotObservationShape", "t1"),
                                                 ("pgsh:Observation-noTargetYear", "t1")},
         add="id:t1 a pg:Observation ."),
    Case("indicator that is not one", {("pgsh:Figure-indicator", "t1")}, remove=(("t1", "pg:indicator"),),
         add="id:t1 pg:indicator id:p330200 ."),
    Case("scope that is not a place", {("pgsh:ScopeObjectShape", "jtj")}, remove=(("t1", "pg:scope"),),
         add="id:t1 pg:scope id:jtj ."),
    Case("label without language tag", {("pgsh:Entity-label", "jtj")}, remove=(("jtj", "rdfs:label"),),
         add='id:jtj rdfs:label "宁波市交通运输局" .'),
    Case("label in English", {("pgsh:Entity-label", "yz")}, remove=(("yz", "rdfs:label"),),
         add='id:yz rdfs:label "Ningbo-Zhoushan railway"@en .'),
    Case("indicator without prefLabel", {("pgsh:Indicator-prefLabel", "co2")}, remove=(("co2", "skos:prefLabel"),)),
    Case("within points to an organisation", {("pgsh:WithinObjectShape", "jtj")}, remove=(("port", "pg:within"),),
         add="id:port pg:within id:jtj ."),
    Case("within cycle", {("pgsh:PlaceWithinCycleShape", "p330000"), ("pgsh:PlaceWithinCycleShape", "p330200"),
                          ("pgsh:PlaceWithinCycleShape", "port")},
         add="id:p330000 pg:within id:port ."),
    Case("place type outside the set", {("pgsh:Place-placeType", "port")}, remove=(("port", "pg:placeType"),),
         add='id:port pg:placeType "harbour" .'),
    Case("two source files", {("pgsh:PlanDocument-sourceFile", "doc")}, add='id:doc pg:sourceFile "005.md" .'),
    Case("source file with a folder", {("pgsh:PlanDocument-sourceFile", "doc2")}, remove=(("doc2", "pg:sourceFile"),),
         add='id:doc2 pg:sourceFile "seeds/006_jiaxing_action.txt" .'),
    Case("issued as plain text", {("pgsh:PlanDocument-issued", "doc")}, remove=(("doc", "dcterms:issued"),),
         add='id:doc dcterms:issued "2021年6月18日" .'),
    Case("period end after outlook", {("pgsh:PlanDocumentPeriodOrderShape", "doc")}, remove=(("doc", "pg:outlookYear"),),
         add='id:doc pg:outlookYear "2024"^^xsd:gYear .'),
    Case("section outside the tree", {("pgsh:Section-isPartOf", "sec1")}, remove=(("sec1", "dcterms:isPartOf"),)),
    Case("section part of a target", {("pgsh:Section-isPartOf", "sec1")}, remove=(("sec1", "dcterms:isPartOf"),),
         add="id:sec1 dcterms:isPartOf id:t1 ."),
    Case("section cycle", {("pgsh:SectionTreeShape", "sec1"), ("pgsh:SectionTreeShape", "tab1")},
         remove=(("sec1", "dcterms:isPartOf"),), add="id:sec1 dcterms:isPartOf id:tab1 ."),
    Case("task lead unit that is not an organisation", {("pgsh:Task-leadUnit", "task1")},
         add="id:task1 pg:leadUnit id:p330200 ."),
    Case("task without description", {("pgsh:Task-description", "task1")}, remove=(("task1", "pg:description"),)),
    Case("project without mention", {("pgsh:Project-mention", "yz")}, remove=(("m1", "pg:mentionOf"), ("m2", "pg:mentionOf")),
         add='id:m1 pg:mentionOf id:jtj . id:m2 pg:mentionOf id:jtj .'),
    Case("project part of a section", {("pgsh:Project-isPartOf", "yz")}, add="id:yz dcterms:isPartOf id:sec1 ."),
    Case("investment without unit", {("pgsh:ProjectInvestmentUnitShape", "yz")}, remove=(("yz", "pg:investmentUnit"),)),
    Case("project start after every end", {("pgsh:ProjectPeriodOrderShape", "yz")}, remove=(("yz", "pg:startYear"),),
         add='id:yz pg:startYear "2028"^^xsd:gYear .'),
    Case("builder that is a place", {("pgsh:Project-builder", "yz")}, remove=(("yz", "pg:builder"),),
         add="id:yz pg:builder id:port ."),
    Case("organisation without mentionedIn", {("pgsh:Entity-mentionedIn", "fgw")}, remove=(("fgw", "pg:mentionedIn"),)),
    Case("mentionedIn points to a section", {("pgsh:mentionedIn-range", "fgw")}, add="id:fgw pg:mentionedIn id:sec1 ."),
    Case("mention of two entities", {("pgsh:Mention-mentionOf", "m1")}, add="id:m1 pg:mentionOf id:jtj ."),
    Case("undefined pg: term", {("pgsh:DefinedTerms", "t1")}, add='id:t1 pg:confidence 0.9 .'),
    Case("bad sha256", {("pgsh:PlanDocument-sha256", "doc")}, remove=(("doc", "pg:sha256"),),
         add='id:doc pg:sha256 "ABC" .'),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_violations(case):
    report = validate_graph(_mutated(case.remove, case.add))
    assert _found(report) == case.expected, format_report(report)
    warned = {(v.shape, v.focus.removeprefix(f"<{ID}").removesuffix(">")) for v in report.warnings}
    assert warned == case.warnings
    assert report.conforms == (not case.expected)


def test_sparql_constraints_run_natively_give_pyshacls_results():
    """validate_graph runs the SPARQL-based constraints itself; pySHACL running them gives the same."""
    sparql_shapes = {str(s) for s in shapes_graph().subjects(SH.sparql, None)}
    g = _mutated(
        remove=(("t1", "pg:endOffset"), ("task1", "pg:startOffset"), ("t1", "pg:baselineYear"),
                ("yz", "pg:startYear"), ("doc", "pg:outlookYear"), ("sec1", "dcterms:isPartOf")),
        add="""id:t1 pg:endOffset 110 ; pg:baselineYear "2026"^^xsd:gYear ; a pg:Observation .
               id:task1 pg:startOffset 9999 . id:yz pg:startYear "2028"^^xsd:gYear , "2022"^^xsd:gYear .
               id:doc pg:outlookYear "2024"^^xsd:gYear . id:sec1 dcterms:isPartOf id:tab1 .
               id:p330000 pg:within id:port .""",
    )
    ours = {(v.shape, v.focus) for v in validate_graph(g).errors if v.component == "SPARQL"}
    g += ontology_graph()
    _, results, _ = pyshacl.validate(g, shacl_graph=shapes_graph(), inference="none")
    theirs = set()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        shape = str(results.value(r, SH.sourceShape))
        if shape in sparql_shapes:
            theirs.add((shape.replace("https://w3id.org/plangraph/shapes#", "pgsh:"), f"<{results.value(r, SH.focusNode)}>"))
    assert len(ours) >= 10
    assert ours == theirs


# --------------------------------------------------------------------------- the printed report


def test_report_groups_counts_and_truncates():
    bad = "".join(
        f'id:q{i} a pg:Place ; rdfs:label "乡镇{i}"@zh ; pg:adcode "3306{i}" .\n' for i in range(8)
    )
    report = validate_graph(_mutated(remove=(("t1", "pg:unit"),), add=bad))
    text = format_report(report, limit=5)
    lines = text.splitlines()
    assert lines[0].startswith("9 violations in 2 shapes (")
    assert lines[2] == "pgsh:Place-adcode (8) [Pattern]"
    assert lines[3] == "  pg:adcode is a single xsd:string of six digits."
    assert lines[4] == "  pg:adcode 为单个六位数字的 xsd:string。"
    assert lines[5] == f'  - focus <{ID}q0>  path pg:adcode  value "33060"'
    assert "  … and 3 more" in lines
    assert text.index("pgsh:Place-adcode (8)") < text.index("pgsh:FigureUnitShape (1)")


def test_report_without_violations():
    text = format_report(validate_graph(_graph(BASE)))
    assert text.startswith("No violations (") and "\n" not in text


# --------------------------------------------------------------------------- reading graph files

GOOD_NQ = (
    '<https://w3id.org/plangraph/id/doc/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    '<https://w3id.org/plangraph/ontology#PlanDocument> <https://w3id.org/plangraph/id/doc/a> .\n'
    '<https://w3id.org/plangraph/id/doc/a> <https://w3id.org/plangraph/ontology#sourceFile> "a.txt" '
    '<https://w3id.org/plangraph/id/doc/a> .\n'
    '<https://w3id.org/plangraph/id/doc/b> <https://w3id.org/plangraph/ontology#sourceFile> "b.txt" .\n'
)


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("bad.ttl", '@prefix ex: <http://ex/> .\nex:a ex:b ex:c ;\n    ex:d .\n',
         "malformed Turtle: objectList expected (line 3)"),
        ("unbound.ttl", "ex:a ex:b ex:c .\n", 'malformed Turtle: Prefix "ex:" not bound (line 1)'),
        ("string.ttl", '@prefix ex: <http://ex/> .\n\nex:a ex:b "open .\nex:c ex:d ex:e .\n',
         "malformed Turtle: newline found in string literal (line 3)"),
        ("bad.nt", '<http://ex/a> <http://ex/b> <http://ex/c> .\n<http://ex/a> <http://ex/b> <http://ex/c>\n',
         "malformed N-Triples: "),
        ("bad.nq", GOOD_NQ + "<http://ex/a> <http://ex/b> .\n", "malformed N-Quads: "),
        ("bad.trig", "@prefix ex: <http://ex/> .\nex:g { ex:a ex:b ex:c .\n", "malformed TriG: "),
        ("latin1.ttl", b"<http://ex/a> <http://ex/b> \"caf\xe9\" .\n", "malformed Turtle: not UTF-8 text"),
        ("empty.ttl", "  \n", "empty file"),
        ("graph.rdf", "<rdf:RDF/>", "unknown graph file type '.rdf'"),
    ],
)
def test_bad_graph_files_raise_one_line(tmp_path, name, content, problem):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(PlangraphInputError) as info:
        load_graph_file(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {problem}")
    if name.endswith((".nt", ".nq", ".trig")):
        assert re.search(r"\(line \d+\)$", message), message


def test_missing_graph_file(tmp_path):
    with pytest.raises(PlangraphInputError, match="no such file"):
        load_graph_file(tmp_path / "nothing.ttl")


def test_nquads_are_read_as_the_union_of_their_graphs(tmp_path):
    path = tmp_path / "g.nq"
    path.write_text(GOOD_NQ, encoding="utf-8")
    g = load_graph_file(path)
    assert type(g) is Graph and len(g) == 3
    assert validate_graph(g).conforms


@pytest.mark.parametrize("suffix, fmt", [(".ttl", "turtle"), (".nt", "nt"), (".trig", "trig"), (".nq", "nquads")])
def test_graph_files_round_trip(tmp_path, suffix, fmt):
    g = _graph(BASE)
    path = tmp_path / f"base{suffix}"
    if fmt in ("trig", "nquads"):
        from rdflib import Dataset

        ds = Dataset()
        named = ds.graph(URIRef(f"{ID}doc"))
        for t in g:
            named.add(t)
        ds.serialize(path, format=fmt)
    else:
        g.serialize(path, format=fmt)
    loaded = load_graph_file(path)
    assert isomorphic(loaded, g)
    assert validate_graph(loaded).conforms

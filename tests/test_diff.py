"""``plangraph diff``: hand-written graphs with one edit each give exactly that edit; edited copies
of a composed plan and of seeds give the text-level and record-level changes; 000 → 002 end to end."""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plangraph.cli import app
from plangraph.errors import PlangraphInputError
from plangraph.pipeline import diff
from plangraph.pipeline.diff import diff_graphs, diff_paths, diff_versions, parse_graph, read_version, render

ROOT = Path(__file__).resolve().parent.parent


def extractors_exist(*names: str) -> bool:
    """The record-level cases need extractors that are being written alongside this module."""
    return all(importlib.util.find_spec(f"plangraph.extractors.{n}") is not None for n in names)


SEEDS = ROOT / "seeds"
COMPOSED = ROOT / "tests" / "composed" / "diff_hefei_plan.txt"

# A 宁波 transport plan as a build would write it: one document, its sections, targets, an
# observation, projects, tasks with units, organisations, places and indicator concepts.
# One statement block per line, so an edit can name the line by its subject.
BASE = """\
@prefix pg: <https://w3id.org/plangraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/plangraph/id/> .
<doc/nb> a pg:PlanDocument ; pg:sourceFile "nb.txt" ; dcterms:title "宁波市综合交通发展规划"@zh ; dcterms:identifier "甬政发〔2024〕3号" .
<doc/nb/section/一> a pg:Section ; pg:sectionPath "一" ; pg:heading "总体要求"@zh ; dcterms:isPartOf <doc/nb> ; pg:inDocument <doc/nb> ; pg:startOffset 0 ; pg:endOffset 100 .
<doc/nb/section/一/（一）> a pg:Section ; pg:sectionPath "一/（一）" ; pg:heading "发展目标"@zh ; dcterms:isPartOf <doc/nb/section/一> ; pg:inDocument <doc/nb> ; pg:startOffset 10 ; pg:endOffset 100 .
<doc/nb/section/二> a pg:Section ; pg:sectionPath "二" ; pg:heading "重点任务"@zh ; dcterms:isPartOf <doc/nb> ; pg:inDocument <doc/nb> ; pg:startOffset 100 ; pg:endOffset 300 .
<doc/nb/section/二/（一）> a pg:Section ; pg:sectionPath "二/（一）" ; pg:heading "畅通对外通道"@zh ; dcterms:isPartOf <doc/nb/section/二> ; pg:inDocument <doc/nb> ; pg:startOffset 110 ; pg:endOffset 200 .
<doc/nb/section/二/（二）> a pg:Section ; pg:sectionPath "二/（二）" ; pg:heading "完善港口集疏运"@zh ; dcterms:isPartOf <doc/nb/section/二> ; pg:inDocument <doc/nb> ; pg:startOffset 200 ; pg:endOffset 300 .
<doc/nb/section/三> a pg:Section ; pg:sectionPath "三" ; pg:heading "保障措施"@zh ; dcterms:isPartOf <doc/nb> ; pg:inDocument <doc/nb> ; pg:startOffset 300 ; pg:endOffset 400 .
<doc/nb/section/三/（一）> a pg:Section ; pg:sectionPath "三/（一）" ; pg:heading "强化要素保障"@zh ; dcterms:isPartOf <doc/nb/section/三> ; pg:inDocument <doc/nb> ; pg:startOffset 310 ; pg:endOffset 400 .
<target/nb/1> a pg:Target ; pg:indicatorLabel "高速公路里程"@zh ; pg:indicator <indicator/高速公路里程> ; pg:value 600.0 ; pg:unit "公里" ; pg:comparator "ge" ; pg:targetYear "2027"^^xsd:gYear ; pg:scope <place/330200> ; pg:scopeLabel "全市"@zh ; pg:inDocument <doc/nb> ; prov:wasDerivedFrom <doc/nb/section/一/（一）> ; pg:quote "到2027年，全市高速公路里程达到600公里以上" ; pg:startOffset 20 ; pg:endOffset 43 .
<target/nb/2> a pg:Target ; pg:indicatorLabel "港口集装箱吞吐量"@zh ; pg:indicator <indicator/港口集装箱吞吐量> ; pg:value 4000.0 ; pg:unit "万标箱" ; pg:comparator "ge" ; pg:targetYear "2027"^^xsd:gYear ; pg:scope <place/330200> ; pg:scopeLabel "全市"@zh ; pg:inDocument <doc/nb> ; prov:wasDerivedFrom <doc/nb/section/一/（一）> ; pg:quote "港口集装箱吞吐量达到4000万标箱" ; pg:startOffset 44 ; pg:endOffset 61 .
<target/nb/3> a pg:Target ; pg:indicatorLabel "常住人口城镇化率"@zh ; pg:indicator <indicator/常住人口城镇化率> ; pg:value 80.0 ; pg:unit "%" ; pg:comparator "ge" ; pg:targetYear "2027"^^xsd:gYear ; pg:scope <place/330200> ; pg:scopeLabel "全市"@zh ; pg:bindingness "预期性"@zh ; pg:inDocument <doc/nb> ; prov:wasDerivedFrom <doc/nb/section/一/（一）> ; pg:quote "常住人口城镇化率达到80%以上" ; pg:startOffset 62 ; pg:endOffset 76 .
<target/nb/4> a pg:Target ; pg:indicatorLabel "高速公路里程"@zh ; pg:indicator <indicator/高速公路里程> ; pg:value 200.0 ; pg:unit "公里" ; pg:comparator "ge" ; pg:targetYear "2027"^^xsd:gYear ; pg:scope <place/330281> ; pg:scopeLabel "余姚市"@zh ; pg:inDocument <doc/nb> ; prov:wasDerivedFrom <doc/nb/section/一/（一）> ; pg:quote "余姚市高速公路里程达到200公里" ; pg:startOffset 77 ; pg:endOffset 92 .
<observation/nb/1> a pg:Observation ; pg:indicatorLabel "高速公路里程"@zh ; pg:indicator <indicator/高速公路里程> ; pg:value 520.0 ; pg:unit "公里" ; pg:year "2023"^^xsd:gYear ; pg:scope <place/330200> ; pg:scopeLabel "全市"@zh ; pg:inDocument <doc/nb> ; prov:wasDerivedFrom <doc/nb/section/一/（一）> ; pg:quote "2023年全市高速公路里程520公里" ; pg:startOffset 11 ; pg:endOffset 19 .
<indicator/高速公路里程> a pg:Indicator, skos:Concept ; skos:prefLabel "高速公路里程"@zh ; rdfs:label "高速公路里程"@zh ; pg:mentionedIn <doc/nb> .
<indicator/港口集装箱吞吐量> a pg:Indicator, skos:Concept ; skos:prefLabel "港口集装箱吞吐量"@zh ; rdfs:label "港口集装箱吞吐量"@zh ; pg:mentionedIn <doc/nb> .
<indicator/常住人口城镇化率> a pg:Indicator, skos:Concept ; skos:prefLabel "常住人口城镇化率"@zh ; rdfs:label "常住人口城镇化率"@zh ; pg:mentionedIn <doc/nb> .
<place/330200> a pg:Place ; rdfs:label "宁波市"@zh ; pg:adcode "330200" ; pg:placeType "prefecture" ; pg:mentionedIn <doc/nb> .
<place/330281> a pg:Place ; rdfs:label "余姚市"@zh ; pg:adcode "330281" ; pg:placeType "county" ; pg:mentionedIn <doc/nb> .
<place/330282> a pg:Place ; rdfs:label "慈溪市"@zh ; pg:adcode "330282" ; pg:placeType "county" ; pg:mentionedIn <doc/nb> .
<project/甬舟铁路> a pg:Project ; rdfs:label "甬舟铁路"@zh ; pg:normalisedKey "甬舟铁路" ; pg:stage "续建"@zh ; pg:investment 270.0 ; pg:investmentUnit "亿元" ; pg:startYear "2021"^^xsd:gYear ; pg:endYear "2028"^^xsd:gYear ; pg:builder <org/330200/交通投资集团> ; pg:mentionedIn <doc/nb> .
<project/杭甬高速复线> a pg:Project ; rdfs:label "杭甬高速复线宁波段"@zh ; skos:altLabel "杭甬高速复线"@zh ; pg:normalisedKey "杭甬高速复线" ; pg:stage "新建"@zh ; pg:investment 150.0 ; pg:investmentUnit "亿元" ; pg:builder <org/330200/交通投资集团> ; pg:mentionedIn <doc/nb> .
<org/330200/交通运输局> a pg:Organization ; rdfs:label "宁波市交通运输局"@zh ; pg:jurisdiction <place/330200> ; pg:mentionedIn <doc/nb> .
<org/330200/发展和改革委员会> a pg:Organization ; rdfs:label "宁波市发展和改革委员会"@zh ; pg:jurisdiction <place/330200> ; pg:mentionedIn <doc/nb> .
<org/330200/交通投资集团> a pg:Organization ; rdfs:label "宁波交通投资集团有限公司"@zh ; pg:jurisdiction <place/330200> ; pg:mentionedIn <doc/nb> .
<org/330200/港航管理中心> a pg:Organization ; rdfs:label "宁波市港航管理中心"@zh ; pg:jurisdiction <place/330200> ; pg:mentionedIn <doc/nb> .
<task/nb/1> a pg:Task ; pg:description "推进甬舟铁路建设，2028年建成通车。"@zh ; pg:taskKey "二/（一）/1" ; pg:area "畅通对外通道"@zh ; pg:responsibleUnit <org/330200/交通运输局>, <org/330200/发展和改革委员会> ; pg:leadUnit <org/330200/交通运输局> ; pg:inDocument <doc/nb> ; prov:wasDerivedFrom <doc/nb/section/二/（一）> ; pg:quote "推进甬舟铁路建设，2028年建成通车。" ; pg:startOffset 120 ; pg:endOffset 138 .
<task/nb/2> a pg:Task ; pg:description "加快梅山港区集装箱码头建设。"@zh ; pg:taskKey "二/（二）/1" ; pg:area "完善港口集疏运"@zh ; pg:responsibleUnit <org/330200/港航管理中心> ; pg:inDocument <doc/nb> ; prov:wasDerivedFrom <doc/nb/section/二/（二）> ; pg:quote "加快梅山港区集装箱码头建设。" ; pg:startOffset 210 ; pg:endOffset 224 .
<task/nb/3> a pg:Task ; pg:description "完善铁路集疏运体系，提高海铁联运比重。"@zh ; pg:taskKey "二/（二）/2" ; pg:area "完善港口集疏运"@zh ; pg:responsibleUnit <org/330200/港航管理中心>, <org/330200/交通运输局> ; pg:inDocument <doc/nb> ; prov:wasDerivedFrom <doc/nb/section/二/（二）> ; pg:quote "完善铁路集疏运体系，提高海铁联运比重。" ; pg:startOffset 230 ; pg:endOffset 249 .
"""


@dataclass
class Edit:
    subject: str  # the line to edit starts with this subject ("<target/nb/1>"); "*" edits every line
    old: str | None = None  # None and ``new`` given: append ``new`` as a new line
    new: str | None = None  # both None: delete the line


@dataclass
class Case:
    name: str
    edits: list[Edit]
    # (kind, change, label) → the field names the change must list
    expected: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)


def apply(text: str, edits: list[Edit]) -> str:
    lines = text.splitlines()
    for e in edits:
        if e.old is None and e.new is not None:
            lines.append(e.new)
            continue
        hits = [i for i, line in enumerate(lines) if e.subject == "*" or line.startswith(e.subject + " ")]
        assert hits, e
        if e.old is None:
            lines = [line for i, line in enumerate(lines) if i not in hits]
            continue
        changed = 0
        for i in hits:
            if e.old in lines[i]:
                lines[i] = lines[i].replace(e.old, e.new)
                changed += 1
        assert changed, e
    return "\n".join(lines) + "\n"


def summary(d) -> dict[tuple[str, str, str], set[str]]:
    return {(c.kind, c.change, c.label): set(c.fields) for c in d.changes}


GRAPH_CASES = [
    Case("same graph", []),
    Case("change a value", [Edit("<target/nb/1>", "pg:value 600.0", "pg:value 656.0")],
         {("target", "changed", "高速公路里程"): {"value"}}),
    Case("change a year", [Edit("<target/nb/2>", '"2027"^^xsd:gYear', '"2028"^^xsd:gYear')],
         {("target", "changed", "港口集装箱吞吐量"): {"year"}}),
    Case("change a unit", [Edit("<target/nb/2>", '"万标箱"', '"万TEU"')],
         {("target", "changed", "港口集装箱吞吐量"): {"unit"}}),
    Case("change a scope", [Edit("<target/nb/1>", '<place/330200> ; pg:scopeLabel "全市"@zh',
                                 '<place/330282> ; pg:scopeLabel "慈溪市"@zh')],
         {("target", "changed", "高速公路里程"): {"scope"}}),
    Case("change a comparator and make a goal binding",
         [Edit("<target/nb/3>", 'pg:comparator "ge"', 'pg:comparator "eq"'),
          Edit("<target/nb/3>", '"预期性"@zh', '"约束性"@zh')],
         {("target", "changed", "常住人口城镇化率"): {"comparator", "bindingness"}}),
    Case("reword an indicator", [
        Edit("<target/nb/3>", '"常住人口城镇化率"@zh ; pg:indicator <indicator/常住人口城镇化率>',
             '"户籍人口城镇化率"@zh ; pg:indicator <indicator/户籍人口城镇化率>'),
        Edit("<indicator/常住人口城镇化率>", "常住人口城镇化率", "户籍人口城镇化率")],
        {("target", "changed", "户籍人口城镇化率"): {"indicator"}}),
    Case("change an observation", [Edit("<observation/nb/1>", "pg:value 520.0", "pg:value 525.0")],
         {("observation", "changed", "高速公路里程"): {"value"}}),
    Case("add a target", [Edit("", None, '<target/nb/5> a pg:Target ; pg:indicatorLabel "内河航道里程"@zh ; '
                                         'pg:indicator <indicator/内河航道里程> ; pg:value 280.0 ; pg:unit "公里" ; '
                                         'pg:targetYear "2027"^^xsd:gYear ; pg:inDocument <doc/nb> .'),
                          Edit("", None, '<indicator/内河航道里程> a pg:Indicator ; rdfs:label "内河航道里程"@zh .')],
         {("target", "added", "内河航道里程"): {"indicator", "value", "unit", "year"}}),
    Case("delete a target", [Edit("<target/nb/4>")],
         {("target", "removed", "高速公路里程"): {"indicator", "value", "unit", "comparator", "year", "scope"}}),
    Case("delete a project", [Edit("<project/甬舟铁路>")],
         {("project", "removed", "甬舟铁路"): {"stage", "investment", "investment_unit", "start_year", "end_year",
                                               "builder"}}),
    Case("add a project", [Edit("", None, '<project/六横公路大桥> a pg:Project ; rdfs:label "六横公路大桥"@zh ; '
                                          'pg:stage "新建"@zh ; pg:mentionedIn <doc/nb> .')],
         {("project", "added", "六横公路大桥"): {"stage"}}),
    Case("change a project's investment and period",
         [Edit("<project/甬舟铁路>", "pg:investment 270.0", "pg:investment 295.5"),
          Edit("<project/甬舟铁路>", '"2028"^^xsd:gYear', '"2029"^^xsd:gYear')],
         {("project", "changed", "甬舟铁路"): {"investment", "end_year"}}),
    Case("a project's stage dropped", [Edit("<project/杭甬高速复线>", 'pg:stage "新建"@zh ; ', "")],
         {("project", "changed", "杭甬高速复线宁波段"): {"stage"}}),
    Case("reassign a unit", [Edit("<task/nb/2>", "<org/330200/港航管理中心>", "<org/330200/交通运输局>")],
         {("task", "changed", "加快梅山港区集装箱码头建设。"): {"units"}}),
    Case("drop a cooperating unit", [Edit("<task/nb/1>", ", <org/330200/发展和改革委员会>", "")],
         {("task", "changed", "推进甬舟铁路建设，2028年建成通车。"): {"units"}}),
    Case("rename a body", [Edit("*", "<org/330200/港航管理中心>", "<org/330200/港口管理局>"),
                           Edit("<org/330200/港口管理局>", "宁波市港航管理中心", "宁波市港口管理局")],
         {("organisation", "renamed", "宁波市港口管理局"): {"label"}}),
    Case("a body's full name", [Edit("<org/330200/交通运输局>", "宁波市交通运输局", "宁波市交通运输局（港航管理局）")],
         {("organisation", "changed", "宁波市交通运输局（港航管理局）"): {"label"}}),
    Case("delete a task", [Edit("<task/nb/3>")],
         {("task", "removed", "完善铁路集疏运体系，提高海铁联运比重。"): {"description", "units", "area"}}),
    Case("reword a task", [Edit("<task/nb/2>", "加快梅山港区集装箱码头建设。", "加快梅山港区集装箱码头和堆场建设。")],
         {("task", "changed", "加快梅山港区集装箱码头和堆场建设。"): {"description"}}),
    Case("move a task to another section", [
        Edit("<task/nb/1>", "prov:wasDerivedFrom <doc/nb/section/二/（一）>", "prov:wasDerivedFrom <doc/nb/section/三/（一）>"),
        Edit("<task/nb/1>", "pg:startOffset 120 ; pg:endOffset 138", "pg:startOffset 320 ; pg:endOffset 338")],
        {("task", "moved", "推进甬舟铁路建设，2028年建成通车。"): set()}),
    Case("reword a heading", [Edit("<doc/nb/section/二/（一）>", "畅通对外通道", "畅通对外联系通道")],
         {("section", "changed", "畅通对外联系通道"): {"heading"}}),
    Case("move a section", [
        Edit("<doc/nb/section/二/（二）>", "dcterms:isPartOf <doc/nb/section/二>", "dcterms:isPartOf <doc/nb/section/三>"),
        Edit("<doc/nb/section/二/（二）>", "pg:startOffset 200 ; pg:endOffset 300", "pg:startOffset 401 ; pg:endOffset 480")],
        {("section", "moved", "完善港口集疏运"): {"parent"}}),
    Case("swap two sections", [
        Edit("<doc/nb/section/二/（二）>", "pg:startOffset 200", "pg:startOffset 105")],
        {("section", "moved", "畅通对外通道"): {"position"}}),
    Case("delete a section", [Edit("<doc/nb/section/三/（一）>")],
         {("section", "removed", "强化要素保障"): {"heading"}}),
    Case("document number", [Edit("<doc/nb>", "甬政发〔2024〕3号", "甬政发〔2024〕5号")],
         {("section", "changed", "宁波市综合交通发展规划"): {"identifier"}}),
    Case("several edits at once", [
        Edit("<target/nb/1>", "pg:value 600.0", "pg:value 656.0"),
        Edit("<project/杭甬高速复线>"),
        Edit("<task/nb/2>", "<org/330200/港航管理中心>", "<org/330200/交通运输局>")],
        {("target", "changed", "高速公路里程"): {"value"},
         ("project", "removed", "杭甬高速复线宁波段"): {"stage", "investment", "investment_unit", "builder"},
         ("task", "changed", "加快梅山港区集装箱码头建设。"): {"units"}}),
]


def _reiri(text: str) -> str:
    """The same plan re-published under another file name: every record and section IRI differs."""
    return re.sub(r"<(doc|target|observation|task)/nb", r"<\1/nb2", text).replace('"nb.txt"', '"nb2.txt"')


@pytest.mark.parametrize("case", GRAPH_CASES, ids=lambda c: c.name)
def test_graph_edit_gives_exactly_that_change(case: Case) -> None:
    d = diff_graphs(parse_graph(BASE), parse_graph(apply(BASE, case.edits)))
    assert summary(d) == case.expected, render(d, "md")


@pytest.mark.parametrize("case", [c for c in GRAPH_CASES if c.name != "several edits at once"], ids=lambda c: c.name)
def test_graph_edit_matches_across_document_iris(case: Case) -> None:
    """Records are matched by identity, not IRI: a copy under another file name gives the same diff."""
    d = diff_graphs(parse_graph(BASE), parse_graph(_reiri(apply(BASE, case.edits))))
    assert summary(d) == case.expected, render(d, "md")


def test_change_carries_both_quotes_and_ids() -> None:
    d = diff_graphs(parse_graph(BASE), parse_graph(apply(BASE, [Edit("<target/nb/1>", "600.0", "656.0"),
                                                                 Edit("<target/nb/1>", "600公里", "656公里")])))
    (c,) = d.changes
    assert c.to_json()["fields"] == {"value": {"old": 600, "new": 656}}
    assert c.old_quote.endswith("600公里以上") and c.new_quote.endswith("656公里以上")
    assert c.old_id == c.new_id == c.id == "https://w3id.org/plangraph/id/target/nb/1"
    assert d.summary()["target"] == {"added": 0, "removed": 0, "changed": 1, "renamed": 0, "moved": 0}


def test_raw_triple_counts() -> None:
    new = apply(BASE, [Edit("<target/nb/1>", "pg:value 600.0", "pg:value 656.0")])
    t = diff_graphs(parse_graph(BASE), parse_graph(new)).triples
    assert t["removed"] == t["added"] == 1 and t["old"] == t["new"] == t["common"] + 1


def test_rdflib_and_store_inputs_agree(tmp_path: Path) -> None:
    import pyoxigraph as ox
    import rdflib

    new = apply(BASE, [Edit("<target/nb/1>", "pg:value 600.0", "pg:value 656.0")])
    store = ox.Store()
    store.load(new.encode(), ox.RdfFormat.TURTLE)
    d = diff_graphs(rdflib.Graph().parse(data=BASE, format="turtle"), store)
    assert summary(d) == {("target", "changed", "高速公路里程"): {"value"}}


def test_doctests() -> None:
    assert doctest.testmod(diff).failed == 0


# ---- formats


def _files(tmp_path: Path, edits: list[Edit]) -> tuple[Path, Path]:
    a, b = tmp_path / "old.ttl", tmp_path / "new.ttl"
    a.write_text(BASE, encoding="utf-8")
    b.write_text(apply(BASE, edits), encoding="utf-8")
    return a, b


EDITS = [Edit("<target/nb/1>", "pg:value 600.0", "pg:value 656.0"), Edit("<project/甬舟铁路>"),
         Edit("*", "<org/330200/港航管理中心>", "<org/330200/港口管理局>"),
         Edit("<org/330200/港口管理局>", "宁波市港航管理中心", "宁波市港口管理局")]


def test_json_has_the_contract_shape(tmp_path: Path) -> None:
    a, b = _files(tmp_path, EDITS)
    out = json.loads(diff.diff_command(a, b, "json"))
    assert out["old"]["source"] == str(a) and out["new"]["source"] == str(b)
    assert out["summary"]["target"]["changed"] == 1 and out["summary"]["project"]["removed"] == 1
    assert set(out["summary"]) == set(diff.KINDS)
    target = next(c for c in out["changes"] if c["kind"] == "target")
    assert target == target | {"change": "changed", "id": "https://w3id.org/plangraph/id/target/nb/1",
                               "label": "高速公路里程", "fields": {"value": {"old": 600, "new": 656}}}
    assert "old_quote" in target and "new_quote" in target
    for c in out["changes"]:
        assert c["kind"] in diff.KINDS and c["change"] in diff.CHANGES
    assert out["triples"]["old"] > 0


def test_markdown_is_grouped_and_counted(tmp_path: Path) -> None:
    a, b = _files(tmp_path, EDITS)
    md = diff.diff_command(a, b, "md")
    assert "| target | 0 | 0 | 1 | 0 | 0 |" in md
    assert "## Targets 目标 (1)" in md and "value: 600 → 656" in md
    assert "> old: 到2027年，全市高速公路里程达到600公里以上" in md
    assert "### renamed (1)" in md and "label: 宁波市港航管理中心 → 宁波市港口管理局" in md
    assert "## Raw triples" in md


def test_turtle_is_a_change_set_pointing_at_both_nodes(tmp_path: Path) -> None:
    import rdflib

    a, b = _files(tmp_path, EDITS)
    g = rdflib.Graph().parse(data=diff.diff_command(a, b, "ttl"), format="turtle")
    rows = list(g.query("""
        PREFIX pg: <https://w3id.org/plangraph/ontology#>
        SELECT ?kind ?type ?old ?new ?field ?ov ?nv WHERE {
          ?set a pg:ChangeSet ; pg:hasChange ?c .
          ?c pg:changeKind ?kind ; pg:changeType ?type ; pg:oldNode ?old ; pg:newNode ?new ;
             pg:fieldChange [ pg:fieldName ?field ; pg:oldValue ?ov ; pg:newValue ?nv ] .
          FILTER(?kind = "target")
        }"""))
    assert len(rows) == 1
    kind, type_, old, new, name, ov, nv = rows[0]
    assert (str(type_), str(name), ov.toPython(), nv.toPython()) == ("changed", "value", 600, 656)
    assert str(old) == str(new) == "https://w3id.org/plangraph/id/target/nb/1"
    assert len(set(g.subjects(rdflib.RDF.type, rdflib.URIRef(diff.PG + "Change")))) == 3
    used = {str(t).removeprefix(diff.PG) for t in set(g.predicates()) | set(g.objects(None, rdflib.RDF.type))
            if str(t).startswith(diff.PG)}
    assert used <= set(diff.DIFF_TERMS), used - set(diff.DIFF_TERMS)


def test_same_input_is_no_change_in_every_format(tmp_path: Path) -> None:
    a, _ = _files(tmp_path, [])
    assert json.loads(diff.diff_command(a, a, "json"))["changes"] == []
    assert "No changes" in diff.diff_command(a, a, "md")


# ---- bad input


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("missing.ttl", None, "no such file"),
        ("broken.ttl", "<a> <b> .", "not valid Turtle"),
        ("empty.nq", "", "holds no triples"),
        ("foreign.ttl", "<http://x/a> <http://x/b> <http://x/c> .", "no plangraph data"),
        ("plan.xyz", "规划", "not a graph file"),
        ("empty.txt", "", "empty file"),
    ],
)
def test_bad_input_names_the_file(tmp_path: Path, name: str, content: str | None, problem: str) -> None:
    good, _ = _files(tmp_path, [])
    bad = tmp_path / name
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    with pytest.raises(PlangraphInputError) as e:
        diff_paths(good, bad, extractors=())
    assert name in str(e.value) and problem in str(e.value)


def test_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    a, b = _files(tmp_path, EDITS)
    ok = runner.invoke(app, ["diff", str(a), str(b), "--format", "json", "-o", str(tmp_path / "d.json")])
    assert ok.exit_code == 0, ok.output
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["summary"]["target"]["changed"] == 1
    bad = runner.invoke(app, ["diff", str(a), str(tmp_path / "nope.ttl")])
    assert bad.exit_code == 1 and len(bad.output.strip().splitlines()) == 1 and "nope.ttl" in bad.output
    assert "Traceback" not in bad.output
    usage = runner.invoke(app, ["diff", str(a), str(b), "--format", "xml"])
    assert usage.exit_code == 2


# ---- documents: text-level changes (no extractors, so only sections, paragraphs and terms)


@dataclass
class TextCase:
    name: str
    edit: object  # str → str
    expected: set[tuple[str, str]]  # (kind, change)
    check: object = None  # optional extra assertion on the Diff


def _move_section(text: str) -> str:
    """Swap 二/（二） and 二/（三）: the 开放合作 block now comes before 基础设施."""
    start = text.index("（二）共建现代化基础设施")
    mid = text.index("（三）共建开放合作平台")
    end = text.index("三、保障措施")
    infra, opening = text[start:mid], text[mid:end]
    return text[:start] + opening.replace("（三）", "（二）", 1) + infra.replace("（二）", "（三）", 1) + text[end:]


def _rewrap(text: str) -> str:
    """Hard-wrap body paragraphs at 30 characters (as a PDF export does), double the blank lines,
    pad lines with spaces."""
    out = []
    for line in text.splitlines():
        chunks = [line[i:i + 30] for i in range(0, len(line), 30)] if len(line) > 40 else [line]
        out.append("\n".join("  " + c + "  " for c in chunks))
    return "\n\n".join(out)


TEXT_CASES = [
    TextCase("identical copy", lambda t: t, set()),
    TextCase("re-wrapped and re-spaced copy", _rewrap, set()),
    TextCase("full-width punctuation swapped for half-width", lambda t: t.replace("，", ",").replace("（", "(")
             .replace("）", ")").replace("：", ":"), set()),
    TextCase("reword a paragraph",
             lambda t: t.replace("推动科研仪器设备开放共享", "推动大型科研仪器设备向企业开放共享"),
             {("paragraph", "changed")},
             lambda d: d.of("paragraph")[0].extra["similarity"] < 1
             and "{+大型+}" in d.of("paragraph")[0].extra["diff"]),
    TextCase("rename a term in one sentence",
             lambda t: t.replace("支持民营企业牵头", "支持非公有制企业牵头"),
             {("term", "renamed")},
             lambda d: d.of("term")[0].fields["term"] == {"old": "民营企业", "new": "非公有制企业"}
             and d.of("term")[0].extra["count"] == 1),
    TextCase("rename a modifier of a term",
             lambda t: t.replace("合作发展投资基金", "合作发展互助基金"),
             {("term", "renamed")},
             lambda d: d.of("term")[0].fields["term"] == {"old": "投资基金", "new": "互助基金"}),
    TextCase("add a paragraph",
             lambda t: t.replace("三、保障措施", "3. 共建数字长三角。推动数据跨区域流通，共建算力调度平台。\n\n三、保障措施"),
             {("paragraph", "added"), ("section", "added")}),
    TextCase("remove a paragraph",
             lambda t: t.replace("为深入落实长三角区域一体化发展国家战略，加快建设具有国际影响力的创新之都，结合我市实际，制定本行动计划。", ""),
             {("paragraph", "removed")}),
    TextCase("reword a heading", lambda t: t.replace("三、保障措施", "三、组织保障"), {("section", "changed")}),
    TextCase("drop a heading line", lambda t: t.replace("三、保障措施\n", ""), {("section", "removed")}),
    TextCase("move a section", _move_section, {("section", "moved")}),
]


@pytest.fixture(scope="module")
def composed_version():
    return read_version(COMPOSED, extractors=())


@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda c: c.name)
def test_text_edit_of_a_composed_plan(case: TextCase, composed_version, tmp_path: Path) -> None:
    edited = tmp_path / COMPOSED.name
    edited.write_text(case.edit(COMPOSED.read_text(encoding="utf-8")), encoding="utf-8")
    d = diff_versions(composed_version, read_version(edited, extractors=()))
    assert {(c.kind, c.change) for c in d.changes} == case.expected, render(d, "md")
    if case.check:
        assert case.check(d), render(d, "md")


def test_folders_pair_documents_by_name(tmp_path: Path) -> None:
    old, new = tmp_path / "v1", tmp_path / "v2"
    old.mkdir()
    new.mkdir()
    text = COMPOSED.read_text(encoding="utf-8")
    (old / "hefei.txt").write_text(text, encoding="utf-8")
    (new / "hefei.txt").write_text(text.replace("支持民营企业牵头", "支持非公有制企业牵头"), encoding="utf-8")
    (old / "article.txt").write_text("宁波推进港口建设。到2027年，集装箱吞吐量达到4000万标箱。\n", encoding="utf-8")
    (new / "notes.txt").write_text("温州推进民营经济示范城市建设，优化营商环境。\n", encoding="utf-8")
    d = diff_paths(old, new, extractors=())
    got = {(c.kind, c.change, c.extra.get("level")) for c in d.changes}
    assert got == {("term", "renamed", None), ("section", "removed", "document"), ("section", "added", "document")}


# ---- documents with extractors


@pytest.fixture(scope="module")
def composed_full():
    return read_version(COMPOSED)


RECORD_CASES = [
    TextCase("change a value", lambda t: t.replace("达到86%", "达到88%"), {("target", "changed")},
             lambda d: d.of("target")[0].fields == {"value": {"old": 86, "new": 88}}),
    TextCase("change a unit", lambda t: t.replace("达到300公里", "达到300千米"), {("target", "changed")},
             lambda d: set(d.of("target")[0].fields) == {"unit"}),
    TextCase("delete a project", lambda t: t.replace("、合武高铁", ""), {("project", "removed"), ("task", "changed")},
             lambda d: d.of("project")[0].label == "合武高铁"),
    TextCase("rename a term in a task", lambda t: t.replace("支持民营企业牵头", "支持非公有制企业牵头"),
             {("term", "renamed")}),
]


@pytest.mark.parametrize("case", RECORD_CASES, ids=lambda c: c.name)
def test_record_edit_of_a_composed_plan(case: TextCase, composed_full, tmp_path: Path) -> None:
    if not extractors_exist("targets", "projects", "tasks"):
        pytest.skip("needs the targets, projects and tasks extractors")
    edited = tmp_path / COMPOSED.name
    edited.write_text(case.edit(COMPOSED.read_text(encoding="utf-8")), encoding="utf-8")
    d = diff_versions(composed_full, read_version(edited))
    assert {(c.kind, c.change) for c in d.changes} == case.expected, render(d, "md")
    if case.check:
        assert case.check(d), render(d, "md")


@pytest.fixture(scope="module")
def seed003():
    return read_version(SEEDS / "003_6484c7ca487d3a6f.txt")


@pytest.mark.skipif(not extractors_exist("tasks", "organisations"), reason="needs the tasks and organisations extractors")
def test_seed_003_reassign_a_unit_and_rename_a_body(seed003, tmp_path: Path) -> None:
    text = (SEEDS / "003_6484c7ca487d3a6f.txt").read_text(encoding="utf-8")
    # One task row loses 市建设集团 to 市发改局; elsewhere 市建设集团 is renamed 市城建集团.
    line = "有序推动公交一体化运营。强化杭绍同城主要站点间的公交线路"
    i = text.index(line)
    j = text.index("（责任单位：市交通运输局、市建设集团）", i)
    reassigned = text[:j] + "（责任单位：市交通运输局、市发改局）" + text[j + len("（责任单位：市交通运输局、市建设集团）"):]
    edited = tmp_path / "003_6484c7ca487d3a6f.txt"
    edited.write_text(reassigned, encoding="utf-8")
    d = diff_versions(seed003, read_version(edited))
    tasks = d.of("task", "changed")
    assert len(tasks) == 1 and {k for k in tasks[0].fields} == {"units"}, render(d, "md")
    assert tasks[0].fields["units"]["removed"] and tasks[0].fields["units"]["added"]
    assert {(c.kind, c.change) for c in d.changes} == {("task", "changed")}, render(d, "md")

    edited.write_text(text.replace("市建设集团", "市城建集团"), encoding="utf-8")
    d = diff_versions(seed003, read_version(edited))
    renamed = d.of("organisation", "renamed")
    assert len(renamed) == 1, render(d, "md")
    assert {(c.kind, c.change) for c in d.changes} == {("organisation", "renamed")}, render(d, "md")


# ---- the real pair: 000 (official text) → 002 (re-published, reworded, headings and table lost)


@pytest.fixture(scope="module")
def d000_002():
    return diff_paths(SEEDS / "000_8af2adfece35198e.txt", SEEDS / "002_2d99aaa68a72282f.txt")


def test_000_002_headings_and_table_missing(d000_002) -> None:
    removed = {c.label for c in d000_002.of("section", "removed")}
    assert {"总体要求", "实施推动八大同城发展行动", "基础设施互联互通行动", "保障措施"} <= removed
    table = next(c for c in d000_002.of("section", "removed") if c.extra.get("section_kind") == "table")
    assert len(table.extra["rows"]) == 11 and any("柯桥至诸暨高速公路" in r for r in table.extra["rows"])


def test_000_002_renamed_terms(d000_002) -> None:
    terms = {(c.fields["term"]["old"], c.fields["term"]["new"]): c.extra["count"] for c in d000_002.of("term")}
    assert terms[("民营企业", "非公有制企业")] == 3
    assert terms[("投资基金", "互助基金")] == 1


def test_000_002_targets(d000_002) -> None:
    if not extractors_exist("targets"):
        pytest.skip("needs the targets extractor")
    targets = d000_002.of("target")
    reworded = [c for c in targets if c.fields.get("indicator", {}).get("new") == "非流动人口城镇化率"]
    assert len(reworded) == 1 and reworded[0].fields["indicator"]["old"] == "常住人口城镇化率"
    assert set(reworded[0].fields) == {"indicator"}
    # Same numbers, no change: nothing but wording moved.
    assert all(c.change == "changed" and set(c.fields) == {"indicator"} for c in targets)


def test_000_002_project_rows(d000_002) -> None:
    if not extractors_exist("projects"):
        pytest.skip("needs the projects extractor")
    removed = {c.label for c in d000_002.of("project", "removed")}
    assert "绍兴市城市轨道交通第二期建设规划工程" in removed
    staged = {c.label: c.fields["stage"] for c in d000_002.of("project", "changed") if "stage" in c.fields}
    assert staged.get("杭诸市域铁路") == {"old": "谋划", "new": None}


def test_seed_against_itself_is_empty(tmp_path: Path) -> None:
    src = SEEDS / "004_08bc1ee0b7c33ec7.txt"
    copy = tmp_path / "copy" / src.name
    copy.parent.mkdir()
    shutil.copy(src, copy)
    assert diff_paths(src, copy).changes == []


def test_build_outputs_diff_as_graphs(tmp_path: Path) -> None:
    """A build folder, its Turtle file and the document it was built from are the same version."""
    from plangraph.pipeline.build import build

    build([COMPOSED], tmp_path / "out")
    out = tmp_path / "out"
    assert diff_paths(out, out / "plangraph.ttl").changes == []
    d = diff_paths(COMPOSED, out / "plangraph.nq")
    assert d.changes == [] and any("paragraphs" in n for n in d.notes)


def test_bad_document_in_a_folder_is_skipped(tmp_path: Path, capsys) -> None:
    for side in ("v1", "v2"):
        (tmp_path / side).mkdir()
        shutil.copy(COMPOSED, tmp_path / side / COMPOSED.name)
    (tmp_path / "v2" / "broken.txt").write_bytes(b"")
    d = diff_paths(tmp_path / "v1", tmp_path / "v2", extractors=())
    assert d.changes == [] and len(d.new["skipped"]) == 1 and "broken.txt" in d.new["skipped"][0]
    assert "skipped" in capsys.readouterr().err

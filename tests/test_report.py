"""plangraph report: data → SVG/HTML pieces, a store of composed documents → report.html, and the
page in a real headless Chromium (skipped where Chromium or Playwright is not installed)."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
import pytest

from plangraph.errors import PlangraphInputError
from plangraph.pipeline.report import (
    Bar,
    DocInfo,
    EntityNode,
    OutlineItem,
    Point,
    ProjectRow,
    ReportData,
    TargetRow,
    UnitRow,
    doc_colours,
    fmt_num,
    hbar_svg,
    history_svg,
    network_svg,
    nice_ticks,
    outline_html,
    projects_table,
    read_report_data,
    render_report,
    targets_table,
    timeline_svg,
    to_yi_yuan,
    write_report,
)

COMPOSED = Path(__file__).resolve().parent / "composed"
NINGBO = COMPOSED / "report_ningbo_transport.txt"
CIXI = COMPOSED / "report_cixi_action.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# ---------------------------------------------------------------------------------------------
# A store of two composed documents with hand-written records, written by the real RDF writer
# ---------------------------------------------------------------------------------------------


def _prov(doc, quote: str):
    from plangraph.schema import Provenance

    text = doc.document.text
    start = text.index(quote)
    return Provenance(doc_id=doc.document.doc_id, section_id=doc.section_at(start).section_id, quote=quote,
                      start=start, end=start + len(quote))


def _composed_results():
    from plangraph.pipeline.load import load
    from plangraph.pipeline.segment import segment
    from plangraph.schema import (
        DocumentResult,
        Observation,
        Organisation,
        PlaceMention,
        Project,
        Target,
        Task,
        UnitRole,
    )

    nb = segment(load(NINGBO))
    cx = segment(load(CIXI))
    nb_records = [
        PlaceMention(name="宁波", canonical="宁波市", place_type="prefecture", adcode="330200", within="330000",
                     prov=_prov(nb, "宁波市综合交通运输发展")),
        Observation(indicator_label="高速公路里程", indicator_key="高速公路里程", value=Decimal("680"),
                    value_text="680公里", unit="公里", year=2025, scope="全市",
                    prov=_prov(nb, "2025年，全市高速公路里程达到680公里")),
        Observation(indicator_label="宁波舟山港集装箱吞吐量", indicator_key="宁波舟山港集装箱吞吐量",
                    value=Decimal("3930"), value_text="3930万标箱", unit="万标箱", year=2025,
                    prov=_prov(nb, "宁波舟山港集装箱吞吐量达到3930万标箱")),
        Target(indicator_label="高速公路里程", indicator_key="高速公路里程", value=Decimal("760"),
               value_text="760公里以上", unit="公里", comparator="ge", target_year=2030, scope="全市",
               prov=_prov(nb, "到2030年，全市高速公路里程达到760公里以上")),
        Target(indicator_label="宁波舟山港集装箱吞吐量", indicator_key="宁波舟山港集装箱吞吐量",
               value=Decimal("4500"), value_text="4500万标箱", unit="万标箱", comparator="eq", target_year=2030,
               prov=_prov(nb, "宁波舟山港集装箱吞吐量达到4500万标箱")),
        Target(indicator_label="轨道交通运营里程", indicator_key="轨道交通运营里程", value=Decimal("300"),
               value_text="300公里", unit="公里", comparator="eq", target_year=2030,
               prov=_prov(nb, "轨道交通运营里程达到300公里")),
        Project(name="宁波舟山港梅山港区二期工程", key="宁波舟山港梅山港区二期工程", category="港口航运",
                stage="续建", investment=Decimal("120"), investment_unit="亿元", start_year=2023, end_year=2028,
                prov=_prov(nb, "推进宁波舟山港梅山港区二期工程建设")),
        Project(name="杭甬高速复线宁波段", key="杭甬高速复线宁波段", category="高速公路",
                investment=Decimal("1500000"), investment_unit="万元",
                prov=_prov(nb, "加快杭甬高速复线宁波段建设")),
        Project(name="甬台温高速改扩建工程", key="甬台温高速改扩建工程", category="高速公路", stage="谋划",
                prov=_prov(nb, "谋划甬台温高速改扩建工程")),
    ]
    cx_records = [
        PlaceMention(name="慈溪", canonical="慈溪市", place_type="county", adcode="330282", within="330200",
                     prov=_prov(cx, "结合慈溪实际")),
        PlaceMention(name="宁波", canonical="宁波市", place_type="prefecture", adcode="330200", within="330000",
                     prov=_prov(cx, "杭甬高速复线宁波段")),
        Target(indicator_label="高速公路里程", indicator_key="高速公路里程", value=Decimal("95"), value_text="95公里",
               unit="公里", comparator="eq", target_year=2026, scope="全市",
               prov=_prov(cx, "到2026年，全市高速公路里程达到95公里")),
        Target(indicator_label="公交出行分担率", indicator_key="公交出行分担率", value=Decimal("30"),
               value_text="30%以上", unit="%", comparator="ge", target_year=2026, scope="慈溪市",
               prov=_prov(cx, "慈溪市公交出行分担率达到30%以上")),
        Project(name="杭甬高速复线宁波段", key="杭甬高速复线宁波段", prov=_prov(cx, "1.加快杭甬高速复线宁波段建设")),
        Project(name="宁波舟山港梅山港区二期工程", key="宁波舟山港梅山港区二期工程",
                prov=_prov(cx, "推进宁波舟山港梅山港区二期工程集疏运配套")),
        Organisation(name="市交通运输局", key="交通运输局", full_name="慈溪市交通运输局", org_type="government",
                     jurisdiction="慈溪市", jurisdiction_adcode="330282", prov=_prov(cx, "责任单位：市交通运输局、")),
        Task(key="二/（一）/1", description="加快杭甬高速复线宁波段建设", area="畅通对外通道",
             units=(UnitRole(name="市交通运输局", role="lead"), UnitRole(name="市发展改革局", role="cooperating")),
             prov=_prov(cx, "1.加快杭甬高速复线宁波段建设。责任单位：市交通运输局、市发展改革局。")),
        Task(key="二/（一）/2", description="推进宁波舟山港梅山港区二期工程集疏运配套", area="畅通对外通道",
             units=(UnitRole(name="市交通运输局", role="lead"),),
             prov=_prov(cx, "2.推进宁波舟山港梅山港区二期工程集疏运配套。责任单位：市交通运输局。")),
        Task(key="二/（二）/3", description="优化城乡公交线网", area="提升公交服务",
             units=(UnitRole(name="市交通运输局", role="lead"), UnitRole(name="市公交集团", role="cooperating")),
             prov=_prov(cx, "3.优化城乡公交线网。责任单位：市交通运输局、市公交集团。")),
    ]
    return [DocumentResult(path=str(NINGBO), doc=nb, records=nb_records, timings={}),
            DocumentResult(path=str(CIXI), doc=cx, records=cx_records, timings={})]


@pytest.fixture(scope="module")
def composed_build(tmp_path_factory) -> Path:
    """The build folder (store/, build.json …) of the two composed documents."""
    from plangraph.pipeline.build import write_outputs
    from plangraph.pipeline.link import link

    results = _composed_results()
    out = tmp_path_factory.mktemp("report-composed")
    write_outputs(results, link(results), out, [], {})
    return out


# ---------------------------------------------------------------------------------------------
# 1. Pieces: small composed data → SVG / HTML
# ---------------------------------------------------------------------------------------------

A, B, C = "a_hefei.txt", "b_chengdu.txt", "c_wenzhou.txt"
DOC_A = DocInfo(iri="d/a", file=A, title="合肥市“十五五”综合交通规划", period_start=2026, period_end=2030, outlook=2035)
DOC_B = DocInfo(iri="d/b", file=B, title="成都市公园城市建设行动方案（2024—2026年）", period_start=2024, period_end=2026)
DOC_C = DocInfo(iri="d/c", file=C, title=None)
COLOURS = doc_colours([A, B, C])


def _t(n: int, year: int | None, doc: str = A, **kw) -> TargetRow:
    base = dict(iri=f"https://w3id.org/plangraph/id/target/x/{n:04d}", indicator=f"指标{n}", document=doc,
                quote=f"到{year}年，指标{n}达到{n}%", value=Decimal(n), unit="%", comparator="ge", year=year)
    base.update(kw)
    return TargetRow(**base)


class Fmt(NamedTuple):
    value: object
    expected: str


FMT_CASES = [
    Fmt(Decimal("75"), "75"),
    Fmt(Decimal("75.0"), "75"),
    Fmt(Decimal("1.25"), "1.25"),
    Fmt(Decimal("1.256"), "1.26"),
    Fmt(Decimal("12000"), "12,000"),
    Fmt(Decimal("-3.5"), "-3.5"),
    Fmt(0.1, "0.1"),
    Fmt(None, ""),
]


@pytest.mark.parametrize("case", FMT_CASES, ids=lambda c: str(c.value))
def test_fmt_num(case: Fmt) -> None:
    assert fmt_num(case.value) == case.expected


@pytest.mark.parametrize("value,unit,expected", [
    (Decimal("117"), "亿元", Decimal("117")),
    (Decimal("35000"), "万元", Decimal("3.5")),
    (Decimal("1.2"), "万亿元", Decimal("12000")),
    (Decimal("5"), "亿美元", None),
    (None, "亿元", None),
])
def test_investment_in_yi_yuan(value, unit, expected) -> None:
    assert to_yi_yuan(value, unit) == expected


@pytest.mark.parametrize("lo,hi", [(0, 760), (3, 3), (0.5, 2.7), (-12, 40), (95, 4500)])
def test_nice_ticks_cover_the_range(lo, hi) -> None:
    ticks = nice_ticks(lo, hi)
    assert ticks[0] <= lo and ticks[-1] >= hi
    assert ticks == sorted(ticks) and 2 <= len(ticks) <= 8


def test_timeline_one_dot_per_dated_target_with_its_row_link() -> None:
    targets = [_t(1, 2027), _t(2, 2027, B), _t(3, 2030), _t(4, None)]
    svg = timeline_svg(targets, COLOURS, [DOC_A, DOC_B])
    dots = re.findall(r'<circle class="tl-dot" data-target="([^"]+)" data-year="(\d+)"', svg)
    table = targets_table(targets, {A: DOC_A, B: DOC_B}, COLOURS)
    rows = dict(re.findall(r'<tr id="([^"]+)" data-i="\d+" data-doc="[^"]+" data-year="(\d*)"', table))
    assert len(dots) == 3 and all(rows[row] == year for row, year in dots)
    assert sorted(year for _, year in dots) == ["2027", "2027", "2030"]
    # every year of the span is on the axis, including the outlook year of a plan
    for year in (2024, 2027, 2030, 2035):
        assert f">{year}</text>" in svg
    assert COLOURS[B] in svg and "outlook 2035" in svg
    assert svg.count('class="lane"') == 2


def test_row_ids_are_unique_when_two_documents_share_a_record_key() -> None:
    """Record IRIs end in a hash of the key; a plan and its copy can share it."""
    same = [_t(1, 2027, A, iri="https://w3id.org/plangraph/id/target/a/abc"),
            _t(1, 2027, B, iri="https://w3id.org/plangraph/id/target/b/abc")]
    ids = re.findall(r'<tr id="([^"]+)"', targets_table(same, {}, COLOURS))
    assert len(set(ids)) == 2


def test_timeline_without_dated_targets_says_so() -> None:
    assert "No target" in timeline_svg([_t(1, None)], COLOURS)


def test_text_from_the_graph_is_escaped_everywhere() -> None:
    evil = '<script>alert("x")</script>&'
    t = _t(1, 2027, indicator=evil, quote=evil, scope=evil, unit=evil)
    docs = {A: DocInfo(iri="d/a", file=A, title=evil)}
    pieces = [
        timeline_svg([t], COLOURS),
        targets_table([t], docs, COLOURS),
        hbar_svg([Bar(label=evil, value=1, value_label=evil, note=evil)]),
        outline_html([OutlineItem(path="一", heading=evil, kind="part", level=1)]),
        projects_table([ProjectRow(iri="p", label=evil, documents=(A,), category=evil, builder=evil)], docs, COLOURS),
        history_svg(evil, [Point("i", "target", 2027, Decimal(1), evil, A, evil, evil)], COLOURS),
        network_svg([docs[A], DOC_B], [EntityNode("e", "place", evil, (A, B))], COLOURS)[0],
    ]
    for html_text in pieces:
        assert "<script>" not in html_text
        assert "&lt;script&gt;" in html_text


def test_targets_table_rows_sort_keys_and_filters() -> None:
    rows = [_t(1, 2027, value=Decimal("1.5")), _t(2, 2030, B, value=None, value_text="完成省下达目标", unit=None,
                                                 comparator=None, bindingness="约束性")]
    table = targets_table(rows, {A: DOC_A, B: DOC_B}, COLOURS)
    assert table.count("<tr id=") == 2
    assert re.search(r'<tr id="t-[0-9a-f]{12}" data-i="0" data-doc="a_hefei.txt" data-year="2027">', table)
    assert 'data-sort="1.5"' in table  # numeric sort key without separators
    assert "完成省下达目标" in table and "约束性" in table
    assert table.count('<th data-type="num"') == 2


def test_hbar_widths_are_proportional() -> None:
    svg = hbar_svg([Bar("市交通运输局", 10, "10 tasks", part=4), Bar("市发展改革局", 5, "5 tasks")], width=760,
                   label_w=230)
    widths = [float(w) for w in re.findall(r'<rect x="230" y="\d+" width="([\d.]+)"[^>]*fill-opacity', svg)]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert svg.count('class="bar"') == 2
    assert "No" in hbar_svg([])


def test_network_shows_documents_and_only_shared_entities() -> None:
    ents = [
        EntityNode("e1", "project", "杭甬高速复线", (A, B)),
        EntityNode("e2", "place", "温州市", (A, B, C)),
        EntityNode("e3", "organisation", "市交通运输局", (A,)),  # one document: not drawn
        EntityNode("e4", "indicator", "高速公路里程", (B, C)),
    ]
    svg, left_out = network_svg([DOC_A, DOC_B, DOC_C], ents, COLOURS)
    assert left_out == 0
    assert svg.count('class="node doc"') == 3
    assert svg.count('class="node ent"') == 3
    assert svg.count('class="edge"') == 2 + 3 + 2
    assert 'data-id="e3"' not in svg
    # within the view box and deterministic
    coords = [tuple(map(float, m)) for m in re.findall(r'translate\(([-\d.]+),([-\d.]+)\)', svg)]
    assert all(0 <= x <= 1000 and 0 <= y <= 380 for x, y in coords)
    assert network_svg([DOC_A, DOC_B, DOC_C], ents, COLOURS)[0] == svg


def test_documents_sharing_most_sit_next_to_each_other_on_the_ring() -> None:
    """A plan and its re-published copy share most: they are neighbours, not across the ring."""
    files = ["1.txt", "2.txt", "3.txt", "4.txt", "5.txt"]
    docs = [DocInfo(iri=f, file=f, number=i + 1) for i, f in enumerate(files)]
    ents = [EntityNode(f"e{i}", "place", f"地点{i}", ("1.txt", "3.txt")) for i in range(20)]
    ents += [EntityNode("x", "place", "宁波市", ("2.txt", "4.txt"))]
    svg, _ = network_svg(docs, ents, doc_colours(files))
    pos = {m[0]: (float(m[1]), float(m[2])) for m in
           re.findall(r'data-id="doc:([^"]+)"[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"', svg)}

    ring = sorted(files, key=lambda f: math.atan2(pos[f][1] - 320, pos[f][0] - 500))
    i, j = ring.index("1.txt"), ring.index("3.txt")
    assert abs(i - j) in (1, len(files) - 1), ring


def test_network_caps_the_number_of_nodes_keeping_the_most_shared() -> None:
    ents = [EntityNode(f"e{i}", "place", f"地点{i}", (A, B)) for i in range(30)]
    ents.append(EntityNode("wide", "place", "宁波市", (A, B, C)))
    svg, left_out = network_svg([DOC_A, DOC_B, DOC_C], ents, COLOURS, max_nodes=10)
    assert left_out == 21
    assert svg.count('class="node ent"') == 10
    assert 'data-id="wide"' in svg


def test_history_plots_the_main_unit_with_targets_as_rings() -> None:
    pts = [
        Point("i", "observation", 2025, Decimal("680"), "公里", A, "高速公路里程", "q1"),
        Point("i", "target", 2030, Decimal("760"), "公里", A, "高速公路里程", "q2", "ge"),
        Point("i", "target", 2026, Decimal("95"), "公里", B, "高速公路里程", "q3"),
        Point("i", "target", 2030, Decimal("1.2"), "万公里", C, "高速公路里程", "q4"),  # other unit: listed, not drawn
    ]
    svg = history_svg("高速公路里程", pts, COLOURS)
    assert svg.count('class="hpt"') == 3
    assert svg.count('fill="#fff"') == 2  # two targets in 公里
    assert svg.count('class="hline"') == 1  # one document has two points
    assert "≥760" in svg and "q4" not in svg


def test_outline_nests_and_counts() -> None:
    tree = [OutlineItem("一", "发展目标", "part", 1, targets=3,
                        children=(OutlineItem("一/（一）", "交通", "subpart", 2, tasks=2),)),
            OutlineItem("附件1", "重点项目表", "table", 1)]
    out = outline_html(tree)
    assert out.count("<ol") == 2
    assert "3 目标" in out and "2 任务" in out and "kind-table" in out


def _small_data() -> ReportData:
    return ReportData(
        documents=(DOC_A, DOC_B),
        targets=(_t(1, 2027), _t(2, 2026, B)),
        points=(Point("i1", "target", 2027, Decimal(1), "%", A, "指标1"),
                Point("i1", "observation", 2024, Decimal(0.5), "%", B, "指标1")),
        projects=(ProjectRow("p", "合肥新桥机场S1线", (A, B), category="轨道交通", investment=Decimal("80"),
                             investment_unit="亿元"),),
        units=(UnitRow("u", "市交通运输局", 3, 2),),
        entities=(EntityNode("p", "project", "合肥新桥机场S1线", (A, B)),),
        version="0.1.0",
    )


def test_page_has_every_part_and_needs_no_network() -> None:
    page = render_report(_small_data())
    for part in ("documents", "network", "timeline", "targets", "histories", "projects", "units"):
        assert f'<section id="{part}"' in page
    assert "<script src" not in page and "<link rel=\"stylesheet\"" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "url(" not in page
    assert "80 亿元" in page


def test_empty_graph_renders_with_empty_states() -> None:
    page = render_report(ReportData(documents=(DOC_A,)))
    assert page.count('class="empty"') >= 5
    assert "<table id=\"targets-table\"" not in page


def test_rendering_is_deterministic() -> None:
    assert render_report(_small_data()) == render_report(_small_data())


# ---------------------------------------------------------------------------------------------
# 2. From a store: composed documents, the CLI, the seeds
# ---------------------------------------------------------------------------------------------


def test_reads_the_composed_store(composed_build: Path) -> None:
    data = read_report_data(composed_build / "store")
    assert [d.file for d in data.documents] == ["report_cixi_action.txt", "report_ningbo_transport.txt"]
    cixi, ningbo = data.documents
    assert ningbo.title == "宁波市综合交通运输发展“十五五”规划"
    assert (ningbo.period_start, ningbo.period_end) == (2026, 2030)
    assert ningbo.counts["Target"] == 3 and ningbo.counts["Observation"] == 2
    assert cixi.counts["Task"] == 3
    assert [o.heading for o in ningbo.outline] == ["发展基础", "发展目标", "重点任务"]
    assert [c.heading for c in ningbo.outline[2].children] == ["建设世界一流强港", "完善高速公路网络"]
    assert ningbo.outline[1].targets == 3

    assert len(data.targets) == 5
    t = next(t for t in data.targets if t.value == Decimal("760"))
    assert (t.indicator, t.unit, t.comparator, t.year, t.scope) == ("高速公路里程", "公里", "ge", 2030, "全市")
    assert t.quote == "到2030年，全市高速公路里程达到760公里以上" and t.section == "发展目标"

    by_label = {p.label: p for p in data.projects}
    meishan = by_label["宁波舟山港梅山港区二期工程"]
    assert (meishan.investment, meishan.investment_unit, meishan.category) == (Decimal("120"), "亿元", "港口航运")
    assert len(meishan.documents) == 2
    assert by_label["杭甬高速复线宁波段"].investment_unit == "万元"

    assert data.units[0].label.endswith("交通运输局")
    assert (data.units[0].tasks, data.units[0].leads) == (3, 3)

    shared = {(e.kind, e.label) for e in data.entities if len(e.documents) >= 2}
    assert ("place", "宁波市") in shared and ("indicator", "高速公路里程") in shared
    assert ("project", "宁波舟山港梅山港区二期工程") in shared
    hist = [p for p in data.points if p.label == "高速公路里程"]
    assert sorted((p.year, p.kind) for p in hist) == [(2025, "observation"), (2026, "target"), (2030, "target")]


def test_writes_the_report_deterministically(composed_build: Path, tmp_path: Path) -> None:
    path = write_report(composed_build / "store", tmp_path / "a")
    again = write_report(composed_build / "store", tmp_path / "b")
    assert path == tmp_path / "a" / "report.html"
    assert path.read_bytes() == again.read_bytes()
    page = path.read_text(encoding="utf-8")
    assert page.count('<tr id="t-') == 5
    assert page.count('class="tl-dot"') == 5
    assert "270 亿元" in page  # 120 亿元 + 1500000 万元
    assert "宁波舟山港梅山港区二期工程" in page


@pytest.mark.parametrize("where", ["missing", "empty folder", "a file"])
def test_no_store_is_one_clear_error(where: str, tmp_path: Path) -> None:
    store = tmp_path / "store"
    if where == "empty folder":
        store.mkdir()
    elif where == "a file":
        store.write_text("x", encoding="utf-8")
    with pytest.raises(PlangraphInputError, match=r"run `plangraph build seeds/` first") as e:
        write_report(store, tmp_path / "out")
    assert "\n" not in str(e.value)
    assert not (tmp_path / "out" / "report.html").exists()


def test_the_build_folder_may_be_given_for_the_store(composed_build: Path, tmp_path: Path) -> None:
    assert write_report(composed_build, tmp_path).read_bytes() == write_report(composed_build / "store",
                                                                               tmp_path / "b").read_bytes()


def test_cli_report(composed_build: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from plangraph.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["report", "-s", str(composed_build / "store"), "-o", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "report.html").exists()
    bad = runner.invoke(app, ["report", "-s", str(tmp_path / "missing"), "-o", str(tmp_path)])
    assert bad.exit_code == 1
    assert "plangraph build seeds/" in bad.output and "Traceback" not in bad.output


def test_report_of_the_seeds(seed_build, tmp_path: Path) -> None:
    out, summary = seed_build
    path = write_report(out / "store", tmp_path)
    page = path.read_text(encoding="utf-8")
    for seed in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt")):
        assert seed.name in page
    store = ox.Store.read_only(str(out / "store"))
    n_targets = len(list(store.query(
        "SELECT ?t WHERE { ?t a <https://w3id.org/plangraph/ontology#Target> }", use_default_graph_as_union=True)))
    assert page.count('<tr id="t-') == n_targets == summary.counts["targets"]


# ---------------------------------------------------------------------------------------------
# 3. In a real browser: headless Chromium driven by Playwright
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open_page(browser, path: Path):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, problems, requests


def _visible_indicators(page) -> list[str]:
    return page.eval_on_selector_all(
        "#targets-table tbody tr:not([hidden]) td.ind", "tds => tds.map(td => td.firstChild.textContent)")


def test_report_in_headless_chromium(browser, composed_build: Path, tmp_path: Path) -> None:
    path = write_report(composed_build / "store", tmp_path)
    page, problems, requests = _open_page(browser, path)
    try:
        assert page.locator("#targets-table tbody tr").count() == 5
        assert page.locator("svg.timeline circle.tl-dot").count() == 5
        assert page.locator("#net .node.doc").count() == 2
        assert page.locator("#net .node.ent").count() >= 3
        assert page.locator("svg.history").count() >= 1
        assert all(u.startswith("file://") for u in requests), requests

        # sort by value, both ways
        value_th = page.locator("#targets-table th", has_text="Value")
        value_th.click()
        values = page.eval_on_selector_all("#targets-table tbody td.num:nth-child(2)",
                                           "tds => tds.map(td => parseFloat(td.dataset.sort))")
        assert values == sorted(values)
        assert value_th.get_attribute("aria-sort") == "ascending"
        value_th.click()
        values = page.eval_on_selector_all("#targets-table tbody td.num:nth-child(2)",
                                           "tds => tds.map(td => parseFloat(td.dataset.sort))")
        assert values == sorted(values, reverse=True)

        # filter by text, then by document
        page.fill(".filters[data-table=targets-table] .f-text", "高速公路")
        assert _visible_indicators(page) == ["高速公路里程", "高速公路里程"]
        assert "2 of 5" in page.inner_text(".filters[data-table=targets-table] .f-count")
        page.select_option(".filters[data-table=targets-table] select[data-key=doc]", "report_cixi_action.txt")
        assert _visible_indicators(page) == ["高速公路里程"]
        page.fill(".filters[data-table=targets-table] .f-text", "")
        page.select_option(".filters[data-table=targets-table] select[data-key=doc]", "")
        assert len(_visible_indicators(page)) == 5

        # network: hovering a document highlights its neighbours; dragging moves a node and its edges
        doc_node = page.locator("#net .node.doc").first
        doc_node.locator("circle").hover()
        assert page.locator("#net.focus").count() == 1
        assert page.locator("#net .node.hl").count() >= 2
        ent = page.locator("#net .node.ent").first
        before = ent.get_attribute("transform")
        box = ent.locator("circle").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + 60, box["y"] + 40, steps=5)
        page.mouse.up()
        assert ent.get_attribute("transform") != before

        # a timeline dot leads to its row
        page.locator("circle.tl-dot").first.click()
        assert page.locator("#targets-table tr.flash").count() == 1

        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        assert (tmp_path / "report.png").stat().st_size > 10_000
        assert problems == []
    finally:
        page.close()


def test_seeds_report_in_headless_chromium(browser, seed_build, tmp_path: Path) -> None:
    out, _ = seed_build
    path = write_report(out / "store", tmp_path)
    page, problems, _ = _open_page(browser, path)
    try:
        assert page.locator(".doc-card").count() == 5
        page.screenshot(path=str(tmp_path / "seeds-report.png"))
        assert problems == []
    finally:
        page.close()

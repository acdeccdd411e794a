"""Segmentation: heading grammars, section paths, run-in headings, boxes, annexes, tables.

Texts are composed in the style of other cities' plans; the seeds are checked separately at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from plangraph.pipeline.normalize import normalize_text
from plangraph.pipeline.segment import segment_text


@dataclass
class Case:
    name: str
    text: str
    sections: list[tuple[str, str]]  # (section_id, heading) in document order, tables excluded


HEADING_CASES = [
    Case(
        "chapters-and-jie",
        "第一章 发展基础\n宁波市综合实力持续增强。\n第一节 主要成就\n地区生产总值突破1.5万亿元。\n第二章 总体要求\n",
        [("第一章", "发展基础"), ("第一章/第一节", "主要成就"), ("第二章", "总体要求")],
    ),
    Case(
        "cn-dun-cn-paren-arabic",
        "一、发展目标\n（一）总体目标。到2030年，嘉兴基本建成现代化城市。\n1. 经济实力。地区生产总值达到1万亿元。\n2. 创新能力。研发投入强度达到3.5%。\n（二）分项目标\n二、重点任务\n",
        [("一", "发展目标"), ("一/（一）", "总体目标"), ("一/（一）/1", "经济实力"), ("一/（一）/2", "创新能力"),
         ("一/（二）", "分项目标"), ("二", "重点任务")],
    ),
    Case(
        "arabic-dun-and-paren-and-circled",
        "1、加快交通建设\n（1）推进铁路建设。加快建设温州至福州高铁。\n①温州段。力争年内开工。\n②瑞安段。完成前期工作。\n（2）完善路网\n2、深化改革\n",
        [("1", "加快交通建设"), ("1/（1）", "推进铁路建设"), ("1/（1）/①", "温州段"), ("1/（1）/②", "瑞安段"),
         ("1/（2）", "完善路网"), ("2", "深化改革")],
    ),
    Case(
        "converter-wrote-1-dun-for-yi",  # a list cannot start at 二: 二、 continues 1、
        "1、行动背景\n（一）行动基础\n1.合作机制初步建立。\n二、总体要求\n（一）指导思想\n",
        [("1", "行动背景"), ("1/（一）", "行动基础"), ("1/（一）/1", "合作机制初步建立"), ("二", "总体要求"),
         ("二/（一）", "指导思想")],
    ),
    Case(
        "box-with-own-numbering-closes-on-outer-number",
        "（一）产业发展\n1. 做强制造业。推动集群发展。\n专栏1 先进制造业集群\n1.传统产业集群\n现代纺织。巩固优势。\n2.新兴产业集群\n集成电路。做大做强。\n2. 做优服务业。推动两业融合。\n",
        [("（一）", "产业发展"), ("（一）/1", "做强制造业"), ("（一）/1/专栏1", "先进制造业集群"),
         ("（一）/1/专栏1/1", "传统产业集群"), ("（一）/1/专栏1/2", "新兴产业集群"), ("（一）/2", "做优服务业")],
    ),
    Case(
        "annex-list-then-annexes",
        "一、保障措施\n加强组织领导。\n附件1、重点任务分解表\n附件2、重点项目表\n附件1\n合肥市三年行动计划重点任务分解表\n内容\n附件2\n合肥市三年行动计划重点项目表\n",
        [("一", "保障措施"), ("附件1", "合肥市三年行动计划重点任务分解表"), ("附件2", "合肥市三年行动计划重点项目表")],
    ),
    Case(
        "a-style-used-at-two-depths",  # 1. straight under 一、 first, later under （一）
        "一、发展基础\n1. 经济稳步增长。\n2. 创新能力提升。\n二、重点任务\n（一）交通建设\n1. 建设铁路。\n2. 建设公路。\n（二）产业升级\n1. 发展制造业。\n",
        [("一", "发展基础"), ("一/1", "经济稳步增长"), ("一/2", "创新能力提升"), ("二", "重点任务"),
         ("二/（一）", "交通建设"), ("二/（一）/1", "建设铁路"), ("二/（一）/2", "建设公路"),
         ("二/（二）", "产业升级"), ("二/（二）/1", "发展制造业")],
    ),
    Case(
        "work-report-headings-open-with-a-year",
        "一、2024年工作回顾\n全年地区生产总值增长6%。\n二、2025年主要预期目标\n地区生产总值增长5.5%左右。\n",
        [("一", "2024年工作回顾"), ("二", "2025年主要预期目标")],
    ),
    Case(
        "numbers-that-are-not-headings",
        "一、主要指标\n1.8万个新增就业岗位将在年内落实。\n2025年，全市完成投资300亿元。\n",
        [("一", "主要指标")],
    ),
]


@pytest.mark.parametrize("case", HEADING_CASES, ids=lambda c: c.name)
def test_headings(case: Case) -> None:
    doc = segment_text(case.text)
    got = [(s.section_id, s.heading) for s in doc.sections if s.kind not in ("document", "table")]
    assert got == case.sections


def test_run_in_heading_keeps_body_as_paragraph() -> None:
    doc = segment_text("（一）指导思想。以人民为中心，推动高质量发展。\n")
    section = doc.sections[1]
    assert section.heading == "指导思想"
    assert doc.document.text[section.heading_start : section.heading_end] == "指导思想"
    assert [p.text for p in doc.paragraphs] == ["（一）指导思想。以人民为中心，推动高质量发展。"]


def test_sections_nest_and_cover_their_text() -> None:
    doc = segment_text(HEADING_CASES[1].text)
    by_id = {s.section_id: s for s in doc.sections}
    for s in doc.sections[1:]:
        parent = by_id[s.parent_id or "/"]
        assert parent.start <= s.start <= s.end <= parent.end
        assert s.level == parent.level + 1


TSV_TABLE = """重点项目
建设阶段\t项目名称\t总投资（亿元）
港口项目\t
新建\t舟山港区作业区码头工程\t12
\t江北港区扩建工程\t8.5
续建\t宁波至舟山铁路\t230
"""


def test_tab_separated_table_with_group_rows_and_carried_stage() -> None:
    doc = segment_text(normalize_text(TSV_TABLE))
    (table,) = doc.tables
    assert table.title == "重点项目"
    assert table.header == ("建设阶段", "项目名称", "总投资（亿元）")
    assert [r.is_group for r in table.rows] == [True, False, False, False]
    carried = table.rows[2].cells[0]
    assert (carried.text, carried.carried) == ("新建", True)
    for row in table.rows:
        for cell in row.cells:
            if not cell.carried and cell.text:
                assert doc.document.text[cell.start : cell.end] == cell.text


INDICATOR_TABLE_WITH_PAGE_BREAK = """主要指标
类型\t序号\t指标名称\t\t2025年\t2030年\t属性
经济\t1\t地区生产总值增长（%）\t\t6\t5.5\t预期性
\t2\t每千人医护人员数（个）\t执业医师数\t3.7*\t4左右\t预期性
\t\t\t注册护士数\t4.4*\t5左右\t

类型\t序号\t指标名称\t2025年\t2030年\t属性
绿色\t3\t森林覆盖率（%）\t60\t61\t约束性

注：标*为2024年数。
"""


def test_table_across_page_break_aligns_repeated_header_and_carries_sub_rows() -> None:
    doc = segment_text(normalize_text(INDICATOR_TABLE_WITH_PAGE_BREAK))
    (table,) = doc.tables
    assert len(table.rows) == 4
    nurse = table.rows[2].texts()
    assert nurse == ["经济", "2", "每千人医护人员数（个）", "注册护士数", "4.4*", "5左右", "预期性"]
    assert [c.carried for c in table.rows[2].cells] == [True, True, True, False, False, False, True]
    forest = table.rows[3].texts()
    assert forest == ["绿色", "3", "森林覆盖率（%）", "", "60", "61", "约束性"]
    assert table.note == "注：标*为2024年数。"


CELL_PER_LINE_TABLE = "附件1\n嘉兴市重点项目表\n\n\t序号\n\t项目类型\n\t项目名称\n\t总投资\n（亿元）\n\t建设期限\n\n\t1\n\t交通\n设施\n\t嘉兴南站改造工程\n\t15\n\t2023-2025\n\n\t2\n\t\n\t乍浦港区码头\n\t8\n2024-2026\n\n\t3\n\t\n\t海宁绕城公路\n\t6.5\n\t2022-2024\n"


def test_cell_per_line_table_with_wrapped_cells_empty_merged_cell_and_stray_cell() -> None:
    doc = segment_text(normalize_text(CELL_PER_LINE_TABLE))
    (table,) = doc.tables
    assert table.header == ("序号", "项目类型", "项目名称", "总投资（亿元）", "建设期限")
    assert [r.texts() for r in table.rows] == [
        ["1", "交通设施", "嘉兴南站改造工程", "15", "2023-2025"],
        ["2", "交通设施", "乍浦港区码头", "8", "2024-2026"],
        ["3", "交通设施", "海宁绕城公路", "6.5", "2022-2024"],
    ]
    assert table.rows[1].cells[1].carried and not table.rows[0].cells[1].carried


def test_cell_per_line_row_opening_with_an_empty_cell_keeps_its_columns() -> None:
    text = normalize_text("\t类别\n\t指标\n\t目标值\n\n\t经济\n\t地区生产总值\n\t1000\n\n\t\n\t人均收入\n\t8\n")
    (table,) = segment_text(text).tables
    assert [r.texts() for r in table.rows] == [["经济", "地区生产总值", "1000"], ["经济", "人均收入", "8"]]


def test_one_column_frame_is_a_box_not_a_table() -> None:
    text = normalize_text("\t专栏1 重点平台\n\n\t1.宁波前湾新区。建设先进制造业基地。\n2.甬江科创区。打造创新策源地。\n")
    doc = segment_text(text)
    assert doc.tables == ()
    assert [s.section_id for s in doc.sections[1:]] == ["专栏1", "专栏1/1", "专栏1/2"]


def test_document_without_headings_still_yields_paragraphs() -> None:
    doc = segment_text("为推进同城发展，特编制本规划。\n到2027年，轨道交通里程达到300公里。\n")
    assert len(doc.paragraphs) == 2
    assert all(p.section_id == "/" for p in doc.paragraphs)


# ------------------------------------------------------------------ the seeds


def test_seed_000_parts_actions_plates_projects_and_table(seed_docs) -> None:
    doc = seed_docs["000"]
    top = [s.heading for s in doc.sections if s.level == 1]
    assert top == ["总体要求", "实施推动八大同城发展行动", "重点联动四大空间板块", "聚力打造十大标志性工程", "保障措施"]
    assert sum(1 for s in doc.sections if s.parent_id == "二") == 8
    assert sum(1 for s in doc.sections if s.parent_id == "三") == 4
    assert sum(1 for s in doc.sections if s.parent_id == "四") == 10
    (table,) = doc.tables
    assert [r.texts() for r in table.rows if not r.is_group][-1] == ["谋划", "彩虹快速路接钱滨线"]
    assert len([r for r in table.rows if not r.is_group]) == 9


def test_seed_001_parts_boxes_and_indicator_table(seed_docs) -> None:
    doc = seed_docs["001"]
    assert sum(1 for s in doc.sections if s.level == 1) == 8
    assert sorted(s.marker for s in doc.sections if s.kind == "box") == [f"专栏{i}" for i in range(1, 10)]
    (table,) = doc.tables
    numbers = {r.cells[1].text for r in table.rows}
    assert numbers == {str(i) for i in range(1, 26)}
    assert len(table.rows) == 26  # 25 indicators, one with two sub-rows


def test_seed_003_annex_tables_every_row(seed_docs) -> None:
    doc = seed_docs["003"]
    tasks, projects = doc.tables
    assert len(tasks.rows) == 34 and len(projects.rows) == 33
    assert tasks.rows[1].texts()[1] == "交通互通共网提速行动"
    assert projects.rows[30].texts() == ["31", "民生智慧共享", "诸暨市中医院三期工程", "2.2", "2019-2023", "诸暨市中医院"]
    assert projects.rows[0].cells[1].text == "交通互通共网"


def test_seed_004_whole_paragraphs(seed_docs) -> None:
    doc = seed_docs["004"]
    # Hard-wrapped lines are rejoined: no paragraph ends mid-sentence except headings.
    long_unfinished = [p.text for p in doc.paragraphs if len(p.text) > 40 and p.text[-1] not in "。！？”"]
    assert long_unfinished == []
    assert len(doc.paragraphs) < 40

"""Indicator tables in the layouts plans use; tables are composed here (Table/Row/Cell) or as text
run through load and segment."""

from __future__ import annotations

import doctest
from decimal import Decimal
from typing import NamedTuple

import pytest

from plangraph.extractors import indicator_tables
from plangraph.extractors.indicator_tables import read_indicator_tables, read_table, table_layout
from plangraph.pipeline.load import load_bytes
from plangraph.pipeline.segment import segment
from plangraph.schema import Cell, Row, Table


def table(header: tuple[str, ...], *rows: tuple[str, ...], note: str | None = None) -> Table:
    built = []
    for r in rows:
        built.append(Row(cells=tuple(Cell(text=t, start=0, end=0, carried=t == "^") for t in r), start=0, end=0))
    # “^” marks a merged cell carried from the row above
    fixed = []
    for i, row in enumerate(built):
        cells = []
        for j, c in enumerate(row.cells):
            if c.carried and i:
                cells.append(Cell(text=fixed[i - 1].cells[j].text, start=0, end=0, carried=True))
            else:
                cells.append(c)
        fixed.append(Row(cells=tuple(cells), start=0, end=0))
    return Table(table_id="表1", header=header, rows=tuple(fixed), start=0, end=0, note=note)


class Expect(NamedTuple):
    label: str
    value: str | None
    unit: str | None
    comparator: str | None
    year: int | None
    baseline: str | None = None
    baseline_year: int | None = None
    period: str | None = None
    bindingness: str | None = None


def read(t: Table, horizon: int | None = 2030, ref_year: int | None = 2026, review: bool = False) -> list[Expect]:
    out = []
    for r in read_table(t, "doc", "", horizon, ref_year, review):
        if r.kind != "target":
            continue
        out.append(
            Expect(r.indicator_label, str(r.value) if r.value is not None else None, r.unit, r.comparator,
                   r.target_year, str(r.baseline_value) if r.baseline_value is not None else None,
                   r.baseline_year, r.period, r.bindingness)
        )
    return out


OUTLINE = table(
    ("类型", "序号", "指标名称", "", "2025年", "2030年", "“十五五”年均/累计", "属性"),
    ("经济发展", "1", "地区生产总值增长（%）", "", "6.2", "—", "5.5左右", "预期性"),
    ("^", "2", "常住人口城镇化率（%）", "", "76", "80左右", "—", "预期性"),
    ("^", "3", "单位地区生产总值能耗下降（%）", "", "3.1*", "—", "[13]", "约束性"),
    ("民生福祉", "4", "每千人口拥有医护人员数（人）", "执业（助理）医师数", "3.4*", "3.8", "—", "预期性"),
    ("^", "^", "^", "注册护士数", "4.0*", "4.6", "—", "^"),
    ("^", "5", "居民人均可支配收入增长（%）", "", "与经济增长同步", "—", "与经济增长同步", "预期性"),
    ("^", "6", "3岁以下婴幼儿入托率提高（百分点）", "", "—", "—", "[6]", "预期性"),
    ("绿色低碳", "7", "细颗粒物（PM2.5）平均浓度（微克/立方米）", "", "27", "完成省下达目标", "—", "约束性"),
    ("^", "8", "森林覆盖率（%）", "", "不低于 61.2", "不低于 61.3", "—", "约束性"),
    note="注：1.[ ]为5年累计数。2.标*为2024年数据。",
)


def test_outline_table() -> None:
    assert read(OUTLINE) == [
        Expect("地区生产总值增长", "5.5", "%", "approx", 2030, "6.2", 2025, "annual", "预期性"),
        Expect("常住人口城镇化率", "80", "%", "approx", 2030, "76", 2025, None, "预期性"),
        Expect("单位地区生产总值能耗下降", "13", "%", "decrease", 2030, "3.1", 2024, "cumulative", "约束性"),
        Expect("每千人口拥有医护人员数（执业（助理）医师数）", "3.8", "人", "eq", 2030, "3.4", 2024, None, "预期性"),
        Expect("每千人口拥有医护人员数（注册护士数）", "4.6", "人", "eq", 2030, "4.0", 2024, None, "预期性"),
        Expect("居民人均可支配收入增长", None, "%", None, 2030, None, None, "annual", "预期性"),
        Expect("3岁以下婴幼儿入托率提高", "6", "百分点", "increase", 2030, None, None, "cumulative", "预期性"),
        Expect("细颗粒物（PM2.5）平均浓度", None, "微克/立方米", None, 2030, "27", 2025, None, "约束性"),
        Expect("森林覆盖率", "61.3", "%", "ge", 2030, "61.2", 2025, None, "约束性"),
    ]


def test_unit_and_attribute_before_the_years() -> None:
    t = table(
        ("序号", "指标", "单位", "属性", "2025年", "2030年"),
        ("1", "地区生产总值", "亿元", "预期性", "3050", ">4000"),
        ("2", "城镇调查失业率", "%", "预期性", "<5", "<5"),
        ("3", "农作物耕种收综合机械化率", "%", "预期性", "85", "90以上"),
    )
    assert read(t) == [
        Expect("地区生产总值", "4000", "亿元", "ge", 2030, "3050", 2025, None, "预期性"),
        Expect("城镇调查失业率", "5", "%", "le", 2030, "5", 2025, None, "预期性"),
        Expect("农作物耕种收综合机械化率", "90", "%", "ge", 2030, "85", 2025, None, "预期性"),
    ]


def test_two_figures_in_one_cell() -> None:
    t = table(
        ("指标", "单位", "2025年", "2030年", "属性"),
        ("每千人口执业医师数/注册护士数", "人", "3.8/4.3", "4.2/5", "预期性"),
    )
    assert [(e.label, e.value, e.baseline) for e in read(t)] == [
        ("每千人口执业医师数", "4.2", "3.8"),
        ("注册护士数", "5", "4.3"),
    ]


def test_header_read_by_meaning_not_position() -> None:
    t = table(
        ("指标属性", "2030年目标", "指标名称", "2025年基期", "单位"),
        ("约束性", "≥95", "规上工业企业数字化改造覆盖率", "80", "%"),
    )
    assert read(t) == [Expect("规上工业企业数字化改造覆盖率", "95", "%", "ge", 2030, "80", 2025, None, "约束性")]


def test_annual_growth_column_of_a_level_indicator() -> None:
    t = table(
        ("指标名称", "2025年", "2030年", "年均增长/累计", "属性"),
        ("地区生产总值（亿元）", "1086", "1500", "6左右", "预期性"),
        ("城镇新增就业人数（万人）", "—", "—", "[6]", "预期性"),
    )
    assert read(t) == [
        Expect("地区生产总值", "1500", "亿元", "eq", 2030, "1086", 2025, None, "预期性"),
        Expect("地区生产总值年均增长", "6", "%", "approx", 2030, None, None, "annual", "预期性"),
        Expect("城镇新增就业人数", "6", "万人", "eq", 2030, None, None, "cumulative", "预期性"),
    ]


def test_sub_indicator_rows_marked_qizhong() -> None:
    t = table(
        ("指标", "单位", "2025年", "2030年"),
        ("每千名老年人拥有养老床位数", "张", "40", "45"),
        ("其中：护理型床位占比", "%", "60", "70"),
    )
    assert [e.label for e in read(t)] == ["每千名老年人拥有养老床位数", "护理型床位占比"]


def test_review_table_gives_observations_only() -> None:
    t = table(
        ("指标", "单位", "2020年", "2025年目标", "2023年实际", "属性"),
        ("城镇居民人均可支配收入", "元", "69678", "95000", "82000", "预期性"),
    )
    records = read_table(t, "doc", "", 2025, 2021, review=True)
    assert [(r.kind, r.value, r.year) for r in records] == [("observation", Decimal("82000"), 2023)]


@pytest.mark.parametrize(
    "header",
    [
        ("序号", "项目名称", "总投资（亿元）", "建设期限", "建设单位"),
        ("序号", "行动领域", "重点工作", "责任单位"),
        ("指标名称", "责任单位"),
    ],
)
def test_other_tables_are_not_indicator_tables(header: tuple[str, ...]) -> None:
    assert table_layout(header) is None


def test_table_in_a_document() -> None:
    text = (
        "嘉兴市数字经济三年行动计划（2024—2026年）\n"
        "一、主要目标\n到2026年，全市数字经济核心产业增加值突破1100亿元。\n"
        "嘉兴市数字经济发展主要指标\n"
        "指标名称\t单位\t2023年\t2026年目标\t指标属性\n"
        "数字经济核心产业增加值\t亿元\t820\t1100以上\t预期性\n"
        "规上工业企业数字化改造覆盖率\t%\t80\t≥95\t约束性\n"
    )
    doc = segment(load_bytes(text.encode("utf-8"), "jiaxing.txt"))
    records = read_indicator_tables(doc)
    assert [(r.indicator_label, r.value, r.target_year, r.baseline_value, r.baseline_year) for r in records] == [
        ("数字经济核心产业增加值", Decimal("1100"), 2026, Decimal("820"), 2023),
        ("规上工业企业数字化改造覆盖率", Decimal("95"), 2026, Decimal("80"), 2023),
    ]
    for r in records:
        assert doc.document.text[r.prov.start : r.prov.end] == r.prov.quote
        assert r.prov.section_id in {s.section_id for s in doc.sections}


def test_doctests() -> None:
    result = doctest.testmod(indicator_tables)
    assert result.failed == 0 and result.attempted > 0

"""Numbers and units: one idea per row, written as plans from other cities write them."""

from __future__ import annotations

import doctest
from decimal import Decimal
from typing import NamedTuple

import pytest

from plangraph.extractors import numbers
from plangraph.extractors.numbers import comparator_before, find_values, parse_amount, parse_cell, to_number


class Case(NamedTuple):
    text: str
    value: str | None
    unit: str | None
    comparator: str | None = None
    cumulative: bool = False


def case_id(case) -> str:
    return case.text


# A value expression read whole (a table cell, a figure with its bound).
AMOUNT_CASES = [
    Case("1.25万亿元", "1.25", "万亿元"),
    Case("1.25万亿元左右", "1.25", "万亿元", "approx"),
    Case("百亿元", "100", "亿元"),
    Case("三百", "300", None),
    Case("1.8万个", "1.8", "万个"),
    Case("9.5万人以上", "9.5", "万人", "ge"),
    Case("540万人次", "540", "万人次"),
    Case("290 万千瓦", "290", "万千瓦"),
    Case("2个百分点", "2", "百分点"),
    Case("5个百分点以上", "5", "百分点", "ge"),
    Case("230人年", "230", "人年"),
    Case("25微克/立方米以下", "25", "微克/立方米", "le"),
    Case("6左右", "6", None, "approx"),
    Case("8.5以上", "8.5", None, "ge"),
    Case("5以内", "5", None, "le"),
    Case("[18]", "18", None, None, True),
    Case("［18］", "18", None, None, True),
    Case("5.2*", "5.2", None),
    Case("不低于 47.56", "47.56", None, "ge"),
    Case("不少于60场", "60", "场", "ge"),
    Case(">90", "90", None, "ge"),
    Case("≥95", "95", None, "ge"),
    Case("<5", "5", None, "le"),
    Case("约500人次", "500", "人次", "approx"),
    Case("82.5 左右", "82.5", None, "approx"),
    Case("100多场", "100", "场", "ge"),
    Case("30余家", "30", "家", "ge"),
    Case("1,200亿元", "1200", "亿元"),
    Case("三十个", "30", "个"),
    Case("一百公里", "100", "公里"),
    Case("百分之九十五", "95", "%"),
    Case("百分之百", "100", "%"),
    Case("完成省下达目标", None, None),
    Case("稳定", None, None),
    Case("与经济增长同步", None, None),
]


@pytest.mark.parametrize("case", AMOUNT_CASES, ids=case_id)
def test_parse_amount(case: Case) -> None:
    a = parse_amount(case.text)
    assert a is not None
    assert a.value == (Decimal(case.value) if case.value is not None else None)
    assert a.unit == case.unit
    assert a.comparator == case.comparator
    assert a.cumulative is case.cumulative


@pytest.mark.parametrize("text", ["—", "-", "", "  ", "／", "——"])
def test_empty_cells(text: str) -> None:
    assert parse_amount(text) is None


def test_star_marks_an_earlier_year() -> None:
    amount, starred = parse_cell("3.72*")
    assert amount.value == Decimal("3.72") and starred


class Scan(NamedTuple):
    text: str
    found: list[tuple[str, str | None]]  # (value, unit) of every number that is a quantity


# Running text: what is a quantity and what is not.
SCAN_CASES = [
    Scan("达到79%以上，下降至1.6以下", [("79", "%"), ("1.6", None)]),
    Scan("到2030年，地区生产总值达到1.25万亿元左右", [("1.25", "万亿元")]),  # a year is not a value
    Scan("推进G60科创走廊和5G网络建设", []),  # numbers glued to letters
    Scan("PM2.5平均浓度", []),
    Scan("居全国同类城市第3位", []),  # an ordinal
    Scan("《宁波市交通发展规划（2021—2025年）》", []),  # a range of years
    Scan("规上工业总产值突破万亿大关", [("1", "万亿")]),
    Scan("车桩比稳定在2:1左右", []),  # a ratio
    Scan("新增光伏装机 290 万千瓦", [("290", "万千瓦")]),
    Scan("培育三家企业", [("3", "家")]),
    Scan("打造十大标志性工程", []),  # 十大 is a name, not a count with a unit
]


@pytest.mark.parametrize("case", SCAN_CASES, ids=lambda c: c.text)
def test_find_values(case: Scan) -> None:
    assert [(str(m.amount.value), m.amount.unit) for m in find_values(case.text)] == case.found


@pytest.mark.parametrize(
    "before, comparator",
    [
        ("人均GDP达到", "ge"),
        ("争取突破", "ge"),
        ("城镇调查失业率控制在 ", "le"),
        ("城乡居民收入比缩小至", "le"),
        ("空气质量优良天数比率保持在", "eq"),
        ("单位GDP能耗下降", "decrease"),
        ("一般公共预算收入增长", "increase"),
        ("森林覆盖率不低于", "ge"),
        ("日均接送旅客约", "approx"),
        ("旅游接待总人数", None),
    ],
)
def test_comparator_before(before: str, comparator: str | None) -> None:
    assert comparator_before(before)[0] == comparator


def test_to_number_uses_cn2an() -> None:
    assert to_number("一百二十") == Decimal(120)
    assert to_number("两千") == Decimal(2000)
    assert to_number("零点五") == Decimal("0.5")
    assert to_number("分之") is None


def test_doctests() -> None:
    result = doctest.testmod(numbers)
    assert result.failed == 0 and result.attempted > 10

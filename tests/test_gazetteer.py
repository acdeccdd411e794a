"""Gazetteer: codes and parents, short forms, context, boundary rules, load time."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from plangraph.extractors.gazetteer import gazetteer, left_boundary


@dataclass
class Case:
    text: str
    expected: list[tuple[str, str | None]]  # (text as matched, adcode)
    context: str | None = None
    note: str = ""


def case_id(c: Case) -> str:
    return c.note or c.text[:14]


FIND_CASES = [
    Case("萧山、诸暨和越城区", [("萧山", "330109"), ("诸暨", "330681"), ("越城区", "330602")], "330600", "short forms"),
    Case("越城区、柯桥区和上虞区", [("越城区", "330602"), ("柯桥区", "330603"), ("上虞区", "330604")], None, "越城区 holds no 城区"),
    Case("与温州医科大学、宁波大学合作", [], "330600", "universities are no mention of their city"),
    Case("谋划实施诸暨市开化江流域治理", [("诸暨市", "330681")], "330600", "开化江 is a river"),
    Case("打通绍兴北站与萧山机场的联系", [], "330600", "a station and an airport"),
    Case("推动柯桥经开区与杭州钱塘新区合作", [], "330600", "platforms"),
    Case("先后与杭州拱墅区、萧山区签订协议", [("杭州", "330100"), ("拱墅区", "330105"), ("萧山区", "330109")], "330681"),
    Case("建设智能政务云和政务大模型", [], "330600", "云和县 not inside a phrase"),
    Case("线上城市生活", [], "330100", "上城区 not inside 线上城市"),
    Case("江北区加快发展", [("江北区", "330205")], "330200", "ambiguous full name resolved by context"),
    Case("江北区加快发展", [("江北区", "500105")], "500000", "Chongqing context"),
    Case("江北区加快发展", [("江北区", None)], None, "unresolved without context"),
    Case("嵊州长乐物流园", [("嵊州", "330683")], "330600", "长乐 of Fujian is no short form here"),
    Case("福州长乐区和福州长乐", [("福州", "350100"), ("长乐区", "350112"), ("福州", "350100"), ("长乐", "350112")], "330600"),
    Case("加强绍兴—乐山两地协作", [("绍兴", "330600"), ("乐山", "511100")], "330600", "prefecture short forms anywhere"),
    Case("以绍兴滨海新区为主体", [("绍兴", "330600")], "330600", "Tianjin's 滨海新区 is not meant"),
    Case("天津滨海新区", [("天津", "120000"), ("滨海新区", "120116")], "330600"),
    Case("杭州西湖风景区", [("杭州", "330100")], "330100", "西湖 the lake, not 西湖区"),
    Case("打造嵊州—新昌—奉化县域合作区", [("嵊州", "330683"), ("新昌", "330624"), ("奉化", "330213")], "330600"),
    Case("启动阿里巴巴·诸暨袜业产业带", [("诸暨", "330681")], "330681", "阿里 is a brand"),
    Case("培育柯桥区平水镇、诸暨市店口镇", [("柯桥区", "330603"), ("平水镇", "330603"), ("诸暨市", "330681"), ("店口镇", "330681")], "330600"),
    Case("市发改局、次坞镇、店口镇", [("次坞镇", "330681"), ("店口镇", "330681")], "330681", "townships in a unit list"),
    Case("等省级中心镇", [], "330600", "中心镇 is no township name here"),
    Case("推进成都天府新区与重庆两江新区合作", [("成都", "510100"), ("重庆", "500000"), ("两江新区", "500157")], "510100"),
    Case("合肥、芜湖、马鞍山联动发展", [("合肥", "340100"), ("芜湖", "340200"), ("马鞍山", "340500")], "340100"),
    Case("嘉兴南湖区和海宁市", [("嘉兴", "330400"), ("南湖区", "330402"), ("海宁市", "330481")], "330400"),
]


@pytest.mark.parametrize("case", FIND_CASES, ids=case_id)
def test_find(case: Case) -> None:
    got = [(m.text, m.division.adcode if m.division else None) for m in gazetteer().find(case.text, case.context)]
    assert got == case.expected


RESOLVE_CASES = [
    ("柯桥", None, "330603"), ("诸暨", None, "330681"), ("萧山", None, "330109"), ("绍兴", None, "330600"),
    ("钱塘区", None, "330114"), ("鼓楼区", "350100", "350102"), ("鼓楼区", None, None), ("吉林", None, "220000"),
    ("延边", None, "222400"), ("广西", None, "450000"), ("西湖", None, None),
]


@pytest.mark.parametrize("name,context,adcode", RESOLVE_CASES)
def test_resolve(name: str, context: str | None, adcode: str | None) -> None:
    d = gazetteer().resolve(name, context)
    assert (d.adcode if d else None) == adcode


def test_parents_and_levels() -> None:
    g = gazetteer()
    assert [d.name for d in g.chain("330114")] == ["钱塘区", "杭州市", "浙江省"]
    assert g.division("110101").parent == "110000"  # municipalities: districts under the province
    assert g.division("429004").parent == "420000"  # province-administered county-level city
    assert g.division("330600").level == "prefecture"
    assert len([d for d in g.divisions.values() if d.adcode.startswith("33")]) == 102


def test_townships() -> None:
    g = gazetteer()
    assert g.township_county("瓜沥镇").adcode == "330109"
    assert g.township_county("城关镇") is None  # hundreds of them
    assert g.township_county("城关镇", "330624") is None or g.township_county("城关镇", "330624").adcode.startswith("3306")


@pytest.mark.parametrize(
    "text,start,ok",
    [("推进曹娥江", 2, True), ("和浦阳江", 1, True), ("大浦阳江", 1, False), ("、鉴湖", 1, True), ("", 0, True)],
)
def test_left_boundary(text: str, start: int, ok: bool) -> None:
    assert left_boundary(text, start) is ok


def test_load_is_fast() -> None:
    """Loading runs in every build process: well under 0.3 s (measured in a fresh process)."""
    import subprocess
    import sys

    code = "from plangraph.extractors.gazetteer import load_stats; print(load_stats()['total_s'])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) < 0.3


def test_matching_throughput() -> None:
    text = ("加快推进诸暨、柯桥和上虞区协同发展，深化与杭州萧山区、宁波北仑区合作，" * 200)
    g = gazetteer()
    g.find(text[:100], "330600")
    t = time.perf_counter()
    g.find(text, "330600")
    assert len(text.encode()) / (time.perf_counter() - t) > 200_000  # bytes per second

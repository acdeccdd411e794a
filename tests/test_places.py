"""Places: divisions and features in sentences written in the style of other cities' plans."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from plangraph.extractors.places import document_jurisdiction, find_places
from plangraph.pipeline.segment import segment_text


@dataclass
class Case:
    text: str
    expected: list[tuple[str, str, str | None]]  # (canonical, place_type, within)
    context: str | None = None
    note: str = ""


def case_id(c: Case) -> str:
    return c.note or c.text[:14]


def strict_xfail(cases: list[Case]) -> list:
    return [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c.note)) for c in cases]


PLACE_CASES = [
    Case("推进柯桥经开区与萧山国际机场联动，治理曹娥江。", [("柯桥经开区", "platform", "330603"), ("萧山机场", "airport", "330109"),
         ("曹娥江", "river", None)], "330600", "platform, airport, river"),
    Case("打通绍兴北站、上虞南站与萧山机场之间的快速通道", [("绍兴北站", "station", "330600"), ("上虞南站", "station", "330604"),
         ("萧山机场", "airport", "330109")], "330600", "stations are no mention of their city"),
    Case("谋划实施诸暨市开化江流域综合治理", [("诸暨市", "county", "330600"), ("开化江", "river", "330681")], "330600",
         "开化江 is a river in 诸暨, not 开化县"),
    Case("加快推进宁波站、宁波东站改造，推进栎社国际机场四期工程", [("宁波站", "station", "330200"), ("宁波东站", "station", "330200"),
         ("栎社机场", "airport", None)], "330200", "宁波 stations"),
    Case("推动宁波前湾新区、北仑经开区与杭州湾新区协同发展", [("宁波市", "prefecture", "330000"), ("前湾新区", "platform", "330200"),
         ("北仑经开区", "platform", "330206"), ("杭州湾新区", "platform", None), ("杭州湾", "other", None)], "330200"),
    Case("加强巢湖、董铺水库保护，治理南淝河、十五里河", [("巢湖", "lake", None), ("董铺水库", "lake", None), ("南淝河", "river", None),
         ("十五里河", "river", None)], "340100", "巢湖 the lake, not 巢湖市"),
    Case("完善合肥南站、合肥站综合枢纽，推进合肥新桥国际机场改扩建", [("合肥南站", "station", "340100"), ("合肥站", "station", "340100"),
         ("合肥市", "prefecture", "340000"), ("新桥机场", "airport", "340100")], "340100"),
    Case("构筑曹娥江流域、鉴湖国家湿地公园等生态廊道", [("曹娥江", "river", None), ("鉴湖国家湿地公园", "park", None),
         ("鉴湖", "lake", None)], "330600", "a lake at the head of a park's name"),
    Case("推进温州瓯江口新区、瓯海经开区建设，保护楠溪江", [("温州市", "prefecture", "330000"), ("瓯江口新区", "platform", "330300"),
         ("瓯海经开区", "platform", "330304"), ("楠溪江", "river", None)], "330300", "温州"),
    Case("推进嘉兴南湖区和海宁市协同，保护南湖、京杭运河", [("嘉兴市", "prefecture", "330000"), ("南湖区", "county", "330400"),
         ("海宁市", "county", "330400"), ("南湖", "lake", None), ("京杭运河", "river", None)], "330400"),
    Case("与成都高新区、天府国际机场联动", [("成都高新区", "platform", "510100"), ("天府机场", "airport", None)], "510100",
         "成都: the city heads a platform's name"),
    Case("畅通浦阳江—钱塘江水运航道，打通浦阳江与钱塘江、杭甬运河", [("浦阳江", "river", None), ("钱塘江", "river", None),
         ("浦阳江", "river", None), ("钱塘江", "river", None), ("杭甬运河", "river", None)], "330681"),
    Case("东钱湖水质提升", [("东钱湖", "lake", None)], "330200", "a lake, though 东钱湖镇 exists"),
]

NEGATIVE_CASES = [
    Case("与南华大学、温州医科大学等高校共建研究院", [], "330681", "温州医科大学 is no mention of 温州"),
    Case("推进一体化内河航运网，联合巡河", [], "330600", "内河 and 巡河 are no rivers"),
    Case("畅通“一江两岸”，打造通江达海的港口", [], "330600", "no one-character stems"),
    Case("推进国家级经开区、省级新区建设，推动开发区整合提升", [], "330600", "generic platforms"),
    Case("加快浙江政务服务网诸暨站建设", [("浙江省", "province", None)], "330681", "a web site"),
    Case("鼓励曹娥江实验室、鉴湖实验室发展", [], "330600", "labs named after a river and a lake"),
    Case("开展幸福河湖和美丽河湖建设", [], "330600", "河湖"),
    Case("推进山水林田湖草一体化保护", [], "330600", "山水林田湖草"),
    Case("建设智能政务云和政务大模型", [], "330600", "云和县"),
    Case("山下湖珍珠产业文化创意项目", [], "330681", "the township 山下湖镇 written short"),
]

GAPS = [
    Case("推进绍兴港嵊州港区中心作业区码头建设", [("嵊州港区", "port", "330683"), ("中心作业区", "port", None)], "330600",
         "中心 is read as a generic stem"),
    Case("深化绍兴铁路口岸，加密至宁波舟山港班次", [("绍兴市", "prefecture", "330000"), ("宁波舟山港", "port", None)], "330600",
         "bare X港 ports are not read (杭州港 is also a platform's name)"),
]


def _got(case: Case) -> list[tuple[str, str, str | None]]:
    return [(p.canonical, p.place_type, p.within) for p in find_places(case.text, case.context)]


@pytest.mark.parametrize("case", PLACE_CASES + NEGATIVE_CASES + strict_xfail(GAPS), ids=case_id)
def test_places(case: Case) -> None:
    assert _got(case) == case.expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("诸暨市“杭绍同城”三年行动计划\n一、总体要求\n推动诸暨与杭州、绍兴协同。\n", ("诸暨市", "330681")),
        ("绍兴市融杭发展规划\n一、总体要求\n推进杭州、宁波、诸暨协同。\n", ("绍兴市", "330600")),
        ("关于加快建设交通强市的实施意见\n推进宁波市、北仑区、鄞州区和宁波舟山港。宁波市要……\n", ("宁波市", "330200")),
        ("关于推动高质量发展的意见\n全面推动高质量发展。\n", None),
    ],
)
def test_document_jurisdiction(text: str, expected) -> None:
    doc = segment_text(text)
    from plangraph.pipeline.metadata import read_metadata
    from plangraph.pipeline.simplify import simplified_view

    meta = read_metadata(simplified_view(doc.document.text))
    doc = doc.model_copy(update={"document": doc.document.model_copy(update={"metadata": meta})})
    assert document_jurisdiction(doc) == expected


def test_extractor_records_on_seed() -> None:
    from pathlib import Path

    from plangraph.pipeline.run import extract_file

    seed = Path(__file__).resolve().parents[1] / "seeds" / "003_6484c7ca487d3a6f.txt"
    doc, records = extract_file(seed, ("places",))
    assert records and all(r.kind == "place" for r in records)
    for r in records:
        assert doc.document.text[r.prov.start : r.prov.end] == r.prov.quote == r.name
    codes = {r.adcode for r in records}
    assert {"330681", "330100", "330109"} <= codes and "330300" not in codes  # no 温州 (温州医科大学)

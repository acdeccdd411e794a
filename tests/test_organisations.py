"""Organisations: suffix rules, jurisdiction, keys and unit splitting, on sentences in the style of
other cities' plans."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from plangraph.extractors.organisations import (
    find_organisations,
    normalise_org,
    org_jurisdiction,
    split_units,
)

NINGBO = ("宁波市", "330200")
ZHUJI = ("诸暨市", "330681")
HEFEI = ("合肥市", "340100")
CHENGDU = ("成都市", "510100")


@dataclass
class Case:
    text: str
    expected: list[tuple[str, str | None]]  # (name as written, jurisdiction)
    jurisdiction: tuple[str, str] | None = NINGBO
    note: str = ""


def case_id(c: Case) -> str:
    return c.note or c.text[:14]


def strict_xfail(cases: list[Case]) -> list:
    return [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c.note)) for c in cases]


ORG_CASES = [
    Case("（责任单位：市交通运输局、市发改委）", [("市交通运输局", "宁波市"), ("市发改委", "宁波市")], note="unit list"),
    Case("（责任单位：市交通运输局、市发改局）", [("市交通运输局", "诸暨市"), ("市发改局", "诸暨市")], ZHUJI,
         "a county's document: 市 is the county-level city"),
    Case("由杭州市交通运输局、省交投集团负责", [("杭州市交通运输局", "杭州市"), ("省交投集团", "浙江省")], ZHUJI, "explicit prefixes win"),
    Case("（市发改委、市财政局牵头，各县市区按职责分工负责）", [("市发改委", "宁波市"), ("市财政局", "宁波市")], note="work-plan closing"),
    Case("发挥市委科技委员会统筹作用，市委宣传部、市委人才办按职责推进", [("市委科技委员会", "合肥市"), ("市委宣传部", "合肥市"),
         ("市委人才办", "合肥市")], HEFEI, "party organs"),
    Case("依托中国科学技术大学、合肥工业大学、安徽大学", [("中国科学技术大学", None), ("合肥工业大学", None), ("安徽大学", None)], HEFEI),
    Case("支持宁波大学、宁波诺丁汉大学开展攻关", [("宁波大学", None), ("宁波诺丁汉大学", None)]),
    Case("鼓励宁波交通投资集团有限公司参与项目建设", [("宁波交通投资集团有限公司", None)]),
    Case("鼓励安徽省投资集团控股有限公司、科大讯飞股份有限公司参与", [("安徽省投资集团控股有限公司", "安徽省"),
         ("科大讯飞股份有限公司", None)], HEFEI, "集团 inside a company name"),
    Case("支持宁波市第一医院、宁波大学附属第一医院提升能力", [("宁波市第一医院", "宁波市"), ("宁波大学附属第一医院", None)]),
    Case("加强市人民医院、市中医院、市妇保院合作", [("市人民医院", "诸暨市"), ("市中医院", "诸暨市"), ("市妇保院", "诸暨市")], ZHUJI),
    Case("加快甬江实验室、中国科学院宁波材料技术与工程研究所建设", [("甬江实验室", None), ("中国科学院宁波材料技术与工程研究所", None)]),
    Case("成立市交通强市建设领导小组，由市政府主要领导任组长", [("市交通强市建设领导小组", "宁波市"), ("市政府", "宁波市")]),
    Case("推进成都市发展和改革委员会、四川省经济和信息化厅协同", [("成都市发展和改革委员会", "成都市"), ("四川省经济和信息化厅", "四川省")],
         CHENGDU),
    Case("北仑区人民政府、鄞州区政府按职责分工负责", [("北仑区人民政府", "北仑区"), ("鄞州区政府", "鄞州区")]),
    Case("深化与浙医一院、浙医二院、省肿瘤医院合作", [("浙医一院", None), ("浙医二院", None), ("省肿瘤医院", "浙江省")], ZHUJI),
    Case("与南华大学、温州医科大学等高校院所共建南华大学长三角（诸暨）研究院", [("南华大学", None), ("温州医科大学", None),
         ("南华大学长三角（诸暨）研究院", None)], ZHUJI, "a unit after its university"),
    Case("争取国家文物局推荐，获国务院督查激励", [("国家文物局", None), ("国务院", None)], note="national bodies"),
    Case("抄送：市委各部门，市人大常委会办公室，宁波军分区，市监委，中级法院，市检察院。", [("市委", "宁波市"), ("市人大常委会办公室", "宁波市"),
         ("宁波军分区", "宁波市"), ("市监委", "宁波市"), ("中级法院", "宁波市"), ("市检察院", "宁波市")]),
]

NEGATIVE_CASES = [
    Case("支持省级医院在绍院区建设，加强与在杭三甲医院合作", [], ZHUJI, "generic hospitals"),
    Case("建立“重点实验室+共建研究院”合作体系，支持引进国际联合实验室", [], note="generic labs"),
    Case("推动“无废集团”“无废街区”提质扩面，探索集团、园区协同", [], note="quoted concepts"),
    Case("鼓励市国有企业组建合资公司，规范发展片区强村公司", [], note="generic companies"),
    Case("积极办好开放大学，共建一批县域产业学院", [], note="generic colleges"),
    Case("加强与绍籍大学生沟通，深度对接上海陆家嘴金融中心", [], note="大学生 and 金融中心"),
    Case("完善铁路网络布局，形成发展新格局", [], note="布局 and 格局 are no bureaus"),
]

GAPS = [
    Case("加强与杭州光机所合作", [("杭州光机所", None)], note="abbreviated institutes (…所) are not read"),
]


@pytest.mark.parametrize("case", ORG_CASES + NEGATIVE_CASES + strict_xfail(GAPS), ids=case_id)
def test_organisations(case: Case) -> None:
    got = [(o.name, o.jurisdiction) for o in find_organisations(case.text, case.jurisdiction)]
    assert got == case.expected


NORMALISE_CASES = [
    ("市发改局", ("发展和改革委员会", "发展和改革局", "government")),
    ("市发改委", ("发展和改革委员会", "发展和改革委员会", "government")),
    ("市发展改革委", ("发展和改革委员会", "发展和改革委员会", "government")),
    ("市经信局", ("经济和信息化局", "经济和信息化局", "government")),
    ("市人力社保局", ("人力资源和社会保障局", "人力资源和社会保障局", "government")),
    ("市人社局", ("人力资源和社会保障局", "人力资源和社会保障局", "government")),
    ("市教体局", ("教育体育局", "教育体育局", "government")),
    ("市卫健局", ("卫生健康局", "卫生健康局", "government")),
    ("市文广旅游局", ("文化广电旅游局", "文化广电旅游局", "government")),
    ("市交通局", ("交通运输局", "交通运输局", "government")),
    ("市市场监管局", ("市场监督管理局", "市场监督管理局", "government")),
    ("市委人才办", ("人才工作领导小组办公室", "人才工作领导小组办公室", "party")),
    ("市建设集团", ("建设集团", None, "company")),
    ("诸暨市人民医院", ("人民医院", None, "hospital")),
    ("浙江大学", ("浙江大学", None, "university")),
    ("浣江实验室", ("浣江实验室", None, "research")),
    ("次坞镇", ("人民政府", None, "government")),
]


@pytest.mark.parametrize("name,expected", NORMALISE_CASES)
def test_normalise_org(name: str, expected) -> None:
    assert normalise_org(name, ZHUJI) == expected


@pytest.mark.parametrize(
    "name,doc,expected",
    [
        ("市交通运输局", ZHUJI, ("诸暨市", "330681")),
        ("市交通运输局", ("绍兴市", "330600"), ("绍兴市", "330600")),
        ("市交通运输局", ("柯桥区", "330603"), ("绍兴市", "330600")),  # a district's plan: 市 is its city
        ("区发改局", ("柯桥区", "330603"), ("柯桥区", "330603")),
        ("省交投浙中专班", ZHUJI, ("浙江省", "330000")),
        ("开发委", ZHUJI, ("诸暨市", "330681")),
        ("浙江大学", ZHUJI, (None, None)),
        ("国务院办公厅", ZHUJI, (None, None)),
    ],
)
def test_org_jurisdiction(name: str, doc, expected) -> None:
    assert org_jurisdiction(name, doc) == expected


@pytest.mark.parametrize(
    "cell,units",
    [
        ("市交通运输局、市发改局", ["市交通运输局", "市发改局"]),
        ("市经信局，市发改局；市招商投促中心", ["市经信局", "市发改局", "市招商投促中心"]),
        ("开发委 科技城建管办", ["开发委", "科技城建管办"]),
        ("市发改委/市财政局", ["市发改委", "市财政局"]),
        ("各县（市、区）", ["各县（市、区）"]),
        ("市发改委牵头", ["市发改委"]),
        ("配合单位：市发展改革委、市财政局", ["市发展改革委", "市财政局"]),
        ("", []),
    ],
)
def test_split_units(cell: str, units: list[str]) -> None:
    assert split_units(cell) == units


def test_extractor_on_seed_table() -> None:
    from pathlib import Path

    from plangraph.pipeline.run import extract_file

    seed = Path(__file__).resolve().parents[1] / "seeds" / "003_6484c7ca487d3a6f.txt"
    doc, records = extract_file(seed, ("places", "organisations"))
    orgs = [r for r in records if r.kind == "organisation"]
    for r in orgs:
        assert doc.document.text[r.prov.start : r.prov.end] == r.prov.quote == r.name
    pairs = {(r.name, r.jurisdiction) for r in orgs}
    assert ("市交通运输局", "诸暨市") in pairs and ("省交投浙中专班", "浙江省") in pairs
    assert ("次坞镇", "次坞镇") in pairs  # a township as a responsible unit

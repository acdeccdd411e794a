"""Projects from running text, flagship headings, 专栏 entries and project tables.

Sentences are composed in the style of other cities' plans (宁波, 温州, 合肥, 成都, 苏州 …); the
seed tables are checked row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from plangraph.extractors.projects import builder_from_cell, column_roles, extract_projects, is_project_name
from plangraph.pipeline.segment import segment_text


@dataclass(frozen=True)
class Case:
    text: str
    expected: tuple[tuple[str, str | None], ...]  # (name, stage), in order
    note: str = ""

    def __str__(self) -> str:
        return self.note or self.text[:24]


def case_id(case) -> str:
    return str(case)


def projects_in(sentence: str):
    """Projects of one sentence set in a task section, as a plan would."""
    doc = segment_text(f"二、主要任务\n（一）交通设施。{sentence}\n", doc_id="t")
    return extract_projects(doc)


def names_stages(sentence: str):
    return tuple((p.name, p.stage) for p in projects_in(sentence))


PROSE = [
    Case("加快推进甬舟铁路、通苏嘉甬铁路等项目建设。", (("甬舟铁路", None), ("通苏嘉甬铁路", None)), "list closed by 等项目"),
    Case("谋划推进宁波至慈溪市域铁路、宁象市域铁路二期。", (("宁波至慈溪市域铁路", "谋划"), ("宁象市域铁路二期", "谋划")),
         "谋划 gives the stage"),
    Case("加快推进诸嵊、诸义高速前期工作。", (("诸嵊高速", "前期"), ("诸义高速", "前期")), "shared suffix and 前期"),
    Case("新建诸暨通用机场，加快越城和嵊州通用机场选址等前期工作。",
         (("诸暨通用机场", "新建"), ("越城通用机场", "前期"), ("嵊州通用机场", "前期")), "和 with a shared class"),
    Case("谋划推进S309柯桥、上虞和诸暨段等项目。",
         (("S309柯桥段", "谋划"), ("S309上虞段", "谋划"), ("S309诸暨段", "谋划")), "sections of one road"),
    Case("加快推进104国道东湖至蒿坝段、钱清至柯岩段，329国道柯桥钱清至萧山界段改建工程等项目。",
         (("104国道东湖至蒿坝段", None), ("104国道钱清至柯岩段", None), ("329国道柯桥钱清至萧山界段改建工程", None)),
         "a section inherits its road"),
    Case("加快推进合肥轨道交通6号线一期、7号线二期项目。",
         (("合肥轨道交通6号线一期", None), ("合肥轨道交通7号线二期项目", None)), "a line number inherits its system"),
    Case("加快推进苏台高速南延、合温高速诸暨段和甬金高速、杭甬高速扩容改造项目。",
         (("苏台高速南延", None), ("合温高速诸暨段", None), ("甬金高速扩容改造项目", None),
          ("杭甬高速扩容改造项目", None)), "a work tail shared after 和"),
    Case("续建甬台温高速复线瑞安至苍南段、G228丁字湾至乐清段。",
         (("甬台温高速复线瑞安至苍南段", "续建"), ("G228丁字湾至乐清段", "续建")), "续建"),
    Case("建成S217萧山至磐安公路（金浦桥至三江口大桥段）快速化改建工程。",
         (("S217萧山至磐安公路（金浦桥至三江口大桥段）快速化改建工程", "建成"),), "建成 and a bracketed section"),
    Case("开工建设温州市域铁路S3线一期工程。", (("温州市域铁路S3线一期工程", "开工"),), "开工"),
    Case("有序推进四川大学华西医院天府院区、苏州市立医院北区二期等项目建设。",
         (("四川大学华西医院天府院区", None), ("苏州市立医院北区二期", None)), "hospitals"),
    Case("加快推进温州港乐清湾港区C区二期、瓯江口作业区3号泊位工程等项目。",
         (("温州港乐清湾港区C区二期", None), ("瓯江口作业区3号泊位工程", None)), "ports"),
    Case("统筹推进“三主”（皋埠公铁水多式联运枢纽、嵊州长乐物流园、姚公埠作业区）等项目建设。",
         (("皋埠公铁水多式联运枢纽", None), ("嵊州长乐物流园", None), ("姚公埠作业区", None)), "a labelled list in brackets"),
    Case("加快建设曹娥江流域水库群联网联调西线通道工程（镜岭水库—汤浦水库）等项目。",
         (("曹娥江流域水库群联网联调西线通道工程（镜岭水库—汤浦水库）", None),), "dash inside brackets"),
    Case("谋划实施嵊州市甘霖水库工程、诸暨市开化江流域综合治理与生态修复工程等项目。",
         (("嵊州市甘霖水库工程", "谋划"), ("诸暨市开化江流域综合治理与生态修复工程", "谋划")), "water works"),
    Case("重点推进浣江实验室建设，优化建设天姥实验室。", (("浣江实验室", None), ("天姥实验室", None)), "labs, 建设 after"),
    Case("推进杭诸市域铁路及绍诸市域铁路规划研究。", (("杭诸市域铁路", None), ("绍诸市域铁路", None)), "及 between two lines"),
    Case("紧抓合肥工业大学智能制造技术研究院（庐江校区）建设契机。",
         (("合肥工业大学智能制造技术研究院（庐江校区）", None),), "nominal 建设 after another verb"),
    Case("谋划实施鄞州至奉化、余姚至慈溪快速路。", (("鄞州至奉化快速路", "谋划"), ("余姚至慈溪快速路", "谋划")), "from–to sharing"),
    Case("推进环城南路西延、机场快速路南延等项目。", (("环城南路西延", None), ("机场快速路南延", None)), "a street in a project list"),
    Case("西施故里文化旅游项目、投资10亿元的枫桥古镇开发项目等开工建设。",
         (("西施故里文化旅游项目", "开工"), ("枫桥古镇开发项目", "开工")), "the verb after the list"),
    Case("在建杭州环线高速公路（杭州二绕）。", (("杭州环线高速公路（杭州二绕）", "在建"),), "在建"),
]

# Vague policies, generic classes and landmarks: no project.
NOT_PROJECTS = [
    Case("深入推进数字化改革，实施服务业扩能提质行动。", (), "policies"),
    Case("推动融杭国省道建设，加快形成3条东西向高速主通道。", (), "a class of roads"),
    Case("谋划建设一批示范性建筑产业园。", (), "一批"),
    Case("打通绍兴北站、上虞南站与萧山机场之间联系的快速通道。", (), "stations as landmarks"),
    Case("深入实施产业基础再造和产业链提升工程。", (), "a programme called 工程"),
    Case("支持镜湖新区与余杭区之江实验室等创新平台合作。", (), "cooperation, no build"),
    Case("推动图书馆、美术馆和博物馆等公共文化场馆互动互通。", (), "facility classes"),
    Case("打造“小而精”学校。", (), "a slogan"),
    Case("实施信用体系“531X”工程。", (), "a slogan with a number"),
    Case("全市谋划储备10大领域、共652个重大项目，总投资约1.7万亿元。", (), "counts of projects"),
    Case("两地联合布局游船码头。", (), "a generic pier"),
    Case("加快省级医院在绍院区建设。", (), "a class of hospital campuses"),
    Case("打造省内天然气管网枢纽。", (), "a role, not a work"),
]


@pytest.mark.parametrize("case", PROSE + NOT_PROJECTS, ids=case_id)
def test_prose(case):
    assert names_stages(case.text) == case.expected


def test_investment_period_and_builder_in_text():
    found = projects_in("新建北仑港区通用泊位改造工程（总投资12.6亿元，建设期2025—2027年）。")
    assert [(p.investment, p.investment_unit, p.start_year, p.end_year) for p in found] == [
        (Decimal("12.6"), "亿元", 2025, 2027)
    ]
    found = projects_in("由宁波舟山港集团有限公司投资建设的金塘港区大浦口集装箱码头，总投资35亿元，计划2026年建成。")
    assert [(p.name, p.builder, p.investment, p.end_year) for p in found] == [
        ("金塘港区大浦口集装箱码头", "宁波舟山港集团有限公司", Decimal("35"), 2026)
    ]
    found = projects_in("加快温州大学瓯江口校区建设，总投资约18.5亿元。")
    assert [(p.name, p.investment) for p in found] == [("温州大学瓯江口校区", Decimal("18.5"))]


def test_offsets_and_quote():
    doc = segment_text("二、主要任务\n（一）交通。加快推进诸嵊、诸义高速前期工作。\n", doc_id="t")
    for p in extract_projects(doc):
        assert doc.document.text[p.prov.start : p.prov.end] == p.prov.quote
    first = extract_projects(doc)[0]
    assert first.prov.quote == "诸嵊、诸义高速"  # the borrowed suffix is part of the evidence


def test_flagship_headings_and_facility_boxes():
    text = (
        "五、实施十大标志性工程\n"
        "（一）宁波西枢纽建设工程。加快推进宁波西枢纽综合交通建设。\n"
        "（二）“甬有善育”民生保障工程。完善托育服务体系。\n"
        "六、专栏\n专栏3 高能级实验室\n甬江实验室。聚焦新材料领域。\n白马湖实验室（谋划）。聚焦能源领域。\n"
        "专栏4 重点领域\n数字经济。发展软件产业。\n"
    )
    found = [(p.name, p.stage) for p in extract_projects(segment_text(text))]
    assert ("宁波西枢纽建设工程", None) in found
    assert ("“甬有善育”民生保障工程", None) in found
    assert ("甬江实验室", None) in found and ("白马湖实验室", "谋划") in found
    assert not any(n == "数字经济" for n, _ in found)


def test_category_headings_of_a_project_box_are_not_projects():
    text = "专栏8 现代水网重点建设项目\n1.海塘安澜工程。加快建设上虞区海塘安澜工程等项目。\n"
    assert [p.name for p in extract_projects(segment_text(text))] == ["上虞区海塘安澜工程"]


# ---------------------------------------------------------------------------------------- tables

WENZHOU_TABLE = (
    "附件\n温州市重大项目表\n"
    "序号\t项目名称\t建设内容\t总投资（万元）\t建设起止年限\t业主单位\n"
    "一、铁路（2个）\t\t\t\t\t\n"
    "1\t温州市域铁路S3线一期工程\t线路全长约53公里\t2680000\t2023-2027\t温州市铁路与轨道交通投资集团有限公司\n"
    "2\t温州北站综合交通枢纽\t站房及配套工程\t156000\t2025年\t温州市铁路与轨道交通投资集团有限公司\n"
    "二、港航（1个）\t\t\t\t\t\n"
    "3\t瓯江口作业区3号泊位工程\t建设3万吨级泊位1个\t98000\t—\t项目业主为温州瓯江口开发建设投资集团有限公司\n"
    "合计\t\t\t2934000\t\t\n"
)


def test_project_table_by_meaning():
    found = extract_projects(segment_text(WENZHOU_TABLE))
    rows = [(p.name, p.category, p.investment, p.investment_unit, p.start_year, p.end_year, p.builder) for p in found]
    assert rows == [
        ("温州市域铁路S3线一期工程", "铁路", Decimal("2680000"), "万元", 2023, 2027, "温州市铁路与轨道交通投资集团有限公司"),
        ("温州北站综合交通枢纽", "铁路", Decimal("156000"), "万元", 2025, 2025, "温州市铁路与轨道交通投资集团有限公司"),
        ("瓯江口作业区3号泊位工程", "港航", Decimal("98000"), "万元", None, None, "温州瓯江口开发建设投资集团有限公司"),
    ]
    assert found[0].content == "线路全长约53公里"


def test_project_table_with_stage_and_separate_years():
    text = (
        "合肥市重点工程表\n"
        "工程名称\t建设性质\t投资额（亿元）\t计划开工时间\t计划竣工时间\t项目单位\n"
        "合肥新桥机场二期\t续建\t168\t2022年6月\t2027年12月\t安徽省民航机场集团有限公司\n"
        "巢湖明珠湿地公园\t新建\t12.5\t2024年\t2026年\t合肥市建设投资控股（集团）有限公司\n"
    )
    rows = [(p.name, p.stage, p.investment, p.start_year, p.end_year) for p in extract_projects(segment_text(text))]
    assert rows == [("合肥新桥机场二期", "续建", Decimal("168"), 2022, 2027), ("巢湖明珠湿地公园", "新建", Decimal("12.5"), 2024, 2026)]


@pytest.mark.parametrize(
    "header,roles",
    [
        (("序号", "项目类型", "项目名称", "计划总投资（亿元）", "建设期限", "建设单位（责任单位）"),
         {"seq": 0, "category": 1, "name": 2, "investment": 3, "period": 4, "builder": 5}),
        (("建设阶段", "项目名称"), {"stage": 0, "name": 1}),
        (("项目名称", "2025年计划投资", "总投资"), {"name": 0, "annual": 1, "investment": 2}),
        (("序号", "项目名称", "责任主体", "项目性质"), {"seq": 0, "name": 1, "builder": 2, "stage": 3}),
    ],
)
def test_column_roles(header, roles):
    assert column_roles(header) == roles


def test_non_project_tables_give_nothing():
    text = (
        "主要指标表\n指标名称\t2025年\t2030年\t属性\n常住人口城镇化率（%）\t75\t78\t预期性\n"
        "\n重点任务分解表\n序号\t重点工作\t责任单位\n1\t加快推进甬舟铁路建设\t市交通局\n"
    )
    assert extract_projects(segment_text(text)) == []


@pytest.mark.parametrize(
    "cell,builder",
    [
        ("柯诸高速为绍兴市柯诸高速公路有限公司", "绍兴市柯诸高速公路有限公司"),
        ("项目业主为温州瓯江口开发建设投资集团有限公司", "温州瓯江口开发建设投资集团有限公司"),
        ("省交投浙中专班", "省交投浙中专班"),
        ("—", None),
        ("由市交投集团负责，市建设集团配合", None),
    ],
)
def test_builder_cells(cell, builder):
    assert builder_from_cell(cell) == builder


def test_name_rules():
    assert is_project_name("嵊州新能源动力电池项目")
    assert not is_project_name("产业链提升工程")
    assert is_project_name("全国水情教育基地", relaxed=True) and not is_project_name("全国水情教育基地")


# ------------------------------------------------------------------------------------------ seeds

SEED_003_TABLE = [
    ("柯诸高速诸暨段", "117", 2022, 2026, "绍兴市柯诸高速公路有限公司"),
    ("诸永高速直埠至街亭枢纽段改扩建", "63", 2023, 2025, "省交投浙中专班"),
    ("白门至大路杨公路", "13.3", 2022, 2025, "白门至大路杨公路建设工程有限公司"),
    ("诸暨市中医院三期工程", "2.2", 2019, 2023, "诸暨市中医院"),
    ("诸暨市浦阳江治理三期工程", "25", 2022, 2025, "诸暨市水利投资发展有限公司"),
]


def test_seed_003_project_table(seed_docs):
    rows = [p for p in extract_projects(seed_docs["003"]) if p.prov.section_id == "附件2/表2"]
    assert len(rows) == 33
    got = {p.name: (p.investment, p.start_year, p.end_year, p.builder, p.investment_unit) for p in rows}
    for name, inv, start, end, builder in SEED_003_TABLE:
        assert got[name] == (Decimal(inv), start, end, builder, "亿元")
    assert {p.category for p in rows} == {"交通互通共网", "产业互联共链", "创新协同共兴", "文旅品牌共荣", "民生智慧共享", "生态共管共治"}


def test_seed_000_project_table(seed_docs):
    rows = [(p.name, p.stage, p.category) for p in extract_projects(seed_docs["000"]) if p.prov.section_id.endswith("表1")]
    assert rows == [
        ("绍兴市城市轨道交通第二期建设规划工程", "新建", "轨道交通"),
        ("铁路杭州萧山机场站枢纽及接线工程（绍兴段）", "续建", "轨道交通"),
        ("杭州至诸暨市域铁路", "谋划", "轨道交通"),
        ("诸永高速公路改扩建工程诸暨直埠至街亭枢纽段", "新建", "高快速路"),
        ("柯桥至诸暨高速公路", "续建", "高快速路"),
        ("杭金衢高速至杭绍台高速联络线", "续建", "高快速路"),
        ("诸暨至嵊州高速公路", "谋划", "高快速路"),
        ("通城大道接杭金衢高速连接线", "谋划", "高快速路"),
        ("彩虹快速路接钱滨线", "谋划", "高快速路"),
    ]


def test_one_railway_across_seeds_shares_a_key(seed_docs):
    keys = {
        p.key
        for k in ("000", "001", "003")
        for p in extract_projects(seed_docs[k])
        if "杭诸" in p.name or p.name == "杭州至诸暨市域铁路"
    }
    assert keys == {"杭诸铁路"}


def test_every_quote_is_the_text(seed_docs):
    for doc in seed_docs.values():
        text = doc.document.text
        for p in extract_projects(doc):
            assert text[p.prov.start : p.prov.end] == p.prov.quote



def test_a_task_heading_that_is_itself_a_build_sentence():
    doc = segment_text("二、重点任务\n1.加快杭甬高速复线宁波段建设。责任单位：市交通运输局。\n", doc_id="t")
    assert [p.name for p in extract_projects(doc)] == ["杭甬高速复线宁波段"]


# Added with the cross-document link measure: head words and adverbs other cities' plans use too.
@pytest.mark.parametrize(
    "text, name",
    [
        ("快速推进台州湾新区汽车零部件智慧园项目建设。", "台州湾新区汽车零部件智慧园"),
        ("加快建设宁波河姆渡文化园。", "宁波河姆渡文化园"),
        ("推动浙北500千伏特高压交流环网建设。", "浙北500千伏特高压交流环网"),
    ],
)
def test_link_measure_heads_and_adverbs(text: str, name: str) -> None:
    from plangraph.extractors import ExtractContext, get_extractor
    from plangraph.pipeline.segment import segment_text

    found = [p.name for p in get_extractor("projects")(segment_text(text), ExtractContext())]
    assert name in found

"""Tasks: task tables, numbered tasks in running text, their units, roles and deadlines, and the
targets they set. Texts are composed in the style of other cities' action plans and work plans."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from plangraph.extractors.tasks import (
    extract_tasks,
    find_deadline,
    is_task_section,
    link_targets_to_tasks,
    parse_units,
)
from plangraph.pipeline.segment import segment_text
from plangraph.schema import Provenance, Target


@dataclass(frozen=True)
class Case:
    text: str
    expected: tuple[tuple[str, str], ...]  # (unit, role)
    note: str = ""

    def __str__(self) -> str:
        return self.note or self.text[:20]


def case_id(case) -> str:
    return str(case)


UNIT_TEXTS = [
    Case("市发改委、市财政局牵头，各县市区按职责分工负责",
         (("市发改委", "lead"), ("市财政局", "lead"), ("各县市区", "cooperating")), "work-plan ending"),
    Case("市住房城乡建设局牵头，市应急管理局、市数据资源局配合",
         (("市住房城乡建设局", "lead"), ("市应急管理局", "cooperating"), ("市数据资源局", "cooperating")), "牵头/配合"),
    Case("牵头单位：市教育局；配合单位：市财政局、市人力社保局",
         (("市教育局", "lead"), ("市财政局", "cooperating"), ("市人力社保局", "cooperating")), "labelled"),
    Case("责任单位：市交通运输局、市发改局", (("市交通运输局", "responsible"), ("市发改局", "responsible")), "责任单位"),
    Case("市林业和园林局负责", (("市林业和园林局", "responsible"),), "负责"),
    Case("各区、县（市）政府按职责分工负责", (("各区", "cooperating"), ("县（市）政府", "cooperating")), "split on 、"),
    Case("市交通运输局 市建设集团/开发委", (("市交通运输局", "responsible"), ("市建设集团", "responsible"), ("开发委", "responsible")),
         "spaces and slashes"),
    Case("积极推进相关工作", (), "no unit"),
]


@pytest.mark.parametrize("case", UNIT_TEXTS, ids=case_id)
def test_parse_units(case):
    assert tuple((u.name, u.role) for u in parse_units(case.text)) == case.expected


@pytest.mark.parametrize(
    "text,deadline",
    [
        ("2025年10月底前完成年度改造任务", "2025年10月底前"),
        ("年底前实现燃气管网监测全覆盖", "年底前"),
        ("6月底前完成征迁摸底", "6月底前"),
        ("2026年上半年前建成投用", "2026年上半年前"),
        ("完成时限：2025年12月", "2025年12月"),
        ("到2027年，绿化覆盖率达到45%", None),
        ("力争2025年建成", None),
    ],
)
def test_deadlines(text, deadline):
    assert find_deadline(text) == deadline


WORK_PLAN = """合肥市推进城市更新行动工作方案
一、工作目标
1.老旧小区改造全面推进。到2025年底，累计完成老旧小区改造500个。（市住房城乡建设局牵头）
二、主要任务
（一）实施老旧小区改造。2025年10月底前完成年度120个老旧小区改造任务。（市住房城乡建设局、市财政局牵头，各县（市）区政府、开发区管委会按职责分工负责）
（二）推进城市生命线安全工程。年底前实现燃气、供水管网监测全覆盖。（市城乡建设局牵头，市应急管理局配合）
三、保障措施
（一）强化组织保障。建立市城市更新工作专班。（市政府办公室牵头）
"""


def test_work_plan_tasks():
    tasks = extract_tasks(segment_text(WORK_PLAN))
    assert [t.key for t in tasks] == ["二/（一）", "二/（二）"]  # not the aims, not the safeguards
    first = tasks[0]
    assert first.deadline == "2025年10月底前"
    assert [(u.name, u.role) for u in first.units] == [
        ("市住房城乡建设局", "lead"), ("市财政局", "lead"), ("各县（市）区政府", "cooperating"), ("开发区管委会", "cooperating"),
    ]
    assert first.description == "实施老旧小区改造。2025年10月底前完成年度120个老旧小区改造任务。"
    assert tasks[1].deadline == "年底前"


ACTION_PLAN = """嘉兴市全面融入长三角一体化发展三年行动计划
一、行动背景
（一）发展基础
1.交通网络日益完善。建成沪杭高铁嘉兴南站。
二、重点任务
（一）交通互联互通行动
1.加快轨道交通建设。加快推进通苏嘉甬铁路建设，到2026年，轨道交通运营里程达到120公里。（责任单位：市交通运输局、市发改委）
2.完善高速公路网络。推进沪杭高速嘉兴段扩容改造。由市交通运输局牵头，市自然资源和规划局配合。
专栏1 重点交通项目
1.铁路。加快建设通苏嘉甬铁路。
（二）科创协同攻坚行动
1.共建科创走廊。2025年6月底前建成嘉兴科技城科创服务中心。（牵头单位：市科技局；配合单位：市经信局）
三、保障措施
1.加强组织领导。由市政府主要领导任组长。
"""


def test_action_plan_tasks():
    doc = segment_text(ACTION_PLAN)
    tasks = extract_tasks(doc)
    assert [(t.key, t.area) for t in tasks] == [
        ("二/（一）/1", "交通互联互通行动"),
        ("二/（一）/2", "交通互联互通行动"),
        ("二/（二）/1", "科创协同攻坚行动"),
    ]
    assert [(u.name, u.role) for u in tasks[1].units] == [("市交通运输局", "lead"), ("市自然资源和规划局", "cooperating")]
    assert tasks[2].deadline == "2025年6月底前"
    for t in tasks:
        assert doc.document.text[t.prov.start : t.prov.end] == t.prov.quote


@pytest.mark.parametrize(
    "text,expected",
    [
        # a plan that is not of the action kind: only items under headings that set tasks
        ("苏州市“十五五”规划纲要\n一、发展环境\n1.机遇。长三角一体化深入推进。\n二、主要任务\n1.建设科创高地。推进实验室建设。\n",
         ["二/1"]),
        # a 工作要点: every numbered leaf outside aims and safeguards
        ("成都市2025年营商环境工作要点\n一、优化政务服务\n1.深化一网通办。实现高频事项全程网办。\n二、保障措施\n1.加强督查。\n",
         ["一/1"]),
        # citing an action plan does not make a plan one
        ("温州市融杭发展规划\n为贯彻《长三角一体化实施方案》制定本规划。\n一、空间布局\n1.一核。建设中心城区。\n", []),
        # an area heading with nothing under it is no task
        ("宁波市三年行动计划\n二、重点任务\n（一）交通行动\n（二）产业行动\n1.做强制造业。培育产业集群。\n", ["二/（二）/1"]),
    ],
)
def test_which_sections_are_tasks(text, expected):
    doc = segment_text(text)
    assert [s.section_id for s in doc.sections if is_task_section(doc, s) and extract_task_keys(doc, s)] == expected


def extract_task_keys(doc, section):
    return section.section_id in {t.key for t in extract_tasks(doc)}


TASK_TABLE = """附件
重点任务分解表
序号\t重点领域\t主要任务\t牵头单位\t配合单位\t完成时限
1\t交通互联\t加快推进通苏嘉甬铁路建设，2026年底前建成通车。\t市交通运输局\t市发改委、嘉善县政府\t2026年12月
2\t\t推进沪杭高速嘉兴段扩容改造。\t市交通运输局\t市自然资源和规划局\t2025年
3\t科创协同\t实施“星耀南湖”人才计划，每年引进高层次人才500名以上。\t市委人才办\t市人力社保局、各县（市、区）政府\t长期坚持
"""


def test_task_table_lead_and_cooperating_columns():
    tasks = extract_tasks(segment_text(TASK_TABLE))
    assert [(t.key, t.area, t.deadline) for t in tasks] == [
        ("附件/表1#1", "交通互联", "2026年12月"), ("附件/表1#2", "交通互联", "2025年"), ("附件/表1#3", "科创协同", "长期坚持"),
    ]
    assert [(u.name, u.role) for u in tasks[2].units] == [
        ("市委人才办", "lead"), ("市人力社保局", "cooperating"), ("各县（市、区）政府", "cooperating"),
    ]


def test_task_table_first_unit_leads_when_the_table_says_so():
    text = "重点任务清单（排名第一的为牵头单位）\n序号\t工作任务\t责任单位\n1\t开展营商环境第三方评估\t市营商办、市统计局\n"
    (task,) = extract_tasks(segment_text(text))
    assert [(u.name, u.role) for u in task.units] == [("市营商办", "lead"), ("市统计局", "cooperating")]


def test_project_tables_are_not_task_tables():
    text = "重点项目表\n序号\t项目名称\t总投资（亿元）\t责任单位\n1\t甬舟铁路\t270\t市交通局\n"
    assert extract_tasks(segment_text(text)) == []


def test_seed_003_task_table(seed_docs):
    rows = [t for t in extract_tasks(seed_docs["003"]) if t.key.startswith("附件1/表1#")]
    assert len(rows) == 34
    assert rows[0].area == "交通互通共网提速行动" and rows[33].area == "生态共管共治扩面行动"
    assert [u.name for u in rows[32].units] == ["市生态环境分局", "市发改局", "市金融办", "市经信局", "市农业农村局", "市文广旅游局"]
    assert all(u.role == "responsible" for t in rows for u in t.units)


def test_seed_003_numbered_tasks(seed_docs):
    tasks = [t for t in extract_tasks(seed_docs["003"]) if not t.key.startswith("附件")]
    assert len(tasks) == 21  # 三、重点任务 items; not 行动背景, 发展目标, 保障措施 or the 专栏 entries
    assert tasks[0].key == "三/（一）/1" and tasks[0].area == "实施交通互通共网提速行动"
    assert [u.name for u in tasks[0].units] == ["市交通运输局", "市发改局"]
    assert "责任单位" not in tasks[0].description


def test_seed_000_tasks_are_the_action_items(seed_docs):
    keys = [t.key for t in extract_tasks(seed_docs["000"])]
    assert keys[0] == "二/（一）/1" and len(keys) == 28
    assert not any(k.startswith(("一", "三", "四", "五")) for k in keys)


def test_outline_without_task_headings_has_no_tasks(seed_docs):
    assert extract_tasks(seed_docs["001"]) == []


def _target(start: int, end: int, doc_id: str = "d") -> Target:
    return Target(
        indicator_label="轨道交通运营里程", indicator_key="轨道交通运营里程", value=Decimal("120"), value_text="120公里",
        prov=Provenance(doc_id=doc_id, section_id="s", quote="x" * (end - start), start=start, end=end),
    )


def test_targets_inside_a_task_belong_to_it():
    doc = segment_text(ACTION_PLAN, doc_id="d")
    tasks = extract_tasks(doc)
    at = doc.document.text.index("120公里")
    inside, outside, other_doc = _target(at, at + 5), _target(0, 3), _target(at, at + 5, "other")
    linked = link_targets_to_tasks([*tasks, inside, outside, other_doc])
    assert [r.task_key for r in linked[len(tasks) :]] == ["二/（一）/1", None, None]
    assert linked[: len(tasks)] == tasks


def test_seed_targets_link_to_their_task(seed_docs):
    from plangraph.pipeline.run import extract

    doc = seed_docs["003"]
    records = link_targets_to_tasks(extract(doc, ("targets", "tasks")))
    keys = {r.task_key for r in records if r.kind == "target" and r.task_key}
    assert "三/（二）/1" in keys  # 规模以上制造业增加值达到375亿元 in 深化产业链协同建设


def test_unit_label_after_the_last_sentence():
    doc = segment_text("慈溪市交通强市三年行动计划\n二、重点任务\n1.加快杭甬高速复线宁波段建设。责任单位：市交通运输局、市发展改革局。\n")
    (task,) = extract_tasks(doc)
    assert task.description == "加快杭甬高速复线宁波段建设。"
    assert [(u.name, u.role) for u in task.units] == [("市交通运输局", "responsible"), ("市发展改革局", "responsible")]

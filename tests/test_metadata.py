"""Document metadata (issue 3): 文号, dates, plan periods and horizons, titles, issuing bodies.

Each case is a composed document header in the style of another city's plan. Fields a case does not
list must come out ``None``: a wrong title or period is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from plangraph.pipeline.metadata import read_metadata
from plangraph.pipeline.normalize import normalize_text
from plangraph.pipeline.simplify import simplified_view

FIELDS = ("title", "identifier", "publisher", "issued", "period_start", "period_end", "outlook")


@dataclass
class Case:
    id: str
    text: str
    expected: dict = field(default_factory=dict)  # fields not listed are None


def check(case: Case) -> None:
    text = normalize_text(case.text)
    got = read_metadata(text, simplified_view(text)).model_dump()
    assert got == {f: case.expected.get(f) for f in FIELDS}


# ---------------------------------------------------------------- 文号

IDENTIFIER_CASES = [
    Case(
        "shaoxing-tortoise-brackets",
        "绍兴市人民政府文件\n\n绍政发〔2024〕6号\n\n关于印发绍兴市现代物流业发展规划的通知\n",
        {
            "identifier": "绍政发〔2024〕6号",
            "publisher": "绍兴市人民政府",
            "title": "绍兴市现代物流业发展规划",
        },
    ),
    Case(
        "ningbo-square-brackets",
        "宁波市人民政府文件\n甬政发[2023]12号\n宁波市人民政府关于印发宁波市综合立体交通网规划的通知\n",
        {
            "identifier": "甬政发[2023]12号",
            "publisher": "宁波市人民政府",
            "title": "宁波市综合立体交通网规划",
        },
    ),
    Case(
        "jiaxing-fullwidth-parentheses",
        "嘉政办发（2022）5号\n\n嘉兴市人民政府办公室关于印发《嘉兴市数字经济发展规划》的通知\n",
        {
            "identifier": "嘉政办发（2022）5号",
            "publisher": "嘉兴市人民政府办公室",
            "title": "嘉兴市数字经济发展规划",
        },
    ),
    Case(
        "wenzhou-web-page-label",
        "发文字号：温政发〔2021〕30号\n温州市综合交通运输发展“十四五”规划\n",
        {
            "identifier": "温政发〔2021〕30号",
            "title": "温州市综合交通运输发展“十四五”规划",
            "period_start": 2021,
            "period_end": 2025,
        },
    ),
    Case(
        "cited-in-a-sentence-is-not-ours",
        "根据《浙江省人民政府关于印发浙江省综合交通运输发展“十四五”规划的通知》（浙政发〔2021〕10号）要求，"
        "结合我市实际，提出如下意见。\n",
    ),
]

# ---------------------------------------------------------------- dates and issuers

DATE_CASES = [
    Case(
        "arabic-date",
        "合肥市人民政府\n2024年3月19日\n",
        {"issued": "2024-03-19", "publisher": "合肥市人民政府"},
    ),
    Case(
        "chinese-date",
        "宁波市人民政府\n二〇二四年三月十九日\n",
        {"issued": "2024-03-19", "publisher": "宁波市人民政府"},
    ),
    Case(
        "chinese-date-with-ling",
        "成都市发展和改革委员会\n二零二三年十二月三十一日\n",
        {"issued": "2023-12-31", "publisher": "成都市发展和改革委员会"},
    ),
    Case("date-alone", "（此件公开发布）\n2022年4月6日\n", {"issued": "2022-04-06"}),
    Case("impossible-date", "温州市人民政府\n2024年2月30日\n"),
    Case("date-inside-a-sentence", "2024年3月19日，市政府召开常务会议审议通过本规划，会议要求抓好落实。\n"),
]

# ---------------------------------------------------------------- periods and horizons

PERIOD_CASES = [
    Case(
        "end-and-outlook",
        "本规划范围为宁波市域。规划期限至2027年，展望至2035年。\n",
        {"period_end": 2027, "outlook": 2035},
    ),
    Case(
        "end-and-outlook-spaced",
        "规划期限至 2027 年，展望至 2035 年。\n",
        {"period_end": 2027, "outlook": 2035},
    ),
    Case("range-dash", "规划期为2021—2025年。\n", {"period_start": 2021, "period_end": 2025}),
    Case(
        "range-with-years",
        "本规划期限为2021年至2025年，展望到2035年。\n",
        {"period_start": 2021, "period_end": 2025, "outlook": 2035},
    ),
    Case(
        "range-colon", "规划期限：2024-2035年，近期至2027年。\n", {"period_start": 2024, "period_end": 2035}
    ),
    Case("action-plan-period", "行动期限为2023—2025年。\n", {"period_start": 2023, "period_end": 2025}),
    Case(
        "remote-outlook",
        "规划基期为2020年，规划期为2021—2035年，远景展望至2050年。\n",
        {"period_start": 2021, "period_end": 2035, "outlook": 2050},
    ),
    Case(
        "project-construction-period-is-not-the-plan-period",
        "温州南站综合客运枢纽工程，项目建设期限为2023—2026年，项目实施期限为2023—2026年。\n",
    ),
    Case("outlook-outside-the-period-sentence", "展望2035年，合肥将全面建成具有国际影响力的创新之都。\n"),
    Case("near-term-only", "近期至2025年，重点推进轨道交通建设。\n"),
]

# ---------------------------------------------------------------- titles and five-year plans

TITLE_CASES = [
    Case(
        "fourteenth-quoted",
        "合肥市“十四五”综合交通运输发展规划\n\n一、发展基础\n",
        {"title": "合肥市“十四五”综合交通运输发展规划", "period_start": 2021, "period_end": 2025},
    ),
    Case(
        "fourteenth-unquoted",
        "嘉兴市十四五规划纲要\n",
        {"title": "嘉兴市十四五规划纲要", "period_start": 2021, "period_end": 2025},
    ),
    Case(
        "fifteenth-ordinal",
        "成都市国民经济和社会发展第十五个五年规划纲要\n",
        {"title": "成都市国民经济和社会发展第十五个五年规划纲要", "period_start": 2026, "period_end": 2030},
    ),
    Case(
        "fourteenth-with-vision",
        "温州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要\n",
        {
            "title": "温州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
            "period_start": 2021,
            "period_end": 2025,
            "outlook": 2035,
        },
    ),
    Case(
        "title-range",
        "宁波市推进共同富裕先行市建设行动计划（2023—2025年）\n",
        {
            "title": "宁波市推进共同富裕先行市建设行动计划（2023—2025年）",
            "period_start": 2023,
            "period_end": 2025,
        },
    ),
    Case(
        "title-range-and-stated-end-agree",
        "合肥市国土空间总体规划（2021—2035年）\n规划期限至2035年。\n",
        {"title": "合肥市国土空间总体规划（2021—2035年）", "period_start": 2021, "period_end": 2035},
    ),
    Case(
        "notice-title-over-title-line",
        "嘉兴市人民政府关于印发《嘉兴市现代化港口建设规划》的通知\n各县（市、区）人民政府：\n嘉兴市现代化港口建设规划\n",
        {"title": "嘉兴市现代化港口建设规划", "publisher": "嘉兴市人民政府"},
    ),
    Case(
        "notice-glued-to-salutation",
        "宁波市人民政府关于印发宁波市海洋经济发展规划的通知各区（县、市）人民政府，市直各单位：\n现将规划印发给你们。\n",
        {"title": "宁波市海洋经济发展规划", "publisher": "宁波市人民政府"},
    ),
    Case(
        "self-named-in-preamble",
        "为加快建设长三角一体化示范区，特编制嘉善县域高质量发展规划。本规划范围为嘉善县全域。\n",
        {"title": "嘉善县域高质量发展规划"},
    ),
    Case(
        "article-first-line",
        "奋力打造长三角南翼中心城市\n近年来，温州深入实施“再造改革开放新优势、再创民营经济新辉煌”战略，综合实力持续提升，"
        "城市能级不断跃升。\n",
        {"title": "奋力打造长三角南翼中心城市"},
    ),
    Case(
        "fifteen-minutes-is-not-a-five-year-plan",
        "杭州市十五分钟生活圈建设规划\n",
        {"title": "杭州市十五分钟生活圈建设规划"},
    ),
    Case("site-chrome-first-line-is-not-a-title", "产品中心\n到2025年，全市新增城镇就业10万人。\n"),
    Case(
        "heading-first-line-is-not-a-title",
        "一、发展基础与形势分析\n“十三五”期间，全市经济持续健康发展，综合实力显著增强。\n",
    ),
    Case(
        "nothing-given",
        "到2025年，全市新增城镇就业10万人，城镇调查失业率控制在5.5%以内。\n推进“十四五”规划重大项目建设。\n",
    ),
]

TRADITIONAL_CASES = [
    Case(
        "traditional-notice",
        "臺北市政府關於印發《臺北市綜合交通發展規劃》的通知\n規劃期限至2030年，展望至2035年。\n",
        {"title": "臺北市綜合交通發展規劃", "publisher": "臺北市政府", "period_end": 2030, "outlook": 2035},
    ),
]

ALL_CASES = IDENTIFIER_CASES + DATE_CASES + PERIOD_CASES + TITLE_CASES + TRADITIONAL_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_metadata(case):
    check(case)


def test_without_a_simplified_view_the_text_is_used():
    m = read_metadata("绍兴市人民政府文件\n绍政发〔2024〕6号\n")
    assert (m.identifier, m.publisher) == ("绍政发〔2024〕6号", "绍兴市人民政府")

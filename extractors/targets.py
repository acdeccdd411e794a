"""Targets and observations in running text: every quantitative goal a plan sets, and every past
figure it reports.

A goal is an indicator, a number with its unit, a comparator, a year and sometimes a scope:
“到2027年，融杭重点区域轨道交通运营里程达到321公里” is 轨道交通运营里程 ≥ 321 公里 in 2027 for
融杭重点区域. One sentence often holds several goals (“…达到79%以上，城乡居民收入比下降至1.6以下”),
all read here. Rules match on the document's simplified view and quote its text at the same
offsets.

What decides a record:

* **Which numbers are goals.** A number (see :mod:`.numbers`) ends its clause (“达到656公里，”), or
  follows a verb of building with its object after it (“建成10个新型研发机构”). Numbers inside
  quotes or book titles (“民营经济33条”, 《…（2021—2025年）》), glued to letters (G60, 5G), ordinals
  (第3位), attributes (“投资50亿元的…项目”) and project portfolios (谋划储备…, 总投资…) are not.
* **The label** is the clause before the number, less its lead-in words (力争, 确保, 到2030年), its
  scope (全市, a place) and its level verb (达到, 控制在); a growth verb stays in the label
  (全社会研发经费投入年均增长) because the number is then the growth.
  A list sharing one verb gives one goal per item (…分别达85%、95%; 城乡居民收入分别达到A和B).
* **The year** is the nearest “到2027年” (or “十五五”期间, 五年累计) before the number in its
  sentence, else the year a target section opens with (主要目标。到2027年，…) or names in its
  heading (2025年主要预期目标), else the document's horizon (规划期限至2027年; a work report's year).
* **Target or observation.** Figures in review sections (现实基础, 行动基础, 完成情况 …), in
  paragraphs that open by looking back (过去一年，…), in sentences about an earlier year than the
  plan's start, or reported as change since before (从6111亿元增加至8932亿元, 同比) are
  observations. A review document (总结, 评估报告) yields no targets at all.
* **Once per goal.** A goal repeated in the same document is kept once; prose repeating a row of
  the document's indicator table is left to the table, which carries the baseline.

>>> goals = read_sentence("融杭重点区域常住人口城镇化率达到79%以上，城乡居民收入比下降至1.6以下。", ("融杭重点区域",))
>>> [(g.label, g.scope, str(g.amount.value), g.amount.unit, g.comparator) for g in goals]
[('常住人口城镇化率', '融杭重点区域', '79', '%', 'ge'), ('城乡居民收入比', '融杭重点区域', '1.6', None, 'le')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from plangraph.extractors import ExtractContext, register
from plangraph.extractors.indicators import indicator_key
from plangraph.extractors.numbers import ValueMatch, combine, comparator_before, find_values
from plangraph.memo import memo
from plangraph.pipeline.simplify import simplified_view
from plangraph.schema import Amount, Observation, Provenance, SegmentedDoc, Target

__all__ = [
    "Goal",
    "read_sentence",
    "extract_targets",
    "TargetsExtractor",
    "make_targets",
    "REVIEW_HEADINGS",
    "LEAD_INS",
    "BUILD_VERBS",
    "sentence_spans",
    "five_year_plan",
    "is_review_document",
]

# ------------------------------------------------------------------------------------- rule tables

# Words that open a goal's clause without naming what is measured (stripped from the label's start).
LEAD_INS: tuple[str, ...] = (
    "其中：", "其中:", "其中", "力争", "争取", "确保", "努力", "预计", "推动", "推进", "促进", "实现",
    "全面", "基本", "合力", "共同", "同时", "并且", "并", "且", "使", "让", "要", "将", "进一步",
    "持续", "加快", "着力", "有序", "逐步", "稳步", "大力", "高水平", "高质量", "积极", "全力",
    "总体", "整体", "努力使", "力争使", "确保实现", "累计", "年均", "每年", "当年", "到期末", "同比",
    "比上年", "较上年", "全年", "五年累计", "五年内", "规划期内", "建成后", "完成后", "届时",
)

# Verbs of building or doing with a count after them (建成10个…) or before it (建成离岛式平台8个).
# Longer first. They are not part of the label.
BUILD_VERBS: tuple[str, ...] = (
    "新增引进", "新引进", "累计培育", "累计引培", "累计开通", "累计建成", "累计新增", "新建成", "新开通",
    "新增", "新建", "建成", "建设", "打造", "培育", "引进", "引培", "招引", "设立", "创建", "创成",
    "实施", "开通", "建立", "集聚", "规划", "完成", "承办", "举办", "推出", "认定", "开展", "培养",
    "落地", "入驻", "新开工", "开工", "改造", "提供", "招收", "吸引", "覆盖", "培训", "投入", "拥有", "安排",
)

# A project portfolio, not a goal: 谋划储备…652个重大项目, 安排重大项目140个.
_PORTFOLIO = re.compile(r"(?:谋划|储备|安排)[^，,。；;]{0,20}项目")
# Labels that are amounts of a project, not indicators.
_LABEL_STOP = re.compile(
    r"^(?:总投资|计划总投资|项目总投资)|^(?:投资|总投入|投资额|用地|占地|面积|建筑面积|长度|全长)$"
)
# Incentives a policy pays (给予一次性奖励50万元), not goals it sets.
_INCENTIVE = re.compile(r"奖励|奖补|补助|补贴|资助|贴息|一次性")
# Growth words that, alone, leave the indicator to the goal before (…8932亿元，年均增长6.1%).
_GROWTH_ONLY = re.compile(r"^(?:年均)?(?:增长|增速|提高|提升|下降|降低|减少)$")

# Headings of sections that report the past: their figures are observations.
REVIEW_HEADINGS = re.compile(
    r"现实基础|发展基础|行动基础|工作基础|基础条件|发展现状|现状基础|现状|回顾|发展成就|主要成就|成就|成效"
    r"|完成情况|实施情况|进展情况|主要成绩|取得的成绩|过去五年|工作总结|发展环境|机遇挑战|机遇与挑战|面临形势|发展形势"
)
# Titles of documents that only review the past.
_REVIEW_TITLE = re.compile(r"总结|回顾|完成情况|实施情况|评估报告|中期评估|终期评估")
# Words that mark a reported, not a planned, figure.
# Words that set a goal: a sentence with them is a plan even in a paragraph that looks back.
_GOAL_WORDS = re.compile(r"力争|确保|争取|下一步|今后|未来五年|目标|将(?:达到|实现|突破)")
# A paragraph that opens by looking back reports the past throughout (过去一年，…; “十四五”以来，…).
_RETROSPECTIVE = re.compile(r"\s*(?:过去一年|过去五年|近年来|近几年来?|“?十[一二三四五六七八九]五”?(?:时期|期间)?以来|回顾过去)")
_PAST_MARKERS = re.compile(r"同比|比上年|较上年|比去年|较去年|以来|已经|已(?:达|建|实现|完成|累计)|过去一年|过去五年|上一年|去年")

# Scopes that are not places: the whole jurisdiction of the document.
_WHOLE_SCOPES: tuple[str, ...] = ("全市", "全省", "全县", "全区", "市域", "全域", "县域")
# Parts of the jurisdiction named as a scope; they hold for their own clause only.
_AREA_SCOPES: tuple[str, ...] = ("中心城区", "主城区", "市区", "城区", "县城", "农村地区", "城镇地区")

# Generic labels that need their topic (专栏: “现代纺织。…产业规模突破3300亿元”).
_GENERIC_LABELS = re.compile(r"^(?:产业规模|规模|营业收入|营收|产值|总产值|增加值|产业增加值|五年计划完成投资|计划完成投资|完成投资|投资)$")

_DELIMS = "，,。；;：:！？!?\n"
_CLAUSE_END = re.compile(r"\s*(?:[，,。；;：:！？!?）)、\n]|$|的?基础上|大关|（|\()")
_YEAR = re.compile(
    r"(?P<pre>力争到|争取到|预计到|计划到|力争在|展望到|展望至|展望|截至|截止到|截止|到|至|在|于|从)?\s*"
    r"(?P<y>(?:19|20)\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})\s*年(?P<post>底前|底|末|前|以来|初|上半年)?"
)
_FIVE_YEAR = re.compile(r"“?十([一二三四五六七八九])五”?(?:规划)?(?:期间|时期|末|期末)")
# The plan's own period, named without its years (五年累计, 规划期内): the horizon.
_OWN_PERIOD = re.compile(r"五年累计|五年内|今后五年|未来五年|规划期内|规划期末")
_DEFINED = re.compile(r"以下简称\s*[“\"「]([^”\"」]{2,12})[”\"」]")
_FROM_TO = re.compile(r"(?:增加|增长|提高|提升|上升|扩大|下降|减少|降低|缩小|降)(?:至|到)\s*$")
_CN_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
# 分别: “A、B<common>分别达X、Y”.
_RESPECTIVELY = "分别"
_GROWTH_TAIL = re.compile(r"(?:年均)?(?:增长|增速|增长率|提高|提升|下降|降低|减少)$")
_AND = re.compile(r"^\s*(?:、|和|及|与|，|,)\s*$")
_PARTNER = re.compile(r"^与.{1,40}?(?:共建|合作共建|合作建立|合作|共同建设|联合建设|建立|签订)")
_FULL_PLACE = re.compile(r"(?:省|市|县|区|镇|乡|街道|新区|开发区|经开区|高新区|园区|片区|示范区|合作区)$")
_PLACE_SUFFIX_STOP = re.compile(
    r"(?:城市|都市|超市|城区|市区|园区|景区|社区|小区|山区|片区|新区|开发区|示范区|功能区|保护区|试验区|集聚区|"
    r"先行区|核心区|街区|辖区|地区|城区|郊区|学区|厂区|矿区|灾区|校区|院区|库区|港区|湾区)$"
)


def five_year_plan(n: int) -> tuple[int, int]:
    """The years of the n-th five-year plan (十四五 → (2021, 2025)).

    >>> five_year_plan(14), five_year_plan(15)
    ((2021, 2025), (2026, 2030))
    """
    start = 1953 + 5 * (n - 1) if n < 3 else 1966 + 5 * (n - 3)
    return start, start + 4


# ------------------------------------------------------------------------------------------ reading


@dataclass
class Goal:
    """One number read as a goal or a reported figure, before it becomes a record."""

    label: str
    amount: Amount
    comparator: str
    start: int  # clause start (label region) in the sentence
    end: int  # end of the number, unit and bound
    year: int | None = None
    year_kind: str | None = None  # "to" (到2027年), "at" (2025年), "since" (以来)
    scope: str | None = None
    period: str | None = None
    role: str | None = None  # "from" / "to" in 从A增加至B
    shape: str = "A"  # A: label before the number; B: object after it
    past: bool = False  # the clause says it was already reached
    label_start: int = -1
    value_start: int = -1  # where the number and its unit are written (value_text)


def _protected_spans(s: str) -> list[tuple[int, int]]:
    """Quotes and book titles: numbers inside them are names (“民营经济33条”, 《…2021—2025年》)."""
    spans = []
    for open_, close, limit in (("“", "”", 40), ("《", "》", 80), ("「", "」", 40), ("『", "』", 40), ('"', '"', 30)):
        i = 0
        while True:
            a = s.find(open_, i)
            if a < 0:
                break
            b = s.find(close, a + 1)
            if b < 0:
                break
            if b - a <= limit:
                spans.append((a, b + 1))
            i = b + 1
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _year_value(text: str) -> int:
    return int(text) if text.isdigit() else int(text.translate(_CN_YEAR_DIGITS))


def _year_mentions(s: str, protected: list[tuple[int, int]]) -> list[tuple[int, int, int | None, str]]:
    """(start, end, year, kind) of the time phrases in a sentence; kind is to / at / since / period."""
    out = []
    for m in _YEAR.finditer(s):
        if _inside(m.start("y"), protected):
            continue
        after = s[m.end() : m.end() + 6]
        if re.match(r"\s*[—\-~～]\s*(?:19|20)\d{2}", s[m.end("y") :]) or re.match(r"为基准|版|度", after):
            continue
        before = s[: m.start()].rstrip()
        pre = m.group("pre") or ""
        clause_start = not before or before[-1] in _DELIMS + "、（("
        if m.group("post") == "以来":
            kind = "since"
        elif pre in ("到", "至", "力争到", "争取到", "预计到", "计划到", "力争在", "展望到", "展望至", "展望") or (m.group("post") or "").endswith("前"):
            kind = "to"
        elif pre in ("在", "于", "截至", "截止", "截止到") or clause_start:
            kind = "at"
        else:
            continue  # “办好2026年世界清洁日”: a year inside a name
        out.append((m.start(), m.end(), _year_value(m.group("y")), kind))
    for m in _FIVE_YEAR.finditer(s):
        start, end = five_year_plan(10 + int("一二三四五六七八九".index(m.group(1)) + 1))
        out.append((m.start(), m.end(), end, "period"))
    for m in _OWN_PERIOD.finditer(s):
        out.append((m.start(), m.end(), None, "horizon"))  # resolved to the document's horizon
    out.sort(key=lambda m: (m[0], m[1]))
    return out


def _strip_leading(text: str, words: tuple[str, ...], whole: bool = False) -> tuple[str, str]:
    """Remove one of ``words`` from the start; return (rest, word removed). ``whole`` lets the
    word be all of the text."""
    for w in _by_first_char(words).get(text[:1], ()):
        if text.startswith(w) and (whole or len(text) > len(w)):
            return text[len(w) :], w
    return text, ""


@memo
def _by_first_char(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by first character, each group in the original order: a document's scopes
    run to hundreds of names and a label can only start with those of its first character."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[:1], []).append(w)
    return {k: tuple(v) for k, v in groups.items()}


_YEAR_LEAD = re.compile(
    r"^(?:力争|争取|预计|计划)?(?:到|至|在|于)?\s*(?:(?:19|20)\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})\s*年(?:底前|底|末|前)?[，,]?\s*"
)
_LIST_MARK = re.compile(r"^\s*(?:[（(]\s*\d{1,2}\s*[）)]|\d{1,2}\s*[、．.](?!\d)|[①-⑳])\s*")
_PERIOD_LEAD = re.compile(r"^“?十[一二三四五六七八九]五”?(?:规划)?(?:期间|时期|末|期末)[，,]?\s*")


@dataclass
class _Label:
    text: str
    scope: str | None = None
    period: str | None = None
    verb: str = ""  # a building verb it started with
    offset: int = 0  # where the cleaned label starts in the region


def _clean_label(region: str, scopes: tuple[str, ...]) -> _Label:
    """The indicator in a clause before its number: lead-ins, scope and verbs removed."""
    text = region
    out = _Label(text="")
    offset = 0

    def cut(n: int) -> None:
        nonlocal text, offset
        text = text[n:]
        offset += n

    changed = True
    while changed and text:
        changed = False
        stripped = text.lstrip(" —-、")  # spaces, dashes, list marks
        if stripped != text:
            cut(len(text) - len(stripped))
            changed = True
        for pattern in (_LIST_MARK, _YEAR_LEAD, _PERIOD_LEAD):
            m = pattern.match(text)
            if m and m.end() > 0:
                cut(m.end())
                changed = True
        for scope in scopes:
            if text.startswith(scope) and len(text) > len(scope) and text[len(scope)] not in "—-、与和至及":
                if out.scope is None:
                    out.scope = scope
                cut(len(scope))
                changed = True
                break
        rest, word = _strip_leading(text, LEAD_INS, whole=True)
        if word:
            if word in ("年均", "每年", "全年"):
                out.period = "annual"
            elif word in ("累计", "五年累计"):
                out.period = "cumulative"
            cut(len(text) - len(rest))
            changed = True
        m = _PARTNER.match(text)
        if m and m.end() < len(text):
            cut(m.end())
            changed = True
        rest, word = _strip_leading(text, BUILD_VERBS, whole=True)
        if word:
            out.verb = out.verb or word
            if word.startswith("累计"):
                out.period = "cumulative"
            cut(len(text) - len(rest))
            changed = True
    # “诸暨岛”等离岛式平台 → 离岛式平台: the thing counted follows 等
    i = text.rfind("等")
    if 0 < i < len(text) - 2 and ("、" in text[:i] or text[i - 1] in "”）)"):
        cut(i + 1)
    # 总投资10亿元以上的重大项目 → 重大项目: a qualifier with a number before 的
    m = re.match(r"^[^，,。；;]*\d[^，,。；;]*?的(?=[\u4e00-\u9fff]{2})", text)
    if m:
        cut(m.end())
    out.text = text.strip()
    out.offset = offset
    return out


def _trim_label_end(label: str) -> str:
    """Lead-in words between the label and its verb (海洋生产总值力争突破 → 海洋生产总值)."""
    changed = True
    while changed and label:
        changed = False
        for w in ("力争", "争取", "要", "将", "持续", "稳步", "逐步", "基本", "均", "总体", "进一步",
                  "预计", "努力", "确保", "可", "能", "分别", "稳定", "继续", "始终", "全部", "每年"):
            if label.endswith(w) and len(label) > len(w) and not (w == "均" and label.endswith("年均")):
                label = label[: -len(w)]
                changed = True
    return label.strip(" ，,、")


def _label_ok(label: str) -> bool:
    if not (2 <= len(label) <= 40):
        return False
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", label):
        return False
    if re.search(r"[，,。；;！？]", label) or label.endswith(("的", "和", "与", "及", "、", "等")):
        return False
    if _LABEL_STOP.match(label) or _INCENTIVE.search(label):
        return False
    return True


def _object_after(s: str, v: ValueMatch, next_start: int) -> str:
    """The thing counted after a number (建成10个新型研发机构 → 新型研发机构)."""
    end = next_start
    m = re.search(rf"[{re.escape(_DELIMS)}（(]", s[v.end :])
    if m:
        end = min(end, v.end + m.start())
    obj = s[v.end : end].strip()
    obj = re.sub(r"(?:和|及|与|、)\s*$", "", obj).strip()
    return obj


# Verbs after a counted subject (28所学校与…实现结对共建, 1所高校成为…, 11家企业上榜…).
_SUBJECT_VERB = re.compile(r"与|成为|实现|上榜|入选|获评|获批|列入|纳入|建立|跻身|达到")
_MEASURE_UNITS = ("个", "家", "所", "条", "项", "件", "座", "名", "人", "户", "场", "套", "台", "辆", "艘", "张")


def _subject_first(s: str, v: ValueMatch, region: str, scopes: tuple[str, ...]) -> str | None:
    """The clause after a count that opens it, when the count is the subject of a verb."""
    if v.amount.unit not in _MEASURE_UNITS:
        return None
    opening = region.rsplit("、", 1)[-1]
    if _clean_label_start(opening.strip(), scopes).strip():
        return None
    m = re.search(rf"[{re.escape(_DELIMS)}]", s[v.end :])
    clause = s[v.end : v.end + m.start()] if m else s[v.end :]
    clause = clause.strip()
    verb = _SUBJECT_VERB.search(clause)
    if not verb or not (2 <= verb.start() <= 10) or re.search(r"[、（(]", clause[: verb.start()]):
        return None
    if len(clause) > 30 or re.search(r"\d", clause[: verb.start()]):
        return None
    return clause


def _split_respectively(subject: str) -> list[str] | None:
    """A、B<common> → [A<common>, B<common>] (the common tail is read off the last item)."""
    items = [x.strip() for x in re.split(r"、|和|及", subject) if x.strip()]
    if len(items) < 2:
        return None
    first, last = items[0], items[-1]
    # the longest tail of the first item that occurs in the last one marks where the common part starts
    best = -1
    for k in range(min(len(first), len(last)), 0, -1):
        pos = last.find(first[-k:])
        if pos >= 0:
            best = pos + k
            break
    common = last[best:] if best >= 0 else ""
    heads = items[:-1] + [last[:best] if best >= 0 else last]
    return [h + common for h in heads]


def read_sentence(s: str, scopes: tuple[str, ...] = _WHOLE_SCOPES + _AREA_SCOPES) -> list[Goal]:
    """Every goal-shaped number in one sentence (simplified text), with label, comparator and year.

    Offsets in the goals are relative to ``s``. The year is the sentence's own (None when it
    names none); target or observation is decided by the caller from the context.

    >>> [(g.label, str(g.amount.value), g.amount.unit, g.comparator, g.year) for g in read_sentence("到2025年，新增结对学校10家、杭州名师名校长诸暨工作室3个。")]
    [('结对学校', '10', '家', 'eq', 2025), ('杭州名师名校长诸暨工作室', '3', '个', 'eq', 2025)]
    >>> [(g.label, g.scope, str(g.amount.value), g.amount.unit) for g in read_sentence("力争全市新增10家以上非国有博物馆")]
    [('非国有博物馆', '全市', '10', '家')]
    """
    return _SentenceReader(s, scopes).read()


_DELIM_RE = re.compile(f"[{re.escape(_DELIMS)}]")


class _SentenceReader:
    """One pass over the numbers of a sentence; each rule is a method that may claim a number."""

    def __init__(self, s: str, scopes: tuple[str, ...]) -> None:
        self.s = s
        self.scopes = scopes
        values = find_values(s)
        self.protected = _protected_spans(s) if values else []
        self.years = _year_mentions(s, self.protected) if values else []  # most sentences hold no number
        self.values = [v for v in values if not _inside(v.num_start, self.protected)]
        self.goals: list[Goal] = []
        self.prev_end = 0  # where the next goal's clause may start (after the previous goal)
        self.consumed: set[int] = set()

    # -------------------------------------------------------------------------------- driver

    def read(self) -> list[Goal]:
        s = self.s
        for idx, v in enumerate(self.values):
            if idx in self.consumed:
                continue
            # clause start: after the last delimiter, or after the previous goal and its 、/和
            d = max((s.rfind(c, 0, v.start) for c in _DELIMS), default=-1)
            region_start = max(d + 1, self.prev_end)
            region = s[region_start : v.start]
            after = s[v.end :]
            if v.amount.unit is None and re.search(r"[（(]\s*$", s[: v.start]) and re.match(r"\s*[）)]", after):
                continue  # （3）: a list marker
            if re.match(r"\s*的(?!基础)", after):
                continue  # 投资50亿元的…项目: an attribute, not a goal
            if re.match(r"\s*级", after):
                continue  # 百亿级企业, 千亿级集群: a class, not a quantity
            if re.match(r"\s*[—\-~～至到]\s*\d", after):
                continue  # 0—6岁: a range inside a label
            if v.amount.unit in ("位", "名", None) and (re.search(r"前\s*$", region) or re.match(r"\s*强", after)):
                continue  # 前50位, 30强: a rank, not a quantity
            clause_end = _DELIM_RE.search(after)
            clause = s[region_start : v.end + (clause_end.start() if clause_end else len(after))]
            if _PORTFOLIO.search(clause):
                self.prev_end = v.end
                continue
            terminal = bool(_CLAUSE_END.match(after)) or bool(re.match(r"\s*(?:和|及|与|、)\s*\[?\d", after))
            if terminal and _RESPECTIVELY in region:
                self._respectively(idx, region_start, region)
            elif re.search(r"[从由]\s*$", region) and self._from_to(idx, region_start, region):
                pass
            elif terminal:
                self._clause_goal(idx, region_start, region)
            else:
                self._counted(idx, region_start, region)
        self._finish()
        return self.goals

    def _finish(self) -> None:
        """The sentence's own years; a scope carries forward to goals that name none."""
        s = self.s
        scope = None
        for g in self.goals:
            g.value_start = s.find(g.amount.text, g.start)
            if g.value_start < 0 or g.value_start > g.end:
                g.value_start = max(g.start, g.end - len(g.amount.text))
            if g.scope:
                scope = g.scope if g.scope not in _AREA_SCOPES else None
            elif scope:
                g.scope = scope
            before = [y for y in self.years if y[0] < g.end and y[1] <= g.end]
            if before:
                _a, _b, g.year, g.year_kind = before[-1]
            if _PAST_MARKERS.search(s[: g.end]):
                g.past = True

    def _verb(self, region: str, amount: Amount) -> tuple[str | None, str]:
        verb_cmp, verb = comparator_before(region)
        if verb_cmp == "increase" and verb in ("提升", "提高") and amount.unit not in (None, "%", "百分点", "‰", "倍"):
            return None, ""  # 农房风貌提升2000户: 提升 belongs to the thing counted
        return verb_cmp, verb

    # -------------------------------------------------------------------------------- rules

    def _respectively(self, idx: int, region_start: int, region: str) -> None:
        """分别: “A、B<common>分别达X、Y” → one goal per item; nothing when the counts differ."""
        s, values = self.s, self.values
        group = [values[idx]]
        j = idx
        while j + 1 < len(values) and _AND.match(s[values[j].end : values[j + 1].start]):
            j += 1
            group.append(values[j])
        self.consumed.update(range(idx, j + 1))
        self.prev_end = group[-1].end
        i = region.rfind(_RESPECTIVELY)
        cmp_word, word = comparator_before(region[i + len(_RESPECTIVELY) :])
        head = _clean_label(region[:i], self.scopes)
        subject = _trim_label_end(head.text)
        labels = _split_respectively(subject)
        if labels is None and len(group) == 2 and subject.startswith("城乡"):
            labels = ["城镇" + subject[2:], "农村" + subject[2:]]  # 城乡居民收入分别达到A和B
        if not labels or len(labels) != len(group):
            return
        growth = cmp_word in ("increase", "decrease")
        for lab, v in zip(labels, group, strict=True):
            lab = lab + (word if growth else "")
            if _label_ok(lab):
                self.goals.append(
                    Goal(
                        label=lab,
                        amount=v.amount,
                        comparator=combine(cmp_word, v.amount.comparator),
                        start=region_start,
                        end=v.end,
                        scope=head.scope,
                        period=head.period or ("annual" if "年均" in region else None),
                    )
                )

    def _from_to(self, idx: int, region_start: int, region: str) -> bool:
        """从A增加至B / 由A提高到B: the earlier figure and the later one, both reported."""
        s, values = self.s, self.values
        v = values[idx]
        nxt = values[idx + 1] if idx + 1 < len(values) else None
        if nxt is None:
            return False
        between = s[v.end : nxt.start]
        if not (_FROM_TO.search(between) and _CLAUSE_END.match(s[nxt.end :])):
            return False
        head = _clean_label(re.sub(r"[从由]\s*$", "", region), self.scopes)
        label = _trim_label_end(head.text)
        if _label_ok(label):
            cmp_word, _w = comparator_before(between)
            self.goals.append(Goal(label=label, amount=v.amount, comparator="eq", start=region_start,
                                   end=v.end, scope=head.scope, role="from", past=True))
            self.goals.append(Goal(label=label, amount=nxt.amount,
                                   comparator=combine(cmp_word, nxt.amount.comparator),
                                   start=region_start, end=nxt.end, scope=head.scope, role="to", past=True))
        self.consumed.add(idx + 1)
        self.prev_end = nxt.end
        return True

    def _clause_goal(self, idx: int, region_start: int, region: str) -> None:
        """A number that ends its clause: the label is the clause before it."""
        s, v = self.s, self.values[idx]
        after = s[v.end :]
        amount, bound = v.amount, v.amount.comparator
        verb_cmp, verb = self._verb(region, amount)
        self.prev_end = v.end
        if amount.unit is None and not bound and verb_cmp is None:
            return  # a bare number with nothing that makes it a goal
        label_region = region.rstrip()
        if re.match(r"\s*的?基础上", after):
            label_region = re.sub(r"^\s*在", "", label_region)  # 在GDP突破万亿的基础上
        growth = verb_cmp in ("increase", "decrease")
        if verb and not growth:
            label_region = label_region[: -len(verb)]
        elif verb_cmp is None:
            # 达到中职招生的60%: a level verb followed by a short qualifier
            m = re.search(r"(达到|达|超过|突破|控制在|提升至|提高到|不低于|不少于)([^，,。；;]{1,10}的)$", label_region)
            if m:
                verb_cmp = comparator_before(m.group(1))[0]
                label_region = label_region[: m.start()]
        lab = _clean_label(label_region, self.scopes)
        label = _trim_label_end(lab.text)
        shape = "A"
        if not label:
            # nothing before the number but a verb: the object may follow (建成10个新型研发机构)
            next_start = self.values[idx + 1].start if idx + 1 < len(self.values) else len(s)
            obj = _object_after(s, v, next_start)
            if obj and lab.verb:
                label, shape = obj, "B"
        if not label and self.goals and verb_cmp is not None:
            # “其中融杭重点区域要发挥…作用，争取达到3.6%以上”: the indicator of the goal before
            label = _GROWTH_TAIL.sub("", self.goals[-1].label) if not growth else self.goals[-1].label
            shape = "inherit"
        elif _GROWTH_ONLY.match(label) and self.goals:
            # “…从2310亿元增加到3050亿元，年均增长6.1%”: the growth of the indicator before
            base = _GROWTH_TAIL.sub("", self.goals[-1].label)
            label = base + ("年均" if "年均" in region else "") + label.replace("年均", "")
            shape = "inherit"
        if not _label_ok(label):
            return
        scope = lab.scope
        if scope is None and shape == "inherit":
            wide = s[self.goals[-1].end : v.start]
            scope = next((sc for sc in self.scopes if sc in wide), None)
        self.goals.append(
            Goal(
                label=label,
                amount=amount,
                comparator=combine(verb_cmp, bound),
                start=region_start,
                end=v.end,
                scope=scope,
                period=lab.period or ("annual" if re.search(r"年均|每年", region) else None),
                shape=shape,
                label_start=region_start + lab.offset,
            )
        )
        m_and = re.match(r"\s*(?:、|和|及)", after)
        if m_and:
            self.prev_end = v.end + m_and.end()

    def _counted(self, idx: int, region_start: int, region: str) -> None:
        """A count not at its clause end: its object follows (建成10个新型研发机构, 等3条客运线路),
        or it opens the clause as the subject of another verb (28所学校与…实现结对共建)."""
        s, v = self.s, self.values[idx]
        amount, bound = v.amount, v.amount.comparator
        if amount.unit is None or amount.unit == "岁":
            return
        lead = region.rstrip()
        cmp_mid, mid_word = comparator_before(lead)
        if cmp_mid in ("ge", "le", "approx"):
            lead = lead[: -len(mid_word)]
        lab = _clean_label(lead, self.scopes)
        rest = _trim_label_end(lab.text)
        spaces = len(s[v.end :]) - len(s[v.end :].lstrip())
        subject = _subject_first(s, v, region, self.scopes)
        if subject:
            self.goals.append(Goal(label=subject, amount=amount, comparator=combine(None, bound), start=v.start,
                                   end=v.end + spaces + len(subject), scope=lab.scope, shape="C",
                                   label_start=v.end))
            self.prev_end = self.goals[-1].end
            return
        previous_b = bool(self.goals) and self.goals[-1].shape == "B" and bool(
            _AND.match(s[self.goals[-1].end : v.start] or "、")
        )
        etc = lead.endswith("等") and bool(_BUILD_START.match(_clean_label_start(lead, self.scopes)))
        if not ((lab.verb and not rest) or etc or (previous_b and not rest)):
            return
        next_start = self.values[idx + 1].start if idx + 1 < len(self.values) else len(s)
        obj = _object_after(s, v, next_start)
        if not _label_ok(obj) or obj.endswith(("的", "之")) or re.match(r"^(?:以上|以下|左右)", obj):
            return
        if re.search(r"(?:成为|实现|达到|共建|合作|建立|通过)", obj):
            return  # the number is the subject of another verb
        self.goals.append(
            Goal(
                label=obj,
                amount=amount,
                comparator=combine(cmp_mid if cmp_mid in ("ge", "le", "approx") else None, bound),
                start=region_start,
                end=v.end + spaces + len(obj),
                scope=lab.scope,
                period=lab.period,
                shape="B",
                label_start=v.end,
            )
        )
        self.prev_end = self.goals[-1].end
        m_and = re.match(r"\s*(?:、|和|及)", s[self.prev_end :])
        if m_and:
            self.prev_end += m_and.end()


_BUILD_START = re.compile("^(?:" + "|".join(BUILD_VERBS) + ")")


def _clean_label_start(text: str, scopes: tuple[str, ...]) -> str:
    """The clause with lead-ins and scope removed but its verbs kept."""
    changed = True
    while changed:
        changed = False
        for pattern in (_YEAR_LEAD, _PERIOD_LEAD):
            m = pattern.match(text)
            if m:
                text, changed = text[m.end() :], True
        for scope in scopes:
            if text.startswith(scope):
                text, changed = text[len(scope) :], True
        rest, word = _strip_leading(text, tuple(w for w in LEAD_INS if w not in ("累计",)))
        if word:
            text, changed = rest, True
    return text


# ---------------------------------------------------------------------------------------- documents


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of text[start:end] as (start, end) offsets; a sentence ends at 。！？ or a line break.

    >>> sentence_spans("甲。乙；丙！丁")
    [(0, 2), (2, 6), (6, 7)]
    """
    end = len(text) if end is None else end
    out = []
    a = start
    for m in re.finditer(r"[。！？!?\n]", text[start:end]):
        b = start + m.end()
        if text[a:b].strip():
            out.append((a, b))
        a = b
    if a < end and text[a:end].strip():
        out.append((a, end))
    return out


@lru_cache(maxsize=1)
def _division_names() -> frozenset[str]:
    """Full names of administrative divisions (诸暨市, 越城区) from the shared gazetteer."""
    from plangraph.extractors.gazetteer import gazetteer

    return frozenset(d.name for d in gazetteer().divisions.values()
                     if len(d.name) >= 3 and not _PLACE_SUFFIX_STOP.search(d.name))


def _scopes_for(doc: SegmentedDoc, context: ExtractContext | None) -> tuple[str, ...]:
    """Scopes a label may start with: the whole jurisdiction, defined areas (以下简称“融杭重点区域”),
    places the places extractor found, and administrative divisions named in the text."""
    text = doc.document.simplified
    found: set[str] = set(_WHOLE_SCOPES + _AREA_SCOPES)
    found.update(m.group(1) for m in _DEFINED.finditer(text))
    if context is not None:
        for rec in context.of_kind("place"):
            # a place as a scope is written in full (诸暨市, 滨海新区): a bare 杭州/诸暨 at the start of
            # a label names something else (杭州名师名校长诸暨工作室, 诸暨岛—杭州港落地项目)
            if rec.place_type in ("province", "prefecture", "county", "township", "platform", "park"):
                if len(rec.name) >= 3 and _FULL_PLACE.search(rec.name):
                    found.add(rec.name)
    automaton = _division_automaton()
    if automaton is not None:
        found.update(name for _start, _end, name in automaton.find(text))
    return tuple(sorted(found, key=len, reverse=True))


@lru_cache(maxsize=1)
def _division_automaton():
    """One pass over the text finds every division name (instead of 3,000 substring scans)."""
    from plangraph.extractors.gazetteer import NameAutomaton

    names = _division_names()
    # every occurrence, overlapping ones too: 诸暨市 inside 绍兴市诸暨市 is a scope of its own
    return NameAutomaton(sorted(names), overlapping=True) if names else None


_YEAR_TEXT = r"((?:19|20)\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})\s*年"
_OPENING_YEAR = re.compile(r"[\s。.:：]*(?:力争|争取|预计)?(?:到|至)\s*" + _YEAR_TEXT)
# Headings that set goals for a year (二、2025年主要预期目标和重点工作) or review one (一、2024年工作回顾).
_TARGET_HEADING_YEAR = re.compile(_YEAR_TEXT + r"[^，。]*?(?:目标|任务|安排|计划|重点工作|工作部署)")
_REVIEW_HEADING_YEAR = re.compile(_YEAR_TEXT + r"[^，。]*?(?:回顾|完成情况|总结|主要成绩|工作成效)")
# A work report names its year in its title (2025年…政府工作报告): its goals are for that year.
_WORK_REPORT = re.compile(r"^\s*" + _YEAR_TEXT + r".*工作报告")


def _section_year(doc: SegmentedDoc, section_id: str) -> int | None:
    """The year a target section sets: its opening (“（二）主要目标。到2027年，…” governs its items)
    or its heading (二、2025年主要预期目标和重点工作)."""
    text = doc.document.simplified
    for sec in doc.ancestors(section_id):
        if sec.kind == "document":
            break
        opening = text[sec.heading_end : min(sec.end, sec.heading_end + 40)]
        m = _OPENING_YEAR.match(opening) or _TARGET_HEADING_YEAR.search(simplified_view(sec.heading))
        if m:
            return _year_value(m.group(1))
    return None


def _review_context(doc: SegmentedDoc, section_id: str) -> tuple[bool, tuple[int, int] | None, int | None]:
    """Whether a section reports the past; the five-year plan it reviews when that plan ended the
    year before this document's period starts (the 现实基础 of a new outline reviewing 十四五: its
    figures are for 2025, its “从A” figures for 2020); and the year its heading names (2024年工作回顾)."""
    text = doc.document.simplified
    start = doc.document.metadata.period_start
    for sec in doc.ancestors(section_id):
        if sec.kind == "document":
            break
        heading = simplified_view(sec.heading)
        if REVIEW_HEADINGS.search(heading):
            body = text[sec.heading_end : sec.end]
            m = re.search(r"“?十([一二三四五六七八九])五”?(?:时期|期间|规划|以来)", heading + body[:400])
            period = five_year_plan(10 + "一二三四五六七八九".index(m.group(1)) + 1) if m else None
            if period is not None and (start is None or period[1] != start - 1):
                period = None
            y = _REVIEW_HEADING_YEAR.search(heading)
            return True, period, _year_value(y.group(1)) if y else None
    return False, None, None


def _title(doc: SegmentedDoc) -> str:
    """The document's title: from its metadata, else its first non-empty line."""
    if doc.document.metadata.title:
        return simplified_view(doc.document.metadata.title)
    for line in doc.document.simplified[:400].splitlines():
        if line.strip():
            return line.strip()
    return ""


def is_review_document(doc: SegmentedDoc) -> bool:
    """A document that only reviews the past (a 总结, a 中期评估报告): no targets at all."""
    title = _title(doc)
    return bool(_REVIEW_TITLE.search(title)) and not re.search(r"规划(?:纲要)?$|计划$|方案$|意见$", title)


def _reference_year(doc: SegmentedDoc) -> int | None:
    """Figures for years before this one are reported, not planned."""
    meta = doc.document.metadata
    if meta.period_start:
        return meta.period_start
    m = _WORK_REPORT.match(_title(doc))
    if m:
        return _year_value(m.group(1))
    if meta.issued:
        return int(meta.issued[:4])
    return None


def _horizon(doc: SegmentedDoc) -> int | None:
    """The year a document's goals are for when a sentence and its section name none."""
    meta = doc.document.metadata
    if meta.period_end:
        return meta.period_end
    m = _WORK_REPORT.match(_title(doc))
    return _year_value(m.group(1)) if m else None


def _topic(paragraph_text: str) -> str | None:
    """The run-in topic a 专栏 paragraph opens with: “现代纺织。巩固发展…” → 现代纺织."""
    m = re.match(r"\s*(?:\d{1,2}\s*[.、．]\s*|[（(]\d{1,2}[）)]\s*)?([\u4e00-\u9fff（）()“”]{2,14}?)[。：:]", paragraph_text)
    return m.group(1) if m else None


def _text_units(doc: SegmentedDoc) -> list[tuple[str, int, int]]:
    """(section id, start, end) of the text to read: paragraphs, and the task column of task tables."""
    units = [(p.section_id, p.start, p.end) for p in doc.paragraphs]
    covered = sorted((p.start, p.end) for p in doc.paragraphs)  # paragraphs never overlap
    starts = [a for a, _ in covered]
    for sec in doc.sections:
        # a numbered goal written as a heading line (（1）地区生产总值达到1200亿元；) has no paragraph
        if sec.kind in ("document", "table") or not re.search(r"\d", sec.heading):
            continue
        k = bisect_right(starts, sec.heading_start) - 1
        if not (k >= 0 and sec.heading_start < covered[k][1]):
            units.append((sec.section_id, sec.heading_start, sec.heading_end))
    for table in doc.tables:
        col = next(
            (i for i, h in enumerate(table.header) if re.search(r"重点工作|主要任务|工作任务|工作内容|目标任务|主要目标", h)),
            None,
        )
        if col is None:
            continue
        for row in table.rows:
            if col < len(row.cells) and not row.cells[col].carried and len(row.cells[col].text) >= 8:
                c = row.cells[col]
                units.append((table.table_id, c.start, c.end))
    return units


def extract_targets(doc: SegmentedDoc, context: ExtractContext | None = None) -> list[Target | Observation]:
    """Targets and observations of a whole document, de-duplicated, in text order."""
    simplified = doc.document.simplified
    text = doc.document.text
    scopes = _scopes_for(doc, context)
    ref_year = _reference_year(doc)
    horizon = _horizon(doc)
    review_doc = is_review_document(doc)
    work_report_year = ref_year if _WORK_REPORT.match(_title(doc)) else None
    records: list[Target | Observation] = []
    seen: set[tuple] = set()
    table_goals = _table_goals(doc)
    sections: dict[str, tuple] = {}
    for section_id, u_start, u_end in _text_units(doc):
        if section_id not in sections:
            sections[section_id] = (_section_year(doc, section_id), *_review_context(doc, section_id))
        sec_year, in_review, review_period, review_year = sections[section_id]
        topic = _topic(simplified[u_start:u_end])
        frame = _RETROSPECTIVE.match(simplified[u_start:u_end])
        for s_start, s_end in sentence_spans(simplified, u_start, u_end):
            sentence = simplified[s_start:s_end]
            for g in read_sentence(sentence, scopes):
                label = _as_written(g.label, simplified, text, s_start, s_end)
                if topic and _GENERIC_LABELS.match(g.label):
                    label = _as_written(topic, simplified, text, u_start, u_end) + label
                observed = (
                    review_doc
                    or in_review
                    or (bool(frame) and not _GOAL_WORDS.search(sentence)
                        and not (g.year_kind == "to" and ref_year is not None and (g.year or 0) >= ref_year))
                    or g.past
                    or g.year_kind == "since"
                    or (g.year is not None and ref_year is not None and g.year < ref_year and g.year_kind != "to")
                )
                q_start, q_end = s_start + g.start, s_start + g.end
                prov = Provenance(
                    doc_id=doc.document.doc_id,
                    section_id=section_id,
                    quote=text[q_start:q_end],
                    start=q_start,
                    end=q_end,
                )
                key = indicator_key(label)
                v_start = s_start + g.value_start
                value_text = text[v_start : v_start + len(g.amount.text)] or g.amount.text
                scope = _as_written(g.scope, simplified, text, s_start, s_end) if g.scope else None
                if observed:
                    year = g.year if g.year_kind in ("to", "at", "period", "since") else None
                    if g.role == "from" and g.year_kind == "period" and year is not None:
                        year = year - 5  # “十四五”时期…从A增加到B: A is the year before the period
                    if year is None and review_period is not None:
                        year = review_period[0] - 1 if g.role == "from" else review_period[1]
                    if year is None:
                        year = review_year
                    if year is None and work_report_year and (
                        re.search(r"过去一年|去年|上一年", sentence) or (frame and "一年" in frame.group(0))
                    ):
                        year = work_report_year - 1
                    rec: Target | Observation = Observation(
                        indicator_label=label,
                        indicator_key=key,
                        value=g.amount.value,
                        value_text=value_text,
                        unit=g.amount.unit,
                        year=year,
                        scope=scope,
                        prov=prov,
                    )
                    ident: tuple = ("o", key, rec.value, rec.unit, rec.year, _scope_key(rec.scope))
                else:
                    if g.year_kind == "horizon":
                        year = horizon
                    else:
                        year = g.year if g.year_kind in ("to", "at", "period") else None
                    year = year or sec_year or horizon
                    rec = Target(
                        indicator_label=label,
                        indicator_key=key,
                        value=g.amount.value,
                        value_text=value_text,
                        unit=g.amount.unit,
                        comparator=g.comparator,
                        target_year=year,
                        scope=scope,
                        period=g.period,
                        prov=prov,
                    )
                    ident = ("t", key, rec.value, rec.unit, rec.comparator, rec.target_year, _scope_key(rec.scope))
                    stated = table_goals.get((key, rec.value, rec.unit, rec.target_year))
                    if stated and ident[6] is None and (rec.comparator in stated or "eq" in stated):
                        continue  # the indicator table states this goal, with its baseline
                if ident in seen:
                    continue
                seen.add(ident)
                records.append(rec)
    return records


def _as_written(part: str, simplified: str, text: str, lo: int, hi: int) -> str:
    """The original-script text of ``part`` (found in the simplified view between lo and hi)."""
    i = simplified.find(part, lo, hi)
    return text[i : i + len(part)] if i >= 0 else part


def _scope_key(scope: str | None) -> str | None:
    return None if scope in _WHOLE_SCOPES else scope


def _table_goals(doc: SegmentedDoc) -> dict[tuple, set[str | None]]:
    """Goals the document's indicator tables state — (key, value, unit, year) → comparators — so
    prose repeating them is not read twice. A bare table figure (eq) covers 达到/突破 in prose."""
    try:
        from plangraph.extractors.indicator_tables import read_indicator_tables
    except ImportError:  # pragma: no cover - the table extractor ships with this one
        return {}
    goals: dict[tuple, set[str | None]] = {}
    for rec in read_indicator_tables(doc):
        if rec.kind == "target":
            goals.setdefault((rec.indicator_key, rec.value, rec.unit, rec.target_year), set()).add(rec.comparator)
    return goals


# ----------------------------------------------------------------------------------------- registry


class TargetsExtractor:
    name = "targets"
    kinds = ("target", "observation")

    def __call__(self, doc: SegmentedDoc, context: ExtractContext) -> list[Target | Observation]:
        return extract_targets(doc, context)


@register("targets")
def make_targets() -> TargetsExtractor:
    return TargetsExtractor()


"""Projects: named, bounded works a plan builds — from project tables, flagship-project headings,
专栏 entries and running text.

Three sources, one record type (:class:`~plangraph.schema.Project`):

* **tables** whose header says they list projects (a 项目名称/工程名称 column beside 投资, 建设期限,
  建设单位, 建设阶段 or 建设内容, read by meaning, not position). One project per row; group rows
  (轨道交通重点项目) give the category, merged cells (建设阶段 新建 carried down) the stage, the
  header's unit (计划总投资（亿元）) the investment unit, and a builder cell written as a sentence
  (柯诸高速为绍兴市柯诸高速公路有限公司) gives the company it names;
* **headings** of the items of a flagship list (四、聚力打造十大标志性工程 → （一）…建设工程), and
  the entries of a 专栏 that lists facilities (绍芯实验室。…, 艇湖实验室（谋划）。…);
* **running text**: a build verb (推进, 加快建设, 谋划实施 …) governing a list of names that end in
  a class of works (高速, 铁路, 码头, 作业区, 医院, 院区, 水库, 实验室 … or a specific 工程/项目),
  split on 、 with shared suffixes distributed (诸嵊、诸义高速 → both 高速; S309柯桥、上虞和诸暨段 →
  three sections) and sections inheriting their road (104国道东湖至蒿坝段、钱清至柯岩段). The verb
  gives the stage (谋划, 新建, 开工, 建成, 在建; 前期 from …等前期工作).

Matching runs on the simplified view, character by character, so every span is an offset into the
document text (a word segmenter cuts through names like 诸暨市店口综合港区). Precision first: a
vague policy (推进数字化改革), a generic class (一批示范性建筑产业园, 融杭国省道) or a place used as a
landmark (打通绍兴北站…之间的快速通道) yields nothing.

>>> from plangraph.pipeline.segment import segment_text
>>> doc = segment_text("二、重点任务\\n1.畅通交通。加快推进诸嵊、诸义高速和G104柯桥段改建工程等项目前期工作。\\n")
>>> [(p.name, p.stage) for p in extract_projects(doc)]
[('诸嵊高速', '前期'), ('诸义高速', '前期'), ('G104柯桥段改建工程', '前期')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from plangraph.extractors import ExtractContext, register
from plangraph.extractors.project_names import WORK_WORDS, clean_name, project_key, project_key_variants
from plangraph.extractors.scan import guarded
from plangraph.memo import memo
from plangraph.pipeline.normalize import halfwidth
from plangraph.pipeline.tables import header_role
from plangraph.schema import Project, Provenance, Record, SegmentedDoc, Table

__all__ = [
    "extract_projects",
    "display_name",
    "is_project_name",
    "table_projects",
    "prose_projects",
    "heading_projects",
    "is_project_table",
    "column_roles",
    "builder_from_cell",
    "BUILD_VERBS",
    "STRONG_HEADS",
    "WEAK_HEADS",
]

_CJK = "\u4e00-\u9fff"

# ------------------------------------------------------------------------------------------ tables

# Header words → the column's role, first match wins. Read by meaning: 计划总投资（亿元） is the
# investment, 建设单位（责任单位） the builder, wherever they stand.
_COLUMN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("seq", re.compile(r"^(序号|编号|序)$")),
    ("annual", re.compile(r"\d{4}年|年度|当年|本年|已完成|累计完成|完成投资")),  # yearly figures: not the total
    ("name", re.compile(r"项目名称|工程名称|^项目$|^(?:重点|重大)?(?:建设)?项目$|^工程项目$|^名称$|^项目[（(]工程[）)]名称")),
    ("category", re.compile(r"项目类型|项目类别|类型|类别|领域|行业|分类|板块|专项")),
    ("stage", re.compile(r"建设阶段|项目阶段|阶段|建设性质|项目性质|^性质$|项目状态|进度")),
    ("investment", re.compile(r"总投资|投资总额|投资额|计划投资|估算投资|^投资")),
    ("period", re.compile(r"建设期限|建设年限|起止年限|建设周期|实施期限|建设时间|起止时间|实施年限|起止年份|^期限$|^年限$")),
    ("start", re.compile(r"开工(时间|年份|年度|日期)|起始年")),
    ("end", re.compile(r"竣工|完工|建成(时间|年份|年度)|投产时间")),
    ("builder", re.compile(r"建设单位|业主单位|项目业主|建设主体|实施主体|实施单位|项目单位|承建单位|^业主$")),
    # 责任主体 names who carries the project out: the builder when no 建设单位 column says otherwise
    ("builder_fallback", re.compile(r"^责任主体$|^项目责任主体$")),
    ("content", re.compile(r"建设内容|建设规模|主要内容|项目概况|^内容")),
)
_UNIT_IN_HEADER = re.compile(r"[（(]\s*(?:单位[:：])?\s*(万元|亿元|万美元|亿美元|元)\s*[）)]")
_TOTAL_ROW = re.compile(r"^(合计|小计|总计|共计)")
_GROUP_SUFFIX = re.compile(r"(重点项目|重大项目|项目|工程|类)$")


def column_roles(header: tuple[str, ...]) -> dict[str, int]:
    """Role → column index for a table header (the first column of each role).

    >>> column_roles(("序号", "项目类型", "项目名称", "计划总投资（亿元）", "建设期限", "建设单位（责任单位）"))
    {'seq': 0, 'category': 1, 'name': 2, 'investment': 3, 'period': 4, 'builder': 5}
    """
    roles: dict[str, int] = {}
    for i, h in enumerate(header):
        role = header_role(h, _COLUMN_ROLES)
        if role:
            roles.setdefault(role, i)
    fallback = roles.pop("builder_fallback", None)
    if fallback is not None:
        roles.setdefault("builder", fallback)
    return roles


def is_project_table(table: Table) -> bool:
    """A table lists projects when it has a name column and either a column only projects have
    (投资, 建设期限, 建设单位, 建设阶段, 建设内容) or a title that says so (重点项目表)."""
    roles = column_roles(table.header)
    if "name" not in roles:
        return False
    if roles.keys() & {"investment", "period", "start", "end", "builder", "stage", "content"}:
        return True
    return bool(table.title and re.search(r"项目|工程", table.title))


def _investment(cell: str, header_unit: str | None) -> tuple[Decimal | None, str | None]:
    m = re.search(r"(\d+(?:\.\d+)?)\s*(万亿元|亿元|万元|万美元|亿美元|元)?", cell.replace(",", ""))
    if not m:
        return None, None
    try:
        value = Decimal(m.group(1))
    except InvalidOperation:
        return None, None
    return value, m.group(2) or header_unit


_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?(?:[.．/]\d{1,2}月?)?(?:\d{1,2}月)?\s*[-—–~～至到]+\s*((?:19|20)\d{2})")
_ONE_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*$")


def _period(cell: str) -> tuple[int | None, int | None]:
    """2022-2026 → (2022, 2026); 2024年—2026年 and 2023.3-2025.12 too; one year alone → both ends."""
    m = _YEAR_RANGE.search(cell)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = _ONE_YEAR.match(cell)
    if m:
        return int(m.group(1)), int(m.group(1))
    return None, None


def _year(cell: str) -> int | None:
    m = re.search(r"(?:19|20)\d{2}", cell)
    return int(m.group(0)) if m else None


# The end of an organisation's name, for builders written inside a sentence.
_ORG_TAIL = (
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|专班|指挥部|管委会|管理委员会|建管办|"
    r"管理办公室|管理处|管理局|中心|医院|学院|学校|大学|委员会|局)"
)
_BUILDER_IN_SENTENCE = re.compile(rf"(?:为|由|是|系|：|:)\s*([^，。；,;为由是系：:\s]{{2,40}}{_ORG_TAIL})(?=$|[，。；,;])")


def builder_from_cell(cell: str) -> str | None:
    """The builder a 建设单位 cell names. A plain name is kept as written; a sentence (柯诸高速为
    绍兴市柯诸高速公路有限公司) gives the organisation it names.

    >>> builder_from_cell("柯诸高速为绍兴市柯诸高速公路有限公司")
    '绍兴市柯诸高速公路有限公司'
    >>> builder_from_cell("省交投浙中专班")
    '省交投浙中专班'
    """
    text = re.sub(r"\s+", "", cell)
    if not text or text in {"—", "-", "/", "无"}:
        return None
    if re.search(r"[为由是系：:，,。]", text):
        found = _BUILDER_IN_SENTENCE.findall(text)
        if found:
            return found[-1]
        if re.search(r"[，,。]", text):
            return None
    return text


def _cell_reader(row, roles: dict[str, int]):
    """A function giving the stripped text of a row's cell by column role ('' when absent)."""

    def cell(role: str) -> str:
        i = roles.get(role)
        return row.cells[i].text.strip() if i is not None and i < len(row.cells) else ""

    return cell


def table_projects(doc: SegmentedDoc) -> list[Project]:
    """One project per data row of every table that lists projects."""
    out: list[Project] = []
    text = doc.document.text
    for table in doc.tables:
        if not is_project_table(table):
            continue
        roles = column_roles(table.header)
        unit = None
        if "investment" in roles:
            m = _UNIT_IN_HEADER.search(table.header[roles["investment"]])
            unit = m.group(1) if m else None
        if unit is None:
            m = re.search(r"单位[:：]\s*(万元|亿元)", f"{table.title or ''} {table.note or ''}")
            unit = m.group(1) if m else None
        group: str | None = None
        for row in table.rows:
            cell = _cell_reader(row, roles)
            if row.is_group:
                label = re.sub(r"\s+", "", next((c.text for c in row.cells if c.text), ""))
                label = re.sub(r"^[一二三四五六七八九十\d]+[、.．]|[（(]\d+个[）)]$", "", label)
                group = _GROUP_SUFFIX.sub("", label) or label
                continue
            name = re.sub(r"\s+", "", cell("name"))
            if not name or _TOTAL_ROW.match(name) or name == table.header[roles["name"]]:
                continue
            category = re.sub(r"\s+", "", cell("category")) or group
            investment, inv_unit = _investment(cell("investment"), unit) if "investment" in roles else (None, None)
            start_year, end_year = _period(cell("period")) if "period" in roles else (None, None)
            if "start" in roles:
                start_year = _year(cell("start")) or start_year
            if "end" in roles:
                end_year = _year(cell("end")) or end_year
            out.append(
                Project(
                    name=name,
                    key=project_key(name),
                    category=category or None,
                    stage=re.sub(r"\s+", "", cell("stage")) or None,
                    investment=investment,
                    investment_unit=inv_unit if investment is not None else None,
                    start_year=start_year,
                    end_year=end_year,
                    builder=builder_from_cell(cell("builder")),
                    content=cell("content") or None,
                    prov=Provenance(
                        doc_id=doc.document.doc_id, section_id=table.table_id,
                        quote=text[row.start : row.end], start=row.start, end=row.end,
                    ),
                )
            )
    return out


# ------------------------------------------------------------------------------- names in the text

# Class words of physical works. A name ending in one needs only a specific modifier (诸嵊高速,
# 曹娥作业区); longest first so 通用机场 wins over 机场. Bare 中心, 枢纽 and 港 are left out: 创新中心,
# 开放枢纽 and 创新港 name roles and platforms, not works.
STRONG_HEADS: tuple[str, ...] = (
    # transport
    "高速公路", "城际铁路", "市域铁路", "货运铁路", "铁路", "高铁", "高速", "轨道交通", "轨交", "地铁", "快速路",
    "快速通道", "跨海通道", "过江通道", "公路", "国道", "省道", "大道", "连接线", "联络线", "复线", "高架路", "高架桥", "高架",
    "大桥", "隧道", "干线", "环网", "航道", "船闸", "码头", "泊位", "作业区", "港区", "枢纽港", "物流港", "集装箱港",
    "综合枢纽", "交通枢纽", "联运枢纽", "物流枢纽", "客运枢纽", "铁路枢纽", "枢纽中心", "客运站", "火车站",
    "高铁站", "航站楼", "通用机场", "机场",
    # social facilities
    "医院", "院区", "分院", "校区", "学校", "中学", "小学", "幼儿园", "体育馆", "体育场", "体育中心",
    "篮球中心", "文化中心", "会展中心", "博物馆", "图书馆", "美术馆", "大剧院", "剧院", "实训基地",
    # parks and plants
    "产业园区", "物流园区", "产业园", "科技园", "创业园", "物流园", "工业园", "智慧园", "文化园", "公园",
    "物流中心", "联运中心", "数据中心", "污水处理厂", "水厂", "电厂", "电站", "变电站", "实验室",
    # water works
    "水库", "海塘", "江堤", "堤防", "闸站", "泵站", "灌区",
)
# Words that make a project only with an anchor in front (a place, a road, a number, a physical
# word) or in a list the text calls projects: 嵊州新能源动力电池项目 and 宁波西枢纽 yes,
# 产业链提升工程 and 开放枢纽 no; a bare 路 (绿云路北延) only in such a list.
WEAK_HEADS: tuple[str, ...] = ("工程", "项目", "基地", "枢纽", "通道", "路")

_HEAD_ALTS = "|".join(map(re.escape, sorted(set(STRONG_HEADS + WEAK_HEADS), key=len, reverse=True)))
# (a plain alternation of words: re already skips to the positions its first characters allow)
_HEAD_RE = re.compile(_HEAD_ALTS)
_HEAD_END = re.compile(f"(?:{_HEAD_ALTS})$")  # the longest class word ending a name (枢纽港, not 综合枢纽+港)
_STRONG_RE = re.compile("|".join(map(re.escape, sorted(STRONG_HEADS, key=len, reverse=True))))
# (the lookahead lets a scan skip every position that is not G, S or a digit in one test)
_CODE_RE = re.compile(r"(?=[GS\d])(?:[GS]\s*\d{1,4}(?:\s*(?:国道|省道))?|\d{2,4}\s*(?:国道|省道)|(?<![\d.])\d{1,2}\s*号线)")
_SCOPE_END = re.compile(r"(?:段|交界处|部分)$")
_WORK_TAIL = re.compile(
    "(?:" + "|".join(map(re.escape, WORK_WORDS)) + r"|第?[一二三四五六七八九十\d]{1,3}期)+(?:工程|项目)?$"
)

# Modifier words that name no particular work (融杭国省道, 一批产业园, 游船码头): removed before
# asking whether anything specific is left.
_GENERIC_WORDS = re.compile(
    r"重点|重大|相关|新型|各类|主要|骨干|现代化?|智慧|数字化?|综合|公共|配套|融杭|联杭|接沪|同城|一体化|"
    r"跨区域|跨市域|区域|城市|城乡|乡村|农村|全市|全域|全省|省内|市内|县内|域内|市级|省级|国家级|大型|中型|"
    r"小型|高端|高品质|高标准|特色|示范|标志性|优质|游船|客运|货运|物流|产业|交通|基础设施|民生|其他|未来|"
    r"新一代|新建|多式联运|区县|市本级|本级"
)
# An item holding one of these is a phrase, not a name.
_NOT_A_NAME = re.compile(
    r"的|之间|或|(?<![现所存])在(?!建)|等|一批|若干|\d+个|多个|一系列|《|》|各(?!类)|其他|以上|以下|左右|和|"
    r"之路|思路|道路|线路|出路|新路|路径|路线"
)

# Words that anchor a weak head to a particular work: a road code, a number or phase, a from–to,
# a physical noun, a bracketed place. (电路 holds no 路, 浙江 no river.)
_ANCHOR = re.compile(
    r"[GS]\d|\d|期|至|(?<!电)路|大道|[桥站厂馆库闸塘堤]|(?<!浙)江|[河湖溪湾]|港|园区|铁|轨|机场|码头|医院|院区|"
    r"学院|大学|排涝|防洪|引水|灌区|水利|枢纽|隧|[（(][\u4e00-\u9fff]{2,4}[）)]"
)
_ADMIN = re.compile(rf"[{_CJK}]{{2,3}}(?:省|市|县|区|镇|乡|街道)(?![{_CJK}]*级)(?!域|场|民|政)")

# Verbs that govern no build on their own (打通绍兴北站…之间的快速通道, 支持…合作): they end a list,
# and a list after them counts only when nominalised with 建设 (紧抓…校区建设契机).
_OTHER_VERBS = (
    "紧抓|抓住|把握|依托|围绕|借助|借力|支持|鼓励|加强|深化|优化|对接|联动|参与|打通|畅通|连接|联通|接入|融入|"
    "串联|形成|构建|提升|完善|推广|探索|开通|发挥|促进|引导|争创|创建|培育|发展|实现|加密|拓展|健全|建立|强化|"
    "开辟|衔接|利用|结合|聚焦|对标|承接|引进|招引|保障|落实|用好|谋求|开设|举办|吸引|扩大|做强|做大|提高|"
    "推行|深度融入|配合|协调|整合|复制|抓好|做好|办好|用好"
)
# Build verbs → the stage they state (None: no stage).
BUILD_VERBS: tuple[tuple[str, str | None], ...] = (
    (r"谋划推进|谋划实施|谋划建设|谋划布局|谋划研究|谋划", "谋划"),
    (r"开工建设|开工", "开工"),
    (r"建成投用|建成投运|建成通车|建成(?!区)", "建成"),
    (r"新建", "新建"),
    (r"续建(?!配套)", "续建"),
    (r"在建", "在建"),
    (
        r"加快推进|推进(?!工作|办|组|会|机制)|加快建设|"
        r"建设(?!工程|项目|规划|单位|期|方|用地|内容|主体|管理|运营|指挥|集团|有限|局|厅|银行|大道|路|契机)|"
        r"加快实施|实施(?!方案|意见|细则|计划|主体|单位)|推动|加快(?!形成|构建|发展)|开展|启动|完成|争取|"
        r"研究(?!院|中心|所|基地|会|生)|打造|布局|共建|落地建设|落地",
        None,
    ),
)
_ADVERBS = (
    "加快|积极|重点|有序|深入|全面|协同|持续|大力|着力|高标准|高水平|高质量|统筹|力争|合力|共同|联合|全力|稳步|"
    "适时|抓紧|加速|快速|继续|进一步|率先|同步|优先|逐步|扎实|加紧|分期|主动|超前|前瞻"
)
_VERB_RE = guarded(
    rf"(?P<adv>(?:{_ADVERBS})*)(?:(?P<build>{'|'.join(f'(?:{v})' for v, _ in BUILD_VERBS)})|(?P<other>{_OTHER_VERBS}))"
)
_BUILD_STAGE = [(re.compile(v), stage) for v, stage in BUILD_VERBS]
# A verb starts a clause after punctuation, a conjunction or an adverb, or after a subject that ends
# in one of the body words (市发改委推进…); elsewhere it is inside a name (灌区续建配套).
_BOUNDARY_BEFORE = set("，,、：:；;（(“”\"' \t\n。及和与并等也将要再还又则且即已均局委办府司们地")

_SENTENCE_END = re.compile(r"[。；;！？!?]")
# What a list item may end with that is not part of its name.
_LIST_TAIL = re.compile(r"(?:项目)?(?:前期工作|前期研究|前期|可行性研究|规划建设|建设|工作|规划研究)\s*$")
_EARLY_STAGE = re.compile(r"前期|可行性研究|选址|预可研|工可")


@dataclass
class _Item:
    """A list item: its span in the document, the simplified text of that span, and the parts it
    shares with its neighbours (诸嵊 + 高速)."""

    start: int
    end: int
    raw: str
    prefix: str = ""
    suffix: str = ""
    donor_end: int | None = None  # where a borrowed suffix was written
    investment: Decimal | None = None
    investment_unit: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    stage: str | None = None
    builder: str | None = None

    @property
    def name(self) -> str:
        return display_name(self.prefix + self.raw + self.suffix)

    def cut_front(self, n: int) -> None:
        self.raw, self.start = self.raw[n:], self.start + n

    def cut_back(self, n: int) -> None:
        if n:
            self.raw, self.end = self.raw[:-n], self.end - n


@memo  # list parsing asks for the same items' names many times
def display_name(text: str) -> str:
    """A name as written, without layout noise (spaces from PDF conversion, full-width digits).

    >>> display_name("绍兴轨道交通 2 号线二期")
    '绍兴轨道交通2号线二期'
    """
    return re.sub(r"\s+", "", halfwidth(text)).replace("(", "（").replace(")", "）")


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Division names and safe short forms from the gazetteer (townships are caught by their
    镇/乡/街道 suffix); empty when the gazetteer is not there."""
    try:
        from plangraph.extractors.gazetteer import gazetteer

        forms = gazetteer().forms
        return frozenset(n for n, entries in forms.items() if len(n) >= 2 and any(k != "risky" for _, k in entries))
    except Exception:  # noqa: BLE001 - the gazetteer only sharpens the anchor test
        return frozenset()


def _has_place(s: str) -> bool:
    if _ADMIN.search(s):
        return True
    names = _place_names()
    return any(s[i : i + n] in names for n in (2, 3, 4) for i in range(len(s) - n + 1))


@memo
def _head_of(name: str) -> re.Match[str] | None:
    """The last class word of a name, ignoring a trailing work, section or gloss in brackets
    (杭州电子科技大学集成电路产业学院（杭电绍兴校区） has its class word in the bracket)."""
    core = _WORK_TAIL.sub("", name) or name
    bracket = re.search(r"[（(]([^（）()]*)[）)]$", core)
    if bracket:
        outer = core[: bracket.start()]
        found = _head_of(outer) if outer else None
        if found is not None:
            return found
        inner = _HEAD_RE.search(bracket.group(1) + "$")
        inner_m = list(_HEAD_RE.finditer(bracket.group(1)))
        if inner and inner_m and inner_m[-1].end() == len(bracket.group(1)):
            return re.compile(re.escape(inner_m[-1].group(0)) + r"(?=[）)]$)").search(core)
        return None
    scope = re.search(r"(?:段|交界处|部分)$", core)
    if scope:
        body = core[: scope.start()]
        marks = sorted(list(_HEAD_RE.finditer(body)) + list(_CODE_RE.finditer(body)), key=lambda m: m.end())
        return marks[-1] if marks else None
    end = _HEAD_END.search(core)
    if end:
        return end
    heads = list(_HEAD_RE.finditer(core))
    if heads and re.fullmatch(r"[A-Za-z0-9]{1,3}[区号]|[东南西北][区院]", core[heads[-1].end() :]):
        return heads[-1]  # 乐清湾港区C区, 苏州市立医院北区: a named part of the work
    codes = list(_CODE_RE.finditer(core))
    if codes and codes[-1].end() == len(core):
        return codes[-1]
    code = _CODE_RE.match(core)
    if code and re.fullmatch(r"[\u4e00-\u9fff]{2,8}至[\u4e00-\u9fff]{2,8}", core[code.end() :]):
        return code  # G235国道杭州至诸暨: a road and the stretch it runs
    if core != name:  # 浦阳江治理三期工程: no class word before the work, so 工程 is the head
        weak = re.search(r"(?:工程|项目)$", name)
        if weak:
            return weak
    return None


def _modifier_ok(modifier: str, strong: bool, relaxed: bool, tail: str = "") -> bool:
    specific = _GENERIC_WORDS.sub("", modifier)
    if re.fullmatch(r"“[^”]*”", specific):  # “小而精”学校: a slogan, not a name
        return False
    specific = re.sub(r"[（）()“”\"]", "", specific)
    if strong:
        return len(specific) >= 2 or bool(re.search(r"\d|期", modifier + tail))
    if len(specific) < 2:
        return False
    lead = _HEAD_RE.match(modifier)
    if lead and lead.group(0) not in WEAK_HEADS:
        # 污水处理厂新建扩容提标工程: a class of works, unless a place or number follows (铁路杭州…)
        rest = modifier[lead.end() :]
        return bool(re.search(r"[GS]?\d", rest) or _has_place(rest))
    unquoted = re.sub(r"“[^”]*”", "", modifier)  # 信用体系“531X”工程: a slogan's number anchors nothing
    if _ANCHOR.search(unquoted) or _STRONG_RE.search(unquoted) or _has_place(unquoted):
        return True
    return relaxed and len(specific) >= 2


@memo
def is_project_name(name: str, relaxed: bool = False) -> bool:
    """Whether a cleaned list item names a particular work. ``relaxed``: it stands in a list the text
    itself calls projects (…等项目), so a specific 工程/基地 needs no anchor and may join two works
    with 与 (综合治理与生态修复工程).

    >>> [is_project_name(n) for n in ("诸嵊高速", "融杭国省道", "产业链提升工程", "嵊州新能源动力电池项目")]
    [True, False, False, True]
    """
    if not 3 <= len(name) <= 50:
        return False
    outside = re.sub(r"[（(][^（）()]*[）)]|“[^”]*”", "", name)  # “清和沥”: a quoted name is one word
    if _NOT_A_NAME.search(outside) or (not relaxed and "与" in outside):
        return False
    if re.match(rf"(?:{_OTHER_VERBS})", name):
        return False
    head = _head_of(name)
    if head is None:
        return False
    if _CODE_RE.fullmatch(head.group(0)):
        return True
    strong = head.group(0) not in WEAK_HEADS
    return _modifier_ok(name[: head.start()], strong, relaxed, name[head.end() :])


@memo
def _ends_complete(name: str) -> bool:
    return _head_of(name) is not None or bool(_SCOPE_END.search(name) or _WORK_TAIL.search(name))


def _suffix_to_share(donor: str, bare: str = "") -> str | None:
    """The part of a list item the bare items before it share: 诸义高速 → 高速, 诸暨段改扩建 → 段改扩建.
    Lists are parallel, so the donor's own word is as long as the bare one (嵊州、江滨天然气电站 →
    天然气电站) when that leaves a class word to share."""
    candidates = [m.start() for m in _HEAD_RE.finditer(donor) if m.start() >= 2]
    scope = re.search(r"段|交界处", donor)
    if scope and scope.start() >= 2:
        candidates.append(scope.start())
    if not candidates:
        return None
    first = min(candidates)
    if bare and 2 <= len(bare) < first:
        return donor[len(bare) :]
    return donor[first:]


@memo
def _is_bare(name: str) -> bool:
    """A short word with no class of its own that can take its neighbour's (诸嵊, 越城, S309柯桥);
    not a facility word of its own (美术馆, 非遗馆)."""
    bare = _CODE_RE.sub("", name)
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}至[\u4e00-\u9fff]{2,4}", bare):
        # 鄞州至奉化、余姚至慈溪快速路; but G235国道杭州至诸暨 is a road already
        return bare == name and not _ends_complete(bare)
    return (
        0 < len(bare) <= 4
        and not _ends_complete(bare)
        and not re.search(r"[馆院园场厂室楼所心区]$", bare)
        and not _NOT_A_NAME.search(bare)
    )


def _base_prefix(name: str) -> str | None:
    """What a section that follows inherits: 104国道东湖至蒿坝段 → 104国道; 绍兴轨道交通2号线二期 → 绍兴轨道交通."""
    m = re.match(r"(.*?)\d{1,2}号线", name)
    if m and m.group(1):
        return m.group(1)
    code = _CODE_RE.match(name)
    if code:
        return code.group(0)
    scope = re.search(r"段|交界处", name)
    if scope:
        heads = list(_HEAD_RE.finditer(name[: scope.start()]))
        if heads:
            return name[: heads[-1].end()]
    return None


def _is_continuation(name: str) -> bool:
    """A list item that is only a section or a line number of the work before it."""
    if re.match(r"\d{1,2}号线", name):
        return True
    if _CODE_RE.match(name):
        return False
    m = re.search(r"段|交界处", name)
    return bool(m) and not _HEAD_RE.search(name[: m.start()])


# ------------------------------------------------------------------------------------ list parsing


_NESTING = re.compile("[（()）“”]")
_SEPARATORS: dict[str, re.Pattern[str]] = {}


def _top_level_split(s: str, seps: str) -> list[tuple[int, int]]:
    """Spans of ``s`` between separators outside brackets and quotes."""
    if not _NESTING.search(s):  # nothing nests: every separator is at the top level
        sep_re = _SEPARATORS.get(seps) or _SEPARATORS.setdefault(seps, re.compile(f"[{re.escape(seps)}]"))
        cuts = [m.start() for m in sep_re.finditer(s)]
        return list(zip([0] + [c + 1 for c in cuts], cuts + [len(s)], strict=True))
    spans, depth, quote, begin = [], 0, False, 0
    for i, ch in enumerate(s):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif ch in "“”":
            quote = ch == "“"
        elif ch in seps and depth == 0 and not quote:
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, len(s)))
    return spans


def _top_level_find(s: str, needle: str) -> int:
    if needle not in s:  # the common case, without a character walk
        return -1
    if "（" not in s and "(" not in s:
        return s.find(needle)
    depth = 0
    for i, ch in enumerate(s):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and s.startswith(needle, i):
            return i
    return -1


def _raw_items(s: str, base: int) -> list[_Item]:
    """Split list text (simplified view, starting at document offset ``base``) into items."""
    s2 = s.replace("以及", "、 ")  # same length, so offsets hold
    items: list[_Item] = []
    for a, b in _top_level_split(s2, "、，,"):
        piece = s2[a:b]
        for a2, b2 in _split_and(piece):
            chunk = piece[a2:b2]
            start = a + a2 + len(chunk) - len(chunk.lstrip())
            end = a + b2 - (len(chunk) - len(chunk.rstrip()))
            if start >= end:
                continue
            # “六主”（A、B、C）: a label over a list in brackets → the bracketed names.
            label = re.fullmatch(r"“[^”]{1,8}”[（(](.*)[）)]", s[start:end])
            if label:
                inner_start = start + s[start:end].index(label.group(1))
                items.extend(_raw_items(label.group(1), base + inner_start))
                continue
            items.append(_Item(start=base + start, end=base + end, raw=s[start:end]))
    return items


def _split_and(piece: str) -> list[tuple[int, int]]:
    """Split one item at 和/与 when both sides are names (合温高速诸暨段和甬金高速) or the left side is
    a bare word sharing the right side's ending (越城和嵊州通用机场, 柯桥和诸暨段)."""
    for sep in ("和", "与", "及"):
        k = _top_level_find(piece, sep)
        if k <= 0:
            continue
        left, right = display_name(piece[:k]), display_name(piece[k + 1 :])
        right = _LIST_TAIL.sub("", right) if len(right) > 6 else right  # …绍诸市域铁路规划研究
        if not right:
            continue
        rest = [(k + 1 + a, k + 1 + b) for a, b in _split_and(piece[k + 1 :])]
        if sep != "及" and _is_bare(left) and _shareable(_suffix_to_share(right, left)):
            return [(0, k), *rest]
        if _ends_complete(left) and is_project_name(left) and is_project_name(right) and len(right) >= 4:
            # 及 mostly joins the parts of one work (枢纽及接线工程, 排涝泵站及配套河道拓浚工程):
            # it splits only two works of a physical class (杭诸市域铁路及绍诸市域铁路).
            if sep != "及" or (_strong(left) and _strong(right)):
                return [(0, k), *rest]
    return [(0, len(piece))]


def _strong(name: str) -> bool:
    head = _head_of(name)
    return head is not None and head.group(0) not in WEAK_HEADS


def _shareable(suffix: str | None) -> bool:
    """A suffix bare items may take: a physical class word or a section, not a quoted description
    (珍珠小镇、西施故里“一江两岸”文旅项目 share nothing)."""
    if not suffix or "“" in suffix:
        return False
    head = _HEAD_RE.search(suffix)
    return bool(re.search(r"段|交界处", suffix)) or (head is not None and head.group(0) not in WEAK_HEADS)


def _complete_items(items: list[_Item], and_split_at: int | None) -> list[_Item]:
    """Fill in shared parts: suffixes to the bare items before them, bases to sections after them,
    and a work tail (扩容改造项目) to the bare roads that follow a 和."""
    # Shared suffixes: 诸嵊、诸义高速 / S309柯桥、上虞和诸暨段.
    for i, it in enumerate(items):
        if not _is_bare(it.name):
            continue
        for donor in items[i + 1 :]:
            dbare = _CODE_RE.sub("", donor.name)
            suffix = _suffix_to_share(dbare, _CODE_RE.sub("", it.name))
            if _ends_complete(dbare) and _shareable(suffix):
                it.suffix = suffix
                it.donor_end = donor.end
                break
            if not _is_bare(donor.name):
                break
    # Sections inherit the work before them: 104国道东湖至蒿坝段、钱清至柯岩段.
    prefix: str | None = None
    for it in items:
        if _is_continuation(it.name) and prefix:
            it.prefix = prefix
        prefix = _base_prefix(it.name) or prefix
    # 和甬金高速、诸永高速、上三高速扩容改造项目: the tail is shared by the roads after the 和.
    if and_split_at is not None and len(items) - and_split_at >= 2:
        last = items[-1].name
        tail = _WORK_TAIL.search(last)
        if tail and _head_of(last[: tail.start()]) is not None:
            for it in items[and_split_at:-1]:
                h = _head_of(it.name)
                if h is not None and h.end() == len(it.name) and h.group(0) not in WEAK_HEADS:
                    it.suffix = tail.group(0)
                    it.donor_end = items[-1].end
    return items


_INVEST_PREFIX = re.compile(r"^\s*总?投资\s*(?:约|近|超)?\s*(\d+(?:\.\d+)?)\s*(万亿元|亿元|万元)\s*的")
_INVEST_PAREN = re.compile(
    r"[（(][^（）()]*?总?投资\s*(?:约|近|超)?\s*(\d+(?:\.\d+)?)\s*(万亿元|亿元|万元)(?P<rest>[^（）()]*)[）)]\s*$"
)


def _strip_item(it: _Item) -> _Item:
    """Investment written into the item, a stage word in front, a list tail behind."""
    m = _INVEST_PREFIX.match(it.raw)
    if m:
        it.investment, it.investment_unit = Decimal(m.group(1)), m.group(2)
        it.cut_front(m.end())
    m = _INVEST_PAREN.search(it.raw)
    if m:
        it.investment, it.investment_unit = Decimal(m.group(1)), m.group(2)
        years = _YEAR_RANGE.search(m.group("rest"))
        if years:
            it.start_year, it.end_year = int(years.group(1)), int(years.group(2))
        it.cut_back(len(it.raw) - m.start())
    m = re.match(r"(在建|新建|续建|拟建)(?=.{3,})", it.raw)
    if m:
        it.stage = m.group(1)
        it.cut_front(m.end())
    m = re.search(r"[（(](谋划|新建|续建|在建|前期)[）)]\s*$", it.raw)
    if m:
        it.stage = m.group(1)
        it.cut_back(len(it.raw) - m.start())
    for pattern in (_LIST_TAIL, re.compile(r"(?:可行性研究|选址)\s*$")):
        m = pattern.search(it.raw)
        if m and m.start() >= 3:
            if _EARLY_STAGE.search(m.group(0)):
                it.stage = "前期"
            it.cut_back(len(it.raw) - m.start())
    return it


@dataclass
class _Segment:
    start: int  # offsets into the sentence
    end: int
    stage: str | None
    build: bool
    verb_end: int


@memo
def _stage_of(verb: str) -> str | None:
    return next((st for rx, st in _BUILD_STAGE if rx.fullmatch(verb)), None)


def _segments(sentence: str) -> Iterator[_Segment]:
    """Clauses that start at a verb: its stage, whether it builds, and where its object begins."""
    found: list[list] = []  # [start, verb_end, stage, build]
    for m in _VERB_RE.finditer(sentence):
        i = m.start()
        stage = None
        build = bool(m.group("build"))
        if build:
            stage = _stage_of(m.group("build"))
        if found and found[-1][1] == i:  # a verb chain (谋划推动, 优化建设): one verb
            found[-1][1] = m.end()
            found[-1][2] = found[-1][2] or stage
            found[-1][3] = found[-1][3] or build
            continue
        if i > 0 and not m.group("adv") and sentence[i - 1] not in _BOUNDARY_BEFORE:
            continue
        found.append([i, m.end(), stage, build])
    for k, (i, j, stage, build) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(sentence)
        yield _Segment(i, end, stage, build, j)


def _list_of(content: str, build: bool) -> tuple[str, str, bool] | None:
    """(list text, tail, closed by 等) of a verb's object, or None when it governs no build."""
    deng = _top_level_find(content, "等")
    commas = [k for k in (_top_level_find(content, "，"), _top_level_find(content, ",")) if k >= 0]
    comma = min(commas, default=-1)
    if not build:
        k = _top_level_find(content, "建设")
        stops = [x for x in (deng, comma) if x >= 0]
        if k <= 0 or (stops and min(stops) < k) or content[k + 2 : k + 4] in ("工程", "项目"):
            return None
        return content[:k], content[k:], False
    content = re.sub(r"(?:以及|及|和|与|并|、)\s*$", "", content)
    if deng > 0:
        return content[:deng], content[deng:], True
    if comma >= 0 and not _CODE_RE.match(content[comma + 1 :].strip()):
        return content[:comma], content[comma:], False
    return content, "", False


def _prose_items(sentence: str, base: int) -> Iterator[tuple[_Item, bool]]:
    """Items named in one sentence (at document offset ``base``) with whether each sits in a list
    the text calls projects."""
    previous: list[_Item] = []
    for seg in _segments(sentence):
        content = sentence[seg.verb_end : seg.end]
        listed = _list_of(content, seg.build)
        if listed is None:
            continue
        list_text, tail, closed = listed
        if not _may_name_work(list_text) and not (previous and _SECTION_WORD.search(list_text)):
            # No item here can name a work, nor take a section's base from the previous list: the
            # list leaves no base behind either (``_base_prefix`` needs a class word or a code).
            previous = []
            continue
        list_base = base + seg.verb_end
        marked = closed and bool(re.match(r"等(?:重点|重大|一批)?(?:项目|工程)", tail))
        stage = seg.stage
        if _EARLY_STAGE.search(tail[:12]) and (closed or tail.startswith("前期")):
            stage = "前期"
        for ci, (a, b) in enumerate(_top_level_split(list_text, "，,")):
            # A clause after a comma continues the list only when the list is closed by 等 after
            # it, or when it opens with a road code (…改建工程，527国道嵊州城区段北移、…).
            if ci > 0 and not closed and not _CODE_RE.match(list_text[a:b].strip()):
                break
            raw = _raw_items(list_text[a:b], list_base + a)
            if not raw:
                continue
            and_at = _and_index(sentence, raw, base)
            items = [_strip_item(it) for it in raw]
            if items[-1].stage == "前期":  # 诸嵊高速、诸建高速前期研究: the tail closes the whole list
                for it in items[:-1]:
                    it.stage = it.stage or "前期"
            lead = previous[-1:]
            items = _complete_items(lead + items, None if and_at is None else and_at + len(lead))[len(lead) :]
            ok = [is_project_name(it.name, relaxed=marked or it.investment is not None) for it in items]
            if ci > 0 and not all(ok):
                break
            if ci == 0 and not closed and not ok[-1]:
                break
            for it, good in zip(items, ok, strict=True):
                if good:
                    it.stage = it.stage or stage
                    yield it, marked
            previous = items[-1:]


# A list before its verb: 西施故里“一江两岸”文化旅游项目、枫桥古镇开发项目等开工建设.
_POST_VERBS = ("开工建设", "开工", "建成通车", "建成投用", "建成投运", "建成", "竣工", "投入使用", "投用", "投产", "完工")
_POST_VERB = re.compile(
    r"(?:等(?:一批)?(?:重点|重大)?(?:项目|工程)?)?(?:已|顺利|相继|先后|均|全面|陆续)?"
    rf"(?P<verb>{'|'.join(_POST_VERBS)})$"
)
_SECTION_WORD = re.compile(r"段|交界处")


def _post_verb_items(sentence: str, base: int) -> Iterator[_Item]:
    """Items of clauses that name their works first and the stage after (…等开工建设)."""
    for a, b in _top_level_split(sentence, "，,"):
        clause = sentence[a:b]
        if not clause.rstrip("\n").endswith(_POST_VERBS):  # the pattern ends the clause: skip its search
            continue
        m = _POST_VERB.search(clause)
        if not m or m.start() < 3 or any(True for _ in _segments(clause[: m.start()])):
            continue
        stage = "开工" if m.group("verb").startswith("开工") else "建成"
        raw = _raw_items(clause[: m.start()], base + a)
        items = _complete_items([_strip_item(it) for it in raw], _and_index(sentence, raw, base))
        for it in items:  # 开工建设 / 建成 after a list: only works start and finish
            if is_project_name(it.name, relaxed=True):
                it.stage = it.stage or stage
                yield it


def _and_index(sentence: str, items: list[_Item], base: int) -> int | None:
    """Index of the first item after a 和/与 in the list, if the list was split at one."""
    for k in range(1, len(items)):
        gap = sentence[items[k - 1].end - base : items[k].start - base]
        if "和" in gap or "与" in gap:
            return k
    return None


# A section marker opening a paragraph (1. / （一） / 二、): not part of the first sentence.
_MARKER = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[.．、](?!\d)|[一二三四五六七八九十]{1,3}、)\s*")


def _sentences(doc: SegmentedDoc) -> Iterator[tuple[int, str]]:
    simp = doc.document.simplified
    for p in doc.paragraphs:
        text = simp[p.start : p.end]
        m = _MARKER.match(text)
        begin = m.end() if m else 0
        for m in _SENTENCE_END.finditer(text + "。", begin):
            if m.start() > begin:
                yield p.start + begin, text[begin : m.start()]
            begin = m.end()


_BUILDER_AFTER = re.compile(
    rf"由([^，。；,由]{{2,40}}?{_ORG_TAIL})(?:负责|牵头|作为业主)?(?:投资)?(?:建设|承建|实施|负责建设|开发)"
)
_INVEST_AFTER = re.compile(
    r"^\s*(?:建设|工程|项目)?\s*[，,]?\s*(?:项目)?(?:计划)?总投资\s*(?:约|近|超)?\s*(\d+(?:\.\d+)?)\s*(万亿元|亿元|万元)"
)
# 由宁波舟山港集团有限公司投资建设的金塘港区大浦口集装箱码头，总投资35亿元，计划2026年建成
_BUILT_BY = re.compile(
    rf"由(?P<org>[^，。；,由]{{2,40}}?{_ORG_TAIL})(?:负责)?(?:投资)?(?:建设|承建|开发|实施)的(?P<name>[^，。；,的]{{3,40}})"
)
_PLANNED_END = re.compile(r"^[^。；]{0,30}?(?:计划|预计|力争)?(20\d{2})年(?:底前?)?(?:建成|完工|竣工|投用)")


def _may_name_work(sentence: str) -> bool:
    """Every project name has a class word, a road code or a line number (see ``_head_of``), all
    inside its sentence: two sentences in three have none, and the list parsing is skipped there."""
    return bool(_HEAD_RE.search(sentence) or ("号线" in sentence or _CODE_RE.search(sentence)))


def prose_projects(doc: SegmentedDoc) -> list[Project]:
    """Projects named in running text under a build verb."""
    text = doc.document.text
    out: list[Project] = []
    for s_start, sentence in _sentences(doc):
        if not _may_name_work(sentence):
            continue
        found = [it for it, _ in _prose_items(sentence, s_start)]
        found += list(_post_verb_items(sentence, s_start))
        for m in _BUILT_BY.finditer(sentence):
            it = _strip_item(_Item(start=s_start + m.start("name"), end=s_start + m.end("name"), raw=m.group("name")))
            if is_project_name(it.name) and not any(f.start <= it.start < f.end for f in found):
                it.builder = m.group("org")
                after = sentence[m.end("name") :]
                cost = _INVEST_AFTER.match(after)
                if cost:
                    it.investment, it.investment_unit = Decimal(cost.group(1)), cost.group(2)
                done = _PLANNED_END.match(after)
                if done:
                    it.end_year = int(done.group(1))
                found.append(it)
        for it in found:
            builder = it.builder
            if len(found) == 1 and builder is None:
                after = sentence[it.end - s_start :]
                m = _INVEST_AFTER.match(after)
                if m and it.investment is None:
                    it.investment, it.investment_unit = Decimal(m.group(1)), m.group(2)
                    years = _YEAR_RANGE.search(after[m.end() : m.end() + 30])
                    if years:
                        it.start_year, it.end_year = int(years.group(1)), int(years.group(2))
                m = _BUILDER_AFTER.search(sentence)
                if m:
                    builder = m.group(1)
            end = max(it.end, it.donor_end or it.end)
            name = display_name(it.prefix + text[it.start : it.end] + it.suffix)  # as written, not simplified
            out.append(
                Project(
                    name=name,
                    key=project_key(name),
                    stage=it.stage,
                    investment=it.investment,
                    investment_unit=it.investment_unit,
                    start_year=it.start_year,
                    end_year=it.end_year,
                    builder=builder,
                    prov=Provenance(
                        doc_id=doc.document.doc_id, section_id=doc.section_at(it.start).section_id,
                        quote=text[it.start : end], start=it.start, end=end,
                    ),
                )
            )
    return out


# --------------------------------------------------------------------------- headings and 专栏 entries

# A heading that announces a list of flagship works: its items' headings are projects.
_FLAGSHIP_PARENT = re.compile(r"标志性(?:工程|项目)|[一二三四五六七八九十百\d]+大.{0,8}(?:工程|项目)$")
# A 专栏 whose entries are facilities (高能级实验室发展重点): its run-in labels are projects.
_FACILITY_BOX = re.compile(r"实验室|医院|院区|设施|场馆|项目|工程")


def heading_projects(doc: SegmentedDoc) -> list[Project]:
    """Item headings under a flagship heading, and facility entries of 专栏 boxes."""
    text, simp = doc.document.text, doc.document.simplified
    by_id = {s.section_id: s for s in doc.sections}
    out: list[Project] = []
    for s in doc.sections:
        parent = by_id.get(s.parent_id) if s.parent_id else None
        if parent is None or s.kind not in ("part", "subpart", "item", "subitem", "heading"):
            continue
        if _FLAGSHIP_PARENT.search(simp[parent.heading_start : parent.heading_end]):
            name = display_name(s.heading.rstrip("。"))
            bare = re.sub(r"“[^”]*”", "", name)
            if re.search(r"(工程|项目)$", name) and len(name) >= 5 and not _NOT_A_NAME.search(bare):
                hs, he = s.heading_start, s.heading_start + len(s.heading.rstrip("。"))
                out.append(
                    Project(
                        name=name, key=project_key(name),
                        prov=Provenance(doc_id=doc.document.doc_id, section_id=s.section_id,
                                        quote=text[hs:he], start=hs, end=he),
                    )
                )
    boxes = [s for s in doc.sections if s.kind == "box" and _FACILITY_BOX.search(simp[s.heading_start : s.heading_end])]
    section_starts = {s.start for s in doc.sections}
    for p in doc.paragraphs:
        if p.start in section_starts or not any(b.start <= p.start < b.end for b in boxes):
            continue
        m = re.match(r"([^。；，,：:]{3,30})。", simp[p.start : p.end])
        if not m:
            continue
        it = _strip_item(_Item(start=p.start, end=p.start + m.end(1), raw=m.group(1)))
        head = _head_of(it.name)
        if head is None or head.group(0) in WEAK_HEADS or not is_project_name(it.name):
            continue
        out.append(
            Project(
                name=it.name, key=project_key(it.name), stage=it.stage,
                prov=Provenance(doc_id=doc.document.doc_id, section_id=p.section_id,
                                quote=text[it.start : it.end], start=it.start, end=it.end),
            )
        )
    return out


# ------------------------------------------------------------------------------------------- entry


def extract_projects(doc: SegmentedDoc) -> list[Project]:
    """Every project of a document: table rows first, then headings and box entries, then text.
    A road written once with its code (S20象山湾疏港高速公路) keeps the code's key where the same
    document writes its name alone (象山湾疏港高速公路)."""
    found = table_projects(doc) + heading_projects(doc) + prose_projects(doc)
    aliases: dict[str, str] = {}
    for p in found:
        variants = project_key_variants(p.name)
        whole_road = len(variants) == 2  # the key is the code alone: no section, no works
        if whole_road and variants[0] == p.key and _CODE_RE.match(clean_name(p.name)):
            local = variants[-1]
            if local != p.key and not _CODE_RE.match(local):
                aliases.setdefault(local, p.key)
    return [p.model_copy(update={"key": aliases[p.key]}) if p.key in aliases else p for p in found]


@dataclass(frozen=True)
class ProjectsExtractor:
    name: str = "projects"
    kinds: tuple[str, ...] = ("project",)

    def __call__(self, doc: SegmentedDoc, context: ExtractContext) -> list[Record]:
        return list(extract_projects(doc))


@register("projects")
def make_projects() -> ProjectsExtractor:
    return ProjectsExtractor()

"""Organisations: government bodies, party organs, companies, universities, hospitals, labs and
research institutes, found by their suffixes and checked at their left edge.

Rules, not a list of names, so they hold on unseen documents:

* **Government bodies** are a jurisdiction prefix (a division name, or a level marker 省/市/县/区)
  plus a function from :data:`GOV_FUNCTIONS` plus a body word (局, 委员会/委, 办公室/办, 厅, 中心):
  市交通运输局, 杭州市发改委, 省文化和旅游厅. Core bodies (市政府, 市人大常委会, 市政协, 市中级人民法院
  …) and task bodies (管委会, 专班, 领导小组, 推进工作委员会, 建管办) likewise.
* **Party organs**: (中共)市委 and its departments (市委宣传部, 市委人才办).
* **Companies** end in 有限公司 / 股份有限公司 / 集团; **universities** in 大学 / 学院;
  **hospitals** in 医院 / 院区 / 中医院 / 妇保院 (and 浙医一院-style abbreviations); **labs** in
  实验室; **research institutes** in 研究院 / 研究所. Their stem must start at a word boundary
  (a delimiter, a function word, a verb such as 依托/共建, a table cell's start, a division
  name) and must not be a generic modifier (省级医院, 重点实验室, 开放大学, 合资公司).
* Cells of 责任单位 / 牵头单位 / 建设单位 columns and “责任单位：…” lists are split with
  :func:`split_units`; every unit is an organisation.

**Identity.** ``key`` is the normalised name without the jurisdiction prefix; ``jurisdiction`` is
part of the identity. A body written with a level marker belongs to the document's own
jurisdiction at that level (市交通运输局 in the 诸暨 plan → 诸暨市; in a 绍兴 plan → 绍兴市); an
explicit prefix wins (杭州市交通运输局 → 杭州市, 省交投 → 浙江省). Abbreviated functions expand in
``full_name`` (发改局 → 发展和改革局, 经信局 → 经济和信息化局). 发展和改革局 (the county form) and
发展和改革委员会 (the city form) are the same function, one body per jurisdiction, so both get the
key 发展和改革委员会; ``full_name`` keeps the form the text used. Non-government organisations
keep a short-form place at their head as part of their name (浙江大学, 杭州电子科技大学: no
jurisdiction); with a full division name (诸暨市人民医院) the division is their jurisdiction and
is cut from the key, so 市人民医院 and 诸暨市人民医院 in the 诸暨 plan are one organisation.

>>> [(o.name, o.key, o.full_name, o.jurisdiction) for o in find_organisations("由市发改委、市财政局牵头", ("绍兴市", "330600"))]
[('市发改委', '发展和改革委员会', '发展和改革委员会', '绍兴市'), ('市财政局', '财政局', '财政局', '绍兴市')]
>>> split_units("市交通运输局、市发改局 开发委/各县（市、区）")
['市交通运输局', '市发改局', '开发委', '各县（市、区）']
>>> normalise_org("市人力社保局", "诸暨市")
('人力资源和社会保障局', '人力资源和社会保障局', 'government')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plangraph.extractors import ExtractContext, register
from plangraph.extractors.gazetteer import (
    DELIMITERS,
    FUNCTION_CHARS,
    GENERIC_STEMS,
    PRECEDING_WORDS,
    gazetteer,
    is_cjk,
    left_boundary,
)
from plangraph.memo import memo
from plangraph.schema import Organisation, Provenance, SegmentedDoc

__all__ = [
    "Org",
    "find_organisations",
    "split_units",
    "normalise_org",
    "org_jurisdiction",
    "GOV_FUNCTIONS",
    "make_organisations",
    "OrganisationsExtractor",
]

# ---------------------------------------------------------------- rule tables

# Government functions: (forms as written, longest first, → the full function name). A body is a
# function plus a body word; 发改局 = 发展和改革局, 人力社保局 = 人力资源和社会保障局.
GOV_FUNCTIONS: list[tuple[tuple[str, ...], str]] = [
    (("发展和改革", "发展改革", "发改"), "发展和改革"),
    (("经济和信息化", "经济信息化", "经信"), "经济和信息化"),
    (("交通运输", "交通"), "交通运输"),
    (("财政",), "财政"),
    (("教育体育", "教育和体育", "教体"), "教育体育"),  # county bureaus that merge education and sport
    (("教育",), "教育"),
    (("科学技术", "科技"), "科学技术"),
    (("公安",), "公安"),
    (("民政",), "民政"),
    (("司法",), "司法"),
    (("人力资源和社会保障", "人力资源社会保障", "人力社保", "人社"), "人力资源和社会保障"),
    (("自然资源和规划", "自然资源规划", "自规"), "自然资源和规划"),
    (("自然资源",), "自然资源"),
    (("生态环境",), "生态环境"),
    (("住房和城乡建设", "住房城乡建设", "住建"), "住房和城乡建设"),
    (("水利",), "水利"),
    (("农业农村",), "农业农村"),
    (("商务",), "商务"),
    (("文化广电旅游", "文化广电和旅游", "文化和广电旅游", "文广旅游", "文广旅"), "文化广电旅游"),
    (("文化和旅游", "文旅"), "文化和旅游"),  # the provincial 厅 and some cities
    (("卫生健康", "卫健"), "卫生健康"),
    (("退役军人事务",), "退役军人事务"),
    (("应急管理",), "应急管理"),
    (("审计",), "审计"),
    (("国有资产监督管理", "国资"), "国有资产监督管理"),
    (("市场监督管理", "市场监管"), "市场监督管理"),
    (("统计",), "统计"),
    (("医疗保障", "医保"), "医疗保障"),
    (("综合行政执法", "综合执法"), "综合行政执法"),
    (("大数据发展管理", "大数据"), "大数据发展管理"),
    (("政务服务管理", "政务服务"), "政务服务管理"),
    (("金融工作", "金融"), "金融工作"),
    (("机关事务管理",), "机关事务管理"),
    (("信访",), "信访"),
    (("人民防空", "人防"), "人民防空"),
    (("粮食和物资储备",), "粮食和物资储备"),
    (("林业",), "林业"),
    (("城市管理", "城管"), "城市管理"),
    (("体育",), "体育"),
    (("气象",), "气象"),
    (("税务",), "税务"),
    (("外事",), "外事"),
    (("招商投促", "投资促进"), "招商投促"),
    (("商务和投资促进",), "商务和投资促进"),
    (("文物",), "文物"),
    (("港航管理", "港航"), "港航管理"),
]

# Body words after a function, longest first, with their full form.
_BODY_WORDS: list[tuple[str, str]] = [
    ("委员会", "委员会"), ("办公室", "办公室"), ("管理局", "管理局"), ("分局", "分局"), ("局", "局"),
    ("委", "委员会"), ("办", "办公室"), ("厅", "厅"), ("中心", "中心"),
]

# Functions whose 局 and 委员会 are the same body (a county's 发改局 is a city's 发改委).
_SAME_BODY = {"发展和改革": "委员会"}

# Core bodies of a jurisdiction (need a prefix): (written, key, type).
_CORE: list[tuple[str, str, str]] = [
    ("国务院办公厅", "国务院办公厅", "government"),
    ("国务院", "国务院", "government"),
    ("党中央", "中共中央委员会", "party"),
    ("人民代表大会常务委员会办公室", "人民代表大会常务委员会办公室", "government"),
    ("人大常委会办公室", "人民代表大会常务委员会办公室", "government"),
    ("人大常委会", "人民代表大会常务委员会", "government"),
    ("人大", "人民代表大会", "government"),
    ("政协办公室", "政治协商会议委员会办公室", "government"),
    ("政协", "政治协商会议委员会", "government"),
    ("人民政府办公室", "人民政府办公室", "government"),
    ("政府办公室", "人民政府办公室", "government"),
    ("人民政府", "人民政府", "government"),
    ("政府", "人民政府", "government"),
    ("中级人民法院", "中级人民法院", "government"),
    ("中级法院", "中级人民法院", "government"),
    ("人民法院", "人民法院", "government"),
    ("人民检察院", "人民检察院", "government"),
    ("检察院", "人民检察院", "government"),
    ("监委", "监察委员会", "government"),
    ("纪委", "纪律检查委员会", "party"),
    ("军分区", "军分区", "government"),
]

# Party organs: 市委 + department.
_PARTY_DEPTS: list[tuple[str, str]] = [
    ("宣传部", "宣传部"), ("组织部", "组织部"), ("统战部", "统一战线工作部"), ("统一战线工作部", "统一战线工作部"),
    ("政法委员会", "政法委员会"), ("政法委", "政法委员会"), ("人才工作领导小组办公室", "人才工作领导小组办公室"),
    ("人才办", "人才工作领导小组办公室"), ("网信办", "网络安全和信息化委员会办公室"),
    ("编办", "机构编制委员会办公室"), ("改革办", "全面深化改革委员会办公室"), ("农办", "农村工作领导小组办公室"),
    ("社会工作部", "社会工作部"), ("社工部", "社会工作部"), ("外办", "外事工作委员会办公室"),
    ("办公室", "办公室"),
]

# Named bodies by suffix (stem + suffix): task forces, committees, management offices.
_TASK_SUFFIXES = ("推进工作委员会", "工作委员会", "领导小组办公室", "领导小组", "管理委员会", "管委会", "专班",
                  "指挥部", "建管办", "开发委", "工作专班")

# Organisation suffixes by type, longest first.
_SUFFIXES: list[tuple[str, str]] = [
    ("股份有限公司", "company"), ("有限责任公司", "company"), ("有限公司", "company"), ("集团", "company"),
    ("职业技术学院", "university"), ("职业大学", "university"), ("技师学院", "university"), ("大学", "university"),
    ("学院", "university"), ("校区", "university"),
    ("中医院", "hospital"), ("妇保院", "hospital"), ("医院", "hospital"), ("院区", "hospital"),
    ("实验室", "research"), ("研究院", "research"), ("研究所", "research"), ("科学院", "research"),
    ("银行", "company"),
    ("工商联", "association"), ("同学会", "association"),
]

# Stems that make no name with these suffixes.
_GENERIC_ORG_STEMS = GENERIC_STEMS | frozenset(
    """合资 子 平台 强村 片区强村 上市 国有 民营 外资 投资 开放 现代产业 县域产业 国家级现代产业 省重点支持现代产业
    职业 三甲 公立 专科 牵头 研究型 定点 城市三甲 在杭三甲 高精尖专科 企业 共建 省级企业 省级重点 重点
    国际联合 联合 新型 一流 高等 普通 特色 示范 龙头 头部 链主 伙伴 集团化 骨干 高校 院校 名校 相关
    在绍 在杭 在沪 市县 县级强 医学 中医 西医 综合 全国重点 国家重点 无废 国际 工程 技术""".split()
)

# Hospitals abbreviated by university and number (浙医一院, 浙大二院).
_HOSPITAL_ABBR = re.compile(r"浙[医大][一二三四五六七八九]院")

_MARKERS = "省市县区镇乡"
# Functions whose 中心 is a government office (elsewhere 中心 is a place or a facility).
_CENTRE_FUNCTIONS = ("大数据", "招商投促", "投资促进", "政务服务", "公共资源交易")
_CJK = r"\u4e00-\u9fff"


@dataclass(frozen=True)
class Org:
    """An organisation found in a text (before it becomes a record)."""

    start: int
    end: int
    name: str
    key: str
    full_name: str | None
    org_type: str
    jurisdiction: str | None = None
    jurisdiction_adcode: str | None = None


# ---------------------------------------------------------------- public helpers


def split_units(text: str) -> list[str]:
    """Split a responsible-unit cell into units: on 、，,；;/ and spaces, never inside brackets;
    trailing role words (牵头, 负责, 配合) go.

    >>> split_units("市经信局，市发改局；市招商投促中心")
    ['市经信局', '市发改局', '市招商投促中心']
    >>> split_units("市发改委牵头")
    ['市发改委']
    """
    parts: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and (ch in "、，,；;/／\n\t" or ch.isspace()):
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    out = []
    for p in parts:
        p = re.sub(r"^[\u4e00-\u9fff]{0,4}单位\s*[:：]", "", p.strip())  # 配合单位：…
        p = re.sub(r"(?:等)?(?:牵头|负责|配合|参与|协助|按职责分工负责)$", "", p.strip())
        if p:
            out.append(p)
    return out


def normalise_org(name: str, jurisdiction: str | tuple[str, str] | None = None) -> tuple[str, str | None, str]:
    """(key, full_name, org_type) for an organisation name as written. ``jurisdiction`` is the
    document's (used only to recognise its own name as a prefix).

    >>> normalise_org("市发改局")
    ('发展和改革委员会', '发展和改革局', 'government')
    >>> normalise_org("杭州市交通运输局")
    ('交通运输局', '交通运输局', 'government')
    >>> normalise_org("市委人才办")
    ('人才工作领导小组办公室', '人才工作领导小组办公室', 'party')
    >>> normalise_org("诸暨市人民医院")
    ('人民医院', None, 'hospital')
    >>> normalise_org("浙江大学")
    ('浙江大学', None, 'university')
    """
    prefix, rest, kind = _split_prefix(name)
    if prefix and not _clean(rest) and kind in ("township", "division"):
        return "人民政府", None, "government"  # a township or county as a unit: its government
    org_type, key, full = _classify_body(rest)
    if org_type is None:
        # not a government/party body: keep short-form places as part of the name
        org_type = _type_by_suffix(name)
        prefix, rest2, kind = _split_prefix(name, full_only=True)
        key = _clean(rest2 if prefix else name)
        full = None
    return key, full, org_type


def org_jurisdiction(name: str, doc_jurisdiction: tuple[str, str] | None) -> tuple[str | None, str | None]:
    """(place name, adcode) an organisation belongs to: its explicit prefix, else the document's
    jurisdiction at the level its marker names (市/县/区/省), else — for a government body written
    with no prefix at all — the document's own; None for national bodies and for companies,
    universities and the like without a prefix.

    >>> org_jurisdiction("市交通运输局", ("诸暨市", "330681"))
    ('诸暨市', '330681')
    >>> org_jurisdiction("省交投浙中专班", ("诸暨市", "330681"))
    ('浙江省', '330000')
    >>> org_jurisdiction("杭州市交通运输局", ("诸暨市", "330681"))
    ('杭州市', '330100')
    """
    g = gazetteer()
    if name.startswith(("国务院", "党中央", "中共中央", "国家", "全国", "中央")):
        return None, None
    prefix, rest, kind = _split_prefix(name)
    gov_type, _, _ = _classify_body(rest)
    is_gov = gov_type is not None or _type_by_suffix(name) == "government"
    if kind == "division":
        d = g.resolve(prefix, doc_jurisdiction[1] if doc_jurisdiction else None)
        if d is None:
            return None, None
        if not is_gov and prefix == d.name[: len(prefix)] and prefix != d.name:
            return None, None  # a short form heading a proper name (浙江大学)
        return d.name, d.adcode
    if kind == "township":
        return prefix, None
    if kind == "marker":
        return _marker_jurisdiction(prefix, doc_jurisdiction)
    if kind == "national":
        return None, None
    if is_gov and doc_jurisdiction:
        return doc_jurisdiction
    return None, None


# ---------------------------------------------------------------- internals


@memo
def _clean(s: str) -> str:
    return re.sub(r"[“”\"'‘’\s]", "", s)


@memo
def _split_prefix(name: str, full_only: bool = False) -> tuple[str, str, str]:
    """(prefix, rest, kind) with kind one of division / marker / township / national / ''."""
    g = gazetteer()
    s = name
    for nat in ("中共中央", "全国", "国家", "中央"):
        if s.startswith(nat) and len(s) > len(nat):
            return nat, s[len(nat):], "national"
    if s.startswith(("国务院", "党中央")):
        return "", s, "national"
    s2 = s[2:] if s.startswith("中共") else s
    # longest division name at the head (full names; short forms unless full_only)
    for n in range(min(9, len(s2) - 1), 1, -1):
        head = s2[:n]
        entries = g.forms.get(head)
        if not entries:
            continue
        if full_only and not any(k == "full" for _, k in entries):
            continue
        if any(k in ("full", "short") for _, k in entries):
            return head, s2[n:], "division"
    # a township unit (次坞镇)
    m = re.match(rf"[{_CJK}]{{1,4}}(?:镇|乡|街道)", s2)
    if m and g.townships(m.group(0)):
        return m.group(0), s2[m.end():], "township"
    if s2[:1] in _MARKERS and len(s2) > 1:
        return s2[0], s2[1:], "marker"
    return "", s2, ""


def _marker_jurisdiction(marker: str, doc: tuple[str, str] | None) -> tuple[str | None, str | None]:
    if doc is None:
        return None, None
    g = gazetteer()
    chain = g.chain(doc[1])
    if marker == "省":
        prov = [d for d in chain if d.level == "province"]
        return (prov[0].name, prov[0].adcode) if prov else (None, None)
    for d in chain:
        if d.name.endswith(marker) and (marker != "市" or d.level != "province"):
            return d.name, d.adcode
    if marker == "市" and chain and chain[0].level == "province" and chain[0].name.endswith("市"):
        return chain[0].name, chain[0].adcode  # 北京市 …
    return None, None


_FUNCTIONS_BY_FIRST: dict[str, list[tuple[str, str]]] = {}  # a function's written forms by first character
for _forms, _full in GOV_FUNCTIONS:
    for _f in _forms:
        _FUNCTIONS_BY_FIRST.setdefault(_f[:1], []).append((_f, _full))


def _function_at(s: str) -> tuple[str, str] | None:
    """(written function, full function) at the start of s, longest first."""
    best = None
    for f, full in _FUNCTIONS_BY_FIRST.get(s[:1], ()):
        if s.startswith(f) and (best is None or len(f) > len(best[0])):
            best = (f, full)
    return best


def _classify_body(rest: str) -> tuple[str | None, str, str | None]:
    """For the name without its prefix: (type, key, full_name) when it is a government or party
    body, else (None, rest, None)."""
    r = _clean(rest)
    if r.startswith("委") and len(r) > 1:  # 市委宣传部 → 委 + 宣传部
        for written, full in _PARTY_DEPTS:
            if r[1:] == written:
                return "party", full, full
        inner = _classify_body(r[1:])
        if inner[0] == "government":
            return "party", "党委" + inner[1], inner[2] and "党委" + inner[2]
    if r == "委":
        return "party", "中共委员会", "中共委员会"
    for written, key, typ in _CORE:
        if r == written:
            return typ, key, key
    f = _function_at(r)
    if f is not None:
        written, function = f
        tail = r[len(written):]
        for bw, bw_full in _BODY_WORDS:
            if tail == bw:
                full = function + bw_full
                key = function + _SAME_BODY.get(function, bw_full if bw_full != "管理局" else "局")
                if bw_full in ("委员会", "局") and function in _SAME_BODY:
                    key = function + _SAME_BODY[function]
                return "government", key, full
    for suf in _TASK_SUFFIXES:
        if r.endswith(suf) and len(r) > len(suf) - (1 if suf == "开发委" else 0):
            return "government", r, None
    return None, r, None


def _type_by_suffix(name: str) -> str:
    n = _clean(name)
    if _HOSPITAL_ABBR.fullmatch(n):
        return "hospital"
    for suf in _TASK_SUFFIXES:
        if n.endswith(suf):
            return "government"
    for suf, typ in _SUFFIXES:
        if n.endswith(suf):
            return typ
    if re.search(r"(?:局|委|办|厅|中心|部|政府)$", n):
        return "government"
    if re.search(r"(?:镇|乡|街道)$", n):
        return "government"
    return "other"


# -- finding


_FUNCTION_ALT = "|".join(sorted({f for forms, _ in GOV_FUNCTIONS for f in forms}, key=len, reverse=True))
_BODY_ALT = "委员会|办公室|管理局|分局|局|委|办|厅|中心"
_GOV_RE = re.compile(rf"(?:{_FUNCTION_ALT})(?:{_BODY_ALT})(?![{_CJK}]{{0,1}}(?:长|主任|书记|工作|会议))")
_CORE_ALT = "|".join(sorted({w for w, _, _ in _CORE}, key=len, reverse=True))
_CORE_RE = re.compile(rf"(?:委(?:{'|'.join(w for w, _ in _PARTY_DEPTS)})?|{_CORE_ALT})")
# National bodies named without a prefix.
_NATIONAL_RE = re.compile(r"国务院办公厅|国务院|党中央|全国人大常委会|全国人大|全国政协")
_SUFFIX_RE = re.compile(
    "(?:" + "|".join(sorted({s for s, _ in _SUFFIXES} | set(_TASK_SUFFIXES), key=len, reverse=True)) + ")(?![校生])"
)
# A stem ending so is a description, not a name (省级医院, 城市三甲医院, 省级企业研究院).
_GENERIC_STEM_ENDS = ("级", "相关", "类", "型", "三甲", "专科", "公立", "定点", "牵头", "企业", "知名", "一流")
_GENERIC_STEM_STARTS = ("全市", "全省", "全县", "全区", "全国各", "各级", "各类", "各地", "一批", "若干")
# Stems that name nothing without their place (人民医院 is 诸暨市人民医院 or 市人民医院).
_NEEDS_PLACE = re.compile(r"(?:第[一二三四五六七八九十]+)?人民|中|妇幼保健|妇保|儿童|肿瘤|妇产科|技师|职业技术|中心")
# Functions written inside a stem make it a phrase, not a name (在绍设立研究院).
_STEM_FUNCTION_CHARS = set("等与和及或的在为将把由从向对以并")
# Suffixes a bare level marker may name (市中医院, 市工商联).
_MARKER_STEM_OK = ("中医院", "妇保院", "工商联", "同学会", "人民医院", "医院")
_COMPANY = ("股份有限公司", "有限责任公司", "有限公司", "集团", "银行")


def find_organisations(text: str, doc_jurisdiction: tuple[str, str] | None = None) -> list[Org]:
    """Organisations in a simplified-script text, left to right.

    >>> [o.name for o in find_organisations("与南华大学、温州医科大学等高校院所共建研究院")]
    ['南华大学', '温州医科大学']
    """
    found: list[Org] = []
    # 1. government bodies by function
    for m in _GOV_RE.finditer(text):
        if m.group(0).endswith("中心") and not m.group(0).startswith(_CENTRE_FUNCTIONS):
            continue  # 金融中心 is a district, 大数据中心 an office
        s = _prefix_start(text, m.start())
        if s is None:
            continue
        if s == m.start() and m.start() >= 2 and text[m.start() - 1] == "委" and text[m.start() - 2] in "省市县区":
            s = m.start() - 2  # 市委科技委员会: a committee of the party committee
        found.append(_make(text, s, m.end(), doc_jurisdiction))
    # 2. core bodies and party organs after a marker or a division (市政府, 绍兴军分区, 市委宣传部)
    for m in _CORE_RE.finditer(text):
        if text[m.end() - 1] == "委" and text[m.end() : m.end() + 1] == "员":
            continue  # 市委员会 is not 市委
        s = _core_start(text, m.start())
        if s is None:
            continue
        found.append(_make(text, s, m.end(), doc_jurisdiction))
    for m in _NATIONAL_RE.finditer(text):
        if left_boundary(text, m.start()):
            found.append(_make(text, m.start(), m.end(), doc_jurisdiction))
    # 3. suffix-named organisations
    for m in _SUFFIX_RE.finditer(text):
        org = _by_suffix(text, m.start(), m.end(), found, doc_jurisdiction)
        if org is not None:
            found.append(org)
    for m in _HOSPITAL_ABBR.finditer(text):
        if left_boundary(text, m.start()):
            found.append(_make(text, m.start(), m.end(), doc_jurisdiction))
    return _merge(text, found, doc_jurisdiction)


def _core_start(text: str, cstart: int) -> int | None:
    """Start of a core body's name: a level marker or a division name right before the core word
    (市政府, 绍兴军分区, 中共绍兴市委); a long core word in a list may stand alone (，中级法院，)."""
    g = gazetteer()
    if cstart > 0 and text[cstart - 1] in "省市县区":
        s = cstart - 1
        # 绍兴市委: the marker is the division's own suffix
        for n in (8, 7, 6, 5, 4, 3, 2):
            if s + 1 - n >= 0 and text[s + 1 - n : s + 1] in g.forms and any(k == "full" for _, k in g.forms[text[s + 1 - n : s + 1]]):
                s = s + 1 - n
                break
    else:
        s = None
        for n in (8, 7, 6, 5, 4, 3, 2):
            if cstart - n >= 0 and text[cstart - n : cstart] in g.forms:
                if any(k in ("full", "short") for _, k in g.forms[text[cstart - n : cstart]]):
                    s = cstart - n
                    break
        if s is None:
            # a long core word alone in a list of bodies (，中级法院，)
            word = _CORE_RE.match(text, cstart)
            if word and word.group(0) in ("中级法院", "中级人民法院", "人民检察院") and cstart > 0 and text[cstart - 1] in DELIMITERS:
                return cstart
            return None
    if text.startswith("中共", s - 2):
        s -= 2
    if left_boundary(text, s) or (s > 0 and text[s - 1] in "委"):
        return s
    return None


def _prefix_start(text: str, fstart: int, marker_at: int | None = None) -> int | None:
    """Where a government body's name starts: at a division prefix, a level marker or the function
    itself; None when the text before makes it part of another word."""
    g = gazetteer()
    if marker_at is not None:
        s = marker_at
    else:
        s = fstart
        if s > 0 and text[s - 1] in _MARKERS:
            # 市场监管局 begins with 市 itself; a marker is a 市 before the function
            s -= 1
    # a division name before the marker/function (杭州市交通运输局, 诸暨科技城 …)
    for n in range(8, 1, -1):
        if s - n >= 0 and text[s - n : s] in g.forms:
            entries = g.forms[text[s - n : s]]
            if any(k in ("full", "short") for _, k in entries) and left_boundary(text, s - n):
                return s - n
    if text.startswith("中共", s - 2):
        s -= 2
    for nat in ("国家", "全国", "中央"):
        if text.startswith(nat, s - len(nat)):
            s -= len(nat)
            break
    if left_boundary(text, s) or (s > 0 and text[s - 1] in "委"):
        return s
    return None


def _by_suffix(text: str, h0: int, h1: int, found: list[Org], doc_jurisdiction) -> Org | None:
    suffix = text[h0:h1]
    after = text[h1 : h1 + 8]
    if suffix == "集团" and (after[:1] in ("化",) or re.match(r"[\u4e00-\u9fff]{0,4}有限", after)):
        return None  # 集团化; 安徽省投资集团控股有限公司 is read at its 有限公司
    ends = {o.end for o in found}
    # the stem: scan back over name characters (Chinese, Latin, digits, brackets, quotes)
    j = h0
    depth = 0
    limit = 24
    while j > 0 and h0 - j < limit:
        ch = text[j - 1]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (ch in DELIMITERS and ch not in "“”") :
            break
        elif depth == 0 and not (is_cjk(ch) or ch.isalnum() or ch in "“”"):
            break
        j -= 1
        if j in ends:
            break
    run_start = j
    if text[run_start:h0].startswith("“") and text[h1:h1 + 1] == "”":
        return None  # “无废集团”: a quoted concept
    prev_org = run_start in ends
    if suffix in _COMPANY:
        # a company's name holds verbs (建设, 投资, 开发): take the whole run after the last
        # function word, less leading verbs
        stem_start = run_start
        for k in range(h0 - 1, run_start - 1, -1):
            if text[k] in FUNCTION_CHARS and _balanced(text[k + 1 : h0]):
                stem_start = k + 1
                break
        while text[stem_start : stem_start + 2] in PRECEDING_WORDS and h0 - stem_start > 3:
            stem_start += 2
        stem = text[stem_start:h0]
        if _org_stem_ok(stem, suffix, prev_org and stem_start == run_start):
            return _make(text, stem_start, h1, doc_jurisdiction)
        return None
    if "全国重点" in text[run_start:h0] or "国家重点" in text[run_start:h0]:
        # national key labs have long official names (深部金属矿智能开采与装备全国重点实验室)
        long_start = _first_boundary(text, run_start, h0, ends)
        return _make(text, long_start, h1, doc_jurisdiction) if long_start is not None else None
    if suffix in _TASK_SUFFIXES:
        # a task body is named from its jurisdiction on (浙江省推进长三角一体化发展工作领导小组)
        g = gazetteer()
        for k in range(run_start, h0 - 1):
            for n in (5, 4, 3, 2):
                head = text[k : k + n]
                if head in g.forms and any(kind == "full" for _, kind in g.forms[head]) and left_boundary(text, k, ends):
                    return _make(text, k, h1, doc_jurisdiction)
    sub_unit_suffix = suffix in ("校区", "院区")
    g = gazetteer()
    # other organisations: the shortest stem whose start is a boundary
    for start in range(h0 - 1, run_start - 1, -1):
        stem = text[start:h0]
        if not stem or stem[0] in FUNCTION_CHARS or stem[0] in "“”（）()":
            continue
        if not _balanced(stem) or not _left_ok(text, start, ends, run_start, places=not sub_unit_suffix):
            continue
        if not _org_stem_ok(stem, suffix, start in ends and start == run_start):
            continue
        if _NEEDS_PLACE.fullmatch(_clean(stem)):
            continue
        return _make(text, start, h1, doc_jurisdiction)
    return None


def _first_boundary(text: str, run_start: int, h0: int, ends: set[int]) -> int | None:
    """The run's start less leading verbs and modifiers (高水平建设深部… → 深部…)."""
    k = run_start
    moved = True
    while moved and k < h0 - 2:
        moved = False
        for w in (3, 2):
            if text[k : k + w] in PRECEDING_WORDS or text[k : k + w] in GENERIC_STEMS or text[k : k + w] == "高水平":
                k += w
                moved = True
                break
    stem = text[k:h0]
    if k >= h0 - 1 or stem in GENERIC_STEMS or stem in _GENERIC_ORG_STEMS or stem in ("全国重点", "国家重点"):
        return None
    return k


def _balanced(s: str) -> bool:
    return s.count("（") + s.count("(") == s.count("）") + s.count(")") and s.count("“") == s.count("”")


def _left_ok(text: str, start: int, ends: set[int], run_start: int, places: bool = True) -> bool:
    g = gazetteer()
    # a place name is a word start (余杭区之江实验室 is named from 余杭区 on)
    for n in (4, 3, 2) if places else ():
        head = text[start : start + n]
        if head in g.forms and any(
            k == "full" or (k == "short" and g.divisions[c].level != "county") for c, k in g.forms[head]
        ):
            return True
    if start == run_start:
        prev = text[start - 1] if start > 0 else ""
        return start == 0 or prev in DELIMITERS or prev in FUNCTION_CHARS or not is_cjk(prev) or start in ends or left_boundary(text, start)
    return left_boundary(text, start, ends)


def _org_stem_ok(stem: str, suffix: str, sub_unit: bool = False) -> bool:
    """Is ``stem`` a name for ``suffix``? ``sub_unit``: it follows another organisation's name
    (温州医科大学药学院), so one character is enough."""
    s = _clean(stem)
    if not s or not _balanced(stem):
        return False
    if len(s) == 1:
        return sub_unit or (s in _MARKERS and suffix in _MARKER_STEM_OK)
    if s in ("全国", "中国") and suffix in ("工商联",):
        return True
    outside = re.sub(r"（[^）]*）|“[^”]*”", "", stem)
    if suffix not in _COMPANY and not sub_unit and any(ch in outside for ch in _STEM_FUNCTION_CHARS):
        return False
    if s.startswith(_GENERIC_STEM_STARTS):
        return False
    if suffix not in _COMPANY + _TASK_SUFFIXES and len(s) > 2 and s[-2:] in PRECEDING_WORDS and not _starts_with_place(s):
        return False  # 在绍设立研究院 (but 浙江建设职业技术学院)
    if s in _GENERIC_ORG_STEMS or s in PRECEDING_WORDS:
        return False
    if s[:2] in PRECEDING_WORDS or s[:1] in "一二三四五六七八九十两百千几多数各该等":
        return False
    if s.endswith(_GENERIC_STEM_ENDS):
        return False
    if re.fullmatch(rf"[{_MARKERS}](?:级)?", s):
        return False
    if s[0] in _MARKERS and s[1:] in _GENERIC_ORG_STEMS | {"级"}:
        return False  # 省级医院, 市属 …
    if re.match(rf"[{_MARKERS}]级", s):
        return False
    return True


def _starts_with_place(s: str) -> bool:
    g = gazetteer()
    return any(s[:n] in g.forms for n in (4, 3, 2))


def _make(text: str, start: int, end: int, doc_jurisdiction) -> Org:
    name = text[start:end]
    key, full, typ = normalise_org(name, doc_jurisdiction)
    jname, jcode = org_jurisdiction(name, doc_jurisdiction)
    return Org(start, end, name, key, full, typ, jname, jcode)


_NESTING = ("university", "hospital", "research")


def _merge(text: str, found: list[Org], doc_jurisdiction) -> list[Org]:
    """Overlapping finds: the longest wins; a unit written right after its parent (绍兴文理学院元培学院,
    浙江大学医学院附属邵逸夫医院绍兴院区) becomes one name."""
    found = sorted(found, key=lambda o: (o.start, -o.end))
    out: list[Org] = []
    for o in found:
        if out and o.start < out[-1].end:
            if o.end > out[-1].end and o.start >= out[-1].start:
                # extend: the earlier one is a head of this one
                out[-1] = _make(text, out[-1].start, o.end, doc_jurisdiction)
            continue
        gap = text[out[-1].end : o.start] if out else ""
        if out and (gap == "" or re.fullmatch(r"（[^（）]{1,6}）", gap)) and out[-1].org_type in _NESTING and o.org_type in _NESTING:
            out[-1] = _make(text, out[-1].start, o.end, doc_jurisdiction)
            continue
        out.append(o)
    return out


# ---------------------------------------------------------------- the extractor

_UNIT_HEADER = re.compile(r"责任单位|牵头单位|配合单位|协办单位|建设单位|实施单位|责任主体|承办单位|业主单位")
_UNIT_LIST = re.compile(r"(?:责任单位|牵头单位|配合单位|建设单位|实施单位)\s*[:：]\s*([^）)。；;\n]+)")


class OrganisationsExtractor:
    name = "organisations"
    kinds = ("organisation",)

    def __call__(self, doc: SegmentedDoc, context: ExtractContext) -> list[Organisation]:
        from plangraph.extractors.places import document_jurisdiction

        jur = document_jurisdiction(doc)
        simp = doc.document.simplified
        text = doc.document.text
        orgs: dict[tuple[int, int], Org] = {}
        for o in find_organisations(simp, jur):
            orgs[(o.start, o.end)] = o
        # responsible-unit lists and cells: every unit is an organisation
        for start, end in _unit_spans(doc):
            for u0, u1 in _unit_offsets(simp, start, end):
                if any(s <= u0 and u1 <= e for s, e in orgs):
                    continue
                unit = simp[u0:u1]
                if _looks_like_body(unit) and not re.search(r"[为是即]", unit):
                    for k in [k for k in orgs if u0 <= k[0] and k[1] <= u1]:
                        del orgs[k]
                    orgs[(u0, u1)] = _make(simp, u0, u1, jur)
                    continue
                for o in find_organisations(unit, jur):
                    orgs.setdefault((u0 + o.start, u0 + o.end), _shift(o, u0))
        out = []
        for (s, e), o in sorted(orgs.items()):
            section = doc.section_at(s).section_id
            out.append(
                Organisation(
                    name=text[s:e],
                    key=o.key,
                    full_name=o.full_name,
                    org_type=o.org_type,  # type: ignore[arg-type]
                    jurisdiction=o.jurisdiction,
                    jurisdiction_adcode=o.jurisdiction_adcode,
                    prov=Provenance(doc_id=doc.document.doc_id, section_id=section, quote=text[s:e], start=s, end=e),
                )
            )
        return out


def _shift(o: Org, by: int) -> Org:
    return Org(o.start + by, o.end + by, o.name, o.key, o.full_name, o.org_type, o.jurisdiction, o.jurisdiction_adcode)


def _looks_like_body(unit: str) -> bool:
    u = _clean(unit)
    if not (2 <= len(u) <= 30) or u.startswith("各"):
        return False
    return bool(re.search(r"(?:局|委|办|中心|组|会|班|院|公司|集团|镇|乡|街道|部|所|室|厅)$", u))


def _unit_spans(doc: SegmentedDoc) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for t in doc.tables:
        cols = [i for i, h in enumerate(t.header) if _UNIT_HEADER.search(h)]
        for row in t.rows:
            for i in cols:
                if i < len(row.cells) and not row.cells[i].carried:
                    c = row.cells[i]
                    spans.append((c.start, c.end))
    for m in _UNIT_LIST.finditer(doc.document.simplified):
        spans.append(m.span(1))
    return spans


def _unit_offsets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for unit in split_units(text[start:end]):
        i = text.find(unit, pos, end)
        if i < 0:
            continue
        out.append((i, i + len(unit)))
        pos = i + len(unit)
    return out


@register("organisations")
def make_organisations() -> OrganisationsExtractor:
    return OrganisationsExtractor()

"""Project names → a normalised identity key, so one work named several ways links across documents.

Plans name the same work in many ways: 杭州至诸暨市域铁路, 杭诸市域铁路, 杭诸城际（市域）铁路 and
杭诸城际铁路 are one railway; 329国道柯桥钱清至萧山界段改建工程 and G329柯桥钱清至萧山界段改建工程 one
road works. :func:`parse_project_name` splits a name into

* ``base`` — what the work is: 杭诸铁路, 柯诸高速, G329, 诸暨市人民医院;
* ``scopes`` — which part of it: 诸暨段, 绍兴段, 东湖至蒿坝段 (a section stays a project of its own);
* ``works`` — what is done to it: 改扩建, 扩容改造, 二期, 西延 (an upgrade is not the road itself),

and :func:`project_key` joins them in that canonical order. Precision comes first: two different
projects merged under one key is worse than one project left under two keys, so the rules only
drop what never distinguishes projects (filler words, class synonyms, glosses in brackets, the
local name behind a road code) and abbreviate only the regular ``X至Y`` pattern of lines.

>>> project_key("杭州至诸暨市域铁路"), project_key("杭诸城际（市域）铁路"), project_key("杭诸城际铁路")
('杭诸铁路', '杭诸铁路', '杭诸铁路')
>>> project_key("柯桥至诸暨高速公路"), project_key("柯诸高速"), project_key("柯诸高速诸暨段")
('柯诸高速', '柯诸高速', '柯诸高速诸暨段')
>>> project_key("诸永高速公路改扩建工程诸暨直埠至街亭枢纽段") == project_key("诸永高速公路诸暨直埠至街亭枢纽段改扩建工程")
True
>>> project_key("329 国道柯桥钱清至萧山界段改建工程") == project_key("G329柯桥钱清至萧山界段改建工程")
True
>>> project_key("诸暨市人民医院二期工程建设项目")
'诸暨市人民医院二期'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plangraph.memo import memo
from plangraph.pipeline.normalize import halfwidth
from plangraph.pipeline.simplify import simplified_view

__all__ = [
    "ProjectName",
    "parse_project_name",
    "project_key",
    "project_key_variants",
    "clean_name",
    "CLASS_SYNONYMS",
    "WORK_WORDS",
    "FILLER_END",
]

_CJK = r"\u4e00-\u9fff"

# ----------------------------------------------------------------------------------------- rule tables

# Class words that mean the same kind of work, longest first. The class stays in the key (杭诸铁路
# and 杭诸高速 are different works); only its spelling is unified.
CLASS_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("城际市域铁路", "铁路"),  # 杭诸城际（市域）铁路 once the bracket is dropped
    ("市域郊铁路", "铁路"),
    ("城际铁路", "铁路"),
    ("市域铁路", "铁路"),
    ("城际轨道", "铁路"),
    ("高速公路", "高速"),
    ("城际", "铁路"),  # a bare 杭诸城际 is the intercity railway
)

# Bracketed words that only qualify the class (城际（市域）铁路): dropped.
_CLASS_QUALIFIERS = frozenset({"市域", "郊", "市域郊", "城际"})

# Words at the end of a name that name no project of their own: 工程, 项目, 建设 … Longest first.
FILLER_END = re.compile(
    r"(?:工程建设项目|建设工程项目|工程项目|建设项目|建设工程|项目建设|工程建设|规划建设|工程|项目|建设)$"
)

# Leading stage words (新建磁悬浮电机的制造项目): a stage, not a name.
_STAGE_START = re.compile(r"^(?:新建|续建|拟建|在建|谋划)(?=.{3,})")

# What is done to a work. An upgrade is a project of its own, so these stay in the key, in
# canonical position after the base and scope. Longest first.
WORK_WORDS: tuple[str, ...] = (
    "续建配套与现代化改造", "快速化改建", "快速化改造", "扩容改造", "提升改造", "改造提升", "扩容提升",
    "提升扩建", "提标改造", "拓宽改造", "现代化改造", "综合提升", "提升工程", "改扩建", "改建", "扩建",
    "改造", "拓宽", "提升", "加固", "整治", "扩容", "北延线", "南延线", "东延线", "西延线", "北延", "南延",
    "东延", "西延", "北移", "南移", "东移", "西移", "延伸",
)
_WORK_END = re.compile("(?:" + "|".join(map(re.escape, WORK_WORDS)) + ")$")
# Phases: 二期, 第二期, 一期工程 (the filler is stripped first).
_PHASE_END = re.compile(r"第?[一二三四五六七八九十\d]{1,3}期$")

# Words that end a class or work noun: a bracket right after one of them is a gloss or a scope,
# not part of the name (柯桥港区向前作业区（曹娥江码头项目）, 合温高速（桐庐至义乌段）).
_HEADISH_END = re.compile(
    r"(?:铁路|高速|公路|快速路|大道|国道|省道|连接线|联络线|复线|号线|线|路|桥|隧道|航道|船闸|码头|作业区|港区|港|"
    r"机场|站|枢纽|医院|院区|校区|园|园区|基地|中心|实验室|水库|工程|项目|期|段|[GS]\d{1,4}|延|改建|扩建|改造|提升)$"
)

# A road code at the start of a name: G104, 104国道, 国道104线, S309, 03省道.
_ROAD_CODE = re.compile(
    r"^(?:(?P<l1>[GS])(?P<n1>\d{1,4})(?:国道|省道)?|(?P<n2>\d{2,4})(?P<w2>国道|省道)|(?P<w3>国道|省道)(?P<n3>\d{2,4})线?)"
)
# A local road name after a code (S211绍大线, S217萧山至磐安公路): dropped, the code identifies the road.
# Parallel and link lines (东复线, 联络线) are other roads and stay.
_LOCAL_ROAD = re.compile(rf"^[{_CJK}]{{2,12}}?(?<!复)(?<!联络)(?<!连接)(?:线|公路|大道)")

# A section: 诸暨段, 东湖至蒿坝段, 崇仁至柯桥交界处, 绍兴部分.
_SCOPE_WORD = r"(?:段|交界处|部分)"

# The parts of an X至Y line that may be abbreviated to their first characters (杭州至诸暨 → 杭诸).
_ABBREVIABLE_CLASSES = frozenset({"铁路", "高速", "公路", "快速路"})
_PLACE_SUFFIX = re.compile(r"(?<=..)(?:市|县|区)$")

_QUOTES = re.compile(r"[“”\"‘’'「」『』《》〈〉]")
_DASHES = re.compile(rf"(?<=[{_CJK}A-Za-z0-9）)])\s*[—－–―─~～-]+\s*(?=[{_CJK}A-Za-z0-9（(])")
# 接 joining two roads (通城大道接杭金衢高速连接线, 彩虹快速路接钱滨线) reads as 至.
_JOIN = re.compile(r"(?<=[路道线速])接(?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class ProjectName:
    """A project name taken apart: the work, the part of it, what is done to it."""

    name: str
    base: str
    scopes: tuple[str, ...] = ()
    works: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.base + "".join(self.scopes) + "".join(self.works)


@memo
def clean_name(name: str) -> str:
    """The name without layout noise: simplified script, half-width, no spaces or quote marks,
    one dash. Length may change, so only for keys and display.

    >>> clean_name("绍兴轨道交通 2 号线二期")
    '绍兴轨道交通2号线二期'
    >>> clean_name("诸暨“杭州港”生物医药创业园")
    '诸暨杭州港生物医药创业园'
    """
    s = halfwidth(simplified_view(name))
    s = re.sub(r"\s+", "", s)
    s = _QUOTES.sub("", s)
    s = s.replace("(", "（").replace(")", "）")
    return s


def _brackets(s: str) -> tuple[str, list[str]]:
    """Resolve bracketed parts: class qualifiers dropped, sections after a class word become scopes,
    other glosses after a class word are dropped, brackets elsewhere (中俄（诸暨）国际实验室) open."""
    scopes: list[str] = []
    while True:
        m = re.search(r"（([^（）]*)）", s)
        if not m:
            break
        content, before = m.group(1), s[: m.start()]
        after = s[m.end() :]
        if content in _CLASS_QUALIFIERS:
            s = before + after
        elif _HEADISH_END.search(before) or not before:
            if re.search(rf"{_SCOPE_WORD}$|至", content) or re.fullmatch(rf"[{_CJK}]{{1,4}}", content):
                scopes.append(content)
            s = before + after
        else:
            s = before + content + after
    return s, scopes


def _road_code(s: str) -> tuple[str | None, str]:
    m = _ROAD_CODE.match(s)
    if not m:
        return None, s
    if m.group("l1"):
        code = m.group("l1") + m.group("n1")
    elif m.group("n2"):
        code = ("G" if m.group("w2") == "国道" else "S") + m.group("n2")
    else:
        code = ("G" if m.group("w3") == "国道" else "S") + m.group("n3")
    rest = s[m.end() :]
    local = _LOCAL_ROAD.match(rest)
    if local:
        rest = rest[local.end() :]
    return code, rest


def _strip_tail(s: str, scopes: list[str], works: list[str]) -> str:
    """Peel filler, works, phases and a trailing section off the end, in any order, until none is left."""
    while True:
        m = FILLER_END.search(s)
        if m and m.start() > 0:
            s = s[: m.start()]
            continue
        m = _WORK_END.search(s) or _PHASE_END.search(s)
        if m and s:
            works.insert(0, m.group(0))
            s = s[: m.start()]
            continue
        scope = _trailing_scope(s)
        if scope:
            scopes.insert(0, scope)
            s = s[: -len(scope)]
            continue
        return s


_CLASS_TOKEN = re.compile(
    r"铁路|高速公路|高速|公路|快速路|大道|国道|省道|连接线|联络线|号线|隧道|航道|船闸|码头|作业区|港区|机场|枢纽|"
    r"医院|院区|工程|项目|[GS]\d{1,4}"
)


_WORK_WORD_RE = re.compile("|".join(map(re.escape, WORK_WORDS)))
_TRAILING_SCOPE_RE = re.compile(rf"{_SCOPE_WORD}$")


def _trailing_scope(s: str) -> str | None:
    """The section at the end of a name: from after the last class word before its 至 (or before
    the 段), so 诸永高速公路改扩建工程诸暨直埠至街亭枢纽段 gives 诸暨直埠至街亭枢纽段."""
    m = _TRAILING_SCOPE_RE.search(s)
    if not m:
        return None
    body = s[: m.start()]
    pivot = body.rfind("至")
    left = body[:pivot] if pivot >= 0 else body
    starts = [t.end() for t in _CLASS_TOKEN.finditer(left)]
    # A work word before the section also ends the base (…改扩建工程诸暨段).
    starts += [t.end() for t in _WORK_WORD_RE.finditer(left)]
    begin = max(starts) if starts else None
    if begin is None or begin == 0 or begin >= len(s) - 1:
        return None
    return s[begin:]


def _unify_class(base: str) -> tuple[str, str]:
    """(stem, class) with the class spelled one way; class '' when the name ends in none."""
    for long, short in CLASS_SYNONYMS:
        if base.endswith(long) and len(base) > len(long):
            return base[: -len(long)], short
    m = re.search(r"(铁路|高速|公路|快速路)$", base)
    if m and m.start() > 0:
        return base[: m.start()], m.group(1)
    # 白大线, 十诸线: a two-character road abbreviation with 线 is a 公路.
    m = re.fullmatch(rf"([{_CJK}]{{2}})线", base)
    if m:
        return m.group(1), "公路"
    return base, ""


def _abbreviate(stem: str, cls: str) -> str:
    """杭州至诸暨 → 杭诸 for lines, when both ends are short place-like words."""
    if cls not in _ABBREVIABLE_CLASSES:
        return stem
    m = re.fullmatch(rf"([{_CJK}]{{2,4}})至([{_CJK}]{{2,4}})", stem)
    if not m:
        return stem
    ends = [_PLACE_SUFFIX.sub("", e) for e in m.groups()]
    if any(not 2 <= len(e) <= 3 or _CLASS_TOKEN.search(e) for e in ends):
        return stem
    return ends[0][0] + ends[1][0]


def _link_line(base: str) -> str:
    """In a link line the end points lose their class word: 通城大道至杭金衢高速连接线 and
    通城大道至杭金衢连接线 are one line."""
    if not re.search(r"(连接线|联络线)$", base):
        return base
    return re.sub(r"高速(?:公路)?(?=至|连接线$|联络线$)", "", base)


@memo
def parse_project_name(name: str) -> ProjectName:
    """Take a project name apart (see the module docstring).

    >>> p = parse_project_name("S217萧山至磐安公路（金浦桥至三江口大桥段）快速化改建工程")
    >>> p.base, p.scopes, p.works
    ('S217', ('金浦桥至三江口大桥段',), ('快速化改建',))
    >>> parse_project_name("铁路杭州萧山机场站枢纽及接线工程（绍兴段）").key
    '铁路杭州萧山机场站枢纽及接线绍兴段'
    """
    s = clean_name(name)
    s = _DASHES.sub("至", s)
    s = _JOIN.sub("至", s)
    s = _STAGE_START.sub("", s)
    code, s = _road_code(s)
    s, scopes = _brackets(s)
    works: list[str] = []
    s = _strip_tail(s, scopes, works)
    if code:
        base = code
        rest = _LOCAL_ROAD.sub("", s) if s else ""
        if rest:
            scopes.insert(0, rest)
    else:
        stem, cls = _unify_class(s)
        base = _link_line(_abbreviate(stem, cls) + cls)
    if not base:
        base = clean_name(name)
    return ProjectName(name=name, base=base, scopes=tuple(scopes), works=tuple(works))


def project_key(name: str) -> str:
    """The identity key of a project name (see the module docstring)."""
    return parse_project_name(name).key


def project_key_variants(name: str) -> tuple[str, ...]:
    """The key, then looser keys a linker may try with care: the key without works (the road an
    upgrade is done to), then the base alone (the whole work a section belongs to). These name
    *related* projects, not the same one.

    >>> project_key_variants("柯诸高速诸暨段")
    ('柯诸高速诸暨段', '柯诸高速')
    >>> project_key_variants("诸永高速直埠至街亭枢纽段改扩建")
    ('诸永高速直埠至街亭枢纽段改扩建', '诸永高速直埠至街亭枢纽段', '诸永高速')
    >>> project_key_variants("S20象山湾疏港高速公路")
    ('S20', '象山湾疏港高速')
    """
    p = parse_project_name(name)
    out = [p.key, p.base + "".join(p.scopes), p.base]
    local = _local_name(name)
    if local:  # S20象山湾疏港高速公路 is also written 象山湾疏港高速公路
        out.append(project_key(local))
    return tuple(dict.fromkeys(k for k in out if k))


def _local_name(name: str) -> str | None:
    """The road name written after a road code, if any (S20象山湾疏港高速公路 → 象山湾疏港高速公路)."""
    s = clean_name(name)
    m = _ROAD_CODE.match(s)
    if not m:
        return None
    rest = s[m.end() :]
    local = re.match(rf"^[{_CJK}]{{2,12}}?(?:高速公路|高速|公路|大道|线)", rest)
    return local.group(0) if local else None

"""Indicator concepts: one normalised key per indicator, shared across documents.

Plans name the same indicator in several ways — 高速公路里程 / 高速公路总里程, 研发经费投入强度 /
R&D经费支出占GDP比重, 旅游产业增加值增速（%）/ 旅游产业增加值年均增长 — and the graph needs one
pg:Indicator for each. :func:`indicator_key` maps a label as written to that key by ordered,
commented rewrite rules; it never merges different indicators (高速铁路里程 ≠ 高速公路里程,
户籍人口城镇化率 ≠ 常住人口城镇化率, a level ≠ its growth rate).

>>> indicator_key("高速公路总里程") == indicator_key("高速公路里程")
True
>>> indicator_key("全社会R&D经费支出占GDP比重") == indicator_key("研发经费投入强度")
True
>>> indicator_key("地区生产总值（GDP）增长（%）")
'gdp增长'
>>> indicator_key("地区生产总值") == indicator_key("地区生产总值年均增长")
False
"""

from __future__ import annotations

import re

from plangraph.memo import memo
from plangraph.pipeline.simplify import simplified_view

__all__ = ["indicator_key", "same_indicator", "UNIT_IN_LABEL", "strip_unit"]

# A unit in brackets at the end of a table label: （%）, (亿元), （微克/立方米）, (百分点).
UNIT_IN_LABEL = re.compile(
    r"\s*[（(]\s*(?P<unit>%|‰|百分点|个百分点|[万亿]{0,2}[元人个家所条项件座场套台辆张户名岁天吨斤亩米]"
    r"|[万亿]{0,2}(?:人次|人年|千瓦时|千瓦|公里|平方公里|平方米|立方米|公顷|标准箱|亿斤|万人|亿元|万元|万吨)"
    r"|[^（）()]{1,8}/[^（）()]{1,8}|年|小时|分钟)\s*[）)]\s*$"
)

# Rewrites applied in order to the cleaned label. Longer, more specific forms come first.
_SYNONYMS: tuple[tuple[str, str], ...] = (
    # GDP: 地区生产总值（GDP） / 国内生产总值 / GDP are one word here
    (r"(?:地区|国内)?生产总值(?:\(gdp\))?(?<!海洋生产总值)", "gdp"),
    (r"(?:地区|国内)gdp", "gdp"),
    # R&D intensity: every way of writing research spending over GDP
    (r"(?:r&d|研究与试验发展|研究与实验发展)", "研发"),
    (r"研发(?:经费)?(?:支出|投入)(?:占gdp(?:的)?比重|强度)", "研发经费投入强度"),
    (r"研发(?:经费)?支出", "研发经费投入"),
    (r"研发投入", "研发经费投入"),
    # X增加值占GDP比重 and X占GDP比重 are the same share
    (r"增加值占gdp(?:的)?比重", "占gdp比重"),
    # urban–rural income ratio: 收入倍差 = 收入比; 城镇和乡村居民 = 城乡居民
    (r"收入倍差", "收入比"),
    (r"城镇和乡村居民", "城乡居民"),
    (r"规模以上", "规上"),
    (r"每万人口", "每万人"),
    (r"每千人口", "每千人"),
    # totals: 总里程 = 里程, 通车/运营里程 = 里程, 总收入 = 收入 …
    (r"(?:通车|运营)里程", "里程"),
    (r"总(里程|人数|收入|产值|额|量)", r"\1"),
    # shares: 比例 / 比率 / 占比 → 比重
    (r"(?:所占比重|占比|比例|比率)", "比重"),
)

# Suffixes of change: a growth rate is one indicator however it is worded (at the end only).
_GROWTH_SUFFIX = re.compile(r"(?:年均增长率|年均增速|年均增长|增长率|增长速度|增速|增幅|增长)$")
_DECLINE_SUFFIX = re.compile(r"(?:累计下降率|下降率|降低率|下降|降低|减少率|减少)$")
_RAISE_SUFFIX = re.compile(r"(?:提升|提高)$")

# Words that say when or how a figure counts, not what is measured.
_PERIOD_WORDS = re.compile(r"年均|累计|每年|五年|“十[一二三四五六七八九]五”|十[一二三四五六七八九]五期间|期间")
_LEADING = re.compile(r"^(?:其中[:：]?|全社会|全市|全省|全县|全区|市域|全域)+")
_PUNCT = re.compile(r"[\s“”‘’\"'《》「」『』、，,:：·•—–\-_{}()（）\[\]【】]")


def strip_unit(label: str) -> tuple[str, str | None]:
    """A table label without its bracketed unit, and the unit.

    >>> strip_unit("常住人口城镇化率（%）")
    ('常住人口城镇化率', '%')
    >>> strip_unit("细颗粒物 (PM _{2.5}) 平均浓度 (微克/立方米)")
    ('细颗粒物 (PM _{2.5}) 平均浓度', '微克/立方米')
    >>> strip_unit("城乡居民收入倍差")
    ('城乡居民收入倍差', None)
    """
    m = UNIT_IN_LABEL.search(label)
    if not m:
        return label.strip(), None
    unit = m.group("unit").replace("个百分点", "百分点")
    return label[: m.start()].strip(), unit


@memo
def indicator_key(label: str) -> str:
    """The concept key of an indicator label (simplified script, normalised wording).

    >>> indicator_key("城乡居民收入倍差") == indicator_key("城乡居民收入比")
    True
    >>> indicator_key("旅游产业增加值增速（%）") == indicator_key("旅游产业增加值年均增长")
    True
    >>> indicator_key("常住人口城镇化率") == indicator_key("户籍人口城镇化率")
    False
    """
    text = simplified_view(label).lower()
    text, _unit = strip_unit(text)
    text = text.replace("pm _{2.5}", "pm2.5").replace("pm_{2.5}", "pm2.5")
    text = _PERIOD_WORDS.sub("", text)
    text = text.replace("（", "(").replace("）", ")")
    text = re.sub(r"\s+", "", text)
    text = _LEADING.sub("", text)
    for pattern, repl in _SYNONYMS:
        text = re.sub(pattern, repl, text)
    text = _PUNCT.sub("", text)
    if text == "城镇化率":  # unqualified, plans mean the resident-population rate
        text = "常住人口城镇化率"
    if _GROWTH_SUFFIX.search(text):
        text = _GROWTH_SUFFIX.sub("增长", text)
    elif _DECLINE_SUFFIX.search(text):
        text = _DECLINE_SUFFIX.sub("下降", text)
    elif _RAISE_SUFFIX.search(text):
        text = _RAISE_SUFFIX.sub("提高", text)
    return text


def same_indicator(a: str, b: str) -> bool:
    """Two labels name the same indicator: equal keys, or one key containing the other.

    >>> same_indicator("新增省级企业研发机构", "省级企业研发机构")
    True
    >>> same_indicator("高速公路里程", "高速铁路里程")
    False
    >>> same_indicator("地区生产总值", "地区生产总值增长"), same_indicator("地区生产总值", "人均地区生产总值")
    (False, False)
    """
    ka, kb = indicator_key(a), indicator_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    i = long_.find(short)
    if len(short) < 2 or i < 0:
        return False
    head, tail = long_[:i], long_[i + len(short) :]
    # what the longer label adds may narrow the indicator (现代纺织|产业规模, 新增|研发机构) but not
    # turn it into another one: a rate, a share, a change, or a per-capita figure
    if re.search(r"人均|每.{0,4}$", head) or re.search(r"增长|下降|提高|比重|率|强度|指数|人均|密度", tail):
        return False
    return True

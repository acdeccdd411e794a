"""Numbers and units as Chinese plans write them → :class:`~plangraph.schema.Amount`.

Value and unit stay as written: ``1.25万亿元`` is 1.25 in 万亿元, ``百亿元`` is 100 in 亿元, ``1.8万个``
is 1.8 in 万个, and 百分点 (percentage points) is a unit of its own. Chinese numerals go through
cn2an (wrapped in :func:`to_number`), never a hand-written parser. Comparators come from the words
around a number: a bound after it (以上, 以内, 左右 …) wins over a verb before it (达到, 控制在,
增长 …); see :data:`BOUND_WORDS` and :data:`COMPARATOR_VERBS`.

Three entry points:

* :func:`parse_amount` reads one value expression, e.g. a table cell::

    >>> a = parse_amount("1.25万亿元左右")
    >>> (a.value, a.unit, a.comparator)
    (Decimal('1.25'), '万亿元', 'approx')
    >>> a = parse_amount("[18]")
    >>> (a.value, a.cumulative)
    (Decimal('18'), True)
    >>> parse_amount("不低于 47.56").comparator
    'ge'
    >>> parse_amount("完成省下达目标").value is None
    True

* :func:`find_values` scans running text for numbers with their units and bounds::

    >>> [(m.amount.value, m.amount.unit, m.amount.comparator) for m in find_values("达到79%以上，下降至1.6以下")]
    [(Decimal('79'), '%', 'ge'), (Decimal('1.6'), None, 'le')]

* :func:`comparator_before` reads the verb that ends the text before a number::

    >>> comparator_before("城乡居民收入比下降至")
    ('le', '下降至')
    >>> comparator_before("全社会研发经费投入年均增长")
    ('increase', '年均增长')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

from plangraph.memo import memo
from plangraph.schema import Amount

__all__ = [
    "BOUND_WORDS",
    "COMPARATOR_VERBS",
    "CELL_PREFIXES",
    "UNITS",
    "ValueMatch",
    "to_number",
    "parse_amount",
    "parse_cell",
    "find_values",
    "comparator_before",
    "combine",
]

# ----------------------------------------------------------------------------------------- rule tables

# Units as plans write them, longest first so 人次 wins over 人 and 个百分点 over 个. A magnitude
# (万亿/亿/万) in front of a unit stays part of the unit as written: 万人次, 亿元, 万千瓦.
UNITS: tuple[str, ...] = (
    # percentages and points
    "个百分点", "百分点", "%", "‰",
    # physical quantities
    "微克/立方米", "毫克/立方米", "吨标准煤", "标准煤", "千瓦时", "千瓦", "兆瓦", "千伏",
    "平方公里", "平方千米", "平方米", "立方米", "公里", "千米", "公顷", "亩", "米",
    "吨", "千克", "公斤", "斤", "标准箱", "标箱",
    # money
    "美元", "元",
    # people and time
    "人次", "人年", "人", "名", "户", "岁", "天", "小时", "分钟",
    # counted things (measure words)
    "个", "家", "所", "条", "项", "件", "座", "场", "套", "台", "辆", "艘", "张", "间",
    "处", "株", "只", "头", "部", "篇", "次", "倍", "床", "位", "层", "栋", "站", "列", "架次",
)

# Magnitudes that prefix a unit and stay in it (1.25万亿元 → 1.25 万亿元).
_MAGNITUDES = ("万亿", "亿", "万")

# Bounds written after a number. They decide the comparator when present.
BOUND_WORDS: tuple[tuple[str, str], ...] = (
    ("及以上", "ge"),
    ("以上", "ge"),
    ("以下", "le"),
    ("以内", "le"),
    ("左右", "approx"),
    ("上下", "approx"),
)

# Verbs and words written right before a number, longest first. Level verbs (达到, 控制在, 下降至)
# give a bound; growth verbs without 至/到 (增长, 下降 X) give the change itself.
COMPARATOR_VERBS: tuple[tuple[str, str], ...] = (
    # ge: reach or exceed a level
    ("不低于", "ge"), ("不少于", "ge"), ("不小于", "ge"), ("不下于", "ge"),
    ("提升至", "ge"), ("提升到", "ge"), ("提高至", "ge"), ("提高到", "ge"),
    ("增加至", "ge"), ("增加到", "ge"), ("增长至", "ge"), ("增长到", "ge"), ("上升至", "ge"),
    ("上升到", "ge"), ("扩大至", "ge"), ("扩大到", "ge"), ("增至", "ge"),
    ("达到", "ge"), ("超过", "ge"), ("突破", "ge"), ("高于", "ge"), ("大于", "ge"),
    ("多于", "ge"), ("至少", "ge"), ("超", "ge"), ("破", "ge"), ("达", "ge"),
    ("≥", "ge"), (">", "ge"), ("＞", "ge"),
    # le: stay at or under a level
    ("不高于", "le"), ("不超过", "le"), ("不多于", "le"), ("不大于", "le"),
    ("控制在", "le"), ("下降至", "le"), ("下降到", "le"), ("降低至", "le"), ("降低到", "le"),
    ("缩小至", "le"), ("缩小到", "le"), ("减少至", "le"), ("减少到", "le"), ("压减至", "le"),
    ("压降至", "le"), ("压缩至", "le"), ("降至", "le"), ("降到", "le"), ("低于", "le"),
    ("小于", "le"), ("少于", "le"), ("不足", "le"),
    ("≤", "le"), ("<", "le"), ("＜", "le"),
    # approx
    ("大约", "approx"), ("约", "approx"),
    # increase / decrease: the number is the change
    ("年均增长", "increase"), ("增长", "increase"), ("提高", "increase"), ("提升", "increase"),
    ("增加", "increase"), ("上升", "increase"), ("增速", "increase"),
    ("下降", "decrease"), ("降低", "decrease"), ("减少", "decrease"), ("压减", "decrease"),
    ("缩小", "decrease"),
    # eq: hold a level
    ("稳定在", "eq"), ("保持在", "eq"), ("保持", "eq"), ("维持在", "eq"), ("为", "eq"), ("完成", "eq"),
)

# Prefixes inside a table cell (不低于 47.56, >90) — the same words without the growth verbs.
CELL_PREFIXES: tuple[tuple[str, str], ...] = tuple(
    (w, c) for w, c in COMPARATOR_VERBS if c in ("ge", "le", "approx")
)

# Cells that mean "no figure here".
_EMPTY_CELLS = {"", "—", "——", "-", "--", "－", "/", "／", "…", "无", "—/—"}

# ------------------------------------------------------------------------------------------ numerals

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_CN = rf"[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
_MAG_ALT = "|".join(_MAGNITUDES)
_BOUND_ALT = "|".join(w for w, _ in BOUND_WORDS)

# A number with its unit and bound, in running text (matched on the simplified view).
_VALUE = re.compile(
    rf"""
    (?=[\[［【\d{_CN_DIGITS}万])   # what a value can start with: rejects most positions in one test
    (?P<open>[\[［【])?
    (?:
        (?<![\dA-Za-z.．_{{第])(?P<num>{_ARABIC})(?![\dA-Za-z}}])      # 8.5 / 1,000 (not G60, PM2.5, v6)
      | (?<![{_CN_DIGITS}第])(?P<cn>{_CN})(?=\s?(?:多|余)?\s?(?:{_MAG_ALT}|{_UNIT_ALT}))  # 三百个 / 百亿元
      | (?<![{_CN_DIGITS}\d])(?P<bare>万亿)(?=元|大关|[的基，。；、\s]|$)   # 突破万亿 → 1 万亿
    )
    \s?(?P<more>多|余)?
    \s?(?P<mag>{_MAG_ALT})?
    (?P<unit>{_UNIT_ALT})?
    (?P<close>[\]］】])?
    (?P<star>\*)?
    \s?(?P<bound>{_BOUND_ALT})?
    """,
    re.X,
)


@memo  # cn2an builds its patterns on every call; numerals repeat
def to_number(numeral: str) -> Decimal | None:
    """A numeral as written → Decimal, through cn2an for Chinese numerals.

    >>> [to_number(x) for x in ("8.5", "1,000", "三百", "百", "十五", "两", "零点五", "万")]
    [Decimal('8.5'), Decimal('1000'), Decimal('300'), Decimal('100'), Decimal('15'), Decimal('2'), Decimal('0.5'), None]
    """
    text = numeral.strip().replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    if text[0] in "百千":  # 百亿元, 千亿: cn2an wants the leading 一
        text = "一" + text
    try:
        n = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    try:
        return Decimal(str(n)).normalize() if "." in str(n) else Decimal(int(n))
    except (InvalidOperation, ValueError):
        return None


# --------------------------------------------------------------------------------------- scanning


@dataclass(frozen=True)
class ValueMatch:
    """A number found in text: the span of the whole expression and the parsed amount."""

    start: int  # first character of the expression (a leading [ included)
    end: int  # after the unit and bound word
    num_start: int
    num_end: int
    amount: Amount
    starred: bool = False  # 5.2* — the table's note says the figure is from an earlier year
    chinese: bool = False  # the number was written in Chinese numerals or as a bare magnitude


def _amount_from_match(m: re.Match[str], text: str) -> tuple[Amount, bool] | None:
    if m.group("bare"):  # 突破万亿: one 万亿, the magnitude is the unit
        value: Decimal | None = Decimal(1)
        unit = "万亿" + (m.group("unit") or "")
    else:
        value = to_number(m.group("num") or m.group("cn"))
        unit = (m.group("mag") or "") + (m.group("unit") or "")
    if value is None:
        return None
    unit = unit.replace("个百分点", "百分点") or None
    comparator = None
    if m.group("bound"):
        comparator = dict(BOUND_WORDS)[m.group("bound")]
    elif m.group("more"):
        comparator = "ge"  # 100多场, 30余家: more than the figure
    cumulative = bool(m.group("open") and m.group("close"))
    return (
        Amount(value=value, unit=unit, text=text.strip(), comparator=comparator, cumulative=cumulative),
        bool(m.group("star")),
    )


_PERCENT_WORDS = re.compile(rf"百分之(?P<n>{_CN}|{_ARABIC})")


def find_values(text: str) -> list[ValueMatch]:
    """Every number with its unit and bound in ``text`` (use the simplified view), left to right.

    Years (2027年), numbers glued to Latin letters (G60, 5G, PM2.5) and Chinese numerals without a
    unit (一批, 三大) are not values.

    >>> [(m.amount.value, m.amount.unit) for m in find_values("新增光伏装机 290 万千瓦，建成超过1.8万个公共充电桩")]
    [(Decimal('290'), '万千瓦'), (Decimal('1.8'), '万个')]
    >>> [m.amount.value for m in find_values("到2030年，5G基站和G60走廊")]
    []
    >>> [(m.amount.value, m.amount.unit) for m in find_values("规上工业总产值突破万亿大关，产值突破百亿元")]
    [(Decimal('1'), '万亿'), (Decimal('100'), '亿元')]
    """
    out: list[ValueMatch] = []
    taken: list[tuple[int, int]] = []
    for m in _PERCENT_WORDS.finditer(text):  # 百分之九十五 → 95 %
        value = to_number(m.group("n"))
        if value is None:
            continue
        end = m.end()
        b = re.match(rf"\s?(?P<bound>{_BOUND_ALT})", text[end:])
        comparator = dict(BOUND_WORDS)[b.group("bound")] if b else None
        if b:
            end += b.end()
        amount = Amount(value=value, unit="%", text=text[m.start() : end], comparator=comparator)
        out.append(ValueMatch(start=m.start(), end=end, num_start=m.start("n"), num_end=m.end("n"), amount=amount, chinese=True))
        taken.append((m.start(), end))
    for m in _VALUE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if m.group("num") and re.match(r"\s?年(?!均)", text[m.end("num") :]) and not m.group("unit"):
            continue  # a year or a count of years (2027年, 5年) is not a value
        if m.group("num") and re.match(r"\s?[—\-~～至到]\s?\d{4}", text[m.end("num") :]):
            continue  # 2021—2025
        if m.group("open") and not m.group("close"):
            # a lone [ before the number belongs to something else
            start = m.start("num") if m.group("num") else m.start()
        else:
            start = m.start()
        if m.group("cn") and not (m.group("unit") or m.group("mag")):
            continue
        if text[: m.start()].rstrip().endswith("第"):
            continue  # 第 3 位: an ordinal, not a quantity
        if re.match(r"\s?[:：∶]\s?\d", text[m.end() :]) or re.search(r"\d\s?[:：∶]\s?$", text[: m.start()]):
            continue  # 2:1, a ratio
        parsed = _amount_from_match(m, text[start : m.end()])
        if parsed is None:
            continue
        amount, starred = parsed
        end = m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        num_start = m.start("num") if m.group("num") else m.start("cn") if m.group("cn") else m.start("bare")
        num_end = m.end("num") if m.group("num") else m.end("cn") if m.group("cn") else m.end("bare")
        out.append(
            ValueMatch(
                start=start,
                end=end,
                num_start=num_start,
                num_end=num_end,
                amount=amount,
                starred=starred,
                chinese=not m.group("num"),
            )
        )
    out.sort(key=lambda v: v.start)
    return out


def comparator_before(text: str) -> tuple[str | None, str]:
    """The comparator of the verb ending ``text`` (spaces allowed before the number), and the verb.

    >>> comparator_before("人均GDP达到")
    ('ge', '达到')
    >>> comparator_before("城镇调查失业率控制在 ")
    ('le', '控制在')
    >>> comparator_before("旅游接待总人数")
    (None, '')
    """
    stripped = text.rstrip()
    for word, comparator in COMPARATOR_VERBS:
        if stripped.endswith(word):
            return comparator, word
    return None, ""


def combine(verb: str | None, bound: str | None) -> str | None:
    """The comparator of a goal from the verb before its number and the bound after it.

    A written bound wins (年均增长8.5%左右 → approx; the label keeps 增长); a level verb without
    a bound gives its own comparator; nothing at all is ``eq``.

    >>> combine("increase", "approx"), combine("ge", None), combine(None, None), combine("decrease", None)
    ('approx', 'ge', 'eq', 'decrease')
    """
    if bound:
        return bound
    return verb or "eq"


# ------------------------------------------------------------------------------------------- cells


def parse_cell(text: str) -> tuple[Amount | None, bool]:
    """A table cell → (amount, starred). ``None`` for an empty cell (—, -, blank).

    A cell with words and no number is a goal in words: an Amount with value None and the text.

    >>> a, starred = parse_cell("5.2*")
    >>> (a.value, starred)
    (Decimal('5.2'), True)
    >>> parse_cell("—")
    (None, False)
    >>> a, _ = parse_cell(">90")
    >>> (a.value, a.comparator)
    (Decimal('90'), 'ge')
    >>> a, _ = parse_cell("6左右")
    >>> (a.value, a.comparator, a.text)
    (Decimal('6'), 'approx', '6左右')
    >>> parse_cell("稳定")[0].value is None
    True
    """
    raw = text.strip()
    if raw.replace(" ", "") in _EMPTY_CELLS:
        return None, False
    simplified = raw
    prefix_comparator = None
    body = simplified.lstrip()
    for word, comparator in CELL_PREFIXES:
        if body.startswith(word):
            prefix_comparator = comparator
            body = body[len(word) :].lstrip()
            break
    values = find_values(body)
    if not values:
        return Amount(value=None, unit=None, text=raw, comparator=None), False
    m = values[0]
    comparator = m.amount.comparator or prefix_comparator
    if comparator is None:
        before, _word = comparator_before(body[: m.start])
        if before in ("ge", "le", "approx"):
            comparator = before
    amount = m.amount.model_copy(update={"text": raw, "comparator": comparator})
    return amount, m.starred


def parse_amount(text: str) -> Amount | None:
    """One value expression (a cell, or a number with its bound) → Amount; None when empty.

    >>> a = parse_amount("百亿元")
    >>> (a.value, a.unit)
    (Decimal('100'), '亿元')
    >>> a = parse_amount("1.8万个")
    >>> (a.value, a.unit)
    (Decimal('1.8'), '万个')
    >>> a = parse_amount("2个百分点")
    >>> (a.value, a.unit)
    (Decimal('2'), '百分点')
    >>> parse_amount("三百").value
    Decimal('300')
    """
    amount, _starred = parse_cell(text)
    if amount is not None and amount.value is None:
        # a bare Chinese numeral (三百) has no unit to anchor it in running text; read it whole
        raw = text.strip()
        for word, _comparator in CELL_PREFIXES:
            if raw.startswith(word):
                raw = raw[len(word) :].strip()
                break
        bound = None
        for word, c in BOUND_WORDS:
            if raw.endswith(word):
                raw, bound = raw[: -len(word)].strip(), c
                break
        if re.fullmatch(_CN, raw):
            value = to_number(raw)
            if value is not None:
                return Amount(value=value, unit=None, text=text.strip(), comparator=bound)
    return amount

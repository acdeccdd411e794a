"""Document metadata read from the text: title, 文号, issuing body, date, plan period and horizon.

Precision first: a field the text does not clearly give stays ``None``. Only the document's own
header counts, so a 文号 or a 关于印发…的通知 cited inside a sentence (“根据《…的通知》（浙政发〔2021〕
10号）”) is not taken for the document's own.

>>> m = read_metadata("绍兴市人民政府文件\\n绍政发〔2024〕6号\\n关于印发《绍兴市融杭发展规划》的通知\\n绍兴市人民政府\\n2024年3月19日\\n规划期限至2027年，展望至2035年。")
>>> (m.identifier, m.issued, m.period_end, m.outlook, m.title, m.publisher)
('绍政发〔2024〕6号', '2024-03-19', 2027, 2035, '绍兴市融杭发展规划', '绍兴市人民政府')
>>> read_metadata("合肥市“十四五”综合交通运输发展规划\\n").period_start
2021
"""

from __future__ import annotations

import datetime
import itertools
import re

import cn2an

from plangraph.pipeline.normalize import is_heading_line
from plangraph.schema import DocumentMetadata

__all__ = ["read_metadata"]

_HEAD = 3000  # the header block of an official document sits in its first lines

_CN_DIGIT = "〇○零一二三四五六七八九"
_YEAR = rf"(?:\d{{4}}|[二一][{_CN_DIGIT}]{{3}})"  # 2024 or 二〇二四

# 文号: 绍政发〔2024〕6号, 甬政发[2023]12号, 嘉政办发（2022）5号 — alone on its line (or after 文号：).
_DOC_NUMBER = re.compile(
    r"^(?:(?:发文字号|文号)\s*[:：]\s*)?"
    r"([\u4e00-\u9fff]{1,10}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d{1,4}\s*号)$"
)
_DATE = re.compile(
    rf"({_YEAR})\s*年\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日"
)
_ISSUER_LINE = re.compile(
    r"^(中共)?[\u4e00-\u9fff（）()]{2,30}(人民政府|委员会|办公室|办公厅|政府|局|委|厅)(文件)?$"
)
# “X关于印发《Y》的通知” heads the document; inside 《》 or after 根据/按照 it is a citation.
# (Normalisation may have glued the salutation 各区、县（市）人民政府，…： onto the heading line.)
_NOTICE = re.compile(
    r"(?:^|\n)\s*([^\n《》，。]{0,40}?)关于印发\s*《?([^《》\n，。]{4,60}?)》?\s*的通知(?:[^\n。《》]{2,80}[:：])?\s*(?:\n|$)"
)
_PLAN_WORDS = (
    "规划纲要|规划|纲要|行动计划|计划|行动方案|实施方案|方案|实施意见|意见|办法|要点|报告|决定|细则|清单|指南"
)
_TITLE_LINE = re.compile(
    rf"^[\u4e00-\u9fff〇○“”\"（）()、·\d—–-]{{4,60}}?(?:{_PLAN_WORDS})"
    r"(?:（\d{4}\s*[-—－–~至]\s*\d{4}年?）|\(\d{4}\s*[-—–~至]\s*\d{4}年?\))?$"
)
# An article's title: its first line, short, plain words, no sentence punctuation.
_ARTICLE_TITLE = re.compile(r"^[\u4e00-\u9fff〇○“”\"（）()、·\d—–-]{8,40}$")

# Periods. The keyword must say it is this plan's period (规划期, 规划期限, 本规划实施期限, 行动期限),
# not a project's 建设期限; a bare 实施期限 may be a project's, so 实施 needs a plan word before it.
_PERIOD_WORD = r"(?:本(?:规划|计划|方案)?|规划|计划|方案|行动)(?:实施)?(?:期限|期|年限|时限)"
_PERIOD_RANGE = re.compile(
    rf"{_PERIOD_WORD}\s*(?:为|是|:|：)?\s*(\d{{4}})\s*年?\s*[-—－–~至到]\s*(\d{{4}})\s*年"
)
_PERIOD_END = re.compile(rf"{_PERIOD_WORD}\s*(?:为|是|:|：)?\s*(?:至|到|截至)\s*(\d{{4}})\s*年")
_TITLE_RANGE = re.compile(r"[（(](\d{4})\s*[-—－–~至]\s*(\d{4})\s*年?[）)]")
_OUTLOOK = re.compile(rf"展望(?:至|到)?\s*({_YEAR})\s*年")
_VISION_IN_TITLE = re.compile(rf"({_YEAR})\s*年远景目标")
# 第十四个五年规划 / “十四五”规划 / 十四五规划. A bare 十五 is ambiguous (十五分钟生活圈): it must be
# quoted; unquoted nicknames need their three characters and a following 规划/时期.
_NTH_FIVE_YEAR = re.compile(r"第(十[一二三四五六七八九]?|[一二三四五六七八九])个五年(?:规划|计划)")
_FIVE_YEAR_NICK = re.compile(
    r"[“\"‘'](十[一二三四五六七八九]?五|[一二三四五六七八九]五)[”\"’']"
    r"|(?<![〇○零一二三四五六七八九十])(十[一二三四五六七八九]五)(?=规划|计划|时期|期间)"
)


def _year(text: str) -> int:
    if text.isdigit():
        return int(text)
    return int(
        "".join(str("〇一二三四五六七八九".index(ch.replace("○", "〇").replace("零", "〇"))) for ch in text)
    )


def _num(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def _five_year_period(title: str) -> tuple[int, int] | None:
    """第十五个五年规划 / “十五五”规划 → (2026, 2030).

    The 1st plan began in 1953, the 3rd in 1966 after the 1963-65 adjustment years; from then on
    every five years.

    >>> _five_year_period("合肥市“十四五”综合交通运输发展规划"), _five_year_period("杭州市十五分钟生活圈规划")
    ((2021, 2025), None)
    """
    if m := _NTH_FIVE_YEAR.search(title):
        n = _num(m.group(1))
    elif m := _FIVE_YEAR_NICK.search(title):
        n = _num((m.group(1) or m.group(2))[:-1])
    else:
        return None
    start = 1953 + 5 * (n - 1) if n < 3 else 1966 + 5 * (n - 3)
    return start, start + 4


_PLAN_NAME = re.compile(
    r"([\u4e00-\u9fff“”]{4,40}?(?:行动计划|实施方案|行动方案|发展规划|规划纲要|专项规划))((?:（|\()\d{4}[-—–]\d{4}年?(?:）|\)))?"
)
_SELF_NAMED = re.compile(
    r"特(?:编制|制定|制订|出台)(?:本)?《?([^，。《》本]{4,40}?(?:规划|纲要|计划|方案))》?[。，]"
)


def _recurring_plan_name(text: str) -> str | None:
    """A document without a title line names itself in its preamble (特编制…规划) or in its annex captions
    (…三年行动计划（2023-2025）重点任务分解表): take a plan name written at least twice."""
    if m := _SELF_NAMED.search(text[:_HEAD]):
        return m.group(1)
    counts: dict[str, int] = {}
    # Names in 《》 are other documents this one cites, not itself.
    for m in _PLAN_NAME.finditer(re.sub(r"《[^》]*》", "", text)):
        name = m.group(0)
        counts[name] = counts.get(name, 0) + 1
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0])), default=None)
    return best[0] if best and best[1] >= 2 else None


def _date(m: re.Match) -> str | None:
    try:
        return datetime.date(_year(m.group(1)), _num(m.group(2)), _num(m.group(3))).isoformat()
    except (ValueError, KeyError):
        return None


def _title(head: str, lines: list[str], text: str) -> tuple[str | None, str | None]:
    """(title, issuer named before 关于印发) from the notice line, a title line, the preamble, or an
    article's first line."""
    for line in lines[:20]:
        if m := _NOTICE.search(re.sub(r"\s+", "", line)):
            issuer = m.group(1) if _ISSUER_LINE.match(m.group(1) or "") else None
            return m.group(2), issuer
    # A notice heading wrapped over two lines (…关于印发绍兴市国民经济和社会\n发展…的通知).
    joined = re.sub(r"[ \t\u3000]+", "", "\n".join(lines[:20]))
    pieces = joined.split("\n")
    for a, b in zip(pieces, pieces[1:], strict=False):
        if "关于印发" in a and b.endswith("的通知") and (m := _NOTICE.search(a + b)):
            return m.group(2), m.group(1) if _ISSUER_LINE.match(m.group(1) or "") else None
    for line in lines[:15]:
        compact = re.sub(r"\s+", "", line)
        if _TITLE_LINE.match(compact) and not compact.endswith("文件") and not is_heading_line(compact):
            return compact, None
    if name := _recurring_plan_name(text):
        return name, None
    # An article: a short plain first line over a longer paragraph of prose.
    first = re.sub(r"\s+", "", lines[0]) if lines else ""
    body = lines[1] if len(lines) > 1 else ""
    if (
        _ARTICLE_TITLE.match(first)
        and not _ISSUER_LINE.match(first)
        and not is_heading_line(first)
        and len(body) > 2 * len(first)
        and body[-1] in "。！？；，”"
    ):
        return first, None
    return None, None


def _period(text: str, title: str | None) -> tuple[int | None, int | None]:
    """(start, end): an explicit 规划期 range, else the title's (2023-2025) or five-year number, else
    an end-only 规划期限至2027年 (keeping a title's start when both agree on the end)."""
    if m := _PERIOD_RANGE.search(text):
        start, end = int(m.group(1)), int(m.group(2))
        return (start, end) if start <= end else (None, None)
    from_title = None
    if title and (m := _TITLE_RANGE.search(title)):
        from_title = (int(m.group(1)), int(m.group(2)))
    elif title:
        from_title = _five_year_period(title)
    if m := _PERIOD_END.search(text):
        end = int(m.group(1))
        return (from_title[0], end) if from_title and from_title[1] == end else (None, end)
    return from_title if from_title else (None, None)


def _outlook(text: str, title: str | None) -> int | None:
    """展望至2035年 in the sentence stating the plan period, or 二〇三五年远景目标 in the title."""
    for p in itertools.chain(_PERIOD_RANGE.finditer(text), _PERIOD_END.finditer(text)):
        sentence_end = min(
            (i for i in (text.find("。", p.end()), text.find("\n", p.end())) if i >= 0), default=len(text)
        )
        if o := _OUTLOOK.search(text, p.end(), sentence_end):
            return _year(o.group(1))
    if title and (m := _VISION_IN_TITLE.search(title)):
        return _year(m.group(1))
    return None


def _as_written(value: str | None, view: str, text: str) -> str | None:
    """The characters of ``text`` where ``value`` was found in the same-length simplified ``view``
    (whitespace the value was compacted from may sit between them)."""
    if value is None or view is text:
        return value
    if (i := view.find(value)) >= 0:
        return text[i : i + len(value)]
    if m := re.search(r"\s*".join(map(re.escape, value)), view):
        return re.sub(r"\s+", "", text[m.start() : m.end()])
    return value


def read_metadata(text: str, simplified: str | None = None) -> DocumentMetadata:
    """Metadata of a normalised text. Rules match on ``simplified`` (the same-length simplified-script
    view) when given; the strings returned are as written in ``text``."""
    view = simplified if simplified is not None else text
    meta = _read_metadata(view)
    return meta.model_copy(
        update={k: _as_written(getattr(meta, k), view, text) for k in ("title", "identifier", "publisher")}
    )


def _read_metadata(text: str) -> DocumentMetadata:
    head = text[:_HEAD]
    lines = [s.strip() for s in head.split("\n") if s.strip()]

    identifier = None
    for line in lines[:30]:
        if m := _DOC_NUMBER.match(re.sub(r"\s+", "", line)):
            identifier = m.group(1)
            break

    title, notice_issuer = _title(head, lines, text)

    publisher = None
    issued = None
    for i, line in enumerate(lines[:40]):
        if (m := _DATE.fullmatch(re.sub(r"\s+", "", line))) and (issued := _date(m)):
            if i and _ISSUER_LINE.match(lines[i - 1]) and not lines[i - 1].endswith("文件"):
                publisher = lines[i - 1]
            break
    if publisher is None and lines and lines[0].endswith("文件") and _ISSUER_LINE.match(lines[0]):
        publisher = lines[0][:-2]
    if publisher is None:
        publisher = notice_issuer

    period_start, period_end = _period(text, title)
    return DocumentMetadata(
        title=title,
        identifier=identifier,
        publisher=publisher,
        issued=issued,
        period_start=period_start,
        period_end=period_end,
        outlook=_outlook(text, title),
    )

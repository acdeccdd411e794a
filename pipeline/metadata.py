"""Document metadata read from the text: title, 文号, issuing body, date, plan period and horizon.

>>> m = read_metadata("绍兴市人民政府文件\\n绍政发〔2024〕6号\\n关于印发《绍兴市融杭发展规划》的通知\\n绍兴市人民政府\\n2024年3月19日\\n规划期限至2027年，展望至2035年。")
>>> (m.identifier, m.issued, m.period_end, m.outlook, m.title, m.publisher)
('绍政发〔2024〕6号', '2024-03-19', 2027, 2035, '绍兴市融杭发展规划', '绍兴市人民政府')
"""

from __future__ import annotations

import re

import cn2an

from plangraph.schema import DocumentMetadata

__all__ = ["read_metadata"]

_HEAD = 3000  # the header block of an official document sits in its first lines

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*\d{1,4}\s*号")
_DATE = re.compile(r"(\d{4}|[二〇○零一三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
_ISSUER_LINE = re.compile(r"^(中共)?[\u4e00-\u9fff]{2,24}(人民政府|委员会|办公室|办公厅|政府|局|委|厅)(文件)?$")
_TITLE_IN_NOTICE = re.compile(r"关于印发\s*《?([^《》\n]{4,60}?)》?\s*的通知")
_TITLE_LINE = re.compile(
    r"^[\u4e00-\u9fff“”\"()（）\d\s—-]{4,60}(规划纲要|规划|纲要|行动计划|行动方案|实施方案|方案|计划|意见|增长极|报告)"
    r"(（\d{4}[-—－–]\d{4}年?）|\(\d{4}[-—–]\d{4}年?\))?$"
)
_PERIOD_RANGE = re.compile(r"(?:规划期|规划期限|期限|实施期)[为是:：]?\s*(\d{4})\s*[-—–~至到]\s*(\d{4})\s*年")
_PERIOD_END = re.compile(r"(?:规划期限|规划期|规划年限|实施期限)[为是:：]?\s*(?:至|到)\s*(\d{4})\s*年")
_TITLE_RANGE = re.compile(r"[（(](\d{4})\s*[-—–]\s*(\d{4})\s*年?[）)]")
_OUTLOOK = re.compile(r"展望(?:至|到)?\s*(\d{4}|二[〇○零]\S{2})\s*年")
_FIVE_YEAR = re.compile(r"第?([十]?[一二三四五六七八九]|十)个?五年规划|“?(十[一二三四五六七八九]?五|[一二三四五六七八九]五)”?规划")


def _year(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.transform(text + "年", "cn2an")[:-1])


def _num(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def _five_year_period(text: str) -> tuple[int, int] | None:
    """第十五个五年规划 / “十五五”规划 → (2026, 2030).

    The 3rd plan began in 1966 after the 1963-65 adjustment years; from then on every five years.
    """
    m = _FIVE_YEAR.search(text)
    if not m:
        return None
    word = m.group(1) or m.group(2)[:-1]
    n = _num(word)
    start = 1953 + 5 * (n - 1) if n < 3 else 1966 + 5 * (n - 3)
    return start, start + 4


_PLAN_NAME = re.compile(
    r"([\u4e00-\u9fff“”]{4,40}?(?:行动计划|实施方案|行动方案|发展规划|规划纲要|专项规划))((?:（|\()\d{4}[-—–]\d{4}年?(?:）|\)))?"
)


_SELF_NAMED = re.compile(r"特(?:编制|制定|制订|出台)《?([^，。《》本]{4,40}?(?:规划|纲要|计划|方案))》?[。，]")


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


def read_metadata(text: str) -> DocumentMetadata:
    head = text[:_HEAD]
    lines = [s.strip() for s in head.split("\n") if s.strip()]

    identifier = None
    if m := _DOC_NUMBER.search(head):
        identifier = re.sub(r"\s+", "", m.group(0))

    title = None
    if m := _TITLE_IN_NOTICE.search(head.replace("\n", "")):
        title = re.sub(r"\s+", "", m.group(1))
    else:
        for line in lines[:15]:
            compact = re.sub(r"\s+", "", line)
            if _TITLE_LINE.match(compact) and not compact.endswith("文件"):
                title = compact
                break

    publisher = None
    issued = None
    for i, line in enumerate(lines[:40]):
        if m := _DATE.fullmatch(line):
            issued = f"{_year(m.group(1)):04d}-{_num(m.group(2)):02d}-{_num(m.group(3)):02d}"
            if i and _ISSUER_LINE.match(lines[i - 1]):
                publisher = lines[i - 1]
            break
    if publisher is None and lines and lines[0].endswith("文件") and _ISSUER_LINE.match(lines[0]):
        publisher = lines[0][:-2]

    if title is None:
        title = _recurring_plan_name(text)

    period_start = period_end = outlook = None
    if (p := _five_year_period(title or "")) is not None:
        period_start, period_end = p
    elif m := _PERIOD_RANGE.search(text):
        period_start, period_end = int(m.group(1)), int(m.group(2))
    elif m := _PERIOD_END.search(text):
        period_end = int(m.group(1))
    elif title and (m := _TITLE_RANGE.search(title)):
        period_start, period_end = int(m.group(1)), int(m.group(2))
    elif p := _five_year_period(title or head):
        period_start, period_end = p
    if m := _OUTLOOK.search(text[:20000]):
        outlook = _year(m.group(1))

    return DocumentMetadata(
        title=title,
        identifier=identifier,
        publisher=publisher,
        issued=issued,
        period_start=period_start,
        period_end=period_end,
        outlook=outlook,
    )

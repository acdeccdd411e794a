"""Segmentation: a document's normalised text → a section tree, paragraphs and tables.

Chinese official documents number their headings in a few grammars — 第X章/第X节, 一、, （一）,
1. and 1、, （1）, ①, 专栏N boxes and 附件N annexes — and nest them in the order a document first
uses them (a county plan may put 1、 above （一）). A heading may be run-in: “（一）指导思想。以…”
heads its paragraph up to the first 。. Section ids are paths of markers (``二/（一）/1``).

>>> s = segment_text("一、总体要求\\n（一）指导思想。以人民为中心。\\n（二）主要目标。到2027年，GDP达到1万亿元。\\n二、重点任务\\n")
>>> [(x.section_id, x.heading) for x in s.sections[1:]]
[('一', '总体要求'), ('一/（一）', '指导思想'), ('一/（二）', '主要目标'), ('二', '重点任务')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plangraph.pipeline.tables import TableBlock, find_table_blocks
from plangraph.schema import Document, Paragraph, Section, SegmentedDoc, Table

__all__ = ["segment", "segment_text", "HEADING_STYLES"]

_CN = "一二三四五六七八九十百零〇"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (style, kind, pattern). The pattern matches the marker at the start of a line; group "n" is the
# number. Order matters: longer, more specific markers first.
HEADING_STYLES: list[tuple[str, str, re.Pattern[str]]] = [
    ("annex", "annex", re.compile(r"^附\s*件\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})?(?![\u4e00-\u9fff])[、.．:：]?\s*")),
    ("box", "box", re.compile(rf"^专\s*栏\s*(?P<n>\d{{1,2}}|[{_CN}]{{1,3}})(?!\d)\s*")),
    ("chapter", "chapter", re.compile(rf"^第\s*(?P<n>[{_CN}\d]{{1,4}})\s*[章篇]\s*")),
    ("jie", "part", re.compile(rf"^第\s*(?P<n>[{_CN}\d]{{1,4}})\s*节\s*")),
    ("cn-dun", "part", re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})\s*[、．.]\s*")),
    ("cn-paren", "subpart", re.compile(r"^[（(]\s*(?P<n>[一二三四五六七八九十]{1,3})\s*[）)]\s*")),
    ("ar-dun", "item", re.compile(r"^(?P<n>\d{1,2})\s*、\s*")),
    ("ar-dot", "item", re.compile(r"^(?P<n>\d{1,2})\s*[.．](?!\d)\s*")),
    ("ar-paren", "subitem", re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]\s*")),
    ("circled", "circled", re.compile(r"^(?P<n>[①-⑳])\s*")),
]

# A run-in heading ends at the first 。 when that comes early; a longer first sentence is body text.
_RUN_IN_MAX = 60
_HEADING_LINE_MAX = 90


@dataclass
class _Open:
    section_id: str
    level: int
    style: str
    kind: str
    marker: str
    heading: str
    start: int
    heading_start: int
    heading_end: int
    parent_id: str
    number: int | None


def _number(n: str | None) -> int | None:
    if not n:
        return None
    if n in _CIRCLED:  # before isdigit(): "①".isdigit() is True
        return _CIRCLED.index(n) + 1
    if n.isascii() and n.isdigit():
        return int(n)
    import cn2an

    try:
        return int(cn2an.cn2an(n, "smart"))
    except (ValueError, KeyError):
        return None


def _match_heading(line: str, simplified: str) -> tuple[str, str, re.Match[str]] | None:
    for style, kind, pattern in HEADING_STYLES:
        m = pattern.match(simplified)
        if m:
            rest = simplified[m.end() :]
            if style in ("ar-dot", "ar-dun", "cn-dun") and not re.match(r"[\u4e00-\u9fff“《\"'A-Za-z（(]|\d{4}年", rest):
                continue  # "1.8万" or "2、3" is a number, not a heading
            if style == "annex" and m.group("n") is None and rest and not re.match(r"[:：\s]|$", rest[:1]):
                continue  # 附件 as an ordinary word
            return style, kind, m
    return None


def _heading_span(rest: str) -> tuple[int, bool]:
    """Length of the heading text in the rest of the line, and whether the heading is run-in."""
    stop = rest.find("。")
    if 0 < stop <= _RUN_IN_MAX and stop < len(rest.rstrip()) - 1:
        return stop, True
    body = rest.rstrip()
    if len(body) <= _HEADING_LINE_MAX and not body.endswith("。"):
        return len(body), False
    if 0 < stop <= _RUN_IN_MAX:  # one sentence only: it is the heading
        return stop, True
    # A numbered paragraph: the heading is its first clause.
    comma = re.search(r"[，；：,;]", rest)
    return (comma.start() if comma and comma.start() <= _RUN_IN_MAX else min(len(body), 30)), True


def _marker_text(style: str, n: str | None) -> str:
    if style == "annex":
        return f"附件{n or ''}"
    if style == "box":
        return f"专栏{n}"
    if style == "chapter":
        return f"第{n}章"
    if style == "jie":
        return f"第{n}节"
    if style == "cn-paren":
        return f"（{n}）"
    if style == "ar-paren":
        return f"（{n}）"
    return n or ""


def segment(doc: Document) -> SegmentedDoc:
    return _segment(doc)


def segment_text(text: str, doc_id: str = "doc") -> SegmentedDoc:
    """Segment a plain normalised text (for tests and tools)."""
    import hashlib

    from plangraph.pipeline.simplify import simplified_view

    document = Document(
        doc_id=doc_id,
        source_file=f"{doc_id}.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="txt",
        text=text,
        simplified=simplified_view(text),
    )
    return _segment(document)


def _segment(doc: Document) -> SegmentedDoc:
    text, simp = doc.text, doc.simplified
    blocks = _table_blocks(doc)
    table_lines: dict[int, TableBlock] = {}
    skip_lines: set[int] = set()
    lines = _line_spans(text)
    for b in blocks:
        for k in range(b.first_line, b.last_line + 1):
            skip_lines.add(k)
        for k in [b.title_line, b.note_line, *b.extra_lines]:
            if k is not None:
                skip_lines.add(k)
        table_lines[b.first_line] = b
    hinted = {start: level for start, _end, level in doc.heading_hints}

    root = Section(
        section_id="/",
        level=0,
        kind="document",
        marker="",
        heading=doc.metadata.title or doc.source_file,
        start=0,
        end=len(text),
        heading_start=0,
        heading_end=0,
    )
    closed: list[Section] = [root]
    stack: list[_Open] = []
    style_level: dict[str, int] = {}
    used_ids: set[str] = {"/"}
    last_number: dict[tuple[str, str], int] = {}
    paragraphs: list[Paragraph] = []
    tables: list[Table] = []

    def close_until(level: int, at: int) -> None:
        while stack and stack[-1].level >= level:
            o = stack.pop()
            closed.append(
                Section(
                    section_id=o.section_id, level=o.level, kind=o.kind, marker=o.marker, heading=o.heading,
                    start=o.start, end=at, heading_start=o.heading_start, heading_end=o.heading_end,
                    parent_id=o.parent_id,
                )
            )

    def current_id() -> str:
        return stack[-1].section_id if stack else "/"

    def open_section(style: str, kind: str, marker: str, number: int | None, level: int, start: int,
                     hs: int, he: int) -> None:
        close_until(level, start)
        parent = current_id()
        base = marker if parent == "/" else f"{parent}/{marker}"
        sid, k = base, 2
        while sid in used_ids:
            sid, k = f"{base}~{k}", k + 1
        used_ids.add(sid)
        box_depth = _innermost_box(stack)
        stack.append(_Open(sid, level, style, kind, marker, text[hs:he].strip(), start, hs, he, parent, number))
        if number is not None:
            last_number[(parent, style)] = number
            if box_depth is not None:  # a box keeps its own count of every list inside it
                last_number[(stack[box_depth].section_id, style)] = number

    annex_refs = _annex_references(lines, simp)

    for i, (start, end) in enumerate(lines):
        if i in table_lines:
            b = table_lines[i]
            table_start = lines[b.title_line][0] if b.title_line is not None else b.table.start
            parent = current_id()
            tid = f"表{len(tables) + 1}"
            sid = tid if parent == "/" else f"{parent}/{tid}"
            table = b.table.model_copy(update={"table_id": sid, "section_path": parent})
            tables.append(table)
            table_end = lines[b.note_line][1] if b.note_line is not None else b.table.end
            closed.append(
                Section(
                    section_id=sid, level=(stack[-1].level if stack else 0) + 1, kind="table", marker=tid,
                    heading=table.title or "", start=table_start, end=table_end,
                    heading_start=table_start, heading_end=table_start + len(table.title or ""), parent_id=parent,
                )
            )
            continue
        if i in skip_lines:
            continue
        raw = text[start:end]
        if not raw.strip():
            continue
        lead = len(raw) - len(raw.lstrip(" \t\u3000"))
        s0 = start + lead
        line, sline = text[s0:end], simp[s0:end]
        found = None if i in annex_refs else _match_heading(line, sline)
        hint = hinted.get(start) or hinted.get(s0)
        if found is None and hint:
            # A docx heading style without a number: a heading all the same.
            level = hint
            close_until(level, s0)
            open_section(f"h{hint}", "heading", line.strip()[:20], None, level, s0, s0, end)
            continue
        if found is not None:
            style, kind, m = found
            rest = sline[m.end() :]
            span, run_in = _heading_span(rest)
            number = _number(m.group("n"))
            marker = _marker_text(style, m.group("n"))
            hs, he = s0 + m.end(), s0 + m.end() + span
            if style == "annex":
                style_level.clear()
                close_until(1, s0)
                style_level["annex"] = 1
                if hs >= he:  # "附件1" alone on its line: the caption below names it
                    hs, he = _next_line_span(lines, i, text)
                open_section(style, kind, marker, number, 1, s0, hs, he)
                if not run_in:
                    continue
            elif style == "box":
                level = (stack[-1].level if stack else 0) + 1
                # A box nests under the section it sits in; its own items number from 1.
                open_section(style, kind, marker, number, level, s0, hs, he)
            else:
                level = _level_for(style, number, stack, style_level, last_number)
                open_section(style, kind, marker, number, level, s0, hs, he)
            if run_in or not (he >= end - 1):
                paragraphs.append(Paragraph(section_id=current_id(), start=s0, end=end, text=text[s0:end]))
            continue
        paragraphs.append(Paragraph(section_id=current_id(), start=s0, end=end, text=line))

    close_until(0, len(text))
    sections = sorted(closed, key=lambda s: (s.start, s.level))
    return SegmentedDoc(document=doc, sections=tuple(sections), paragraphs=tuple(paragraphs), tables=tuple(tables))


def _innermost_box(stack: list[_Open]) -> int | None:
    return next((k for k in range(len(stack) - 1, -1, -1) if stack[k].style == "box"), None)


def _level_for(style: str, number: int | None, stack: list[_Open], style_level: dict[str, int],
               last_number: dict[tuple[str, str], int]) -> int:
    """The level of a numbered heading, read off the open sections.

    * A style already open on the stack is a sibling there: （二） closes （一） and all below it.
    * A list that starts (number 1, or no number) nests under the current section.
    * A number n > 1 of a style not open continues the open section numbered n - 1 (a converter
      turned 一、 into 1、 and left 二、 as it was), preferring one of the same kind.
    * Inside a 专栏 box, a number that continues the box's own list stays in the box; any other
      falls out of the box.
    """
    outside = stack
    box_depth = _innermost_box(stack)
    if box_depth is not None:
        box = stack[box_depth]
        expected = last_number.get((box.section_id, style), 0) + 1
        if number is None or number == expected:
            return next((o.level for o in stack[box_depth + 1 :] if o.style == style), box.level + 1)
        outside = stack[:box_depth]
    same = next((o for o in reversed(outside) if o.style == style), None)
    if same is not None:
        return same.level
    top = outside[-1].level if outside else 0
    if number is None or number == 1:
        style_level.setdefault(style, top + 1)
        return top + 1
    kind = next(k for st, k, _ in HEADING_STYLES if st == style)
    previous = next((o for o in reversed(outside) if o.number == number - 1 and o.kind == kind), None)
    previous = previous or next((o for o in outside if o.number == number - 1), None)
    if previous is not None:
        return previous.level
    return style_level.get(style, top + 1)


def _annex_references(lines: list[tuple[int, int]], simp: str) -> set[int]:
    """Lines naming an annex that are a list of annexes, not the annex itself: every annex
    heading but the last one with its number (附件：1.… 2.… at the end of the body)."""
    last: dict[str, int] = {}
    seen: list[tuple[int, str]] = []
    for i, (start, end) in enumerate(lines):
        line = simp[start:end].lstrip(" \t")
        m = HEADING_STYLES[0][2].match(line)
        if m and _match_heading(line, line) is not None:
            key = m.group("n") or ""
            last[key] = i
            seen.append((i, key))
    return {i for i, key in seen if last[key] != i}


def _next_line_span(lines: list[tuple[int, int]], i: int, text: str) -> tuple[int, int]:
    for start, end in lines[i + 1 :]:
        if text[start:end].strip():
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            return start + lead, end
    return lines[i][1], lines[i][1]


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for raw in text.split("\n"):
        spans.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return spans


def _table_blocks(doc: Document) -> list[TableBlock]:
    """Tables the source format marked (docx, html) win over tables found in the text."""
    found = find_table_blocks(doc.text)
    if not doc.table_hints:
        return found
    spans = _line_spans(doc.text)
    starts = {s: i for i, (s, _) in enumerate(spans)}
    blocks = []
    for t in doc.table_hints:
        first = starts.get(t.start)
        last = next((i for i, (s, e) in enumerate(spans) if s <= t.end <= e), None)
        if first is not None and last is not None:
            blocks.append(TableBlock(t, first, last))
    return blocks

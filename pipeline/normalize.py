r"""Normalisation: one clean text that every later offset refers to.

Conversion artefacts go (``[bookmark: _Toc21961]``, lone page numbers), full-width digits, Latin
letters and spaces become half-width while Chinese punctuation stays, and hard-wrapped lines are
rejoined into paragraphs without gluing real paragraphs together.

>>> normalize_text("１２３ＡＢ　（一）")
'123AB （一）\n'
>>> normalize_text("这是一段被硬换行切断的很长的句子，它的第一行没有句末标点并且足够长所以\n\n应该与下一行连接。")
'这是一段被硬换行切断的很长的句子，它的第一行没有句末标点并且足够长所以应该与下一行连接。\n'
"""

from __future__ import annotations

import re
import statistics

__all__ = ["halfwidth", "normalize_text", "is_heading_line", "TERMINAL_PUNCT"]

# Full-width forms of digits, Latin letters and a few ASCII symbols map 1:1 to half-width; the
# mapping keeps string length, so it can be applied to text whose offsets are already fixed.
_HALFWIDTH = {0x3000: " "}
for _cp in range(0xFF10, 0xFF1A):  # ０-９
    _HALFWIDTH[_cp] = chr(_cp - 0xFEE0)
for _cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # Ａ-Ｚ ａ-ｚ
    _HALFWIDTH[_cp] = chr(_cp - 0xFEE0)
for _ch in "．％＋－＝＜＞／＆＠＃":  # symbols inside numbers and units, not Chinese punctuation
    _HALFWIDTH[ord(_ch)] = chr(ord(_ch) - 0xFEE0)
_HALFWIDTH[0xA0] = " "  # no-break space from HTML/docx

# A line ending in one of these closes its paragraph; anything else may be a hard wrap.
TERMINAL_PUNCT = "。！？；：…”」』）)》.!?;:"

_ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]|\[(?:image|picture):[^\]]*\]", re.I)
# A page number alone on its line: "3", "- 3 -", "—3—", "第3页", "3/12".
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?(?:\s*[-—–])?\s*$")

# Heading openers: a line starting with one of these is never the continuation of the line above.
_HEADING_START = re.compile(
    r"""^\s*(?:
        第[一二三四五六七八九十百零〇\d]+[章节篇部分]      # 第一章 / 第二节
      | [一二三四五六七八九十]+[、．.]                      # 一、
      | [（(][一二三四五六七八九十]+[）)]                   # （一）
      | \d{1,2}[.．、](?!\d)                                # 1. 1、
      | [（(]\d{1,2}[）)]                                   # （1）
      | [①-⑳]                                             # ①
      | 专栏\s*\d*                                          # 专栏3
      | 附件\s*\d*                                          # 附件1
      | 附表\s*\d*
      | 注[:：]
      | [—-]{2}                                             # ——在…上打头阵 list items
    )""",
    re.X,
)


_WIDE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_HALFWIDTH)) + "]")


def halfwidth(text: str) -> str:
    """Full-width digits, letters, spaces and number symbols to half-width (length-preserving)."""
    # Full-width characters are few in most documents: replacing each match beats str.translate,
    # which looks every character up in a dict.
    return _WIDE.sub(_narrow, text)


def _narrow(m: re.Match[str]) -> str:
    return _HALFWIDTH[ord(m.group())]


def is_heading_line(line: str) -> bool:
    return bool(_HEADING_START.match(line))


def _is_table_line(line: str) -> bool:
    return "\t" in line


def _wrap_width(lines: list[str]) -> int:
    """The width hard-wrapped lines were cut at: the upper median of long lines' lengths."""
    lengths = sorted(len(s.strip()) for s in lines if len(s.strip()) >= 20 and not _is_table_line(s))
    if len(lengths) < 5:
        return 0
    return int(statistics.median_high(lengths[len(lengths) // 2 :]))


def _continues(prev: str, nxt: str, wrap_width: int) -> bool:
    """Is nxt the continuation of prev, cut by a hard line wrap?"""
    p, n = prev.rstrip(), nxt.strip()
    if not p or not n or _is_table_line(prev) or _is_table_line(nxt):
        return False
    if p[-1] in TERMINAL_PUNCT:
        return False
    if is_heading_line(n) or _PAGE_NUMBER.match(n):
        return False
    if n[0] in "，、。；：）)”":  # a line cannot start with these: surely a wrap
        return True
    if not re.search(r"[，、；。：,;]", p):
        return False  # a long line without any clause punctuation is a title, not wrapped prose
    if re.search(r"[。！？][^。！？]+$", p):
        return True  # a sentence ended and the next one breaks off mid-way
    length = len(p.strip())
    # A short line without final punctuation is a heading or a title, not a wrapped sentence.
    threshold = 30 if not wrap_width else min(30, int(wrap_width * 0.8))
    return length >= threshold


def normalize_text(raw: str) -> str:
    """Clean a plain-text document into paragraphs, one per line."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _ARTEFACTS.sub("", text)
    text = halfwidth(text)
    lines = text.split("\n")
    lines = _drop_page_numbers(lines)
    width = _wrap_width(lines)

    out: list[str] = []
    pending_blank = False
    for line in lines:
        if not line.strip():
            # A lone tab inside a one-cell-per-line table is an empty (merged) cell, not a blank.
            if "\t" in line and out and out[-1].startswith("\t"):
                if pending_blank:  # the empty cell opens a row: keep the row break before it
                    out.append("")
                    pending_blank = False
                out.append("\t")
                continue
            pending_blank = True
            continue
        if out and _continues(out[-1], line, width):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            if out and pending_blank:
                out.append("")  # keep paragraph breaks; in one-cell-per-line tables they end a row
            out.append(_clean_line(line))
        pending_blank = False
    return "\n".join(out).strip("\n") + "\n" if out else ""


def _clean_line(line: str) -> str:
    """Trim outer spaces of prose lines; table lines keep their tabs (cells are tab-led)."""
    if _is_table_line(line):
        return line.rstrip(" ")
    return re.sub(r"[ \u3000]{2,}", " ", line.strip())


def _drop_page_numbers(lines: list[str]) -> list[str]:
    """Remove lone page-number lines, but not a number cell of a one-cell-per-line table (a tab-led
    line next to another tab-led cell line)."""
    keep: list[str] = []
    for i, line in enumerate(lines):
        if _PAGE_NUMBER.match(line):
            nxt = next((s for s in lines[i + 1 :] if s.strip()), "")
            prev = next((s for s in reversed(lines[:i]) if s.strip()), "")
            in_table = line.lstrip(" ").startswith("\t") and (nxt.startswith("\t") or prev.startswith("\t"))
            if not in_table:
                continue
        keep.append(line)
    return keep

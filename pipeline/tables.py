"""Tables found in plain text: tab-separated rows, and tables linearised one cell per line.

Two layouts come out of converted Word files:

* **tab-separated rows** — one table row per line, cells split by tabs (``新建\\t绍兴市…工程``);
  a page break may repeat the header, with a different column count;
* **one cell per line** — each cell on its own tab-led line, a blank line between rows; a cell may
  wrap onto a following line without a tab, and a cell may lose its tab.

Empty merged cells take the value of the row above and are marked ``carried``. Every cell keeps
offsets into the normalised text, so ``text[cell.start:cell.end] == cell.text`` unless carried.

>>> t = find_tables("表\\n名称\\t数量\\n甲\\t1\\n\\t2\\n")[0]
>>> [c.text for c in t.rows[1].cells], t.rows[1].cells[0].carried
(['甲', '2'], True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plangraph.schema import Cell, Row, Table

__all__ = ["find_tables", "header_role", "TableBlock"]

_NOTE = re.compile(r"^\s*(注|说明|备注)\s*[:：]")


@dataclass
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip(" \u3000")  # a lone tab is an empty cell, not a blank line

    @property
    def tab_led(self) -> bool:
        return self.text.startswith("\t") or self.text.startswith(" \t")


@dataclass
class TableBlock:
    """A table with the line range it covers (so segmentation can skip those lines)."""

    table: Table
    first_line: int
    last_line: int
    title_line: int | None = None
    note_line: int | None = None
    extra_lines: list[int] = field(default_factory=list)


def header_role(header_cell: str, roles: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
    """The first role whose pattern the header cell matches: each table extractor keeps its own
    vocabulary of roles (indicator tables, project tables), read the same way."""
    return next((role for role, pattern in roles if pattern.search(header_cell)), None)


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _split_cells(line: _Line) -> list[Cell]:
    cells, pos = [], line.start
    for part in line.text.split("\t"):
        lead = len(part) - len(part.lstrip())
        stripped = part.strip()
        cells.append(Cell(text=stripped, start=pos + lead, end=pos + lead + len(stripped)))
        pos += len(part) + 1
    return cells


def _norm_header(texts: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", t) for t in texts]


def _is_group_row(cells: list[Cell]) -> bool:
    filled = [c for c in cells if c.text]
    return len(filled) == 1 and len(cells) >= 2 and cells[0].text != "" and not cells[0].text.isdigit()


# Columns that group rows: an empty cell under one of these headers is a vertically merged cell.
_GROUP_HEADER = re.compile(r"类型|类别|分类|领域|阶段|板块|行动|方向|专项|所属|区域|片区|层级|性质|序号")


def _carry_down(rows: list[list[Cell]], width: int, header: list[str] | None = None) -> list[Row]:
    """Fill empty cells from the row above where the source had merged cells.

    Leading empty cells are merged cells of the columns that group rows (类型, 阶段, 序号…), and so
    is any empty cell under a grouping header (行动领域, 项目类型). When a row is a sub-row (its
    序号-like leading cells are all carried), its trailing empty cells are merged too (属性 spanning
    both sub-rows). Other empty cells stay empty: a missing 建设单位 is not the one above.
    """
    grouping = {i for i, h in enumerate(header or []) if h and _GROUP_HEADER.search(h)}
    out: list[Row] = []
    above: list[Cell] | None = None
    for cells in rows:
        cells = cells + [Cell(text="", start=cells[-1].end, end=cells[-1].end)] * (width - len(cells))
        if _is_group_row(cells):
            out.append(Row(cells=tuple(cells), start=cells[0].start, end=cells[-1].end, is_group=True))
            continue
        filled = [i for i, c in enumerate(cells) if c.text]
        if above is not None and filled:
            first, last = filled[0], filled[-1]
            sub_row = first >= 2 or (first >= 1 and not cells[0].text and above[0].text.isdigit())
            new = list(cells)
            for i, c in enumerate(cells):
                carry = i < first or i in grouping or (sub_row and i > last and first >= 2)
                if not c.text and carry and above[i].text:
                    new[i] = Cell(text=above[i].text, start=c.start, end=c.end, carried=True)
            cells = new
        out.append(Row(cells=tuple(cells), start=cells[0].start, end=cells[-1].end))
        above = cells
    return out


def _header_like(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return False
    numeric = sum(1 for c in filled if re.fullmatch(r"[\d.%*\[\]\s—-]+", c))
    return numeric == 0 and all(len(c) <= 24 for c in filled)


def _tsv_blocks(lines: list[_Line]) -> list[tuple[int, int]]:
    """Runs of tab-separated rows. A run starts at a line with a tab that is not a lone tab-led
    cell (one-cell-per-line layout) and goes on over every following line that has a tab, so a
    row whose first cell is empty (``\t杭金衢高速…``) stays in its table."""
    blocks, i = [], 0
    while i < len(lines):
        ln = lines[i]
        if "\t" in ln.text and (not ln.tab_led or ln.text.count("\t") >= 2):
            j = i
            while j + 1 < len(lines) and "\t" in lines[j + 1].text:
                j += 1
            if j > i:
                blocks.append((i, j))
            i = j + 1
        else:
            i += 1
    return blocks


def _title_before(lines: list[_Line], i: int) -> int | None:
    """The caption line right above a table (skipping blanks), if it is short and not prose."""
    j = i - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    if j >= 0 and "\t" not in lines[j].text and 2 <= len(lines[j].text.strip()) <= 60 and not lines[j].text.rstrip().endswith("。"):
        return j
    return None


def _note_after(lines: list[_Line], j: int) -> int | None:
    k = j + 1
    while k < len(lines) and lines[k].blank:
        k += 1
    if k < len(lines) and _NOTE.match(lines[k].text):
        return k
    return None


def _tsv_tables(lines: list[_Line]) -> list[TableBlock]:
    blocks = _tsv_blocks(lines)
    # A header repeated after a page break continues the table above it.
    merged: list[list[tuple[int, int]]] = []
    for b in blocks:
        if merged:
            prev_first = merged[-1][0][0]
            gap = [ln for ln in lines[merged[-1][-1][1] + 1 : b[0]] if not ln.blank]
            same_header = _similar_header(lines[prev_first], lines[b[0]])
            if same_header and len(gap) <= 1:
                merged[-1].append(b)
                continue
        merged.append([b])

    out: list[TableBlock] = []
    for group in merged:
        header_line = lines[group[0][0]]
        header_cells = _split_cells(header_line)
        header = _norm_header([c.text for c in header_cells])
        width = len(header)
        raw_rows: list[list[Cell]] = []
        extra: list[int] = []
        for bi, (a, z) in enumerate(group):
            own_header = _norm_header([c.text for c in _split_cells(lines[a])])
            mapping = _column_map(own_header, header) if bi else list(range(width))
            if bi:
                extra.extend(range(group[bi - 1][1] + 1, a + 1))
            for k in range(a + 1, z + 1):
                if lines[k].blank:
                    continue
                cells = _split_cells(lines[k])
                aligned = [Cell(text="", start=lines[k].start, end=lines[k].start)] * max(width, len(cells))
                aligned = list(aligned)
                for ci, cell in enumerate(cells):
                    target = mapping[ci] if ci < len(mapping) else ci
                    if target < len(aligned):
                        aligned[target] = cell
                raw_rows.append(aligned[:width] if len(cells) <= width else aligned)
        rows = _carry_down(raw_rows, max(width, max((len(r) for r in raw_rows), default=width)), header)
        out.append(_block(lines, group[0][0], group[-1][1], header, rows, extra))
    return out


def _block(lines: list[_Line], first: int, last: int, header: list[str], rows: list[Row],
           extra: list[int] | None = None) -> TableBlock:
    """A table over lines first..last, with the caption above it and the note below it."""
    title = _title_before(lines, first)
    note = _note_after(lines, last)
    table = Table(
        table_id="",
        title=lines[title].text.strip() if title is not None else None,
        header=tuple(header),
        rows=tuple(rows),
        start=lines[first].start + len(lines[first].text) - len(lines[first].text.lstrip()),
        end=lines[last].end,
        note=lines[note].text.strip() if note is not None else None,
    )
    return TableBlock(table, first, last, title, note, extra or [])


def _similar_header(a: _Line, b: _Line) -> bool:
    ha = [c for c in _norm_header(a.text.split("\t")) if c]
    hb = [c for c in _norm_header(b.text.split("\t")) if c]
    if not ha or not hb:
        return False
    common = len(set(ha) & set(hb))
    return common >= max(2, int(0.7 * min(len(ha), len(hb))))


def _column_map(own: list[str], main: list[str]) -> list[int]:
    """Map each column of a repeated header onto the main header's column of the same name."""
    mapping, used = [], set()
    for name in own:
        idx = next((i for i, m in enumerate(main) if m == name and i not in used and m), None)
        if idx is None:
            idx = next((i for i in range(len(main)) if i not in used and not main[i]), len(main))
        used.add(idx)
        mapping.append(idx)
    return mapping


def _cell_per_line_tables(lines: list[_Line]) -> list[TableBlock]:
    """Tables whose cells are tab-led lines, rows separated by blank lines."""
    out: list[TableBlock] = []
    i = 0
    while i < len(lines):
        if not (lines[i].tab_led and lines[i].text.count("\t") == 1):
            i += 1
            continue
        # Collect row groups: runs of non-blank lines separated by single blank lines.
        groups: list[list[int]] = []
        j = i
        while j < len(lines):
            if lines[j].blank:
                j += 1
                continue
            if not lines[j].tab_led:
                break
            g = [j]
            j += 1
            while j < len(lines) and not lines[j].blank:
                g.append(j)
                j += 1
            groups.append(g)
        header_cells = _group_cells(lines, groups[0], None) if groups else []
        width = len(header_cells)
        if len(groups) < 2 or width < 2:
            # One column is a framed text box (专栏) set as a table in Word: prose, not a table.
            i = j
            continue
        header = _norm_header([c.text for c in header_cells])
        rows_cells = [_group_cells(lines, g, width) for g in groups[1:]]
        rows = _carry_down(rows_cells, width, header)
        out.append(_block(lines, groups[0][0], groups[-1][-1], header, rows))
        i = j
    return out


def _group_cells(lines: list[_Line], group: list[int], width: int | None) -> list[Cell]:
    """Cells of one row: each tab-led line starts a cell; a line without a tab continues the cell
    above (a wrapped cell) — unless the row is short of cells, when it is a cell that lost its tab."""
    parts: list[tuple[int, bool]] = [(k, lines[k].tab_led) for k in group]
    tab_count = sum(1 for _, t in parts if t)
    promote = max(0, (width or 0) - tab_count)
    # Promote untabbed lines to cells from the last one backwards.
    promoted = set()
    for k, tabbed in reversed(parts):
        if promote and not tabbed:
            promoted.add(k)
            promote -= 1
    cells: list[list[_Line]] = []
    for k, tabbed in parts:
        if tabbed or k in promoted or not cells:
            cells.append([lines[k]])
        else:
            cells[-1].append(lines[k])
    out = []
    for chunk in cells:
        pieces = [(ln.start + len(ln.text) - len(ln.text.lstrip()), ln.text.strip()) for ln in chunk]
        pieces = [(s, t) for s, t in pieces if t]
        if not pieces:
            s = chunk[0].end
            out.append(Cell(text="", start=s, end=s))
            continue
        text = "".join(t for _, t in pieces)
        start = pieces[0][0]
        end = pieces[-1][0] + len(pieces[-1][1])
        out.append(Cell(text=text, start=start, end=end))
    if width and len(out) > width:
        # More cells than columns: the surplus joins the last column rather than being dropped.
        last = out[width - 1 :]
        out = out[: width - 1] + [Cell(text="".join(c.text for c in last), start=last[0].start, end=last[-1].end)]
    return out


def find_tables(text: str) -> list[TableBlock] | list[Table]:
    """All tables in a plain text, in document order (as :class:`TableBlock` with line ranges)."""
    return [b.table for b in find_table_blocks(text)]


def find_table_blocks(text: str) -> list[TableBlock]:
    lines = _lines(text)
    blocks = _tsv_tables(lines) + _cell_per_line_tables(lines)
    blocks.sort(key=lambda b: b.first_line)
    # Drop overlaps (a tab-separated run inside a cell-per-line table).
    out: list[TableBlock] = []
    for b in blocks:
        if out and b.first_line <= out[-1].last_line:
            continue
        out.append(b)
    return out

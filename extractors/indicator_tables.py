"""Indicator tables: a plan's table of main indicators → one target per goal it sets.

An indicator table has a column naming the indicator and columns of figures: a base year
(2025年, 基期), a target year (2030年, 目标值), a period figure (“十五五”年均/累计), and often a unit
and an attribute (预期性/约束性). Columns are recognised by what their header says, never by
position, so 单位 and 属性 may come before the years. A row gives:

* a target for each target-year column with a figure or a goal in words (完成省下达目标 → value
  None, pg:valueText), with the base-year figure as its baseline (``5.2*``: the year the table's
  note names, else the year before the base year);
* a target for the period figure (年均 → ``period="annual"``, ``[18]`` → five-year cumulative);
* the bindingness from the attribute column.

Sub-rows (执业医师数 / 注册护士数 under 每千人拥有医护人员数) are separate targets, and a cell with
two figures for a label naming two indicators (执业医师数/注册护士数 | 4/5) gives two.

>>> from plangraph.schema import Table, Row, Cell
>>> def row(*texts):
...     return Row(cells=tuple(Cell(text=t, start=0, end=0) for t in texts), start=0, end=0)
>>> t = Table(table_id="表1", header=("指标名称", "2025年", "2030年", "属性"),
...           rows=(row("常住人口城镇化率（%）", "75", "78左右", "预期性"),), start=0, end=0)
>>> [(r.indicator_label, str(r.value), r.unit, r.comparator, r.target_year, str(r.baseline_value), r.baseline_year, r.bindingness)
...  for r in read_table(t, doc_id="d", text="")]
[('常住人口城镇化率', '78', '%', 'approx', 2030, '75', 2025, '预期性')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from plangraph.extractors import ExtractContext, register
from plangraph.extractors.indicators import indicator_key, strip_unit
from plangraph.extractors.numbers import find_values, parse_cell
from plangraph.pipeline.simplify import simplified_view
from plangraph.pipeline.tables import header_role
from plangraph.schema import Amount, Observation, Provenance, SegmentedDoc, Table, Target

__all__ = [
    "Layout",
    "table_layout",
    "read_table",
    "read_indicator_tables",
    "IndicatorTablesExtractor",
    "make_indicator_tables",
    "HEADER_ROLES",
]

# Header words by role, checked in this order (a header matches the first role whose rule fits).
HEADER_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("serial", re.compile(r"^(?:序号|编号|序)$")),
    ("category", re.compile(r"^(?:类型|类别|领域|维度|分类|一级指标|方面)$")),
    ("unit", re.compile(r"^(?:计量)?单位$")),
    ("attribute", re.compile(r"^(?:指标)?(?:属性|性质)$")),
    ("name", re.compile(r"^(?:主要|具体|二级)?指标(?:名称|项|内容)?$|^名称$")),
    # period figures: “十五五”年均/累计, 年均增长, 五年累计
    ("period", re.compile(r"年均|累计|五年|“?十[一二三四五六七八九]五”?(?!年)")),
    # a column of actual figures (review tables)
    ("actual", re.compile(r"实际|实绩|完成值|完成情况|现状值?$|基期|基准")),
    ("target", re.compile(r"目标|规划值|预期值|(?:19|20)\d{2}")),
)

_YEAR = re.compile(r"((?:19|20)\d{2})")
_BASE_WORDS = re.compile(r"基期|基准|现状")
_ACTUAL_WORDS = re.compile(r"实际|实绩|完成")
_GROWTH_LABEL = re.compile(r"(?:增长|增速|增长率|增幅|提高|提升)$")
_DECLINE_LABEL = re.compile(r"(?:下降|下降率|降低|降低率|减少|减少率)$")
_BINDING = ("预期性", "约束性")
_STAR_NOTE = re.compile(r"[*＊]\s*(?:号)?(?:的|者)?\s*(?:为|是|表示|系)\s*(?P<y>(?:19|20)\d{2})\s*年")
_CUMULATIVE_NOTE = re.compile(r"[\[［【]\s*[\]］】]\s*(?:内)?(?:为|是|表示)\s*(?:\d|五)\s*年累计")


@dataclass
class Layout:
    """What each column of an indicator table holds."""

    name: int
    sub: int | None = None  # an unnamed column of sub-indicators (执业医师数)
    unit: int | None = None
    attribute: int | None = None
    base: list[tuple[int, int | None]] = field(default_factory=list)  # (column, year)
    targets: list[tuple[int, int | None]] = field(default_factory=list)
    actual: list[tuple[int, int | None]] = field(default_factory=list)
    period: int | None = None
    period_kind: str | None = None  # "annual", "cumulative" or None (both: brackets decide)
    period_growth: bool = False  # the header says 年均增长: an annual figure is the growth rate in %


def _clean(h: str) -> str:
    return re.sub(r"\s+", "", simplified_view(h))


def table_layout(header: tuple[str, ...], rows=(), ref_year: int | None = None) -> Layout | None:
    """The layout of an indicator table from its header, or None when it is not one.

    >>> l = table_layout(("序号", "指标", "单位", "属性", "2022年", "2025年", "2027年"))
    >>> (l.name, l.unit, l.attribute, l.base, l.targets)
    (1, 2, 3, [(4, 2022)], [(5, 2025), (6, 2027)])
    >>> table_layout(("序号", "项目名称", "总投资（亿元）", "建设期限")) is None
    True
    """
    roles: dict[int, str] = {}
    for i, raw in enumerate(header):
        h = _clean(raw)
        if not h:
            continue
        role = header_role(h, HEADER_ROLES)
        if role:
            roles[i] = role
    names = [i for i, r in roles.items() if r == "name"]
    if not names:
        return None
    layout = Layout(name=names[0])
    years: list[tuple[int, int | None, str]] = []
    for i, role in sorted(roles.items()):
        h = _clean(header[i])
        if role == "unit":
            layout.unit = i
        elif role == "attribute":
            layout.attribute = i
        elif role == "period" and layout.period is None:
            layout.period = i
            has_annual, has_cum = "年均" in h, "累计" in h
            layout.period_growth = bool(re.search(r"增长|增速", h))
            layout.period_kind = "annual" if has_annual and not has_cum else "cumulative" if has_cum and not has_annual else None
        elif role in ("actual", "target"):
            m = _YEAR.search(h)
            kind = "actual" if _ACTUAL_WORDS.search(h) else "base" if _BASE_WORDS.search(h) else "year" if role == "target" else "base"
            years.append((i, int(m.group(1)) if m else None, kind))
    # columns with no header right after the name column hold sub-indicators when their cells are words
    nxt = layout.name + 1
    if nxt < len(header) and not _clean(header[nxt]):
        cells = [r.cells[nxt].text for r in rows if nxt < len(r.cells) and r.cells[nxt].text.strip()]
        if cells and all(not find_values(simplified_view(c)) for c in cells):
            layout.sub = nxt
    # an attribute column without a header word: cells all 预期性/约束性
    if layout.attribute is None:
        for i in range(len(header)):
            cells = [r.cells[i].text.strip() for r in rows if i < len(r.cells) and r.cells[i].text.strip()]
            if cells and all(simplified_view(c) in _BINDING for c in cells):
                layout.attribute = i
    plain = [(i, y) for i, y, k in years if k == "year"]
    layout.base = [(i, y) for i, y, k in years if k == "base"]
    layout.actual = [(i, y) for i, y, k in years if k == "actual"]
    if plain and not layout.base and not layout.actual:
        dated = [p for p in plain if p[1] is not None]
        if len(dated) >= 2:
            first = min(dated, key=lambda p: p[1])
            layout.base = [first]
            plain = [p for p in plain if p != first]
        elif len(dated) == 1 and ref_year is not None and dated[0][1] < ref_year:
            layout.base = dated
            plain = [p for p in plain if p not in dated]
    layout.targets = plain
    if not (layout.targets or layout.period is not None or layout.actual):
        return None
    return layout


def _note_star_year(note: str | None) -> int | None:
    if not note:
        return None
    m = _STAR_NOTE.search(simplified_view(note))
    return int(m.group("y")) if m else None


def _comparator(amount: Amount, label: str) -> str | None:
    if amount.value is None:
        return None
    if amount.comparator:
        return amount.comparator
    if _GROWTH_LABEL.search(label):
        return "increase"
    if _DECLINE_LABEL.search(label):
        return "decrease"
    return "eq"


def _split_two(label: str, cell: str) -> list[tuple[str, Amount]] | None:
    """A cell with two figures for two indicators (执业医师数/注册护士数 | 4/5) → two (label, amount)."""
    values = find_values(simplified_view(cell))
    if len(values) < 2:
        return None
    parts = [p for p in re.split(r"[/／、]|和|及", label) if p.strip()]
    if len(parts) == len(values):
        from plangraph.extractors.targets import _split_respectively

        labels = _split_respectively("、".join(parts)) or parts
        return [(lab, v.amount) for lab, v in zip(labels, values, strict=True)]
    # labels written in the cell: 执业医师4左右、注册护士5左右
    out = []
    pos = 0
    s = simplified_view(cell)
    for v in values:
        words = re.sub(r"^[\s、，,;；/]+", "", s[pos : v.start]).strip()
        if not re.search(r"[\u4e00-\u9fff]{2,}", words):
            return None
        out.append((words, v.amount))
        pos = v.end
    return out


def read_table(
    table: Table,
    doc_id: str,
    text: str,
    horizon: int | None = None,
    ref_year: int | None = None,
    review: bool = False,
) -> list[Target | Observation]:
    """The targets (or, in a review, the observations) of one table; [] when it is no indicator table."""
    layout = table_layout(table.header, table.rows, ref_year)
    if layout is None:
        return []
    star_year = _note_star_year(table.note)
    # a review (完成情况) reports figures reached; its old targets are not this document's goals
    target_cols = [] if review else layout.targets
    last_year = max((y for _i, y in target_cols if y is not None), default=None) or horizon
    base_col, base_year = layout.base[0] if layout.base else (None, None)
    out: list[Target | Observation] = []
    parent_label: str | None = None
    section_id = table.table_id

    def cell(row, i: int | None) -> str:
        if i is None or i >= len(row.cells):
            return ""
        return row.cells[i].text.strip()

    for row in table.rows:
        if row.is_group:
            continue
        name = cell(row, layout.name)
        if not re.search(r"[\u4e00-\u9fffA-Za-z]{2,}", name):
            continue  # no indicator name (a misaligned or empty row)
        name_simple = simplified_view(name)
        sub = cell(row, layout.sub)
        label, unit = strip_unit(name)
        if name_simple.startswith("其中"):
            label = re.sub(r"^其中[:：]?\s*", "", label)
        if sub:
            label = f"{label}（{sub}）"
        parent_label = label
        unit = cell(row, layout.unit) or unit
        unit = unit if unit and unit not in ("—", "-", "/") else None
        if unit:
            unit = unit.replace("个百分点", "百分点")
        binding = simplified_view(cell(row, layout.attribute))
        bindingness = binding if binding in _BINDING else None
        baseline_value: Decimal | None = None
        baseline_year: int | None = None
        if base_col is not None:
            base_amount, starred = parse_cell(simplified_view(cell(row, base_col)))
            if base_amount is not None and base_amount.value is not None:
                baseline_value = base_amount.value
                if starred:
                    baseline_year = star_year or (base_year - 1 if base_year else None)
                else:
                    baseline_year = base_year
        prov = Provenance(
            doc_id=doc_id,
            section_id=section_id,
            quote=text[row.start : row.end] if text else "",
            start=row.start,
            end=row.end,
        )
        if review or layout.actual:
            for col, year in layout.actual:
                amount, starred = parse_cell(simplified_view(cell(row, col)))
                if amount is None or amount.value is None:
                    continue
                out.append(
                    Observation(
                        indicator_label=label,
                        indicator_key=indicator_key(label),
                        value=amount.value,
                        value_text=cell(row, col),
                        unit=unit,
                        year=(star_year or (year - 1 if year else None)) if starred else year,
                        prov=prov,
                    )
                )
        jobs: list[tuple[int, int | None, str | None]] = [(c, y or horizon, None) for c, y in target_cols]
        if layout.period is not None and not review:
            jobs.append((layout.period, last_year, layout.period_kind))
        for col, year, period_kind in jobs:
            raw = cell(row, col)
            amount, _starred = parse_cell(simplified_view(raw))
            if amount is None:
                continue
            period = None
            if col == layout.period:
                period = "cumulative" if amount.cumulative else (period_kind or "annual")
                if period_kind == "cumulative" and not amount.cumulative:
                    period = "cumulative"
            row_label, row_unit, row_base = label, unit, (baseline_value, baseline_year)
            if period == "annual" and layout.period_growth and not _GROWTH_LABEL.search(label):
                # 地区生产总值（亿元）| … | 年均增长: 6左右 → 地区生产总值年均增长 6%, not 6 亿元
                row_label, row_unit, row_base = label + "年均增长", "%", (None, None)
            pairs = None
            if amount.value is not None:
                pairs = _split_two(label, raw)
            if pairs:
                base_values = find_values(simplified_view(cell(row, base_col))) if base_col is not None else []
                for k, (sub_label, sub_amount) in enumerate(pairs):
                    sub_amount = sub_amount.model_copy(update={"text": raw})
                    sub_base = base_values[k].amount.value if len(base_values) == len(pairs) else None
                    sub_base_year = (star_year or (base_year - 1 if base_year else None)) if sub_base is not None and base_values[k].starred else base_year
                    out.append(_target(sub_label, sub_amount, unit, year, bindingness, sub_base,
                                       sub_base_year if sub_base is not None else None, period, prov))
                continue
            out.append(_target(row_label, amount, row_unit, year, bindingness, row_base[0], row_base[1], period, prov))
    del parent_label
    return out


def _target(label, amount, unit, year, bindingness, baseline_value, baseline_year, period, prov) -> Target:
    return Target(
        indicator_label=label,
        indicator_key=indicator_key(label),
        value=amount.value,
        value_text=amount.text,
        unit=amount.unit or unit if amount.value is not None else unit,
        comparator=_comparator(amount, label),
        target_year=year,
        bindingness=bindingness,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        period=period if amount.value is not None or period else None,
        prov=prov,
    )


def read_indicator_tables(doc: SegmentedDoc) -> list[Target | Observation]:
    """Targets and observations from every indicator table of a document."""
    from plangraph.extractors.targets import _reference_year, _review_context, is_review_document

    meta = doc.document.metadata
    ref_year = _reference_year(doc)
    review_doc = is_review_document(doc)
    out: list[Target | Observation] = []
    seen: set[tuple] = set()
    for table in doc.tables:
        section = table.section_path or table.table_id
        review = _review_context(doc, section)[0] if section else False
        review = review or review_doc
        if re.search(r"完成情况|实施情况|评估", simplified_view(table.title or "")):
            review = True
        for rec in read_table(table, doc.document.doc_id, doc.document.text, meta.period_end, ref_year, review):
            ident = (rec.kind, rec.indicator_key, rec.value, rec.value_text, getattr(rec, "target_year", None),
                     getattr(rec, "period", None))
            if ident in seen:
                continue  # a header repeated after a page break can repeat rows
            seen.add(ident)
            out.append(rec)
    return out


class IndicatorTablesExtractor:
    name = "indicator_tables"
    kinds = ("target", "observation")

    def __call__(self, doc: SegmentedDoc, context: ExtractContext) -> list[Target | Observation]:
        return read_indicator_tables(doc)


@register("indicator_tables")
def make_indicator_tables() -> IndicatorTablesExtractor:
    return IndicatorTablesExtractor()

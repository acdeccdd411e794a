"""Documents as loaded and segmented: one normalised text that every offset refers to."""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class DocumentMetadata(BaseModel):
    model_config = _FROZEN

    title: str | None = None
    identifier: str | None = None  # 文号, e.g. 绍政发〔2024〕6号
    publisher: str | None = None
    issued: str | None = None  # ISO date, 2024-03-19
    period_start: int | None = None
    period_end: int | None = None  # plan horizon (规划期限至2027年)
    outlook: int | None = None  # 展望至2035年


class Document(BaseModel):
    """A loaded document: normalised text plus the structure the source format already gave."""

    model_config = _FROZEN

    doc_id: str  # stable id: the file stem
    source_file: str  # file name only
    sha256: str
    format: Literal["txt", "md", "docx", "html", "pdf"]
    encoding: str | None = None
    text: str  # normalised text; all offsets refer to it
    simplified: str  # same length as text, traditional characters mapped to simplified
    metadata: DocumentMetadata = DocumentMetadata()
    # Structure given by the source format (docx heading styles, real tables):
    # heading_hints are (start, end, level); table_hints are tables already read as tables.
    heading_hints: tuple[tuple[int, int, int], ...] = ()
    table_hints: tuple[Table, ...] = ()


class Cell(BaseModel):
    model_config = _FROZEN

    text: str
    start: int
    end: int
    carried: bool = False  # empty merged cell that takes the value of the row above


class Row(BaseModel):
    model_config = _FROZEN

    cells: tuple[Cell, ...]
    start: int
    end: int
    is_group: bool = False  # a group label row (轨道交通重点项目) that spans the table

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


class Table(BaseModel):
    model_config = _FROZEN

    table_id: str  # section-path-like id, e.g. 附件2/表1
    title: str | None = None
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    start: int
    end: int
    note: str | None = None  # 注：… under the table
    section_path: str = ""


SectionKind = Literal[
    "document", "chapter", "part", "subpart", "item", "subitem", "circled", "box", "annex", "table", "heading"
]


class Section(BaseModel):
    model_config = _FROZEN

    section_id: str  # path, e.g. 二/（一）/1
    level: int
    kind: SectionKind
    marker: str  # 二、 / （一） / 1. / 专栏3 …
    heading: str  # heading text as written (without the run-in body)
    start: int
    end: int
    heading_start: int
    heading_end: int
    parent_id: str | None = None


class Paragraph(BaseModel):
    model_config = _FROZEN

    section_id: str
    start: int
    end: int
    text: str


class SegmentedDoc(BaseModel):
    """What extractors receive: the document, its section tree, paragraphs and tables."""

    model_config = _FROZEN

    document: Document
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]

    @cached_property
    def _by_id(self) -> dict[str, Section]:
        return {s.section_id: s for s in self.sections}

    @cached_property
    def _children(self) -> dict[str, list[Section]]:
        out: dict[str, list[Section]] = {}
        for s in self.sections:
            if s.parent_id:
                out.setdefault(s.parent_id, []).append(s)
        return out

    def children(self, section_id: str) -> list[Section]:
        """The sections directly under one, in document order."""
        return self._children.get(section_id, [])

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def section_at(self, offset: int) -> Section:
        """The deepest section containing offset (the document root when none).

        Sections are sorted by start and nest, so the deepest one holding ``offset`` is the last
        to start before it or one of that section's ancestors: a bisection and a short climb
        instead of a pass over every section (extractors ask once per record)."""
        k = bisect_right(self._starts, offset) - 1
        cur = self.sections[k] if k >= 0 else None
        while cur is not None and not (cur.start <= offset < cur.end):
            cur = self._by_id.get(cur.parent_id) if cur.parent_id else None
        return cur if cur is not None else self.sections[0]

    def ancestors(self, section_id: str) -> list[Section]:
        by_id = self._by_id
        out: list[Section] = []
        cur = by_id.get(section_id)
        while cur is not None:
            out.append(cur)
            cur = by_id.get(cur.parent_id) if cur.parent_id else None
        return out


Document.model_rebuild()

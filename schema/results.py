"""What one document's trip through load → segment → extract produces (it pickles, for workers)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from plangraph.schema.document import SegmentedDoc
from plangraph.schema.records import Record


class DocumentResult(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    doc: SegmentedDoc
    records: list[Record]
    timings: dict[str, float]  # seconds per stage: load, segment, extract:<name>
    # (name, adcode) of the division whose plan this is, worked out where the text was read
    jurisdiction: tuple[str, str | None] | None = None

    def slim(self) -> DocumentResult:
        """The result without the text, paragraphs and tables: what linking and the RDF writer
        read (metadata, sections, records), a fraction of the size, to park on disk."""
        d = self.doc
        document = d.document.model_copy(update={"text": "", "simplified": ""})
        return self.model_copy(update={"doc": d.model_copy(update={"document": document, "paragraphs": (), "tables": ()})})


class DocumentFailure(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    problem: str  # one line: the file and what is wrong with it

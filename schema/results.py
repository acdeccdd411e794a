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


class DocumentFailure(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    problem: str  # one line: the file and what is wrong with it

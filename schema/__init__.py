"""Typed records that flow between pipeline stages (load → segment → extract → link → write)."""

from plangraph.schema.document import (
    Cell,
    Document,
    DocumentMetadata,
    Paragraph,
    Row,
    Section,
    SegmentedDoc,
    Table,
)
from plangraph.schema.records import (
    Amount,
    Observation,
    Organisation,
    PlaceMention,
    Project,
    Provenance,
    Record,
    Target,
    Task,
    UnitRole,
)
from plangraph.schema.results import DocumentFailure, DocumentResult  # noqa: E402  (after records)

__all__ = [
    "Amount",
    "Cell",
    "Document",
    "DocumentFailure",
    "DocumentResult",
    "DocumentMetadata",
    "Observation",
    "Organisation",
    "Paragraph",
    "PlaceMention",
    "Project",
    "Provenance",
    "Record",
    "Row",
    "Section",
    "SegmentedDoc",
    "Table",
    "Target",
    "Task",
    "UnitRole",
]

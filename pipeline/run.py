"""One document through load → segment → extract: a pure function of the path and the config,
so it runs unchanged in this process, in a process pool, or on a Dask worker."""

from __future__ import annotations

import time
from pathlib import Path

from plangraph.errors import PlangraphInputError
from plangraph.extractors import ExtractContext, get_extractor
from plangraph.pipeline.config import BuildConfig
from plangraph.pipeline.load import SUPPORTED_SUFFIXES, load
from plangraph.pipeline.segment import segment
from plangraph.schema import DocumentFailure, DocumentResult, Record, SegmentedDoc

__all__ = ["process_document", "extract", "extract_file", "collect_inputs", "jurisdiction_of"]


def extract(doc: SegmentedDoc, names: tuple[str, ...], timings: dict[str, float] | None = None) -> list[Record]:
    context = ExtractContext()
    for name in names:
        t0 = time.perf_counter()
        found = get_extractor(name)(doc, context)
        context.records.extend(found)
        if timings is not None:
            timings[f"extract:{name}"] = time.perf_counter() - t0
    if "tasks" in names:
        # Numeric goals inside a task's text are that task's targets.
        from plangraph.extractors.tasks import link_targets_to_tasks

        return link_targets_to_tasks(context.records)
    return context.records


def process_document(path: str | Path, config: BuildConfig | None = None) -> DocumentResult | DocumentFailure:
    config = config or BuildConfig()
    timings: dict[str, float] = {}
    try:
        t0 = time.perf_counter()
        document = load(path)
        t1 = time.perf_counter()
        doc = segment(document)
        t2 = time.perf_counter()
    except PlangraphInputError as e:
        return DocumentFailure(path=str(path), problem=str(e))
    timings["load"], timings["segment"] = t1 - t0, t2 - t1
    records = extract(doc, config.extractors, timings)
    return DocumentResult(path=str(path), doc=doc, records=records, timings=timings, jurisdiction=jurisdiction_of(doc))


def jurisdiction_of(doc: SegmentedDoc) -> tuple[str, str | None] | None:
    """(name, adcode) of the division whose plan this is, when the places extractor can tell."""
    try:
        from plangraph.extractors.places import document_jurisdiction
    except ImportError:  # pragma: no cover - the places extractor ships with the pipeline
        return None
    return document_jurisdiction(doc)


def extract_file(path: str | Path, extractors: tuple[str, ...] | None = None) -> tuple[SegmentedDoc, list[Record]]:
    """Load, segment and extract one file; raises PlangraphInputError on bad input."""
    doc = segment(load(path))
    return doc, extract(doc, extractors or BuildConfig().extractors)


def collect_inputs(paths: list[str | Path]) -> tuple[list[Path], list[DocumentFailure]]:
    """Files named and files found in folders (recursively), sorted for a deterministic build."""
    files: list[Path] = []
    problems: list[DocumentFailure] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                problems.append(DocumentFailure(path=str(p), problem=f"{p}: folder holds no .txt/.md/.docx/.html/.pdf"))
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            problems.append(DocumentFailure(path=str(p), problem=f"{p}: no such file or folder"))
    seen, unique = set(), []
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique, problems

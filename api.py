"""The library API behind the CLI: each function does one command's work and returns data.

>>> from plangraph import api
>>> doc = api.inspect_document("seeds/004_08bc1ee0b7c33ec7.txt")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from plangraph.pipeline.build import BuildSummary, build
from plangraph.pipeline.load import load
from plangraph.pipeline.query import apply_params, format_results, open_store, preset, presets, run_query
from plangraph.pipeline.segment import segment
from plangraph.schema import SegmentedDoc

__all__ = ["build", "BuildSummary", "inspect_document", "query", "presets", "validate"]


def inspect_document(path: str | Path) -> SegmentedDoc:
    return segment(load(path))


def query(
    text: str | None = None,
    *,
    source: str | Path | None = None,
    file: str | Path | None = None,
    preset_name: str | None = None,
    params: dict[str, str] | None = None,
    fmt: str = "table",
) -> str:
    if preset_name:
        p = preset(preset_name)
        text = apply_params(p.text, params or {})
    elif file:
        text = Path(file).read_text(encoding="utf-8")
        text = apply_params(text, params or {}) if params else text
    elif text and params:
        text = apply_params(text, params)
    assert text is not None
    store = open_store(source)
    return format_results(run_query(store, text), fmt)


def validate(graph: str | Path | None = None):
    from plangraph.pipeline.validate import load_graph_file, validate_graph

    path = Path(graph) if graph else Path("output/plangraph.ttl")
    return validate_graph(load_graph_file(path))

"""Build configuration: which extractors run, in which order (later ones see earlier records)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["BuildConfig", "DEFAULT_EXTRACTORS"]

DEFAULT_EXTRACTORS: tuple[str, ...] = (
    "places",
    "organisations",
    "targets",
    "indicator_tables",
    "projects",
    "tasks",
)


class BuildConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    extractors: tuple[str, ...] = DEFAULT_EXTRACTORS

"""Extractors: one per file, behind one protocol, registered by name.

An extractor is a callable ``(SegmentedDoc, context) -> list[Record]``. The build configuration
lists extractors by name (``pipeline.config.DEFAULT_EXTRACTORS``); :func:`get_extractor` imports
``plangraph.extractors.<name>`` on first use, whose module registers its factory with
:func:`register`. Adding an extractor is one new file here and one name in that list.

Extractors run in order and see what earlier ones found (``context.records``): organisations may
use places, tasks may use organisations, so each stays a pure function of its inputs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from plangraph.schema import Record, SegmentedDoc

__all__ = ["Extractor", "ExtractContext", "register", "get_extractor", "registered"]


@dataclass
class ExtractContext:
    """What an extractor may read besides the document: the records of the extractors before it."""

    records: list[Record] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]


@runtime_checkable
class Extractor(Protocol):
    name: str
    kinds: tuple[str, ...]  # record kinds it emits

    def __call__(self, doc: SegmentedDoc, context: ExtractContext) -> list[Record]: ...


_FACTORIES: dict[str, Callable[[], Extractor]] = {}


def register(name: str) -> Callable[[Callable[[], Extractor]], Callable[[], Extractor]]:
    """Register an extractor factory under a name; a second, different factory is an error."""

    def decorate(factory: Callable[[], Extractor]) -> Callable[[], Extractor]:
        existing = _FACTORIES.get(name)
        if existing is not None and existing is not factory and existing.__qualname__ != factory.__qualname__:
            raise ValueError(f"extractor name {name!r} is already registered to {existing!r}")
        _FACTORIES[name] = factory
        return factory

    return decorate


def get_extractor(name: str) -> Extractor:
    if name not in _FACTORIES:
        try:
            importlib.import_module(f"plangraph.extractors.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"plangraph.extractors.{name}":
                raise KeyError(f"no extractor named {name!r}") from None
            raise
    if name not in _FACTORIES:
        raise KeyError(f"module plangraph.extractors.{name} registers no extractor named {name!r}")
    return _FACTORIES[name]()


def registered() -> list[str]:
    return sorted(_FACTORIES)

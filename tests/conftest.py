"""Shared fixtures: the seeds loaded and segmented once per session, and one build of them."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_docs():
    from plangraph.pipeline.load import load
    from plangraph.pipeline.segment import segment

    return {p.name[:3]: segment(load(p)) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """One build of the seeds, shared by the tests that only read its output."""
    from plangraph.pipeline.build import build

    out = tmp_path_factory.mktemp("seed-build")
    summary = build([SEEDS], out)
    return out, summary

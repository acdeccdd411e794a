"""Whole builds: determinism, parallel workers, outputs readable by an independent RDF parser."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import rdflib

from plangraph.pipeline.build import build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_two_builds_give_byte_identical_nquads_and_turtle(seed_build, tmp_path: Path) -> None:
    first, _ = seed_build
    build([SEEDS], tmp_path)
    assert (tmp_path / "plangraph.nq").read_bytes() == (first / "plangraph.nq").read_bytes()
    assert (tmp_path / "plangraph.ttl").read_bytes() == (first / "plangraph.ttl").read_bytes()


def test_two_workers_give_the_same_output_as_one(seed_build, tmp_path: Path) -> None:
    first, _ = seed_build
    build([SEEDS], tmp_path, workers=2)
    assert (tmp_path / "plangraph.nq").read_bytes() == (first / "plangraph.nq").read_bytes()


def test_outputs_parse_in_rdflib_and_agree(seed_build) -> None:
    out, summary = seed_build
    ds = rdflib.Dataset()
    ds.parse(out / "plangraph.nq", format="nquads")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert sum(1 for g in graphs if "/id/doc/" in g) == 5
    ttl = rdflib.Graph().parse(out / "plangraph.ttl", format="turtle")
    assert len(ttl) == summary.triples
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == 5
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert "load" in manifest["timings"] and "store" in manifest["timings"]


def test_unrelated_document_does_not_move_other_iris(seed_build, tmp_path: Path) -> None:
    """Record IRIs come from content: adding a document leaves the others' subjects unchanged."""
    first, _ = seed_build
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    (src / "zz_extra.txt").write_text("宁波市推进港口建设。到2027年，集装箱吞吐量达到4000万标箱。\n", encoding="utf-8")
    build([src], tmp_path / "out")
    old = {line.split(" ")[0] for line in (first / "plangraph.nq").read_text(encoding="utf-8").splitlines()
           if "/doc/000_" in line}
    new = {line.split(" ")[0] for line in (tmp_path / "out" / "plangraph.nq").read_text(encoding="utf-8").splitlines()
           if "/doc/000_" in line}
    assert old <= new

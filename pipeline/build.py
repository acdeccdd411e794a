"""``plangraph build``: documents → records → linked entities → RDF files and an embedded store.

Per-document work (load, segment, extract) runs in this process, a process pool or on Dask and
gives the same result everywhere; linking and writing happen once, in sorted order. Every output
is written under a temporary name in the output folder and renamed into place at the end, so a
failed build leaves the previous output whole.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from plangraph import __version__
from plangraph.errors import PlangraphInputError
from plangraph.pipeline.config import BuildConfig
from plangraph.pipeline.link import Linked, link
from plangraph.pipeline.rdf import ONTOLOGY_GRAPH, PREFIXES, document_quads
from plangraph.pipeline.run import collect_inputs, process_document
from plangraph.schema import DocumentFailure, DocumentResult

__all__ = ["BuildSummary", "build", "run_documents", "ontology_bytes", "write_outputs"]

COUNTED = ("target", "observation", "project", "task", "organisation", "place")


@dataclass
class BuildSummary:
    out_dir: Path
    documents: int
    sections: int
    counts: dict[str, int]
    shared_entities: int
    failures: list[DocumentFailure]
    timings: dict[str, float]
    triples: int
    manifest: dict = field(default_factory=dict)


def ontology_bytes() -> bytes:
    return (resources.files("plangraph.schema") / "plangraph.ttl").read_bytes()


def run_documents(
    files: list[Path],
    config: BuildConfig,
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    on_done: Callable[[Path, DocumentResult | DocumentFailure], None] | None = None,
) -> list[DocumentResult | DocumentFailure]:
    """Process every file; results come back in input order whatever ran them."""
    results: dict[int, DocumentResult | DocumentFailure] = {}

    def done(i: int, r: DocumentResult | DocumentFailure) -> None:
        results[i] = r
        if on_done:
            on_done(files[i], r)

    if executor == "dask":
        from plangraph.pipeline.distributed import run_on_dask

        for i, r in run_on_dask(files, config, scheduler=scheduler, workers=workers):
            done(i, r)
    elif workers <= 1 or len(files) <= 1:
        for i, f in enumerate(files):
            done(i, process_document(f, config))
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(process_document, f, config): i for i, f in enumerate(files)}
            for fut in as_completed(futures):
                done(futures[fut], fut.result())
    return [results[i] for i in range(len(files))]


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path = "output",
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    config: BuildConfig | None = None,
    on_done: Callable[[Path, DocumentResult | DocumentFailure], None] | None = None,
    on_start: Callable[[list[Path]], None] | None = None,
    shards: bool = False,
) -> BuildSummary:
    config = config or BuildConfig()
    t0 = time.perf_counter()
    files, failures = collect_inputs(list(paths))
    if on_start:
        on_start(files)
    processed = run_documents(files, config, workers, executor, scheduler, on_done)
    results = [r for r in processed if isinstance(r, DocumentResult)]
    failures += [r for r in processed if isinstance(r, DocumentFailure)]
    if not results:
        raise PlangraphInputError(", ".join(map(str, paths)) or "(no input)", "no document could be read")
    # Two files with the same stem would get the same document IRI.
    stems = Counter(r.doc.document.doc_id for r in results)
    if dup := [s for s, n in stems.items() if n > 1]:
        raise PlangraphInputError(dup[0], "two input files share this name; document IRIs would collide")
    t1 = time.perf_counter()
    linked = link(results)
    t2 = time.perf_counter()
    summary = write_outputs(results, linked, Path(out_dir), failures, {"extract": t1 - t0, "link": t2 - t1},
                            shards=shards)
    summary.timings["total"] = time.perf_counter() - t0
    _write_json(Path(out_dir) / "build.json", {**summary.manifest, "timings": _stage_timings(results, summary.timings)})
    return summary


def _stage_timings(results: list[DocumentResult], overall: dict[str, float]) -> dict[str, float]:
    stages: Counter[str] = Counter()
    for r in results:
        for k, v in r.timings.items():
            stages[k] += v
    return {**{k: round(v, 4) for k, v in sorted(stages.items())}, **{k: round(v, 4) for k, v in overall.items()}}


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def write_outputs(
    results: list[DocumentResult],
    linked: Linked,
    out_dir: Path,
    failures: list[DocumentFailure],
    timings: dict[str, float],
    shards: bool = False,
) -> BuildSummary:
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    try:
        t0 = time.perf_counter()
        # Documents' quads stream to disk one document at a time: the whole graph is never held
        # in Python objects (the 100x corpus has millions of quads).
        nq = work / "plangraph.nq"
        n_quads = 0
        if shards:
            (work / "shards").mkdir()
        with nq.open("wb") as out:
            for r in sorted(results, key=lambda r: r.doc.document.doc_id):
                doc_quads = document_quads(r, linked)
                n_quads += len(doc_quads)
                data = ox.serialize(doc_quads, format=ox.RdfFormat.N_QUADS)
                out.write(data)
                if shards:  # one N-Quads file per document, for parallel bulk loaders
                    (work / "shards" / f"{r.doc.document.doc_id}.nq").write_bytes(data)
        t1 = time.perf_counter()
        store_dir = work / "store"
        store = ox.Store(str(store_dir))
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        store.bulk_load(input=ontology_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        store.flush()
        if n_quads > 1_000_000:  # compaction pays off only for large stores
            store.optimize()
        del store
        n_triples = _write_turtle(nq, work / "plangraph.ttl")
        t2 = time.perf_counter()

        counts: Counter[str] = Counter()
        for r in results:
            counts.update(rec.kind for rec in r.records)
        entity_counts = Counter(e.kind for e in linked.entities.values())
        counts_out = {
            "documents": len(results),
            "sections": sum(len(r.doc.sections) - 1 for r in results),
            "targets": counts["target"],
            "observations": counts["observation"],
            "projects": entity_counts["project"],
            "tasks": counts["task"],
            "organisations": entity_counts["organisation"],
            "places": entity_counts["place"],
            "indicators": entity_counts["indicator"],
            "shared_entities": len(linked.shared()),
            "quads": n_quads,
            "triples": n_triples,
        }
        manifest = {
            "tool": "plangraph",
            "version": __version__,
            "pyoxigraph": ox.__version__,
            "inputs": [
                {"file": r.path, "source_file": r.doc.document.source_file, "sha256": r.doc.document.sha256,
                 "format": r.doc.document.format, "encoding": r.doc.document.encoding}
                for r in results
            ],
            "failures": [{"file": f.path, "problem": f.problem} for f in failures],
            "counts": counts_out,
        }
        timings = {**timings, "write": t1 - t0, "store": t2 - t1}
        _swap_into_place(work, out_dir, ["plangraph.nq", "plangraph.ttl", "store"] + (["shards"] if shards else []))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuildSummary(
        out_dir=out_dir,
        documents=len(results),
        sections=counts_out["sections"],
        counts=counts_out,
        shared_entities=counts_out["shared_entities"],
        failures=failures,
        timings=timings,
        triples=n_triples,
        manifest=manifest,
    )


def _write_turtle(nq: Path, path: Path) -> int:
    """The union of the documents' graphs as Turtle: each triple once, in a fixed order, streamed
    through an in-memory Oxigraph store rather than collected in Python objects (reading back the
    fresh on-disk store was ten times slower)."""
    memory = ox.Store()
    memory.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    solutions = memory.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
                             use_default_graph_as_union=True)
    count = 0

    def triples():
        nonlocal count
        for sol in solutions:
            count += 1
            yield ox.Triple(sol["s"], sol["p"], sol["o"])

    ox.serialize(triples(), str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return count


def _swap_into_place(work: Path, out_dir: Path, names: list[str]) -> None:
    """Rename the new outputs over the old ones; the old store is removed only once the new one
    is in place."""
    for name in names:
        new, final = work / name, out_dir / name
        if new.is_dir():
            old = out_dir / f".{name}.old"
            shutil.rmtree(old, ignore_errors=True)
            if final.exists():
                os.replace(final, old)
            os.replace(new, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(new, final)

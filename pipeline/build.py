"""``plangraph build``: documents → records → linked entities → RDF files and an embedded store.

Per-document work (load, segment, extract) runs in this process, a process pool or on Dask and
gives the same result everywhere; linking and writing happen once, in sorted order. Every output
is written under a temporary name in the output folder and renamed into place at the end, so a
failed build leaves the previous output whole.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from plangraph import __version__
from plangraph.errors import PlangraphInputError
from plangraph.pipeline.config import BuildConfig
from plangraph.pipeline.link import Linked, Linker
from plangraph.pipeline.rdf import ONTOLOGY_GRAPH, PREFIXES, GraphText, document_graph, entity_graph
from plangraph.pipeline.run import collect_inputs, process_document
from plangraph.schema import DocumentFailure, DocumentResult

__all__ = ["BuildSummary", "ResultSpool", "build", "iter_documents", "run_documents", "ontology_bytes", "write_outputs"]

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


def iter_documents(
    files: list[Path],
    config: BuildConfig,
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[tuple[int, DocumentResult | DocumentFailure]]:
    """(input index, result) for every file as it finishes, whatever runs it. Nothing is kept
    here once yielded: a corpus streams through."""
    if executor == "dask":
        from plangraph.pipeline.distributed import run_on_dask

        yield from run_on_dask(files, config, scheduler=scheduler, workers=workers)
    elif workers <= 1 or len(files) <= 1:
        for i, f in enumerate(files):
            yield i, process_document(f, config)
    else:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        # A bounded window of submitted documents: finished results are handed on and dropped at
        # once instead of piling up in futures the caller has not reached yet.
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: dict = {}
            queue = iter(enumerate(files))
            while True:
                for i, f in queue:
                    pending[pool.submit(process_document, f, config)] = i
                    if len(pending) >= 4 * workers:
                        break
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield pending.pop(fut), fut.result()


def run_documents(
    files: list[Path],
    config: BuildConfig,
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    on_done: Callable[[Path, DocumentResult | DocumentFailure], None] | None = None,
) -> list[DocumentResult | DocumentFailure]:
    """Process every file and keep every result, in input order (for callers that need them all
    at once, like ``diff``; ``build`` streams instead)."""
    results: dict[int, DocumentResult | DocumentFailure] = {}
    for i, r in iter_documents(files, config, workers, executor, scheduler):
        results[i] = r
        if on_done:
            on_done(files[i], r)
    return [results[i] for i in range(len(files))]


class ResultSpool:
    """Document results parked on disk between extraction and writing, slimmed to what linking and
    the writer read. The writer reads them back in document order (``in_input_order`` serves a
    caller that relinks); memory holds one document at a time plus a line of bookkeeping each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[int, tuple[str, Path]] = {}  # input index → (doc_id, file)
        self.inputs: dict[int, dict] = {}
        self.kinds: Counter[str] = Counter()
        self.sections = 0
        self.timings: Counter[str] = Counter()

    def add(self, index: int, r: DocumentResult) -> DocumentResult:
        """Park a result; returns the slim result that was parked."""
        d = r.doc.document
        path = self.folder / f"{index:07d}.pickle"
        tmp = path.with_suffix(".tmp")
        slim = r.slim()
        with tmp.open("wb") as f:
            pickle.dump(slim, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        self._files[index] = (d.doc_id, path)
        self.inputs[index] = {"file": r.path, "source_file": d.source_file, "sha256": d.sha256,
                              "format": d.format, "encoding": d.encoding}
        self.kinds.update(rec.kind for rec in r.records)
        self.sections += len(r.doc.sections) - 1
        self.timings.update(r.timings)
        return slim

    def __len__(self) -> int:
        return len(self._files)

    def doc_ids(self) -> list[str]:
        return [doc_id for doc_id, _ in self._files.values()]

    def in_input_order(self) -> Iterator[DocumentResult]:
        for i in sorted(self._files):
            yield self._load(self._files[i][1])

    def in_document_order(self) -> Iterator[DocumentResult]:
        for _, path in sorted(self._files.values()):
            yield self._load(path)

    @staticmethod
    def _load(path: Path) -> DocumentResult:
        with path.open("rb") as f:
            return pickle.load(f)

    @classmethod
    def of(cls, results: list[DocumentResult], folder: Path) -> ResultSpool:
        spool = cls(folder)
        for i, r in enumerate(results):
            spool.add(i, r)
        return spool


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
    out_dir = Path(out_dir)
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    spool = ResultSpool(Path(tempfile.mkdtemp(prefix=".spool-", dir=out_dir)))
    try:
        failed: dict[int, DocumentFailure] = {}
        # Linking reads documents in input order (first mentions set labels); results come in the
        # order they finish, so the few that overtake wait here rather than be read back from disk.
        linker, waiting, next_index, link_s = Linker(), {}, 0, 0.0
        for i, r in iter_documents(files, config, workers, executor, scheduler):
            if isinstance(r, DocumentResult):
                waiting[i] = spool.add(i, r)
            else:
                failed[i], waiting[i] = r, None
            if on_done:
                on_done(files[i], r)
            t_link = time.perf_counter()
            while next_index in waiting:
                ready = waiting.pop(next_index)
                next_index += 1
                if ready is not None:
                    linker.add(ready)
            link_s += time.perf_counter() - t_link
        failures += [failed[i] for i in sorted(failed)]
        if not len(spool):
            raise _nothing_read(paths, failures)
        # Two files with the same stem would get the same document IRI.
        stems = Counter(spool.doc_ids())
        if dup := [s for s, n in stems.items() if n > 1]:
            raise PlangraphInputError(dup[0], "two input files share this name; document IRIs would collide")
        t1 = time.perf_counter()
        linked = linker.finish()
        link_s += time.perf_counter() - t1
        # "link" overlaps "extract": documents are linked while later ones are still being read
        summary = write_outputs(spool, linked, out_dir, failures, {"extract": t1 - t0, "link": link_s}, shards=shards)
    except BaseException:
        shutil.rmtree(spool.folder, ignore_errors=True)
        if created and not any(out_dir.iterdir()):
            out_dir.rmdir()  # a failed first build leaves no empty output folder behind
        raise
    shutil.rmtree(spool.folder, ignore_errors=True)
    summary.timings["total"] = time.perf_counter() - t0
    timings = {**{k: round(v, 4) for k, v in sorted(spool.timings.items())},
               **{k: round(v, 4) for k, v in summary.timings.items()}}
    _write_json(out_dir / "build.json", {**summary.manifest, "timings": timings})
    return summary


def _nothing_read(paths: Iterable[str | Path], failures: list[DocumentFailure]) -> PlangraphInputError:
    """The one line for a build that read nothing: the file's own problem when there was one file
    (empty, binary, truncated …), else the first problem and how many more."""
    if len(failures) == 1:
        f = failures[0]
        prefix = f"{f.path}: "
        return PlangraphInputError(f.path, f.problem[len(prefix):] if f.problem.startswith(prefix) else f.problem)
    where = ", ".join(map(str, paths)) or "(no input)"
    if not failures:
        return PlangraphInputError(where, "no document could be read")
    more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
    return PlangraphInputError(where, f"no document could be read: {failures[0].problem}{more}")


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def write_outputs(
    results: list[DocumentResult] | ResultSpool,
    linked: Linked,
    out_dir: Path,
    failures: list[DocumentFailure],
    timings: dict[str, float],
    shards: bool = False,
) -> BuildSummary:
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    try:
        spool = results if isinstance(results, ResultSpool) else ResultSpool.of(results, work / "spool")
        t0 = time.perf_counter()
        nq = work / "plangraph.nq"
        if shards:
            (work / "shards").mkdir()
        turtle = _TurtleStream(linked)
        store = _ChunkedLoader(ox.Store(str(work / "store")))
        with store, nq.open("wb") as out:
            # One document at a time: its quads go to the N-Quads file (and its shard), to the
            # store in chunks, and its triples to the Turtle stream; no step holds the whole graph.
            def graphs() -> Iterator[GraphText]:
                # the entities' shared facts (default graph), then one named graph per document
                named = ((r.doc.document.doc_id, document_graph(r, linked)) for r in spool.in_document_order())
                for name, graph in itertools.chain([("_entities", entity_graph(linked))], named):
                    data = graph.nquads()
                    out.write(data)
                    store.add(data)
                    if shards:  # one N-Quads file per graph, for parallel bulk loaders
                        (work / "shards" / f"{name}.nq").write_bytes(data)
                    yield graph

            turtle.write(graphs(), work / "plangraph.ttl")
            t1 = time.perf_counter()
            store.close(ontology_bytes(), optimize=turtle.quads > 1_000_000)  # compaction pays off only for large stores
            t2 = time.perf_counter()

        entity_counts = Counter(e.kind for e in linked.entities.values())
        counts_out = {
            "documents": len(spool),
            "sections": spool.sections,
            "targets": spool.kinds["target"],
            "observations": spool.kinds["observation"],
            "projects": entity_counts["project"],
            "tasks": spool.kinds["task"],
            "organisations": entity_counts["organisation"],
            "places": entity_counts["place"],
            "indicators": entity_counts["indicator"],
            "shared_entities": len(linked.shared()),
            "quads": turtle.quads,
            "triples": turtle.triples,
        }
        manifest = {
            "tool": "plangraph",
            "version": __version__,
            "pyoxigraph": ox.__version__,
            "inputs": [spool.inputs[i] for i in sorted(spool.inputs)],
            "failures": [{"file": f.path, "problem": f.problem} for f in failures],
            "counts": counts_out,
        }
        # The store fills on its own thread while documents are written: "store" is the time the
        # loader worked, most of it overlapping "write".
        timings = {**timings, "write": t1 - t0, "store": store.seconds + (t2 - t1)}
        _swap_into_place(work, out_dir, ["plangraph.nq", "plangraph.ttl", "store"] + (["shards"] if shards else []))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuildSummary(
        out_dir=out_dir,
        documents=counts_out["documents"],
        sections=counts_out["sections"],
        counts=counts_out,
        shared_entities=counts_out["shared_entities"],
        failures=failures,
        timings=timings,
        triples=counts_out["triples"],
        manifest=manifest,
    )


class _ChunkedLoader:
    """N-Quads into the store in chunks of a few megabytes, on a thread of its own.

    One bulk load of a whole large corpus makes Oxigraph's loader buffer gigabytes (its default
    target is 2 GB a thread); chunks keep the build's memory flat, and the closing compaction
    merges what they wrote. The loader releases the GIL, so the store fills while Python writes
    the next documents' quads; at most two chunks wait."""

    CHUNK_BYTES = 4 << 20  # small enough to overlap even a small build's writing, large enough to cost nothing at scale

    def __init__(self, store: ox.Store) -> None:
        import queue
        import threading

        self.store = store
        self.buffer: list[bytes] = []
        self.size = 0
        self.seconds = 0.0  # spent loading, on the loader's thread
        self.error: BaseException | None = None
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self._thread = threading.Thread(target=self._run, name="plangraph-store-loader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self.error is not None:
                continue  # drain, so the writer never blocks on a dead loader
            t0 = time.perf_counter()
            try:
                self.store.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS)
            except BaseException as e:  # noqa: BLE001 - handed to the writer's thread in close()
                self.error = e
            self.seconds += time.perf_counter() - t0

    def add(self, data: bytes) -> None:
        self.buffer.append(data)
        self.size += len(data)
        if self.size >= self.CHUNK_BYTES:
            self._flush_buffer()

    def _flush_buffer(self) -> None:
        if self.buffer:
            self._chunks.put(b"".join(self.buffer))
        self.buffer, self.size = [], 0

    def __enter__(self) -> _ChunkedLoader:
        return self

    def __exit__(self, *exc) -> None:
        if self._thread.is_alive():  # the writer failed before close(): stop the loader, drop the rest
            self.error = self.error or RuntimeError("build stopped")
            self._chunks.put(None)
            self._thread.join()

    def close(self, ontology: bytes | None = None, optimize: bool = False) -> None:
        """Load what is left and wait; ``ontology`` (Turtle) goes to its own graph."""
        self._flush_buffer()
        self._chunks.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error
        if ontology is not None:
            self.store.bulk_load(input=ontology, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        self.store.flush()
        if optimize:
            self.store.optimize()
        del self.store


class _TurtleStream:
    """The union of the graphs as Turtle, written while the graphs stream past.

    A triple about a record, section or mention belongs to one document's graph: it is written
    as its document comes. Triples about entities come from the default graph and from every
    document that mentions them (pg:mentionedIn, the names it uses, a project's figures), so
    they are gathered (once each) and written last, sorted. Memory grows with the entities, not
    with the corpus."""

    def __init__(self, linked: Linked) -> None:
        self.linked = linked
        self.quads = 0
        self.triples = 0

    def write(self, graphs: Iterable[GraphText], path: Path) -> None:
        entity_facts: set[str] = set()  # N-Triples lines

        def triples() -> Iterator[ox.Triple]:
            for graph in graphs:
                own: list[str] = []
                for line in graph.triple_lines():
                    self.quads += 1
                    if line[1 : line.index(">")] in self.linked.entities:
                        entity_facts.add(line)
                    else:
                        own.append(line)
                self.triples += len(own)
                yield from ox.parse("".join(own).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
            self.triples += len(entity_facts)
            # N-Triples lines sort like (subject, predicate, object) terms
            yield from ox.parse("".join(sorted(entity_facts)).encode("utf-8"), ox.RdfFormat.N_TRIPLES)

        ox.serialize(triples(), str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


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

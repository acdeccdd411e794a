"""Per-document work on a Dask distributed cluster (``plangraph build --executor dask``).

``process_document`` is a pure function of (path, config) whose result pickles, so it ships to
Dask workers unchanged. Without a scheduler address a LocalCluster on loopback is started for the
run. Workers must see the input paths (a shared file system, or the same checkout everywhere).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from plangraph.errors import PlangraphInputError
from plangraph.pipeline.config import BuildConfig
from plangraph.pipeline.run import process_document
from plangraph.schema import DocumentFailure, DocumentResult

__all__ = ["run_on_dask"]


def run_on_dask(
    files: list[Path], config: BuildConfig, scheduler: str | None = None, workers: int = 1
) -> Iterator[tuple[int, DocumentResult | DocumentFailure]]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise PlangraphInputError("--executor dask", "Dask is not installed (pip install 'plangraph[dask]')") from None

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="5s")
        except OSError as e:
            raise PlangraphInputError(scheduler, f"cannot reach the Dask scheduler ({e})") from None
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        futures = {client.submit(process_document, str(f), config, pure=False): i for i, f in enumerate(files)}
        for fut in as_completed(list(futures)):
            # dropped as soon as it is handed on, so the cluster can free the result
            yield futures.pop(fut), fut.result()
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

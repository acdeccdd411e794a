"""``--executor dask`` on a LocalCluster over loopback gives the local executor's output."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_dask_local_cluster_output_identical_to_local(seed_build, tmp_path: Path) -> None:
    from plangraph.pipeline.build import build

    first, _ = seed_build
    build([SEEDS], tmp_path, executor="dask", workers=2)
    assert (tmp_path / "plangraph.nq").read_bytes() == (first / "plangraph.nq").read_bytes()


def test_unreachable_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    from plangraph.errors import PlangraphInputError
    from plangraph.pipeline.build import build

    with pytest.raises(PlangraphInputError, match="Dask scheduler"):
        build([SEEDS / "004_08bc1ee0b7c33ec7.txt"], tmp_path, executor="dask", scheduler="tcp://127.0.0.1:9")

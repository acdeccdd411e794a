"""One test per shipped preset, against a small composed corpus (a 宁波 outline and a 慈溪 action
plan that share indicators and places)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from plangraph import api
from plangraph.pipeline.build import build

COMPOSED = Path(__file__).resolve().parent / "composed"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("presets")
    build([COMPOSED / "presets_ningbo_outline.txt", COMPOSED / "presets_cixi_action.txt"], out)
    return out / "store"


def rows(store: Path, preset: str, **params: str) -> list[dict[str, str]]:
    text = api.query(source=store, preset_name=preset, params=params, fmt="csv")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_preset_has_a_test() -> None:
    tested = {name[len("test_"):] for name in globals() if name.startswith("test_") and name != "test_every_preset_has_a_test"}
    assert set(api.presets()) <= tested


def test_targets_by_year(store: Path) -> None:
    got = [(r["year"], r["indicator"], r["value"], r["unit"], r["comparator"]) for r in rows(store, "targets_by_year")]
    assert ("2026", "高速公路里程", "120", "公里", "ge") in got
    assert ("2030", "地区生产总值", "2.2", "万亿元", "ge") in got
    assert [g[0] for g in got] == sorted(g[0] for g in got)
    assert len(got) == len(set(got))  # no duplicates from the union of document graphs


def test_targets_of_place(store: Path) -> None:
    cixi = rows(store, "targets_of_place", place="慈溪市")
    assert {(r["indicator"], r["value"]) for r in cixi} == {("高速公路里程", "120"), ("研发经费投入强度", "3.5")}
    # 慈溪市 lies within 宁波市: the prefecture's query sees the county's targets too.
    ningbo = {(r["indicator"], r["value"]) for r in rows(store, "targets_of_place", place="宁波市")}
    assert ("高速公路里程", "120") in ningbo and ("高速公路里程", "800") in ningbo


def test_indicator_history(store: Path) -> None:
    history = [(r["indicator"], r["year"], r["value"], r["document"]) for r in rows(store, "indicator_history")]
    assert ("高速公路里程", "2026", "120", "presets_cixi_action.txt") in history
    assert ("高速公路里程", "2030", "800", "presets_ningbo_outline.txt") in history
    assert all(h[0] in ("高速公路里程", "研发经费投入强度") for h in history)


def test_projects(store: Path) -> None:
    names = {r["project"] for r in rows(store, "projects")}
    assert {"宁波至慈溪市域铁路", "甬舟高速公路复线"} <= names


def test_units_by_tasks(store: Path) -> None:
    ranked = [(r["unit"], r["jurisdiction"], r["tasks"]) for r in rows(store, "units_by_tasks")]
    assert ranked[0] == ("交通运输局", "慈溪市", "2")


def test_shared_entities(store: Path) -> None:
    shared = {(r["type"], r["entity"]) for r in rows(store, "shared_entities")}
    assert ("Indicator", "高速公路里程") in shared and ("Place", "慈溪市") in shared


def test_entity(store: Path) -> None:
    facts = rows(store, "entity", name="慈溪市")
    props = {r["property"] for r in facts}
    assert "https://w3id.org/plangraph/ontology#adcode" in props
    assert any(r["value"] == "330282" for r in facts)

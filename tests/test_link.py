"""Cross-document linking: one node per real entity, different entities kept apart (precision first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plangraph.pipeline.link import link
from plangraph.pipeline.run import process_document

DOC_A = """绍兴市交通强市建设行动方案
一、重点项目
（一）轨道交通。加快建设杭州至诸暨市域铁路、诸永高速公路诸暨段等项目。
（二）公路。推进柯桥至诸暨高速公路建设。由市交通运输局牵头。
"""
DOC_B = """诸暨市综合交通三年行动计划（2024-2026）
一、重点项目
（一）轨道交通。积极推动杭诸市域铁路建设，开工建设诸永高速公路永嘉段、柯诸高速诸暨段等项目。
（二）公路。推进诸暨至嵊州高速公路建设。由市交通运输局牵头。
"""


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("link")
    (folder / "a_shaoxing.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "b_zhuji.txt").write_text(DOC_B, encoding="utf-8")
    results = [process_document(folder / "a_shaoxing.txt"), process_document(folder / "b_zhuji.txt")]
    return link(results)


def _entities(linked, kind: str, form: str):
    return [e for e in linked.entities.values() if e.kind == kind and (form in e.alt_labels or e.label == form)]


def test_abbreviated_project_names_link_into_one_node(linked) -> None:
    (a,) = _entities(linked, "project", "杭州至诸暨市域铁路")
    (b,) = _entities(linked, "project", "杭诸市域铁路")
    assert a is b
    assert a.mentioned_in == {"a_shaoxing", "b_zhuji"}
    assert a.evidence  # the merge says why


def test_two_sections_of_one_highway_stay_apart(linked) -> None:
    (zhuji,) = _entities(linked, "project", "诸永高速公路诸暨段")
    (yongjia,) = _entities(linked, "project", "诸永高速公路永嘉段")
    assert zhuji is not yongjia


def test_a_section_is_part_of_the_whole_not_the_whole(linked) -> None:
    (whole,) = _entities(linked, "project", "柯桥至诸暨高速公路")
    (part,) = _entities(linked, "project", "柯诸高速诸暨段")
    assert part is not whole


def test_same_body_name_in_two_jurisdictions_is_two_organisations(linked) -> None:
    bodies = _entities(linked, "organisation", "市交通运输局")
    assert len(bodies) == 2
    assert {e.attrs.get("jurisdiction") for e in bodies} == {"330600", "330681"}


def test_places_link_by_adcode(linked) -> None:
    zhuji = [e for e in linked.entities.values() if e.kind == "place" and e.attrs.get("adcode") == "330681"]
    assert len(zhuji) == 1 and zhuji[0].mentioned_in == {"a_shaoxing", "b_zhuji"}


def test_linking_is_deterministic(tmp_path: Path) -> None:
    (tmp_path / "a_shaoxing.txt").write_text(DOC_A, encoding="utf-8")
    (tmp_path / "b_zhuji.txt").write_text(DOC_B, encoding="utf-8")
    runs = []
    for order in ((0, 1), (1, 0)):
        files = [tmp_path / "a_shaoxing.txt", tmp_path / "b_zhuji.txt"]
        results = [process_document(files[i]) for i in order]
        results.sort(key=lambda r: r.doc.document.doc_id)
        runs.append(sorted(link(results).entities))
    assert runs[0] == runs[1]


def test_section_records_part_of_its_whole(linked) -> None:
    (whole,) = _entities(linked, "project", "柯桥至诸暨高速公路")
    (part,) = _entities(linked, "project", "柯诸高速诸暨段")
    assert part.part_of == whole.iri

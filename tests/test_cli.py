"""One end-to-end test per command through the real CLI (typer's CliRunner), bad input included."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plangraph.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_help_lists_every_contract_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "query", "diff", "serve", "validate", "report", "inspect"):
        assert command in result.output
        assert run(command, "--help").exit_code == 0


def test_inspect_prints_tree_and_counts() -> None:
    result = run("inspect", str(SEEDS / "000_8af2adfece35198e.txt"))
    assert result.exit_code == 0
    assert "绍政发〔2024〕6号" in result.output
    assert "[二/（一）/1] 打造杭绍一体轨道网" in result.output
    assert "table rows: 11" in result.output


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n", "empty file"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("plan.xyz", "规划".encode(), "unsupported file type"),
        ("broken.docx", b"PK\x03\x04 truncated", "docx"),
    ],
)
def test_inspect_bad_input_is_one_line_and_exit_1(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("inspect", str(path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and problem in lines[0]
    assert "Traceback" not in result.output


def test_build_skips_a_bad_document_and_builds_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS / "004_08bc1ee0b7c33ec7.txt", src)
    (src / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    result = run("build", str(src), "-o", str(out), "--quiet")
    assert result.exit_code == 1, result.output  # bad input reported, the rest still built
    assert "broken.txt" in result.output and "skipped" in result.output
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert [i["source_file"] for i in manifest["inputs"]] == ["004_08bc1ee0b7c33ec7.txt"]
    assert (out / "plangraph.ttl").exists() and (out / "plangraph.nq").exists() and (out / "store").is_dir()


def test_failed_build_leaves_previous_output_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(SEEDS / "004_08bc1ee0b7c33ec7.txt"), "-o", str(out), "-q").exit_code == 0
    before = (out / "plangraph.nq").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run("build", str(bad), "-o", str(out), "-q")
    assert result.exit_code == 1
    assert (out / "plangraph.nq").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".build-")]


def test_query_presets_formats_and_errors(seed_build) -> None:
    out, _ = seed_build
    store = str(out / "store")
    listed = run("query", "-s", store, "--preset", "list")
    assert listed.exit_code == 0 and "targets_by_year" in listed.output
    q = "SELECT ?f WHERE { ?d <https://w3id.org/plangraph/ontology#sourceFile> ?f } ORDER BY ?f"
    table = run("query", "-s", store, q)
    assert table.exit_code == 0 and "000_8af2adfece35198e.txt" in table.output and "(5 rows)" in table.output
    csv = run("query", "-s", store, q, "--format", "csv")
    assert csv.output.splitlines()[0] == "f" and len(csv.output.splitlines()) == 6
    as_json = json.loads(run("query", "-s", store, q, "--format", "json").output)
    assert len(as_json["results"]["bindings"]) == 5
    from_ttl = run("query", "-s", str(out / "plangraph.ttl"), q, "--format", "tsv")
    assert from_ttl.exit_code == 0 and len(from_ttl.output.splitlines()) == 6
    bad = run("query", "-s", store, "SELECT ?s WHERE { ?s ?p }")
    assert bad.exit_code == 1 and "SPARQL syntax error" in bad.output and "Traceback" not in bad.output
    update = run("query", "-s", store, "DELETE WHERE { ?s ?p ?o }")
    assert update.exit_code == 1
    assert run("query", "-s", store, "--preset", "nope").exit_code == 1


def test_query_malformed_turtle_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix pg: <https://w3id.org/plangraph/ontology#> .\npg:a pg:b \n", encoding="utf-8")
    result = run("query", "-s", str(bad), "SELECT * WHERE { ?s ?p ?o }")
    assert result.exit_code == 1 and "malformed" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_query_without_a_build_says_what_to_run(tmp_path: Path) -> None:
    result = run("query", "-s", str(tmp_path / "missing"), "SELECT * WHERE { ?s ?p ?o }")
    assert result.exit_code == 1 and "plangraph build" in result.output


def test_build_shards_one_nquads_file_per_document(tmp_path: Path) -> None:
    """One shard per document graph and one for the entities' shared facts (default graph)."""
    out = tmp_path / "out"
    result = run("build", str(SEEDS / "004_08bc1ee0b7c33ec7.txt"), str(SEEDS / "003_6484c7ca487d3a6f.txt"),
                 "-o", str(out), "-q", "--shards")
    assert result.exit_code == 0, result.output
    shards = sorted(p.name for p in (out / "shards").iterdir())
    assert shards == ["003_6484c7ca487d3a6f.nq", "004_08bc1ee0b7c33ec7.nq", "_entities.nq"]
    import pyoxigraph as ox

    shared = list(ox.parse(path=str(out / "shards" / "_entities.nq"), format=ox.RdfFormat.N_QUADS))
    assert shared and all(q.graph_name == ox.DefaultGraph() for q in shared)
    assert all(q.graph_name != ox.DefaultGraph()
               for q in ox.parse(path=str(out / "shards" / "003_6484c7ca487d3a6f.nq"), format=ox.RdfFormat.N_QUADS))
    joined = b"".join((out / "shards" / s).read_bytes() for s in shards)
    assert sorted(joined.splitlines()) == sorted((out / "plangraph.nq").read_bytes().splitlines())


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [("empty.txt", b"", "empty file"), ("blob.txt", bytes(range(256)) * 8, "binary data"),
     ("cut.docx", b"PK\x03\x04 truncated", "truncated or corrupt .docx")],
)
def test_build_of_one_bad_file_names_its_problem(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    """A build that reads nothing says why, in one line, for the file itself."""
    bad = tmp_path / name
    bad.write_bytes(data)
    result = run("build", str(bad), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    assert problem in result.output and str(bad) in result.output
    assert not (tmp_path / "out").exists()

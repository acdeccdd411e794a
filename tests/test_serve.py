"""``plangraph serve``: the real Oxigraph server on a free loopback port, queried by SPARQLWrapper."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from plangraph.pipeline.serve import preset_urls, wait_until_up

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seed_build):
    out, _ = seed_build
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "plangraph.cli", "serve", "-s", str(out / "store"), "--port", str(port), "--timeout", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    if not wait_until_up("127.0.0.1", port):
        proc.kill()
        pytest.fail(f"server did not start: {proc.stdout.read()}")
    yield out, port, proc
    proc.terminate()
    proc.wait(timeout=10)


def _select(port: int, query: str) -> list[dict]:
    from SPARQLWrapper import JSON
    from SPARQLWrapper import SPARQLWrapper as Client

    client = Client(f"http://127.0.0.1:{port}/query")
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client.query().convert()["results"]["bindings"]


QUERY = "SELECT ?f WHERE { ?d <https://w3id.org/plangraph/ontology#sourceFile> ?f } ORDER BY ?f"


def test_endpoint_rows_equal_plangraph_query(server) -> None:
    out, port, _ = server
    rows = [b["f"]["value"] for b in _select(port, QUERY)]
    from plangraph import api

    local = json.loads(api.query(QUERY, source=out / "store", fmt="json"))
    assert rows == [b["f"]["value"] for b in local["results"]["bindings"]]
    assert len(rows) == 5


def test_update_is_refused_and_store_unchanged(server) -> None:
    _, port, _ = server
    before = _select(port, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"]
    data = urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/update", data=data, timeout=10)
    assert refused.value.code == 403
    after = _select(port, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"]
    assert before == after


def test_query_past_time_limit_is_stopped_and_server_answers_next(server) -> None:
    _, port, _ = server
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?c) < STR(?f)) }"
    url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": heavy})
    started = time.monotonic()
    try:
        body = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}), timeout=60).read()
        assert b"cancelled" in body
    except urllib.error.HTTPError as e:
        assert e.code >= 400
    assert time.monotonic() - started < 30
    assert len(_select(port, QUERY)) == 5


def test_query_page_and_presets_urls(server) -> None:
    _, port, _ = server
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read()
    assert b"<html" in page.lower()
    name, _title, url = next(u for u in preset_urls("127.0.0.1", port) if u[0] == "targets_by_year")
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    assert "results" in json.loads(urllib.request.urlopen(req, timeout=10).read())


def test_busy_port_and_missing_store_are_one_line(server, tmp_path: Path) -> None:
    out, port, _ = server
    busy = subprocess.run([sys.executable, "-m", "plangraph.cli", "serve", "-s", str(out / "store"), "--port", str(port)],
                          capture_output=True, text=True, timeout=60)
    assert busy.returncode == 1 and "in use" in busy.stderr and len(busy.stderr.strip().splitlines()) == 1
    missing = subprocess.run([sys.executable, "-m", "plangraph.cli", "serve", "-s", str(tmp_path / "nostore")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "plangraph build" in missing.stderr


def test_sigterm_stops_server_cleanly(seed_build) -> None:
    out, _ = seed_build
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "plangraph.cli", "serve", "-s", str(out / "store"), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert wait_until_up("127.0.0.1", port)
    proc.terminate()
    assert proc.wait(timeout=10) == 0
    time.sleep(0.3)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # the oxigraph child is gone too

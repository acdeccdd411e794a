"""``plangraph serve``: Oxigraph's own SPARQL 1.1 server, read-only, over the built store.

We do not write a server: the ``oxigraph`` binary from PyPI (same engine and version as the
``pyoxigraph`` that wrote the store, pinned together in pyproject.toml) serves ``/query`` (SPARQL
1.1 Protocol, union default graph), refuses ``/update`` in read-only mode, and serves its bundled
query page at ``/``. This module checks the store and the port, starts the binary, prints where
to go, and passes Ctrl-C / SIGTERM on.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph

from plangraph.errors import PlangraphInputError
from plangraph.pipeline.query import presets

__all__ = ["oxigraph_binary", "check_store", "server_command", "serve_command", "preset_urls"]


def oxigraph_binary() -> str:
    """The oxigraph executable installed beside this Python (the PyPI ``oxigraph`` package)."""
    local = Path(sys.executable).parent / "oxigraph"
    if local.exists():
        return str(local)
    found = shutil.which("oxigraph")
    if not found:
        raise PlangraphInputError("oxigraph", "the oxigraph server binary is not installed (pip install oxigraph)")
    return found


def _binary_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout
    return out.strip().split()[-1] if out.strip() else "?"


def check_store(store: Path, binary: str | None = None) -> None:
    """The store exists and was written by the engine version the server binary runs."""
    if not store.is_dir() or not any(store.iterdir()):
        raise PlangraphInputError(store, "no store here; run `plangraph build seeds/` first")
    manifest = store.parent / "build.json"
    if not manifest.exists():
        raise PlangraphInputError(store, "no build.json beside the store; rebuild it with `plangraph build`")
    written_by = json.loads(manifest.read_text(encoding="utf-8")).get("pyoxigraph")
    server = _binary_version(binary or oxigraph_binary())
    if written_by != server:
        raise PlangraphInputError(
            store, f"store written by pyoxigraph {written_by}, server is oxigraph {server}; rebuild with `plangraph build`"
        )
    if written_by != pyoxigraph.__version__:
        raise PlangraphInputError(store, f"store written by pyoxigraph {written_by}; rebuild with `plangraph build`")


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def server_command(store: Path, host: str, port: int, timeout: float, binary: str | None = None) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        binary or oxigraph_binary(), "serve-read-only", "--location", str(store), "--bind", bind,
        "--cors", "--union-default-graph", "--timeout-s", str(max(1, round(timeout))),
    ]


def preset_urls(host: str, port: int) -> list[tuple[str, str, str]]:
    base = f"http://{host}:{port}/query?query="
    return [(name, p.title, base + quote(p.text, safe="")) for name, p in presets().items()]


def serve_command(store: Path, host: str, port: int, timeout: float, list_presets: bool = False,
                  echo=print) -> int:
    if list_presets:
        for name, title, url in preset_urls(host, port):
            echo(f"{name}: {title}\n  {url}")
        return 0
    binary = oxigraph_binary()
    check_store(store, binary)
    if not _port_free(host, port):
        raise PlangraphInputError(f"{host}:{port}", "port is already in use; choose another with --port")
    proc = subprocess.Popen(server_command(store, host, port, timeout, binary))
    endpoint = f"http://{host}:{port}/query"
    echo(f"SPARQL endpoint: {endpoint}  (read-only, union default graph, {timeout:g} s per query)")
    echo(f"Query page:      http://{host}:{port}/")
    echo(f"Try:             curl -s {endpoint} -H 'Accept: text/csv' "
         f"--data-urlencode 'query=SELECT (COUNT(*) AS ?triples) WHERE {{ ?s ?p ?o }}'")
    echo("Ctrl-C stops the server.")

    def forward(signum, _frame):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)

    old_int = signal.signal(signal.SIGINT, forward)
    old_term = signal.signal(signal.SIGTERM, forward)
    try:
        while True:
            try:
                code = proc.wait()
                break
            except KeyboardInterrupt:
                forward(signal.SIGINT, None)
    finally:
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGTERM, old_term)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
    # Stopped by our own signal: a clean exit for the user.
    return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT, 130, 143) else code


def wait_until_up(host: str, port: int, seconds: float = 15.0) -> bool:
    """For tests and tools: poll until the server accepts connections."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex((host, port)) == 0:
                return True
        time.sleep(0.1)
    return False

"""The ``plangraph`` command: typer parsing over :mod:`plangraph.api`, and nothing else.

Bad input is one line on stderr and exit status 1; usage errors exit 2 (typer's own).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from plangraph import __version__
from plangraph.errors import NotImplementedYet, PlangraphInputError

app = typer.Typer(
    help="Turn Chinese government plans into a knowledge graph you can query, validate and diff.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"plangraph: {message}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"plangraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = None,
) -> None:
    pass


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (.txt .md .docx .html .pdf, folders recursively).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("output"),
    workers: Annotated[int, typer.Option("--workers", min=1, help="Documents processed in parallel processes.")] = 1,
    executor: Annotated[str, typer.Option("--executor", help="local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:8786).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    shards: Annotated[bool, typer.Option("--shards", help="Also write shards/<document>.nq for bulk loaders.")] = False,
) -> None:
    """Read documents, extract targets, projects, tasks, organisations and places, link them, and
    write plangraph.ttl, plangraph.nq, store/ and build.json."""
    from plangraph.cli_output import BuildProgress, print_summary

    if executor not in ("local", "dask"):
        _fail(f"--executor must be local or dask, not {executor!r}", 2)
    progress = BuildProgress(enabled=not quiet)
    try:
        from plangraph import api

        with progress:
            summary = api.build(paths, out, workers=workers, executor=executor, scheduler=scheduler,
                                on_start=progress.start, on_done=progress.done, shards=shards)
    except PlangraphInputError as e:
        _fail(str(e))
    for f in summary.failures:
        typer.echo(f"plangraph: skipped {f.problem}", err=True)
    if not quiet:
        print_summary(summary)
    if summary.failures:
        # The others were built and written; the status still tells a script that input was bad.
        raise typer.Exit(1)


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(help="A SPARQL query.")] = None,
    source: Annotated[Path | None, typer.Option("-s", "--store", help="Store folder or graph file (default output/store).")] = None,
    file: Annotated[Path | None, typer.Option("-f", "--file", help="Read the query from a .rq file.")] = None,
    preset: Annotated[str | None, typer.Option("--preset", help="A shipped query by name; 'list' lists them.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="NAME=VALUE for a preset's parameter.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv or json.")] = "table",
) -> None:
    """Run SPARQL over the built graph (all documents as one default graph)."""
    from plangraph import api

    if fmt not in ("table", "csv", "tsv", "json"):
        _fail(f"--format must be table, csv, tsv or json, not {fmt!r}", 2)
    if preset == "list":
        for name, p in api.presets().items():
            params = " ".join(f"--param {k}={v}" for k, v in p.params.items())
            typer.echo(f"{name:<20} {p.title}" + (f"   [{params}]" if params else ""))
        return
    given = sum(x is not None for x in (text, file, preset))
    if given != 1:
        _fail("give exactly one of QUERY, -f FILE.rq or --preset NAME", 2)
    params = {}
    for p in param or []:
        if "=" not in p:
            _fail(f"--param needs NAME=VALUE, got {p!r}", 2)
        k, v = p.split("=", 1)
        params[k] = v
    try:
        if file is not None and not file.exists():
            raise PlangraphInputError(file, "no such query file")
        out = api.query(text, source=source, file=file, preset_name=preset, params=params, fmt=fmt)
    except PlangraphInputError as e:
        _fail(str(e))
    sys.stdout.write(out)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Old version: graph file, document or folder.")],
    new: Annotated[Path, typer.Argument(help="New version: graph file, document or folder.")],
    fmt: Annotated[str, typer.Option("--format", help="md, json or ttl.")] = "md",
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write the report to a file.")] = None,
) -> None:
    """What changed between two versions of a plan: targets, projects, units, terms, sections."""
    try:
        from plangraph.pipeline import diff as diff_module
    except ImportError:
        _fail("diff is not implemented yet (issue 7)", 2)
    try:
        text = diff_module.diff_command(old, new, fmt)
    except PlangraphInputError as e:
        _fail(str(e))
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command()
def serve(
    source: Annotated[Path, typer.Option("-s", "--store", help="Store folder.")] = Path("output/store"),
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 7878,
    timeout: Annotated[float, typer.Option("--timeout", help="Per-query time limit in seconds.")] = 10.0,
    list_presets: Annotated[bool, typer.Option("--presets", help="List the presets with their endpoint URLs.")] = False,
) -> None:
    """Serve the store read-only over SPARQL 1.1 HTTP (Oxigraph's server), with a query page at /."""
    try:
        from plangraph.pipeline import serve as serve_module
    except ImportError:
        _fail("serve is not implemented yet (issue 8)", 2)
    try:
        code = serve_module.serve_command(source, host, port, timeout, list_presets)
    except PlangraphInputError as e:
        _fail(str(e))
    raise typer.Exit(code)


@app.command()
def validate(
    graph: Annotated[Path | None, typer.Argument(help="Graph file (default output/plangraph.ttl).")] = None,
) -> None:
    """Check a graph against the SHACL shapes; exit 1 when anything violates them."""
    try:
        from plangraph.pipeline.validate import format_report, load_graph_file, validate_graph
    except ImportError:
        _fail("validate is not implemented yet (issue 6)", 2)
    path = graph or Path("output/plangraph.ttl")
    try:
        report = validate_graph(load_graph_file(path))
    except PlangraphInputError as e:
        _fail(str(e))
    typer.echo(format_report(report))
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def report(
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder for report.html.")] = Path("output"),
    source: Annotated[Path, typer.Option("-s", "--store", help="Store folder.")] = Path("output/store"),
) -> None:
    """Write an HTML report (tables, a target timeline, the cross-document entity graph)."""
    try:
        from plangraph.pipeline import report as report_module
    except ImportError:
        _fail("report is not implemented yet (issue 8)", 2)
    try:
        path = report_module.write_report(source, out)
    except PlangraphInputError as e:
        _fail(str(e))
    typer.echo(f"wrote {path}")


@app.command()
def inspect(file: Annotated[Path, typer.Argument(help="One document.")]) -> None:
    """Print a document's metadata, section tree and tables with counts."""
    from plangraph import api
    from plangraph.pipeline.inspect import render_tree

    try:
        doc = api.inspect_document(file)
    except PlangraphInputError as e:
        _fail(str(e))
    sys.stdout.write(render_tree(doc))


def main() -> None:
    try:
        app()
    except NotImplementedYet as e:
        _fail(str(e), 2)


if __name__ == "__main__":
    main()

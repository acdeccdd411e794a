"""Terminal output for the CLI: a progress bar per document and the build summary table."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

__all__ = ["BuildProgress", "print_summary"]

_err = Console(stderr=True)


class BuildProgress:
    """A rich progress bar over documents, shown on stderr when it is a terminal."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled and sys.stderr.isatty()
        self.progress = Progress(
            TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=_err, transient=True,
        ) if self.enabled else None
        self.task = None

    def __enter__(self):
        if self.progress:
            self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        if self.progress:
            self.progress.__exit__(*exc)

    def start(self, files: list[Path]) -> None:
        if self.progress:
            self.task = self.progress.add_task("", total=len(files))

    def done(self, path: Path, _result) -> None:
        if self.progress and self.task is not None:
            self.progress.update(self.task, advance=1, description=Path(path).name)


def print_summary(summary) -> None:
    c = summary.counts
    table = Table(title=f"plangraph build → {summary.out_dir}/", show_header=True, header_style="bold")
    table.add_column("")
    table.add_column("count", justify="right")
    for name in ("documents", "sections", "targets", "observations", "projects", "tasks", "organisations",
                 "places", "indicators", "shared_entities", "triples"):
        table.add_row(name.replace("_", " "), str(c[name]))
    table.add_row("time", f"{summary.timings.get('total', 0):.2f} s")
    Console().print(table)

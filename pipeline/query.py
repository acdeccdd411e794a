"""SPARQL over the built store (or a graph file): presets, parameters and result formats.

The store's default graph is the union of every document's graph (and the ontology), so queries
need no GRAPH clauses. Presets are ``.rq`` files shipped in ``plangraph.queries``; a preset's first
comment lines give its title (``# title: …``) and its parameters (``# param: name default``), which
``--param name=value`` replaces in the query's ``VALUES ?name { … }`` block.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from plangraph.errors import PlangraphInputError

__all__ = ["Preset", "presets", "preset", "open_store", "run_query", "format_results", "apply_params"]


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    params: dict[str, str]
    text: str


def presets() -> dict[str, Preset]:
    out = {}
    for f in sorted(resources.files("plangraph.queries").iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            text = f.read_text(encoding="utf-8")
            title = next((m.group(1) for m in re.finditer(r"^#\s*title:\s*(.+)$", text, re.M)), f.name[:-3])
            params = {m.group(1): m.group(2).strip() for m in re.finditer(r"^#\s*param:\s*(\w+)\s+(.*)$", text, re.M)}
            out[f.name[:-3]] = Preset(f.name[:-3], title.strip(), params, text)
    return out


def preset(name: str) -> Preset:
    all_ = presets()
    if name not in all_:
        raise PlangraphInputError(name, f"no such preset; choose one of: {', '.join(all_)}")
    return all_[name]


def apply_params(text: str, params: dict[str, str]) -> str:
    """Replace ``VALUES ?name { … }`` blocks with the given values (as @zh literals or numbers)."""
    for name, value in params.items():
        pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}")
        if not pattern.search(text):
            raise PlangraphInputError(name, "this query has no such parameter")
        literal = value if re.fullmatch(r"-?\d+(\.\d+)?", value) else json.dumps(value, ensure_ascii=False) + "@zh"
        replacement = f"VALUES ?{name} {{ {literal} }}"
        text = pattern.sub(lambda _m, r=replacement: r, text)
    return text


def open_store(source: str | Path | None) -> ox.Store:
    """A store directory opened read-only, or a graph file (.ttl/.nq/.nt/.trig) loaded in memory."""
    path = Path(source or "output/store")
    if path.is_dir():
        try:
            return ox.Store.read_only(str(path))
        except OSError as e:
            raise PlangraphInputError(path, f"cannot open the store ({e}); run `plangraph build` first") from None
    if not path.exists():
        raise PlangraphInputError(path, "no store or graph file here; run `plangraph build seeds/` first")
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise PlangraphInputError(path, "unknown graph format (use .ttl, .nt, .nq or .trig)")
    store = ox.Store()
    try:
        store.load(path=str(path), format=fmt, **({} if fmt.supports_datasets else {}))
    except SyntaxError as e:
        raise PlangraphInputError(path, f"malformed {fmt.name}: {_one_line(e)}") from None
    return store


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())


def run_query(store: ox.Store, text: str):
    try:
        return store.query(text, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise PlangraphInputError("query", f"SPARQL syntax error: {_one_line(e)}") from None
    except OSError as e:
        raise PlangraphInputError("query", f"query failed: {_one_line(e)}") from None


def _term_text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def rows_of(results) -> tuple[list[str], list[list[str]]]:
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        return names, [[_term_text(sol[n]) for n in names] for sol in results]
    if isinstance(results, ox.QueryBoolean):
        return ["result"], [[str(bool(results)).lower()]]
    triples = list(results)
    return ["subject", "predicate", "object"], [[_term_text(t.subject), _term_text(t.predicate), _term_text(t.object)] for t in triples]


def format_results(results, fmt: str = "table", max_width: int = 60) -> str:
    if fmt == "json" and isinstance(results, ox.QuerySolutions | ox.QueryBoolean):
        return results.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8") + "\n"
    names, rows = rows_of(results)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(names, r, strict=True)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    return _table(names, rows, max_width)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _clip(s: str, n: int) -> str:
    s = s.replace("\n", " ")
    if _width(s) <= n:
        return s
    out, w = "", 0
    for ch in s:
        cw = _width(ch)
        if w + cw > n - 1:
            break
        out, w = out + ch, w + cw
    return out + "…"


def _table(names: list[str], rows: list[list[str]], max_width: int) -> str:
    short = [[_clip(_shorten_iri(c), max_width) for c in r] for r in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in short]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), line(["-" * w for w in widths])]
    out += [line(r) for r in short]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _shorten_iri(value: str) -> str:
    from plangraph.pipeline.rdf import PREFIXES

    for prefix, ns in PREFIXES.items():
        if value.startswith(ns) and len(value) > len(ns):
            return f"{prefix}:{value[len(ns):]}"
    return value

"""``plangraph inspect FILE``: the section tree of one document with counts, as text."""

from __future__ import annotations

from plangraph.schema import SegmentedDoc

__all__ = ["render_tree"]


def render_tree(doc: SegmentedDoc, max_heading: int = 40) -> str:
    d = doc.document
    m = d.metadata
    paragraphs_in: dict[str, int] = {}
    for p in doc.paragraphs:
        paragraphs_in[p.section_id] = paragraphs_in.get(p.section_id, 0) + 1
    tables = {t.table_id: t for t in doc.tables}
    out = [
        f"{d.source_file}  ({d.format}, {d.encoding or 'structured'}, {len(d.text)} chars)",
        f"  title: {m.title or '-'}   文号: {m.identifier or '-'}   issued: {m.issued or '-'}   "
        f"publisher: {m.publisher or '-'}",
        f"  period: {m.period_start or '?'}–{m.period_end or '?'}   outlook: {m.outlook or '-'}",
        f"  sections: {sum(1 for s in doc.sections if s.kind not in ('document', 'table'))}   "
        f"paragraphs: {len(doc.paragraphs)}   tables: {len(doc.tables)}   "
        f"table rows: {sum(len(t.rows) for t in doc.tables)}",
        "",
    ]
    for s in doc.sections[1:]:
        indent = "  " * s.level
        heading = s.heading if len(s.heading) <= max_heading else s.heading[: max_heading - 1] + "…"
        n = paragraphs_in.get(s.section_id, 0)
        if s.kind == "table":
            t = tables[s.section_id]
            out.append(f"{indent}[{s.section_id}] table: {heading or '(untitled)'} — {len(t.rows)} rows")
            out.append(f"{indent}    header: {' | '.join(h or '·' for h in t.header)}")
            for r in t.rows:
                cells = " | ".join((c.text[:16] + ("↓" if c.carried else "")) or "·" for c in r.cells)
                out.append(f"{indent}    {'▸ ' if r.is_group else ''}{cells}")
            if t.note:
                out.append(f"{indent}    note: {t.note}")
        else:
            out.append(f"{indent}[{s.section_id}] {heading}" + (f"  ({n} ¶)" if n else ""))
    return "\n".join(out) + "\n"

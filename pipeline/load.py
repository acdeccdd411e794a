"""Loading: a file on disk → a :class:`Document` with one normalised text.

Plain text and Markdown are decoded (UTF-8 with or without BOM, GB18030/GBK and others detected by
charset-normalizer) and normalised. Word, HTML and PDF files are read as paragraphs and tables by
their own libraries; headings and tables they mark are kept as hints with offsets into the text.
Every problem is one :class:`PlangraphInputError` naming the file.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from plangraph.errors import PlangraphInputError
from plangraph.pipeline.metadata import read_metadata
from plangraph.pipeline.normalize import halfwidth, normalize_text
from plangraph.pipeline.simplify import simplified_view
from plangraph.schema import Cell, Document, Row, Table

__all__ = ["SUPPORTED_SUFFIXES", "load", "load_bytes", "decode_text"]

SUPPORTED_SUFFIXES = {".txt": "txt", ".md": "md", ".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def load(path: str | Path) -> Document:
    path = Path(path)
    if not path.exists():
        raise PlangraphInputError(path, "no such file")
    if path.is_dir():
        raise PlangraphInputError(path, "is a folder, not a document")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PlangraphInputError(path, f"cannot be read ({e.strerror})") from None
    return load_bytes(data, path.name)


def load_bytes(data: bytes, name: str) -> Document:
    suffix = Path(name).suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        raise PlangraphInputError(name, f"unsupported file type '{suffix or '(none)'}' (use .txt .md .docx .html .pdf)")
    if not data.strip():
        raise PlangraphInputError(name, "empty file")
    reader = {"txt": _read_text, "md": _read_text, "docx": _read_docx, "html": _read_html, "pdf": _read_pdf}[fmt]
    text, encoding, headings, tables = reader(data, name)
    if not text.strip():
        raise PlangraphInputError(name, "no text in the document")
    simplified = simplified_view(text)
    return Document(
        doc_id=Path(name).stem,
        source_file=Path(name).name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        encoding=encoding,
        text=text,
        simplified=simplified,
        metadata=read_metadata(simplified),
        heading_hints=tuple(headings),
        table_hints=tuple(tables),
    )


# ---------------------------------------------------------------- plain text


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) * 0.05


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-8 first (it is unambiguous), then a detector for the rest."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if _looks_binary(data):
        raise PlangraphInputError(name, "binary data, not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=None).best()
    if best is None:
        raise PlangraphInputError(name, "undecodable bytes: not UTF-8 and no known Chinese encoding fits")
    encoding = best.encoding.lower()
    # GB2312 and GBK are subsets of GB18030: decode with the superset so rare characters survive.
    if encoding in {"gb2312", "gbk", "cp936", "hz", "gb18030"}:
        encoding = "gb18030"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise PlangraphInputError(name, f"undecodable bytes (detected {best.encoding}, but it does not decode)") from None
    if _mostly_not_text(text):
        raise PlangraphInputError(name, "undecodable bytes: decoded text is not Chinese or Latin prose")
    return text, encoding


def _mostly_not_text(text: str) -> bool:
    sample = text[:5000]
    good = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or ch.isascii() or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return good < len(sample) * 0.7


def _read_text(data: bytes, name: str):
    text, encoding = decode_text(data, name)
    if name.lower().endswith(".md"):
        text = _strip_markdown(text)
    return normalize_text(text), encoding, [], []


def _strip_markdown(text: str) -> str:
    """Markdown headings and pipe tables to the plain forms the segmenter reads."""
    out = []
    for line in text.splitlines():
        if re.match(r"^\s*\|?\s*:?-{3,}", line) and set(line.strip()) <= set("|:- "):
            continue  # the |---|---| separator row
        if line.strip().startswith("|") and line.strip().endswith("|"):
            line = "\t".join(c.strip() for c in line.strip().strip("|").split("|"))
        line = re.sub(r"^\s*#{1,6}\s+", "", line)
        line = re.sub(r"\*\*([^*]+)\*\*", r"\1", line)
        out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------- structured formats


class _Builder:
    """Collects paragraphs and tables into one text, recording heading and table offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.headings: list[tuple[int, int, int]] = []
        self.tables: list[Table] = []

    def _add(self, text: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    def paragraph(self, text: str, heading_level: int | None = None) -> None:
        text = _clean(text)
        if not text:
            return
        start, end = self._add(text)
        self._add("\n")
        if heading_level:
            self.headings.append((start, end, heading_level))

    def table(self, rows: list[list[str]], title: str | None = None) -> None:
        rows = [[_clean(c).replace("\t", " ") for c in r] for r in rows if any(_clean(c) for c in r)]
        if not rows:
            return
        width = max(len(r) for r in rows)
        table_start = self.pos
        built: list[Row] = []
        for r in rows:
            r = r + [""] * (width - len(r))
            row_start = self.pos
            cells = []
            for i, c in enumerate(r):
                if i:
                    self._add("\t")
                s, e = self._add(c)
                cells.append(Cell(text=c, start=s, end=e))
            built.append(Row(cells=tuple(cells), start=row_start, end=self.pos))
            self._add("\n")
        self._add("\n")
        self.tables.append(
            Table(
                table_id=f"表{len(self.tables) + 1}",
                title=title,
                header=tuple(c.text for c in built[0].cells),
                rows=tuple(built[1:]),
                start=table_start,
                end=self.pos - 1,
            )
        )

    def result(self):
        return "".join(self.parts), None, self.headings, self.tables


def _clean(text: str) -> str:
    return re.sub(r"[ \t\u3000\xa0]+", " ", halfwidth(text).replace("\n", " ")).strip()


def _read_docx(data: bytes, name: str):
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph as DocxParagraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise PlangraphInputError(name, f"not a readable .docx (truncated or corrupt: {type(e).__name__})") from None
    except Exception as e:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise PlangraphInputError(name, f"not a readable .docx ({type(e).__name__})") from None
    b = _Builder()
    for block in document.iter_inner_content():
        if isinstance(block, DocxParagraph):
            style = (block.style.name if block.style is not None else "") or ""
            level = None
            if m := re.match(r"(?:Heading|标题)\s*(\d)", style):
                level = int(m.group(1))
            elif style == "Title":
                level = 1
            b.paragraph(block.text, level)
        elif isinstance(block, DocxTable):
            rows = []
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    # A horizontally merged cell appears once per grid column: keep it once.
                    key = id(cell._tc)
                    cells.append("" if key in seen else cell.text)
                    seen.add(key)
                rows.append(cells)
            b.table(rows)
    return b.result()


_NAV = re.compile(r"nav|menu|breadcrumb|footer|header|sidebar|banner|share|toolbar|copyright", re.I)


def _read_html(data: bytes, name: str):
    from bs4 import BeautifulSoup

    try:
        text, encoding = decode_text(data, name)
    except PlangraphInputError:
        raise
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "noscript", "form", "iframe"]):
        tag.decompose()
    for tag in soup.find_all(attrs={"class": _NAV}) + soup.find_all(attrs={"id": _NAV}):
        if tag.parent is not None and tag.name not in {"body", "html", "table"}:
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    b = _Builder()
    for el in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "div", "pre"]):
        if el.find_parent("table") is not None:
            continue
        if el.name == "table":
            rows = [[c.get_text(" ") for c in tr.find_all(["td", "th"])] for tr in el.find_all("tr")]
            b.table(rows)
        elif el.name == "div":
            # Text sitting directly in a div (not in its p/table children) is a paragraph too.
            own = "".join(s for s in el.find_all(string=True, recursive=False))
            b.paragraph(own)
        elif el.name == "pre":
            for line in el.get_text().splitlines():
                b.paragraph(line)
        elif el.find_parent(["p", "li"]) is None:
            level = int(el.name[1]) if el.name[0] == "h" else None
            b.paragraph(el.get_text(" "), level)
    text, _, headings, tables = b.result()
    return text, encoding, headings, tables


def _read_pdf(data: bytes, name: str):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PlangraphInputError(name, "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlangraphInputError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError, TypeError) as e:
        raise PlangraphInputError(name, f"not a readable PDF ({type(e).__name__})") from None
    if not "".join(pages).strip():
        raise PlangraphInputError(name, "PDF has no text layer (a scan?); run OCR first")
    return normalize_text("\n\n".join(pages)), None, [], []

"""Loading: a file on disk → a :class:`Document` with one normalised text.

Plain text and Markdown are decoded (UTF-8 with or without BOM, GB18030/GBK, Big5 and others) and
normalised. Word, HTML and PDF files are read as paragraphs and tables by their own libraries;
headings and tables they mark are kept as hints with offsets into the text. Every problem is one
:class:`PlangraphInputError` whose message is one line naming the file and the problem.

>>> doc = load_bytes("到2025年，城镇化率达到75%。".encode("gbk"), "short.txt")
>>> doc.encoding, doc.text
('gb18030', '到2025年，城镇化率达到75%。\\n')
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from plangraph.errors import PlangraphInputError, quiet_logger
from plangraph.pipeline.metadata import read_metadata
from plangraph.pipeline.normalize import halfwidth, normalize_text
from plangraph.pipeline.simplify import simplified_view
from plangraph.schema import Cell, Document, Row, Table

__all__ = ["SUPPORTED_SUFFIXES", "load", "load_bytes", "decode_text"]

SUPPORTED_SUFFIXES = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


def load(path: str | Path) -> Document:
    """Read one document; a bad file raises :class:`PlangraphInputError` naming its path."""
    path = Path(path)
    if not path.exists():
        raise PlangraphInputError(path, "no such file")
    if path.is_dir():
        raise PlangraphInputError(path, "is a folder, not a document")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PlangraphInputError(path, f"cannot be read ({e.strerror})") from None
    return load_bytes(data, str(path))


def load_bytes(data: bytes, name: str) -> Document:
    """Bytes of a document called ``name`` (its suffix picks the reader) → :class:`Document`."""
    suffix = Path(name).suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        raise PlangraphInputError(
            name, f"unsupported file type '{suffix or '(none)'}' (use .txt .md .docx .html .pdf)"
        )
    if not data:
        raise PlangraphInputError(name, "empty file")
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise PlangraphInputError(name, "empty file (only whitespace)")
    reader = {"txt": _read_text, "md": _read_text, "docx": _read_docx, "html": _read_html, "pdf": _read_pdf}[
        fmt
    ]
    text, encoding, headings, tables = reader(data, name)
    if not text.strip():
        raise PlangraphInputError(name, "no text in the document (only whitespace or markup)")
    simplified = simplified_view(text)
    return Document(
        doc_id=Path(name).stem,
        source_file=Path(name).name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        encoding=encoding,
        text=text,
        simplified=simplified,
        metadata=read_metadata(text, simplified),
        heading_hints=tuple(headings),
        table_hints=tuple(tables),
    )


def _one_line(text: object) -> str:
    """A library's error message, shortened to one line for a PlangraphInputError."""
    first = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return first[:120]


# ---------------------------------------------------------------- plain text

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Legacy Chinese encodings: (codec to decode with, its common-character rows, its rarer rows).
# GB2312 and GBK are subsets of GB18030, so GB text is decoded with the superset; Big5 with cp950.
_GB_NAMES = {"gb2312", "gbk", "cp936", "gb18030", "hz", "euc_cn", "x-gbk"}
_BIG5_NAMES = {"big5", "cp950", "big5hkscs"}


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control > len(sample) * 0.05


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Bytes → (text, encoding).

    1. a byte-order mark decides; 2. strict UTF-8 (unambiguous); 3. GB18030 or Big5 when the bytes
    decode strictly into mostly common characters of that script (the detector is unreliable on
    short Chinese texts: it takes a GBK heading for Korean); 4. charset-normalizer for the rest.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise PlangraphInputError(
                    name, f"undecodable bytes (starts with a {codec} mark but is not {codec})"
                ) from None
    if _looks_binary(data):
        raise PlangraphInputError(name, "binary data, not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        # A file cut inside its last character: everything before it was UTF-8, so it is UTF-8.
        if (
            e.reason == "unexpected end of data"
            and e.end == len(data)
            and len(data) - e.start < 4
            and e.start > 0
        ):
            return data[: e.start].decode("utf-8"), "utf-8"
    if (legacy := _decode_legacy_chinese(data)) is not None:
        return legacy
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise PlangraphInputError(
            name, "undecodable bytes: not UTF-8, GB18030, Big5 or another known encoding"
        )
    encoding = best.encoding.lower()
    if encoding in _GB_NAMES:
        encoding = "gb18030"
    elif encoding in _BIG5_NAMES:
        encoding = "cp950"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise PlangraphInputError(
            name, f"undecodable bytes (detected {best.encoding}, but it does not decode)"
        ) from None
    if _mostly_not_text(text):
        raise PlangraphInputError(
            name, f"undecodable bytes: not UTF-8 or Chinese, and as {best.encoding} it is not prose"
        )
    return text, encoding


@lru_cache(maxsize=1)
def _charsets() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """For GB and Big5: (common characters and punctuation, rarer characters), read from the codecs.

    GB2312 rows A1-A3, A8-A9 are punctuation, full-width forms and box drawing; B0-D7 the 3755
    common hanzi, D8-F7 the 3008 rarer ones. Big5 A1-A3 are symbols, A4-C6 the 5401 common
    characters, C9-F9 the 7652 rarer ones.
    """

    def rows(codec: str, leads: list[int], trails: list[int]) -> frozenset[str]:
        out = set()
        for lead in leads:
            for trail in trails:
                try:
                    out.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    pass
        return frozenset(out)

    gb_trail = list(range(0xA1, 0xFF))
    big5_trail = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    gb = (
        rows("gb2312", [0xA1, 0xA2, 0xA3, 0xA8, 0xA9, *range(0xB0, 0xD8)], gb_trail),
        rows("gb2312", list(range(0xD8, 0xF8)), gb_trail),
    )
    big5 = (
        rows("big5", [0xA1, 0xA2, 0xA3, *range(0xA4, 0xC7)], big5_trail),
        rows("big5", list(range(0xC9, 0xFA)), big5_trail),
    )
    return {"gb18030": gb, "cp950": big5}


def _script_score(text: str, codec: str) -> float:
    """Share of non-ASCII characters that are common in the codec's script (rarer ones count half)."""
    common, rare = _charsets()[codec]
    sample = [ch for ch in text[:20000] if not ch.isascii()]
    if not sample:
        return 0.0
    # “ ” — … and the like are in both tables' punctuation rows; general punctuation always counts.
    score = sum(
        1.0 if ch in common or "\u2010" <= ch <= "\u203a" else 0.5 if ch in rare else 0.0 for ch in sample
    )
    return score / len(sample)


def _decode_legacy_chinese(data: bytes) -> tuple[str, str] | None:
    """GB18030 or Big5 when the bytes decode strictly into mostly common characters of that script.

    GB18030 decodes almost any byte string, so decoding alone proves nothing: Big5 read as GB gives
    katakana and rare hanzi, GB read as Big5 gives rare characters. A tie goes to GB (mainland plans).
    """
    scored = []
    for codec in ("gb18030", "cp950"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((_script_score(text, codec), codec == "gb18030", text, codec))
    if not scored:
        return None
    score, _, text, codec = max(scored)
    return (text, codec) if score >= 0.8 else None


def _mostly_not_text(text: str) -> bool:
    sample = text[:5000]
    good = sum(
        1
        for ch in sample
        if "\u4e00" <= ch <= "\u9fff"
        or ch.isascii()
        and (ch.isprintable() or ch in "\t\n\r")
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u206f"
        or ch in "\xa0·×÷°"
    )
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

# A cell of a table as read from the source: its text, and whether it is the lower part of a
# vertically merged cell (it then takes the value of the cell above).
_SourceCell = tuple[str, bool]


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

    def table(self, rows: list[list[_SourceCell]], title: str | None = None) -> None:
        rows = [[(_clean(t).replace("\t", " "), carried) for t, carried in r] for r in rows]
        rows = [r for r in rows if any(t for t, carried in r if not carried)]
        if not rows:
            return
        width = max(len(r) for r in rows)
        table_start = self.pos
        built: list[Row] = []
        for r in rows:
            r = r + [("", False)] * (width - len(r))
            row_start = self.pos
            cells = []
            for i, (text, carried) in enumerate(r):
                if i:
                    self._add("\t")
                if carried and built:
                    s, _ = self._add("")
                    cells.append(Cell(text=built[-1].cells[i].text, start=s, end=s, carried=True))
                else:
                    s, e = self._add(text)
                    cells.append(Cell(text=text, start=s, end=e))
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


# A line break next to a Chinese character is layout, not a space (HTML source wrapping, docx soft
# breaks inside a sentence).
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\u3000\xa0]*\n\s*|\s*\n[ \t\r\f\u3000\xa0]*(?=[{_CJK}])")


def _clean(text: str) -> str:
    text = _CJK_BREAK.sub("", halfwidth(text))
    return re.sub(r"[ \t\n\r\f\v\u3000\xa0\u200b]+", " ", text).strip()


# ---------------------------------------------------------------- docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .doc / .xls / .wps


def _open_docx(data: bytes, name: str):
    if data.startswith(_OLE_MAGIC):
        raise PlangraphInputError(name, "an old binary Word (.doc) file, not a .docx; save it as .docx")
    if not data.startswith(b"PK"):
        raise PlangraphInputError(name, "not a .docx (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise PlangraphInputError(
                    name, "a zip archive but not a Word document (no word/document.xml)"
                )
            z.read("word/document.xml")  # checks the CRC of the part that holds the text
    except PlangraphInputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise PlangraphInputError(name, "truncated or corrupt .docx (the zip archive is damaged)") from None
    except Exception as e:  # zlib.error and the like from a damaged member
        raise PlangraphInputError(name, f"truncated or corrupt .docx ({type(e).__name__})") from None
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises PackageNotFoundError, KeyError and lxml errors
        raise PlangraphInputError(name, f"corrupt .docx ({type(e).__name__}: {_one_line(e)})") from None


def _docx_heading_level(paragraph) -> int | None:
    """Heading level from the paragraph's style (or a style it is based on) or its outline level."""
    from docx.oxml.ns import qn

    style, depth = paragraph.style, 0
    while style is not None and depth < 6:
        style_name = style.name or ""
        if m := re.fullmatch(r"(?:heading|标题)\s*(\d)", style_name.strip(), re.I):
            return int(m.group(1))
        style, depth = style.base_style, depth + 1
    ppr = paragraph._p.pPr
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is not None and (val := outline.get(qn("w:val"), "")).isdigit() and int(val) < 9:
        return int(val) + 1
    return None


def _docx_rows(table) -> list[list[_SourceCell]]:
    """A Word table as a grid. python-docx repeats a merged cell once per grid column it spans and
    gives the top cell again for each row a vertical merge covers."""
    rows: list[list[_SourceCell]] = []
    # Sets of the cells' XML elements themselves (lxml keeps one proxy per element while referenced).
    seen_above: set = set()
    for row in table.rows:
        cells: list[_SourceCell] = []
        seen_here: set = set()
        for cell in row.cells:
            key = cell._tc
            if key in seen_here:
                cells.append(("", False))  # horizontal span: the text stays in its first column
            elif key in seen_above:
                cells.append(("", True))  # vertical span: the value of the row above
            else:
                cells.append((cell.text, False))
            seen_here.add(key)
        seen_above |= seen_here
        rows.append(cells)
    return rows


def _read_docx(data: bytes, name: str):
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = _open_docx(data, name)
    b = _Builder()
    try:
        for block in document.iter_inner_content():
            if isinstance(block, DocxParagraph):
                b.paragraph(block.text, _docx_heading_level(block))
            elif isinstance(block, DocxTable):
                b.table(_docx_rows(block))
    except (KeyError, IndexError, ValueError, TypeError) as e:  # malformed tables or styles
        raise PlangraphInputError(
            name, f"malformed .docx content ({type(e).__name__}: {_one_line(e)})"
        ) from None
    return b.result()


# ---------------------------------------------------------------- html

# Site chrome. Semantic tags first; then class/id words as whole tokens (menu, top-nav, breadcrumb…).
_CHROME_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "iframe",
    "button",
    "select",
    "footer",
]
_CHROME_WORD = re.compile(
    r"(?:^|[-_\s])(?:top|sub|left|right|main|site|global)?"
    r"(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|position|location|footer|foot|header|"
    r"topbar|sidebar|toolbar|banner|share|copyright|login|search)(?:$|[-_\s\d])",
    re.I,
)
# Inside <article>/<main> only these are chrome (a "header" there holds the article's title).
_INNER_CHROME_WORD = re.compile(r"nav|menu|crumb|share|toolbar|position|location", re.I)
_BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "li", "main", "ol",
    "p", "pre", "section", "summary", "ul",
}  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)


def _html_decode(data: bytes, name: str) -> tuple[str, str]:
    """The charset the page declares (<meta charset> or http-equiv) when the bytes agree; else detect."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and (
        m := _META_CHARSET.search(data[:4096])
    ):
        declared = m.group(1).decode("ascii").lower().replace("_", "-")
        codec = (
            "gb18030"
            if declared.replace("-", "") in {"gb2312", "gbk", "gb18030", "xgbk", "cp936"}
            else declared
        )
        codec = "cp950" if codec in {"big5", "x-big5"} else codec
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            pass  # mis-declared (a GBK page saying utf-8): detect instead
    return decode_text(data, name)


def _is_chrome(tag) -> bool:
    """Navigation, header, footer, menu, breadcrumb … but never an element holding the article."""
    if tag.name in {"html", "body", "main", "article", "table", "tr", "td", "th"}:
        return False
    words = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    words = re.sub(r"([a-z])([A-Z])", r"\1 \2", words)  # mainNav → main Nav
    if tag.name != "header" and not _CHROME_WORD.search(words):
        return False
    if tag.find(["article", "main"]) is not None:
        return False
    inner_chrome = _INNER_CHROME_WORD.search(words)
    if tag.find_parent(["article", "main"]) is not None and not inner_chrome:
        return False  # <article><header><h1>Title</h1></header> is the article's own heading
    if not inner_chrome and any(_own_text_heading(h) for h in tag.find_all("h1")):
        return False  # <div class="article-header"><h1>Title</h1> (a site logo's <h1> is a link)
    text = tag.get_text(" ", strip=True)
    link_text = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
    # Chrome is short or mostly links; a "header" div around a long body of prose is content.
    return len(text) < 200 or link_text >= 0.5 * len(text)


def _own_text_heading(h1) -> bool:
    text = h1.get_text("", strip=True)
    linked = sum(len(a.get_text("", strip=True)) for a in h1.find_all("a"))
    return len(text) >= 4 and linked < len(text) / 2


def _html_rows(table) -> list[list[_SourceCell]]:
    """An HTML table as a grid: colspan leaves empty cells to its right, rowspan carries the value
    down (the first spanned column is carried, the others stay empty)."""
    rows: list[list[_SourceCell]] = []
    below: dict[int, list] = {}  # column → [rows a rowspan still covers, carried?]

    def fill_spanned(out: list[_SourceCell], col: int) -> int:
        while below.get(col, [0])[0] > 0:
            out.append(("", below[col][1]))
            below[col][0] -= 1
            col += 1
        return col

    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a row of a nested table
        out: list[_SourceCell] = []
        col = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            col = fill_spanned(out, col)
            colspan, rowspan = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            out.append((cell.get_text(" "), False))
            out.extend(("", False) for _ in range(colspan - 1))
            for k in range(colspan if rowspan > 1 else 0):
                below[col + k] = [rowspan - 1, k == 0]
            col += colspan
        while any(c >= col and left > 0 for c, (left, _) in below.items()):
            if below.get(col, [0])[0] > 0:
                col = fill_spanned(out, col)
            else:
                out.append(("", False))
                col += 1
        rows.append(out)
    return rows


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1


def _read_html(data: bytes, name: str):
    from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction

    text, encoding = _html_decode(data, name)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(_CHROME_TAGS):
        tag.decompose()
    chrome = [tag for tag in soup.find_all(True) if _is_chrome(tag)]
    chrome_ids = {id(tag) for tag in chrome}
    for tag in chrome:
        if not any(id(parent) in chrome_ids for parent in tag.parents):  # else gone with its parent
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    # A page's single <h1> is the document's title, not a section: <h2> is then the top level.
    shift = 1 if len(root.find_all("h1")) == 1 else 0
    b = _Builder()

    def walk(el, buf: list[str]) -> None:
        for child in el.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child))
            elif child.name == "br":
                b.paragraph("".join(buf))
                buf.clear()
            elif child.name == "table":
                b.paragraph("".join(buf))
                buf.clear()
                b.table(_html_rows(child))
            elif child.name == "pre":
                b.paragraph("".join(buf))
                buf.clear()
                for line in child.get_text().splitlines():
                    b.paragraph(line)
            elif child.name in _BLOCK_TAGS:
                b.paragraph("".join(buf))
                buf.clear()
                inner: list[str] = []
                walk(child, inner)
                level = int(child.name[1]) - shift if re.fullmatch(r"h[1-6]", child.name) else None
                b.paragraph("".join(inner), level)
            else:  # inline: span, a, strong, font …
                walk(child, buf)

    tail: list[str] = []
    try:
        walk(root, tail)
    except RecursionError:
        raise PlangraphInputError(name, "HTML nested too deeply to read") from None
    b.paragraph("".join(tail))
    text, _, headings, tables = b.result()
    return text, encoding, headings, tables


# ---------------------------------------------------------------- pdf


def _read_pdf(data: bytes, name: str):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if b"%PDF-" not in data[:1024]:
        raise PlangraphInputError(name, "not a PDF file (no %PDF header)")
    try:
        with quiet_logger("pypdf"):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise PlangraphInputError(name, "encrypted PDF (needs a password)")
            pages = [page.extract_text() or "" for page in reader.pages]
    except PlangraphInputError:
        raise
    except DependencyError:
        raise PlangraphInputError(
            name, "encrypted PDF (AES decryption needs the 'cryptography' package)"
        ) from None
    except Exception as e:  # pypdf raises PdfReadError, but also KeyError, ValueError … on damaged files
        raise PlangraphInputError(
            name, f"truncated or corrupt PDF ({type(e).__name__}: {_one_line(e)})"
        ) from None
    raw = "\n\n".join(pages)
    if not raw.strip():
        raise PlangraphInputError(name, "PDF has no text layer (a scan?); run OCR first")
    if _mostly_not_text(re.sub(r"\s+", "", raw)):
        raise PlangraphInputError(
            name, "PDF text layer is unreadable (fonts without a Unicode map); run OCR first"
        )
    return normalize_text(raw), None, [], []

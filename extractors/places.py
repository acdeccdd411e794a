"""Places: administrative divisions and named features (rivers, lakes, stations, airports, ports,
platforms, parks), one :class:`PlaceMention` per mention.

Divisions come from :mod:`plangraph.extractors.gazetteer` (adcode, ``within`` = parent adcode).
Features are found by their head word (江, 水库, 北站, 国际机场, 港区, 经开区, 湿地公园 …) and a stem
whose left edge must be a word boundary: a delimiter, a function word, a verb such as 推进/依托, the
end of a division name (诸暨市开化江) or the division itself (柯桥经开区, 绍兴北站). A stem that is a
generic modifier (国家级经开区, 省级新区) makes no name. ``within`` is the division the name carries:
the stem itself (柯桥经开区 → 330603) or a division written right before it (宁波前湾新区 → 330200).

Canonical names merge spellings of one feature: spaces go (诸暨 G60 创新港 → 诸暨G60创新港), a
platform's long head becomes its short official form (经济技术开发区 → 经开区, 高新技术产业开发区 →
高新区, 综合保税区 → 综保区) and 国际 leaves airport names (萧山国际机场 → 萧山机场).

A division name that begins the name of something else is not a mention of the division (绍兴北站,
温州医科大学); a lake or river that begins a park's name is (鉴湖国家湿地公园 mentions 鉴湖).

:func:`document_jurisdiction` tells whose plan a document is (诸暨市 for the 诸暨 action plan).

>>> [(p.canonical, p.place_type, p.adcode, p.within) for p in find_places("推进柯桥经开区与萧山国际机场联动，治理曹娥江。", "330600")]
[('柯桥经开区', 'platform', None, '330603'), ('萧山机场', 'airport', None, '330109'), ('曹娥江', 'river', None, None)]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from plangraph.extractors import ExtractContext, register
from plangraph.extractors.gazetteer import (
    DELIMITERS,
    FUNCTION_CHARS,
    GENERIC_STEMS,
    ORG_HEAD,
    PRECEDING_WORDS,
    Match,
    gazetteer,
    is_cjk,
    left_boundary,
)
from plangraph.extractors.scan import guarded
from plangraph.memo import on_clear
from plangraph.schema import PlaceMention, Provenance, SegmentedDoc

__all__ = ["Place", "find_places", "document_jurisdiction", "make_places", "PlacesExtractor", "FEATURE_HEADS"]


@dataclass(frozen=True)
class Place:
    """A place found in a text, before it becomes a record: offsets, canonical name, type,
    adcode (divisions) and ``within`` (the containing division's adcode)."""

    start: int
    end: int
    text: str
    canonical: str
    place_type: str
    adcode: str | None = None
    within: str | None = None


# Feature heads: (regex, place type, longest stem). Longer heads first; a level word may stand
# between stem and head (东白山省级自然保护区).
FEATURE_HEADS: list[tuple[str, str, int]] = [
    (r"(?:国家级|省级|市级|国家)?(?:湿地公园|森林公园|地质公园|自然保护区)", "park", 6),
    (r"水利风景名胜区|水利风景区|风景名胜区|旅游度假区|风景区|国家公园", "park", 6),
    (r"国际机场|通用机场|机场(?!站)", "airport", 4),
    (r"(?:汽车|高铁|火车|客运)?[东西南北]?站(?![点式位台])", "station", 0),  # stem must be a division
    (r"港区|作业区", "port", 4),
    (r"经济技术开发区|高新技术产业开发区|经济开发区|经开区|高新区|高新园区|开发区", "platform", 4),
    (r"综合保税区|综保区|创新港|科技城|(?<!创)新区(?!域)", "platform", 4),
    (r"湾", "other", 0),  # a bay named after a division: 杭州湾
    (r"运河", "river", 3),
    (r"水库(?!群)", "lake", 4),
    (r"江(?![湖滨闸])", "river", 3),
    (r"河(?![鲜道网长流湖城口南北上下])", "river", 3),
    (r"溪(?![流江河])", "river", 3),
    (r"湖(?![草海泊州南北长区]|水库)", "lake", 3),
]
_HEAD_RE = guarded("|".join(f"(?P<h{i}>{p})" for i, (p, _, _) in enumerate(FEATURE_HEADS)))

# Canonical spellings of heads.
_HEAD_CANON = {"经济技术开发区": "经开区", "高新技术产业开发区": "高新区", "综合保税区": "综保区", "国际机场": "机场"}

# A river or lake with a one-character stem (鉴湖, 剡溪) counts only when the text goes on with one
# of these (a basin, a park, a bank, or simply the end of the phrase).
_SHORT_STEM_NEXT = re.compile(
    r"[，。、；：）)—–\-\s“”和与及]|流域|干流|支流|水系|航道|沿岸|两岸|全线|大闸|上游|下游|国家湿地公园|湿地公园|旅游度假区|风景"
)
# Words after a lake's name that say it is the water (东钱湖水质), not the township named after it.
_WATER_NEXT = re.compile(r"水质|水域|水体|水环境|湖区|治理|保护|生态|周边|湿地|景区|风景|旅游|度假")
# Characters that are no one-character stem: numbers, directions, common prefixes (一江两岸, 沿江).
_BAD_SHORT_STEM = set("一二三四五六七八九十两百千万大小沿跨全各本通临环近滨入出过上下中内外前后左右东西南北新老古长")
# Famous features with one-character stems that the rule above would refuse (西湖, 长江 …).
_FAMOUS = {"西湖": "lake", "南湖": "lake", "太湖": "lake", "巢湖": "lake", "洪湖": "lake", "千岛湖": "lake",
           "长江": "river", "黄河": "river", "淮河": "river", "珠江": "river", "大运河": "river"}
# A stem ending with one of these is a region, not a name (萧绍平原运河流域).
_BAD_STEM_END = ("平原", "地区", "区域", "流域", "沿线", "片区", "城区", "市区", "板块", "内", "江", "河", "湖")
# Roads are no part of a feature's stem (104 国道东湖).
_ROAD_WORDS = ("国道", "省道", "公路", "铁路", "高速", "大道")
# An organisation's or office's name that goes on after a feature (曹娥江实验室, 科技城建管办).
_GOV_TAIL = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:管委会|管理委员会|办公室|建管办|管理办|指挥部|委员会)")


_NATURAL = ("river", "lake", "other")


_COUNTED = re.compile(r"^[一二三四五六七八九十两百千几多数若]+[个大类项条种批家座所次年区带廊城点级]")


def _stem_ok(stem: str, ptype: str = "", strong_left: bool = False) -> bool:
    """A stem is a name: not a generic modifier, not a verb, not counted (五大科技城), not a region
    (萧绍平原运河流域), and a river's or lake's stem does not end like a river (曹娥江运河). A stem
    may start with a function character (向前作业区) only after a bracket or another name."""
    if not stem or stem in GENERIC_STEMS or stem in PRECEDING_WORDS or _COUNTED.match(stem):
        return False
    if stem[:2] in PRECEDING_WORDS or stem[0] in "第一两" or (stem[0] in FUNCTION_CHARS and not strong_left):
        return False
    if stem[0] in FUNCTION_CHARS and (stem[0] in "等和与及或的并" or stem[1:] in GENERIC_STEMS):
        return False
    if stem.endswith(_BAD_STEM_END[:-3]) or any(w in stem for w in _ROAD_WORDS) or stem in ("护城",):
        return False
    if ptype == "river_lake_head" and stem.endswith(_BAD_STEM_END[-3:]):
        return False
    return not any(ch in DELIMITERS for ch in stem)


def find_places(text: str, context: str | None = None) -> list[Place]:
    """All places in ``text`` (a simplified-script view), left to right.

    ``context`` is the adcode of the document's jurisdiction; it resolves ambiguous names.

    >>> [(p.canonical, p.place_type) for p in find_places("打造五泄江生态公园，建设白塔湖国家湿地公园", "330681")]
    [('五泄江', 'river'), ('白塔湖国家湿地公园', 'park'), ('白塔湖', 'lake')]
    """
    g = gazetteer()
    matches = g.find(text, context)
    spans = [(m.start, m.end) for m in matches]
    inside = bytearray(len(text) + 1)
    for s, e in spans:
        inside[s:e] = b"\x01" * (e - s)
    ends = {m.end: m for m in matches}
    stops: set[int] = set(ends)
    places: list[Place] = []
    features: list[Place] = []
    for hm in _HEAD_RE.finditer(text):
        h0, h1 = hm.span()
        if inside[h0]:
            continue  # inside a division name (浙江, 湖州)
        idx = int(hm.lastgroup[1:])
        _, ptype, max_stem = FEATURE_HEADS[idx]
        head = hm.group(0)
        found = _feature(text, h0, h1, head, ptype, max_stem, ends, features, context, stops)
        if found is not None:
            features.append(found)
            stops.add(found.end)
    features.extend(_famous(text, ends, inside, features, stops))
    # a longer feature swallows a shorter one only when they would be the same name
    features = _dedupe(features)
    covering: dict[int, list[Place]] = {}  # position → features over it: one lookup per division
    for f in features:
        for i in range(f.start, f.end):
            covering.setdefault(i, []).append(f)
    for m in matches:
        adcode = m.division and m.division.adcode
        if any(m.end <= f.end and f.within != adcode for f in covering.get(m.start, ())):
            continue
        places.append(_from_match(m))
    places.extend(features)
    return sorted(places, key=lambda p: (p.start, -p.end))


def _from_match(m: Match) -> Place:
    d = m.division
    if m.form == "township":
        return Place(m.start, m.end, m.text, m.township or m.text, "township", None, d.adcode if d else None)
    if d is None:
        return Place(m.start, m.end, m.text, m.text, "other", None, None)
    return Place(m.start, m.end, m.text, d.name, d.level, d.adcode, d.parent)


def _feature(text, h0, h1, head, ptype, max_stem, ends, features, context, stops) -> Place | None:
    after = text[h1 : h1 + 12]
    if ptype == "station" and (h0 > 0 and text[h0 - 1] == "网"):
        return None  # 政务服务网诸暨站: a web site
    # the division right before the head, allowing a Latin/number tag (诸暨 G60 创新港)
    prefix = _division_prefix(text, h0, context, stops)
    within = None
    if prefix is not None:
        s0, division, canon_stem = prefix
        stem_start = s0
        stem = canon_stem
        if ptype in _NATURAL:
            # a river or bay is not inside the division named like it (钱塘江, 开化江, 杭州湾)
            before = ends.get(s0)
            within = before.division.adcode if before is not None and before.division is not None else None
        else:
            within = division.adcode

    else:
        if max_stem == 0:
            return None
        found = _free_stem(text, h0, max_stem, ptype, stops)
        if found is None:
            return None
        stem_start, stem = found
        before = ends.get(stem_start)
        if before is not None and before.division is not None and before.form != "township":
            within = before.division.adcode
    # a river, lake or bay written right before a facility's or platform's name is part of it
    # (杭州湾上虞经开区, 曹娥江船闸水利风景名胜区)
    if ptype not in _NATURAL:
        natural = next((f for f in reversed(features[-3:]) if f.end == stem_start and f.place_type in _NATURAL), None)
        if natural is not None:
            stem_start, stem = natural.start, natural.canonical + stem
    # what follows: an organisation or office named after the feature is no mention of it
    if ORG_HEAD.match(after) and _org_name_follows(after):
        return None
    if _GOV_TAIL.match(after):
        return None
    if ptype == "airport" and after.startswith("站"):
        return None
    if prefix is None and context and ptype == "lake" and not (_SHORT_STEM_NEXT.match(after) or _WATER_NEXT.match(after)):
        # 山下湖 (珍珠) is the township 山下湖镇 written short, not a lake; 鉴湖国家湿地公园 is a lake
        name = text[stem_start:h1]
        if any(gazetteer().townships(name + suf, context) for suf in ("镇", "乡", "街道")):
            return None
    if ptype == "other":
        within = None  # a bay is not inside the division it is named after
    head_canon = _HEAD_CANON.get(head, head)
    if ptype == "airport" and head == "通用机场":
        head_canon = "通用机场"
    canonical = re.sub(r"\s+", "", stem) + head_canon
    surface = text[stem_start:h1]
    return Place(stem_start, h1, surface, canonical, ptype, None, within)


def _division_prefix(text: str, h0: int, context: str | None, stops: set[int] = frozenset()):
    """A division name ending right before the head (spaces and one Latin/number tag allowed):
    (start, division, stem as written without spaces)."""
    j = h0
    while j > 0 and text[j - 1] == " ":
        j -= 1
    tag_end = j
    while j > 0 and (text[j - 1].isascii() and text[j - 1].isalnum()):
        j -= 1
    tag = text[j:tag_end]
    while j > 0 and text[j - 1] == " ":
        j -= 1
    for n in (6, 5, 4, 3, 2):
        if j - n < 0:
            continue
        name = text[j - n : j]
        # the last member of a chain written together: 杭州萧山 → 萧山
        d = _resolve_name(name, text, j - n, context, stops)
        if d is not None:
            return j - n, d, name + tag
    return None


def _resolve_name(name: str, text: str, start: int, context: str | None, stops: set[int] = frozenset()):
    g = gazetteer()
    if name not in g.forms:
        return None
    entries = g.forms[name]
    if all(kind == "risky" for _, kind in entries):
        return None
    # the name must itself start a word: 诸暨 in 滨江诸暨, not 阳江 in 浦阳江
    ctx = [context] if context else []
    local = []
    for n in (4, 3, 2):
        if start - n >= 0 and text[start - n : start] in g.forms:
            d0 = g.resolve(text[start - n : start], ctx)
            if d0 is not None:
                local = [d0.adcode]
                break
    # a port area after its port (绍兴港嵊州港区): the port's name ends at 港
    after_port = start >= 3 and text[start - 1] == "港" and any(
        text[start - 1 - n : start - 1] in g.forms for n in (2, 3, 4)
    )
    if not local and not after_port and not left_boundary(text, start, stops):
        return None
    d = g.resolve(name, local + ctx)
    if d is None:
        return None
    if d.level == "county" and context and d.adcode[:2] != context[:2] and not local:
        return None
    return d


def _free_stem(text, h0, max_stem, ptype, stops) -> tuple[int, str] | None:
    """The shortest stem (2..max_stem characters, or 1 for a river or lake with a clear context)
    before the head whose left edge is a word boundary."""
    stem_is_reservoir = text.startswith("水库", h0)
    j = h0
    while j > 0 and h0 - j < max_stem and is_cjk(text[j - 1]):
        if text[j - 1] in FUNCTION_CHARS and not ((j - 1) in stops or (j >= 2 and text[j - 2] in "（(“")):
            break  # 向前作业区 after 柯桥港区 or （ keeps its 向
        j -= 1
        if j in stops:
            break
    for start in range(h0 - 2, j - 1, -1):
        stem = text[start:h0]
        kind = "river_lake_head" if ptype in ("river", "lake") and not stem_is_reservoir else ptype
        strong = start in stops or (start > 0 and text[start - 1] in "（(“")
        if _stem_ok(stem, kind, strong) and left_boundary(text, start, stops):
            return start, stem
    # one-character stems: 鉴湖, 剡溪
    if ptype in ("river", "lake") and h0 - 1 >= 0 and is_cjk(text[h0 - 1]):
        ch = text[h0 - 1]
        prev = text[h0 - 2] if h0 >= 2 else ""
        strict_left = h0 - 1 == 0 or prev in DELIMITERS or prev in FUNCTION_CHARS or not is_cjk(prev) or (h0 - 1) in stops
        if ch not in _BAD_SHORT_STEM and ch not in FUNCTION_CHARS and strict_left:
            head_len = 1
            nxt = text[h0 + head_len : h0 + head_len + 8]
            if _SHORT_STEM_NEXT.match(nxt) or not nxt:
                return h0 - 1, ch
    return None


def _famous(text: str, ends: dict, inside: bytearray, features: list[Place], stops: set[int]) -> list[Place]:
    out = []
    for name, ptype in _FAMOUS.items():
        for m in re.finditer(name, text):
            s, e = m.span()
            if inside[s] or any(f.start <= s < f.end for f in features):
                continue
            if not left_boundary(text, s, stops):
                continue
            nxt = text[e : e + 8]
            if len(name) <= 2 and not (_SHORT_STEM_NEXT.match(nxt) or not nxt):
                continue
            if ORG_HEAD.match(nxt) and _org_name_follows(nxt):
                continue
            before = ends.get(s)
            within = before.division.adcode if before is not None and before.division is not None else None
            out.append(Place(s, e, name, name, ptype, None, within))
    return out


def _org_name_follows(after: str) -> bool:
    m = ORG_HEAD.match(after)
    return bool(m) and not any(ch in FUNCTION_CHARS or ch in DELIMITERS for ch in m.group(0)[:-2])


def _dedupe(features: list[Place]) -> list[Place]:
    seen: set[tuple[int, int]] = set()
    out = []
    for f in sorted(features, key=lambda p: (p.start, -p.end)):
        if (f.start, f.end) in seen:
            continue
        seen.add((f.start, f.end))
        out.append(f)
    return out


# ---------------------------------------------------------------- the document's jurisdiction


_JURISDICTIONS: dict[str, tuple[str, str] | None] = {}
on_clear(_JURISDICTIONS.clear)


def document_jurisdiction(doc: SegmentedDoc) -> tuple[str, str] | None:
    """(name, adcode) of the division whose plan this is: the most specific division in the title,
    else in the issuing body, else the division mentioned most often. None when the text names none.

    The province used to read short forms in the title is the one the document's full division
    names point to most often. Cached per document content (places and organisations both ask).
    """
    key = doc.document.sha256 + doc.document.doc_id
    if key not in _JURISDICTIONS:
        if len(_JURISDICTIONS) > 256:
            _JURISDICTIONS.clear()
        _JURISDICTIONS[key] = _document_jurisdiction(doc)
    return _JURISDICTIONS[key]


def _document_jurisdiction(doc: SegmentedDoc) -> tuple[str, str] | None:
    from plangraph.pipeline.simplify import simplified_view

    g = gazetteer()
    text = doc.document.simplified
    meta = doc.document.metadata
    province = _dominant_province(text)
    for source in (meta.title, meta.publisher, doc.sections[0].heading if doc.sections else None):
        if not source:
            continue
        found = [m for m in g.find(simplified_view(source), province) if m.division and m.form != "township"]
        if found:
            best = max(found, key=lambda m: (_rank(m.division.level), -m.start))
            return best.division.name, best.division.adcode
    counts = Counter(m.division.adcode for m in g.find(text, province) if m.division and m.form != "township")
    if not counts:
        return None
    code, _ = counts.most_common(1)[0]
    return g.division(code).name, code


def _rank(level: str) -> int:
    return {"province": 0, "prefecture": 1, "county": 2}[level]


def _dominant_province(text: str) -> str | None:
    """The province most full division names of the text lie in. A tally over the raw name hits:
    the boundary rules of ``Gazetteer.find`` cost four times the scan and barely move a count."""
    g = gazetteer()
    counts: Counter[str] = Counter()
    for _start, _end, name in g.automaton.find(text):
        full = [c for c, kind in g.forms[name] if kind == "full"]
        if len({c[:2] for c in full}) == 1:  # a full name that is unambiguous about its province
            counts[full[0][:2]] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0] + "0000"


# ---------------------------------------------------------------- the extractor


class PlacesExtractor:
    name = "places"
    kinds = ("place",)

    def __call__(self, doc: SegmentedDoc, context: ExtractContext) -> list[PlaceMention]:
        jur = document_jurisdiction(doc)
        text = doc.document.text
        out: list[PlaceMention] = []
        for p in find_places(doc.document.simplified, jur[1] if jur else None):
            section = doc.section_at(p.start).section_id
            out.append(
                PlaceMention(
                    name=text[p.start : p.end],
                    canonical=p.canonical,
                    place_type=p.place_type,  # type: ignore[arg-type]
                    adcode=p.adcode,
                    within=p.within,
                    prov=Provenance(doc_id=doc.document.doc_id, section_id=section, quote=text[p.start : p.end],
                                    start=p.start, end=p.end),
                )
            )
        return out


@register("places")
def make_places() -> PlacesExtractor:
    return PlacesExtractor()

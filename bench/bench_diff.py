"""Diff timings for ``make bench``: the real pair 000 → 002, and a 100-document corpus against an
edited copy of itself.

The corpus is made from the seeds (other cities' place names, other numbers) and cached under
``bench/corpus/diff100/`` (git-ignored): ``v1/`` holds 100 documents, ``v2/`` the same documents
with about half of them edited (a number changed, a paragraph dropped, a term renamed, a word
inserted). Building a version from documents costs what ``plangraph build`` costs, so build and
diff are timed apart.

    python bench/bench_diff.py          # prints the figures as JSON
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "bench" / "corpus" / "diff100"
GENERATOR = "3"  # bump when the corpus recipe changes, to rebuild the cache

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import vary_names_and_numbers as _vary  # noqa: E402  (the bench's one corpus generator)


def _edit(text: str, rng: random.Random) -> str:
    """One or two edits an analyst would want to see."""
    edits = rng.sample(["number", "drop", "term", "insert"], k=rng.choice([1, 2]))
    paragraphs = text.split("\n")
    long = [i for i, p in enumerate(paragraphs) if len(p) > 80]
    for e in edits:
        if e == "number":
            m = list(re.finditer(r"达到(\d+(?:\.\d+)?)", text))
            if m:
                x = rng.choice(m)
                text = text[: x.start(1)] + str(int(float(x.group(1))) + 1) + text[x.end(1):]
        elif e == "drop" and long:
            i = rng.choice(long)
            paragraphs = text.split("\n")
            if i < len(paragraphs):
                paragraphs[i] = ""
                text = "\n".join(paragraphs)
        elif e == "term":
            for old, new in (("民营企业", "非公有制企业"), ("龙头企业", "领军企业"), ("投资基金", "产业基金")):
                if old in text:
                    text = text.replace(old, new)
                    break
        elif e == "insert" and long:
            i = rng.choice(long)
            paragraphs = text.split("\n")
            if i < len(paragraphs) and "，" in paragraphs[i]:
                paragraphs[i] = paragraphs[i].replace("，", "，进一步", 1)
                text = "\n".join(paragraphs)
    return text


def make_corpus(n: int = 100) -> tuple[Path, Path]:
    v1, v2, stamp = CORPUS / "v1", CORPUS / "v2", CORPUS / "GENERATOR"
    if stamp.exists() and stamp.read_text() == f"{GENERATOR}:{n}" and len(list(v1.glob("*.txt"))) == n:
        return v1, v2
    import shutil

    shutil.rmtree(CORPUS, ignore_errors=True)
    v1.mkdir(parents=True)
    v2.mkdir(parents=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    rng = random.Random(7)
    for k in range(n):
        seed = seeds[k % len(seeds)]
        text = _vary(seed.read_text(encoding="utf-8"), rng)
        name = f"{k:03d}_{seed.stem[:3]}.txt"
        (v1 / name).write_text(text, encoding="utf-8")
        (v2 / name).write_text(_edit(text, rng) if rng.random() < 0.5 else text, encoding="utf-8")
    stamp.write_text(f"{GENERATOR}:{n}")
    return v1, v2


def _timed(f, *args):
    t0 = time.perf_counter()
    out = f(*args)
    return out, round(time.perf_counter() - t0, 3)


def bench_diff() -> dict:
    from plangraph.pipeline.diff import diff_versions, read_version, render

    old, new = SEEDS / "000_8af2adfece35198e.txt", SEEDS / "002_2d99aaa68a72282f.txt"
    # Warm up (imports, gazetteers, jieba's dictionary and tags): timed apart, once per process.
    t0 = time.perf_counter()
    small = ROOT / "tests" / "composed" / "diff_hefei_plan.txt"
    with tempfile.TemporaryDirectory() as tmp:
        edited = Path(tmp) / small.name
        edited.write_text(small.read_text(encoding="utf-8").replace("民营企业", "非公有制企业"), encoding="utf-8")
        diff_versions(read_version(small), read_version(edited))
    warm = round(time.perf_counter() - t0, 3)
    (a, t_a), (b, t_b) = _timed(read_version, old), _timed(read_version, new)
    d, t_diff = _timed(diff_versions, a, b)
    _, t_md = _timed(render, d, "md")
    pair = {"build_both_s": round(t_a + t_b, 3), "diff_s": t_diff, "render_md_s": t_md,
            "end_to_end_s": round(t_a + t_b + t_diff + t_md, 3), "changes": len(d.changes),
            "by_kind": {k: sum(v.values()) for k, v in d.summary().items() if any(v.values())}}

    v1, v2 = make_corpus(100)
    (a, t_a), (b, t_b) = _timed(read_version, v1), _timed(read_version, v2)
    d, t_diff = _timed(diff_versions, a, b)
    _, t_json = _timed(render, d, "json")
    corpus = {"documents": len(list(v1.glob("*.txt"))), "edited_documents": sum(
        (v1 / p.name).read_text(encoding="utf-8") != p.read_text(encoding="utf-8") for p in v2.glob("*.txt")),
        "triples_per_side": d.triples["old"], "build_each_side_s": [t_a, t_b], "diff_s": t_diff,
        "render_json_s": t_json, "changes": len(d.changes),
        "by_kind": {k: sum(v.values()) for k, v in d.summary().items() if any(v.values())}}
    return {"warm_up_s": warm, "pair_000_002": pair, "corpus_100_vs_edited": corpus}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT.parent))
    print(json.dumps(bench_diff(), ensure_ascii=False, indent=2))

"""``make bench``: speed, memory and scale, all figures from one run, printed and saved.

Writes ``bench/results.json``. Figures are ratios and throughput from this run: these machines are
noisy, so nothing here is asserted by tests.

* cold build of seeds/ in a new process (interpreter and model loading included): wall, peak RSS,
  time per stage from build.json;
* warm extraction throughput (KB of text per second per worker) beside jieba's own segmentation
  throughput on the same text;
* scaling on a synthetic corpus made from the seeds with realistic variation (other place names,
  other numbers, shuffled sections) at 1×, 10×, 100× with 1 and 2 workers: wall, KB/s, peak RSS;
* SPARQL preset latency on the seeds store and the largest store;
* bulk load of the N-Quads with the ``oxigraph load`` binary: triples per second;
* a load check on ``plangraph serve``: concurrent clients on loopback for a bounded time;
* diff timings when bench/bench_diff.py exists.

Environment: BENCH_SCALES (default "1,10,100"), BENCH_SECONDS for the load check (default 5),
BENCH_DIFF=0 to skip the diff timings (the 100-document diff takes minutes and ~2.5 GB).
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "bench" / "corpus"
BIN = Path(sys.executable).parent

# Other cities' places replace the seeds' own, so a scaled corpus is not a pile of copies.
_PLACE_SWAPS = [
    ("绍兴", ["嘉兴", "湖州", "台州", "金华", "衢州", "丽水", "温州", "宁波", "舟山"]),
    ("诸暨", ["海宁", "桐乡", "长兴", "温岭", "义乌", "江山", "龙泉", "瑞安", "余姚"]),
    ("柯桥", ["南湖", "吴兴", "椒江", "婺城", "柯城", "莲都", "鹿城", "鄞州", "定海"]),
    ("上虞", ["秀洲", "南浔", "黄岩", "金东", "衢江", "青田", "瓯海", "镇海", "岱山"]),
]


def _rss_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the build and its workers) right now."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def _timed_build(inputs: list[str], out: Path, workers: int = 1) -> dict:
    """A build in a new process: wall time, the peak RSS of its largest process, and the peak of
    the whole process tree (build plus workers), sampled ten times a second."""
    cmd = [str(BIN / "python"), "-c",
           "import resource,sys,time;from plangraph.cli import main;t=time.perf_counter();"
           "sys.argv=['plangraph','build',*sys.argv[1:]];"
           "\ntry:\n main()\nexcept SystemExit:\n pass\n"
           "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)",
           *inputs, "-o", str(out), "-q", "--workers", str(workers), "--shards"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tree_peak = 0.0
    while proc.poll() is None:
        tree_peak = max(tree_peak, _tree_rss_mb(proc.pid))
        time.sleep(0.1)
    wall = time.perf_counter() - t0
    _, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(stderr)
    rss_kb = max(int(m) for m in re.findall(r"RSS (\d+)", stderr))
    # Workers are child processes of the build: their peak counts too.
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    # Sampling can miss a short peak: the tree held at least what its largest process did.
    tree_peak = max(tree_peak, rss_kb / 1024)
    return {"wall_s": round(wall, 3), "peak_rss_mb": round(rss_kb / 1024, 1), "peak_tree_rss_mb": round(tree_peak, 1),
            "timings": manifest["timings"], "counts": manifest["counts"]}


def _text_kb(paths: list[Path]) -> float:
    return sum(len(p.read_text(encoding="utf-8").encode("utf-8")) for p in paths) / 1024


def warm_throughput() -> dict:
    import jieba

    import plangraph.memo
    from plangraph.pipeline.run import process_document

    files = sorted(SEEDS.glob("*.txt"))
    kb = _text_kb(files)
    for f in files:  # warm: imports, gazetteers, compiled patterns
        process_document(f)
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    jieba.lcut(text[:1000])

    def rounds(work) -> list[float]:
        speeds = []
        for _ in range(5):
            plangraph.memo.clear()  # no memory of the previous round's names: text seen fresh
            t0 = time.perf_counter()
            work()
            speeds.append(kb / (time.perf_counter() - t0))
        return sorted(speeds)

    # Rounds alternate between ours and jieba's so both see the same moments of a noisy machine.
    ours, theirs = [], []
    for _ in range(2):
        ours += rounds(lambda: [process_document(f) for f in files])
        theirs += rounds(lambda: jieba.lcut(text))
    med, jmed = statistics.median(ours), statistics.median(theirs)
    return {"text_kb": round(kb, 1), "extract_kb_per_s_per_worker": round(med, 1),
            "extract_kb_per_s_best": round(max(ours), 1), "jieba_kb_per_s": round(jmed, 1),
            "jieba_kb_per_s_best": round(max(theirs), 1), "ratio_to_jieba": round(med / jmed, 2)}


def vary_names_and_numbers(text: str, rng: random.Random) -> str:
    """Other cities' place names and other numbers (years kept): a copy no cache would flatter."""
    for old, choices in _PLACE_SWAPS:
        text = text.replace(old, rng.choice(choices))

    def number(m: re.Match[str]) -> str:
        s = m.group(0)
        if len(s) == 4 and s.startswith("20"):  # keep years
            return s
        value = float(s) * rng.uniform(0.7, 1.3)
        return f"{value:.{len(s.split('.')[1])}f}" if "." in s else str(max(1, round(value)))

    return re.sub(r"\d+(?:\.\d+)?", number, text)


def _vary(text: str, rng: random.Random) -> str:
    text = vary_names_and_numbers(text, rng)
    # Shuffle paragraphs inside each top-level part, keeping headings first.
    blocks = re.split(r"(?m)^(?=[一二三四五六七八九十]、)", text)
    head, parts = blocks[0], blocks[1:]
    rng.shuffle(parts)
    return head + "".join(parts)


def make_corpus(scale: int) -> Path:
    """scale × the seeds, each copy varied; cached under bench/corpus/ (git-ignored)."""
    folder = CORPUS / f"x{scale}"
    seeds = sorted(SEEDS.glob("*.txt"))
    if folder.exists() and len(list(folder.glob("*.txt"))) == scale * len(seeds):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(scale)
    for k in range(scale):
        for s in seeds:
            text = s.read_text(encoding="utf-8")
            (folder / f"{s.stem}_v{k:03d}.txt").write_text(text if k == 0 else _vary(text, rng), encoding="utf-8")
    return folder


def time_preset(store: Path, name: str, repeat: int) -> float:
    """Median milliseconds of one preset, results rendered as CSV, on an opened store."""
    import pyoxigraph as ox

    from plangraph.pipeline.query import format_results, presets

    db = ox.Store.read_only(str(store))
    query = presets()[name].text
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        format_results(db.query(query, use_default_graph_as_union=True), "csv")
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000, 1)


def preset_latency(store: Path, repeat: int = 5, timeout_s: float | None = None) -> dict:
    """Each preset's median latency (ms). With ``timeout_s``, each runs in a process of its own
    under that time limit, for stores where one may run long, and reports "timeout" instead."""
    from plangraph.pipeline.query import presets

    if timeout_s is None:
        return {name: time_preset(store, name, repeat) for name in presets()}
    script = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[4]); from run import time_preset; "
              "print(time_preset(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])))")
    out: dict = {}
    for name in presets():
        try:
            proc = subprocess.run([str(BIN / "python"), "-c", script, str(store), name, str(repeat),
                                   str(Path(__file__).parent)], capture_output=True, text=True, timeout=timeout_s)
            out[name] = float(proc.stdout.strip()) if proc.returncode == 0 else f"error: {proc.stderr[-200:]}"
        except subprocess.TimeoutExpired:
            out[name] = f"timeout > {timeout_s:g} s"
    return out


def bulk_load(build_dir: Path) -> dict:
    """The per-document N-Quads shards into a new store with ``oxigraph load`` (parallel)."""
    shards = sorted((build_dir / "shards").glob("*.nq"))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", tmp, "--file", *map(str, shards)],
                       check=True, capture_output=True)
        wall = time.perf_counter() - t0
    lines = sum(sum(1 for _ in f.open("rb")) for f in shards)
    return {"shards": len(shards), "quads": lines, "wall_s": round(wall, 3), "quads_per_s": round(lines / wall)}


def load_check(store: Path, seconds: float, clients: int = 4) -> dict:
    import socket

    from plangraph.pipeline.query import presets
    from plangraph.pipeline.serve import wait_until_up

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(BIN / "plangraph"), "serve", "-s", str(store), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_until_up("127.0.0.1", port):
            return {"error": "server did not start"}
        queries = [p.text for p in presets().values()]
        latencies: list[float] = []
        failures = [0]
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def client(k: int) -> None:
            i = k
            while time.monotonic() < deadline:
                q = queries[i % len(queries)]
                i += 1
                url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": q})
                t0 = time.perf_counter()
                try:
                    req = urllib.request.Request(url, headers={"Accept": "text/csv"})
                    urllib.request.urlopen(req, timeout=30).read()
                    with lock:
                        latencies.append(time.perf_counter() - t0)
                except Exception:
                    with lock:
                        failures[0] += 1

        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        latencies.sort()
        return {
            "clients": clients, "seconds": round(wall, 2), "requests": len(latencies), "failed": failures[0],
            "qps": round(len(latencies) / wall, 1),
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None,
            "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1) if latencies else None,
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> int:
    scales = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10,100").split(",") if s.strip()]
    seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    work = Path(tempfile.mkdtemp(prefix="plangraph-bench-"))
    try:
        print("cold build of seeds/ …", flush=True)
        cold = _timed_build([str(SEEDS)], work / "seeds")
        stages = {k: v for k, v in cold["timings"].items()}
        results["cold_build"] = {"wall_s": cold["wall_s"], "peak_rss_mb": cold["peak_rss_mb"], "stages_s": stages,
                                 "slowest_stage": max((k for k in stages if k != "total"), key=stages.get)}
        print("warm extraction throughput …", flush=True)
        results["warm"] = warm_throughput()
        results["presets_ms_seeds"] = preset_latency(work / "seeds" / "store")
        results["bulk_load_seeds"] = bulk_load(work / "seeds")
        print("load check on plangraph serve …", flush=True)
        results["serve_load"] = load_check(work / "seeds" / "store", seconds)

        scaling = []
        largest = None
        for scale in scales:
            corpus = make_corpus(scale)
            kb = _text_kb(sorted(corpus.glob("*.txt")))
            for workers in (1, 2):
                print(f"scale {scale}× with {workers} worker(s) …", flush=True)
                out = work / f"x{scale}w{workers}"
                r = _timed_build([str(corpus)], out, workers)
                stages = {k: round(v, 1) for k, v in r["timings"].items() if k in ("extract", "link", "write", "store")}
                scaling.append({"scale": scale, "workers": workers, "text_kb": round(kb), "wall_s": r["wall_s"],
                                "kb_per_s": round(kb / r["wall_s"], 1), "peak_rss_mb": r["peak_rss_mb"],
                                "peak_tree_rss_mb": r["peak_tree_rss_mb"], "triples": r["counts"]["triples"],
                                "stages_s": stages})
                print(f"  {scaling[-1]}", flush=True)
                largest = out
                if workers == 2:
                    shutil.rmtree(work / f"x{scale}w1", ignore_errors=True)
        results["scaling"] = scaling
        # Linear scaling: time per KB against the smallest corpus and against the next smaller one,
        # with the same number of workers (the smallest carries the fixed start-up of ~2 s).
        def per_kb(row: dict) -> float:
            return row["wall_s"] / row["text_kb"]

        for s in scaling:
            same = [b for b in scaling if b["workers"] == s["workers"] and b["scale"] < s["scale"]]
            base = next((b for b in scaling if b["scale"] == scales[0] and b["workers"] == s["workers"]), None)
            if base:
                s["time_per_kb_vs_smallest"] = round(per_kb(s) / per_kb(base), 2)
            if same:
                s["time_per_kb_vs_previous"] = round(per_kb(s) / per_kb(max(same, key=lambda b: b["scale"])), 2)
        if largest is not None:
            results["presets_ms_largest"] = preset_latency(largest / "store", repeat=3, timeout_s=120)
            results["bulk_load_largest"] = bulk_load(largest)
        _save(results)
        diff_bench = ROOT / "bench" / "bench_diff.py"
        if diff_bench.exists() and os.environ.get("BENCH_DIFF", "1") != "0":
            print("diff …", flush=True)
            sys.path.insert(0, str(diff_bench.parent))
            from bench_diff import bench_diff  # type: ignore[import-not-found]

            results["diff"] = bench_diff()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    _save(results)
    _print(results)
    return 0


def _save(results: dict) -> None:
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n",
                                                 encoding="utf-8")


def _print(r: dict) -> None:
    c = r["cold_build"]
    print("\n== plangraph bench ==")
    print(f"cold build seeds/: {c['wall_s']} s wall, peak RSS {c['peak_rss_mb']} MB (target < 3 s)")
    print("  stages (s): " + ", ".join(f"{k}={v}" for k, v in c["stages_s"].items()))
    print(f"  slowest stage: {c['slowest_stage']}")
    w = r["warm"]
    print(f"warm extraction: {w['extract_kb_per_s_per_worker']} KB/s per worker (median; best "
          f"{w['extract_kb_per_s_best']}); jieba alone {w['jieba_kb_per_s']} KB/s (best {w['jieba_kb_per_s_best']}) "
          f"(ratio {w['ratio_to_jieba']}; target ≥ 1 MB/s)")
    print("scaling (RSS: largest process / whole process tree):")
    print(f"  {'scale':>5} {'workers':>7} {'KB':>8} {'wall s':>8} {'KB/s':>8} {'RSS MB':>8} {'tree MB':>8} {'triples':>9} "
          f"{'t/KB vs 1×':>10} {'vs prev':>7}  stages s")
    for s in r.get("scaling", []):
        print(f"  {s['scale']:>5} {s['workers']:>7} {s['text_kb']:>8} {s['wall_s']:>8} {s['kb_per_s']:>8} "
              f"{s['peak_rss_mb']:>8} {s['peak_tree_rss_mb']:>8} {s['triples']:>9} "
              f"{s.get('time_per_kb_vs_smallest', ''):>10} {s.get('time_per_kb_vs_previous', ''):>7}  {s.get('stages_s', '')}")
    print("preset latency on seeds store (ms): " + ", ".join(f"{k}={v}" for k, v in r["presets_ms_seeds"].items()))
    if "presets_ms_largest" in r:
        print("preset latency on largest store (ms): " + ", ".join(f"{k}={v}" for k, v in r["presets_ms_largest"].items()))
    for key in ("bulk_load_seeds", "bulk_load_largest"):
        if key in r:
            b = r[key]
            print(f"{key}: {b['quads']} quads from {b['shards']} shards in {b['wall_s']} s = "
                  f"{b['quads_per_s']} quads/s (oxigraph load)")
    s = r["serve_load"]
    print(f"serve load check: {s.get('clients')} clients, {s.get('requests')} requests in {s.get('seconds')} s = "
          f"{s.get('qps')} q/s, p50 {s.get('p50_ms')} ms, p95 {s.get('p95_ms')} ms, failed {s.get('failed')}")
    if "diff" in r:
        print("diff: " + json.dumps(r["diff"], ensure_ascii=False))
    print("results in bench/results.json")


if __name__ == "__main__":
    sys.exit(main())

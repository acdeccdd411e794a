"""Quality measured against hand-checked gold files: precision, recall and F1 per record type.

Each gold file ``tests/gold/<name>.jsonl`` holds one JSON object per line with at least
``{"file": "<document file name>"}``; documents are looked up in ``seeds/`` and ``tests/composed/``.
The module ``plangraph.evaluation.<name>`` registers a scorer with :func:`scorer`; it receives the
gold rows and the records the pipeline extracted per document, and returns named scores (one line
of ``make eval`` each, e.g. ``targets``, ``targets.year``).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Score", "scorer", "load_gold", "evaluate", "SCORERS", "match_counts"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


ScorerFn = Callable[[list[dict], dict[str, list]], dict[str, Score]]
SCORERS: dict[str, ScorerFn] = {}


def scorer(name: str) -> Callable[[ScorerFn], ScorerFn]:
    def decorate(fn: ScorerFn) -> ScorerFn:
        SCORERS[name] = fn
        return fn

    return decorate


def match_counts(gold: list, predicted: list, same: Callable[[object, object], bool]) -> Score:
    """Greedy one-to-one matching: each gold item matches at most one predicted item."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and same(g, p):
                used.add(i)
                tp += 1
                break
    return Score(tp=tp, fp=len(predicted) - len(used), fn=len(gold) - tp)


def load_gold(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("//"):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: {e}") from None
    return rows


def _find_document(name: str, roots: list[Path]) -> Path:
    for root in roots:
        if (root / name).exists():
            return root / name
    raise FileNotFoundError(f"gold names {name}, which is in none of {[str(r) for r in roots]}")


def evaluate(gold_dir: Path, roots: list[Path]) -> dict[str, Score]:
    from plangraph.pipeline.run import extract_file

    results: dict[str, Score] = {}
    cache: dict[str, list] = {}
    for gold_file in sorted(gold_dir.glob("*.jsonl")):
        name = gold_file.stem
        importlib.import_module(f"plangraph.evaluation.{name}")
        rows = load_gold(gold_file)
        predicted: dict[str, list] = {}
        for file in sorted({r["file"] for r in rows}):
            if file not in cache:
                _, records = extract_file(_find_document(file, roots))
                cache[file] = records
            predicted[file] = cache[file]
        results.update(SCORERS[name](rows, predicted))
    return results


def main(argv: list[str] | None = None) -> int:
    import sys

    args = argv if argv is not None else sys.argv[1:]
    gold_dir = Path(args[0] if args else "tests/gold")
    roots = [Path("seeds"), Path("tests/composed")]
    results = evaluate(gold_dir, roots)
    print(f"{'measure':<28}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for name, s in results.items():
        print(f"{name:<28}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}")
    return 0

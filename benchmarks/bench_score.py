"""Time loading, scoring and checking a generated evaluation of 500 indicators; prints a table.

Run: python benchmarks/bench_score.py [N]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402
from timing import best_of  # noqa: E402

from jixiao.checks import run_checks  # noqa: E402
from jixiao.io.load import load_text  # noqa: E402
from jixiao.scoring import score_evaluation  # noqa: E402
from jixiao.selfeval import score_self_evaluation  # noqa: E402


def main(n: int = 500) -> None:
    text = generate(n)
    loaded = load_text(text, "benchmark.yaml")
    assert loaded.ok, loaded.problems[:3]
    ev = loaded.evaluation
    card = score_evaluation(ev)
    selfcard = score_self_evaluation(ev)
    assert len(card.leaves()) == n
    rows = [
        ("load (YAML → Evaluation)", *best_of(lambda: load_text(text, "benchmark.yaml"))),
        ("score (tree + self-evaluation)", *best_of(lambda: (score_evaluation(ev), score_self_evaluation(ev)))),
        ("check (all default checks)", *best_of(lambda: run_checks(ev, card, selfcard))),
    ]
    print(f"{n} indicators")
    print(f"{'stage':34} {'best ms':>9} {'median ms':>10}")
    for name, best, median in rows:
        print(f"{name:34} {best:9.1f} {median:10.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)

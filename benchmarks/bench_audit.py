"""Time `jixiao audit` on the reference report as delivered: Word, PDF, and the plain text.

Run: python benchmarks/bench_audit.py [RUNS]

Each run reads the file, rebuilds its structure, recognises the evaluation and runs every check,
as the command does (imports excluded: they are paid once per process).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from timing import best_of  # noqa: E402

from jixiao.reportaudit import audit_file  # noqa: E402

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reference-report"
GOALS = {"report.docx": 2000, "report.pdf": 5000, "000_e5376d201a09ce67.txt": None}


def main(runs: int) -> None:
    print("| file | problems | best ms | median ms | goal |")
    print("| --- | --- | --- | --- | --- |")
    for name, goal in GOALS.items():
        path = FIXTURE / name
        count = len(audit_file(path).problems)
        best, median = best_of(lambda: audit_file(path), runs)
        print(f"| {name} | {count} | {best:.0f} | {median:.0f} | {f'≤ {goal} ms' if goal else '—'} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

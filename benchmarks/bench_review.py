"""Bulk review benchmark: `jixiao review` on N synthetic 自评表 against a bare python-calamine read.

Usage: python benchmarks/bench_review.py [N] [--workdir DIR] [--folder M]

Generates the forms (benchmarks/generate_selfevals.py), then three times in turn
1. reads the one workbook bare with python-calamine (every sheet, every cell);
2. runs the review on that workbook (read, recompute, check, write the summary);
so a change of the machine's load moves both alike, and prints each pair and the
median ratio; then runs the review once on the folder of one-form workbooks, and
checks that every seeded mistake is found and no other problem is reported.
Seconds and peak memory are those of a fresh process each (ru_maxrss, so one step's
memory does not hide another's; for a review, the main process plus its largest
worker counted once per worker). The review runs under the default safety limits.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def bare_read(path: str) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    cells = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells += sum(len(r) for r in rows)
    return cells


def review(inputs: list[str], out: str) -> dict:
    from jixiao.excel.review import review_forms, write_summary
    from jixiao.excel.safety import Limits

    limits = Limits()  # the defaults: a big workbook is allowed what its size holds
    # as `jixiao review` does it: the summary is written while the forms are reviewed
    results = write_summary(review_forms([Path(p) for p in inputs], limits), Path(out))
    found = {}
    for r in results:
        found.setdefault(r.project or r.file, []).extend(sorted({p.code for p in r.problems}))
    unread = [r.file for r in results if r.status != "已复核"]
    return {"forms": len(results), "found": found, "unread": unread}


def child(step: str, args: list[str]) -> tuple[float, float, dict]:
    """Run one step in a fresh interpreter: seconds, peak MB, result."""
    code = (
        "import json, resource, sys, time\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "from bench_review import bare_read, review\n"
        "import python_calamine, xlsxwriter, jixiao.excel.review, jixiao.excel.fastbook, jixiao.sources  # imports not timed\n"
        "r0 = resource.getrusage(resource.RUSAGE_SELF)\n"
        "cpu0 = r0.ru_utime + r0.ru_stime\n"
        "t = time.perf_counter()\n"
        f"result = {step}(*{args!r})\n"
        "elapsed = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "peak += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 * jixiao.excel.review.default_workers()\n"
        "me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime - cpu0\n"
        "print(json.dumps({'elapsed': elapsed, 'peak': peak, 'cpu': cpu, 'result': result}, ensure_ascii=False))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    CPU[step] = CPU.get(step, []) + [data["cpu"]]
    return data["elapsed"], data["peak"], data["result"]


CPU: dict[str, list[float]] = {}  # processor seconds of each run of a step, all its processes together


def default_cores() -> int:
    from jixiao.excel.review import default_workers

    return default_workers()


def verify(seeded: list[dict], found: dict[str, list[str]]) -> tuple[int, int, list[str]]:
    """(seeded mistakes found, forms checked, what differs)."""
    differences = []
    hits = 0
    for form in seeded:
        expected = sorted(form["codes"])
        got = sorted(set(found.get(form["project"], [])))
        if got == expected:
            hits += bool(expected)
        else:
            differences.append(f"{form['project']} ({form['mistake'] or '无错'}): 应为 {expected}，实为 {got}")
    return hits, len(seeded), differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/jixiao-bench-review"))
    parser.add_argument("--folder", type=int, default=None, help="forms written one per file (default: all N)")
    parser.add_argument("--per-sheet", type=int, default=1000, help="forms per sheet of the one workbook")
    parser.add_argument("--turns", type=int, default=3, help="alternated pairs of bare read and review")
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    work = args.workdir
    if not args.skip_generate:
        t = time.perf_counter()
        subprocess.run([sys.executable, str(HERE / "generate_selfevals.py"), str(args.n), str(work), "--per-sheet",
                        str(args.per_sheet)] + (["--folder", str(args.folder)] if args.folder is not None else []), check=True)
        print(f"generated in {time.perf_counter() - t:.1f} s")
    seeded = json.loads((work / "seeded.json").read_text(encoding="utf-8"))
    book = str(work / "selfevals.xlsx")
    size = Path(book).stat().st_size / 1024 / 1024
    pairs = []
    for turn in range(1, args.turns + 1):
        bare_s, bare_mb, cells = child("bare_read", [book])
        book_s, book_mb, book_result = child("review", [[book], str(work / "审核结果-工作簿.xlsx")])
        pairs.append((book_s / bare_s, bare_s, bare_mb, book_s, book_mb))
        print(f"turn {turn}: bare read {bare_s:.2f} s, review {book_s:.2f} s, ratio {book_s / bare_s:.2f}")
    ratio, bare_s, bare_mb, book_s, book_mb = sorted(pairs)[len(pairs) // 2]
    folder_s = folder_mb = folder_n = None
    if (work / "forms").is_dir() and any((work / "forms").iterdir()):
        folder_s, folder_mb, folder_result = child("review", [[str(work / "forms")], str(work / "审核结果-文件夹.xlsx")])
        folder_n = folder_result["forms"]
    hits, total, diffs = verify(seeded, book_result["found"])
    expected = sum(1 for s in seeded if s["codes"])
    print()
    print(f"N = {len(seeded):,} forms, {expected:,} with a seeded mistake; workbook {size:.1f} MB, {cells:,} cells")
    print(f"median of {len(pairs)} alternated pairs:")
    print(f"{'step':<42}{'seconds':>10}{'× bare read':>14}{'peak MB':>10}")
    print(f"{'bare python-calamine read (one workbook)':<42}{bare_s:>10.2f}{1:>14.2f}{bare_mb:>10.0f}")
    print(f"{'jixiao review (one workbook)':<42}{book_s:>10.2f}{ratio:>14.2f}{book_mb:>10.0f}")
    if folder_s is not None:
        print(f"{f'jixiao review (folder, {folder_n:,} files)':<42}{folder_s:>10.2f}{'':>14}{folder_mb:>10.0f}")
    print(f"ratios: {', '.join(f'{p[0]:.2f}' for p in pairs)}; peak MB of the reviews: {max(p[4] for p in pairs):.0f}")
    print(f"per form (one workbook): {book_s / max(1, book_result['forms']) * 1000:.2f} ms")
    bare_cpu, review_cpu = (sorted(CPU[k][:len(pairs)])[len(pairs) // 2] for k in ("bare_read", "review"))
    print(f"processor seconds (median; all processes of a step): bare read {bare_cpu:.2f}, review {review_cpu:.2f} "
          f"({review_cpu / bare_cpu:.2f}×; on {default_cores()} idle cores the review's wall time is about "
          f"{review_cpu / default_cores() / bare_cpu:.2f}× the bare read's)")
    print(f"seeded mistakes found exactly: {hits:,} / {expected:,}; forms with any difference: {len(diffs):,}")
    for line in diffs[:20]:
        print("  " + line)
    print(f"unread forms: {len(book_result['unread'])}")

if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()

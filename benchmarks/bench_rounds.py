"""The 自评 round page with 10,000 forms in the database.

A temporary data directory (SQLite, or the database of DATABASE_URL) gets the demo and one
round of N forms, as the review jobs leave them (figures, grades, a few problems each).
The bureau's administrator then asks for the round page as people use it — the first
page, each column sorted both ways, filters by status, grade, problems and name, and pages
deep into the list — through Django's test client in this process (the view, its queries
and the template; no network). Prints p50/p95/max over all requests and the slowest kind.

Run: python benchmarks/bench_rounds.py [--forms 10000] [--repeat 5]
Goal: p95 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(data: Path):
    os.environ.setdefault("JIXIAO_DATA", str(data))
    from jixiao.web.commands import setup_django

    setup_django(str(data))
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from jixiao.web.demo import load_demo

    load_demo()


def fill(n: int) -> int:
    from jixiao.web.models import FORM_STATUSES, Organisation, Round, RoundForm

    bureau = Organisation.objects.get(kind="bureau")
    r = Round.objects.create(bureau=bureau, year=2024, name=f"{n} 张自评表")
    problem = {"severity": "error", "severity_label": "错误", "code": "selfeval.score", "hint": "按自评规则更正得分",
               "message": "自评表“项目验收合格率”得分填写为19.00分，复核应为20.00分", "where": "项目支出绩效自评表!C13",
               "place": "自评表「项目验收合格率」"}
    statuses = [code for code, _ in FORM_STATUSES]
    batch = []
    for i in range(n):
        review = Decimal(60 + i * 37 % 40) + Decimal(i % 100) / 100
        batch.append(RoundForm(
            round=r, department_name=f"某市第{i % 997:03d}单位", label=f"2024年项目{i:05d}专项资金", status=statuses[i % 5],
            self_total=Decimal(95), review_total=review, difference=Decimal(95) - review, grade="优良中差"[i % 4],
            error_count=i % 3, warning_count=i % 5, problems=[problem] * (i % 4)))
        if len(batch) == 1000:
            RoundForm.objects.bulk_create(batch)
            batch = []
    RoundForm.objects.bulk_create(batch)
    return r.pk


def queries(pk: int, pages: int) -> list[tuple[str, str]]:
    base = f"/rounds/{pk}/"
    out = [("首页", base)]
    for key in ("department", "self", "review", "difference", "errors", "warnings", "status"):
        out += [(f"排序 {key}", f"{base}?sort={key}"), (f"倒序 {key}", f"{base}?sort=-{key}")]
    out += [("状态 有错误", f"{base}?status=errors"), ("等级 差", f"{base}?grade=差"),
            ("有警告", f"{base}?problems=warnings"), ("不一致", f"{base}?problems=difference"),
            ("名称", f"{base}?q=第123单位"), ("中间一页", f"{base}?page={pages // 2}"),
            ("最后一页", f"{base}?sort=-review&page={pages}")]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--forms", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--detail", action="store_true", help="每类请求的中位时间")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-rounds-") as tmp:
        setup(Path(tmp))
        started = time.perf_counter()
        pk = fill(args.forms)
        print(f"{args.forms} 张自评表已写入（{time.perf_counter() - started:.1f} s）")
        from django.db import connection

        if connection.vendor == "postgresql":  # as autovacuum would soon: the planner's statistics of the new rows
            with connection.cursor() as cur:
                cur.execute("ANALYZE jixiao_roundform")
        from django.test import Client

        c = Client()
        assert c.login(username="caizheng", password="jixiao-demo")
        todo = queries(pk, (args.forms + 50) // 50)
        for _, url in todo:  # warm: templates compiled, the database's pages cached
            assert c.get(url).status_code == 200, url
        times: dict[str, list[float]] = {name: [] for name, _ in todo}
        for _ in range(args.repeat):
            for name, url in todo:
                t = time.perf_counter()
                resp = c.get(url)
                times[name].append(time.perf_counter() - t)
                assert resp.status_code == 200 and b"round-row" in resp.content, url
        every = sorted(x for xs in times.values() for x in xs)
        p95 = every[max(0, int(len(every) * 0.95) - 1)]
        slowest = max(times, key=lambda k: statistics.median(times[k]))
        print(f"数据库 {connection.vendor}；{len(every)} 次请求")
        print(f"p50 {statistics.median(every) * 1000:.0f} ms · p95 {p95 * 1000:.0f} ms · 最长 {every[-1] * 1000:.0f} ms"
              f"（目标 p95 ≤ 300 ms）")
        print(f"最慢的一类：{slowest}（中位 {statistics.median(times[slowest]) * 1000:.0f} ms）")
        if "--detail" in sys.argv:
            for name, xs in times.items():
                print(f"  {name}: {statistics.median(xs) * 1000:.0f} ms")
        sys.exit(0 if p95 <= 0.3 else 1)


if __name__ == "__main__":
    main()

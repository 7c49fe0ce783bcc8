"""Load test of the web workspace under a mixed workload, with and without reports being made.

Starts `jixiao serve --demo` on a fresh data directory (SQLite, 127.0.0.1 only), with one
evaluation per simulated user (copies of the reference evaluation, all of the evaluator
pingjia's firm). Each user logs in once and then, until the phase's time is up, repeats
a request chosen at random (seeded) from the mix:

    60%  page view   GET  /e/<own>/indicators/
    25%  save        POST /api/evaluations/<own>/revisions/ (Token; a figure changed, based on the head)
    10%  list        GET  /evaluations/
     5%  upload      POST /e/<own>/files/ (a 1 MB photo, form with CSRF)

Phases: 10 users, 50 users, then 50 users while 10 PDF reports are asked for (spread over
the first half of the phase) and made by the server's task worker. Every loop is bounded in
requests and in time, and stops by itself; the server is stopped at the end. Prints, per
phase and kind, the count, errors and p50/p95/p99 in ms, how long the reports took, and
the processor time this load generator used itself (it shares the machine with the server).

Run: python benchmarks/bench_load.py [--seconds 60] [--think 0] [--users 10,50]
Goals at 50 users: page view p95 ≤ 500 ms, save p95 ≤ 800 ms, every p99 ≤ 2 s, 0 errors;
with reports, page-view latency at most 20% worse.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import Client, free_port, wait_for  # noqa: E402
from timing import cpu_seconds  # noqa: E402

MIX = [("view", 60), ("save", 25), ("list", 10), ("upload", 5)]
MAX_REQUESTS_PER_USER = 20_000  # a bound on every loop, whatever the clock does
REPORTS = 10
PASSWORD = "jixiao-demo"


# -- set-up (run in a child process, on the data directory, before the server starts) -----


def setup(data: str, copies: int) -> None:
    """Migrate, load the demo, add `copies` evaluations for pingjia's firm; print their ids and a token."""
    os.environ["JIXIAO_DATA"] = data
    os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from jixiao.web.api import new_token
    from jixiao.web.demo import load_demo
    from jixiao.web.models import Evaluation
    from jixiao.web.store import create_evaluation, head_document

    load_demo()
    ref = Evaluation.objects.get(kind="department", year=2024)
    user = get_user_model().objects.get(username="pingjia")
    ids = []
    for i in range(copies):
        doc = head_document(ref)
        doc["title"] = f"{doc['title']}（压测副本 {i + 1}）"
        ev = create_evaluation(doc, user, ref.bureau, ref.firm, ref.department, "压测副本")
        ids.append(ev.pk)
    print(json.dumps({"ids": ids, "token": new_token(user.profile)}))


# -- the simulated users -----------------------------------------------------------------


def photo(size: int = 1024 * 1024) -> bytes:
    """A JPEG of about `size` bytes (noise does not compress)."""
    from PIL import Image

    side = 560
    while True:
        img = Image.frombytes("RGB", (side, side), random.Random(side).randbytes(side * side * 3))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=92)
        if buf.tell() >= size:
            return buf.getvalue()
        side += 40


def unique(jpeg: bytes, tag: str) -> bytes:
    """The same photo with a comment segment, so no two uploads have the same content."""
    comment = tag.encode()
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = f"----jixiao{random.getrandbits(64):x}"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 f"Content-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class User:
    def __init__(self, port: int, ev: int, token: str, seed: int, jpeg: bytes):
        self.client = Client(port)
        self.client.login("pingjia", PASSWORD)
        self.ev, self.token, self.jpeg = ev, token, jpeg
        self.rng = random.Random(seed)
        status, body = self.api("GET", f"/api/evaluations/{ev}/")
        if status != 200:
            raise SystemExit(f"API GET {ev}: HTTP {status}")
        data = json.loads(body)
        self.doc, self.head = data["document"], data["revision"]
        self.leaf = _leaf(self.doc["indicators"], "C23")
        self.n = 0

    def api(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"Authorization": f"Token {self.token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return self.client.request(method, path, body, headers)

    def do(self, kind: str) -> bool:
        self.n += 1
        if kind == "view":
            return self.client.request("GET", f"/e/{self.ev}/indicators/")[0] == 200
        if kind == "list":
            return self.client.request("GET", "/evaluations/")[0] == 200
        if kind == "save":
            self.leaf["reported"] = f"{90 + self.n % 1000 / 100:.2f}%"  # a new figure: scored afresh
            body = json.dumps({"base": self.head, "document": self.doc, "message": "压测"}, ensure_ascii=False).encode()
            status, data = self.api("POST", f"/api/evaluations/{self.ev}/revisions/", body)
            if status == 201:
                self.head = json.loads(data)["number"]
            return status == 201
        body, ctype = multipart({"csrfmiddlewaretoken": self.client.cookies["csrftoken"], "caption": "现场照片"},
                                f"现场照片{self.n}.jpg", unique(self.jpeg, f"{self.ev}-{self.n}-{time.time_ns()}"))
        status, _ = self.client.request("POST", f"/e/{self.ev}/files/", body, {"Content-Type": ctype})
        return status == 302


def _leaf(items, code):
    for node in items or []:
        if node.get("code") == code:
            return node
        found = _leaf(node.get("children"), code)
        if found:
            return found
    return None


def quantiles(ms: list[float]) -> tuple[float, float, float]:
    if len(ms) < 2:
        v = ms[0] if ms else float("nan")
        return v, v, v
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return q[49], q[94], q[98]


def phase(port: int, users: list[User], seconds: float, think: float, reports: list[int] | None,
          server_pid: int | None = None) -> dict:
    """Run every user for `seconds`; with `reports`, ask for a PDF of each of those evaluations meanwhile."""
    kinds = [k for k, w in MIX for _ in range(w)]
    samples: dict[str, list[float]] = {k: [] for k, _ in MIX}
    errors: dict[str, int] = {k: 0 for k, _ in MIX}
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + seconds
    report_times: list[float | None] = []

    def run(u: User) -> None:
        for _ in range(MAX_REQUESTS_PER_USER):
            kind = u.rng.choice(kinds)
            t0 = time.monotonic()
            if t0 >= deadline:
                return
            try:
                ok = u.do(kind)
            except OSError:
                ok = False
            dt = (time.monotonic() - t0) * 1000
            with lock:
                samples[kind].append(dt)
                errors[kind] += not ok
            if think:
                time.sleep(u.rng.uniform(0, 2 * think))

    def ask_reports() -> None:
        c = Client(port)
        c.login("pingjia", PASSWORD)
        asked = {}
        gap = seconds / 2 / len(reports)
        for i, ev in enumerate(reports):  # spread over the first half of the phase
            time.sleep(max(0.0, start + i * gap - time.monotonic()))
            body = urllib.parse.urlencode({"fmt": "pdf", "csrfmiddlewaretoken": c.cookies["csrftoken"]})
            status, _ = c.request("POST", f"/e/{ev}/reports/", body)
            if status not in (200, 302):
                raise SystemExit(f"report request for {ev}: HTTP {status}")
            asked[ev] = time.monotonic()
        done: dict[int, float] = {}
        # Until every report is made (or 10 minutes): every 2 seconds, as the 报告 tab polls.
        for _ in range(300):
            for ev in asked:
                if ev not in done:
                    status, page = c.request("GET", f"/e/{ev}/reports/status/")
                    if b'data-status="done"' in page or b'data-status="failed"' in page:
                        done[ev] = time.monotonic() - asked[ev] if b'data-status="done"' in page else float("nan")
            if len(done) == len(asked):
                break
            time.sleep(2)
        report_times.extend(done.get(ev) for ev in asked)

    cpu0 = time.process_time()
    busy0, server0 = cpu_seconds(server_pid)
    threads = [threading.Thread(target=run, args=(u,), daemon=True) for u in users]
    reporter = threading.Thread(target=ask_reports, daemon=True) if reports else None
    for t in threads + ([reporter] if reporter else []):
        t.start()
    for t in threads:
        t.join(seconds + 120)
    elapsed = time.monotonic() - start
    cpu = time.process_time() - cpu0
    busy1, server1 = cpu_seconds(server_pid)
    if reporter:
        reporter.join(660)
    return {"samples": samples, "errors": errors, "elapsed": elapsed, "cpu": cpu, "reports": report_times,
            "server_cpu": server1 - server0, "other_cpu": (busy1 - busy0) - (server1 - server0) - cpu}


def show(title: str, r: dict) -> dict:
    print(f"\n{title}: {sum(len(v) for v in r['samples'].values())} requests in {r['elapsed']:.0f} s; "
          f"load generator used {r['cpu']:.1f} s of processor time ({r['cpu'] / r['elapsed'] * 100:.0f}% of one core)")
    if r["server_cpu"] == r["server_cpu"]:
        print(f"  the server (with its task worker and LibreOffice) used {r['server_cpu'] / r['elapsed'] * 100:.0f}% of one core; "
              f"everything else on the machine {max(0.0, r['other_cpu']) / r['elapsed'] * 100:.0f}%")
    print(f"  {'kind':<8}{'count':>8}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    out = {}
    for kind, _ in MIX:
        p50, p95, p99 = quantiles(r["samples"][kind])
        out[kind] = (p50, p95, p99)
        print(f"  {kind:<8}{len(r['samples'][kind]):>8}{r['errors'][kind]:>8}{p50:>10.0f}{p95:>10.0f}{p99:>10.0f}")
    if r["reports"]:
        made = [t for t in r["reports"] if t is not None and t == t]
        print(f"  reports: {len(made)}/{len(r['reports'])} PDF made, "
              + (f"each {min(made):.0f}–{max(made):.0f} s from request to 已完成" if made else "none finished"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60, help="length of each phase")
    ap.add_argument("--users", default="10,50", help="users of the phases without reports; the last is used with reports")
    ap.add_argument("--think", type=float, default=0.0, help="mean pause between a user's requests, seconds (0: none)")
    ap.add_argument("--no-reports", action="store_true")
    ap.add_argument("--setup", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.setup:
        setup(args.setup[0], int(args.setup[1]))
        return
    counts = [int(x) for x in args.users.split(",")]
    most = max(counts)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    results = {}
    with tempfile.TemporaryDirectory(prefix="jixiao-load-") as tmp:
        made = subprocess.run([sys.executable, __file__, "--setup", tmp, str(most + REPORTS)], env=env,
                              capture_output=True, text=True, check=True)
        info = json.loads(made.stdout.strip().splitlines()[-1])
        ids, token = info["ids"], info["token"]
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--demo", "--data", tmp, "--port", str(port)],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            wait_for(port, server)
            from jixiao.web.server import DEFAULT_THREADS, default_workers, gunicorn_available

            workers = os.environ.get("JIXIAO_WORKERS") or default_workers()
            threads = os.environ.get("JIXIAO_THREADS") or DEFAULT_THREADS
            how = f"gunicorn, {workers} processes × {threads} threads" if gunicorn_available() else "Django's threaded server"
            print(f"jixiao serve on 127.0.0.1 ({how}; SQLite; {os.cpu_count()} CPUs); {args.seconds:g} s a phase; "
                  f"think time {args.think:g} s; mix " + ", ".join(f"{w}% {k}" for k, w in MIX))
            jpeg = photo()
            pool = [User(port, ids[i], token, seed=i, jpeg=jpeg) for i in range(most)]
            for u in pool:  # warm up: every page rendered once, every process touched
                u.do("view")
                u.do("list")
            for n in counts:
                results[n] = show(f"{n} users", phase(port, pool[:n], args.seconds, args.think, None, server.pid))
            if not args.no_reports:
                results["reports"] = show(f"{most} users, {REPORTS} PDF reports asked for meanwhile",
                                          phase(port, pool[:most], args.seconds, args.think, ids[most:most + REPORTS],
                                                server.pid))
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    top = results[most]
    print(f"\nat {most} users: page view p95 {top['view'][1]:.0f} ms (goal ≤ 500), save p95 {top['save'][1]:.0f} ms "
          f"(goal ≤ 800), worst p99 {max(v[2] for v in top.values()):.0f} ms (goal ≤ 2000)")
    if "reports" in results:
        with_reports = results["reports"]["view"]
        print(f"page views while reports are made: p50 {with_reports[0]:.0f} ms vs {top['view'][0]:.0f}, "
              f"p95 {with_reports[1]:.0f} ms vs {top['view'][1]:.0f} "
              f"({(with_reports[1] / top['view'][1] - 1) * 100:+.0f}%; goal ≤ +20%)")


if __name__ == "__main__":
    main()

"""Load test of the web workspace: 20 concurrent clients on the evaluation page.

Starts `jixiao serve --demo` on SQLite (a temporary data directory, loopback) and,
for comparison, a bare Django view served the same way (the same server function,
so the same server, processes and threads: JIXIAO_WORKERS / JIXIAO_THREADS apply
to all) and the same view behind jixiao's settings and middleware; each client logs
in once, then requests the page in a loop. The targets take turns in short bursts
(bare, middleware, page, bare, …), so that a change in the machine's load while the
benchmark runs moves all of them alike instead of the ratio. Prints p50/p95 latency and
throughput for each and the ratios, and the processor time the load generator itself
used beside the server's (the clients share the 2 cores with the server they measure).
Stops by itself; the servers are stopped.

Run: python benchmarks/bench_web.py [--clients 20] [--seconds 60] [--rounds 5]
Goal: p95 ≤ 200 ms on the evaluation page; throughput ≥ 30% of the bare view's.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from timing import cpu_seconds

MAX_REQUESTS_PER_CLIENT = 100_000  # a bound on every loop, whatever the clock does


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


class Client:
    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """One request on the kept-alive connection; a text body is a posted form unless headers say otherwise."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if body is not None and "Content-Type" not in headers:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if resp.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return resp.status, data

    def login(self, username: str, password: str) -> None:
        self.request("GET", "/login/")
        body = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": self.cookies["csrftoken"]})
        status, _ = self.request("POST", "/login/", body)
        if status != 302:
            raise SystemExit(f"login failed: HTTP {status}")


class Target:
    """One server under load: its clients, logged in once, and what every burst measured."""

    def __init__(self, port: int, path: str, clients: int, login: tuple[str, str] | None, pid: int):
        self.path, self.pid = path, pid
        self.sessions = [Client(port) for _ in range(clients)]
        for c in self.sessions:
            if login:
                c.login(*login)
            status, _ = c.request("GET", path)  # one warm-up request each
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
        self.latencies: list[float] = []
        self.errors = 0
        self.elapsed = 0.0
        self.rounds: list[float] = []  # req/s of each burst
        self.generator_cpu = 0.0  # processor seconds the load generator spent on this target
        self.server_cpu = 0.0
        self.other_cpu = 0.0  # everything else the machine ran meanwhile

    def burst(self, seconds: float) -> None:
        """Every client requests the page in a loop for `seconds`."""
        latencies: list[list[float]] = [[] for _ in self.sessions]
        errors = [0] * len(self.sessions)
        cpu0, (busy0, server0), start = own_cpu(), cpu_seconds(self.pid), time.monotonic()
        deadline = start + seconds

        def run(i: int) -> None:
            c = self.sessions[i]
            for _ in range(MAX_REQUESTS_PER_CLIENT):
                t0 = time.monotonic()
                if t0 >= deadline:
                    return
                try:
                    status, _ = c.request("GET", self.path)
                except OSError:
                    status = 0
                latencies[i].append(time.monotonic() - t0)
                if status != 200:
                    errors[i] += 1

        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(self.sessions))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 60)
        elapsed = time.monotonic() - start
        busy1, server1 = cpu_seconds(self.pid)
        generator = own_cpu() - cpu0
        self.generator_cpu += generator
        self.server_cpu += server1 - server0
        self.other_cpu += max(0.0, (busy1 - busy0) - generator - (server1 - server0))
        done = [x for lat in latencies for x in lat]
        self.latencies += done
        self.errors += sum(errors)
        self.elapsed += elapsed
        self.rounds.append(len(done) / elapsed)

    def result(self) -> dict:
        all_ms = sorted(x * 1000 for x in self.latencies)
        q = statistics.quantiles(all_ms, n=100) if len(all_ms) >= 2 else [all_ms[0] if all_ms else 0] * 99
        return {"requests": len(all_ms), "errors": self.errors, "rps": len(all_ms) / self.elapsed,
                "p50": q[49], "p95": q[94], "generator": self.generator_cpu / self.elapsed,
                "server": self.server_cpu / self.elapsed, "other": self.other_cpu / self.elapsed}


def own_cpu() -> float:
    """Processor seconds of this process (the load generator: every client thread)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bare_server(port: int, stack_data: str | None) -> None:
    """A Django project of one view returning a short text, served like `jixiao serve`.

    With `stack_data`: the same view behind jixiao's own settings and middleware
    (sessions, CSRF, login), on the workspace's database, for a logged-in user.
    """
    import django
    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import include, path

    global urlpatterns
    if stack_data:
        os.environ["JIXIAO_DATA"] = stack_data
        os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
        django.setup()
        from django.contrib.auth.decorators import login_required

        settings.ROOT_URLCONF = __name__
        urlpatterns = [path("bare/", login_required(lambda request: HttpResponse("ok"))),
                       path("", include("jixiao.web.routes", namespace="jixiao"))]
    else:
        settings.configure(DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"], SECRET_KEY="bench", ROOT_URLCONF=__name__,
                           MIDDLEWARE=[], INSTALLED_APPS=[])
        urlpatterns = [path("", lambda request: HttpResponse("ok"))]
        django.setup()
    from django.core.wsgi import get_wsgi_application

    from jixiao.web.server import serve

    serve("127.0.0.1", port, get_wsgi_application())  # the server, processes and threads of `jixiao serve`


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60, help="time on each target, all bursts together")
    ap.add_argument("--rounds", type=int, default=5, help="bursts per target, taken in turn")
    ap.add_argument("--bare-server", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--stack", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.bare_server:
        bare_server(args.bare_server, args.stack)
        return
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    targets: dict[str, Target] = {}
    with tempfile.TemporaryDirectory() as tmp:
        web_port, bare_port, stack_port = free_port(), free_port(), free_port()
        web = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--demo", "--data", tmp, "--port", str(web_port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        bare = subprocess.Popen([sys.executable, __file__, "--bare-server", str(bare_port)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        stack = None
        try:
            wait_for(web_port, web)
            wait_for(bare_port, bare)
            stack = subprocess.Popen([sys.executable, __file__, "--bare-server", str(stack_port), "--stack", tmp], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            wait_for(stack_port, stack)
            probe = Client(web_port)
            probe.login("pingjia", "jixiao-demo")
            _, page = probe.request("GET", "/evaluations/")
            ev_path = re.search(rb'href="(/e/\d+/indicators/)"', page).group(1).decode()
            from jixiao.web.server import DEFAULT_THREADS, default_workers, gunicorn_available

            workers = os.environ.get("JIXIAO_WORKERS") or default_workers()
            threads = os.environ.get("JIXIAO_THREADS") or DEFAULT_THREADS
            server = (f"gunicorn, {workers} processes × {threads} threads" if gunicorn_available()
                      else "Django's threaded server")
            rounds = max(1, args.rounds)
            print(f"{args.clients} clients × {args.seconds:g} s each target, in {rounds} interleaved bursts; "
                  f"evaluation page {ev_path} (SQLite, loopback; every target served by {server}; "
                  f"{os.cpu_count()} CPUs)")
            demo = ("pingjia", "jixiao-demo")
            targets["bare"] = Target(bare_port, "/", args.clients, None, bare.pid)
            targets["stack"] = Target(stack_port, "/bare/", args.clients, demo, stack.pid)
            targets["web"] = Target(web_port, ev_path, args.clients, demo, web.pid)
            for _ in range(rounds):  # in turn, so that drift in the machine's load moves every target alike
                for target in targets.values():
                    target.burst(args.seconds / rounds)
        finally:
            for proc in (web, bare, stack):
                if proc is None:
                    continue
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
    report(targets)


def report(targets: dict[str, Target]) -> None:
    results = {name: t.result() for name, t in targets.items()}
    cores = os.cpu_count() or 1
    print(f"{'target':<32}{'requests':>10}{'errors':>8}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}"
          f"{'generator':>11}{'server':>9}{'others':>9}")
    for name, label in (("bare", "bare Django view"), ("stack", "same, jixiao middleware+login"),
                        ("web", "evaluation page (指标体系)")):
        r = results[name]
        print(f"{label:<32}{r['requests']:>10}{r['errors']:>8}{r['rps']:>10.1f}{r['p50']:>10.1f}{r['p95']:>10.1f}"
              f"{r['generator']:>11.0%}{r['server']:>9.0%}{r['other']:>9.0%}")
    print(f"(generator, server, others: processor time of the load generator, of the server's processes "
          f"and of everything else on the machine, in cores of the {cores})")
    ratio = results["web"]["rps"] / results["bare"]["rps"] * 100
    ratio_stack = results["web"]["rps"] / results["stack"]["rps"] * 100
    per_round = [w / b * 100 for w, b in zip(targets["web"].rounds, targets["bare"].rounds)]
    spread = f" (bursts {min(per_round):.0f}–{max(per_round):.0f}%)" if len(per_round) > 1 else ""
    print(f"throughput of the evaluation page: {ratio:.0f}% of the bare view{spread} (goal ≥ 30%), "
          f"{ratio_stack:.0f}% of the same view behind jixiao's middleware; "
          f"p95 {results['web']['p95']:.0f} ms (goal ≤ 200 ms)")
    used = max(r["generator"] for r in results.values())
    print(f"the load generator used up to {used:.0%} of a core ({used / cores:.0%} of the {cores} cores) "
          f"beside the server it measured")


if __name__ == "__main__":
    main()

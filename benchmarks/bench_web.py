"""Load test of the web workspace: 20 concurrent clients on the evaluation page.

Starts `jixiao serve --demo` on SQLite (a temporary data directory, loopback) and,
for comparison, a bare Django view served the same way (the same server function,
so the same server, processes and threads: JIXIAO_WORKERS / JIXIAO_THREADS apply
to all) and the same view behind jixiao's settings and middleware; each client logs
in once, then requests the page in a loop until the time is up. Prints p50/p95
latency and throughput for each and the ratios. Stops by itself; the servers are
stopped.

Run: python benchmarks/bench_web.py [--clients 20] [--seconds 60]
Goal: p95 ≤ 200 ms on the evaluation page; throughput ≥ 30% of the bare view's.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

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


def hammer(port: int, path: str, clients: int, seconds: float, login: tuple[str, str] | None) -> dict:
    sessions = [Client(port) for _ in range(clients)]
    if login:
        for c in sessions:
            c.login(*login)
    for c in sessions:  # one warm-up request each
        status, _ = c.request("GET", path)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = time.monotonic()
    deadline = start + seconds

    def run(i: int) -> None:
        c = sessions[i]
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            t0 = time.monotonic()
            if t0 >= deadline:
                return
            try:
                status, _ = c.request("GET", path)
            except OSError:
                status = 0
            latencies[i].append(time.monotonic() - t0)
            if status != 200:
                errors[i] += 1

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.monotonic() - start
    all_ms = sorted(x * 1000 for lat in latencies for x in lat)
    q = statistics.quantiles(all_ms, n=100) if len(all_ms) >= 2 else [all_ms[0] if all_ms else 0] * 99
    return {"requests": len(all_ms), "errors": sum(errors), "rps": len(all_ms) / elapsed, "p50": q[49], "p95": q[94]}


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
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--bare-server", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--stack", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.bare_server:
        bare_server(args.bare_server, args.stack)
        return
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    results = {}
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
            print(f"{args.clients} clients × {args.seconds:g} s each target; evaluation page {ev_path} "
                  f"(SQLite, loopback; every target served by {server}; {os.cpu_count()} CPUs)")
            results["bare"] = hammer(bare_port, "/", args.clients, args.seconds, None)
            results["stack"] = hammer(stack_port, "/bare/", args.clients, args.seconds, ("pingjia", "jixiao-demo"))
            results["web"] = hammer(web_port, ev_path, args.clients, args.seconds, ("pingjia", "jixiao-demo"))
        finally:
            for proc in (web, bare, stack):
                if proc is None:
                    continue
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
    print(f"{'target':<32}{'requests':>10}{'errors':>8}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}")
    for name, label in (("bare", "bare Django view"), ("stack", "same, jixiao middleware+login"),
                        ("web", "evaluation page (指标体系)")):
        r = results[name]
        print(f"{label:<32}{r['requests']:>10}{r['errors']:>8}{r['rps']:>10.1f}{r['p50']:>10.1f}{r['p95']:>10.1f}")
    ratio = results["web"]["rps"] / results["bare"]["rps"] * 100
    ratio_stack = results["web"]["rps"] / results["stack"]["rps"] * 100
    print(f"throughput of the evaluation page: {ratio:.0f}% of the bare view (goal ≥ 30%), "
          f"{ratio_stack:.0f}% of the same view behind jixiao's middleware; "
          f"p95 {results['web']['p95']:.0f} ms (goal ≤ 200 ms)")


if __name__ == "__main__":
    main()

"""The HTTP server behind `jixiao serve` (and the web benchmark's comparison view).

Gunicorn, with a few processes of a few threads each: Python runs one thread at a
time per process, so processes are what use more than one core, and a slow
request (a PDF export) ties up one thread, not the server. Where gunicorn cannot
run (it needs a Unix system), Django's threaded server takes its place.

Anything a process keeps in memory is keyed by what it was computed from (the
revision's text, the page's revision and viewer), so processes never disagree;
sessions are kept in the database and a file cache that all of them share.
"""

from __future__ import annotations

import os
import sys
from typing import Callable

from ..envsettings import env_int


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


DEFAULT_THREADS = 4


def gunicorn_available() -> bool:
    try:
        import gunicorn.app.base  # noqa: F401 - imports fcntl: absent off Unix
    except ImportError:
        return False
    return True


def pool(workers: int | None = None, threads: int | None = None) -> tuple[int, int]:
    """Processes, and threads in each: as asked, else JIXIAO_WORKERS / JIXIAO_THREADS (within the
    bounds of --workers and --threads), else the defaults."""
    return (workers or env_int("JIXIAO_WORKERS", default_workers(), minimum=1, maximum=64, unit="进程数"),
            threads or env_int("JIXIAO_THREADS", DEFAULT_THREADS, minimum=1, maximum=64, unit="每个进程的线程数"))


def serve(host: str, port: int, app, *, workers: int | None = None, threads: int | None = None,
          access_log: bool = False, ready: Callable[[], None] | None = None) -> None:
    """Serve the WSGI `app` until interrupted. `ready` is called once listening."""
    workers, threads = pool(workers, threads)
    _check_free(host, port)
    if gunicorn_available():
        _gunicorn(host, port, app, workers, threads, access_log, ready)
    else:
        _threaded(host, port, app, access_log, ready)


def _check_free(host: str, port: int) -> None:
    """OSError at once if the address is taken (gunicorn would retry for seconds, in English)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, port))


def _gunicorn(host, port, app, workers, threads, access_log, ready) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    # The workers are forked from this process: none may inherit its database connections.
    connections.close_all()
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": [bind],
                "workers": workers,
                "worker_class": "gthread",
                "threads": threads,
                "timeout": 120,  # a PDF report takes a few seconds of LibreOffice
                "graceful_timeout": 10,
                "keepalive": 5,
                "accesslog": "-" if access_log else None,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "jixiao",
                "when_ready": (lambda server: ready()) if ready else (lambda server: None),
            }.items():
                self.cfg.set(key, value)

        def load(self):
            return app

    # Gunicorn reads sys.argv for its own options: give it none of ours.
    argv, sys.argv = sys.argv, sys.argv[:1]
    try:
        Server().run()
    finally:
        sys.argv = argv


def _threaded(host, port, app, access_log, ready) -> None:
    import socket
    import socketserver

    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

    class Handler(WSGIRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - one line per request is noise unless asked for
            if access_log:
                super().log_message(format, *args)

    class ThreadedServer(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True

        def get_request(self):
            # The handler writes a response in several small pieces; without this, a kept-alive
            # connection waits for the client's delayed acknowledgement (~40 ms) before each next one.
            conn, addr = super().get_request()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return conn, addr

    httpd = ThreadedServer((host, port), Handler, ipv6=":" in host)
    httpd.set_app(app)
    if ready:
        ready()
    httpd.serve_forever()

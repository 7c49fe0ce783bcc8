"""Where one machine is not enough: two `jixiao worker` processes against the same PostgreSQL
and file store review one round's forms and get the same rows as one worker does.

Runs on the PostgreSQL server of DATABASE_URL, else on one started here in a temporary
directory from Debian's postgresql binaries (as scripts/test does); skipped only when
PostgreSQL is absent."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import urllib.parse
from pathlib import Path

import pytest

FORMS = Path(__file__).resolve().parent / "forms"
ROOT = Path(__file__).resolve().parent.parent


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parent.parent.name)
    return found[-1].parent if found else None


@pytest.fixture(scope="module")
def server():
    """postgres://… of a server holding databases this test may create."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        yield url
        return
    pgbin = _pg_bin()
    if pgbin is None:
        pytest.skip("未安装 PostgreSQL / PostgreSQL is not installed")
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="jixiao-pg-"))  # not under pytest's folder: the postgres user must reach it
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", 54000 + os.getpid() % 1000
    subprocess.run([*as_pg, str(pgbin / "initdb"), "-D", str(data), "-U", "jixiao", "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run([*as_pg, str(pgbin / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-o",
                    f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
                    "start"], check=True, capture_output=True)
    try:
        yield f"postgres://jixiao@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_pg, str(pgbin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(statement)


# Sets up the demo and one round, takes in every corpus form (queued, not yet reviewed).
SETUP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from jixiao.web.commands import setup_django
    setup_django(sys.argv[1])
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from jixiao.web.demo import load_demo
    from jixiao.web.models import DEPARTMENT, Organisation, Round, RoundForm
    from jixiao.web.rounds_intake import accept
    load_demo()
    bureau = Organisation.objects.get(kind="bureau")
    r = Round.objects.create(bureau=bureau, year=2024, name="多进程复核")
    depts = list(Organisation.objects.filter(kind=DEPARTMENT))
    r.departments.set(depts)
    RoundForm.objects.bulk_create([RoundForm(round=r, department=o, department_name=o.name) for o in depts])
    items = [(f"{p.parent.name}{p.suffix}", p.read_bytes()) for p in sorted(Path(sys.argv[2]).glob("*/form.*"))
             if p.suffix in (".xlsx", ".docx")]
    accept(r, items, None, None)
    print(len(items))
""")

# The round's rows as the page and the export read them, and which worker ran each job.
DUMP = textwrap.dedent("""
    import json, sys
    from jixiao.web.commands import setup_django
    setup_django(sys.argv[1])
    from jixiao.web.models import Job, RoundForm
    rows = sorted([f.file.original_name if f.file else "", f.position, f.label, f.department_name, f.status,
                   str(f.self_total), str(f.review_total), str(f.difference), f.grade, f.provisional,
                   f.error_count, f.warning_count, json.dumps(f.problems, ensure_ascii=False, sort_keys=True)]
                  for f in RoundForm.objects.filter(round__name="多进程复核").select_related("file"))
    jobs = list(Job.objects.filter(kind="round.review").values_list("status", "worker", "error"))
    print(json.dumps({"rows": rows, "jobs": jobs}, ensure_ascii=False))
""")


def _env(url: str, data: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    # Two slots in the shared data directory: each worker may review while the other does.
    return {**env, "DATABASE_URL": url, "JIXIAO_DATA": str(data), "JIXIAO_REPORT_WORKERS": "2"}


def _prepare(server: str, name: str, tmp_path: Path) -> dict:
    """A database of its own with the round and its files queued; the environment to reach it."""
    _sql(server, f"DROP DATABASE IF EXISTS {name}")
    _sql(server, f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(server)
    env = _env(urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), tmp_path / name)
    made = subprocess.run([sys.executable, "-c", SETUP, env["JIXIAO_DATA"], str(FORMS)], env=env, capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert made.returncode == 0, made.stderr[-3000:]
    assert int(made.stdout.split()[-1]) >= 20
    return env


def _workers(env: dict, n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-m", "jixiao.cli", "worker", "--once", "--data", env["JIXIAO_DATA"]],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
            for _ in range(n)]


def _dump(server: str, name: str, env: dict) -> dict:
    dumped = subprocess.run([sys.executable, "-c", DUMP, env["JIXIAO_DATA"]], env=env, capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert dumped.returncode == 0, dumped.stderr[-3000:]
    _sql(server, f"DROP DATABASE {name}")
    return json.loads(dumped.stdout)


def test_two_workers_on_postgresql_review_a_round_as_one_does(server, tmp_path):
    names = {1: "jixiao_rounds_one", 2: "jixiao_rounds_two"}
    envs = {n: _prepare(server, name, tmp_path) for n, name in names.items()}
    # Started together, so both runs review with the same code and data.
    procs = [p for n, env in envs.items() for p in _workers(env, n)]
    for p in procs:
        out, _ = p.communicate(timeout=600)
        assert p.returncode == 0, out[-3000:]
    one, two = (_dump(server, names[n], envs[n]) for n in (1, 2))
    assert all(status == "done" for status, _, _ in one["jobs"] + two["jobs"]), [j for j in two["jobs"] if j[0] != "done"]
    assert len({worker for _, worker, _ in two["jobs"]}) == 2  # both processes took files
    assert len({worker for _, worker, _ in one["jobs"]}) == 1
    assert two["rows"] == one["rows"]
    reviewed = [row for row in one["rows"] if row[0]]
    assert len(reviewed) >= 20 and any(row[10] for row in reviewed) and any(row[6] != "None" for row in reviewed)

"""`jixiao serve`, `jixiao worker`, `jixiao backup`, `jixiao restore` and `jixiao audit-verify`: registered on the main command group."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .boot import setup_django


@click.command(help="启动网页工作台（默认 http://127.0.0.1:8000/）；首次启动自动建库。")
@click.option("--demo", is_flag=True, help="数据库为空时先载入演示数据（财政局、评价机构、被评价单位、参考评价与演示账户）。")
@click.option("--data", "data", default=None, help="数据目录（默认 $JIXIAO_DATA 或 ./data）。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option("--port", default=8000, show_default=True, type=int, help="端口。")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="进程数（默认 $JIXIAO_WORKERS 或 CPU 核数，最多 4）。")
@click.option("--threads", type=click.IntRange(1, 64), default=None,
              help="每个进程的线程数（默认 $JIXIAO_THREADS 或 4）。")
def serve(demo: bool, data: str | None, host: str, port: int, workers: int | None, threads: int | None) -> None:
    from .server import pool

    # Every setting read, and a wrong one refused (cli.LazyGroup.main says it), before anything starts.
    workers, threads = pool(workers, threads)
    setup_django(data or os.environ.get("JIXIAO_DATA") or "data")
    from django.conf import settings
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    from .demo import demo_logins, is_empty, load_demo, logins_text

    if demo:
        if is_empty():
            click.echo("载入演示数据……")
            load_demo()
        click.echo(logins_text(demo_logins()))
    db = settings.DATABASES["default"]
    where = db["NAME"] if "sqlite" in db["ENGINE"] else f"PostgreSQL {db.get('HOST')}:{db.get('PORT')}/{db['NAME']}"
    click.echo(f"数据：{where}")
    click.echo(f"报告生成：后台工作进程，同时最多 {settings.REPORT_WORKERS} 项（JIXIAO_REPORT_WORKERS）；"
               f"自评表复核另有 {settings.REVIEW_WORKERS} 项（JIXIAO_REVIEW_WORKERS）")
    click.echo(f"工作台：http://{host}:{port}/   （Ctrl+C 停止）")
    sys.stdout.flush()
    from .jobs import worker_process
    from .server import serve as serve_http
    from .wsgi import application

    master = os.getpid()
    try:
        with worker_process(settings.DATA_DIR):  # reports are made there, outside the requests
            serve_http(host, port, application, workers=workers, threads=threads,
                       access_log=os.environ.get("JIXIAO_ACCESS_LOG") == "1")
    except KeyboardInterrupt:
        click.echo("已停止。")
    except SystemExit as exc:  # gunicorn stops this way, on Ctrl+C too
        if os.getpid() != master:  # a worker process ending: its exit code is for gunicorn
            raise
        if exc.code:
            raise click.ClickException(f"无法在 {host}:{port} 启动或服务已异常停止（见上方日志）。")
        click.echo("已停止。")
    except OSError as exc:
        raise click.ClickException(f"无法在 {host}:{port} 启动：{exc.strerror}")


@click.command(help="运行后台任务（Word/PDF 报告等）的工作进程；jixiao serve 会自动启动一个。")
@click.option("--data", "data", default=None, help="数据目录（默认 $JIXIAO_DATA 或 ./data）。")
@click.option("--once", is_flag=True, help="运行完队列中已有的任务后退出。")
@click.option("--parent", type=int, default=None, hidden=True)  # jixiao serve's pid: stop when it is gone
def worker(data: str | None, once: bool, parent: int | None) -> None:
    """At most $JIXIAO_REPORT_WORKERS reports and $JIXIAO_REVIEW_WORKERS 自评表 reviews at once (each
    by default half the CPUs, at least 1), in this process and any other worker of the same data
    directory together."""
    setup_django(data or os.environ.get("JIXIAO_DATA") or "data")
    from django.conf import settings
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    if parent is None:  # serve has migrated already
        call_command("migrate", interactive=False, verbosity=0)
    from .jobs import run_forever, run_pending

    if once:
        run_pending()
        return
    if parent is None:
        click.echo(f"后台任务工作进程已启动（报告同时最多 {settings.REPORT_WORKERS} 项，自评表复核 "
                   f"{settings.REVIEW_WORKERS} 项；Ctrl+C 停止）。")
    run_forever(parent=parent)


@click.command(help="备份：把数据库和上传的文件打包成一个文件（.tar.gz），附清单（各表行数、文件 SHA-256、定稿校验）；工作台可照常运行。")
@click.option("--data", "data", default=None, help="数据目录（默认 $JIXIAO_DATA 或 ./data）。")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="备份文件，例如 备份-2025-01-31.tar.gz。")
def backup(data: str | None, output: str) -> None:
    folder = Path(data or os.environ.get("JIXIAO_DATA") or "data").resolve()
    if not folder.is_dir():
        _fail(f"数据目录 {folder} 不存在：没有可备份的数据")
    setup_django(str(folder))
    from .backup import BackupError, backup as write_backup, broken_finals, summary

    try:
        manifest = write_backup(Path(output))
    except BackupError as exc:
        _fail(str(exc))
    click.echo(f"已备份到 {output}：{summary(manifest)}。")
    for line in broken_finals(manifest):
        click.echo(f"警告 {line}", err=True)


@click.command(help="恢复 jixiao backup 写的备份：先按清单核对备份，恢复后再核对各表行数、文件和定稿；数据目录须为空（或 --force）。")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--data", "data", default=None, help="恢复到的数据目录（默认 $JIXIAO_DATA 或 ./data）。")
@click.option("--force", is_flag=True, help="数据目录或数据库中已有数据时，仍然覆盖。")
def restore(file: str, data: str | None, force: bool) -> None:
    from .backup import BackupError, restore as restore_backup, summary

    target = Path(data or os.environ.get("JIXIAO_DATA") or "data")
    try:
        restored = restore_backup(Path(file), target, force)
    except BackupError as exc:
        _fail(str(exc))
    click.echo(f"已从 {file} 恢复到 {target}：{summary(restored.manifest)}；行数、文件和定稿均与清单一致。")


@click.command("audit-verify", help="校验审计日志：逐条重算各财政局哈希链的 SHA-256，指出第一条断开的记录；完整时退出码 0，断开时 1。")
@click.option("--data", "data", default=None, help="数据目录（默认 $JIXIAO_DATA 或 ./data）。")
@click.option("--bureau", "bureau", default=None, help="只校验这个财政局（名称或编号）；默认全部。")
def audit_verify(data: str | None, bureau: str | None) -> None:
    setup_django(data or os.environ.get("JIXIAO_DATA") or "data")
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # rows from before the chain are chained first
    from .audit import verify_all
    from .models import BUREAU, Organisation

    ids = None
    if bureau is not None:
        text = bureau.strip()
        found = Organisation.objects.filter(kind=BUREAU, name=text).first() or (
            Organisation.objects.filter(kind=BUREAU, pk=int(text)).first() if text.isdigit() and len(text) < 19 else None)
        if found is None:
            names = "、".join(Organisation.objects.filter(kind=BUREAU).values_list("name", flat=True)) or "（无）"
            _fail(f"--bureau：没有名为或编号为“{text}”的财政局；现有：{names}")
        ids = [found.pk]
    results = verify_all(ids)
    if not results:
        click.echo("审计日志中还没有记录。")
    for r in results:
        click.echo(r.text if r.ok else f"错误 {r.text}", err=not r.ok)
    if any(not r.ok for r in results):
        sys.exit(1)


def register(main: click.Group) -> None:
    """Add this package's commands to the `jixiao` group."""
    for command in (serve, worker, backup, restore, audit_verify):
        main.add_command(command)


def _fail(message: str) -> None:
    click.echo(f"错误 {message}", err=True)
    sys.exit(2)

"""`jixiao jobs`: the web workspace's background jobs (reports, exports, reviews) and their
files — how many and how much space; `--purge` removes those past JIXIAO_JOB_KEEP_DAYS, as
`jixiao worker` does every hour (web/job_retention.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


def register(group: click.Group) -> None:
    group.add_command(jobs)


@click.command(help="后台任务（报告、导出、复核）及其文件：数量与占用空间；--purge 清理超过保留期限（JIXIAO_JOB_KEEP_DAYS，默认 30 天）的已完成任务。")
@click.option("--data", "data", default=None, help="数据目录（默认 $JIXIAO_DATA 或 ./data）。")
@click.option("--purge", is_flag=True, help="清理超过保留期限的已完成任务及其文件（每项工作最新的一个保留）。")
@click.option("--dry-run", is_flag=True, help="与 --purge 同用：只列出将清理多少，不删除。")
def jobs(data: str | None, purge: bool, dry_run: bool) -> None:
    folder = Path(data or os.environ.get("JIXIAO_DATA") or "data").resolve()
    if not folder.is_dir():
        click.echo(f"错误 数据目录 {folder} 不存在：没有后台任务", err=True)
        sys.exit(2)
    if dry_run and not purge:
        click.echo("错误 --dry-run 须与 --purge 同用：jixiao jobs --purge --dry-run", err=True)
        sys.exit(2)
    from ..web.boot import setup_django

    setup_django(str(folder))
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from ..web import job_retention

    if purge:
        click.echo(job_retention.purge(dry_run=dry_run).text(dry_run))
        return
    click.echo(job_retention.overview())

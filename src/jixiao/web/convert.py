"""One report made in a process of its own, at the lowest CPU priority.

The job worker (jobs.py) runs `python -m jixiao.web.convert FORMAT REVISION.yaml OUT` and
reads the progress and the outcome from what it prints, a line each:

    progress <percent> <stage>
    error <why, as the user reads it>

It scores the revision, writes the Word document and has LibreOffice convert it, all at
the priority JIXIAO_WORKER_NICE sets (default: only when the pages leave the processor
idle). It touches no database: a conversion the pages keep waiting never holds a lock
that they need.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path


class Failed(Exception):
    """The report cannot be made; str() is what the user reads."""


def lower_priority(setting: str) -> str:
    """Pages first: this process, and LibreOffice which inherits it, runs only when the pages
    leave the processor idle (`idle`: Linux's SCHED_IDLE, elsewhere nice 19), or at nice `N`."""
    setting = (setting or "idle").strip().lower()
    if setting == "idle" and hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return "SCHED_IDLE"
        except OSError:
            pass
    nice = 19 if setting == "idle" else int(setting)
    if nice and hasattr(os, "nice"):
        os.nice(nice)
    return f"nice {nice}"


def say(kind: str, text: str) -> None:
    print(kind, " ".join(text.split()), flush=True)


def convert(fmt: str, source: Path, out: Path) -> None:
    from ..report import ConversionFailed, LibreOfficeMissing, TemplateError, render_docx, render_pdf
    from ..report.pdf import TIMEOUT_SECONDS
    from .documents import analysis_of_text

    def progress(percent: int, stage: str) -> None:
        say("progress", f"{int(percent)} {stage}")

    progress(10, "计算得分与检查")
    _, analysis = analysis_of_text(source.read_text("utf-8"))
    if analysis is None:
        raise Failed("评价内容有错误，无法生成报告；请先在“检查结果”中修正。")
    try:
        if fmt == "docx":
            progress(30, "生成 Word 文档")
            render_docx(analysis, out)
        else:
            render_pdf(analysis, out, progress=progress)
    except LibreOfficeMissing:
        raise Failed("本机未安装 LibreOffice，无法生成 PDF；请下载 Word 报告。") from None
    except ConversionFailed as exc:
        print(exc, file=sys.stderr)  # for the server's log; the user reads the line below
        if "超时" in str(exc):
            raise Failed(f"PDF 转换超时（LibreOffice 超过 {TIMEOUT_SECONDS} 秒未完成），请稍后重试。") from None
        raise Failed("PDF 转换失败：LibreOffice 没有生成 PDF。请稍后重试；如仍失败，请下载 Word 报告并联系管理员。") from None
    except TemplateError as exc:
        raise Failed(f"报告模板有错误：{exc}") from None
    if not out.is_file():
        raise Failed("报告生成失败。")


def main(argv: list[str]) -> int:
    fmt, source, out = argv
    lower_priority(os.environ.get("JIXIAO_WORKER_NICE", "idle"))
    try:
        convert(fmt, Path(source), Path(out))
    except Failed as exc:
        say("error", str(exc))
        return 2
    except Exception:  # the worker logs this and tells the user an internal error happened
        traceback.print_exc()
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

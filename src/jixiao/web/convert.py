"""One report made in a process of its own, at the lowest CPU priority.

The job worker (jobs.py) runs `python -m jixiao.web.convert FORMAT REVISION.yaml OUT` and
reads the progress and the outcome from what it prints, a line each:

    progress <percent> <stage>
    error <why, as the user reads it>
    warning <a photo printed with its caption only, and why>

An optional fourth argument, JSON [{file, caption}], is 附件5's photos: the evaluation's
image attachments, which the revision's text does not hold (the job passes them).

It scores the revision, writes the Word document and has LibreOffice convert it, all at
the priority JIXIAO_WORKER_NICE sets (default: only when the pages leave the processor
idle). Even at that priority a conversion slows the pages beside it (the two share caches,
memory and the disk), so each step (scoring and Word, each LibreOffice pass) starts only
while the pages are quiet: the server's processes busy under JIXIAO_REPORT_ADMIT percent
of all cores (default 25) over half a second, or once the conversion has waited
JIXIAO_REPORT_WAIT seconds in all (default 120), so a report is late while the pages are
busy but never starved. It touches no database: a conversion the pages keep waiting never
holds a lock that they need.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Callable

from ..envsettings import SettingError, env_int, env_number


class Failed(Exception):
    """The report cannot be made; str() is what the user reads."""


def worker_nice() -> int | None:
    """JIXIAO_WORKER_NICE: None for `idle` (the default), else a nice value; only raising it
    needs no privilege, so 0–19."""
    if os.environ.get("JIXIAO_WORKER_NICE", "").strip().lower() in ("", "idle"):
        return None
    return env_int("JIXIAO_WORKER_NICE", 19, minimum=0, maximum=19, unit="nice 值，或 idle")


def admission_limits() -> tuple[float, float]:
    """JIXIAO_REPORT_ADMIT (percent of all cores) and JIXIAO_REPORT_WAIT (seconds in all)."""
    return (env_number("JIXIAO_REPORT_ADMIT", 25, unit="百分比"),
            env_number("JIXIAO_REPORT_WAIT", 120, unit="秒"))


def lower_priority(nice: int | None) -> str:
    """Pages first: this process, and LibreOffice which inherits it, runs only when the pages
    leave the processor idle (None: Linux's SCHED_IDLE, elsewhere nice 19), or at nice `nice`."""
    if nice is None and hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return "SCHED_IDLE"
        except OSError:
            pass
    nice = 19 if nice is None else nice
    if nice and hasattr(os, "nice"):
        os.nice(nice)
    return f"nice {nice}"


def say(kind: str, text: str) -> None:
    print(kind, " ".join(text.split()), flush=True)


def live_processes() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, processor ticks used) of every live process, from /proc; {} without it."""
    found = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                found[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime + stime
            except (OSError, ValueError, IndexError):
                continue
    return found


def pages_ticks(server: int, ours: int) -> int | None:
    """Processor ticks the pages have used: the server process `server` and its descendants
    (gunicorn's workers), leaving out the job worker `ours` and what it started."""
    procs = live_processes()
    if server not in procs:
        return None
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [server]
    while stack:
        pid = stack.pop()
        if pid == ours:
            continue
        total += procs[pid][1]
        stack.extend(children.get(pid, ()))
    return total


class Admission:
    """Holds each step of a conversion back while the pages are busy: `server` is the pid of
    `jixiao serve` (JIXIAO_PAGES_PID, which its job worker passes on); without one nothing waits."""

    def __init__(self, server: int | None, limit_percent: float, budget: float, window: float = 0.5):
        self.server = server
        self.limit = limit_percent / 100 * (os.cpu_count() or 1)  # in cores
        self.budget = budget  # seconds of waiting left for this conversion
        self.window = window
        self.waited = 0.0

    def pages_cores(self) -> float | None:
        """How many cores the pages kept busy over one window; None when that cannot be known."""
        if self.server is None:
            return None
        ours = os.getppid()  # the job worker that started this conversion
        before, start = pages_ticks(self.server, ours), time.monotonic()
        if before is None:
            return None
        time.sleep(self.window)
        after = pages_ticks(self.server, ours)
        if after is None:
            return None
        return max(0, after - before) / os.sysconf("SC_CLK_TCK") / (time.monotonic() - start)

    def wait(self, told: Callable[[], None]) -> None:
        """Return when the pages are quiet or the budget is spent; `told()` once if they were busy."""
        busy = False
        while self.waited < self.budget:
            start = time.monotonic()
            cores = self.pages_cores()
            self.waited += time.monotonic() - start
            if cores is None or cores < self.limit:
                return
            if not busy:
                busy = True
                told()


def with_photos(photos: list[dict], listed: list) -> list:
    """附件5's photos: the evaluation's own list with the attachments' files. An attachment
    whose caption is that of a photo listed without a file gives it its image; the others
    follow, in the order they were uploaded."""
    merged = [dict(p) if isinstance(p, dict) else {"caption": p} for p in listed]
    for photo in photos:
        same = next((p for p in merged if not p.get("file") and str(p.get("caption", "")).strip() == photo["caption"]), None)
        if same is not None:
            same["file"] = photo["file"]
        else:
            merged.append(dict(photo))
    return merged


def analysed(text: str, photos: list[dict]):
    """The revision's analysis, its photos those the job attached (with_photos)."""
    import copy

    from .documents import analysis_of_doc, analysis_of_text, stored_document

    if not photos or not stored_document(text):
        return analysis_of_text(text)[1]
    doc = copy.deepcopy(stored_document(text))  # shared by the cache: never changed in place
    doc["photos"] = with_photos(photos, doc.get("photos") or [])
    return analysis_of_doc(doc)[1]


def convert(fmt: str, source: Path, out: Path, admission: Admission, photos: list[dict] = ()) -> None:
    from ..report import ConversionFailed, LibreOfficeMissing, TemplateError, render_docx, render_pdf
    from ..report.pdf import TIMEOUT_SECONDS

    def progress(percent: int, stage: str) -> None:
        admission.wait(lambda: say("progress", f"{int(percent)} 服务器繁忙，稍后开始：{stage}"))
        say("progress", f"{int(percent)} {stage}")

    progress(10, "计算得分与检查")
    analysis = analysed(source.read_text("utf-8"), list(photos))
    if analysis is None:
        raise Failed("评价内容有错误，无法生成报告；请先在“检查结果”中修正。")
    for problem in analysis.problems:  # as `jixiao report` does, a refused photo is said, not printed
        if problem.code == "photos.file":
            say("warning", problem.message)
    try:
        if fmt == "docx":
            progress(30, "生成 Word 文档（目录页码需 LibreOffice 排版一遍）")
            render_docx(analysis, out, laid_out=True)
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
    fmt, source, out, *photos = argv
    server = os.environ.get("JIXIAO_PAGES_PID", "")
    try:  # the settings are read by the worker at its start too: a wrong one stops it there
        lower_priority(worker_nice())
        admission = Admission(int(server) if server.isdigit() else None, *admission_limits())
        convert(fmt, Path(source), Path(out), admission, json.loads(photos[0]) if photos else [])
    except (Failed, SettingError) as exc:
        say("error", str(exc))
        return 2
    except Exception:  # the worker logs this and tells the user an internal error happened
        traceback.print_exc()
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

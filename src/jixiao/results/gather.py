"""The evaluations a results report is made of, from files and folders (the CLI's arguments)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..analysis import analyse
from ..model.evaluation import KINDS
from ..problems import Problem, Source, error, has_errors, info
from ..sources import open_source, suffixes
from .entry import Entry, entry_of


OTHER_FORMS = {"declaration": "绩效目标申报表", "monitoring": "绩效运行监控表"}


@dataclass(frozen=True)
class Gathered:
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]  # files that could not be read, each said at its place
    skipped: tuple[str, ...]  # those files, not counted in the report


def files_of(paths: list[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The files named, and those a named folder holds (any depth, by suffix, hidden ones left out)."""
    known = suffixes()
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in known
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not inside:
                problems.append(error("results.input", f"文件夹 {path} 中没有评价文件（{'、'.join(sorted(known))}）",
                                      Source(file=str(path))))
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            problems.append(error("results.input", f"找不到文件或文件夹 {path}", Source(file=str(path))))
    return list(dict.fromkeys(found)), problems


def gather(paths: list[str | Path], rectification: dict[str, tuple[int, int]] | None = None) -> Gathered:
    """Every readable evaluation among `paths`; `rectification` maps a file's path or its subject
    to (confirmed, total)."""
    files, problems = files_of(paths)
    entries, skipped = [], []
    rect = rectification or {}
    for path in files:
        loaded = open_source(path)
        if loaded.evaluation is None or has_errors(loaded.problems):
            problems += [p for p in loaded.problems if p.severity.rank == 0] or list(loaded.problems)
            skipped.append(str(path))
            continue
        ev = loaded.evaluation
        if ev.kind not in KINDS:  # a 绩效目标申报表 or 运行监控表 in the same folder: not an evaluation
            problems.append(info("results.input", f"不是绩效评价文件（{OTHER_FORMS.get(ev.kind, ev.kind_label)}），未计入结果应用报告",
                                 Source(file=str(path))))
            skipped.append(str(path))
            continue
        pair = rect.get(str(path)) or rect.get(path.name) or rect.get(ev.subject_name)
        entries.append(entry_of(analyse(ev), pair))
    return Gathered(tuple(entries), tuple(problems), tuple(skipped))


_PAIR = re.compile(r"^\s*(\d+)\s*[/／]\s*(\d+)\s*$")


def rectification_pair(value: object) -> tuple[int, int] | None:
    """3/5 (已确认 / 整改事项), or None when it is not written so."""
    match = _PAIR.match(str(value).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    if match is None:
        return None
    done, total = int(match.group(1)), int(match.group(2))
    return (done, total) if done <= total else None


def read_rectification(path: str | Path) -> tuple[dict[str, tuple[int, int]] | None, list[Problem]]:
    """A file of 评价文件名或被评价对象: 已确认数/事项数, read through jixiao.sources."""
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, [error("input.unreadable", f"整改完成情况文件无法读取：{exc.strerror}", Source(file=file))]
    loaded = open_source(data, file, evaluate=False)
    if loaded.document is None or loaded.problems:
        return None, list(loaded.problems)
    found, problems = {}, []
    for key, value in loaded.document.items():
        pair = rectification_pair(value)
        if pair is None:
            problems.append(error("results.rectification", f"“{key}”的整改完成情况“{value}”应写作 已确认数/事项数，如 3/5",
                                  Source(file=file, path=str(key))))
        else:
            found[str(key)] = pair
    return (None, problems) if problems else (found, problems)

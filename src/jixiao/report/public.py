"""The public disclosure version of an evaluation (公开版): the report without the parts the bureau
marks internal in the file's `disclosure` key, e.g.

    disclosure:
      internal: [interviews, photos, findings.problems[2]]

Only the narrative parts may be internal (访谈记录, 现场照片, 发现与建议 and their items, 部门管理情况,
评价工作组): a score, a budget figure or an indicator is never withheld, so every figure of the
public version agrees with the full report. The document is pruned and read again, so the
report's build needs nothing of its own beyond taking the pruned evaluation."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..io.document import load_plain, parse_path
from ..io.load import Loaded
from ..problems import Problem, Source, error

KEY = "disclosure"
# the parts a bureau may keep internal, by the first key of their path
INTERNAL_PARTS = {
    "interviews": "访谈记录", "photos": "现场照片", "findings": "发现与建议", "management": "部门管理情况",
    "engagement.team": "评价工作组",
}


@dataclass(frozen=True)
class Public:
    loaded: Loaded  # the evaluation without its internal parts
    removed: tuple[str, ...]  # the paths removed, as written
    problems: tuple[Problem, ...]


def internal_paths(document: dict[str, Any]) -> list[str]:
    spec = document.get(KEY)
    if not isinstance(spec, dict):
        return []
    paths = spec.get("internal") or []
    return [str(p).strip() for p in (paths if isinstance(paths, list) else [paths]) if str(p).strip()]


def _allowed(path: str) -> bool:
    return any(path == part or path.startswith(part + ".") or path.startswith(part + "[") for part in INTERNAL_PARTS)


def _remove(document: dict[str, Any], path: str) -> bool:
    """Remove one path (interviews, findings.problems[2]); False when the file has no such part."""
    steps = parse_path(path)
    parent: Any = document
    for step in steps[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return False
    last = steps[-1]
    try:
        if isinstance(parent, list) and isinstance(last, int):
            parent[last] = None  # removed after every path is applied, so later indices still mean what they said
        elif isinstance(parent, dict) and last in parent:
            del parent[last]
        else:
            return False
    except IndexError:
        return False
    return True


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value if v is not None]
    return value


def _where(file: str, path: str) -> Source:
    """The line the path is written on, when the file is a text on disk (the document keeps no lines)."""
    line = None
    try:
        lines = Path(file).read_text(encoding="utf-8-sig").splitlines()
        start = next(i for i, text in enumerate(lines) if text.startswith(f"{KEY}:"))
        line = next(i + 1 for i, text in enumerate(lines) if i >= start and path in text)
    except (OSError, UnicodeDecodeError, StopIteration):
        pass
    return Source(file=file, line=line, path=f"{KEY}.internal")


def public_version(loaded: Loaded) -> Public:
    """The evaluation without its internal parts, read again from the pruned document; a path that
    is not allowed or not in the file is an error naming it."""
    ev, document = loaded.evaluation, loaded.document
    if ev is None or document is None:
        return Public(loaded, (), ())
    paths = internal_paths(document)
    pruned = copy.deepcopy(document)
    pruned.pop(KEY, None)
    problems: list[Problem] = []
    allowed = "、".join(f"{k}（{v}）" for k, v in INTERNAL_PARTS.items())
    for path in paths:
        if not _allowed(path):
            problems.append(error("input.disclosure", f"“{path}”不能标为内部：公开版只能略去{allowed}，得分和预算数据必须公开",
                                  _where(ev.file, path), path=path))
        elif not _remove(pruned, path):
            problems.append(error("input.disclosure", f"标为内部的“{path}”在评价文件中不存在", _where(ev.file, path), path=path))
    if problems:
        return Public(loaded, (), tuple(problems))
    pruned = _compact(pruned)
    again = load_plain(pruned, ev.file)
    return Public(Loaded(again.evaluation, again.problems, pruned), tuple(paths), tuple(again.problems))

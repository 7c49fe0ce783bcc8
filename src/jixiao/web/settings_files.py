"""The bureau's settings files sent on the web (预警规则, 结果应用规则 as a 规则.yaml): received as any
upload is, then opened by jixiao.sources.open_settings exactly as the command line's --rules file."""

from __future__ import annotations

from pathlib import Path

from ..sources.settings import max_settings_bytes
from . import uploads
from .uploads import Refused

SUFFIXES = (".yaml", ".yml")


def received_settings(request, field: str = "rules_file") -> tuple[bytes, str] | None:
    """The settings file sent in `field` (its bytes and its name), None when the form sent none (its
    fields were typed instead); Refused with the reason. At most one byte past the settings cap is
    read: the door says it is too large."""
    f = uploads.received(request, field)
    if f is None:
        if request.POST.get("from_file"):  # the import form sent without a file chosen
            raise Refused("请选择规则文件（.yaml）。")
        return None
    name = uploads.check_name(f.name.strip())
    if Path(name).suffix.lower() not in SUFFIXES:
        raise Refused(f"规则文件应为 YAML 文件（.yaml 或 .yml），“{name}”不是。")
    return f.read(max_settings_bytes() + 1), name


def problem_lines(problems, limit: int = 5) -> list[str]:
    """The problems as a user reads them (the file, 第N行, the message; no key path), the first few."""
    lines = [f"{p.where.file}{f' 第{p.where.line}行' if p.where.line else ''}：{p.message}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"另有 {len(problems) - limit} 处问题未列出")
    return lines

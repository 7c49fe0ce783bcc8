"""Rule parameters, declared once per rule module (PARAMS).

The loader's labels, the web leaf form, the workbook columns and the README's
rule table all come from these declarations. Structured parameters travel as
text a clerk can read and type (“明确=2；较明确=1；不明确=0”, one finding or
要点 a line) in a form field or a single cell; to_text and from_text convert
between that text and the plain document (texts, lists, mappings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..parse.tree import Reader

# kind → what a user fills in, as the README and the forms say it
KINDS = {
    "decimal": "数字",
    "percent": "百分比",
    "target": "目标值",
    "text": "文字",
    "boolean": "是 / 否",
    "levels": "等级=得分，以“；”分隔",
    "items": "每行一个要点：内容；分值；满足、未满足或未评定；（可选）说明",
    "findings": "每行一个扣分事项；没有扣分事项填“无”",
    "bands": "每行一档：偏差≤10%：扣0分",
}
STRUCTURED = ("levels", "items", "findings", "bands")
NONE_FOUND = "无"  # assessed, nothing to deduct: not the same as left blank (not assessed)

_YES = {"是", "满足", "达到", "符合", "已满足", "√", "✓", "true", "yes", "y", "1"}
_NO = {"否", "未满足", "不满足", "未达到", "不符合", "×", "✗", "false", "no", "n", "0"}
_PENDING = {"未评定", "待评定", "未评", ""}  # an item not yet assessed: no `met` key
_SEP = r"[；;]"
_NUMBER = r"-?\d+(?:\.\d+)?"


@dataclass(frozen=True)
class Param:
    """One parameter of a rule type."""

    name: str  # the key under rule: in the evaluation file
    label: str  # the Chinese name every form shows
    kind: str  # one of KINDS
    example: str = ""
    required: bool = False
    help: str = ""

    @property
    def title(self) -> str:
        """As the loader names it in a message: 满分线（full_at）."""
        return f"{self.label}（{self.name}）"

    def read(self, r: Reader) -> Any:
        """The typed value of a scalar parameter, problems recorded by the reader."""
        if self.kind == "decimal":
            return r.decimal(self.name, self.title, required=self.required, example=self.example)
        if self.kind == "percent":
            return r.percent_or_number(self.name, self.title, required=self.required, example=self.example)
        if self.kind == "target":
            return r.target(self.name, self.title, required=self.required)
        if self.kind == "text":
            return r.text(self.name, self.title, required=self.required, example=self.example)
        if self.kind == "boolean":
            return r.boolean(self.name, self.title)
        raise TypeError(f"{self.name}: a {self.kind} parameter is read by its rule")


# -- text a user reads and types ------------------------------------------------------


def to_text(param: Param, value: Any) -> str | None:
    """The value as a form field or a cell shows it; None when it has no such form."""
    if value is None:
        return ""
    try:
        return _WRITE[param.kind](value)
    except (TypeError, ValueError, AttributeError):
        return None


def from_text(param: Param, text: str) -> tuple[Any, str | None]:
    """(plain value, None) from what a user typed, or (None, why it cannot be read).

    Empty text is None: the parameter is not given. Numbers are left as typed;
    the loader checks them and names the indicator.
    """
    text = str(text).replace("\r\n", "\n").strip()
    if not text:
        return None, None
    return _READ[param.kind](param, text)


def _scalar_text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise TypeError
    return str(value)


def _truth(value: Any) -> bool | None:
    text = str(value).strip().lower()
    return True if text in _YES else False if text in _NO else None


def _boolean_text(value: Any) -> str:
    truth = _truth(value)
    if truth is None:
        raise ValueError
    return "是" if truth else "否"


def _levels_text(value: Any) -> str:
    parts = []
    for name, points in value.items():
        if isinstance(points, (dict, list)) or re.search(r"[=＝；;\n]", str(name)):
            raise ValueError
        parts.append(f"{name}={points}")
    return "；".join(parts)


def _findings_text(value: Any) -> str:
    if not isinstance(value, list):
        raise TypeError
    if not value:
        return NONE_FOUND
    lines = []
    for f in value:
        if isinstance(f, dict):
            if set(f) - {"text", "points"} or "text" not in f:
                raise ValueError
            line = str(f["text"]) + (f"（扣{f['points']}分）" if f.get("points") not in (None, "") else "")
        else:
            line = _scalar_text(f)
        if "\n" in line or line.strip() in ("", NONE_FOUND):
            raise ValueError
        lines.append(line)
    return "\n".join(lines)


def _items_text(value: Any) -> str:
    if not isinstance(value, list):
        raise TypeError
    lines = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"text", "points", "met", "note"} or "points" not in item:
            raise ValueError
        truth = _truth(item["met"]) if "met" in item else None
        if (truth is None and "met" in item) or any("\n" in str(item.get(k, "")) for k in item):
            raise ValueError
        line = f"{item.get('text', '')}；{item['points']}分；{'未评定' if truth is None else '满足' if truth else '未满足'}"
        if item.get("note") not in (None, ""):
            line += f"；{item['note']}"
        lines.append(line)
    return "\n".join(lines)


def _bands_text(value: Any) -> str:
    if not isinstance(value, list):
        raise TypeError
    lines = []
    for band in value:
        if not isinstance(band, dict) or set(band) - {"upto", "above", "deduct", "per_point", "score"}:
            raise ValueError
        if ("upto" in band) == ("above" in band):
            raise ValueError
        line = f"偏差≤{band['upto']}" if "upto" in band else f"偏差>{band['above']}"
        actions = []
        for key, form in (("deduct", "扣{}分"), ("per_point", "每超1%扣{}分"), ("score", "计{}分")):
            if band.get(key) is not None:
                actions.append(form.format(band[key]))
        lines.append(line + ("：" + "，".join(actions) if actions else ""))
    return "\n".join(lines)


_WRITE = {
    "decimal": _scalar_text,
    "percent": _scalar_text,
    "target": _scalar_text,
    "text": _scalar_text,
    "boolean": _boolean_text,
    "levels": _levels_text,
    "findings": _findings_text,
    "items": _items_text,
    "bands": _bands_text,
}


def _read_scalar(param: Param, text: str) -> tuple[Any, str | None]:
    return text, None


def _read_boolean(param: Param, text: str) -> tuple[Any, str | None]:
    truth = _truth(text)
    if truth is None:
        return None, f"{param.label}“{text}”应为“是”或“否”"
    return ("true" if truth else "false"), None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _read_levels(param: Param, text: str) -> tuple[Any, str | None]:
    levels: dict[str, str] = {}
    for part in re.split(r"[；;\n]+", text):
        part = part.strip()
        if not part:
            continue
        name, eq, points = part.replace("＝", "=").rpartition("=")
        name, points = name.strip(), points.strip()
        if not eq or not name or not points:
            return None, f"{param.label}中的“{part}”应写成 等级=得分，例如 {param.example}"
        if name in levels:
            return None, f"{param.label}中的等级“{name}”出现了两次"
        levels[name] = points
    return levels, None


def _read_findings(param: Param, text: str) -> tuple[Any, str | None]:
    if text == NONE_FOUND:
        return [], None
    out: list[Any] = []
    for line in _lines(text):
        own = re.fullmatch(rf"(.*?)\s*[（(]扣\s*({_NUMBER})\s*分[）)]", line)
        out.append({"text": own.group(1), "points": own.group(2)} if own and own.group(1) else line)
    return out, None


def _read_items(param: Param, text: str) -> tuple[Any, str | None]:
    out = []
    for n, line in enumerate(_lines(text), 1):
        pieces = re.split(f"({_SEP})", line)
        fields, seps = pieces[0::2], pieces[1::2]
        for i in range(1, len(fields)):
            points = re.fullmatch(rf"\s*({_NUMBER})\s*分?\s*", fields[i])
            state = fields[i + 1].strip() if i + 1 < len(fields) else ""
            truth = _truth(state)
            if points and (truth is not None or state in _PENDING):
                item = {"text": _join(fields[:i], seps[: i - 1]), "points": points.group(1)}
                if truth is not None:
                    item["met"] = "true" if truth else "false"
                note = _join(fields[i + 2 :], seps[i + 2 :])
                if note:
                    item["note"] = note
                out.append(item)
                break
        else:
            return None, f"{param.label}第{n}行“{line}”应写成 要点内容；分值；满足（未满足、未评定），例如 {param.example}"
    return out, None


def _join(fields: list[str], seps: list[str]) -> str:
    text = fields[0] if fields else ""
    for sep, field in zip(seps, fields[1:]):
        text += sep + field
    return text.strip()


_BOUND = re.compile(r"偏差(?:比例)?\s*(≤|<=|＜＝|<|＜|不超过|>|＞|≥|>=|超过)\s*(\d+(?:\.\d+)?\s*%?)\s*(?:以内)?\s*(?:[：:，,]\s*(.*))?")
_ACTIONS = (
    (re.compile(rf"每超(?:过)?\s*1\s*(?:%|个百分点)\s*扣\s*({_NUMBER})\s*分"), "per_point"),
    (re.compile(rf"(?:本项)?(?:计|得)\s*({_NUMBER})\s*分"), "score"),
    (re.compile(rf"扣\s*({_NUMBER})\s*分"), "deduct"),
    (re.compile(r"不扣分"), "deduct"),
)


def _read_bands(param: Param, text: str) -> tuple[Any, str | None]:
    out = []
    for n, line in enumerate(_lines(text), 1):
        m = _BOUND.fullmatch(line)
        wrong = f"{param.label}第{n}行“{line}”应写成如“偏差≤10%：扣0分”“偏差≤20%：每超1%扣1分”“偏差>20%：计0分”"
        if not m:
            return None, wrong
        op, bound, rest = m.groups()
        band: dict[str, str] = {("upto" if op in ("≤", "<=", "＜＝", "<", "＜", "不超过") else "above"): bound.replace(" ", "")}
        for action in re.split(r"[，,；;、]", rest or ""):
            action = action.strip()
            if not action:
                continue
            for pattern, key in _ACTIONS:
                hit = pattern.fullmatch(action)
                if hit:
                    band[key] = hit.group(1) if hit.groups() else "0"
                    break
            else:
                return None, wrong
        out.append(band)
    return out, None


_READ = {
    "decimal": _read_scalar,
    "percent": _read_scalar,
    "target": _read_scalar,
    "text": _read_scalar,
    "boolean": _read_boolean,
    "levels": _read_levels,
    "findings": _read_findings,
    "items": _read_items,
    "bands": _read_bands,
}

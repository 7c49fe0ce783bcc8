"""The online 绩效目标申报表: its fields from the stored document, and the posted fields back into the
document, each figure read as the reader reads a workbook's cell, each error at its field in Chinese."""

from __future__ import annotations

import re

from ...model.declaration import DEPARTMENT, FORMS, PROJECT
from ...numbers import D, NotANumber
from ...parse.quantity import ParseError, normalize, parse_target

TEXTS = (("name", "项目名称"), ("department", "主管部门"), ("implementer", "实施单位"), ("attribute", "项目属性"),
         ("period", "项目期"), ("goal", "年度总体目标"))
COLUMNS = (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"), ("target", "指标值"), ("basis", "指标设定依据"))
SOURCES = ("财政拨款", "其他资金")
# the rows a new form starts with: each dimension's usual 二级指标
START = (("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
         ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标"))
MAX_ROWS = 200
_PATH = re.compile(r"^declaration\.(?:(indicators|parts)\[(\d+)\](?:\.(\w+))?|funds\.(?:total|parts\[(\d+)\]\.(\w+))|(\w+))")


def blank(year: int, department: str) -> dict:
    rows = [{"level1": a, "level2": b} for a, b in START]
    return {"format": "1", "kind": "declaration", "year": year,
            "declaration": {"form": PROJECT, "department": department, "indicators": rows,
                            "funds": {"unit": "万元", "parts": [{"name": s} for s in SOURCES]}}}


def fields_of(doc: dict) -> dict:
    """What the form shows of a document."""
    d = doc.get("declaration") or {}
    funds = d.get("funds") or {}
    parts = list(funds.get("parts") or [])
    names = [p.get("name") for p in parts]
    parts += [{"name": s} for s in SOURCES if s not in names]
    return {
        "year": doc.get("year", ""), "form": d.get("form", PROJECT), "forms": list(FORMS.items()),
        "texts": [(key, "部门（单位）名称" if key == "name" and d.get("form") == DEPARTMENT else label, _s(d.get(key)))
                  for key, label in TEXTS],
        "total": _s(funds.get("total")),
        "parts": [{"i": i, "name": _s(p.get("name")), "amount": _s(p.get("amount"))} for i, p in enumerate(parts)],
        "rows": [{"i": i, **{key: _s(r.get(key)) for key, _ in COLUMNS}} for i, r in enumerate(d.get("indicators") or [])],
        "columns": COLUMNS,
    }


def _s(value) -> str:
    return "" if value is None else str(value)


def from_post(post, add_row: bool = False) -> tuple[dict, dict[str, str]]:
    """The document the posted form says, and {field: error} for what cannot be read; rows left blank,
    and rows ticked 删除, are dropped; `add_row` adds a blank one below the last."""
    errors: dict[str, str] = {}
    year = _year(post.get("year", ""), errors)
    form = post.get("form", PROJECT)
    d: dict = {"form": form if form in (PROJECT, DEPARTMENT) else PROJECT}
    for key, _label in TEXTS:
        value = post.get(key, "").strip()
        if value:
            d[key] = value[:2000]
    funds: dict = {"unit": "万元"}
    total = _amount(post.get("funds_total", ""), "funds_total", errors)
    if total is not None:
        funds["total"] = total
    parts = []
    for i in range(_count(post, "parts")):
        name, amount = post.get(f"part-{i}-name", "").strip(), post.get(f"part-{i}-amount", "")
        if name or amount.strip():
            parts.append({"name": name or "其他资金", "amount": _amount(amount, f"part-{len(parts)}-amount", errors)})
    funds["parts"] = [{k: v for k, v in p.items() if v is not None} for p in parts]
    d["funds"] = funds
    d["indicators"] = _rows(post, errors)
    if add_row:
        d["indicators"].append({})
    doc = {"format": "1", "kind": "declaration", "year": year if year is not None else post.get("year", ""), "declaration": d}
    return doc, errors


def _rows(post, errors: dict[str, str]) -> list[dict]:
    rows = []
    for i in range(_count(post, "rows")):
        if post.get(f"ind-{i}-delete"):
            continue
        row = {key: post.get(f"ind-{i}-{key}", "").strip()[:1000] for key, _ in COLUMNS}
        if not row["name"] and not row["target"] and not row["basis"]:
            continue  # a row of the template left unfilled (its 一级 / 二级 alone say nothing)
        n = len(rows)
        if not row["name"]:
            errors[f"ind-{n}-name"] = "请填写三级指标名称（已填写了指标值或设定依据）"
        if row["target"]:
            try:
                parse_target(row["target"])
            except ParseError as exc:
                errors[f"ind-{n}-target"] = f"指标值{exc}"
        rows.append({k: v for k, v in row.items() if v})
    return rows


def _count(post, what: str) -> int:
    try:
        return max(0, min(int(post.get(what, "0")), MAX_ROWS))
    except ValueError:
        return 0


def _year(typed: str, errors: dict[str, str]) -> int | None:
    text = normalize(typed).strip().removesuffix("年度").removesuffix("年")
    if re.fullmatch(r"20\d\d", text):
        return int(text)
    errors["year"] = f"年度“{typed.strip()}”无法识别：应为四位年份，例如 2025" if text else "请填写年度，例如 2025"
    return None


def _amount(text: str, field: str, errors: dict[str, str]) -> str | None:
    """An amount in 万元 as typed (full-width digits, thousands separators), kept as its text."""
    text = normalize(text).strip().replace(",", "").removesuffix("万元")
    if not text:
        return None
    try:
        value = D(text)
    except NotANumber:
        errors[field] = f"金额“{text}”不是数字：应以万元填写，例如 100 或 12.5"
        return text  # shown again as typed; a form with errors is never saved
    if value < 0:
        errors[field] = f"金额“{text}”为负数：资金金额不能小于 0"
    return text


def field_of(path: str | None) -> str:
    """The form's field a problem's key path names (declaration.indicators[2].target → ind-2-target)."""
    m = _PATH.match(path or "")
    if m is None:
        return ""
    kind, i, key, part, part_key, top = m.groups()
    if kind == "indicators":
        return f"ind-{i}-{key if key in dict(COLUMNS) else 'name'}"
    if part is not None:
        return f"part-{part}-{part_key}"
    if path.startswith("declaration.funds.total"):
        return "funds_total"
    return top if top in dict(TEXTS) or top == "year" else ""


def field_place(field: str) -> str:
    """A field as the form labels it: ind-2-target → 绩效指标第3行 指标值, funds_total → 资金总额."""
    m = re.fullmatch(r"(ind|part)-(\d+)-(\w+)", field)
    if m is not None:
        kind, i, key = m.groups()
        if kind == "part":
            return f"资金来源第{int(i) + 1}行 金额"
        return f"绩效指标第{int(i) + 1}行 {dict(COLUMNS).get(key, key)}"
    return {"funds_total": "资金总额", "year": "年度", **dict(TEXTS)}.get(field, "")

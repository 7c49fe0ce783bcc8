"""A department's 自评表 filled in the page: the national 项目支出绩效自评表's fields as typed
(text, kept as a draft), what is wrong with them (Chinese, at the field), and the workbook
they make — written by the national form's own writer (excel/form_write.py, as `jixiao
template` writes it), so that the round reviews an online form as any upload."""

from __future__ import annotations

import io
import re
import unicodedata
from decimal import Decimal

from ..numbers import D, NotANumber

MONEY_KEYS = ("initial", "adjusted", "spent")
SCORE_KEYS = ("weight", "score")
FUND_ROWS = ["年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金"]
# the parts of the form that are lists of rows, and a blank row of each
LISTS = {
    "funds.rows": {"name": "", "initial": "", "adjusted": "", "spent": ""},
    "goals": {"planned": "", "achieved": ""},
    "indicators": {"level1": "", "level2": "", "name": "", "target": "", "actual": "", "weight": "", "score": "",
                   "reason": ""},
}
LABELS = {"initial": "年初预算数", "adjusted": "全年预算数", "spent": "全年执行数", "weight": "分值", "score": "得分",
          "name": "三级指标", "planned": "预期目标", "achieved": "实际完成情况"}
MAX_ROWS = 200  # rows of one list kept from a post: more is no form a department types
MAX_TEXT = 2000
BLANK_INDICATORS = 5


def blank() -> dict:
    """The form as it starts: the 资金 rows named, one 总体目标, five empty indicator rows."""
    return {"project": {"name": "", "department": "", "implementer": ""},
            "funds": {"weight": "10", "score": "", "rows": [dict(LISTS["funds.rows"], name=n) for n in FUND_ROWS]},
            "goals": [dict(LISTS["goals"])], "indicators": [dict(LISTS["indicators"]) for _ in range(BLANK_INDICATORS)],
            "total": ""}


def _clean(text: str) -> str:
    return str(text or "").replace("\x00", "").strip()[:MAX_TEXT]


def _rows(post, prefix: str) -> list[dict]:
    """The rows of one list as posted (prefix.N.key), in the order of N."""
    found: dict[int, dict] = {}
    pattern = re.compile(rf"{re.escape(prefix)}\.(\d{{1,3}})\.([a-z0-9]+)")
    for name in post:
        m = pattern.fullmatch(name)
        if m and m[2] in LISTS[prefix]:
            found.setdefault(int(m[1]), dict(LISTS[prefix]))[m[2]] = _clean(post.get(name))
    return [found[i] for i in sorted(found)][:MAX_ROWS]


def posted(post) -> dict:
    """The form's fields from a POST, as typed (nothing is lost, whatever is wrong with it)."""
    return {"project": {k: _clean(post.get(f"project.{k}", "")) for k in ("name", "department", "implementer")},
            "funds": {"weight": _clean(post.get("funds.weight", "")), "score": _clean(post.get("funds.score", "")),
                      "rows": _rows(post, "funds.rows")},
            "goals": _rows(post, "goals"), "indicators": _rows(post, "indicators"), "total": _clean(post.get("total", ""))}


def row_action(data: dict, action: str) -> bool:
    """＋ a row (add:indicators) or remove one (remove:indicators:3); True if the action was one."""
    verb, _, rest = action.partition(":")
    what, _, index = rest.partition(":")
    if verb not in ("add", "remove") or what not in LISTS:
        return False
    rows = data["funds"]["rows"] if what == "funds.rows" else data[what]
    if verb == "add" and len(rows) < MAX_ROWS:
        rows.append(dict(LISTS[what]))
    elif verb == "remove" and index.isdigit() and int(index) < len(rows):
        del rows[int(index)]
    return True


def number(text: str) -> Decimal | None:
    """A figure as typed (full-width digits, thousands separators) or None when blank; NotANumber otherwise."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    return D(text) if text else None


def _check_number(errors: dict, field: str, text: str, what: str, example: str) -> None:
    try:
        value = number(text)
    except NotANumber as exc:
        errors[field] = f"{what}“{text}”不是数字{'（' + exc.reason + '）' if exc.reason else ''}：应为 {example} 这样的数。"
        return
    if value is not None and value < 0:
        errors[field] = f"{what}“{text}”不能为负数。"


def problems(data: dict, submitting: bool) -> dict[str, str]:
    """Field name → what is wrong there (Chinese). A draft may be incomplete; a form submitted
    needs its project's name and each indicator named and weighted."""
    errors: dict[str, str] = {}
    funds = data["funds"]
    for key, what in (("weight", "资金执行率的分值"), ("score", "资金执行率的得分")):
        _check_number(errors, f"funds.{key}", funds[key], what, "10 或 9.5")
    for i, row in enumerate(funds["rows"]):
        for key in MONEY_KEYS:
            _check_number(errors, f"funds.rows.{i}.{key}", row[key], f"资金第{i + 1}行（{row['name'] or '未命名'}）的{LABELS[key]}",
                          "1,234.56（万元）")
    for i, row in enumerate(data["indicators"]):
        for key in SCORE_KEYS:
            _check_number(errors, f"indicators.{i}.{key}", row[key], f"第{i + 1}行指标的{LABELS[key]}", "10 或 7.5")
    _check_number(errors, "total", data["total"], "填报总分", "95 或 92.5")
    if submitting:
        if not data["project"]["name"]:
            errors["project.name"] = "请填写项目名称。"
        named = [row for row in data["indicators"] if row["name"]]
        if not named:
            errors["indicators"] = "请至少填写一项绩效指标（三级指标）。"
        for i, row in enumerate(data["indicators"]):
            if row["name"] and not row["weight"] and f"indicators.{i}.weight" not in errors:
                errors[f"indicators.{i}.weight"] = f"第{i + 1}行指标“{row['name']}”没有分值。"
            elif not row["name"] and any(row[k] for k in ("target", "actual", "weight", "score")):
                errors[f"indicators.{i}.name"] = f"第{i + 1}行已填写指标值或分值，请填写三级指标名称（或删除该行）。"
    return errors


def _figure(text: str) -> str | None:
    value = number(text)
    return None if value is None else str(value)


def _some(row: dict, keys) -> dict:
    return {k: row[k] for k in keys if row.get(k)}


def self_evaluation(data: dict) -> dict:
    """The form's fields as the writer takes them (figures as plain decimals, blank ones left out)."""
    funds = data["funds"]
    rows = []
    for row in funds["rows"]:
        if not (row["name"] or any(row[k] for k in MONEY_KEYS)):
            continue
        rows.append({"name": row["name"], **{k: _figure(row[k]) for k in MONEY_KEYS if row[k]}})
    if rows and funds["score"]:
        rows[0]["score"] = _figure(funds["score"])  # the writer puts 资金's 得分 on its first row
    indicators = []
    for row in data["indicators"]:
        if row["name"]:
            indicators.append({**_some(row, ("level1", "level2", "name", "target", "actual", "reason")),
                               **{k: _figure(row[k]) for k in SCORE_KEYS if row[k]}})
    se = {"funds": {"unit": "万元", "rows": rows, **({"weight": _figure(funds["weight"])} if funds["weight"] else {})},
          "goals": [_some(g, ("planned", "achieved")) for g in data["goals"] if g["planned"] or g["achieved"]],
          "indicators": indicators}
    scores = [number(funds["score"])] + [number(r["score"]) for r in data["indicators"] if r["name"]]
    total = _figure(data["total"]) if data["total"] else (
        str(sum(scores, Decimal(0))) if all(s is not None for s in scores) else None)
    if total is not None:
        se["total"] = total
    return se


def workbook(data: dict, year: int) -> bytes:
    """The national 项目支出绩效自评表 holding the form, as an .xlsx."""
    import openpyxl

    from ..excel.form_write import FormWriter

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "自评表"
    head = {"title": "项目支出绩效自评表", "year": year, "project": dict(data["project"])}
    FormWriter(ws, {}).write(self_evaluation(data), head)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def from_document(doc: dict) -> dict:
    """The form's fields from a read evaluation (the department's last uploaded form), as text."""
    data = blank()
    se = doc.get("self_evaluation") if isinstance(doc.get("self_evaluation"), dict) else {}
    project = doc.get("project") if isinstance(doc.get("project"), dict) else {}
    data["project"] = {k: _text(project.get(k)) for k in ("name", "department", "implementer")}
    funds = se.get("funds") if isinstance(se.get("funds"), dict) else {}
    rows = [r for r in funds.get("rows") or [] if isinstance(r, dict)]
    data["funds"] = {"weight": _text(funds.get("weight")), "score": _text(funds.get("score") or (rows[0].get("score") if rows else "")),
                     "rows": [{k: _text(r.get(k)) for k in LISTS["funds.rows"]} for r in rows] or data["funds"]["rows"]}
    goals = [g for g in se.get("goals") or [] if isinstance(g, dict)]
    data["goals"] = [{k: _text(g.get(k)) for k in LISTS["goals"]} for g in goals] or data["goals"]
    items = [i for i in se.get("indicators") or [] if isinstance(i, dict)]
    data["indicators"] = [{k: _text(i.get(k)) for k in LISTS["indicators"]} for i in items] or data["indicators"]
    data["total"] = _text(se.get("total"))
    return data


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):  # a quantity read as {value, unit}
        return _text(value.get("value")) + _text(value.get("unit"))
    return _clean(str(value))

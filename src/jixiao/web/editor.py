"""Forms over the plain document: every input is named by its key path.

`f:<path>` holds one text, `l:<path>` a list of texts (one a line), `y:<path>`
a nested part written as YAML (lists of lists), `r:<type>:<path>` a rule
parameter as its declaration writes it (明确=2；不明确=0). Applying a form sets
exactly those paths, so what a save changes is what the user typed.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..io.document import dump_yaml, get_path, parse_path, set_path
from ..problems import Problem, Source, error
from ..rules import REGISTRY, RuleKind
from ..rules.params import STRUCTURED, Param, from_text, to_text
from ..glossary import CHOICES, kind_key
from ..metrics import LABELS as METRIC_LABELS
from ..sources import open_text
from .documents import label

TEXTAREA_AT = 60


def field_id(path: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_]", "-", path)


def is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, bool))


def _multiline(path: str) -> bool:
    """发现与建议's texts are paragraphs: always a textarea, however short they start."""
    return path.startswith("findings.") and path.rsplit(".", 1)[-1] in ("text", "suggestion")


def _input(path: str, value: Any, disabled: bool, wide: bool = False) -> SafeString:
    text = "" if value is None else str(value)
    dis = mark_safe(" disabled") if disabled else ""
    if "\n" in text or len(text) > TEXTAREA_AT or _multiline(path):
        rows = min(12, max(3, text.count("\n") + len(text) // 70 + 1))
        return format_html('<textarea name="f:{}" id="{}" rows="{}"{}>{}</textarea>', path, field_id(path), rows, dis, text)
    cls = "wide" if wide else ""
    return format_html('<input type="text" name="f:{}" id="{}" value="{}" class="{}"{}>', path, field_id(path), text, cls, dis)


def choices_of(path: str) -> dict[str, str] | None:
    """The values a field takes, by their Chinese names: 评价类型, a computed 完成值's metric."""
    if path in CHOICES:
        return CHOICES[path]
    if path.endswith(".actual.metric"):
        return METRIC_LABELS
    return None


def _select(path: str, value: Any, disabled: bool) -> SafeString:
    """A field that takes one of a few values, shown by their Chinese names (a name typed elsewhere counts too)."""
    choices = choices_of(path) or {}
    current = kind_key(value) if path == "kind" else ("" if value is None else str(value))
    options = [(k, name) for k, name in choices.items()]
    if current and current not in choices:
        options.append((current, current))
    dis = mark_safe(" disabled") if disabled else ""
    return format_html('<select name="f:{}" id="{}"{}>{}</select>', path, field_id(path), dis, format_html_join(
        "", '<option value="{}"{}>{}</option>', ((k, mark_safe(" selected") if k == current else "", name) for k, name in options)))


def _lines(path: str, items: list, disabled: bool) -> SafeString:
    text = "\n".join("" if v is None else str(v) for v in items)
    dis = mark_safe(" disabled") if disabled else ""
    return format_html(
        '<textarea name="l:{}" id="{}" rows="{}"{} title="每行一项">{}</textarea>',
        path, field_id(path), min(12, max(2, len(items) + 1)), dis, text,
    )


def _yaml(path: str, value: Any, disabled: bool) -> SafeString:
    text = dump_yaml(value) if value not in (None, "", [], {}) else ""
    dis = mark_safe(" disabled") if disabled else ""
    return format_html(
        '<textarea name="y:{}" id="{}" class="yaml" rows="{}"{} title="YAML 格式">{}</textarea>',
        path, field_id(path), min(14, max(2, text.count("\n") + 1)), dis, text,
    )


def _flat_dict(v: Any) -> bool:
    return isinstance(v, dict) and all(is_scalar(x) for x in v.values())


def _buttons(path: str, disabled: bool, add: bool) -> SafeString:
    if disabled:
        return mark_safe("")
    if add:
        return format_html('<button type="submit" name="action" value="add:{}" class="small">＋ 添加一行</button>', path)
    return format_html('<button type="submit" name="action" value="del:{}" class="small danger" title="删除此行">删除</button>', path)


def render_value(path: str, key: str, value: Any, disabled: bool) -> SafeString:
    """One key of the document as a labelled form part."""
    if choices_of(path) is not None and is_scalar(value):
        return format_html('<div class="field"><label for="{}">{}</label>{}</div>', field_id(path), label(key), _select(path, value, disabled))
    if is_scalar(value):
        return format_html('<div class="field"><label for="{}">{}</label>{}</div>', field_id(path), label(key), _input(path, value, disabled))
    if isinstance(value, list) and all(is_scalar(x) for x in value):
        return format_html('<div class="field"><label for="{}">{}<small>（每行一项）</small></label>{}</div>', field_id(path), label(key), _lines(path, value, disabled))
    if isinstance(value, list) and all(_flat_dict(x) for x in value):
        return format_html('<fieldset id="{}"><legend>{}</legend>{}</fieldset>', field_id(path), label(key), table(path, value, disabled))
    if isinstance(value, list) and all(isinstance(x, dict) for x in value):
        parts = []
        for i, item in enumerate(value):
            parts.append(format_html('<fieldset class="item" id="{}"><legend>{} {}</legend>{}{}</fieldset>', field_id(f"{path}[{i}]"), label(key), i + 1,
                                     render_dict(f"{path}[{i}]", item, disabled), _buttons(f"{path}[{i}]", disabled, False)))
        return format_html('<fieldset><legend>{}</legend>{}{}</fieldset>', label(key), mark_safe("".join(parts)), _buttons(path, disabled, True))
    if isinstance(value, dict):
        return format_html('<fieldset id="{}"><legend>{}</legend>{}</fieldset>', field_id(path), label(key), render_dict(path, value, disabled))
    return format_html('<div class="field"><label for="{}">{}<small>（YAML）</small></label>{}</div>', field_id(path), label(key), _yaml(path, value, disabled))


def render_dict(path: str, data: dict, disabled: bool) -> SafeString:
    return mark_safe("".join(render_value(f"{path}.{k}" if path else k, k, v, disabled) for k, v in data.items()))


def table(path: str, rows: list[dict], disabled: bool) -> SafeString:
    cols: list[str] = []
    for r in rows:
        cols += [k for k in r if k not in cols]
    head = format_html_join("", "<th>{}</th>", ((label(c),) for c in cols))
    body = []
    for i, r in enumerate(rows):
        cells = format_html_join("", "<td>{}</td>", ((_input(f"{path}[{i}].{c}", r.get(c), disabled),) for c in cols))
        body.append(format_html('<tr id="{}">{}<td>{}</td></tr>', field_id(f"{path}[{i}]"), cells, _buttons(f"{path}[{i}]", disabled, False)))
    return format_html('<table class="grid"><thead><tr>{}<th></th></tr></thead><tbody>{}</tbody></table>{}',
                       head, mark_safe("".join(body)), _buttons(path, disabled, True))


def render_section(doc: dict, key: str, disabled: bool) -> SafeString:
    if key not in doc:
        if disabled:
            return mark_safe("")
        return format_html('<p class="muted">尚未填写{}。<button type="submit" name="action" value="new:{}" class="small">开始填写</button></p>', label(key), key)
    return render_value(key, key, doc[key], disabled)


# -- applying a posted form --------------------------------------------------------

NEW_SECTIONS: dict[str, Any] = {
    "entity": {"name": ""},
    "project": {"name": "", "department": "", "implementer": ""},
    "engagement": {"commissioned_by": "", "firm": "", "lead": ""},
    "budget": {"unit": "万元", "lines": [{"name": "", "initial": "", "adjusted": "", "spent": ""}]},
    "assets": {"unit": "万元", "categories": [{"name": "", "opening": "", "increase": "", "decrease": "", "closing": ""}]},
    "targets": [{"level1": "", "level2": "", "name": "", "target": ""}],
    "self_evaluation": {"indicators": [{"level1": "", "level2": "", "name": "", "target": "", "actual": "", "weight": "", "score": ""}]},
    "findings": {"experiences": [{"title": "", "text": ""}], "problems": [{"title": "", "text": ""}], "suggestions": [{"text": ""}]},
    "interviews": [{"date": "", "interviewees": [], "qa": [{"q": "", "a": ""}]}],
    "photos": [{"caption": ""}],
}


def _blank_like(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: _blank_like(v) for k, v in item.items() if k != "children"}
    if isinstance(item, list):
        return []
    return ""


def _exists(doc: Any, path: str) -> bool:
    try:
        get_path(doc, path)
        return True
    except (KeyError, IndexError, TypeError):
        return False


def apply_form(doc: dict, post, allowed) -> tuple[dict, list[Problem]]:
    """A copy of `doc` with the posted fields (and one row action) applied.

    `allowed(section)` says whether the user may change a top-level section.
    """
    new = copy.deepcopy(doc)
    problems: list[Problem] = []
    for name in post:
        if ":" not in name or name[:2] not in ("f:", "l:", "y:"):
            continue
        kind, path = name[0], name[2:]
        parts = parse_path(path)
        if not parts or not isinstance(parts[0], str) or not allowed(parts[0]):
            continue
        raw = post.get(name, "").replace("\r\n", "\n")
        if kind == "f":
            value: Any = raw.strip()
            if not _exists(new, path):
                if value == "":
                    continue
            elif get_path(new, path) is not None and str(get_path(new, path)) == value:
                continue
            elif get_path(new, path) is None and value == "":
                continue
            try:
                set_path(new, path, value if value != "" else None)
            except (KeyError, IndexError, TypeError):
                problems.append(error("web.path", "字段位置无效", Source(path=path)))
        elif kind == "l":
            items = [line.strip() for line in raw.split("\n") if line.strip()]
            if _exists(new, path) and [str(x) for x in (get_path(new, path) or [])] == items:
                continue
            set_path(new, path, items)
        else:
            if raw.strip() == "":
                value = None
            else:
                typed = open_text("v: " + _indent(raw), f"{label(str(parts[-1]))}（YAML）", evaluate=False)
                parsed, errs = typed.document, typed.problems
                if errs or parsed is None:
                    problems += [error("web.yaml", f"{label(str(parts[-1]))}不是有效的 YAML：{p.message}", Source(path=path)) for p in errs] or [
                        error("web.yaml", f"{label(str(parts[-1]))}不是有效的 YAML", Source(path=path))]
                    continue
                value = parsed.get("v")
            if _exists(new, path) and get_path(new, path) == value:
                continue
            set_path(new, path, value)
    _apply_rule_params(doc, new, post, allowed, problems)
    action = post.get("action", "")
    if action:
        _row_action(new, action, allowed, problems)
    return new, problems


def _indent(raw: str) -> str:
    lines = raw.split("\n")
    if len(lines) == 1:
        return lines[0]
    return "\n" + "\n".join("  " + line for line in lines)


def _row_action(doc: dict, action: str, allowed, problems: list[Problem]) -> None:
    verb, _, path = action.partition(":")
    parts = parse_path(path)
    if not parts or not isinstance(parts[0], str) or not allowed(parts[0]):
        return
    try:
        if verb == "add":
            rows = get_path(doc, path)
            rows.append(_blank_like(rows[-1]) if rows else "")
        elif verb == "del":
            parent = get_path(doc, path.rsplit("[", 1)[0])
            del parent[int(parts[-1])]
        elif verb == "new" and path in NEW_SECTIONS and path not in doc:
            doc[path] = copy.deepcopy(NEW_SECTIONS[path])
        elif verb == "child":  # a new indicator under a branch (or at the top)
            node = get_path(doc, path) if path != "indicators" else None
            siblings = doc.setdefault("indicators", []) if node is None else node.setdefault("children", [])
            prefix = node.get("code", "") if node else ""
            code = f"{prefix}{len(siblings) + 1}" if prefix else chr(ord("A") + len(siblings))
            # A new leaf loads at once: weight 0 and the evaluator's own score until filled in.
            siblings.append({"code": code, "name": "新指标", "weight": "0", "rule": {"type": "manual"}})
        elif verb == "leaf":  # turn into a scorable leaf with a default rule
            node = get_path(doc, path)
            node.setdefault("weight", "")
            node.setdefault("rule", {"type": "manual"})
    except (KeyError, IndexError, TypeError, ValueError):
        problems.append(error("web.action", "该行已不存在，操作未执行", Source(path=path)))


RULE_TYPES = {name: kind.label for name, kind in REGISTRY.items()}


# -- the rule of a leaf: its type and its declared parameters ------------------------


def rule_form(path: str, rule: dict, disabled: bool) -> SafeString:
    """规则类型 as a list of Chinese names and, for every type, its declared parameters as labelled fields.

    Only the chosen type's fieldset is enabled (a disabled fieldset is not posted);
    the page's script swaps fieldsets when another type is chosen. A key the type
    does not declare, or a value with no text form, keeps its plain field.
    """
    current = str(rule.get("type", "") or "")
    dis = mark_safe(" disabled") if disabled else ""
    options = [(name, kind.label) for name, kind in REGISTRY.items()]
    if current not in REGISTRY:
        options.insert(0, (current, current or "（请选择）"))
    select = format_html(
        '<div class="field"><label for="f-rule-type">规则类型</label><select name="f:{}.rule.type" id="f-rule-type"{}>{}</select></div>',
        path, dis, format_html_join("", '<option value="{}"{}>{}</option>',
                                    ((k, mark_safe(" selected") if k == current else "", name) for k, name in options)))
    kind = REGISTRY.get(current)
    parts = [select]
    for other in REGISTRY.values():
        on = other is kind
        fields = [_param_field(path, other, p, rule.get(p.name) if on else None, disabled) for p in other.params]
        body = mark_safe("".join(fields)) if fields else format_html('<p class="muted">{}无需参数：按完成值与权重计分。</p>', other.label)
        parts.append(format_html('<fieldset class="rule-params" data-type="{}" id="rule-{}"{}><legend>{}的参数</legend>{}</fieldset>',
                                 other.type, other.type, "" if on else mark_safe(" hidden disabled"), other.label, body))
    for key, value in rule.items():
        if key != "type" and (kind is None or kind.param(key) is None):
            parts.append(render_value(f"{path}.rule.{key}", key, value, disabled))
    return mark_safe("".join(parts))


def _param_field(path: str, kind: RuleKind, p: Param, value: Any, disabled: bool) -> SafeString:
    text = to_text(p, value)
    if text is None:  # no text form (a level named “a=b”): its YAML, as before
        return render_value(f"{path}.rule.{p.name}", p.name, value, disabled)
    name, fid = f"r:{kind.type}:{path}.rule.{p.name}", f"f-rule-{kind.type}-{p.name}"
    dis = mark_safe(" disabled") if disabled else ""
    example = p.example.replace("\n", " / ")
    if p.kind == "boolean":
        widget = format_html('<select name="{}" id="{}"{}>{}</select>', name, fid, dis, format_html_join(
            "", '<option value="{}"{}>{}</option>', ((v, mark_safe(" selected") if v == text else "", v or "（不填）") for v in ("", "是", "否"))))
    elif p.kind in STRUCTURED:
        widget = format_html('<textarea name="{}" id="{}" rows="{}" placeholder="{}"{}>{}</textarea>', name, fid,
                             min(12, max(2, text.count("\n") + 2)), p.example, dis, text)
    else:
        widget = format_html('<input type="text" name="{}" id="{}" value="{}" placeholder="例如 {}"{}>', name, fid, text, example, dis)
    required = mark_safe("<small>（必填）</small>") if p.required else ""
    return format_html('<div class="field"><label for="{}">{}{}</label>{}<small class="hint">{}。例如：{}</small></div>',
                       fid, p.label, required, widget, p.help, example)


def _apply_rule_params(old: dict, new: dict, post, allowed, problems: list[Problem]) -> None:
    """The posted rule parameters (r:<type>:<path>), after the fields: a type may just have changed."""
    for name in post:
        if not (name.startswith("f:") and name.endswith(".rule.type")):
            continue
        rule_path = name[2:-len(".type")]
        rule = _rule_at(new, rule_path)
        kind = REGISTRY.get(str(rule.get("type"))) if rule is not None else None
        if kind is not None and _rule_at(old, rule_path) is not None and str(_rule_at(old, rule_path).get("type")) != kind.type:
            for key in [k for k in rule if k != "type" and kind.param(k) is None]:
                del rule[key]  # the parameters of the type given up
    for name in post:
        if not name.startswith("r:"):
            continue
        type_name, _, path = name[2:].partition(":")
        rule_path, _, key = path.rpartition(".")
        parts = parse_path(path)
        if not parts or not isinstance(parts[0], str) or not allowed(parts[0]):
            continue
        rule = _rule_at(new, rule_path)
        kind = REGISTRY.get(type_name)
        p = kind.param(key) if kind else None
        if rule is None or p is None or str(rule.get("type")) != type_name:
            continue  # the field of a type not chosen
        raw = post.get(name, "")
        if _same_text(raw, to_text(p, rule.get(key)) or ""):
            continue  # untouched: the document keeps its own spelling
        value, why = from_text(p, raw)
        if why:
            problems.append(error("web.rule_param", f"{why}（{p.help}）", Source(path=path)))
        elif value is None:
            rule.pop(key, None)
        else:
            rule[key] = value


def _rule_at(doc: dict, path: str) -> dict | None:
    try:
        rule = get_path(doc, path)
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return rule if isinstance(rule, dict) else None


def _same_text(a: str, b: str) -> bool:
    def norm(text: str) -> list[str]:
        return [line.strip() for line in text.replace("\r\n", "\n").strip().split("\n")]

    return norm(a) == norm(b)

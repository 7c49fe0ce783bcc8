"""The 绩效指标 rows of a form: levels, names, targets, figures and rules."""

from __future__ import annotations

import re
from typing import Any

from ...parse.directions import settle
from ...parse.quantity import ParseError, parse_target, parse_value
from ...problems import info, warning
from ..cells import Map, Seq, Text
from .block import Block
from .headers import FIGURES, Family, INDICATOR_HEADERS, NATURE_SIGNS, SECTION_LABELS, norm, one_line

_INDEX = re.compile(r"^指标\s*\d+\s*[:：]?\s*")  # the template's "指标1：", typed "指标1" by some
_AS_TARGET = re.compile(r"\s*(?:[≥≤≧≦><]|大于|小于|不低于|不少于|不高于|不超过|不多于)")
_GLOSS = re.compile(r"(.+?)\((?:百分比|[^()]*描述|[^()]*数)\)")
_LABEL_POINTS = re.compile(r"(.+?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def _without_points(label: Text) -> Text:
    """A level's label without the points it carries ("部门决\n策(25分)" → "部门决策"): the level's
    points are the sum of its indicators' weights, checked as such."""
    points = _LABEL_POINTS.fullmatch(one_line(label))
    return label.replaced(points.group(1) if points else one_line(label))


def _split_target(b: Block, row: int, cols: dict[str, int], value: Text | None) -> Text | None:
    """A target printed in three cells (指标性质 / 指标值 / 度量单位) as one text: "≥" "735" "人次" →
    "≥735人次". A qualitative target written across the three cells is the text itself."""
    nature = b.cell(row, cols.get("nature"))
    unit = b.cell(row, cols.get("unit"))
    if unit is not None and _GLOSS.fullmatch(norm(unit)):
        unit = unit.replaced(_GLOSS.fullmatch(norm(unit)).group(1))  # "%(百分比)": the unit and its gloss
    if nature is not None and norm(nature) not in NATURE_SIGNS:
        if value is None and unit is None:
            return nature  # 定性: "有效" written over the merged 指标性质/指标值/度量单位 cells
        if norm(nature) != "定性":
            nature = None
    if value is None:
        return None
    sign = NATURE_SIGNS.get(norm(nature), "") if nature is not None else ""
    text = str(value)
    if unit is not None and not text.endswith(str(unit)):
        text += str(unit)
    return value.replaced(sign + text)


_TIERS = ("达成预期指标", "部分达成预期指标", "未达成预期指标")


def word_for_figure(target: str | None, actual: str) -> bool:
    """A numeric target ("≤30万元") met by a word ("完成"): no figure to compare, nor one of the tiers."""
    if target is None or not re.search(r"\d", str(target)) or re.search(r"\d", str(actual)):
        return False
    try:
        parse_value(str(actual))
    except ParseError:
        return False  # a number spelt as no figure may be ("NaN%"): said as unreadable, with why
    return norm(actual) not in _TIERS and norm(actual) != norm(target)


def _levels(b: Block, cols: dict[str, int], row: int, level1: Text | None, level2: Text | None):
    """The 一级 / 二级指标 this row falls under: its own where filled, else those above it."""
    l1 = b.cell(row, cols.get("level1"))
    l2 = b.cell(row, cols.get("level2"))
    if l1 is not None and norm(l1) not in SECTION_LABELS:
        level1, level2 = _without_points(l1), None
    if l2 is not None:
        level2 = _without_points(l2)
    return level1, level2


def _cells(b: Block, cols: dict[str, int], row: int) -> tuple[Text | None, dict[str, Any]]:
    """The row's 三级指标 name and its other cells, the target joined and points taken from the name."""
    name = b.cell(row, cols.get("name"))
    if name is not None:
        stripped = _INDEX.sub("", one_line(name))
        name = name.replaced(stripped) if stripped else None
    values: dict[str, Any] = {}
    for key in ("target", "basis", "actual", "weight", "score", "reason", "rule", "standard"):
        col = cols.get(key)
        label = INDICATOR_HEADERS[key][0]
        values[key] = b.cell(row, col, figure=label if key in FIGURES else None)
    if "nature" in cols or "unit" in cols:
        values["target"] = _split_target(b, row, cols, values["target"])
    points = _LABEL_POINTS.fullmatch(str(name)) if name is not None else None
    if points:
        # a score table's "相关性(5分)": the points in the label are the weight where no 分值 is filled
        name = name.replaced(points.group(1))
        if values["weight"] is None:
            values["weight"] = name.replaced(points.group(2))
    return name, values


def _indicator_name(b: Block, cols: dict[str, int], row: int, name: Text | None, values: dict[str, Any]) -> Text | None:
    """The name the row is read under, or None where it is no indicator (said, unless a blank row).
    An actual written like a target is dropped from `values`, said too."""
    g = b.g
    if name is None:
        if not any(values[k] is not None for k in ("target", "actual", "score")):
            return None  # a blank template row, at most with its preset 分值
        # the figures are still checked: a missing name is this leaf's problem, not the whole form's
        where = g.source(row, cols.get("name", 0))
        b.problems.append(warning("excel.indicator_name", "这一行填写了指标数据，但三级指标名称为空：按所在行称呼并照常复核", where))
        name = Text(f"第{row + 1}行指标（名称空白）", where)
    if not any(values[k] is not None for k in ("target", "actual", "weight", "score")):
        b.problems.append(info("excel.name_only_row", f"“{name}”只有名称，没有指标值、完成值、分值或得分：未作为指标读取",
                               g.source(row, cols.get("name", 0))))
        return None
    actual = values["actual"]
    if actual is not None and _AS_TARGET.match(str(actual)):
        # "≥266米" copied from the target is no figure: this leaf is unassessed, the others are checked
        b.problems.append(warning(
            "selfeval.actual_as_target",
            f"“{name}”的实际完成值“{actual}”写成了指标值的样子（带比较符号），不是实际完成的数：该指标按未评分处理，其余指标照常复核",
            actual.where))
        values["actual"], values["unassessed"] = None, True
    elif actual is not None and word_for_figure(values["target"], actual):
        b.problems.append(warning(
            "selfeval.actual_not_figure",
            f"“{name}”的指标值是数量“{values['target']}”，实际完成值却写“{actual}”，不是可比较的数：该指标按未评分处理，其余指标照常复核",
            actual.where))
        values["actual"], values["unassessed"] = None, True
    if str(name).startswith("其中") and values["weight"] is None and values["score"] is None:
        # "其中…" under an indicator is a part of it (Anhui's 衔接资金 forms), not an indicator
        b.problems.append(info("excel.breakdown_row", f"“{name}”是上一指标的分项，不单独计分",
                               g.source(row, cols.get("name", 0))))
        return None
    return name


def _unit(text: Text | None) -> str | None:
    try:
        quantity = parse_target(str(text)).quantity if text is not None else None
    except ParseError:
        return None
    return quantity.unit if quantity is not None else None


def _breakdown_units(b: Block, parent: Map, name: Text, values: dict[str, Any]) -> None:
    """A "其中…" part counted in another unit than its indicator (180只 + 12头 = 192只): its figures
    cannot add up to the indicator's, said at the part's 指标值."""
    target = values["target"]
    mine, theirs = _unit(target), _unit(parent.get("target"))
    if mine and theirs and mine != theirs:
        b.problems.append(warning(
            "targets.breakdown_units",
            f"分项“{name}”的指标值“{target}”以“{mine}”计，所属指标“{parent['name']}”以“{theirs}”计：单位不同的数不能相加",
            target.where))


def _unreadable(b: Block, name: Text, values: dict[str, Any]) -> None:
    """A 指标值 or 完成值 that cannot be read ("2021年12月完成") is that leaf's problem, said; the leaf is
    unassessed and the form's other leaves are checked (the loader would refuse the whole form). The
    same unreadable text as both ("2021年12月完成" and "2021年12月完成") is a target met as written: a
    reviewer reads its filled score against its 分值."""
    target, actual = values["target"], values["actual"]
    if target is not None and actual is not None and norm(target) == norm(actual) and values["score"] is not None:
        try:
            parse_target(str(target)), parse_value(str(actual))
        except ParseError as exc:
            b.problems.append(warning(
                "excel.leaf_unread", f"“{name}”的年度指标值与实际完成值都写“{actual}”，不能按数量读取（{exc}）；二者相同，按已完成、所填得分复核",
                actual.where))
            values["target"] = values["actual"] = None
            values["as_filled"] = f"年度指标值与实际完成值都写“{actual}”，已按指标值完成"
            return
    for key, label, parse in (("target", "年度指标值", parse_target), ("actual", "实际完成值", parse_value)):
        value = values[key]
        if value is None:
            continue
        try:
            parse(str(value))
        except ParseError as exc:
            b.problems.append(warning("excel.leaf_unread", f"“{name}”的{label}{exc}：该指标按未评分处理，其余指标照常复核",
                                      value.where))
            values[key], values["unassessed"] = None, True


_GRADE = r"(?:优秀|良好|较好|一般|较差|不合格|合格|优|良|中|低|差|好|高)"
_GRADES = re.compile(rf"{_GRADE}(?:[、,，/\s]*{_GRADE}){{2,}}")


def _grades_listed(b: Block, name: Text, target: Text | None) -> None:
    """A 定性 指标值 listing every grade ("优良中低差"): it says no grade to reach, so nothing to judge the
    actual against; said at the target, the leaf read as it stands."""
    if target is not None and _GRADES.fullmatch(norm(target)):
        b.problems.append(warning(
            "targets.not_a_target", f"“{name}”的指标值写“{target}”，列出了全部等级，没有说明要达到哪一级",
            target.where, hint="指标值写明应达到的等级，如“优”或“良及以上”"))


def _directed(b: Block, values: dict[str, Any], name: Text, level2: Text | None) -> Text:
    """The target with its direction: as written, or inferred from the name (said). Where none can
    be inferred the leaf is scored by the rule undirected: unassessed, its filled score read both
    ways, an error of that leaf where it is neither (said by scoring, not the reader's refusal)."""
    target, actual = values["target"], values["actual"]
    text, said = settle(str(target), str(name), target.where, level2=level2 and str(level2),
                        actual=actual and str(actual))
    if said is not None:
        b.problems.append(said)
    if text is None:
        at = (values["score"] or target).where  # the filled score it may find wrong
        values["family_rule"] = Map(at, {"type": Text("undirected", at)})
        return target
    return target.replaced(text)


def _item(b: Block, cols: dict[str, int], row: int, name: Text, values: dict[str, Any], level1: Text | None,
          level2: Text | None) -> Map:
    item = Map(b.g.source(row, cols.get("name", 0)))
    if level1 is not None:
        item["level1"] = level1
    if level2 is not None:
        item["level2"] = level2
    item["name"] = name
    for key in ("target", "basis", "actual", "weight", "score", "reason", "standard"):
        if values[key] is not None:
            item[key] = values[key]
    if values["rule"] is not None:
        from ..rulecells import rule_from_cell

        rule = rule_from_cell(values["rule"], b.problems)
        if rule is not None:
            item["rule"] = rule
    elif values.get("family_rule") is not None:
        item["rule"] = values["family_rule"]
    elif "as_filled" in values:
        item["rule"] = _as_filled(values["score"], values["as_filled"])
    elif "target" not in cols and "actual" not in cols:
        item["rule"] = _as_filled(values["score"] or name, SCORE_TABLE)
    return item


SCORE_TABLE = "评分表只有分值和得分、没有指标值和完成值：按所填得分计入，只复核得分范围与合计"


def _as_filled(score: Text, why: str) -> Map:
    """A score table's leaf (no 指标值, no 完成值): its filled score is all there is to count, checked
    against its 分值 (the evaluator's score, manual); never "未评分：缺少年度指标值"."""
    return Map(score.where, {"type": Text("manual", score.where), "reason": Text(why, score.where)})


def indicator_row(b: Block, out: Seq, cols: dict[str, int], row: int, level1: Text | None, level2: Text | None,
                  family: Family | None = None):
    """Read one row of the 绩效指标 block into `out`; the levels that rows below it fall under."""
    level1, level2 = _levels(b, cols, row, level1, level2)
    name, values = _cells(b, cols, row)
    if out and name is not None and str(name).startswith("其中") and values["weight"] is None and values["score"] is None:
        _breakdown_units(b, out[-1], name, values)
    if family is not None and family.rule is not None:
        values["family_rule"] = family.rule(b, row, cols, values)
    name = _indicator_name(b, cols, row, name, values)
    if name is not None:
        _unreadable(b, name, values)
        _grades_listed(b, name, values["target"])
    if name is not None and values["target"] is not None:
        values["target"] = _directed(b, values, name, level2)
    if name is not None and "weight" not in cols and values["weight"] is None:
        name = _weightless(b, cols, row, name, values)
    if name is not None:
        out.append(_item(b, cols, row, name, values, level1, level2))
    return level1, level2


NO_WEIGHT = "自评表没有分值列，满分未知：按所填得分计入，无法判断是否扣分"


def _weightless(b: Block, cols: dict[str, int], row: int, name: Text, values: dict[str, Any]) -> Text | None:
    """A leaf of a form without a 分值 column (said once, at the header): its filled score is all
    that can be counted, and is its full marks; a leaf with no score either is not read, said."""
    score = values["score"]
    if score is None:
        b.problems.append(warning("weights.missing", f"“{name}”没有分值也没有得分：满分和得分都无从复核，未作为指标读取",
                                  b.g.source(row, cols.get("name", 0))))
        return None
    values["weight"] = score
    values["rule"] = None
    if not values.get("unassessed"):  # an actual that is no figure leaves the leaf unassessed, weight or not
        values["as_filled"] = NO_WEIGHT
    return name

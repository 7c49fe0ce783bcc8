"""Read the table sheets of a jixiao workbook (基本信息, 预算, 资产, 绩效目标, 指标体系, 发现与建议)."""

from __future__ import annotations

from typing import Any

from ..glossary import kind_key
from ..io.document import parse_path
from ..metrics import metric_key
from ..model.evaluation import KINDS
from ..problems import Problem, error
from . import layout as L
from .cells import Grid, Map, Seq, Text
from .national import norm
from .rulecells import LEGACY, indicator_columns, read_rule
from .yamlcell import yaml_cell


def _header(grid: Grid, columns: list[tuple[str, str, str]] | list[tuple[str, str]]) -> dict[str, int]:
    keys = {c[0] for c in columns}
    wanted = {norm(old): key for old, key in L.FORMER_HEADERS.items() if key in keys} | {norm(c[1]): c[0] for c in columns}
    found: dict[str, int] = {}
    for col, text in grid.row_texts(0):
        key = wanted.get(norm(text))
        if key and key not in found:
            found[key] = col
    return found


def _merges(grid: Grid, problems: list[Problem]) -> None:
    for r0, c0, r1, c1 in grid.merged:
        if r1 >= 1:
            problems.append(
                error(
                    "excel.merged_figure",
                    f"数据区不能合并单元格（{grid.source(r0, c0).cell}:{grid.source(r1, c1).cell}）：请取消合并，每个单元格分别填写",
                    grid.source(r0, c0),
                )
            )


def _rows(grid: Grid, cols: dict[str, int]):
    """(row index, {key: Text}) for every non-empty data row."""
    for r in range(1, grid.height):
        values = {key: grid.cell(r, col, strip=False) for key, col in cols.items()}
        values = {k: v for k, v in values.items() if v is not None}
        if values:
            yield r, values


# -- 基本信息 -----------------------------------------------------------------------------


def read_info(grid: Grid, problems: list[Problem]) -> Map:
    cols: dict[str, int] = {}
    for col, text in grid.row_texts(0):
        key = norm(text)
        if key.startswith("键"):
            cols["path"] = col
        elif key == "内容":
            cols["value"] = col
    root: dict = {}
    seen: dict[str, str] = {}
    if "path" not in cols or "value" not in cols:
        problems.append(error("excel.header", "“基本信息”表第1行应有“内容”和“键”两列表头", grid.source(0, 0)))
        return Map(grid.source(0, 0))
    for r in range(1, grid.height):
        path = grid.cell(r, cols["path"])
        value = grid.cell(r, cols["value"], strip=False)
        if path is None:
            if value is not None:
                problems.append(error("excel.info_key", "这一行填写了内容，但“键”为空：无法确定它是哪一项", value.where))
            continue
        if value is None:
            continue
        key = str(path)
        if key in seen:
            problems.append(error("input.duplicate_key", f"键“{key}”重复出现（{seen[key]} 已有）", path.where, key=key))
            continue
        seen[key] = path.where.cell or ""
        parts = parse_path(key)
        if not parts or not isinstance(parts[0], str):
            problems.append(error("excel.info_key", f"键“{key}”无法识别", path.where, key=key))
            continue
        content: Any = value
        if str(value) in ("{}", "[]"):
            content = Map(value.where) if str(value) == "{}" else Seq(value.where)
        if not _insert(root, parts, content, value):
            problems.append(error("excel.info_key", f"键“{key}”与其他行的键冲突（同一项既是单个值又有下级）", path.where, key=key))
    doc = _settle(root, grid.source(0, 1))
    kind = doc.get("kind")
    if isinstance(kind, Text) and kind_key(kind) in KINDS:
        doc["kind"] = Text(kind_key(kind), kind.where)  # the dropdown shows 部门整体支出绩效评价
    return doc  # type: ignore[no-any-return]


def _insert(node: dict, parts: list, value: Any, cell: Text) -> bool:
    for part, following in zip(parts, parts[1:]):
        child = node.get(part)
        if child is None:
            child = node[part] = {"__where__": cell.where}
        if not isinstance(child, dict):
            return False
        node = child
    if parts[-1] in node:
        return False
    node[parts[-1]] = value
    return True


def _settle(node: Any, where: Any) -> Any:
    """Nested dicts with int keys → Seq in index order; the rest → Map."""
    if not isinstance(node, dict) or isinstance(node, (Map,)):
        return node
    here = node.pop("__where__", where)
    keys = list(node)
    if keys and all(isinstance(k, int) for k in keys):
        return Seq(here, [_settle(node[k], here) for k in sorted(keys)])
    return Map(here, {str(k): _settle(v, here) for k, v in node.items()})


# -- tables -------------------------------------------------------------------------------


def read_table_sheets(sheets: dict[str, Grid], doc: Map, problems: list[Problem]) -> None:
    for name, reader in ((L.BUDGET, _budget), (L.ASSETS, _assets), (L.TARGETS, _targets), (L.INDICATORS, _indicators), (L.FINDINGS, _findings)):
        if name in sheets:
            _merges(sheets[name], problems)
            reader(sheets[name], doc, problems)


def _part(doc: Map, key: str, grid: Grid) -> Map:
    part = doc.get(key)
    if not isinstance(part, dict):
        part = doc[key] = Map(grid.source(0, 0))
    return part


def _budget(grid: Grid, doc: Map, problems: list[Problem]) -> None:
    cols = _header(grid, L.BUDGET_COLUMNS)
    groups = {label: key for key, label in L.BUDGET_GROUPS.items()}
    stacks: dict[str, list[Seq]] = {}
    found: dict[str, Seq] = {}
    for r, values in _rows(grid, cols):
        group_text = values.pop("group", None)
        group = groups.get(str(group_text) if group_text else "预算明细")
        if group is None:
            problems.append(error("excel.group", f"分组“{group_text}”应为 预算明细 或 资金来源", group_text.where))  # type: ignore[union-attr]
            continue
        level_text = values.pop("level", None)
        level = int(level_text) if level_text is not None and str(level_text).isdigit() else None
        if level_text is not None and (level is None or level < 1):
            problems.append(error("excel.level", f"级次“{level_text}”应为 1、2、3 这样的正整数", level_text.where))
            continue
        level = level or 1
        if group not in found:
            found[group] = Seq(grid.source(r, 0))
            stacks[group] = [found[group]]
        stack = stacks[group]
        if level > len(stack):
            problems.append(error("excel.level", f"级次 {level} 跳级：上一行只到第 {len(stack) - 1} 级", (level_text or values.get("name")).where))  # type: ignore[union-attr]
            continue
        del stack[level:]
        line = Map(grid.source(r, 0), values)
        stack[-1].append(line)
        line_children = Seq(line.where)
        stack.append(_Children(line, line_children))
    if found:
        budget = _part(doc, "budget", grid)
        for group, seq in found.items():
            budget[group] = seq


class _Children(Seq):
    """The children list of a budget line, attached to it only when a child arrives."""

    def __init__(self, line: Map, seq: Seq):
        super().__init__(seq.where)
        self.line = line

    def append(self, item: Any) -> None:
        if "children" not in self.line:
            self.line["children"] = self
        super().append(item)


def _assets(grid: Grid, doc: Map, problems: list[Problem]) -> None:
    cols = _header(grid, L.ASSET_COLUMNS)
    rows = Seq(grid.source(1, 0), [Map(grid.source(r, 0), v) for r, v in _rows(grid, cols)])
    if rows:
        _part(doc, "assets", grid)["categories"] = rows


def _targets(grid: Grid, doc: Map, problems: list[Problem]) -> None:
    cols = _header(grid, L.TARGET_COLUMNS)
    rows = Seq(grid.source(1, 0), [Map(grid.source(r, 0), v) for r, v in _rows(grid, cols)])
    if rows:
        doc["targets"] = rows


def _indicators(grid: Grid, doc: Map, problems: list[Problem]) -> None:
    cols = _header(grid, indicator_columns() + [LEGACY])
    roots = Seq(grid.source(1, 0))
    by_code: dict[str, Map] = {}
    for r, values in _rows(grid, cols):
        if "code" not in values and str(values.get("name", "")) == "合计":
            continue  # the total row of a scored export
        item = Map(grid.source(r, cols.get("code", 0)))
        parent = values.pop("parent", None)
        actual: dict[str, Any] = {}
        for key in ("metric", "formula", "source"):
            if key in values:
                actual[key] = values.pop(key)
        if "metric" in actual:  # written by its Chinese name (预算执行率) or its key
            actual["metric"] = actual["metric"].replaced(metric_key(actual["metric"]))
        if "inputs" in values:
            inputs = yaml_cell(values.pop("inputs"), "公式输入值", problems)
            if inputs is not None:
                actual["inputs"] = inputs
        value = values.pop("actual", None)
        rule = read_rule(values, problems)
        item.update(values)
        if actual:
            if value is not None:
                actual["value"] = value
            item["actual"] = Map(next(iter(actual.values())).where, actual)
        elif value is not None:
            item["actual"] = value
        if rule is not None:
            item["rule"] = rule
        code = str(values.get("code", ""))
        if code:
            if code in by_code:
                problems.append(error("excel.duplicate_code", f"指标编码“{code}”重复", values["code"].where, code=code))
            by_code[code] = item
        if parent is None:
            roots.append(item)
        elif str(parent) in by_code:
            by_code[str(parent)].setdefault("children", Seq(item.where)).append(item)
        else:
            problems.append(
                error("excel.parent", f"上级编码“{parent}”在此行之前没有出现：请先填写上级指标，或检查编码", parent.where)
            )
    if roots:
        doc["indicators"] = roots


def _findings(grid: Grid, doc: Map, problems: list[Problem]) -> None:
    cols = _header(grid, L.FINDING_COLUMNS)
    groups = {label: key for key, label in L.FINDING_GROUPS.items()}
    out: dict[str, Seq] = {}
    for r, values in _rows(grid, cols):
        label = values.pop("group", None)
        group = groups.get(str(label)) if label is not None else None
        if group is None:
            allowed = "、".join(groups)
            where = label.where if label is not None else grid.source(r, cols.get("group", 0))
            problems.append(error("excel.group", f"类别“{label or ''}”应为 {allowed} 之一", where))
            continue
        out.setdefault(group, Seq(grid.source(r, 0))).append(Map(grid.source(r, 0), values))
    if out:
        findings = _part(doc, "findings", grid)
        for group in L.FINDING_GROUPS:
            if group in out:
                findings[group] = out[group]


__all__ = ["read_info", "read_table_sheets"]

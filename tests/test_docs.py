"""The README names every setting the code reads, every problem code, metric, rule type and
parameter, as Datasette's docs test does: one added without its line in the README fails here."""

from __future__ import annotations

import ast
import re

from conftest import ROOT


def test_readme_names_every_setting():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "jixiao").rglob("*.py"))
    settings = set(re.findall(r"[\"'](JIXIAO_[A-Z0-9_]+)[\"']", code))
    assert len(settings) > 10
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### 设置"):]
    table = table[:table.index("\n## ")]
    missing = sorted(s for s in settings if f"`{s}`" not in table)
    assert not missing, missing


# The README's tables of problem codes, metrics and rule types follow the registries: a code, a
# metric, a rule type or a parameter added without its row fails here, and so does a row left
# behind. Where a table can be generated the failure prints the rows as they should read.

README = (ROOT / "README.md").read_text(encoding="utf-8")
SRC = ROOT / "src" / "jixiao"


def _table(header: str) -> list[str]:
    start = README.index(header + "\n")
    end = README.find("\n\n", start)
    return README[start:end].splitlines()[2:]


def _expect(rows: list[str], expected: list[str], what: str) -> None:
    assert rows == expected, f"README 的{what}表应为：\n" + "\n".join(expected)


def check_rows() -> list[str]:
    """The rows of the check families, from the registry, in the order they run."""
    from jixiao.checks import FAMILIES

    return [
        f"| {f'{family.name}（{family.label}）' if i == 0 else ''} | `{code}` | {text} |"
        for family in FAMILIES.values()
        for i, (code, text) in enumerate(family.codes.items())
    ]


def _emitted_outside_checks() -> set[str]:
    """Codes readers, rules and scoring emit: no registry holds them, so the source is read.

    A code is a string constant such as "excel.suffix"; the YAML tree reader's _fail(node,
    "missing", …) emits input.missing.
    """
    code = re.compile(r"(input|excel|formula|metric|score|web|sheet|targets|weights|complete|numbers)\.[a-z_]+")
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and code.fullmatch(node.value):
                found.add(node.value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "_fail"
                  and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)):
                found.add(f"input.{node.args[1].value}")
    return found


def test_readme_lists_every_problem_code():
    from jixiao.checks import codes

    rows = _table("| family | code | 含义 |")
    expected = check_rows()
    _expect(rows[: len(expected)], expected, "检查问题代码")
    listed = [re.search(r"\| `([a-z_.]+)` \|", row) for row in rows[len(expected):]]
    assert all(listed), [row for row, m in zip(rows[len(expected):], listed) if not m]
    listed_codes = {m.group(1) for m in listed}
    emitted = _emitted_outside_checks() - set(codes())
    assert len(emitted) > 40
    assert not emitted - listed_codes, f"README 未列出的问题代码：{sorted(emitted - listed_codes)}"
    assert not listed_codes - emitted, f"README 列出了已不存在的问题代码：{sorted(listed_codes - emitted)}"


def test_readme_lists_every_metric_with_its_formula():
    from jixiao.metrics import REGISTRY

    rows = _table("| metric | formula |")
    expected = [f"| `{d.name}` {d.label} | {d.formula}" for d in REGISTRY.values()]
    # a row may add a remark after the formula, e.g. how 0 / 0 is counted
    _expect([row[: len(e)] for row, e in zip(rows, expected)] + rows[len(expected):], expected, "计算指标")


def test_readme_lists_every_rule_type_with_its_parameters():
    from jixiao.rules import REGISTRY

    rows = _table("| rule | 名称 | parameters（参数） | score |")
    expected = [
        f"| `{kind.type}` | {kind.label} | {', '.join(f'`{p.name}` {p.label}' for p in kind.params) or '—'} |"
        for kind in REGISTRY.values()
    ]
    # the score column is prose; a parameter may carry a remark in brackets, e.g. its default
    shown = [re.sub(r" \([^)]*\)", "", "|".join(row.split("|")[:4]) + "|") for row in rows]
    _expect(shown, expected, "评分规则")

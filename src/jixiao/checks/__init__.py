"""Consistency checks (质量控制): plain functions over (evaluation, scorecard, self-scorecard).

Each family module declares its FAMILY (name, label, the codes it may emit) and its checks
with @check; a new check is one function in one place. Families run in a stable, declared
order: the built-ins below, then those other packages register under the entry point group
``jixiao.checks`` (by entry point name), the same way the built-ins are listed in
pyproject.toml. run_checks gathers the scoring problems and every check's problems.
"""

from __future__ import annotations

import re
from dataclasses import replace
from importlib.metadata import entry_points
from types import ModuleType

from ..model.evaluation import Evaluation
from ..problems import Problem
from ..scoring import Scorecard
from ..selfeval import SelfScorecard
from . import assets, budget, completeness, declaration, findings, formdata, funds, photos, reconciliation, selfeval, targets, weights
from .base import DECLARED, WHEN, Check, Context, Family, Settings

GROUP = "jixiao.checks"

# The order problems are listed in: it was the import order, kept as it was.
BUILTIN: tuple[ModuleType, ...] = (
    assets, budget, completeness, findings, targets, reconciliation, selfeval, funds, formdata, weights, photos, declaration,
)

FAMILIES: dict[str, Family] = {}

_CODE = re.compile(r"[a-z_]+(\.[a-z_]+)+")


def register(source: Family | ModuleType) -> Family:
    """Add a family of checks: a Family with its checks, or a module with a FAMILY and @check functions."""
    if isinstance(source, ModuleType):
        declared = getattr(source, "FAMILY", None)
        if not isinstance(declared, Family):
            raise TypeError(f"检查模块 {source.__name__} 没有 FAMILY（Family 记录）")
        family = replace(declared, checks=tuple(DECLARED.get(source.__name__, ())))
    elif isinstance(source, Family):
        family = source
    else:
        raise TypeError(f"{source!r} 不是检查族（Family）或检查模块")
    bad = [code for code, text in family.codes.items() if not _CODE.fullmatch(code) or not str(text).strip()]
    if not family.label or not family.codes or bad:
        raise ValueError(f"检查族 {family.name}：须有中文名称和所发问题代码（各附一句说明）{bad or ''}")
    if not family.checks or not all(callable(fn) for fn in family.checks):
        raise ValueError(f"检查族 {family.name} 没有检查函数")
    known = FAMILIES.get(family.name)
    if known is not None and known != family:
        raise ValueError(f"检查族 {family.name} 已登记")
    FAMILIES[family.name] = family
    return family


for _module in BUILTIN:
    register(_module)
for _ep in sorted(entry_points(group=GROUP), key=lambda ep: ep.name):
    register(_ep.load())  # the built-ins again, when installed: the same record, kept once


def default_checks() -> list[Check]:
    return [fn for family in FAMILIES.values() for fn in family.checks]


def codes() -> dict[str, str]:
    """Every problem code a registered check may emit, with its one-line description."""
    return {code: text for family in FAMILIES.values() for code, text in family.codes.items()}


def run_checks(
    ev: Evaluation,
    sc: Scorecard | None,
    ss: SelfScorecard | None,
    *,
    settings: Settings = Settings(),
    checks: list[Check] | None = None,
) -> list[Problem]:
    problems: list[Problem] = []
    if sc is not None:
        problems.extend(sc.problems)
    if ss is not None:
        problems.extend(ss.problems)
    ctx = Context(ev, sc, ss, settings)
    for fn in default_checks() if checks is None else checks:
        problems.extend(fn(ctx))
    return problems


__all__ = ["run_checks", "register", "default_checks", "codes", "Settings", "Context", "Family", "FAMILIES", "WHEN"]

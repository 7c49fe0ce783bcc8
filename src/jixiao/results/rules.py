"""The bureau's rule for what a grade means for next year's budget (结果应用规则).

A rule is written per grade as a user would say it: 优先保障, 维持, 压减5%, 增加3%, 取消.
The table comes from a YAML file (`jixiao results --rules 规则.yaml`) or the bureau's setting
in the web workspace; both are read by `parse_action`, so they accept the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..numbers import HUNDRED, ZERO, D, NotANumber, fmt, fmt_plain
from ..problems import Problem, error
from ..parse import excerpt
from ..parse.tree import Node
from ..sources import open_settings

GRADES = ("优", "良", "中", "差")
# What each grade brings when the bureau has set nothing (a common provincial rule).
DEFAULT_TEXTS = {"优": "优先保障", "良": "维持", "中": "压减5%", "差": "压减10%"}
ACTIONS_HELP = "优先保障、维持、压减5%、增加3%或取消"
RULES_KEY = "consequences"  # the file's key; 结果应用 is accepted as its Chinese name
RULES_KEYS = (RULES_KEY, "结果应用", "结果应用规则")

_RATE = re.compile(r"^(压减|核减|削减|减少|调减|增加|调增|提高)\s*([0-9０-９.．]+)\s*[%％]$")
_DOWN = ("压减", "核减", "削减", "减少", "调减")
_KEEP = {"维持": "维持", "保持": "维持", "不变": "维持", "优先保障": "优先保障", "保障": "优先保障"}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


class RuleError(ValueError):
    """A rule text that says no action; the message is for the user."""


@dataclass(frozen=True)
class Action:
    """What a grade does to the next year's budget base: a change in percent (−5 for 压减5%)."""

    text: str  # as the bureau wrote it, normalised: 压减5%
    change: Decimal  # percent: −5, 0, +3; −100 for 取消
    cancel: bool = False

    def apply(self, base: Decimal | None, unit: str = "万元") -> "Outcome":
        return Outcome(self, base, unit)


@dataclass(frozen=True)
class Outcome:
    """An action applied to one evaluation's budget base, with its arithmetic."""

    action: Action
    base: Decimal | None  # the evaluation's 预算数 (全年预算数), None when it states none
    unit: str

    @property
    def amount(self) -> Decimal | None:
        if self.base is None:
            return None
        if self.action.cancel:
            return ZERO
        return self.base * (HUNDRED + self.action.change) / HUNDRED

    @property
    def arithmetic(self) -> str:
        """31,577.79万元 × (1 − 5%) = 29,998.90万元, or why there is none."""
        if self.base is None:
            return "评价文件未填预算数，无法测算"
        base = f"{fmt(self.base, thousands=True)}{self.unit}"
        if self.action.cancel:
            return f"取消预算安排：{base} → 0.00{self.unit}"
        if self.action.change == 0:
            return f"{base}（不调整）"
        sign = "−" if self.action.change < 0 else "+"
        amount = self.amount
        assert amount is not None
        return (f"{base} × (1 {sign} {fmt_plain(abs(self.action.change))}%) = "
                f"{fmt(amount, thousands=True)}{self.unit}")


def parse_action(text: str) -> Action:
    """压减5% → Action(−5); 取消, 维持, 优先保障; anything else raises RuleError (Chinese)."""
    raw = str(text or "").strip().replace(" ", "").replace("\u3000", "")
    if raw in _KEEP:
        return Action(_KEEP[raw], ZERO)
    if raw in ("取消", "取消预算", "不予安排"):
        return Action("取消", Decimal(-100), cancel=True)
    match = _RATE.match(raw)
    if match is None:
        raise RuleError(f"“{excerpt(str(text))}”不是结果应用规则，应为{ACTIONS_HELP}")
    verb, number = match.group(1), match.group(2).translate(_FULL_WIDTH)
    try:
        rate = D(number)
    except NotANumber:
        raise RuleError(f"“{text}”中的比例“{number}”不是数字") from None
    if rate > HUNDRED:
        raise RuleError(f"“{text}”的比例超过100%，应为0到100之间")
    down = verb in _DOWN
    return Action(f"{'压减' if down else '增加'}{fmt_plain(rate)}%", -rate if down else rate)


@dataclass(frozen=True)
class Rules:
    """grade → Action; a grade the table does not name has no consequence (规则未规定)."""

    actions: tuple[tuple[str, Action], ...]
    where: str = "默认规则"  # the file, or the bureau's setting

    def for_grade(self, grade: str) -> Action | None:
        return dict(self.actions).get(grade)

    def texts(self) -> dict[str, str]:
        return {grade: action.text for grade, action in self.actions}


def rules_from_texts(texts: dict[str, str], where: str = "结果应用规则") -> Rules:
    """The table from grade → text (the bureau's setting); raises RuleError naming the grade."""
    actions = []
    for grade, text in texts.items():
        try:
            actions.append((grade, parse_action(text)))
        except RuleError as exc:
            raise RuleError(f"{where}中“{grade}”：{exc}") from None
    return Rules(tuple(actions), where)


DEFAULT_RULES = rules_from_texts(DEFAULT_TEXTS, "默认规则")


# how jixiao.sources.open_settings is asked to open a rules file
RULES_FILE = {"what": "结果应用规则文件", "keys": {g: g for g in GRADES}, "within": RULES_KEYS,
              "example": "中: 压减5%"}


def read_rules(source: str | Path | bytes, file: str | None = None) -> tuple[Rules | None, list[Problem]]:
    """The table of a rules file (consequences: {优: 优先保障, 中: 压减5%, …}, or the table alone)
    from its path or its bytes (an upload named `file`), opened by jixiao.sources.open_settings
    like every settings file; each bad entry is a problem at its line, and no table is given then."""
    settings = open_settings(Path(source) if isinstance(source, str) else source, file, **RULES_FILE)
    problems = list(settings.problems)
    if settings.tree is None or problems:
        return None, problems
    table: dict[str, Node] = settings.tree.value  # type: ignore[assignment]
    if not table:
        problems.append(error("results.rules", f"结果应用规则文件未写任何等级，应为“等级: 措施”的对照表，例如 {RULES_FILE['example']}",
                              settings.tree.where))
        return None, problems
    actions = []
    for grade, node in table.items():
        try:
            if not node.is_scalar:
                raise RuleError(f"应为一项措施（{ACTIONS_HELP}）")
            actions.append((grade, parse_action(str(node.value or ""))))
        except RuleError as exc:
            problems.append(error("results.rules", f"等级“{grade}”的结果应用规则无法读取：{exc}",
                                  node.where.with_(path=f"{RULES_KEY}.{grade}"), hint=f"写作 {grade}: 压减5% 之类，可用措施：{ACTIONS_HELP}"))
    if problems:
        return None, problems
    return Rules(tuple(actions), settings.file), problems

"""The 绩效目标申报表 (target declaration) as the department filled it in: the national
项目支出绩效目标申报表, or the 部门整体支出绩效目标申报表 where it differs (no 项目属性 or 项目期,
the department's 年度主要任务 instead). Every field keeps the place it was read from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..problems import Source
from .quantity import Quantity, Target
from .selfeval import SelfEvaluation

PROJECT = "project"
DEPARTMENT = "department"
FORMS = {PROJECT: "项目支出绩效目标申报表", DEPARTMENT: "部门整体支出绩效目标申报表"}
# the evaluation file's kind of a declaration on its own: not one of the evaluations' KINDS (the
# workspace creates evaluations, not declarations)
KIND = "declaration"


@dataclass(frozen=True)
class Entry:
    """A text of the form (项目名称, 主管部门, 年度总体目标 …) with its place."""

    text: str
    where: Source = field(default_factory=Source)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Amount:
    """A line of 资金总额 and its sources: 资金总额, 财政拨款, 其他资金 …, in the form's unit."""

    name: str
    amount: Decimal | None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class DeclaredFunds:
    total: Amount | None  # 资金总额 (年度资金总额)
    parts: tuple[Amount, ...] = ()  # 其中：财政拨款, 其他资金 …
    unit: str = "万元"
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class DeclaredIndicator:
    """A 三级指标 with its 指标值 (a target) and 指标设定依据."""

    name: str
    where: Source
    level1: str | None = None  # 产出指标, 效益指标, 满意度指标
    level2: str | None = None  # 数量指标, 质量指标, 时效指标, 成本指标 …
    target: Target | None = None
    basis: str | None = None  # 指标设定依据
    target_at: Source | None = None  # the 指标值's own cell or line, where it differs from the row's


@dataclass(frozen=True)
class Task:
    """部门整体: one 年度主要任务 with its 预算金额."""

    name: str
    amount: Decimal | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Actual:
    """Last year's actual value of an indicator (history), to set this year's target against."""

    name: str
    actual: Quantity
    year: int | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Peer:
    """The same indicator in another department's declaration of the year, to set a target against."""

    department: str
    name: str
    target: Quantity
    op: str = ">="
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Declaration:
    form: str  # PROJECT or DEPARTMENT
    name: Entry | None  # 项目名称, or 部门（单位）名称
    indicators: tuple[DeclaredIndicator, ...] = ()
    year: int | None = None
    department: Entry | None = None  # 主管部门
    implementer: Entry | None = None  # 实施单位
    attribute: Entry | None = None  # 项目属性 (新增项目 / 延续项目)
    period: Entry | None = None  # 项目期
    funds: DeclaredFunds | None = None
    goal: Entry | None = None  # 年度总体目标
    tasks: tuple[Task, ...] = ()
    history: tuple[Actual, ...] = ()
    peers: tuple[Peer, ...] = ()
    where: Source = field(default_factory=Source)

    @property
    def owner(self) -> str:
        """Whose declaration it is: its 主管部门, else its 单位 or project name."""
        entry = self.department or self.implementer or self.name
        return entry.text if entry is not None else ""


def history_from(se: SelfEvaluation, year: int | None = None) -> tuple[Actual, ...]:
    """Last year's 自评表 as history: every indicator whose 实际完成值 is a figure (in its target's unit
    where the form writes the figure bare: "50" beside "≥50个")."""
    out = []
    for i in se.indicators:
        actual = i.actual
        if not isinstance(actual, Quantity):
            continue
        if not actual.unit and i.target is not None and i.target.quantity is not None:
            actual = replace(actual, unit=i.target.quantity.unit)
        out.append(Actual(i.name, actual, year, i.where))
    return tuple(out)


# what a name may differ by and still be the same indicator: spaces, quotes, brackets, punctuation
_NOISE = re.compile(r"[\s\"'“”‘’《》〈〉「」()（）\[\]【】:：、,，。.;；·-]")
NEAR = 4  # a name within another counts only from this many characters ("合格率" is in too many)


def indicator_key(name: str) -> str:
    """The name as compared: full-width folded, without spaces, quotes, brackets and punctuation."""
    # parse imports the model package on its way in: read here, not at the top, or neither loads first
    from ..parse.quantity import normalize

    return _NOISE.sub("", normalize(name))


def same_indicator(a: str, b: str) -> bool:
    """The same name, or one ending the other ("培训合格率" and "职业技能培训合格率")."""
    ka, kb = indicator_key(a), indicator_key(b)
    if ka == kb:
        return bool(ka)
    short, long = sorted((ka, kb), key=len)
    return len(short) >= NEAR and long.endswith(short)


def peers_from(declarations, of: Declaration) -> tuple[Peer, ...]:
    """Every figure target of the other departments' declarations of the same year, as peers of one."""
    out = []
    for d in declarations:
        if d is of or (d.owner and d.owner == of.owner) or (d.year and of.year and d.year != of.year):
            continue
        for i in d.indicators:
            if i.target is not None and i.target.quantity is not None:
                out.append(Peer(d.owner, i.name, i.target.quantity, i.target.op, i.target_at or i.where))
    return tuple(out)

"""Format 1's optional `declaration:` (绩效目标申报表): the form's texts, funds, indicators and
last year's actual values (history), each located at its line or cell."""

from __future__ import annotations

from ..model.declaration import DEPARTMENT, FORMS, PROJECT, Actual, Amount, DeclaredFunds, DeclaredIndicator, Declaration, Entry, Task
from ..parse.tree import Reader

def form_kind(r: Reader, what: str, titles: dict[str, str]) -> str:
    """A cycle form's kind (project / department), named as the key or in Chinese (项目 / 部门整体, or the
    form's title in `titles`); said at its line where it is none of them."""
    names = {PROJECT: PROJECT, DEPARTMENT: DEPARTMENT, "项目": PROJECT, "部门整体": DEPARTMENT,
             **{title: key for key, title in titles.items()}}
    form = r.text("form", f"{what}类型（project / department）") or PROJECT
    if form not in names:
        r._fail(r.child("form"), "value", f"{what}类型“{form}”无法识别，应为 project（项目支出）或 department（部门整体支出）", value=form)  # type: ignore[arg-type]
    return names.get(form, PROJECT)


def entry(r: Reader, key: str, label: str) -> Entry | None:
    text = r.text(key, label)
    node = r.child(key)
    return None if text is None or node is None else Entry(text, node.where)


def _amount(m: Reader) -> Amount:
    a = Amount(m.text("name", "资金名称", required=True, example="财政拨款") or "", m.decimal("amount", "金额"), m.where)
    m.done()
    return a


def _funds(r: Reader | None) -> DeclaredFunds | None:
    if r is None:
        return None
    total = r.decimal("total", "资金总额")
    node = r.child("total")
    funds = DeclaredFunds(
        total=Amount("资金总额", total, node.where) if node is not None else None,
        parts=r.records("parts", _amount, "资金来源（parts）"),
        unit=r.text("unit", "金额单位") or "万元",
        where=r.where,
    )
    r.done()
    return funds


def _indicator(m: Reader) -> DeclaredIndicator:
    ind = DeclaredIndicator(
        name=m.text("name", "三级指标名称", required=True, example="培训人数") or "",
        where=m.where,
        level1=m.text("level1", "一级指标"),
        level2=m.text("level2", "二级指标"),
        target=m.target("target", "指标值"),
        basis=m.text("basis", "指标设定依据"),
        target_at=getattr(m.child("target"), "where", None),
    )
    m.done()
    return ind


def _task(m: Reader) -> Task:
    t = Task(m.text("name", "任务名称", required=True) or "", m.decimal("amount", "预算金额"), m.where)
    m.done()
    return t


def _actual(m: Reader) -> Actual | None:
    name = m.text("name", "三级指标名称", required=True) or ""
    actual = m.quantity("actual", "上年实际完成值", required=True)
    year = m.decimal("year", "年度")
    m.done()
    return None if actual is None else Actual(name, actual, int(year) if year is not None else None, m.where)


def declaration(r: Reader | None, year_of_file: int | None = None) -> Declaration | None:
    """The declaration; its year defaults to the file's (year:)."""
    if r is None:
        return None
    form = form_kind(r, "申报表", FORMS)
    year = r.decimal("year", "年度")
    d = Declaration(
        form=form,
        name=entry(r, "name", "项目名称"),
        indicators=r.records("indicators", _indicator, "绩效指标（indicators）"),
        year=int(year) if year is not None else year_of_file,
        department=entry(r, "department", "主管部门"),
        implementer=entry(r, "implementer", "实施单位"),
        attribute=entry(r, "attribute", "项目属性"),
        period=entry(r, "period", "项目期"),
        funds=_funds(r.map("funds", "资金（funds）")),
        goal=entry(r, "goal", "年度总体目标"),
        tasks=r.records("tasks", _task, "年度主要任务（tasks）"),
        history=tuple(a for a in r.records("history", _actual, "上年实际完成值（history）") if a),
        where=r.where,
    )
    r.done()
    return d

"""The demo's year, 自评 step (order 25, after 运行监控): the demo department's 自评表 in the 2024
round, the workbook the page's 在线填写 writes (rounds_fill), reviewed as any upload. Its figures are
the 2024 evaluation's own 附件3 (self_evaluation) and budget, never a second copy: the 自评表
agrees with the evaluation, and its 预期目标 is the goal the department declared."""

from __future__ import annotations

from ..metrics.budget import total
from . import rounds_fill as F
from .documents import analysis_of_text, stored_document
from .models import Round, RoundFile
from .rounds_review import review_now
from .store import head_revision
from .uploads import store

FILE_NAME = "人社局部门整体支出绩效自评表-在线填报.xlsx"


def _text(value) -> str:
    return "" if value is None else str(value)


def form_data(reference: dict, evaluation, goal: str) -> dict:
    """The online form's fields (rounds_fill.blank()'s shape) from the reference evaluation: its
    附件3 as the department filled it in, the 资金 from its 表1-2 budget."""
    se = reference["self_evaluation"]
    data = F.blank()
    name = evaluation.entity.name if evaluation.entity else reference["entity"]["name"]
    data["project"] = {"name": name, "department": name, "implementer": name}
    money = {k: _text(total(evaluation.budget, k)) for k in F.MONEY_KEYS}
    # every line of 表1-2 is 财政拨款 of the year; nothing carried over, nothing else
    data["funds"] = {"weight": _text(se["funds"]["weight"]), "score": _text(se["funds"].get("score")),
                     "rows": [dict(money, name=F.FUND_ROWS[0]), dict(money, name=F.FUND_ROWS[1])]
                     + [{"name": n, "initial": "0", "adjusted": "0", "spent": "0"} for n in F.FUND_ROWS[2:]]}
    rows = [{k: _text(i.get(k)) for k in F.LISTS["indicators"]} for i in se["indicators"]]
    data["indicators"] = rows
    achieved = "；".join(f"{r['name']}{r['actual']}" for r in rows if r["actual"])
    data["goals"] = [{"planned": goal, "achieved": f"全年完成：{achieved}。"}]
    data["total"] = _text(se.get("total"))
    return data


def demo_step(world) -> None:
    from .demo import DEPT_1

    department, clerk = world.orgs.get(DEPT_1), world.users.get("renshe")
    reference = world.evaluations.get("reference")
    r = Round.objects.filter(bureau=world.bureau, year=2024).first()
    revision = head_revision(reference) if reference is not None else None
    if department is None or clerk is None or r is None or revision is None:
        return
    # the 2024 evaluation as the database holds it (the page's own cached read)
    loaded, _analysis = analysis_of_text(revision.text)
    data = form_data(stored_document(revision.text), loaded.evaluation, _declared_goal(department, r.year))
    content = F.workbook(data, r.year)
    stored, digest = store(content, FILE_NAME)
    rf = RoundFile.objects.create(round=r, department=department, stored_name=stored, original_name=FILE_NAME,
                                  size=len(content), sha256=digest, uploaded_by=clerk)
    review_now(rf)


def _declared_goal(department, year: int) -> str:
    """The 年度总体目标 of the department's declaration of the year (web/declarations' demo step), if any."""
    from django.apps import apps

    if not apps.is_installed("jixiao.web.declarations"):
        return ""
    Declaration = apps.get_model("declarations", "Declaration")
    row = Declaration.objects.filter(department=department, year=year).order_by("-pk").first()
    doc = stored_document(row.text) if row is not None else None
    part = doc.get("declaration") if isinstance(doc, dict) else None
    return str(part.get("goal") or "") if isinstance(part, dict) else ""

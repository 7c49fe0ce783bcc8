"""What the prose says the department filled in on its 自评表 (“举报投诉案件结案率”……绩效自评填报实际完成值为97%)
against the 自评表 of 附件3 itself (=97.63%); the same figure at another precision agrees."""

from __future__ import annotations

import re
from typing import Iterator

from ...checks.base import Family
from ...parse.quantity import ParseError, parse_quantity
from ...problems import Problem, error
from ..recognise import self_form_tables
from ..selfform import self_evaluation
from .base import AuditContext, text_check

FAMILY = Family("audit.selfeval", "正文与自评表", {
    "audit.selfeval_stated": "正文所述自评填报值与附件自评表所填不符",
})
_STATED = re.compile(r"自评填报(?:的)?(?:实际完成值|完成值|值)(?:为|是)?\s*(?P<value>[=≥≤]?\d[\d,]*(?:\.\d+)?\s*(?:万|亿)?\s*(?:%|％|人次|人|件|个|元))")
_QUOTED = re.compile(r"“([^”]{2,40})”")


def _agree(a, b) -> bool:
    return a.unit == b.unit and (a.agrees_with(b.value) or b.agrees_with(a.value))


@text_check
def stated_self_values(ctx: AuditContext) -> Iterator[Problem]:
    form = self_evaluation(ctx.doc, self_form_tables(ctx.doc))
    if form is None:
        return
    rows = {row["name"]: row for row in form[0].get("indicators", []) if row.get("actual")}
    for p in ctx.doc.paragraphs:
        if p.part == "附件3" or p.heading is not None:
            continue
        names = [n for n in _QUOTED.findall(p.text) if n in rows]
        m = _STATED.search(p.text)
        if len(names) != 1 or m is None:
            continue
        filled = rows[names[0]]["actual"]
        try:
            said, written = parse_quantity(m.group("value").replace(" ", "")), parse_quantity(filled)
        except ParseError:
            continue
        if not _agree(said, written):
            yield error("audit.selfeval_stated", f"正文称“{names[0]}”{m.group()}，附件3自评表填报的实际完成值为{filled}",
                        ctx.doc.at_paragraph(p), hint="核对自评表后更正正文")

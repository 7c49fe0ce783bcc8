"""Findings against figures: a percentage a finding quotes for its indicator's deviation
(“超出预期指标值6.67%”) must be the one the verified figures give."""

from __future__ import annotations

import re
from typing import Iterator

from ..model.quantity import Quantity
from ..numbers import D, fmt
from ..problems import Problem, warning
from .base import Context, Family, agrees, check, deviation

FAMILY = Family(
    "findings", "问题与数据",
    {
        "findings.figure": "存在问题引用的偏差比例与核实数据计算所得不符",
    },
)

_QUOTED = re.compile(r"(?:超出|超过|高于|低于|偏差)[^0-9%。；]{0,12}?(\d+(?:\.\d+)?)\s*%")


@check
def quoted_deviations(ctx: Context) -> Iterator[Problem]:
    if ctx.sc is None:
        return
    for finding in ctx.ev.findings.issues:
        node = ctx.sc.by_code.get(finding.indicator or "")
        if node is None or not node.is_leaf or not isinstance(node.actual, Quantity):
            continue
        bench = node.indicator.benchmark
        verified = deviation(node.actual, bench) if bench is not None else None
        if verified is None:
            continue
        for match in _QUOTED.finditer(f"{finding.title}{finding.text or ''}"):
            quoted = D(match.group(1))
            if agrees(quoted, abs(verified)):
                continue
            reported = node.indicator.reported
            basis = ""
            if isinstance(reported, Quantity) and bench is not None:
                by_reported = deviation(reported, bench)
                if by_reported is not None and agrees(quoted, abs(by_reported)):
                    basis = f"；{match.group(1)}%是按填报值{reported}计算的结果"
            yield warning(
                "findings.figure",
                f"问题“{finding.title}”写明“{match.group(0)}”，按核实完成值{node.actual.display()}与目标值{bench}"
                f"计算的偏差比例为{fmt(verified)}%{basis}",
                finding.where.with_(indicator=node.code),
                quoted=quoted,
                computed=verified,
                hint="按核实完成值更正问题描述中的数字",
            )

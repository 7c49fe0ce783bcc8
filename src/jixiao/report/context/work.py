"""Chapter 二 评价工作简述: basis, methods, the indicator system, grading, team (表2-1) and phases."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.evaluation import Evaluation
from ...render.figures import weight_text
from ...scoring import Scorecard
from .. import texts as standard
from .common import period, strip_end


@dataclass(frozen=True)
class Method:
    name: str
    text: str


@dataclass(frozen=True)
class TeamRow:
    no: str
    name: str
    role: str
    duty: str


@dataclass(frozen=True)
class Phase:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class System:
    """The indicator system: how many first-, second- and third-level indicators (n1, n2, n3)."""

    n1: int
    n2: int
    n3: int
    sentence: str


@dataclass(frozen=True)
class Work:
    basis: tuple[str, ...]
    methods: tuple[Method, ...]
    grading: str
    team: tuple[TeamRow, ...]
    team_intro: str
    fieldwork: str
    phases: tuple[Phase, ...]


def counts(sc: Scorecard) -> tuple[int, int, int]:
    """How many first-, second- and third-level (leaf) indicators the tree has."""
    level2 = sum(1 for r in sc.roots for c in r.children if not c.is_leaf)
    return len(sc.roots), level2, len(sc.leaves())


def system_of(sc: Scorecard) -> System:
    n1, n2, n3 = counts(sc)
    names = "、".join(r.name for r in sc.roots)
    weights = "、".join(f"{weight_text(r.weight)}分" for r in sc.roots)
    sentence = (
        f"最终将本次绩效评价指标体系分为“{names}”{n1}个一级指标，权重分别为{weights}，"
        f"合计{weight_text(sc.weight)}分；二级指标{n2}个，三级指标{n3}个。"
    )
    return System(n1, n2, n3, sentence)


def grading_of(ev: Evaluation) -> str:
    bands = sorted(ev.grading, key=lambda b: -b.min)
    parts = []
    for k, band in enumerate(bands):
        low = weight_text(band.min)
        if k == 0:
            parts.append(f"评价得分{low}（含）分以上为{band.grade}")
        elif band.min == 0:
            parts.append(f"{weight_text(bands[k - 1].min)}分以下为{band.grade}")
        else:
            parts.append(f"{low}（含）—{weight_text(bands[k - 1].min)}分为{band.grade}")
    return f"绩效评价结果采取百分制，分{len(bands)}档：" + "，".join(parts) + "。"


def phases_of(ev: Evaluation, texts: dict[str, list[str]]) -> tuple[Phase, ...]:
    eng = ev.engagement
    if eng is None:
        return ()
    out = []
    for i, p in enumerate(eng.phases, start=1):
        when = period(p.start, p.end)
        body = standard.paragraphs(p.description) if p.description else texts.get(f"phase.{p.name}", [])
        out.append(Phase(f"（{i}）{p.name}" + (f"（{when}）" if when else ""), tuple(body)))
    return tuple(out)


def work_of(ev: Evaluation, texts: dict[str, list[str]]) -> Work:
    eng = ev.engagement
    if eng is None:
        return Work((), (), grading_of(ev), (), "", "", ())
    basis = tuple(f"{i}. {strip_end(b)}" + ("；" if i < len(eng.basis) else "。")
                  for i, b in enumerate(eng.basis, start=1))
    return Work(
        basis=basis,
        methods=tuple(Method(m, " ".join(texts.get(f"method.{m}", []))) for m in eng.methods),
        grading=grading_of(ev),
        team=tuple(TeamRow(str(i), m.name, m.role or "", m.duty or "") for i, m in enumerate(eng.team, start=1)),
        team_intro=(
            f"本次绩效评价的委托方为{eng.commissioned_by or '-'}，受托方为{eng.firm or '-'}，主评人为{eng.lead or '-'}。"
            f"评价工作包括前期调查、研究讨论、制定工作方案、调查取数、撰写评价报告等，评价组成员分工见表2-1。"
        ),
        fieldwork=period(eng.fieldwork_start, eng.fieldwork_end),
        phases=phases_of(ev, texts),
    )

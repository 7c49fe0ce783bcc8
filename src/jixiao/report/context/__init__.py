"""The report context: every number of the report formatted once, from one analysis.

Each chapter's module returns frozen records of text; `build_report` assembles them into
one `ReportContext`, and `build_context` gives it as the plain dicts and lists the Word,
PDF and HTML templates are filled from (docxtpl renders a dict), so the summary, the
body tables and the annexes cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...analysis import Analysis
from ...model.evaluation import Evaluation
from .. import texts as standard
from .analysis import Section, sections_of
from .annexes import Annex1, InfoRow, Interview, Photo, annex1_of, info_rows_of, interviews_of, photos_of
from .basics import Assets, Budget, Entity, TargetRow, assets_of, budget_of, entity_of, targets_of
from .common import as_template_data, date_cn_upper, period, short_name, year_text
from .conclusion import Chart, Summary, chart_of, summary_of
from .findings import Findings, findings_of
from .management import Point, management_of
from .front import CoverLine, Words, cover_lines, title_of, words_for
from .selfeval import SelfForm, SelfReport, self_form_of, self_report_of
from .work import Method, Phase, System, TeamRow, system_of, work_of

__all__ = ["ReportContext", "build_context", "build_report"]


@dataclass(frozen=True)
class ReportContext:
    """The whole report as text; field names are the template's tag names."""

    kind: str
    kind_label: str
    words: Words
    is_self: bool
    title: str
    subject: str
    short: str
    year: str
    cover: tuple[CoverLine, ...]
    date_month: str
    date_signature: str
    addressee: str
    firm: str
    lead: str
    texts: dict[str, list[str]]
    entity: Entity
    assets: Assets | None
    budget: Budget | None
    targets: tuple[TargetRow, ...]
    basis: tuple[str, ...]
    methods: tuple[Method, ...]
    grading: str
    team: tuple[TeamRow, ...]
    team_intro: str
    fieldwork: str
    phases: tuple[Phase, ...]
    findings: Findings
    management: tuple[Point, ...]
    interviews: tuple[Interview, ...]
    photos: tuple[Photo, ...]
    sections: tuple[Section, ...]
    summary: Summary | None
    system: System | None
    annex1: Annex1 | None
    chart: Chart | None
    self_form: SelfForm | None
    self_report: SelfReport | None
    info_rows: tuple[InfoRow, ...]


def report_texts(ev: Evaluation) -> dict[str, list[str]]:
    """The standard paragraphs with the subject's names filled in, overridden by the file's own."""
    eng = ev.engagement
    values = {
        "单位": short_name(ev),
        "全称": ev.subject_name,
        "年度": year_text(ev),
        "委托单位": (eng.commissioned_by if eng and eng.commissioned_by else "委托单位"),
        "评价机构": (eng.firm if eng and eng.firm else "评价机构"),
        "评价时段": period(eng.fieldwork_start, eng.fieldwork_end) if eng else "",
    }
    return standard.resolve(ev.texts, values, ev.kind)


def front_fields(ev: Evaluation) -> dict[str, Any]:
    eng = ev.engagement
    report_date = eng.report_date if eng else None
    return {
        "kind": ev.kind,
        "kind_label": ev.kind_label,
        "words": words_for(ev),
        "is_self": ev.kind == "project_self_evaluation",
        "title": title_of(ev),
        "subject": ev.subject_name,
        "short": short_name(ev),
        "year": year_text(ev),
        "cover": cover_lines(ev),
        "date_month": f"{report_date.year}年{report_date.month}月" if report_date else "",
        "date_signature": date_cn_upper(report_date),
        "addressee": f"{eng.commissioned_by}：" if eng and eng.commissioned_by else "",
        "firm": eng.firm if eng and eng.firm else "",
        "lead": eng.lead if eng and eng.lead else "",
    }


def build_report(analysis: Analysis) -> ReportContext:
    """The whole report as typed records, chapter by chapter."""
    ev, sc, ss = analysis.evaluation, analysis.scorecard, analysis.self_scorecard
    texts = report_texts(ev)
    entity, budget = entity_of(ev), budget_of(ev)
    scored = sc is not None and bool(sc.roots)
    form = self_form_of(ev, ss) if ss is not None else None
    work = work_of(ev, texts)
    return ReportContext(
        **front_fields(ev),
        texts=texts,
        entity=entity,
        assets=assets_of(ev),
        budget=budget,
        targets=targets_of(ev),
        basis=work.basis, methods=work.methods, grading=work.grading, team=work.team,
        team_intro=work.team_intro, fieldwork=work.fieldwork, phases=work.phases,
        findings=findings_of(ev, analysis.problems),
        management=management_of(ev),
        interviews=interviews_of(ev),
        photos=photos_of(ev),
        sections=sections_of(sc) if scored else (),
        summary=summary_of(ev, sc) if scored else None,
        system=system_of(sc) if scored else None,
        annex1=annex1_of(ev, sc) if scored else None,
        chart=chart_of(sc) if scored else None,
        self_form=form,
        self_report=self_report_of(ev, ss, form, texts) if form is not None and ev.kind == "project_self_evaluation"
        else None,
        info_rows=info_rows_of(ev, budget, entity),
    )


def build_context(analysis: Analysis) -> dict[str, Any]:
    """The whole report as text, ready for any renderer: the records as plain dicts and lists."""
    return as_template_data(build_report(analysis))

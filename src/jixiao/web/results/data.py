"""The 结果应用 figures of a bureau's year, from its 定稿 evaluations in the database: each one's 定稿
revision read and analysed as the CLI reads a file, its 整改 from the 整改 stage, the bureau's rule."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from django.db import transaction

from ...model.evaluation import KINDS
from ...results import DEFAULT_RULES, Results, Rules, entry_of, results_of, rules_from_texts
from ...results.rules import GRADES, RuleError, parse_action
from ..audit import record
from ..documents import analysis_of_text
from ..models import FINAL, Evaluation
from .models import Consequence


def bureau_rules(bureau) -> Rules:
    """The bureau's setting, else the default table (as `jixiao results` without --rules)."""
    rows = {c.grade: c.action for c in Consequence.objects.filter(bureau=bureau)}
    if not rows:
        return DEFAULT_RULES
    try:
        return rules_from_texts(rows, "本局结果应用规则")
    except RuleError:  # a row saved by an older version that no longer reads: the default, never a 500
        return DEFAULT_RULES


def save_rules(request, bureau, texts: dict[str, str], file: str = "") -> list[str]:
    """Save grade → action (imported from `file`, if given); returns the errors (Chinese, naming the
    grade) and saves nothing if any."""
    errors = []
    for grade in GRADES:
        try:
            parse_action(texts.get(grade, ""))
        except RuleError as exc:
            errors.append(f"“{grade}”：{exc}")
    if errors:
        return errors
    before = bureau_rules(bureau).texts()
    after = {g: parse_action(texts[g]).text for g in GRADES}
    with transaction.atomic():
        for grade, text in after.items():
            Consequence.objects.update_or_create(bureau=bureau, grade=grade,
                                                 defaults={"action": text, "updated_by": request.user})
        changed = "；".join(f"{g}：{before.get(g, '—')} → {t}" for g, t in after.items() if before.get(g) != t)
        record(request, "results_rules", f"结果应用规则{f'（导入文件 {file}）' if file else ''}：{changed or '未改变'}")
    return []


def _completion(evaluations: list[Evaluation]) -> dict[int, tuple[int, int]] | None:
    """整改 from the 整改 stage, or None while it is not there (shown as 未统计, never 0%)."""
    try:
        from ..rectification.summary import completion
    except ImportError:
        return None
    return completion(evaluations)


@dataclass(frozen=True)
class Year:
    results: Results
    evaluations: tuple[Evaluation, ...]  # the 定稿 ones counted
    pending: int  # this year's evaluations not yet 定稿, not counted
    unreadable: tuple[Evaluation, ...] = ()

    @property
    def digest(self) -> str:
        """Changes whenever what the report would show changes: a new 定稿, 整改, the rule."""
        parts = [repr(self.results.rules.texts())]
        parts += [f"{e.pk}:{e.final_revision_id}:{x.rectification}" for e, x in zip(self.evaluations, self.results.entries)]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def years_of(bureau) -> list[int]:
    years = Evaluation.objects.filter(bureau=bureau, year__isnull=False).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def year_results(bureau, year: int | None) -> Year:
    evaluations = Evaluation.objects.filter(bureau=bureau, year=year).select_related("department", "final_revision")
    evaluations = [e for e in evaluations if e.kind in KINDS]  # evaluations only, never a declaration
    final = [e for e in evaluations if e.status == FINAL and e.final_revision is not None]
    pending = sum(1 for e in evaluations if e.status != FINAL)
    rect = _completion(final)
    pairs, unreadable = [], []
    for ev in sorted(final, key=lambda e: e.pk):
        _, analysis = analysis_of_text(ev.final_revision.text)
        if analysis is None:
            unreadable.append(ev)
            continue
        entry = entry_of(analysis, rect.get(ev.pk) if rect is not None else None)
        if ev.department is not None:
            entry = dataclasses.replace(entry, department=ev.department.name)
        pairs.append((entry, ev))
    pairs.sort(key=lambda p: (p[0].department, p[0].kind, p[0].subject, p[0].file))
    results = results_of([e for e, _ in pairs], bureau_rules(bureau), year=year)
    return Year(results, tuple(ev for _, ev in pairs), pending, tuple(unreadable))

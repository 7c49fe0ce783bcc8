"""Saving revisions: the only code that writes an evaluation's document.

Every save names the revision it started from; if someone else saved in the
meantime, or the evaluation is 定稿, the save is refused and nothing changes.
The derived score table is rewritten in the same transaction.
"""

from __future__ import annotations

import contextlib
import copy

from django.db import transaction
from django.utils import timezone

from ..analysis import Analysis
from ..glossary import kind_key
from .documents import analysis_of_text, diff, stored_document, to_text
from . import stages
from .notify import review_reopened
from .models import APPROVED, DRAFT, FINAL, REVIEW, Deduction, Evaluation, LevelScore, Revision, ScoreSummary
from ..problems import Problem, Severity


class SaveRefused(Exception):
    """A save that must not happen; `message` is what the user reads."""

    def __init__(self, message: str, status: int = 409, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.problems = problems or []


def head_revision(ev: Evaluation) -> Revision | None:
    return ev.revisions.filter(number=ev.head).first() if ev.head else None


def head_document(ev: Evaluation) -> dict:
    rev = head_revision(ev)
    if rev is None:
        return {}
    return copy.deepcopy(stored_document(rev.text))


def validate(doc: dict) -> tuple[str, list[Problem]]:
    """The YAML text of a document, and the loading errors that forbid saving it."""
    text = to_text(doc)
    loaded, _ = analysis_of_text(text)
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if loaded.evaluation is None and not errors:
        errors = [Problem.make("input.empty", Severity.ERROR, "评价文件为空")]
    return text, errors


def save_revision(ev_id: int, doc: dict, base: int, user, message: str = "") -> Revision:
    """Append a revision made from `base`; SaveRefused if `base` is not the head."""
    text, errors = validate(doc)
    if errors:
        raise SaveRefused("内容有错误，未保存：" + "；".join(f"{p.where}：{p.message}" for p in errors[:5]), 422, errors)
    with transaction.atomic():
        ev = Evaluation.objects.select_for_update().get(pk=ev_id)
        if ev.status == FINAL:
            raise SaveRefused(f"该评价已于 {timezone.localtime(ev.finalised_at):%Y-%m-%d %H:%M} 定稿，不能再修改；如需修改，请开始新版本。")
        if base != ev.head:
            latest = head_revision(ev)
            who = latest.author.get_username() if latest else ""
            raise SaveRefused(
                f"保存被拒绝：您基于修订 {base} 修改，但 {who} 已在 "
                f"{timezone.localtime(latest.created_at):%H:%M:%S} 保存了修订 {ev.head}。"
                "您的修改没有覆盖任何内容；请打开最新修订后重新修改。"
            )
        old_rev = head_revision(ev)
        old_doc = stored_document(old_rev.text) if old_rev else None  # parsed once per process; only read
        if old_rev is not None and old_rev.text == text:
            raise SaveRefused("内容没有变化，未生成新修订。", 422)
        changes = [c.to_json() for c in diff(old_doc, doc)] if old_doc is not None else []
        rev = Revision.objects.create(
            evaluation=ev,
            number=ev.head + 1,
            base=base,
            text=text,
            sha256=Revision.digest(text),
            author=user,
            message=message[:300],
            changes=changes[:500],
        )
        ev.head = rev.number
        _describe(ev, doc)
        reopened = ev.status == APPROVED  # 质控 passed another text: this one is reviewed again (notify.py)
        if reopened:
            ev.status = REVIEW
        ev.save()
        refresh_summary(ev, rev)
        if reopened:
            transaction.on_commit(lambda: review_reopened(ev, rev, user))
    return rev


def _describe(ev: Evaluation, doc: dict) -> None:
    """Copy the list columns (title, subject, year, kind) from the document."""
    ev.title = str(doc.get("title") or ev.title or "未命名评价")[:300]
    subject = (doc.get("entity") or {}).get("name") if isinstance(doc.get("entity"), dict) else None
    if not subject and isinstance(doc.get("project"), dict):
        subject = doc["project"].get("name")
    ev.subject = str(subject or ev.subject or "")[:300]
    ev.kind = kind_key(doc.get("kind") or ev.kind)[:40]  # 部门整体支出绩效评价 typed in YAML or the API is department
    try:
        ev.year = int(str(doc.get("year"))) if doc.get("year") not in (None, "") else None
    except ValueError:
        pass


def refresh_summary(ev: Evaluation, rev: Revision) -> Analysis | None:
    loaded, analysis = analysis_of_text(rev.text)
    ScoreSummary.objects.filter(evaluation=ev).delete()
    LevelScore.objects.filter(evaluation=ev).delete()
    Deduction.objects.filter(evaluation=ev).delete()
    if analysis is None:
        ScoreSummary.objects.create(evaluation=ev, revision=rev.number, problem_count=len(loaded.problems),
                                    error_count=len(loaded.problems))
        return None
    sc, ss = analysis.scorecard, analysis.self_scorecard
    problems = list(loaded.problems) + list(analysis.problems)
    headline = analysis.headline
    ScoreSummary.objects.create(
        evaluation=ev,
        revision=rev.number,
        total=headline.total if headline else None,
        weight=headline.weight if headline else None,
        scored_weight=headline.scored_weight if headline else None,
        grade=headline.grade if headline else "",
        provisional=bool(headline and headline.provisional),
        self_total=ss.total if ss else None,
        problem_count=len(problems),
        error_count=sum(1 for p in problems if p.severity is Severity.ERROR),
    )
    if sc:
        LevelScore.objects.bulk_create(
            LevelScore(evaluation=ev, code=r.code, name=r.name, weight=r.weight, score=r.score) for r in sc.roots
        )
        Deduction.objects.bulk_create(
            Deduction(evaluation=ev, code=n.code, name=n.name, lost=n.weight - n.score, reason=n.reason)
            for n in sc.leaves()
            if n.score is not None and n.score < n.weight
        )
    return analysis


def create_evaluation(doc: dict, user, bureau, firm=None, department=None, message: str = "创建") -> Evaluation:
    text, errors = validate(doc)
    if errors:
        raise SaveRefused("内容有错误，未创建：" + "；".join(f"{p.where}：{p.message}" for p in errors[:5]), 422, errors)
    with transaction.atomic():
        ev = Evaluation(bureau=bureau, firm=firm, department=department, title="", kind="", status=DRAFT)
        _describe(ev, doc)
        ev.save()
        save_revision(ev.pk, doc, 0, user, message)
        ev.refresh_from_db()
    return ev


def finalise(ev_id: int, user) -> Evaluation:
    """Freeze the head revision: its SHA-256 and a signed manifest of what it scores (signing.py),
    committed durably (on SQLite with synchronous=FULL)."""
    from . import signing

    with _durable(), transaction.atomic():
        ev = Evaluation.objects.select_for_update().get(pk=ev_id)
        if ev.status == FINAL:
            raise SaveRefused("该评价已定稿。")
        rev = head_revision(ev)
        if rev is None:
            raise SaveRefused("没有可定稿的内容。", 422)
        at = timezone.now()
        manifest = signing.manifest_of(ev, rev, analysis_of_text(rev.text)[1], user, at)
        try:
            signature = signing.sign(manifest)
        except signing.SigningError as exc:
            raise SaveRefused(f"未能定稿：{exc.message}。定稿需要签名密钥，请联系系统管理员。", 503)
        ev.status = FINAL
        ev.final_revision = rev
        ev.final_sha256 = Revision.digest(rev.text)
        ev.final_manifest = manifest
        ev.final_signature = signature
        ev.finalised_at = at
        ev.finalised_by = user
        ev.save()
    stages.finalised.send(sender=Evaluation, evaluation=ev, user=user)
    return ev


@contextlib.contextmanager
def _durable():
    """On SQLite, a 定稿 is committed with synchronous=FULL (the WAL synced at commit), not the
    NORMAL every other write uses, so a power cut right after 已定稿 cannot undo it. SQLite
    refuses the change inside a transaction: within an outer one the outer commit decides."""
    from django.db import connection

    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        before = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA synchronous=FULL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={before:d}")


def verify_final(ev: Evaluation, request=None) -> bool:
    """The 定稿 still is what was frozen: its signature holds (or, for an older unsigned 定稿,
    its text still has the recorded SHA-256), the scores recomputed from the text are the
    signed ones, and so are those of the score table. Details: signing.check."""
    from . import signing

    return signing.check(ev, request=request).ok


def start_new_version(ev_id: int, user) -> Evaluation:
    """A 定稿 evaluation is never changed; a new, separate version starts from it."""
    with transaction.atomic():
        old = Evaluation.objects.select_for_update().get(pk=ev_id)
        if old.status != FINAL:
            raise SaveRefused("只有已定稿的评价才能开始新版本。", 422)
        existing = old.next_versions.first()
        if existing is not None:
            return existing
        from . import signing

        check = signing.check(old)
        if not check.ok:  # else a text rewritten behind the 定稿 would start a clean draft, to be signed anew
            raise SaveRefused(f"第 {old.version} 版定稿校验不一致，不能由它开始新版本：" + "；".join(check.problems)
                              + "。请联系财政局管理员核查。", 409)
        doc = copy.deepcopy(stored_document(old.final_revision.text))
        new = Evaluation.objects.create(
            bureau=old.bureau, firm=old.firm, department=old.department, title=old.title, subject=old.subject,
            kind=old.kind, year=old.year, version=old.version + 1, previous_version=old, status=DRAFT,
        )
        new.shared_with.set(old.shared_with.all())
        save_revision(new.pk, doc, 0, user, f"由第 {old.version} 版（定稿）开始第 {old.version + 1} 版")
        new.refresh_from_db()
    return new

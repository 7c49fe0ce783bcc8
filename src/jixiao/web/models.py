"""Organisations, people, evaluations as revisions, attachments, the audit log,
and the derived score table the portfolio reads."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .chain import chain_key, content_of, digest

BUREAU, FIRM, DEPARTMENT = "bureau", "firm", "department"
ORG_KINDS = [(BUREAU, "财政局"), (FIRM, "评价机构"), (DEPARTMENT, "被评价单位")]

ADMIN, EVALUATOR, REVIEWER, ENTITY, AUDITOR = "admin", "evaluator", "reviewer", "entity", "auditor"
# The 审计管理员 of a bureau reads and verifies its audit log and nothing else; the
# 财政局管理员 manages but does not audit (separation of duties, 三员分立).
ROLES = [(ADMIN, "财政局管理员"), (EVALUATOR, "评价人员"), (REVIEWER, "质控人员"), (ENTITY, "被评价单位填报人"),
         (AUDITOR, "审计管理员")]

DRAFT, REVIEW, APPROVED, FINAL = "draft", "review", "approved", "final"
STATUSES = [(DRAFT, "编制中"), (REVIEW, "质控中"), (APPROVED, "质控通过"), (FINAL, "已定稿")]


class Organisation(models.Model):
    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=20, choices=ORG_KINDS)
    # The bureau a firm or department works with (its own row for a bureau).
    bureau = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="members")

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    role = models.CharField("角色", max_length=20, choices=ROLES)
    display_name = models.CharField("姓名", max_length=100, blank=True)
    api_token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.display_name or self.user.username}（{self.organisation}·{self.get_role_display()}）"


class Evaluation(models.Model):
    bureau = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bureau_evaluations")
    firm = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="firm_evaluations")
    department = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="department_evaluations"
    )
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="shared_evaluations")
    title = models.CharField("标题", max_length=300)
    subject = models.CharField("被评价对象", max_length=300, blank=True)
    kind = models.CharField("评价类型", max_length=40)
    year = models.IntegerField("年度", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=STATUSES, default=DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    previous_version = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions")
    head = models.PositiveIntegerField("当前修订号", default=0)
    final_revision = models.ForeignKey("Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    final_sha256 = models.CharField(max_length=64, blank=True)
    # What the 定稿 froze (JSON: text's SHA-256, engine version, scores, who, when) exactly as
    # signed, and its HMAC under a key kept outside the database (signing.py). Blank: an
    # older 定稿, hash-checked only.
    final_manifest = models.TextField(blank=True)
    final_signature = models.CharField(max_length=200, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)  # the bureau published the results (workflow_models)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "subject", "-version", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_final(self) -> bool:
        return self.status == FINAL

    @property
    def kind_label(self) -> str:
        from ..model.evaluation import KINDS

        return KINDS.get(self.kind, self.kind)


class Revision(models.Model):
    """One saved state of the evaluation's document, as format-1 YAML text."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    base = models.PositiveIntegerField(default=0)
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    message = models.CharField("说明", max_length=300, blank=True)
    changes = models.JSONField(default=list)  # [{indicator, path, field, old, new}]

    class Meta:
        ordering = ["evaluation", "number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="revision_number_unique")]

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Comment(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(default=0)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # What it is about: an indicator's code (C23) or a field's path; blank: the whole evaluation.
    target = models.CharField(max_length=300, blank=True, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]


class Attachment(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(max_length=80, unique=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    is_image = models.BooleanField(default=False)
    width = models.IntegerField(null=True, blank=True)
    height = models.IntegerField(null=True, blank=True)
    caption = models.CharField("说明", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]


class AuditImmutable(Exception):
    """An attempt to change or remove an audit row through the ORM."""


class AppendOnlyQuerySet(models.QuerySet):
    """Audit rows are written once, one at a time through web/audit.py, never changed."""

    def update(self, **kwargs):
        raise AuditImmutable("审计日志只能追加，不能修改")

    def delete(self):
        raise AuditImmutable("审计日志只能追加，不能删除")

    def bulk_create(self, *args, **kwargs):  # would skip the hash chain
        raise AuditImmutable("审计记录须逐条写入（web/audit.py），以便接入哈希链")

    def bulk_update(self, *args, **kwargs):
        raise AuditImmutable("审计日志只能追加，不能修改")


class AuditChain(models.Model):
    """The head of one bureau's audit chain (or of the rows tied to no bureau): how many
    rows it has and the SHA-256 of the last. Appending locks this row, so parallel
    writers queue instead of forking the chain; verifying compares the rows with it, so
    rows removed from the end are noticed too."""

    key = models.CharField(max_length=40, unique=True)  # "bureau:<id>" or "system"
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    length = models.PositiveBigIntegerField(default=0)
    head = models.CharField(max_length=64, blank=True)

    @classmethod
    def locked(cls, organisation_id: int | None) -> AuditChain:
        """The chain's head row, locked for the rest of the transaction (started if new)."""
        key = chain_key(organisation_id)
        for _ in range(3):
            # FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the write lock.
            head = cls.objects.select_for_update().filter(key=key).first()
            if head is not None:
                return head
            try:
                with transaction.atomic():
                    return cls.objects.create(key=key, organisation_id=organisation_id)
            except IntegrityError:  # another writer started the chain first: lock theirs
                continue
        raise RuntimeError(f"无法锁定审计链 {key}")


class AuditEntry(models.Model):
    """One event, written once by web/audit.py. `seq`, `prev_hash` and `hash` place it in
    its bureau's chain: hash = SHA-256 of the previous row's hash and this row's content."""

    at = models.DateTimeField(default=timezone.now, db_index=True)  # set before hashing, not on save
    # No database constraint: a user removed later leaves the row (and its username) as written.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    username = models.CharField(max_length=150, blank=True, db_index=True)
    action = models.CharField(max_length=40, db_index=True)
    evaluation_id_ref = models.BigIntegerField(null=True, blank=True)
    detail = models.TextField(blank=True)
    ip = models.CharField(max_length=64, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    request_id = models.CharField(max_length=64, blank=True)
    seq = models.PositiveBigIntegerField(default=0)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "seq"], name="audit_seq_unique_per_bureau"),
            models.UniqueConstraint(fields=["seq"], condition=models.Q(organisation__isnull=True),
                                    name="audit_seq_unique_system"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutable("审计日志只能追加，不能修改")
        # At the end of its bureau's chain: the head row stays locked until the row is in.
        with transaction.atomic():
            head = AuditChain.locked(self.organisation_id)
            self.seq = head.length + 1
            self.prev_hash = head.head
            self.at = timezone.now()  # under the lock: time order is chain order
            self.hash = digest(self.prev_hash, content_of(self))
            super().save(*args, **kwargs)
            AuditChain.objects.filter(pk=head.pk).update(length=self.seq, head=self.hash)

    def delete(self, *args, **kwargs):
        raise AuditImmutable("审计日志只能追加，不能删除")


class ScoreSummary(models.Model):
    """Derived from the head revision on every save; the portfolio reads only this."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="summary")
    revision = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    grade = models.CharField(max_length=10, blank=True)
    provisional = models.BooleanField(default=False)
    # weight of the leaves (or form rows) that were scored: a provisional total says 已评分权重 10/100
    scored_weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    self_total = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    problem_count = models.IntegerField(default=0)
    error_count = models.IntegerField(default=0)

    @property
    def headline(self):
        """The stored total as every page shows it (jixiao.analysis.Headline), without analysing again."""
        from ..analysis import Headline

        if self.total is None:
            return None
        from decimal import Decimal

        weight = self.weight if self.weight is not None else Decimal(0)
        scored = self.scored_weight if self.scored_weight is not None else weight  # saved before 0002: as if all scored
        return Headline(self.total, self.grade, weight, scored, self.provisional)


class LevelScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="level_scores")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    weight = models.DecimalField(max_digits=12, decimal_places=4)
    score = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)


class Deduction(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="deductions")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    lost = models.DecimalField(max_digits=12, decimal_places=4)
    reason = models.TextField(blank=True)


JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED = "queued", "running", "done", "failed"
JOB_STATUSES = [(JOB_QUEUED, "排队中"), (JOB_RUNNING, "生成中"), (JOB_DONE, "已完成"), (JOB_FAILED, "失败")]


class Job(models.Model):
    """Work done outside the request by the task worker (jobs.py): a report now, other long
    work later. `kind` and `params` say what to do; `key` is what makes two requests the
    same work, so a second request for it is answered by the first job."""

    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    key = models.CharField(max_length=200, db_index=True)
    evaluation = models.ForeignKey(Evaluation, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs")
    revision = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    status = models.CharField("状态", max_length=20, choices=JOB_STATUSES, default=JOB_QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=200, blank=True)  # what it is doing now, as the user reads it
    result_path = models.CharField(max_length=300, blank=True)  # relative to the data directory
    result_name = models.CharField(max_length=300, blank=True)  # the file name the user downloads
    content_type = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)  # why it failed, in Chinese
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)  # host:pid running it, to tell an interrupted job
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        return self.status in (JOB_DONE, JOB_FAILED)


class PasswordRecord(models.Model):
    """A password a user had (its hash) and when it was set: the history the policy reads (web/passwords.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(max_length=128)
    temporary = models.BooleanField(default=False)  # set by an administrator: changed at the next login
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]


# 自评 rounds (their own module, registered with this app by being imported here).
from .rounds_models import (  # noqa: E402,F401
    FORM_CONFIRMED, FORM_ERRORS, FORM_MISSING, FORM_RETURNED, FORM_STATUSES, FORM_SUBMITTED, REVIEW_DONE, REVIEW_FAILED,
    REVIEW_NONE, REVIEW_QUEUED, ROUND_CLOSED, ROUND_OPEN, Round, RoundDraft, RoundFile, RoundForm,
)
# The workflow's settings and notifications (web/workflow_models.py).
from .workflow_models import (  # noqa: E402,F401
    PUBLISH_AT_FINAL, PUBLISH_ON_PUBLICATION, PUBLISH_RULES, BureauPolicy, Notification,
)

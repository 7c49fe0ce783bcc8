"""A bureau's 自评 round: the departments in scope, the workbooks they (or the bureau)
upload, and one row per form found in them with its review, as the round page lists it.

Imported by models.py; foreign keys name the other models by label so this module needs
nothing from there."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ROUND_OPEN, ROUND_CLOSED = "open", "closed"
ROUND_STATUSES = [(ROUND_OPEN, "进行中"), (ROUND_CLOSED, "已结束")]

FORM_MISSING, FORM_SUBMITTED, FORM_ERRORS, FORM_RETURNED, FORM_CONFIRMED = (
    "missing", "submitted", "errors", "returned", "confirmed")
FORM_STATUSES = [(FORM_MISSING, "未提交"), (FORM_SUBMITTED, "已提交"), (FORM_ERRORS, "有错误"),
                 (FORM_RETURNED, "已退回"), (FORM_CONFIRMED, "已确认")]

REVIEW_NONE, REVIEW_QUEUED, REVIEW_DONE, REVIEW_FAILED = "none", "queued", "done", "failed"
REVIEW_STATES = [(REVIEW_NONE, "未复核"), (REVIEW_QUEUED, "复核中"), (REVIEW_DONE, "已复核"),
                 (REVIEW_FAILED, "复核失败")]


class Round(models.Model):
    bureau = models.ForeignKey("jixiao.Organisation", on_delete=models.PROTECT, related_name="rounds")
    year = models.IntegerField("年度")
    name = models.CharField("名称", max_length=200)
    deadline = models.DateField("截止日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=ROUND_STATUSES, default=ROUND_OPEN)
    departments = models.ManyToManyField("jixiao.Organisation", blank=True, related_name="scoped_rounds")
    projects = models.JSONField(default=list)  # project names in scope, as the bureau wrote them
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name if str(self.year) in self.name else f"{self.year}年 {self.name}"

    @property
    def is_open(self) -> bool:
        return self.status == ROUND_OPEN


class RoundFile(models.Model):
    """One uploaded workbook or Word form, stored in the data directory as uploads are."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="files")
    department = models.ForeignKey("jixiao.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    stored_name = models.CharField(max_length=80, unique=True)
    original_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    job = models.ForeignKey("jixiao.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review = models.CharField(max_length=20, choices=REVIEW_STATES, default=REVIEW_NONE)
    error = models.TextField(blank=True)  # why the file could not be reviewed, in Chinese, with what to do

    class Meta:
        ordering = ["id"]


class RoundForm(models.Model):
    """A department's place in the round (未提交 until a form arrives) or one form read from a
    file, with its review. The list page sorts and filters on these columns in the database."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="forms")
    department = models.ForeignKey("jixiao.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="round_forms")
    department_name = models.CharField("单位", max_length=200, blank=True)  # copied: sorted without a join
    file = models.ForeignKey(RoundFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="forms")
    position = models.PositiveIntegerField(default=0)  # the form's place among the file's forms
    label = models.CharField("项目", max_length=300, blank=True)
    sheet = models.CharField(max_length=200, blank=True)  # where in the file: a sheet, or 表N of a Word form
    layout = models.CharField(max_length=100, blank=True)  # the layout jixiao read it in, as the user reads it
    status = models.CharField("状态", max_length=20, choices=FORM_STATUSES, default=FORM_MISSING)
    self_total = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    review_total = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    difference = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)  # 复核 − 填报
    grade = models.CharField(max_length=10, blank=True)
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    scored_weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    provisional = models.BooleanField(default=False)
    error_count = models.IntegerField(default=0)
    warning_count = models.IntegerField(default=0)
    problems = models.JSONField(default=list)  # [{severity, code, message, where, place}]
    note = models.TextField("退回说明", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["round", "status", "id"], name="roundform_status"),
            models.Index(fields=["round", "department", "id"], name="roundform_own"),
            models.Index(fields=["round", "department_name", "id"], name="roundform_department"),
            models.Index(fields=["round", "self_total", "id"], name="roundform_self_total"),
            models.Index(fields=["round", "review_total", "id"], name="roundform_review_total"),
            models.Index(fields=["round", "difference", "id"], name="roundform_difference"),
            models.Index(fields=["round", "error_count", "id"], name="roundform_errors"),
            models.Index(fields=["round", "warning_count", "id"], name="roundform_warnings"),
        ]


class RoundDraft(models.Model):
    """A department's 自评表 filled in the page (rounds_fill.py): what it typed, kept between visits,
    and the workbook its last 提交 made, which the round reviews as any upload."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="drafts")
    department = models.ForeignKey("jixiao.Organisation", on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)  # the form's fields as typed (text), see rounds_fill.blank()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted = models.ForeignKey(RoundFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "department"], name="rounddraft_one_per_department")]

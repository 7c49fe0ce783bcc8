"""目标申报: the stage's records — one 绩效目标申报表 of a department's year, stored as format-1 YAML
(the one source the page, the review and the workbook are made from), with its last review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
STATUSES = [(DRAFT, "填报中"), (SUBMITTED, "已提交"), (RETURNED, "退回"), (APPROVED, "已审核通过")]
EDITABLE = (DRAFT, RETURNED)  # the department may change and submit it
REVIEWED = (SUBMITTED, RETURNED, APPROVED)  # sent at least once: the other departments' peers


def next_year() -> int:
    """The year a department declares targets for now: next year's budget is being prepared."""
    return timezone.localdate().year + 1


class Declaration(models.Model):
    bureau = models.ForeignKey("jixiao.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("jixiao.Organisation", on_delete=models.PROTECT, related_name="declarations")
    year = models.IntegerField("年度", db_index=True)
    form = models.CharField("申报表", max_length=20, default="project")  # model.declaration PROJECT / DEPARTMENT
    name = models.CharField("项目名称", max_length=300, blank=True)
    total = models.DecimalField("资金总额", max_digits=16, decimal_places=4, null=True, blank=True)
    text = models.TextField()  # format-1 YAML: kind declaration
    # the uploaded workbook or Word form while it is the source (problems then name its cells);
    # an online edit makes the form the source again
    stored_name = models.CharField(max_length=80, blank=True)
    original_name = models.CharField("上传文件", max_length=255, blank=True)
    status = models.CharField("状态", max_length=20, choices=STATUSES, default=DRAFT, db_index=True)
    error_count = models.IntegerField(default=0)
    warning_count = models.IntegerField(default=0)
    note_count = models.IntegerField(default=0)
    problems = models.JSONField(default=list)  # [{severity, severity_label, code, message, where, field}]
    note = models.TextField("退回说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "department__name", "id"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name or '绩效目标申报表'}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

"""整改: the stage's records — one 整改事项 per problem of a 定稿 evaluation, its evidence, and
the bureau's default time allowed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

TODO, DOING, SUBMITTED, CONFIRMED, RETURNED = "todo", "doing", "submitted", "confirmed", "returned"
STATUSES = [(TODO, "待整改"), (DOING, "整改中"), (SUBMITTED, "已提交"), (CONFIRMED, "已确认"), (RETURNED, "退回")]
# what the department still has to do something about
OPEN = (TODO, DOING, RETURNED)
DEFAULT_MONTHS = 3


class Policy(models.Model):
    """The bureau's default 整改期限: so many months after the evaluation's 定稿."""

    bureau = models.OneToOneField("jixiao.Organisation", on_delete=models.CASCADE, related_name="rectification_policy")
    months = models.PositiveSmallIntegerField("整改期限（定稿后月数）", default=DEFAULT_MONTHS)


class Item(models.Model):
    """A 整改事项: a problem the evaluation found, with the suggestions of its area."""

    evaluation = models.ForeignKey("jixiao.Evaluation", on_delete=models.CASCADE, related_name="rectification_items")
    bureau = models.ForeignKey("jixiao.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("jixiao.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField("序号")
    area = models.CharField("方面", max_length=200, blank=True)
    title = models.CharField("问题", max_length=500)
    problem = models.TextField("问题描述", blank=True)
    suggestions = models.TextField("建议", blank=True)
    indicator = models.CharField("相关指标", max_length=40, blank=True)
    deadline = models.DateField("整改期限")
    status = models.CharField("状态", max_length=20, choices=STATUSES, default=TODO, db_index=True)
    measures = models.TextField("整改措施", blank=True)
    effect = models.TextField("整改成效", blank=True)
    completed_on = models.DateField("完成时间", null=True, blank=True)
    note = models.TextField("财政局意见", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["evaluation_id", "number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="rectification_item_number")]

    def __str__(self) -> str:
        return f"整改事项{self.number}：{self.title}"

    def overdue(self, today) -> bool:
        return self.status != CONFIRMED and self.deadline < today


class Evidence(models.Model):
    """An uploaded 整改佐证 file, stored as the evaluation's attachments are (web/uploads.py)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="evidence")
    stored_name = models.CharField(max_length=80, unique=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    is_image = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

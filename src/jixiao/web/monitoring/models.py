"""运行监控: the stage's records — the bureau's 预警 rules, and each 绩效运行监控表 a department sent
for a project (or its 部门整体) and a 监控期, stored as format-1 YAML with its figures and alerts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from ...model.monitoring import AlertRules

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


class Rules(models.Model):
    """The bureau's 预警 rules (the defaults of model.monitoring.AlertRules until it sets its own)."""

    bureau = models.OneToOneField("jixiao.Organisation", on_delete=models.CASCADE, related_name="monitoring_rules")
    lag_points = models.DecimalField("执行进度落后预警线（百分点）", max_digits=6, decimal_places=2, default=Decimal(10))
    unreachable_share = models.DecimalField("目标推算允许差距（%）", max_digits=6, decimal_places=2, default=Decimal(0))
    lag = models.BooleanField("执行进度落后于时间进度", default=True)
    unreachable = models.BooleanField("按进度推算年度目标无法完成", default=True)
    cost_over = models.BooleanField("成本指标已超上限", default=True)
    over_budget = models.BooleanField("执行数超过全年预算数", default=True)
    reason_missing = models.BooleanField("偏差未填写原因和纠偏措施", default=True)

    SWITCHES = ("lag", "unreachable", "cost_over", "over_budget", "reason_missing")

    def to_rules(self) -> AlertRules:
        return AlertRules(lag_points=self.lag_points, unreachable_share=self.unreachable_share,
                          **{name: getattr(self, name) for name in self.SWITCHES})


class Report(models.Model):
    """One 绩效运行监控表: a department's project (or 部门整体) for 1–months月 of a year."""

    bureau = models.ForeignKey("jixiao.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("jixiao.Organisation", on_delete=models.PROTECT, related_name="monitoring_reports")
    year = models.IntegerField("年度", db_index=True)
    months = models.PositiveSmallIntegerField("监控期（1—N月）")
    form = models.CharField("监控表", max_length=20, default="project")  # model.monitoring PROJECT / DEPARTMENT
    name = models.CharField("项目名称", max_length=300)
    text = models.TextField()  # format-1 YAML: kind monitoring
    original_name = models.CharField("上传文件", max_length=255, blank=True)
    stored_name = models.CharField(max_length=80, blank=True)  # the workbook or Word file as sent (web/uploads.py)
    budget = models.DecimalField("全年预算数", max_digits=16, decimal_places=4, null=True, blank=True)
    executed = models.DecimalField("执行数", max_digits=16, decimal_places=4, null=True, blank=True)
    rate = models.DecimalField("执行进度（%）", max_digits=12, decimal_places=4, null=True, blank=True)
    time_progress = models.DecimalField("时间进度（%）", max_digits=8, decimal_places=4)
    alert_count = models.IntegerField("预警数", default=0, db_index=True)
    error_count = models.IntegerField(default=0)
    worst = models.TextField("最严重的预警", blank=True)
    problems = models.JSONField(default=list)  # [{severity, severity_label, code, message, where}]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-months", "department__name", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["department", "year", "months", "form", "name"], name="monitoring_report_once")]

    def __str__(self) -> str:
        return f"{self.year}年1—{self.months}月 {self.name}"

    @property
    def period(self) -> str:
        return f"1—{self.months}月"

    @property
    def behind(self) -> Decimal | None:
        """How many points 执行进度 is behind 时间进度 (negative: ahead)."""
        return None if self.rate is None else self.time_progress - self.rate

    @property
    def alerts(self) -> list[dict]:
        return [p for p in self.problems if str(p.get("code", "")).startswith("monitoring.")]

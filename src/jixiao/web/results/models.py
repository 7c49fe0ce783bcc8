"""结果应用: the stage's records — the bureau's rule for what each grade means for next year's budget."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Consequence(models.Model):
    """One row of the bureau's 结果应用规则: a grade and its action (优先保障, 维持, 压减5%, 取消 …),
    read by jixiao.results.rules.parse_action like the rules file of `jixiao results`."""

    bureau = models.ForeignKey("jixiao.Organisation", on_delete=models.CASCADE, related_name="result_consequences")
    grade = models.CharField("等级", max_length=20)
    action = models.CharField("结果应用", max_length=40)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bureau", "grade"], name="results_one_action_per_grade")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.grade} → {self.action}"

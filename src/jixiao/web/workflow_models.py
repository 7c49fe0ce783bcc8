"""What the workflow keeps besides the evaluation's status: each bureau's rule for when a
department sees its results, and the notifications a user has been sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models

PUBLISH_AT_FINAL, PUBLISH_ON_PUBLICATION = "final", "publication"
PUBLISH_RULES = [(PUBLISH_AT_FINAL, "定稿后即向被评价单位公开"), (PUBLISH_ON_PUBLICATION, "财政局发布后向被评价单位公开")]


class BureauPolicy(models.Model):
    """A bureau's settings for its evaluations; a bureau without a row publishes at 定稿."""

    bureau = models.OneToOneField("jixiao.Organisation", on_delete=models.CASCADE, related_name="policy")
    publish = models.CharField("结果公开", max_length=20, choices=PUBLISH_RULES, default=PUBLISH_AT_FINAL)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    evaluation = models.ForeignKey("jixiao.Evaluation", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

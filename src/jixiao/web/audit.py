"""The audit log (审计日志): the one place that writes it and verifies it.

A row is written once and never changed. Each bureau has its own chain: a row carries
its place in the chain (seq), the SHA-256 of the previous row (prev_hash) and its own
SHA-256 over that and its content (hash), so a row changed, removed or slipped in by
SQL breaks the chain there, and `verify` names the first row that does not hold. Rows
tied to no bureau (a failed login for an unknown name) form the chain "system".

Appending locks the chain's head row (AuditChain) for the rest of the transaction, so
parallel writers queue and never fork a chain. On PostgreSQL a trigger (migration
0005) refuses UPDATE and DELETE on the table; the ORM refuses them everywhere.

Retention: jixiao never deletes audit rows, so they are kept far longer than the 180
days 网络安全法 第二十一条 asks for (RETENTION_DAYS); there is no purge command.

Writing an event, from a view or any other module::

    from .audit import record
    record(request, "password_changed", "修改密码")                 # the request's user
    record(request, "login_failed", "", username="pingjia")         # no user yet: the name tried
    record(None, "export", "…", evaluation_id=ev.pk, user=user)      # outside a request

Every action needs its Chinese name in jixiao.glossary.AUDIT_ACTIONS.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from dataclasses import dataclass
from typing import Iterable

from .chain import SYSTEM, chain_key, content_of, digest  # noqa: F401  (SYSTEM, chain_key: the migrations use them)
from .models import BUREAU, AuditChain, AuditEntry, Evaluation, Organisation, Profile
from .profiles import profile_of

RETENTION_DAYS = 180  # the legal minimum; rows are in fact never deleted
log = logging.getLogger("jixiao.audit")

# Events a reviewer of the server log wants to see without the page.
WARN = {"denied", "login_failed", "login_throttled", "refused_final", "upload_refused", "csrf_failed"}
# Control characters (NUL, which PostgreSQL text cannot hold, newlines that would forge log lines …).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# -- writing -----------------------------------------------------------------------


def record(request, action: str, detail: str = "", evaluation_id: int | None = None, user=None,
           username: str | None = None) -> AuditEntry:
    """Write one audit row: who (the request's user, or `user`, or for an attempt without
    a user the `username` tried), what, on which evaluation, from where, in which request."""
    user = user if user is not None else (getattr(request, "user", None) if request is not None else None)
    authed = user if user is not None and getattr(user, "is_authenticated", False) else None
    if evaluation_id is not None and not -(2**63) <= evaluation_id < 2**63:
        evaluation_id = None  # a made-up id beyond any key: the path in the detail still says what was asked
    name = authed.get_username() if authed else printable(username or "")[:150]
    entry = AuditEntry(
        user_id=authed.pk if authed else None,
        username=name,
        action=action,
        evaluation_id_ref=evaluation_id,
        detail=printable(detail)[:2000],
        ip=client_ip(request) if request is not None else "",
        request_id=request_id(request) if request is not None else "",
        organisation_id=bureau_of(authed, name, evaluation_id),
    )
    entry.save()  # AuditEntry.save places it in its chain
    log.log(logging.WARNING if action in WARN else logging.INFO, "审计 %s 用户=%s 评价=%s 地址=%s 请求=%s %s",
            action, name or "-", evaluation_id or "-", entry.ip or "-", entry.request_id or "-", entry.detail)
    return entry


def _now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


def bureau_of(user, username: str, evaluation_id: int | None) -> int | None:
    """The bureau whose chain the row joins: the evaluation's, else the person's."""
    if evaluation_id is not None:
        found = Evaluation.objects.filter(pk=evaluation_id).values_list("bureau_id", flat=True).first()
        if found:
            return found
    if user is not None:
        profile = profile_of(user)
    elif username:
        profile = Profile.objects.filter(user__username=username).select_related("organisation").first()
    else:
        profile = None
    return bureau_of_organisation(profile.organisation) if profile else None


def bureau_of_organisation(org: Organisation | None) -> int | None:
    if org is None:
        return None
    return org.bureau_id or (org.pk if org.kind == BUREAU else None)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def request_id(request) -> str:
    """The id the request id middleware gave the request (X-Request-ID), else one made here."""
    rid = getattr(request, "request_id", None)
    if not rid:
        rid = uuid.uuid4().hex
        try:
            request.request_id = rid
        except AttributeError:
            pass
    return printable(str(rid))[:64]


def printable(text: str) -> str:
    """The text with control characters (NUL, newlines …) made spaces: fit for a row and a log line."""
    return _CONTROL.sub(" ", str(text))


def recent_failures(username: str, seconds: int) -> int:
    """Failed logins for this name in the last `seconds` (the login throttle)."""
    since = _now() - dt.timedelta(seconds=seconds)
    name = printable(username)[:150]  # as record() stored it (and PostgreSQL cannot compare a NUL)
    return AuditEntry.objects.filter(action="login_failed", username=name, at__gte=since).count()


# -- the chain ----------------------------------------------------------------------


@dataclass
class Verification:
    """One chain verified: how many rows hold, the head's hash, and the first broken row."""

    key: str
    organisation: Organisation | None
    count: int
    head: str
    broken: str = ""  # why, in Chinese, naming the first row that does not hold
    broken_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.broken

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else "未关联财政局的记录（系统）"

    @property
    def text(self) -> str:
        if self.ok:
            return f"{self.name}：审计日志 {self.count} 条，哈希链完整（链头 SHA-256 {self.head or '—'}）"
        return f"{self.name}：审计日志哈希链已断开：{self.broken}"


def verify(organisation_id: int | None) -> Verification:
    """Recompute one bureau's chain from its first row and compare it with its head."""
    key = chain_key(organisation_id)
    org = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    chain = AuditChain.objects.filter(key=key).first()
    rows = AuditEntry.objects.filter(organisation_id=organisation_id) if organisation_id else \
        AuditEntry.objects.filter(organisation__isnull=True)
    prev, count = "", 0

    def broken(why: str, entry=None) -> Verification:
        return Verification(key, org, count, chain.head if chain else "", why, entry.pk if entry else None)

    for e in rows.order_by("seq", "id").iterator():
        expected = count + 1
        if e.seq < expected:
            return broken(f"{describe(e)}重复出现，或被改过序号：该条是插入或改动的", e)
        if e.seq > expected:
            missing = f"第 {expected} 条" if e.seq == expected + 1 else f"第 {expected}～{e.seq - 1} 条"
            return broken(f"{missing}缺失（在{describe(e)}之前）：记录被删除", e)
        if e.prev_hash != prev:
            return broken(f"{describe(e)}记下的上一条 SHA-256 与第 {count} 条不符：上一条被改动或替换", e)
        if digest(prev, content_of(e)) != e.hash:
            return broken(f"{describe(e)}的内容与其 SHA-256 不符：该条被改动过", e)
        prev, count = e.hash, expected
    length = chain.length if chain else 0
    if count < length:
        lost = f"第 {count + 1} 条" if length == count + 1 else f"第 {count + 1}～{length} 条"
        return broken(f"链头记有 {length} 条，只找到 {count} 条：最后的{lost}被删除")
    if count > length or (chain and chain.head != prev):
        return broken(f"链头记有 {length} 条（SHA-256 {chain.head if chain else '—'}），与实际的 {count} 条不符：链头被改动过")
    return Verification(key, org, count, prev)


def verify_all(organisation_ids: Iterable[int | None] | None = None) -> list[Verification]:
    """Every chain there is (or those of the given bureaus), bureaus first."""
    if organisation_ids is None:
        ids = set(AuditChain.objects.values_list("organisation_id", flat=True))
        ids |= set(AuditEntry.objects.values_list("organisation_id", flat=True).distinct())
        organisation_ids = sorted(ids, key=lambda i: (i is None, i or 0))
    return [verify(i) for i in organisation_ids]


def describe(e: AuditEntry) -> str:
    """第 12 条（编号 345，2025-01-31 10:20:30，登录，pingjia）"""
    from django.utils import timezone

    from ..glossary import AUDIT_ACTIONS

    when = timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S") if e.at else "时间不明"
    return f"第 {e.seq} 条（编号 {e.pk}，{when}，{AUDIT_ACTIONS.get(e.action, e.action)}，{e.username or '匿名'}）"

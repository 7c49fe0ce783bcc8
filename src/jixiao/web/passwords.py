"""Password policy: the validators of the two profiles JIXIAO_PASSWORD_POLICY chooses, the
history of each user's passwords they keep, and when a password must be changed.

`asvs` (OWASP ASVS level 2): at least 12 characters, not a common password (Django's list of
20 000 breached passwords: there is no network to ask a breach service), not like the user
name; no composition rules and no forced rotation.
`dengbao` (网络安全等级保护 2.0, the default): at least 8 characters of at least three of the
four classes (大写字母, 小写字母, 数字, 特殊符号), not common, not like the user name, none of
the previous 5, changed every 90 days.

Every password set through Django (set_password + save, create_user) is recorded by
PasswordHistoryValidator.password_changed: its hash and when, which is what the reuse
check and the rotation read.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.password_validation import CommonPasswordValidator, UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError

ASVS, DENGBAO = "asvs", "dengbao"
PROFILE_NAMES = {ASVS: "OWASP ASVS 第 2 级", DENGBAO: "网络安全等级保护 2.0（等保）"}
MAX_LENGTH = 128  # ASVS 2.1.2: at least 64 allowed; a cap keeps hashing and similarity checks cheap

_HERE = "jixiao.web.passwords."


def validators_for(profile: str) -> list[dict]:
    """AUTH_PASSWORD_VALIDATORS of a policy profile."""
    if profile == ASVS:
        return [
            {"NAME": _HERE + "MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
            {"NAME": _HERE + "MaximumLengthValidator"},
            {"NAME": _HERE + "CommonPasswordValidator"},
            {"NAME": _HERE + "UserAttributeSimilarityValidator"},
            # Reuse is allowed; the record still says when a password was set.
            {"NAME": _HERE + "PasswordHistoryValidator", "OPTIONS": {"remember": 0}},
        ]
    if profile == DENGBAO:
        return [
            {"NAME": _HERE + "MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
            {"NAME": _HERE + "MaximumLengthValidator"},
            {"NAME": _HERE + "ComplexityValidator", "OPTIONS": {"min_classes": 3}},
            {"NAME": _HERE + "CommonPasswordValidator"},
            {"NAME": _HERE + "UserAttributeSimilarityValidator"},
            {"NAME": _HERE + "PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
        ]
    raise ValueError(f"JIXIAO_PASSWORD_POLICY：不支持的密码策略“{profile}”，应为 asvs 或 dengbao")


def max_age_days(profile: str) -> int | None:
    """Days a password may be used before it must be changed (None: no forced rotation)."""
    return 90 if profile == DENGBAO else None


class MinimumLengthValidator:
    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短：只有 {len(password)} 个字符，至少应为 {self.min_length} 个字符。", code="password_too_short"
            )

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符。"


class MaximumLengthValidator:
    def __init__(self, max_length: int = MAX_LENGTH):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                f"密码太长：有 {len(password)} 个字符，最多 {self.max_length} 个字符。", code="password_too_long"
            )

    def get_help_text(self):
        return f"最多 {self.max_length} 个字符。"


CLASSES = [
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("特殊符号", lambda c: not c.isalnum()),
]


class ComplexityValidator:
    """等保 测评 checks 口令复杂度: characters of at least `min_classes` of the four classes."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = [name for name, test in CLASSES if any(test(c) for c in password)]
        if len(present) < self.min_classes:
            have = "、".join(present) or "无"
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、特殊符号中的至少 {self.min_classes} 类，"
                f"现只有 {len(present)} 类（{have}）。",
                code="password_not_complex",
            )

    def get_help_text(self):
        return f"包含大写字母、小写字母、数字、特殊符号中的至少 {self.min_classes} 类。"


class CommonPasswordValidator(CommonPasswordValidator):
    """Django's list of common (breached) passwords, with the message in Chinese."""

    def get_error_message(self):
        return "这个密码太常见了（在常见密码名单中），请换一个不易猜到的密码。"

    def get_help_text(self):
        return "不能是常见密码。"


class UserAttributeSimilarityValidator(UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError("密码与用户名等个人信息太相似。", code="password_too_similar") from None

    def get_help_text(self):
        return "不能与用户名等个人信息相似。"


class PasswordHistoryValidator:
    """Not one of the previous `remember` passwords; records every password set, with its time."""

    def __init__(self, remember: int = 5):
        self.remember = remember

    def validate(self, password, user=None):
        if not self.remember or user is None or user.pk is None:
            return
        from django.contrib.auth.hashers import check_password

        from .models import PasswordRecord

        hashes = list(PasswordRecord.objects.filter(user=user).values_list("password", flat=True)[: self.remember])
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)  # set before records were kept
        if any(check_password(password, h) for h in hashes[: self.remember]):
            raise ValidationError(f"不能使用最近 {self.remember} 次用过的密码。", code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordRecord

        PasswordRecord.objects.create(user=user, password=user.password)
        keep = PasswordRecord.objects.filter(user=user).values_list("pk", flat=True)[: max(self.remember, 1)]
        PasswordRecord.objects.filter(user=user).exclude(pk__in=list(keep)).delete()

    def get_help_text(self):
        return f"不能与最近 {self.remember} 次用过的密码相同。" if self.remember else ""


def help_texts() -> list[str]:
    from django.contrib.auth.password_validation import password_validators_help_texts

    return [t for t in password_validators_help_texts() if t]


def check(password: str, user) -> list[str]:
    """The policy's objections to `password` for `user`, in Chinese (empty: acceptable)."""
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as e:
        return list(e.messages)
    return []


def set_password(user, password: str, temporary: bool = False) -> None:
    """Set and save; a temporary one (set by an administrator) must be changed at the next login."""
    from .models import PasswordRecord

    user.set_password(password)
    user.save()
    latest = PasswordRecord.objects.filter(user=user).first()
    if latest is not None and latest.temporary != temporary:
        PasswordRecord.objects.filter(pk=latest.pk).update(temporary=temporary)


def change_reason(user, now: dt.datetime | None = None) -> str:
    """Why the user must change the password before going on ("" if they need not)."""
    from django.conf import settings
    from django.utils import timezone

    from .models import PasswordRecord

    latest = PasswordRecord.objects.filter(user=user).first()
    if latest is not None and latest.temporary:
        return "这是管理员设置的临时密码，请先设置您自己的新密码。"
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days:
        return ""
    since = latest.at if latest is not None else user.date_joined
    now = now or timezone.now()
    if now - since > dt.timedelta(days=days):
        return f"密码已使用超过 {days} 天（上次修改于 {timezone.localtime(since):%Y-%m-%d}），按密码策略须更换，请设置新密码。"
    return ""

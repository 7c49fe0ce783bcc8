"""The 定稿 signing key, kept in a file outside the database (DATA/keys/finalise.key, or
$JIXIAO_SIGNING_KEY_FILE) and created at the first 定稿 readable by its owner only; and
the HMAC-SHA256 signature of a manifest under it (signing.py says what is signed)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from django.conf import settings

KEY_ENV = "JIXIAO_SIGNING_KEY_FILE"
SCHEME = "hmac-sha256"

log = logging.getLogger("jixiao.security")


class SigningError(Exception):
    """The key cannot be made or read; `message` is what the user reads."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def key_path() -> Path:
    configured = os.environ.get(KEY_ENV, "").strip()
    return Path(configured) if configured else Path(settings.DATA_DIR) / "keys" / "finalise.key"


def _key(create: bool) -> bytes | None:
    """The signing key; None when there is none and `create` is false (nothing to verify with)."""
    path = key_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
        raw = _create_key(path)
    except OSError as exc:
        raise SigningError(f"签名密钥文件 {path} 无法读取：{exc.strerror or exc}")
    key = raw.strip()
    if len(key) < 32:
        raise SigningError(f"签名密钥文件 {path} 的内容无效：应为至少 32 个字符的随机密钥，现为 {len(key)} 个字符")
    return key


def _create_key(path: Path) -> bytes:
    """A new random key, written whole under a temporary name and linked into place, so two
    processes finalising at once end up with one key and nobody reads a half-written file."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process made it first: theirs is the key
        finally:
            tmp.unlink(missing_ok=True)
        log.warning("已创建定稿签名密钥 %s：它不在数据库及其备份中，须单独备份", path)
        return path.read_bytes()
    except OSError as exc:
        raise SigningError(f"无法创建签名密钥文件 {path}：{exc.strerror or exc}")


def fingerprint(key: bytes) -> str:
    """Names a key in a signature without revealing it: tells 'another key' from 'altered'."""
    return hashlib.sha256(b"jixiao finalise key\n" + key).hexdigest()[:16]


def sign(manifest: str) -> str:
    key = _key(create=True)
    mac = hmac.new(key, manifest.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{SCHEME}:{fingerprint(key)}:{mac}"


VALID, ALTERED, OTHER_KEY, NO_KEY, MALFORMED = "valid", "altered", "other_key", "no_key", "malformed"


def verify(manifest: str, signature: str) -> str:
    """VALID, or why not: ALTERED (manifest or signature changed), OTHER_KEY (signed with a
    key that is not this server's), NO_KEY (no key file here), MALFORMED."""
    parts = signature.split(":")
    if len(parts) != 3 or parts[0] != SCHEME:
        return MALFORMED
    key = _key(create=False)
    if key is None:
        return NO_KEY
    if not hmac.compare_digest(parts[1], fingerprint(key)):
        return OTHER_KEY
    mac = hmac.new(key, manifest.encode("utf-8"), hashlib.sha256).hexdigest()
    return VALID if hmac.compare_digest(parts[2], mac) else ALTERED

"""The audit chain's arithmetic: which chain a row joins and the SHA-256 it carries.

Plain functions over a row's fields, below the models (which append with them) and the
audit log (which verifies with them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

SYSTEM = "system"  # the chain of rows tied to no bureau


def chain_key(organisation_id: int | None) -> str:
    return f"bureau:{organisation_id}" if organisation_id else SYSTEM


def content_of(entry) -> dict:
    """What a row's hash covers: every field but its own hash (and its id, which the
    database gives after hashing)."""
    at = entry.at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if entry.at else ""
    return {"seq": entry.seq, "at": at, "organisation": entry.organisation_id, "user": entry.user_id,
            "username": entry.username, "action": entry.action, "evaluation": entry.evaluation_id_ref,
            "detail": entry.detail, "ip": entry.ip, "request_id": entry.request_id}


def digest(prev_hash: str, content: dict) -> str:
    text = json.dumps([prev_hash, content], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

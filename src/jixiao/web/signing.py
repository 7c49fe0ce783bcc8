"""定稿 signatures: what a 定稿 froze, signed under a key kept outside the database, and
checked every time a 定稿 is shown.

A SHA-256 alone proves nothing to someone who can write to the database: they rewrite the
text and its hash together, or the score table the list reads. So a 定稿 also stores a
manifest — the evaluation, its version and revision, the text's SHA-256, the engine
version, the scores (total, grade, every indicator and 自评表 row), who froze it and when —
and its HMAC-SHA256 under a key in a file (DATA/keys/finalise.key, or
$JIXIAO_SIGNING_KEY_FILE), created at the first 定稿 readable by its owner only. The key is
in neither the database nor `jixiao backup`'s archive, so access to the rows alone cannot
sign anything; the text enters the signature through its SHA-256, which is computed again
from the text at every check.

`check(ev)` is what the page, the API and the downloads show: the signature, the text's
hash, the scores recomputed from the frozen text against the signed ones, and the score
table (ScoreSummary, LevelScore, Deduction) against them. A 定稿 frozen before signatures
existed is 未签名（旧版定稿）: hash-checked, never signed after the fact.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from .. import __version__
from ..render.figures import decimal_json
from .finaldiff import decimal_or_none, local_time, score_differences, summary_differences, table_problems
# The key and the signature, importable from here as before (store, the tests).
from .signkey import (  # noqa: F401
    ALTERED, KEY_ENV, MALFORMED, NO_KEY, OTHER_KEY, SCHEME, VALID, SigningError, fingerprint, key_path, sign, verify)

MANIFEST_FORMAT = 1

log = logging.getLogger("jixiao.security")


# -- what is signed ----------------------------------------------------------------------


def scores_of(analysis) -> dict | None:
    """The figures a 定稿 vouches for, as exact decimal strings."""
    if analysis is None:
        return None
    h, sc, ss = analysis.headline, analysis.scorecard, analysis.self_scorecard
    rows = []
    if ss is not None:
        if ss.funds is not None:
            rows.append(["预算执行率", decimal_json(ss.funds.weight), decimal_json(ss.funds.score)])
        rows += [[r.indicator.name, decimal_json(r.indicator.weight), decimal_json(r.score)] for r in ss.rows]
    return {
        "total": decimal_json(h.total) if h else None,
        "grade": h.grade if h else "",
        "provisional": bool(h and h.provisional),
        "weight": decimal_json(h.weight) if h else None,
        "scored_weight": decimal_json(h.scored_weight) if h else None,
        # [code, name, weight, score, depth (1: 一级), leaf]
        "indicators": [[n.code, n.name, decimal_json(n.weight), decimal_json(n.score), depth, n.is_leaf]
                       for depth, n in sc.nodes()] if sc else [],
        "self_total": decimal_json(ss.total) if ss else None,
        "self_rows": rows,
    }


def manifest_of(ev, rev, analysis, user, at: dt.datetime) -> str:
    """The manifest of a 定稿, as the exact text that is signed (canonical JSON)."""
    data = {
        "jixiao_final": MANIFEST_FORMAT,
        "evaluation": ev.pk,
        "version": ev.version,
        "revision": rev.number,
        "sha256": _digest(rev.text),
        "engine": __version__,
        "finalised_by": user.get_username(),
        "finalised_at": at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
        "scores": scores_of(analysis),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(text: str) -> str:
    from .models import Revision

    return Revision.digest(text)


# -- checking a 定稿 ---------------------------------------------------------------------

SIGNED, UNSIGNED = "signed", "unsigned"


@dataclass
class FinalCheck:
    """What a 定稿's display says about it. `scores` are the figures to show where the score
    table would be read: the signed ones when the signature holds, else those recomputed."""

    signed: bool
    ok: bool
    problems: list[str] = field(default_factory=list)
    scores: dict | None = None
    engine: str = ""

    @property
    def status(self) -> str:
        if not self.ok:
            return "定稿校验不一致"
        return "签名有效，校验一致" if self.signed else "未签名（旧版定稿），SHA-256 校验一致"

    @property
    def text(self) -> str:
        return self.status + ("：" + "；".join(self.problems) if self.problems else "")

    @property
    def key(self) -> tuple:
        """Everything the banner depends on (the kept pages' key)."""
        return (self.signed, self.ok, tuple(self.problems))

    def to_json(self) -> dict:
        return {"signed": self.signed, "ok": self.ok, "status": self.status, "problems": list(self.problems),
                "engine": self.engine or None}

    @property
    def headline(self):
        """The total as the 定稿 vouches for it (jixiao.analysis.Headline), or None."""
        from ..analysis import Headline

        s = self.scores or {}
        if s.get("total") is None:
            return None
        weight = decimal_or_none(s.get("weight")) or Decimal(0)
        scored = decimal_or_none(s.get("scored_weight"))
        return Headline(decimal_or_none(s["total"]), s.get("grade") or "", weight, weight if scored is None else scored,
                        bool(s.get("provisional")))


def check(ev, analysis=None, request=None) -> FinalCheck:
    """Verify a 定稿 as it is shown; differences are flagged in Chinese and, once each, in the
    audit log. `analysis`: the frozen text's, when the caller has it already; `request`: the
    one showing it (checked once per request, however many parts of the page ask)."""
    done = getattr(request, "_final_checks", None) if request is not None else None
    if done is not None and ev.pk in done:
        return done[ev.pk]
    result = _check(ev, analysis)
    if request is not None:
        request._final_checks = {**(done or {}), ev.pk: result}
    if not result.ok:
        _record(ev, result, request)
    return result


def _check(ev, analysis) -> FinalCheck:
    from .documents import analysis_of_text

    rev = ev.final_revision
    if rev is None:
        return FinalCheck(False, False, ["定稿记录缺少所定稿的修订"])
    problems: list[str] = []
    digest = _digest(rev.text)
    if not (ev.final_sha256 and digest == ev.final_sha256 == rev.sha256):
        problems.append(f"定稿文本的 SHA-256 与定稿时记录的不一致（记录为 {ev.final_sha256[:16] or '空'}…，"
                        f"由文本重算为 {digest[:16]}…），定稿内容被改动过")
    if analysis is None:
        analysis = analysis_of_text(rev.text)[1]
    recomputed = scores_of(analysis)
    if not ev.final_signature and not ev.final_manifest:
        # 未签名（旧版定稿）: nothing to compare the scores with but the frozen text itself.
        problems += table_problems(ev, recomputed, "由定稿文本重新计算的", "汇总被改动过，或计算引擎已改变")
        return FinalCheck(False, not problems, problems, recomputed)
    manifest, signed = _signed_manifest(ev, problems)
    engine = str((manifest or {}).get("engine") or "")
    if manifest is None:
        problems += table_problems(ev, recomputed, "由定稿文本重新计算的")
        return FinalCheck(True, False, problems, recomputed, engine)
    problems += _manifest_problems(ev, rev, manifest, digest)
    signed_scores = manifest.get("scores")
    differences = score_differences(signed_scores, recomputed)
    if differences:
        why = f"（定稿时计算引擎 {engine}，现为 {__version__}）" if engine != __version__ else ""
        problems.append(f"定稿得分与重新计算不一致{why}：" + "；".join(differences))
    problems += table_problems(ev, signed_scores, "签名的")
    return FinalCheck(True, not problems, problems, signed_scores if signed else recomputed, engine)


_VERDICTS = {
    ALTERED: "签名与定稿记录不符，定稿记录（文本的 SHA-256、得分或定稿信息）或签名被改动过",
    OTHER_KEY: "签名所用的密钥不是本系统的签名密钥（密钥文件被替换，或定稿来自别处）",
    MALFORMED: "签名格式无效",
}


def _signed_manifest(ev, problems: list[str]) -> tuple[dict | None, bool]:
    """The manifest (None when unreadable) and whether its signature holds."""
    try:
        verdict = verify(ev.final_manifest, ev.final_signature)
    except SigningError as exc:
        problems.append(f"无法校验定稿签名：{exc.message}")
        verdict = None
    if verdict == NO_KEY:
        problems.append(f"无法校验定稿签名：签名密钥文件 {key_path()} 不存在（该密钥不在数据库及其备份中，"
                        "须从单独保存的密钥备份恢复）")
    elif verdict in _VERDICTS:
        problems.append("定稿签名校验失败：" + _VERDICTS[verdict])
    try:
        manifest = json.loads(ev.final_manifest)
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("jixiao_final") != MANIFEST_FORMAT:
        problems.append("定稿签名校验失败：定稿清单无法读取")
        return None, False
    return manifest, verdict == VALID


def _manifest_problems(ev, rev, manifest: dict, digest: str) -> list[str]:
    """The signed facts against the rows that show them."""
    out = []
    if manifest.get("sha256") != digest:
        out.append(f"定稿签名校验失败：定稿文本被改动过（签名时 SHA-256 为 {str(manifest.get('sha256'))[:16]}…，"
                   f"现为 {digest[:16]}…）")
    facts = [("评价编号", manifest.get("evaluation"), ev.pk), ("版本", manifest.get("version"), ev.version),
             ("修订号", manifest.get("revision"), rev.number),
             ("定稿人", manifest.get("finalised_by"), ev.finalised_by.get_username() if ev.finalised_by else None)]
    out += [f"定稿签名校验失败：{what}签名时为 {signed}，现为 {now}" for what, signed, now in facts if signed != now]
    try:
        at = dt.datetime.fromisoformat(str(manifest.get("finalised_at")))
    except ValueError:
        at = None
    if at is None or ev.finalised_at is None or at != ev.finalised_at:
        out.append(f"定稿签名校验失败：定稿时间签名时为 {local_time(at)}，现为 {local_time(ev.finalised_at)}")
    return out


def listed_summary(ev):
    """The score-table row a list shows for `ev` (ev.summary). For a signed 定稿 whose row
    disagrees with the signed scores (changed by SQL), an unsaved copy holding the signed
    figures; `final_problem` on it says what is wrong. Only the signature is checked here, with
    no query and no scoring; the 定稿's own page checks the text as well."""
    import copy

    s = getattr(ev, "summary", None)
    if s is None or not ev.is_final or not (ev.final_signature or ev.final_manifest):
        return s
    problems: list[str] = []
    manifest, valid = _signed_manifest(ev, problems)
    scores = (manifest or {}).get("scores") if valid else None
    differences = summary_differences(s, scores) if scores else []
    if not problems and not differences:
        return s
    shown = copy.copy(s)
    if differences:
        shown.total, shown.grade = decimal_or_none(scores.get("total")), scores.get("grade") or ""
        shown.provisional = bool(scores.get("provisional"))
        shown.weight, shown.scored_weight = decimal_or_none(scores.get("weight")), decimal_or_none(scores.get("scored_weight"))
        shown.self_total = decimal_or_none(scores.get("self_total"))
        problems.append("得分汇总表与签名的定稿得分不一致，数据库中的汇总被改动过：" + "；".join(differences)
                        + "（此处显示签名的得分）")
    shown.final_problem = "；".join(problems)
    return shown


def _record(ev, result: FinalCheck, request) -> None:
    """Audit a failed check once per distinct finding (a page viewed again writes no new row)."""
    from .audit import record
    from .models import AuditEntry

    detail = f"第 {ev.version} 版定稿（修订 {ev.final_revision.number if ev.final_revision else '—'}）：" + "；".join(result.problems)
    detail = detail[:2000]
    last = AuditEntry.objects.filter(action="final_check_failed", evaluation_id_ref=ev.pk).order_by("-pk").first()
    if last is not None and last.detail == detail:
        return
    log.warning("定稿校验不一致：评价 %s %s", ev.pk, detail)
    record(request, "final_check_failed", detail, evaluation_id=ev.pk)


def refused_download(request, ev, what: str):
    """A 定稿 that fails its check does not leave the system as a 定稿: a 409 page saying why,
    audited; None where the download may go ahead. Results the department may not read yet are
    not handed to it either (publication.py)."""
    from .publication import refused as unpublished

    hidden = unpublished(request, ev, what)
    if hidden is not None:
        return hidden
    if not ev.is_final:
        return None
    result = check(ev, request=request)
    if result.ok:
        return None
    from django.shortcuts import render

    from .audit import record

    log.warning("拒绝下载校验不一致的定稿：评价 %s %s", ev.pk, what)
    record(request, "final_download_refused", f"{what}：{result.text}"[:2000], evaluation_id=ev.pk)
    return render(request, "jixiao/error.html", {
        "status": 409, "heading": "定稿校验不一致，未下载",
        "explanation": "；".join(result.problems) + "。",
        "advice": "该定稿的内容或得分与签名不符，下载已被拒绝并记入审计日志。请联系财政局管理员核查，必要时从备份恢复。",
        "back": "",
    }, status=409)

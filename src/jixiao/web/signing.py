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
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from .. import __version__
from ..render.figures import decimal_json, score_text

KEY_ENV = "JIXIAO_SIGNING_KEY_FILE"
SCHEME = "hmac-sha256"
MANIFEST_FORMAT = 1
# The score table keeps 4 places (models.DecimalField): closer than this is the same figure.
STORED_PLACES = Decimal("0.0001")

log = logging.getLogger("jixiao.security")


class SigningError(Exception):
    """The key cannot be made or read; `message` is what the user reads."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# -- the key -----------------------------------------------------------------------------


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
        weight = _dec(s.get("weight")) or Decimal(0)
        scored = _dec(s.get("scored_weight"))
        return Headline(_dec(s["total"]), s.get("grade") or "", weight, weight if scored is None else scored,
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
        problems += _table_problems(ev, recomputed, "由定稿文本重新计算的", "汇总被改动过，或计算引擎已改变")
        return FinalCheck(False, not problems, problems, recomputed)
    manifest, signed = _signed_manifest(ev, problems)
    engine = str((manifest or {}).get("engine") or "")
    if manifest is None:
        problems += _table_problems(ev, recomputed, "由定稿文本重新计算的")
        return FinalCheck(True, False, problems, recomputed, engine)
    problems += _manifest_problems(ev, rev, manifest, digest)
    signed_scores = manifest.get("scores")
    differences = _score_differences(signed_scores, recomputed)
    if differences:
        why = f"（定稿时计算引擎 {engine}，现为 {__version__}）" if engine != __version__ else ""
        problems.append(f"定稿得分与重新计算不一致{why}：" + "；".join(differences))
    problems += _table_problems(ev, signed_scores, "签名的")
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
        out.append(f"定稿签名校验失败：定稿时间签名时为 {_local(at)}，现为 {_local(ev.finalised_at)}")
    return out


def _local(at: dt.datetime | None) -> str:
    from django.utils import timezone

    return "（无）" if at is None else f"{timezone.localtime(at):%Y-%m-%d %H:%M:%S}"


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _figure(value) -> str:
    return score_text(_dec(value))


def _differ(a, b, close: Decimal | None = None) -> bool:
    x, y = _dec(a), _dec(b)
    if x is None or y is None:
        return (x is None) != (y is None)
    return abs(x - y) >= close if close is not None else x != y


def _score_differences(before: dict | None, after: dict | None) -> list[str]:
    """'总分 97.00 → 96.50', '指标A11 3.00 → 2.00' … between two score sets (signed → recomputed)."""
    if before is None or after is None:
        return [] if before is after else ["评价内容" + ("无法再计算得分" if after is None else "定稿时无法计算得分")]
    out = []
    if _differ(before.get("total"), after.get("total")):
        out.append(f"总分 {_figure(before.get('total'))} → {_figure(after.get('total'))}")
    if before.get("grade") != after.get("grade") or before.get("provisional") != after.get("provisional"):
        mark = lambda s: (s.get("grade") or "无") + ("（暂定）" if s.get("provisional") else "")  # noqa: E731
        out.append(f"等级 {mark(before)} → {mark(after)}")
    out += _rows_differ("指标", before.get("indicators") or [], after.get("indicators") or [], key=2)
    if _differ(before.get("self_total"), after.get("self_total")):
        out.append(f"自评表复核总分 {_figure(before.get('self_total'))} → {_figure(after.get('self_total'))}")
    out += _rows_differ("自评表", before.get("self_rows") or [], after.get("self_rows") or [], key=1)
    return out


def _rows_differ(what: str, before: list, after: list, key: int) -> list[str]:
    """Rows [id…, weight, score]: those whose weight or score changed, appeared or went."""
    a = {tuple(r[:key]): r[key:] for r in before}
    b = {tuple(r[:key]): r[key:] for r in after}
    name = lambda k: f"{what}{k[0]}" if what == "指标" else f"{what}“{k[0]}”"  # noqa: E731
    out = []
    for k in list(a) + [k for k in b if k not in a]:
        if k not in b or k not in a:
            out.append(f"{name(k)}{'在重新计算中不存在' if k not in b else '为定稿时所无'}")
        elif _differ(a[k][0], b[k][0]):
            out.append(f"{name(k)} 权重 {_figure(a[k][0])} → {_figure(b[k][0])}")
        elif _differ(a[k][1], b[k][1]):
            out.append(f"{name(k)} {_figure(a[k][1])} → {_figure(b[k][1])}")
    return out


def _table_problems(ev, scores: dict | None, whose: str, why: str = "数据库中的汇总被改动过") -> list[str]:
    """The score table (which the list, the portfolio and the API's totals read) against the
    scores the 定稿 vouches for: a row changed by SQL is named, never shown as is."""
    from .models import Deduction, LevelScore, ScoreSummary

    if scores is None:
        return []
    s = ScoreSummary.objects.filter(evaluation=ev).first()
    if s is None:
        return ["得分汇总表中没有该定稿的记录"]
    out = _summary_differences(s, scores)
    if s.revision != ev.final_revision.number:
        out.insert(0, f"修订号 记为 {s.revision}，应为 {ev.final_revision.number}")
    nodes = {r[0]: r for r in scores.get("indicators") or []}
    levels = {code for code, r in nodes.items() if r[4] == 1}
    for ls in LevelScore.objects.filter(evaluation=ev):
        levels.discard(ls.code)
        expected = nodes.get(ls.code)
        if expected is None or expected[4] != 1 or _differ(ls.score, expected[3], STORED_PLACES):
            shown = _figure(expected[3]) if expected and expected[4] == 1 else "（无此一级指标）"
            out.append(f"一级指标{ls.code} 得分 记为 {score_text(ls.score)}，应为 {shown}")
    out += [f"一级指标{code} 的得分记录缺失（应为 {_figure(nodes[code][3])}）" for code in sorted(levels)]
    lost = {code: _dec(r[2]) - _dec(r[3]) for code, r in nodes.items()
            if r[5] and r[3] is not None and _dec(r[3]) < _dec(r[2])}
    for d in Deduction.objects.filter(evaluation=ev):
        expected = lost.pop(d.code, None)
        if expected is None or _differ(d.lost, expected, STORED_PLACES):
            out.append(f"指标{d.code} 扣分 记为 {score_text(d.lost)}，应为 {score_text(expected) if expected is not None else '0.00（未扣分）'}")
    out += [f"指标{code} 的扣分记录缺失（应扣 {score_text(v)}）" for code, v in sorted(lost.items())]
    if not out:
        return []
    return [f"得分汇总表与{whose}定稿得分不一致，{why}：" + "；".join(out)]


def _summary_differences(s, scores: dict) -> list[str]:
    """A ScoreSummary row against the scores it should hold: '总分 记为 99.50，应为 97.00' …"""
    out = []
    for what, stored, expected in [("总分", s.total, scores.get("total")),
                                   ("已评分权重", s.scored_weight, scores.get("scored_weight")),
                                   ("自评表复核总分", s.self_total, scores.get("self_total"))]:
        if (stored is None) != (expected is None) or stored is not None and _differ(stored, expected, STORED_PLACES):
            out.append(f"{what} 记为 {score_text(stored)}，应为 {_figure(expected)}")
    if (s.grade or "") != (scores.get("grade") or "") or s.provisional != bool(scores.get("provisional")):
        mark = lambda g, p: (g or "无") + ("（暂定）" if p else "")  # noqa: E731
        out.append(f"等级 记为 {mark(s.grade, s.provisional)}，应为 {mark(scores.get('grade'), scores.get('provisional'))}")
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
    differences = _summary_differences(s, scores) if scores else []
    if not problems and not differences:
        return s
    shown = copy.copy(s)
    if differences:
        shown.total, shown.grade = _dec(scores.get("total")), scores.get("grade") or ""
        shown.provisional = bool(scores.get("provisional"))
        shown.weight, shown.scored_weight = _dec(scores.get("weight")), _dec(scores.get("scored_weight"))
        shown.self_total = _dec(scores.get("self_total"))
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
    audited; None where the download may go ahead."""
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

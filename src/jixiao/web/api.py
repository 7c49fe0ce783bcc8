"""JSON API for integration (e.g. a 预算管理一体化 platform), same permissions as pages.

Authentication: the browser session, or `Authorization: Token <token>` from the
账户 page. An evaluation out of reach is 404, exactly as for pages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from ..glossary import label
from ..io.yaml_tree import MAX_DEPTH, deeper_than, max_yaml_bytes
from ..render.json_out import scorecard_json
from . import access, signing
from .access import audit, evaluation_or_404
from ..sources import open_text
from .documents import STORED, analysis_of_text, stored_document
from .files import EXPORTS
from .models import Profile
from .publication import results_visible
from .store import SaveRefused, head_revision, save_revision

log = logging.getLogger("jixiao.security")


def new_token(profile: Profile) -> str:
    token = secrets.token_urlsafe(32)
    profile.api_token_hash = hashlib.sha256(token.encode()).hexdigest()
    profile.save(update_fields=["api_token_hash"])
    return token


def _authenticate(request) -> bool:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Token "):
        digest = hashlib.sha256(header[6:].strip().encode()).hexdigest()
        p = Profile.objects.select_related("user").filter(api_token_hash=digest).first() if header[6:].strip() else None
        if p is None or not p.user.is_active:
            return False
        request.user = p.user
        request._token_auth = True
        return True
    return request.user.is_authenticated


def _err(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})


def api_view(fn):
    """Token or session; session writes still need the CSRF token."""

    @csrf_exempt
    def wrapped(request, *args, **kwargs):
        if not _authenticate(request):
            return _err("未登录或令牌无效", 401)
        if request.method not in ("GET", "HEAD") and not getattr(request, "_token_auth", False):
            from django.middleware.csrf import CsrfViewMiddleware

            reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if reason is not None:
                return _err("CSRF 校验失败", 403)
        try:
            return fn(request, *args, **kwargs)
        except Http404:
            return _err("评价不存在或无权访问", 404)

    return wrapped


def _headline(s) -> dict:
    """暂定 travels with the grade: a client must not show a provisional grade as a result."""
    h = s.headline if s is not None else None
    if h is None:
        return {"provisional": None, "weight": None, "scored_weight": None, "grade_text": ""}
    plain = lambda d: format(d.normalize(), "f")  # noqa: E731
    return {"provisional": h.provisional, "weight": plain(h.weight), "scored_weight": plain(h.scored_weight),
            "grade_text": h.grade_text}


def _summary(ev, request=None) -> dict:
    s = getattr(ev, "summary", None)
    return {
        "id": ev.pk, "title": ev.title, "subject": ev.subject, "kind": ev.kind, "year": ev.year,
        "version": ev.version, "status": ev.status, "status_label": ev.get_status_display(), "revision": ev.head,
        "total": None if s is None or s.total is None else format(s.total.normalize(), "f"),
        "grade": s.grade if s else "", "problem_count": s.problem_count if s else None,
        **_headline(s),
        "final_sha256": ev.final_sha256 or None,
    } | (_final(ev, request) if ev.is_final else {})


def _final(ev, request) -> dict:
    """A 定稿's check, and its figures as the 定稿 vouches for them (signed, else recomputed
    from its text): a score table changed behind it is flagged, never passed on as is."""
    check = signing.check(ev, request=request)
    h = check.headline
    figures = {} if h is None else {"total": format(h.total.normalize(), "f"), "grade": h.grade, **_headline(check)}
    return {"final_check": check.to_json(), **figures}


@api_view
def evaluations(request):
    if request.method != "GET":
        return _err("只支持 GET", 405)
    qs = access.visible(request.user).select_related("summary")
    return JsonResponse({"evaluations": [_summary(ev, request) if results_visible(request.user, ev) else _unpublished(ev)
                                         for ev in qs]}, json_dumps_params={"ensure_ascii": False})


def _unpublished(ev) -> dict:
    """A department's evaluation before its results are public: what it is, not how it scored."""
    return {"id": ev.pk, "title": ev.title, "subject": ev.subject, "kind": ev.kind, "year": ev.year,
            "version": ev.version, "status": ev.status, "status_label": ev.get_status_display(), "revision": ev.head,
            "results_public": False}


@api_view
def evaluation(request, pk: int):
    if request.method != "GET":
        return _err("只支持 GET", 405)
    ev = evaluation_or_404(request, pk, "API")
    rev = head_revision(ev)
    data = _summary(ev, request)
    if not results_visible(request.user, ev):  # the department before its results are public
        data, rev = _unpublished(ev), None
    if rev is not None:
        loaded, analysis = analysis_of_text(rev.text)
        data["document"] = stored_document(rev.text)
        data["sha256"] = rev.sha256
        if analysis is not None:
            data["scorecard"] = scorecard_json(analysis.evaluation, analysis.scorecard, analysis.self_scorecard)
        data["problems"] = [p.to_json() for p in list(loaded.problems) + list(analysis.problems if analysis else ())]
    data["attachments"] = [
        {"id": a.pk, "name": a.original_name, "size": a.size, "sha256": a.sha256, "url": f"/e/{ev.pk}/files/{a.pk}/"}
        for a in ev.attachments.all()
    ]
    data["exports"] = {fmt: f"/e/{ev.pk}/export/{fmt}/" for fmt in EXPORTS}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@api_view
def revisions(request, pk: int):
    """GET: the revision list. POST: a new revision {base, document | yaml, message}."""
    ev = evaluation_or_404(request, pk, "API")
    if request.method == "GET":
        return JsonResponse({"revisions": [
            {"number": r.number, "base": r.base, "author": r.author.get_username(), "at": r.created_at.isoformat(),
             "message": r.message, "sha256": r.sha256, "changes": r.changes}
            for r in ev.revisions.select_related("author").order_by("number")
        ]}, json_dumps_params={"ensure_ascii": False})
    if request.method != "POST":
        return _err("只支持 GET 或 POST", 405)
    # Who may write is known from the URL alone: refused before a byte of the body is read or parsed.
    if not access.can_edit_any(request.user, ev):
        if ev.is_final:
            audit(request, "refused_final", "API 修改已定稿评价", ev.pk)
            return _refused(request, ev, "该评价已定稿，不能再修改；如需修改，请开始新版本。", 409)
        audit(request, "denied", f"POST {request.path} API 修改（角色无写权限）", ev.pk)
        return _refused(request, ev, "您的角色不能修改该评价", 403)
    body = _body(request, ev)
    if isinstance(body, JsonResponse):
        return body
    if not isinstance(body, dict) or not isinstance(body.get("base"), int):
        return _err("请求体应为 {\"base\": 修订号, \"document\": {…}} 或 {\"base\": 修订号, \"yaml\": \"…\"}", 400)
    doc = body.get("document")
    if doc is None and isinstance(body.get("yaml"), str):
        loaded = open_text(body["yaml"], STORED, evaluate=False)
        doc, problems = loaded.document, loaded.problems
        if doc is None:
            first = f"：{problems[0].where}：{problems[0].message}" if problems else ""
            return _refused(request, ev, f"YAML 无法读取{first}", 422, problems=[p.to_json() for p in problems])
    if not isinstance(doc, dict):
        return _err("缺少 document（对象）或 yaml（文本）", 400)
    if not _json_texts(doc):
        return _err("document 中的数值必须写成文本（例如 \"97.63%\"），不能是 JSON 数字", 422)
    current = stored_document(head_revision(ev).text) if ev.head else {}  # parsed once per process; only read
    forbidden = [k for k in dict.fromkeys([*doc, *(current or {})]) if (doc.get(k) != (current or {}).get(k))
                 and not access.can_edit_section(request.user, ev, "info" if k in ("title", "year", "kind", "format", "grading", "engagement", "texts") else k)]
    if forbidden:
        return _err("您的角色不能修改这些部分：" + "、".join(label(k) for k in forbidden), 403)
    try:
        rev = save_revision(ev.pk, doc, body["base"], request.user, str(body.get("message", "API 上传"))[:300])
    except SaveRefused as refused:
        return _err(refused.message, refused.status, problems=[p.to_json() for p in refused.problems])
    audit(request, "api_revision", f"API 上传：修订 {rev.number}", ev.pk)
    return JsonResponse({"number": rev.number, "sha256": rev.sha256, "changes": rev.changes}, status=201,
                        json_dumps_params={"ensure_ascii": False})


def _refused(request, ev, message: str, status: int, **extra) -> JsonResponse:
    """A refused write, in the server's log as well as in the answer."""
    log.warning("API 拒绝修改评价 %s（%s，HTTP %s）：%s", ev.pk, request.user.get_username(), status, message)
    return _err(message, status, **extra)


def _body(request, ev):
    """The JSON body, read only up to the YAML cap; a JsonResponse when it is refused."""
    limit = max_yaml_bytes()
    too_large = f"请求体过大：超过上限 {limit // 1024:,} KB（由 JIXIAO_MAX_YAML_KB 设置），未读取"
    length = request.META.get("CONTENT_LENGTH") or ""
    if length.isdigit() and int(length) > limit:
        return _refused(request, ev, too_large, 413)
    try:
        raw = request.body
    except RequestDataTooBig:
        return _refused(request, ev, too_large, 413)
    if len(raw) > limit:
        return _refused(request, ev, too_large, 413)
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _refused(request, ev, "请求体不是 UTF-8 编码的 JSON", 400)
    except RecursionError:
        return _refused(request, ev, f"请求体嵌套过深（上限{MAX_DEPTH}层）", 400)
    except ValueError as exc:  # a JSONDecodeError, or an integer of more digits than Python converts
        return _refused(request, ev, f"请求体不是有效的 JSON：{exc}", 400)
    if deeper_than(body, MAX_DEPTH):
        return _refused(request, ev, f"请求体嵌套过深（上限{MAX_DEPTH}层）", 400)
    return body


def _json_texts(data) -> bool:
    if isinstance(data, dict):
        return all(_json_texts(v) for v in data.values())
    if isinstance(data, list):
        return all(_json_texts(v) for v in data)
    return data is None or isinstance(data, (str, bool))

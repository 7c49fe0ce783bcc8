"""Error pages: in the site's layout, with its navigation; the same wording whatever was
asked for, so a page out of reach reads exactly like one that does not exist."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from .access import audit


ERRORS = {
    400: ("请求无效", "服务器无法处理这个请求：提交的内容不完整、过大或格式不对。", "请返回上一页，检查后重新提交。"),
    403: ("无权进行此操作", "您的账户不能打开这个页面或进行这个操作。", "如需权限，请联系财政局管理员。"),
    404: ("页面不存在", "您要找的页面不存在，或者您无权查看。", "请检查地址，或从评价列表进入。"),
    500: ("服务器出错", "处理请求时发生了内部错误，错误已记入服务器日志。", "请稍后重试；如仍出错，请联系系统管理员。"),
}
CSRF_FAILED = ("页面已过期", "提交的表单缺少本页的安全令牌（用于防止跨站请求伪造），因此没有执行。"
               "页面打开太久、已退出登录或在别处重新登录，或浏览器禁用了 Cookie，都会如此。",
               "请刷新页面（必要时重新登录）后再提交一次；此前的提交没有保存任何内容。")
# Where even the layout cannot be rendered (the database may be what failed).
PLAIN_500 = ('<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>服务器出错 · jixiao</title>'
             '<h1>服务器出错（500）</h1><p>处理请求时发生了内部错误，错误已记入服务器日志。请稍后重试；如仍出错，请联系系统管理员。</p>'
             '<p>错误编号：{request_id}（联系管理员时请提供）</p><p><a href="/">返回首页</a></p></html>')


def error_page(request, status: int, texts: tuple[str, str, str] | None = None):
    heading, explanation, advice = texts or ERRORS[status]
    from urllib.parse import urlparse

    from django.core.exceptions import DisallowedHost

    back = request.META.get("HTTP_REFERER", "") if request.method == "POST" else ""
    try:
        host = request.get_host()
    except DisallowedHost:  # what a 400 may be about
        host = None
    if urlparse(back).netloc != host:
        back = ""  # only a page of this site
    ctx = {"status": status, "heading": heading, "explanation": explanation, "advice": advice, "back": back,
           "request_id": getattr(request, "request_id", "")}  # the id on this request's log lines
    return render(request, "jixiao/error.html", ctx, status=status)


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    audit(request, "denied", f"{request.method} {request.path}（403）")
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    try:
        return error_page(request, 500)
    except Exception:
        return HttpResponse(PLAIN_500.format(request_id=getattr(request, "request_id", "-")), status=500)


def csrf_failure(request, reason: str = ""):
    audit(request, "csrf_failed", f"{request.method} {request.path}：{reason}"[:300])
    return error_page(request, 403, CSRF_FAILED)

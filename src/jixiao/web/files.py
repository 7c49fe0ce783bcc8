"""Uploads, file downloads and exports: each checks access first and is audited."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from . import access, pages, signing
from .access import audit, evaluation_or_404
from .documents import analysis_of_text
from .models import Attachment
from .store import head_revision
from . import uploads
from .uploads import Refused, check_file, path_of, store


def receive_upload(request, ev) -> Attachment:
    """Validate and store the posted file `file`; Refused with the reason."""
    f = uploads.received(request)  # the form was parsed already, by the CSRF check: never read request.body here
    if f is None:
        raise Refused("请选择要上传的文件。")
    data = f.read()
    info = check_file(f.name, data)
    stored, digest = store(data, f.name)
    att = Attachment.objects.create(
        evaluation=ev, stored_name=stored, original_name=f.name, size=len(data), sha256=digest,
        content_type=info["content_type"], is_image=info["is_image"], width=info.get("width"),
        height=info.get("height"), caption=request.POST.get("caption", "").strip()[:300], uploaded_by=request.user,
    )
    audit(request, "upload", f"{f.name}（{len(data)} 字节，存为 {stored}）", ev.pk)
    return att


@login_required
@require_POST
def upload(request, pk: int):
    ev = evaluation_or_404(request, pk)
    if not access.can_upload_files(request.user, ev):
        messages.error(request, "该评价已定稿，不能再上传文件。" if ev.is_final else "您的角色不能上传文件。")
        return redirect("jixiao:tab", ev.pk, "interviews")
    try:
        att = receive_upload(request, ev)
    except Refused as refused:
        uploads.refused(request, refused, ev.pk)
        messages.error(request, f"上传被拒绝：{refused.message}{uploads.NOTHING_KEPT}")
        return pages.render_tab(request, pages.context(request, ev, "interviews"), status=refused.status)
    messages.success(request, f"已上传“{att.original_name}”。")
    return redirect("jixiao:tab", ev.pk, "interviews")


@login_required
def download_file(request, pk: int, aid: int):
    ev = evaluation_or_404(request, pk, f"文件 {aid}")
    att = ev.attachments.filter(pk=aid).first()
    if att is None:
        audit(request, "denied", f"文件 {aid} 不属于评价 {pk}", pk)
        raise Http404("文件不存在")
    try:
        fh = open(path_of(att.stored_name), "rb")
    except FileNotFoundError:
        raise Http404("文件不存在")
    audit(request, "file", f"下载 {att.original_name}", ev.pk)
    resp = FileResponse(fh, as_attachment=True, filename=att.original_name, content_type=att.content_type)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp


EXPORTS = {
    "docx": ("Word 报告", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF 报告", "application/pdf"),
    "xlsx": ("Excel 工作簿", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "yaml": ("YAML 评价文件", "text/yaml; charset=utf-8"),
}


@login_required
def export(request, pk: int, fmt: str):
    ev = evaluation_or_404(request, pk, f"导出 {fmt}")
    if fmt not in EXPORTS:
        raise Http404()
    if fmt in ("docx", "pdf"):  # made by the report job, as the 报告 tab does: laid out, with the photos
        return redirect("jixiao:export_report", ev.pk, fmt)
    rev = head_revision(ev)
    if rev is None:
        raise Http404()
    refused = signing.refused_download(request, ev, f"{EXPORTS[fmt][0]}（第 {ev.version} 版，修订 {rev.number}）")
    if refused is not None:
        return refused
    name = f"{(ev.subject or ev.title or 'evaluation')[:60]}-{ev.year or ''}-第{ev.version}版-修订{rev.number}.{fmt}"
    if fmt == "yaml":
        data = rev.text.encode("utf-8")
    else:
        try:
            data = _render(fmt, rev.text)
        except _Unavailable as exc:
            messages.error(request, str(exc))
            return redirect("jixiao:tab", ev.pk, "report")
    audit(request, "export", f"{EXPORTS[fmt][0]}（第 {ev.version} 版，修订 {rev.number}）", ev.pk)
    resp = HttpResponse(data, content_type=EXPORTS[fmt][1])
    from django.utils.http import content_disposition_header

    resp["Content-Disposition"] = content_disposition_header(True, name)
    return resp


class _Unavailable(Exception):
    pass


def _render(fmt: str, text: str) -> bytes:
    loaded, analysis = analysis_of_text(text)
    if analysis is None:
        raise _Unavailable("评价内容有错误，无法导出；请先在“检查结果”中修正。")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"out.{fmt}"
        try:
            if fmt == "xlsx":
                from ..excel.write import export_workbook  # type: ignore[import-not-found]
                from ..sources import open_text

                export_workbook(open_text(text, "评价.yaml", evaluate=False).document, out, scored=True)
        except ImportError:
            raise _Unavailable(f"{EXPORTS[fmt][0]}导出功能尚未安装，暂时无法下载。")
        if not out.exists():
            raise _Unavailable(f"{EXPORTS[fmt][0]}生成失败。")
        return out.read_bytes()

"""整改佐证: the department's evidence for an item — images, PDF, Word and Excel files only, checked
and stored as the evaluation's attachments are (web/uploads.py: size cap, content against
suffix, images decoded in full, workbooks checked as imports are) — and its download."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .. import uploads
from ..audit import record
from ..models import ENTITY
from ...parse.images import SUFFIXES as IMAGE_SUFFIXES
from ..uploads import Refused
from . import scope
from .models import OPEN, Evidence
from .views import item_response

OFFICE = (".pdf", ".doc", ".docx", ".xls", ".xlsx")
ALLOWED = tuple(sorted(IMAGE_SUFFIXES)) + OFFICE


def check_evidence(name: str, data: bytes) -> dict:
    """What the file is, or Refused: an image, a PDF, a Word or an Excel file, and a sound one."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED:
        raise Refused(f"整改佐证只接受图片、PDF、Word 和 Excel 文件（{'、'.join(ALLOWED)}），“{name}”是"
                      f"“{suffix or '无扩展名'}”文件。")
    return uploads.check_file(name, data)


@login_required
@require_POST
def upload(request, pk: int):
    item = scope.item_or_404(request, pk)
    scope.require(request, ENTITY, "上传整改佐证")
    if item.status not in OPEN:
        return item_response(request, item, f"该事项{item.get_status_display()}，不能再上传佐证。", 409)
    try:
        f = uploads.received(request, "file")
        if f is None:
            raise Refused("请选择要上传的佐证文件。")
        data = f.read()
        info = check_evidence(f.name, data)
    except Refused as refused:
        uploads.refused(request, refused, item.evaluation_id)
        return item_response(request, item, f"上传被拒绝：{refused.message}{uploads.NOTHING_KEPT}", refused.status)
    stored, digest = uploads.store(data, f.name)
    with transaction.atomic():
        Evidence.objects.create(item=item, stored_name=stored, original_name=f.name, size=len(data), sha256=digest,
                                content_type=info["content_type"], is_image=info["is_image"], uploaded_by=request.user)
        record(request, "rectification_evidence",
               f"整改事项 {item.pk}：上传佐证 {f.name}（{len(data)} 字节，存为 {stored}）", item.evaluation_id)
    messages.success(request, f"已上传佐证“{f.name}”。")
    return redirect("rectification:item", item.pk)


@login_required
def download(request, pk: int, eid: int):
    item = scope.item_or_404(request, pk)
    ev = item.evidence.filter(pk=eid).first()
    if ev is None:
        record(request, "denied", f"佐证 {eid} 不属于整改事项 {pk}", item.evaluation_id)
        raise Http404("文件不存在")
    try:
        fh = open(uploads.path_of(ev.stored_name), "rb")
    except FileNotFoundError:
        raise Http404("文件不存在")
    record(request, "file", f"下载整改佐证 {ev.original_name}", item.evaluation_id)
    resp = FileResponse(fh, as_attachment=True, filename=ev.original_name, content_type=ev.content_type)
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp

"""Uploaded files: checked before anything is written, stored under generated names.

The original name is kept only as metadata; a file is served back only through
a view that checks access first, always as an attachment.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http.multipartparser import MultiPartParser

from ..parse.images import SUFFIXES as IMAGE_SUFFIXES
from ..parse.images import BadImage, inspect_image, read_image_file

DOCUMENT_SUFFIXES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".txt": "text/plain",
    ".yaml": "text/yaml",
    ".yml": "text/yaml",
}
DOCUMENT_MAGIC = {".pdf": b"%PDF", ".docx": b"PK", ".xlsx": b"PK", ".doc": b"\xd0\xcf\x11\xe0", ".xls": b"\xd0\xcf\x11\xe0"}


class Refused(Exception):
    """An upload refused, with the reason and the status to answer (422: understood, not accepted)."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


# Room for the form's other fields and the multipart framing around a file of the limit's size.
FORM_OVERHEAD = 64 * 1024
BODY_METHODS = ("POST", "PUT", "PATCH")

log = logging.getLogger("jixiao.security")


def check_length(content_length: str | None) -> None:
    try:
        n = int(content_length or 0)
    except ValueError:
        n = 0
    if n > settings.UPLOAD_MAX_BYTES + FORM_OVERHEAD:
        raise Refused(f"文件太大：上传内容 {n / 1024 / 1024:.1f} MB，超过上限 {mb(settings.UPLOAD_MAX_BYTES)}。", 413)


def check_body(request) -> None:
    """Refused (413, 411) when the body may not be read at all: judged by its headers alone."""
    if request.method not in BODY_METHODS:
        return
    length = request.META.get("CONTENT_LENGTH")
    if not length and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        # Django reads no body it was not told the length of: the form would arrive empty.
        raise Refused("请求没有声明内容长度（Content-Length），无法按上限检查，因此没有读取。", 411)
    check_length(length)


class _NameKeepingParser(MultiPartParser):
    """Django keeps only the last part of a sent file name; this also notes the name as sent."""

    def __init__(self, *args, sent: list[str]):
        super().__init__(*args)
        self._sent = sent

    def sanitize_file_name(self, file_name):
        self._sent.append(file_name)
        return super().sanitize_file_name(file_name)


class _Capped(FileUploadHandler):
    """First of the upload handlers: a file that grows past the limit is dropped as it streams
    in (whatever the declared length said), and the view is told why."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            self.request.upload_refused = Refused(
                f"文件“{self.file_name}”超过上限 {mb(settings.UPLOAD_MAX_BYTES)}。", 413)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def prepare(request) -> None:
    """Set up a request before anything reads its body; Refused if it must not be read at all.

    A body declared over the limit (or of no declared length) is refused unread. For a
    multipart form, the CSRF check reads the form (to find its token), after which the raw
    body can no longer be read; so the names as sent are noted while Django parses the form,
    into `request.sent_file_names`, and a file that streams past the limit is dropped, noted
    in `request.upload_refused`. The view refuses both with a message (see received).
    """
    check_body(request)
    if request.method != "POST" or request.content_type != "multipart/form-data":
        return
    request.sent_file_names = []
    request.upload_handlers.insert(0, _Capped(request))

    def parse_file_upload(meta, post_data):
        return _NameKeepingParser(meta, post_data, request.upload_handlers, request.encoding,
                                  sent=request.sent_file_names).parse()

    request.parse_file_upload = parse_file_upload


def received(request, field: str = "file"):
    """The posted file `field` (None if none was sent), once the limits and the names as sent
    are checked; Refused with the reason. Reads the parsed form, never the raw body."""
    check_length(request.META.get("CONTENT_LENGTH"))
    f = request.FILES.get(field)
    refused = getattr(request, "upload_refused", None)
    if refused is not None:
        raise refused
    check_sent_names(request)
    sent = getattr(request, "sent_file_names", None)
    if f is None and sent:  # the part began but never ended: the body was cut short of its boundary
        raise Refused(f"文件“{sent[-1]}”没有完整收到（上传中断，或声明的内容长度与实际不符），请重新上传。")
    return f


def refused(request, refusal: Refused, evaluation_id: int | None = None) -> None:
    """A refused upload: a line in the server log and an entry in the audit log."""
    from .access import audit

    user = getattr(request, "user", None)
    who = user.get_username() if user is not None and user.is_authenticated else "未登录"
    log.warning("拒绝上传 %s %s（%s，%s）：%s", request.method, request.path, who, refusal.status, refusal.message)
    audit(request, "upload_refused", f"{request.path}：{refusal.message}", evaluation_id)


NOTHING_KEPT = "此次上传没有保存任何内容。"
REFUSAL_TEXTS = {
    411: ("缺少内容长度", NOTHING_KEPT + "请通过页面上的上传表单重新提交。"),
    413: ("文件太大", NOTHING_KEPT + "请压缩或拆分后重新上传，每个文件不超过 {limit}。"),
}


def refusal_response(request, refusal: Refused):
    """The answer to a body refused unread or a file over the limit: a Chinese page in the
    site's layout (JSON for the API), with the status."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"error": refusal.message}, status=refusal.status, json_dumps_params={"ensure_ascii": False})
    from .errors import error_page

    heading, advice = REFUSAL_TEXTS.get(refusal.status, ("上传被拒绝", NOTHING_KEPT))
    advice = advice.format(limit=mb(settings.UPLOAD_MAX_BYTES))
    return error_page(request, refusal.status, (heading, f"上传被拒绝：{refusal.message}", advice))


def check_sent_names(request) -> None:
    """Django strips directories from upload names; we refuse such names instead."""
    for name in getattr(request, "sent_file_names", ()):
        check_name(name.strip())


def check_name(name: str) -> str:
    if not name:
        raise Refused("文件名为空。")
    if "/" in name or "\\" in name or ".." in name or any(ord(c) < 32 for c in name) or name.startswith("."):
        raise Refused(f"文件名“{name}”不允许包含路径（/、\\、..）或控制字符，请改名后上传。")
    if len(name) > 200:
        raise Refused("文件名太长（最多 200 个字符）。")
    return name


def check_file(name: str, data: bytes) -> dict:
    """What a file is, or Refused with the reason; nothing is written here."""
    check_name(name)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise Refused(f"文件“{name}”大小 {len(data) / 1024 / 1024:.1f} MB，超过上限 {mb(settings.UPLOAD_MAX_BYTES)}。", 413)
    if not data:
        raise Refused(f"文件“{name}”是空文件。")
    suffix = Path(name).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return _check_image(name, data, IMAGE_SUFFIXES[suffix])
    if suffix in DOCUMENT_SUFFIXES:
        magic = DOCUMENT_MAGIC.get(suffix)
        if magic and not data.startswith(magic):
            raise Refused(f"文件“{name}”的内容与扩展名 {suffix} 不符。")
        if suffix == ".xlsx":  # checked as an imported workbook is: no bomb or macro is kept as evidence
            from ..excel.safety import check_workbook_bytes

            problems = check_workbook_bytes(data, name)
            if problems:
                raise Refused(f"文件“{name}”：{problems[0].message}。")
        return {"content_type": DOCUMENT_SUFFIXES[suffix], "is_image": False}
    allowed = "、".join(sorted(set(IMAGE_SUFFIXES) | set(DOCUMENT_SUFFIXES)))
    raise Refused(f"不接受“{suffix or '无扩展名'}”类型的文件“{name}”；可上传：{allowed}。")


def _check_image(name: str, data: bytes, expected: str) -> dict:
    try:
        info = inspect_image(name, data, expected, max_pixels=settings.MAX_IMAGE_PIXELS)
    except BadImage as exc:
        raise Refused(str(exc)) from None
    return {"content_type": info.content_type, "is_image": True, "width": info.width, "height": info.height}


def store(data: bytes, name: str) -> tuple[str, str]:
    """Write under a generated name; returns (stored name, sha256)."""
    suffix = Path(name).suffix.lower()
    stored = secrets.token_hex(16) + suffix
    folder = Path(settings.FILES_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / (stored + ".part")
    tmp.write_bytes(data)
    tmp.replace(folder / stored)
    return stored, hashlib.sha256(data).hexdigest()


def path_of(stored_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}\.[a-z]{2,5}", stored_name):
        raise FileNotFoundError(stored_name)
    return Path(settings.FILES_DIR) / stored_name


def attached_photos(ev) -> str:
    """附件5's photos as the report job passes them (JSON): each image attachment's stored
    file, captioned by its 说明 or else its file name; a file the store cannot name is passed
    as its name, so the photo check refuses it and the report prints the caption only."""
    photos = []
    for att in ev.attachments.filter(is_image=True):
        try:
            file = str(path_of(att.stored_name))
        except FileNotFoundError:
            file = att.stored_name
        photos.append({"file": file, "caption": att.caption or att.original_name})
    return json.dumps(photos, ensure_ascii=False)


def photo_notices(ev) -> list[str]:
    """Why an image attachment will print in 附件5 as its caption only, said by the attachment's
    name as the user uploaded it (the 报告 tab shows these; the report job only logs them)."""
    notices = []
    for att in ev.attachments.filter(is_image=True).order_by("pk"):
        reason = _unreadable(att.stored_name, att.original_name)
        if reason:
            caption = f"（说明“{att.caption}”）" if att.caption and att.caption != att.original_name else ""
            notices.append(f"照片附件“{att.original_name}”{caption}：{reason}，报告附件5中只印说明；"
                           "请在“访谈与照片”中删除它并重新上传。")
    return notices


def _unreadable(stored_name: str, shown: str) -> str:
    """'' if the stored image reads as the report reads it, else why not (no server path in it)."""
    try:
        path = path_of(stored_name)
        stat = path.stat()
    except (FileNotFoundError, OSError):
        return "图片文件已不在服务器上"
    return _image_problem(str(path), stat.st_size, stat.st_mtime_ns, shown)


@functools.lru_cache(maxsize=256)
def _image_problem(path: str, size: int, mtime_ns: int, shown: str) -> str:
    """The check of one stored file, kept while the file is unchanged (the tab is opened often)."""
    try:
        read_image_file(Path(path), shown)
    except BadImage as exc:
        return str(exc).rstrip("。")
    return ""

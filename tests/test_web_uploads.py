"""Uploads as a browser sends them (CSRF enforced, the token taken from the page): accepted,
or refused cleanly: too large, a page named .jpg, 100 megapixels, a path in the name."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from test_web_fixtures import PNG_1PX, demo  # noqa: F401
from jixiao.web.models import Attachment, AuditEntry


def png_header(width: int, height: int) -> bytes:
    """A valid PNG of the given size whose pixels are never decoded (one tiny IDAT)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def csrf_token(client, url: str) -> str:
    """The token of the page's form, as the browser posts it."""
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def uploader(demo, username: str = "pingjia"):
    """A client that enforces CSRF like a browser session, and the token of the 访谈与照片 page."""
    client = demo.client(username, enforce_csrf_checks=True)
    return client, csrf_token(client, f"/e/{demo.reference.pk}/interviews/")


def stored_files() -> set[str]:
    folder = Path(settings.FILES_DIR)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def refused(demo, data_or_body, content_type=None) -> str:
    ev = demo.reference
    client, token = uploader(demo)
    before_rows, before_files = Attachment.objects.count(), stored_files()
    url = f"/e/{ev.pk}/files/"
    if content_type:
        resp = client.post(url, data_or_body(token), content_type=content_type)
    else:
        resp = client.post(url, {"csrfmiddlewaretoken": token, **data_or_body})
    assert 400 <= resp.status_code < 500, resp.status_code  # the page again, saying why
    page = resp.content.decode()
    assert "上传被拒绝" in page
    assert Attachment.objects.count() == before_rows and stored_files() == before_files
    assert AuditEntry.objects.filter(action="upload_refused", evaluation_id_ref=ev.pk).exists()
    return page


def test_web_upload_accepts_a_real_photo_and_serves_it_as_attachment(demo):
    client, token = uploader(demo)
    ev = demo.reference
    resp = client.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("照片.png", PNG_1PX),
                                              "caption": "现场"})
    assert resp.status_code == 302
    page = client.get(resp["Location"]).content.decode()
    assert "已上传“照片.png”" in page and "现场" in page
    att = Attachment.objects.get(evaluation=ev, original_name="照片.png")
    assert att.stored_name != "照片.png" and att.stored_name.endswith(".png") and att.is_image
    assert att.caption == "现场"
    got = client.get(f"/e/{ev.pk}/files/{att.pk}/")
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")
    assert b"".join(got.streaming_content) == PNG_1PX
    assert AuditEntry.objects.filter(action="upload", evaluation_id_ref=ev.pk).exists()


def test_web_department_uploads_a_workbook(demo):
    """The 被评价单位 may upload its documents too (an .xlsx here), through the same form."""
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    client, token = uploader(demo, "renshe")
    ev = demo.reference
    resp = client.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("佐证材料.xlsx", buf.getvalue())})
    assert resp.status_code == 302
    assert "已上传“佐证材料.xlsx”" in client.get(resp["Location"]).content.decode()
    assert Attachment.objects.filter(evaluation=ev, original_name="佐证材料.xlsx", is_image=False).exists()


def test_web_upload_without_the_token_is_refused_in_chinese(demo):
    client, _ = uploader(demo)
    ev = demo.reference
    resp = client.post(f"/e/{ev.pk}/files/", {"file": SimpleUploadedFile("照片.png", PNG_1PX)})
    assert resp.status_code == 403 and "页面已过期" in resp.content.decode()
    assert not Attachment.objects.filter(evaluation=ev, original_name="照片.png").exists()


def test_web_upload_over_the_limit_is_refused(demo):
    with override_settings(UPLOAD_MAX_BYTES=1024 * 1024, DATA_UPLOAD_MAX_MEMORY_SIZE=2 * 1024 * 1024):
        page = refused(demo, {"file": SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10))})
    assert "超过上限" in page


def test_web_upload_far_over_the_limit_is_refused_before_reading(demo):
    with override_settings(UPLOAD_MAX_BYTES=100 * 1024, DATA_UPLOAD_MAX_MEMORY_SIZE=200 * 1024):
        page = refused(demo, {"file": SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * (600 * 1024))})
    assert "超过上限" in page


def test_web_html_named_jpg_is_refused(demo):
    html = b"<html><script>alert(document.cookie)</script></html>"
    page = refused(demo, {"file": SimpleUploadedFile("photo.jpg", html, content_type="image/jpeg")})
    assert "不是有效的图片" in page


def test_web_100_megapixel_png_is_refused(demo):
    page = refused(demo, {"file": SimpleUploadedFile("huge.png", png_header(10000, 10000))})
    assert "10000×10000" in page and "百万像素" in page


@pytest.mark.parametrize("name", ["../evil.png", "..\\..\\evil.png", "/etc/evil.png", "a/../../evil.png"])
def test_web_path_in_filename_is_refused(demo, name):
    boundary = "jixiaoBoundary"

    def body(token: str) -> bytes:
        return (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nx\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: image/png\r\n\r\n"
        ).encode() + PNG_1PX + f"\r\n--{boundary}--\r\n".encode()

    page = refused(demo, body, content_type=f"multipart/form-data; boundary={boundary}")
    assert "不允许包含路径" in page


def test_web_uploads_refused_after_finalise(demo):
    client, token = uploader(demo)
    ev = demo.reference
    client.post(f"/e/{ev.pk}/finalise/", {"csrfmiddlewaretoken": token})
    resp = client.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("照片.png", PNG_1PX)})
    assert resp.status_code == 302
    assert "该评价已定稿，不能再上传文件" in client.get(resp["Location"]).content.decode()
    assert not Attachment.objects.filter(evaluation=ev, original_name="照片.png").exists()

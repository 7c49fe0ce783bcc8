"""Uploads are refused cleanly: too large, a page named .jpg, 100 megapixels, a path in the name."""

from __future__ import annotations

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


def stored_files() -> set[str]:
    folder = Path(settings.FILES_DIR)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def refused(demo, client, data_or_body, content_type=None) -> str:
    ev = demo.reference
    before_rows, before_files = Attachment.objects.count(), stored_files()
    url = f"/e/{ev.pk}/files/"
    if content_type:
        resp = client.post(url, data_or_body, content_type=content_type)
    else:
        resp = client.post(url, data_or_body)
    assert resp.status_code in (302, 303), resp.status_code
    page = client.get(f"/e/{ev.pk}/interviews/").content.decode()
    assert "上传被拒绝" in page
    assert Attachment.objects.count() == before_rows and stored_files() == before_files
    assert AuditEntry.objects.filter(action="upload_refused", evaluation_id_ref=ev.pk).exists()
    return page


def test_web_upload_accepts_a_real_photo_and_serves_it_as_attachment(demo):
    client = demo.client("pingjia")
    ev = demo.reference
    resp = client.post(f"/e/{ev.pk}/files/", {"file": SimpleUploadedFile("照片.png", PNG_1PX), "caption": "现场"})
    assert resp.status_code == 302
    att = Attachment.objects.get(evaluation=ev, original_name="照片.png")
    assert att.stored_name != "照片.png" and att.stored_name.endswith(".png") and att.is_image
    got = client.get(f"/e/{ev.pk}/files/{att.pk}/")
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")
    assert b"".join(got.streaming_content) == PNG_1PX
    assert AuditEntry.objects.filter(action="upload", evaluation_id_ref=ev.pk).exists()


def test_web_upload_over_the_limit_is_refused(demo):
    client = demo.client("pingjia")
    with override_settings(UPLOAD_MAX_BYTES=1024 * 1024, DATA_UPLOAD_MAX_MEMORY_SIZE=2 * 1024 * 1024):
        page = refused(demo, client, {"file": SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10))})
    assert "超过上限" in page


def test_web_upload_far_over_the_limit_is_refused_before_reading(demo):
    client = demo.client("pingjia")
    with override_settings(UPLOAD_MAX_BYTES=100 * 1024, DATA_UPLOAD_MAX_MEMORY_SIZE=200 * 1024):
        page = refused(demo, client, {"file": SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * (600 * 1024))})
    assert "超过上限" in page


def test_web_html_named_jpg_is_refused(demo):
    client = demo.client("pingjia")
    html = b"<html><script>alert(document.cookie)</script></html>"
    page = refused(demo, client, {"file": SimpleUploadedFile("photo.jpg", html, content_type="image/jpeg")})
    assert "不是有效的图片" in page


def test_web_100_megapixel_png_is_refused(demo):
    client = demo.client("pingjia")
    page = refused(demo, client, {"file": SimpleUploadedFile("huge.png", png_header(10000, 10000))})
    assert "10000×10000" in page and "百万像素" in page


@pytest.mark.parametrize("name", ["../evil.png", "..\\..\\evil.png", "/etc/evil.png", "a/../../evil.png"])
def test_web_path_in_filename_is_refused(demo, name):
    client = demo.client("pingjia")
    boundary = "jixiaoBoundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nx\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
        f"Content-Type: image/png\r\n\r\n"
    ).encode() + PNG_1PX + f"\r\n--{boundary}--\r\n".encode()
    page = refused(demo, client, body, content_type=f"multipart/form-data; boundary={boundary}")
    assert "不允许包含路径" in page


def test_web_uploads_refused_after_finalise(demo):
    client = demo.client("pingjia")
    ev = demo.reference
    client.post(f"/e/{ev.pk}/finalise/")
    client.post(f"/e/{ev.pk}/files/", {"file": SimpleUploadedFile("照片.png", PNG_1PX)})
    assert not Attachment.objects.filter(evaluation=ev, original_name="照片.png").exists()

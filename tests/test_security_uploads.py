"""Uploads attacked the way the security review attacked them: a 200 MB body declared and
barely sent, a body sent without a length, a length that lies, limit+1 byte on /files/,
a truncated JPEG or PNG, the same workbook imported twice. Each ends within a second in a
Chinese message and a 4xx, nothing stored, nothing leaked, a line in the server log and
an entry in the audit log; a file just within the limit is still accepted."""

from __future__ import annotations

import http.client
import io
import json
import logging
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from conftest import REFERENCE
from test_web_fixtures import PNG_1PX, Demo, demo  # noqa: F401
from jixiao.web.models import Attachment, AuditEntry, Evaluation, Revision

MB = 1024 * 1024
BOUNDARY = "jixiaoAttackBoundary"


def stored_files() -> set[str]:
    folder = Path(settings.FILES_DIR)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def state() -> tuple:
    """Everything an upload could leave behind."""
    return Evaluation.objects.count(), Revision.objects.count(), Attachment.objects.count(), stored_files()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def csrf_client(demo, username: str = "pingjia"):
    """A logged-in client that enforces CSRF like a browser, and the token of the 访谈与照片 page."""
    client = demo.client(username, enforce_csrf_checks=True)
    page = client.get(f"/e/{demo.reference.pk}/interviews/").content.decode()
    return client, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def multipart_head(token: str, name: str = "大.pdf") -> bytes:
    """The start of a browser's upload form: the token first, then the file part's header."""
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/pdf\r\n\r\n%PDF").encode()


def jpeg(size=(64, 48)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buf, "JPEG", quality=90)
    return buf.getvalue()


def png(size=(64, 48)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buf, "PNG")
    return buf.getvalue()


# -- over HTTP, against a served instance ------------------------------------------------


@pytest.fixture
def served(transactional_db, live_server):
    """The workspace served on a port, a logged-in evaluator's cookies and the page's token."""
    demo = Demo()
    client, token = csrf_client(demo)
    cookies = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    u = urlparse(live_server.url)
    return demo, (u.hostname, u.port), cookies, token


def raw_post(address, path: str, headers: dict, body: bytes, *, chunked: bool = False):
    """Send the headers and only `body` (whatever the length declared), then read the answer:
    the server must answer without waiting for the rest."""
    conn = http.client.HTTPConnection(*address, timeout=5)
    started = time.perf_counter()
    try:
        conn.putrequest("POST", path)
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.endheaders()
        if chunked:
            conn.send(f"{len(body):x}\r\n".encode() + body + b"\r\n")
        else:
            conn.send(body)
        resp = conn.getresponse()
        page = resp.read().decode("utf-8", "replace")
        return resp.status, dict(resp.getheaders()), page, time.perf_counter() - started
    finally:
        conn.close()


def test_a_declared_200mb_upload_is_refused_with_413_before_the_body_is_read(served, caplog):
    demo, address, cookies, token = served
    ev = demo.reference
    before = state()
    head = multipart_head(token)
    with caplog.at_level(logging.WARNING, logger="jixiao.security"):
        status, headers, page, took = raw_post(address, f"/e/{ev.pk}/files/", {
            "Cookie": cookies, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(200 * MB),
        }, head + b"0" * (256 * 1024))  # a quarter of a megabyte of the 200 sent
    assert status == 413, (status, page[:400])
    assert took < 1.0
    shown = text(page)
    assert "文件太大" in shown and "200.0 MB" in shown and "上限 20 MB" in shown, shown
    assert "没有保存" in shown and "评价列表" in shown  # in the site's layout, saying nothing was kept
    assert "Traceback" not in page and "RequestDataTooBig" not in page
    assert headers.get("X-Request-ID")
    assert state() == before
    assert AuditEntry.objects.filter(action="upload_refused", username="pingjia", detail__contains="200.0 MB").exists()
    assert any("200.0 MB" in r.getMessage() for r in caplog.records if r.name == "jixiao.security")


def test_a_huge_body_to_any_page_is_refused_before_it_is_read_even_logged_out(served):
    """Not only /files/: the login page and the new-evaluation form too, and urlencoded bodies."""
    demo, address, cookies, token = served
    for path, cookie, kind in (("/login/", "", "application/x-www-form-urlencoded"),
                               ("/evaluations/new/", cookies, f"multipart/form-data; boundary={BOUNDARY}")):
        status, _, page, took = raw_post(address, path, {"Cookie": cookie, "Content-Type": kind,
                                                         "Content-Length": str(200 * MB)}, b"a" * 65536)
        assert status == 413 and took < 1.0, (path, status)
        assert "文件太大" in text(page), path
    # The API answers in JSON, in Chinese.
    status, headers, page, took = raw_post(address, f"/api/evaluations/{demo.reference.pk}/revisions/", {
        "Cookie": cookies, "Content-Type": "application/json", "Content-Length": str(200 * MB)}, b"{" * 65536)
    assert status == 413 and took < 1.0 and headers["Content-Type"].startswith("application/json")
    assert "文件太大" in json.loads(page)["error"]


def test_a_body_without_a_declared_length_is_refused(served):
    """Chunked, with no Content-Length: refused at once rather than read (or silently dropped)."""
    demo, address, cookies, token = served
    before = state()
    status, _, page, took = raw_post(address, f"/e/{demo.reference.pk}/files/", {
        "Cookie": cookies, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Transfer-Encoding": "chunked",
    }, multipart_head(token) + b"0" * MB, chunked=True)
    assert status == 411 and took < 1.0, (status, page[:300])
    assert "内容长度" in text(page)
    assert state() == before


def test_a_length_that_lies_short_stores_nothing(served):
    """Content-Length says 2 KB; the body goes on for megabytes. Only the 2 KB are read: a cut
    form, refused with a 4xx; the rest is never taken for another request."""
    demo, address, cookies, token = served
    before = state()
    body = multipart_head(token, "照片.png") + PNG_1PX + b"\x00" * MB + f"\r\n--{BOUNDARY}--\r\n".encode()
    status, _, page, took = raw_post(address, f"/e/{demo.reference.pk}/files/", {
        "Cookie": cookies, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": "2048",
    }, body[:512 * 1024])
    assert 400 <= status < 500 and took < 1.0, (status, text(page)[:300])
    assert "“照片.png”没有完整收到" in text(page) and "Traceback" not in page
    assert state() == before


# -- with Django's client, CSRF enforced ---------------------------------------------------


def test_limit_plus_one_byte_on_files_is_413_and_the_limit_itself_is_accepted(demo, caplog):
    limit = settings.UPLOAD_MAX_BYTES
    assert limit == 20 * MB  # the default the review attacked
    client, token = csrf_client(demo)
    ev = demo.reference
    before = state()
    over = b"%PDF" + b"0" * (limit + 1 - 4)
    with caplog.at_level(logging.WARNING, logger="jixiao.security"):
        resp = client.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("超限.pdf", over)})
    assert resp.status_code == 413, resp.status_code
    shown = text(resp.content.decode())
    assert "超限.pdf" in shown and "超过上限 20 MB" in shown and "没有保存" in shown
    assert state() == before
    assert AuditEntry.objects.filter(action="upload_refused", evaluation_id_ref=ev.pk, detail__contains="超限.pdf").exists()
    assert any("超限.pdf" in r.getMessage() for r in caplog.records)

    exact = b"%PDF" + b"0" * (limit - 4)
    resp = client.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("刚好.pdf", exact)})
    assert resp.status_code == 302
    assert Attachment.objects.get(evaluation=ev, original_name="刚好.pdf").size == limit


def test_the_limit_is_a_setting(demo):
    """JIXIAO_UPLOAD_MAX_MB: the cap follows it, in the check of the declared length and while streaming."""
    client, token = csrf_client(demo)
    with override_settings(UPLOAD_MAX_BYTES=MB):
        resp = client.post(f"/e/{demo.reference.pk}/files/", {"csrfmiddlewaretoken": token,
                                                               "file": SimpleUploadedFile("a.pdf", b"%PDF" + bytes(MB))})
        assert resp.status_code == 413 and "上限 1 MB" in text(resp.content.decode())
        resp = client.post(f"/e/{demo.reference.pk}/files/", {"csrfmiddlewaretoken": token,
                                                               "file": SimpleUploadedFile("b.pdf", b"%PDF" + bytes(3 * MB))})
        assert resp.status_code == 413 and "上限 1 MB" in text(resp.content.decode())
    assert not Attachment.objects.filter(original_name__in=["a.pdf", "b.pdf"]).exists()


def _refused_image(demo, name: str, data: bytes) -> str:
    client, token = csrf_client(demo)
    ev = demo.reference
    before = state()
    resp = client.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile(name, data)}, follow=True)
    shown = text(resp.content.decode())
    assert "上传被拒绝" in shown and name in shown, shown[:500]
    assert state() == before
    return shown


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_a_truncated_image_is_refused(demo, kind):
    whole = jpeg() if kind == "jpeg" else png()
    name = f"现场照片.{'jpg' if kind == 'jpeg' else 'png'}"
    shown = _refused_image(demo, name, whole[: len(whole) * 2 // 3])
    assert "已损坏" in shown


def test_a_png_whose_pixels_do_not_decode_is_refused(demo):
    """Headers intact, the compressed pixel data replaced by noise of the same length."""
    import struct
    import zlib

    data = bytearray(png())
    at = data.index(b"IDAT") - 4
    length = struct.unpack(">I", data[at:at + 4])[0]
    noise = bytes((i * 37 + 11) % 256 for i in range(length))
    data[at + 8:at + 8 + length] = noise
    data[at + 8 + length:at + 12 + length] = struct.pack(">I", zlib.crc32(b"IDAT" + noise) & 0xFFFFFFFF)
    assert "已损坏" in _refused_image(demo, "噪声.png", bytes(data))


def test_whole_images_are_still_accepted(demo):
    client, token = csrf_client(demo)
    ev = demo.reference
    for name, data in (("现场.jpg", jpeg()), ("现场.png", png())):
        resp = client.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile(name, data)})
        assert resp.status_code == 302, name
        assert Attachment.objects.get(evaluation=ev, original_name=name).is_image


# -- the same evaluation file twice ---------------------------------------------------------


def _workbook(tmp_path) -> bytes:
    from jixiao.excel.write import export_workbook
    from jixiao.io.document import document_from_yaml

    doc = document_from_yaml(REFERENCE.read_text("utf-8"), str(REFERENCE), [])
    return export_workbook(doc, tmp_path / "评价.xlsx").read_bytes()


def _new_from(client, name: str, data: bytes):
    page = client.get("/evaluations/new/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return client.post("/evaluations/new/", {"csrfmiddlewaretoken": token, "how": "upload",
                                             "file": SimpleUploadedFile(name, data)})


def test_the_same_workbook_uploaded_twice_is_imported_once(demo, tmp_path):
    book = _workbook(tmp_path)
    client = demo.client("pingjia", enforce_csrf_checks=True)
    first = _new_from(client, "新市区人社局评价.xlsx", book)
    assert first.status_code == 302
    held = Evaluation.objects.exclude(pk__in=demo.loaded).get()
    before = state()
    again = _new_from(client, "改了名字.xlsx", book)  # another name, the same bytes
    assert again.status_code == 409
    shown = text(again.content.decode())
    assert "改了名字.xlsx" in shown and "没有再次导入" in shown
    assert f"编号 {held.pk}" in shown and held.title in shown  # which evaluation already holds it
    assert f'href="/e/{held.pk}/info/"' in again.content.decode()
    assert state() == before
    assert AuditEntry.objects.filter(action="upload_refused", detail__contains="改了名字.xlsx").exists()


def test_another_organisation_is_not_told_of_an_evaluation_it_cannot_see(demo, tmp_path):
    """The duplicate check looks only among the evaluations the user may see: nothing leaks."""
    book = _workbook(tmp_path)
    assert _new_from(demo.client("pingjia", enforce_csrf_checks=True), "评价.xlsx", book).status_code == 302
    theirs = Evaluation.objects.exclude(pk__in=demo.loaded).get()
    resp = _new_from(demo.client("other_admin", enforce_csrf_checks=True), "评价.xlsx", book)
    assert resp.status_code == 302
    assert theirs.title not in text(resp.content.decode())


def test_a_double_click_imports_the_workbook_once(served, tmp_path):
    """The same upload sent twice at the same moment: one evaluation, and one 409 naming it."""
    import threading

    demo, address, cookies, token = served
    book = _workbook(tmp_path)
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"how\"\r\n\r\nupload\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"评价.xlsx\"\r\n"
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").encode()
    body += book + f"\r\n--{BOUNDARY}--\r\n".encode()
    headers = {"Cookie": cookies, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Content-Length": str(len(body))}
    before = Evaluation.objects.count()
    start, answers = threading.Barrier(2), []

    def post():
        start.wait()
        answers.append(raw_post(address, "/evaluations/new/", headers, body))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(a[0] for a in answers) == [302, 409], [(a[0], text(a[2])[:200]) for a in answers]
    assert Evaluation.objects.count() == before + 1
    held = Evaluation.objects.order_by("-pk").first()
    refused = next(a for a in answers if a[0] == 409)
    assert f"编号 {held.pk}" in text(refused[2]) and "没有再次导入" in text(refused[2])

"""附件5 in the web's report: the photos uploaded to the evaluation (访谈与照片) are embedded,
each under its caption (the 说明 typed at upload, or else the file name); an upload whose
stored file is gone prints its caption only and the conversion says why."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import Image

from test_web_fixtures import Demo
from jixiao.web import jobs
from jixiao.web.models import Attachment, Job
from jixiao.web.uploads import path_of

FAKE_SOFFICE = r"""#!/bin/sh
# Stands in for LibreOffice's layout pass: a PDF that cannot be read, so the contents stay for Word to refresh.
outdir=""; last=""; prev=""
for a in "$@"; do
  [ "$prev" = "--outdir" ] && outdir="$a"
  prev="$a"; last="$a"
done
printf '%%PDF-1.4\n%% fake\n' > "$outdir/$(basename "$last" .docx).pdf"
"""


@pytest.fixture
def demo(transactional_db) -> Demo:
    return Demo()  # committed: the worker runs on connections of its own


@pytest.fixture(autouse=True)
def fake_soffice(tmp_path, monkeypatch):
    path = tmp_path / "soffice"
    path.write_text(FAKE_SOFFICE)
    path.chmod(0o755)
    monkeypatch.setenv("JIXIAO_SOFFICE", str(path))


def photo(colour: tuple[int, int, int], fmt: str = "JPEG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buf, fmt)
    return buf.getvalue()


def upload(client, token: str, ev, name: str, data: bytes, caption: str = "") -> Attachment:
    resp = client.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile(name, data),
                                              "caption": caption})
    assert resp.status_code == 302, resp.content.decode()[:500]
    return Attachment.objects.get(evaluation=ev, original_name=name)


def annex5(docx_bytes: bytes) -> list[tuple[str, list[bytes]]]:
    """附件5's paragraphs after its heading (the last 附件5 line: the contents list it first),
    each as (text, the images it shows)."""
    doc = Document(io.BytesIO(docx_bytes))
    paragraphs = doc.paragraphs
    start = max(i for i, p in enumerate(paragraphs) if p.text.strip().startswith("附件5"))
    embed = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
    return [(p.text.strip(), [doc.part.related_parts[b.get(embed)].blob
                              for b in p._p.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")])
            for p in paragraphs[start + 1:]]


def report_docx(client, token: str, ev) -> bytes:
    resp = client.post(f"/e/{ev.pk}/reports/", {"fmt": "docx", "csrfmiddlewaretoken": token})
    assert resp.status_code in (200, 302)
    jobs.run_pending()
    job = Job.objects.get(kind="report.docx")
    assert job.status == "done", job.error
    resp = client.get(f"/jobs/{job.pk}/download/")
    assert resp.status_code == 200
    return b"".join(resp.streaming_content)


def caption_and_image(paragraphs, caption: str) -> list[bytes]:
    """The image shown in the paragraph just above the caption ending in `caption`."""
    for i, (text, _) in enumerate(paragraphs):
        if text.endswith(caption) and re.match(r"图5-\d+ ", text):
            return [b for _, blobs in paragraphs[max(0, i - 1):i + 1] for b in blobs]
    raise AssertionError(f"no caption {caption!r} in 附件5: {[t for t, _ in paragraphs if t]}")


def test_uploaded_photos_are_embedded_in_annex5_of_the_web_report(demo, caplog):
    ev = demo.reference
    client = demo.client("pingjia", enforce_csrf_checks=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                      client.get(f"/e/{ev.pk}/interviews/").content.decode()).group(1)
    training = photo((20, 120, 200))
    fair = photo((200, 120, 20), "PNG")
    upload(client, token, ev, "IMG_0412.JPG", training, "开展就业培训")  # a caption the evaluation lists already
    upload(client, token, ev, "招聘会现场.png", fair)  # no 说明: captioned by its file name
    gone = upload(client, token, ev, "调解.jpg", photo((90, 90, 90)), "调解现场")
    path_of(gone.stored_name).unlink()  # lost from the disk since the upload

    with caplog.at_level(logging.WARNING, logger="jixiao"):
        paragraphs = annex5(report_docx(client, token, ev))

    assert caption_and_image(paragraphs, "开展就业培训") == [training]
    assert caption_and_image(paragraphs, "招聘会现场.png") == [fair]
    assert caption_and_image(paragraphs, "调解现场") == []  # its caption only
    captions = [t for t, _ in paragraphs if t.startswith("图5-")]
    assert sum(c.endswith("开展就业培训") for c in captions) == 1  # filled in, not listed twice
    assert "照片“调解现场”" in caplog.text and "不存在" in caplog.text


def test_the_report_tab_says_which_photo_will_print_its_caption_only(demo):
    """A photo the report cannot embed is said on the 报告 tab by the name it was uploaded as,
    not only in the server's log, and without a path on the server."""
    ev = demo.reference
    client = demo.client("pingjia", enforce_csrf_checks=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                      client.get(f"/e/{ev.pk}/interviews/").content.decode()).group(1)
    upload(client, token, ev, "培训现场.jpg", photo((20, 120, 200)), "开展就业培训")
    gone = upload(client, token, ev, "调解.jpg", photo((90, 90, 90)), "调解现场")
    cut = upload(client, token, ev, "招聘会.png", photo((200, 120, 20), "PNG"))
    path_of(gone.stored_name).unlink()  # lost from the disk since the upload
    data = path_of(cut.stored_name).read_bytes()
    path_of(cut.stored_name).write_bytes(data[: len(data) // 2])  # cut short on the disk

    page = client.get(f"/e/{ev.pk}/report/").content.decode()
    notices = re.findall(r'<p class="alert warning photo-notice">([^<]+)</p>', page)
    assert len(notices) == 2, notices
    assert notices[0].startswith("照片附件“调解.jpg”（说明“调解现场”）：图片文件已不在服务器上，报告附件5中只印说明")
    assert notices[1].startswith("照片附件“招聘会.png”：") and "已损坏" in notices[1]
    assert "培训现场" not in " ".join(notices)
    assert not any(gone.stored_name in n or "相对于评价文件" in n for n in notices)

"""Hostile workbooks, crafted the way a security review crafted them: a ratio bomb inside
the size limits, a zip directory that lies about sizes, names that climb out of the
archive, links, macros in a renamed .xlsm, parts no workbook has. Each is refused before
any parser sees it, within a second, with a Chinese message naming the file and the
entry, by `jixiao score` (exit 2) and by the web upload (4xx, nothing stored)."""

from __future__ import annotations

import logging
import struct
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REFERENCE, SAMPLE

import test_web_fixtures as web  # noqa: F401  (Django on a temporary data directory)
from jixiao.cli import main
from jixiao.excel.safety import Limits, check_file
from jixiao.excel.write import export_workbook
from jixiao.io.document import document_from_yaml

SHEET = "xl/worksheets/sheet1.xml"
HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def exported(example: Path, out: Path) -> Path:
    problems: list = []
    doc = document_from_yaml(example.read_text(encoding="utf-8"), str(example), problems)
    return export_workbook(doc, out)


def rebuild(src: Path, dst: Path, replace: dict | None = None, add: list | None = None) -> Path:
    """`src` entry by entry into `dst`, with some entries replaced and some added."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, replace.get(item.filename, zin.read(item.filename)))
        for info, data in add or []:
            zout.writestr(info, data)
    return dst


def ratio_bomb_sheet(size: int = 27 * 1024 * 1024) -> bytes:
    """A well-formed sheet of ~size bytes: the same row over and over (a parser reads every cell)."""
    row = b'<row><c t="inlineStr"><is><t>&#32489;&#25928;</t></is></c><c><v>1</v></c></row>'
    return HEAD + row * (size // len(row)) + TAIL


@pytest.fixture
def form(tmp_path) -> Path:
    return exported(SAMPLE, tmp_path / "自评表原件.xlsx")


def score_refused(path: Path) -> str:
    """`jixiao score` exits 2 within a second; returns what it said, unwrapped."""
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["score", str(path)])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 2, result.output
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert "Traceback" not in result.output
    return "".join(result.output.split())


def refused_code(path: Path) -> tuple[str, str]:
    problems = check_file(path, Limits())
    assert len(problems) == 1, problems
    return problems[0].code, problems[0].message


# -- the ratio bomb ---------------------------------------------------------------------


def test_a_ratio_bomb_inside_the_size_limits_is_refused_in_under_a_second(form, tmp_path, caplog):
    bomb = rebuild(form, tmp_path / "炸弹.xlsx", {SHEET: ratio_bomb_sheet()})
    with zipfile.ZipFile(bomb) as z:
        info = z.getinfo(SHEET)
    # Inside every older limit: under 100 MB declared, a handful of entries, a small file.
    assert info.file_size > 25 * 1024 * 1024 and sum(i.file_size for i in z.infolist()) < 100 * 1024 * 1024
    assert bomb.stat().st_size < 200 * 1024 and info.file_size / info.compress_size > 100
    with caplog.at_level(logging.WARNING, logger="jixiao.security"):
        said = score_refused(bomb)
    assert "炸弹.xlsx" in said and SHEET in said and "压缩比" in said and "上限100:1" in said and "JIXIAO_MAX_ZIP_RATIO" in said
    assert any("炸弹.xlsx" in r.getMessage() and "excel.zip_ratio" in r.getMessage() for r in caplog.records)


def test_the_ratio_limit_is_a_setting(form, tmp_path, monkeypatch):
    # A sheet that compresses about 150:1: refused by default, read with JIXIAO_MAX_ZIP_RATIO=1000.
    import random

    rng = random.Random(5)
    rows = [b"<row>" + b'<c><v>%d</v></c>' % rng.randrange(10) * 40 + b"</row>" for _ in range(50)]
    sheet = HEAD + b"".join(rows) * 1200 + TAIL
    path = rebuild(form, tmp_path / "高压缩比.xlsx", {SHEET: sheet})
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(SHEET)
    assert 110 < info.file_size / info.compress_size < 900, info.file_size / info.compress_size
    assert refused_code(path)[0] == "excel.zip_ratio"
    monkeypatch.setenv("JIXIAO_MAX_ZIP_RATIO", "1000")
    assert Limits.from_env().max_ratio == 1000
    assert not [p for p in check_file(path, Limits.from_env()) if p.code == "excel.zip_ratio"]


def test_many_small_bombs_are_refused_as_a_whole(form, tmp_path):
    # Each entry stays under the size from which one entry's ratio counts; together they are a bomb.
    filler = HEAD + b"<row/>" * (900 * 1024 // 6) + TAIL
    bomb = rebuild(form, tmp_path / "多个小炸弹.xlsx", add=[(f"xl/worksheets/sheet{n}.xml", filler) for n in range(20, 60)])
    code, message = refused_code(bomb)
    assert code == "excel.zip_ratio" and "合计" in message and "xl/worksheets/sheet" in message
    assert "多个小炸弹.xlsx" in score_refused(bomb)


def _patch_sizes(path: Path, name: str, size: int) -> None:
    """Make the zip directory and the local header declare `size` bytes unzipped for `name`."""
    data = bytearray(path.read_bytes())
    raw = name.encode()
    at = 0
    while True:
        central = data.find(b"PK\x01\x02", at)
        assert central >= 0
        n = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46: central + 46 + n]) == raw:
            break
        at = central + 4
    struct.pack_into("<I", data, central + 24, size)
    local = struct.unpack_from("<I", data, central + 42)[0]
    struct.pack_into("<I", data, local + 22, size)
    path.write_bytes(bytes(data))


def test_a_zip_directory_that_lies_about_sizes_is_refused(form, tmp_path):
    # The directory declares 300 KB (an honest-looking ratio); the data inflates to 27 MB.
    liar = rebuild(form, tmp_path / "谎报大小.xlsx", {SHEET: ratio_bomb_sheet()})
    _patch_sizes(liar, SHEET, 300 * 1024)
    with zipfile.ZipFile(liar) as z:
        info = z.getinfo(SHEET)
    assert info.file_size == 300 * 1024 and info.file_size / info.compress_size < 100
    code, message = refused_code(liar)
    assert code == "excel.zip_size_lie" and SHEET in message and "300.0 KB" in message
    said = score_refused(liar)
    assert "谎报大小.xlsx" in said and "篡改" in said


# -- names, links, parts ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["xl/../../../tmp/jixiao-escape.xml", "../evil.xml", "/etc/cron.d/jixiao",
                                  "C:/Windows/evil.xml", "xl\\..\\..\\evil.xml", "xl/worksheets/sheet9\x1b[2J.xml"])
def test_names_that_climb_out_of_the_archive_are_refused(form, tmp_path, name):
    bad = rebuild(form, tmp_path / "路径.xlsx", add=[(name, b"<x/>")])
    code, message = refused_code(bad)
    assert code == "excel.entry_path" and "绝对路径" in message
    said = score_refused(bad)
    assert "路径.xlsx" in said and ("evil" in said or "jixiao" in said or "sheet9" in said)


def test_a_symlink_entry_is_refused(form, tmp_path):
    link = zipfile.ZipInfo("xl/worksheets/sheet9.xml")
    link.create_system = 3  # Unix
    link.external_attr = (0o120777 << 16)  # S_IFLNK
    bad = rebuild(form, tmp_path / "链接.xlsx", add=[(link, b"/etc/passwd")])
    code, message = refused_code(bad)
    assert code == "excel.entry_link" and "xl/worksheets/sheet9.xml" in message and "符号链接" in message
    assert "链接.xlsx" in score_refused(bad)


def test_macros_in_a_renamed_xlsm_are_refused(form, tmp_path):
    vba = rebuild(form, tmp_path / "宏.xlsx", add=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(500))])
    code, message = refused_code(vba)
    assert code == "excel.macro" and "xl/vbaProject.bin" in message and "另存为” .xlsx" in message
    assert "宏.xlsx" in score_refused(vba)
    # Excel 4 macro sheets, and a macro-enabled content type without any macro part.
    xlm = rebuild(form, tmp_path / "宏表.xlsx", add=[("xl/macrosheets/sheet1.xml", b"<xm:macrosheet/>")])
    assert refused_code(xlm)[0] == "excel.macro"
    with zipfile.ZipFile(form) as z:
        types = z.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    assert b"macroEnabled" in types
    renamed = rebuild(form, tmp_path / "改名.xlsx", {"[Content_Types].xml": types})
    code, message = refused_code(renamed)
    assert code == "excel.macro" and "[Content_Types].xml" in message and ".xlsm" in message


@pytest.mark.parametrize("name", ["evil.exe", "word/document.xml", "xl/worksheets/sheet1.xml.exe", "__MACOSX/._sheet1.xml"])
def test_parts_no_workbook_has_are_refused_not_skipped(form, tmp_path, name):
    bad = rebuild(form, tmp_path / "夹带.xlsx", add=[(name, b"MZ" + bytes(100))])
    code, message = refused_code(bad)
    assert code == "excel.entry_unexpected" and name in message
    assert name in score_refused(bad)


def test_a_renamed_word_document_names_its_foreign_part(tmp_path):
    docx = tmp_path / "报告.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    code, message = refused_code(docx)
    assert code == "excel.entry_unexpected" and "word/document.xml" in message


def test_duplicate_and_overlapping_entries_are_refused(form, tmp_path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, as it should
        twice = rebuild(form, tmp_path / "重复.xlsx", add=[(SHEET, HEAD + TAIL)])
    code, message = refused_code(twice)
    assert code == "excel.entry_duplicate" and SHEET in message
    # Two directory entries pointing into the same data (the "overlapping files" bomb).
    data = bytearray(form.read_bytes())
    offsets = []
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        offsets.append(at)
        at += 4
    first_local = struct.unpack_from("<I", data, offsets[0] + 42)[0]
    struct.pack_into("<I", data, offsets[1] + 42, first_local + 1)
    overlap = tmp_path / "重叠.xlsx"
    overlap.write_bytes(bytes(data))
    assert refused_code(overlap)[0] in ("excel.entry_overlap", "excel.not_workbook", "excel.entry_mismatch")


# -- what must still be read --------------------------------------------------------------


def test_workbooks_as_excel_wps_and_jixiao_write_them_are_read(form, tmp_path):
    from jixiao.excel.read import load_workbook

    reference = exported(REFERENCE, tmp_path / "部门.xlsx")
    # Parts other producers add: custom properties, customXml, a picture, a printer setting,
    # a thumbnail, folder entries.
    rich = rebuild(form, tmp_path / "WPS.xlsx", add=[
        ("docProps/custom.xml", b"<Properties/>"),
        ("customXml/item1.xml", b"<root/>"),
        ("customXml/_rels/item1.xml.rels", b"<Relationships/>"),
        ("customXml/itemProps1.xml", b"<ds:datastoreItem/>"),
        ("xl/media/image1.png", b"\x89PNG" + bytes(64)),
        ("xl/printerSettings/printerSettings1.bin", bytes(64)),
        ("docProps/thumbnail.jpeg", b"\xff\xd8" + bytes(64)),
        ("xl/calcChain.xml", b"<calcChain/>"),
        ("xl/", b""),
    ])
    for path in (form, reference, rich):
        assert check_file(path, Limits()) == [], path
    assert load_workbook(rich).ok
    result = CliRunner().invoke(main, ["score", str(reference)])
    assert result.exit_code == 0 and "97.00" in result.output


# -- the web upload ------------------------------------------------------------------------


def _files_stored() -> list[str]:
    from django.conf import settings

    folder = Path(settings.FILES_DIR)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_web_upload_of_a_ratio_bomb_is_refused_and_nothing_is_stored(db, form, tmp_path, caplog):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.models import Attachment, Evaluation, Revision

    demo = web.Demo()
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    bomb = rebuild(form, tmp_path / "炸弹.xlsx", {SHEET: ratio_bomb_sheet()}).read_bytes()
    before = (Evaluation.objects.count(), Revision.objects.count(), Attachment.objects.count(), _files_stored())
    page = pingjia.get("/evaluations/new/")
    token = page.cookies["csrftoken"].value
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="jixiao.security"):
        resp = pingjia.post("/evaluations/new/", {"csrfmiddlewaretoken": token, "how": "upload",
                                                  "file": SimpleUploadedFile("炸弹.xlsx", bomb)})
    assert time.perf_counter() - started < 1.0
    text = resp.content.decode()
    assert 400 <= resp.status_code < 500, resp.status_code
    assert "炸弹.xlsx" in text and SHEET in text and "压缩比" in text and "Traceback" not in text
    assert (Evaluation.objects.count(), Revision.objects.count(), Attachment.objects.count(), _files_stored()) == before
    assert any("excel.zip_ratio" in r.getMessage() for r in caplog.records)


def test_web_attachment_that_is_a_hostile_workbook_is_refused_and_not_stored(db, form, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.models import Attachment

    demo = web.Demo()
    ev = demo.reference
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    before = (Attachment.objects.count(), _files_stored())
    hostile = {
        "炸弹.xlsx": (rebuild(form, tmp_path / "a.xlsx", {SHEET: ratio_bomb_sheet()}), "压缩比"),
        "宏.xlsx": (rebuild(form, tmp_path / "b.xlsx", add=[("xl/vbaProject.bin", bytes(512))]), "xl/vbaProject.bin"),
        "路径.xlsx": (rebuild(form, tmp_path / "c.xlsx", add=[("../../evil.xml", b"<x/>")]), "../../evil.xml"),
    }
    for name, (path, why) in hostile.items():
        page = pingjia.get(f"/e/{ev.pk}/interviews/")
        token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else pingjia.cookies["csrftoken"].value
        resp = pingjia.post(f"/e/{ev.pk}/files/", {"csrfmiddlewaretoken": token, "caption": "佐证",
                                                  "file": SimpleUploadedFile(name, path.read_bytes())}, follow=True)
        text = resp.content.decode()
        assert "上传被拒绝" in text and name in text and why in text, (name, resp.status_code)
        assert (Attachment.objects.count(), _files_stored()) == before, name

"""PDF via LibreOffice headless, converted from the same Word document.

The official fonts (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体) are not free and
not in Debian; templates/fonts.conf maps them to the CJK fonts Debian ships, and
LibreOffice is pointed at it through FONTCONFIG_FILE. No font is installed by hand.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .docx import TEMPLATES

INSTALL_HINT = (
    "未找到 LibreOffice（soffice），无法生成PDF。请先安装：\n"
    "  Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk "
    "fonts-arphic-gkai00mp fonts-arphic-gbsn00lp\n"
    "  或不加 --pdf，只生成 Word 文档（.docx），再用 Word 或 WPS 另存为 PDF。"
)
TIMEOUT_SECONDS = 240


class LibreOfficeMissing(Exception):
    """soffice is not installed; str() is the Chinese message saying how to install it."""

    def __init__(self, message: str = INSTALL_HINT):
        super().__init__(message)


class ConversionFailed(Exception):
    """LibreOffice ran but produced no PDF."""


def find_soffice() -> str | None:
    override = os.environ.get("JIXIAO_SOFFICE")
    if override is not None:
        return shutil.which(override) if override else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def fonts_conf(workdir: Path) -> Path:
    """The shipped fontconfig file; regenerated from the mapping if the package lacks it."""
    shipped = TEMPLATES / "fonts.conf"
    if shipped.is_file():
        return shipped
    from .fontconfig import fonts_conf as generate

    path = workdir / "fonts.conf"
    path.write_text(generate(), encoding="utf-8")
    return path


# Word comments kept in the PDF: as PDF notes at their anchors, and printed in the page margin
# where LibreOffice can (7.5 and later; older versions ignore the option)
WITH_COMMENTS = ('pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},'
                 '"ExportNotesInMargin":{"type":"boolean","value":"true"}}')


def convert(docx: Path, out: Path, export: str = "pdf:writer_pdf_Export") -> Path:
    """docx → PDF with LibreOffice; `out` is replaced only when the conversion succeeded.
    `export=WITH_COMMENTS` keeps the Word comments (批注)."""
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissing()
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        work = Path(tmp)
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(fonts_conf(work))
        env["HOME"] = str(work)  # LibreOffice writes its profile there; never the user's
        cmd = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--norestore", "--nolockcheck",
            "--convert-to", export,
            "--outdir", str(work), str(docx),
        ]
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice 转换超时（{TIMEOUT_SECONDS}秒）：{docx}") from None
        produced = work / (docx.stem + ".pdf")
        if not produced.is_file():
            detail = (proc.stderr or proc.stdout).strip()
            raise ConversionFailed(f"LibreOffice 未能将 {docx} 转换为PDF：{detail}")
        out.parent.mkdir(parents=True, exist_ok=True)
        staged = out.parent / f".{out.name}.part"
        shutil.copyfile(produced, staged)
        os.replace(staged, out)
    return out


PDF_LANG = re.compile(rb"/Lang\(([A-Za-z]{2}-[A-Za-z]{2})\)")


def set_pdf_language(pdf: Path, language: str) -> Path:
    """The PDF's document language (for screen readers) set to `language`: LibreOffice writes the
    language of the Latin text, which a Chinese report marks en-US. Same length, so in place."""
    data = Path(pdf).read_bytes()
    code = language.encode("ascii")
    fixed = PDF_LANG.sub(lambda m: b"/Lang(" + code + b")" if len(code) == len(m.group(1)) else m.group(0), data)
    if fixed != data:
        staged = Path(pdf).with_name(f".{Path(pdf).name}.part")
        staged.write_bytes(fixed)
        os.replace(staged, pdf)
    return Path(pdf)

"""Pictures of the 自评表 layouts jixiao reads (README, “自评表版式”): one corpus form per layout family,
printed as LibreOffice prints it, cropped to the form, into docs/layouts/<family>.png.

    python scripts/layout_pictures.py            all families
    python scripts/layout_pictures.py coefficient national

Needs LibreOffice (soffice), poppler (pdftoppm) and Pillow. A Word form is printed as it is, a
workbook as a table of the same cells and merges (tests/forms/build.py lays both out). The page is rendered at 110 dpi,
cropped to what is printed on it (the form's top when it runs longer than one page) and saved as
a PNG of at most 64 greys, so that each picture stays under 120 KB.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "tests" / "forms"
OUT = ROOT / "docs" / "layouts"
MAX_BYTES = 120 * 1024
MAX_HEIGHT = 1100  # pixels: the form's top, where its layout is seen, when it runs longer
# The corpus form shown for each family (the first form of the family when not named here).
EXAMPLES = {
    "national": "anhui-chizhou-weituo",
    "two-row-header": "yunnan-yongde-yingyang",
    "sichuan-project": "sichuan-qingshen-gongzi",
    "goal-form": "sichuan-zhongjiang-shuibiao",
    "score-table": "hunan-yueyang-kejiju",
    "no-weight-column": "hubei-changjiang-jinbu",
}


def families() -> dict[str, str]:
    """family → the corpus folder whose form is its picture."""
    found: dict[str, str] = {}
    for expected in sorted(FORMS.glob("*/expected.yaml")):
        family = yaml.safe_load(expected.read_text(encoding="utf-8"))["family"]
        found.setdefault(family, expected.parent.name)
    return {family: EXAMPLES.get(family, folder) for family, folder in sorted(found.items())}


def printable(folder: str, work: Path) -> Path:
    """The form as printed, as a Word document: a Word form as it is; a workbook's sheets laid out as
    tables of the same cells and merges (LibreOffice prints them with its word processor, which the
    report needs anyway, so no spreadsheet program is needed), one page wide."""
    form = next(p for p in (FORMS / folder).glob("form.*") if p.suffix in (".xlsx", ".docx"))
    copy = work / "form.docx"
    if form.suffix == ".docx":
        shutil.copyfile(form, copy)
        return copy
    sys.path.insert(0, str(FORMS))
    import build

    description = build.load_description(FORMS / folder)
    tables = [{"rows": [[_shown(v, sheet.get("formats") or {}, r, c) for c, v in enumerate(row or [])]
                        for r, row in enumerate(sheet.get("rows") or [])], "merges": sheet.get("merges")}
              for sheet in description["sheets"]]
    copy.write_bytes(build.build_docx({"tables": tables}, str(FORMS / folder / "form.yaml")))
    return copy


def _shown(value, formats: dict, row: int, col: int):
    """A number cell as Excel shows it in its format (a % cell 0.9 is 90.00%)."""
    from openpyxl.utils import get_column_letter

    fmt = formats.get(f"{get_column_letter(col + 1)}{row + 1}", "")
    if isinstance(value, (int, float)) and "%" in fmt:
        places = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
        return f"{value * 100:.{places}f}%"
    return value


def to_pdf(source: Path, work: Path) -> Path:
    env = dict(os.environ, HOME=str(work))
    cmd = ["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
           "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work), str(source)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)  # never leave LibreOffice running
        proc.wait()
        raise SystemExit(f"LibreOffice 转换 {source.name} 超时")
    pdf = work / f"{source.stem}.pdf"
    if not pdf.is_file():
        raise SystemExit(f"LibreOffice 未能把 {source.name} 转为 PDF")
    return pdf


def picture(pdf: Path, out: Path, work: Path) -> int:
    """Page 1 rendered, cropped to its ink (a margin kept), greyscale, saved small; returns its size."""
    from PIL import Image, ImageChops, ImageOps

    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(work / "page")],
                   check=True, timeout=120)
    page = Image.open(work / "page.png").convert("L")
    ink = ImageChops.invert(page).point(lambda v: 255 if v > 24 else 0).getbbox()
    if ink:
        left, top, right, bottom = ink
        page = page.crop((max(left - 12, 0), max(top - 12, 0), min(right + 12, page.width),
                          min(bottom + 12, page.height, top + MAX_HEIGHT)))
    page = ImageOps.autocontrast(page)
    for colours in (64, 32, 16, 8):
        page.quantize(colours).save(out, optimize=True)
        if out.stat().st_size <= MAX_BYTES:
            break
    return out.stat().st_size


def main(argv: list[str]) -> int:
    wanted = families()
    unknown = set(argv) - set(wanted)
    if unknown:
        raise SystemExit(f"语料中没有这些版式：{'、'.join(sorted(unknown))}")
    OUT.mkdir(parents=True, exist_ok=True)
    for family, folder in wanted.items():
        if argv and family not in argv:
            continue
        with tempfile.TemporaryDirectory(prefix="jixiao-layout-") as tmp:
            work = Path(tmp)
            size = picture(to_pdf(printable(folder, work), work), OUT / f"{family}.png", work)
        print(f"docs/layouts/{family}.png  {folder}  {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Images from outside (an upload, a photo named in an evaluation file): decoded in full before use.

A file is an image only if every pixel decodes: a cut or garbled JPEG or PNG is refused here,
not met later in a report. The pixel cap keeps a decompression bomb out; the messages name the
file and say what was expected.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..envsettings import env_int

SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP", ".bmp": "BMP"}
# the web's limits (JIXIAO_UPLOAD_MAX_MB, JIXIAO_MAX_IMAGE_PIXELS) apply to a photo on the command line too
MAX_BYTES = env_int("JIXIAO_UPLOAD_MAX_MB", 20, minimum=1, unit="兆字节") * 1024 * 1024
MAX_PIXELS = env_int("JIXIAO_MAX_IMAGE_PIXELS", 40_000_000, minimum=1, unit="像素")


class BadImage(ValueError):
    """Not a usable image; the message is for the user."""


@dataclass(frozen=True)
class ImageInfo:
    format: str  # Pillow's name: JPEG, PNG …
    content_type: str
    width: int
    height: int


def inspect_image(name: str, data: bytes, expected: str | None = None, *, max_pixels: int = MAX_PIXELS) -> ImageInfo:
    """What the image is, or BadImage with the reason; `expected` is the format its name says."""
    from PIL import Image, UnidentifiedImageError  # Pillow costs an import only where an image is read

    try:
        with warnings.catch_warnings():
            # our own cap (below Pillow's) gives the message with the size in it
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt, (w, h) = im.format, im.size
                if w * h > max_pixels:
                    raise BadImage(f"图片“{name}”为 {w}×{h} 像素（{w * h / 1e6:.0f} 百万像素），"
                                   f"超过上限 {max_pixels / 1e6:.0f} 百万像素。")
                im.verify()  # the structure (PNG's checksums); it leaves the image unusable
            # verify() reads no JPEG data and stops short of a PNG's pixels: decode them all
            with Image.open(io.BytesIO(data)) as im:
                if fmt == "JPEG":
                    im.draft(im.mode, (max(1, w // 8), max(1, h // 8)))  # every block still decoded, at 1/8 scale
                im.load()
    except BadImage:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise BadImage(f"文件“{name}”不是有效的图片（内容无法识别或尺寸异常）。") from None
    except Exception:
        raise BadImage(f"图片“{name}”已损坏，无法读取。") from None
    if expected and fmt != expected and not (expected == "JPEG" and fmt == "MPO"):
        raise BadImage(f"文件“{name}”的内容是 {fmt} 图片，与扩展名不符。")
    return ImageInfo(fmt or "", Image.MIME.get(fmt or "", "application/octet-stream"), w, h)


def read_image_file(path: Path, shown: str, *, max_bytes: int = MAX_BYTES) -> ImageInfo:
    """A photo on disk, checked as an upload is; `shown` is how the message names it."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise BadImage(f"照片“{shown}”的类型“{suffix or '无扩展名'}”不是图片，应为 {'、'.join(sorted(SUFFIXES))}。")
    if not path.is_file():
        raise BadImage(f"照片文件“{shown}”不存在（相对于评价文件所在的文件夹）。")
    size = path.stat().st_size
    if size > max_bytes:
        raise BadImage(f"照片“{shown}”大小 {size / 1024 / 1024:.1f} MB，超过上限 {max_bytes / 1024 / 1024:.0f} MB。")
    if not size:
        raise BadImage(f"照片“{shown}”是空文件。")
    return inspect_image(shown, path.read_bytes(), SUFFIXES[suffix])


def photo_path(evaluation_file: str, file: str) -> Path:
    """A photo's path: as written, relative to the folder of the evaluation file."""
    path = Path(file)
    if path.is_absolute() or not evaluation_file or evaluation_file.startswith("<"):
        return path
    return Path(evaluation_file).resolve().parent / path

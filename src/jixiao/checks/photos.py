"""附件5 现场照片: each photo file named in the evaluation is an image the report can embed.

The report prints a caption without its photo where the file is refused; the reason is said
here, in the 检查结果, never in the report itself.
"""

from __future__ import annotations

from typing import Iterator

from ..parse.images import BadImage, photo_path, read_image_file
from ..problems import Problem, warning
from .base import Context, Family, check

FAMILY = Family(
    "photos", "现场照片",
    {
        "photos.file": "现场照片的图片文件不存在、不是图片、已损坏或超过大小上限，报告中只印说明",
    },
)


@check
def photo_files(ctx: Context) -> Iterator[Problem]:
    for photo in ctx.ev.photos:
        if not photo.file:
            continue
        try:
            read_image_file(photo_path(ctx.ev.file, photo.file), photo.file)
        except BadImage as exc:
            yield warning("photos.file", f"照片“{photo.caption}”：{str(exc).rstrip('。')}", photo.where,
                          hint="检查图片文件名和路径（相对于评价文件所在的文件夹），或换一张完好的图片")

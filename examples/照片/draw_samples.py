"""Draw the sample photos of 附件5 (现场1.png … 现场6.png) beside this script.

The reference report's photos are not part of its text, so the example carries drawn
scenes instead: each shows what its caption names (a training room's board, a booth's
banner, a 调解室 sign) and is stamped 示例照片 so nobody takes it for a site photo.
Run with the project's virtualenv: `.venv/bin/python examples/照片/draw_samples.py`.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
SIZE = (800, 600)
FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # Noto Sans CJK SC inside the collection
RED = (200, 30, 30)
WALL, FLOOR = (236, 230, 218), (196, 178, 150)
SKIN, HAIR = (240, 205, 170), (40, 35, 30)
SHIRTS = [(52, 94, 160), (180, 60, 50), (70, 130, 90), (120, 120, 130), (210, 150, 60), (90, 70, 140)]


def font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_FILES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size, index=SC_INDEX)
    return ImageFont.load_default()


def centred(draw: ImageDraw.ImageDraw, box, text: str, size: int, fill) -> None:
    x0, y0, x1, y1 = box
    f = font(size)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=f)
    draw.text(((x0 + x1 - (right - left)) / 2 - left, (y0 + y1 - (bottom - top)) / 2 - top), text, font=f, fill=fill)


def room(draw: ImageDraw.ImageDraw, horizon: int = 380) -> None:
    draw.rectangle((0, 0, SIZE[0], horizon), fill=WALL)
    draw.rectangle((0, horizon, SIZE[0], SIZE[1]), fill=FLOOR)


def banner(draw, box, text: str, size: int = 40, colour=(190, 30, 40)) -> None:
    draw.rectangle(box, fill=colour)
    centred(draw, box, text, size, (255, 230, 120))


def person_back(draw, x: int, y: int, k: int, scale: float = 1.0) -> None:
    """A seated listener seen from behind: shoulders and head."""
    w, h = int(70 * scale), int(60 * scale)
    draw.rounded_rectangle((x - w // 2, y, x + w // 2, y + h), radius=int(18 * scale), fill=SHIRTS[k % len(SHIRTS)])
    r = int(20 * scale)
    draw.ellipse((x - r, y - 2 * r + 6, x + r, y + 6), fill=HAIR)


def person_front(draw, x: int, y: int, k: int, scale: float = 1.0) -> None:
    """A standing figure facing the camera."""
    w, h = int(56 * scale), int(110 * scale)
    draw.rounded_rectangle((x - w // 2, y, x + w // 2, y + h), radius=int(14 * scale), fill=SHIRTS[k % len(SHIRTS)])
    r = int(19 * scale)
    draw.ellipse((x - r, y - 2 * r, x + r, y), fill=SKIN)
    draw.chord((x - r, y - 2 * r, x + r, y - r // 2), 180, 360, fill=HAIR)
    draw.rectangle((x - w // 2 + 6, y + h, x - 4, y + h + int(50 * scale)), fill=(50, 50, 60))
    draw.rectangle((x + 4, y + h, x + w // 2 - 6, y + h + int(50 * scale)), fill=(50, 50, 60))


def stamp(img: Image.Image) -> None:
    """示例照片 in a red frame at the top right, and a strip saying it is not a site photo."""
    draw = ImageDraw.Draw(img)
    box = (SIZE[0] - 230, 18, SIZE[0] - 18, 88)
    draw.rectangle(box, outline=RED, width=5, fill=(255, 255, 255))
    centred(draw, box, "示例照片", 40, RED)
    draw.rectangle((0, SIZE[1] - 44, SIZE[0], SIZE[1]), fill=(30, 30, 30))
    centred(draw, (0, SIZE[1] - 44, SIZE[0], SIZE[1]), "示例照片 · 示意图，非现场实拍", 24, (255, 255, 255))


def classroom(draw, board: str, lines: list[str]) -> None:
    room(draw, 400)
    draw.rectangle((150, 70, 650, 300), fill=(35, 80, 60), outline=(120, 90, 60), width=10)
    centred(draw, (150, 80, 650, 150), board, 46, (255, 255, 255))
    for k, text in enumerate(lines):
        centred(draw, (150, 160 + 42 * k, 650, 200 + 42 * k), text, 26, (220, 235, 220))
    person_front(draw, 690, 250, 3, 0.9)
    for row, (y, scale) in enumerate(((400, 0.9), (470, 1.05))):
        for k in range(6):
            person_back(draw, 90 + k * 125 + row * 30, y, k + row, scale)


def hall(draw, title: str, booths: list[str]) -> None:
    room(draw, 360)
    banner(draw, (40, 105, 760, 175), title, 44)
    for k, name in enumerate(booths):
        x = 40 + k * 250
        draw.rectangle((x, 195, x + 220, 240), fill=(30, 90, 170))
        centred(draw, (x, 195, x + 220, 240), name, 26, (255, 255, 255))
        person_front(draw, x + 110, 278, k, 0.55)
        draw.rectangle((x, 310, x + 220, 375), fill=(250, 250, 250), outline=(150, 150, 150), width=3)
    for k in range(7):
        person_back(draw, 60 + k * 115, 450 + (k % 2) * 20, k + 2, 1.0)


def mediation(draw) -> None:
    room(draw, 390)
    draw.rectangle((250, 40, 550, 110), fill=(160, 20, 30))
    centred(draw, (250, 40, 550, 110), "劳动争议调解室", 38, (255, 225, 120))
    draw.rectangle((600, 140, 760, 330), fill=(250, 250, 245), outline=(120, 120, 120), width=3)
    for k, text in enumerate(("调解流程", "① 申请", "② 受理", "③ 调解", "④ 结案")):
        centred(draw, (600, 150 + 34 * k, 760, 180 + 34 * k), text, 22, (60, 60, 60))
    person_front(draw, 400, 250, 0, 0.8)
    draw.rectangle((120, 340, 680, 400), fill=(140, 100, 60))
    draw.rectangle((300, 330, 420, 345), fill=(255, 255, 255))
    person_back(draw, 260, 420, 2, 1.1)
    person_back(draw, 540, 420, 4, 1.1)


def outreach(draw) -> None:
    draw.rectangle((0, 0, SIZE[0], 300), fill=(170, 210, 240))
    draw.rectangle((0, 300, SIZE[0], SIZE[1]), fill=(180, 180, 170))
    draw.polygon([(80, 140), (400, 60), (720, 140)], fill=(200, 40, 40))
    draw.rectangle((100, 140, 700, 200), fill=(220, 60, 50))
    centred(draw, (100, 140, 700, 200), "人社政策宣传咨询服务", 36, (255, 235, 130))
    draw.rectangle((150, 330, 650, 390), fill=(250, 250, 250), outline=(150, 150, 150), width=3)
    for k in range(5):
        draw.rectangle((175 + k * 95, 340, 235 + k * 95, 380), fill=(240, 220, 120), outline=(160, 140, 60))
    centred(draw, (150, 395, 650, 430), "就业 · 社保 · 劳动权益 宣传资料", 24, (60, 60, 60))
    for k, x in enumerate((220, 400, 580)):
        person_front(draw, x, 225, k + 1, 0.7)
    for k in range(6):
        person_back(draw, 90 + k * 125, 470 + (k % 2) * 15, k, 1.0)


SCENES = [
    ("现场1.png", lambda d: classroom(d, "就业创业培训", ["就业政策解读", "求职技能与面试指导"])),
    ("现场2.png", lambda d: classroom(d, "职业技能培训班", ["理论讲授 · 实操演练", "考核合格发放证书"])),
    ("现场3.png", outreach),
    ("现场4.png", lambda d: hall(d, "高校毕业生专场招聘会", ["企业招聘", "岗位咨询", "简历投递"])),
    ("现场5.png", lambda d: hall(d, "成人专场招聘会", ["用工岗位", "技能培训报名", "政策咨询"])),
    ("现场6.png", mediation),
]


def main() -> None:
    for name, scene in SCENES:
        img = Image.new("RGB", SIZE, WALL)
        scene(ImageDraw.Draw(img))
        stamp(img)
        # a palette image: the drawings have few colours, so each file stays a few tens of kB
        img.convert("P", palette=Image.Palette.ADAPTIVE, colors=64).save(HERE / name, optimize=True)


if __name__ == "__main__":
    main()

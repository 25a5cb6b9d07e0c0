"""Draw the app icon (PNG sizes + Windows .ico) with Pillow and the bundled CJK font.

Run once when the design changes: `python installer/make_icons.py`; the outputs are committed.
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "DroidSansFallbackFull.ttf"
OUT = ROOT / "resources" / "icons"


def draw(size: int = 512) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=(176, 28, 36, 255))
    d.rounded_rectangle((size * 0.12, size * 0.12, size * 0.88, size * 0.88), radius=size // 12,
                        outline=(255, 214, 102, 255), width=max(2, size // 40))
    font = ImageFont.truetype(str(FONT), int(size * 0.36))
    d.text((size / 2, size / 2), "一窗", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return img


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    for px in (256, 48):
        big.resize((px, px), Image.LANCZOS).save(OUT / f"onewindow-{px}.png")
    big.save(OUT / "onewindow.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])

"""Render resources/icons/frontdesk.svg to the PNG sizes desktops ask for, and to the
Windows .ico and macOS .icns the bundles use.

Run from the repository root after changing the SVG, then commit the outputs with it:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make-icons.py

Qt draws every size from the vector art (no scaling of a big bitmap), so small sizes stay
sharp. The .ico and .icns are written by Qt's own image plugins (qico, qicns), so no
Windows or macOS tool is needed; on a Mac, ``iconutil`` can rebuild the .icns from the
PNGs instead (see docs/packaging.md).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "frontdesk.svg"
#: The hicolor theme's usual sizes, up to the 512 px AppStream and macOS want.
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: Windows shows at most 256 px from an .ico.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write(path: Path, image: QImage, fmt: bytes) -> None:
    writer = QImageWriter(str(path), fmt)
    if not writer.write(image):
        raise SystemExit(f"cannot write {path}: {writer.errorString()}")


def ico_file(pngs: list[bytes], sizes: tuple[int, ...]) -> bytes:
    """A Windows icon holding one PNG per size (the ICONDIR layout; PNG entries are read
    by every Windows since Vista). Written here because Qt's ico plugin stores one image
    per file."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries = b""
    for png, size in zip(pngs, sizes, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + entries + b"".join(pngs)


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in SIZES}
    for size, image in images.items():
        out = ICONS / f"frontdesk-{size}.png"
        write(out, image, b"png")
        print(out.relative_to(ROOT))
    ico = ICONS / "frontdesk.ico"
    pngs = [(ICONS / f"frontdesk-{n}.png").read_bytes() for n in ICO_SIZES]
    ico.write_bytes(ico_file(pngs, ICO_SIZES))
    print(ico.relative_to(ROOT))
    icns = ICONS / "frontdesk.icns"
    write(icns, images[512], b"icns")
    print(icns.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

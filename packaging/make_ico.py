"""Render resources/icons/app.svg into resources/icons/app.ico (Windows program icon).

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_ico.py

The .ico holds PNG-compressed images at 16-256 px (Windows Vista and later read them), so the
icon stays sharp at every display scale. Rerun after changing app.svg; the result is committed.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def png_bytes(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> None:
    _app = QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    images = [png_bytes(renderer, s) for s in SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in zip(SIZES, images):
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    (ICONS / "app.ico").write_bytes(header + entries + blobs)
    print(f"wrote {ICONS / 'app.ico'} ({len(header + entries + blobs)} bytes)")


if __name__ == "__main__":
    main()

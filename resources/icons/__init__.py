"""Front Desk's icon: the SVG drawn for the project and the PNG sizes rendered from it by
packaging/make-icons.py (the .ico and .icns there are for the Windows and macOS bundles)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon

#: The freedesktop id the .desktop file, the AppStream metainfo and the icon share.
APP_ID = "ca.riverside.FrontDesk"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_path(size: int | None = None) -> Path:
    """The SVG (``size`` None) or the PNG of one of ``SIZES``, as a file on disk (the
    package is always a folder: a source tree, an installed wheel or a PyInstaller
    bundle)."""
    name = "frontdesk.svg" if size is None else f"frontdesk-{size}.png"
    return Path(str(resources.files(__name__).joinpath(name)))


def window_icon() -> QIcon:
    """A QIcon holding every PNG size, so title bars, task bars and Alt+Tab each pick a
    sharp bitmap without needing Qt's SVG plugin. Needs a QGuiApplication."""
    icon = QIcon()
    for size in SIZES:
        icon.addFile(str(icon_path(size)))
    return icon

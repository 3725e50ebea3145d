"""Check a built bundle for the files the desk opens at run time, before anyone ships it.

    python packaging/check_bundle.py dist/frontdesk            (Linux, Windows)
    python packaging/check_bundle.py "dist/Front Desk.app"     (macOS)

``frontdesk --self-check`` proves the database, the example, booking and the window; it
cannot prove what only a connected desk reads: the CA certificates, the time zone data,
Google's discovery document, keyring's and APScheduler's entry points, Qt's platform
plugins for a real screen, Qt's French catalogue. This script looks for each of them,
for every migration and every resource file of the source tree, and for files the spec
means to leave out (bundle_contents.left_out). It prints what is missing and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bundle_contents as bc

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("linux", "windows", "macos")

#: Files of third-party packages, as glob patterns inside the bundle's internal folder.
COMMON = (
    "certifi/cacert.pem",
    "tzdata/zoneinfo/America/Toronto",
    "tzdata/zoneinfo/Europe/Paris",
    *(f"googleapiclient/discovery_cache/documents/{doc}" for doc in bc.GOOGLE_DISCOVERY_DOCUMENTS),
    "keyring-*.dist-info/entry_points.txt",
    "[Aa][Pp][Ss]cheduler-*.dist-info/entry_points.txt",
    "PySide6/**/plugins/platforms/*qoffscreen*",
    "PySide6/**/plugins/imageformats/*qjpeg*",
    "PySide6/**/plugins/imageformats/*qico*",
    "PySide6/**/plugins/imageformats/*qsvg*",
    "PySide6/**/translations/qtbase_fr.qm",
)
#: The platform plugin a desk's real screen needs, and the executables.
BY_PLATFORM = {
    "linux": ("PySide6/**/plugins/platforms/*qxcb*", "PySide6/**/plugins/platforms/*qwayland*"),
    "windows": ("PySide6/**/plugins/platforms/*qwindows*",),
    "macos": ("PySide6/**/plugins/platforms/*qcocoa*",),
}
EXECUTABLES = {
    "linux": (bc.EXECUTABLE,),
    "windows": (f"{bc.EXECUTABLE}.exe", f"{bc.WINDOWED_EXECUTABLE}.exe"),
    "macos": (f"Contents/MacOS/{bc.EXECUTABLE}",),
}


def current_platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def internal_folder(bundle: Path, platform: str) -> Path:
    """Where PyInstaller put the libraries and data: ``_internal`` next to the executable,
    or ``Contents/Frameworks`` of a macOS .app (whose data files are linked from there)."""
    return bundle / "Contents" / "Frameworks" if platform == "macos" else bundle / "_internal"


def required_files(root: Path) -> list[str]:
    """The project's own files, as they must appear inside the internal folder."""
    return [f"{destination}/{Path(source).name}" for source, destination in bc.project_datas(root)]


def problems(bundle: Path, platform: str, root: Path = ROOT) -> Iterator[str]:
    """Each thing wrong with ``bundle``, in words; nothing when it is complete."""
    if not bundle.is_dir():
        yield f"{bundle} is not a folder"
        return
    for name in EXECUTABLES[platform]:
        if not (bundle / name).is_file():
            yield f"the executable {name} is missing"
    internal = internal_folder(bundle, platform)
    if not internal.is_dir():
        yield f"{internal} is missing"
        return
    for relative in required_files(root):
        if not (internal / relative).is_file():
            yield f"{relative} is missing (copied from the source tree by the spec)"
    for pattern in (*COMMON, *BY_PLATFORM[platform]):
        if not any(internal.glob(pattern)):
            yield f"nothing matches {pattern}"
    for path in sorted(internal.rglob("*")):
        relative = path.relative_to(internal).as_posix()
        if bc.left_out(relative):
            yield f"{relative} should have been left out (bundle_contents.left_out)"


def size_of(folder: Path) -> int:
    """Bytes in ``folder``, links not followed (a macOS .app links its data twice)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="dist/frontdesk, or the macOS .app")
    parser.add_argument("--platform", choices=PLATFORMS, default=current_platform())
    args = parser.parse_args(argv)
    found = list(problems(args.bundle, args.platform))
    for problem in found:
        print(f"MISSING  {problem}" if "missing" in problem else f"PROBLEM  {problem}")
    if found:
        print(f"{args.bundle}: {len(found)} problem(s); the bundle is not fit to ship")
        return 1
    print(f"{args.bundle}: complete ({size_of(args.bundle) / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

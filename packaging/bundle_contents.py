"""What the Front Desk bundle must carry, kept apart from the PyInstaller spec.

The spec (packaging/frontdesk.spec) imports this module for everything that is the
project's own decision: the names and identifiers, the version, our files that the code
opens as files at run time, the third-party packages whose data files or metadata must
travel with them, and the modules left out to keep the bundle small. It needs nothing but
the standard library, so tests/test_packaging.py checks it without PyInstaller installed.

Why these files: Alembic finds the migrations by listing ``app/migrations/versions`` and
loading each ``.py`` as a file (``app.models.db.MIGRATIONS_DIR``), so they travel as data
at ``app/migrations`` beside the frozen ``app`` package, never only as compiled modules.
``resources/`` is read through ``importlib.resources`` (icons, translations, the example
setup file, anything added later), which a PyInstaller bundle answers from the folder
``resources/`` inside it: the whole tree goes in, except Python sources and caches (those
modules are compiled into the bundle's archive).
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path, PurePosixPath

#: The reverse-DNS id shared by the .desktop file, the AppStream metainfo, the macOS
#: bundle identifier and the Windows installer's AppId.
APP_ID = "ca.riverside.FrontDesk"
APP_NAME = "Front Desk"
#: The command-line executable (and the bundle folder's name under dist/).
EXECUTABLE = "frontdesk"
#: Windows only: the same program without a console window, for the Start menu.
WINDOWED_EXECUTABLE = "frontdeskw"
#: The oldest macOS that Qt 6.8 (PySide6 >= 6.8) runs on.
MACOS_MINIMUM = "12.0"

MIGRATIONS = "app/migrations"
RESOURCES = "resources"
_SKIPPED_DIRS = frozenset({"__pycache__"})
_SKIPPED_SUFFIXES = frozenset({".pyc", ".pyo"})

#: Packages whose non-Python files are read at run time: the IANA time zones (zoneinfo
#: falls back on them where the system has none, e.g. Windows), the CA certificates of
#: requests/httpx (Microsoft 365, Google, CalDAV, Exchange over TLS), and whatever data
#: the calendar and contact libraries carry (their test files excepted). Each is passed
#: to PyInstaller's collect_data_files; hooks add their own on top. Google's discovery
#: documents are chosen by packaging/hooks/hook-googleapiclient.model.py instead.
DATA_PACKAGES = (
    "tzdata",
    "certifi",
    "exchangelib",
    "icalendar",
    "caldav",
    "vobject",
    "email_validator",
)
#: Packages that load parts of themselves by name (entry points, lazy imports), so
#: import analysis alone would miss modules: every submodule goes in.
SUBMODULE_PACKAGES = (
    "app",
    "resources",
    "keyring.backends",
    "apscheduler",
    "tzdata",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "psycopg",
)
#: Data files of the packages above that the desk never reads: tests and type stubs.
DATA_EXCLUDES = ("**/tests/**", "**/test/**", "**/__pycache__/**", "**/*.pyi")

#: The Google API discovery documents the desk builds clients from offline
#: (``build("calendar", "v3", static_discovery=True)`` in app/sync/google_provider.py).
#: google-api-python-client carries some 600 of them (110 MB); the bundle takes these.
GOOGLE_DISCOVERY_DOCUMENTS = ("calendar.v3.json",)
#: phonenumbers modules the desk never imports: the geocoder, carrier and time zone
#: look-ups and their data (some 43 MB of the package's 48 MB). Parsing, validating and
#: formatting need only ``phonenumbers.data`` and ``phonenumbers.shortdata``.
PHONENUMBERS_SKIPPED = ("geocoder", "carrier", "timezone", "geodata", "carrierdata", "tzdata")

#: Distributions whose metadata is read at run time: keyring and APScheduler find their
#: backends, triggers and executors through entry points; the others ask for their own
#: version.
METADATA = (
    "keyring",
    "APScheduler",
    "google-api-python-client",
    "google-api-core",
    "psycopg",
    "exchangelib",
    "caldav",
)
#: Modules nothing in the desk uses but that some library may try to import: Qt's big
#: optional modules (web engine, QML and Quick, 3D, multimedia, charts, ...), Tk and the
#: test tools of the development environment. Leaving them out keeps the bundle small.
EXCLUDES = (
    "tkinter",
    "_tkinter",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.QtWebSockets",
    "PySide6.QtWebView",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuick3D",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DRender",
    "PySide6.Qt3DInput",
    "PySide6.Qt3DLogic",
    "PySide6.Qt3DAnimation",
    "PySide6.Qt3DExtras",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtSpatialAudio",
    "PySide6.QtTextToSpeech",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "PySide6.QtGraphs",
    "PySide6.QtGraphsWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtBluetooth",
    "PySide6.QtNfc",
    "PySide6.QtPositioning",
    "PySide6.QtLocation",
    "PySide6.QtSensors",
    "PySide6.QtSerialPort",
    "PySide6.QtSerialBus",
    "PySide6.QtRemoteObjects",
    "PySide6.QtScxml",
    "PySide6.QtHttpServer",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
    "PySide6.QtTest",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "radicale",
    "aiosmtpd",
    "mypy",
    "IPython",
)

#: Qt libraries the desk does not use but that PySide6's plugins drag in: the virtual
#: keyboard input method (QML and Quick, ~17 MB) and the PDF image format (~5 MB). Their
#: plugins go with them (see left_out).
QT_LIBRARIES_LEFT_OUT = (
    "Quick",
    "Qml",
    "QmlModels",
    "QmlMeta",
    "QmlWorkerScript",
    "VirtualKeyboard",
    "VirtualKeyboardQml",
    "Pdf",
)
QT_PLUGINS_LEFT_OUT = ("qtvirtualkeyboardplugin", "qpdf")
#: Qt's own catalogues (standard buttons, dialogs) kept: the desk's languages only.
QT_TRANSLATION_LANGUAGES = ("en", "fr")

_QT_LIBRARY = re.compile(
    r"^(?:lib)?Qt6?(?P<name>[A-Za-z0-9]+?)(?:\.so(?:\.[0-9]+)*|\.dll|\.dylib|\.framework)?$"
)
_QT_TRANSLATION = re.compile(r"^[a-z0-9_]+?_(?P<language>[a-z]{2,3})(?:_[A-Za-z]+)?\.qm$")


def left_out(destination: str) -> bool:
    """Whether a file PyInstaller collected (named by its place in the bundle, on any
    system) is one the desk does without: see QT_LIBRARIES_LEFT_OUT, QT_PLUGINS_LEFT_OUT
    and QT_TRANSLATION_LANGUAGES. Only files under PySide6/ (or Qt's libraries linked
    into the bundle's top folder) are ever left out."""
    parts = PurePosixPath(destination.replace("\\", "/")).parts
    name = parts[-1] if parts else ""
    in_qt = "PySide6" in parts
    if in_qt and "translations" in parts:
        match = _QT_TRANSLATION.match(name)
        return match is not None and match["language"] not in QT_TRANSLATION_LANGUAGES
    if in_qt and "plugins" in parts:
        stem = name.split(".")[0].removeprefix("lib")
        return stem in QT_PLUGINS_LEFT_OUT
    for part in parts:
        match = _QT_LIBRARY.match(part)
        if match is not None and match["name"] in QT_LIBRARIES_LEFT_OUT:
            return True
    return False


def read_version(root: Path) -> str:
    """``__version__`` of app/__init__.py (the one source of the version), read without
    importing the package, so the spec and the tests need none of its dependencies."""
    source = (root / "app" / "__init__.py").read_text("utf-8")
    for node in ast.parse(source).body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise ValueError(f"no __version__ = '...' in {root / 'app' / '__init__.py'}")


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """The four numbers Windows' version resource wants: "1.2.3" is (1, 2, 3, 0); a
    pre-release suffix ("1.2.0rc1") is dropped."""
    numbers: list[int] = []
    for part in version.split(".")[:4]:
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        numbers.append(int(digits or 0))
    while len(numbers) < 4:
        numbers.append(0)
    return numbers[0], numbers[1], numbers[2], numbers[3]


def tree(root: Path, folder: str, *, python_files: bool) -> list[tuple[str, str]]:
    """Every file under ``root/folder`` as PyInstaller's (source file, destination folder)
    pairs, keeping the folder layout; caches are skipped, and ``.py`` files too unless
    ``python_files`` (the migrations are loaded as files, other modules are compiled)."""
    pairs: list[tuple[str, str]] = []
    base = root / folder
    if not base.is_dir():
        raise FileNotFoundError(f"{base} is missing: nothing to put in the bundle")
    for current, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
        here = Path(current)
        destination = here.relative_to(root).as_posix()
        for name in sorted(files):
            suffix = Path(name).suffix
            if suffix in _SKIPPED_SUFFIXES or (suffix == ".py" and not python_files):
                continue
            pairs.append((str(here / name), destination))
    return pairs


def project_datas(root: Path) -> list[tuple[str, str]]:
    """The project's own files the bundle carries as files: the Alembic environment with
    every migration, and the resources tree."""
    return tree(root, MIGRATIONS, python_files=True) + tree(root, RESOURCES, python_files=False)


def wanted_submodule(name: str) -> bool:
    """Filter for collecting ``app``'s submodules: the migrations are data, and importing
    them as modules would run Alembic's env.py outside of Alembic."""
    return not (name == "app.migrations" or name.startswith("app.migrations."))

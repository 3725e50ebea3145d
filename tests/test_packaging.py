"""The bundle's recipe, checked without building it (a build takes minutes; CI does one).

The spec is run here against a stand-in for PyInstaller that records what it is given, as
if on Linux, Windows and macOS: what the bundle would carry, its names, icons and
version. The other files that must agree with each other (version, identifiers, icon
names, installer, build scripts) are read and compared, and packaging/check_bundle.py and
packaging/install-linux.sh are run on small fake bundles.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "frontdesk.spec"
APP_ID = "ca.riverside.FrontDesk"
DESKTOP_FILE = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
ISS = PACKAGING / "windows" / "frontdesk.iss"


def load(name: str) -> ModuleType:
    """A module of packaging/ by file (the folder is no package: "packaging" is also the
    name of a PyPI library)."""
    spec = importlib.util.spec_from_file_location(f"_frontdesk_{name}", PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bc = load("bundle_contents")
check_bundle = load("check_bundle")


# -- the spec, run against a recording stand-in for PyInstaller ----------------------------


class Recorded:
    """Any PyInstaller building block: keeps its arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs


class FakeAnalysis(Recorded):
    """Analysis, with what a real one finds among Qt's files: the spec must drop the
    libraries and catalogues it means to leave out, and only those."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        self.binaries = [
            ("PySide6/Qt/lib/libQt6Quick.so.6", "/site/libQt6Quick.so.6", "BINARY"),
            ("PySide6/Qt/lib/libQt6Gui.so.6", "/site/libQt6Gui.so.6", "BINARY"),
            ("PySide6/Qt/plugins/imageformats/libqpdf.so", "/site/libqpdf.so", "BINARY"),
            ("PySide6/Qt/plugins/platforms/libqxcb.so", "/site/libqxcb.so", "BINARY"),
        ]
        self.datas = [
            *kwargs["datas"],
            ("PySide6/Qt/translations/qtbase_de.qm", "/site/qtbase_de.qm", "DATA"),
            ("PySide6/Qt/translations/qtbase_fr.qm", "/site/qtbase_fr.qm", "DATA"),
        ]


@dataclass
class SpecRun:
    """What one run of the spec handed to PyInstaller."""

    analysis: FakeAnalysis
    exes: list[Recorded]
    collect: Recorded
    bundle: Recorded | None
    data_packages: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    version_strings: dict[str, str] = field(default_factory=dict)
    file_version: tuple[int, ...] = ()


def fake_pyinstaller(
    monkeypatch: pytest.MonkeyPatch, *, is_win: bool, is_darwin: bool, record: SpecRun
) -> None:
    def module(name: str, **attributes: Any) -> ModuleType:
        fake = ModuleType(name)
        for key, value in attributes.items():
            setattr(fake, key, value)
        monkeypatch.setitem(sys.modules, name, fake)
        return fake

    def collect_data_files(package: str, **_kwargs: Any) -> list[tuple[str, str]]:
        record.data_packages.append(package)
        return [(f"/site/{package}/data.file", package.replace(".", "/"))]

    def collect_submodules(
        package: str, filter: Callable[[str], bool] = lambda _n: True
    ) -> list[str]:
        found = [package, f"{package}.part"]
        if package == "app":
            found += ["app.migrations", "app.migrations.env", "app.migrations.versions"]
        return [name for name in found if filter(name)]

    def copy_metadata(distribution: str) -> list[tuple[str, str]]:
        record.metadata.append(distribution)
        return [(f"/site/{distribution}.dist-info/METADATA", f"{distribution}.dist-info")]

    class StringStruct(Recorded):
        def __init__(self, key: str, value: str) -> None:
            super().__init__(key, value)
            record.version_strings[key] = value

    class FixedFileInfo(Recorded):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            record.file_version = kwargs["filevers"]

    versioninfo = module(
        "PyInstaller.utils.win32.versioninfo",
        VSVersionInfo=Recorded,
        FixedFileInfo=FixedFileInfo,
        StringFileInfo=Recorded,
        StringTable=Recorded,
        StringStruct=StringStruct,
        VarFileInfo=Recorded,
        VarStruct=Recorded,
    )
    win32 = module("PyInstaller.utils.win32", versioninfo=versioninfo)
    hooks = module(
        "PyInstaller.utils.hooks",
        collect_data_files=collect_data_files,
        collect_submodules=collect_submodules,
        copy_metadata=copy_metadata,
    )
    utils = module("PyInstaller.utils", hooks=hooks, win32=win32)
    compat = module("PyInstaller.compat", is_win=is_win, is_darwin=is_darwin)
    module("PyInstaller", utils=utils, compat=compat)


def run_spec(
    monkeypatch: pytest.MonkeyPatch, *, is_win: bool = False, is_darwin: bool = False
) -> SpecRun:
    record = SpecRun(FakeAnalysis(datas=[]), [], Recorded(), None)
    fake_pyinstaller(monkeypatch, is_win=is_win, is_darwin=is_darwin, record=record)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "bundle_contents", raising=False)

    def analysis(*args: Any, **kwargs: Any) -> FakeAnalysis:
        record.analysis = FakeAnalysis(*args, **kwargs)
        return record.analysis

    def exe(*args: Any, **kwargs: Any) -> Recorded:
        made = Recorded(*args, **kwargs)
        record.exes.append(made)
        return made

    def collect(*args: Any, **kwargs: Any) -> Recorded:
        record.collect = Recorded(*args, **kwargs)
        return record.collect

    def bundle(*args: Any, **kwargs: Any) -> Recorded:
        record.bundle = Recorded(*args, **kwargs)
        return record.bundle

    namespace = {
        "__name__": "__main__",
        "SPECPATH": str(PACKAGING),
        "Analysis": analysis,
        "PYZ": Recorded,
        "EXE": exe,
        "COLLECT": collect,
        "BUNDLE": bundle,
    }
    exec(compile(SPEC.read_text("utf-8"), str(SPEC), "exec"), namespace)
    return record


def test_the_spec_carries_the_migrations_resources_and_libraries_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = run_spec(monkeypatch)
    kwargs = run.analysis.kwargs
    assert run.analysis.args == ([str(PACKAGING / "launcher.py")],)
    assert kwargs["pathex"] == [str(ROOT)]
    assert kwargs["hookspath"] == [str(PACKAGING / "hooks")]
    pairs = {(Path(src), dest) for src, dest in kwargs["datas"]}
    migrations = ROOT / "app" / "migrations"
    assert (migrations / "env.py", "app/migrations") in pairs
    assert (migrations / "script.py.mako", "app/migrations") in pairs
    versions = sorted((migrations / "versions").glob("[0-9]*.py"))
    assert len(versions) >= 5
    for version in versions:
        assert (version, "app/migrations/versions") in pairs, version.name
    assert (ROOT / "resources/examples/riverside.toml", "resources/examples") in pairs
    assert (ROOT / "resources/translations/frontdesk_fr_CA.qm", "resources/translations") in pairs
    assert (ROOT / "resources/icons/frontdesk-256.png", "resources/icons") in pairs
    for needed in ("tzdata", "certifi", "icalendar", "exchangelib", "email_validator"):
        assert needed in run.data_packages
    assert {"keyring", "APScheduler"} <= set(run.metadata)
    hidden = kwargs["hiddenimports"]
    assert "app" in hidden
    assert "resources" in hidden
    assert "keyring.backends" in hidden
    assert not [name for name in hidden if name.startswith("app.migrations")]
    for unused in ("PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtQuick", "tkinter"):
        assert unused in kwargs["excludes"]
    # Qt's leftovers dropped after the analysis, everything else kept
    assert [b[0] for b in run.analysis.binaries] == [
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
    ]
    kept = {d[0] for d in run.analysis.datas}
    assert "PySide6/Qt/translations/qtbase_fr.qm" in kept
    assert "PySide6/Qt/translations/qtbase_de.qm" not in kept


def test_the_spec_makes_one_console_program_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_spec(monkeypatch)
    assert [(e.kwargs["name"], e.kwargs["console"]) for e in run.exes] == [("frontdesk", True)]
    exe = run.exes[0].kwargs
    assert exe["exclude_binaries"] is True  # one folder, not one file
    assert exe["icon"] is None
    assert exe["version"] is None
    assert exe["codesign_identity"] is None
    assert run.collect.kwargs["name"] == "frontdesk"
    assert run.exes[0] in run.collect.args
    assert run.bundle is None


def test_the_spec_on_windows_adds_the_icon_a_windowed_program_and_the_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = run_spec(monkeypatch, is_win=True)
    assert [(e.kwargs["name"], e.kwargs["console"]) for e in run.exes] == [
        ("frontdesk", True),
        ("frontdeskw", False),
    ]
    for exe in run.exes:
        icon = Path(exe.kwargs["icon"])
        assert icon == ROOT / "resources" / "icons" / "frontdesk.ico"
        assert icon.read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO header
        assert exe.kwargs["version"] is not None
        assert exe in run.collect.args
    assert run.version_strings["ProductVersion"] == __version__
    assert run.version_strings["FileVersion"] == __version__
    assert run.file_version == bc.version_tuple(__version__)
    assert run.bundle is None


def test_the_spec_on_macos_makes_an_app_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTDESK_CODESIGN_IDENTITY", raising=False)
    run = run_spec(monkeypatch, is_darwin=True)
    assert [(e.kwargs["name"], e.kwargs["console"]) for e in run.exes] == [("frontdesk", False)]
    assert run.exes[0].kwargs["codesign_identity"] is None
    assert run.bundle is not None
    assert run.bundle.args == (run.collect,)
    bundle = run.bundle.kwargs
    assert bundle["name"] == "Front Desk.app"
    assert bundle["bundle_identifier"] == APP_ID
    assert bundle["version"] == __version__
    icns = Path(bundle["icon"])
    assert icns == ROOT / "resources" / "icons" / "frontdesk.icns"
    assert icns.read_bytes()[:4] == b"icns"
    plist = bundle["info_plist"]
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleShortVersionString"] == __version__
    assert plist["CFBundleVersion"] == __version__
    assert "fr" in plist["CFBundleLocalizations"]


def test_the_spec_signs_on_macos_when_given_an_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_CODESIGN_IDENTITY", "Developer ID Application: Test (ABCDE12345)")
    run = run_spec(monkeypatch, is_darwin=True)
    exe = run.exes[0].kwargs
    assert exe["codesign_identity"] == "Developer ID Application: Test (ABCDE12345)"
    entitlements = Path(exe["entitlements_file"])
    assert entitlements.is_file()
    ET.parse(entitlements)  # well-formed property list


# -- what the bundle carries, against what the code opens --------------------------------


def test_every_migration_alembic_loads_is_in_the_bundle_where_the_frozen_app_looks() -> None:
    from alembic.script import ScriptDirectory

    from app.models import db

    datas = bc.project_datas(ROOT)
    carried = {f"{dest}/{Path(src).name}" for src, dest in datas}
    # app/models/db.py finds the migrations beside the app package; frozen, that package
    # is the bundle's app/ folder, so the files must land at the same relative place.
    where = db.MIGRATIONS_DIR.relative_to(ROOT).as_posix()
    assert where == bc.MIGRATIONS
    script = ScriptDirectory.from_config(db.alembic_config("sqlite://"))
    revisions = list(script.walk_revisions())
    assert len(revisions) >= 5
    for revision in revisions:
        assert revision.path is not None
        relative = Path(revision.path).resolve().relative_to(ROOT).as_posix()
        assert relative in carried, f"migration {relative} is not in the bundle"
    assert f"{where}/env.py" in carried
    assert f"{where}/script.py.mako" in carried


def test_the_whole_resources_tree_is_carried_but_not_caches() -> None:
    carried = {f"{dest}/{Path(src).name}" for src, dest in bc.project_datas(ROOT)}
    on_disk = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".py", ".pyc")
    }
    assert on_disk <= carried
    assert not [name for name in carried if "__pycache__" in name or name.endswith(".pyc")]


def test_tree_skips_caches_and_python_sources_unless_asked(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "sub" / "__pycache__").mkdir(parents=True)
    for name in ("pkg/a.py", "pkg/b.txt", "pkg/sub/c.py", "pkg/sub/__pycache__/c.cpython-311.pyc"):
        (tmp_path / name).write_text("x", "utf-8")
    without = bc.tree(tmp_path, "pkg", python_files=False)
    assert without == [(str(tmp_path / "pkg" / "b.txt"), "pkg")]
    with_python = {(Path(s).name, d) for s, d in bc.tree(tmp_path, "pkg", python_files=True)}
    assert with_python == {("a.py", "pkg"), ("b.txt", "pkg"), ("c.py", "pkg/sub")}
    with pytest.raises(FileNotFoundError, match="missing"):
        bc.tree(tmp_path, "nowhere", python_files=True)


@pytest.mark.parametrize(
    ("destination", "dropped"),
    [
        ("PySide6/Qt/lib/libQt6Quick.so.6", True),
        ("PySide6/Qt/lib/libQt6QmlModels.so.6", True),
        ("libQt6VirtualKeyboard.so.6", True),
        ("PySide6\\Qt6Pdf.dll", True),
        ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
        ("PySide6/plugins/imageformats/qpdf.dll", True),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/translations/qt_help_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_fr.qm", False),
        ("PySide6/Qt/translations/qt_en.qm", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", False),
        ("PySide6/Qt/lib/libQt6Gui.so.6", False),
        ("PySide6/Qt/lib/libQt6PrintSupport.so.6", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("resources/translations/frontdesk_fr_CA.qm", False),
        ("app/migrations/versions/0001_initial_schema.py", False),
    ],
)
def test_left_out(destination: str, dropped: bool) -> None:
    assert bc.left_out(destination) is dropped


def test_qt_catalogues_kept_cover_the_desks_languages() -> None:
    from resources import translations

    for language in translations.LANGUAGES:
        assert language.split("_")[0] in bc.QT_TRANSLATION_LANGUAGES


def test_the_google_discovery_document_kept_is_the_one_the_provider_builds() -> None:
    source = (ROOT / "app" / "sync" / "google_provider.py").read_text("utf-8")
    built = re.findall(r'build\(\s*"([a-z]+)",\s*"(v[0-9a-z]+)"', source)
    assert built, "google_provider.py no longer builds its client as expected"
    assert {f"{api}.{version}.json" for api, version in built} == set(bc.GOOGLE_DISCOVERY_DOCUMENTS)
    import googleapiclient.discovery_cache

    documents = Path(googleapiclient.discovery_cache.__file__).parent / "documents"
    for name in bc.GOOGLE_DISCOVERY_DOCUMENTS:
        assert (documents / name).is_file()


def python_sources() -> Iterator[Path]:
    for folder in ("app", "resources"):
        yield from (ROOT / folder).rglob("*.py")


def test_no_code_uses_the_phonenumbers_modules_left_out() -> None:
    pattern = re.compile(r"phonenumbers\.(" + "|".join(bc.PHONENUMBERS_SKIPPED) + r")\b")
    used = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in python_sources()
        for match in pattern.finditer(path.read_text("utf-8"))
    ]
    assert used == [], "the bundle leaves these out; remove them from PHONENUMBERS_SKIPPED"


# -- one version, one identifier ----------------------------------------------------------


def test_version_matches_the_changelog_and_the_metainfo() -> None:
    assert bc.read_version(ROOT) == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+[^\]]*)\]", changelog, flags=re.MULTILINE)
    assert released, "CHANGELOG.md has no released version"
    assert released[0] == __version__
    assert "## [Unreleased]" in changelog
    releases = ET.parse(METAINFO).getroot().findall("./releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == __version__
    assert [r.get("version") for r in releases] == released[: len(releases)]


def test_version_tuple() -> None:
    assert bc.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert bc.version_tuple("2.10.3rc1") == (2, 10, 3, 0)
    assert bc.version_tuple("1.2.3.4.5") == (1, 2, 3, 4)


def desktop_entry() -> dict[str, str]:
    entry: dict[str, str] = {}
    for line in DESKTOP_FILE.read_text("utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            entry[key.strip()] = value.strip()
    return entry


def test_the_identifier_is_the_same_everywhere() -> None:
    from resources.icons import APP_ID as icons_app_id

    assert bc.APP_ID == icons_app_id == APP_ID
    assert ET.parse(METAINFO).getroot().findtext("id") == APP_ID
    launchable = ET.parse(METAINFO).getroot().find("launchable")
    assert launchable is not None
    assert launchable.text == DESKTOP_FILE.name
    iss = ISS.read_text("utf-8")
    assert f'#define AppId "{APP_ID}"' in iss
    assert re.search(r"^AppId=\{#AppId\}$", iss, flags=re.MULTILINE)


def test_the_desktop_file_names_our_command_and_an_icon_we_install(tmp_path: Path) -> None:
    entry = desktop_entry()
    assert entry["Exec"].split()[0] == bc.EXECUTABLE
    assert entry["Icon"] == APP_ID
    # the icon theme finds Icon= by file name: install-linux.sh installs ours under it
    bundle = fake_linux_bundle(tmp_path / "dist")
    stage = tmp_path / "stage"
    done = subprocess.run(
        [
            "bash",
            str(PACKAGING / "install-linux.sh"),
            "--prefix",
            "/usr",
            "--destdir",
            str(stage),
            "--bundle",
            str(bundle),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    share = stage / "usr" / "share"
    icons = share / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / f"{entry['Icon']}.svg").is_file()
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = icons / f"{size}x{size}" / "apps" / f"{entry['Icon']}.png"
        assert png.read_bytes() == (ROOT / f"resources/icons/frontdesk-{size}.png").read_bytes()
    installed = share / "applications" / DESKTOP_FILE.name
    assert installed.read_text("utf-8") == DESKTOP_FILE.read_text("utf-8")
    assert (share / "metainfo" / METAINFO.name).is_file()
    command = stage / "usr" / "bin" / "frontdesk"
    assert command.is_symlink()
    assert command.resolve() == (stage / "usr" / "lib" / "frontdesk" / "frontdesk").resolve()
    assert (stage / "usr" / "lib" / "frontdesk" / "_internal" / "marker").is_file()


def test_install_linux_refuses_a_missing_bundle(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            "bash",
            str(PACKAGING / "install-linux.sh"),
            "--destdir",
            str(tmp_path),
            "--bundle",
            str(tmp_path / "none"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "build it with packaging/build-linux.sh" in done.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("tool", "args", "path"),
    [
        ("desktop-file-validate", [], DESKTOP_FILE),
        ("appstreamcli", ["validate", "--no-net", "--pedantic"], METAINFO),
    ],
)
def test_the_freedesktop_files_validate(tool: str, args: list[str], path: Path) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (packaging/bootstrap.sh --test installs it)")
    done = subprocess.run([tool, *args, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# -- the installer and the build scripts --------------------------------------------------


def test_the_windows_installer_takes_the_version_from_the_build() -> None:
    iss = ISS.read_text("utf-8")
    assert "#ifndef AppVersion" in iss
    assert "#error" in iss
    assert re.search(r"^AppVersion=\{#AppVersion\}$", iss, flags=re.MULTILINE)
    assert not re.search(r"#define\s+AppVersion", iss), "the version must come from the build"
    assert 'Source: "{#BundleDir}\\*"' in iss
    assert "recursesubdirs" in iss
    assert '#define BundleDir "..\\..\\dist\\frontdesk"' in iss
    icon = re.search(r"^SetupIconFile=(.+)$", iss, flags=re.MULTILINE)
    assert icon is not None
    assert (ISS.parent / icon.group(1).replace("\\", "/")).resolve().is_file()
    assert re.search(r'^Name: "english"; MessagesFile: "compiler:Default.isl"$', iss, re.M)
    assert re.search(r'^Name: "french"; MessagesFile: "compiler:Languages\\French.isl"$', iss, re.M)
    assert "{autoprograms}" in iss
    assert "{autodesktop}" in iss
    assert "desktopicon" in iss
    assert f'#define DeskExe "{bc.WINDOWED_EXECUTABLE}.exe"' in iss
    assert "PrivilegesRequiredOverridesAllowed=dialog" in iss
    script = (PACKAGING / "build-windows.ps1").read_text("utf-8")
    assert '"/DAppVersion=$Version"' in script
    assert "frontdesk.exe" in script
    assert "--version" in script
    assert "--self-check" in script
    assert "packaging\\frontdesk.spec" in script
    assert ".[build]" in script


@pytest.mark.parametrize("name", ["build-linux.sh", "build-macos.sh", "install-linux.sh"])
def test_shell_scripts_are_executable_strict_and_parse(name: str) -> None:
    path = PACKAGING / name
    assert path.stat().st_mode & stat.S_IXUSR, f"{name} is not executable"
    text = path.read_text("utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert re.search(r"^set -euo pipefail$", text, flags=re.MULTILINE)
    done = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_linux_build_bootstraps_builds_checks_and_runs_the_self_check() -> None:
    steps = [
        "bash packaging/bootstrap.sh",
        '-m pip install -q -e ".[build]"',
        "packaging/frontdesk.spec",
        "packaging/check_bundle.py",
        '"$bundle/frontdesk" --version',
        '"$bundle/frontdesk" --self-check',
    ]
    source = (PACKAGING / "build-linux.sh").read_text("utf-8").splitlines()
    text = "\n".join(line for line in source if not line.lstrip().startswith("#"))
    positions = [text.find(step) for step in steps]
    assert -1 not in positions, [s for s, p in zip(steps, positions, strict=True) if p < 0]
    assert positions == sorted(positions), "the steps run in this order"


def test_ci_runs_the_tests_then_builds_and_checks_the_bundle() -> None:
    text = (ROOT / ".ci" / "run").read_text("utf-8")
    lines = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    assert "set -euo pipefail" in lines
    test_at = lines.index("./test")
    build_at = next(i for i, line in enumerate(lines) if "packaging/build-linux.sh" in line)
    assert test_at < build_at
    assert "QT_QPA_PLATFORM=offscreen" in text
    assert "--self-check" in text
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "packaging/build-linux.sh" in readme


def test_the_pyproject_has_a_build_extra_with_pyinstaller() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    build = project["optional-dependencies"]["build"]
    assert any(re.match(r"pyinstaller\s*>=\s*6\.10", requirement) for requirement in build)


# -- packaging/check_bundle.py on fake bundles --------------------------------------------


def fake_linux_bundle(folder: Path) -> Path:
    """A folder with every file check_bundle.py asks for, each empty."""
    bundle = folder / "frontdesk"
    internal = bundle / "_internal"
    internal.mkdir(parents=True)
    (bundle / "frontdesk").write_text("#!/bin/sh\n", "utf-8")
    (bundle / "frontdesk").chmod(0o755)
    (internal / "marker").write_text("", "utf-8")
    names = list(check_bundle.required_files(ROOT))
    for pattern in (*check_bundle.COMMON, *check_bundle.BY_PLATFORM["linux"]):
        name = pattern.replace("**/", "Qt/").replace("[Aa][Pp][Ss]", "APS").replace("*", "x")
        names.append(name)
    for name in names:
        path = internal / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", "utf-8")
    return bundle


def test_check_bundle_passes_a_complete_bundle(tmp_path: Path) -> None:
    bundle = fake_linux_bundle(tmp_path)
    assert list(check_bundle.problems(bundle, "linux")) == []
    assert check_bundle.main([str(bundle), "--platform", "linux"]) == 0


def test_check_bundle_names_what_is_missing_or_should_not_be_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = fake_linux_bundle(tmp_path)
    internal = bundle / "_internal"
    newest = sorted((internal / "app/migrations/versions").glob("0*.py"))[-1]
    newest.unlink()
    next(internal.glob("PySide6/**/platforms/*qxcb*")).unlink()
    (internal / "certifi" / "cacert.pem").unlink()
    (internal / "PySide6/Qt/lib").mkdir(parents=True)
    (internal / "PySide6/Qt/lib/libQt6Quick.so.6").write_text("", "utf-8")
    found = list(check_bundle.problems(bundle, "linux"))
    assert f"app/migrations/versions/{newest.name} is missing" in found[0]
    assert any("certifi/cacert.pem" in p for p in found)
    assert any("qxcb" in p for p in found)
    assert any("libQt6Quick.so.6 should have been left out" in p for p in found)
    assert len(found) == 4
    assert check_bundle.main([str(bundle), "--platform", "linux"]) == 1
    assert "not fit to ship" in capsys.readouterr().out


def test_check_bundle_wants_both_windows_programs(tmp_path: Path) -> None:
    bundle = fake_linux_bundle(tmp_path)
    (bundle / "frontdesk.exe").write_text("", "utf-8")
    found = list(check_bundle.problems(bundle, "windows"))
    assert "the executable frontdeskw.exe is missing" in found
    assert any("qwindows" in p for p in found)


# -- the desk names its desktop file --------------------------------------------------------


def test_the_application_names_the_desktop_file() -> None:
    code = (
        "from PySide6.QtGui import QGuiApplication\n"
        "from app.views.app import make_application\n"
        "app = make_application(['frontdesk'])\n"
        "print(QGuiApplication.desktopFileName())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FRONTDESK_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == APP_ID == DESKTOP_FILE.name.removesuffix(".desktop")


# -- our hooks, which replace two of pyinstaller-hooks-contrib's -----------------------------


def run_hook(monkeypatch: pytest.MonkeyPatch, name: str, hooks: ModuleType) -> dict[str, Any]:
    monkeypatch.setitem(sys.modules, "PyInstaller", ModuleType("PyInstaller"))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils", ModuleType("PyInstaller.utils"))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "path", [str(PACKAGING), *sys.path])
    path = PACKAGING / "hooks" / f"hook-{name}.py"
    namespace: dict[str, Any] = {"__name__": f"hook-{name}"}
    exec(compile(path.read_text("utf-8"), str(path), "exec"), namespace)
    return namespace


def test_the_phonenumbers_hook_keeps_the_metadata_and_drops_the_geocoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    modules = [
        "phonenumbers",
        "phonenumbers.phonenumberutil",
        "phonenumbers.data",
        "phonenumbers.data.region_CA",
        "phonenumbers.shortdata.region_FR",
        "phonenumbers.geocoder",
        "phonenumbers.geodata.data0",
        "phonenumbers.carrier",
        "phonenumbers.carrierdata.data1",
        "phonenumbers.timezone",
        "phonenumbers.tzdata.data0",
    ]
    hooks = ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package, filter: [m for m in modules if filter(m)]  # type: ignore[attr-defined]
    namespace = run_hook(monkeypatch, "phonenumbers", hooks)
    assert namespace["hiddenimports"] == modules[:5]
    assert "phonenumbers.geodata" in namespace["excludedimports"]


def test_the_google_hook_takes_only_the_calendar_document(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, list[str]]] = []

    def collect_data_files(package: str, includes: list[str]) -> list[tuple[str, str]]:
        asked.append((package, includes))
        return [("/site/doc.json", "googleapiclient/discovery_cache/documents")]

    hooks = ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = collect_data_files  # type: ignore[attr-defined]
    hooks.copy_metadata = lambda distribution: [(f"/site/{distribution}", "meta")]  # type: ignore[attr-defined]
    namespace = run_hook(monkeypatch, "googleapiclient.model", hooks)
    assert asked == [("googleapiclient.discovery_cache", ["documents/calendar.v3.json"])]
    assert ("/site/google_api_python_client", "meta") in namespace["datas"]

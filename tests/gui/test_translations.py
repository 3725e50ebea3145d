"""The desk in French (Canada): a complete catalogue, loaded from FRONTDESK_LANG, the
ui.language setting or the system locale, and no English left on the main screens.

The screen walk compares every text a receptionist can see (labels, buttons, actions,
menus, tab titles, group boxes, column headers, placeholders, tooltips) with the
catalogue's English sources: a text that reads as a source whose French differs is a
string the code shows without tr() or in the wrong context. Names from the data
(services, agents, customers, statuses, the branch) are left alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.booking import settings
from app.booking.demo import create_demo
from app.booking.permissions import load_actor
from app.cli import Context
from app.clock import fixed_clock
from app.models import (
    Agent,
    Appointment,
    Branch,
    Customer,
    Role,
    Service,
    StatusDefinition,
)
from app.views.app import apply_desk_language
from app.views.calendar.navigation import ViewMode
from app.views.desk import DeskState
from app.views.main_window import MainWindow
from app.web import language
from resources import translations
from tests.support.riverside import MONDAY_9AM, apply_riverside

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources" / "translations" / "frontdesk_fr_CA.ts"
WAIT_MS = 20_000
PLACEHOLDER = re.compile(r"%\d|%n|%s|\{n\}")
# Words that are English and not French: a shown text holding one, and matching no
# catalogue text, is English the code shows without tr().
ENGLISH_WORDS = frozenset(
    "the and of to is not with for this from your you are be been has have was will can "
    "cannot could should when which what who there here by into yet no yes new save close "
    "delete edit add remove search open print today week month day name phone email "
    "e-mail agent agents customer customers book booking booked cancel cancelled time "
    "times free busy closed none any all every show hide help file view refresh next "
    "previous back first last more less shared services settings password user users".split()
)


# -- the catalogue ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    forms: tuple[str, ...]
    unfinished: bool


@cache
def catalogue() -> tuple[Entry, ...]:
    entries: list[Entry] = []
    for context in ET.parse(CATALOGUE).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text or "" for f in translation.findall("numerusform")]
            if not forms:
                forms = [translation.text or ""]
            entries.append(
                Entry(
                    name,
                    message.findtext("source") or "",
                    tuple(forms),
                    translation.get("type") in ("unfinished", "vanished", "obsolete"),
                )
            )
    return tuple(entries)


def plain(text: str) -> str:
    """A text as the eye reads it: no accelerator marks, no markup, one line, no ends."""
    text = re.sub(r"<[^>]+>", " ", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.replace("\u00a0", " ").split())


def pattern(text: str) -> re.Pattern[str]:
    """A catalogue text with its placeholders (%1, %n, %s, {n}) matching anything."""
    parts = PLACEHOLDER.split(plain(text))
    return re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL)


@cache
def english_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Sources whose French differs, longest first (the most specific reading wins)."""
    out: dict[str, re.Pattern[str]] = {}
    for entry in catalogue():
        differs = any(plain(f) != plain(entry.source) for f in entry.forms)
        if differs and PLACEHOLDER.sub("", plain(entry.source)).strip(" .,:;()—-*+✓"):
            out[entry.source] = pattern(entry.source)
    return tuple(sorted(((p, s) for s, p in out.items()), key=lambda x: -len(x[1])))


@cache
def french_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple({pattern(f) for entry in catalogue() for f in entry.forms if f})


def is_french(text: str) -> bool:
    return any(p.fullmatch(text) for p in french_patterns())


def english_source(text: str) -> str | None:
    """The catalogue source ``text`` reads as, when it reads as English only."""
    if is_french(text):
        return None
    for regex, source in english_patterns():
        if regex.fullmatch(text):
            return source
    return None


# -- the catalogue's own checks ------------------------------------------------------------


def test_the_catalogue_is_complete() -> None:
    unfinished = [f"{e.context}: {e.source!r}" for e in catalogue() if e.unfinished]
    empty = [f"{e.context}: {e.source!r}" for e in catalogue() if not all(e.forms)]
    assert len(catalogue()) > 1000
    assert unfinished == [], "\n".join(unfinished)
    assert empty == [], "\n".join(empty)


def test_translations_keep_placeholders_and_accelerators() -> None:
    problems: list[str] = []
    for entry in catalogue():
        wanted = sorted(set(PLACEHOLDER.findall(entry.source)))
        marks = len(re.findall(r"&(?!&)", entry.source.replace("&&", "")))
        for form in entry.forms:
            if sorted(set(PLACEHOLDER.findall(form))) != wanted:
                problems.append(f"placeholders: {entry.source!r} -> {form!r}")
            if len(re.findall(r"&(?!&)", form.replace("&&", ""))) != marks:
                problems.append(f"accelerator: {entry.source!r} -> {form!r}")
        if "%n" in entry.source and len(entry.forms) < 2:
            problems.append(f"plural: {entry.source!r} has one form")
    assert problems == [], "\n".join(problems)


def test_the_compiled_catalogue_is_in_step_with_its_source() -> None:
    compiled = Path(str(translations.catalogue_path(translations.FRENCH_CANADA)))
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime - 5
    assert compiled.stat().st_size > 50_000


# -- choosing the language -------------------------------------------------------------


FR = QLocale(QLocale.Language.French, QLocale.Country.Canada)
EN = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


@pytest.mark.parametrize(
    ("env", "setting", "system", "expected"),
    [
        ({}, None, EN, "en"),
        ({}, None, FR, "fr_CA"),
        ({}, None, QLocale(QLocale.Language.French, QLocale.Country.France), "fr_CA"),
        ({}, "system", FR, "fr_CA"),
        ({}, "fr_CA", EN, "fr_CA"),
        ({}, "en", FR, "en"),
        ({"FRONTDESK_LANG": "fr_CA.UTF-8"}, "en", EN, "fr_CA"),
        ({"FRONTDESK_LANG": "en"}, "fr_CA", FR, "en"),
        ({"FRONTDESK_LANG": "system"}, "fr_CA", EN, "fr_CA"),
        ({"FRONTDESK_LANG": "klingon"}, None, FR, "fr_CA"),
        ({"FRONTDESK_LANG": "fr-ca"}, None, EN, "fr_CA"),
    ],
)
def test_language_from_the_environment_the_setting_or_the_system(
    env: dict[str, str], setting: str | None, system: QLocale, expected: str
) -> None:
    assert translations.choose_language(env, setting, system) == expected


def test_the_language_setting_is_checked() -> None:
    assert settings.validate(settings.UI_LANGUAGE, "FR-ca") == "fr_CA"
    assert settings.DEFAULTS[settings.UI_LANGUAGE] == "system"
    with pytest.raises(Exception, match='"system", "en", "fr_CA"'):
        settings.validate(settings.UI_LANGUAGE, "de")


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    installed = translations.install_language(qapp, translations.FRENCH_CANADA)
    assert len(installed) == 2  # the desk's catalogue and Qt's own
    try:
        yield
    finally:
        translations.remove_language(qapp)


def test_french_formats_times_and_standard_buttons(french: None) -> None:
    assert QLocale().name() == "fr_CA"
    assert QLocale().toString(QTime(9, 30), QLocale.FormatType.ShortFormat) == "09 h 30"
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert sorted(plain(b.text()) for b in box.buttons()) == ["Annuler", "OK"]


def test_the_desk_wide_setting_chooses_the_language(
    qapp: QApplication, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRONTDESK_LANG", raising=False)
    with sessions() as session:
        settings.change_setting(
            session, load_actor(session), settings.UI_LANGUAGE, "fr_CA", MONDAY_9AM
        )
        session.commit()
    ctx = Context(db_url="unused", json=False, clock=fixed_clock(MONDAY_9AM))
    monkeypatch.setattr(ctx, "sessions", lambda: sessions)
    try:
        apply_desk_language(qapp, ctx)
        assert QApplication.translate("MainWindow", "&New booking…") == "&Nouveau rendez-vous…"
    finally:
        translations.remove_language(qapp)
    assert QApplication.translate("MainWindow", "&New booking…") == "&New booking…"


def test_the_desk_under_frontdesk_lang_fr_ca_speaks_french(tmp_path: Path) -> None:
    script = """
import json, sys
from app.clock import fixed_clock
from app.models import db
from app.views.app import make_application
from app.views.desk import DeskState
from app.views.main_window import MainWindow
from tests.support.riverside import MONDAY_9AM, apply_riverside
app = make_application()
engine = db.make_engine(sys.argv[1])
db.upgrade(engine)
window = MainWindow(DeskState(db.session_factory(engine), "x", "Desk", fixed_clock(MONDAY_9AM)))
print(json.dumps([a.text() for a in window.toolbar.actions()]))
"""
    env = dict(os.environ, FRONTDESK_LANG="fr_CA", QT_QPA_PLATFORM="offscreen")
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", script, url],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    shown = [plain(t) for t in json.loads(done.stdout.strip().splitlines()[-1])]
    assert "Nouveau rendez-vous…" in shown
    assert "Aujourd'hui" in shown


# -- the screens -------------------------------------------------------------------------


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) of everything ``widget`` shows of its own."""
    name = type(widget).__name__
    if widget.isWindow():
        yield f"{name} title", widget.windowTitle()
    yield f"{name} tooltip", widget.toolTip()
    if isinstance(widget, QLabel):
        yield "label", widget.text()
    if isinstance(widget, QAbstractButton):
        yield f"{name}", widget.text()
    if isinstance(widget, QGroupBox):
        yield "group box", widget.title()
    if isinstance(widget, QLineEdit):
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QComboBox) and widget.isEditable() and widget.lineEdit():
        yield "placeholder", widget.lineEdit().placeholderText()
    if isinstance(widget, QAbstractSpinBox):
        yield "special value", widget.specialValueText()
    if isinstance(widget, QSpinBox):
        yield "suffix", widget.suffix()
        yield "prefix", widget.prefix()
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield "tab", widget.tabText(i)
            yield "tab tooltip", widget.tabToolTip(i)
    if isinstance(widget, QMenu):
        yield "menu", widget.title()
    header = (
        widget.horizontalHeader()
        if isinstance(widget, QTableView)
        else widget.header()
        if isinstance(widget, QTreeView)
        else None
    )
    if header is not None and not header.isHidden() and header.model() is not None:
        for section in range(header.count()):
            value = header.model().headerData(section, Qt.Orientation.Horizontal)
            yield "column header", str(value or "")
    for action in widget.actions():
        yield "action", action.text()
        yield "action tooltip", action.toolTip()
        yield "action status tip", action.statusTip()
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield "menu", menu.title()
            for item in menu.actions():
                yield "menu item", item.text()
                yield "menu item tooltip", item.toolTip()


def e_mail_content() -> set[str]:
    """Names of the widgets that show an e-mail's own text (its template is data)."""
    return {
        QApplication.translate("TemplatesPage", "Preview subject"),
        QApplication.translate("TemplatesPage", "Preview body"),
    }


def shown_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """Texts of ``top`` and of its children on screen, every tab of its tab widgets."""
    for widget in [top, *top.findChildren(QWidget)]:
        if widget.accessibleName() in e_mail_content():
            continue
        if widget.isVisible() or isinstance(widget, QMenu):
            for what, text in widget_texts(widget):
                yield f"{what} in {top.objectName() or type(top).__name__}", text
    for tabs in top.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        current = tabs.currentIndex()
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            page = tabs.widget(i)
            for widget in [page, *page.findChildren(QWidget)]:
                if widget.isVisible() and widget.accessibleName() not in e_mail_content():
                    for what, text in widget_texts(widget):
                        yield f"{what} in tab {plain(tabs.tabText(i))}", text
        tabs.setCurrentIndex(current)


def english_left(texts: Iterator[tuple[str, str]], data: set[str]) -> list[str]:
    found: set[str] = set()
    for what, raw in texts:
        text = plain(raw)
        if not text or text in data:
            continue
        source = english_source(text)
        if source is not None:
            found.add(f"{what}: {text!r} (catalogue: {source!r})")
            continue
        if is_french(text):
            continue
        rest = text
        for name in sorted(data, key=len, reverse=True):
            rest = rest.replace(name, " ")
        words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]*", rest)}
        if words & ENGLISH_WORDS:
            found.add(f"{what}: {text!r} (not in the catalogue: missing tr()?)")
    return sorted(found)


def accelerator(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def clashes(texts: list[str]) -> list[str]:
    """Texts of one menu or dialog that share an accelerator letter."""
    by_key: dict[str, list[str]] = {}
    for text in texts:
        key = accelerator(text)
        if key is not None:
            by_key.setdefault(key, []).append(text)
    return [" / ".join(same) for same in by_key.values() if len(same) > 1]


def dialog_accelerators(top: QWidget) -> list[str]:
    """Accelerated texts a person can reach at once in ``top``: its visible labels with a
    buddy, buttons, check boxes and group boxes (a tab widget's hidden pages excluded)."""
    out: list[str] = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible():
            continue
        buddied = isinstance(widget, QLabel) and widget.buddy() is not None
        button = isinstance(widget, QAbstractButton) and not isinstance(widget, QToolButton)
        if isinstance(widget, QLabel | QAbstractButton) and (buddied or button):
            out.append(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            out.append(widget.title())
        elif isinstance(widget, QTabWidget):
            out.extend(widget.tabText(i) for i in range(widget.count()))
    return out


def data_names(sessions: sessionmaker[Session]) -> set[str]:
    with sessions() as session:
        names: set[str] = set()
        for column in (
            Service.name,
            Agent.name,
            Customer.name,
            Branch.name,
            StatusDefinition.name,
            StatusDefinition.description,
            Role.name,
        ):
            names.update(str(v) for v in session.scalars(select(column)) if v)
    # What customers read on the self-service pages is data on the desk (the Booking
    # page texts editor shows the defaults of both languages as placeholders).
    names.update(t for texts in language.default_items().values() for t in texts.values())
    return {plain(n) for n in names}


def week_screenshot(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """The week view in French, written to docs/screenshots when FRONTDESK_SCREENSHOTS is
    set: French runs longer than English, so the toolbar and status bar are looked at."""
    if window.mode is not ViewMode.WEEK:
        with qtbot.waitSignal(window.snapshot_shown, timeout=WAIT_MS):
            window.set_mode(ViewMode.WEEK)
    folder = ROOT / "docs" / "screenshots" if os.environ.get("FRONTDESK_SCREENSHOTS") else tmp_path
    image = window.grab()
    assert image.width() >= 1200
    assert image.save(str(folder / "main_week_fr.png"))
    toolbar = window.toolbar
    for action in toolbar.actions():
        button = toolbar.widgetForAction(action)
        if button is not None and button.isVisible() and action.text():
            assert button.geometry().right() <= toolbar.width(), plain(action.text())


def test_the_main_screens_show_no_english(
    qtbot: QtBot, sessions: sessionmaker[Session], french: None, tmp_path: Path
) -> None:
    create_demo(sessions, MONDAY_9AM, customers=60)
    state = DeskState(sessions, "demo.sqlite3", "Réception", fixed_clock(MONDAY_9AM))
    window = MainWindow(state)
    qtbot.addWidget(window)
    qtbot.waitSignal(window.controller.snapshot_ready, timeout=WAIT_MS).wait()
    window.resize(1400, 900)
    window.show()
    data = data_names(sessions)
    texts: list[tuple[str, str]] = list(shown_texts(window))
    for menu in window.menuBar().findChildren(QMenu):
        texts.append(("menu", menu.title()))
        texts.extend(("menu item", a.text()) for a in menu.actions())
    assert "Nouveau rendez-vous…" in {plain(t) for _w, t in texts}
    menus = window.menuBar().actions()
    assert clashes([a.text() for a in menus]) == []
    for menu_action in menus:
        menu = menu_action.menu()
        assert isinstance(menu, QMenu)
        assert clashes([a.text() for a in menu.actions() if a.isVisible()]) == [], menu.title()
    week_screenshot(qtbot, window, tmp_path)

    panel = window.open_booking()
    qtbot.waitUntil(lambda: panel.slot_model.rowCount() > 0, timeout=WAIT_MS)
    texts.extend(shown_texts(panel))
    same_keys = [f"booking panel: {c}" for c in clashes(dialog_accelerators(panel))]
    slots = [
        str(panel.slot_model.index(row, 0).data()) for row in range(panel.slot_model.rowCount())
    ]
    assert any(" h " in slot for slot in slots), slots[:3]  # 24-hour "9 h 30" times
    panel.close()

    with sessions() as session:
        appointment_id = session.scalars(
            select(Appointment.id).order_by(Appointment.start_at).limit(1)
        ).one()
    details = window.open_details(appointment_id)
    qtbot.waitUntil(details.isVisible, timeout=WAIT_MS)
    texts.extend(shown_texts(details))
    same_keys += [f"details: {c}" for c in clashes(dialog_accelerators(details))]
    details.close()

    customers = window.open_customers()
    texts.extend(shown_texts(customers))
    approvals = window.open_approvals()
    assert approvals is not None
    texts.extend(shown_texts(approvals))
    admin = window.open_administration()
    assert window.admin_window is not None
    for page in ("branch", "services", "agents", "statuses", "settings", "mail", "templates"):
        window.admin_window.show_page(page)
        texts.extend(shown_texts(admin))
        same_keys += [f"{page}: {c}" for c in clashes(dialog_accelerators(admin))]
    window.admin_window.show_page("users")
    texts.extend(shown_texts(admin))
    same_keys += [f"users: {c}" for c in clashes(dialog_accelerators(admin))]

    screens = {what.split(" in ")[-1] for what, _text in texts}
    for screen in ("mainWindow", "bookingPanel", "appointmentDetails", "adminWindow"):
        assert screen in screens, sorted(screens)
    assert len(texts) > 500
    outbox = window.open_outbox()
    texts.extend(shown_texts(outbox))
    audit = window.open_audit()
    texts.extend(shown_texts(audit))
    for name, tool in (
        ("customers", customers),
        ("approvals", approvals),
        ("outbox", outbox),
        ("audit", audit),
    ):
        same_keys += [f"{name}: {c}" for c in clashes(dialog_accelerators(tool))]
    assert same_keys == [], "\n".join(same_keys)
    left = english_left(iter(texts), data)
    assert left == [], f"{len(left)} English texts on the French screens:\n" + "\n".join(left)
    for tool in (customers, approvals, admin, outbox, audit):
        tool.close()


def test_the_other_dialogs_show_no_english(
    qtbot: QtBot,
    sessions: sessionmaker[Session],
    french: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.config import ENV_CONFIG_DIR
    from app.views.admin.repeat_editor import RepeatEditor
    from app.views.dialogs.customer_edit import CustomerEditDialog
    from app.views.dialogs.customer_import import CustomerImportDialog
    from app.views.dialogs.database_dialog import DatabaseDialog
    from app.views.dialogs.sign_in import SignInDialog

    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    apply_riverside(sessions)
    state = DeskState(sessions, "demo.sqlite3", "Réception", fixed_clock(MONDAY_9AM))
    dialogs: list[QWidget] = [
        SignInDialog(sessions, fixed_clock(MONDAY_9AM)),
        DatabaseDialog(None, first_start=True),
        DatabaseDialog(None),
        CustomerEditDialog(state),
        CustomerImportDialog(state),
        RepeatEditor("Carla Diaz", ["Account opening"], "America/Toronto", MONDAY_9AM),
    ]
    texts: list[tuple[str, str]] = []
    same_keys: list[str] = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        texts.extend(shown_texts(dialog))
        name = type(dialog).__name__
        same_keys += [f"{name}: {c}" for c in clashes(dialog_accelerators(dialog))]
        dialog.close()
    assert {w.split(" in ")[-1] for w, _t in texts} >= {"SignInDialog", "RepeatEditor"}
    assert same_keys == [], "\n".join(same_keys)
    left = english_left(iter(texts), data_names(sessions))
    assert left == [], f"{len(left)} English texts on the French dialogs:\n" + "\n".join(left)

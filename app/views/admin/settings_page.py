"""General settings of one branch: every setting of app.booking.settings but the mail ones.

Each setting has a row: a plain-words label with a help line, an editor that fits its
values, where the value in force comes from (this branch's own value, the desk-wide value,
or the default) and "Use default", which removes the branch's own value so that the
branch follows the desk-wide one again (``reset_setting``). Edited rows are saved together
in one transaction (``change_setting`` per row, one audit entry each); a refusal is shown
under the row of the key it names and nothing is written.

Mail settings have their own page (the outgoing mail setup and its password) and are
left out here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import phonenumbers
from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.booking import settings
from app.booking.errors import BookingError
from app.booking.settings import EffectiveSetting
from app.views.admin.forms import FieldError, help_label, sentence
from app.views.desk import DeskState
from app.views.dialogs import MessageArea, WriteRunner


class SettingEditor(QWidget):
    """An editor of one setting's value, in the value's stored form."""

    edited = Signal()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class ChoiceEditor(SettingEditor):
    """One of a fixed list of values, each described in words."""

    def __init__(self, choices: list[tuple[str, str]], name: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(name)
        for value, text in choices:
            self.combo.addItem(text, value)
        self.combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        at = self.combo.findData(value)
        self.combo.setCurrentIndex(max(at, 0))


_REGION_IN_TEXT = re.compile(r"\(([A-Za-z]{2})\)\s*$")


class RegionEditor(SettingEditor):
    """A country chosen by name or typed as its two-letter code; or the branch's country.

    The combo is editable so a code can be typed; what is typed is sent as it is, and the
    booking layer says when no phone numbering is known for it.
    """

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setAccessibleName(name)
        self.branch_text = self.tr("The branch's own country")
        self.combo.addItem(self.branch_text, None)
        names = []
        for code in phonenumbers.SUPPORTED_REGIONS:
            territory = QLocale.codeToTerritory(code)
            label = (
                QLocale.territoryToString(territory)
                if territory != QLocale.Country.AnyCountry
                else code
            )
            names.append((label, code))
        for label, code in sorted(names):
            self.combo.addItem(f"{label} ({code})", code)
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.combo.setCompleter(completer)
        self.combo.currentTextChanged.connect(lambda _t: self.edited.emit())
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        text = self.combo.currentText().strip()
        if not text or text == self.branch_text:
            return None
        found = _REGION_IN_TEXT.search(text)
        return found.group(1).upper() if found else text

    def set_value(self, value: Any) -> None:
        at = self.combo.findData(value)
        if at >= 0:
            self.combo.setCurrentIndex(at)
        else:
            self.combo.setCurrentText("" if value is None else str(value))


class ShowAsEditor(SettingEditor):
    """Which show-as values of agents' own calendar events take their time; busy always."""

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for code in settings.SHOW_AS_CHOICES:
            box = QCheckBox(labels[code], self)
            box.setAccessibleName(self.tr("Takes the agent's time: %1").replace("%1", labels[code]))
            if code == "busy":
                box.setChecked(True)
                box.setEnabled(False)
                box.setToolTip(self.tr("Busy events always take the agent's time."))
            box.toggled.connect(lambda _on: self.edited.emit())
            self.boxes[code] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.setFocusProxy(self.boxes["tentative"])

    def value(self) -> Any:
        return [c for c in settings.SHOW_AS_CHOICES if self.boxes[c].isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for code, box in self.boxes.items():
            box.setChecked(code == "busy" or code in chosen)


class NumberEditor(SettingEditor):
    """A whole number with a unit; ``scale`` turns the shown number into the stored one
    (a share stored from 0 to 1 is shown as a percentage)."""

    def __init__(
        self,
        name: str,
        maximum: int,
        suffix: str,
        zero_text: str = "",
        scale: float = 1,
        zero_is_none: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.scale = scale
        self.zero_is_none = zero_is_none
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.spin = QSpinBox(self)
        self.spin.setAccessibleName(name)
        self.spin.setRange(0, maximum)
        self.spin.setSuffix(suffix)
        if zero_text:
            self.spin.setSpecialValueText(zero_text)
        self.spin.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 16)
        self.spin.valueChanged.connect(lambda _v: self.edited.emit())
        layout.addWidget(self.spin)
        layout.addStretch(1)
        self.setFocusProxy(self.spin)

    def value(self) -> Any:
        if self.zero_is_none and self.spin.value() == 0:
            return None
        if self.scale == 1:
            return self.spin.value()
        return round(self.spin.value() / self.scale, 4)

    def set_value(self, value: Any) -> None:
        number = value if isinstance(value, int | float) else 0
        self.spin.setValue(round(number * self.scale))


class AddressEditor(SettingEditor):
    """A web address, or nothing (stored as None) when the line is left empty."""

    def __init__(self, name: str, placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(name)
        self.line.setPlaceholderText(placeholder)
        self.line.setMaxLength(settings.MAX_URL + 20)
        self.line.textChanged.connect(lambda _t: self.edited.emit())
        layout.addWidget(self.line)
        self.setFocusProxy(self.line)

    def value(self) -> Any:
        text = self.line.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))


class JsonEditor(SettingEditor):
    """Any other setting, typed as the command line takes it (``null``, ``3``, ``"text"``).

    So a setting added to app.booking.settings shows on the page before it has an editor
    of its own; the booking layer's check says what is expected when a value is wrong.
    """

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(name)
        self.line.textChanged.connect(lambda _t: self.edited.emit())
        layout.addWidget(self.line)
        self.setFocusProxy(self.line)

    def value(self) -> Any:
        text = self.line.text().strip()
        try:
            return json.loads(text) if text else None
        except ValueError:
            return text

    def set_value(self, value: Any) -> None:
        self.line.setText(json.dumps(value, ensure_ascii=False))


@dataclass
class SettingRow:
    """One setting on the page and the widgets that show it."""

    key: str
    editor: SettingEditor
    source: QLabel
    use_default: QPushButton
    error: FieldError
    #: The editor's value when the setting was last read: the row is edited when it differs.
    baseline: Any = None
    origin: str = "default"

    def dirty(self) -> bool:
        return bool(self.editor.value() != self.baseline)


class SettingsPage(QWidget):
    """The branch's general settings; ``changed`` is emitted after each successful write."""

    changed = Signal()
    #: Emitted when a save or a "Use default" is over: True when written, False if refused.
    save_finished = Signal(bool)

    def __init__(self, state: DeskState, branch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.branch_id = branch_id
        self.rows: dict[str, SettingRow] = {}
        self._filling = False
        self._pending: set[str] = set()
        self.runner = WriteRunner(state.sessions, self)
        self.runner.succeeded.connect(self._written)
        self.runner.refused.connect(self._refused)
        self.runner.crashed.connect(self._crashed)
        self.runner.busy_changed.connect(lambda _busy: self._update_buttons())
        self._build()
        self.reload()

    # -- layout ----------------------------------------------------------------------------

    def _definitions(self) -> list[tuple[str, str, str, SettingEditor]]:
        """(key, label, help, editor) of every setting the page shows, in order."""
        tr = self.tr
        show_as = {
            "busy": tr("Busy"),
            "tentative": tr("Tentative"),
            "oof": tr("Out of office"),
            "workingElsewhere": tr("Working elsewhere"),
            "unknown": tr("Unknown"),
            "free": tr("Free"),
        }
        contact = [
            ("either", tr("An e-mail address or a phone number")),
            ("email", tr("An e-mail address")),
            ("phone", tr("A phone number")),
            ("both", tr("Both an e-mail address and a phone number")),
            ("none", tr("Nothing: a name is enough")),
        ]
        defs: list[tuple[str, str, str, SettingEditor]] = [
            (
                settings.CONTACT_REQUIREMENT,
                tr("Customers must give"),
                tr("Checked whenever a customer is added or changed."),
                ChoiceEditor(contact, tr("Contact details customers must give")),
            ),
            (
                settings.PHONE_REGION,
                tr("Local phone numbers"),
                tr("Numbers of this country may be typed without + and the country code."),
                RegionEditor(tr("Country of local phone numbers")),
            ),
            (
                settings.BLOCKING_SHOW_AS,
                tr("Calendar events that take an agent's time"),
                tr("Events in the agents' own calendars shown as these keep their time taken."),
                ShowAsEditor(show_as),
            ),
            (
                settings.MIN_AGENT_SHARE,
                tr("Free agents needed for \u201cany agent\u201d"),
                tr(
                    "Share of a service's agents that must be free at a time for it to be "
                    "offered with any agent. 0 %: one free agent is enough."
                ),
                NumberEditor(tr("Share of free agents needed"), 100, " %", scale=100),
            ),
        ]
        audiences = {
            "desk": (tr("the desk"), tr("Desk staff")),
            "self-service": (tr("customers booking themselves"), tr("Customers")),
        }
        for audience, (who, title) in audiences.items():
            defs.append(
                (
                    settings.earliest_day_key(audience),
                    tr("%1: earliest bookable day").replace("%1", title),
                    tr("Days from today before the first day %1 can book.").replace("%1", who),
                    NumberEditor(
                        tr("%1: earliest bookable day").replace("%1", title),
                        settings.MAX_DAYS,
                        tr(" days from today"),
                        zero_text=tr("Today"),
                    ),
                )
            )
            defs.append(
                (
                    settings.disabled_window_key(audience),
                    tr("%1: nothing bookable in the next").replace("%1", title),
                    tr("Minutes after the present moment in which %1 cannot book.").replace(
                        "%1", who
                    ),
                    NumberEditor(
                        tr("%1: minutes after now that cannot be booked").replace("%1", title),
                        settings.MAX_MINUTES,
                        tr(" minutes"),
                        zero_text=tr("No delay"),
                    ),
                )
            )
        defs.append(
            (
                settings.SELF_SERVICE_MAX_PER_DAY,
                tr("Customers: bookings per day"),
                tr(
                    "Most appointments one customer may book on the booking pages for the "
                    "same day. The desk is not limited."
                ),
                NumberEditor(
                    tr("Most self-service bookings per customer and day"),
                    1000,
                    tr(" per day"),
                    zero_text=tr("No limit"),
                ),
            )
        )
        defs.append(
            (
                settings.WEB_PUBLIC_URL,
                tr("Public address of the booking pages"),
                tr(
                    "Where customers reach the booking pages, such as "
                    "https://book.branch.example. The links the desk copies and the "
                    "e-mails send start with it; empty: the pages are not published."
                ),
                AddressEditor(
                    tr("Public address of the booking pages"),
                    tr("https://book.branch.example"),
                ),
            )
        )
        defs.append(
            (
                settings.APPROVAL_TIMEOUT_HOURS,
                tr("Cancel unconfirmed requests after"),
                tr("Requests a manager has not confirmed by then are cancelled."),
                NumberEditor(
                    tr("Hours after which unconfirmed requests are cancelled"),
                    settings.MAX_DAYS * 24,
                    tr(" hours"),
                    zero_text=tr("Never"),
                ),
            )
        )
        defs.append(
            (
                "archive.after_days",
                tr("Archive appointments"),
                tr("Days after its end before an appointment is archived."),
                NumberEditor(
                    tr("Days after which appointments are archived"),
                    settings.MAX_DAYS,
                    tr(" days after they end"),
                    zero_text=tr("Never"),
                    zero_is_none=True,
                ),
            )
        )
        defs.append(
            (
                settings.UI_LANGUAGE,
                tr("Language of the desk"),
                tr("Takes effect the next time Front Desk starts; FRONTDESK_LANG overrides it."),
                ChoiceEditor(
                    [
                        ("system", tr("The computer's language")),
                        ("en", "English"),
                        ("fr_CA", "Français (Canada)"),
                    ],
                    tr("Language of the desk"),
                ),
            )
        )
        known = [k for k in settings.known_keys() if not k.startswith("mail.")]
        defs = [d for d in defs if d[0] in known]
        shown = {d[0] for d in defs}
        for key in known:
            if key not in shown:
                description = settings.DESCRIPTIONS.get(key, "")
                defs.append((key, key, description, JsonEditor(key)))
        return defs

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        title = QLabel(self.tr("General settings"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)
        outer.addWidget(
            help_label(
                self.tr(
                    "Values set here apply to this branch only. A setting the branch has no "
                    "value of its own for follows the desk-wide value."
                ),
                self,
            )
        )
        self.message = MessageArea(self)
        outer.addWidget(self.message)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(scroll)
        grid = QGridLayout(body)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(self.fontMetrics().height() // 2)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        line = 0
        for key, label_text, help_text, editor in self._definitions():
            editor.setParent(body)
            label = QLabel(label_text, body)
            label.setBuddy(editor)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            label.setWordWrap(True)
            cell = QWidget(body)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(editor)
            cell_layout.addWidget(help_label(help_text, cell))
            error = FieldError(cell)
            cell_layout.addWidget(error)
            source = QLabel(body)
            source.setAccessibleName(
                self.tr("Where the value comes from: %1").replace("%1", label_text)
            )
            use_default = QPushButton(self.tr("Use default"), body)
            use_default.setAccessibleName(
                self.tr("Use the default for: %1").replace("%1", label_text)
            )
            use_default.setToolTip(
                self.tr("Remove this branch's own value; the desk-wide value applies again.")
            )
            use_default.clicked.connect(self._reset_callback(key))
            grid.addWidget(label, line, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(cell, line, 1)
            grid.addWidget(source, line, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(use_default, line, 3, Qt.AlignmentFlag.AlignTop)
            row = SettingRow(key, editor, source, use_default, error)
            editor.edited.connect(self._update_buttons)
            self.rows[key] = row
            line += 1
        grid.setRowStretch(line, 1)

        actions = QHBoxLayout()
        actions.addStretch(1)
        self.revert_button = QPushButton(self.tr("&Revert"), self)
        self.revert_button.setAccessibleName(self.tr("Revert the changes"))
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setAccessibleName(self.tr("Save the settings"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        outer.addLayout(actions)

    def _reset_callback(self, key: str) -> Callable[[], None]:
        return lambda: self.use_default(key)

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the settings again; every row shows the value in force (edits are dropped)."""
        self._fill(self._read(), keep_edits=False)

    def _read(self) -> dict[str, EffectiveSetting]:
        with self.state.sessions() as session:
            found = settings.effective(session, self.branch_id, only=list(self.rows))
        return {s.key: s for s in found}

    def _fill(self, values: dict[str, EffectiveSetting], *, keep_edits: bool) -> None:
        self._filling = True
        try:
            for key, row in self.rows.items():
                setting = values[key]
                keep = keep_edits and row.dirty() and key not in self._pending
                edited = row.editor.value()
                row.editor.set_value(setting.value)
                row.baseline = row.editor.value()
                if keep:
                    row.editor.set_value(edited)
                row.origin = setting.source
                row.source.setText(self._source_text(setting.source))
                row.error.set_message("")
        finally:
            self._filling = False
        self._update_buttons()

    def _source_text(self, source: str) -> str:
        if source == "branch":
            return self.tr("This branch's own value")
        if source == "global":
            return self.tr("Inherited: desk-wide value")
        return self.tr("Inherited: default")

    # -- saving ------------------------------------------------------------------------------

    def edited_keys(self) -> list[str]:
        return [key for key, row in self.rows.items() if row.dirty()]

    def _update_buttons(self) -> None:
        if self._filling:
            return
        busy = self.runner.busy()
        dirty = bool(self.edited_keys())
        self.save_button.setEnabled(dirty and not busy)
        self.revert_button.setEnabled(dirty and not busy)
        for row in self.rows.values():
            row.use_default.setEnabled(row.origin == "branch" and not busy)

    def revert(self) -> None:
        """Show the values last read again."""
        self.message.clear()
        self._filling = True
        try:
            for row in self.rows.values():
                row.editor.set_value(row.baseline)
                row.error.set_message("")
        finally:
            self._filling = False
        self._update_buttons()

    def save(self) -> None:
        """Save every edited row as this branch's own value, all or nothing."""
        keys = self.edited_keys()
        if not keys or self.runner.busy():
            return
        for row in self.rows.values():
            row.error.set_message("")
        self.message.clear()
        values = {key: self.rows[key].editor.value() for key in keys}
        state, branch_id = self.state, self.branch_id

        def work(session: Session) -> None:
            actor = state.actor(session)
            now = state.now()
            for key, value in values.items():
                settings.change_setting(session, actor, key, value, now, branch_id)

        self._pending = set(keys)
        self.runner.start(work)

    def use_default(self, key: str) -> None:
        """Remove the branch's own value of ``key`` (the desk-wide value applies again)."""
        if self.runner.busy():
            return
        self.rows[key].error.set_message("")
        self.message.clear()
        state, branch_id = self.state, self.branch_id

        def work(session: Session) -> None:
            settings.reset_setting(session, state.actor(session), key, state.now(), branch_id)

        self._pending = {key}
        self.runner.start(work)

    def _written(self, _result: object) -> None:
        self._fill(self._read(), keep_edits=True)
        self._pending = set()
        self.message.show_info(self.tr("The settings are saved."))
        self.changed.emit()
        self.save_finished.emit(True)

    def _refused(self, exc: object) -> None:
        assert isinstance(exc, BookingError)
        self._pending = set()
        key = exc.details.get("key") if isinstance(exc.details, dict) else None
        if isinstance(key, str) and key in self.rows:
            self.rows[key].error.set_message(sentence(exc.message))
            self.rows[key].editor.setFocus()
        else:
            self.message.show_error(exc.message)
        self._update_buttons()
        self.save_finished.emit(False)

    def _crashed(self, _exc: object) -> None:
        self._pending = set()
        self.message.show_error(
            self.tr("The settings could not be saved because of an unexpected error; it is logged.")
        )
        self._update_buttons()
        self.save_finished.emit(False)

    def problem(self, key: str) -> str:
        """The problem shown under the setting ``key``, or ""."""
        return self.rows[key].error.text()

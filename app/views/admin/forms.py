"""Small pieces the administration pages share: a field with its problem line under it,
a help line, a colour picker, and how a refusal's wording is turned into a sentence.

Kept generic on purpose (no page's rules here), so that every administration page shows
a refused value the same way: next to the field, with the booking layer's own words.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.views.dialogs import FieldError

__all__ = ["ColorPicker", "FieldError", "Labeled", "help_label", "sentence"]


def sentence(message: str) -> str:
    """A problem as the setup reader words it ("timezone ... is not known") made a sentence:
    a capital first letter and a full stop, as the rest of the desk shows messages."""
    text = message.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def help_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A short explanation under a field, in the palette's quieter text colour."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class Labeled(QWidget):
    """A field with, under it, an optional help line and the line its refusal shows on.

    Placed as the field half of a ``QFormLayout`` row, so the problem appears right under
    the value it concerns and moves the rows below down instead of covering them.
    """

    def __init__(self, field: QWidget, help_text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(max(2, self.fontMetrics().height() // 6))
        # A narrow field (a number, a combo) keeps its width at the left; the help and the
        # problem lines below still take the row's whole width, so they wrap, not clip.
        wide = field.sizePolicy().horizontalPolicy() in (
            QSizePolicy.Policy.Expanding,
            QSizePolicy.Policy.MinimumExpanding,
        )
        if wide:
            layout.addWidget(field)
        else:
            layout.addWidget(field, 0, Qt.AlignmentFlag.AlignLeft)
        # A form label's mnemonic (its buddy is this widget) lands on the field itself.
        # (QLabel hands a shortcut only to a buddy that takes focus itself.)
        self.setFocusProxy(field)
        self.setFocusPolicy(field.focusPolicy())
        self.help: QLabel | None = None
        if help_text:
            self.help = help_label(help_text, self)
            layout.addWidget(self.help)
        self.error = FieldError(self)
        layout.addWidget(self.error)
        # Only a field that grows (a table) takes spare height; the others keep their own
        # height, so a form's rows do not spread apart when the page is tall.
        expanding = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
        tall = field.sizePolicy().verticalPolicy() in expanding
        self.setSizePolicy(
            QSizePolicy.Policy.Expanding,
            QSizePolicy.Policy.Preferred if tall else QSizePolicy.Policy.Maximum,
        )

    def set_error(self, message: str) -> None:
        self.error.set_message(sentence(message) if message else "")


def _swatch(color: QColor, side: int) -> QIcon:
    pixmap = QPixmap(side, side)
    pixmap.fill(color)
    return QIcon(pixmap)


class ColorPicker(QWidget):
    """A colour as "#rrggbb" or none: a swatch button opening the colour dialog, and (when
    the colour is optional) a button that removes it.

    ``pick`` asks the person for a colour starting from the current one and returns it, or
    None when they cancel; it is ``QColorDialog.getColor`` unless a caller (a test, a
    page with its own dialog) gives another.
    """

    #: The colour changed (through the dialog or "No colour"); the new value, or None.
    color_changed = Signal(object)

    def __init__(
        self,
        *,
        optional: bool = True,
        accessible_name: str = "",
        pick: Callable[[QColor, QWidget], QColor | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._color: str | None = None
        self._pick = pick or _dialog_pick
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(self)
        self.button.setAccessibleName(accessible_name or self.tr("Colour"))
        self.button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.button.clicked.connect(self._choose)
        layout.addWidget(self.button)
        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("No colour"))
        self.clear_button.setAccessibleName(
            self.tr("Remove the colour")
            if not accessible_name
            else f"{accessible_name}: " + self.tr("remove the colour")
        )
        self.clear_button.clicked.connect(lambda: self.set_color(None, notify=True))
        self.clear_button.setVisible(optional)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.setFocusProxy(self.button)
        self._show()

    def color(self) -> str | None:
        return self._color

    def set_color(self, color: str | None, *, notify: bool = False) -> None:
        """Show ``color`` ("#rrggbb", any case, or None); ``notify`` emits color_changed."""
        value = color.strip().lower() if color else None
        changed = value != self._color
        self._color = value
        self._show()
        if notify and changed:
            self.color_changed.emit(value)

    def _choose(self) -> None:
        start = (
            QColor(self._color) if self._color else self.palette().color(QPalette.ColorRole.Button)
        )
        picked = self._pick(start, self)
        if picked is not None and picked.isValid():
            self.set_color(picked.name(), notify=True)

    def _show(self) -> None:
        side = self.fontMetrics().height()
        if self._color is None:
            self.button.setIcon(QIcon())
            self.button.setText(self.tr("Choose a colour…"))
            self.button.setToolTip("")
            self.clear_button.setEnabled(False)
        else:
            color = QColor(self._color)
            self.button.setIcon(_swatch(color, side))
            self.button.setText(self._color)
            self.button.setToolTip(self._color)
            self.clear_button.setEnabled(True)
        self.button.setAccessibleDescription(self._color or self.tr("no colour"))


def _dialog_pick(start: QColor, parent: QWidget) -> QColor | None:
    color = QColorDialog.getColor(start, parent, parent.tr("Choose a colour"))
    return color if color.isValid() else None

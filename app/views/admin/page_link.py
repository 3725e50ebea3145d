"""The address of one self-service page (a branch's, a service's, an agent's) with a Copy
button, as the administration pages show it.

The address is absolute: the ``web.public_url`` setting joined to the page's path from
app.web.links, so what is copied is what a customer types or clicks on the branch's
website. While that setting is empty there is no address to give, and the row says where
to set it instead of showing a path nobody can reach. The row holds no rule: the page
that owns it reads the setting and the id and hands them in with :meth:`PageLink.set_link`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.views.admin.forms import help_label
from app.web.links import absolute


class PageLink(QWidget):
    """A read-only address, a Copy button and a line of explanation under them.

    ``what`` names the page for screen readers ("the branch's booking page"), since
    several of these rows can be on screen at once.
    """

    #: The address just put on the clipboard.
    copied = Signal(str)

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._url: str | None = None
        self._remark = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(max(2, self.fontMetrics().height() // 6))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.address = QLineEdit(self)
        self.address.setReadOnly(True)
        self.address.setAccessibleName(self.tr("Address of %1").replace("%1", what))
        self.copy_button = QPushButton(self.tr("Cop&y link"), self)
        self.copy_button.setAccessibleName(self.tr("Copy the address of %1").replace("%1", what))
        self.copy_button.setToolTip(self.tr("Put the address on the clipboard, to paste it."))
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.address, 1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)
        self.note = help_label("", self)
        self.note.setObjectName("pageLinkNote")
        self.note.setAccessibleName(self.tr("About the address of %1").replace("%1", what))
        layout.addWidget(self.note)
        self.setFocusProxy(self.copy_button)
        self.set_link(None, None)

    def url(self) -> str | None:
        """The absolute address shown, or None when there is none to give."""
        return self._url

    def set_link(self, base: str | None, path: str | None, remark: str = "") -> None:
        """Show ``path`` under the public ``base`` address.

        ``path`` None: the thing is not saved yet, so it has no page. ``base`` None: the
        pages have no public address yet. ``remark`` adds a sentence under the address,
        such as why the page answers "not available" at the moment.
        """
        self._remark = remark
        if path is None:
            self._url = None
            self._show(self.tr("The page's address appears once this is saved."))
        elif base is None:
            self._url = None
            self._show(self.tr("Set the public address of the booking pages in Booking rules."))
        else:
            self._url = absolute(base, path)
            self._show("")

    def _show(self, explanation: str) -> None:
        has_url = self._url is not None
        self.address.setVisible(has_url)
        self.copy_button.setVisible(has_url)
        self.address.setText(self._url or "")
        self.address.setCursorPosition(0)
        self.address.setToolTip(self._url or "")
        text = " ".join(t for t in (explanation, self._remark) if t)
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def copy(self) -> None:
        """Put the address on the clipboard and say so under it."""
        if self._url is None:
            return
        QGuiApplication.clipboard().setText(self._url)
        said = self.tr("Copied: paste it into the website, an e-mail or a document.")
        self.note.setText(" ".join(t for t in (said, self._remark) if t))
        self.note.setVisible(True)
        self.copied.emit(self._url)

    def explanation(self) -> str:
        """The line under the address, as shown (for tests and screen readers)."""
        return "" if self.note.isHidden() else self.note.text()

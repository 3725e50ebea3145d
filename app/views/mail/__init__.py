"""The mail screens: the outbox, the branch's mail settings and the template editor."""

from app.views.mail.outbox_view import OutboxView, failed_count
from app.views.mail.settings_page import MailSettingsPage
from app.views.mail.templates_page import TemplatesPage

__all__ = ["MailSettingsPage", "OutboxView", "TemplatesPage", "failed_count"]

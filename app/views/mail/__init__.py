"""The mail screens: the outbox, the branch's mail settings and the template editor."""

from app.views.mail.outbox_view import OutboxView, failed_count

__all__ = ["OutboxView", "failed_count"]

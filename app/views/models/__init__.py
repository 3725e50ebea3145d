"""Qt item models of the desk's dialogs.

They hold ids and plain values handed in by their owner, never a session: rows that are
not known yet are read in blocks through a loader callable (outside painting, from
``fetchMore``), so a view can paint from what the model already has.
"""

from app.views.models.customers import CustomerResultsModel, CustomerRow, customer_row, row_loader
from app.views.models.slots import (
    OfferedSlot,
    SlotListModel,
    SlotPager,
    format_slot,
    format_times,
)

__all__ = [
    "CustomerResultsModel",
    "CustomerRow",
    "OfferedSlot",
    "SlotListModel",
    "SlotPager",
    "customer_row",
    "format_slot",
    "format_times",
    "row_loader",
]

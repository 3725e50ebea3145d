"""The ORM classes of the whole domain, importable from one place."""

from app.models.appointments import Appointment, StatusDefinition, StatusHistory, status_services
from app.models.audit import AuditEntry
from app.models.availability import AvailabilityPeriod, BlockedTime
from app.models.base import Base, UTCDateTime
from app.models.branch import Branch, Closure, Setting
from app.models.notifications import JobLease, NotificationTemplate
from app.models.people import Agent, AgentHours, Customer, Role, RolePermission, User
from app.models.services import LanguageItem, Service, ServiceAgent, ServiceField, ServiceHours
from app.models.sync import (
    CalendarAccount,
    ExternalBusy,
    ExternalEventLink,
    OutboxItem,
    SyncCursor,
)

__all__ = [
    "Agent",
    "AgentHours",
    "Appointment",
    "AuditEntry",
    "AvailabilityPeriod",
    "Base",
    "BlockedTime",
    "Branch",
    "CalendarAccount",
    "Closure",
    "Customer",
    "ExternalBusy",
    "ExternalEventLink",
    "JobLease",
    "LanguageItem",
    "NotificationTemplate",
    "OutboxItem",
    "Role",
    "RolePermission",
    "Service",
    "ServiceAgent",
    "ServiceField",
    "ServiceHours",
    "Setting",
    "StatusDefinition",
    "StatusHistory",
    "SyncCursor",
    "UTCDateTime",
    "User",
    "status_services",
]

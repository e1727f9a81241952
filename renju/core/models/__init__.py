"""Models every domain shares: the ledger base, the audit trail, background jobs."""

from .audit import AuditEvent
from .base import LedgerModel
from .jobs import Job

__all__ = ["AuditEvent", "Job", "LedgerModel"]

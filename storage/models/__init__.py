"""All ORM models; importing this package registers every table on `Base.metadata`."""

from storage.models.audit import AuditEntry
from storage.models.base import Base
from storage.models.broadcast import BroadcastJob, BroadcastStatus
from storage.models.budget import SendBudgetRow
from storage.models.collectivity import Collectivity
from storage.models.conversation import ConversationState
from storage.models.faq import ForwardedQuestion, LearnedPhrasing
from storage.models.membership import DecidedAs, Invitation, Membership, MembershipStatus
from storage.models.outbox import OutboxMessage, OutboxStatus
from storage.models.people import Person, Role
from storage.models.sheets import ActionSheet, CommentKind, SheetAnswer, SheetAttachment, SheetComment, SheetStatus
from storage.models.updates import ProcessedUpdate
from storage.models.webinar import RegistrationStatus, WebinarRegistration

__all__ = [
    "AuditEntry",
    "Base",
    "BroadcastJob",
    "BroadcastStatus",
    "Collectivity",
    "ConversationState",
    "OutboxMessage",
    "OutboxStatus",
    "Person",
    "ProcessedUpdate",
    "Role",
]
__all__ += ["ActionSheet", "CommentKind", "SheetAnswer", "SheetAttachment", "SheetComment", "SheetStatus"]
__all__ += ["RegistrationStatus", "WebinarRegistration"]
__all__ += ["ForwardedQuestion", "LearnedPhrasing"]
__all__ += ["DecidedAs", "Invitation", "Membership", "MembershipStatus"]
__all__ += ["SendBudgetRow"]

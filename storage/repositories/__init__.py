"""Repositories: the only place that writes SQL for a model. Each takes an AsyncSession."""

from storage.repositories.people import PeopleRepository
from storage.repositories.conversation import ConversationRepository
from storage.repositories.updates import UpdatesRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.faq import FaqRepository

__all__ = ["PeopleRepository", "ConversationRepository", "UpdatesRepository", "AuditRepository", "OutboxRepository"]
__all__ += ["FaqRepository"]

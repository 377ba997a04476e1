"""Repositories: the only place that writes SQL for a model. Each takes an AsyncSession."""

from storage.repositories.audit import AuditRepository
from storage.repositories.collectivities import CollectivityRepository
from storage.repositories.conversation import ConversationRepository
from storage.repositories.faq import FaqRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.people import PeopleRepository
from storage.repositories.sheets import SheetsRepository
from storage.repositories.updates import UpdatesRepository
from storage.repositories.webinar import WebinarRepository

__all__ = ["AuditRepository", "ConversationRepository", "OutboxRepository", "PeopleRepository", "UpdatesRepository"]
__all__ += ["SheetsRepository"]
__all__ += ["CollectivityRepository", "WebinarRepository"]
__all__ += ["FaqRepository"]

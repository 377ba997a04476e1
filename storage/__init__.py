"""Persistence: SQLAlchemy 2 models, repositories and Alembic migrations.

Depends on nothing else of the project, so the core and the runtime can both use it.
"""

"""Test support: databases (SQLite, PostgreSQL when available), clock, app and bot harnesses."""

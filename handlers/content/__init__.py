"""Yearly content that staff edit (calendar, contacts, sessions, matrix, form), loaded and validated."""

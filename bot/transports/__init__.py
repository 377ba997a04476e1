"""Thin adapters between Telegram libraries (or a terminal) and the neutral conversation core."""

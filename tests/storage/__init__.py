"""storage tests."""

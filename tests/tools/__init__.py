"""tools tests."""

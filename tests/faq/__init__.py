"""faq tests."""

"""Staff broadcasts: compose, preview, choose an audience, confirm, then follow, pause, resume or cancel."""

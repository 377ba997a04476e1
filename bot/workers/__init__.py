"""Background workers started with the bot: the outbox sender, broadcast progress, deadline reminders."""

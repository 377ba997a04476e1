"""Runtime: settings, assembly, transports (aiogram, python-telegram-bot, console), CLI, workers."""

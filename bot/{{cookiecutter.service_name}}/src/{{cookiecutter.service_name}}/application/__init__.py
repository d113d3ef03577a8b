"""Use cases: what the bot does for a user, independent of Telegram and HTTP."""

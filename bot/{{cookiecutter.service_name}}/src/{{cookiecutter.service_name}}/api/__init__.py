"""The bot's interface: Telegram handlers, their texts and the health endpoint."""

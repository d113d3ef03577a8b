"""The bot's interface: Telegram handlers, middlewares, texts and the health endpoint."""

"""Adapters to the outside world: the Telegram Bot API and, later, the business API."""

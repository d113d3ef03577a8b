"""Adapters to the outside world: the RabbitMQ consumer."""

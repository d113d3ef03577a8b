"""Integration tests against a real RabbitMQ (RABBITMQ_URL)."""

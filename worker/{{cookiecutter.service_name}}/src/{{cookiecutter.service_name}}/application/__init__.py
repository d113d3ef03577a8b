"""Event handlers and their dispatch by routing key."""

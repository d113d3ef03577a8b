"""Adapters to the outside world: the database."""

"""Entities, value objects and the ports the use cases depend on."""

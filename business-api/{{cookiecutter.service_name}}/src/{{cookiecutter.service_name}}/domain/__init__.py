"""Entities, errors and ports: the core of the service, free of frameworks and I/O."""

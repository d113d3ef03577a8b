"""Adapters to the outside world: implementations of the domain's ports."""

"""Entities, errors and the ports the outer layers implement."""

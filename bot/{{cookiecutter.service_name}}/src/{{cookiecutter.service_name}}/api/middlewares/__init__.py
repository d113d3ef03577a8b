"""Middlewares around every update, outermost first in ``app.create_dispatcher``."""

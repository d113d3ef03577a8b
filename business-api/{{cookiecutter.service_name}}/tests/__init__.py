"""Tests of the service; run them with ``make test``."""

"""Integration tests: the whole service over real HTTP."""

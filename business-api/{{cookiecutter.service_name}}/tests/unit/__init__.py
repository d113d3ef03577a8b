"""Unit tests: nothing needs to be running."""

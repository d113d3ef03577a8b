"""Unit tests: nothing needs to run."""

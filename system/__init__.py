"""Whole systems: several services baked from one description and wired into one project."""

"""Cross-cutting concerns: settings, logging and lifecycle."""

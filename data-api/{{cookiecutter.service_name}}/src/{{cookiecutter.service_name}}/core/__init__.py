"""Cross-cutting concerns: settings and logging."""

"""HTTP endpoints of the worker: health."""

"""Events the worker understands, free of any transport."""

"""Settings, logging and process lifecycle."""

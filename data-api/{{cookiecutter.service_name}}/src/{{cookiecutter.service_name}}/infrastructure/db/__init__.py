"""SQLAlchemy (async) models, engine, repositories and Alembic migrations."""

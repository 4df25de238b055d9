"""Persistence: schema, session factory, repositories and Alembic migrations."""

"""Storage: SQLAlchemy models, sessions, Alembic migrations and the testimony repository."""

"""Local SQLite store: typed models, engine/sessions, Alembic migrations and backups."""

"""Storage tests: real Alembic migrations on SQLite and PostgreSQL, and Redis for FSM keys."""

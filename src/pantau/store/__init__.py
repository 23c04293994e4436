"""Storage: the only package that writes SQL. SQLite and PostgreSQL are interchangeable."""

from pantau.store.engine import create_db_engine, open_database, upgrade_schema

__all__ = ["create_db_engine", "open_database", "upgrade_schema"]

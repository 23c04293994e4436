"""Databases at an earlier schema revision, for tests of upgrades from them."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine

from pantau.store import create_db_engine
from pantau.store.engine import _alembic_config


def migrated_to(url: str, revision: str) -> Engine:
    """An engine on the database at ``url`` brought to ``revision`` only, as the release that
    had it as its newest revision left it."""
    engine = create_db_engine(url)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return engine

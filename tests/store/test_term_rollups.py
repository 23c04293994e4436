"""Term rollups, one compressed row per workspace × hour: replaced and read by hour, kept
apart per workspace, and carried over from the earlier one-row-per-term table by the
migration (and back by its downgrade)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine, insert

from pantau.records import Workspace
from pantau.store import terms as terms_store
from pantau.store.engine import _alembic_config, create_db_engine, upgrade_schema
from pantau.store.schema import workspaces
from pantau.store.workspaces import create_workspace

T0 = datetime(2026, 11, 20, 6, 0)
FAR = (datetime(2000, 1, 1), datetime(2100, 1, 1))


def _counts(hours: int, scale: int = 1) -> dict[datetime, dict[str, int]]:
    return {
        T0 + timedelta(hours=h): {
            "w:banjir": (h + 2) * scale,
            "b:banjir rob": 2 * scale,
            "#BanjirJakarta".lower(): 3,
            f"w:kata{h}": 5,
            "e:Kementerian Sosial": 4,
        }
        for h in range(hours)
    }


def test_hours_are_replaced_whole_and_workspaces_kept_apart(
    engine: Engine, workspace: Workspace
) -> None:
    other = create_workspace(engine, "lain", "Workspace lain", "pemda", "Asia/Jakarta")
    first = _counts(6)
    with engine.begin() as conn:
        written = terms_store.replace_terms(conn, workspace.id, sorted(first), first)
        terms_store.replace_terms(conn, other.id, sorted(first), _counts(6, scale=10))
    assert written == 6 * 5
    with engine.connect() as conn:
        assert terms_store.term_counts(conn, workspace.id, *FAR) == first
        assert terms_store.term_counts(conn, other.id, *FAR) == _counts(6, scale=10)
        middle = terms_store.term_counts(
            conn, workspace.id, T0 + timedelta(hours=2), T0 + timedelta(hours=4)
        )
    assert sorted(middle) == [T0 + timedelta(hours=2), T0 + timedelta(hours=3)]
    # hours 1-2 recomputed: hour 1 now has no key of two posts, hour 2 other counts
    changed = {T0 + timedelta(hours=2): {"w:banjir": 40}}
    with engine.begin() as conn:
        terms_store.replace_terms(
            conn, workspace.id, [T0 + timedelta(hours=h) for h in (1, 2)], changed
        )
    with engine.connect() as conn:
        now = terms_store.term_counts(conn, workspace.id, *FAR)
        assert terms_store.term_counts(conn, other.id, *FAR) == _counts(6, scale=10)
    expected = {h: c for h, c in first.items() if h not in (T0 + timedelta(hours=1),)}
    expected.update(changed)
    assert now == expected


def test_migration_carries_term_rows_over_and_back(db_url: str) -> None:
    engine = create_db_engine(db_url)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0017")
    old = sa.table(
        "rollup_terms",
        sa.column("workspace_id", sa.Integer()),
        sa.column("hour", sa.DateTime()),
        sa.column("term", sa.String()),
        sa.column("posts", sa.Integer()),
    )
    by_workspace = {"satu": _counts(30), "dua": _counts(7, scale=3)}
    ids = {}
    with engine.begin() as conn:
        for slug, counts in by_workspace.items():
            ids[slug] = conn.execute(
                insert(workspaces)
                .values(slug=slug, name=slug, kind="pemda", timezone="Asia/Jakarta", created_at=T0)
                .returning(workspaces.c.id)
            ).scalar_one()
            rows = [
                {"workspace_id": ids[slug], "hour": h, "term": t, "posts": n}
                for h, by_term in counts.items()
                for t, n in by_term.items()
            ]
            conn.execute(insert(old), rows)
    upgrade_schema(engine)
    with engine.connect() as conn:
        for slug, counts in by_workspace.items():
            assert terms_store.term_counts(conn, ids[slug], *FAR) == counts
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0017")
    with engine.connect() as conn:
        back = sorted(tuple(r) for r in conn.execute(sa.select(old)))
    expected = sorted(
        (ids[slug], h, t, n)
        for slug, counts in by_workspace.items()
        for h, by_term in counts.items()
        for t, n in by_term.items()
    )
    assert [(w, h if isinstance(h, datetime) else datetime.fromisoformat(h), t, n)
            for w, h, t, n in back] == expected  # fmt: skip
    engine.dispose()

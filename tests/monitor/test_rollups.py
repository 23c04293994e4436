from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select
from tests.monitor._monitor_data import store_posts

from pantau.monitor.rollups import update_rollups
from pantau.monitor.topics import add_topic
from pantau.records import Workspace
from pantau.store import monitor as store
from pantau.store import terms as terms_store
from pantau.store.schema import rollup_hourly

T0 = datetime(2026, 11, 16, 8, 0)


def _snapshot(engine: Engine, workspace: Workspace) -> tuple[list, list]:
    with engine.connect() as conn:
        hourly = sorted(tuple(r) for r in conn.execute(select(rollup_hourly)))
        counts = terms_store.term_counts(
            conn, workspace.id, datetime(2000, 1, 1), datetime(2100, 1, 1)
        )
        terms = sorted((h, t, n) for h, by_term in counts.items() for t, n in by_term.items())
    return hourly, terms


def test_rollups_count_posts_authors_engagement_reach_and_terms(
    engine: Engine, workspace: Workspace
) -> None:
    rows = [
        ("1", T0 + timedelta(minutes=5), "ani", "Harga pupuk naik lagi #PupukLangka"),
        ("2", T0 + timedelta(minutes=15), "budi", "pupuk langka di kios #PupukLangka"),
        ("3", T0 + timedelta(minutes=25), "ani", "Pupuk langka, petani susah"),
        ("4", T0 + timedelta(hours=1, minutes=1), "cici", "Cuaca cerah hari ini"),
    ]
    store_posts(engine, workspace, rows, sentiment={"1": "negative", "2": "negative"})
    add_topic(engine, workspace, "Pupuk", "pupuk", "ekonomi")
    summary = update_rollups(engine, workspace)
    assert summary.hours == 2 and summary.posts == 4
    with engine.connect() as conn:
        totals = store.hourly_totals(conn, workspace.id, T0, T0 + timedelta(hours=2))
        topic_rows = store.hourly_totals(
            conn, workspace.id, T0, T0 + timedelta(hours=2), topic_id=1
        )
        terms = terms_store.term_counts(conn, workspace.id, T0, T0 + timedelta(hours=2))
    first = {(r["sentiment"]): r for r in totals if r["hour"] == T0}
    assert first["negative"]["posts"] == 2 and first["negative"]["authors"] == 2
    assert first["negative"]["engagement"] == 12 and first["negative"]["reach"] == 200
    assert first["unknown"]["posts"] == 1  # not enriched: sentiment unknown
    assert sum(r["posts"] for r in topic_rows) == 3
    assert terms[T0]["w:pupuk"] == 3
    assert terms[T0]["#pupuklangka"] == 2
    assert terms[T0]["b:pupuk langka"] == 3  # hashtag words count too
    assert "w:cuaca" not in terms.get(T0 + timedelta(hours=1), {})  # single mentions dropped


def test_rollups_are_incremental_and_idempotent(engine: Engine, workspace: Workspace) -> None:
    store_posts(engine, workspace, [("1", T0, "ani", "pupuk langka"), ("2", T0, "budi", "pupuk")])
    first = update_rollups(engine, workspace)
    before = _snapshot(engine, workspace)
    again = update_rollups(engine, workspace)
    assert _snapshot(engine, workspace) == before
    assert again.hours == 1  # everything recomputed, same rows
    nothing = update_rollups(engine, workspace, since_post_id=first.last_post_id)
    assert nothing.hours == 0 and nothing.last_post_id == first.last_post_id
    store_posts(engine, workspace, [("3", T0 + timedelta(minutes=30), "cici", "pupuk mahal")])
    step = update_rollups(engine, workspace, since_post_id=first.last_post_id)
    assert step.hours == 1 and step.posts == 3  # the affected hour, recomputed whole
    with engine.connect() as conn:
        n = conn.execute(
            select(func.sum(rollup_hourly.c.posts)).where(rollup_hourly.c.topic_id == 0)
        ).scalar_one()
    assert n == 3


def test_empty_workspace_rolls_up_nothing(engine: Engine, workspace: Workspace) -> None:
    summary = update_rollups(engine, workspace)
    assert summary.hours == 0 and summary.posts == 0


def test_a_topic_added_edited_or_deleted_after_the_rollups_is_counted_in_past_hours(
    engine: Engine, workspace: Workspace
) -> None:
    from pantau.monitor.topics import delete_topic, edit_topic
    from pantau.store.monitor import set_stage_position

    rows = [
        ("1", T0, "ani", "pupuk langka di kios"),
        ("2", T0 + timedelta(minutes=5), "budi", "pupuk mahal"),
        ("3", T0 + timedelta(hours=1), "cici", "harga beras naik"),
    ]
    store_posts(engine, workspace, rows)
    roll = update_rollups(engine, workspace)
    with engine.begin() as conn:
        set_stage_position(conn, workspace.id, "rollup", roll.last_post_id, T0)

    def topic_posts(topic_id: int) -> dict[datetime, int]:
        with engine.connect() as conn:
            found = store.hourly_totals(conn, workspace.id, T0, T0 + timedelta(hours=2), topic_id)
        counts: dict[datetime, int] = {}
        for r in found:
            hour = (
                r["hour"] if isinstance(r["hour"], datetime) else datetime.fromisoformat(r["hour"])
            )
            counts[hour] = counts.get(hour, 0) + r["posts"]
        return counts

    topic = add_topic(engine, workspace, "Pupuk", "pupuk", "ekonomi")
    assert topic_posts(topic.id) == {T0: 2}
    edit_topic(engine, workspace, "Pupuk", query="pupuk OR beras")
    assert topic_posts(topic.id) == {T0: 2, T0 + timedelta(hours=1): 1}
    delete_topic(engine, workspace, "Pupuk")
    assert topic_posts(topic.id) == {}
    assert sum(topic_posts(0).values()) == 3  # the all-posts rows are untouched

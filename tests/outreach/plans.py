"""Building owned posts, follower counts and audience slices directly in the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import Engine

from pantau.records import Workspace
from pantau.store import outreach as store
from pantau.store.outreach_records import AudienceItem, Channel, ChannelRef, DailyItem, PostItem

COLLECTED = datetime(2026, 11, 25)
Cli = Callable[..., tuple[int, str, BaseException | None]]  # (exit code, output, exception)


def channel(engine: Engine, ws: Workspace, platform: str, handle: str) -> Channel:
    with engine.begin() as conn:
        return store.ensure_channel(conn, ws.id, ChannelRef(platform, handle, handle))


def post(
    post_id: str,
    at: datetime,
    *,
    caption: str = "",
    post_type: str | None = None,
    reach: int | None = 1000,
    views: int | None = None,
    likes: int = 10,
    comments: int = 0,
    shares: int = 0,
    clicks: int | None = None,
) -> PostItem:
    return PostItem(
        line=0,
        post_id=post_id,
        published_at=at,
        time_known=True,
        raw="",
        caption=caption,
        post_type=post_type,
        reach=reach,
        views=views,
        likes=likes,
        comments=comments,
        shares=shares,
        clicks=clicks,
    )


def add_posts(engine: Engine, ws: Workspace, ch: Channel, items: list[PostItem]) -> None:
    with engine.begin() as conn:
        store.write_posts(
            conn, ws.id, ch.id, items, import_id=None, collected_at=COLLECTED, raw_format="test"
        )


def add_daily(engine: Engine, ws: Workspace, ch: Channel, metric: str, values: dict) -> None:
    with engine.begin() as conn:
        store.write_daily(
            conn,
            ws.id,
            ch.id,
            [DailyItem(0, metric, d, float(v), "") for d, v in values.items()],
            import_id=None,
            collected_at=COLLECTED,
        )


def add_audience(
    engine: Engine, ws: Workspace, ch: Channel, dimension: str, shares: dict[str, float]
) -> None:
    with engine.begin() as conn:
        store.write_audience(
            conn,
            ws.id,
            ch.id,
            [AudienceItem(0, dimension, k, v, date(2026, 11, 20), "") for k, v in shares.items()],
            import_id=None,
            collected_at=COLLECTED,
        )

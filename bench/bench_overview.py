"""Speed of the dashboard overview (Ringkasan and the stats API) at millions of posts, printed
as JSON.

Builds the workspace directly in SQL (importing, enriching and rolling up 5 million posts
would take most of the run and is measured elsewhere): ``--posts`` posts (default 5,000,000)
over 90 days on six platforms, 95 % of them enriched (negative, neutral, positive; the rest
``unknown``), ten topics matching 1 % to 10 % of the posts each, and the hourly rollups that
``pantau run`` would have written for every post but the newest ``FRESH`` ones, which are
stored after the last rollup run (half of them enriched since), as between two runs, with
the daily rollups summed from them per local day (WIB). A database kept by an older version
gets its daily rows from the schema migration when it is opened.

The overview shows the last 30 local days up to the newest post's day. Measured, each on a
new engine first (``cold_ms``: a new connection with an empty SQLite page cache, the
overview cache cleared; the operating system's file cache stays warm), then ``--runs``
times (p50, p95):

- each query the overview makes: ``stage_position``, ``time_range``, ``daily_counts`` (the
  30 days of all-posts daily rollups, plus the posts stored since the last run),
  ``first_post_since``, ``topics_of``, ``topic_counts`` (each topic's posts in the 30 days:
  topic daily rollups plus later matches), ``change_marker`` (the cache key);
- ``overview`` as a whole with its cache cleared before every run (``overview_uncached``),
  and as it is served between pipeline runs (``overview_cached``: marker and topics only);
- for comparison, without a target: the same reads over every day (``daily_counts_all_days``,
  ``overview_all_days_uncached``) and the all-time topic match counts (``match_counts_all_time``).

``check`` compares the overview's post and topic counts with plain counts of the period's
posts and matches, and the daily rollups' totals with the hourly ones.
Target: p95 ≤ 100 ms for every query of the 30-day overview and for the whole overview.

Usage: ``python bench/bench_overview.py [--posts N] [--runs R] [--keep DIR] [--postgres]``.
``--keep DIR`` keeps the SQLite database there and reuses it on later runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from pantau.errors import NotFoundError
from pantau.records import Workspace
from pantau.store import dashboard as dashboard_store
from pantau.store import open_database
from pantau.store import posts as post_store
from pantau.store import topics as topic_store
from pantau.store.monitor import stage_position
from pantau.store.workspaces import create_workspace, get_workspace
from pantau.web import views

TARGET_MS = 100.0
START = datetime(2026, 8, 1, 17, 0)  # naive UTC = 2 Aug 00.00 WIB
DAYS = 90
TOPICS = 10
FRESH = 2000  # posts stored after the last rollup run
PLATFORMS = ("x", "x", "x", "instagram", "facebook", "tiktok", "youtube", "news", "x", "facebook")
OFFSET_HOURS = 7  # Asia/Jakarta
_TS = "%Y-%m-%d %H:%M:%S.000000"  # how SQLAlchemy stores naive datetimes in SQLite


def _sql(engine: Engine) -> dict[str, str]:
    """The dialect-specific pieces of the builder's statements."""
    epoch = START.strftime("%Y-%m-%d %H:%M:%S")
    seconds = DAYS * 86400
    if engine.dialect.name == "sqlite":
        return {
            "series": "WITH RECURSIVE n(i) AS "
            "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})",
            "from": "n",
            "created": f"strftime('{_TS}', '{epoch}', "
            f"'+' || (i * {seconds} / {{n}}) || ' seconds')",
            "epoch": f"'{epoch}'",
            "hour": "strftime('%Y-%m-%d %H:00:00.000000', p.created_at)",
            "day": f"strftime('%Y-%m-%d', hour, '+{OFFSET_HOURS} hours')",
            "true": "1",
        }
    return {
        "series": "",
        "from": "generate_series(1::bigint, {n}) AS n(i)",
        "created": f"timestamp '{epoch}' + make_interval(secs => (i::bigint * {seconds} / {{n}}))",
        "epoch": f"timestamp '{epoch}'",
        "hour": "date_trunc('hour', p.created_at)",
        "day": f"CAST(hour + interval '{OFFSET_HOURS} hours' AS DATE)",
        "true": "true",
    }


def _run(conn: Connection, sql: str):  # type: ignore[no-untyped-def]
    """A builder statement; psycopg reads ``%`` as a placeholder unless doubled."""
    return conn.exec_driver_sql(sql.replace("%", "%%") if conn.dialect.name != "sqlite" else sql)


def build(engine: Engine, n_posts: int) -> Workspace:
    """The workspace of ``n_posts`` posts, its enrichment, topics, matches and rollups."""
    ws = create_workspace(engine, "bench", "Instansi Uji", "kementerian", "Asia/Jakarta")
    sql = _sql(engine)
    n = n_posts
    position = n - FRESH
    platform_case = " ".join(f"WHEN {i} THEN '{p}'" for i, p in enumerate(PLATFORMS))
    # 5 % of the posts are not enriched; the rest are negative, neutral or positive
    mood = "CASE WHEN {h} < 35 THEN 'negative' WHEN {h} < 70 THEN 'neutral' ELSE 'positive' END"
    bucket = "((i * 7919 / 10) % 100)"  # independent of the platform (i % 10)
    with engine.begin() as conn:
        _run(
            conn,
            f"""{sql["series"].format(n=n)}
            INSERT INTO posts (id, workspace_id, platform, external_id, key_kind, created_at,
                               collected_at, author, text, flags, raw_format, raw)
            SELECT i, {ws.id}, CASE i % 10 {platform_case} END, 'p' || i, 'id',
                   {sql["created"].format(n=n)}, {sql["epoch"]}, 'u' || (i % 200000),
                   'teks', '', 'bench', '{{}}'
            FROM {sql["from"].format(n=n)}""",
        )
    with engine.begin() as conn:
        # every post up to the rollup position that is enriched, and half of the fresh ones
        _run(
            conn,
            f"""{sql["series"].format(n=n)}
            INSERT INTO post_enrichment (workspace_id, post_id, normalized_text, language,
                sentiment, sentiment_score, polarity, emotion, emotion_score, flags,
                model_version, enriched_at)
            SELECT {ws.id}, i, 'teks', 'id', {mood.format(h=bucket)}, 0.9, 0.0, 'none', 0.0, '',
                   'bench', {sql["epoch"]}
            FROM {sql["from"].format(n=n)}
            WHERE {bucket} >= 5 AND i <= {position + FRESH // 2}""",
        )
    with engine.begin() as conn:
        _run(
            conn,
            f"""INSERT INTO topics (workspace_id, name, category, owner, query, active,
                                     created_at, updated_at)
                VALUES {", ".join(f"({ws.id}, 'topik {k}', 'lainnya', NULL, 'kata{k}', {sql['true']}, {sql['epoch']}, {sql['epoch']})" for k in range(1, TOPICS + 1))}""",  # noqa: E501
        )
        # topic k matches k % of the posts the matching stage has seen (up to the position),
        # independently of platform and sentiment
        first_topic = _run(
            conn, f"SELECT min(id) FROM topics WHERE workspace_id = {ws.id}"
        ).scalar_one()
        _run(
            conn,
            f"""INSERT INTO topic_matches (workspace_id, topic_id, post_id, created_at)
                SELECT {ws.id}, t.id, p.id, p.created_at
                FROM topics t JOIN posts p ON p.workspace_id = t.workspace_id
                 AND ((p.id * 2654435761 / 1000) + t.id * 37) % 100 < t.id - {first_topic} + 1
                WHERE t.workspace_id = {ws.id} AND p.id <= {position}""",
        )
    hour = sql["hour"]
    sentiment = "coalesce(e.sentiment, 'unknown')"
    joined = """posts p LEFT JOIN post_enrichment e
                 ON e.workspace_id = p.workspace_id AND e.post_id = p.id"""
    with engine.begin() as conn:
        _run(
            conn,
            f"""INSERT INTO rollup_hourly (workspace_id, hour, topic_id, platform, sentiment,
                                            posts, authors, engagement, reach)
                SELECT {ws.id}, {hour}, 0, p.platform, {sentiment}, count(*),
                       count(DISTINCT p.author), 0, 0
                FROM {joined}
                WHERE p.workspace_id = {ws.id} AND p.id <= {position}
                GROUP BY {hour}, p.platform, {sentiment}""",
        )
        _run(
            conn,
            f"""INSERT INTO rollup_hourly (workspace_id, hour, topic_id, platform, sentiment,
                                            posts, authors, engagement, reach)
                SELECT {ws.id}, {hour}, m.topic_id, p.platform, {sentiment}, count(*),
                       count(DISTINCT p.author), 0, 0
                FROM topic_matches m JOIN posts p
                  ON p.workspace_id = m.workspace_id AND p.id = m.post_id
                LEFT JOIN post_enrichment e ON e.workspace_id = p.workspace_id AND e.post_id = p.id
                WHERE m.workspace_id = {ws.id}
                GROUP BY {hour}, m.topic_id, p.platform, {sentiment}""",
        )
        # the daily rows: the hourly ones summed per local day, as the rollup stage keeps them
        _run(
            conn,
            f"""INSERT INTO rollup_daily (workspace_id, topic_id, day, platform, sentiment,
                                           posts, engagement, reach)
                SELECT workspace_id, topic_id, {sql["day"]}, platform, sentiment,
                       sum(posts), sum(engagement), sum(reach)
                FROM rollup_hourly WHERE workspace_id = {ws.id}
                GROUP BY workspace_id, topic_id, {sql["day"]}, platform, sentiment""",
        )
        _run(
            conn,
            f"""INSERT INTO monitor_state (workspace_id, stage, last_post_id, updated_at)
                VALUES ({ws.id}, 'rollup', {position}, {sql["epoch"]})""",
        )
    if engine.dialect.name == "postgresql":  # as autovacuum leaves it after a bulk load
        with engine.begin() as conn:
            _run(conn, "ANALYZE")
    return ws


def _counts(engine: Engine, ws: Workspace) -> dict[str, int]:
    with engine.connect() as conn:

        def one(sql: str) -> int:
            return int(conn.execute(text(sql), {"w": ws.id}).scalar_one())

        return {
            "posts": one("SELECT count(*) FROM posts WHERE workspace_id = :w"),
            "enriched": one("SELECT count(*) FROM post_enrichment WHERE workspace_id = :w"),
            "topic_matches": one("SELECT count(*) FROM topic_matches WHERE workspace_id = :w"),
            "rollup_hourly_rows": one("SELECT count(*) FROM rollup_hourly WHERE workspace_id = :w"),
            "rollup_rows_all_posts": one(
                "SELECT count(*) FROM rollup_hourly WHERE workspace_id = :w AND topic_id = 0"
            ),
            "rollup_daily_rows": one("SELECT count(*) FROM rollup_daily WHERE workspace_id = :w"),
        }


def _timed(
    make_engine: Callable[[], Engine], fn: Callable[[Engine], object], runs: int, clear: bool = True
) -> dict:
    """``fn`` once on a fresh engine (cold; the overview cache cleared unless ``clear`` is
    false), then ``runs`` times on the same engine: ms."""
    engine = make_engine()
    if clear:
        views._OVERVIEWS.clear()
    t0 = time.perf_counter()
    fn(engine)
    cold = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(engine)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "cold_ms": round(cold, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
    }


# what the 30-day overview runs (with a target) and, for comparison, the unbounded reads
TARGETED = (
    "stage_position",
    "time_range",
    "daily_counts",
    "first_post_since",
    "topics_of",
    "topic_counts",
    "change_marker",
    "overview_uncached",
    "overview_cached",
)


def measure(url: str, ws: Workspace, runs: int) -> dict:
    from pantau.store.engine import create_db_engine

    engines: list[Engine] = []

    def make_engine() -> Engine:
        engines.append(create_db_engine(url))
        return engines[-1]

    with make_engine().connect() as conn:
        _first, last = post_store.time_range(conn, ws.id)
        topic_ids = [t.id for t in topic_store.topics_of(conn, ws.id)]
    period = views._period(last, ws.timezone, views.OVERVIEW_DAYS)
    since, hour, first_day = period.since, period.hour, period.first_day
    assert since is not None and hour is not None and first_day is not None
    zone = ws.timezone

    def conn_call(fn: Callable) -> Callable[[Engine], object]:  # type: ignore[type-arg]
        def call(engine: Engine) -> object:
            with engine.connect() as conn:
                return fn(conn)

        return call

    def uncached(engine: Engine) -> object:
        views._OVERVIEWS.clear()
        return views.overview(engine, ws)

    def position(conn: Connection) -> int:
        return stage_position(conn, ws.id, "rollup")

    queries = {
        "stage_position": conn_call(position),
        "time_range": conn_call(lambda c: post_store.time_range(c, ws.id)),
        "daily_counts": conn_call(
            lambda c: dashboard_store.daily_counts(c, ws.id, zone, first_day, hour)
        ),
        "first_post_since": conn_call(lambda c: dashboard_store.first_post_since(c, ws.id, since)),
        "topics_of": conn_call(lambda c: topic_store.topics_of(c, ws.id)),
        "topic_counts": conn_call(
            lambda c: dashboard_store.topic_counts(
                c, ws.id, topic_ids, position(c), hour, first_day=first_day
            )
        ),
        "change_marker": conn_call(lambda c: dashboard_store.change_marker(c, ws.id)),
        "daily_counts_all_days": conn_call(lambda c: dashboard_store.daily_counts(c, ws.id, zone)),
        "match_counts_all_time": conn_call(lambda c: topic_store.match_counts(c, ws.id)),
    }
    result = {name: _timed(make_engine, fn, runs) for name, fn in queries.items()}
    result["overview_uncached"] = _timed(make_engine, uncached, runs)
    result["overview_all_days_uncached"] = _timed(
        make_engine, lambda e: (views._OVERVIEWS.clear(), views.overview(e, ws, None)), runs
    )
    # between pipeline runs the page is served from the cache (the marker and topics only)
    warm = make_engine()
    views._OVERVIEWS.clear()
    views.overview(warm, ws)
    result["overview_cached"] = _timed(
        make_engine, lambda e: views.overview(e, ws), runs, clear=False
    )
    for engine in engines:
        engine.dispose()
    return result


def check(url: str, ws: Workspace) -> dict:
    """The 30-day overview against a plain count over the posts of the same period."""
    from pantau.store.engine import create_db_engine

    engine = create_db_engine(url)
    views._OVERVIEWS.clear()
    data = views.overview(engine, ws)
    with engine.connect() as conn:
        _first, last = post_store.time_range(conn, ws.id)
        since = views._period(last, ws.timezone, views.OVERVIEW_DAYS).since
        params = {"w": ws.id, "s": since}
        expected = conn.execute(
            text("SELECT count(*) FROM posts WHERE workspace_id = :w AND created_at >= :s"), params
        ).scalar_one()
        matched = conn.execute(
            text("SELECT count(*) FROM topic_matches WHERE workspace_id = :w AND created_at >= :s"),
            params,
        ).scalar_one()
        # the daily rows hold exactly the hourly rows' posts, per topic
        totals = {
            table: dict(
                conn.execute(
                    text(
                        f"SELECT topic_id, sum(posts) FROM {table} WHERE workspace_id = :w "
                        "GROUP BY topic_id"
                    ),
                    params,
                ).all()
            )
            for table in ("rollup_hourly", "rollup_daily")
        }
    engine.dispose()
    topic_posts = sum(t.matches for t in data.topics)
    return {
        "days_shown": len(data.stats.by_day),
        "posts_shown": data.stats.posts,
        "posts_in_period": int(expected),
        "same": data.stats.posts == expected and len(data.stats.by_day) == views.OVERVIEW_DAYS,
        "topic_posts_shown": topic_posts,
        "topic_matches_in_period": int(matched),
        "topics_same": topic_posts == matched,
        "daily_rows_equal_hourly": totals["rollup_daily"] == totals["rollup_hourly"],
    }


def run(url: str, posts: int, runs: int, reuse: bool) -> dict:
    engine = open_database(url)
    t0 = time.perf_counter()
    ws = None
    if reuse:
        try:
            ws = get_workspace(engine, "bench")
        except NotFoundError:
            ws = None
        if ws is not None:
            with engine.connect() as conn:
                if not stage_position(conn, ws.id, "rollup"):
                    raise SystemExit(f"{url}: an unfinished build; remove it and run again")
    if ws is None:
        ws = build(engine, posts)
    built = time.perf_counter() - t0
    counts = _counts(engine, ws)
    engine.dispose()
    result: dict = {
        "benchmark": "overview",
        "database": engine.dialect.name,
        **counts,
        "days": DAYS,
        "fresh_posts": FRESH,
        "build_s": round(built, 1),
        "check": check(url, ws),
        "timings_ms": measure(url, ws, runs),
    }
    timings = result["timings_ms"]
    result["target_ms"] = {"p95_each": TARGET_MS}
    result["met"] = {name: timings[name]["p95_ms"] <= TARGET_MS for name in TARGETED}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", type=Path, default=None, help="folder kept for the database")
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL server")
    args = parser.parse_args()
    if args.postgres:
        from pantau.store.throwaway import ThrowawayPostgres

        with ThrowawayPostgres() as pg:
            result = run(pg.url, args.posts, args.runs, reuse=False)
    else:
        with tempfile.TemporaryDirectory(prefix="pantau-bench-overview-") as tmp:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            db = folder / f"overview-{args.posts}.db"
            result = run(f"sqlite:///{db}", args.posts, args.runs, reuse=args.keep is not None)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

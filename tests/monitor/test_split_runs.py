"""Issues do not depend on how the hours were split across runs: a week run hour by hour,
at random cut points, or once gives the same issues (the demo week, and real posts with
real-text surges when ``../shared/data`` is present)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from tests.monitor.test_issues import _demo

from pantau.demo.generator import INSTITUTION
from pantau.monitor import run as run_module
from pantau.monitor.evaluate import evaluate_surges, read_tweets
from pantau.monitor.facts import facts_of
from pantau.monitor.run import run_monitoring
from pantau.records import Workspace
from pantau.store import monitor as store

N_POSTS = 2500
OWN = [INSTITUTION.acronym, *INSTITUTION.official_handles.values()]
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def _stories(engine: Engine, workspace: Workspace) -> list[tuple[int, ...]]:
    with engine.connect() as conn:
        rows = [r for r in store.issue_rows(conn, workspace.id) if r["merged_into"] is None]
        members = store.issue_post_ids(conn, workspace.id, [r["id"] for r in rows])
    return sorted(tuple(sorted(members[r["id"]])) for r in rows)


@pytest.fixture(scope="module")
def batch() -> tuple[list[tuple[int, ...]], datetime, datetime]:
    engine, workspace, truth = _demo(Path(tempfile.mkdtemp()), N_POSTS)
    run_monitoring(engine, workspace, own_names=OWN)
    stories = _stories(engine, workspace)
    engine.dispose()
    assert stories
    start = truth.start.astimezone(UTC).replace(tzinfo=None)
    return stories, start, truth.end.astimezone(UTC).replace(tzinfo=None)


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cuts=st.lists(st.integers(min_value=1, max_value=167), min_size=1, max_size=12, unique=True))
def test_runs_split_at_any_hours_give_the_issues_of_one_run(batch, cuts: list[int]) -> None:
    expected, start, _end = batch
    engine, workspace, _truth = _demo(Path(tempfile.mkdtemp()), N_POSTS)
    for cut in sorted(cuts):
        run_monitoring(engine, workspace, now=start + timedelta(hours=cut), own_names=OWN)
    run_monitoring(engine, workspace, own_names=OWN)
    assert _stories(engine, workspace) == expected
    engine.dispose()


@pytest.mark.skipif(not (SHARED / "emot" / "train.csv").exists(), reason="no ../shared/data")
def test_real_text_surges_are_found_alike_hourly_and_in_batch() -> None:
    texts = read_tweets(SHARED / "emot" / "train.csv")
    hourly = evaluate_surges(texts, seed=4, days=3, surges=3, size=(40, 60), mode="hourly")
    once = evaluate_surges(texts, seed=4, days=3, surges=3, size=(40, 60), mode="batch")
    assert hourly["recall"] == once["recall"] == 1.0
    assert hourly["false_issues"] == once["false_issues"] == 0


def test_a_run_holding_few_facts_at_a_time_finds_the_same_issues(
    batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for only a few posts' facts, detection forgets each hour once past it and
    reads context hours again from the store: the issues are those of a run holding all."""
    expected, _start, _end = batch
    held: list[tuple[int, int]] = []  # complete facts held at the end of each hour: before, after
    evict = run_module._Window.evict

    def counting(window: run_module._Window, before: datetime, keep) -> None:
        ahead = sum(len(posts) for posts in window.by_hour.values())
        evict(window, before, keep)
        held.append((ahead, sum(len(posts) for posts in window.by_hour.values())))

    monkeypatch.setattr(run_module, "MAX_WINDOW_POSTS", 5)
    monkeypatch.setattr(run_module._Window, "evict", counting)
    engine, workspace, _truth = _demo(Path(tempfile.mkdtemp()), N_POSTS)
    run_monitoring(engine, workspace, own_names=OWN)
    assert _stories(engine, workspace) == expected
    assert max(ahead for ahead, _after in held) > 5  # the demo's hours exceed the budget ...
    assert all(after <= 5 for _ahead, after in held)  # ... which holds after every hour
    engine.dispose()


def test_the_context_filter_keeps_every_post_holding_a_key() -> None:
    """Context hours read as rows keep a post when its words may hold a flagged key: every
    key of every demo post passes its own post's filter (a bigram's words, an entity's, a
    hashtag's), and a key's filter drops posts with none of its words."""
    engine, workspace, truth = _demo(Path(tempfile.mkdtemp()), 600)
    start = truth.start.astimezone(UTC).replace(tzinfo=None)
    with engine.connect() as conn:
        rows = store.posts_between(conn, workspace.id, start, start + timedelta(days=8))
    engine.dispose()
    assert rows and all(r.normalized_text is not None for r in rows)  # enriched: filtered
    checked = 0
    for row in rows:
        keys = facts_of(row).keys
        for key in keys:
            needles = run_module._needles([key])
            assert needles is not None, key
            assert run_module._may_hold(row, needles, frozenset().union(*needles)), (key, row.id)
            checked += 1
    assert checked > 10 * len(rows)
    needles = run_module._needles(["b:pupuk langka"])
    assert needles is not None
    wanted = frozenset().union(*needles)
    kept = [r for r in rows if run_module._may_hold(r, needles, wanted)]
    assert 0 < len(kept) < len(rows)
    assert all("pupuk" in (r.normalized_text or "") + r.text.lower() for r in kept)

"""The coordination stage: groups found in the recent window are stored with their members,
evidence posts, shared hashtags and issues; pages read them back without the posts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from tests.network._ring import RING, START, add_issue, post, seed_ring

from pantau.network.campaigns import (
    WINDOW,
    account_campaigns,
    campaigns_of_accounts,
    find_campaigns,
    issue_campaigns,
    stored_campaign,
    stored_campaigns,
)
from pantau.records import Workspace
from pantau.store.posts import write_posts


def test_the_ring_is_stored_with_evidence_hashtags_and_issue(
    engine: Engine, workspace: Workspace
) -> None:
    ring_posts = seed_ring(engine, workspace)
    issue_id = add_issue(engine, workspace, ring_posts, "Tolak KTD")
    summary = find_campaigns(engine, workspace)
    assert summary.groups == 1 and summary.accounts == len(RING) and summary.posts == 60
    [group] = stored_campaigns(engine, workspace)
    assert group.members == len(RING) and group.hashtags == ["TolakKTD"]
    assert group.label == "#TolakKTD" and group.strength in ("kuat", "sedang")
    assert set(group.evidence) == set(ring_posts)  # every ring post acted with another
    assert group.issues == {issue_id: len(ring_posts)}
    assert group.window_end - group.window_start == WINDOW
    assert group.first_at is not None and group.first_at >= START
    full = stored_campaign(engine, workspace, group.key)
    assert full is not None and [h for _p, h in full.accounts] == RING
    assert [c.key for c in issue_campaigns(engine, workspace, issue_id)] == [group.key]
    assert [c.key for c in account_campaigns(engine, workspace, "x", "ring2")] == [group.key]
    assert account_campaigns(engine, workspace, "x", "warga1") == []
    assert campaigns_of_accounts(engine, workspace, [("x", "ring0"), ("x", "warga0")]) == {
        ("x", "ring0"): [group.key]
    }
    assert stored_campaign(engine, workspace, "0000000000000000") is None


def test_a_run_without_new_posts_changes_nothing_and_new_posts_replace_the_groups(
    engine: Engine, workspace: Workspace
) -> None:
    seed_ring(engine, workspace)
    find_campaigns(engine, workspace)
    before = stored_campaigns(engine, workspace)
    again = find_campaigns(engine, workspace)
    assert again.skipped and stored_campaigns(engine, workspace) == before
    # a week later the ring is outside the window: the stored groups are replaced
    later = START + WINDOW + timedelta(days=2)
    with engine.begin() as conn:
        write_posts(conn, workspace.id, [post(999, "warga99", later, "pagi yang tenang", [])])
    assert find_campaigns(engine, workspace).groups == 0
    assert stored_campaigns(engine, workspace) == []


def test_groups_are_per_workspace(engine: Engine, workspace: Workspace) -> None:
    from pantau.store.workspaces import create_workspace

    seed_ring(engine, workspace)
    other = create_workspace(engine, "lain", "Dinas Lain", "pemda", "Asia/Jakarta")
    find_campaigns(engine, workspace)
    find_campaigns(engine, other)
    assert len(stored_campaigns(engine, workspace)) == 1
    assert stored_campaigns(engine, other) == []
    key = stored_campaigns(engine, workspace)[0].key
    assert stored_campaign(engine, other, key) is None

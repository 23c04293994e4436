"""An issue that carries a known false claim gains priority and points to the clarification."""

from __future__ import annotations

from datetime import datetime, timedelta

from pantau.monitor.assess import assess
from pantau.monitor.facts import PostFacts, hour_of

START = datetime(2026, 11, 20, 6, 0)
CLAIM = "Data petani dijual ke perusahaan asing"


def _posts(n: int) -> list[PostFacts]:
    out = []
    for i in range(n):
        when = START + timedelta(minutes=7 * i)
        out.append(
            PostFacts(
                id=i + 1,
                created_at=when,
                hour=hour_of(when),
                platform="x",
                author=f"warga{i}",
                is_repost=False,
                sentiment="negative" if i % 3 else "neutral",
                engagement=i,
                followers=100 + i,
                keys=frozenset({"w:data", "w:petani", "b:data petani"}),
                named=(),
                text=f"katanya data petani dijual pesan {i}",
                raw_text=f"katanya data petani dijual pesan {i}",
            )
        )
    return out


def test_known_hoax_raises_priority_and_points_to_clarification() -> None:
    posts = _posts(40)
    at = posts[-1].created_at
    keys = ["b:data petani", "w:data", "w:petani"]
    topical = {p.id for p in posts}  # the posts match a saved topic: the issue is relevant
    plain = assess(keys, posts, at, topical=topical)
    hoaxes = {p.id: CLAIM for p in posts[::2]}
    flagged = assess(keys, posts, at, hoaxes=hoaxes, topical=topical)
    assert flagged.priority_score > plain.priority_score
    assert plain.metrics["hoax"] is None
    assert flagged.metrics["hoax"] == {"claim": CLAIM, "posts": 20}
    assert "hoaks yang dikenal" in flagged.why and CLAIM in flagged.why
    assert flagged.priority == "segera"
    assert (plain.suggested_response, flagged.suggested_response) == (
        "kontra-narasi",
        "klarifikasi",
    )


def test_a_stray_match_does_not_make_a_hoax_issue() -> None:
    posts = _posts(40)
    at = posts[-1].created_at
    keys = ["b:data petani"]
    stray = assess(keys, posts, at, hoaxes={posts[0].id: CLAIM, posts[1].id: CLAIM})
    assert stray.metrics["hoax"] is None and "hoaks" not in stray.why


def test_own_accounts_never_carry_a_hoax_and_chatter_is_other() -> None:
    posts = _posts(40)
    at = posts[-1].created_at
    hoaxes = {p.id: CLAIM for p in posts[::2]}
    own = [p.author or "" for p in posts[::2]]  # every spreading post is by an own account
    answered = assess(["b:data petani"], posts, at, own, hoaxes=hoaxes)
    assert answered.metrics["hoax"] is None
    assert answered.metrics["relevant"] is True  # posts matching a known claim concern it
    chatter = assess(["b:data petani"], posts, at, topical=set())  # topics match none
    assert chatter.metrics["relevant"] is False and chatter.priority == "pantau"
    assert "tidak menyebut instansi" in chatter.why
    unjudged = assess(["b:data petani"], posts, at)  # the workspace watches no topic yet
    assert unjudged.metrics["relevant"] is True

"""Consolidation of issues that tell one story, and the minimum size of a listed issue."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import Engine

from pantau.monitor.facts import PostFacts, keys_of
from pantau.monitor.issues import (
    SETTLE_HOURS,
    SIMILAR,
    IssueFilter,
    IssueTracker,
    TrackedIssue,
    content_profile,
    list_issues,
)
from pantau.records import Workspace
from pantau.store import monitor as store

T0 = datetime(2026, 11, 19, 8)
FILLER = (  # noqa: SIM905 (readable as one string)
    "hati grup ternyata benar ramai tolong segera dicek waspada semua warga ngeri sebarkan "
    "tetangga pagi siang malam bapak ibu kemarin besok sekarang kabar berita"
).split()
CHATTER = [
    "harga cabai di pasar induk naik sedikit hari ini",
    "cuaca cerah cocok menjemur gabah di halaman",
    "resep sayur lodeh enak untuk makan siang keluarga",
    "panen jagung tahun ini lumayan bagus kata bapak",
    "pasar pagi ramai pembeli sayur dan ikan segar",
    "beras medium stabil di warung dekat rumah kami",
]


def _posts(start: int, middle: str, n: int, author: str, when: datetime) -> list[PostFacts]:
    """``n`` posts telling ``middle`` in their own words and order (not copies)."""
    rng = random.Random(start)
    out = []
    for i in range(n):
        words = middle.split() + rng.sample(FILLER, 3)
        rng.shuffle(words)
        text = " ".join(words)
        out.append(_fact(start + i, text, f"{author}{i}", when + timedelta(minutes=i)))
    return out


def _fact(i: int, text: str, author: str, when: datetime) -> PostFacts:
    return PostFacts(
        id=i,
        created_at=when,
        hour=when.replace(minute=0),
        platform="x",
        author=author,
        is_repost=False,
        sentiment="negative",
        engagement=1,
        followers=10,
        keys=keys_of(text),
        named=(),
        text=text,
        raw_text=text,
    )


def _background(posts: list[PostFacts]) -> dict[str, float]:
    counts = Counter(k for p in posts for k in p.keys if k.startswith("w:"))
    return {k: n / len(posts) for k, n in counts.items()}


def _chatter(start: int) -> list[PostFacts]:
    return [
        _fact(start + i, f"{CHATTER[i % len(CHATTER)]} {i}", f"warga{i}", T0) for i in range(300)
    ]


def _issue(issue_id: int, posts: list[PostFacts], first_seen: datetime) -> TrackedIssue:
    issue = TrackedIssue(issue_id, first_seen, {"w:x": 1.0}, {p.id for p in posts}, first_seen)
    issue.touched = True
    return issue


def _tracker(engine: Engine, workspace: Workspace, *issues: TrackedIssue) -> IssueTracker:
    tracker = IssueTracker(engine, workspace, T0)
    assert tracker.issues == {}
    tracker.issues = {i.id: i for i in issues}
    return tracker


# the same rumour told three ways, a different story, and a copy campaign close to the rumour
SOLD = "data petani dijual ke perusahaan asing"
SOLD_OTHER = "sebarkan data petani dijual ke pihak asing"
SOLD_ABROAD = "katanya data petani dijual ke asing luar negeri"
PUPUK = "pupuk subsidi langka di kios pengecer petani antre lama"
RING = "kartu gagal data petani dijual ke perusahaan asing kembalikan sistem lama"


def test_profiles_of_one_story_are_similar_and_of_two_are_not() -> None:
    sold = _posts(0, SOLD, 20, "a", T0)
    other = _posts(100, SOLD_OTHER, 12, "b", T0)
    pupuk = _posts(200, PUPUK, 20, "c", T0)
    background = _background(sold + other + pupuk + _chatter(1000))
    p_sold, p_other, p_pupuk = (content_profile(p, background) for p in (sold, other, pupuk))
    assert p_sold.copy_share < 0.3 and p_other.copy_share < 0.3
    assert p_sold.similarity(p_other) >= SIMILAR
    assert p_sold.similarity(p_pupuk) < 0.25
    assert abs(p_sold.similarity(p_other) - p_other.similarity(p_sold)) < 1e-12
    assert content_profile([], background).vector == {}


def test_fragments_merge_into_the_largest_and_other_stories_stay_apart(
    engine: Engine, workspace: Workspace
) -> None:
    later = T0 + timedelta(hours=20)  # not emerged together: content alone decides
    earlier = T0 - timedelta(hours=20)
    sold = _posts(0, SOLD, 20, "a", T0)
    other = _posts(100, SOLD_OTHER, 12, "b", earlier)
    pupuk = _posts(200, PUPUK, 20, "c", T0 - timedelta(hours=30))
    ring = [_fact(300 + i, RING, f"ring{i}", later) for i in range(12)]
    chatter = _chatter(1000)
    known = {p.id: p for p in sold + other + pupuk + ring + chatter}
    issues = (
        _issue(1, pupuk, pupuk[0].created_at),
        _issue(2, other, earlier),  # older id, fewer posts
        _issue(3, sold, T0),
        _issue(4, ring, later),
    )
    tracker = _tracker(engine, workspace, *issues)
    merges = tracker.consolidate(_background(list(known.values())), known)
    assert merges == 1
    by_id = tracker.issues
    assert by_id[2].merged_into == 3  # the story keeps the id of its main part
    assert by_id[3].post_ids == {p.id for p in sold + other}
    assert by_id[3].first_seen == earlier  # seen when its earliest part was
    assert by_id[1].merged_into is None and by_id[4].merged_into is None  # pupuk, campaign
    # running it again finds nothing more to merge
    assert tracker.consolidate(_background(list(known.values())), known) == 0


def test_a_small_issue_joins_one_story_but_does_not_bridge_two(
    engine: Engine, workspace: Workspace
) -> None:
    far = T0 + timedelta(hours=30)
    sold = _posts(0, SOLD, 20, "a", T0)
    pupuk = _posts(200, PUPUK, 20, "c", T0 - timedelta(hours=30))
    # a small issue mixing words of both stories, most like the rumour
    bridge_text = "data petani dijual asing pupuk langka"
    bridge = _posts(400, bridge_text, 8, "d", far)
    chatter = _chatter(1000)
    known = {p.id: p for p in sold + pupuk + bridge + chatter}
    background = _background(list(known.values()))
    profiles = {
        name: content_profile(p, background)
        for name, p in (("sold", sold), ("pupuk", pupuk), ("bridge", bridge))
    }
    assert profiles["bridge"].similarity(profiles["pupuk"]) >= 0.3  # close to both...
    assert profiles["bridge"].similarity(profiles["sold"]) > profiles["bridge"].similarity(
        profiles["pupuk"]
    )
    tracker = _tracker(
        engine,
        workspace,
        _issue(1, pupuk, pupuk[0].created_at),
        _issue(2, sold, T0),
        _issue(3, bridge, far),
    )
    assert tracker.consolidate(background, known) == 1
    assert tracker.issues[3].merged_into == 2  # ...joins the one it is most like
    assert tracker.issues[1].merged_into is None and tracker.issues[2].merged_into is None


def test_issues_that_emerge_together_and_share_words_are_one_story(
    engine: Engine, workspace: Workspace
) -> None:
    """Reactions to one event, in different words but around the same program, in the same
    hours; the same two issues a day apart stay two."""
    launch = "kartu tani digital diluncurkan ribet daftarnya"
    reaction = "kartu tani digital bikin antre berkas banyak"
    chatter = _chatter(1000)
    a, b = _posts(0, launch, 40, "a", T0), _posts(100, reaction, 40, "b", T0)
    known = {p.id: p for p in a + b + chatter}
    background = _background(list(known.values()))
    similarity = content_profile(a, background).similarity(content_profile(b, background))
    assert similarity < SIMILAR  # not alike enough on their own
    together = _tracker(engine, workspace, _issue(1, a, T0), _issue(2, b, T0 + timedelta(hours=2)))
    assert together.consolidate(background, known) == 1
    apart = _tracker(engine, workspace, _issue(1, a, T0), _issue(2, b, T0 + timedelta(hours=30)))
    assert apart.consolidate(background, known) == 0


MIN_SHOWN_POSTS = 20


def test_small_issues_can_be_left_out_of_lists(engine: Engine, workspace: Workspace) -> None:
    now = T0
    with engine.begin() as conn:
        for label, posts, copies in (
            ("besar", MIN_SHOWN_POSTS + 5, 0.1),
            ("kecil", MIN_SHOWN_POSTS - 5, 0.1),
            ("salin", MIN_SHOWN_POSTS - 5, 0.9),  # a small copy campaign still matters
            ("ulang", MIN_SHOWN_POSTS - 5, 0.6),  # a few repeated short replies do not
        ):
            store.insert_issue(
                conn,
                workspace.id,
                {
                    "label": label,
                    "terms": [["w:" + label, 1.0]],
                    "first_seen": now,
                    "last_seen": now,
                    "stage": "potensial",
                    "priority": "pantau",
                    "priority_score": 0.0,
                    "why": "",
                    "suggested_response": "pantau saja",
                    "status": "baru",
                    "representative_post_id": None,
                    "metrics": {"posts": posts, "copy_share": copies},
                    "created_at": now,
                    "updated_at": now,
                },
            )
    shown = list_issues(engine, workspace, IssueFilter(min_posts=MIN_SHOWN_POSTS))
    assert sorted(r["label"] for r in shown) == ["besar", "salin"]
    every = list_issues(engine, workspace)
    assert sorted(r["label"] for r in every) == ["besar", "kecil", "salin", "ulang"]


def test_a_run_keeps_one_issue_per_story_with_stable_ids(
    engine: Engine, workspace: Workspace
) -> None:
    """Two tellings of one rumour, flagged in different hours, end as one listed issue (the
    other merged into it once it has had SETTLE_HOURS to grow); running again changes
    nothing."""
    from tests.monitor._monitor_data import store_posts

    from pantau.monitor.run import run_monitoring

    start = datetime(2026, 11, 16)
    rng = random.Random(5)
    rows = []
    for h in range(40 + SETTLE_HOURS):
        for i in range(20):
            text = f"{CHATTER[(h + i) % len(CHATTER)]} {rng.choice(FILLER)}"
            rows.append((f"c{h}-{i}", start + timedelta(hours=h, minutes=i * 3), f"u{i}", text))
    tellings = {30: SOLD, 31: SOLD, 38: SOLD_ABROAD, 39: SOLD_ABROAD}
    for h, middle in tellings.items():
        for i in range(14):
            words = middle.split() + rng.sample(FILLER, 3)
            rng.shuffle(words)
            when = start + timedelta(hours=h, minutes=i * 4)
            rows.append((f"r{h}-{i}", when, f"warga{h}-{i}", " ".join(words)))
    store_posts(
        engine, workspace, rows, sentiment={r[0]: "negative" for r in rows if r[0][0] == "r"}
    )
    run_monitoring(engine, workspace)
    listed = list_issues(engine, workspace)
    everything = list_issues(engine, workspace, IssueFilter(include_merged=True))
    assert len(listed) == 1, [r["label"] for r in everything]
    (story,) = listed
    assert story["metrics"]["posts"] >= 0.9 * 4 * 14
    assert all(r["merged_into"] == story["id"] for r in everything if r["id"] != story["id"])
    run_monitoring(engine, workspace)
    assert [r["id"] for r in list_issues(engine, workspace)] == [story["id"]]
    assert len(list_issues(engine, workspace, IssueFilter(include_merged=True))) == len(everything)

from __future__ import annotations

import random
from datetime import datetime, timedelta

from pantau.monitor.emerging import DetectorConfig, TrendDetector, group_posts
from pantau.monitor.facts import PostFacts, keys_of
from pantau.text.dedup import collapse

T0 = datetime(2026, 11, 16)


def test_near_duplicates_collapse_into_one_message() -> None:
    base = "petani makin menderita gara gara kartu tani digital pupuk langka antre berjam jam"
    texts = [
        base,
        base.replace("menderita", "susah"),
        "rt " + base,
        base + " kembalikan sistem lama",
        "cuaca hari ini cerah sekali di desa kami",
        "harga cabai naik lagi di pasar induk",
    ]
    messages = collapse(texts)
    assert messages.group_of[0] == messages.group_of[1] == messages.group_of[2]
    assert messages.group_of[3] == messages.group_of[0]
    assert messages.unique == 3 and messages.largest == 4


def test_detector_flags_a_burst_and_not_steady_chatter() -> None:
    rng = random.Random(1)
    detector = TrendDetector(DetectorConfig(warmup_hours=6))
    flagged_hours: dict[str, list[int]] = {}
    for h in range(48):
        total = 200
        counts = {"w:harga": 20 + rng.randint(-4, 4), "w:cabai": 8 + rng.randint(-3, 3)}
        if h >= 40:
            counts["#pupuklangka"] = 5 + 6 * (h - 40)
        for trend in detector.step(T0 + timedelta(hours=h), counts, total):
            flagged_hours.setdefault(trend.key, []).append(h)
    assert 40 <= flagged_hours["#pupuklangka"][0] <= 41  # within two hourly buckets
    assert "w:harga" not in flagged_hours and "w:cabai" not in flagged_hours


def test_detector_decays_absent_keys_like_zeros() -> None:
    lazy, eager = TrendDetector(), TrendDetector()
    hour = T0
    lazy.step(hour, {"w:a": 10}, 100)
    eager.step(hour, {"w:a": 10}, 100)
    for _ in range(5):
        lazy.step(hour, {"w:b": 1}, 100)
        eager.step(hour, {"w:b": 1, "w:a": 0}, 100)
    mean_lazy, var_lazy = lazy._current(lazy.state["w:a"], lazy.hours)
    mean_eager, var_eager = eager._current(eager.state["w:a"], eager.hours)
    assert mean_lazy > 0
    assert abs(mean_lazy - mean_eager) < 1e-12 and abs(var_lazy - var_eager) < 1e-12


def test_an_hour_is_judged_against_the_baseline_before_the_lag() -> None:
    """A burst growing over three hours: its second and third hours are still scored
    against the quiet baseline, not against a variance raised by its first hour."""
    from pantau.monitor.emerging import DetectorConfig

    lagged = TrendDetector(DetectorConfig(warmup_hours=2, baseline_lag_hours=3))
    eager = TrendDetector(DetectorConfig(warmup_hours=2, baseline_lag_hours=0))
    for detector in (lagged, eager):
        for _ in range(10):
            detector.step(T0, {"w:lain": 20}, 100)
    scores = {}
    for name, detector in (("lagged", lagged), ("eager", eager)):
        scores[name] = [detector.step(T0, {"w:burst": c}, 100) for c in (4, 6, 9)]
    assert [bool(s) for s in scores["lagged"]] == [False, True, True]  # 4 < min_count 5
    # learning the burst's own first hours right away hides its third hour
    assert not scores["eager"][2]


def _facts(i: int, text: str, author: str) -> PostFacts:
    return PostFacts(
        id=i,
        created_at=T0,
        hour=T0,
        platform="x",
        author=author,
        is_repost=False,
        sentiment="negative",
        engagement=i,
        followers=10,
        keys=keys_of(text),
        named=(),
        text=text,
        raw_text=text,
    )


def test_grouping_keeps_two_stories_apart_and_drops_narrow_lone_words() -> None:
    from pantau.monitor.emerging import Trend

    stories = [
        _facts(i, f"pupuk langka kios kosong petani antre {w}", f"a{i}")
        for i, w in enumerate(["pagi", "siang", "sore", "malam", "lagi", "terus", "parah", "duh"])
    ]
    hoax = [
        _facts(100 + i, f"data petani dijual perusahaan asing {w}", f"b{i}")
        for i, w in enumerate(
            ["hoaks", "benarkah", "waspada", "sebarkan", "tolong", "cek", "info", "awas"]
        )
    ]
    keys = ["b:pupuk langka", "w:kios", "b:perusahaan asing", "w:dijual", "w:petani"]
    trends = [Trend(k, T0, 8, 0.0, 6.0) for k in keys]
    candidates = group_posts(stories + hoax, trends, T0)
    groups = [set(c.post_ids) for c in candidates]
    assert {p.id for p in stories} in groups
    assert {p.id for p in hoax} in groups
    lone = group_posts(stories, [Trend("w:petani", T0, 8, 0.0, 6.0)], T0)
    assert lone == []  # eight people: too few for a lone word


def test_a_lone_word_surge_of_many_people_is_a_candidate_but_not_chatter() -> None:
    """Real issues often share one word only (banjir, gempa, PHK): many people, each in
    their own words. A lone word qualifies when its surge is strong and broad, and never
    when it is a word of everyday talk."""
    from pantau.monitor.emerging import LONE_AUTHORS, LONE_Z, Trend

    openers = ["pagi", "siang", "sore", "malam", "kemarin", "barusan", "tadi", "katanya"]
    places = ["rumah", "kantor", "pasar", "sekolah", "terminal", "masjid", "kampus"]
    posts = [
        _facts(i, f"{openers[i % 8]} {places[i % 7]} kena banjir setinggi {i} senti {w}", f"u{i}")
        for i, w in enumerate(f"kata{n}" for n in range(24))
    ]
    strong = Trend("w:banjir", T0, 24, 0.2, LONE_Z + 1)
    (candidate,) = group_posts(posts, [strong], T0)
    assert candidate.keys == ["w:banjir"] and len(candidate.post_ids) == 24
    assert group_posts(posts, [Trend("w:banjir", T0, 24, 0.2, LONE_Z - 1)], T0) == []
    few = posts[: LONE_AUTHORS - 1]
    assert group_posts(few, [strong], T0) == []
    chatter = [_facts(i, p.raw_text + " padahal", p.author or "") for i, p in enumerate(posts)]
    assert group_posts(chatter, [Trend("w:padahal", T0, 24, 0.2, LONE_Z + 1)], T0) == []
    # a word that rose only because a story already tracked uses it: its free posts are few
    rose = Trend("w:banjir", T0, 240, 2.0, LONE_Z + 30)
    assert group_posts(posts, [rose], T0) == []


def test_copy_campaign_is_one_candidate_with_many_copies() -> None:
    from pantau.monitor.emerging import Trend

    text = "kartu tani gagal total menteri harus tanggung jawab kembalikan sistem lama"
    ring = [_facts(i, text, f"ring{i}") for i in range(10)]
    trends = [Trend("b:gagal total", T0, 10, 0.0, 8.0), Trend("b:tanggung jawab", T0, 10, 0.0, 8.0)]
    (candidate,) = group_posts(ring, trends, T0)
    assert candidate.messages == 1 and candidate.largest_copies == 10

"""The demo week: format, determinism, and the storyline analytics will be tested against."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from pantau.demo import INSTITUTION, DemoTruth, generate, generate_posts

WIB = ZoneInfo("Asia/Jakarta")
PLATFORM_SHARE = {
    "x": 0.45, "instagram": 0.15, "facebook": 0.12, "tiktok": 0.10, "youtube": 0.10, "news": 0.08,
}  # fmt: skip
X_EPOCH_MS = 1_288_834_974_657
WORD_RE = re.compile(r"[a-z]+(?:2)?")
HASHTAG_IN_TEXT = re.compile(r"(?:^|[\s(\"'.,!?])#(\w+)")
MENTION_IN_TEXT = re.compile(r"(?:^|[\s(\"'.,!?])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)")

Posts = list[dict]


@pytest.fixture(scope="module")
def week() -> tuple[Posts, DemoTruth]:
    """The default week: 50,000 posts."""
    return generate()


@pytest.fixture(scope="module")
def posts(week: tuple[Posts, DemoTruth]) -> Posts:
    return week[0]


@pytest.fixture(scope="module")
def truth(week: tuple[Posts, DemoTruth]) -> DemoTruth:
    return week[1]


@pytest.fixture(scope="module")
def other_week() -> tuple[Posts, DemoTruth]:
    """Another seed, fewer posts: the storyline must not depend on one lucky seed."""
    return generate(seed=3, n_posts=12_000)


def when(post: dict) -> datetime:
    return datetime.fromisoformat(post["created_at"])


def searchable(post: dict) -> str:
    return post["text"] if "title" not in post else post["title"] + "\n" + post["text"]


def without_urls(text: str) -> str:
    return re.sub(r"https?://\S+", " ", text)


def ordinary_texts(posts: Posts, truth: DemoTruth) -> list[str]:
    return [p["text"] for p in posts if p["id"] not in truth.ring_post_ids and "repost_of" not in p]


def local_day(post: dict) -> int:
    return (when(post).astimezone(WIB).date() - datetime(2026, 11, 16).date()).days


# --- determinism --------------------------------------------------------------------------


def test_same_arguments_give_byte_identical_output() -> None:
    first, truth_1 = generate(seed=7, n_posts=3_000)
    second, truth_2 = generate(seed=7, n_posts=3_000)
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)
    assert truth_1 == truth_2


def test_output_does_not_depend_on_string_hashing() -> None:
    """Set or dict order of hashed strings must never leak into the output."""
    script = (
        "import hashlib, json; from pantau.demo import generate; "
        "posts, truth = generate(seed=7, n_posts=2_000); "
        "print(hashlib.sha256(json.dumps([posts, sorted(truth.ring_post_ids)]).encode())"
        ".hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(digests) == 1


def test_generate_posts_yields_what_generate_returns() -> None:
    assert list(generate_posts(seed=7, n_posts=3_000)) == generate(seed=7, n_posts=3_000)[0]


def test_another_seed_gives_another_week() -> None:
    first, truth_1 = generate(seed=7, n_posts=3_000)
    second, truth_2 = generate(seed=8, n_posts=3_000)
    shared = {p["text"] for p in first} & {p["text"] for p in second}
    assert len(shared) < 0.2 * len(first)
    assert {p["id"] for p in first}.isdisjoint({p["id"] for p in second if p["platform"] == "x"})
    assert truth_1.ring_post_ids != truth_2.ring_post_ids


# --- counts and format --------------------------------------------------------------------


def test_fifty_thousand_posts_with_the_platform_mix(posts: Posts, truth: DemoTruth) -> None:
    assert len(posts) == 50_000
    counts = Counter(p["platform"] for p in posts)
    assert set(counts) == set(PLATFORM_SHARE)
    for platform, share in PLATFORM_SHARE.items():
        assert abs(counts[platform] / len(posts) - share) < 0.02, platform
    assert truth.counts_by_platform == dict(counts)


@pytest.mark.parametrize("n_posts", [300, 777, 10_000])
def test_post_count_scales_with_n_posts(n_posts: int) -> None:
    posts, truth = generate(seed=11, n_posts=n_posts)
    assert len(posts) == n_posts
    assert sum(truth.counts_by_platform.values()) == n_posts
    assert truth.ring_post_ids and truth.hoax_post_ids and truth.official_post_ids


def test_too_few_posts_or_naive_start_are_refused() -> None:
    with pytest.raises(ValueError):
        generate(n_posts=10)
    with pytest.raises(ValueError):
        generate(n_posts=1_000, start=datetime(2026, 11, 16))


def test_required_fields_and_types(posts: Posts, truth: DemoTruth) -> None:
    ints = ("author_followers", "likes", "reposts", "replies", "views")
    for post in posts:
        assert post["platform"] in PLATFORM_SHARE
        assert isinstance(post["id"], str) and post["id"]
        assert isinstance(post["text"], str) and post["text"].strip()
        created = when(post)
        assert created.utcoffset() == timedelta(hours=7), post["created_at"]
        assert truth.start <= created < truth.end
        assert isinstance(post["author"], str) and not post["author"].startswith("@")
        assert isinstance(post["author_name"], str)
        assert post["url"].startswith("https://") if "url" in post else True
        for key in ints:
            assert key not in post or (isinstance(post[key], int) and post[key] >= 0), key
        assert "author_verified" not in post or isinstance(post["author_verified"], bool)
        assert all(isinstance(t, str) and t for t in post["hashtags"])
        assert all(isinstance(m, str) and m for m in post["mentions"])
        for item in post.get("media", []):
            assert item["type"] in ("photo", "video") and item["url"].startswith("https://")
        if post["platform"] == "news":
            assert post["title"].strip() and post["url"].startswith("https://")
        else:
            assert "title" not in post


def test_created_at_is_sorted(posts: Posts) -> None:
    times = [when(p) for p in posts]
    assert times == sorted(times)


def test_ids_are_unique_per_platform_and_look_real(posts: Posts) -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for post in posts:
        platform, pid = post["platform"], post["id"]
        assert pid not in seen[platform]
        seen[platform].add(pid)
        unix = when(post).timestamp()
        if platform == "x":
            assert pid.isdigit()
            assert abs(((int(pid) >> 22) + X_EPOCH_MS) / 1000 - unix) < 1.0  # snowflake time
            assert post["url"] == f"https://x.com/{post['author']}/status/{pid}"
        elif platform == "tiktok":
            assert pid.isdigit() and len(pid) == 19 and (int(pid) >> 32) == int(unix)
        elif platform == "instagram":
            assert pid.isdigit() and len(pid) in (17, 19)
        elif platform == "facebook":
            assert re.fullmatch(r"\d{15,16}_\d{15,16}", pid)
        elif platform == "youtube":
            assert re.fullmatch(r"Ug[wxyz][\w-]{16}4AaABAg(\.[\w]{22})?|[\w-]{11}", pid)
        else:
            assert re.fullmatch(r"[0-9a-f]{16}", pid)


def test_hashtags_and_mentions_match_the_text(posts: Posts) -> None:
    for post in posts:
        text = searchable(post)
        for tag in post["hashtags"]:
            assert re.search("#" + re.escape(tag) + r"(?!\w)", text), (tag, text)
        for handle in post["mentions"]:
            assert re.search("@" + re.escape(handle) + r"(?![\w-])", text), (handle, text)
        bare = without_urls(text)
        assert {t for t in HASHTAG_IN_TEXT.findall(bare) if not t.isdigit()} == set(
            post["hashtags"]
        )
        assert set(MENTION_IN_TEXT.findall(bare)) <= set(post["mentions"])


def test_references_point_to_earlier_posts_on_the_same_platform(posts: Posts) -> None:
    earlier: dict[tuple[str, str], dict] = {}
    references = Counter()
    for post in posts:
        for key in ("reply_to", "repost_of", "quote_of"):
            if key in post:
                parent = earlier.get((post["platform"], post[key]))
                assert parent is not None, (key, post)
                assert when(parent) < when(post)
                references[key] += 1
        earlier[(post["platform"], post["id"])] = post
    assert references["reply_to"] > 5_000
    assert references["repost_of"] > 2_000
    assert references["quote_of"] > 100


def test_reposts_quote_their_original(posts: Posts) -> None:
    by_id = {p["id"]: p for p in posts if p["platform"] == "x"}
    reposts = [p for p in posts if "repost_of" in p]
    assert reposts and all(p["platform"] == "x" for p in reposts)
    for post in reposts:
        original = by_id[post["repost_of"]]
        assert post["text"] == f"RT @{original['author']}: {original['text']}"
        assert "repost_of" not in original


def test_public_counters_cover_the_replies_and_reposts_present(posts: Posts) -> None:
    replies = Counter((p["platform"], p["reply_to"]) for p in posts if "reply_to" in p)
    reposts = Counter(p["repost_of"] for p in posts if "repost_of" in p)
    for post in posts:
        key = (post["platform"], post["id"])
        if "replies" in post:
            assert post["replies"] >= replies[key]
        if "reposts" in post and post["platform"] == "x":
            assert post["reposts"] >= reposts[post["id"]]


def test_engagement_is_heavy_tailed_and_follows_reach(posts: Posts) -> None:
    social = [p for p in posts if "likes" in p and "repost_of" not in p]
    likes = sorted(p["likes"] for p in social)
    assert likes[-1] > 100 * max(1, likes[len(likes) // 2])
    followers = sorted(p["author_followers"] for p in social)
    assert followers[-1] > 100 * followers[len(followers) // 2]
    small = [p["likes"] for p in social if p["author_followers"] < 100]
    large = [p["likes"] for p in social if p["author_followers"] > 50_000]
    assert sum(large) / len(large) > 20 * sum(small) / len(small)


# --- storyline ----------------------------------------------------------------------------


def test_truth_times_follow_the_week(truth: DemoTruth) -> None:
    start = datetime(2026, 11, 16, tzinfo=WIB)
    assert truth.start == start and truth.start.tzinfo == UTC
    assert truth.end - truth.start == timedelta(days=7)
    announcement = truth.announcement_at.astimezone(WIB)
    assert announcement.date() == datetime(2026, 11, 17).date() and announcement.hour < 12
    assert truth.issue_start.astimezone(WIB).date() == datetime(2026, 11, 19).date()
    assert truth.issue_peak.astimezone(WIB).date() in (
        datetime(2026, 11, 20).date(),
        datetime(2026, 11, 21).date(),
    )
    assert truth.announcement_at < truth.issue_start < truth.issue_peak < truth.end


def test_custom_start_moves_the_whole_week() -> None:
    start = datetime(2027, 3, 1, 8, 30, tzinfo=UTC)
    posts, truth = generate(seed=5, n_posts=1_000, start=start)
    assert truth.start == start and truth.end == start + timedelta(days=7)
    assert all(start <= when(p) < truth.end for p in posts)
    assert truth.announcement_at - truth.start == timedelta(days=1, hours=9)


def _issue_tag_by_day(posts: Posts) -> Counter[int]:
    return Counter(
        local_day(p) for p in posts if any(t.lower() == "pupuklangka" for t in p["hashtags"])
    )


@pytest.mark.parametrize("which", ["default", "other"])
def test_negative_issue_hashtag_rises_to_a_peak(
    which: str, week: tuple[Posts, DemoTruth], other_week: tuple[Posts, DemoTruth]
) -> None:
    posts, truth = week if which == "default" else other_week
    tagged = [p for p in posts if any(t.lower() == "pupuklangka" for t in p["hashtags"])]
    assert len(tagged) > 0.03 * len(posts)
    assert not [p for p in tagged if when(p) < truth.issue_start]
    by_day = _issue_tag_by_day(posts)
    peak_day = (truth.issue_peak.astimezone(WIB).date() - truth.start.astimezone(WIB).date()).days
    first_day = (truth.issue_start.astimezone(WIB).date() - truth.start.astimezone(WIB).date()).days
    assert max(by_day, key=lambda d: by_day[d]) == peak_day
    assert by_day[peak_day] > 3 * by_day[first_day] > 0
    assert by_day[6] < by_day[peak_day] / 2  # and fades by the end of the week


def _bursts(posts: Posts, ids: frozenset[str]) -> list[list[dict]]:
    ring = sorted((p for p in posts if p["id"] in ids), key=when)
    bursts: list[list[dict]] = [[ring[0]]]
    for previous, post in pairwise(ring):
        if when(post) - when(previous) > timedelta(minutes=10):
            bursts.append([])
        bursts[-1].append(post)
    return bursts


def _most_distinct_authors_within(burst: list[dict], seconds: int) -> int:
    best = 0
    for first in burst:
        window = timedelta(seconds=seconds)
        best = max(
            best, len({p["author"] for p in burst if when(first) <= when(p) < when(first) + window})
        )
    return best


def _tokens(text: str) -> set[str]:
    return set(WORD_RE.findall(text.lower()))


@pytest.mark.parametrize("which", ["default", "other"])
def test_ring_posts_copies_in_bursts(
    which: str, week: tuple[Posts, DemoTruth], other_week: tuple[Posts, DemoTruth]
) -> None:
    posts, truth = week if which == "default" else other_week
    assert 30 <= len(truth.ring_handles) <= 60
    ring = [p for p in posts if p["id"] in truth.ring_post_ids]
    assert len(ring) == len(truth.ring_post_ids)
    assert {p["author"] for p in ring} == truth.ring_handles
    assert all(p["author_followers"] < 1_000 for p in ring)
    bursts = _bursts(posts, truth.ring_post_ids)
    assert len(bursts) >= 3
    assert when(bursts[-1][0]) - when(bursts[0][0]) <= timedelta(days=2)
    for burst in bursts:
        assert _most_distinct_authors_within(burst, 60) >= 10
        template = _tokens(Counter(p["text"] for p in burst).most_common(1)[0][0])
        for post in burst:
            tokens = _tokens(post["text"])
            assert len(tokens & template) / len(tokens | template) >= 0.6, post["text"]


def test_ring_text_is_unusual_outside_the_ring(posts: Posts, truth: DemoTruth) -> None:
    ring_texts = {p["text"] for p in posts if p["id"] in truth.ring_post_ids}
    copies = [p for p in posts if p["text"] in ring_texts and p["id"] not in truth.ring_post_ids]
    assert len(copies) < 0.1 * len(truth.ring_post_ids)


def test_popular_link_is_shared_organically(posts: Posts, truth: DemoTruth) -> None:
    assert truth.popular_link in {p["url"] for p in posts if p["platform"] == "news"}
    shares = [
        p for p in posts
        if truth.popular_link in p["text"] and "repost_of" not in p and p["platform"] != "news"
    ]  # fmt: skip
    authors = {p["author"] for p in shares}
    assert len(shares) >= 200 and len(authors) >= 0.95 * len(shares)
    assert authors.isdisjoint(truth.ring_handles)
    times = sorted(when(p) for p in shares if p["platform"] == "x")
    assert max(sum(1 for u in times if t <= u < t + timedelta(seconds=60)) for t in times) <= 3
    assert len({p["text"] for p in shares}) > 0.8 * len(shares)
    assert when(shares[-1]) - when(shares[0]) > timedelta(days=3)


def test_hoax_spreads_inside_the_issue_and_is_denied(posts: Posts, truth: DemoTruth) -> None:
    hoax = [p for p in posts if p["id"] in truth.hoax_post_ids]
    assert len(hoax) >= 500
    assert all(when(p) >= truth.issue_start for p in hoax)
    assert sum("asing" in p["text"].lower() for p in hoax) > 0.9 * len(hoax)
    assert truth.hoax_post_ids.isdisjoint(truth.official_post_ids)
    denials = [
        p for p in posts
        if p["id"] in truth.official_post_ids and "hoaks" in p["text"].lower()
        and "asing" in p["text"].lower()
    ]  # fmt: skip
    assert {p["platform"] for p in denials} == set(INSTITUTION.official_handles)
    first_hoax = min(when(p) for p in hoax)
    assert all(when(p) > first_hoax for p in denials)


def test_official_posts_come_from_official_accounts(posts: Posts, truth: DemoTruth) -> None:
    official = [p for p in posts if p["id"] in truth.official_post_ids]
    assert len(official) == len(truth.official_post_ids)
    for post in official:
        assert post["author"] == INSTITUTION.official_handles[post["platform"]]
        assert post["author_verified"] is True
    days = defaultdict(set)
    for post in official:
        days[post["platform"]].add(local_day(post))
    assert all(len(days[platform]) >= 6 for platform in INSTITUTION.official_handles)
    official_ids = {(p["platform"], p["id"]) for p in official}
    replies = [p for p in posts if (p["platform"], p.get("reply_to")) in official_ids]
    assert len(replies) > 1_000
    announcement = [p for p in official if "Kartu Tani Digital" in p["text"]]
    assert min(when(p) for p in announcement) == truth.announcement_at


def test_news_picks_up_the_announcement_within_hours(posts: Posts, truth: DemoTruth) -> None:
    news = [p for p in posts if p["platform"] == "news"]
    assert {p["id"] for p in news} == truth.news_post_ids
    assert 300 <= len(news) <= 5_000
    soon = [
        p for p in news
        if "Kartu Tani Digital" in p["title"]
        and truth.announcement_at < when(p) < truth.announcement_at + timedelta(hours=6)
    ]  # fmt: skip
    assert len({p["author"] for p in soon}) >= 5
    for post in news:
        host = post["url"].split("/")[2]
        assert host == post["author"] or host.endswith("." + post["author"])
    issue_news = [p for p in news if "pupuk" in p["title"].lower() and when(p) > truth.issue_start]
    assert len({p["author"] for p in issue_news}) >= 5


def test_social_posts_share_news_links(posts: Posts) -> None:
    article_urls = {p["url"] for p in posts if p["platform"] == "news"}
    url_re = re.compile(r"https://\S+")
    shared = [
        p for p in posts
        if p["platform"] != "news" and any(u in article_urls for u in url_re.findall(p["text"]))
    ]  # fmt: skip
    assert len(shared) > 500
    assert len({u for p in shared for u in url_re.findall(p["text"])} & article_urls) > 100


def test_daily_rhythm_is_quiet_at_night(posts: Posts) -> None:
    by_hour = Counter(when(p).hour for p in posts)
    night = sum(by_hour[h] for h in range(1, 5)) / 4
    evening = sum(by_hour[h] for h in range(19, 22)) / 3
    morning = sum(by_hour[h] for h in range(8, 11)) / 3
    assert night < 0.25 * evening and night < 0.3 * morning


# --- text ---------------------------------------------------------------------------------


def test_texts_are_varied(posts: Posts, truth: DemoTruth) -> None:
    texts = ordinary_texts(posts, truth)
    assert len(set(texts)) >= 0.7 * len(texts)
    vocabulary = Counter(w for t in texts for w in WORD_RE.findall(t.lower()))
    assert len(vocabulary) >= 3_000
    top_share = sum(c for _, c in vocabulary.most_common(1)) / sum(vocabulary.values())
    assert top_share < 0.05


def test_informal_indonesian_features(posts: Posts, truth: DemoTruth) -> None:
    texts = ordinary_texts(posts, truth)
    words = Counter(w for t in texts for w in WORD_RE.findall(t.lower()))
    for slang in ("gak", "ga", "yg", "bgt", "udah", "blm", "aja", "dong", "wkwk", "gercep"):
        assert words[slang] >= 20, slang
    for regional in ("piye", "ora", "atuh", "euy", "mah"):
        assert words[regional] >= 10, regional
    for english in ("literally", "please", "btw"):
        assert words[english] >= 10, english
    assert sum(c for w, c in words.items() if w.endswith("2") and len(w) > 3) >= 50  # "hati2"
    assert sum(1 for w in words if re.fullmatch(r"[a-z]*([a-z])\1\1[a-z]*", w)) >= 20  # "parahhh"
    joined = "\n".join(texts)
    for price in (r"Rp ?\d{1,3}(?:\.\d{3})+", r"\b\d+(?:,\d)?rb\b", r"\b\d+(?:,\d)?k\b"):
        assert len(re.findall(price, joined)) >= 50, price
    for emoji in ("😡", "🙏", "😂", "🔥", "👍", "😭"):
        assert joined.count(emoji) >= 20, emoji
    caps = [t for t in texts if len(t) > 30 and t == t.upper() and re.search("[A-Z]{4}", t)]
    assert len(caps) >= 100
    for name in ("Bapantara", "Kemenpantara", "Grobogan", "Lampung", "NTB", "Sulsel", "Jateng"):
        assert sum(name.lower() in t.lower() for t in texts) >= 20, name


def test_hashtag_spellings_vary(posts: Posts) -> None:
    spellings = Counter(t for p in posts for t in p["hashtags"] if t.lower() == "pupuklangka")
    assert {"PupukLangka", "pupuklangka"} <= set(spellings)
    assert sum(t.lower() == "kartutanidigital" for p in posts for t in p["hashtags"]) >= 100
    assert any(INSTITUTION.official_handles["x"] in p["mentions"] for p in posts)


def test_edge_cases_occur_rarely(posts: Posts) -> None:
    texts = [p["text"] for p in posts if "repost_of" not in p]
    emoji_only = [t for t in texts if not re.search(r"\w", t)]
    very_short = [t for t in texts if len(t) <= 6 and re.search(r"\w", t)]
    long = [t for t in texts if len(t) >= 1_400]
    for group in (emoji_only, very_short, long):
        assert 0 < len(group) < 0.02 * len(texts)
    assert all(len(t) <= 2_000 for t in texts)


def test_official_posts_are_formal(posts: Posts, truth: DemoTruth) -> None:
    slang = {"gak", "yg", "bgt", "udh", "wkwk", "anjir"}
    for post in posts:
        if post["id"] in truth.official_post_ids:
            words = WORD_RE.findall(re.sub(r"@\S+", " ", post["text"]).lower())
            assert not slang & set(words), post["text"]


def test_institution_is_fictional_and_complete() -> None:
    assert INSTITUTION.slug == "demo" and INSTITUTION.kind == "kementerian"
    assert INSTITUTION.timezone == "Asia/Jakarta"
    assert INSTITUTION.acronym in ("Kemenpantara",) and "Nusantara" in INSTITUTION.name
    assert set(INSTITUTION.official_handles) == set(PLATFORM_SHARE) - {"news"}


@pytest.mark.parametrize("which", ["default", "other"])
def test_single_narrative_is_carried_at_different_speeds(
    which: str, week: tuple[Posts, DemoTruth], other_week: tuple[Posts, DemoTruth]
) -> None:
    from pantau.demo import vocab

    posts, truth = week if which == "default" else other_week
    assert truth.narrative_release_at is not None
    release = truth.narrative_release_at
    assert release.astimezone(WIB).date() == datetime(2026, 11, 18).date()
    assert truth.announcement_at < release < truth.issue_start
    carrying = [p for p in posts if p["id"] in truth.narrative_post_ids]
    assert len(carrying) == len(truth.narrative_post_ids)
    assert all(when(p) >= release for p in carrying)
    asked = {(a.platform, a.handle): a for a in vocab.NARRATIVE_ACCOUNTS}
    first: dict[tuple[str, str], datetime] = {}
    for p in carrying:
        key = (p["platform"], p["author"])
        if key in asked:
            first[key] = min(first.get(key, when(p)), when(p))
            assert p["author_verified"] is True
        else:
            assert key in truth.narrative_volunteers
    carried = [(platform, handle) for platform, handle, _ in truth.narrative_first_posts]
    assert set(carried) == set(first) == {k for k, a in asked.items() if a.behaviour != "none"}
    assert [first[k] for k in carried] == [t for *_, t in truth.narrative_first_posts]
    assert carried == sorted(carried, key=lambda k: asked[k].delay_minutes)
    delays = [(t - release).total_seconds() / 3600 for *_, t in truth.narrative_first_posts]
    assert delays[0] < 0.5 and delays[-1] > 24  # within minutes, and days late
    tagged = [
        p for p in carrying if vocab.NARRATIVE_HASHTAG.lower() in map(str.lower, p["hashtags"])
    ]
    linked = [p for p in carrying if vocab.NARRATIVE_LINK in p["text"]]
    copies = [p for p in carrying if vocab.NARRATIVE_MESSAGE in p["text"]]
    assert len(tagged) >= 0.8 * len(carrying) and linked and len(copies) >= 4
    assert len(truth.narrative_volunteers) >= 3
    # The narrative posts stand in for everyday chatter: the week keeps its size.
    assert sum(truth.counts_by_platform.values()) == len(posts)

"""A deterministic demo week of Indonesian public conversation around an invented ministry.

The week has a storyline that Pantau's analytics should find again:

* the ministry's own accounts post every day and citizens reply;
* everyday chatter about food prices, farming and markets follows the daily rhythm;
* on day 2 the ministry announces *Kartu Tani Digital* (news picks it up within hours);
* from day 4 a negative issue grows (#PupukLangka, #KartuTaniRibet: fertiliser cannot be
  bought with the new card), peaks on day 5 and carries a hoax (farmers' data "sold to a
  foreign company") that the ministry denies on day 6;
* a ring of look-alike accounts posts near-identical text in bursts (#KartuTaniGagal);
* many unrelated people share a how-to article at random times (the popular link);
* on day 3 (Wednesday 10:00) the ministry, as coordinator, releases a single narrative (*narasi
  tunggal*: food stocks are safe for the year-end holidays, #StokPanganAman) and official
  accounts of other invented institutions carry it at different speeds and fidelity (a copy
  within minutes, paraphrases within hours, only the hashtag or only the link, a day or two
  late) while some never do; a few citizens pick the hashtag up unasked. These posts take the
  place of everyday chatter posts that nobody replied to, so the week keeps ``n_posts`` posts.

Everything is drawn from one ``random.Random(seed)``: the same arguments give the same bytes.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from random import Random
from zoneinfo import ZoneInfo

from pantau.demo import identity, phrases, vocab
from pantau.demo.identity import Author, AuthorPool
from pantau.demo.text import (
    STYLES,
    Composer,
    Scene,
    extract_hashtags,
    extract_mentions,
    pick,
    pick_cumulative,
)

WIB = ZoneInfo("Asia/Jakarta")
DEFAULT_SEED = 20261116
DEFAULT_N_POSTS = 50_000
DEFAULT_START = datetime(2026, 11, 16, tzinfo=WIB)
MIN_POSTS = 300

HOUR = 3600
DAY = 24 * HOUR
WEEK = 7 * DAY

PLATFORMS: tuple[str, ...] = ("x", "instagram", "facebook", "tiktok", "youtube", "news")
SOCIAL: tuple[str, ...] = PLATFORMS[:-1]
PLATFORM_SHARE: dict[str, float] = {
    "x": 0.45,
    "instagram": 0.15,
    "facebook": 0.12,
    "tiktok": 0.10,
    "youtube": 0.10,
    "news": 0.08,
}
_PLATFORM_ORDER = {p: i for i, p in enumerate(PLATFORMS)}


@dataclass(frozen=True)
class DemoInstitution:
    """The invented institution whose week is simulated."""

    slug: str
    name: str
    acronym: str
    kind: str
    timezone: str
    official_handles: dict[str, str]


INSTITUTION = DemoInstitution(
    slug="demo",
    name=vocab.INSTITUTION_NAME,
    acronym=vocab.INSTITUTION_ACRONYM,
    kind="kementerian",
    timezone="Asia/Jakarta",
    official_handles={
        "x": "kemenpantara",
        "instagram": "kemenpantara",
        "facebook": "KemenpantaraRI",
        "tiktok": "kemenpantara",
        "youtube": "KemenpantaraRI",
    },
)


@dataclass(frozen=True)
class DemoTruth:
    """What really happened in the generated week, for checking the analytics against."""

    start: datetime
    end: datetime
    announcement_at: datetime
    issue_start: datetime
    issue_peak: datetime
    ring_handles: frozenset[str]
    ring_post_ids: frozenset[str]
    hoax_post_ids: frozenset[str]
    official_post_ids: frozenset[str]
    news_post_ids: frozenset[str]
    popular_link: str
    counts_by_platform: dict[str, int]
    # Details of the storyline beyond the basics.
    program: str = vocab.PROGRAM_NAME
    issue_hashtags: tuple[str, ...] = vocab.ISSUE_HASHTAGS
    ring_hashtag: str = vocab.RING_HASHTAG
    hoax_claim: str = vocab.HOAX_CLAIM
    hoax_start: datetime | None = None
    clarification_at: datetime | None = None
    ring_bursts: tuple[datetime, ...] = ()
    issue_regions: tuple[str, ...] = vocab.ISSUE_REGION_NAMES
    # The single narrative: its release, and (platform, handle, first post time) of every asked
    # account that carried it, earliest first; asked accounts are ``vocab.NARRATIVE_ACCOUNTS``.
    narrative_release_at: datetime | None = None
    narrative_first_posts: tuple[tuple[str, str, datetime], ...] = ()
    narrative_post_ids: frozenset[str] = frozenset()
    narrative_volunteers: frozenset[tuple[str, str]] = frozenset()  # (platform, handle)
    narrative_hashtag: str = vocab.NARRATIVE_HASHTAG
    narrative_link: str = vocab.NARRATIVE_LINK


def narrative_release_at(start: datetime | None = None) -> datetime:
    """When the demo week's single narrative is released (UTC), for a week from ``start``."""
    start = DEFAULT_START if start is None else start
    return start.astimezone(UTC) + timedelta(seconds=_Story().narrative_release)


def generate_posts(
    seed: int = DEFAULT_SEED, n_posts: int = DEFAULT_N_POSTS, start: datetime | None = None
) -> Iterator[dict]:
    """Yield the week's posts in Pantau's canonical post format, sorted by ``created_at``."""
    week = _Week(seed, n_posts, start)
    week.build()
    return (week.as_dict(p) for p in week.posts)


def generate(
    seed: int = DEFAULT_SEED, n_posts: int = DEFAULT_N_POSTS, start: datetime | None = None
) -> tuple[list[dict], DemoTruth]:
    """All posts of the week and the ground truth of its storyline."""
    week = _Week(seed, n_posts, start)
    week.build()
    return [week.as_dict(p) for p in week.posts], week.truth()


# --- internal records ---------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Post:
    t: int  # seconds since the start of the week
    platform: str
    id: str
    author: Author
    text: str
    topic: str
    url: str | None = None
    title: str | None = None
    reply_to: _Post | None = None
    repost_of: _Post | None = None
    quote_of: _Post | None = None
    thread: _Post | None = None  # the post a comment hangs under (for its permalink)
    video: str | None = None  # YouTube video a comment belongs to
    media: list[dict[str, str]] | None = None
    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    views: int | None = None
    lang: str | None = None
    number: int = 0  # numeric part of a Facebook id / Instagram media id


@dataclass(frozen=True)
class _Story:
    """Storyline moments, in seconds since the start of the week."""

    announcement: int = 1 * DAY + 9 * HOUR  # Tuesday 09:00
    issue_start: int = 3 * DAY + 6 * HOUR  # Thursday 06:00
    issue_peak: int = 4 * DAY + 20 * HOUR  # Friday 20:00
    hoax_start: int = 4 * DAY + 7 * HOUR  # Friday 07:00
    hoax_peak: int = 4 * DAY + 21 * HOUR
    clarification: int = 5 * DAY + 10 * HOUR  # Saturday 10:00
    popular_published: int = 1 * DAY + 13 * HOUR + 17 * 60
    narrative_release: int = 2 * DAY + 10 * HOUR  # Wednesday 10:00
    # Ring bursts, hours after the issue starts (jittered a little per seed).
    ring_burst_hours: tuple[float, ...] = (7.0, 10.5, 14.0, 25.0, 30.0, 37.0)


# Relative activity by local hour: quiet 01:00-05:00, peaks in the morning and evening.
_WEEKDAY_RHYTHM = (
    0.45,
    0.22,
    0.12,
    0.09,
    0.14,
    0.35,
    0.70,
    0.95,
    1.05,
    1.00,
    0.92,
    0.90,
    1.00,
    0.95,
    0.85,
    0.82,
    0.88,
    0.98,
    1.08,
    1.22,
    1.32,
    1.28,
    1.05,
    0.72,
)
_WEEKEND_RHYTHM = (
    0.55,
    0.30,
    0.15,
    0.10,
    0.12,
    0.25,
    0.45,
    0.70,
    0.90,
    1.00,
    1.05,
    1.05,
    1.05,
    1.00,
    0.95,
    0.95,
    1.00,
    1.05,
    1.10,
    1.20,
    1.30,
    1.25,
    1.10,
    0.80,
)
_NEWSROOM_RHYTHM = (
    0.10,
    0.05,
    0.03,
    0.03,
    0.08,
    0.40,
    0.90,
    1.20,
    1.30,
    1.30,
    1.25,
    1.20,
    1.10,
    1.10,
    1.15,
    1.10,
    1.00,
    0.90,
    0.80,
    0.75,
    0.70,
    0.60,
    0.45,
    0.25,
)

_ROOT_MIX: dict[str, dict[str, float]] = {
    "x": {
        "chatter": 0.40,
        "loose": 0.07,
        "announce": 0.12,
        "issue": 0.26,
        "precursor": 0.006,
        "hoax": 0.045,
        "news_share": 0.08,
    },
    "instagram": {
        "chatter": 0.55,
        "loose": 0.08,
        "announce": 0.12,
        "issue": 0.22,
        "precursor": 0.005,
        "hoax": 0.025,
    },
    "facebook": {
        "chatter": 0.38,
        "loose": 0.06,
        "announce": 0.13,
        "issue": 0.25,
        "precursor": 0.006,
        "hoax": 0.09,
        "news_share": 0.08,
    },
    "tiktok": {
        "chatter": 0.50,
        "loose": 0.08,
        "announce": 0.12,
        "issue": 0.25,
        "precursor": 0.005,
        "hoax": 0.045,
    },
    "youtube": {
        "chatter": 0.45,
        "loose": 0.05,
        "announce": 0.17,
        "issue": 0.28,
        "precursor": 0.005,
        "hoax": 0.045,
    },
}
_REPLY_SHARE = {"x": 0.20, "instagram": 0.50, "facebook": 0.42, "tiktok": 0.30, "youtube": 0.30}
_X_REPOST_SHARE = 0.20
_X_QUOTE_SHARE = 0.02

_CHATTER_TOPICS = ("price", "cooking", "farm", "market", "policy")
_CHATTER_CUM = tuple(accumulate((0.32, 0.2, 0.22, 0.1, 0.16)))
_TONES: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "price": (("neg", "neu", "pos"), (0.45, 0.4, 0.15)),
    "cooking": (("neg", "neu", "pos"), (0.15, 0.55, 0.3)),
    "farm": (("neg", "neu", "pos"), (0.35, 0.4, 0.25)),
    "market": (("neg", "neu", "pos"), (0.2, 0.5, 0.3)),
    "policy": (("neg", "neu", "pos"), (0.45, 0.35, 0.2)),
    "loose": (("neg", "neu", "pos"), (0.15, 0.65, 0.2)),
    "announce": (("pos", "neu", "neg"), (0.35, 0.35, 0.3)),
    "announce_late": (("pos", "neu", "neg"), (0.15, 0.3, 0.55)),
    "issue": (("neg", "neu", "pos"), (0.8, 0.15, 0.05)),
    "precursor": (("neg",), (1.0,)),
    "hoax": (("spread", "question"), (0.7, 0.3)),
    "hoax_reply": (("neg", "spread"), (0.85, 0.15)),
    "clarify_reply": (("pos", "neg", "neu"), (0.35, 0.45, 0.2)),
    "official_reply": (("pos", "neu", "neg"), (0.4, 0.4, 0.2)),
    "reply": (("neg", "neu", "pos"), (0.35, 0.45, 0.2)),
}

_NATIONAL_OUTLETS = tuple(o for o in vocab.OUTLETS if not o.home_province)
_NATIONAL_OUTLET_CUM = tuple(accumulate(o.weight for o in _NATIONAL_OUTLETS))
_TONE_CUM = {topic: (tones, tuple(accumulate(w))) for topic, (tones, w) in _TONES.items()}

_OFFICIAL_FOLLOWERS = {
    "x": 1_240_000,
    "instagram": 860_000,
    "facebook": 610_000,
    "tiktok": 320_000,
    "youtube": 154_000,
}
_OFFICIAL_NAMES = {
    "x": "Kemenpantara RI",
    "instagram": "Kementerian Pangan Nusantara",
    "facebook": "Kementerian Pangan Nusantara",
    "tiktok": "Kemenpantara",
    "youtube": "Kemenpantara RI",
}
_ROUTINE_PER_DAY = {"x": 5, "instagram": 2, "facebook": 2, "tiktok": 1, "youtube": 1}
_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder, deterministic)."""
    norm = sum(weights.values())
    exact = {k: total * w / norm for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    short = total - sum(counts.values())
    by_remainder = sorted(weights, key=lambda k: (-(exact[k] - counts[k]), list(weights).index(k)))
    for k in by_remainder[:short]:
        counts[k] += 1
    return counts


def _flat(t: float) -> float:
    return 1.0


def _slug(title: str) -> str:
    words = _SLUG_RE.sub(" ", title.lower()).split()
    return "-".join(words[:12])


@dataclass(slots=True)
class _Official:
    platform: str
    t: int
    kind: str  # "routine", "announce", "issue", "clarify"
    template: str
    title: str | None = None
    thread_previous: bool = False  # X thread: reply to the previous official post


class _Week:
    def __init__(self, seed: int, n_posts: int, start: datetime | None) -> None:
        if n_posts < MIN_POSTS:
            raise ValueError(f"n_posts must be at least {MIN_POSTS} to hold the storyline")
        start = DEFAULT_START if start is None else start
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("start must be timezone-aware")
        self.rng = Random(seed)
        self.n_posts = n_posts
        self.scale = n_posts / DEFAULT_N_POSTS
        self.start = start.astimezone(WIB).replace(microsecond=0)
        self.start_unix = int(self.start.timestamp())
        # Western Indonesia has had no daylight saving since 1964: one fixed offset all week.
        self.start_naive = self.start.replace(tzinfo=None)
        self.offset = self.start.isoformat()[-6:]
        self.start_second_of_day = (
            self.start.hour * HOUR + self.start.minute * 60 + self.start.second
        )
        self.story = _Story()
        self.posts: list[_Post] = []
        self.by_platform: dict[str, list[_Post]] = {p: [] for p in PLATFORMS}
        self.ids: dict[str, set[str]] = {p: set() for p in PLATFORMS}
        self.hoax: list[_Post] = []
        self.ring_posts: list[_Post] = []
        self.official_posts: list[_Post] = []
        self.articles: list[_Post] = []
        self.storyline_articles: list[_Post] = []
        self.popular_article: _Post | None = None
        self.ring_burst_times: list[int] = []
        self.narrative_posts: list[_Post] = []
        self.narrative_volunteers: list[_Post] = []
        self.rhythm = self._hourly(_WEEKDAY_RHYTHM, _WEEKEND_RHYTHM)
        self.newsroom = self._hourly(_NEWSROOM_RHYTHM, tuple(0.6 * v for v in _NEWSROOM_RHYTHM))

        regions = {r.name: r for r in vocab.REGIONS}
        self.issue_regions = [regions[name] for name in vocab.ISSUE_REGION_NAMES]
        self.region_cum = list(accumulate(r.weight for r in vocab.REGIONS))
        self.regencies = [r for r in vocab.REGIONS if r.kind == "Kabupaten"]
        self.composer = Composer(
            self.rng,
            INSTITUTION.official_handles,
            self._launch_date(),
            ", ".join(f"Kabupaten {r.name}" for r in self.issue_regions[:-1])
            + f", dan Kabupaten {self.issue_regions[-1].name}",
        )

    # --- time -------------------------------------------------------------------------------

    def _launch_date(self) -> str:
        year, month = self.start.year, self.start.month + 1
        if month == 13:
            year, month = year + 1, 1
        return f"1 {_MONTHS[month - 1]} {year}"

    def _hourly(self, weekday: tuple[float, ...], weekend: tuple[float, ...]) -> list[float]:
        out = []
        for h in range(WEEK // HOUR):
            local = self.start + timedelta(hours=h)
            profile = weekend if local.weekday() >= 5 else weekday
            out.append(profile[local.hour])
        return out

    def local_hour(self, t: int) -> int:
        return ((t + self.start_second_of_day) // HOUR) % 24

    def _weights(
        self, rhythm: list[float], curve: Callable[[float], float], lo: int = 0, hi: int = WEEK
    ) -> list[float]:
        out = []
        for h, base in enumerate(rhythm):
            a, b = h * HOUR, (h + 1) * HOUR
            overlap = min(b, hi) - max(a, lo)
            if overlap <= 0:
                out.append(0.0)
                continue
            mid = max(a, lo) + overlap / 2
            out.append(base * curve(mid) * overlap / HOUR)
        return out

    def _times(
        self,
        k: int,
        curve: Callable[[float], float] = _flat,
        lo: int = 0,
        hi: int = WEEK,
        rhythm: list[float] | None = None,
    ) -> list[int]:
        if k <= 0:
            return []
        weights = self._weights(self.rhythm if rhythm is None else rhythm, curve, lo, hi)
        cum = list(accumulate(weights))
        rng = self.rng
        times = []
        for h in rng.choices(range(len(weights)), cum_weights=cum, k=k):
            a, b = max(h * HOUR, lo), min((h + 1) * HOUR, hi)
            times.append(a + int(rng.random() * (b - a)))
        return times

    def _issue_curve(self, t: float) -> float:
        s = self.story
        if t < s.issue_start:
            return 0.0
        if t <= s.issue_peak:
            tau = (s.issue_peak - s.issue_start) / math.log(30)
            return math.exp((t - s.issue_peak) / tau)
        return math.exp(-(t - s.issue_peak) / (16 * HOUR))

    def _announce_curve(self, t: float) -> float:
        a = self.story.announcement
        return 0.0 if t < a else 0.06 + math.exp(-(t - a) / (10 * HOUR))

    def _hoax_curve(self, t: float) -> float:
        s = self.story
        if t < s.hoax_start:
            return 0.0
        if t <= s.hoax_peak:
            value = math.exp((t - s.hoax_peak) / (4 * HOUR))
        else:
            value = math.exp(-(t - s.hoax_peak) / (9 * HOUR))
        return value * (0.4 if t >= s.clarification else 1.0)

    def _popular_curve(self, t: float) -> float:
        p = self.story.popular_published
        return 0.0 if t < p else 0.2 + math.exp(-(t - p) / (40 * HOUR))

    def _delay(self, median_s: float, sigma: float = 1.3) -> int:
        return max(30, int(median_s * math.exp(self.rng.gauss(0, sigma))))

    def _after(self, parent_t: int, median_s: float) -> int:
        """A plausible reaction time after ``parent_t``, inside the week, avoiding deep night."""
        rng = self.rng
        t = parent_t + self._delay(median_s)
        if t >= WEEK - 1:
            t = parent_t + rng.randrange(30, max(31, WEEK - 1 - parent_t))
        hour = self.local_hour(t)
        if 1 <= hour <= 4 and rng.random() < 0.6:
            moved = t + (6 - hour) * HOUR + rng.randrange(0, 2 * HOUR)
            if moved < WEEK:
                t = moved
        return min(t, WEEK - 1)

    # --- plan -------------------------------------------------------------------------------

    def _official_schedule(self) -> list[_Official]:
        rng = self.rng
        s = self.story
        scale = min(1.0, self.n_posts / 25_000)
        plan: list[_Official] = []
        for platform in SOCIAL:
            per_week = max(1, round(_ROUTINE_PER_DAY[platform] * 7 * scale))
            for i in range(per_week):
                day = i % 7
                t = day * DAY + rng.randrange(7 * HOUR, 21 * HOUR)
                title = None
                if platform == "youtube":
                    title = pick(rng, phrases.OFFICIAL_VIDEO_TITLES)
                plan.append(
                    _Official(platform, t, "routine", pick(rng, phrases.OFFICIAL_ROUTINE), title)
                )
        ann = phrases.OFFICIAL_ANNOUNCEMENT
        a = s.announcement
        plan += [
            _Official("x", a, "announce", ann[1]),
            _Official("x", a + 60, "announce", ann[0], thread_previous=True),
            _Official("x", a + 120, "announce", ann[2], thread_previous=True),
            _Official("instagram", a + 600, "announce", ann[3]),
            _Official("facebook", a + 900, "announce", ann[0] + "\n\n" + ann[2]),
            _Official("tiktok", a + 3 * HOUR, "announce", ann[3]),
            _Official(
                "youtube",
                a + HOUR,
                "announce",
                ann[1],
                "Peluncuran Kartu Tani Digital | Kemenpantara",
            ),
        ]
        resp = phrases.OFFICIAL_ISSUE_RESPONSE
        i0 = s.issue_start
        plan += [
            _Official("x", i0 + 10 * HOUR, "issue", resp[0]),
            _Official("x", i0 + 28 * HOUR, "issue", resp[1]),
            _Official("x", i0 + 40 * HOUR, "issue", resp[2]),
            _Official("x", i0 + 52 * HOUR, "issue", resp[3]),
            _Official("instagram", i0 + 10 * HOUR + 900, "issue", resp[0]),
            _Official("instagram", i0 + 40 * HOUR + 900, "issue", resp[2]),
            _Official("facebook", i0 + 10 * HOUR + 1200, "issue", resp[0]),
            _Official("facebook", i0 + 40 * HOUR + 1200, "issue", resp[2] + " " + resp[3]),
        ]
        clar = phrases.OFFICIAL_CLARIFICATION
        c = s.clarification
        plan += [
            _Official("x", c, "clarify", clar[0]),
            _Official("x", c + 5 * HOUR, "clarify", clar[2]),
            _Official("instagram", c + 600, "clarify", clar[1]),
            _Official("facebook", c + 900, "clarify", clar[0]),
            _Official("tiktok", c + 2 * HOUR, "clarify", clar[2]),
            _Official(
                "youtube",
                c + 3 * HOUR,
                "clarify",
                clar[0],
                "Klarifikasi: Isu Data Petani Dijual ke Perusahaan Asing Adalah Hoaks",
            ),
        ]
        plan.sort(key=lambda o: (o.t, _PLATFORM_ORDER[o.platform]))
        return plan

    def _plan(self, officials: list[_Official]) -> dict[str, dict[str, int]]:
        s = self.scale
        budgets = _split(self.n_posts, PLATFORM_SHARE)
        official_counts = Counter(o.platform for o in officials)
        plan: dict[str, dict[str, int]] = {}
        ring_total = min(256, max(36, round(230 * s)))
        fixed = {
            "x": {"ring": ring_total, "popular": max(3, round(300 * s)), "care": round(30 * s)},
            "instagram": {"care": round(10 * s), "long": round(3 * s)},
            "facebook": {"popular": max(1, round(110 * s)), "long": max(1, round(10 * s))},
            "tiktok": {},
            "youtube": {},
        }
        for platform in SOCIAL:
            counts = dict(fixed[platform])
            rest = budgets[platform] - official_counts[platform] - sum(counts.values())
            if rest <= 0:
                raise ValueError(f"n_posts={self.n_posts} is too small for the {platform} plan")
            counts["reply"] = round(rest * _REPLY_SHARE[platform])
            if platform == "x":
                counts["repost"] = round(rest * _X_REPOST_SHARE)
                counts["quote"] = round(rest * _X_QUOTE_SHARE)
            roots = rest - counts["reply"] - counts.get("repost", 0) - counts.get("quote", 0)
            counts.update(_split(roots, _ROOT_MIX[platform]))
            plan[platform] = counts
        news = {
            "announce": max(3, round(110 * s)),
            "issue": max(6, round(450 * s)),
            "factcheck": max(2, round(30 * s)),
            "clarify": max(2, round(60 * s)),
        }
        news["general"] = budgets["news"] - 1 - sum(news.values())
        plan["news"] = news
        return plan

    # --- building ---------------------------------------------------------------------------

    def build(self) -> None:
        rng = self.rng
        officials = self._official_schedule()
        plan = self._plan(officials)
        self.ring_burst_times = [
            self.story.issue_start + int(h * HOUR) + rng.randrange(-20 * 60, 20 * 60)
            for h in self.story.ring_burst_hours
        ]

        taken: dict[str, set[str]] = {p: set() for p in SOCIAL}
        self.official_accounts = {p: self._official_author(p) for p in SOCIAL}
        for p in SOCIAL:
            taken[p].add(self.official_accounts[p].handle)
        self.media = {p: identity.media_accounts(rng, p, taken[p]) for p in ("x", "facebook")}
        self.ring = identity.build_ring(rng, 45, taken["x"])
        self.people: dict[str, AuthorPool] = {}
        for p in SOCIAL:
            size = max(60, int(sum(plan[p].values()) * 0.42))
            self.people[p] = identity.build_people(rng, p, size, taken[p])
            self.composer.user_handles[p] = [
                a.name if p == "facebook" else a.handle for a in self.people[p].authors[:400]
            ]
        self.outlet_authors = {
            o.domain: Author(
                o.domain,
                o.name,
                0,
                False,
                self.official_accounts["x"].style,
                vocab.REGIONS[0],
                "outlet",
                0,
            )
            for o in vocab.OUTLETS
        }

        self.external_videos = [
            identity.youtube_video_id(rng) for _ in range(phrases.EXTERNAL_VIDEO_COUNT)
        ]
        self._news(plan["news"])
        self._officials(officials)
        for platform in SOCIAL:
            counts = plan[platform]
            self._roots(platform, counts)
        self._ring_bursts(plan["x"]["ring"])
        for platform in SOCIAL:
            care = plan[platform].get("care", 0)
            shortfall = care - self._care_replies(platform, care)
            self._replies(platform, plan[platform]["reply"] + shortfall)
        self._reposts(plan["x"]["repost"], plan["x"]["quote"])
        self._reconcile_counts()
        self._narrative()
        self.posts.sort(key=lambda p: (p.t, _PLATFORM_ORDER[p.platform], p.id))

    def _official_author(self, platform: str) -> Author:
        jakarta = next(r for r in vocab.REGIONS if r.name == "Jakarta Selatan")
        return Author(
            handle=INSTITUTION.official_handles[platform],
            name=_OFFICIAL_NAMES[platform],
            followers=_OFFICIAL_FOLLOWERS[platform],
            verified=True,
            style=STYLES["formal"],
            region=jakarta,
            kind="official",
            uid=100_064_512_338_871,
        )

    def _region(self, author: Author, topic: str) -> vocab.Region:
        rng = self.rng
        if topic in ("issue", "precursor") and rng.random() < 0.6:
            return pick(rng, self.issue_regions)
        if rng.random() < 0.7:
            return author.region
        return pick_cumulative(rng, vocab.REGIONS, self.region_cum)

    def _add(self, post: _Post) -> _Post:
        self.posts.append(post)
        self.by_platform[post.platform].append(post)
        return post

    # --- ids and permalinks -----------------------------------------------------------------

    def _identify(self, post: _Post) -> None:
        """Give ``post`` a unique platform id and its permalink."""
        rng = self.rng
        platform = post.platform
        taken = self.ids[platform]
        while True:
            if platform == "x":
                post.id = identity.x_id(
                    rng, (self.start_unix + post.t) * 1000 + rng.randrange(1000)
                )
            elif platform == "tiktok":
                post.id = identity.tiktok_id(rng, self.start_unix + post.t)
            elif platform == "instagram":
                if post.thread is None:
                    post.number = identity.instagram_media_id(rng)
                    post.id = str(post.number)
                else:
                    post.id = identity.instagram_comment_id(rng)
            elif platform == "facebook":
                post.number = identity.facebook_number(rng)
                owner = post.author.uid if post.thread is None else post.thread.number
                post.id = f"{owner}_{post.number}"
            else:  # youtube
                if post.video is None:
                    post.id = identity.youtube_video_id(rng)
                elif post.reply_to is not None and post.reply_to.video == post.video:
                    post.id = identity.youtube_reply_id(rng, post.reply_to.id)
                else:
                    post.id = identity.youtube_comment_id(rng)
            if post.id not in taken:
                taken.add(post.id)
                break
        handle = post.author.handle
        if platform == "x":
            post.url = f"https://x.com/{handle}/status/{post.id}"
        elif platform == "tiktok":
            post.url = None if post.thread else f"https://www.tiktok.com/@{handle}/video/{post.id}"
        elif platform == "instagram":
            if post.thread is None:
                post.url = (
                    f"https://www.instagram.com/p/{identity.instagram_shortcode(post.number)}/"
                )
            else:
                post.url = f"{post.thread.url}c/{post.id}/"
        elif platform == "facebook":
            if post.thread is None:
                post.url = f"https://www.facebook.com/{handle}/posts/{post.number}"
            else:
                post.url = f"{post.thread.url}?comment_id={post.number}"
        elif post.video is None:
            post.url = f"https://www.youtube.com/watch?v={post.id}"
        else:
            post.url = f"https://www.youtube.com/watch?v={post.video}&lc={post.id}"

    # --- engagement -------------------------------------------------------------------------

    def _engage(self, post: _Post, boost: float = 1.0) -> None:
        rng = self.rng
        followers = post.author.followers
        base = (followers + 20) ** 0.68 * 0.06 * math.exp(rng.gauss(0, 1.1)) * boost
        if rng.random() < 0.004:
            base *= rng.uniform(20, 80)
        likes = int(base)
        post.likes = likes
        platform = post.platform
        comment = post.thread is not None or post.reply_to is not None
        if platform == "x":
            post.reposts = int(likes * rng.uniform(0.05, 0.35))
            post.replies = int(likes * rng.uniform(0.02, 0.18))
            post.views = int(
                likes * rng.uniform(25, 90) + followers * rng.uniform(0.02, 0.25)
            ) + int(rng.random() * 57 + 3)
        elif platform == "facebook":
            post.replies = int(likes * rng.uniform(0.03, 0.3))
            if not comment:
                post.reposts = int(likes * rng.uniform(0.02, 0.25))
        elif platform == "instagram" or platform == "youtube":
            post.replies = int(likes * rng.uniform(0.01, 0.12))
            if platform == "youtube" and post.video is None:
                post.views = int(likes * rng.uniform(30, 120) + followers * rng.uniform(0.05, 0.4))
        elif platform == "tiktok":
            post.replies = int(likes * rng.uniform(0.01, 0.1))
            if not comment:
                post.reposts = int(likes * rng.uniform(0.01, 0.15))
                post.views = int(
                    likes * rng.uniform(10, 40) + followers * rng.uniform(0.2, 3.0)
                ) + int(rng.random() * 550 + 50)

    # --- news -------------------------------------------------------------------------------

    def _article_url(self, outlet: vocab.Outlet, t: int, title: str, section: str) -> str:
        rng = self.rng
        local = self.start + timedelta(seconds=t)
        slug = _slug(title)
        num = rng.randrange(100_000, 10_000_000)
        y, m, d = local.year, local.month, local.day
        if outlet.url_style == "dated":
            return f"https://{outlet.domain}/{section}/{y}/{m:02d}/{d:02d}/{num}/{slug}"
        if outlet.url_style == "read":
            return f"https://{outlet.domain}/read/{num}/{slug}"
        if outlet.url_style == "subdomain":
            return f"https://{section}.{outlet.domain}/{slug}-{num}"
        return f"https://{outlet.domain}/berita/{y}{m:02d}{d:02d}{num}/{slug}"

    def _outlet(self, region: vocab.Region, kind: str) -> vocab.Outlet:
        rng = self.rng
        if kind == "factcheck" and rng.random() < 0.5:
            return next(o for o in vocab.OUTLETS if o.name == "Cek Fakta Nusantara")
        if kind in ("general", "issue") and rng.random() < (0.5 if kind == "issue" else 0.3):
            local = [o for o in vocab.OUTLETS if o.home_province == region.province]
            if local:
                return pick(rng, local)
        return pick_cumulative(rng, _NATIONAL_OUTLETS, _NATIONAL_OUTLET_CUM)

    def _article(self, t: int, kind: str, outlet: vocab.Outlet, title: str, lead: str) -> _Post:
        section = "cek-fakta" if kind == "factcheck" else pick(self.rng, vocab.NEWS_SECTIONS)
        url = self._article_url(outlet, t, title, section)
        while identity.news_id(url) in self.ids["news"]:
            url += "-" + str(self.rng.randrange(2, 10))
        post = _Post(
            t=t,
            platform="news",
            id=identity.news_id(url),
            author=self.outlet_authors[outlet.domain],
            text=lead,
            topic="news:" + kind,
            url=url,
            title=title,
            lang="id",
        )
        self.ids["news"].add(post.id)
        return self._add(post)

    def _news(self, counts: dict[str, int]) -> None:
        rng = self.rng
        s = self.story
        curves: dict[str, tuple[Callable[[float], float], int]] = {
            "general": (_flat, 0),
            "announce": (
                lambda t: 0.02 + math.exp(-(t - s.announcement) / (4 * HOUR)),
                s.announcement + 20 * 60,
            ),
            "issue": (lambda t: self._issue_curve(t - 3 * HOUR), s.issue_start + 3 * HOUR),
            "factcheck": (
                lambda t: math.exp(-(t - s.hoax_start - 6 * HOUR) / (16 * HOUR)),
                s.hoax_start + 6 * HOUR,
            ),
            "clarify": (
                lambda t: math.exp(-(t - s.clarification) / (5 * HOUR)),
                s.clarification + 15 * 60,
            ),
        }
        for kind, count in counts.items():
            curve, lo = curves[kind]
            for t in self._times(count, curve, lo=lo, rhythm=self.newsroom):
                if kind == "issue":
                    region = pick(rng, self.issue_regions)
                else:
                    region = pick_cumulative(rng, vocab.REGIONS, self.region_cum)
                scene = Scene("news", region)
                title, lead = self.composer.news(kind, scene)
                outlet = self._outlet(scene.region, kind)
                place = scene.region.name if kind in ("general", "issue") else "Jakarta"
                lead = self.composer.dateline(place, outlet) + lead
                post = self._article(t, kind, outlet, title, lead)
                if kind != "general":
                    self.storyline_articles.append(post)
        outlet = next(o for o in vocab.OUTLETS if o.name == "Kabar Tani Online")
        self.popular_article = self._article(
            s.popular_published,
            "announce",
            outlet,
            phrases.POPULAR_ARTICLE_TITLE,
            f"JAKARTA, {outlet.name} - {phrases.POPULAR_ARTICLE_LEAD}",
        )
        self.storyline_articles.append(self.popular_article)
        self.articles = sorted(self.by_platform["news"], key=lambda p: (p.t, p.id))
        self.article_times = [a.t for a in self.articles]
        self.storyline_articles.sort(key=lambda p: (p.t, p.id))
        self.storyline_times = [a.t for a in self.storyline_articles]

    # --- the institution's own posts --------------------------------------------------------

    def _officials(self, schedule: list[_Official]) -> None:
        rng = self.rng
        previous_x: _Post | None = None
        for item in schedule:
            platform = item.platform
            author = self.official_accounts[platform]
            scene = Scene(platform, pick(rng, self.regencies), formal=True)
            body = self.composer.formal(item.template, scene)
            if item.kind == "routine":
                tags = rng.sample(vocab.OFFICIAL_HASHTAGS, rng.randrange(1, 3))
                body += " " + " ".join("#" + tag for tag in tags)
                if rng.random() < 0.4:
                    body += " " + pick(rng, ("🌾", "🙏", "📍", "🍚", "🇮🇩"))
            if platform == "tiktok":
                body += " #fyp"
            if item.title is not None:
                body = self.composer.formal(item.title, scene) + "\n\n" + body
            post = _Post(
                t=item.t,
                platform=platform,
                id="",
                author=author,
                text=body,
                topic="official_" + item.kind,
            )
            if item.thread_previous and previous_x is not None:
                post.reply_to = previous_x
            self._identify(post)
            if platform == "instagram" or (platform in ("x", "facebook") and rng.random() < 0.6):
                kind = "video" if rng.random() < 0.25 else "photo"
                post.media = [{"type": kind, "url": self._media_url(kind, platform)}]
            elif platform == "tiktok":
                post.media = [{"type": "video", "url": identity.video_url(rng, "tiktok")}]
            self._engage(post, 1.0 if item.kind == "routine" else 2.5)
            self._add(post)
            self.official_posts.append(post)
            if platform == "x":
                previous_x = post

    def _media_url(self, kind: str, platform: str) -> str:
        if kind == "photo":
            return identity.photo_url(self.rng, platform)
        return identity.video_url(self.rng, platform)

    # --- ordinary posts ---------------------------------------------------------------------

    def _tone(self, topic: str) -> str:
        tones, cum = _TONE_CUM[topic]
        return tones[0] if len(tones) == 1 else pick_cumulative(self.rng, tones, cum)

    def _hashtags(self, platform: str, topic: str, t: int) -> list[str]:
        rng = self.rng
        tags: list[str] = []
        if topic == "issue" and t >= self.story.issue_start:
            chance = {
                "x": 0.75,
                "instagram": 0.8,
                "tiktok": 0.9,
                "facebook": 0.35,
                "youtube": 0.15,
            }[platform]
            if rng.random() < chance:
                if rng.random() < 0.7:
                    tags.append("PupukLangka")
                if rng.random() < 0.4 or not tags:
                    tags.append("KartuTaniRibet")
                if rng.random() < 0.25:
                    tags.append(pick(rng, phrases.ISSUE_HASHTAG_EXTRAS))
                if rng.random() < 0.3:
                    rng.shuffle(tags)
        elif topic == "announce":
            if rng.random() < 0.35:
                tags.append(vocab.PROGRAM_HASHTAG)
                if rng.random() < 0.3:
                    tags.append(pick(rng, phrases.ANNOUNCE_HASHTAG_EXTRAS))
        elif topic == "hoax":
            if rng.random() < 0.3:
                tags.append(pick(rng, (vocab.PROGRAM_HASHTAG, *phrases.HOAX_HASHTAG_EXTRAS)))
        elif topic in _CHATTER_TOPICS:
            chance = {
                "x": 0.15,
                "instagram": 0.5,
                "tiktok": 0.3,
                "facebook": 0.05,
                "youtube": 0.02,
            }[platform]
            if rng.random() < chance:
                tags.append(pick(rng, vocab.HASHTAGS_CHATTER))
        if platform == "instagram" and topic != "hoax" and rng.random() < 0.6:
            tags += rng.sample(vocab.HASHTAGS_INSTAGRAM, rng.randrange(2, 7))
        elif platform == "tiktok" and rng.random() < 0.75:
            tags += rng.sample(vocab.HASHTAGS_TIKTOK, rng.randrange(1, 5))
        return tags

    def _tag_block(self, platform: str, tags: list[str]) -> str:
        if not tags:
            return ""
        rendered = self.composer.hashtags(tags)
        if platform == "instagram" and len(tags) > 2 and self.rng.random() < 0.5:
            return "\n.\n.\n" + rendered
        return ("\n" if self.rng.random() < 0.3 else " ") + rendered

    def _body(self, platform: str, author: Author, topic: str, tone: str, t: int) -> str:
        rng = self.rng
        scene = Scene(platform, self._region(author, topic))
        if topic != "hoax":  # a hoax post always carries the claim
            r = rng.random()
            if r < 0.003:
                return self.composer.emoji_only(_tone_key(tone))
            if r < 0.008:
                return self.composer.short()
        elif tone == "spread" and rng.random() < 0.2:
            return self.composer.fill(phrases.HOAX_CHAIN_MESSAGE, scene)
        clauses = 1 if platform == "tiktok" else 0
        body = self.composer.compose(scene, topic, tone, clauses)
        body = self.composer.roughen(body, author.style, _tone_key(tone))
        if platform in ("x", "instagram", "tiktok") and topic in ("issue", "announce", "hoax"):
            handle = INSTITUTION.official_handles[platform]
            if "@" + handle not in body and rng.random() < 0.2:
                body += " @" + handle
        if platform in ("x", "instagram") and rng.random() < 0.02:
            body += " cc " + self.composer.fill("{user_at}", scene)
        if topic in _CHATTER_TOPICS and platform in ("x", "facebook") and rng.random() < 0.01:
            host = pick(rng, vocab.SHORT_URLS_HOSTS)
            body += f" https://{host}/{identity.random_token(rng, 6, identity.B64[:62])}"
        return body

    def _root(
        self,
        platform: str,
        t: int,
        author: Author,
        topic: str,
        tone: str,
        body: str,
        tags: list[str],
        boost: float = 1.0,
        photo_chance: float = 0.1,
    ) -> _Post:
        rng = self.rng
        post = _Post(
            t=t,
            platform=platform,
            id="",
            author=author,
            text=body + self._tag_block(platform, tags),
            topic=topic,
        )
        if platform == "youtube":
            post.video = self.external_videos[rng.randrange(len(self.external_videos))]
        self._identify(post)
        if platform == "tiktok":
            post.media = [{"type": "video", "url": identity.video_url(rng, "tiktok")}]
        elif platform == "instagram":
            kind = "video" if rng.random() < 0.3 else "photo"
            post.media = [
                {"type": kind, "url": self._media_url(kind, platform)}
                for _ in range(1 if kind == "video" else pick(rng, (1, 1, 1, 2, 3)))
            ]
        elif platform in ("x", "facebook") and rng.random() < photo_chance:
            post.media = [{"type": "photo", "url": identity.photo_url(rng, platform)}]
            boost *= 1.8
        if platform == "x" and rng.random() < 0.3:
            post.lang = "und" if not any(c.isalpha() for c in post.text) else "in"
        self._engage(post, boost)
        return self._add(post)

    def _roots(self, platform: str, counts: dict[str, int]) -> None:
        rng = self.rng
        s = self.story
        pool = self.people[platform]
        flat = _flat
        schedule: list[tuple[str, list[int]]] = [
            ("chatter", self._times(counts["chatter"], flat)),
            ("loose", self._times(counts["loose"], flat)),
            (
                "announce",
                self._times(counts["announce"], self._announce_curve, lo=s.announcement + 60),
            ),
            ("issue", self._times(counts["issue"], self._issue_curve, lo=s.issue_start)),
            (
                "precursor",
                self._times(
                    counts["precursor"], flat, lo=s.issue_start - 26 * HOUR, hi=s.issue_start
                ),
            ),
            ("hoax", self._times(counts["hoax"], self._hoax_curve, lo=s.hoax_start)),
        ]
        issue_photo = {"x": 0.35, "facebook": 0.3}.get(platform, 0.0)
        for category, times in schedule:
            for t in times:
                author = pool.pick(rng)
                if category == "chatter":
                    topic = pick_cumulative(rng, _CHATTER_TOPICS, _CHATTER_CUM)
                else:
                    topic = category
                tone_table = (
                    "announce_late" if topic == "announce" and t >= s.issue_start else topic
                )
                tone = self._tone(tone_table)
                body = self._body(platform, author, topic, tone, t)
                boost = {"issue": 1.5, "hoax": 2.5}.get(topic, 1.0)
                post = self._root(
                    platform,
                    t,
                    author,
                    topic,
                    tone,
                    body,
                    self._hashtags(platform, topic, t),
                    boost,
                    issue_photo if topic == "issue" else 0.08,
                )
                if topic == "hoax":
                    self.hoax.append(post)
        if counts.get("news_share"):
            self._news_shares(platform, counts["news_share"])
        if counts.get("popular"):
            self._popular_shares(platform, counts["popular"])
        if counts.get("long"):
            for t in self._times(counts["long"], self._issue_curve, lo=s.issue_start):
                author = pool.pick(rng)
                scene = Scene(platform, self._region(author, "issue"))
                body = self.composer.long_story(scene)
                tags = ["PupukLangka"] if rng.random() < 0.5 else []
                self._root(platform, t, author, "long", "neg", body, tags, 2.0, 0.5)

    def _news_shares(self, platform: str, count: int) -> None:
        rng = self.rng
        first = self.articles[0].t + 60
        for t in self._times(count, lo=first):
            article = self._pick_article(t)
            kind = article.topic.split(":", 1)[1]
            outlet = article.author
            media_account = next((m for m in self.media[platform] if m.name == outlet.name), None)
            if media_account is not None and rng.random() < 0.2:
                author = media_account
                if platform == "x":
                    text = f"{article.title} {article.url}"
                else:
                    text = f"{article.title}\n\nBaca selengkapnya: {article.url}"
            else:
                author = self.people[platform].pick(rng)
                tone = {
                    "issue": "neg",
                    "announce": "neu",
                    "factcheck": "neu",
                    "clarify": "neu",
                }.get(kind, pick(rng, ("neu", "neu", "neg", "pos")))
                if rng.random() < 0.3:
                    via = self.media[platform]
                    handle = next((m.handle for m in via if m.name == outlet.name), None)
                    text = f"{article.title} {article.url}"
                    if platform == "x" and handle:
                        text += f" via @{handle}"
                else:
                    scene = Scene(platform, author.region)
                    scene.values["outlet"] = outlet.name
                    comment = self.composer.fill(
                        pick(rng, phrases.NEWS_SHARE_COMMENTS[tone]), scene
                    )
                    comment = self.composer.roughen(comment, author.style, tone)
                    if rng.random() < 0.5:
                        text = f"{comment} {article.url}"
                    else:
                        text = f"{comment}\n\n{article.title}\n{article.url}"
            tags = ["PupukLangka"] if kind == "issue" and rng.random() < 0.2 else []
            self._root(platform, t, author, "news_share:" + kind, "neu", text, tags)

    def _pick_article(self, t: int) -> _Post:
        rng = self.rng
        n_story = bisect_left(self.storyline_times, t)
        if n_story and rng.random() < 0.55:
            back = min(n_story - 1, int(rng.expovariate(1 / 25)))
            return self.storyline_articles[n_story - 1 - back]
        n = bisect_left(self.article_times, t)
        back = min(n - 1, int(rng.expovariate(1 / 40)))
        return self.articles[n - 1 - back]

    def _popular_shares(self, platform: str, count: int) -> None:
        """Ordinary, unrelated people sharing the how-to article at their own pace."""
        rng = self.rng
        assert self.popular_article is not None
        url = self.popular_article.url or ""
        people = [a for a in self.people[platform].authors if a.kind == "person"]
        authors = rng.sample(people, min(count, len(people)))
        times = self._times(
            len(authors), self._popular_curve, lo=self.story.popular_published + 600
        )
        for t, author in zip(times, authors, strict=True):
            scene = Scene(platform, author.region)
            scene.values["url"] = url
            text = self.composer.fill(pick(rng, phrases.POPULAR_SHARE), scene)
            if rng.random() < 0.5:  # a word of their own before the link
                tone = "pos" if rng.random() < 0.4 else "neu"
                text = self.composer.compose(scene, "announce", tone, clauses=1) + " " + text
            text = self.composer.roughen(text, author.style, "neu")
            tags = [vocab.PROGRAM_HASHTAG] if rng.random() < 0.15 else []
            self._root(platform, t, author, "popular", "neu", text, tags)

    # --- the coordinated ring ---------------------------------------------------------------

    def _ring_bursts(self, total: int) -> None:
        rng = self.rng
        n_bursts = 6 if total >= 120 else 3
        bursts = self.ring_burst_times if n_bursts == 6 else self.ring_burst_times[::2]
        self.ring_burst_times = bursts
        sizes = _split(total, {str(i): 1.0 for i in range(n_bursts)})
        x_officials = [p for p in self.official_posts if p.platform == "x"]
        for i, burst_t in enumerate(bursts):
            template = phrases.RING_TEMPLATES[0 if i < n_bursts // 2 else 1]
            target = None
            if i in (1, n_bursts - 2):  # flood the replies of the ministry's latest post
                earlier = [p for p in x_officials if p.t < burst_t - 60]
                target = earlier[-1] if earlier else None
            members = rng.sample(self.ring, min(sizes[str(i)], len(self.ring)))
            for author in members:
                # most within 45 s of the signal, a few stragglers
                offset = rng.randrange(0, 45) if rng.random() < 0.85 else rng.randrange(45, 150)
                text = self._ring_text(template)
                if target is not None:
                    text = "@" + target.author.handle + " " + text
                post = _Post(
                    t=burst_t + offset,
                    platform="x",
                    id="",
                    author=author,
                    text=text,
                    topic="ring",
                    reply_to=target,
                )
                self._identify(post)
                self._engage(post, 0.3)
                self._add(post)
                self.ring_posts.append(post)

    def _ring_text(self, template: str) -> str:
        rng = self.rng
        words = {key: options[0] for key, options in phrases.RING_SWAPS.items()}
        key = pick(rng, list(phrases.RING_SWAPS))
        words[key] = pick(rng, phrases.RING_SWAPS[key])
        text = template.format(**words)
        tags = ["#" + vocab.RING_HASHTAG, "#PupukLangka"]
        if rng.random() < 0.3:
            tags.append("#SavePetani")
        rng.shuffle(tags)
        if rng.random() < 0.4:
            text += " " + pick(rng, ("😡", "🔥", "😤", "💯", "‼️"))
        if rng.random() < 0.15:
            return " ".join(tags) + " " + text
        return text + " " + " ".join(tags)

    # --- replies, reposts and quotes --------------------------------------------------------

    def _reply_weight(self, post: _Post) -> float:
        weight = 1.0 + min(post.likes or 0, 3000) ** 0.75
        if post.author.kind == "official":
            weight *= 1.5
        return weight

    def _reply_topic(self, parent: _Post, t: int) -> tuple[str, str]:
        rng = self.rng
        s = self.story
        topic = parent.topic
        if topic == "official_announce":
            return "announce", self._tone("announce")
        if topic == "official_clarify":
            return "clarify_reply", self._tone("clarify_reply")
        if topic == "official_issue":
            return "issue", self._tone("issue")
        if topic == "official_routine":
            if t >= s.issue_start and rng.random() < 0.55:
                return "issue", self._tone("issue")
            if t >= s.announcement and rng.random() < 0.25:
                return "announce", self._tone("announce")
            return "official_reply", self._tone("official_reply")
        if topic in ("issue", "precursor", "long", "ring", "news_share:issue"):
            if t >= s.issue_start and rng.random() < 0.55:
                return "issue", self._tone("issue")
            return "reply", self._tone("reply")
        if topic == "hoax":
            if t >= s.clarification and rng.random() < 0.35:
                return "clarify_reply", "pos"
            return "hoax_reply", self._tone("hoax_reply")
        if topic in ("announce", "news_share:announce", "popular"):
            if rng.random() < 0.5:
                late = t >= s.issue_start
                return "announce", self._tone("announce_late" if late else "announce")
            return "reply", self._tone("reply")
        if topic in ("news_share:factcheck", "news_share:clarify"):
            return "clarify_reply", self._tone("clarify_reply")
        if topic in _TONES and topic in phrases.CLAUSES and rng.random() < 0.5:
            return topic, self._tone(topic)
        return "reply", self._tone("reply")

    def _reply_text(self, platform: str, author: Author, topic: str, tone: str, t: int) -> str:
        rng = self.rng
        r = rng.random()
        if tone != "spread" and r < 0.03:
            return self.composer.emoji_only(_tone_key(tone))
        if tone != "spread" and r < 0.09:
            return self.composer.short()
        scene = Scene(platform, self._region(author, topic))
        clauses = 1 if rng.random() < 0.7 else 2
        body = self.composer.compose(scene, topic, tone, clauses)
        body = self.composer.roughen(body, author.style, _tone_key(tone))
        tags = []
        if topic == "issue" and t >= self.story.issue_start and rng.random() < 0.15:
            tags.append(pick(rng, vocab.ISSUE_HASHTAGS))
        return body + self._tag_block(platform, tags)

    def _reply(self, platform: str, parent: _Post, author: Author, t: int) -> _Post:
        topic, tone = self._reply_topic(parent, t)
        text = self._reply_text(platform, author, topic, tone, t)
        if platform == "youtube":
            parent_is_comment = parent.video is not None
        else:
            parent_is_comment = parent.reply_to is not None or parent.thread is not None
        if platform == "x" or (
            platform in ("instagram", "youtube") and parent_is_comment and self.rng.random() < 0.7
        ):
            text = "@" + parent.author.handle + " " + text
        post = _Post(
            t=t,
            platform=platform,
            id="",
            author=author,
            text=text,
            topic="reply_" + topic,
            reply_to=parent,
        )
        if platform != "x":
            post.thread = parent.thread or parent
        if platform == "youtube":
            # a reply in a comment thread, or a comment on one of the ministry's videos
            post.video = parent.video or parent.id
        self._identify(post)
        self._engage(post, 0.3)
        if topic == "hoax_reply" and tone == "spread":
            self.hoax.append(post)
        return self._add(post)

    def _replies(self, platform: str, count: int) -> None:
        rng = self.rng
        if count <= 0:
            return
        parents = [
            p
            for p in self.by_platform[platform]
            if p.repost_of is None and p.t < WEEK - 120 and p.topic != "ring"
        ]
        deep = platform in ("x", "facebook", "instagram")
        first_wave = round(count * 0.8) if deep else count
        cum = list(accumulate(self._reply_weight(p) for p in parents))
        pool = self.people[platform]
        wave: list[_Post] = []
        for parent in rng.choices(parents, cum_weights=cum, k=first_wave):
            t = self._after(parent.t, 40 * 60)
            wave.append(self._reply(platform, parent, pool.pick(rng), t))
        if count > first_wave:
            second = [p for p in wave if p.t < WEEK - 120]
            cum = list(accumulate(1.0 + (p.likes or 0) for p in second))
            for parent in rng.choices(second, cum_weights=cum, k=count - first_wave):
                author = pool.pick(rng)
                if author is parent.author:
                    author = parent.reply_to.author if parent.reply_to else author
                t = self._after(parent.t, 25 * 60)
                self._reply(platform, parent, author, t)

    def _care_replies(self, platform: str, count: int) -> int:
        """The ministry answering complaints addressed to it; returns how many it wrote."""
        rng = self.rng
        if count <= 0:
            return 0
        handle = "@" + INSTITUTION.official_handles[platform]
        complaints = [
            p
            for p in self.by_platform[platform]
            if p.topic == "issue" and p.t < WEEK - 6 * HOUR and handle in p.text
        ]
        author = self.official_accounts[platform]
        for parent in rng.sample(complaints, min(count, len(complaints))):
            t = parent.t + rng.randrange(15 * 60, 4 * HOUR)
            text = pick(rng, phrases.OFFICIAL_CARE_REPLIES) + " 🙏"
            if platform == "x":
                text = "@" + parent.author.handle + " " + text
            post = _Post(
                t=t,
                platform=platform,
                id="",
                author=author,
                text=text,
                topic="official_care",
                reply_to=parent,
            )
            if platform != "x":
                post.thread = parent.thread or parent
            self._identify(post)
            self._engage(post, 0.2)
            self._add(post)
            self.official_posts.append(post)
        return min(count, len(complaints))

    def _reposts(self, n_reposts: int, n_quotes: int) -> None:
        rng = self.rng
        originals = [
            p
            for p in self.by_platform["x"]
            if p.repost_of is None and p.t < WEEK - 120 and p.topic != "ring"
        ]
        hoax_ids = {p.id for p in self.hoax}

        def weight(p: _Post) -> float:
            w = 1.0 + min(p.reposts or 0, 5000) ** 0.8
            return w * 3 if p.id in hoax_ids else w

        cum = list(accumulate(weight(p) for p in originals))
        pool = self.people["x"]
        for original in rng.choices(originals, cum_weights=cum, k=n_reposts):
            author = pool.pick(rng)
            t = self._after(original.t, 90 * 60)
            text = f"RT @{original.author.handle}: {original.text}"
            post = _Post(
                t=t,
                platform="x",
                id="",
                author=author,
                text=text,
                topic="repost",
                repost_of=original,
                likes=0,
                reposts=0,
                replies=0,
            )
            self._identify(post)
            self._add(post)
            if original.id in hoax_ids:
                self.hoax.append(post)
        for original in rng.choices(originals, cum_weights=cum, k=n_quotes):
            author = pool.pick(rng)
            t = self._after(original.t, 60 * 60)
            topic, tone = self._reply_topic(original, t)
            if topic == "hoax_reply":
                tone = "neg"  # quoting to question it, not to spread it
            text = self._reply_text("x", author, topic, tone, t)
            post = _Post(
                t=t,
                platform="x",
                id="",
                author=author,
                text=text,
                topic="quote_" + topic,
                quote_of=original,
            )
            self._identify(post)
            self._engage(post, 0.6)
            self._add(post)

    def _reconcile_counts(self) -> None:
        """Make public counters at least the number of replies/reposts present in the data."""
        replies = Counter(id(p.reply_to) for p in self.posts if p.reply_to is not None)
        reposts = Counter(id(p.repost_of) for p in self.posts if p.repost_of is not None)
        for p in self.posts:
            n = replies.get(id(p), 0)
            if n and p.replies is not None:
                p.replies = max(p.replies, n)
            n = reposts.get(id(p), 0)
            if n and p.reposts is not None:
                p.reposts = max(p.reposts, n)

    # --- the single narrative ----------------------------------------------------------------

    def _narrative(self) -> None:
        """Official accounts of other institutions carry the coordinator's key message (see the
        module docstring). Runs last, so the rest of the week does not depend on it."""
        rng = self.rng
        release = self.story.narrative_release
        jakarta = next(r for r in vocab.REGIONS if r.name == "Jakarta Selatan")
        paraphrases = 0
        hashtag_only = 0
        planned: list[tuple[_Post, bool]] = []  # (post, by an asked account)
        for account in vocab.NARRATIVE_ACCOUNTS:
            if account.behaviour == "none":
                continue
            author = Author(
                handle=account.handle,
                name=account.name,
                followers=account.followers,
                verified=True,
                style=STYLES["formal"],
                region=jakarta,
                kind="official",
                uid=rng.randrange(100_000_000_000_000, 100_099_999_999_999),
            )
            if account.behaviour == "paraphrase":
                text = self._narrative_paraphrase(paraphrases, account)
                paraphrases += 1
            elif account.behaviour == "hashtag":
                options = vocab.NARRATIVE_HASHTAG_ONLY
                text = options[hashtag_only % len(options)] + " #" + vocab.NARRATIVE_HASHTAG
                hashtag_only += 1
            elif account.behaviour == "link":
                text = vocab.NARRATIVE_LINK_SHARE + " " + vocab.NARRATIVE_LINK
            else:  # copy
                text = vocab.NARRATIVE_MESSAGE + "\n\n#" + vocab.NARRATIVE_HASHTAG
                if account.platform == "instagram":
                    text += " #Nataru\nInfo lengkap: tautan di bio."
                else:
                    text += " " + vocab.NARRATIVE_LINK
            delays = [account.delay_minutes]
            if account.again_minutes:
                delays.append(account.again_minutes)
            for n, minutes in enumerate(delays):
                if n:
                    text = self._narrative_paraphrase(paraphrases, account)
                    paraphrases += 1
                t = release + minutes * 60 + rng.randrange(0, 60)
                planned.append((self._narrative_post(account.platform, author, t, text), True))
        people = self.people["x"]
        volunteers: list[Author] = []
        for minutes, text in zip(
            vocab.NARRATIVE_VOLUNTEER_DELAYS_MINUTES, vocab.NARRATIVE_VOLUNTEER, strict=True
        ):
            author = people.pick(rng)
            while author in volunteers:
                author = people.pick(rng)
            volunteers.append(author)
            tag = (
                vocab.NARRATIVE_HASHTAG if len(volunteers) % 2 else vocab.NARRATIVE_HASHTAG.lower()
            )
            t = release + minutes * 60 + rng.randrange(0, 60)
            planned.append((self._narrative_post("x", author, t, text + " #" + tag), False))
        kept = self._make_room([p for p, _ in planned])
        for post, asked in planned:
            if id(post) in kept:
                self._add(post)
                (self.narrative_posts if asked else self.narrative_volunteers).append(post)

    def _narrative_paraphrase(self, index: int, account: vocab.NarrativeAccount) -> str:
        place = account.institution
        for prefix in ("Provinsi ", "Kabupaten ", "Kota "):
            if prefix in place:
                place = place.split(prefix, 1)[1]
        options = vocab.NARRATIVE_PARAPHRASES
        text = options[index % len(options)].format(place=place)
        text += " #" + vocab.NARRATIVE_HASHTAG
        if account.platform == "facebook":
            text += "\n\nSelengkapnya: " + vocab.NARRATIVE_LINK
        return text

    def _narrative_post(self, platform: str, author: Author, t: int, text: str) -> _Post:
        post = _Post(t=t, platform=platform, id="", author=author, text=text, topic="narrative")
        self._identify(post)
        if platform == "instagram":
            post.media = [{"type": "photo", "url": self._media_url("photo", platform)}]
        self._engage(post, 1.5)
        return post

    def _make_room(self, new_posts: list[_Post]) -> set[int]:
        """Drop one everyday chatter post nobody replied to, reposted or quoted for each new
        post, so the week keeps its size; returns ids (``id()``) of the new posts that fit."""
        rng = self.rng
        referenced = {
            id(parent)
            for p in self.posts
            for parent in (p.reply_to, p.repost_of, p.quote_of, p.thread)
            if parent is not None
        }
        kept: set[int] = set()
        dropped: set[int] = set()
        for platform in PLATFORMS:
            wanted = [p for p in new_posts if p.platform == platform]
            if not wanted:
                continue
            spare = [
                p
                for p in self.by_platform[platform]
                if p.topic in _CHATTER_TOPICS and id(p) not in referenced
            ]
            # Asked accounts come first in ``new_posts``: a tiny week drops volunteers first.
            fitting = wanted[: len(spare)]
            dropped.update(id(p) for p in rng.sample(spare, len(fitting)))
            kept.update(id(p) for p in fitting)
        self.posts = [p for p in self.posts if id(p) not in dropped]
        for platform in PLATFORMS:
            self.by_platform[platform] = [
                p for p in self.by_platform[platform] if id(p) not in dropped
            ]
        return kept

    # --- output -----------------------------------------------------------------------------

    def as_dict(self, p: _Post) -> dict:
        out: dict = {
            "platform": p.platform,
            "id": p.id,
            "created_at": (self.start_naive + timedelta(seconds=p.t)).isoformat() + self.offset,
            "author": p.author.handle,
            "author_name": p.author.name,
        }
        if p.platform != "news":
            out["author_followers"] = p.author.followers
            out["author_verified"] = p.author.verified
        if p.url is not None:
            out["url"] = p.url
        if p.title is not None:
            out["title"] = p.title
        out["text"] = p.text
        if p.lang is not None:
            out["lang"] = p.lang
        if p.reply_to is not None:
            out["reply_to"] = p.reply_to.id
        if p.repost_of is not None:
            out["repost_of"] = p.repost_of.id
        if p.quote_of is not None:
            out["quote_of"] = p.quote_of.id
        searchable = p.text if p.title is None else p.title + "\n" + p.text
        out["hashtags"] = extract_hashtags(searchable)
        out["mentions"] = extract_mentions(searchable)
        if p.media:
            out["media"] = p.media
        if p.likes is not None:
            out["likes"] = p.likes
        if p.reposts is not None:
            out["reposts"] = p.reposts
        if p.replies is not None:
            out["replies"] = p.replies
        if p.views is not None:
            out["views"] = p.views
        return out

    def truth(self) -> DemoTruth:
        s = self.story
        start_utc = self.start.astimezone(UTC)

        def at(t: int) -> datetime:
            return start_utc + timedelta(seconds=t)

        counts = Counter(p.platform for p in self.posts)
        assert self.popular_article is not None and self.popular_article.url is not None
        return DemoTruth(
            start=start_utc,
            end=at(WEEK),
            announcement_at=at(s.announcement),
            issue_start=at(s.issue_start),
            issue_peak=at(s.issue_peak),
            ring_handles=frozenset(p.author.handle for p in self.ring_posts),
            ring_post_ids=frozenset(p.id for p in self.ring_posts),
            hoax_post_ids=frozenset(p.id for p in self.hoax),
            official_post_ids=frozenset(p.id for p in self.official_posts),
            news_post_ids=frozenset(p.id for p in self.by_platform["news"]),
            popular_link=self.popular_article.url,
            counts_by_platform={p: counts[p] for p in PLATFORMS},
            hoax_start=at(s.hoax_start),
            clarification_at=at(s.clarification),
            ring_bursts=tuple(at(t) for t in self.ring_burst_times),
            narrative_release_at=at(s.narrative_release),
            narrative_first_posts=self._narrative_first_posts(at),
            narrative_post_ids=frozenset(
                p.id for p in self.narrative_posts + self.narrative_volunteers
            ),
            narrative_volunteers=frozenset(
                (p.platform, p.author.handle) for p in self.narrative_volunteers
            ),
        )

    def _narrative_first_posts(
        self, at: Callable[[int], datetime]
    ) -> tuple[tuple[str, str, datetime], ...]:
        first: dict[tuple[str, str], int] = {}
        for p in self.narrative_posts:
            key = (p.platform, p.author.handle)
            first[key] = min(first.get(key, p.t), p.t)
        ordered = sorted(first.items(), key=lambda item: (item[1], item[0]))
        return tuple((platform, handle, at(t)) for (platform, handle), t in ordered)


def _tone_key(tone: str) -> str:
    if tone in ("neg", "pos", "neu"):
        return tone
    return "neg" if tone == "spread" else "neu"

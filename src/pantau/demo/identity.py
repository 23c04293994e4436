"""Accounts and identifiers that look like the real platforms' ones.

X and TikTok ids carry their creation time the way the real ones do (X snowflakes, TikTok's
seconds in the high 32 bits), so an analyst who decodes them finds ``created_at`` again.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from itertools import accumulate
from random import Random

from pantau.demo import vocab
from pantau.demo.text import Style, pick, pick_cumulative, pick_style

X_EPOCH_MS = 1_288_834_974_657
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(slots=True)
class Author:
    handle: str
    name: str
    followers: int
    verified: bool
    style: Style
    region: vocab.Region
    kind: str  # "person", "influencer", "media", "official" or "ring"
    uid: int  # numeric account id (used in Facebook ids)


# --- ids ----------------------------------------------------------------------------------


def x_id(rng: Random, unix_ms: int) -> str:
    return str(((unix_ms - X_EPOCH_MS) << 22) | (rng.getrandbits(10) << 12) | rng.getrandbits(12))


def tiktok_id(rng: Random, unix_s: int) -> str:
    return str((unix_s << 32) | rng.getrandbits(32))


def instagram_media_id(rng: Random) -> int:
    return rng.randrange(3_450_000_000_000_000_000, 3_560_000_000_000_000_000)


def instagram_shortcode(media_id: int) -> str:
    chars = []
    while media_id:
        media_id, rem = divmod(media_id, 64)
        chars.append(B64[rem])
    return "".join(reversed(chars))


def instagram_comment_id(rng: Random) -> str:
    return str(rng.randrange(17_850_000_000_000_000, 18_500_000_000_000_000))


def facebook_number(rng: Random) -> int:
    return rng.randrange(100_000_000_000_000, 1_300_000_000_000_000)


def youtube_video_id(rng: Random) -> str:
    return random_token(rng, 11, B64)


def youtube_comment_id(rng: Random) -> str:
    return "Ug" + pick(rng, "wxyz") + random_token(rng, 16, B64) + "4AaABAg"


def youtube_reply_id(rng: Random, parent_id: str) -> str:
    return parent_id + "." + random_token(rng, 22, B64[:62])


def news_id(url: str) -> str:
    return hashlib.blake2b(url.encode(), digest_size=8).hexdigest()


def random_token(rng: Random, n: int, alphabet: str = _LOWER_ALNUM) -> str:
    return "".join(rng.choices(alphabet, k=n))


# --- handles and names --------------------------------------------------------------------


def _digits(rng: Random) -> str:
    return str(pick(rng, (rng.randrange(1, 100), rng.randrange(70, 100), rng.randrange(0, 10000))))


def _clip_x(handle: str) -> str:
    handle = "".join(c for c in handle if c.isalnum() or c == "_")
    return handle[:15]


def person_handle(rng: Random, platform: str, first: str, last: str) -> str:
    f, la = first.lower(), last.lower()
    w = pick(rng, vocab.HANDLE_WORDS)
    r = rng.random()
    if platform == "x":
        if r < 0.25:
            return _clip_x(f + la[: rng.randrange(1, 6)] + _digits(rng))
        if r < 0.45:
            return _clip_x(f + "_" + w)
        if r < 0.6:
            return _clip_x(w + f.capitalize())
        if r < 0.75:
            return _clip_x(f"{w}_{pick(rng, vocab.HANDLE_WORDS)}{_digits(rng)}")
        if r < 0.88:
            return _clip_x(first + last)
        return _clip_x("si" + w + _digits(rng))
    if platform == "instagram":
        if r < 0.3:
            return f"{f}.{la}"
        if r < 0.5:
            return f"{w}.{f}"
        if r < 0.7:
            return f"{f}_{w}{_digits(rng)}"
        if r < 0.85:
            return f"{f}{la}.id"
        return f"{f}{f[-1]}_{la}"
    if platform == "facebook":
        return f"{f}.{la}.{rng.randrange(1, 10_000)}"
    if platform == "tiktok":
        if r < 0.15:
            return "user" + str(rng.randrange(10**9, 10**10))
        if r < 0.45:
            return f"{f}{w}"
        if r < 0.75:
            return f"{w}.{f}{_digits(rng)}"
        return f"_{f}_{la[:4]}"
    # youtube: new-style auto handles ("BudiSantoso-xy3kp") and chosen ones
    if r < 0.4:
        return f"{first}{last}-{random_token(rng, 5)}"
    if r < 0.7:
        return f"{f}{la}{_digits(rng)}"
    return f"{w.capitalize()}{first}"


def person_name(rng: Random, first: str, last: str) -> str:
    r = rng.random()
    if r < 0.5:
        return f"{first} {last}"
    if r < 0.65:
        return first
    if r < 0.78:
        return f"{pick(rng, vocab.NAME_PREFIXES)} {first}"
    if r < 0.9:
        return f"{first} {last} {pick(rng, vocab.NAME_DECORATIONS)}"
    return f"{first}{pick(rng, ('', ' ', '_'))}{pick(rng, vocab.HANDLE_WORDS)}"


_RING_FIRST = ("tani", "desa", "sawah", "warga", "suara")
_RING_SECOND = ("jujur", "kritis", "bangkit", "peduli", "cerdas", "berani")


def ring_handle(rng: Random) -> str:
    first, second = pick(rng, _RING_FIRST), pick(rng, _RING_SECOND)
    return f"{first}{second}{pick(rng, ('', '_'))}{rng.randrange(10, 100)}"


# --- pools --------------------------------------------------------------------------------


class AuthorPool:
    """Accounts of one platform with heavy-tailed activity: a few post a lot."""

    def __init__(self, authors: list[Author], activity: list[float]) -> None:
        self.authors = authors
        self._cum = list(accumulate(activity))

    def pick(self, rng: Random) -> Author:
        return pick_cumulative(rng, self.authors, self._cum)


_FOLLOWER_MU = {"x": 5.2, "instagram": 5.6, "facebook": 5.5, "tiktok": 5.8, "youtube": 3.6}


def build_people(rng: Random, platform: str, size: int, taken: set[str]) -> AuthorPool:
    """Ordinary accounts (and a few influencers) of one platform."""
    region_cum = list(accumulate(r.weight for r in vocab.REGIONS))
    regions = rng.choices(vocab.REGIONS, cum_weights=region_cum, k=size)
    authors: list[Author] = []
    activity: list[float] = []
    mu = _FOLLOWER_MU[platform]
    for region in regions:
        first = pick(rng, vocab.FIRST_NAMES)
        last = pick(rng, vocab.LAST_NAMES)
        handle = person_handle(rng, platform, first, last)
        while handle in taken:
            handle = (handle[:12] if platform == "x" else handle) + str(rng.randrange(10, 1000))
        taken.add(handle)
        influencer = rng.random() < 0.015
        if influencer:
            followers = int(10 ** rng.uniform(4.5, 6.4))
            verified = rng.random() < 0.6
            kind = "influencer"
            style = pick_style(rng, region.province)
        else:
            followers = int(math.exp(rng.gauss(mu, 1.5)))
            verified = followers > 50_000 and rng.random() < 0.2
            kind = "person"
            style = pick_style(rng, region.province)
        authors.append(
            Author(
                handle=handle,
                name=person_name(rng, first, last),
                followers=followers,
                verified=verified,
                style=style,
                region=region,
                kind=kind,
                uid=rng.randrange(100_000_000_000_000, 100_099_999_999_999),
            )
        )
        activity.append(min(rng.paretovariate(1.3), 120.0))
    return AuthorPool(authors, activity)


def build_ring(rng: Random, size: int, taken: set[str]) -> list[Author]:
    """Young accounts with few followers and look-alike names, run by one operator."""
    ring: list[Author] = []
    region_cum = list(accumulate(r.weight for r in vocab.REGIONS))
    while len(ring) < size:
        handle = ring_handle(rng)
        if handle in taken:
            continue
        taken.add(handle)
        words = handle.rstrip("0123456789_")
        for first in _RING_FIRST:
            if words.startswith(first):
                words = f"{first.capitalize()} {words[len(first) :].capitalize()}"
                break
        name = f"{words} {handle[-2:]}" if rng.random() < 0.6 else words
        ring.append(
            Author(
                handle=handle,
                name=name,
                followers=rng.randrange(0, 120),
                verified=False,
                style=pick_style(rng, ""),
                region=rng.choices(vocab.REGIONS, cum_weights=region_cum)[0],
                kind="ring",
                uid=rng.randrange(100_000_000_000_000, 100_099_999_999_999),
            )
        )
    return ring


def media_accounts(rng: Random, platform: str, taken: set[str]) -> list[Author]:
    """The outlets' own social accounts, which share their articles."""
    accounts = []
    jakarta = next(r for r in vocab.REGIONS if r.name == "Jakarta Selatan")
    for outlet in vocab.OUTLETS:
        handle = outlet.x_handle if platform == "x" else outlet.domain.split(".")[0]
        if handle in taken:
            continue
        taken.add(handle)
        accounts.append(
            Author(
                handle=handle,
                name=outlet.name,
                followers=int(10 ** rng.uniform(3.8, 6.0) * outlet.weight),
                verified=rng.random() < 0.5,
                style=pick_style(rng, ""),
                region=jakarta,
                kind="media",
                uid=rng.randrange(100_000_000_000_000, 100_099_999_999_999),
            )
        )
    return accounts


# --- media --------------------------------------------------------------------------------


def photo_url(rng: Random, platform: str) -> str:
    if platform == "x":
        return f"https://pbs.twimg.com/media/{random_token(rng, 15, B64[:62])}.jpg"
    if platform == "instagram":
        nums = "_".join(str(rng.randrange(10**9, 10**10)) for _ in range(3))
        return f"https://scontent.cdninstagram.com/v/t51.29350-15/{nums}_n.jpg"
    nums = "_".join(str(rng.randrange(10**9, 10**10)) for _ in range(3))
    return f"https://scontent.fcgk1-1.fna.fbcdn.net/v/t39.30808-6/{nums}_n.jpg"


def video_url(rng: Random, platform: str) -> str:
    if platform == "tiktok":
        return (
            f"https://v16-webapp.tiktok.com/{random_token(rng, 32, '0123456789abcdef')}/video.mp4"
        )
    if platform == "x":
        return f"https://video.twimg.com/ext_tw_video/{rng.randrange(10**18, 2 * 10**18)}/vid.mp4"
    return f"https://video.fcgk1-1.fna.fbcdn.net/v/t42.1790-2/{rng.randrange(10**9, 10**10)}_n.mp4"

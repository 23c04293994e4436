"""What kind of account a handle is, from its name alone: government, media, influencer or
citizen (a heuristic; a workspace's own account lists override it, see
:mod:`pantau.network.accounts`)."""

from __future__ import annotations

INFLUENCER_FOLLOWERS = 100_000
GOVERNMENT_WORDS = (
    "kemen",
    "kementerian",
    "dinas",
    "pemkab",
    "pemprov",
    "pemkot",
    "humas",
    "go.id",
    "bpbd",
    "setda",
    "diskominfo",
)
MEDIA_WORDS = (
    "news",
    "berita",
    "media",
    "tv",
    "kabar",
    "harian",
    "warta",
    "pos",
    "times",
    "online",
    "kompas",
    "detik",
    "tempo",
    "antara",
    "tribun",
    "radar",
    "liputan",
    ".com",
    ".co.id",
    ".id",
)


def account_type(platform: str, handle: str, name: str | None, followers: int | None) -> str:
    text = f"{handle} {name or ''}".lower()
    if any(w in text for w in GOVERNMENT_WORDS):
        return "government"
    if platform == "news" or any(w in text for w in MEDIA_WORDS):
        return "media"
    if followers is not None and followers >= INFLUENCER_FOLLOWERS:
        return "influencer"
    return "citizen"

"""Platform names as tools and people write them, and the platform a permalink belongs to."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pantau.ingest.canonical import PLATFORM_ALIASES

# words in tools' source-type columns and in hand-kept sheets, beside the canonical aliases
PLATFORM_WORDS = PLATFORM_ALIASES | {
    "twitter/x": "x",
    "x (twitter)": "x",
    "x/twitter": "x",
    "tweet": "x",
    "instagram": "instagram",
    "insta": "instagram",
    "facebook": "facebook",
    "tik tok": "tiktok",
    "you tube": "youtube",
    "news": "news",
    "onlinenews": "news",
    "online news": "news",
    "media online": "news",
    "berita online": "news",
    "portal berita": "news",
    "situs berita": "news",
    "telegram": "telegram",
}
# single words that name a platform inside a longer value ("SOCIALMEDIA_TWITTER", "Facebook
# Page", "Online News"), and the kinds of source listening tools report that Pantau stores as
# "other" (a blog or a forum is not a typo)
_TOKENS = {
    "twitter": "x",
    "instagram": "instagram",
    "facebook": "facebook",
    "tiktok": "tiktok",
    "youtube": "youtube",
    "news": "news",
    "onlinenews": "news",
    "berita": "news",
    "telegram": "telegram",
    "bluesky": "bluesky",
    "mastodon": "mastodon",
    **dict.fromkeys(
        (
            "blog",
            "blogs",
            "forum",
            "forums",
            "messageboard",
            "reddit",
            "review",
            "reviews",
            "podcast",
            "podcasts",
            "tumblr",
            "threads",
            "linkedin",
            "pinterest",
            "twitch",
        ),
        "other",
    ),
}
_HOSTS = {
    "x.com": "x",
    "twitter.com": "x",
    "t.co": "x",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.watch": "facebook",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "t.me": "telegram",
    "bsky.app": "bluesky",
}
_SPLIT = re.compile(r"[^a-z0-9]+")


def platform_of(value: str) -> str | None:
    """The canonical platform a value names, or None."""
    key = " ".join(value.strip().lower().split())
    found = PLATFORM_WORDS.get(key)
    if found:
        return found
    for token in _SPLIT.split(key):
        if token in _TOKENS:
            return _TOKENS[token]
    return None


def platform_of_url(url: str) -> str | None:
    """The platform of a permalink by its host (``www.``, ``m.`` and ``mobile.`` aside)."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    for prefix in ("www.", "m.", "mobile.", "web.", "vm.", "vt."):
        host = host.removeprefix(prefix)
    return _HOSTS.get(host)

"""Records that cross package boundaries (importers -> store -> analysis)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PLATFORMS = (
    "x",
    "facebook",
    "instagram",
    "tiktok",
    "youtube",
    "news",
    "bluesky",
    "mastodon",
    "telegram",
    "other",
)


@dataclass(slots=True)
class PostRecord:
    """One post in canonical form, ready to store. Times are naive UTC."""

    platform: str
    external_id: str
    key_kind: str  # "id", "url" or "hash": how external_id was obtained
    created_at: datetime
    collected_at: datetime
    text: str
    raw: str
    raw_format: str
    title: str | None = None
    author: str | None = None
    author_name: str | None = None
    author_followers: int | None = None
    author_verified: bool | None = None
    url: str | None = None
    lang: str | None = None
    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    views: int | None = None
    reply_to: str | None = None
    repost_of: str | None = None
    quote_of: str | None = None
    hashtags: list[str] | None = None
    mentions: list[str] | None = None
    media: list[dict] | None = None
    flags: list[str] = field(default_factory=list)

    def metrics(self) -> tuple:
        """What a newer copy of the same post may change."""
        return (self.text, self.title, self.likes, self.reposts, self.replies, self.views)


@dataclass(frozen=True, slots=True)
class Workspace:
    id: int
    slug: str
    name: str
    kind: str
    timezone: str
    created_at: datetime
    province_code: str | None = None  # Kemendagri code, "33"
    regency_code: str | None = None  # Kemendagri code, "33.05"


@dataclass(slots=True)
class WriteCounts:
    new: int = 0
    updated: int = 0
    duplicate: int = 0

    def add(self, other: WriteCounts) -> None:
        self.new += other.new
        self.updated += other.updated
        self.duplicate += other.duplicate

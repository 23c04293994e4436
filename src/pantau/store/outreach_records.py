"""What an export reader yields and what the outreach store returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

POST_METRICS = ("views", "reach", "impressions", "likes", "comments", "shares", "saves", "clicks")


@dataclass(frozen=True, slots=True)
class ChannelRef:
    """An account as a file names it: platform plus a stable handle (username or page id)."""

    platform: str
    handle: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Channel:
    id: int
    platform: str
    handle: str
    name: str | None

    @property
    def label(self) -> str:
        shown = self.name if self.name and self.name != self.handle else f"@{self.handle}"
        return f"{self.platform}:{shown}"


@dataclass(slots=True)
class PostItem:
    """Lifetime metrics of one owned post, as of the day the file was downloaded."""

    line: int
    post_id: str
    published_at: datetime  # naive UTC
    time_known: bool  # False when the file gives only the day
    raw: str
    channel: ChannelRef | None = None
    caption: str | None = None
    post_type: str | None = None
    permalink: str | None = None
    views: int | None = None
    reach: int | None = None
    impressions: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    clicks: int | None = None
    extra: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class DailyItem:
    """One account-level metric on one day (in the account's time zone as the file gives it)."""

    line: int
    metric: str
    day: date
    value: float
    raw: str
    channel: ChannelRef | None = None


@dataclass(slots=True)
class AudienceItem:
    """One slice of the audience (a city, an age band, an hour of follower activity)."""

    line: int
    dimension: str
    key: str
    value: float
    as_of: date
    raw: str
    channel: ChannelRef | None = None


@dataclass(slots=True)
class RowProblem:
    """A row that is not stored: rejected (bad data) or skipped (a total, a note line)."""

    line: int
    reason: str
    raw: str
    skipped: bool = False


Item = PostItem | DailyItem | AudienceItem | RowProblem


@dataclass(frozen=True, slots=True)
class PostFacts:
    """An owned post as the analyses read it."""

    channel_id: int
    post_id: str
    published_at: datetime  # naive UTC
    time_known: bool
    post_type: str | None
    views: int | None
    reach: int | None
    impressions: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    saves: int | None
    clicks: int | None


@dataclass(slots=True)
class OutreachCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: OutreachCounts) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged


@dataclass(frozen=True, slots=True)
class Audience:
    """A campaign's target audience; an empty list means any."""

    id: int
    name: str
    ages: tuple[str, ...]  # "18-24", "65+"
    genders: tuple[str, ...]  # "F", "M"
    regions: tuple[str, ...]  # province or city names


@dataclass(frozen=True, slots=True)
class Goal:
    id: int
    name: str
    objective: str  # awareness, engagement, participation, reputation
    metric: str
    target: float
    starts_on: date
    ends_on: date
    channel_ids: tuple[int, ...]  # empty: every owned channel
    audience_id: int | None
    notes: str | None


@dataclass(frozen=True, slots=True)
class PlanItem:
    id: int
    title: str
    pillar: str | None
    content_type: str
    channel_ids: tuple[int, ...]
    scheduled_at: datetime  # naive UTC
    agenda_item_id: int | None
    goal_id: int | None
    audience_id: int | None
    owner: str | None
    status: str
    created_by: str
    approved_by: str | None
    approved_at: datetime | None
    notes: str | None
    captions: dict[str, str] = field(default_factory=dict)  # platform -> text


@dataclass(frozen=True, slots=True)
class PlanLink:
    plan_item_id: int
    channel_id: int
    post_id: str
    score: float
    method: str  # auto, manual


@dataclass(frozen=True, slots=True)
class OwnedPost:
    """An owned post with its caption, for linking posts to the plan."""

    channel_id: int
    post_id: str
    published_at: datetime  # naive UTC
    caption: str | None
    permalink: str | None

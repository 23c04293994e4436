"""Who did what in the spread of one issue: the accounts that started it, those that carried
it furthest, and — shown apart — the fact-checkers, the official accounts and the media.

From the issue's own posts (never the whole workspace):

* **fact-checkers**: only accounts known as fact-checking services, by their name
  (``CHECKER_WORDS``); an account that debunks a claim is not one for that alone;
* **official accounts**: government accounts (the workspace's account list first, else the
  name heuristic of :mod:`pantau.text.account_type`);
* **media**: news outlets and media accounts (the same list and heuristic), which report on
  a claim rather than start or spread it;
* **originators**: the first ``ORIGINATORS`` other accounts to post an original (not a
  repost) — among the posts spreading a known false claim when the issue carries one;
* **amplifiers**: the other accounts by reach (followers, then engagement their posts in the
  issue received), at most ``AMPLIFIERS``.

An account *spreads the hoax* when it posted the known false claim and never debunked it in
the issue (``IssueActor.spreads_hoax``); one that did both is not marked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from pantau.network.accounts import listed_accounts
from pantau.records import Workspace
from pantau.store.network import issue_post_authors, profiles_of
from pantau.text.account_type import account_type

ORIGINATORS = 3
AMPLIFIERS = 5
CHECKER_WORDS = ("cekfakta", "cek fakta", "turnbackhoax", "mafindo", "periksafakta", "hoaxbuster")
SPREADS, DEBUNKS = "menyebarkan", "membantah"
GROUPS = ("originators", "amplifiers", "checkers", "officials", "media")


@dataclass(slots=True)
class IssueActor:
    platform: str
    handle: str
    name: str | None
    followers: int | None
    posts: int = 0
    engagement: int = 0
    first_at: datetime | None = None
    spreads: int = 0  # posts spreading a known claim
    debunks: int = 0  # posts debunking one
    reposts: int = 0

    @property
    def spreads_hoax(self) -> bool:
        """Posted a known false claim and never debunked it in this issue."""
        return self.spreads > 0 and not self.debunks


@dataclass(slots=True)
class IssueRoles:
    originators: list[IssueActor]
    amplifiers: list[IssueActor]
    checkers: list[IssueActor]
    officials: list[IssueActor]
    media: list[IssueActor] = field(default_factory=list)

    @property
    def accounts(self) -> list[tuple[str, str]]:
        return [(a.platform, a.handle) for group in GROUPS for a in getattr(self, group)]


def _is_checker(actor: IssueActor) -> bool:
    text = f"{actor.handle} {actor.name or ''}".lower()
    return any(word in text or word.replace(" ", "") in text for word in CHECKER_WORDS)


def _tally(rows: list[dict], profiles: Mapping[tuple[str, str], dict]) -> list[IssueActor]:
    """One entry per account, in the order of its first post."""
    found: dict[tuple[str, str], IssueActor] = {}
    for row in rows:
        key = (row["platform"], row["author"])
        actor = found.get(key)
        if actor is None:
            profile = profiles.get(key, {})
            actor = found[key] = IssueActor(
                key[0], key[1], profile.get("name"), profile.get("followers"), first_at=None
            )
        actor.posts += 1
        actor.engagement += int(row["engagement"] or 0)
        actor.reposts += bool(row["is_repost"])
        actor.spreads += row["stance"] == SPREADS
        actor.debunks += row["stance"] == DEBUNKS
        if actor.first_at is None:
            actor.first_at = row["created_at"]
    return list(found.values())


def _most_posts(actor: IssueActor) -> tuple[int, int, str]:
    return (-actor.posts, -actor.engagement, actor.handle)


def issue_roles(engine: Engine, workspace: Workspace, issue_id: int) -> IssueRoles:
    """The accounts of an issue by their role in its spread (see the module docstring)."""
    with engine.connect() as conn:
        rows = issue_post_authors(conn, workspace.id, issue_id)
        profiles = profiles_of(conn, workspace.id, [(r["platform"], r["author"]) for r in rows])
    listed = listed_accounts(engine, workspace)
    actors = _tally(rows, profiles)
    checkers, officials, media, others = [], [], [], []
    for actor in actors:
        known = listed.get((actor.platform, actor.handle.lower()))
        kind = (
            known["type"]
            if known
            else account_type(actor.platform, actor.handle, actor.name, actor.followers)
        )
        if _is_checker(actor):
            checkers.append(actor)
        elif kind == "government":
            officials.append(actor)
        elif kind == "media":
            media.append(actor)
        else:
            others.append(actor)
    spreading = [r for r in rows if r["stance"] == SPREADS]
    starters = spreading or [r for r in rows if not r["is_repost"]]
    by_key = {(a.platform, a.handle): a for a in others}
    originators: list[IssueActor] = []
    for row in starters:
        starter = by_key.get((row["platform"], row["author"]))
        if starter is not None and starter not in originators:
            originators.append(starter)
        if len(originators) == ORIGINATORS:
            break
    rest = [a for a in others if a not in originators]
    rest.sort(key=lambda a: (-(a.followers or 0), -a.engagement, -a.posts, a.handle))
    return IssueRoles(
        originators,
        rest[:AMPLIFIERS],
        sorted(checkers, key=_most_posts)[:AMPLIFIERS],
        sorted(officials, key=_most_posts)[:AMPLIFIERS],
        sorted(media, key=_most_posts)[:AMPLIFIERS],
    )


def roles_payload(roles: IssueRoles) -> dict[str, list[dict]]:
    """The roles as stored with the issue's network (``networks`` stage)."""
    return {
        group: [
            {**asdict(a), "first_at": a.first_at.isoformat() if a.first_at else None}
            for a in getattr(roles, group)
        ]
        for group in GROUPS
    }


def roles_from_payload(payload: Mapping[str, list[dict]] | None) -> IssueRoles:
    """The stored roles back (no roles when the issue's network is not computed yet)."""

    def actor(d: dict) -> IssueActor:
        first = d.get("first_at")
        return IssueActor(**{**d, "first_at": datetime.fromisoformat(first) if first else None})

    payload = payload or {}
    return IssueRoles(*([actor(d) for d in payload.get(group, [])] for group in GROUPS))

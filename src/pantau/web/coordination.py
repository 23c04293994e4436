"""The *Koordinasi* pages: the groups of accounts the coordination stage found acting together
(stored, so the page reads a few rows), and one group with its accounts, its issues and the
posts they made together, grouped by message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from pantau.network.campaigns import Campaign, stored_campaign, stored_campaigns
from pantau.network.coordination import simple_normalize
from pantau.store.coordination import issue_labels
from pantau.store.monitor import posts_by_id
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page
from pantau.web.views import harmless

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Message:
    """Posts of a group carrying one message (same normalised text)."""

    text: str
    accounts: list[str]
    first: datetime
    last: datetime
    posts: int


def _messages(rows: list) -> list[Message]:
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(simple_normalize(row.text) or f"#{row.id}", []).append(row)
    found = []
    for posts in grouped.values():
        posts.sort(key=lambda p: p.created_at)
        accounts = sorted({f"@{p.author}" for p in posts if p.author})
        found.append(
            Message(
                harmless(posts[0].text)[:500],
                accounts,
                posts[0].created_at,
                posts[-1].created_at,
                len(posts),
            )
        )
    found.sort(key=lambda m: (-len(m.accounts), m.first))
    return found


def _issue_labels(request: Request, access: Access, groups: list[Campaign]) -> dict:
    with web(request).engine.connect() as conn:
        found = issue_labels(conn, access.workspace.id, [i for g in groups for i in g.issues])
    return {i: harmless(label) for i, label in found.items()}


@router.get("/w/{slug}/koordinasi")
def coordination_page(request: Request, access: PageAccess) -> Response:
    groups = stored_campaigns(web(request).engine, access.workspace)
    return render_page(
        request,
        "coordination.html",
        access,
        "coordination",
        groups=groups,
        issue_labels=_issue_labels(request, access, groups),
    )


@router.get("/w/{slug}/koordinasi/{key}")
def campaign_page(request: Request, access: PageAccess, key: str) -> Response:
    engine = web(request).engine
    group = stored_campaign(engine, access.workspace, key) if key.isalnum() else None
    if group is None:
        raise HTTPException(404)
    with engine.connect() as conn:
        posts = posts_by_id(conn, access.workspace.id, group.evidence)
    return render_page(
        request,
        "campaign.html",
        access,
        "coordination",
        group=group,
        messages=_messages(posts),
        issue_labels=_issue_labels(request, access, [group]),
    )

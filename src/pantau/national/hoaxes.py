"""Hoaxes spreading across institutions: the coordinator's shared claims and the posts each
workspace's matching found carrying them (from the stored matches)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from pantau.national.issues import CENTRAL
from pantau.store.national import shared_claim_matches
from pantau.store.workspaces import list_workspaces

WINDOW_DAYS = 30


@dataclass(frozen=True)
class InstitutionMatches:
    workspace: str
    institution: str
    region: str
    spreading: int
    matched: int


@dataclass(frozen=True)
class SharedHoax:
    claim_id: int
    claim: str
    verdict: str
    clarification: str | None
    institutions: list[InstitutionMatches]  # most spreading posts first

    @property
    def spreading(self) -> int:
        return sum(i.spreading for i in self.institutions)


def shared_hoaxes(engine: Engine, now: datetime, days: int = WINDOW_DAYS) -> list[SharedHoax]:
    """Shared claims matched in some workspace in the ``days`` before ``now``, the most
    widespread first."""
    spaces = {ws.id: ws for ws in list_workspaces(engine)}
    with engine.connect() as conn:
        rows = shared_claim_matches(conn, now - timedelta(days=days))
    found: dict[int, SharedHoax] = {}
    for r in rows:
        ws = spaces[r["workspace_id"]]
        hoax = found.setdefault(
            r["id"], SharedHoax(r["id"], r["claim"], r["verdict"], r["clarification"], [])
        )
        hoax.institutions.append(
            InstitutionMatches(
                ws.slug, ws.name, ws.province_code or CENTRAL, int(r["spreading"] or 0),
                int(r["matched"]),
            )
        )  # fmt: skip
    for hoax in found.values():
        hoax.institutions.sort(key=lambda i: (-i.spreading, -i.matched, i.workspace))
    return sorted(found.values(), key=lambda h: (-len(h.institutions), -h.spreading, h.claim_id))

"""Narasi tunggal at national level: each recent kit's adoption per institution and per region,
and the institutions asked that did not carry it (from each kit's stored matches)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from pantau.agenda.narrative_report import narrative_report
from pantau.national.issues import CENTRAL, OUTSIDE
from pantau.records import Workspace
from pantau.store.national import adoption_marker, kits_released_since
from pantau.store.workspaces import list_workspaces

WINDOW_DAYS = 30


@dataclass(frozen=True)
class InstitutionAdoption:
    institution: str
    workspace: str | None  # slug, when the institution is a workspace of the directory
    region: str  # province code, ``pusat``, or ``luar`` for an institution not in the directory
    asked: int
    posted: int
    adoption_rate: float
    not_posted: list[str]  # "platform/handle"

    @property
    def carried(self) -> bool:
        return self.posted > 0


@dataclass(frozen=True)
class RegionAdoption:
    region: str
    institutions: int
    carried: int
    asked: int
    posted: int

    @property
    def adoption_rate(self) -> float:
        return round(self.posted / self.asked, 4) if self.asked else 0.0


@dataclass(frozen=True)
class KitAdoption:
    kit_id: int
    title: str
    owner: str  # the workspace the kit was written in
    release_at: datetime
    institutions: list[InstitutionAdoption]
    regions: list[RegionAdoption]

    @property
    def did_not_carry(self) -> list[InstitutionAdoption]:
        return [i for i in self.institutions if not i.carried]


def _regions(rows: list[InstitutionAdoption]) -> list[RegionAdoption]:
    grouped: dict[str, list[InstitutionAdoption]] = {}
    for row in rows:
        grouped.setdefault(row.region, []).append(row)
    return [
        RegionAdoption(
            region=region,
            institutions=len(found),
            carried=sum(1 for r in found if r.carried),
            asked=sum(r.asked for r in found),
            posted=sum(r.posted for r in found),
        )
        for region, found in sorted(grouped.items())
    ]


def kit_adoption(
    engine: Engine, owner: Workspace, kit_id: int, spaces: list[Workspace] | None = None
) -> KitAdoption:
    """One kit's adoption by institution (matched to the directory by workspace name)."""
    by_name = {ws.name: ws for ws in (spaces or list_workspaces(engine))}
    report = narrative_report(engine, owner, kit_id)
    rows = []
    for inst in report.institutions:
        ws = by_name.get(inst.institution)
        rows.append(
            InstitutionAdoption(
                institution=inst.institution,
                workspace=ws.slug if ws else None,
                region=(ws.province_code or CENTRAL) if ws else OUTSIDE,
                asked=inst.asked,
                posted=inst.posted,
                adoption_rate=inst.adoption_rate,
                not_posted=inst.not_posted,
            )
        )
    rows.sort(key=lambda r: (r.carried, r.adoption_rate, r.institution))
    return KitAdoption(
        kit_id=report.kit.id,
        title=report.kit.title,
        owner=owner.slug,
        release_at=report.kit.release_at,
        institutions=rows,
        regions=_regions(rows),
    )


_kept: dict[str, tuple[tuple, list[KitAdoption]]] = {}  # database -> (marker, adoption)


def forget_adoption() -> None:
    """Drop the adoption kept between calls (the benchmark's cold runs)."""
    _kept.clear()


def national_adoption(engine: Engine, now: datetime, days: int = WINDOW_DAYS) -> list[KitAdoption]:
    """Adoption of every kit released in the ``days`` before ``now`` that asked accounts. Kept
    between calls until a kit, its asked accounts, its matches or the directory change."""
    spaces = list_workspaces(engine)
    since = now - timedelta(days=days)
    database = str(engine.url)
    with engine.connect() as conn:
        marker = (since, adoption_marker(conn, since), tuple(spaces))
        kept = _kept.get(database)
        if kept is not None and kept[0] == marker:
            return list(kept[1])
        kits = kits_released_since(conn, since)
    owners = {ws.id: ws for ws in spaces}
    found = [kit_adoption(engine, owners[ws_id], kit_id, spaces) for ws_id, kit_id in kits]
    adopted = [k for k in found if k.institutions]
    _kept[database] = (marker, adopted)
    return list(adopted)

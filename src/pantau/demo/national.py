"""The national demo: a handful of other (invented) institutions of the directory — a province,
a regency and a city inside it, another ministry — each with its own week of invented posts
in which the fertiliser issue and the data hoax also run, so the coordinator's *Nasional* page
shows a real cross-institution issue, the shared hoax matched in several workspaces and the
narrative kit's adoption. The institutions are the ones the demo's narrative kit asks; they are
placed on real provinces only so that the map has somewhere to draw them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from pantau.demo import vocab
from pantau.demo.job import write_demo_file
from pantau.demo.world import DEMO_PASSWORD, OWN_NAMES
from pantau.errors import NotFoundError, PantauError
from pantau.factcheck.claims import add_claim
from pantau.ingest.importer import import_file
from pantau.monitor.issues import IssueFilter, list_issues, update_workflow
from pantau.national.directory import init_workspace
from pantau.pipeline import run_pipeline
from pantau.records import Workspace
from pantau.store.outreach import ensure_channel
from pantau.store.outreach_records import ChannelRef
from pantau.store.workspaces import get_workspace
from pantau.users.accounts import create_user, get_user

COORDINATOR_EMAIL = "koordinator@pantau.local"
EXTRA_POSTS = 2_000  # each institution's week (fewer when the demo itself is smaller)
CLARIFICATION = (
    "Kementerian menegaskan data pendaftar Kartu Tani Digital disimpan di pusat data nasional "
    "dan tidak dibagikan atau dijual kepada pihak mana pun."
)


@dataclass(frozen=True)
class NationalInstitution:
    slug: str
    name: str  # as the narrative kit's asked accounts name it
    kind: str
    timezone: str
    province: str | None = None
    regency: str | None = None
    responded: bool = False  # its analysts took up the fertiliser issue


INSTITUTIONS = (
    NationalInstitution("nusa-lestari", "Pemerintah Provinsi Nusa Lestari", "pemprov",
                        "Asia/Makassar", province="52", responded=True),
    NationalInstitution("lembah-hijau", "Pemerintah Kabupaten Lembah Hijau", "pemkab",
                    "Asia/Makassar", regency="52.01"),
    NationalInstitution("tirta-jaya", "Pemerintah Kota Tirta Jaya", "pemkot", "Asia/Makassar",
                    regency="52.71"),
    NationalInstitution("kemenniaga", "Kementerian Niaga Nusantara", "kementerian", "Asia/Jakarta"),
)  # fmt: skip


def _workspace(engine: Engine, inst: NationalInstitution) -> Workspace:
    try:
        return get_workspace(engine, inst.slug)
    except NotFoundError:
        return init_workspace(
            engine, inst.slug, inst.name, inst.kind, inst.timezone, inst.province, inst.regency
        )


def _own_accounts(engine: Engine, ws: Workspace) -> None:
    """The institution's official accounts: the ones the narrative kit asks of it."""
    with engine.begin() as conn:
        for account in vocab.NARRATIVE_ACCOUNTS:
            if account.institution == ws.name:
                ensure_channel(conn, ws.id, ChannelRef(account.platform, account.handle.lower()))


def _respond(engine: Engine, ws: Workspace) -> None:
    """The institution's analysts take up its most urgent issue (once)."""
    shown = list_issues(engine, ws, IssueFilter(shown_only=True))
    if shown and shown[0]["status"] == "baru":
        update_workflow(engine, ws, shown[0]["id"], status="ditangani", owner="Humas daerah")


def run_national_demo(
    engine: Engine,
    demo: Workspace,
    data_dir: Path,
    *,
    seed: int,
    n_posts: int,
    step: Callable[[str], None] = lambda _msg: None,
) -> list[Workspace]:
    """Share the demo's hoax with every workspace (the coordinator's claim), then set up each
    institution with its own week of posts and run its pipeline. Running it again changes
    nothing."""
    step("Hoaks demo dibagikan koordinator ke semua workspace")
    add_claim(engine, demo, vocab.HOAX_CLAIM, "HOAKS", "pemerintahan",
              clarification=CLARIFICATION, shared=True)  # fmt: skip
    made = []
    count = min(n_posts, EXTRA_POSTS)
    for k, inst in enumerate(INSTITUTIONS, start=1):
        step(f"Instansi demo: {inst.name}")
        ws = _workspace(engine, inst)
        _own_accounts(engine, ws)
        posts_file = data_dir / "demo" / f"demo-{inst.slug}-{seed + k}-{count}.jsonl"
        if not posts_file.exists():
            write_demo_file(posts_file, seed + k, count)
        import_file(engine, ws, posts_file, rejects_dir=data_dir / "rejects")
        run_pipeline(engine, ws, data_dir, own_names=OWN_NAMES)
        if inst.responded:
            _respond(engine, ws)
        made.append(ws)
    return made


def ensure_coordinator_login(engine: Engine) -> None:
    """The demo's national coordinator (a viewer in every workspace), created once."""
    try:
        get_user(engine, COORDINATOR_EMAIL)
    except PantauError:
        create_user(engine, COORDINATOR_EMAIL, "Koordinator Demo", DEMO_PASSWORD, "viewer",
                    coordinator=True, actor="demo")  # fmt: skip

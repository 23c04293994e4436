"""The demo institution's workspace and what it watches: its saved topics, its known hoax with
the official clarification, its narrative kit, agenda and owned channels. Every ``ensure_`` and
``seed_`` adds only what is missing, so running them again changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from pantau.demo import vocab
from pantau.demo.agenda import seed_demo_agenda
from pantau.demo.generator import INSTITUTION
from pantau.demo.narrative import seed_demo_narrative
from pantau.demo.outreach import seed_demo_outreach
from pantau.errors import NotFoundError, PantauError
from pantau.factcheck.claims import add_claim, list_claims
from pantau.monitor.topics import add_topic, list_topics
from pantau.records import Workspace
from pantau.store.workspaces import create_workspace, get_workspace
from pantau.users.accounts import create_user, get_user

DEMO_TOPICS = (
    ("Pupuk dan Kartu Tani", "ekonomi", '(pupuk OR "kartu tani" OR #kartutanidigital) -resep'),
    (
        "Harga pangan",
        "ekonomi",
        "(harga OR mahal OR murah) AND (beras OR cabai OR minyak OR bawang OR telur)",
    ),
    ("Hoaks data petani", "hukum", "(data NEAR/4 petani) AND (jual* OR asing OR bocor)"),
    ("Cuaca dan panen", "bencana", "panen OR banjir OR kemarau OR hujan OR gagal_panen"),
)

# The names that mean the institution itself in the demo's conversation.
OWN_NAMES = (INSTITUTION.acronym, *INSTITUTION.official_handles.values())


def ensure_demo_workspace(engine: Engine) -> Workspace:
    try:
        return get_workspace(engine, INSTITUTION.slug)
    except NotFoundError:
        return create_workspace(
            engine, INSTITUTION.slug, INSTITUTION.name, INSTITUTION.kind, INSTITUTION.timezone
        )


def ensure_demo_topics(engine: Engine, workspace: Workspace) -> None:
    """The demo's saved topics (added once; adding backfills their matches)."""
    existing = {t.name for t in list_topics(engine, workspace)}
    for name, category, query in DEMO_TOPICS:
        if name not in existing:
            add_topic(engine, workspace, name, query, category, owner="tim humas")


def ensure_demo_claims(engine: Engine, workspace: Workspace) -> None:
    """The demo's known hoax and its official clarification (added once)."""
    if not list_claims(engine, workspace):
        add_claim(
            engine,
            workspace,
            vocab.HOAX_CLAIM,
            "HOAKS",
            "pemerintahan",
            clarification=(
                "Kementerian menegaskan data pendaftar Kartu Tani Digital disimpan di pusat data "
                "nasional dan tidak dibagikan atau dijual kepada pihak mana pun."
            ),
        )


def seed_demo_world(engine: Engine, workspace: Workspace, data_dir: Path) -> None:
    """Owned channels (a quarter of native exports, goals, calendar), the known hoax, the
    narrative kit, the saved topics and the agenda; the pipeline then works on them."""
    seed_demo_outreach(
        engine, workspace, data_dir / "demo" / "outreach", rejects_dir=data_dir / "rejects"
    )
    ensure_demo_claims(engine, workspace)
    seed_demo_narrative(engine, workspace)
    ensure_demo_topics(engine, workspace)
    seed_demo_agenda(engine, workspace)


DEMO_EMAIL = "demo@pantau.local"
DEMO_PASSWORD = "demo-pantau-2026"  # only for the invented demo workspace


def ensure_demo_login(engine: Engine, workspace: Workspace) -> None:
    """The demo dashboard's admin account (created once)."""
    try:
        get_user(engine, DEMO_EMAIL)
    except PantauError:
        create_user(
            engine, DEMO_EMAIL, "Analis Demo", DEMO_PASSWORD, "admin", workspace, actor="demo"
        )

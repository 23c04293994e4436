"""The demo workspace's narrative kit: the ministry's year-end food-stock message and the
official accounts of other (invented) institutions asked to carry it. The demo week
(``pantau.demo``) contains their posts; ``DemoTruth`` says who carried it and when."""

from __future__ import annotations

from sqlalchemy import Engine

from pantau.agenda.narrative import (
    AskedAccount,
    NarrativeKit,
    add_accounts,
    create_kit,
    find_kit,
)
from pantau.demo import vocab
from pantau.demo.generator import narrative_release_at
from pantau.records import Workspace


def seed_demo_narrative(engine: Engine, workspace: Workspace) -> NarrativeKit:
    """Create the demo kit and its asked accounts once; running it again changes nothing."""
    kit = find_kit(engine, workspace, vocab.NARRATIVE_TITLE)
    if kit is None:
        kit = create_kit(
            engine,
            workspace,
            title=vocab.NARRATIVE_TITLE,
            message=vocab.NARRATIVE_MESSAGE,
            hashtags=[vocab.NARRATIVE_HASHTAG],
            link=vocab.NARRATIVE_LINK,
            assets=vocab.NARRATIVE_ASSETS,
            release_at=narrative_release_at(),
        )
    accounts = [
        AskedAccount(a.platform, a.handle.lower(), a.institution, a.name)
        for a in vocab.NARRATIVE_ACCOUNTS
    ]
    changes = add_accounts(engine, workspace, kit.id, accounts)
    if changes.new or changes.updated:
        kit = find_kit(engine, workspace, vocab.NARRATIVE_TITLE) or kit
    return kit

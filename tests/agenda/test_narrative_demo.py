"""The demo week's narrative kit: the report finds again who carried it, when and how."""

from __future__ import annotations

from datetime import UTC
from functools import cache
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from pantau.agenda.narrative import list_accounts, list_kits
from pantau.agenda.narrative_match import match_kit
from pantau.agenda.narrative_report import narrative_report
from pantau.demo import vocab
from pantau.demo.generator import generate
from pantau.demo.narrative import seed_demo_narrative
from pantau.ingest.importer import import_file
from pantau.records import Workspace


@cache
def _week():  # type: ignore[no-untyped-def]
    return generate(seed=7, n_posts=3000)


@pytest.fixture
def demo(engine: Engine, workspace: Workspace, tmp_path: Path):  # type: ignore[no-untyped-def]
    posts, truth = _week()
    path = tmp_path / "demo.jsonl"
    path.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in posts))
    import_file(engine, workspace, path, rejects_dir=tmp_path)
    return truth


def test_demo_kit_report_matches_the_truth(engine: Engine, workspace: Workspace, demo) -> None:  # type: ignore[no-untyped-def]
    truth = demo
    kit = seed_demo_narrative(engine, workspace)
    assert seed_demo_narrative(engine, workspace).id == kit.id
    assert [k.id for k in list_kits(engine, workspace)] == [kit.id]
    assert len(list_accounts(engine, workspace, kit.id)) == len(vocab.NARRATIVE_ACCOUNTS)
    assert kit.release_at == truth.narrative_release_at.astimezone(UTC).replace(tzinfo=None)

    match_kit(engine, workspace, kit.id)
    report = narrative_report(engine, workspace, kit.id)
    carried = [(p, h.lower()) for p, h, _ in truth.narrative_first_posts]
    posted = [(a.platform, a.handle) for a in report.accounts if a.posts]
    assert posted == carried  # the same accounts, in the same order
    for account, (_, _, first) in zip(report.accounts, truth.narrative_first_posts, strict=False):
        assert account.first_post_at == first.astimezone(UTC).replace(tzinfo=None)
    never = {
        (a.platform, a.handle.lower()) for a in vocab.NARRATIVE_ACCOUNTS if a.behaviour == "none"
    }
    assert {(a.platform, a.handle) for a in report.not_posted} == never
    assert report.adoption_rate == round(len(carried) / len(vocab.NARRATIVE_ACCOUNTS), 4)

    behaviour = {(a.platform, a.handle.lower()): a.behaviour for a in vocab.NARRATIVE_ACCOUNTS}
    for account in report.accounts:
        kind = behaviour[(account.platform, account.handle)]
        if kind == "copy":
            assert account.best_fidelity is not None and account.best_fidelity > 0.9
            assert account.band == "tinggi" and "text" in account.signals
        elif kind == "paraphrase":
            assert account.band in ("sedang", "tinggi") and "text" in account.signals
        elif kind == "hashtag":
            assert account.band == "rendah" and account.signals == ["hashtag"]
        elif kind == "link":
            assert account.band == "rendah" and account.signals == ["link"]
    volunteers = {(v.platform, v.handle) for v in report.volunteers}
    assert volunteers == set(truth.narrative_volunteers)
    nusa = next(r for r in report.institutions if r.institution.endswith("Nusa Lestari"))
    assert (nusa.asked, nusa.posted) == (3, 3)
    assert report.reach.followers == sum(
        a.followers for a in vocab.NARRATIVE_ACCOUNTS if a.behaviour != "none"
    )

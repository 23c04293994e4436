"""The national demo: other invented institutions share the demo's fertiliser issue and its
hoax, so the coordinator's page has a real cross-institution issue (holding only fertiliser
issues), the shared hoax matched in several workspaces and the narrative table; the demo
workspace itself is left as it was."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, select

from pantau.demo.job import run_demo
from pantau.demo.national import INSTITUTIONS, run_national_demo
from pantau.monitor.issues import list_issues
from pantau.national.issues import term_key
from pantau.national.view import NationalView, national_view
from pantau.store import open_database
from pantau.store.national import issue_contents
from pantau.store.schema import claim_matches

FERTILISER_KEYS = ("pupuk", "#kartutanigagal", "#pupuklangka")


def _only_fertiliser_issues(engine: Engine, view: NationalView) -> None:
    """The fertiliser national issue (no hoax, named after the complaint) holds only issues
    whose key terms are the fertiliser complaint's, none carrying the data hoax."""
    (fertiliser,) = [i for i in view.issues if i.hoax is None and "Kartu Tani" in i.title]
    with engine.connect() as conn:
        contents = issue_contents(conn, [m.issue_id for m in fertiliser.members])
    assert fertiliser.institutions >= 3
    for member in fertiliser.members:
        terms, metrics = contents[member.issue_id]
        keys = " ".join(term_key(t) for t in terms)
        assert any(k in keys for k in FERTILISER_KEYS), member.label
        assert not metrics.get("hoax"), member.label


def test_national_demo(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'p.db'}")
    result = run_demo(engine, tmp_path / "data", tmp_path / "out", seed=11, n_posts=3000)
    demo = result.workspace
    before = list_issues(engine, demo)
    with engine.connect() as conn:
        demo_matches = conn.execute(
            select(func.count()).where(claim_matches.c.workspace_id == demo.id)
        ).scalar_one()
    made = run_national_demo(engine, demo, tmp_path / "data", seed=11, n_posts=3000)
    assert [ws.slug for ws in made] == [i.slug for i in INSTITUTIONS]
    view = national_view(engine)
    widest = max(view.issues, key=lambda i: i.institutions)
    _only_fertiliser_issues(engine, view)
    assert widest.institutions >= 3 and demo.slug in {m.workspace for m in widest.members}
    assert "52" in widest.regions
    (hoax,) = view.hoaxes
    assert len(hoax.institutions) == 1 + len(INSTITUTIONS)
    assert all(m.spreading > 0 for m in hoax.institutions)
    (kit,) = view.narratives
    regions = {a.institution: a.region for a in kit.institutions}
    assert regions["Pemerintah Kabupaten Lembah Hijau"] == "52"
    assert regions["Kementerian Niaga Nusantara"] == "pusat"
    assert kit.did_not_carry
    assert any(m.responded for i in view.issues for m in i.members)
    # The demo workspace's own issues and matches are what they were.
    assert list_issues(engine, demo) == before
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).where(claim_matches.c.workspace_id == demo.id)
            ).scalar_one()
            == demo_matches
        )
    # Running it again changes nothing.
    run_national_demo(engine, demo, tmp_path / "data", seed=11, n_posts=3000)
    assert [i.key for i in national_view(engine).issues] == [i.key for i in view.issues]
    engine.dispose()

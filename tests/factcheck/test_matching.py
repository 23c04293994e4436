"""Matching posts and issues to claims: the demo week's hoax, shared URLs, idempotency, the
CLI, and the paraphrase evaluation."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from pantau.demo.generator import DemoTruth, generate
from pantau.errors import NotFoundError
from pantau.factcheck.claims import add_claim, delete_claim
from pantau.factcheck.evaluate import run_claim_evaluation
from pantau.factcheck.matching import (
    ClaimMatcher,
    carries_hoax,
    issue_claims,
    match_claims,
    post_claims,
)
from pantau.ingest.importer import import_file
from pantau.records import Workspace
from pantau.store import claims as store
from pantau.store.monitor import assign_posts, insert_issue
from pantau.store.schema import posts

# Posts that deny the claim carry its words; they are about the claim, not false matches.
DENIAL = re.compile(r"hoaks|klarifikasi|membantah|tidak benar|cek fakta", re.IGNORECASE)


@cache
def _demo() -> tuple[bytes, DemoTruth]:
    data, truth = generate(n_posts=3000)
    return b"".join(orjson.dumps(p) + b"\n" for p in data), truth


def _import(engine: Engine, ws: Workspace, tmp_path: Path, items: list[dict]) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in items))
    import_file(engine, ws, path, rejects_dir=tmp_path / "rej")


def _post(i: int, text: str, url: str | None = None) -> dict:
    post = {
        "platform": "x",
        "id": str(1000 + i),
        "created_at": f"2026-11-0{1 + i % 9}T08:00:00+07:00",
        "author": f"warga{i}",
        "text": text,
    }
    if url:
        post["url"] = url
    return post


def test_demo_hoax_posts_are_found(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    data, truth = _demo()
    path = tmp_path / "demo.jsonl"
    path.write_bytes(data)
    import_file(engine, workspace, path, rejects_dir=tmp_path / "rej")
    claim = add_claim(engine, workspace, truth.hoax_claim, "HOAKS", "pemerintahan")
    summary = match_claims(engine, workspace)
    with engine.connect() as conn:
        rows = conn.execute(select(posts.c.id, posts.c.external_id, posts.c.text)).all()
        stored = store.stored_matches(conn, workspace.id)
    ids = {pid: ext for pid, ext, _ in rows}
    texts = {pid: text for pid, _, text in rows}
    hoax = {pid for pid, ext in ids.items() if ext in truth.hoax_post_ids}
    matched = {pid for (_, pid) in stored}
    assert summary.posts_checked == len(rows) and summary.posts_matched == len(matched)
    recall = len(matched & hoax) / len(hoax)
    unrelated = {pid for pid in matched - hoax if not DENIAL.search(texts[pid])}
    assert recall >= 0.8, recall
    assert len(unrelated) <= 0.25 * len(matched & hoax), len(unrelated)
    some = next(iter(matched & hoax))
    m = stored[(claim.id, some)]
    assert m["method"] == "text" and 0 < m["score"] <= 1 and m["passage"]
    assert m["passage"] in " ".join(texts[some].split())  # a sentence of the post
    # Stance: the hoax posts spread the claim; the clarification and its reposts debunk it.
    stance = {pid: m["stance"] for (_, pid), m in stored.items()}
    spreading = [pid for pid in matched & hoax if stance[pid] == "menyebarkan"]
    assert len(spreading) >= 0.9 * len(matched & hoax)
    denials = [pid for pid in matched - hoax if DENIAL.search(texts[pid])]
    assert denials and all(stance[pid] == "membantah" for pid in denials)
    assert summary.spreading + summary.debunking == summary.matches

    # Idempotent: running again stores the same rows (first-seen times kept).
    match_claims(engine, workspace)
    with engine.connect() as conn:
        assert store.stored_matches(conn, workspace.id) == stored
    # Incremental: only posts after an id are recomputed; the rest stay.
    cut = sorted(ids)[len(ids) // 2]
    partial = match_claims(engine, workspace, since_post_id=cut)
    assert partial.posts_checked == sum(1 for i in ids if i > cut)
    with engine.connect() as conn:
        assert store.stored_matches(conn, workspace.id) == stored

    # An issue carrying hoax posts is flagged with the claim and counts.
    now = datetime(2026, 11, 20)
    with engine.begin() as conn:
        issue_id = insert_issue(
            conn,
            workspace.id,
            {
                "label": "data petani", "terms": [], "first_seen": now, "last_seen": now,
                "stage": "berkembang", "priority": "segera", "priority_score": 1.0, "why": "-",
                "suggested_response": "klarifikasi", "status": "baru", "metrics": {},
                "created_at": now, "updated_at": now,
            },
        )  # fmt: skip
        some_hoax = sorted(matched & hoax)[:10]
        assign_posts(conn, workspace.id, [(issue_id, p, now) for p in some_hoax])
    carried = issue_claims(engine, workspace, issue_id)
    assert [c["claim_id"] for c in carried] == [claim.id]
    assert carried[0]["posts"] == len(some_hoax) and carried[0]["verdict"] == "HOAKS"
    assert carries_hoax(carried)
    assert len(post_claims(engine, workspace, some_hoax)) == len(some_hoax)
    with pytest.raises(NotFoundError):
        issue_claims(engine, workspace, issue_id + 99)
    # Deleting the claim removes its matches.
    delete_claim(engine, workspace, claim.id)
    assert issue_claims(engine, workspace, issue_id) == []


def test_url_matching_and_unrelated_posts(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    _import(
        engine,
        workspace,
        tmp_path,
        [
            _post(1, "baca ini dulu https://www.cekfakta.example/beras-plastik/?utm_source=wa"),
            _post(2, "hati-hati, beras plastik dari Tiongkok sudah dijual di pasar tradisional!!"),
            _post(3, "harga beras medium di pasar turun minggu ini"),
            _post(4, "berita lengkap", url="https://cekfakta.example/beras-plastik"),
            _post(5, "timnas main malam ini, nobar di pos ronda"),
        ],
    )
    claim = add_claim(
        engine,
        workspace,
        "Beras plastik buatan Tiongkok beredar di pasar tradisional",
        "HOAKS",
        "kesehatan",
        source_url="https://cekfakta.example/beras-plastik",
    )
    s = match_claims(engine, workspace)
    with engine.connect() as conn:
        by_post = {pid: m for (_, pid), m in store.stored_matches(conn, workspace.id).items()}
        ext = dict(conn.execute(select(posts.c.id, posts.c.external_id)).all())
    found = {ext[pid]: m for pid, m in by_post.items()}
    assert set(found) == {"1001", "1002", "1004"}
    assert found["1001"]["method"] == "url" and found["1001"]["score"] == 1.0
    assert found["1004"]["method"] == "url"
    assert found["1002"]["method"] == "text"
    assert (s.by_url, s.by_text, s.claims) == (2, 1, 1)
    assert all(m["claim_id"] == claim.id for m in found.values())


def test_no_claims_or_no_posts_is_fine(engine: Engine, workspace: Workspace) -> None:
    assert match_claims(engine, workspace).matches == 0
    add_claim(engine, workspace, "Gempa besar akan mengguncang Jakarta malam ini", "hoaks")
    assert match_claims(engine, workspace).posts_checked == 0


def test_passage_is_the_most_similar_sentence() -> None:
    matcher = ClaimMatcher(["Vaksin campak rubela mengandung babi dan haram"])
    text = "Selamat pagi semua. Katanya vaksin MR mengandung babi, haram! Jangan lupa sarapan."
    (m,) = matcher.match([text], threshold=0.1)
    assert m.passage == "Katanya vaksin MR mengandung babi, haram!"


def test_evaluation_meets_its_target() -> None:
    e = run_claim_evaluation(seed=7)
    assert (e.claims, e.paraphrases) == (20, 60) and e.unrelated >= 40
    assert e.recall >= 0.9 and e.precision >= 0.9, e
    # stance: spreading paraphrases and debunking posts, each matched to its own claim
    assert e.stance_cases == 60 + 24 and e.stance_evaluated >= 0.85 * e.stance_cases
    assert e.stance_accuracy >= 0.95 and e.debunk_recall >= 0.9, e.stance_errors


def test_cli_import_list_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from pantau.cli import context as cli
    from pantau.cli.commands.claims import app as claims_app
    from pantau.config import load_settings
    from pantau.store.workspaces import create_workspace

    root = typer.Typer()

    @root.callback()
    def _setup() -> None:
        cli.state.settings = load_settings(data_dir=tmp_path / "data")
        cli.state._engine = None

    root.add_typer(claims_app, name="claims")
    monkeypatch.setattr(cli.state, "_engine", None, raising=False)
    cli.state.settings = load_settings(data_dir=tmp_path / "data")
    ws = create_workspace(cli.state.engine(), "uji", "Uji", "pemda", "Asia/Jakarta")
    _import(cli.state.engine(), ws, tmp_path, [_post(1, "beras plastik dari Tiongkok di pasar")])
    cli.state.engine().dispose()
    path = tmp_path / "klaim.csv"
    path.write_text("klaim,status\nBeras plastik buatan Tiongkok beredar di pasar,hoaks\n")
    runner = CliRunner()
    result = runner.invoke(root, ["claims", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows_new"] == 1
    result = runner.invoke(root, ["claims", "match"])
    assert result.exit_code == 0 and "1 post cocok" in result.stdout, result.output
    result = runner.invoke(root, ["claims", "list", "--json"])
    assert json.loads(result.stdout)[0]["matches"] == 1
    result = runner.invoke(root, ["claims", "list"])
    assert "HOAKS" in result.stdout
    cli.state.engine().dispose()
    cli.state._engine = None

"""The demo's bimtek: 45 people in the room and 400 online from invented institutions of every
kind, two sessions with check-in, a pre-test and a post-test of twenty questions with
explanations, a learning gain with spread, a few who left before the post-test, winners by the
rule, and the same event from the same seed."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine

from pantau.demo.bimtek import (
    EVENT_TITLE,
    ONLINE,
    ONSITE,
    SESSIONS,
    demo_participants,
    institutions,
    seed_demo_bimtek,
    write_demo_bimtek,
)
from pantau.demo.bimtek_bank import BANK
from pantau.records import Workspace
from pantau.store import open_database
from pantau.store import training as store
from pantau.store.workspaces import create_workspace
from pantau.training import event_results, winners
from pantau.training.attendance import list_sessions
from pantau.training.institutions import institution_type
from pantau.training.questions import list_questions

SEED = 20261116


def test_the_demo_event_is_a_realistic_hybrid_bimtek(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    event = seed_demo_bimtek(engine, workspace, tmp_path / "bimtek", SEED)
    assert event.title == EVENT_TITLE
    res = event_results(engine, workspace, event.id)
    modes = Counter(p.mode for p in res.participants)
    assert modes == {"onsite": ONSITE, "online": ONLINE}
    kinds = Counter(p.institution_type for p in res.participants)
    assert set(kinds) == {"kementerian", "lembaga", "pemprov", "pemkab/pemkot"}
    assert len({p.institution for p in res.participants}) >= 40
    assert {g.group for g in res.by_institution_type} == set(kinds)

    # the questions: twenty per test, the same bank, every one explained
    for test in ("pre", "post"):
        qs = list_questions(engine, workspace, event.id, test)
        assert [q.text for q in qs] == [q.text for q in BANK]
        assert all(q.explanation for q in qs)
        assert sum(len(q.correct) > 1 for q in qs) >= 1  # all-or-nothing questions too

    # two sessions, most people present, the first closed afterwards
    sessions = list_sessions(engine, workspace, event.id)
    assert [s.title for s in sessions] == list(SESSIONS)
    assert [s.checkin_open for s in sessions] == [False, True]
    with engine.connect() as conn:
        present = Counter(a.session_id for a in store.attendance(conn, workspace.id, event.id))
    assert all(0.7 * (ONSITE + ONLINE) < present[s.id] < ONSITE + ONLINE for s in sessions)

    # a realistic gain with spread; a few missed the post-test, mostly online
    overall = res.by_event
    assert overall.mean_pre_pct is not None and overall.mean_post_pct is not None
    assert 40 < overall.mean_pre_pct < 70 < overall.mean_post_pct < 90
    gains = [p.gain for p in res.participants if p.gain is not None]
    assert statistics.mean(gains) > 0.3 and statistics.stdev(gains) > 0.15
    assert any(g < 0 for g in gains) and any(g == 1 for g in gains)
    missed = [p for p in res.participants if p.post is None]
    assert 0 < len(missed) <= 0.1 * len(res.participants)
    assert sum(p.mode == "online" for p in missed) > sum(p.mode == "onsite" for p in missed)
    onsite, online = res.by_mode
    assert onsite.group == "onsite" and (onsite.mean_gain or 0) > (online.mean_gain or 0)

    # the questions most improved come first, and some improved a lot
    changes = [g.change for g in res.improvement if g.change is not None]
    assert changes == sorted(changes, reverse=True) and changes[0] > 0.1

    # winners per mode: top post-test scores, ties to the earlier submission
    board = winners(engine, workspace, event.id)
    with engine.connect() as conn:
        people = {p.id: p for p in store.participants(conn, workspace.id, event.id)}
        subs = [s for s in store.submissions(conn, workspace.id, event.id) if s.test == "post"]
    for mode in ("onsite", "online"):
        ranked = sorted(
            (s for s in subs if people[s.participant_id].mode == mode),
            key=lambda s: (-s.score, s.submitted_at),
        )
        assert [w.code for w in board[mode]] == [people[s.participant_id].code for s in ranked[:3]]

    # running it again adds nothing
    again = seed_demo_bimtek(engine, workspace, tmp_path / "bimtek", SEED)
    assert again.id == event.id
    assert event_results(engine, workspace, event.id).as_dict() == res.as_dict()
    with engine.connect() as conn:
        assert len(store.attendance(conn, workspace.id, event.id)) == sum(present.values())


def test_the_same_seed_gives_the_same_event_and_documents(tmp_path: Path) -> None:
    def build(name: str, seed: int) -> tuple[dict, dict, bytes, list[str]]:
        engine = open_database(f"sqlite:///{tmp_path / name / 'pantau.db'}")
        ws = create_workspace(engine, "demo", "Demo", "kementerian", "Asia/Jakarta")
        event = seed_demo_bimtek(engine, ws, tmp_path / name / "bimtek", seed)
        out = write_demo_bimtek(engine, ws, event, tmp_path / name / "out")
        result = event_results(engine, ws, event.id).as_dict()
        board = {m: [w.code for w in b] for m, b in winners(engine, ws, event.id).items()}
        book = load_workbook(out.files[0], read_only=True).sheetnames
        pdf = out.files[1].read_bytes()
        assert out.participants == ONSITE + ONLINE
        assert out.winners["onsite"] and out.winners["online"]
        engine.dispose()
        return result, board, pdf, book

    first, second = build("a", SEED), build("b", SEED)
    assert first[:3] == second[:3]  # results, winners, certificates byte for byte
    assert demo_participants(SEED) != demo_participants(SEED + 1)
    assert first[3] == [
        "Peserta",
        "Jawaban",
        "Hasil",
        "Ringkasan",
        "Pemenang",
        "Analisis soal",
        "Peningkatan per soal",
    ]
    assert first[2].count(b"/Type /Page\n") + first[2].count(b"/Type /Page ") == 6


def test_the_invented_institutions_cover_every_kind() -> None:
    places = institutions()
    assert len({p.name for p in places}) == len(places)
    kinds = Counter(institution_type(p.name) for p in places)
    assert set(kinds) == {"kementerian", "lembaga", "pemprov", "pemkab/pemkot"}
    assert all(p.domain.endswith(".go.id") for p in places)

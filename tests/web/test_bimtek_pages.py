"""Bimtek pages: a participant takes a test by personal link or codes (autosave, reload,
submit once, late and duplicate refusals, only their own data), registration and check-in;
organiser pages with roles, CSRF, imports, exports, certificates and the venue screens."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta

import orjson
import pytest
from openpyxl import load_workbook
from tests.tasks.test_workers import _stop, _wait, _worker

from pantau.export import job_folder, read_job
from pantau.store import training as store
from pantau.training import create_event, import_participants, import_questions
from pantau.training.attendance import add_session
from pantau.training.links import (
    entry_pin,
    event_settings,
    form_token,
    personal_path,
    update_settings,
)
from pantau.web import exports

PEOPLE = (
    "nama,instansi,email,mode\nAni,Dinas A,ani@a.go.id,luring\nBudi,Dinas B,budi@b.go.id,daring\n"
)


def _bank(n: int = 4) -> list[dict]:
    return [
        {
            "tes": "post",
            "pertanyaan": f"Soal <b>{i}</b>",
            "opsi": ["satu", "dua", "tiga", "empat"],
            "jawaban": "A,C" if i == 1 else "B",
        }
        for i in range(1, n + 1)
    ]


def make_event(world, tmp_path, people: str, bank: list[dict]):  # type: ignore[no-untyped-def]
    """An event of workspace A with these participants (CSV) and questions: the event, its
    settings, the participants by name and their personal links by name."""
    engine, ws = world.engine, world.a
    ev = create_event(engine, ws, "Bimtek Humas", date(2026, 11, 20), venue="Semarang")
    (tmp_path / "p.csv").write_text(people)
    import_participants(engine, ws, ev.id, tmp_path / "p.csv", rejects_dir=tmp_path)
    (tmp_path / "q.json").write_bytes(orjson.dumps(bank))
    import_questions(engine, ws, ev.id, tmp_path / "q.json", rejects_dir=tmp_path)
    settings = event_settings(engine, ws, ev.id)
    with engine.connect() as conn:
        people = {p.name: p for p in store.participants(conn, ws.id, ev.id)}
    paths = {n: personal_path(settings, p.id, p.code) for n, p in people.items()}
    return ev, settings, people, paths


@pytest.fixture
def bimtek(world, tmp_path):  # type: ignore[no-untyped-def]
    return make_event(world, tmp_path, PEOPLE, _bank())


def _token(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _checked(html: str) -> set[tuple[int, int]]:
    return {(int(q), int(v)) for q, v in re.findall(r'name="q(\d+)" value="(\d+)" checked', html)}


def test_participant_takes_a_test_with_autosave_reload_and_one_submission(
    client, world, bimtek
) -> None:  # type: ignore[no-untyped-def]
    ev, _settings, _people, paths = bimtek
    home = client.get(paths["Ani"])
    assert home.status_code == 200
    assert "Ani" in home.text and "Budi" not in home.text
    page = client.get(paths["Ani"] + "/post")
    assert page.status_code == 200
    assert "Soal &lt;b&gt;1&lt;/b&gt;" in page.text  # escaped, never obeyed
    assert "<b>1</b>" not in page.text
    # shown in a per-participant order that stays the same on reload
    order = re.findall(r'id="q(\d+)"', page.text)
    assert sorted(order) == ["1", "2", "3", "4"]
    token = _token(page.text)
    saved = client.post(
        paths["Ani"] + "/post/simpan", data={"token": token, "q1": ["0", "2"], "q2": "1"}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["saved"] == 2
    again = client.get(paths["Ani"] + "/post")
    assert re.findall(r'id="q(\d+)"', again.text) == order
    assert _checked(again.text) == {(1, 0), (1, 2), (2, 1)}
    # a forged token is refused
    bad = client.post(paths["Ani"] + "/post/simpan", data={"token": "x" * 24, "q3": "1"})
    assert bad.status_code == 403
    sent = client.post(
        paths["Ani"] + "/post",
        data={"token": token, "aksi": "kirim", "q1": ["0", "2"], "q2": "1", "q3": "0"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    done = client.get(sent.headers["location"])
    assert "sudah terkirim" in done.text and "2/4" in done.text
    dup = client.post(paths["Ani"] + "/post", data={"token": token, "aksi": "kirim", "q4": "1"})
    assert dup.status_code == 409
    assert "hanya dapat dikirim sekali" in dup.text
    with world.engine.connect() as conn:
        subs = store.submissions(conn, world.a.id, ev.id)
    assert [(s.score, s.answers) for s in subs] == [(2, {"1": [0, 2], "2": [1], "3": [0]})]


def test_codes_form_links_and_guessing(client, bimtek) -> None:  # type: ignore[no-untyped-def]
    _ev, settings, people, paths = bimtek
    budi = people["Budi"]
    pin = entry_pin(settings, budi.id, budi.code)
    home = client.get(paths["Budi"])
    assert f'id="participant-pin">{pin}<' in home.text  # the participant can read their PIN
    r = client.post(
        "/bimtek/masuk",
        data={"event_code": settings.code.lower(), "participant_code": budi.code, "pin": pin},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == paths["Budi"]
    wrong = client.post(
        "/bimtek/masuk",
        data={"event_code": settings.code, "participant_code": "ZZZZZZ", "pin": pin},
    )
    assert wrong.status_code == 400 and "tidak cocok" in wrong.text
    forged = paths["Budi"].rsplit("/", 1)[0] + "/aaaaaaaaaaaaaaaa"
    assert client.get(forged).status_code == 404
    other = paths["Budi"].replace(people["Budi"].code, people["Ani"].code)
    assert client.get(other).status_code == 404  # Budi's key does not open Ani's page
    assert client.get("/bimtek/NOPE99").status_code == 404


def test_time_limit_is_enforced_by_the_server(client, world, bimtek) -> None:  # type: ignore[no-untyped-def]
    ev, _settings, people, paths = bimtek
    update_settings(world.engine, world.a, ev.id, post_minutes=5)
    page = client.get(paths["Budi"] + "/post")
    assert 'id="timer" data-seconds="' in page.text
    token = _token(page.text)
    client.post(paths["Budi"] + "/post/simpan", data={"token": token, "q2": "1"})
    past = datetime.now() - timedelta(minutes=30)  # as if the page had been opened long ago
    with world.engine.begin() as conn:
        conn.execute(
            store.training_attempts.update()
            .where(store.training_attempts.c.participant_id == people["Budi"].id)
            .values(started_at=past)
        )
    late_save = client.post(paths["Budi"] + "/post/simpan", data={"token": token, "q3": "1"})
    assert late_save.status_code == 409 and "sudah habis" in late_save.json()["error"]
    late = client.post(
        paths["Budi"] + "/post",
        data={"token": token, "aksi": "kirim", "q2": "1", "q3": "1", "q4": "1"},
    )
    assert late.status_code == 409 and "terlambat tidak diterima" in late.text
    with world.engine.connect() as conn:
        subs = store.submissions(conn, world.a.id, ev.id)
    # only the answer saved in time counts, stamped with the deadline
    assert [(s.answers, s.submitted_at) for s in subs] == [
        ({"2": [1]}, past.replace(microsecond=past.microsecond) + timedelta(minutes=5))
    ]


def test_window_closed_refuses_with_a_clear_message(client, world, bimtek) -> None:  # type: ignore[no-untyped-def]
    ev, settings, people, paths = bimtek
    from pantau.training import set_test_window

    now = datetime.now()
    set_test_window(
        world.engine, world.a, ev.id, "post", now - timedelta(hours=2), now - timedelta(hours=1)
    )
    page = client.get(paths["Ani"] + "/post")
    assert "Tes sudah ditutup" in page.text
    token = form_token(settings, people["Ani"].id)
    r = client.post(paths["Ani"] + "/post", data={"token": token, "aksi": "kirim"})
    assert r.status_code == 409 and "sudah ditutup" in r.text


def test_registration_and_check_in(client, world, bimtek) -> None:  # type: ignore[no-untyped-def]
    ev, settings, _people, paths = bimtek
    closed = client.post(
        f"/bimtek/{settings.code}/daftar",
        data={
            "name": "Citra",
            "institution": "BPS",
            "contact": "citra@bps.go.id",
            "mode": "online",
        },
    )
    assert closed.status_code == 400 and "ditutup" in closed.text
    update_settings(world.engine, world.a, ev.id, registration_open=True)
    assert 'id="register-link"' in client.get(f"/bimtek/{settings.code}").text
    r = client.post(
        f"/bimtek/{settings.code}/daftar",
        data={
            "name": "Citra",
            "institution": "BPS",
            "contact": "citra@bps.go.id",
            "mode": "online",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    home = client.get(r.headers["location"])
    assert "Pendaftaran berhasil" in home.text and "Citra" in home.text
    twice = client.post(
        f"/bimtek/{settings.code}/daftar",
        data={
            "name": "Citra L",
            "institution": "BPS",
            "contact": "CITRA@bps.go.id",
            "mode": "onsite",
        },
    )
    assert twice.status_code == 400 and "sudah terdaftar" in twice.text
    session = add_session(world.engine, world.a, ev.id, "Hari 1")
    home = client.get(paths["Ani"])
    token = _token(home.text)
    wrong = client.post(paths["Ani"] + "/hadir", data={"token": token, "checkin_code": "XXXXX"})
    assert wrong.status_code == 400 and "tidak dikenal" in wrong.text
    ok = client.post(
        paths["Ani"] + "/hadir", data={"token": token, "checkin_code": session.checkin_code.lower()}
    )
    assert "Kehadiran Anda tercatat" in ok.text
    ok2 = client.post(
        paths["Ani"] + "/hadir", data={"token": token, "checkin_code": session.checkin_code}
    )
    assert "sebelumnya" in ok2.text
    with world.engine.connect() as conn:
        assert len(store.attendance(conn, world.a.id, ev.id)) == 1


def test_organiser_pages_roles_csrf_and_walls(signed_in, world, bimtek, h, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ev, settings, people, paths = bimtek
    base = f"/w/dinas-a/bimtek/{ev.id}"
    viewer = signed_in("baca@a.go.id")
    page = viewer.get(base)
    assert page.status_code == 200 and settings.code in page.text
    assert paths["Ani"] not in page.text  # viewers do not see personal links...
    assert people["Ani"].code not in page.text  # ...nor participant codes
    assert entry_pin(settings, people["Ani"].id, people["Ani"].code) not in page.text
    assert (
        viewer.post(
            f"{base}/sesi", data={"title": "x", "csrf_token": h.csrf_of(page.text)}
        ).status_code
        == 403
    )
    other = signed_in("admin@b.go.id")
    assert other.get(base).status_code == 404
    assert other.get(f"/w/dinas-b/bimtek/{ev.id}").status_code == 404
    analyst = signed_in("analis@a.go.id")
    page = analyst.get(base)
    assert paths["Ani"] in page.text
    assert entry_pin(settings, people["Ani"].id, people["Ani"].code) in page.text
    csrf = h.csrf_of(page.text)
    assert analyst.post(f"{base}/sesi", data={"title": "Pagi"}).status_code == 403  # no CSRF
    assert (
        analyst.post(
            f"{base}/sesi", data={"title": "Pagi", "csrf_token": csrf}, follow_redirects=False
        ).status_code
        == 303
    )
    r = analyst.post(
        f"{base}/pengaturan",
        data={
            "csrf_token": csrf,
            "registration_open": "1",
            "shuffle": "1",
            "post_minutes": "15",
            "post_opens_at": "2026-11-20T08:00",
            "post_closes_at": "2026-11-20T17:00",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    s = event_settings(world.engine, world.a, ev.id)
    assert (s.registration_open, s.post_minutes) == (True, 15)
    from pantau.training import get_event

    assert get_event(world.engine, world.a, ev.id).post_opens_at == datetime(2026, 11, 20, 1, 0)
    up = analyst.post(
        f"{base}/peserta",
        data={"csrf_token": csrf},
        files={
            "file": (
                "baru.csv",
                b"nama,instansi,email,mode\nDedi,BPS,dedi@bps.go.id,online\n",
                "text/csv",
            )
        },
    )
    assert up.status_code == 200 and "1 baru" in up.text
    listing = analyst.get("/w/dinas-a/bimtek")
    assert "Bimtek Humas" in listing.text
    made = analyst.post(
        "/w/dinas-a/bimtek",
        data={"csrf_token": csrf, "title": "<script>x</script>", "starts_on": "2026-12-01"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    assert "<script>x</script>" not in analyst.get(made.headers["location"]).text


def test_exports_certificates_and_screens(signed_in, client, world, bimtek) -> None:  # type: ignore[no-untyped-def]
    ev, _settings, _people, paths = bimtek
    page = client.get(paths["Ani"] + "/post")
    client.post(
        paths["Ani"] + "/post", data={"token": _token(page.text), "aksi": "kirim", "q2": "1"}
    )
    c = signed_in("baca@a.go.id")
    base = f"/w/dinas-a/bimtek/{ev.id}"
    x = c.get(f"{base}/ekspor.xlsx")
    assert x.status_code == 200
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames[:3] == ["Peserta", "Jawaban", "Hasil"]
    assert "Pemenang" in wb.sheetnames and "Peningkatan per soal" in wb.sheetnames
    rows = list(wb["Jawaban"].iter_rows(values_only=True))
    assert len(rows) == 1 + 4 and ("B", "B", "ya") in {r[4:7] for r in rows}
    pdf = c.get(f"{base}/sertifikat.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.content.count(b"/Type /Page\n") + pdf.content.count(b"/Type /Page ") >= 2
    board = c.get(f"{base}/pemenang?test=post")
    assert board.status_code == 200 and "Ani" in board.text and "1/4" in board.text
    session = add_session(world.engine, world.a, ev.id, "Sesi 1")
    screen = c.get(f"{base}/sesi/{session.id}")
    assert session.checkin_code in screen.text


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_certificates_are_written_by_a_worker_when_workers_do_the_heavy_work(
    world, bimtek, request, h
) -> None:  # type: ignore[no-untyped-def]
    """With ``PANTAU_WORKERS=1`` the event page offers a form; a worker writes the PDF and
    the *Ekspor* page offers it."""
    world.settings = replace(world.settings, workers=True)  # before the app is made
    c = request.getfixturevalue("signed_in")("analis@a.go.id")
    ev = bimtek[0]
    page = c.get(f"/w/dinas-a/bimtek/{ev.id}").text
    assert 'id="certificates-form"' in page and 'id="certificates-link"' not in page
    url = f"/w/dinas-a/bimtek/{ev.id}/sertifikat"
    assert c.post(url, data={}).status_code == 403  # the form's token is needed
    started = c.post(url, data={"csrf_token": h.csrf_of(page)}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"] == "/w/dinas-a/ekspor"
    (job,) = exports.list_exports(world.settings.data_dir, world.a.id)
    assert job.state == "berjalan" and job.queued and job.certificates
    folder = job_folder(world.settings.data_dir, world.a.id)
    worker = _worker(world.settings.data_dir, world.settings.database_url, "w0")
    try:
        _wait(lambda: (read_job(folder, job.id) or job).state != "berjalan", 90, "certificates")
    finally:
        _stop([worker])
    assert f"/w/dinas-a/ekspor/{job.id}" in c.get("/w/dinas-a/ekspor").text
    pdf = c.get(f"/w/dinas-a/ekspor/{job.id}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "sertifikat" in pdf.headers["content-disposition"]
    assert pdf.content.count(b"/Type /Page\n") + pdf.content.count(b"/Type /Page ") >= 2

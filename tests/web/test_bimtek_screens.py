"""Bimtek in the room and after the post-test: QR codes on the check-in and test-link screens
(scanning the check-in code checks the participant in once they enter their code), winners and
the most improved questions on the event page, and the participant's review when the organiser
opens it."""

from __future__ import annotations

import re

import pytest
from tests.web.test_bimtek_pages import make_event

from pantau.store import training as store
from pantau.training.attendance import add_session, set_checkin_open
from pantau.training.links import entry_pin, event_settings, form_token
from pantau.training.qr import qr_svg_data_uri

PEOPLE = (
    "nama,instansi,email,mode\n"
    "Ani,Kementerian Niaga Nusantara,ani@a.go.id,luring\n"
    "Budi,Diskominfo Kota Tirta Jaya,budi@b.go.id,daring\n"
)
BANK = [
    {"tes": t, "pertanyaan": f"Soal <i>{i}</i>", "opsi": ["satu", "dua"], "jawaban": "B",
     "penjelasan": f"Penjelasan <b>{i}</b>"}
    for t in ("pre", "post")
    for i in (1, 2)
]  # fmt: skip


@pytest.fixture
def bimtek(world, tmp_path):  # type: ignore[no-untyped-def]
    return make_event(world, tmp_path, PEOPLE, BANK)


def _img(html: str, id_: str) -> str:
    found = re.search(rf'<img class="qr" id="{id_}" src="([^"]+)"', html)
    assert found, f"no QR image #{id_}"
    return found.group(1).replace("&#39;", "'").replace("&amp;", "&")


def test_qr_codes_on_the_venue_screens(signed_in, world, bimtek) -> None:  # type: ignore[no-untyped-def]
    ev, settings, _people, _paths = bimtek
    c = signed_in("baca@a.go.id")  # viewers may show the screens
    base = f"/w/dinas-a/bimtek/{ev.id}"
    page = c.get(base)
    assert 'id="link-screen"' in page.text
    link = c.get(f"{base}/layar")
    assert link.status_code == 200 and settings.code in link.text
    public = f"http://testserver/bimtek/{settings.code}"
    assert _img(link.text, "link-qr") == qr_svg_data_uri(public)
    assert _img(link.text, "link-qr").startswith("data:image/svg+xml")
    session = add_session(world.engine, world.a, ev.id, "Sesi 1")
    screen = c.get(f"{base}/sesi/{session.id}")
    checkin_url = f"{public}?hadir={session.checkin_code}"
    assert _img(screen.text, "checkin-qr") == qr_svg_data_uri(checkin_url)
    set_checkin_open(world.engine, world.a, ev.id, session.id, False)
    closed = c.get(f"{base}/sesi/{session.id}")
    assert 'id="checkin-qr"' not in closed.text and "sudah ditutup" in closed.text


def test_scanning_the_check_in_qr_checks_in_after_entering(client, world, bimtek) -> None:  # type: ignore[no-untyped-def]
    ev, settings, people, _paths = bimtek
    session = add_session(world.engine, world.a, ev.id, "Sesi 1")
    entry = client.get(f"/bimtek/{settings.code}?hadir={session.checkin_code}")
    assert 'name="checkin_code" value="' + session.checkin_code in entry.text
    assert client.get(f"/bimtek/{settings.code}?hadir=<x>").text.count("checkin_code") == 0

    def enter(name: str):  # type: ignore[no-untyped-def]
        code = people[name].code
        return client.post(
            "/bimtek/masuk",
            data={"event_code": settings.code, "participant_code": code,
                  "pin": entry_pin(settings, people[name].id, code),
                  "checkin_code": session.checkin_code},
        )  # fmt: skip

    done = enter("Ani")
    assert done.status_code == 200 and "Kehadiran Anda tercatat: Sesi 1" in done.text
    with world.engine.connect() as conn:
        present = store.attendance(conn, world.a.id, ev.id)
    assert [(a.participant_id, a.via) for a in present] == [(people["Ani"].id, "kode")]
    set_checkin_open(world.engine, world.a, ev.id, session.id, False)
    late = enter("Budi")
    assert late.status_code == 400 and "sudah ditutup" in late.text


def _send(client, path: str, token: str, test: str, answers: dict) -> None:  # type: ignore[no-untyped-def]
    client.get(f"{path}/{test}")
    r = client.post(
        f"{path}/{test}", data={"token": token, "aksi": "kirim", **answers}, follow_redirects=False
    )
    assert r.status_code == 303, r.text


def test_event_page_winners_and_the_participants_review(client, signed_in, world, bimtek) -> None:  # type: ignore[no-untyped-def]
    ev, settings, people, paths = bimtek
    ani, token = paths["Ani"], form_token(settings, people["Ani"].id)
    review = f"{ani}/pembahasan"
    _send(client, ani, token, "pre", {"q1": "0", "q2": "1"})
    assert client.get(review).status_code == 404  # not before the post-test, nor closed
    _send(client, ani, token, "post", {"q1": "1", "q2": "1"})
    assert 'id="review-link"' not in client.get(ani).text
    assert client.get(review).status_code == 404

    admin = signed_in("analis@a.go.id")
    base = f"/w/dinas-a/bimtek/{ev.id}"
    page = admin.get(base)
    assert 'id="winners-onsite"' in page.text and "2/2" in page.text
    assert 'id="improvement-table"' in page.text and "+100" in page.text
    assert "Jenis instansi: kementerian" in page.text
    admin.post(
        f"{base}/pengaturan",
        data={"csrf_token": re.findall(r'name="csrf_token" value="([^"]+)"', page.text)[0],
              "shuffle": "1", "review_open": "1"},
    )  # fmt: skip
    assert event_settings(world.engine, world.a, ev.id).review_open

    home = client.get(ani)
    assert 'id="review-link"' in home.text
    shown = client.get(review)
    assert shown.status_code == 200
    assert 'id="review-pre">1/2<' in shown.text and 'id="review-post">2/2<' in shown.text
    assert 'id="review-gain">1.00<' in shown.text
    assert "Penjelasan &lt;b&gt;1&lt;/b&gt;" in shown.text and "<b>1</b>" not in shown.text
    assert "Soal &lt;i&gt;2&lt;/i&gt;" in shown.text
    assert "Budi" not in shown.text
    budi = client.get(f"{paths['Budi']}/pembahasan")
    assert budi.status_code == 404  # open for the event, but Budi has not sent the post-test

"""The column-mapping form on *Impor*: a file whose headers Pantau does not know gets the
proposal of ``pantau import`` as a form, and imports through the mapping the person
confirms."""

from __future__ import annotations

import re

from pantau.ingest.canonical import FIELDS
from pantau.store.imports import list_runs
from pantau.web.imports import MAPPED_FIELDS

HOSTILE = '<img src=x onerror=alert(1)>"'
CSV = (
    f"Isi Unggahan,Tanggal Posting,Username,Sumber,{HOSTILE}\n"
    "Pupuk bersubsidi langka di Karawang,20/11/2026 08:15,@petani_karawang,Twitter,1\n"
    "Harga gabah turun lagi minggu ini,21/11/2026 09:30,@tani_maju,Facebook,2\n"
    "Petani menunggu kartu tani baru,22/11/2026 10:45,@warga_desa,Instagram,3\n"
)


def _upload(c, h, body: str = CSV):  # type: ignore[no-untyped-def]
    token = h.csrf_of(c.get("/w/dinas-a/impor").text)
    r = c.post(
        "/w/dinas-a/impor",
        data={"csrf_token": token, "analyse": "1"},
        files={"file": ("ekspor monitoring.csv", body.encode(), "text/csv")},
        follow_redirects=False,
    )
    return r, token


def _selected(html: str, field: str) -> str | None:
    select = html.split(f'name="map_{field}"')[1].split("</select>")[0]
    found = re.search(r'<option value="([^"]*)" selected', select)
    return found.group(1) if found else None


def _form(html: str, token: str, **changes: str) -> dict[str, str]:
    """The mapping form's fields as the browser would send them, with ``changes``."""
    data = {"csrf_token": token}
    for name in ("upload", "file_name", "analyse"):
        found = re.search(rf'name="{name}" value="([^"]*)"', html)
        if found:
            data[name] = found.group(1)
    for field in MAPPED_FIELDS:
        data[f"map_{field}"] = _selected(html, field) or ""
    return {**data, **changes}


def test_the_form_offers_every_pantau_field() -> None:
    assert sorted(MAPPED_FIELDS) == sorted(FIELDS)


def test_unknown_headers_get_the_proposal_as_a_form_and_import_once_confirmed(
    signed_in, world, h
) -> None:
    c = signed_in("analis@a.go.id")
    r, token = _upload(c, h)
    assert r.status_code == 200 and 'id="mapping-form"' in r.text
    html = r.text
    assert _selected(html, "text") == "Isi Unggahan"
    assert _selected(html, "created_at") == "Tanggal Posting"
    assert _selected(html, "author") == "Username"
    assert _selected(html, "platform") == "Sumber"
    preview = html.split('id="mapping-preview"')[1].split("</table>")[0]
    assert "Pupuk bersubsidi langka" in preview and "X (Twitter)" in preview
    assert "20 Nov 2026 08.15" in preview  # read day first, in the workspace's zone
    assert list_runs(world.engine, world.a.id) == []  # nothing imported before the yes
    r = c.post(
        "/w/dinas-a/impor/pemetaan",
        data=_form(html, token, action="import"),
        follow_redirects=False,
    )
    assert r.status_code == 303
    job = h.wait_job(c, r.headers["location"] + "/status")
    assert job["state"] == "selesai", job
    assert job["summary"]["new"] == 3 and job["summary"]["rejected"] == 0
    run = list_runs(world.engine, world.a.id)[0]
    assert run.mapping is not None and run.mapping["how"] == "pemetaan"
    assert run.mapping["fields"]["text"] == '"Isi Unggahan"'


def test_a_required_field_left_out_gives_one_clear_line(signed_in, h) -> None:
    c = signed_in("analis@a.go.id")
    r, token = _upload(c, h)
    r = c.post(
        "/w/dinas-a/impor/pemetaan",
        data=_form(r.text, token, map_created_at="", action="import"),
    )
    assert r.status_code == 400
    error = r.text.split('id="mapping-error">')[1].split("</p>")[0]
    assert error == "Pemetaan belum lengkap: pilih kolom untuk Tanggal dan waktu post."
    assert _selected(r.text, "created_at") is None  # the person's choice is kept
    assert _selected(r.text, "text") == "Isi Unggahan"
    english = c.post(
        "/w/dinas-a/impor/pemetaan?lang=en",
        data=_form(r.text, token, map_created_at="", map_text="", action="import"),
    )
    assert "Mapping incomplete: choose a column for Date and time, Post text" in english.text


def test_a_changed_choice_previews_again_and_odd_values_are_refused(signed_in, h) -> None:
    c = signed_in("analis@a.go.id")
    r, token = _upload(c, h)
    form = _form(r.text, token, map_platform="", default_platform="facebook", action="preview")
    again = c.post("/w/dinas-a/impor/pemetaan", data=form)
    assert again.status_code == 200 and _selected(again.text, "platform") is None
    preview = again.text.split('id="mapping-preview"')[1].split("</table>")[0]
    assert "Facebook" in preview and "X (Twitter)" not in preview
    odd = c.post("/w/dinas-a/impor/pemetaan", data={**form, "map_text": "Tidak Ada"})
    assert odd.status_code == 400
    assert c.post("/w/dinas-a/impor/pemetaan", data={**form, "upload": "../x"}).status_code == 404


def test_hostile_header_names_are_escaped(signed_in, h) -> None:
    c = signed_in("analis@a.go.id")
    r, _token = _upload(c, h)
    assert "<img src=x" not in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;&#34;" in r.text


def test_viewers_cannot_confirm_a_mapping(signed_in, h) -> None:
    analyst = signed_in("analis@a.go.id")
    r, _token = _upload(analyst, h)
    viewer = signed_in("baca@a.go.id")
    token = h.csrf_of(viewer.get("/w/dinas-a/impor").text)
    form = _form(r.text, token, action="import")
    assert viewer.post("/w/dinas-a/impor/pemetaan", data=form).status_code == 403

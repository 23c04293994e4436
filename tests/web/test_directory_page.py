"""The *Direktori instansi* page: a national admin lists, edits and imports the institution
directory; institution users, a viewing coordinator and anonymous visitors reach none of it."""

from __future__ import annotations

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from pantau.store.outreach import find_channels
from pantau.store.workspaces import create_workspace, get_workspace
from pantau.users.accounts import create_user
from pantau.web import directory

ADMIN = "nasional@komdigi.go.id"
HOSTILE = "<script>alert('dir')</script> Humas"
CSV = (
    "slug,nama,jenis,provinsi,kabupaten_kota,zona,akun\n"
    "kebumen,Diskominfo Kebumen,pemkab,,Kabupaten Kebumen,WIB,x:@humaskebumen instagram:humas_kbm\n"
    "jateng,Diskominfo Jawa Tengah,pemprov,33,,WIB,\n"
    "salah,Pemkot Salah,pemkot,,Kabupaten Kebumen,WIB,\n"
    "dinas-a,Diskominfo A,pemprov,Atlantis,,WIB,\n"
)


def _admin(world, h, signed_in) -> TestClient:  # type: ignore[no-untyped-def]
    create_user(world.engine, ADMIN, "Admin Nasional", h.password, "admin", coordinator=True)
    return signed_in(ADMIN)


def test_nobody_but_a_national_admin_reaches_the_directory(app, world, signed_in, h) -> None:  # type: ignore[no-untyped-def]
    routes = [r for r in directory.router.routes if isinstance(r, APIRoute)]
    assert len(routes) == 4  # list, import, one entry, its edit
    admin = _admin(world, h, signed_in)
    token = h.csrf_of(admin.get("/nasional/direktori").text)
    anonymous = TestClient(app)
    for route in routes:
        path = route.path.replace("{slug}", "dinas-b")
        for method in route.methods:
            r = anonymous.request(method, path, data={"csrf_token": token}, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
            for email in ("admin@a.go.id", "admin@b.go.id", "pusat@komdigi.go.id"):
                c = signed_in(email)
                own = h.csrf_of(c.get("/").text)
                data = {"csrf_token": own, "name": "Diambil alih", "kind": "lembaga"}
                r = c.request(method, path, data=data, follow_redirects=False)
                assert r.status_code == 403, (email, method, path)
                assert "Diskominfo B" not in r.text
    assert get_workspace(world.engine, "dinas-b").name == "Diskominfo B"
    for email in ("admin@a.go.id", "pusat@komdigi.go.id"):
        assert 'href="/nasional/direktori"' not in signed_in(email).get("/").text
    anonymous.close()


def test_the_admin_edits_an_institution(world, signed_in, h) -> None:  # type: ignore[no-untyped-def]
    admin = _admin(world, h, signed_in)
    assert 'href="/nasional/direktori"' in admin.get("/").text
    assert 'href="/nasional/direktori"' in admin.get("/nasional").text
    listing = admin.get("/nasional/direktori")
    assert listing.status_code == 200 and "Diskominfo B" in listing.text
    form = admin.get("/nasional/direktori/w/dinas-b")
    assert form.status_code == 200
    assert 'value="33.05"' in form.text and form.text.count("<optgroup") == 38
    token = h.csrf_of(form.text)
    edit = {"csrf_token": token, "kind": "pemkab", "timezone": "Asia/Jakarta"}
    saved = admin.post(
        "/nasional/direktori/w/dinas-b",
        data={**edit, "name": "Diskominfo Kebumen", "province": "", "regency": "33.05"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    ws = get_workspace(world.engine, "dinas-b")
    assert (ws.name, ws.kind, ws.province_code, ws.regency_code) == (
        "Diskominfo Kebumen", "pemkab", "33", "33.05",
    )  # fmt: skip
    assert "Kabupaten Kebumen" in admin.get(saved.headers["location"]).text
    # the CLI's checks: a regency outside the chosen province is refused, nothing changes
    refused = admin.post(
        "/nasional/direktori/w/dinas-b",
        data={**edit, "name": "X", "province": "11", "regency": "33.05"},
    )
    assert refused.status_code == 400 and "tidak berada di provinsi" in refused.text
    assert get_workspace(world.engine, "dinas-b").name == "Diskominfo Kebumen"
    forged = admin.post("/nasional/direktori/w/dinas-b", data={"name": "Tanpa token"})
    assert forged.status_code == 403
    assert admin.get("/nasional/direktori/w/tidak-ada").status_code == 404
    assert "Institution directory" in admin.get("/nasional/direktori?lang=en").text


def test_the_admin_imports_the_csv_and_sees_the_rejects(world, signed_in, h) -> None:  # type: ignore[no-untyped-def]
    admin = _admin(world, h, signed_in)
    token = h.csrf_of(admin.get("/nasional/direktori").text)
    page = admin.post(
        "/nasional/direktori/impor",
        data={"csrf_token": token},
        files={"file": ("direktori.csv", CSV.encode(), "text/csv")},
    )
    assert page.status_code == 200
    assert 'id="directory-rejects"' in page.text
    assert "baris 4:" in page.text and "baris 5:" in page.text  # the CLI's own reasons
    assert "Atlantis" in page.text
    kebumen = get_workspace(world.engine, "kebumen")
    assert (kebumen.kind, kebumen.regency_code) == ("pemkab", "33.05")
    assert get_workspace(world.engine, "jateng").province_code == "33"
    with world.engine.connect() as conn:
        assert len(find_channels(conn, kebumen.id)) == 2
    assert get_workspace(world.engine, "dinas-a").kind == "pemda"  # its row was refused
    empty = admin.post("/nasional/direktori/impor", data={"csrf_token": token})
    assert empty.status_code == 400


def test_a_hostile_institution_name_is_escaped(world, signed_in, h) -> None:  # type: ignore[no-untyped-def]
    create_workspace(world.engine, "jahat", HOSTILE, "lembaga", "Asia/Jakarta")
    admin = _admin(world, h, signed_in)
    for path in ("/nasional/direktori", "/nasional/direktori/w/jahat"):
        page = admin.get(path)
        assert page.status_code == 200
        assert "<script>alert('dir')" not in page.text
        assert "&lt;script&gt;" in page.text

"""Taking a bimtek test on a phone-sized screen in a real browser (Debian's Chromium through
Playwright): personal link, answers autosaved, reload keeps them, submit once, a second tab
is refused. Skipped when Playwright or /usr/bin/chromium is missing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import orjson
import pytest
from tests.web._browser import ARGS, CHROMIUM, SHOTS, serving, sync_api

from pantau.config import Settings
from pantau.store import open_database
from pantau.store import training as store
from pantau.store.workspaces import create_workspace
from pantau.training import create_event, import_participants, import_questions
from pantau.training.links import personal_links, update_settings

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("bimtek-browser")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'pantau.db'}")
    engine = open_database(settings.database_url)
    ws = create_workspace(engine, "jateng", "Diskominfo Jawa Tengah", "pemda", "Asia/Jakarta")
    ev = create_event(engine, ws, "Bimtek Pengelolaan Media Sosial", date(2026, 11, 20))
    (folder / "p.csv").write_text(
        "nama,instansi,email,mode\n"
        "Sri Wahyuningsih Kusumawardhani,Dinas Komunikasi dan Informatika Kabupaten Wonosobo,"
        "sri@wonosobo.go.id,luring\n"
    )
    import_participants(engine, ws, ev.id, folder / "p.csv", rejects_dir=folder)
    bank = [
        {
            "tes": "post",
            "pertanyaan": f"Soal {i}: kanal mana yang paling tepat untuk konten infografis "
            "tentang jadwal vaksinasi di kecamatan?",
            "opsi": ["Instagram", "X (Twitter)", "Siaran pers panjang", "Papan pengumuman"],
            "jawaban": "A,B" if i == 3 else "A",
        }
        for i in range(1, 6)
    ]
    (folder / "q.json").write_bytes(orjson.dumps(bank))
    import_questions(engine, ws, ev.id, folder / "q.json", rejects_dir=folder)
    update_settings(engine, ws, ev.id, post_minutes=30)
    path = personal_links(engine, ws, ev.id)[0]["path"]
    with serving(settings, engine) as base:
        yield {"url": f"{base}{path}", "engine": engine, "ws": ws, "event": ev}
    engine.dispose()


def _checked(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        "#test-form input:checked", "els => els.map(e => e.name + '=' + e.value).sort()"
    )


def test_taking_a_test_on_a_phone(site: dict) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(site["url"])
        assert "Sri Wahyuningsih" in page.locator("h1").inner_text()
        page.click("#test-post a.button")
        page.wait_for_selector("#test-form")
        assert page.locator("#timer").inner_text().startswith(("29:", "30:"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the test page scrolls sideways ({width}px)"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "20-bimtek-tes-ponsel.png"), full_page=True)

        # answer the first two questions as shown, by tapping the option labels
        sets = page.locator("fieldset.q")
        sets.nth(0).locator("label.opt").nth(1).tap()
        page.locator("#save-status").filter(has_text="Tersimpan").wait_for(timeout=10_000)
        sets.nth(1).locator("label.opt").nth(0).tap()
        page.wait_for_function(
            "document.getElementById('save-status').textContent.includes('Tersimpan')"
        )
        chosen = _checked(page)
        assert len(chosen) == 2
        time.sleep(0.5)  # let the second autosave land
        page.reload()
        page.wait_for_selector("#test-form")
        assert _checked(page) == chosen, "answers did not survive the reload"

        second = context.new_page()  # the same link still open in another tab
        second.on("dialog", lambda dialog: dialog.accept())
        second.goto(page.url)
        second.wait_for_selector("#test-form")

        page.click("#submit-button")
        page.wait_for_url("**?terkirim=post")
        assert "sudah terkirim" in page.locator(".ok").inner_text()
        page.screenshot(path=str(SHOTS / "21-bimtek-terkirim-ponsel.png"), full_page=True)

        second.click("#submit-button")
        second.wait_for_selector(".error")
        assert "hanya dapat dikirim sekali" in second.locator(".error").inner_text()
        assert errors == []
        context.close()
        browser.close()
    with site["engine"].connect() as conn:
        subs = store.submissions(conn, site["ws"].id, site["event"].id)
    assert len(subs) == 1
    assert sorted(f"q{k}={v[0]}" for k, v in subs[0].answers.items()) == chosen

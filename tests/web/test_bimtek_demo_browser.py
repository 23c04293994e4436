"""The demo's bimtek in a real browser (Debian's Chromium through Playwright), at desktop
(1366 px) and phone (390 px) width: the *Bimtek* page lists the demo event, the event page
names the post-test winners of both modes, the winners screen and the test-link screen with its
QR code show, and nothing scrolls sideways on the phone. Skipped when Playwright or
/usr/bin/chromium is missing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.web._browser import ARGS, CHROMIUM, SHOTS, serving, sync_api

from pantau.config import Settings
from pantau.demo.bimtek import EVENT_TITLE
from pantau.demo.job import run_demo
from pantau.demo.world import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo_login
from pantau.store import open_database
from pantau.training import winners
from pantau.training.events import list_events

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("bimtek-demo-browser")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'pantau.db'}")
    engine = open_database(settings.database_url)
    result = run_demo(engine, folder, folder / "out", seed=20261116, n_posts=300)
    ensure_demo_login(engine, result.workspace)
    event = next(e for e in list_events(engine, result.workspace) if e.title == EVENT_TITLE)
    board = winners(engine, result.workspace, event.id)
    with serving(settings, engine) as base:
        yield {
            "url": base,
            "slug": result.workspace.slug,
            "event": event,
            "winners": {mode: [w.name for w in ranked] for mode, ranked in board.items()},
        }
    engine.dispose()


def _fits(page, width: int, what: str) -> None:  # type: ignore[no-untyped-def]
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= width + 1, f"{what} scrolls sideways at {width}px ({scrolled}px)"


@pytest.mark.parametrize("size", list(SIZES))
def test_the_bimtek_page_shows_the_demo_event_and_its_winners(site: dict, size: str) -> None:
    viewport = SIZES[size]
    width = viewport["width"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport=viewport, is_mobile=size == "phone")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        base = site["url"]
        page.goto(f"{base}/login")
        page.fill("input[name=email]", DEMO_EMAIL)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/w/{site['slug']}")
        page.goto(f"{base}/w/{site['slug']}/bimtek")
        assert "Belum ada kegiatan" not in page.content()
        page.click(f"#event-table >> text={EVENT_TITLE}")
        page.wait_for_selector("#winners-summary")
        for mode, names in site["winners"].items():
            assert len(names) == 3
            shown = page.locator(f"#winners-{mode} li strong").all_inner_texts()
            assert shown == names, mode
        assert page.locator("#type-rows tr").count() == 4  # every kind of institution
        _fits(page, width, "the event page")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"30-bimtek-demo-{size}.png"))

        page.click("#winners-screen")
        page.wait_for_selector("#winners")
        for mode, names in site["winners"].items():
            assert page.locator(f"#winners-{mode} li strong").all_inner_texts() == names
        _fits(page, width, "the winners screen")
        page.screenshot(path=str(SHOTS / f"31-bimtek-pemenang-{size}.png"), full_page=True)

        page.goto(f"{base}/w/{site['slug']}/bimtek/{site['event'].id}/layar")
        qr = page.locator("#link-qr")
        assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
        assert qr.bounding_box()["width"] >= 0.5 * min(width, viewport["height"])
        _fits(page, width, "the test-link screen")
        page.screenshot(path=str(SHOTS / f"32-bimtek-layar-qr-{size}.png"))
        assert errors == []
        context.close()
        browser.close()

"""The web application in a real browser (Debian's Chromium, driven by Playwright).

Skipped with a message when Playwright or /usr/bin/chromium is missing (CI installs the
``chromium`` package). Screenshots of the main pages go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from tests.web._browser import chromium, serving, shot

from pantau.config import Settings
from pantau.monitor.topics import add_topic
from pantau.network.rollups import update_actor_rollups
from pantau.records import PostRecord
from pantau.store import open_database
from pantau.store.posts import write_posts
from pantau.store.schema import post_enrichment, posts
from pantau.store.workspaces import create_workspace

EMAIL, PASSWORD = "admin@jateng.go.id", "sandi-uji-browser-1"
COORDINATOR = "pusat@komdigi.go.id"


def _seed(engine) -> None:  # type: ignore[no-untyped-def]
    from pantau.users.accounts import create_user

    ws = create_workspace(engine, "jateng", "Diskominfo Jawa Tengah", "pemda", "Asia/Jakarta")
    create_user(engine, EMAIL, "Admin Jateng", PASSWORD, "admin", ws)
    start = datetime(2026, 11, 10, 0, 0)
    words = ("harga beras naik", "banjir rob semarang", "pupuk langka", "<b>tebal</b> hoaks")
    records = [
        PostRecord(
            platform=("x", "facebook", "instagram", "news", "tiktok")[i % 5],
            external_id=str(i),
            key_kind="id",
            created_at=start + timedelta(minutes=37 * i),
            collected_at=start + timedelta(days=10),
            text=f"{words[i % 4]} #{i}",
            raw="{}",
            raw_format="test",
            author=f"warga{i % 7}",
        )
        for i in range(300)
    ]
    with engine.begin() as conn:
        write_posts(conn, ws.id, records)
        ids = [row.id for row in conn.execute(posts.select())]
        conn.execute(
            post_enrichment.insert(),
            [
                {
                    "workspace_id": ws.id,
                    "post_id": pid,
                    "normalized_text": "-",
                    "language": "id",
                    "sentiment": ("negative", "neutral", "positive", "negative")[pid % 4],
                    "sentiment_score": 0.8,
                    "polarity": 0.0,
                    "emotion": "none",
                    "emotion_score": 0.0,
                    "model_version": "uji",
                    "enriched_at": start,
                }
                for pid in ids
            ],
        )
    add_topic(engine, ws, "Harga Beras", "harga AND beras", "ekonomi")
    add_topic(engine, ws, "Banjir", "banjir OR rob", "bencana")
    update_actor_rollups(engine, ws)  # the actors stage of pantau run


def _seed_national(engine, store_issue) -> None:  # type: ignore[no-untyped-def]
    """A second institution sharing an issue with Jawa Tengah, and the national coordinator."""
    from pantau.national.directory import DirectoryEdit, edit_workspace, init_workspace
    from pantau.users.accounts import create_user

    jateng = edit_workspace(engine, "jateng", DirectoryEdit(kind="pemprov", province="33"))
    kebumen = init_workspace(engine, "kebumen", "Diskominfo Kabupaten Kebumen", "pemkab",
                             "Asia/Jakarta", regency="33.05")  # fmt: skip
    create_user(engine, COORDINATOR, "Koordinator", PASSWORD, "viewer", coordinator=True)
    at = datetime(2026, 11, 12, 8, 0)
    terms = ["b:pupuk langka", "w:pupuk", "w:langka", "w:kios"]
    store_issue(engine, jateng, "Pupuk langka di kios resmi <b>Jawa Tengah</b>", terms, at=at,
                priority="segera", score=0.9, owner="Humas Jateng")  # fmt: skip
    store_issue(engine, kebumen, "Petani Kebumen antre pupuk langka di kios", terms, at=at)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, store_issue) -> Iterator[str]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("browser")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'pantau.db'}")
    engine = open_database(settings.database_url)
    _seed(engine)
    _seed_national(engine, store_issue)
    with serving(settings, engine) as url:
        yield url
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def test_a_person_signs_in_reads_charts_writes_a_topic_and_signs_out(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/w/jateng")
    assert page.url.startswith(f"{server}/login")
    shot(page, "01-login")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/w/jateng")
    for key in ("volume", "platform", "sentiment"):
        page.wait_for_selector(f"#chart-{key} svg.main-svg", timeout=15_000)
    assert page.locator("#chart-volume .bars path").count() > 0
    chart = "document.getElementById('chart-volume')"
    assert page.evaluate(f"{chart}._context.locale") == "id"  # Indonesian months and days
    assert page.evaluate(f"{chart}._fullLayout.separators") == ",."
    shot(page, "02-ringkasan")

    page.click("nav.main >> text=Topik")
    page.fill("input[name=name]", "Topik Rusak")
    page.fill("#query", "beras AND (harga")
    live = page.locator("#test-result .query-error")
    live.wait_for(timeout=10_000)  # the live test, while typing
    assert "^" in page.locator("#test-result pre.caret").inner_text()
    page.click("#save-button")
    page.wait_for_selector(".query-error")
    assert "Kueri tidak sah" in page.locator(".query-error").inner_text()
    shot(page, "03-topik-galat")
    page.fill("#query", "harga AND beras AND naik")
    page.locator("#test-result strong").filter(has_text="75").wait_for(timeout=10_000)

    page.click("nav.main >> text=Pencarian")
    page.fill("input[name=q]", "tebal")
    page.click("form.filters button")
    page.wait_for_selector("ol.posts li")
    assert page.locator("ol.posts b").count() == 0  # HTML in posts is shown, not obeyed
    assert "<b>tebal</b>" in page.locator("ol.posts li").first.inner_text()
    shot(page, "04-pencarian")

    page.click("nav.main >> text=Aktor")
    page.select_option("select[name=days]", "0")
    page.click("#actor-filters button")
    page.wait_for_selector("#actor-table tbody tr")
    page.locator("#actor-table tbody tr a").first.click()
    page.wait_for_selector("#actor-signals")
    shot(page, "04b-aktor")

    page.click("nav.main >> text=Pengaturan")
    shot(page, "05-pengaturan")
    page.click("#lang-en")
    page.wait_for_selector("nav.main >> text=Overview")
    assert page.locator("h1").inner_text() == "Settings"
    shot(page, "06-settings-en")
    page.click("#lang-id")
    page.wait_for_selector("nav.main >> text=Ringkasan")

    page.click("#logout")
    page.wait_for_url(f"{server}/login")
    page.goto(f"{server}/w/jateng")
    assert page.url.startswith(f"{server}/login")
    assert errors == []
    context.close()


def test_overview_fits_a_phone(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/login")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#chart-volume svg.main-svg", timeout=15_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width}px)"
    shot(page, "07-ringkasan-ponsel")
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_coordinator_reads_the_national_page(server: str, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 600)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/login")
    page.fill("input[name=email]", COORDINATOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("#national-link")
    page.wait_for_selector("#national-map")
    assert page.locator("#national-map g.tile").count() == 38
    assert page.locator("#national-map g.tile[data-issues='1']").count() == 1  # Jawa Tengah
    rows = page.locator("#national-members tbody tr")
    assert rows.count() == 2
    assert "<b>Jawa Tengah</b>" in page.locator("#chosen-title").inner_text()  # shown, not obeyed
    assert "Kebumen" in page.locator("#national-waiting").inner_text()
    width_used = page.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width + 1, f"the page scrolls sideways ({width_used}px at {width}px)"
    shot(page, f"08-nasional-{width}")
    assert errors == []
    context.close()

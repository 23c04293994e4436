"""The analyst's morning on the demo workspace, in a real browser at 1366 px and 390 px:
Ringkasan with the old-data banner and *Hari ini*, the top issue with its hoax and its
coordinated accounts, taking it, *Koordinasi*, an alert rule with a webhook channel whose test
message a local listener receives, an upload on *Impor*, a boolean search sorted by
interactions; and no page of the menu is wider than a 360 px phone. Screenshots of every page
at both widths go to ``test-artifacts/screenshots/``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.notify._servers import Recorder, http_server
from tests.web._browser import chromium, serving, shot

from pantau.config import Settings
from pantau.demo.job import run_demo
from pantau.demo.world import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo_login
from pantau.store import open_database

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
UPLOAD = (
    '{"platform": "x", "id": "pagi-%(n)s", "created_at": "2026-11-22T21:00:00+07:00", '
    '"text": "pupuk bersubsidi di kios desa kami habis lagi %(n)s", "author": "petani_%(n)s"}\n'
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The whole demo (50,000 posts, every stage), served; its data is weeks old."""
    folder = tmp_path_factory.mktemp("morning")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'pantau.db'}")
    engine = open_database(settings.database_url)
    result = run_demo(engine, folder, folder / "out", seed=20261116, n_posts=50_000)
    ensure_demo_login(engine, result.workspace)
    recorder = Recorder()
    with (
        pytest.MonkeyPatch.context() as env,
        http_server(recorder) as listener,
        serving(settings, engine) as url,
    ):
        env.setenv("PANTAU_ALERT_INTRANET", "127.0.0.1")  # the server admin allows the listener
        yield {"url": url, "listener": listener, "received": recorder.requests}
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def _sign_in(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/w/demo")


def _menu(page, name: str, phone: bool) -> None:  # type: ignore[no-untyped-def]
    """Go to a page through the menu (on a phone the menu opens first)."""
    if phone:
        page.click(".menu-button")
    page.click(f"nav.main >> text={name}")


@pytest.mark.parametrize("size", list(WIDTHS))
def test_the_morning_task(demo: dict, browser, size: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    phone = size == "phone"
    context = browser.new_context(viewport=WIDTHS[size], is_mobile=phone)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = demo["url"]
    _sign_in(page, base)

    # Ringkasan: the data is weeks old, and Hari ini comes before any chart
    banner = page.locator("#stale-banner")
    assert banner.is_visible() and "hari lalu" in banner.inner_text()
    today = page.locator("#today")
    assert today.is_visible() and page.locator("#today-actions li").count() >= 3
    page.wait_for_selector("#chart-volume svg.main-svg", timeout=20_000)
    assert today.bounding_box()["y"] < page.locator("#chart-volume").bounding_box()["y"]
    if phone:  # the first action is on the first screen of the phone
        assert page.locator("#today-actions li").first.bounding_box()["y"] < 844
    shot(page, f"morning-01-ringkasan-{size}")

    # the top issue: its hoax and its coordinated accounts
    page.locator("#today-actions li a.what").first.click()
    page.wait_for_selector("#workflow")
    issue_url = page.url
    assert "data petani" in page.locator("#issue-hoax-banner").inner_text().lower()
    groups = page.locator("#issue-coordination .group a")
    assert groups.count() >= 1
    assert page.locator("#issue-actors a.flag").count() >= 1  # members flagged as such
    assert page.locator("#actors-originators tbody tr").count() >= 1
    shot(page, f"morning-02-isu-{size}")

    # take it: one click, the owner is the person
    page.click("#quick-actions button[data-action=ambil]")
    page.wait_for_url(re.compile(r".*saved=1$"))
    assert page.locator("#workflow-form input[name=owner]").input_value() == "Analis Demo"
    assert page.locator("#workflow-form select[name=status]").input_value() == "ditangani"

    # Koordinasi: the groups, then one with its evidence
    _menu(page, "Koordinasi", phone)
    page.wait_for_selector("#group-list")
    assert page.locator("#group-list li.group").count() >= 2
    shot(page, f"morning-03-koordinasi-{size}")
    page.locator("#group-list li.group .title a").first.click()
    page.wait_for_selector("#group-evidence li")
    assert page.locator("#group-members a").count() >= 30  # the demo's ring
    shot(page, f"morning-04-kelompok-{size}")

    # Peringatan: a webhook channel, a rule sending to it, and a test the listener receives
    listener = demo["listener"]
    _menu(page, "Peringatan", phone)
    page.select_option("#channel-new select[name=jenis]", "webhook")
    page.click("#channel-new button")
    page.fill("input[name=name]", f"humas-{size}")
    page.fill("input[name=url]", f"{listener}/hook/{size}")
    page.click("#channel-save")
    page.wait_for_selector("#alerts-message")
    assert f"/hook/{size}" not in page.content()  # the address is a secret: masked
    page.select_option("#rule-new select[name=jenis]", "hoax")
    page.click("#rule-new button")
    page.check(f"input[name=channels][value=humas-{size}]")
    page.fill("input[name=p_min_posts]", "5")
    page.click("#rule-save")
    page.wait_for_selector("#rule-table")
    assert "hoaks yang dikenal beredar" in page.locator("#rule-table").inner_text()
    page.locator(f"tr:has-text('humas-{size}') button.channel-test").click()
    page.wait_for_selector("#alerts-message")
    assert "Pesan uji terkirim" in page.locator("#alerts-message").inner_text()
    received = [r for r in demo["received"] if r["path"] == f"/hook/{size}"]
    assert len(received) == 1 and received[0]["json"]  # the local listener got the test
    shot(page, f"morning-05-peringatan-{size}")

    # Impor: upload a file and follow it to the end
    upload = tmp_path / f"pagi-{size}.jsonl"
    upload.write_text("".join(UPLOAD % {"n": f"{size}{i}"} for i in range(3)))
    _menu(page, "Impor", phone)
    page.set_input_files("#import-form input[type=file]", str(upload))
    if phone:  # the quick way: text analysis and search only
        page.uncheck("#import-form input[name=analyse]")
    page.click("#import-submit")
    page.wait_for_selector("#import-job")
    page.wait_for_selector("#import-job[data-state=selesai]", timeout=300_000)
    assert page.locator("#import-summary dd[data-key=new]").inner_text() == "3"
    shot(page, f"morning-06-impor-{size}")

    # Pencarian: a boolean query in the topic language, sorted by interactions
    _menu(page, "Pencarian", phone)
    page.fill("form.filters input[name=q]", "pupuk AND langka -zzzz")
    page.select_option("form.filters select[name=sort]", "interaksi")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-summary").is_visible()
    assert "%" in page.locator("#search-sentiment").inner_text()
    assert page.locator("#search-results .tag").count() >= 1  # the model's sentiment shown
    assert page.locator("#search-results input[type=radio]:checked").count() == 0
    shot(page, f"morning-07-pencarian-{size}")
    page.goto(issue_url)
    assert page.locator("#workflow-form input[name=owner]").input_value() == "Analis Demo"
    assert errors == []
    context.close()


PAGES = [
    "", "/isu", "/aktor", "/koordinasi", "/klaim", "/peringatan", "/impor", "/agenda",
    "/narasi", "/laporan", "/tujuan", "/pengaturan", "/agenda/item/baru", "/narasi/baru",
    "/peringatan/kanal/baru?jenis=email", "/peringatan/aturan/baru?jenis=volume_spike",
    "/cari?q=pupuk+AND+langka&sort=jangkauan", "/topik", "/label", "/kanal", "/kalender",
    "/bimtek", "/ekspor",
]  # fmt: skip


def test_no_page_is_wider_than_a_small_phone(demo: dict, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    base = demo["url"]
    _sign_in(page, base)
    ws = f"{base}/w/demo"
    paths = [ws + p for p in PAGES]
    page.goto(ws)
    paths.append(base + page.locator("#today-actions li a.what").first.get_attribute("href"))
    page.goto(ws + "/koordinasi")
    paths.append(base + page.locator("#group-list .title a").first.get_attribute("href"))
    page.goto(ws + "/klaim")
    paths.append(base + page.locator("#claim-table td a").first.get_attribute("href"))
    page.goto(ws + "/topik")
    paths.append(base + page.locator("a.topic-results").first.get_attribute("href"))
    page.goto(ws + "/narasi")
    kit = page.locator("#kit-table td a").first.get_attribute("href")
    paths += [base + kit, base + kit + "/ubah"]
    issue = paths[len(PAGES)]
    paths += [issue + "/jaringan"]
    page.goto(issue)
    actor = page.locator("#issue-actors td a").first.get_attribute("href")
    paths.append(base + actor)
    too_wide = {}
    for url in paths:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[url] = width
        name = re.sub(r"[^\w]+", "-", url.removeprefix(ws)).strip("-") or "ringkasan"
        shot(page, f"morning-360-{name}")
    assert too_wide == {}, f"pages wider than 360 px: {too_wide}"
    context.close()

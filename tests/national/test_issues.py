"""National issues are linked from the institutions' own issues."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from sqlalchemy import Engine

from pantau.national.directory import init_workspace
from pantau.national.issues import find_national_issue, national_issues
from pantau.records import Workspace

NOW = datetime(2026, 11, 5, 12, 0)


def institution(engine: Engine, slug: str, kind: str, **region: str) -> Workspace:
    return init_workspace(engine, slug, f"Instansi {slug}", kind, "Asia/Jakarta", **region)


PUPUK = ["b:pupuk subsidi", "w:pupuk", "w:langka", "w:petani", "#pupuklangka"]


def test_same_issue_in_several_institutions_is_one_national_issue(
    engine: Engine, store_issue: Callable[..., int]
) -> None:
    issue = partial(store_issue, at=NOW)
    kementan = institution(engine, "kementan", "kementerian")
    jateng = institution(engine, "jateng", "pemprov", province="33")
    kebumen = institution(engine, "kebumen", "pemkab", regency="33.05")
    aceh = institution(engine, "aceh", "pemprov", province="11")
    a = issue(engine, kementan, "Pupuk subsidi langka", PUPUK, priority="segera", score=0.9,
              owner="Humas")  # fmt: skip
    b = issue(engine, jateng, "Petani keluhkan pupuk langka", [*PUPUK[:4], "w:jateng"])
    c = issue(engine, kebumen, "Antrean pupuk di Kebumen", [*PUPUK[:3], "w:kios"],
              text="lihat https://berita.example/pupuk-langka?utm_source=wa")  # fmt: skip
    d = issue(engine, jateng, "Antre pupuk", ["w:antre"],
              text="https://berita.example/pupuk-langka")  # fmt: skip
    issue(engine, aceh, "Banjir di Aceh Tamiang", ["w:banjir", "w:tamiang", "w:pengungsi"])
    issue(engine, kementan, "Harga beras naik", ["w:beras", "w:harga", "w:naik"])
    found = national_issues(engine, NOW)
    assert len(found) == 1
    national = found[0]
    assert {m.issue_id for m in national.members} == {a, b, c, d}
    assert national.institutions == 3
    assert national.priority == "segera" and national.title == "Pupuk subsidi langka"
    assert national.regions == ["33", "pusat"]
    assert {m.workspace for m in national.not_responded} == {"jateng", "kebumen"}
    assert sum(national.daily["33"].values()) == 36  # three issues of Jawa Tengah, 12 each
    assert find_national_issue(found, c) is national
    assert find_national_issue(found, a + 100) is None


def test_a_shared_hoax_links_issues_and_same_workspace_alone_does_not(
    engine: Engine, store_issue: Callable[..., int]
) -> None:
    issue = partial(store_issue, at=NOW)
    one = institution(engine, "satu", "lembaga")
    two = institution(engine, "dua", "pemkot", regency="Kota Semarang")
    issue(engine, one, "Isu A", ["w:alpha"], hoax="Pupuk subsidi dihapus")
    issue(engine, one, "Isu B", ["w:beta"], hoax="Pupuk subsidi dihapus")
    assert national_issues(engine, NOW) == []
    issue(engine, two, "Isu C", ["w:gamma"], hoax="Pupuk subsidi dihapus")
    (national,) = national_issues(engine, NOW)
    assert national.hoax == "Pupuk subsidi dihapus" and national.institutions == 2

"""National issues are linked from the institutions' own issues."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import Engine

from pantau.national.directory import init_workspace
from pantau.national.issues import find_national_issue, national_issues
from pantau.records import Workspace
from pantau.store.monitor import update_issue

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
              owner="Humas", text="https://berita.example/pupuk-langka?utm_medium=x")  # fmt: skip
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


def test_a_chain_of_matches_does_not_pull_in_an_unrelated_issue(
    engine: Engine, store_issue: Callable[..., int]
) -> None:
    """A matches B on key terms, B matches C on a shared link, A and C share nothing: C does
    not match the group, so it is not part of A's national issue."""
    issue = partial(store_issue, at=NOW)
    one = institution(engine, "satu", "kementerian")
    two = institution(engine, "dua", "pemprov", province="33")
    three = institution(engine, "tiga", "pemprov", province="11")
    a = issue(engine, one, "Pupuk subsidi langka", PUPUK)
    b = issue(engine, two, "Petani keluhkan pupuk", PUPUK[:4],
              text="https://portal.example/berita")  # fmt: skip
    c = issue(engine, three, "Banjir rob pesisir", ["w:banjir", "w:rob", "w:pesisir"],
              text="https://portal.example/berita")  # fmt: skip
    (national,) = national_issues(engine, NOW)
    assert {m.issue_id for m in national.members} in ({a, b}, {b, c})
    assert {a, c} - {m.issue_id for m in national.members}  # never both


def test_every_member_matches_most_of_its_group(
    engine: Engine, store_issue: Callable[..., int]
) -> None:
    """Terms stored as monitoring stores them (``[key, weight]``); four institutions share
    the fertiliser terms and a fifth shares a link with one of them only: it stays out."""
    issue = partial(store_issue, at=NOW)
    spaces = [institution(engine, f"w{n}", "lembaga") for n in range(5)]
    weighted = lambda keys: [[k, 1.5 + n / 10] for n, k in enumerate(keys)]  # noqa: E731
    fertiliser = [
        issue(engine, ws, f"Pupuk langka {n}", weighted([*PUPUK[:4], f"w:tempat{n}"]),
              text="https://pasar.example/cabai" if n == 0 else "")
        for n, ws in enumerate(spaces[:4])
    ]  # fmt: skip
    outsider = issue(engine, spaces[4], "Harga cabai", weighted(["w:cabai", "w:harga"]),
                     text="https://pasar.example/cabai")  # fmt: skip
    found = national_issues(engine, NOW)
    (pupuk,) = found
    assert sorted(m.issue_id for m in pupuk.members) == sorted(fertiliser)
    assert outsider not in {m.issue_id for m in pupuk.members}
    assert "pupuk" in pupuk.key_terms  # labels of the keys, not of the pairs


def test_an_issue_changed_since_the_last_call_is_read_again(
    engine: Engine, store_issue: Callable[..., int]
) -> None:
    """Each issue's facts are kept between calls only while the issue is unchanged."""
    issue = partial(store_issue, at=NOW)
    one = institution(engine, "satu", "kementerian")
    two = institution(engine, "dua", "pemprov", province="33")
    issue(engine, one, "Pupuk subsidi langka", PUPUK)
    b = issue(engine, two, "Petani keluhkan pupuk", PUPUK[:4])
    assert len(national_issues(engine, NOW)) == 1
    with engine.begin() as conn:
        update_issue(conn, two.id, b, {"terms": ["w:banjir", "w:rob"], "label": "Banjir rob",
                                       "updated_at": NOW + timedelta(minutes=5)})  # fmt: skip
    assert national_issues(engine, NOW) == []

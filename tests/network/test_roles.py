"""Key actors of an issue by their role in the spread, from the issue's own posts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from tests.network._ring import add_hoax, add_issue

from pantau.network.roles import issue_roles
from pantau.records import PostRecord, Workspace
from pantau.store.posts import write_posts
from pantau.store.schema import posts

START = datetime(2026, 11, 20, 7, 0)
# (author, minutes after the start, followers, engagement)
PEOPLE = [
    ("pemula1", 0, 10, 1),
    ("pemula2", 5, 20, 2),
    ("pemula3", 9, 5, 0),
    ("artis", 30, 900_000, 50),
    ("tokoh", 40, 40_000, 900),
    ("warga", 50, 100, 3),
    ("cekfakta_id", 60, 5_000, 10),
    ("humas_kemenpantara", 70, 120_000, 40),
]


def _seed(engine: Engine, workspace: Workspace) -> tuple[int, dict[str, int]]:
    records = [
        PostRecord(
            platform="x",
            external_id=f"r{i}",
            key_kind="id",
            created_at=START + timedelta(minutes=minutes),
            collected_at=START + timedelta(days=1),
            text=f"data petani dijual ke perusahaan asing kata {author}",
            raw="{}",
            raw_format="test",
            author=author,
            author_followers=followers,
            likes=likes,
        )
        for i, (author, minutes, followers, likes) in enumerate(PEOPLE)
    ]
    # a repost before everyone: reposts do not start a story
    records.append(
        PostRecord(
            platform="x",
            external_id="rt",
            key_kind="id",
            created_at=START - timedelta(hours=1),
            collected_at=START,
            text="RT data petani",
            raw="{}",
            raw_format="test",
            author="pengulang",
            repost_of="r0",
        )
    )
    with engine.begin() as conn:
        write_posts(conn, workspace.id, records)
        ids = {a: int(i) for i, a in conn.execute(select(posts.c.id, posts.c.author))}
    return add_issue(engine, workspace, sorted(ids.values()), "Hoaks data petani"), ids


def test_originators_amplifiers_checkers_and_officials(
    engine: Engine, workspace: Workspace
) -> None:
    issue_id, _ids = _seed(engine, workspace)
    roles = issue_roles(engine, workspace, issue_id)
    assert [a.handle for a in roles.originators] == ["pemula1", "pemula2", "pemula3"]
    assert [a.handle for a in roles.amplifiers][:3] == ["artis", "tokoh", "warga"]
    assert [a.handle for a in roles.checkers] == ["cekfakta_id"]
    assert [a.handle for a in roles.officials] == ["humas_kemenpantara"]
    assert roles.amplifiers[0].followers == 900_000 and roles.originators[0].first_at == START
    assert ("x", "pemula1") in roles.accounts and len(set(roles.accounts)) == len(roles.accounts)


def test_with_a_known_hoax_the_first_spreaders_start_it(
    engine: Engine, workspace: Workspace
) -> None:
    issue_id, ids = _seed(engine, workspace)
    add_hoax(
        engine,
        workspace,
        {ids["tokoh"]: "menyebarkan", ids["artis"]: "menyebarkan", ids["warga"]: "membantah"},
    )
    roles = issue_roles(engine, workspace, issue_id)
    assert [a.handle for a in roles.originators] == ["artis", "tokoh"]
    assert roles.originators[0].spreads == 1 and roles.originators[0].spreads_hoax
    # debunking a claim does not make an account a fact-checker
    assert [a.handle for a in roles.checkers] == ["cekfakta_id"]
    warga = next(a for a in roles.amplifiers if a.handle == "warga")
    assert warga.debunks == 1 and not warga.spreads_hoax


def test_news_outlets_are_media_and_only_pure_spreaders_are_marked(
    engine: Engine, workspace: Workspace
) -> None:
    _first, ids = _seed(engine, workspace)
    outlet = [
        PostRecord(
            platform="news",
            external_id=f"n{i}",
            key_kind="url",
            created_at=START + timedelta(minutes=80 + i),
            collected_at=START + timedelta(days=1),
            text=f"Cek fakta: data petani tidak dijual, kata kementerian ({i})",
            raw="{}",
            raw_format="test",
            author="harianpagi.co.id",
        )
        for i in range(3)
    ]
    with engine.begin() as conn:
        write_posts(conn, workspace.id, outlet)
        news_ids = [
            int(i)
            for (i,) in conn.execute(
                select(posts.c.id).where(posts.c.platform == "news").order_by(posts.c.id)
            )
        ]
    issue_id = add_issue(
        engine, workspace, sorted([*ids.values(), *news_ids]), "Hoaks data petani 2"
    )
    # the outlet quoted the claim once and debunked it twice
    stances = {news_ids[0]: "menyebarkan", news_ids[1]: "membantah", news_ids[2]: "membantah"}
    add_hoax(
        engine,
        workspace,
        {**stances, ids["tokoh"]: "menyebarkan", ids["artis"]: "menyebarkan",
         ids["warga"]: "membantah"},
    )  # fmt: skip
    roles = issue_roles(engine, workspace, issue_id)
    assert [a.handle for a in roles.media] == ["harianpagi.co.id"]
    assert [a.handle for a in roles.checkers] == ["cekfakta_id"]  # known by its name only
    assert not roles.media[0].spreads_hoax and roles.media[0].debunks == 2
    marked = {a.handle for group in ("originators", "amplifiers") for a in getattr(roles, group)
              if a.spreads_hoax}  # fmt: skip
    assert marked == {"artis", "tokoh"}

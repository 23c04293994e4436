from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, event

from pantau.monitor.query import QuerySyntaxError
from pantau.monitor.topics import add_topic
from pantau.records import PostRecord, Workspace
from pantau.search import index_posts, matching_ids, query_matches, search_terms
from pantau.store import posts as post_store
from pantau.store.posts import PostFilter, count_posts, iter_posts, list_posts, write_posts
from pantau.store.search import pending_count
from pantau.store.workspaces import create_workspace

START = datetime(2026, 3, 1, 8)


def _records(texts: list[str], prefix: str = "p") -> list[PostRecord]:
    return [
        PostRecord(
            platform="x",
            external_id=f"{prefix}{i}",
            key_kind="id",
            created_at=START + timedelta(minutes=i),
            collected_at=START + timedelta(days=1),
            text=text,
            title="Judul Berita Pupuk" if i == 0 else None,
            raw="{}",
            raw_format="test",
            author=f"akun{i % 3}",
        )
        for i, text in enumerate(texts)
    ]


TEXTS = [
    "Harga beras naik lagi di pasar",
    "HARGA BERAS turun, alhamdulillah",
    "beras premium langka #beraslangka",
    "Kafé di Bandung ramai",
    "stok pupuk aman kata dinas",
    "harga cabai naik, beras stabil",
]


def _store(engine: Engine, ws: Workspace, texts: list[str], prefix: str = "p") -> None:
    with engine.begin() as conn:
        write_posts(conn, ws.id, _records(texts, prefix))


def _found(engine: Engine, ws: Workspace, q: str) -> set[str]:
    with engine.connect() as conn:
        rows = list_posts(conn, ws.id, PostFilter(terms=search_terms(q)), limit=100)
        total = count_posts(conn, ws.id, PostFilter(terms=search_terms(q)))
    assert total == len(rows)
    return {r["text"] for r in rows}


EXPECTED = {
    "beras": {TEXTS[0], TEXTS[1], TEXTS[2], TEXTS[5]},
    "bera": set(),  # whole words by default
    "bera*": {TEXTS[0], TEXTS[1], TEXTS[2], TEXTS[5]},  # a word's start
    "harga beras": {TEXTS[0], TEXTS[1], TEXTS[5]},  # every word, any order
    "harga AND beras": {TEXTS[0], TEXTS[1], TEXTS[5]},
    "beras -harga": {TEXTS[2]},  # minus honoured
    "beras NOT (harga OR premium)": set(),
    "pupuk OR kafe": {TEXTS[0], TEXTS[3], TEXTS[4]},
    "NOT beras": {TEXTS[3], TEXTS[4]},
    '"harga beras"': {TEXTS[0], TEXTS[1]},  # the phrase
    "kafe": {TEXTS[3]},  # accents ignored
    "pupuk": {TEXTS[0], TEXTS[4]},  # the title counts
    "beraslangka": {TEXTS[2]},
    "#beraslangka": {TEXTS[2]},
    "ras": set(),  # words, not substrings
}


@pytest.mark.parametrize("indexed", [False, True])
def test_search_finds_words_phrases_and_prefixes(
    engine: Engine, workspace: Workspace, indexed: bool
) -> None:
    _store(engine, workspace, TEXTS)
    if indexed:
        assert index_posts(engine, workspace) == len(TEXTS)
    with engine.connect() as conn:
        assert pending_count(conn, workspace.id) == (0 if indexed else len(TEXTS))
    for q, expected in EXPECTED.items():
        assert _found(engine, workspace, q) == expected, q


def test_indexing_is_idempotent_and_new_posts_are_found_before_indexing(
    engine: Engine, workspace: Workspace
) -> None:
    _store(engine, workspace, TEXTS[:3])
    assert index_posts(engine, workspace, batch=2) == 3
    assert index_posts(engine, workspace) == 0
    _store(engine, workspace, ["beras murah di operasi pasar"], prefix="q")
    assert len(_found(engine, workspace, "beras")) == 4  # three indexed, one not yet
    assert index_posts(engine, workspace) == 1
    assert len(_found(engine, workspace, "beras")) == 4


def test_search_stays_inside_the_workspace(engine: Engine, workspace: Workspace) -> None:
    other = create_workspace(engine, "lain", "Lain", "pemda", "Asia/Jakarta")
    _store(engine, workspace, TEXTS)
    _store(engine, other, ["beras rahasia workspace lain", "beras juga"], prefix="o")
    index_posts(engine, workspace)
    index_posts(engine, other)
    assert "beras rahasia workspace lain" not in _found(engine, workspace, "beras")
    assert _found(engine, other, "beras") == {"beras rahasia workspace lain", "beras juga"}
    assert _found(engine, workspace, "rahasia") == set()


def test_common_words_use_the_index_as_a_subquery_and_counts_can_stop_early(
    engine: Engine, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store(engine, workspace, TEXTS)
    index_posts(engine, workspace)
    _store(engine, workspace, ["beras lagi, belum diindeks"], prefix="q")
    monkeypatch.setattr(post_store, "SEARCH_ID_LIMIT", 2)  # "beras" now counts as common
    found = _found(engine, workspace, "beras")
    assert found == EXPECTED["beras"] | {"beras lagi, belum diindeks"}
    f = PostFilter(terms=search_terms("beras"), author="akun0")
    with engine.connect() as conn:
        assert count_posts(conn, workspace.id, f) == 2  # p0 and q0; p3 (also akun0) lacks it
        assert count_posts(conn, workspace.id, PostFilter(terms=search_terms("beras")), cap=3) == 4
        newest = list_posts(conn, workspace.id, PostFilter(terms=search_terms("beras")), limit=2)
    assert [r["external_id"] for r in newest] == ["p5", "p2"]
    exported = list(
        iter_posts(engine, workspace.id, PostFilter(terms=search_terms("beras")), batch=2)
    )
    assert len(exported) == 5


@pytest.mark.parametrize("q", ["ws : 1", "a:b", "'; --", "%", '"', "beras*", "NEAR(beras"])
def test_hostile_queries_are_refused_or_only_words(
    engine: Engine, workspace: Workspace, q: str
) -> None:
    _store(engine, workspace, [*TEXTS, "100% asli", "a:b", "ws 1"], prefix="h")
    index_posts(engine, workspace)
    try:
        terms = search_terms(q)
    except QuerySyntaxError as exc:  # one clear sentence, never an SQL error
        assert exc.reason
        return
    with engine.connect() as conn:
        rows = list_posts(conn, workspace.id, PostFilter(terms=terms), limit=100)
        total = count_posts(conn, workspace.id, PostFilter(terms=terms))
    assert len(rows) == total and total == query_matches(engine, workspace, q)[0]


def test_search_and_topic_test_agree(engine: Engine, workspace: Workspace) -> None:
    """One language: a search finds what a topic with the same query would."""
    _store(engine, workspace, [*TEXTS, "gak ada beras", "langkah pertama", "beras langka"], "a")
    index_posts(engine, workspace)
    _store(engine, workspace, ["pupuk langka lagi", "harga #beras naik @dinas"], prefix="b")
    queries = ["langka", "beras AND langka", "beras -langka", "tidak beras", '"gak ada"',
               "#beras", "@dinas harga", "platform:x beras", "harga NEAR/3 naik",
               "lang*"]  # fmt: skip
    for i, q in enumerate(queries):
        with engine.connect() as conn:
            total = count_posts(conn, workspace.id, PostFilter(terms=search_terms(q)))
        assert total == query_matches(engine, workspace, q)[0], q
        # a topic saved with the matches search found holds what a full scan stores
        known = add_topic(
            engine, workspace, f"cepat{i}", q, matches=matching_ids(engine, workspace, q)
        )
        scanned = add_topic(engine, workspace, f"lambat{i}", q)
        assert known.matches == scanned.matches == total, q
    assert _found(engine, workspace, "langka") == {
        TEXTS[2],
        "beras langka",
        "pupuk langka lagi",
    }  # not "langkah"
    assert _found(engine, workspace, "tidak beras") == {"gak ada beras"}  # slang normalised


def test_newest_matches_of_a_common_word_are_exact_when_old_posts_arrive_late(
    engine: Engine, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Posts stored later but created earlier (a backfill) must not push the truly newest
    matches off the first page."""
    monkeypatch.setattr(post_store, "SEARCH_ID_LIMIT", 2)
    answered: list[bool] = []
    newest = post_store._newest_common_matches

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = newest(*args, **kwargs)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(post_store, "_newest_common_matches", spy)
    recent = _records([f"beras baru {i}" for i in range(6)], prefix="new")
    backfill = [
        PostRecord(
            platform="x",
            external_id=f"old{i}",
            key_kind="id",
            created_at=START - timedelta(days=30, minutes=i),
            collected_at=START,
            text=f"beras lama {i}",
            raw="{}",
            raw_format="test",
        )
        for i in range(30)
    ]
    with engine.begin() as conn:
        write_posts(conn, workspace.id, recent)
    with engine.begin() as conn:
        write_posts(conn, workspace.id, backfill)  # higher ids, older posts
    index_posts(engine, workspace)
    with engine.connect() as conn:
        page = list_posts(conn, workspace.id, PostFilter(terms=search_terms("beras")), limit=3)
        second = list_posts(
            conn, workspace.id, PostFilter(terms=search_terms("beras")), limit=3, offset=3
        )
        assert count_posts(conn, workspace.id, PostFilter(terms=search_terms("beras"))) == 36
    assert [r["external_id"] for r in page] == ["new5", "new4", "new3"]
    assert [r["external_id"] for r in second] == ["new2", "new1", "new0"]
    assert answered == [False, False]  # the backfill was noticed: every match was read
    # stored in time order, the latest-stored matches answer directly
    with engine.connect() as conn:
        again = list_posts(conn, workspace.id, PostFilter(terms=search_terms("baru")), limit=2)
    assert [r["external_id"] for r in again] == ["new5", "new4"]
    assert answered[-1] is True


def test_a_search_resolved_once_answers_as_looking_it_up_each_time(
    engine: Engine, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page resolves its search once (index and unindexed posts read one time) and its
    count, list and summary say what they say when each looks the search up itself."""
    # "beras" counts as common; a 3-post page asks for the 12 newest ids the look-up holds
    monkeypatch.setattr(post_store, "SEARCH_ID_LIMIT", 11)
    _store(engine, workspace, TEXTS)
    _store(engine, workspace, [f"stok beras gudang {i}" for i in range(10)], prefix="g")
    index_posts(engine, workspace)
    _store(engine, workspace, ["beras lagi, belum diindeks", "harga beras lagi"], prefix="q")
    index_reads: list[str] = []

    def note(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if "post_fts" in statement or "post_search" in statement:
            index_reads.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        for q in ("beras", '"harga beras"', "pupuk", "lang*", "harga NEAR/3 naik", "nihil"):
            f = PostFilter(terms=search_terms(q))
            with engine.connect() as conn:
                plain = (  # in the order a results page asks
                    post_store.summarize_posts(conn, workspace.id, f, newest=100),
                    count_posts(conn, workspace.id, f),
                    list_posts(conn, workspace.id, f, limit=3),
                )
                index_reads.clear()
                once = post_store.resolve(conn, workspace.id, f)
                resolved = (
                    post_store.summarize_posts(conn, workspace.id, once, newest=100),
                    count_posts(conn, workspace.id, once),
                    list_posts(conn, workspace.id, once, limit=3),
                )
            assert resolved == plain, q
            # one look-up of the ids (a common word's second one, for the summary, reads the
            # latest stored, which the list reuses); only a common word's count joins the
            # index again
            lookups = [s for s in index_reads if s.startswith("SELECT id FROM (")]
            exact = search_terms(q).exact
            assert len(lookups) == (2 if q == "beras" else 1) or (not exact and not lookups), q
            if q != "beras":
                assert len(index_reads) == len(lookups), (q, index_reads)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert plain[1] == 0
    # a filter resolved for one workspace is looked up again for another
    other = create_workspace(engine, "lain", "Lain", "pemda", "Asia/Jakarta")
    _store(engine, other, ["pupuk milik workspace lain"], prefix="o")
    with engine.connect() as conn:
        mine = post_store.resolve(conn, workspace.id, PostFilter(terms=search_terms("pupuk")))
        theirs = list_posts(conn, other.id, mine, limit=10)
    assert [r["text"] for r in theirs] == ["pupuk milik workspace lain"]


def test_a_common_words_newest_summary_is_the_same_read_either_way(
    engine: Engine, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary of a common word's newest N matches, its indexed matches and those
    waiting for the index read apart and merged, equals the one read by id over every
    match, also when older posts were stored late (a backfill) or wait for the index."""
    recent = _records([f"beras baru {i}" for i in range(12)], prefix="new")
    backfill = [
        replace(r, external_id=f"old{i}", created_at=START - timedelta(days=30, minutes=i))
        for i, r in enumerate(_records([f"beras lama {i}" for i in range(8)]))
    ]
    with engine.begin() as conn:
        write_posts(conn, workspace.id, recent)
        write_posts(conn, workspace.id, backfill)  # higher ids, older posts
    index_posts(engine, workspace)
    # waiting for the index: one newer than every post, one older
    late = _records(["beras paling baru", "beras lama sekali"], prefix="tail")
    late = [replace(late[0], created_at=START + timedelta(days=1)), late[1]]
    late[1] = replace(late[1], created_at=START - timedelta(days=90))
    with engine.begin() as conn:
        write_posts(conn, workspace.id, late)
    reads: list[str] = []

    def note(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("SELECT posts.created_at"):
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        for n in (1, 3, 13, 30):
            f = PostFilter(terms=search_terms("beras"))
            with engine.connect() as conn:
                monkeypatch.setattr(post_store, "SEARCH_ID_LIMIT", 2)  # a common word
                reads.clear()
                common = post_store.summarize_posts(conn, workspace.id, f, newest=n)
                assert len(reads) == 2, n  # indexed and waiting, read apart
                monkeypatch.setattr(post_store, "SEARCH_ID_LIMIT", 5_000)  # every match by id
                every = post_store.summarize_posts(conn, workspace.id, f, newest=n)
            assert common == every, n
            assert (common.read, common.more) == (every.read, every.more) == (min(n, 22), n < 22)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    with engine.connect() as conn:
        f = PostFilter(terms=search_terms("beras"))
        first = post_store.summarize_posts(conn, workspace.id, f, newest=1)
    assert first.hours == [(START + timedelta(days=1), 1)]  # the newest one waits for the index

"""Topics: what a workspace watches. Add, edit, list, delete, match posts (a query is tried
without saving by ``pantau.search.query_matches``).

``match_posts`` is the idempotent batch stage that stores which posts each active topic
matches: it compares what matches now with what is stored and writes only the difference, so
running it again changes nothing. Adding a topic, changing its query or switching it back on
recomputes its matches over the whole history.

Posts become :class:`MatchDoc` through a ``doc_builder`` and query words through
``normalize_terms``; both are parameters so the real text normaliser can be plugged in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.monitor.query import (
    CompiledQuery,
    MatchDoc,
    NormalizeTerms,
    QuerySyntaxError,
    compile_query,
    default_normalize_terms,
)
from pantau.monitor.rollups import refresh_topic_rollups
from pantau.records import Workspace
from pantau.store import topics as store
from pantau.store.search import URL
from pantau.store.topics import PostText, Topic

CATEGORIES = (
    "ekonomi",
    "kesehatan",
    "politik",
    "hukum",
    "sosial",
    "bencana",
    "pendidikan",
    "infrastruktur",
    "agenda",  # topics owned by the institution's agenda items (pantau.agenda)
    "lainnya",
)
MAX_NAME = 200
BATCH_SIZE = 5000

DocBuilder = Callable[[PostText], MatchDoc]
Progress = Callable[[int, int], None]  # (posts done, posts total)

_HASHTAG = re.compile(r"[#＃](\w+)")
_MENTION = re.compile(r"@([\w.]*\w)")


def build_match_doc(
    post: PostText, normalize_terms: NormalizeTerms = default_normalize_terms
) -> MatchDoc:
    """The default document: title and text without URLs through ``normalize_terms``;
    hashtags and mentions from their columns and from the text; platform, lang, author."""
    body = f"{post.title}\n{post.text}" if post.title else post.text
    if "://" in body or "www." in body.lower():  # the checks cost far less than the regex
        body = URL.sub(" ", body)
    hashtags = {h.lower() for h in _HASHTAG.findall(body)} if "#" in body or "＃" in body else set()
    hashtags.update(h.lower().lstrip("#") for h in post.hashtags or ())
    mentions = {m.lower() for m in _MENTION.findall(body)} if "@" in body else set()
    mentions.update(m.lower().lstrip("@") for m in post.mentions or ())
    fields = {"platform": post.platform}
    if post.lang:
        fields["lang"] = post.lang.lower()
    if post.author:
        fields["author"] = post.author.lower().lstrip("@")
    return MatchDoc(normalize_terms(body), hashtags, mentions, fields)


@dataclass(slots=True)
class MatchSummary:
    """What one ``match_posts`` run did. ``broken``: topics skipped because their stored
    query no longer parses (name → reason), e.g. after the normaliser changed."""

    posts: int = 0
    topics: int = 0
    added: int = 0
    removed: int = 0
    last_post_id: int | None = None
    broken: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _builder(normalize_terms: NormalizeTerms, doc_builder: DocBuilder | None) -> DocBuilder:
    return doc_builder or partial(build_match_doc, normalize_terms=normalize_terms)


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise PantauError("nama topik kosong")
    if len(cleaned) > MAX_NAME:
        raise PantauError(f"nama topik terlalu panjang ({len(cleaned)} karakter, maks. {MAX_NAME})")
    return cleaned


def _check_category(category: str) -> str:
    value = category.strip().lower()
    if value not in CATEGORIES:
        raise PantauError(f"kategori tidak dikenal: {category!r} (pilih {', '.join(CATEGORIES)})")
    return value


def _clean_owner(owner: str | None) -> str | None:
    cleaned = " ".join((owner or "").split())
    if len(cleaned) > MAX_NAME:
        raise PantauError(f"nama pemilik terlalu panjang (maks. {MAX_NAME} karakter)")
    return cleaned or None


def _find(topics: Iterable[Topic], name: str) -> Topic | None:
    wanted = " ".join(name.split()).casefold()
    return next((t for t in topics if t.name.casefold() == wanted), None)


def _counted(engine: Engine, workspace: Workspace, topic: Topic) -> Topic:
    with engine.connect() as conn:
        return replace(topic, matches=store.match_counts(conn, workspace.id).get(topic.id, 0))


def get_topic(engine: Engine, workspace: Workspace, name: str) -> Topic:
    """The topic called ``name`` (letter case and extra spaces ignored), with its match count."""
    with engine.connect() as conn:
        found = _find(store.topics_of(conn, workspace.id), name)
    if found is None:
        raise NotFoundError(f"topik {name!r} tidak ditemukan (lihat `pantau topics list`)")
    return _counted(engine, workspace, found)


def list_topics(engine: Engine, workspace: Workspace) -> list[Topic]:
    with engine.connect() as conn:
        found = store.topics_of(conn, workspace.id)
        counts = store.match_counts(conn, workspace.id)
    return [replace(t, matches=counts.get(t.id, 0)) for t in found]


def add_topic(
    engine: Engine,
    workspace: Workspace,
    name: str,
    query: str,
    category: str = "lainnya",
    owner: str | None = None,
    *,
    active: bool = True,
    normalize_terms: NormalizeTerms = default_normalize_terms,
    doc_builder: DocBuilder | None = None,
    progress: Progress | None = None,
    matches: Sequence[int] | None = None,
) -> Topic:
    """Save a topic and match it against every stored post (when active), unless the caller
    already knows its ``matches`` (``pantau.search.matching_ids`` finds them from the search
    index, far faster than reading every post)."""
    name = _clean_name(name)
    category = _check_category(category)
    owner = _clean_owner(owner)
    query = query.strip()
    compile_query(query, normalize_terms)
    with engine.begin() as conn:
        if _find(store.topics_of(conn, workspace.id), name):
            raise PantauError(f"topik {name!r} sudah ada (ubah dengan `pantau topics edit`)")
        now = _now()
        topic_id = store.insert_topic(
            conn,
            workspace.id,
            name=name,
            category=category,
            owner=owner,
            query=query,
            active=active,
            now=now,
        )
    if active:
        _match(engine, workspace, topic_id, matches, normalize_terms, doc_builder, progress)
        _refresh_rollups(engine, workspace, topic_id)
    return get_topic(engine, workspace, name)


def edit_topic(
    engine: Engine,
    workspace: Workspace,
    name: str,
    *,
    new_name: str | None = None,
    query: str | None = None,
    category: str | None = None,
    owner: str | None = None,
    active: bool | None = None,
    normalize_terms: NormalizeTerms = default_normalize_terms,
    doc_builder: DocBuilder | None = None,
    progress: Progress | None = None,
    matches: Sequence[int] | None = None,
) -> Topic:
    """Change a topic. A new query, or switching the topic back on, recomputes its matches
    over the whole history (unless the caller knows them: ``matches``, as for
    :func:`add_topic`); switching it off keeps the matches it has."""
    if all(v is None for v in (new_name, query, category, owner, active)):
        raise PantauError(
            "tidak ada yang diubah; beri --query, --name, --category, --owner "
            "atau --active/--inactive"
        )
    topic = get_topic(engine, workspace, name)
    values: dict[str, object] = {}
    if new_name is not None:
        values["name"] = _clean_name(new_name)
    if category is not None:
        values["category"] = _check_category(category)
    if owner is not None:
        values["owner"] = _clean_owner(owner)
    if active is not None:
        values["active"] = active
    if query is not None:
        values["query"] = query.strip()
        compile_query(values["query"], normalize_terms)  # type: ignore[arg-type]  # set to text on the line above
    requery = values.get("query", topic.query) != topic.query
    recompute = requery or (active is True and not topic.active)
    with engine.begin() as conn:
        if "name" in values:
            clash = _find(store.topics_of(conn, workspace.id), values["name"])  # type: ignore[arg-type]  # names are checked as text before they get here
            if clash is not None and clash.id != topic.id:
                raise PantauError(f"topik {values['name']!r} sudah ada")
        store.update_topic(conn, workspace.id, topic.id, {**values, "updated_at": _now()})
        if recompute:
            store.delete_matches(conn, workspace.id, topic.id)
    if recompute and values.get("active", topic.active):
        _match(engine, workspace, topic.id, matches, normalize_terms, doc_builder, progress)
    if recompute:
        _refresh_rollups(engine, workspace, topic.id)
    return get_topic(engine, workspace, str(values.get("name", topic.name)))


def _match(
    engine: Engine,
    workspace: Workspace,
    topic_id: int,
    known: Sequence[int] | None,
    normalize_terms: NormalizeTerms,
    doc_builder: DocBuilder | None,
    progress: Progress | None,
) -> None:
    """A topic without stored matches gets them: ``known``, or by reading every post."""
    if known is None:
        match_posts(
            engine,
            workspace,
            topic_ids=[topic_id],
            normalize_terms=normalize_terms,
            doc_builder=doc_builder,
            progress=progress,
        )
        return
    with engine.begin() as conn:
        store.add_known_matches(conn, workspace.id, topic_id, known)
    if progress is not None:
        progress(len(known), len(known))


def delete_topic(engine: Engine, workspace: Workspace, name: str) -> Topic:
    """Delete a topic and its matches; returns what was deleted."""
    topic = get_topic(engine, workspace, name)
    with engine.begin() as conn:
        store.delete_topic(conn, workspace.id, topic.id)
    _refresh_rollups(engine, workspace, topic.id)
    return topic


def _refresh_rollups(engine: Engine, workspace: Workspace, topic_id: int) -> None:
    """Past hours' topic rollups follow the topic's new matches (a topic added, changed or
    deleted after the rollups ran would otherwise count only from the next new post)."""
    refresh_topic_rollups(engine, workspace, topic_id)


def _compiled_topics(
    engine: Engine,
    workspace: Workspace,
    topic_ids: Iterable[int] | None,
    normalize_terms: NormalizeTerms,
    summary: MatchSummary,
) -> dict[int, CompiledQuery]:
    wanted = None if topic_ids is None else set(topic_ids)
    with engine.connect() as conn:
        chosen = [
            t
            for t in store.topics_of(conn, workspace.id)
            if t.active and (wanted is None or t.id in wanted)
        ]
    compiled = {}
    for topic in chosen:
        try:
            compiled[topic.id] = compile_query(topic.query, normalize_terms)
        except QuerySyntaxError as exc:
            summary.broken[topic.name] = exc.reason
    summary.topics = len(compiled)
    return compiled


def match_posts(
    engine: Engine,
    workspace: Workspace,
    topic_ids: Iterable[int] | None = None,
    post_ids: Iterable[int] | None = None,
    since_id: int | None = None,
    *,
    normalize_terms: NormalizeTerms = default_normalize_terms,
    doc_builder: DocBuilder | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> MatchSummary:
    """Store which posts the active topics (all, or ``topic_ids``) match.

    Posts: every stored post, only ``post_ids``, or only those with ``id > since_id`` (pass
    the previous run's ``last_post_id`` to match only what arrived since). Idempotent: stored
    matches are compared with what matches now, and only the difference is written, one
    transaction per batch.
    """
    if post_ids is not None and since_id is not None:
        raise ValueError("give post_ids or since_id, not both")
    summary = MatchSummary()
    compiled = _compiled_topics(engine, workspace, topic_ids, normalize_terms, summary)
    if not compiled:
        return summary
    build = _builder(normalize_terms, doc_builder)
    ids = None if post_ids is None else sorted(set(post_ids))
    if ids is not None:
        total = len(ids)
    else:
        with engine.connect() as conn:
            total = store.count_posts_after(conn, workspace.id, since_id or 0)
    batches = store.iter_post_texts(
        engine, workspace.id, after_id=since_id or 0, post_ids=ids, batch=batch_size
    )
    for batch in batches:
        docs = [build(post) for post in batch]
        found: dict[tuple[int, int], datetime] = {}
        for topic_id, query in compiled.items():
            matches = query.matches
            for post, doc in zip(batch, docs, strict=True):
                if matches(doc):
                    found[(topic_id, post.id)] = post.created_at
        in_batch = {post.id for post in batch}
        first, last = min(in_batch), max(in_batch)
        with engine.begin() as conn:
            stored = {
                pair
                for pair in store.stored_matches(conn, workspace.id, list(compiled), first, last)
                if pair[1] in in_batch
            }
            added = [(t, p, created) for (t, p), created in found.items() if (t, p) not in stored]
            removed = [pair for pair in stored if pair not in found]
            store.add_matches(conn, workspace.id, added)
            store.remove_matches(conn, workspace.id, removed)
        summary.posts += len(batch)
        summary.added += len(added)
        summary.removed += len(removed)
        summary.last_post_id = max(last, summary.last_post_id or 0)
        if progress is not None:
            progress(summary.posts, total)
    return summary

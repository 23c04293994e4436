"""Finding the posts that carry a narrative kit (see :mod:`pantau.agenda.narrative`).

Only posts of the kit's workspace created at or after the release minus ``RELEASE_TOLERANCE``
(scheduled posts and clocks are not exact) are examined. A post carries the kit when any of:

- **hashtag**: one of the kit's hashtags is among the post's hashtags (any case);
- **link**: the post's URL or a URL in its text is the kit's link, compared as canonical URLs
  (``pantau.ingest.keys.canonical_url``: no tracking parameters, ``www.`` or fragment; a
  shortened link such as bit.ly is not followed);
- **text**: its similarity to the key message is at least ``TEXT_THRESHOLD``.

**Similarity (fidelity).** The factcheck matcher (:class:`pantau.factcheck.matching.ClaimMatcher`)
with the key message as its one "claim": normalised text (``pantau.text.normalize``), function
words dropped, stems, pairs of nearby stems and character n-grams, TF-IDF weighted against a
background of the workspace's newest posts (so words every post uses count little); the score
is the geometric mean of the cosine and the share of the message's weight the post covers,
over the whole post and each sentence. An exact copy scores about 1; a paraphrase carrying the
message about 0.3–0.6; a post with only the hashtag, or ordinary talk about the same subject,
below 0.25. ``TEXT_THRESHOLD = 0.3`` sits between them: on the demo week (50,000 posts) the
ministry's own posts about food stocks, which use many of the same words, score at most 0.22 and
paraphrases at least 0.37 (with a smaller background, as in a 4,000-post week, they drop to
about 0.32: scores are relative to the workspace). Every carrying post, whatever its signal, is
stored with its fidelity.

**Speed.** Scoring costs about a millisecond per post, so cheap tests decide which posts are
scored. Over a whole batch at once (Arrow compute, RE2): occurrences of the key message's content
words (their stems, or the stem without its first letter where a nasal prefix replaces it), the
link as a substring of text or URL, a kit hashtag as a substring of the stored hashtag list.
Then per flagged post: the hashtag and link are confirmed exactly, and a post is scored for text
when it shares at least ``MIN_SHARED_WORDS_SHARE`` of the message's content words (the post's
words analysed like the message, each distinct word once per run). On the demo week no post
below that share scored above 0.22. Slang spellings of key words do not count towards the
filter. Scores are cached per text within a run (reposts repeat texts).

**Stage.** ``match_narratives`` is idempotent and incremental: each kit remembers the last post
id it examined and a digest of what matching depends on (message, hashtags, link, release,
threshold, method version). New posts are examined on the next run; a changed kit (or
``full=True``) forgets its matches and examines everything again. Matches are committed per
batch together with the progress, so a crash is repaired by running again. A post whose text
changes on re-import keeps its earlier verdict until a full run.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine

from pantau.agenda.narrative import NarrativeKit, get_kit, list_kits
from pantau.factcheck.matching import ClaimMatcher, analyse, urls_in
from pantau.faults import fault_point
from pantau.ingest.keys import canonical_url
from pantau.records import Workspace
from pantau.store import narratives as store
from pantau.store.claims import recent_post_texts

METHOD_VERSION = "1"
TEXT_THRESHOLD = 0.3
MIN_SHARED_WORDS_SHARE = 0.4
MIN_SHARED_WORDS = 3
RELEASE_TOLERANCE = timedelta(minutes=15)
BACKGROUND_POSTS = 2000
BATCH = 20_000
SCORE_CACHE = 100_000
_WORDS = re.compile(r"[a-z0-9]+")


def match_key(kit: NarrativeKit, threshold: float = TEXT_THRESHOLD) -> str:
    """Digest of everything the stored matches of ``kit`` depend on."""
    payload = [
        METHOD_VERSION,
        threshold,
        MIN_SHARED_WORDS_SHARE,
        RELEASE_TOLERANCE.total_seconds(),
        kit.message,
        sorted(h.lower() for h in kit.hashtags),
        canonical_url(kit.link) if kit.link else None,
        kit.release_at.isoformat(),
    ]
    return hashlib.sha256(orjson.dumps(payload)).hexdigest()


class KitMatcher:
    """The three signals of one kit over batches of posts (see the module docstring)."""

    def __init__(
        self,
        kit: NarrativeKit,
        background: Callable[[], Sequence[str]],
        threshold: float = TEXT_THRESHOLD,
    ) -> None:
        self.threshold = threshold
        self.hashtags = {h.lower() for h in kit.hashtags}
        self.link = canonical_url(kit.link) if kit.link else None
        # The canonical link without its scheme: a quick test before parsing URLs.
        self._link_probe = self.link.split("://", 1)[-1] if self.link else None
        self.message = kit.message
        self.stems = frozenset(analyse(kit.message).split())
        self.min_shared = max(MIN_SHARED_WORDS, math.ceil(MIN_SHARED_WORDS_SHARE * len(self.stems)))
        # Nasal prefixes replace a first p/t/k/s ("pasti" -> "memastikan"): look for the rest.
        self._cores = tuple(
            sorted({s[1:] if len(s) >= 5 and s[0] in "ptks" else s for s in self.stems})
        )
        # Occurrences of any core: at least the number of key words a post shares, counted in
        # one pass over a whole batch (RE2 in Arrow), so Python looks at few posts.
        self._core_pattern = "|".join(sorted(self._cores, key=len, reverse=True))
        self._hashtag_pattern = "|".join(re.escape(h) for h in sorted(self.hashtags))
        self._key_words: dict[str, str] = {}  # lower-cased word -> the key stem it stands for
        self._seen: set[str] = set()
        self._background = background
        self._scorer: ClaimMatcher | None = None
        self._scored: dict[str, float] = {}  # reposts and copies repeat texts

    def shared_words(self, text: str) -> int:
        """How many of the key message's content words (stems) ``text`` contains."""
        words = set(_WORDS.findall(text.lower()))
        new = words - self._seen
        if new:
            self._seen |= new
            for w in new:
                if any(c in w for c in self._cores):
                    for s in analyse(w).split():
                        if s in self.stems:
                            self._key_words[w] = s
        return len({self._key_words[w] for w in words & self._key_words.keys()})

    def _has_hashtag(self, hashtags: str | list | None) -> bool:
        if isinstance(hashtags, str):
            hashtags = orjson.loads(hashtags)
        return any(
            isinstance(h, str) and h.lstrip("#").lower() in self.hashtags for h in hashtags or ()
        )

    def _has_link(self, text: str, url: str | None) -> bool:
        if url and canonical_url(url) == self.link:
            return True
        return self.link in urls_in(text)

    def _flags(self, texts: list[str], urls: list, hashtags: list) -> tuple:
        """Per post: may share enough key words, may have the link, may have a hashtag
        (cheap tests over the whole batch; each is confirmed per post)."""
        arr = pa.array(texts, type=pa.large_string())
        n = len(texts)
        wordy = np.zeros(n, dtype=bool)
        if self._core_pattern:
            counts = pc.count_substring_regex(arr, self._core_pattern, ignore_case=True)
            wordy = counts.to_numpy(zero_copy_only=False) >= self.min_shared
        linky = np.zeros(n, dtype=bool)
        if self._link_probe:
            in_text = pc.match_substring(arr, self._link_probe, ignore_case=True)
            in_url = pc.match_substring(
                pa.array(urls, type=pa.large_string()), self._link_probe, ignore_case=True
            )
            linky = pc.or_kleene(in_text, in_url).fill_null(False).to_numpy(zero_copy_only=False)
        taggy = np.zeros(n, dtype=bool)
        if self._hashtag_pattern:
            if all(isinstance(h, str | None) for h in hashtags):
                taggy = (
                    pc.match_substring_regex(
                        pa.array(hashtags, type=pa.large_string()),
                        self._hashtag_pattern,
                        ignore_case=True,
                    )
                    .fill_null(False)
                    .to_numpy(zero_copy_only=False)
                )
                if not all(h.isascii() for h in self.hashtags):
                    taggy |= np.array([h is not None for h in hashtags])  # JSON may escape
            else:  # a driver that returns the JSON list itself
                taggy = np.array([bool(h) for h in hashtags])
        return wordy, linky, taggy

    def scores(self, texts: Sequence[str]) -> list[float]:
        """Similarity of each text to the key message (0–1)."""
        todo = sorted({t for t in texts if t not in self._scored})
        if todo:
            if self._scorer is None:
                self._scorer = ClaimMatcher([self.message], self._background())
            best, _, _ = self._scorer.scores(todo)
            if len(self._scored) > SCORE_CACHE:
                self._scored.clear()
            for text, value in zip(todo, best[:, 0], strict=True):
                self._scored[text] = round(min(1.0, max(0.0, float(value))), 4)
        return [self._scored[t] for t in texts]

    def match(self, batch: Sequence[tuple]) -> list[tuple[int, datetime | str, str, float]]:
        """(post id, created_at, signals, fidelity) of the carrying posts among ``batch`` rows
        (id, created_at, title, text, url, hashtags)."""
        if not batch:
            return []
        texts = [f"{title}\n{text}" if title else text for _, _, title, text, _, _ in batch]
        wordy, linky, taggy = self._flags(texts, [r[4] for r in batch], [r[5] for r in batch])
        candidates: list[tuple[int, datetime | str, str, list[str]]] = []
        for i in np.flatnonzero(wordy | linky | taggy):
            post_id, created_at, _, _, url, hashtags = batch[int(i)]
            text = texts[i]
            signals = []
            if taggy[i] and self._has_hashtag(hashtags):
                signals.append("hashtag")
            if linky[i] and self._has_link(text, url):
                signals.append("link")
            if signals or (wordy[i] and self.shared_words(text) >= self.min_shared):
                candidates.append((post_id, created_at, text, signals))
        found = []
        scores = self.scores([c[2] for c in candidates])
        for (post_id, created_at, _, signals), score in zip(candidates, scores, strict=True):
            if score >= self.threshold:
                signals.append("text")
            if signals:
                found.append((post_id, created_at, ",".join(signals), score))
        return found


@dataclass(frozen=True)
class NarrativeMatchSummary:
    kit_id: int
    title: str
    posts_checked: int
    new_matches: int
    matches: int
    rematched: bool  # the kit changed (or a full run was asked): everything was examined again


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def match_kit(
    engine: Engine,
    workspace: Workspace,
    kit_id: int,
    *,
    full: bool = False,
    threshold: float = TEXT_THRESHOLD,
    progress: Callable[[int], None] | None = None,
) -> NarrativeMatchSummary:
    """Find the carrying posts of one kit among posts not yet examined (all with ``full``)."""
    kit = get_kit(engine, workspace, kit_id)
    key = match_key(kit, threshold)
    with engine.begin() as conn:
        stored_key = store.kit_match_key(conn, workspace.id, kit_id)
        rematched = full or stored_key != key
        if rematched:
            store.reset_matches(conn, workspace.id, kit_id, key)
        through = store.max_post_id(conn, workspace.id)
    after = 0 if rematched else kit.matched_through

    def background() -> list[str]:
        with engine.connect() as conn:
            return recent_post_texts(conn, workspace.id, BACKGROUND_POSTS)

    matcher = KitMatcher(kit, background, threshold)
    checked = new = 0
    since = kit.release_at - RELEASE_TOLERANCE
    if through > after:
        now = _now()
        for batch in store.iter_posts_since(
            engine, workspace.id, after_id=after, through_id=through, since=since, batch=BATCH
        ):
            rows = [
                {
                    "post_id": post_id,
                    "signals": signals,
                    "fidelity": fidelity,
                    "posted_at": store.as_datetime(created_at),
                    "matched_at": now,
                }
                for post_id, created_at, signals, fidelity in matcher.match(batch)
            ]
            with engine.begin() as conn:
                new += store.add_matches(conn, workspace.id, kit_id, rows, batch[-1][0])
                fault_point("narratives.writing")
            fault_point("narratives.batch_written")
            checked += len(batch)
            if progress is not None:
                progress(checked)
        with engine.begin() as conn:
            store.add_matches(conn, workspace.id, kit_id, [], through)
    total = get_kit(engine, workspace, kit_id).matches
    return NarrativeMatchSummary(kit_id, kit.title, checked, new, total, rematched)


def match_narratives(
    engine: Engine,
    workspace: Workspace,
    kit_id: int | None = None,
    *,
    full: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[NarrativeMatchSummary]:
    """``match_kit`` for one kit or for every kit of the workspace (oldest release first)."""
    ids = [kit_id] if kit_id is not None else [k.id for k in reversed(list_kits(engine, workspace))]
    return [match_kit(engine, workspace, i, full=full, progress=progress) for i in ids]

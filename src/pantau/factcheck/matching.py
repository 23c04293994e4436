"""Matching posts (and thereby issues) to known claims.

**By text.** Every text is normalised (``pantau.text.normalize``: slang, elongation, hashtags
split into words), function words are dropped and the remaining words are stemmed (PySastrawi,
so "mendaftar"/"daftar" and "dijual"/"menjual" meet). Two TF-IDF spaces are built over the
claims plus a background of the workspace's newest posts: stems with unordered pairs of stems
at most ``PAIR_WINDOW`` words apart (a pair such as (jual, asing) says what a claim asserts
and survives reordering), and character 3–5-grams inside words (typos, affixes the stemmer
misses), with IDF squared (``IDF_POWER``) so rare words decide. The two are concatenated
(``CHAR_WEIGHT`` for characters). Features found in more than ``MAX_DF`` of a large background
are dropped: they are the workspace's own subject (the programme's name, which every post
carries), and would otherwise match every post about the programme to every claim about it.

The score of a text for a claim is the geometric mean of the cosine (how alike the two are)
and the claim coverage (the share of the claim's squared TF-IDF weight whose features occur in
the text, so extra words in a post do not hide a claim). A post is scored as a whole and
sentence by sentence (sentences of at least three content words); its score is the best of
those, and the **matched passage** is the sentence most similar to the claim.

**Threshold.** ``THRESHOLD = 0.23``, chosen with ``pantau.factcheck.evaluate`` (20 claims × 3
paraphrases + 40 unrelated sentences, seed 7): recall 0.90 at precision 0.96 (0.21: 0.93 /
0.97; 0.25: 0.88 / 0.98). On the demo week (3,000 posts) it finds 93 % of the hoax posts; the
other matches are mostly the official clarification and news denying the claim, which carry
its words (they belong to the same issue), plus about a dozen questions about registering for
the programme the claim names. Scores are relative to the background, so a workspace with few
posts scores less sharply.

**By URL.** A post that links to (or is) the claim's canonical source URL matches with score 1
and method ``url``.

**Stance.** Every match records whether the post spreads the claim (``menyebarkan``) or
debunks it (``membantah``: "hoaks! tidak benar bahwa …", "cek fakta: …", a link to a
fact-checking page); see :mod:`pantau.factcheck.stance`. Only spreading posts make an issue
a hoax issue.

``match_claims`` is an idempotent stage: it recomputes the matches of all posts (or of posts
after ``since_post_id``) and stores exactly those, keeping the first time each match was found.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sqlalchemy import Engine

from pantau.factcheck.stance import DEBUNKING, SPREADING, claim_stance
from pantau.faults import fault_point
from pantau.ingest.keys import canonical_url
from pantau.monitor.issues import get_issue
from pantau.records import Workspace
from pantau.store import claims as store
from pantau.store.monitor import issue_post_ids
from pantau.text.normalize import normalize
from pantau.text.resources import stopwords_id

THRESHOLD = 0.23
IDF_POWER = 2.0
CHAR_WEIGHT = 0.5
PAIR_WINDOW = 8
MAX_DF = 0.1
MIN_CORPUS_FOR_MAX_DF = 200
BACKGROUND_POSTS = 20_000
BATCH = 5000
MAX_PASSAGE_CHARS = 300
_MIN_SENTENCE_WORDS = 3
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+|[\r\n]+|\s[-–—|•]\s")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}'\"…"
_WORD = re.compile(r"^[a-z0-9]{2,}$")
# Words so frequent in claims and posts about claims that they only add noise.
_EXTRA_STOP = frozenset(
    {"katanya", "kata", "info", "berita", "beredar", "viral", "ramai", "sebarkan"}
)


# scikit-learn and Sastrawi are imported when a matcher is first built, not when the CLI
# starts (together they take a second to load).
@cache
def _sklearn() -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    return TfidfVectorizer, normalize


@cache
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    if len(word) <= 4 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


@cache
def _stopwords() -> frozenset[str]:
    return stopwords_id() | _EXTRA_STOP


def analyse(text: str) -> str:
    """The words a text is compared by: normalised, without function words, stemmed."""
    stop = _stopwords()
    return " ".join(
        _stem(w) for w in normalize(text).text.split() if _WORD.match(w) and w not in stop
    )


def word_features(doc: str) -> list[str]:
    """Stems plus unordered pairs of stems at most ``PAIR_WINDOW`` words apart: a pair such as
    (jual, asing) says what a claim asserts, and survives reordering and inserted words."""
    words = doc.split()
    features = list(words)
    for i, a in enumerate(words):
        for b in words[i + 1 : i + 1 + PAIR_WINDOW]:
            if a != b:
                features.append(f"{a}|{b}" if a < b else f"{b}|{a}")
    return features


def sentences(text: str) -> list[str]:
    """The text's sentences (lines, and sentences ended by . ! ?), stripped, non-empty."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def urls_in(text: str) -> set[str]:
    return {canonical_url(m.group().rstrip(_URL_TRAILING)) for m in _URL.finditer(text)}


def _passage(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= MAX_PASSAGE_CHARS:
        return sentence
    return sentence[: MAX_PASSAGE_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class TextMatch:
    text_index: int
    claim_index: int
    score: float
    passage: str


class ClaimMatcher:
    """Similarity of texts to a fixed set of claims (see the module docstring)."""

    def __init__(self, claims: Sequence[str], background: Sequence[str] = ()) -> None:
        self.claims = list(claims)
        claim_docs = [analyse(c) for c in self.claims]
        corpus = claim_docs + [analyse(t) for t in background]
        # In a large enough corpus, features in more than MAX_DF of the texts are the
        # workspace's own subject (the programme's name): they cannot tell a claim apart.
        max_df = MAX_DF if len(corpus) >= MIN_CORPUS_FOR_MAX_DF else 1.0
        TfidfVectorizer, self._l2_normalize = _sklearn()
        self._word = TfidfVectorizer(
            analyzer=word_features, sublinear_tf=True, max_df=max_df, dtype=np.float32
        )
        self._char = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            max_df=max_df,
            lowercase=False,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self._word.fit(corpus)
        self._char.fit(corpus)
        # Rare words decide whether a text carries a claim; words every post uses must not.
        self._word.idf_ = self._word.idf_**IDF_POWER
        self._char.idf_ = self._char.idf_**IDF_POWER
        claim_vectors = self._vectors(claim_docs)
        self._claim_vectors = claim_vectors.T.tocsr()
        self._claim_mass = claim_vectors.multiply(claim_vectors).T.tocsr()

    def _similarity(self, docs: Sequence[str]) -> np.ndarray:
        vectors = self._vectors(docs)
        cosine = np.asarray((vectors @ self._claim_vectors).todense())
        present = vectors.copy()
        present.data[:] = 1.0
        coverage = np.asarray((present @ self._claim_mass).todense())
        return np.sqrt(np.clip(cosine, 0, None) * coverage)

    def _vectors(self, docs: Sequence[str]) -> sparse.csr_matrix:
        word = self._l2_normalize(self._word.transform(docs)) * np.float32(np.sqrt(1 - CHAR_WEIGHT))
        char = self._l2_normalize(self._char.transform(docs)) * np.float32(np.sqrt(CHAR_WEIGHT))
        return sparse.hstack([word, char], format="csr")

    def scores(self, texts: Sequence[str]) -> tuple[np.ndarray, list[list[str]], np.ndarray]:
        """(scores[text, claim], each text's sentences, best sentence index[text, claim])."""
        parts: list[list[str]] = []
        docs: list[str] = []
        owners: list[int] = []
        sentence_docs: list[str] = []
        for i, text in enumerate(texts):
            split = sentences(text) or [text]
            analysed = [analyse(s) for s in split]
            parts.append(split)
            docs.append(" ".join(analysed))
            for a in analysed:
                sentence_docs.append(a)
                owners.append(i)
        n_claims = len(self.claims)
        doc_scores = self._similarity(docs)
        sent_scores = self._similarity(sentence_docs)
        short = np.array([len(a.split()) < _MIN_SENTENCE_WORDS for a in sentence_docs])
        best = doc_scores.copy()
        best_sentence = np.zeros((len(texts), n_claims), dtype=np.int64)
        top_sentence = np.full((len(texts), n_claims), -1.0, dtype=np.float32)
        local = 0
        previous = -1
        for row, owner in enumerate(owners):
            local = local + 1 if owner == previous else 0
            previous = owner
            s = sent_scores[row]
            better = s > top_sentence[owner]
            top_sentence[owner][better] = s[better]
            best_sentence[owner][better] = local
            if not short[row]:
                np.maximum(best[owner], s, out=best[owner])
        return best, parts, best_sentence

    def match(self, texts: Sequence[str], threshold: float = THRESHOLD) -> list[TextMatch]:
        """Every (text, claim) pair scoring at least ``threshold``."""
        if not texts or not self.claims:
            return []
        best, parts, best_sentence = self.scores(texts)
        found = []
        for i, j in zip(*np.nonzero(best >= threshold), strict=True):
            passage = _passage(parts[i][best_sentence[i, j]])
            found.append(TextMatch(int(i), int(j), round(float(best[i, j]), 4), passage))
        return found


@dataclass(frozen=True, slots=True)
class ClaimMatchSummary:
    claims: int
    posts_checked: int
    matches: int
    by_text: int
    by_url: int
    posts_matched: int
    spreading: int = 0
    debunking: int = 0


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def match_claims(
    engine: Engine,
    workspace: Workspace,
    since_post_id: int | None = None,
    *,
    threshold: float = THRESHOLD,
    progress: Callable[[int], None] | None = None,
) -> ClaimMatchSummary:
    """Match posts (all, or those with ``id > since_post_id``) to the workspace's claims and
    store exactly those matches. Running it again changes nothing."""
    with engine.connect() as conn:
        claim_list = store.claim_rows(conn, workspace.id)
        background = (
            store.recent_post_texts(conn, workspace.id, BACKGROUND_POSTS) if claim_list else []
        )
        stored = store.stored_matches(conn, workspace.id)
    rows: list[dict] = []
    checked = 0
    if claim_list:
        matcher = ClaimMatcher([c["claim"] for c in claim_list], background)
        sources: dict[str, list[int]] = {}
        for j, c in enumerate(claim_list):
            if c["source_url"]:
                sources.setdefault(canonical_url(c["source_url"]), []).append(j)
        now = _now()
        for batch in store.iter_posts(
            engine, workspace.id, after_id=since_post_id or 0, batch=BATCH
        ):
            texts = [(t + "\n" + x) if t else x for _, t, x, _ in batch]
            found: dict[tuple[int, int], dict] = {}
            for m in matcher.match(texts, threshold):
                post_id = batch[m.text_index][0]
                found[(m.claim_index, post_id)] = {
                    "score": m.score,
                    "passage": m.passage,
                    "method": "text",
                }
            if sources:
                for (post_id, _, _, url), text in zip(batch, texts, strict=True):
                    links = urls_in(text)
                    if url:
                        links.add(canonical_url(url))
                    for link in links & sources.keys():
                        for j in sources[link]:
                            found[(j, post_id)] = {"score": 1.0, "passage": link, "method": "url"}
            by_post = {
                post_id: (text, url)
                for (post_id, _, _, url), text in zip(batch, texts, strict=True)
            }
            for (j, post_id), values in found.items():
                claim_id = claim_list[j]["id"]
                old = stored.get((claim_id, post_id))
                text, url = by_post[post_id]
                rows.append(
                    {
                        "claim_id": claim_id,
                        "post_id": post_id,
                        **values,
                        "stance": claim_stance(text, values["passage"], url),
                        "created_at": old["created_at"] if old else now,
                    }
                )
            checked += len(batch)
            if progress is not None:
                progress(checked)
    with engine.begin() as conn:
        store.replace_matches(conn, workspace.id, rows, after_post_id=since_post_id)
        fault_point("claims.writing")
    methods = Counter(r["method"] for r in rows)
    stances = Counter(r["stance"] for r in rows)
    return ClaimMatchSummary(
        claims=len(claim_list),
        posts_checked=checked,
        matches=len(rows),
        by_text=methods["text"],
        by_url=methods["url"],
        posts_matched=len({r["post_id"] for r in rows}),
        spreading=stances[SPREADING],
        debunking=stances[DEBUNKING],
    )


def post_claims(engine: Engine, workspace: Workspace, post_ids: Sequence[int]) -> list[dict]:
    """Stored matches of these posts: claim_id, post_id, score, passage, method."""
    with engine.connect() as conn:
        return store.matches_for_posts(conn, workspace.id, post_ids)


def issue_claims(engine: Engine, workspace: Workspace, issue_id: int) -> list[dict]:
    """Claims met in an issue's posts, most spreading posts first: the claim's fields plus
    ``posts`` (how many of the issue's posts spread it), ``debunking`` (how many deny it),
    ``matched`` (both), ``best_score``, ``passage`` (of the best spreading match, else the best
    match) and ``methods`` (posts per method). Raises ``NotFoundError`` for an unknown issue."""
    get_issue(engine, workspace, issue_id)
    with engine.connect() as conn:
        post_ids = issue_post_ids(conn, workspace.id, [issue_id])[issue_id]
        matches = store.matches_for_posts(conn, workspace.id, post_ids)
        claim_list = {c["id"]: c for c in store.claim_rows(conn, workspace.id)}
    grouped: dict[int, list[dict]] = {}
    for m in matches:
        grouped.setdefault(m["claim_id"], []).append(m)
    found = []
    for claim_id, ms in grouped.items():
        claim = claim_list.get(claim_id)
        if claim is None:
            continue
        spreading = {m["post_id"] for m in ms if m["stance"] == SPREADING}
        debunking = {m["post_id"] for m in ms} - spreading
        top = max(ms, key=lambda m: (m["stance"] == SPREADING, m["score"], -m["post_id"]))
        found.append(
            {
                "claim_id": claim_id,
                "claim": claim["claim"],
                "verdict": claim["verdict"],
                "category": claim["category"],
                "clarification": claim["clarification"],
                "source_url": claim["source_url"],
                "posts": len(spreading),
                "debunking": len(debunking),
                "matched": len(spreading | debunking),
                "best_score": top["score"],
                "passage": top["passage"],
                "methods": dict(Counter(m["method"] for m in ms)),
            }
        )
    found.sort(key=lambda c: (-c["posts"], -c["matched"], -c["best_score"], c["claim_id"]))
    return found


def carries_hoax(claims_of_issue: Sequence[dict], min_posts: int = 1) -> bool:
    """Whether an issue carries a known false claim (any verdict but FAKTA) in at least
    ``min_posts`` spreading posts (posts debunking it do not count)."""
    return any(c["verdict"] != "FAKTA" and c["posts"] >= min_posts for c in claims_of_issue)

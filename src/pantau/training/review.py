"""The participant's review after the post-test: their own pre-test and post-test scores,
the normalised gain, and every question with their answer, the correct answer and the
explanation the organiser wrote.

Shown only when the organiser allows it for the event (``review_open``) and only once the
participant has sent the post-test, so the key never reaches someone still taking it. The
organiser opens it when the post-test is over for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, Row

from pantau.store import training as store
from pantau.training.events import TEST_LABELS, TESTS
from pantau.training.links import PublicEvent
from pantau.training.results import GAIN_UNDEFINED, normalised_gain


@dataclass(frozen=True)
class ReviewItem:
    position: int
    text: str
    options: list[str]
    chosen: list[int]
    correct: list[int]
    right: bool
    explanation: str | None


@dataclass(frozen=True)
class TestReview:
    test: str
    label: str
    score: int
    max_score: int
    submitted_at: datetime
    items: list[ReviewItem]


@dataclass(frozen=True)
class Review:
    pre: TestReview | None  # None: the participant did not send the pre-test
    post: TestReview
    gain: float | None
    gain_note: str | None


def _test_review(test: str, submission: Row, questions: list[Row]) -> TestReview:
    items = []
    for q in questions:
        chosen = list(submission.answers.get(str(q.position), []))
        correct = sorted(q.correct)
        right = chosen == correct
        items.append(
            ReviewItem(q.position, q.text, list(q.options), chosen, correct, right, q.explanation)
        )
    return TestReview(
        test=test,
        label=TEST_LABELS[test],
        score=submission.score,
        max_score=submission.max_score,
        submitted_at=submission.submitted_at,
        items=items,
    )


def participant_review(engine: Engine, found: PublicEvent, person_id: int) -> Review | None:
    """The review, or None while it is not available to this participant."""
    ws, ev = found.workspace.id, found.event.id
    with engine.connect() as conn:
        subs = {t: store.get_submission(conn, ws, ev, person_id, t) for t in TESTS}
        post = subs["post"]
        if post is None or not found.settings.review_open:
            return None
        questions = {t: list(store.questions(conn, ws, ev, t)) for t in TESTS}
    pre = subs["pre"]
    gain = note = None
    if pre is not None:
        gain = normalised_gain(pre.score, post.score, pre.max_score, post.max_score)
        note = GAIN_UNDEFINED if gain is None else None
    return Review(
        pre=_test_review("pre", pre, questions["pre"]) if pre is not None else None,
        post=_test_review("post", post, questions["post"]),
        gain=None if gain is None else round(gain, 4),
        gain_note=note,
    )

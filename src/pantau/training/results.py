"""Results of a training event: per-participant scores and normalised gain, aggregates by
event, mode and institution, question analysis, and winners.

Normalised gain (Hake): g = (post − pre) / (max − pre), computed on shares of the maximum so
that a pre-test and post-test of different lengths still compare. It is undefined when the
pre-test score is already the maximum; the result then says so instead of inventing a number.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import Engine, Row

from pantau.errors import PantauError
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training.events import TESTS, check_test, get_event
from pantau.training.institutions import INSTITUTION_TYPES, institution_type

UPPER_LOWER_SHARE = 0.27
GAIN_UNDEFINED = "tidak terdefinisi: nilai pre-test sudah maksimal"
GAIN_INCOMPLETE = "belum lengkap: pre-test atau post-test belum dikerjakan"


def normalised_gain(
    pre: float, post: float, max_pre: float, max_post: float | None = None
) -> float | None:
    """g = (post − pre) / (max − pre) on shares of the maximum; None when pre = max."""
    max_post = max_pre if max_post is None else max_post
    p, q = pre / max_pre, post / max_post
    if p >= 1:
        return None
    return (q - p) / (1 - p)


@dataclass
class ParticipantResult:
    code: str
    name: str
    institution: str
    institution_type: str  # kementerian, lembaga, pemprov, pemkab/pemkot, lainnya
    mode: str
    pre: int | None
    pre_max: int | None
    post: int | None
    post_max: int | None
    gain: float | None
    gain_note: str | None


@dataclass
class GroupSummary:
    group: str
    participants: int
    pre_taken: int
    post_taken: int
    mean_pre_pct: float | None  # mean score as a percentage of the maximum
    mean_post_pct: float | None
    mean_gain: float | None  # mean of the individual gains that are defined
    gains_defined: int
    gains_undefined: int  # both tests taken but pre-test already at the maximum


@dataclass
class QuestionStats:
    test: str
    position: int
    text: str
    answered: int
    difficulty: float | None  # share of submissions answering correctly
    discrimination: float | None  # share correct in upper 27% minus lower 27%
    wrong_option: int | None  # 0-based index of the most-chosen wrong option
    wrong_option_text: str | None
    wrong_option_count: int


@dataclass
class QuestionGain:
    """One question of the post-test against the pre-test question at the same position,
    among the participants who sent both tests."""

    position: int
    pre_text: str
    post_text: str
    paired: int  # participants who sent both tests
    pre_correct: float | None  # share answering correctly
    post_correct: float | None
    change: float | None  # post_correct − pre_correct


@dataclass
class Winner:
    rank: int
    code: str
    name: str
    institution: str
    score: int
    max_score: int
    submitted_at: datetime


@dataclass
class EventResults:
    event_id: int
    title: str
    participants: list[ParticipantResult]
    by_event: GroupSummary
    by_mode: list[GroupSummary]
    by_institution: list[GroupSummary]
    by_institution_type: list[GroupSummary] = field(default_factory=list)
    questions: list[QuestionStats] = field(default_factory=list)
    improvement: list[QuestionGain] = field(default_factory=list)  # most improved first

    def as_dict(self) -> dict:
        return asdict(self)


def _load(
    engine: Engine, workspace: Workspace, event_id: int
) -> tuple[Sequence[Row], Sequence[Row], Sequence[Row]]:
    with engine.connect() as conn:
        people = store.participants(conn, workspace.id, event_id)
        subs = store.submissions(conn, workspace.id, event_id)
        qs = store.questions(conn, workspace.id, event_id)
    return people, subs, qs


def participant_results(people: Sequence[Row], subs: Sequence[Row]) -> list[ParticipantResult]:
    by_person: dict[int, dict[str, Row]] = defaultdict(dict)
    for s in subs:
        by_person[s.participant_id][s.test] = s
    out = []
    for p in people:
        pre = by_person[p.id].get("pre")
        post = by_person[p.id].get("post")
        gain = note = None
        if pre is None or post is None:
            note = GAIN_INCOMPLETE
        else:
            gain = normalised_gain(pre.score, post.score, pre.max_score, post.max_score)
            note = GAIN_UNDEFINED if gain is None else None
        out.append(
            ParticipantResult(
                code=p.code,
                name=p.name,
                institution=p.institution,
                institution_type=institution_type(p.institution),
                mode=p.mode,
                pre=pre.score if pre else None,
                pre_max=pre.max_score if pre else None,
                post=post.score if post else None,
                post_max=post.max_score if post else None,
                gain=None if gain is None else round(gain, 4),
                gain_note=note,
            )
        )
    return out


def _mean(xs: list[float]) -> float | None:
    return round(sum(xs) / len(xs), 4) if xs else None


def summarise(group: str, rows: list[ParticipantResult]) -> GroupSummary:
    pre = [100 * r.pre / r.pre_max for r in rows if r.pre is not None and r.pre_max]
    post = [100 * r.post / r.post_max for r in rows if r.post is not None and r.post_max]
    gains = [r.gain for r in rows if r.gain is not None]
    return GroupSummary(
        group=group,
        participants=len(rows),
        pre_taken=len(pre),
        post_taken=len(post),
        mean_pre_pct=_mean(pre),
        mean_post_pct=_mean(post),
        mean_gain=_mean(gains),
        gains_defined=len(gains),
        gains_undefined=sum(1 for r in rows if r.gain_note == GAIN_UNDEFINED),
    )


def _grouped(
    rows: list[ParticipantResult], key: str, order: Sequence[str] = ()
) -> list[GroupSummary]:
    """Summaries per value of ``key``: the values in ``order`` first, then the rest sorted."""
    groups: dict[str, list[ParticipantResult]] = defaultdict(list)
    for r in rows:
        groups[getattr(r, key)].append(r)
    rank = {v: i for i, v in enumerate(order)}
    return [summarise(k, groups[k]) for k in sorted(groups, key=lambda k: (rank.get(k, 99), k))]


def question_gains(qs: Sequence[Row], subs: Sequence[Row]) -> list[QuestionGain]:
    """Which questions improved most from the pre-test to the post-test: the share answering
    correctly among participants who sent both, question by question (paired by position, so
    the same bank for both tests, or parallel questions in the same order). Most improved
    first."""
    by_person: dict[int, dict[str, Row]] = defaultdict(dict)
    for s in subs:
        by_person[s.participant_id][s.test] = s
    pairs = [(t["pre"], t["post"]) for t in by_person.values() if len(t) == 2]
    pre_q = {q.position: q for q in qs if q.test == "pre"}
    out = []
    for q in (q for q in qs if q.test == "post" and q.position in pre_q):
        p = pre_q[q.position]
        key = str(q.position)
        before = [a.answers.get(key, []) == sorted(p.correct) for a, _ in pairs]
        after = [b.answers.get(key, []) == sorted(q.correct) for _, b in pairs]
        pre_share = round(sum(before) / len(pairs), 4) if pairs else None
        post_share = round(sum(after) / len(pairs), 4) if pairs else None
        change = None
        if pre_share is not None and post_share is not None:
            change = round(post_share - pre_share, 4)
        out.append(
            QuestionGain(q.position, p.text, q.text, len(pairs), pre_share, post_share, change)
        )
    return sorted(out, key=lambda g: (g.change is None, -(g.change or 0), g.position))


def question_analysis(qs: Sequence[Row], subs: Sequence[Row]) -> list[QuestionStats]:
    """Difficulty, discrimination (upper 27% − lower 27% by test score) and the most-chosen
    wrong option, per question. Unanswered counts as wrong."""
    out = []
    for test in TESTS:
        tsubs = sorted(
            (s for s in subs if s.test == test), key=lambda s: (-s.score, s.submitted_at, s.id)
        )
        n = len(tsubs)
        k = max(1, round(UPPER_LOWER_SHARE * n)) if n >= 2 else 0
        for q in (q for q in qs if q.test == test):
            correct = sorted(q.correct)
            right = [s.answers.get(str(q.position), []) == correct for s in tsubs]
            wrong = Counter(
                c for s in tsubs for c in s.answers.get(str(q.position), []) if c not in correct
            )
            top = min(wrong.items(), key=lambda kv: (-kv[1], kv[0])) if wrong else None
            out.append(
                QuestionStats(
                    test=test,
                    position=q.position,
                    text=q.text,
                    answered=sum(1 for s in tsubs if s.answers.get(str(q.position))),
                    difficulty=round(sum(right) / n, 4) if n else None,
                    discrimination=(
                        round(sum(right[:k]) / k - sum(right[n - k :]) / k, 4) if k else None
                    ),
                    wrong_option=top[0] if top else None,
                    wrong_option_text=q.options[top[0]] if top else None,
                    wrong_option_count=top[1] if top else 0,
                )
            )
    return out


def event_results(engine: Engine, workspace: Workspace, event_id: int) -> EventResults:
    event = get_event(engine, workspace, event_id)
    people, subs, qs = _load(engine, workspace, event_id)
    rows = participant_results(people, subs)
    return EventResults(
        event_id=event.id,
        title=event.title,
        participants=rows,
        by_event=summarise(event.title, rows),
        by_mode=_grouped(rows, "mode", ("onsite", "online")),
        by_institution=_grouped(rows, "institution"),
        by_institution_type=_grouped(rows, "institution_type", INSTITUTION_TYPES),
        questions=question_analysis(qs, subs),
        improvement=question_gains(qs, subs),
    )


def winners(
    engine: Engine, workspace: Workspace, event_id: int, test: str = "post", count: int = 3
) -> dict[str, list[Winner]]:
    """Per mode (onsite, online): highest score first, ties to the earliest submission."""
    check_test(test)
    if count < 1:
        raise PantauError("jumlah pemenang minimal 1")
    get_event(engine, workspace, event_id)
    people, subs, _ = _load(engine, workspace, event_id)
    person = {p.id: p for p in people}
    out: dict[str, list[Winner]] = {"onsite": [], "online": []}
    ranked = sorted(
        (s for s in subs if s.test == test), key=lambda s: (-s.score, s.submitted_at, s.id)
    )
    for s in ranked:
        p = person[s.participant_id]
        board = out.setdefault(p.mode, [])
        if len(board) < count:
            board.append(
                Winner(
                    len(board) + 1,
                    p.code,
                    p.name,
                    p.institution,
                    s.score,
                    s.max_score,
                    s.submitted_at,
                )
            )
    return out

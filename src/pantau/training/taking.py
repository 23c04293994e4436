"""A participant taking a test on the web: the attempt starts when the test page is first
opened (the time limit runs from there, enforced here and not by the browser), answers are
autosaved until the participant submits, and a submission is accepted once.

Answers are kept by question position and original option index whatever order the page shows
them in, so scoring and analysis never see the shuffle. A submission that arrives after the
time limit (plus a short grace for the network) is refused; the answers saved before the limit
are then submitted in its place, stamped with the limit — the same as ``finalise_expired`` does
for participants who simply closed the page.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, Row

from pantau.errors import PantauError
from pantau.locale import fmt_datetime
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training.events import TEST_LABELS, TESTS, check_test, get_event, utc_naive
from pantau.training.links import EventSettings, PublicEvent, event_settings
from pantau.training.submit import Submission, SubmissionRefused, score_answers, submit

GRACE = timedelta(seconds=30)
MAX_ANSWER_FIELDS = 500

# Test states, in the words the participant's page uses for them.
NOT_OPEN = "belum-dibuka"
CLOSED = "ditutup"
NO_QUESTIONS = "tanpa-soal"
READY = "siap"
RUNNING = "berjalan"
TIME_UP = "waktu-habis"
SUBMITTED = "terkirim"


@dataclass(frozen=True)
class ShownOption:
    index: int  # the stored 0-based option index, whatever the shown order
    text: str


@dataclass(frozen=True)
class ShownQuestion:
    number: int  # 1-based, in the order shown
    position: int  # stored position
    text: str
    options: list[ShownOption]
    multiple: bool


@dataclass
class TestState:
    test: str
    label: str
    status: str
    opens_at: datetime | None
    closes_at: datetime | None
    minutes: int | None
    started_at: datetime | None
    deadline: datetime | None
    answers: dict[str, list[int]] = field(default_factory=dict)
    saved_at: datetime | None = None
    score: int | None = None
    max_score: int | None = None
    submitted_at: datetime | None = None
    question_count: int = 0

    def seconds_left(self, now: datetime) -> int | None:
        if self.deadline is None or self.status != RUNNING:
            return None
        return max(0, int((self.deadline - utc_naive(now)).total_seconds()))


@dataclass(frozen=True)
class SubmitOutcome:
    submission: Submission
    late: bool  # the participant's late answers were refused; those saved in time were sent


def _deadline(
    started_at: datetime | None, minutes: int | None, closes: datetime | None
) -> datetime | None:
    limit = started_at + timedelta(minutes=minutes) if started_at and minutes else None
    if limit and closes:
        return min(limit, closes)
    return limit or closes


def _state(
    test: str,
    found: PublicEvent,
    attempt: Row | None,
    submission: Row | None,
    question_count: int,
    now: datetime,
) -> TestState:
    opens, closes = found.event.window(test)
    minutes = found.settings.minutes(test)
    started = attempt.started_at if attempt else None
    deadline = _deadline(started, minutes, closes)
    if submission is not None:
        status = SUBMITTED
    elif question_count == 0:
        status = NO_QUESTIONS
    elif opens and now < opens:
        status = NOT_OPEN
    elif attempt is not None and deadline and now > deadline:
        status = TIME_UP
    elif closes and now > closes:
        status = CLOSED
    elif attempt is not None:
        status = RUNNING
    else:
        status = READY
    return TestState(
        test=test,
        label=TEST_LABELS[test],
        status=status,
        opens_at=opens,
        closes_at=closes,
        minutes=minutes,
        started_at=started,
        deadline=deadline,
        answers=dict(attempt.answers) if attempt else {},
        saved_at=attempt.saved_at if attempt else None,
        score=submission.score if submission else None,
        max_score=submission.max_score if submission else None,
        submitted_at=submission.submitted_at if submission else None,
        question_count=question_count,
    )


def _load(
    engine: Engine, found: PublicEvent, person_id: int, test: str
) -> tuple[Sequence[Row], Row | None, Row | None]:
    ws, ev = found.workspace.id, found.event.id
    with engine.connect() as conn:
        questions = store.questions(conn, ws, ev, test)
        attempt = store.get_attempt(conn, ws, ev, person_id, test)
        submission = store.get_submission(conn, ws, ev, person_id, test)
    return questions, attempt, submission


def test_state(
    engine: Engine, found: PublicEvent, person_id: int, test: str, now: datetime
) -> TestState:
    check_test(test)
    questions, attempt, submission = _load(engine, found, person_id, test)
    return _state(test, found, attempt, submission, len(questions), utc_naive(now))


def all_states(
    engine: Engine, found: PublicEvent, person_id: int, now: datetime
) -> list[TestState]:
    return [test_state(engine, found, person_id, t, now) for t in TESTS]


def start_attempt(
    engine: Engine, found: PublicEvent, person_id: int, test: str, now: datetime
) -> tuple[TestState, list[ShownQuestion]]:
    """Open the test page: starts the clock the first time, while the test is open. Returns
    the state and, when the test is running, the questions in this participant's order."""
    check_test(test)
    now = utc_naive(now)
    questions, attempt, submission = _load(engine, found, person_id, test)
    state = _state(test, found, attempt, submission, len(questions), now)
    if state.status == READY:
        try:
            with store.writing(engine) as conn:
                store.insert_attempt(conn, found.workspace.id, found.event.id, person_id, test, now)
        except store.IntegrityError:
            pass  # opened twice at the same moment: the first start counts
        with engine.connect() as conn:
            attempt = store.get_attempt(conn, found.workspace.id, found.event.id, person_id, test)
        state = _state(test, found, attempt, submission, len(questions), now)
    shown = shown_questions(found.settings, person_id, test, questions)
    return state, shown if state.status == RUNNING else []


def shown_questions(
    settings: EventSettings, person_id: int, test: str, questions: Sequence[Row]
) -> list[ShownQuestion]:
    """Questions and options in this participant's order: the same order on every reload."""
    rng = random.Random(f"{settings.secret}:{person_id}:{test}")
    ordered = list(questions)
    if settings.shuffle:
        rng.shuffle(ordered)
    out = []
    for number, q in enumerate(ordered, start=1):
        options = [ShownOption(i, text) for i, text in enumerate(q.options)]
        if settings.shuffle:
            rng.shuffle(options)
        out.append(ShownQuestion(number, q.position, q.text, options, len(q.correct) > 1))
    return out


def parse_answers(fields: Mapping[str, Sequence[str]]) -> dict[int, list[int]]:
    """Form fields ``q<position>`` (one value per chosen option index) as answers."""
    answers: dict[int, list[int]] = {}
    if len(fields) > MAX_ANSWER_FIELDS:
        raise PantauError("terlalu banyak isian jawaban")
    for name, values in fields.items():
        if not name.startswith("q") or not name[1:].isdigit():
            continue
        chosen = []
        for v in values[:MAX_ANSWER_FIELDS]:
            if not str(v).strip().isdigit():
                raise PantauError(f"pilihan jawaban tidak sah pada soal {name[1:]}")
            chosen.append(int(v))
        answers[int(name[1:])] = chosen
    return answers


def _clean(questions: Sequence[Row], answers: Mapping[int, Sequence[int]]) -> dict:
    clean, _score = score_answers(questions, answers)
    return {k: v for k, v in clean.items() if v}


def _when(at: datetime, found: PublicEvent) -> str:
    return fmt_datetime(at, found.workspace.timezone)


def _refusal(state: TestState, found: PublicEvent) -> SubmissionRefused:
    label = state.label
    if state.status == SUBMITTED and state.submitted_at:
        return SubmissionRefused(
            f"Jawaban {label} Anda sudah terkirim pada {_when(state.submitted_at, found)}; "
            "jawaban hanya dapat dikirim sekali."
        )
    if state.status == NOT_OPEN and state.opens_at:
        return SubmissionRefused(
            f"{label} belum dibuka; dibuka pada {_when(state.opens_at, found)}."
        )
    if state.status == NO_QUESTIONS:
        return SubmissionRefused(f"Soal {label} belum tersedia.")
    if state.status == CLOSED and state.closes_at:
        return SubmissionRefused(
            f"{label} sudah ditutup pada {_when(state.closes_at, found)}; "
            "jawaban tidak dapat diterima lagi."
        )
    if state.status == TIME_UP and state.deadline:
        return SubmissionRefused(
            f"Waktu pengerjaan {label} sudah habis pada {_when(state.deadline, found)}; "
            "perubahan jawaban tidak disimpan."
        )
    return SubmissionRefused(f"{label} belum dimulai; buka halaman tes terlebih dahulu.")


def save_draft(
    engine: Engine,
    found: PublicEvent,
    person_id: int,
    test: str,
    answers: Mapping[int, Sequence[int]],
    now: datetime,
) -> TestState:
    """Autosave: replaces the saved answers while the attempt is running (grace included)."""
    check_test(test)
    now = utc_naive(now)
    questions, attempt, submission = _load(engine, found, person_id, test)
    state = _state(test, found, attempt, submission, len(questions), now)
    in_grace = state.status == TIME_UP and state.deadline and now <= state.deadline + GRACE
    if state.status != RUNNING and not in_grace:
        raise _refusal(state, found)
    clean = _clean(questions, answers)
    with store.writing(engine) as conn:
        store.save_attempt_answers(
            conn, found.workspace.id, found.event.id, person_id, test, clean, now
        )
    state.answers, state.saved_at = clean, now
    return state


def submit_attempt(
    engine: Engine,
    found: PublicEvent,
    person_id: int,
    test: str,
    answers: Mapping[int, Sequence[int]] | None,
    now: datetime,
    *,
    code: str | None = None,
) -> SubmitOutcome:
    """Submit once. ``answers`` (the whole form) replace the saved ones when given in time;
    after the time limit the answers saved in time are submitted instead (``late``)."""
    check_test(test)
    now = utc_naive(now)
    questions, attempt, submission = _load(engine, found, person_id, test)
    state = _state(test, found, attempt, submission, len(questions), now)
    code = code or _participant_code(engine, found, person_id)
    if state.status in (SUBMITTED, NOT_OPEN, NO_QUESTIONS, CLOSED):
        raise _refusal(state, found)
    late = bool(state.deadline and now > state.deadline + GRACE)
    if late or answers is None:
        chosen = {int(k): v for k, v in state.answers.items()}
    else:
        chosen = {int(k): list(v) for k, v in answers.items()}
        _clean(questions, chosen)  # refuse malformed answers before anything is stored
    at = min(now, state.deadline) if state.deadline else now
    try:
        sub = submit(engine, found.workspace, found.event.id, code, test, chosen, at, found.event)
    except SubmissionRefused:
        raise _refusal(test_state(engine, found, person_id, test, now), found) from None
    return SubmitOutcome(sub, late)


def _participant_code(engine: Engine, found: PublicEvent, person_id: int) -> str:
    with engine.connect() as conn:
        row = store.participant_by_id(conn, found.workspace.id, found.event.id, person_id)
    if row is None:
        raise PantauError("peserta tidak ditemukan")
    return row.code


def finalise_expired(engine: Engine, workspace: Workspace, event_id: int, now: datetime) -> int:
    """Submit the saved answers of every attempt whose time is up and that nobody submitted,
    stamped with its deadline. Idempotent; returns how many were submitted."""
    now = utc_naive(now)
    event = get_event(engine, workspace, event_id)
    found = PublicEvent(workspace, event, event_settings(engine, workspace, event_id))
    with engine.connect() as conn:
        pending = store.attempts(conn, workspace.id, event_id)
        done = {(s.participant_id, s.test) for s in store.submissions(conn, workspace.id, event_id)}
        codes = {p.id: p.code for p in store.participants(conn, workspace.id, event_id)}
    count = 0
    for a in pending:
        if (a.participant_id, a.test) in done:
            continue
        _o, closes = event.window(a.test)
        deadline = _deadline(a.started_at, found.settings.minutes(a.test), closes)
        if deadline is None or now <= deadline + GRACE:
            continue
        answers = {int(k): v for k, v in dict(a.answers).items()}
        try:
            submit(engine, workspace, event_id, codes[a.participant_id], a.test, answers, deadline)
        except SubmissionRefused:
            continue  # submitted meanwhile
        count += 1
    return count

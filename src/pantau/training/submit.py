"""Taking a test: one submission per participant and test, scored on arrival.

A question scores one point only when the chosen options are exactly the correct ones (all or
nothing for questions with several correct answers); an unanswered question scores nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.locale import fmt_datetime
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training.events import (
    TEST_LABELS,
    TrainingEvent,
    check_test,
    get_event,
    utc_naive,
)


class SubmissionRefused(PantauError):
    """A submission that cannot be accepted (closed, not yet open, or already sent)."""


@dataclass
class Submission:
    id: int
    participant_code: str
    test: str
    score: int
    max_score: int
    submitted_at: datetime


def _when(at: datetime, timezone: str) -> str:
    return fmt_datetime(at, timezone)


def score_answers(
    questions: Sequence, answers: Mapping[int, Sequence[int]]
) -> tuple[dict[str, list[int]], int]:
    """Validated answers ({"position": sorted indexes}) and the score."""
    by_pos = {q.position: q for q in questions}
    clean: dict[str, list[int]] = {}
    score = 0
    for pos, chosen in answers.items():
        q = by_pos.get(int(pos))
        if q is None:
            raise PantauError(f"soal nomor {pos} tidak ada dalam tes ini")
        picked = sorted({int(c) for c in chosen})
        if any(not 0 <= c < len(q.options) for c in picked):
            raise PantauError(f"pilihan jawaban soal nomor {pos} di luar opsi yang ada")
        clean[str(q.position)] = picked
        if picked and picked == sorted(q.correct):
            score += 1
    return clean, score


def submit(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    participant_code: str,
    test: str,
    answers: Mapping[int, Sequence[int]],
    at: datetime,
    event: TrainingEvent | None = None,
) -> Submission:
    """Store and score a participant's answers (question position → 0-based option indexes).
    ``event``: the event when the caller has it already (saves a query)."""
    check_test(test)
    label = TEST_LABELS[test]
    if event is None or event.id != event_id:
        event = get_event(engine, workspace, event_id)
    at = utc_naive(at)
    opens, closes = event.window(test)
    if opens and at < opens:
        raise SubmissionRefused(
            f"{label} belum dibuka; dibuka pada {_when(opens, workspace.timezone)}"
        )
    if closes and at > closes:
        raise SubmissionRefused(
            f"waktu {label} sudah habis (ditutup {_when(closes, workspace.timezone)}); "
            "jawaban tidak dapat diterima"
        )
    code = participant_code.strip().upper()
    with store.writing(engine) as conn:
        person = store.participant_by_code(conn, workspace.id, event_id, code)
        if person is None:
            raise NotFoundError(f"kode peserta {code!r} tidak terdaftar pada kegiatan ini")
        questions = store.questions(conn, workspace.id, event_id, test)
        if not questions:
            raise PantauError(f"soal {label} belum tersedia")
        prior = store.get_submission(conn, workspace.id, event_id, person.id, test)
        if prior is not None:
            raise _duplicate(label, code, prior.submitted_at, workspace.timezone)
        clean, score = score_answers(questions, answers)
        try:
            with conn.begin_nested():
                sub_id = store.insert_submission(
                    conn,
                    workspace.id,
                    event_id,
                    person.id,
                    test,
                    clean,
                    score,
                    len(questions),
                    at,
                )
        except store.IntegrityError:  # a simultaneous second submission won the race
            raise _duplicate(label, code, None, workspace.timezone) from None
    return Submission(sub_id, code, test, score, len(questions), at)


def _duplicate(label: str, code: str, at: datetime | None, tz: str) -> SubmissionRefused:
    when = f" pada {_when(at, tz)}" if at else ""
    return SubmissionRefused(
        f"peserta {code} sudah mengirim jawaban {label}{when}; jawaban hanya dapat dikirim sekali"
    )

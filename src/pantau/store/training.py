"""SQL for bimtek training events: events, participants, question banks and submissions."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import (
    BindParameter,
    Connection,
    Engine,
    Row,
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from pantau.store.schema import (
    training_attempts,
    training_attendance,
    training_event_settings,
    training_events,
    training_participants,
    training_questions,
    training_sessions,
    training_submissions,
)

__all__ = ["IntegrityError", "writing"]

_sqlite_writers: dict[int, threading.Lock] = {}
_writers_lock = threading.Lock()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction. SQLite takes one writer at a time and lets the others sleep and
    retry in growing steps (up to 100 ms each), which turns a crowd submitting at once into
    seconds of waiting; writers of this process queue on a lock instead. PostgreSQL: a plain
    transaction."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            yield conn
        return
    with _writers_lock:
        lock = _sqlite_writers.setdefault(id(engine), threading.Lock())
    with lock, engine.begin() as conn:
        yield conn


# The statements a participant's page runs on every request, built once: building a
# statement costs more than running it on SQLite, and hundreds of people share one server.
_WS: BindParameter[int] = bindparam("b_ws")
_EV: BindParameter[int] = bindparam("b_ev")
_EVENT = select(training_events).where(
    training_events.c.workspace_id == _WS, training_events.c.id == _EV
)
_PARTICIPANT_BY_CODE = select(training_participants).where(
    training_participants.c.workspace_id == _WS,
    training_participants.c.event_id == _EV,
    training_participants.c.code == bindparam("b_code"),
)
_QUESTIONS_OF_TEST = (
    select(training_questions)
    .where(
        training_questions.c.workspace_id == _WS,
        training_questions.c.event_id == _EV,
        training_questions.c.test == bindparam("b_test"),
    )
    .order_by(training_questions.c.test, training_questions.c.position)
)
_SUBMISSION = select(training_submissions).where(
    training_submissions.c.workspace_id == _WS,
    training_submissions.c.event_id == _EV,
    training_submissions.c.participant_id == bindparam("b_pid"),
    training_submissions.c.test == bindparam("b_test"),
)


def insert_event(conn: Connection, workspace_id: int, values: dict) -> int:
    res = conn.execute(
        insert(training_events)
        .values(workspace_id=workspace_id, **values)
        .returning(training_events.c.id)
    )
    return int(res.scalar_one())


def update_event(conn: Connection, workspace_id: int, event_id: int, values: dict) -> None:
    conn.execute(
        update(training_events)
        .where(training_events.c.workspace_id == workspace_id, training_events.c.id == event_id)
        .values(**values)
    )


def get_event(conn: Connection, workspace_id: int, event_id: int) -> Row | None:
    return conn.execute(_EVENT, {"b_ws": workspace_id, "b_ev": event_id}).first()


def list_events(conn: Connection, workspace_id: int) -> Sequence[Row]:
    return conn.execute(
        select(training_events)
        .where(training_events.c.workspace_id == workspace_id)
        .order_by(training_events.c.starts_on, training_events.c.id)
    ).all()


def delete_event(conn: Connection, workspace_id: int, event_id: int) -> None:
    """The event and everything that belongs to it, children first."""
    for table in (
        training_attendance,
        training_sessions,
        training_attempts,
        training_submissions,
        training_questions,
        training_participants,
        training_event_settings,
    ):
        conn.execute(
            delete(table).where(table.c.workspace_id == workspace_id, table.c.event_id == event_id)
        )
    conn.execute(
        delete(training_events).where(
            training_events.c.workspace_id == workspace_id, training_events.c.id == event_id
        )
    )


def participants(conn: Connection, workspace_id: int, event_id: int) -> Sequence[Row]:
    return conn.execute(
        select(training_participants)
        .where(
            training_participants.c.workspace_id == workspace_id,
            training_participants.c.event_id == event_id,
        )
        .order_by(training_participants.c.id)
    ).all()


def participant_by_code(
    conn: Connection, workspace_id: int, event_id: int, code: str
) -> Row | None:
    return conn.execute(
        _PARTICIPANT_BY_CODE, {"b_ws": workspace_id, "b_ev": event_id, "b_code": code}
    ).first()


def insert_participant(conn: Connection, workspace_id: int, event_id: int, values: dict) -> None:
    conn.execute(
        insert(training_participants).values(workspace_id=workspace_id, event_id=event_id, **values)
    )


def update_participant(conn: Connection, participant_id: int, values: dict) -> None:
    conn.execute(
        update(training_participants)
        .where(training_participants.c.id == participant_id)
        .values(**values)
    )


def delete_participant(
    conn: Connection, workspace_id: int, event_id: int, participant_id: int
) -> None:
    """A participant with their attendance, attempts and submissions."""
    for table in (training_attendance, training_attempts, training_submissions):
        conn.execute(
            delete(table).where(
                table.c.workspace_id == workspace_id,
                table.c.event_id == event_id,
                table.c.participant_id == participant_id,
            )
        )
    conn.execute(
        delete(training_participants).where(
            training_participants.c.workspace_id == workspace_id,
            training_participants.c.event_id == event_id,
            training_participants.c.id == participant_id,
        )
    )


def questions(
    conn: Connection, workspace_id: int, event_id: int, test: str | None = None
) -> Sequence[Row]:
    if test is not None:
        params = {"b_ws": workspace_id, "b_ev": event_id, "b_test": test}
        return conn.execute(_QUESTIONS_OF_TEST, params).all()
    stmt = select(training_questions).where(
        training_questions.c.workspace_id == workspace_id,
        training_questions.c.event_id == event_id,
    )
    return conn.execute(
        stmt.order_by(training_questions.c.test, training_questions.c.position)
    ).all()


def replace_questions(
    conn: Connection, workspace_id: int, event_id: int, test: str, rows: list[dict]
) -> None:
    conn.execute(delete(training_questions).where(*_question_key(workspace_id, event_id, test)))
    if rows:
        conn.execute(
            insert(training_questions),
            [dict(r, workspace_id=workspace_id, event_id=event_id, test=test) for r in rows],
        )


def _question_key(workspace_id: int, event_id: int, test: str) -> tuple:
    return (
        training_questions.c.workspace_id == workspace_id,
        training_questions.c.event_id == event_id,
        training_questions.c.test == test,
    )


def update_question(
    conn: Connection, workspace_id: int, event_id: int, test: str, position: int, values: dict
) -> None:
    conn.execute(
        update(training_questions)
        .where(
            *_question_key(workspace_id, event_id, test),
            training_questions.c.position == position,
        )
        .values(**values)
    )


def delete_question(
    conn: Connection, workspace_id: int, event_id: int, test: str, position: int
) -> None:
    """Remove one question; the ones after it move up a place. Positions are unique, so the
    later ones step through negative numbers rather than collide half-way."""
    key = _question_key(workspace_id, event_id, test)
    pos = training_questions.c.position
    conn.execute(delete(training_questions).where(*key, pos == position))
    conn.execute(update(training_questions).where(*key, pos > position).values(position=-pos))
    conn.execute(update(training_questions).where(*key, pos < 0).values(position=-pos - 1))


def _count_of_test(table: Table, workspace_id: int, event_id: int, test: str) -> Select:
    return select(func.count()).where(
        table.c.workspace_id == workspace_id, table.c.event_id == event_id, table.c.test == test
    )


def count_attempts(conn: Connection, workspace_id: int, event_id: int, test: str) -> int:
    """Attempts started (submitted or not) of one test."""
    stmt = _count_of_test(training_attempts, workspace_id, event_id, test)
    return int(conn.execute(stmt).scalar_one())


def set_scores(conn: Connection, workspace_id: int, event_id: int, scores: dict[int, int]) -> None:
    """New scores by submission id (after the organiser corrected a key)."""
    if not scores:
        return
    conn.execute(
        update(training_submissions)
        .where(
            training_submissions.c.workspace_id == workspace_id,
            training_submissions.c.event_id == event_id,
            training_submissions.c.id == bindparam("b_id"),
        )
        .values(score=bindparam("b_score")),
        [{"b_id": k, "b_score": v} for k, v in scores.items()],
    )


def count_submissions(conn: Connection, workspace_id: int, event_id: int, test: str) -> int:
    stmt = _count_of_test(training_submissions, workspace_id, event_id, test)
    return int(conn.execute(stmt).scalar_one())


def get_submission(
    conn: Connection, workspace_id: int, event_id: int, participant_id: int, test: str
) -> Row | None:
    params = {"b_ws": workspace_id, "b_ev": event_id, "b_pid": participant_id, "b_test": test}
    return conn.execute(_SUBMISSION, params).first()


def insert_submission(
    conn: Connection,
    workspace_id: int,
    event_id: int,
    participant_id: int,
    test: str,
    answers: dict,
    score: int,
    max_score: int,
    submitted_at: datetime,
) -> int:
    res = conn.execute(
        insert(training_submissions)
        .values(
            workspace_id=workspace_id,
            event_id=event_id,
            participant_id=participant_id,
            test=test,
            answers=answers,
            score=score,
            max_score=max_score,
            submitted_at=submitted_at,
        )
        .returning(training_submissions.c.id)
    )
    return int(res.scalar_one())


def submissions(conn: Connection, workspace_id: int, event_id: int) -> Sequence[Row]:
    return conn.execute(
        select(training_submissions)
        .where(
            training_submissions.c.workspace_id == workspace_id,
            training_submissions.c.event_id == event_id,
        )
        .order_by(training_submissions.c.submitted_at, training_submissions.c.id)
    ).all()


# --- on the web: settings, attempts, sessions, attendance -------------------------------------


def get_settings(conn: Connection, workspace_id: int, event_id: int) -> Row | None:
    return conn.execute(
        select(training_event_settings).where(
            training_event_settings.c.workspace_id == workspace_id,
            training_event_settings.c.event_id == event_id,
        )
    ).first()


def settings_by_code(conn: Connection, code: str) -> Row | None:
    """The event settings carrying a public code, whatever the workspace (codes are unique
    across workspaces by construction; the table holds one row per event)."""
    return conn.execute(
        select(training_event_settings).where(training_event_settings.c.code == code)
    ).first()


def insert_settings(conn: Connection, workspace_id: int, event_id: int, values: dict) -> None:
    conn.execute(
        insert(training_event_settings).values(
            workspace_id=workspace_id, event_id=event_id, **values
        )
    )


def update_settings(conn: Connection, workspace_id: int, event_id: int, values: dict) -> None:
    conn.execute(
        update(training_event_settings)
        .where(
            training_event_settings.c.workspace_id == workspace_id,
            training_event_settings.c.event_id == event_id,
        )
        .values(**values)
    )


def participant_by_id(
    conn: Connection, workspace_id: int, event_id: int, participant_id: int
) -> Row | None:
    return conn.execute(
        select(training_participants).where(
            training_participants.c.workspace_id == workspace_id,
            training_participants.c.event_id == event_id,
            training_participants.c.id == participant_id,
        )
    ).first()


def participant_by_key(
    conn: Connection, workspace_id: int, event_id: int, person_key: str
) -> Row | None:
    return conn.execute(
        select(training_participants).where(
            training_participants.c.workspace_id == workspace_id,
            training_participants.c.event_id == event_id,
            training_participants.c.person_key == person_key,
        )
    ).first()


_ATTEMPT_KEY = (
    training_attempts.c.workspace_id == _WS,
    training_attempts.c.event_id == _EV,
    training_attempts.c.participant_id == bindparam("b_pid"),
    training_attempts.c.test == bindparam("b_test"),
)
_ATTEMPT = select(training_attempts).where(*_ATTEMPT_KEY)
_SAVE_ATTEMPT = (
    update(training_attempts)
    .where(*_ATTEMPT_KEY)
    .values(answers=bindparam("b_answers"), saved_at=bindparam("b_saved_at"))
)


def get_attempt(
    conn: Connection, workspace_id: int, event_id: int, participant_id: int, test: str
) -> Row | None:
    params = {"b_ws": workspace_id, "b_ev": event_id, "b_pid": participant_id, "b_test": test}
    return conn.execute(_ATTEMPT, params).first()


def insert_attempt(
    conn: Connection,
    workspace_id: int,
    event_id: int,
    participant_id: int,
    test: str,
    started_at: datetime,
) -> None:
    conn.execute(
        insert(training_attempts).values(
            workspace_id=workspace_id,
            event_id=event_id,
            participant_id=participant_id,
            test=test,
            started_at=started_at,
            answers={},
            saved_at=started_at,
        )
    )


def save_attempt_answers(
    conn: Connection,
    workspace_id: int,
    event_id: int,
    participant_id: int,
    test: str,
    answers: dict,
    saved_at: datetime,
) -> None:
    conn.execute(
        _SAVE_ATTEMPT,
        {
            "b_ws": workspace_id,
            "b_ev": event_id,
            "b_pid": participant_id,
            "b_test": test,
            "b_answers": answers,
            "b_saved_at": saved_at,
        },
    )


def attempts(conn: Connection, workspace_id: int, event_id: int) -> Sequence[Row]:
    return conn.execute(
        select(training_attempts)
        .where(
            training_attempts.c.workspace_id == workspace_id,
            training_attempts.c.event_id == event_id,
        )
        .order_by(training_attempts.c.participant_id, training_attempts.c.test)
    ).all()


def insert_session(conn: Connection, workspace_id: int, event_id: int, values: dict) -> int:
    res = conn.execute(
        insert(training_sessions)
        .values(workspace_id=workspace_id, event_id=event_id, **values)
        .returning(training_sessions.c.id)
    )
    return int(res.scalar_one())


def sessions(conn: Connection, workspace_id: int, event_id: int) -> Sequence[Row]:
    return conn.execute(
        select(training_sessions)
        .where(
            training_sessions.c.workspace_id == workspace_id,
            training_sessions.c.event_id == event_id,
        )
        .order_by(training_sessions.c.id)
    ).all()


def update_session(
    conn: Connection, workspace_id: int, event_id: int, session_id: int, values: dict
) -> None:
    conn.execute(
        update(training_sessions)
        .where(
            training_sessions.c.workspace_id == workspace_id,
            training_sessions.c.event_id == event_id,
            training_sessions.c.id == session_id,
        )
        .values(**values)
    )


def attendance(conn: Connection, workspace_id: int, event_id: int) -> Sequence[Row]:
    return conn.execute(
        select(training_attendance)
        .where(
            training_attendance.c.workspace_id == workspace_id,
            training_attendance.c.event_id == event_id,
        )
        .order_by(training_attendance.c.session_id, training_attendance.c.checked_in_at)
    ).all()


def has_attended(conn: Connection, workspace_id: int, session_id: int, participant_id: int) -> bool:
    return (
        conn.execute(
            select(training_attendance.c.checked_in_at).where(
                training_attendance.c.workspace_id == workspace_id,
                training_attendance.c.session_id == session_id,
                training_attendance.c.participant_id == participant_id,
            )
        ).first()
        is not None
    )


def insert_attendance(
    conn: Connection,
    workspace_id: int,
    event_id: int,
    session_id: int,
    participant_id: int,
    at: datetime,
    via: str,
) -> None:
    conn.execute(
        insert(training_attendance).values(
            workspace_id=workspace_id,
            event_id=event_id,
            session_id=session_id,
            participant_id=participant_id,
            checked_in_at=at,
            via=via,
        )
    )

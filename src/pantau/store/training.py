"""SQL for bimtek training events: events, participants, question banks and submissions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from pantau.store.schema import (
    training_events,
    training_participants,
    training_questions,
    training_submissions,
)

__all__ = ["IntegrityError"]


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
    return conn.execute(
        select(training_events).where(
            training_events.c.workspace_id == workspace_id, training_events.c.id == event_id
        )
    ).first()


def list_events(conn: Connection, workspace_id: int) -> Sequence[Row]:
    return conn.execute(
        select(training_events)
        .where(training_events.c.workspace_id == workspace_id)
        .order_by(training_events.c.starts_on, training_events.c.id)
    ).all()


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
        select(training_participants).where(
            training_participants.c.workspace_id == workspace_id,
            training_participants.c.event_id == event_id,
            training_participants.c.code == code,
        )
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


def questions(
    conn: Connection, workspace_id: int, event_id: int, test: str | None = None
) -> Sequence[Row]:
    stmt = select(training_questions).where(
        training_questions.c.workspace_id == workspace_id,
        training_questions.c.event_id == event_id,
    )
    if test is not None:
        stmt = stmt.where(training_questions.c.test == test)
    return conn.execute(
        stmt.order_by(training_questions.c.test, training_questions.c.position)
    ).all()


def replace_questions(
    conn: Connection, workspace_id: int, event_id: int, test: str, rows: list[dict]
) -> None:
    conn.execute(
        delete(training_questions).where(
            training_questions.c.workspace_id == workspace_id,
            training_questions.c.event_id == event_id,
            training_questions.c.test == test,
        )
    )
    if rows:
        conn.execute(
            insert(training_questions),
            [dict(r, workspace_id=workspace_id, event_id=event_id, test=test) for r in rows],
        )


def count_submissions(conn: Connection, workspace_id: int, event_id: int, test: str) -> int:
    return int(
        conn.execute(
            select(func.count()).where(
                training_submissions.c.workspace_id == workspace_id,
                training_submissions.c.event_id == event_id,
                training_submissions.c.test == test,
            )
        ).scalar_one()
    )


def get_submission(
    conn: Connection, workspace_id: int, event_id: int, participant_id: int, test: str
) -> Row | None:
    return conn.execute(
        select(training_submissions).where(
            training_submissions.c.workspace_id == workspace_id,
            training_submissions.c.event_id == event_id,
            training_submissions.c.participant_id == participant_id,
            training_submissions.c.test == test,
        )
    ).first()


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

"""One event at a glance: its dates and test windows, web settings, how many participants per
mode, questions and submissions per test, and the sessions with their attendance."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from sqlalchemy import Engine

from pantau.records import Workspace
from pantau.store import training as store
from pantau.training.attendance import attendance_by_participant, list_sessions
from pantau.training.events import TESTS, TrainingEvent, get_event
from pantau.training.links import event_settings


@dataclass
class SessionCount:
    id: int
    title: str
    checkin_code: str
    checkin_open: bool
    attended: int


@dataclass
class EventOverview:
    event: TrainingEvent
    settings: dict[str, object]  # the public settings (never the secret)
    participants: dict[str, int]  # per mode, and "total"
    questions: dict[str, int]  # per test
    submissions: dict[str, int]  # per test
    sessions: list[SessionCount]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def event_overview(engine: Engine, workspace: Workspace, event_id: int) -> EventOverview:
    event = get_event(engine, workspace, event_id)
    settings = event_settings(engine, workspace, event_id)
    with engine.connect() as conn:
        modes = Counter(p.mode for p in store.participants(conn, workspace.id, event_id))
        questions = Counter(q.test for q in store.questions(conn, workspace.id, event_id))
        sent = {t: store.count_submissions(conn, workspace.id, event_id, t) for t in TESTS}
    attended = Counter(
        sid
        for sessions in attendance_by_participant(engine, workspace, event_id).values()
        for sid in sessions
    )
    return EventOverview(
        event=event,
        settings=settings.public(),
        participants={
            "total": sum(modes.values()),
            "onsite": modes["onsite"],
            "online": modes["online"],
        },
        questions={t: questions[t] for t in TESTS},
        submissions=sent,
        sessions=[
            SessionCount(s.id, s.title, s.checkin_code, s.checkin_open, attended[s.id])
            for s in list_sessions(engine, workspace, event_id)
        ],
    )

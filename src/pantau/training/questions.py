"""The question banks of an event, one question at a time: list, show, edit, remove.

Once participants have started a test, its questions keep their number and their count of
options (answers are stored by position and option index): texts, option texts and the
explanation may still be corrected, and a corrected key scores every submission of that test
again. Removing a question is possible only before anyone started the test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Row

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training.events import TEST_LABELS, check_test, get_event
from pantau.training.imports import parse_key
from pantau.training.submit import score_answers


@dataclass
class Question:
    test: str
    position: int
    text: str
    options: list[str]
    correct: list[int]  # 0-based option indexes
    explanation: str | None

    @property
    def key(self) -> str:
        """The correct options as letters, "B" or "A, C"."""
        return ", ".join(chr(65 + i) for i in self.correct)

    def as_dict(self) -> dict[str, object]:
        return {
            "test": self.test,
            "position": self.position,
            "text": self.text,
            "options": self.options,
            "correct": self.correct,
            "key": self.key,
            "explanation": self.explanation,
        }


@dataclass
class QuestionEdit:
    question: Question
    rescored: int  # submissions scored again because the key changed


def _question(row: Row) -> Question:
    return Question(
        row.test,
        row.position,
        row.text,
        list(row.options),
        sorted(row.correct),
        row.explanation,
    )


def list_questions(
    engine: Engine, workspace: Workspace, event_id: int, test: str | None = None
) -> list[Question]:
    get_event(engine, workspace, event_id)
    with engine.connect() as conn:
        rows = store.questions(conn, workspace.id, event_id, check_test(test) if test else None)
    return [_question(r) for r in rows]


def _find(rows: Sequence[Row], test: str, position: int) -> Row:
    for r in rows:
        if r.position == position:
            return r
    raise NotFoundError(f"soal {TEST_LABELS[test]} nomor {position} tidak ada")


def get_question(
    engine: Engine, workspace: Workspace, event_id: int, test: str, position: int
) -> Question:
    get_event(engine, workspace, event_id)
    with engine.connect() as conn:
        rows = store.questions(conn, workspace.id, event_id, check_test(test))
    return _question(_find(rows, test, position))


def _text(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise PantauError(f"{what} tidak boleh kosong")
    return value


def edit_question(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    test: str,
    position: int,
    *,
    text: str | None = None,
    options: Sequence[str] | None = None,
    key: str | None = None,
    explanation: str | None = None,
) -> QuestionEdit:
    """Change what is given. ``key``: letters or 1-based numbers ("B", "A,C"); an empty
    ``explanation`` clears it."""
    get_event(engine, workspace, event_id)
    check_test(test)
    with store.writing(engine) as conn:
        rows = store.questions(conn, workspace.id, event_id, test)
        old = _question(_find(rows, test, position))
        started = _started(conn, workspace.id, event_id, test)
        values: dict[str, object] = {}
        if text is not None:
            values["text"] = _text(text, "teks pertanyaan")
        new_options = old.options
        if options is not None:
            new_options = [_text(o, "opsi jawaban") for o in options]
            if len(new_options) < 2:
                raise PantauError("pertanyaan harus punya sedikitnya dua opsi jawaban")
            if started and len(new_options) != len(old.options):
                raise PantauError(
                    f"{TEST_LABELS[test]} sudah dikerjakan peserta: jumlah opsi soal nomor "
                    f"{position} harus tetap {len(old.options)} (teksnya boleh diperbaiki)"
                )
            values["options"] = new_options
        correct = old.correct
        if key is not None:
            try:
                correct = parse_key(key, len(new_options))
            except ValueError as exc:
                raise PantauError(str(exc)) from None
        elif any(i >= len(new_options) for i in correct):
            raise PantauError("kunci jawaban lama di luar opsi yang baru; isi juga kuncinya")
        if correct != old.correct:
            values["correct"] = correct
        if explanation is not None:
            values["explanation"] = " ".join(explanation.split()) or None
        if values:
            store.update_question(conn, workspace.id, event_id, test, position, values)
        rescored = 0
        if "correct" in values:
            rescored = _rescore(conn, workspace.id, event_id, test)
        new = _question(_find(store.questions(conn, workspace.id, event_id, test), test, position))
    return QuestionEdit(new, rescored)


def _started(conn: Connection, workspace_id: int, event_id: int, test: str) -> bool:
    """Whether anyone opened the test (an attempt) or sent it (a submission)."""
    return bool(
        store.count_attempts(conn, workspace_id, event_id, test)
        or store.count_submissions(conn, workspace_id, event_id, test)
    )


def _rescore(conn: Connection, workspace_id: int, event_id: int, test: str) -> int:
    """Score every submission of a test again against its current key."""
    questions = store.questions(conn, workspace_id, event_id, test)
    scores = {}
    for s in store.submissions(conn, workspace_id, event_id):
        if s.test != test:
            continue
        _clean, score = score_answers(questions, {int(k): v for k, v in s.answers.items()})
        if score != s.score:
            scores[s.id] = score
    store.set_scores(conn, workspace_id, event_id, scores)
    return len(scores)


def remove_question(
    engine: Engine, workspace: Workspace, event_id: int, test: str, position: int
) -> Question:
    """Remove a question before anyone started its test; later questions move up."""
    get_event(engine, workspace, event_id)
    check_test(test)
    with store.writing(engine) as conn:
        gone = _question(_find(store.questions(conn, workspace.id, event_id, test), test, position))
        if _started(conn, workspace.id, event_id, test):
            raise PantauError(
                f"soal tidak dapat dihapus: {TEST_LABELS[test]} sudah dikerjakan peserta "
                "(teks, opsi dan kuncinya masih dapat diperbaiki)"
            )
        store.delete_question(conn, workspace.id, event_id, test, position)
    return gone

"""Bimtek (technical-guidance) training events: participants, pre-test and post-test, scoring,
learning gain, question analysis and winners. All SQL lives in ``pantau.store.training``."""

from pantau.io.tabular import ImportSummary
from pantau.training.events import TrainingEvent, create_event, get_event, set_test_window
from pantau.training.imports import import_participants, import_questions
from pantau.training.results import (
    event_results,
    normalised_gain,
    question_analysis,
    winners,
)
from pantau.training.submit import Submission, submit

__all__ = [
    "ImportSummary",
    "Submission",
    "TrainingEvent",
    "create_event",
    "event_results",
    "get_event",
    "import_participants",
    "import_questions",
    "normalised_gain",
    "question_analysis",
    "set_test_window",
    "submit",
    "winners",
]

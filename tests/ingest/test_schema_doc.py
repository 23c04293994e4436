"""The published JSON Schema agrees with what the importer accepts."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from jsonschema import Draft202012Validator

from pantau.ingest.canonical import FIELDS, RecordContext, RejectRow, to_record
from pantau.records import PLATFORMS

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs/formats/canonical-post.schema.json").read_text("utf-8")
)
VALIDATOR = Draft202012Validator(SCHEMA)
CTX = RecordContext(ZoneInfo("Asia/Jakarta"), datetime(2026, 11, 20), "canonical")


def test_schema_is_valid_and_lists_every_platform() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert tuple(SCHEMA["properties"]["platform"]["enum"]) == PLATFORMS


@pytest.mark.parametrize(
    "post",
    [
        {"platform": "x", "id": "1", "created_at": "2026-11-17T08:00:00+07:00", "text": "a"},
        {"platform": "news", "created_at": "2026-11-17", "title": "Judul", "url": "https://a.id"},
        {
            "platform": "tiktok",
            "id": 5,
            "created_at": "2026-11-17",
            "text": "b",
            "likes": 3,
            "hashtags": ["a"],
            "media": [{"type": "video", "url": "https://v"}],
            "extra": 1,
        },
    ],
)
def test_valid_posts_pass_schema_and_import(post: dict) -> None:
    VALIDATOR.validate(post)
    to_record(post, CTX, "")


@pytest.mark.parametrize(
    "post",
    [
        {"id": "1", "created_at": "2026-11-17", "text": "a"},
        {"platform": "myspace", "id": "1", "created_at": "2026-11-17", "text": "a"},
        {"platform": "x", "id": "1", "text": "a"},
        {"platform": "x", "id": "1", "created_at": "2026-11-17"},
        {"platform": "x", "id": "1", "created_at": "2026-11-17", "text": "a", "likes": -1},
    ],
)
def test_invalid_posts_fail_schema_and_are_rejected(post: dict) -> None:
    assert not VALIDATOR.is_valid(post)
    with pytest.raises(RejectRow):
        to_record(post, CTX, "")


def test_the_field_list_is_the_schemas() -> None:
    assert tuple(SCHEMA["properties"]) == FIELDS

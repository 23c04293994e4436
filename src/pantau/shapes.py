"""The JSON shape of each thing that both ``pantau … --json`` prints and ``/api/v1`` returns,
one function per thing, so the two never drift apart; and the one shape of a deleted thing."""

from __future__ import annotations

from dataclasses import asdict

from pantau.records import Workspace
from pantau.store.topics import Topic


def workspace_json(ws: Workspace) -> dict[str, object]:
    """A workspace as listed (the API adds the caller's ``role``)."""
    return {
        "slug": ws.slug,
        "name": ws.name,
        "kind": ws.kind,
        "timezone": ws.timezone,
        "province_code": ws.province_code,
        "regency_code": ws.regency_code,
    }


def topic_json(topic: Topic) -> dict[str, object]:
    return asdict(topic)


def deleted_json(kind: str, key: int | str, label: str) -> dict[str, object]:
    """What every delete or remove prints: which kind of thing, its id (or key) and name."""
    return {"deleted": kind, "id": key, "label": label}

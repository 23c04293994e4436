"""One JSON shape per thing: ``pantau … --json`` and ``/api/v1`` serialise through
``pantau.shapes``, and every delete prints the same shape."""

from __future__ import annotations

import json

import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pantau.cli.commands.topics import app as topics_app
from pantau.cli.context import global_options
from pantau.monitor.topics import add_topic
from pantau.shapes import deleted_json
from pantau.store.users import user_by_email
from pantau.users.accounts import create_token


def _cli() -> typer.Typer:
    root = typer.Typer()
    root.callback()(global_options)
    root.add_typer(topics_app, name="topics")
    return root


def test_a_listed_topic_has_the_same_fields_in_the_cli_and_the_api(
    client: TestClient, world, tmp_path
) -> None:
    add_topic(world.engine, world.a, "Harga Beras", "beras")
    with world.engine.connect() as conn:
        user = user_by_email(conn, "admin@a.go.id")
    _stored, secret = create_token(world.engine, user, "uji", actor="test")
    auth = {"Authorization": f"Bearer {secret}"}
    from_api = client.get("/api/v1/workspaces/dinas-a/topics", headers=auth).json()
    url = world.engine.url.render_as_string(hide_password=False)
    base = ["--database-url", url, "--data-dir", str(tmp_path)]
    listed = CliRunner().invoke(_cli(), [*base, "topics", "list", "-w", "dinas-a", "--json"])
    assert listed.exit_code == 0, listed.output
    from_cli = json.loads(listed.output)
    assert [set(t) for t in from_cli] == [set(t) for t in from_api]
    assert from_cli[0]["name"] == from_api[0]["name"] == "Harga Beras"
    deleted = CliRunner().invoke(
        _cli(), [*base, "topics", "delete", "Harga Beras", "-w", "dinas-a", "--json"]
    )
    assert json.loads(deleted.output) == deleted_json("topic", from_cli[0]["id"], "Harga Beras")


def test_the_deleted_shape() -> None:
    assert deleted_json("goal", 3, "Jangkauan") == {
        "deleted": "goal",
        "id": 3,
        "label": "Jangkauan",
    }

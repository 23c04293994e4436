"""A deactivated account cannot sign in, loses its sessions and its API tokens stop working."""

from __future__ import annotations

import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pantau.cli import context as cli
from pantau.cli.commands.web import user_app
from pantau.users.accounts import create_token, get_user


def test_deactivating_ends_sessions_and_tokens_and_activating_restores(
    signed_in, world, h, app
) -> None:
    user = get_user(world.engine, "analis@a.go.id")
    _token, secret = create_token(world.engine, user, "otomasi", actor="test")
    bearer = {"Authorization": f"Bearer {secret}"}
    browser = signed_in("analis@a.go.id")
    with TestClient(app) as api:
        assert api.get("/api/v1/workspaces", headers=bearer).status_code == 200
        assert browser.get("/w/dinas-a").status_code == 200
        _cli(world, "deactivate")
        assert browser.get("/w/dinas-a", follow_redirects=False).status_code == 303
        assert api.get("/api/v1/workspaces", headers=bearer).status_code == 401
        with TestClient(app) as fresh:
            assert h.login(fresh, "analis@a.go.id").status_code != 303
        _cli(world, "activate")
        assert api.get("/api/v1/workspaces", headers=bearer).status_code == 200
        with TestClient(app) as fresh:
            assert h.login(fresh, "analis@a.go.id").status_code == 303


def _cli(world, action: str) -> None:  # type: ignore[no-untyped-def]
    app = typer.Typer()
    app.callback()(cli.global_options)
    app.add_typer(user_app, name="user")
    url = world.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        app,
        [
            "--database-url",
            url,
            "--data-dir",
            str(world.settings.data_dir),
            "user",
            action,
            "--email",
            "analis@a.go.id",
        ],
    )
    assert result.exit_code == 0, result.output

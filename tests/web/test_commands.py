"""``pantau serve``/``user``/``token`` commands, mounted here as ``pantau.cli`` will mount them."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from pantau.cli import context as cli
from pantau.cli.commands.web import serve, token_app, user_app


def _app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(cli.global_options)
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    return app


def test_user_and_token_commands(world, tmp_path) -> None:
    url = str(world.engine.url.render_as_string(hide_password=False))
    run = CliRunner().invoke
    app = _app()
    base = ["--database-url", url, "--data-dir", str(tmp_path)]
    made = run(
        app,
        [
            *base,
            "user",
            "create",
            "--email",
            "Kepala@A.go.id",
            "--name",
            "Kepala",
            "--password-stdin",
            "--role",
            "admin",
            "--workspace",
            "dinas-a",
        ],
        input="sandi-kepala-123\n",
    )
    assert made.exit_code == 0, made.output
    assert "kepala@a.go.id" in made.output
    listed = run(app, [*base, "user", "list", "--json"])
    assert '"dinas-a": "admin"' in listed.output and "sandi" not in listed.output
    short = run(app, [*base, "user", "passwd", "--email", "kepala@a.go.id", "--password", "pendek"])
    assert short.exit_code != 0
    token = run(app, [*base, "token", "create", "--email", "kepala@a.go.id", "--json"])
    assert '"token": "pantau_' in token.output
    token_id = token.output.split('"id": "')[1].split('"')[0]
    assert run(app, [*base, "token", "revoke", token_id]).exit_code == 0
    again = run(app, [*base, "token", "revoke", token_id])
    assert again.exit_code != 0

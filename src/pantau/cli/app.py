"""The ``pantau`` command's mount table: every sub-command group and top-level command, and
``main``, which turns user errors into one line and exit code 1."""

from __future__ import annotations

import sys

import typer
from rich.markup import escape
from sqlalchemy.exc import OperationalError

from pantau.cli.commands import (
    agenda,
    alerts,
    backup,
    claims,
    demo,
    evaluate,
    issues,
    model,
    narrative,
    network,
    outreach,
    posts,
    profiles,
    release,
    report,
    run,
    sources,
    topics,
    training,
    web,
    worker,
    workspaces,
)
from pantau.cli.context import default_command_group, err, global_options
from pantau.errors import PantauError

app = typer.Typer(
    help="Pantau — monitoring isu dan optimasi diseminasi informasi.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.callback()(global_options)


app.command()(release.version)
app.command()(workspaces.init)
app.add_typer(workspaces.app, name="workspaces")
import_app = default_command_group(posts.import_, help="Impor post dari berkas.")
import_app.add_typer(profiles.app, name="profiles")
app.add_typer(import_app, name="import")
app.command()(posts.posts)
app.command()(posts.export)
app.command()(posts.stats)
app.command()(posts.imports)
app.command()(posts.formats)
app.command("enrich")(run.enrich_command)
app.command("eval")(evaluate.evaluate_command)
app.command()(backup.backup)
app.command()(backup.restore)
app.command()(demo.demo)
app.add_typer(topics.app, name="topics")
app.add_typer(outreach.app, name="outreach")
app.add_typer(model.app, name="model")
app.add_typer(model.label_app, name="label")
app.add_typer(report.app, name="report")
app.command("actors")(network.actors_command)
app.command("coordination")(network.coordination_command)
app.add_typer(network.app, name="network")
app.add_typer(claims.app, name="claims")
app.add_typer(training.app, name="bimtek")
app.add_typer(issues.app, name="issues")
app.add_typer(agenda.app, name="agenda")
app.add_typer(narrative.app, name="narrative")
app.add_typer(alerts.app, name="alerts")
app.add_typer(sources.app, name="sources")
app.command("run")(run.run_command)
app.command("serve")(web.serve)
app.add_typer(worker.app, name="worker")
app.command()(release.upgrade)
app.add_typer(web.user_app, name="user")
app.add_typer(web.token_app, name="token")


def main() -> None:
    try:
        app()
    except PantauError as exc:
        err.print(f"[red]galat:[/] {escape(str(exc))}", highlight=False)
        sys.exit(1)
    except OperationalError as exc:
        first_line = str(exc.orig).strip().splitlines()[0]
        err.print(f"[red]galat basis data:[/] {escape(first_line)}", highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("dihentikan; jalankan perintah yang sama lagi untuk melanjutkan")
        sys.exit(130)

"""What every command shares: the global options and their state (settings, the database
opened on first use), the ``--json`` and ``--workspace`` options, JSON printing, progress
bars, day parsing, and groups with a default command."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine
from typer.core import TyperCommand, TyperGroup

from pantau.config import Settings, load_settings
from pantau.errors import PantauError
from pantau.records import Workspace
from pantau.store import open_database
from pantau.store.workspaces import resolve_workspace

out = Console(soft_wrap=True)
err = Console(stderr=True)


class State:
    """The global options of this invocation; the database is opened on first use."""

    settings: Settings
    _engine: Engine | None = None

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_database(
                self.settings.database_url,
                self.settings.connect_timeout,
                self.settings.statement_timeout,
                **self.settings.pool_options(),
            )
        return self._engine

    def workspace(self, slug: str | None) -> Workspace:
        return resolve_workspace(self.engine(), slug or self.settings.workspace)


state = State()
JsonOpt = Annotated[bool, typer.Option("--json", help="Keluaran JSON (untuk skrip).")]
WorkspaceOpt = Annotated[
    str | None, typer.Option("--workspace", "-w", help="Slug workspace (env PANTAU_WORKSPACE).")
]


def global_options(
    data_dir: Annotated[
        Path | None, typer.Option(help="Folder data (env PANTAU_DATA_DIR; bawaan ./pantau-data).")
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(help="URL basis data (env PANTAU_DATABASE_URL), mis. postgresql+psycopg://…"),
    ] = None,
) -> None:
    state.settings = load_settings(data_dir=data_dir, database_url=database_url)
    state._engine = None


_DEFAULT = "__default__"


class _DefaultContext(typer.Context):
    @property
    def command_path(self) -> str:
        return super().command_path.rstrip()  # the default command adds no word of its own


class _DefaultCommand(TyperCommand):
    context_class = _DefaultContext


class _DefaultCommandGroup(TyperGroup):
    """Runs its default command unless the first argument names a sub-command, so
    ``pantau import FILE…`` and ``pantau import profiles …`` live side by side."""

    # the context and command types of typer's bundled click are private: Any stands for them
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = [_DEFAULT, *args]
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        return ("" if name == _DEFAULT else name), command, rest


def default_command_group(command: Callable[..., Any], help: str) -> typer.Typer:
    """A command group whose own arguments go to ``command``; sub-groups are added to it."""
    group = typer.Typer(cls=_DefaultCommandGroup, help=help)
    group.command(_DEFAULT, hidden=True, cls=_DefaultCommand)(command)
    return group


def print_json(data: object) -> None:
    sys.stdout.write(
        orjson.dumps(
            data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS, default=str
        ).decode()
        + "\n"
    )


def progress_bar(show: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show,
        transient=True,
    )


def parse_day(value: str | None, tz: str, end: bool = False) -> datetime | None:
    """A day (or ISO time) typed in the workspace zone, as naive UTC; ``end``: the day after
    a bare date (``--until`` includes the whole day)."""
    if not value:
        return None
    try:
        day = datetime.fromisoformat(value)
    except ValueError:
        raise PantauError(f"tanggal tidak sah: {value!r} (pakai YYYY-MM-DD)") from None
    if day.tzinfo is None:
        day = day.replace(tzinfo=ZoneInfo(tz))
    if end and len(value) <= 10:
        day += timedelta(days=1)
    return day.astimezone(UTC).replace(tzinfo=None)

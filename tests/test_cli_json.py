"""Every command of ``pantau``, found from Typer's own model of the command tree (not from a
list kept by hand): each one's ``--help`` works, and every command that reads (lists or shows)
and accepts ``--json`` exits 0 and prints valid JSON against a demo database.

A command is a writer when its name says it changes data, writes files, sends messages or runs
a job (``WRITER_NAMES``, plus ``WRITER_PATHS`` where a reading name is reused by a writer);
every other command with ``--json`` is run. Required arguments and options are derived from the
demo database by their parameter name (an event, an issue, a kit, an agenda item, a channel,
an audience, a topic's query); a command needing something else is skipped, and the test says
which, so that a new command that cannot be run is a visible decision.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pantau.cli import app
from pantau.cli.context import JsonOpt, print_json
from pantau.demo.bimtek import EVENT_TITLE
from pantau.outreach.priors import CONTENT_TYPES
from pantau.records import Workspace

runner = CliRunner()

WRITER_NAMES = frozenset(
    {
        "activate", "actual", "add", "approve", "build", "certificates", "create", "daily",
        "deactivate", "delete", "demo", "edit", "enqueue", "enrich", "eval", "export", "finalise",
        "followers", "import", "init", "invite", "link", "match", "passwd", "remove", "rename",
        "report", "restore", "revoke", "run", "serve", "set", "sync", "train", "workspace",
    }
)  # fmt: skip
WRITER_PATHS = frozenset(
    {
        ("alerts", "channel", "test"),
        ("outreach", "plan", "status"),
        ("import", "__default__"),
        ("report", "national"),
    }
)
# Readers that must be among those run: the walk finding none of them means it is broken.
MUST_RUN = (
    ("workspaces", "__default__"),
    ("bimtek", "event", "list"),
    ("bimtek", "event", "show"),
    ("bimtek", "winners"),
    ("bimtek", "participants", "list"),
    ("bimtek", "questions", "show"),
    ("issues", "show"),
    ("topics", "list"),
    ("narrative", "show"),
    ("agenda", "show"),
)


def command_tree(
    group: object, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], object]]:
    """(path, command) for every group and command below ``group``, depth first."""
    for name, cmd in sorted(getattr(group, "commands", {}).items()):
        yield (*path, name), cmd
        yield from command_tree(cmd, (*path, name))


def leaves(root: object) -> list[tuple[tuple[str, ...], object]]:
    return [(p, c) for p, c in command_tree(root) if not hasattr(c, "commands")]


def accepts_json(cmd: object) -> bool:
    return any("--json" in getattr(p, "opts", ()) for p in getattr(cmd, "params", ()))


def is_writer(path: tuple[str, ...]) -> bool:
    return path[-1] in WRITER_NAMES or path in WRITER_PATHS


@dataclass
class Plan:
    argv: list[str] | None  # None: skipped
    reason: str = ""


def plan(path: tuple[str, ...], cmd: object, values: dict[str, str]) -> Plan:
    """The command line that runs ``cmd`` with ``--json`` and its required parameters."""
    argv = list(path)
    options: list[str] = []
    for p in getattr(cmd, "params", ()):
        name = p.name
        if name == "workspace" and "workspace" in values:
            options += [p.opts[0], values["workspace"]]
        if not p.required:
            continue
        if name not in values:
            return Plan(None, f"needs {name!r}")
        if p.param_type_name == "argument":
            argv.append(values[name])
        else:
            options += [p.opts[0], values[name]]
    return Plan([*argv, *options, "--json"])


@dataclass
class Outcome:
    path: tuple[str, ...]
    ok: bool
    detail: str


def run_json_commands(
    root_app: typer.Typer, prefix: list[str], values: dict[str, str]
) -> tuple[list[Outcome], dict[tuple[str, ...], str]]:
    """Run every reading ``--json`` command of ``root_app``: its outcomes and the skipped
    commands with the reason."""
    root = typer.main.get_command(root_app)
    outcomes, skipped = [], {}
    for path, cmd in leaves(root):
        if not accepts_json(cmd) or is_writer(path):
            continue
        todo = plan(path, cmd, values)
        if todo.argv is None:
            skipped[path] = todo.reason
            continue
        result = runner.invoke(root_app, [*prefix, *todo.argv])
        if result.exit_code != 0:
            error = result.exception if result.exception else result.output.strip()[-300:]
            outcomes.append(Outcome(path, False, f"exit {result.exit_code}: {error!r}"))
            continue
        try:
            json.loads(result.stdout)
        except ValueError as exc:
            outcomes.append(Outcome(path, False, f"not JSON ({exc}): {result.stdout[:200]!r}"))
            continue
        outcomes.append(Outcome(path, True, ""))
    return outcomes, skipped


# --- the demo database, built once --------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, str]]:
    data = tmp_path_factory.mktemp("cli-json") / "data"
    prefix = ["--data-dir", str(data)]
    built = runner.invoke(app, [*prefix, "demo", "--posts", "3000", "--out", str(data / "out")])
    assert built.exit_code == 0, built.output

    def first(*argv: str) -> list[dict]:
        result = runner.invoke(app, [*prefix, *argv, "--json"])
        assert result.exit_code == 0, (argv, result.output)
        listed = json.loads(result.stdout)
        assert listed, f"the demo has nothing for {' '.join(argv)}"
        return listed

    channel = first("outreach", "channels")[0]
    values = {
        "workspace": first("workspaces")[0]["slug"],
        "event": str(first("bimtek", "event", "list")[0]["id"]),
        "number": "1",
        "issue_id": str(first("issues", "list")[0]["id"]),
        "kit_id": str(first("narrative", "list")[0]["id"]),
        "ref": str(first("agenda", "list")[0]["id"]),
        "query": first("topics", "list")[0]["query"],
        "target": first("outreach", "audience", "list")[0]["name"],
        "channel": f"{channel['platform']}:{channel['handle']}",
        "content_type": next(iter(CONTENT_TYPES)),
        "name": first("import", "profiles", "list")[0]["name"],
    }
    values["issue"] = values["issue_id"]
    return prefix, values


def test_every_reading_json_command_prints_json_on_the_demo(
    demo: tuple[list[str], dict[str, str]],
) -> None:
    prefix, values = demo
    outcomes, skipped = run_json_commands(app, prefix, values)
    failed = [f"pantau {' '.join(o.path)}: {o.detail}" for o in outcomes if not o.ok]
    assert failed == []
    ran = {o.path for o in outcomes}
    assert set(MUST_RUN) <= ran, set(MUST_RUN) - ran
    # every reader's required parameters are derived (a new one is a decision to make)
    assert skipped == {}


def test_the_demo_has_its_bimtek_with_winners_of_both_modes(
    demo: tuple[list[str], dict[str, str]],
) -> None:
    prefix, _values = demo
    listed = runner.invoke(app, [*prefix, "bimtek", "event", "list", "--json"])
    assert [e["title"] for e in json.loads(listed.stdout)] == [EVENT_TITLE]
    assert json.loads(listed.stdout)[0]["id"] == 1  # the first event of a fresh database
    board = json.loads(runner.invoke(app, [*prefix, "bimtek", "winners", "1", "--json"]).stdout)
    assert set(board) == {"onsite", "online"}
    assert all(len(board[mode]) == 3 and all(w["name"] for w in board[mode]) for mode in board)


def test_every_command_has_working_help(capsys: pytest.CaptureFixture[str]) -> None:
    root = typer.main.get_command(app)  # built once: building it costs more than a help page
    paths = [p for p, _ in command_tree(root)]
    assert len(paths) > 100
    for path in [(), *paths]:
        code = root.main([*path, "--help"], prog_name="pantau", standalone_mode=False)
        assert code == 0, path
        assert "Usage" in capsys.readouterr().out, path


# --- the walk catches a crashing --json command (the old `pantau workspaces --json`) -------


def _broken_app(tmp_path: Path) -> typer.Typer:
    """A command tree with one listing that fails the way ``workspaces --json`` once did:
    ``vars()`` of a record with ``__slots__``."""
    broken = typer.Typer()

    @broken.callback()
    def _root(data_dir: Path = tmp_path) -> None:
        """Root."""

    @broken.command("workspaces")
    def _workspaces(json: JsonOpt = False) -> None:
        """Lists workspaces, crashing."""
        ws = Workspace(1, "demo", "Demo", "lembaga", "Asia/Jakarta", datetime.now(UTC))
        print_json([vars(ws)])

    @broken.command("version")
    def _version(json: JsonOpt = False) -> None:
        """Works."""
        print_json({"version": "0"})

    return broken


def test_the_walk_reports_a_crashing_json_command(tmp_path: Path) -> None:
    outcomes, skipped = run_json_commands(_broken_app(tmp_path), [], {})
    by_path = {o.path: o for o in outcomes}
    assert skipped == {}
    assert by_path[("version",)].ok
    crashed = by_path[("workspaces",)]
    assert not crashed.ok and "__dict__" in crashed.detail

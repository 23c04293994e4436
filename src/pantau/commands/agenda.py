"""``pantau agenda …``. Thin: parses, calls the capability, prints. Mounted by ``pantau.cli``
with ``app.add_typer(agenda_app, name="agenda")``."""

from __future__ import annotations

import typer

# Defined before importing pantau.cli, which imports this module to mount ``app``.
app = typer.Typer(help="Agenda institusi: program dan pesan, kalender, dan perbandingannya dengan agenda publik.", no_args_is_help=True)

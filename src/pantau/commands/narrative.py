"""``pantau narrative …``. Thin: parses, calls the capability, prints. Mounted by ``pantau.cli``
with ``app.add_typer(narrative_app, name="narrative")``."""

from __future__ import annotations

import typer

# Defined before importing pantau.cli, which imports this module to mount ``app``.
app = typer.Typer(help="Narasi tunggal: kit narasi dan akun yang membawanya.", no_args_is_help=True)

"""``pantau alerts …``. Thin: parses, calls the capability, prints. Mounted by ``pantau.cli``
with ``app.add_typer(alerts_app, name="alerts")``."""

from __future__ import annotations

import typer

# Defined before importing pantau.cli, which imports this module to mount ``app``.
app = typer.Typer(help="Peringatan: aturan, kanal (email, Telegram, webhook) dan riwayat kiriman.", no_args_is_help=True)

"""The ``pantau`` command: ``app`` (the mount table), ``context`` (shared options and
output), ``commands/`` (one module per sub-command group)."""

from pantau.cli.app import app, main

__all__ = ["app", "main"]

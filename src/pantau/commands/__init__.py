"""Sub-commands of ``pantau`` (Typer sub-apps mounted by ``pantau.cli``), one module each."""

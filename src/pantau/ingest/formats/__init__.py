"""File formats Pantau imports. Each module registers one ``FileFormat``.

A format sniffs the first bytes of a file and reads it as a stream of ``Row`` (an object in
canonical post fields plus the raw input text kept unchanged) and ``Reject`` (a line that could
not be read, with the reason).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pantau.errors import PantauError
from pantau.io.rejects import Reject


@dataclass(slots=True)
class Row:
    line: int
    obj: object
    raw: str
    flags: list[str] | None = None


@dataclass
class ReadState:
    """What a reader shares with the importer while it runs."""

    path: Path
    encoding: str
    bytes_done: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FileFormat:
    name: str
    description: str
    raw_format: str
    sniff: Callable[[bytes, str, Path], bool]  # (head bytes, head text, path) -> claims it
    read: Callable[[ReadState], Iterator[Row | Reject]]
    text_based: bool = True
    priority: int = 50  # lower sniffs first: specific shapes before generic ones


_REGISTRY: dict[str, FileFormat] = {}
_LOADED = False


def register(fmt: FileFormat) -> FileFormat:
    _REGISTRY[fmt.name] = fmt
    return fmt


def all_formats() -> list[FileFormat]:
    _load_builtin()
    return sorted(_REGISTRY.values(), key=lambda f: (f.priority, f.name))


def get_format(name: str) -> FileFormat:
    _load_builtin()
    try:
        return _REGISTRY[name]
    except KeyError:
        names = ", ".join(sorted(_REGISTRY))
        raise PantauError(f"format tidak dikenal: {name!r} (pilih: {names})") from None


def detect_format(head: bytes, head_text: str, path: Path) -> FileFormat:
    """The first format, by priority, that claims the file."""
    for fmt in all_formats():
        if fmt.sniff(head, head_text, path):
            return fmt
    raise PantauError(
        f"format berkas {path.name} tidak dikenali; sebutkan dengan --format "
        f"({', '.join(f.name for f in all_formats())})"
    )


def _load_builtin() -> None:
    """Import the built-in format modules, which register themselves. They import this
    package, so they are imported on first use rather than at its top (a module imported
    on its own registers only itself, hence the flag)."""
    global _LOADED
    if _LOADED:
        return
    from pantau.ingest.formats import (  # noqa: F401
        csv_canonical,
        feed,
        jsonl,
        parquet,
        x_api_v2,
        xlsx,
    )

    _LOADED = True

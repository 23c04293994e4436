"""The rejects file: every refused row with its line and reason, as CSV (UTF-8 with BOM, so
analysts open it in Excel)."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from pantau.errors import PantauError
from pantau.io.cells import safe_row


@dataclass(slots=True)
class Reject:
    line: int
    reason: str
    raw: str


class RefusedRow(Protocol):
    """What a rejects file records of a row: its line, why, and the row as read."""

    @property
    def line(self) -> int: ...

    @property
    def reason(self) -> str: ...

    @property
    def raw(self) -> str: ...


def writable_folder(folder: Path, what: str) -> None:
    """Create ``folder`` if needed and check files can be written in it, or raise one clear
    line (before any work starts, so nothing is half done)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PantauError(f"{what} tidak bisa dibuat: {folder} ({exc.strerror})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PantauError(f"{what} tidak bisa ditulis (izin?): {folder}")


MAX_RAW_SHOWN = 10_000  # characters of a refused row written to the rejects file


class RejectsWriter:
    """Opens the rejects file on the first reject only (a clean import leaves no file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._file: IO[str] | None = None
        self._writer: Any = None  # csv's writer type is private to typeshed

    def write(self, reject: RefusedRow) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._writer = csv.writer(self._file)
            self._writer.writerow(["baris", "alasan", "data_asli"])
        raw = reject.raw
        if len(raw) > MAX_RAW_SHOWN:  # a rejects file stays openable however big the row
            raw = raw[:MAX_RAW_SHOWN] + f" … [dipotong; {len(raw):,} karakter]"
        self._writer.writerow(safe_row([reject.line, reject.reason, raw]))
        self.count += 1

    def close(self) -> str | None:
        if self._file is not None:
            self._file.close()
            return str(self.path)
        return None

"""Opening Excel workbooks people upload, safely.

An XLSX file is a zip archive: a 400 KB file can unpack to a 400 MB string, or describe three
million rows. Before openpyxl reads it, the archive's members are checked: at most
``MAX_UNPACKED`` bytes once unpacked, and no member unpacking to more than ``MAX_RATIO`` times
its packed size beyond the first megabyte (ordinary workbooks compress 5–20 times). While
reading, a sheet may hold at most ``MAX_ROWS`` rows (Excel's own limit); openpyxl itself cuts a
cell at Excel's 32,767 characters.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from pantau.errors import PantauError

MAX_UNPACKED = 300 << 20  # 300 MB
MAX_RATIO = 200
MAX_ROWS = 1_048_576  # Excel's limit


def check_archive(path: Path) -> None:
    """Refuse a workbook whose archive unpacks to too much (see the module docstring)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise PantauError(f"berkas Excel tidak bisa dibuka: {path.name}: {exc}") from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise PantauError(
            f"berkas Excel terlalu besar setelah dibuka ({unpacked >> 20} MB; batas "
            f"{MAX_UNPACKED >> 20} MB): {path.name}"
        )
    for member in members:
        if member.file_size > (1 << 20) and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise PantauError(
                f"berkas Excel mencurigakan ({member.filename} memadat "
                f"{member.file_size // max(member.compress_size, 1)}×): {path.name}"
            )


def open_workbook(path: Path) -> Any:  # openpyxl's Workbook
    """The workbook at ``path`` read-only with cached values, after :func:`check_archive`."""
    from openpyxl import load_workbook  # heavy: loaded when a workbook is read

    check_archive(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise PantauError(f"berkas Excel tidak bisa dibuka: {path.name}: {exc}") from None


def check_line(line: int) -> None:
    """Stop reading a sheet longer than Excel allows (a crafted file can describe millions
    of rows in a few hundred kilobytes)."""
    if line > MAX_ROWS:
        raise PantauError(f"lembar kerja lebih dari {MAX_ROWS:,} baris; pisahkan berkasnya")

"""Files people upload (posts on *Impor*, claims on *Klaim*): written in chunks under a
folder of the workspace with a random prefix and a cleaned name, refused when empty or over
the page's limit (the part already written is removed)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from starlette.datastructures import UploadFile

from pantau.errors import PantauError
from pantau.web.values import whole_number

CHUNK = 1 << 20


def safe_name(name: str) -> str:
    """A file name that is safe on every file system: letters, digits, ``.``, ``-``, ``_``."""
    base = Path(name or "berkas").name
    cleaned = re.sub(r"[^\w.\-]+", "_", base).strip("._") or "berkas"
    return cleaned[-120:]


async def save_upload(upload: UploadFile, folder: Path, limit: int) -> Path:
    """The uploaded file written under ``folder``, at most ``limit`` bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(6)}-{safe_name(upload.filename or '')}"
    written = 0
    with open(path, "wb") as out:
        while chunk := await upload.read(CHUNK):
            written += len(chunk)
            if written > limit:
                break
            out.write(chunk)
    if written > limit:
        path.unlink(missing_ok=True)
        raise PantauError(
            f"berkas lebih besar dari {limit // (1024 * 1024)} MB; "
            "impor berkas sebesar ini dengan perintah `pantau` di server"
        )
    if not written:
        path.unlink(missing_ok=True)
        raise PantauError("berkas kosong")
    return path


def too_large(length: str | None, limit: int) -> bool:
    """Whether a request's Content-Length already says the upload is over ``limit``."""
    declared = whole_number(length)
    return declared is not None and declared > limit + CHUNK

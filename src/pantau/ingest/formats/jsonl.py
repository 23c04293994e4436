"""Posts as JSON Lines (one object per line) or as one JSON array: canonical objects, or any
objects read through a column mapping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from pantau.ingest.formats import FileFormat, ReadState, Row, register
from pantau.io.decode import REPLACED, decode_bytes, iter_lines
from pantau.io.rejects import Reject


def _sniff(head: bytes, head_text: str, path: Path) -> bool:
    stripped = head_text.lstrip()
    return stripped.startswith("{") or (stripped.startswith("[") and "{" in stripped[:200])


def _read(state: ReadState) -> Iterator[Row | Reject]:
    if state.encoding not in ("utf-8", "utf-8-sig"):
        yield from _read_text(state)
        return
    loads, decode_error = orjson.loads, orjson.JSONDecodeError
    with open(state.path, "rb", buffering=1 << 20) as f:
        consumed = 0
        for n, line in enumerate(f, 1):
            consumed += len(line)
            if n == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
                if line.lstrip().startswith(b"["):
                    yield from _read_array(state)
                    return
            try:
                text = line.decode("utf-8").strip()
                flags = None
            except UnicodeDecodeError:
                text = decode_bytes(line, "utf-8")[0].strip()
                flags = [REPLACED]
            if not text:
                continue
            if n % 1024 == 0:
                state.bytes_done = consumed
            try:
                obj = loads(text)
            except decode_error as exc:
                yield Reject(n, f"JSON tidak sah: {exc}", text)
                continue
            yield Row(n, obj, text, flags)
        state.bytes_done = consumed


def _read_text(state: ReadState) -> Iterator[Row | Reject]:
    """Files in UTF-16 or cp1252: decoded by a text stream."""
    first = True
    for n, line, consumed in iter_lines(state.path, state.encoding):
        state.bytes_done = consumed
        text = line.strip()
        if not text:
            continue
        if first and text.startswith("["):
            yield from _read_array(state)
            return
        first = False
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            yield Reject(n, f"JSON tidak sah: {exc}", text)
            continue
        yield Row(n, obj, text, [REPLACED] if "\ufffd" in text else None)


def _read_array(state: ReadState) -> Iterator[Row | Reject]:
    data = state.path.read_bytes()
    text, replaced = decode_bytes(data, state.encoding)
    try:
        items = orjson.loads(text.lstrip("\ufeff"))
    except orjson.JSONDecodeError as exc:
        yield Reject(1, f"JSON tidak sah: {exc}", text[:2000])
        return
    state.bytes_done = len(data)
    if not isinstance(items, list):
        yield Reject(1, "berkas JSON harus berisi daftar objek post", text[:2000])
        return
    for i, obj in enumerate(items, 1):
        yield Row(i, obj, orjson.dumps(obj).decode(), [REPLACED] if replaced else None)


register(
    FileFormat(
        name="jsonl",
        description="post kanonik, JSON Lines (atau satu larik JSON)",
        raw_format="canonical",
        sniff=_sniff,
        read=_read,
        read_table=_read,
        priority=80,
    )
)

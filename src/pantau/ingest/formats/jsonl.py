"""Canonical posts as JSON Lines (one object per line) or as one JSON array."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from pantau.ingest.decode import REPLACED, decode_bytes, iter_lines
from pantau.ingest.formats import FileFormat, ReadState, Reject, Row, register


def _sniff(head: bytes, head_text: str, path: Path) -> bool:
    stripped = head_text.lstrip()
    return stripped.startswith("{") or (stripped.startswith("[") and "{" in stripped[:200])


def _read(state: ReadState) -> Iterator[Row | Reject]:
    loads, decode_error = orjson.loads, orjson.JSONDecodeError
    encoding = state.encoding
    first = True
    for n, line, consumed in iter_lines(state.path, encoding):
        state.bytes_done = consumed
        flags = None
        if isinstance(line, bytes):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                text, _ = decode_bytes(line, "utf-8")
                flags = [REPLACED]
        else:
            text = line
            if "\ufffd" in text:
                flags = [REPLACED]
        stripped = text.strip()
        if not stripped:
            continue
        if first and stripped.startswith("["):
            yield from _read_array(state)
            return
        first = False
        try:
            obj = loads(stripped)
        except decode_error as exc:
            yield Reject(n, f"JSON tidak sah: {exc}", stripped)
            continue
        yield Row(n, obj, stripped, flags)


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
        priority=80,
    )
)

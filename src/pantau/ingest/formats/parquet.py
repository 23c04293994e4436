"""Canonical posts in an Apache Parquet file (columns named as the canonical fields)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from pantau.ingest.formats import FileFormat, ReadState, Row, register
from pantau.io.rejects import Reject

# pyarrow is imported inside the functions that use it, not when the CLI starts.


def _sniff(head: bytes, head_text: str, path: Path) -> bool:
    return head.startswith(b"PAR1")


def _read(state: ReadState) -> Iterator[Row | Reject]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(state.path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        yield Reject(0, f"berkas Parquet tidak bisa dibaca: {exc}", "")
        return
    total = max(pf.metadata.num_rows, 1)
    size = state.path.stat().st_size
    n = 0
    for batch in pf.iter_batches(batch_size=5000):
        for obj in batch.to_pylist():
            n += 1
            raw = orjson.dumps(obj, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
            yield Row(n, obj, raw)
        state.bytes_done = size * n // total


register(
    FileFormat(
        name="parquet",
        description="post kanonik, Apache Parquet",
        raw_format="canonical",
        sniff=_sniff,
        read=_read,
        priority=10,
        text_based=False,
    )
)

"""The claims database: import known hoaxes and clarifications from CSV or JSON Lines, list,
delete.

A file's columns may be named in Indonesian or English (``klaim``/``claim``,
``status``/``verdict``, ``kategori``/``category``, ``klarifikasi``/``clarification``,
``sumber``/``url``/``source``, ``tanggal``/``date``). Every claim is keyed by its canonical
source URL, or by its normalised text when it has no source, so importing a file again changes
nothing and an edited claim is updated in place. Rows that cannot be used go to a rejects CSV
with the line and the reason; a file that cannot be read at all is one clear error.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.ingest.keys import canonical_url
from pantau.io.rejects import Reject, RejectsWriter
from pantau.io.tabular import csv_reader, read_text_file
from pantau.records import Workspace
from pantau.store import claims as store
from pantau.text.normalize import normalize

VERDICTS = ("HOAKS", "DISINFORMASI", "MISINFORMASI", "FAKTA")
CATEGORIES = (
    "kesehatan",
    "pemerintahan",
    "penipuan",
    "politik",
    "bencana",
    "ekonomi",
    "lainnya",
)
MAX_FILE_BYTES = 200 * 1024 * 1024

_FIELD_ALIASES = {
    "claim": ("klaim", "claim", "judul", "title", "isi", "text", "teks"),
    "verdict": ("status", "verdict", "putusan", "label", "kesimpulan"),
    "category": ("kategori", "category", "topik"),
    "clarification": ("klarifikasi", "clarification", "penjelasan", "fakta_sebenarnya"),
    "source_url": ("sumber", "url", "source", "source_url", "tautan", "link"),
    "published": ("tanggal", "date", "published", "tanggal_terbit"),
}
_VERDICT_ALIASES = {
    "hoaks": "HOAKS",
    "hoax": "HOAKS",
    "salah": "HOAKS",
    "false": "HOAKS",
    "disinformasi": "DISINFORMASI",
    "disinformation": "DISINFORMASI",
    "misinformasi": "MISINFORMASI",
    "misinformation": "MISINFORMASI",
    "misleading": "MISINFORMASI",
    "menyesatkan": "MISINFORMASI",
    "fakta": "FAKTA",
    "fact": "FAKTA",
    "benar": "FAKTA",
    "true": "FAKTA",
}
_CATEGORY_ALIASES = {
    "health": "kesehatan",
    "government": "pemerintahan",
    "scam": "penipuan",
    "fraud": "penipuan",
    "politics": "politik",
    "disaster": "bencana",
    "economy": "ekonomi",
    "other": "lainnya",
    "": "lainnya",
}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y")
_MIN_CLAIM_WORDS = 3


@dataclass(frozen=True, slots=True)
class Claim:
    id: int
    claim: str
    verdict: str
    category: str
    clarification: str | None
    source_url: str | None
    published: date | None
    created_at: datetime
    matches: int = 0
    shared: bool = False  # the coordinator's, matched in every workspace
    workspace_id: int = 0  # where it was entered


@dataclass(frozen=True, slots=True)
class ClaimImportSummary:
    file: str
    format: str
    rows_read: int
    rows_new: int
    rows_updated: int
    rows_unchanged: int
    rows_rejected: int
    rejects_path: str | None


class _RowError(ValueError):
    pass


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().strip('"').lower())


def _field_of(header: str) -> str | None:
    key = _header_key(header)
    for field, aliases in _FIELD_ALIASES.items():
        if key in aliases:
            return field
    return None


def claim_key(claim: str, source_url: str | None) -> str:
    basis = "u:" + canonical_url(source_url) if source_url else "t:" + normalize(claim).text
    return hashlib.sha256(basis.encode()).hexdigest()


def _parse_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    head = value[:10] if re.match(r"\d{4}-\d{2}-\d{2}[T ]", value) else value
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    raise _RowError(f"tanggal tidak sah: {value!r} (pakai YYYY-MM-DD atau DD/MM/YYYY)")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float):
        return str(value)
    raise _RowError(f"nilai bukan teks: {value!r}")


def validate(fields: dict[str, object]) -> dict[str, object]:
    """One claim's values, checked and cleaned; raises ``_RowError`` with the reason."""
    claim = " ".join(_text(fields.get("claim")).split())
    if not claim:
        raise _RowError("klaim kosong")
    if len(claim.split()) < _MIN_CLAIM_WORDS:
        raise _RowError(f"klaim terlalu pendek (minimal {_MIN_CLAIM_WORDS} kata)")
    raw_verdict = _text(fields.get("verdict"))
    verdict_word = re.sub(r"[\[\]()]", "", raw_verdict).strip().lower()
    verdict = _VERDICT_ALIASES.get(verdict_word)
    if verdict is None:
        if not raw_verdict:
            raise _RowError(f"status kosong (pilih {', '.join(VERDICTS)})")
        raise _RowError(f"status tidak dikenal: {raw_verdict!r} (pilih {', '.join(VERDICTS)})")
    raw_category = _text(fields.get("category")).lower()
    category = _CATEGORY_ALIASES.get(raw_category, raw_category)
    if category not in CATEGORIES:
        raise _RowError(f"kategori tidak dikenal: {raw_category!r} (pilih {', '.join(CATEGORIES)})")
    source = _text(fields.get("source_url")) or None
    if source is not None:
        if source.lower().startswith("www."):
            source = "https://" + source
        if not re.match(r"https?://[^\s/]+\.[^\s]+", source, re.IGNORECASE):
            raise _RowError(f"sumber bukan URL: {source!r}")
    clarification = " ".join(_text(fields.get("clarification")).split()) or None
    published = _parse_date(_text(fields.get("published")))
    return {
        "claim": claim,
        "verdict": verdict,
        "category": category,
        "clarification": clarification,
        "source_url": source,
        "published": published,
        "claim_key": claim_key(claim, source),
    }


def _sniff_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "jsonl" if text.lstrip()[:1] in ("{", "[") else "csv"


def _csv_rows(text: str) -> tuple[list[tuple[int, dict[str, object] | None, str]], list[str]]:
    reader = csv_reader(text)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise PantauError(f"baris judul CSV tidak terbaca: {exc}") from None
    fields = [_field_of(h) for h in header]
    if "claim" not in fields:
        shown = ", ".join(h.strip() for h in header[:8]) or "(kosong)"
        raise PantauError(
            f"kolom klaim tidak ditemukan (judul kolom: {shown}); "
            "perlu kolom klaim/claim dan status/verdict"
        )
    rows: list[tuple[int, dict[str, object] | None, str]] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            raw = reader.dialect.delimiter.join(values)
            if len(values) > len(header):
                rows.append((line, None, raw))
                continue
            rows.append((line, {f: v for f, v in zip(fields, values, strict=False) if f}, raw))
    except csv.Error as exc:
        raise PantauError(f"CSV rusak di baris {reader.line_num}: {exc}") from None
    return rows, [h for h, f in zip(header, fields, strict=True) if f is None and h.strip()]


def _json_object(obj: dict) -> dict[str, object]:
    mapped: dict[str, object] = {}
    for key, value in obj.items():
        field = _field_of(str(key))
        if field and field not in mapped:
            mapped[field] = value
    return mapped


def _jsonl_rows(text: str) -> list[tuple[int, dict[str, object] | None, str]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = orjson.loads(stripped)
        except orjson.JSONDecodeError as exc:
            raise PantauError(f"JSON rusak: {exc}") from None
        return [
            (i, _json_object(o) if isinstance(o, dict) else None, orjson.dumps(o).decode())
            for i, o in enumerate(items, 1)
        ]
    rows: list[tuple[int, dict[str, object] | None, str]] = []
    parsed = 0
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            rows.append((line_no, None, line))
            continue
        parsed += 1
        rows.append((line_no, _json_object(obj) if isinstance(obj, dict) else None, line))
    if rows and parsed == 0:
        raise PantauError("berkas bukan JSON Lines: tidak ada baris JSON yang terbaca")
    return rows


def _read(path: Path) -> tuple[str, str]:
    text = read_text_file(
        path, max_bytes=MAX_FILE_BYTES, what="daftar klaim", expected="CSV atau JSON Lines"
    )
    return text, _sniff_format(path, text)


def import_claims(
    engine: Engine,
    workspace: Workspace,
    path: Path,
    *,
    rejects_dir: Path,
    fmt: str | None = None,
    shared: bool = False,
) -> ClaimImportSummary:
    """Import claims from a CSV or JSON Lines file (see the module docstring); ``shared``
    claims (a coordinator's fact-check feed) apply to every workspace's matching."""
    text, detected = _read(path)
    fmt = (fmt or detected).lower()
    if fmt not in ("csv", "jsonl"):
        raise PantauError(f"format tidak dikenal: {fmt!r} (pilih csv atau jsonl)")
    rows = _csv_rows(text)[0] if fmt == "csv" else _jsonl_rows(text)
    started = datetime.now(UTC)
    rejects = RejectsWriter(
        rejects_dir / f"klaim-{path.stem}-{started.strftime('%Y%m%d-%H%M%S')}.csv"
    )
    good: list[dict[str, object]] = []
    for line, fields, raw in rows:
        if fields is None:
            reason = "baris JSON rusak" if fmt == "jsonl" else "jumlah kolom melebihi judul"
            rejects.write(Reject(line, reason, raw))
            continue
        try:
            good.append(validate(fields))
        except _RowError as exc:
            rejects.write(Reject(line, str(exc), raw))
    rejects_path = rejects.close()
    if not good and not rows:
        raise PantauError(f"tidak ada klaim di berkas: {path}")
    now = started.replace(tzinfo=None)
    with engine.begin() as conn:
        new, updated, unchanged = store.upsert_claims(conn, workspace.id, good, now, shared)
    return ClaimImportSummary(
        file=str(path),
        format=fmt,
        rows_read=len(rows),
        rows_new=new,
        rows_updated=updated,
        rows_unchanged=unchanged,
        rows_rejected=rejects.count,
        rejects_path=rejects_path,
    )


def _checked(
    claim: str,
    verdict: str,
    category: str,
    clarification: str | None,
    source_url: str | None,
    published: str | None,
) -> dict[str, object]:
    """A claim typed by hand, checked as a file row is; a bad value is a one-line error."""
    fields: dict[str, object] = {
        "claim": claim,
        "verdict": verdict,
        "category": category,
        "clarification": clarification,
        "source_url": source_url,
        "published": published or "",
    }
    try:
        return validate(fields)
    except _RowError as exc:
        raise PantauError(str(exc)) from None


def add_claim(
    engine: Engine,
    workspace: Workspace,
    claim: str,
    verdict: str,
    category: str = "lainnya",
    clarification: str | None = None,
    source_url: str | None = None,
    published: str | None = None,
    shared: bool = False,
) -> Claim:
    """Store one claim (the same checks as a file row); returns it."""
    values = _checked(claim, verdict, category, clarification, source_url, published)
    with engine.begin() as conn:
        now = datetime.now(UTC).replace(tzinfo=None)
        store.upsert_claims(conn, workspace.id, [values], now, shared)
    for c in list_claims(engine, workspace):
        if (
            c.workspace_id == workspace.id
            and claim_key(c.claim, c.source_url) == values["claim_key"]
        ):
            return c
    raise AssertionError("claim just stored was not found")  # pragma: no cover


def edit_claim(
    engine: Engine,
    workspace: Workspace,
    claim_id: int,
    *,
    claim: str,
    verdict: str,
    category: str = "lainnya",
    clarification: str | None = None,
    source_url: str | None = None,
    published: str | None = None,
) -> Claim:
    """Replace one claim's values (the same checks as a file row). Its matches are recomputed
    by the next claims stage (``pantau run``)."""
    get_claim(engine, workspace, claim_id)
    values = _checked(claim, verdict, category, clarification, source_url, published)
    with engine.begin() as conn:
        owner = store.claim_key_owner(conn, workspace.id, str(values["claim_key"]))
        if owner is not None and owner != claim_id:
            raise PantauError(f"klaim yang sama sudah ada (#{owner})")
        store.update_claim(conn, workspace.id, claim_id, values)
    return get_claim(engine, workspace, claim_id)


def claim_matches_of(
    engine: Engine, workspace: Workspace, claim_id: int, limit: int = 50
) -> tuple[list[dict], dict[str, int]]:
    """The newest posts matched to a claim (with score, passage, method, stance) and how
    many spread and how many debunk it."""
    with engine.connect() as conn:
        return (
            store.matched_posts(conn, workspace.id, claim_id, limit),
            store.stance_counts(conn, workspace.id, claim_id),
        )


def _claim(row: dict) -> Claim:
    return Claim(**{f: row[f] for f in Claim.__dataclass_fields__})


def list_claims(engine: Engine, workspace: Workspace) -> list[Claim]:
    with engine.connect() as conn:
        return [_claim(r) for r in store.claim_rows(conn, workspace.id)]


def get_claim(engine: Engine, workspace: Workspace, claim_id: int) -> Claim:
    for c in list_claims(engine, workspace):
        if c.id == claim_id:
            return c
    raise NotFoundError(f"klaim #{claim_id} tidak ditemukan (lihat `pantau claims list`)")


def delete_claim(engine: Engine, workspace: Workspace, claim_id: int) -> Claim:
    """Delete a claim and its matches; returns what was deleted. A shared claim is deleted
    only in the workspace it was entered in."""
    found = get_claim(engine, workspace, claim_id)
    if found.workspace_id != workspace.id:
        raise PantauError(
            f"klaim #{claim_id} adalah klaim bersama koordinator; hapus di workspace asalnya"
        )
    with engine.begin() as conn:
        store.delete_claim(conn, workspace.id, claim_id)
    return found

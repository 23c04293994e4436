"""The canonical post: validating one input object and turning it into a ``PostRecord``.

The rules are documented in ``docs/formats/canonical-post.md`` and the JSON Schema
``pantau/ingest/canonical-post.schema.json``. Every failure raises ``RejectRow`` with a reason a
person can act on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime

import orjson

from pantau.ingest.keys import content_key, url_key
from pantau.records import PLATFORMS, PostRecord

SCHEMA_VERSION = "1.0"
MAX_TEXT = 1_000_000
# what the store can hold (see store/schema.py); a longer value is rejected with its reason
MAX_RAW = 2_000_000  # characters of one stored input row
MAX_ID = 500  # external ids and references to other posts
MAX_AUTHOR = 300
MAX_NAME = 500  # an author's display name: cut to this
MAX_URL = 4096
MAX_LANG = 16
MAX_TAGS, MAX_TAG = 200, 200  # hashtags or mentions of one post, and one's length: cut
MAX_COUNT = 2**63 - 1  # the largest number a count column holds

PLATFORM_ALIASES = {p: p for p in PLATFORMS} | {
    "twitter": "x",
    "tw": "x",
    "fb": "facebook",
    "ig": "instagram",
    "yt": "youtube",
    "tt": "tiktok",
    "berita": "news",
    "online_news": "news",
    "web": "news",
    "tg": "telegram",
}
_COUNT_SUFFIX = {
    "k": 1_000,
    "rb": 1_000,
    "ribu": 1_000,
    "m": 1_000_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
}
_COUNT_RE = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)\s*(k|rb|ribu|m|jt|juta)$")
_TAG_SPLIT = re.compile(r"[\s,;]+")
# the fields of a canonical post, as in docs/formats/canonical-post.schema.json
FIELDS = (
    "platform",
    "id",
    "created_at",
    "collected_at",
    "text",
    "title",
    "author",
    "author_name",
    "author_followers",
    "author_verified",
    "url",
    "lang",
    "likes",
    "reposts",
    "replies",
    "views",
    "reply_to",
    "repost_of",
    "quote_of",
    "hashtags",
    "mentions",
    "media",
)
EXCEL_SAFE_INT = 2**53  # a larger id read as a number from Excel has lost its last digits
MANGLED_ID = "id rusak oleh Excel (angka terlalu besar); format kolom id sebagai teks"


class RejectRow(Exception):
    """This input row cannot be stored; the message is the reason shown to the user."""


EARLIEST = datetime(2000, 1, 1)  # posts dated before this are rejected (unless allowed)
FUTURE_MARGIN = timedelta(days=1)  # ...and those dated this long after their collection
# never stored, even when allowed: beyond these, local days and hour arithmetic overflow
OUTER_BOUNDS = (datetime(1900, 1, 1), datetime(3000, 1, 1))


@dataclass(frozen=True)
class RecordContext:
    timezone: tzinfo  # for naive times
    collected_at: datetime  # naive UTC; when this copy of the data was obtained
    raw_format: str
    allow_dates: bool = False  # store posts dated outside [EARLIEST, collected_at + margin]

    def check_date(self, created_at: datetime) -> None:
        """Reject a post dated before 2000 or more than a day after its collection: such a
        date is an export's "empty date" (0001-01-01, 1970-01-01) or a wrong clock, and
        would drag every later analysis back or forward in time."""
        if not OUTER_BOUNDS[0] <= created_at < OUTER_BOUNDS[1]:
            raise RejectRow(f"created_at {created_at:%Y-%m-%d} di luar rentang 1900–2999")
        if self.allow_dates:
            return
        if created_at < EARLIEST:
            raise RejectRow(
                f"created_at {created_at:%Y-%m-%d} sebelum {EARLIEST:%Y}: tanggal kosong atau "
                "salah? (--allow-dates untuk tetap menyimpan)"
            )
        if created_at > self.collected_at + FUTURE_MARGIN:
            raise RejectRow(
                f"created_at {created_at:%Y-%m-%d %H:%M} UTC lebih dari sehari sesudah waktu "
                "pengumpulan: jam atau zona waktu sumber salah? (--allow-dates untuk tetap "
                "menyimpan)"
            )


def parse_time(value: object, tz: tzinfo, field: str = "created_at") -> datetime:
    """A naive-UTC datetime from ISO 8601 text, RFC 2822 text, a datetime or epoch seconds."""
    if type(value) is str:
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            dt = _parse_time_text(value, field)
    elif isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise RejectRow(f"{field} bukan waktu yang sah: {value!r}")
        seconds = value / 1000 if value > 1e11 else value  # milliseconds since epoch
        try:
            return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            raise RejectRow(f"{field} di luar rentang: {value!r}") from None
    elif isinstance(value, str):
        dt = _parse_time_text(value, field)
    else:
        raise RejectRow(f"{field} harus berupa teks waktu ISO 8601, bukan {type(value).__name__}")
    try:
        offset = dt.utcoffset()
        if offset is None:
            dt = dt.replace(tzinfo=tz)
            offset = dt.utcoffset() or timedelta(0)
        return (dt - offset).replace(tzinfo=None)
    except (OverflowError, ValueError):  # year 1 or 9999 moved across a day boundary
        raise RejectRow(f"{field} di luar rentang: {str(value)[:40]!r}") from None


def _parse_time_text(value: str, field: str) -> datetime:
    text = value.strip()
    if not text:
        raise RejectRow(f"{field} kosong")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)  # RFC 2822, as in RSS and old X exports
    except (TypeError, ValueError, IndexError):
        raise RejectRow(f"{field} bukan waktu ISO 8601: {text[:40]!r}") from None


def parse_count(value: object, field: str) -> int | None:
    """A non-negative count from an int, a float or text like "1.234", "1,2rb" or "15k"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RejectRow(f"{field} harus angka, bukan {value!r}")
    if isinstance(value, int):
        n = value
    elif isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise RejectRow(f"{field} harus bilangan bulat: {value!r}")
        n = int(value)
    elif isinstance(value, str):
        text = value.strip().lower().replace("\u00a0", "").replace(" ", "")
        if text.isdigit():
            n = int(text)
        else:
            m = _COUNT_RE.match(text)
            if m:
                n = int(float(m.group(1).replace(",", ".")) * _COUNT_SUFFIX[m.group(2)])
            elif re.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+", text):
                n = int(re.sub(r"[.,]", "", text))  # 1.234.567 or 1,234,567
            else:
                raise RejectRow(f"{field} bukan angka: {value[:30]!r}")
    else:
        raise RejectRow(f"{field} harus angka, bukan {type(value).__name__}")
    if n < 0:
        raise RejectRow(f"{field} tidak boleh negatif: {n}")
    if n > MAX_COUNT:
        raise RejectRow(f"{field} terlalu besar untuk disimpan: {str(n)[:30]}")
    return n


def _text(obj: dict, field: str) -> str | None:
    value = obj.get(field)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise RejectRow(f"{field} harus teks, bukan {type(value).__name__}")


def _ident(obj: dict, field: str) -> str | None:
    value = obj.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        raise RejectRow(f"{field} harus teks atau angka, bukan {type(value).__name__}")
    return str(value).strip() or None


def _tags(obj: dict, field: str, prefix: str) -> list[str] | None:
    value = obj.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = orjson.loads(stripped)
            except orjson.JSONDecodeError:
                raise RejectRow(f"{field} bukan daftar JSON yang sah") from None
        else:
            value = [v for v in _TAG_SPLIT.split(stripped) if v]
    if not isinstance(value, list):
        raise RejectRow(f"{field} harus daftar, bukan {type(value).__name__}")
    out = []
    for item in value:
        if not isinstance(item, str):
            raise RejectRow(f"{field} harus daftar teks")
        item = item.strip().lstrip(prefix)
        if item:
            out.append(item)
    return out or None


def _media(obj: dict) -> list[dict] | None:
    value = obj.get("media")
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        value = [v for v in _TAG_SPLIT.split(value.strip()) if v]
    if not isinstance(value, list):
        raise RejectRow(f"media harus daftar, bukan {type(value).__name__}")
    out = []
    for item in value:
        if isinstance(item, str):
            out.append({"url": item})
        elif isinstance(item, dict):
            out.append(item)
        else:
            raise RejectRow("media harus daftar URL atau objek")
    return out


def _bool(value: object, field: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "1", "yes", "ya", "y"):
            return True
        if lowered in ("false", "0", "no", "tidak", "n"):
            return False
    raise RejectRow(f"{field} harus true/false: {value!r}")


def _clean_tags(value: list, prefix: str) -> bool:
    for t in value:  # noqa: SIM110 - a plain loop beats all() over a generator here
        if type(t) is not str or not t or t[0] == prefix or t[0].isspace():
            return False
    return True


def _is_clean_id(value: object) -> bool:
    return type(value) is str and value != "" and not value[0].isspace() and not value[-1].isspace()


def to_record(
    obj: object, ctx: RecordContext, raw: str, flags: list[str] | None = None
) -> PostRecord:
    """Validate one canonical post object; raise ``RejectRow`` with the reason if unusable.

    This runs once per imported row, so each field takes an inline fast path for the common,
    already-clean value and falls back to the general parser otherwise.
    """
    if type(obj) is not dict and not isinstance(obj, dict):
        raise RejectRow(f"baris harus objek JSON, bukan {type(obj).__name__}")
    if len(raw) > MAX_RAW:
        raise RejectRow(f"baris terlalu besar: {len(raw):,} karakter (batas {MAX_RAW:,})")
    get = obj.get
    platform_value = get("platform")
    platform = PLATFORM_ALIASES.get(platform_value) if type(platform_value) is str else None
    if platform is None:
        platform = _platform(platform_value)
    created_value = get("created_at")
    if created_value is None or created_value == "":
        raise RejectRow("kolom wajib 'created_at' tidak ada")
    created_at = parse_time(created_value, ctx.timezone)
    ctx.check_date(created_at)
    text = get("text")
    if text is not None and type(text) is not str:
        text = _text(obj, "text")
    title = get("title")
    if title is not None and type(title) is not str:
        title = _text(obj, "title")
    if not text and not title:
        raise RejectRow("kolom wajib 'text' (atau 'title' untuk berita) tidak ada")
    flags = list(flags) if flags else []
    if text is None:
        text = ""
    elif len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
        flags.append("text_truncated")

    author = get("author")
    if author is not None and not _is_clean_id(author):
        author = _ident(obj, "author")
    if author and author[0] == "@":
        author = author.lstrip("@")
    url = get("url")
    if url is not None and type(url) is not str:
        url = _text(obj, "url")
    external = get("id")
    if external is not None and not _is_clean_id(external):
        external = _ident(obj, "id")
    if external:
        key_kind = "id"
    elif url:
        external, key_kind = url_key(url), "url"
    else:
        external = content_key(author, created_at.isoformat(), text or title or "")
        key_kind = "hash"
    collected = get("collected_at")
    collected_at = (
        parse_time(collected, ctx.timezone, "collected_at") if collected else ctx.collected_at
    )
    if not OUTER_BOUNDS[0] <= collected_at < OUTER_BOUNDS[1]:
        raise RejectRow(f"collected_at {collected_at:%Y-%m-%d} di luar rentang 1900–2999")

    counts = []
    for field in _COUNT_FIELDS:
        value = get(field)
        if value is not None and (type(value) is not int or value < 0 or value > MAX_COUNT):
            value = parse_count(value, field)
        counts.append(value)
    refs = []
    for field in _REF_FIELDS:
        value = get(field)
        if value is not None and not _is_clean_id(value):
            value = _ident(obj, field)
        refs.append(value)
    hashtags = get("hashtags")
    if hashtags is not None and not (type(hashtags) is list and _clean_tags(hashtags, "#")):
        hashtags = _tags(obj, "hashtags", "#")
    mentions = get("mentions")
    if mentions is not None and not (type(mentions) is list and _clean_tags(mentions, "@")):
        mentions = _tags(obj, "mentions", "@")
    author_name = get("author_name")
    if author_name is not None and type(author_name) is not str:
        author_name = _text(obj, "author_name")
    lang = get("lang")
    if lang is not None and type(lang) is not str:
        lang = _text(obj, "lang")
    verified = get("author_verified")
    if verified is not None and type(verified) is not bool:
        verified = _bool(verified, "author_verified")
    media = get("media")
    if media is not None:
        media = _media(obj)
    if "\x00" in raw or "\\u0000" in raw:  # NUL: PostgreSQL stores no such character
        text = text.replace("\x00", "")
        title, author_name = _without_nul(title), _without_nul(author_name)
        hashtags, mentions = _tags_without_nul(hashtags), _tags_without_nul(mentions)
        media = _media_without_nul(media)
        raw = raw.replace("\x00", "\\u0000")
        flags.append("nul_removed")
        if any("\x00" in v for v in (external, author, url, lang, *refs) if v):
            raise RejectRow("id, akun, tautan atau bahasa memuat karakter NUL")
    if len(external) > MAX_ID or any(len(r) > MAX_ID for r in refs if r):
        raise RejectRow(f"id terlalu panjang (lebih dari {MAX_ID} karakter)")
    if author and len(author) > MAX_AUTHOR:
        raise RejectRow(f"author terlalu panjang (lebih dari {MAX_AUTHOR} karakter)")
    if url and len(url) > MAX_URL:
        raise RejectRow(f"url terlalu panjang (lebih dari {MAX_URL} karakter)")
    if lang and len(lang) > MAX_LANG:
        raise RejectRow(f"lang bukan kode bahasa: {lang[:20]!r}")
    if author_name and len(author_name) > MAX_NAME:
        author_name = author_name[:MAX_NAME]
    if title and len(title) > MAX_TEXT:
        title = title[:MAX_TEXT]
        flags.append("title_truncated")
    hashtags, mentions = _bounded_tags(hashtags, flags), _bounded_tags(mentions, flags)
    return PostRecord(
        platform,
        external,
        key_kind,
        created_at,
        collected_at,
        text,
        raw,
        ctx.raw_format,
        title,
        author,
        author_name,
        counts[0],
        verified,
        url,
        lang,
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        refs[0],
        refs[1],
        refs[2],
        hashtags or None,
        mentions or None,
        media,
        flags,
    )


def _without_nul(value: str | None) -> str | None:
    return value.replace("\x00", "") if value else value


def _tags_without_nul(tags: list[str] | None) -> list[str] | None:
    if not tags:
        return tags
    return [t for t in (tag.replace("\x00", "") for tag in tags) if t] or None


def _media_without_nul(media: list[dict] | None) -> list[dict] | None:
    if not media:
        return media
    cleaned: list[dict] = orjson.loads(orjson.dumps(media).replace(b"\\u0000", b""))
    return cleaned


def _bounded_tags(tags: list[str] | None, flags: list[str]) -> list[str] | None:
    """At most ``MAX_TAGS`` tags of at most ``MAX_TAG`` characters (cut, and flagged)."""
    if not tags or (len(tags) <= MAX_TAGS and all(len(t) <= MAX_TAG for t in tags)):
        return tags
    flags.append("tags_truncated")
    return [t[:MAX_TAG] for t in tags[:MAX_TAGS]]


_COUNT_FIELDS = ("author_followers", "likes", "reposts", "replies", "views")
_REF_FIELDS = ("reply_to", "repost_of", "quote_of")


def _platform(value: object) -> str:
    if value is None or value == "":
        raise RejectRow("kolom wajib 'platform' tidak ada")
    if not isinstance(value, str):
        raise RejectRow("platform harus teks")
    platform = PLATFORM_ALIASES.get(value.strip().lower())
    if platform is None:
        raise RejectRow(f"platform tidak dikenal: {value[:30]!r} (pakai 'other' bila perlu)")
    return platform

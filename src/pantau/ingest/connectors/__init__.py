"""Live sources (feeds and APIs) that Pantau collects by itself. Each module registers one
``Connector``: the settings it takes, its secret, whether it brings posts or the institution's
own-channel metrics, and ``collect``, which fetches from the stored position on and returns a
``Harvest``. A connector never writes: ``pantau.ingest.collect`` stores what it returns through
the importer a file goes through, so validation, keys and provenance stay the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from pantau.errors import PantauError
from pantau.ingest.connectors.http import SourceClient
from pantau.ingest.formats import Row
from pantau.io.rejects import Reject
from pantau.store.outreach_records import ChannelRef, Item

MAX_PAGES = 10  # pages one collection may read before it continues on its next run


@dataclass(frozen=True)
class Setting:
    """One setting of a connector, as the CLI (``--set name=value``) and the page take it."""

    name: str
    help: str  # Indonesian
    flag: bool = False  # yes/no


@dataclass
class Pull:
    """What one collection gives its connector."""

    config: Mapping[str, Any]
    secret: str | None
    cursor: dict[str, Any]  # the stored position (a copy: the connector returns the new one)
    client: SourceClient
    now: datetime  # naive UTC
    quota: dict[str, Any] | None = None  # what was stored about the quota left
    max_pages: int = MAX_PAGES


@dataclass
class Harvest:
    """What one collection brought: canonical rows (posts) or own-channel items, the new
    position, and what the service said about the quota left."""

    cursor: dict[str, Any]
    rows: list[Row | Reject] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    channel: ChannelRef | None = None  # own-channel sources: the account
    quota: dict[str, Any] | None = None
    not_modified: bool = False  # the server said nothing changed (HTTP 304)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Connector:
    name: str
    description: str  # Indonesian, one line
    platform: str  # of the posts it brings ("facebook" for Meta: the page's platform)
    raw_format: str
    settings: tuple[Setting, ...]
    check: Callable[[Mapping[str, Any]], dict[str, Any]]  # settings checked, or PantauError
    target: Callable[[Mapping[str, Any]], str]  # what it watches, in a few words
    collect: Callable[[Pull], Harvest]
    default_interval: int = 5  # minutes
    politeness: float = 1.0  # seconds between two requests to one host
    secret: str | None = None  # what its secret is (token, API key), if it takes one
    secret_required: bool = False
    owned: bool = False  # brings the institution's own-channel metrics (outreach tables)


_REGISTRY: dict[str, Connector] = {}
_LOADED = False


def register(connector: Connector) -> Connector:
    _REGISTRY[connector.name] = connector
    return connector


def all_connectors() -> list[Connector]:
    _load_builtin()
    return sorted(_REGISTRY.values(), key=lambda c: c.name)


def get_connector(name: str) -> Connector:
    _load_builtin()
    try:
        return _REGISTRY[name]
    except KeyError:
        names = ", ".join(sorted(_REGISTRY))
        raise PantauError(f"jenis sumber tidak dikenal: {name!r} (pilih: {names})") from None


def _load_builtin() -> None:
    """Import the built-in connector modules, which register themselves. They import this
    package, so they are imported on first use rather than at its top (a module imported
    on its own registers only itself, hence the flag)."""
    global _LOADED
    if _LOADED:
        return
    from pantau.ingest.connectors import (  # noqa: F401
        bluesky,
        google_news,
        mastodon,
        meta,
        rss,
        x_recent,
        youtube,
    )

    _LOADED = True


# --- checking settings ----------------------------------------------------------------------


def known_settings(connector_name: str, config: Mapping[str, Any], names: tuple[str, ...]) -> dict:
    """The non-empty settings of ``config``; a name the connector does not take is refused."""
    given = {k: v for k, v in config.items() if v not in (None, "", [])}
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise PantauError(
            f"pengaturan tidak dikenal untuk sumber {connector_name}: {', '.join(unknown)} "
            f"(yang dikenal: {', '.join(names)})"
        )
    return given


def http_url(value: object, what: str) -> str:
    """An absolute http(s) address, without a trailing slash."""
    url = str(value or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PantauError(f"{what} harus alamat http:// atau https:// yang lengkap: {url!r}")
    return url


def yes(value: object) -> bool:
    """A yes/no setting given as a bool or as text (ya/tidak, true/false, 1/0)."""
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "0", "false", "no", "tidak", "n", "off"):
        return False
    if text in ("1", "true", "yes", "ya", "y", "on"):
        return True
    raise PantauError(f"nilai ya/tidak tidak sah: {value!r}")


def one_of(given: Mapping[str, Any], names: tuple[str, ...], what: str) -> str:
    """Exactly one of ``names`` is set; returns which."""
    found = [n for n in names if given.get(n)]
    if len(found) != 1:
        raise PantauError(f"{what}: isi tepat satu dari {', '.join(names)}")
    return found[0]


def utc_time(value: object) -> datetime | None:
    """An ISO 8601 time from an API as naive UTC; None when it is not one."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment

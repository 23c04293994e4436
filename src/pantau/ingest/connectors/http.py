"""HTTP for live sources: one connection pool per collector, a politeness gate per host, and
every failure turned into a :class:`SourceError` of a known kind with a plain Indonesian reason
(secrets redacted), which decides the source's health and its back-off.

Kinds: ``auth`` (401/403: token invalid, expired or without permission; retried rarely, so a
bad token never makes a storm of requests), ``limited`` (429 or a spent quota; retried when the
service says), ``network`` (DNS, refused connection, timeout, cut connection), ``server``
(5xx), ``client`` (another 4xx, too many redirects), ``format`` (the answer is not what the
service documents: HTML instead of a feed, truncated JSON).
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from pantau import __version__

USER_AGENT = f"Pantau/{__version__} (pemantauan isu humas pemerintah)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_BYTES = 20 * 2**20  # one answer; a feed or an API page is far smaller
MASK = "***"
KINDS = ("auth", "limited", "network", "server", "client", "format")


class SourceError(Exception):
    """A collection failed. ``kind`` is one of :data:`KINDS`; ``retry_at`` (naive UTC) is when
    the service said to come back; ``status`` and ``body`` are the HTTP answer, if any."""

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        retry_at: datetime | None = None,
        status: int | None = None,
        body: str = "",
        quota: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.retry_at = retry_at
        self.status = status
        self.body = body
        self.quota = quota


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` on one line with every secret replaced by ``***`` (longest first)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return " ".join(text.split())[:480]


class HostGate:
    """Politeness: at least ``delay`` seconds between the starts of two requests to one host
    (host and port), across the threads of one collector."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str, delay: float) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + delay
        if start > now:
            self._sleep(start - now)


@dataclass
class Answer:
    status: int
    headers: httpx.Headers
    body: bytes
    url: str  # after redirects
    moved: str | None = None  # a permanent redirect's target (301, 308)

    def json(self) -> Any:
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError as exc:
            raise SourceError(
                "format", f"jawaban JSON terpotong atau tidak sah ({exc})", status=self.status
            ) from None


def new_http_client(timeout: httpx.Timeout = TIMEOUT) -> httpx.Client:
    """The connection pool of one collector (gzip and deflate are decoded by httpx)."""
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
    )


@dataclass
class SourceClient:
    """One collection's HTTP: the collector's pool and politeness gate, plus what it fetched
    (bytes, checksum, first address: the import run's provenance)."""

    http: httpx.Client
    gate: HostGate
    politeness: float
    secrets: list[str] = field(default_factory=list)
    size: int = 0
    requests: int = 0
    first_url: str | None = None
    _digest: Any = field(default_factory=hashlib.sha256)

    @property
    def checksum(self) -> str:
        return str(self._digest.hexdigest())

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> Answer:
        return self._send("GET", url, params=params, headers=headers, ok=ok)

    def post_json(self, url: str, body: Mapping[str, Any]) -> Answer:
        return self._send("POST", url, json=dict(body))

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> Answer:
        parts = urlsplit(url)
        host = parts.netloc
        self.gate.wait(host, self.politeness)
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        self.requests += 1
        try:
            with self.http.stream(
                method, url, params=clean or None, headers=headers, json=json
            ) as r:
                body = _read_capped(r)
                answer = Answer(r.status_code, r.headers, body, str(r.url), _moved(r))
        except httpx.TimeoutException:
            raise SourceError(
                "network", f"server {parts.hostname} tidak menjawab dalam batas waktu"
            ) from None
        except httpx.TooManyRedirects:
            reason = f"terlalu banyak pengalihan (redirect) dari {host}"
            raise SourceError("client", reason) from None
        except httpx.ConnectError as exc:
            reason = self._connect_reason(exc, parts.hostname or host)
            raise SourceError("network", reason) from None
        except httpx.HTTPError as exc:
            reason = redact(f"{type(exc).__name__}: {exc}", self.secrets)
            raise SourceError("network", f"sambungan ke {host} terputus ({reason})") from None
        if self.first_url is None:
            self.first_url = redact(str(httpx.URL(url, params=clean or None)), self.secrets)
        self.size += len(answer.body)
        self._digest.update(answer.body)
        if answer.status not in ok:
            raise self._failure(answer, host)
        return answer

    def _connect_reason(self, exc: httpx.ConnectError, host: str) -> str:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, socket.gaierror):
                return f"alamat server {host} tidak ditemukan (DNS)"
            cause = cause.__cause__ or cause.__context__
        text = str(exc)
        if "Name or service not known" in text or "nodename nor servname" in text:
            return f"alamat server {host} tidak ditemukan (DNS)"
        return f"tidak bisa tersambung ke {host} ({redact(text, self.secrets) or 'ditolak'})"

    def _failure(self, answer: Answer, host: str) -> SourceError:
        code = answer.status
        body = redact(answer.body[:2000].decode("utf-8", "replace"), self.secrets)
        if code in (401, 403):
            message = (
                f"token tidak sah / kedaluwarsa atau tanpa izin (HTTP {code} dari {host})"
                if self.secrets
                else f"akses ditolak oleh {host} (HTTP {code})"
            )
            return SourceError("auth", message, status=code, body=body)
        if code == 429:
            retry_at = retry_time(answer.headers)
            when = f"; boleh lagi {retry_at:%H:%M} UTC" if retry_at else ""
            return SourceError(
                "limited",
                f"dibatasi oleh {host}: terlalu banyak permintaan (HTTP 429){when}",
                retry_at=retry_at,
                status=code,
                body=body,
                quota=rate_quota(answer.headers),
            )
        if code >= 500:
            return SourceError(
                "server", f"server {host} bermasalah (HTTP {code})", status=code, body=body
            )
        return SourceError(
            "client", f"permintaan ditolak oleh {host} (HTTP {code})", status=code, body=body
        )


def _read_capped(response: httpx.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise SourceError("format", f"jawaban lebih dari {MAX_BYTES // 2**20} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def _moved(response: httpx.Response) -> str | None:
    """Where a permanent redirect pointed (the last one of the chain)."""
    target = None
    for hop in response.history:
        if hop.status_code in (301, 308) and hop.headers.get("location"):
            target = str(hop.url.join(hop.headers["location"]))
    return target


def retry_time(headers: Mapping[str, str], now: datetime | None = None) -> datetime | None:
    """When the service allows the next request (naive UTC): ``x-rate-limit-reset`` (epoch
    seconds, X), ``x-ratelimit-reset`` (ISO time, Mastodon) or ``retry-after`` (seconds or an
    HTTP date)."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    for name in ("x-rate-limit-reset", "x-ratelimit-reset", "retry-after"):
        value = headers.get(name)
        if not value:
            continue
        value = value.strip()
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is not None:
            if number > 1e9:
                return datetime.fromtimestamp(number, UTC).replace(tzinfo=None)
            return now + timedelta(seconds=number)
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            try:
                moment = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                continue
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment
    return None


def rate_quota(headers: Mapping[str, str]) -> dict[str, Any] | None:
    """Requests left in the current window, as X (``x-rate-limit-*``) and Mastodon
    (``x-ratelimit-*``) announce them."""
    for prefix in ("x-rate-limit-", "x-ratelimit-"):
        remaining = headers.get(prefix + "remaining")
        if remaining is None:
            continue
        quota: dict[str, Any] = {"unit": "permintaan", "left": _int(remaining)}
        if headers.get(prefix + "limit") is not None:
            quota["limit"] = _int(headers[prefix + "limit"])
        reset = retry_time({prefix + "reset": headers.get(prefix + "reset", "")})
        if reset is not None:
            quota["resets_at"] = reset.isoformat()
        return quota
    return None


def _int(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:
        return None

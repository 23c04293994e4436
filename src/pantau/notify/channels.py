"""Alert channels: e-mail (SMTP with STARTTLS or implicit TLS), Telegram bot, generic JSON
webhook. Each kind validates its configuration, names its secrets, and sends one message.

Secrets (SMTP password, bot token, webhook URL and header values) are stored as given and never
shown: every output path uses :func:`masked_config`, and every error text goes through
:func:`redact` before it is logged or stored.
"""

from __future__ import annotations

import ipaddress
import re
import smtplib
import socket
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

import httpx

from pantau.config import intranet_targets
from pantau.errors import PantauError
from pantau.notify.messages import Message, render_html_body, render_text, render_webhook

KINDS = ("email", "telegram", "webhook")
SECURITY = ("starttls", "tls", "none")
TIMEOUT = 10.0  # seconds; a slow channel must not hold the pipeline
TELEGRAM_API = "https://api.telegram.org"
MASK = "***"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class DeliveryError(Exception):
    """A send failed. ``permanent``: retrying cannot help (bad token, refused address);
    ``retry_after``: seconds the receiver asked us to wait."""

    def __init__(
        self, message: str, *, permanent: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


# --- configuration --------------------------------------------------------------------------


def _http_url(value: object, what: str) -> str:
    url = str(value or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PantauError(f"{what} harus alamat http:// atau https:// yang lengkap")
    check_target(url, resolve_unknown=False)
    return url


def _internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def check_target(url: str, *, resolve_unknown: bool = True) -> None:
    """Refuse an address that leads into the server's own network — loopback, link-local
    (cloud metadata at 169.254.169.254), private, reserved — unless an admin allowed it
    (``PANTAU_ALERT_INTRANET``): a workspace admin must not be able to make the server call
    its neighbours. The host is resolved now and again at each delivery (a name may change
    what it points to); a name that cannot be resolved yet is accepted when a channel is set
    up (``resolve_unknown=False``) and fails its delivery later."""
    host = (urlsplit(url).hostname or "").lower()
    allowed = intranet_targets()
    if host in allowed:
        return
    networks = []
    for item in allowed:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue  # a host name: compared above
    try:
        found = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        if resolve_unknown:
            raise DeliveryError(f"alamat {host} tidak dikenal (DNS)") from None
        return
    for text in sorted(found):
        address = ipaddress.ip_address(text.split("%")[0])
        if _internal(address) and not any(address in n for n in networks):
            raise PantauError(
                f"alamat {host} menuju jaringan internal ({address}); server menolaknya "
                "kecuali admin server mengizinkan lewat PANTAU_ALERT_INTRANET"
            )


def validate_config(kind: str, config: Mapping[str, object]) -> dict:
    """The configuration of a channel of ``kind``, checked and with defaults filled in."""
    if kind not in KINDS:
        raise PantauError(f"jenis kanal tidak dikenal: {kind!r} (pilih {', '.join(KINDS)})")
    c = {k: v for k, v in config.items() if v not in (None, "", [])}
    if kind == "email":
        security = str(c.get("security", "starttls")).lower()
        if security not in SECURITY:
            raise PantauError(
                f"keamanan SMTP tidak dikenal: {security!r} (pilih {', '.join(SECURITY)})"
            )
        if not c.get("host"):
            raise PantauError("kanal email butuh --host (server SMTP)")
        port = _port(c.get("port") or {"starttls": 587, "tls": 465, "none": 25}[security])
        recipients = _addresses(c.get("to"))
        sender = str(c.get("sender") or c.get("username") or "")
        for address in [sender, *recipients]:
            if not _EMAIL.match(str(address)):
                raise PantauError(f"alamat email tidak sah: {address!r}")
        if not recipients:
            raise PantauError("kanal email butuh sedikitnya satu penerima (--to)")
        if c.get("password") and not c.get("username"):
            raise PantauError("kata sandi SMTP butuh nama pengguna (--user)")
        out = {
            "host": str(c["host"]),
            "port": port,
            "security": security,
            "sender": sender,
            "to": recipients,
        }
        for key in ("username", "password", "ca_file"):
            if c.get(key):
                out[key] = str(c[key])
        return out
    if kind == "telegram":
        token = str(c.get("token") or "")
        if not re.fullmatch(r"\d+:[A-Za-z0-9_-]{20,}", token):
            raise PantauError(
                "token bot Telegram tidak sah (bentuknya 123456:ABC…, dari @BotFather)"
            )
        if not c.get("chat_id"):
            raise PantauError("kanal Telegram butuh --chat-id")
        return {
            "token": token,
            "chat_id": str(c["chat_id"]),
            "api_base": _http_url(c.get("api_base") or TELEGRAM_API, "--api-base").rstrip("/"),
        }
    url = _http_url(c.get("url"), "URL webhook")
    headers = c.get("headers") or {}
    if not isinstance(headers, Mapping):
        raise PantauError("header webhook harus berupa pasangan nama: nilai")
    out = {"url": url}
    if headers:
        out["headers"] = {str(k): str(v) for k, v in headers.items()}
    return out


def _port(value: object) -> int:
    if isinstance(value, int | float | str):
        return int(value)
    raise PantauError(f"port tidak sah: {value!r}")


def _addresses(value: object) -> list[str]:
    """E-mail recipients given as a list or as one comma-separated text."""
    if isinstance(value, str):
        return [r.strip() for r in value.split(",") if r.strip()]
    return [str(r) for r in value] if isinstance(value, list | tuple) else []


def _headers(value: object) -> dict[str, object]:
    return {str(k): v for k, v in value.items()} if isinstance(value, Mapping) else {}


def secrets_of(kind: str, config: Mapping[str, object]) -> list[str]:
    """Every secret string of a channel's configuration (to redact from any text)."""
    found: list[str] = []
    if kind == "email" and config.get("password"):
        found.append(str(config["password"]))
    elif kind == "telegram" and config.get("token"):
        found.append(str(config["token"]))
    elif kind == "webhook":
        url = str(config.get("url", ""))
        parts = urlsplit(url)
        found.append(url)
        if parts.path.strip("/"):
            found.append(parts.path)
            found.extend(p for p in parts.path.split("/") if len(p) >= 6)
        if parts.query:
            found.append(parts.query)
        if parts.password:
            found.append(parts.password)
        found.extend(str(v) for v in _headers(config.get("headers")).values())
    return [s for s in found if s]


def redact(text: str, secrets: list[str]) -> str:
    """``text`` on one line with every secret replaced by ``***`` (longest first)."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return " ".join(text.split())[:480]


def masked_config(kind: str, config: Mapping[str, object]) -> dict:
    """The configuration as it may be shown: secrets masked, enough left to recognise it."""
    shown = dict(config)
    if kind == "email" and shown.get("password"):
        shown["password"] = MASK
    elif kind == "telegram" and shown.get("token"):
        bot_id = str(shown["token"]).split(":", 1)[0]
        shown["token"] = f"{bot_id}:{MASK}"
    elif kind == "webhook":
        parts = urlsplit(str(shown.get("url", "")))
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        shown["url"] = f"{parts.scheme}://{host}{port}/{MASK}"
        if shown.get("headers"):
            shown["headers"] = {k: MASK for k in _headers(shown["headers"])}
    return shown


# --- sending --------------------------------------------------------------------------------


def send(kind: str, config: Mapping[str, object], message: Message) -> None:
    """Send ``message``; raises :class:`DeliveryError` with a redacted one-line reason."""
    secrets = secrets_of(kind, config)
    try:
        if kind == "email":
            _send_email(config, message)
        elif kind == "telegram":
            _send_telegram(config, message)
        elif kind == "webhook":
            _send_webhook(config, message)
        else:
            raise DeliveryError(f"jenis kanal tidak dikenal: {kind}", permanent=True)
    except DeliveryError as exc:
        raise DeliveryError(
            redact(str(exc), secrets), permanent=exc.permanent, retry_after=exc.retry_after
        ) from None
    except (smtplib.SMTPAuthenticationError, smtplib.SMTPRecipientsRefused) as exc:
        raise DeliveryError(redact(f"SMTP menolak: {exc}", secrets), permanent=True) from None
    except (smtplib.SMTPException, OSError, httpx.HTTPError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise DeliveryError(redact(reason, secrets)) from None


def _send_email(config: Mapping[str, object], message: Message) -> None:
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = str(config["sender"])
    mail["To"] = ", ".join(_addresses(config["to"]))
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain="pantau.local")
    mail.set_content(render_text(message))
    mail.add_alternative(render_html_body(message), subtype="html")
    security = config.get("security", "starttls")
    host, port = str(config["host"]), _port(config["port"])
    ca_file = config.get("ca_file")
    context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    if security == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=TIMEOUT)
    with client:
        if security == "starttls":
            client.starttls(context=context)
        if config.get("username"):
            client.login(str(config["username"]), str(config.get("password", "")))
        client.send_message(mail)


def _retry_after(response: httpx.Response) -> float | None:
    try:
        value = response.json().get("parameters", {}).get("retry_after")
    except (ValueError, AttributeError):
        value = None
    if value is None:
        value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _check(response: httpx.Response, what: str) -> None:
    if response.is_success:
        return
    code = response.status_code
    if code == 429:
        wait = _retry_after(response)
        raise DeliveryError(f"{what}: 429 terlalu banyak permintaan", retry_after=wait)
    # the receiver's body is never shown: it could be any page of any server
    permanent = 400 <= code < 500 and code not in (408, 425)
    raise DeliveryError(f"{what}: HTTP {code}", permanent=permanent)


def _deliverable(url: str) -> None:
    try:
        check_target(url)
    except PantauError as exc:
        raise DeliveryError(str(exc), permanent=True) from None


def _send_telegram(config: Mapping[str, object], message: Message) -> None:
    url = f"{config['api_base']}/bot{config['token']}/sendMessage"
    _deliverable(str(config["api_base"]))
    body = {
        "chat_id": config["chat_id"],
        "text": render_html_body(message, telegram=True),
        "parse_mode": "HTML",
        "disable_web_page_preview": True,
    }
    response = httpx.post(url, json=body, timeout=TIMEOUT)
    _check(response, "Telegram")


def _send_webhook(config: Mapping[str, object], message: Message) -> None:
    headers = {k: str(v) for k, v in _headers(config.get("headers")).items()}
    _deliverable(str(config["url"]))
    response = httpx.post(
        str(config["url"]), json=render_webhook(message), headers=headers, timeout=TIMEOUT
    )
    _check(response, "webhook")

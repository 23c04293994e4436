"""Alert messages and their renderings: plain text, Telegram HTML, e-mail (plain + HTML) and a
webhook JSON body that Slack and Mattermost accept (``text``) with structured fields beside it.

Titles and bodies quote post text and issue labels, which come from the public: they are
escaped for every markup they are placed in.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field
from datetime import datetime

from pantau.locale import fmt_datetime, fmt_int

TELEGRAM_LIMIT = 4096
DIGEST_ITEMS = 20  # events listed one by one in a digest; the rest are counted


@dataclass(frozen=True, slots=True)
class AlertItem:
    """One event as a message shows it."""

    kind: str
    title: str
    body: str
    link: str | None
    urgent: bool
    detected_at: datetime
    details: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Message:
    workspace: str  # the institution's name
    timezone: str
    items: tuple[AlertItem, ...]
    digest: bool = False
    test: bool = False

    @property
    def subject(self) -> str:
        if self.test:
            return f"[Pantau] Uji kanal peringatan — {self.workspace}"
        if self.digest:
            return (
                f"[Pantau] Ringkasan {fmt_int(len(self.items), 'id')} peringatan — {self.workspace}"
            )
        item = self.items[0]
        mark = "SEGERA: " if item.urgent else ""
        return f"[Pantau] {mark}{item.title}"


def probe_message(workspace: str, timezone: str, now: datetime) -> Message:
    item = AlertItem(
        kind="test",
        title="Pesan uji dari Pantau",
        body="Jika pesan ini sampai, kanal peringatan sudah tersambung dengan benar.",
        link=None,
        urgent=False,
        detected_at=now,
    )
    return Message(workspace, timezone, (item,), test=True)


def _when(item: AlertItem, timezone: str) -> str:
    return fmt_datetime(item.detected_at, timezone, "id")


def _shown(message: Message) -> tuple[tuple[AlertItem, ...], int]:
    items = message.items
    if message.digest and len(items) > DIGEST_ITEMS:
        return items[:DIGEST_ITEMS], len(items) - DIGEST_ITEMS
    return items, 0


def render_text(message: Message) -> str:
    lines = [message.subject.removeprefix("[Pantau] "), f"Instansi: {message.workspace}", ""]
    items, rest = _shown(message)
    if message.digest:
        lines.append("Peringatan yang ditahan (jam tenang atau batas kiriman):")
        for item in items:
            mark = " [SEGERA]" if item.urgent else ""
            line = f"• {_when(item, message.timezone)}{mark} — {item.title}"
            lines.append(line + (f" ({item.link})" if item.link else ""))
        if rest:
            lines.append(f"… dan {fmt_int(rest, 'id')} peringatan lain.")
    else:
        item = items[0]
        lines.append(item.body)
        lines.append(f"Terdeteksi: {_when(item, message.timezone)}")
        if item.link:
            lines.append(f"Buka: {item.link}")
    return "\n".join(lines)


def render_html_body(message: Message, *, telegram: bool = False) -> str:
    """HTML of the message: Telegram's parse mode subset (b, i, a; newlines) or an e-mail
    body (paragraphs and a list)."""
    e = html.escape
    items, rest = _shown(message)
    title = e(message.subject.removeprefix("[Pantau] "))
    if telegram:
        lines = [f"<b>{title}</b>", f"<i>{e(message.workspace)}</i>", ""]
        if message.digest:
            for item in items:
                mark = " <b>[SEGERA]</b>" if item.urgent else ""
                text = e(item.title)
                if item.link:
                    text = f'<a href="{e(item.link)}">{text}</a>'
                lines.append(f"• {e(_when(item, message.timezone))}{mark} — {text}")
            if rest:
                lines.append(f"… dan {fmt_int(rest, 'id')} peringatan lain.")
        else:
            item = items[0]
            lines.append(e(item.body))
            lines.append(f"Terdeteksi: {e(_when(item, message.timezone))}")
            if item.link:
                lines.append(f'<a href="{e(item.link)}">Buka di dasbor Pantau</a>')
        text = "\n".join(lines)
        if len(text) > TELEGRAM_LIMIT:  # cut on a line boundary so no tag is left open
            kept = text[: TELEGRAM_LIMIT - 20].rsplit("\n", 1)[0]
            text = kept + "\n…"
        return text
    parts = [f"<h2>{title}</h2>", f"<p><i>{e(message.workspace)}</i></p>"]
    if message.digest:
        parts.append("<p>Peringatan yang ditahan (jam tenang atau batas kiriman):</p><ul>")
        for item in items:
            mark = " <b>[SEGERA]</b>" if item.urgent else ""
            text = e(item.title)
            if item.link:
                text = f'<a href="{e(item.link)}">{text}</a>'
            parts.append(f"<li>{e(_when(item, message.timezone))}{mark} — {text}</li>")
        parts.append("</ul>")
        if rest:
            parts.append(f"<p>… dan {fmt_int(rest, 'id')} peringatan lain.</p>")
    else:
        item = items[0]
        body = "<br>".join(e(line) for line in item.body.splitlines())
        parts.append(f"<p>{body}</p>")
        parts.append(f"<p>Terdeteksi: {e(_when(item, message.timezone))}</p>")
        if item.link:
            parts.append(f'<p><a href="{e(item.link)}">Buka di dasbor Pantau</a></p>')
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def render_webhook(message: Message) -> dict:
    """``text`` for Slack/Mattermost incoming webhooks; ``pantau`` for other receivers."""
    return {
        "text": render_text(message),
        "pantau": {
            "workspace": message.workspace,
            "digest": message.digest,
            "test": message.test,
            "alerts": [
                {**asdict(i), "detected_at": i.detected_at.isoformat() + "Z"} for i in message.items
            ],
        },
    }

"""Naming an owned account on the command line: ``humasjateng``, ``@humasjateng``, a page
name, or ``platform:name`` (``ig:humasjateng``, ``facebook:Diskominfo Jateng``)."""

from __future__ import annotations

from sqlalchemy import Connection

from pantau.errors import NotFoundError, PantauError
from pantau.ingest.canonical import PLATFORM_ALIASES
from pantau.store.outreach import find_channels
from pantau.store.outreach_records import Channel, ChannelRef


def split_channel_arg(text: str) -> tuple[str | None, str]:
    """(platform or None, handle or name)."""
    head, sep, rest = text.partition(":")
    platform = PLATFORM_ALIASES.get(head.strip().lower()) if sep else None
    if platform is None:
        return None, text.strip().lstrip("@")
    return platform, rest.strip().lstrip("@")


def find_channel(conn: Connection, workspace_id: int, text: str) -> Channel:
    """The one stored channel ``text`` names."""
    platform, name = split_channel_arg(text)
    found = find_channels(conn, workspace_id, name, platform)
    if not found:
        raise NotFoundError(
            f"akun {text!r} belum ada; lihat `pantau outreach channels` atau impor ekspornya dulu"
        )
    if len(found) > 1:
        labels = ", ".join(f"{c.platform}:{c.handle}" for c in found)
        raise PantauError(f"{text!r} cocok dengan beberapa akun ({labels}); tulis platform:nama")
    return found[0]


def channel_for_file(
    conn: Connection, workspace_id: int, text: str, platform: str | None
) -> ChannelRef:
    """The account an export file belongs to, from ``--channel``: a stored channel when one
    matches, otherwise a new one (which needs a platform, from the file or the argument)."""
    given, name = split_channel_arg(text)
    if given and platform and given != platform:
        raise PantauError(f"berkas ini dari {platform}, tetapi --channel menyebut {given}")
    platform = given or platform
    found = find_channels(conn, workspace_id, name, platform)
    if len(found) == 1:
        ch = found[0]
        return ChannelRef(ch.platform, ch.handle, ch.name)
    if len(found) > 1:
        labels = ", ".join(f"{c.platform}:{c.handle}" for c in found)
        raise PantauError(f"{text!r} cocok dengan beberapa akun ({labels}); tulis platform:nama")
    if platform is None:
        raise PantauError(
            f"platform akun {text!r} tidak diketahui; tulis mis. --channel facebook:{name} "
            f"atau --channel instagram:{name}"
        )
    handle = name if platform == "facebook" else name.lower()
    return ChannelRef(platform, handle, name)


def only_channel(conn: Connection, workspace_id: int, platform: str) -> ChannelRef | None:
    found = find_channels(conn, workspace_id, None, platform)
    if len(found) != 1:
        return None
    return ChannelRef(found[0].platform, found[0].handle, found[0].name)

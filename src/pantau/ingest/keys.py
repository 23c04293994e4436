"""Post identity: canonical URLs and the fallback key when a post has no id."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "igshid",
        "igsh",
        "si",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "ref_url",
        "_ga",
        "s",
        "t",
        "feature",
        "share_id",
        "mibextid",
        "rdid",
        "__tn__",
    }
)
_MAX_KEY = 450
_SURROGATE = re.compile("[\ud800-\udfff]")
_PATH_END = re.compile(r"[/\s]+$")  # trailing slashes and spaces (a form feed pasted after it)


def canonical_url(url: str) -> str:
    """The URL without tracking parameters, fragment, default port or ``www.``.

    Remaining query parameters are sorted so that two shares of one page compare equal.
    """
    url = _SURROGATE.sub("\ufffd", url.strip())  # broken text from a file: no encoding error
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: not a link to canonicalise
        return url
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if host.startswith("www."):
        host = host[4:]
    if host in ("twitter.com", "mobile.twitter.com", "mobile.x.com"):
        host = "x.com"
    if port and not (
        (parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING
    )
    path = _PATH_END.sub("", parts.path) or "/"
    scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def url_key(url: str) -> str:
    canon = canonical_url(url)
    if len(canon) <= _MAX_KEY:
        return canon
    return "url-sha256:" + hashlib.sha256(canon.encode()).hexdigest()


def content_key(author: str | None, created_at_iso: str, text: str) -> str:
    digest = hashlib.sha256(f"{author or ''}\x1f{created_at_iso}\x1f{text}".encode())
    return "sha256:" + digest.hexdigest()[:40]


_X_STATUS = re.compile(r"^https?://(?:[a-z]+\.)?(?:x|twitter)\.com/[^/]+/status(?:es)?/(\d+)", re.I)
_TIKTOK_VIDEO = re.compile(r"^https?://(?:[a-z]+\.)?tiktok\.com/@[^/]+/video/(\d+)", re.I)
_YOUTUBE_VIDEO = re.compile(
    r"^https?://(?:[a-z]+\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|live/)|youtu\.be/)"
    r"([A-Za-z0-9_-]{11})",
    re.I,
)
_ID_IN_URL = {"x": _X_STATUS, "tiktok": _TIKTOK_VIDEO, "youtube": _YOUTUBE_VIDEO}


def post_id_from_url(platform: str, url: str) -> str | None:
    """The platform's own id of a post, when its permalink carries it (X status, TikTok video,
    YouTube video): the same post from an export and from the platform's API then shares
    one key."""
    pattern = _ID_IN_URL.get(platform)
    m = pattern.match(url.strip()) if pattern else None
    return m.group(1) if m else None

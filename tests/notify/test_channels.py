"""Channels against real local servers: Telegram and webhook stand-ins over HTTP (with 429,
500, 400 and timeouts), SMTP plain, STARTTLS with a self-signed certificate, and login."""

from __future__ import annotations

import email
from datetime import datetime
from pathlib import Path

import pytest
from tests.notify._servers import (
    MailBox,
    Recorder,
    Reply,
    http_server,
    self_signed_cert,
    smtp_server,
)

from pantau.errors import PantauError
from pantau.notify import channels
from pantau.notify.channels import DeliveryError, masked_config, send, validate_config
from pantau.notify.messages import AlertItem, Message

TOKEN = "123456:AAHsecretTokenValue_abcdefghijkl"
HOSTILE = '<script>alert("x")</script> & <b>tebal</b>'


def _message(title: str = HOSTILE, urgent: bool = False) -> Message:
    item = AlertItem(
        kind="issue",
        title=title,
        body=f"Isu #3: {HOSTILE}\nMengapa: volume naik",
        link="https://pantau.example.go.id/w/uji/isu/3?a=1&b=2",
        urgent=urgent,
        detected_at=datetime(2026, 11, 20, 1, 30),
    )
    return Message("Dinas Uji Coba", "Asia/Jakarta", (item,))


def test_validation_refuses_bad_configuration() -> None:
    with pytest.raises(PantauError, match="token"):
        validate_config("telegram", {"token": "nope", "chat_id": "1"})
    with pytest.raises(PantauError, match="chat-id"):
        validate_config("telegram", {"token": TOKEN})
    with pytest.raises(PantauError, match="email tidak sah"):
        validate_config("email", {"host": "smtp.x", "sender": "a@b.id", "to": ["bukan-alamat"]})
    with pytest.raises(PantauError, match="penerima"):
        validate_config("email", {"host": "smtp.x", "sender": "a@b.id"})
    with pytest.raises(PantauError, match="http"):
        validate_config("webhook", {"url": "ftp://x/y"})
    with pytest.raises(PantauError, match="jenis kanal"):
        validate_config("sms", {})
    cfg = validate_config(
        "email", {"host": "smtp.x", "security": "tls", "sender": "a@b.id", "to": "c@d.id, e@f.id"}
    )
    assert cfg["port"] == 465 and cfg["to"] == ["c@d.id", "e@f.id"]


def test_masked_config_hides_every_secret() -> None:
    tg = validate_config("telegram", {"token": TOKEN, "chat_id": "-100"})
    shown = masked_config("telegram", tg)
    assert TOKEN not in str(shown) and shown["token"].startswith("123456:")
    wh = validate_config(
        "webhook",
        {
            "url": "https://hooks.slack.com/services/T0/B0/zzSecretPart",
            "headers": {"Authorization": "Bearer hush"},
        },
    )
    shown = masked_config("webhook", wh)
    assert "zzSecretPart" not in str(shown) and "hush" not in str(shown)
    assert shown["url"].startswith("https://hooks.slack.com/")
    mail = validate_config(
        "email",
        {
            "host": "smtp.x",
            "username": "u@b.id",
            "password": "pw-secret",
            "sender": "u@b.id",
            "to": ["c@d.id"],
        },
    )
    assert "pw-secret" not in str(masked_config("email", mail))


def test_telegram_sends_escaped_html_to_the_bot_path() -> None:
    rec = Recorder()
    with http_server(rec) as base:
        cfg = validate_config("telegram", {"token": TOKEN, "chat_id": "-1001", "api_base": base})
        send("telegram", cfg, _message())
    (req,) = rec.requests
    assert req["path"] == f"/bot{TOKEN}/sendMessage"
    body = req["json"]
    assert body["chat_id"] == "-1001" and body["parse_mode"] == "HTML"
    assert "<script>" not in body["text"] and "&lt;script&gt;" in body["text"]
    assert "&lt;b&gt;tebal&lt;/b&gt;" in body["text"]
    assert 'href="https://pantau.example.go.id/w/uji/isu/3?a=1&amp;b=2"' in body["text"]
    assert "20 Nov 2026 08.30 WIB" in body["text"]


@pytest.mark.parametrize(
    ("reply", "permanent", "retry_after"),
    [
        (Reply(429, {"ok": False, "parameters": {"retry_after": 7}}), False, 7.0),
        (Reply(429, {}, headers={"Retry-After": "11"}), False, 11.0),
        (Reply(500, {"description": "boom"}), False, None),
        (Reply(400, {"description": "Bad Request: chat not found"}), True, None),
    ],
)
def test_telegram_failures_are_classified_and_redacted(
    reply: Reply, permanent: bool, retry_after: float | None
) -> None:
    rec = Recorder([reply])
    with http_server(rec) as base:
        cfg = validate_config("telegram", {"token": TOKEN, "chat_id": "1", "api_base": base})
        with pytest.raises(DeliveryError) as caught:
            send("telegram", cfg, _message())
    assert caught.value.permanent is permanent
    assert caught.value.retry_after == retry_after
    assert TOKEN not in str(caught.value) and "\n" not in str(caught.value)


def test_timeout_and_refused_connection_become_retryable_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(channels, "TIMEOUT", 0.3)
    rec = Recorder([Reply(200, {"ok": True}, delay=2.0)])
    with http_server(rec) as base:
        cfg = validate_config("telegram", {"token": TOKEN, "chat_id": "1", "api_base": base})
        with pytest.raises(DeliveryError) as caught:
            send("telegram", cfg, _message())
    assert not caught.value.permanent and "Timeout" in str(caught.value)
    assert TOKEN not in str(caught.value)
    cfg = validate_config("webhook", {"url": f"{base}/hooks/verysecretpath"})  # server is gone
    with pytest.raises(DeliveryError) as caught:
        send("webhook", cfg, _message())
    assert not caught.value.permanent and "verysecretpath" not in str(caught.value)


def test_webhook_posts_slack_compatible_json() -> None:
    rec = Recorder()
    with http_server(rec) as base:
        cfg = validate_config("webhook", {"url": f"{base}/hooks/abc", "headers": {"X-Kunci": "k1"}})
        send("webhook", cfg, _message(urgent=True))
    (req,) = rec.requests
    assert req["path"] == "/hooks/abc" and req["headers"].get("X-Kunci") == "k1"
    body = req["json"]
    assert body["text"].startswith("SEGERA: ")
    alert = body["pantau"]["alerts"][0]
    assert alert["urgent"] is True and alert["link"].endswith("/isu/3?a=1&b=2")
    assert alert["detected_at"] == "2026-11-20T01:30:00Z"


def _parts(raw: str) -> tuple[str, str, str]:
    mail = email.message_from_string(raw)
    plain = html = ""
    for part in mail.walk():
        if part.get_content_type() == "text/plain":
            plain = part.get_payload(decode=True).decode()
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode()
    return str(mail["Subject"]), plain, html


def test_email_plain_smtp_delivers_text_and_escaped_html() -> None:
    box = MailBox()
    with smtp_server(box) as port:
        cfg = validate_config(
            "email",
            {
                "host": "127.0.0.1",
                "port": port,
                "security": "none",
                "sender": "pantau@uji.go.id",
                "to": ["humas@uji.go.id"],
            },
        )
        send("email", cfg, _message(title="Isu prioritas segera: banjir"))
    (got,) = box.messages
    assert got["to"] == ["humas@uji.go.id"] and not got["tls"]
    subject, plain, html = _parts(got["data"])
    assert "Isu prioritas segera: banjir" in subject
    assert HOSTILE in plain
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_email_starttls_with_self_signed_cert_and_login(tmp_path: Path) -> None:
    pair = self_signed_cert(tmp_path)
    if pair is None:
        pytest.skip("openssl command not found")
    box = MailBox()
    with smtp_server(box, tls=pair, users={"humas": "rahasia-smtp"}) as port:
        base = {
            "host": "127.0.0.1",
            "port": port,
            "security": "starttls",
            "username": "humas",
            "sender": "pantau@uji.go.id",
            "to": ["a@uji.go.id"],
        }
        untrusted = validate_config("email", {**base, "password": "rahasia-smtp"})
        with pytest.raises(DeliveryError) as caught:  # the self-signed cert is not trusted
            send("email", untrusted, _message())
        assert not caught.value.permanent
        good = validate_config(
            "email", {**base, "password": "rahasia-smtp", "ca_file": str(pair[0])}
        )
        send("email", good, _message())
    (got,) = box.messages
    assert got["tls"] is True


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:8000/hook",
        "http://10.1.2.3/hook",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_internal_targets_are_refused_unless_allowed(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pantau.notify.channels import validate_config

    monkeypatch.setenv("PANTAU_ALERT_INTRANET", "")
    with pytest.raises(PantauError, match="jaringan internal"):
        validate_config("webhook", {"url": url})
    with pytest.raises(PantauError, match="jaringan internal"):
        validate_config(
            "telegram", {"token": "123456:" + "a" * 30, "chat_id": "1", "api_base": url}
        )
    monkeypatch.setenv(
        "PANTAU_ALERT_INTRANET", "10.0.0.0/8, 169.254.169.254 ,127.0.0.1,::1,0.0.0.0"
    )
    assert validate_config("webhook", {"url": url})["url"] == url


def test_a_receivers_error_body_is_never_echoed() -> None:
    import httpx

    from pantau.notify.channels import DeliveryError, _check

    response = httpx.Response(500, text="<html>rahasia internal: root:x:0:0</html>")
    with pytest.raises(DeliveryError) as caught:
        _check(response, "webhook")
    assert str(caught.value) == "webhook: HTTP 500" and "rahasia" not in str(caught.value)

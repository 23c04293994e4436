"""The *Peringatan* pages: alert rules (what is watched, sent where), channels (e-mail,
Telegram, webhook) with a test button, and the delivery log. Thin over
:mod:`pantau.notify.setup`; channel secrets are never shown (masked as in the CLI) and a
secret left empty on the edit form keeps the stored one.

Who may: everyone reads; analysts add, change and delete rules and send test messages;
admins add, change and delete channels (they hold passwords, bot tokens and webhook
addresses that reach outside the institution)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from pantau.errors import NotFoundError, PantauError
from pantau.monitor.assess import PRIORITIES
from pantau.monitor.topics import list_topics
from pantau.notify.channels import KINDS as CHANNEL_KINDS
from pantau.notify.channels import SECURITY
from pantau.notify.evaluate import send_probe
from pantau.notify.rules import DEFAULTS, KIND_LABELS
from pantau.notify.rules import KINDS as RULE_KINDS
from pantau.notify.setup import (
    ChannelInfo,
    RuleInfo,
    add_channel,
    add_rule,
    delete_channel,
    delete_rule,
    delivery_log,
    edit_channel,
    edit_rule,
    get_channel,
    list_channels,
    list_rules,
)
from pantau.users import accounts
from pantau.web import i18n
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page

router = APIRouter(include_in_schema=False)

# The fields of each channel kind on the form; the secret one is never filled in.
CHANNEL_FIELDS = {
    "email": ("host", "port", "security", "username", "password", "sender", "to"),
    "telegram": ("token", "chat_id", "api_base"),
    "webhook": ("url", "headers"),
}
SECRETS = ("password", "token", "url", "headers")
LOG_SIZE = 50


def _tr(request: Request) -> Callable[[str], str]:
    return i18n.translations(request.state.lang).gettext


def _done(access: Access, what: str) -> RedirectResponse:
    """Back to the page, which then says what was done (``DONE``)."""
    return RedirectResponse(f"/w/{access.workspace.slug}/peringatan?ok={what}", status_code=303)


def _audit(request: Request, access: Access, action: str, target: str) -> None:
    with web(request).engine.begin() as conn:
        accounts.audit(conn, access.workspace.id, access.user.email, action, target, {})


def _page(
    request: Request,
    access: Access,
    *,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    engine = web(request).engine
    return render_page(
        request,
        "alerts.html",
        access,
        "alerts",
        status,
        rules=list_rules(engine, access.workspace),
        channels=list_channels(engine, access.workspace),
        log=delivery_log(engine, access.workspace, LOG_SIZE),
        rule_kinds=RULE_KINDS,
        kind_labels=KIND_LABELS,
        channel_kinds=CHANNEL_KINDS,
        topics={t.id: t.name for t in list_topics(engine, access.workspace)},
        message=message or _done_message(request),
        error=error,
    )


def _done_message(request: Request) -> str | None:
    _ = _tr(request)
    done = {
        "aturan": _("Aturan disimpan."),
        "aturan-hapus": _("Aturan dihapus."),
        "kanal": _("Kanal disimpan."),
        "kanal-hapus": _("Kanal dihapus."),
    }
    return done.get(request.query_params.get("ok", ""))


@router.get("/w/{slug}/peringatan")
def alerts_page(request: Request, access: PageAccess) -> Response:
    return _page(request, access)


# --- rules ----------------------------------------------------------------------------------


def _rule_form(
    request: Request,
    access: Access,
    kind: str,
    *,
    rule: RuleInfo | None = None,
    values: dict | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    if kind not in RULE_KINDS:
        raise HTTPException(404)
    engine = web(request).engine
    current = values or {
        "params": dict(rule.params if rule else DEFAULTS[kind]),
        "channels": list(rule.channels) if rule else [],
        "quiet": f"{rule.quiet_start}-{rule.quiet_end}" if rule and rule.quiet_start else "",
        "urgent_bypass": rule.urgent_bypass if rule else True,
        "throttle": rule.throttle_per_hour if rule else 10,
    }
    return render_page(
        request,
        "alert_rule.html",
        access,
        "alerts",
        status,
        kind=kind,
        kind_labels=KIND_LABELS,
        rule=rule,
        values=current,
        channels=list_channels(engine, access.workspace),
        topics=list_topics(engine, access.workspace),
        priorities=PRIORITIES,
        error=error,
    )


def _rule_input(form: FormData, kind: str) -> dict:
    params = {}
    for key in DEFAULTS[kind]:
        value = str(form.get(f"p_{key}") or "").strip()
        if value:
            params[key] = value
    try:
        throttle = int(str(form.get("throttle") or "10"))
    except ValueError:
        throttle = 0  # refused by the capability with its own message
    return {
        "params": params,
        "channels": [str(c) for c in form.getlist("channels")],
        "quiet": str(form.get("quiet") or "").strip(),
        "urgent_bypass": bool(form.get("urgent_bypass")),
        "throttle": throttle,
    }


@router.get("/w/{slug}/peringatan/aturan/baru")
def rule_new(request: Request, access: PageAccess, jenis: str = "issue") -> Response:
    access.require("analyst")
    return _rule_form(request, access, jenis)


@router.post("/w/{slug}/peringatan/aturan/baru")
async def rule_create(request: Request, access: PageAccess, jenis: str = "issue") -> Response:
    access.require("analyst")
    if jenis not in RULE_KINDS:
        raise HTTPException(404)
    given = _rule_input(await request.form(), jenis)
    try:
        info = add_rule(
            web(request).engine,
            access.workspace,
            jenis,
            given["channels"],
            given["params"],
            quiet=given["quiet"] or None,
            urgent_bypass=given["urgent_bypass"],
            throttle_per_hour=given["throttle"],
        )
    except PantauError as exc:
        return _rule_form(request, access, jenis, values=given, error=str(exc), status=400)
    _audit(request, access, "alert_rule.create", f"#{info.id} {info.kind}")
    return _done(access, "aturan")


def _find_rule(request: Request, access: Access, rule_id: int) -> RuleInfo:
    found = [r for r in list_rules(web(request).engine, access.workspace) if r.id == rule_id]
    if not found:
        raise HTTPException(404)
    return found[0]


@router.get("/w/{slug}/peringatan/aturan/{rule_id:int}")
def rule_page(request: Request, access: PageAccess, rule_id: int) -> Response:
    access.require("analyst")
    rule = _find_rule(request, access, rule_id)
    return _rule_form(request, access, rule.kind, rule=rule)


@router.post("/w/{slug}/peringatan/aturan/{rule_id:int}")
async def rule_save(request: Request, access: PageAccess, rule_id: int) -> Response:
    access.require("analyst")
    rule = _find_rule(request, access, rule_id)
    given = _rule_input(await request.form(), rule.kind)
    try:
        edit_rule(
            web(request).engine,
            access.workspace,
            rule_id,
            given["channels"],
            given["params"],
            quiet=given["quiet"] or None,
            urgent_bypass=given["urgent_bypass"],
            throttle_per_hour=given["throttle"],
        )
    except PantauError as exc:
        return _rule_form(
            request, access, rule.kind, rule=rule, values=given, error=str(exc), status=400
        )
    _audit(request, access, "alert_rule.edit", f"#{rule_id} {rule.kind}")
    return _done(access, "aturan")


@router.post("/w/{slug}/peringatan/aturan/{rule_id:int}/hapus")
def rule_remove(request: Request, access: PageAccess, rule_id: int) -> Response:
    access.require("analyst")
    try:
        info = delete_rule(web(request).engine, access.workspace, rule_id)
    except NotFoundError:
        raise HTTPException(404) from None
    _audit(request, access, "alert_rule.delete", f"#{info.id} {info.kind}")
    return _done(access, "aturan-hapus")


# --- channels -------------------------------------------------------------------------------


def _channel_form(
    request: Request,
    access: Access,
    kind: str,
    *,
    channel: ChannelInfo | None = None,
    values: dict | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    if kind not in CHANNEL_KINDS:
        raise HTTPException(404)
    return render_page(
        request,
        "alert_channel.html",
        access,
        "alerts",
        status,
        kind=kind,
        fields=CHANNEL_FIELDS[kind],
        secrets=SECRETS,
        security=SECURITY,
        channel=channel,
        values=values or {},
        error=error,
    )


def _channel_input(form: FormData, kind: str) -> tuple[str, dict[str, object]]:
    config: dict[str, object] = {}
    for key in CHANNEL_FIELDS[kind]:
        value = str(form.get(key) or "").strip()
        if key == "headers":
            pairs = [line.partition(":") for line in value.splitlines() if ":" in line]
            config[key] = {k.strip(): v.strip() for k, _sep, v in pairs if k.strip()}
        elif key == "to":
            config[key] = [a.strip() for a in value.split(",") if a.strip()]
        else:
            config[key] = value or None
    return str(form.get("name") or ""), config


def _shown(name: str, config: dict[str, object]) -> dict[str, object]:
    """What the form shows again after a refusal: everything but the secrets."""
    shown: dict[str, object] = {"name": name}
    for key, value in config.items():
        if key in SECRETS:
            continue
        shown[key] = ", ".join(value) if isinstance(value, list) else value or ""
    return shown


@router.get("/w/{slug}/peringatan/kanal/baru")
def channel_new(request: Request, access: PageAccess, jenis: str = "webhook") -> Response:
    access.require("admin")
    return _channel_form(request, access, jenis)


@router.post("/w/{slug}/peringatan/kanal/baru")
async def channel_create(request: Request, access: PageAccess, jenis: str = "webhook") -> Response:
    access.require("admin")
    if jenis not in CHANNEL_KINDS:
        raise HTTPException(404)
    name, config = _channel_input(await request.form(), jenis)
    try:
        info = add_channel(web(request).engine, access.workspace, name, jenis, config)
    except PantauError as exc:
        values = _shown(name, config)
        return _channel_form(request, access, jenis, values=values, error=str(exc), status=400)
    _audit(request, access, "alert_channel.create", f"{info.name} ({info.kind})")
    return _done(access, "kanal")


def _find_channel(request: Request, access: Access, channel_id: int) -> ChannelInfo:
    try:
        return get_channel(web(request).engine, access.workspace, str(channel_id))
    except NotFoundError:
        raise HTTPException(404) from None


@router.get("/w/{slug}/peringatan/kanal/{channel_id:int}")
def channel_page(request: Request, access: PageAccess, channel_id: int) -> Response:
    access.require("admin")
    info = _find_channel(request, access, channel_id)
    return _channel_form(
        request, access, info.kind, channel=info, values=_shown(info.name, info.config)
    )


@router.post("/w/{slug}/peringatan/kanal/{channel_id:int}")
async def channel_save(request: Request, access: PageAccess, channel_id: int) -> Response:
    access.require("admin")
    info = _find_channel(request, access, channel_id)
    name, config = _channel_input(await request.form(), info.kind)
    try:
        edit_channel(
            web(request).engine, access.workspace, str(channel_id), name=name, config=config
        )
    except PantauError as exc:
        values = _shown(name, config)
        return _channel_form(
            request, access, info.kind, channel=info, values=values, error=str(exc), status=400
        )
    _audit(request, access, "alert_channel.edit", f"{name} ({info.kind})")
    return _done(access, "kanal")


@router.post("/w/{slug}/peringatan/kanal/{channel_id:int}/hapus")
def channel_remove(request: Request, access: PageAccess, channel_id: int) -> Response:
    access.require("admin")
    try:
        info = delete_channel(web(request).engine, access.workspace, str(channel_id))
    except NotFoundError:
        raise HTTPException(404) from None
    _audit(request, access, "alert_channel.delete", f"{info.name} ({info.kind})")
    return _done(access, "kanal-hapus")


@router.post("/w/{slug}/peringatan/kanal/{channel_id:int}/uji")
def channel_test(request: Request, access: PageAccess, channel_id: int) -> Response:
    """Send a test message now and say how it went."""
    access.require("analyst")
    _ = _tr(request)
    info = _find_channel(request, access, channel_id)
    failure = send_probe(web(request).engine, access.workspace, str(channel_id))
    if failure is None:
        return _page(
            request,
            access,
            message=_("Pesan uji terkirim lewat kanal %(name)s.") % {"name": info.name},
        )
    error = _("Pesan uji lewat kanal %(name)s gagal: %(reason)s") % {
        "name": info.name,
        "reason": failure,
    }
    return _page(request, access, error=error)

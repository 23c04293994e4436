"""The *Label* page: the labelling queue (the posts the sentiment model is least sure about,
spread over platforms and topics) with one-click labels. Analysts and admins label; viewers
see the queue read-only. Enough new labels train the workspace model again, after the
response is sent (``PANTAU_RETRAIN_EVERY``)."""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask

from pantau.errors import NotFoundError, PantauError
from pantau.text.labelling import give_label, labelling_queue
from pantau.text.workspace import label_status, retrain_if_due
from pantau.users import accounts
from pantau.web.deps import PageAccess, web
from pantau.web.render import render_page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
CHOICES = ("positive", "neutral", "negative")


@router.get("/w/{slug}/label")
def label_page(request: Request, access: PageAccess, saved: int | None = None) -> Response:

    ctx = web(request)
    items = labelling_queue(ctx.engine, ctx.settings.data_dir, access.workspace, PAGE_SIZE)
    status = label_status(
        ctx.engine, ctx.settings.data_dir, access.workspace, ctx.settings.retrain_every
    )
    return render_page(
        request, "label.html", access, "label",
        items=items, progress=status, saved=saved, choices=CHOICES,
    )  # fmt: skip


@router.post("/w/{slug}/label/{post_id:int}")
def label_from_queue(
    request: Request, access: PageAccess, post_id: int, sentiment: str = Form("")
) -> Response:
    """Store the label; when enough new labels have arrived, train the workspace model again
    once the answer is on its way."""

    access.require("analyst")
    if sentiment not in CHOICES:
        raise HTTPException(400, "label")
    ctx = web(request)
    try:
        give_label(ctx.engine, access.workspace, post_id, sentiment, access.user.email)
    except NotFoundError:
        raise HTTPException(404, "post") from None
    except PantauError:
        raise HTTPException(400, "label") from None
    with ctx.engine.begin() as conn:
        accounts.audit(
            conn, access.workspace.id, access.user.email, "post.label", f"#{post_id}",
            {"sentiment": sentiment, "from": "queue"},
        )  # fmt: skip
    retrain = BackgroundTask(
        retrain_if_due,
        ctx.engine,
        ctx.settings.data_dir,
        access.workspace,
        ctx.settings.retrain_every,
    )
    return RedirectResponse(
        f"/w/{access.workspace.slug}/label?saved={post_id}", status_code=303, background=retrain
    )

"""Bimtek pages: the organiser's event pages and the participant's test page."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

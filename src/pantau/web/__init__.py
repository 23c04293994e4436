"""The web application (FastAPI + Jinja2): pages in Bahasa Indonesia and English, and the
REST API under ``/api/v1``. Thin over the capabilities; see ``docs/web.md``."""

from pantau.web.app import create_app

__all__ = ["create_app"]

"""The alert tests deliver to local servers on 127.0.0.1, which an admin must allow."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def local_receivers_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_ALERT_INTRANET", "127.0.0.1,localhost")

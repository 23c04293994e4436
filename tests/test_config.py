"""Settings: which workspace commands act on when none is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.config import load_settings, remember_default_workspace


def test_a_remembered_default_workspace_is_used_unless_one_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PANTAU_WORKSPACE", raising=False)
    assert load_settings(data_dir=tmp_path).workspace is None
    remember_default_workspace(tmp_path, "demo")
    remember_default_workspace(tmp_path, "lain")  # a default once chosen is kept
    assert load_settings(data_dir=tmp_path).workspace == "demo"
    assert load_settings(data_dir=tmp_path, workspace="pemprov").workspace == "pemprov"
    monkeypatch.setenv("PANTAU_WORKSPACE", "dari-env")
    assert load_settings(data_dir=tmp_path).workspace == "dari-env"

"""The browser's own requests: a favicon instead of a 404, plotly.js compressed."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_favicon_and_compressed_plotly(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    plain = client.get("/vendor/plotly.min.js", headers={"Accept-Encoding": "identity"})
    packed = client.get("/vendor/plotly.min.js", headers={"Accept-Encoding": "gzip, br"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip" and packed.headers["vary"]
    size = int(packed.headers["content-length"])
    assert size < len(plain.content) / 2  # about 1.4 of 4.8 MB
    assert packed.content == plain.content  # the client unpacked it

"""The *Label* page: the queue with one-click labels (CSRF, roles, escaping), and retraining
after enough labels."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from pantau.store.enrichment import labelled_texts
from pantau.store.posts import PostFilter, list_posts
from pantau.users.accounts import Policy
from pantau.web import create_app


def _ids(world, ws) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with world.engine.connect() as conn:
        rows = list_posts(conn, ws.id, PostFilter(), limit=100)
    return {r["external_id"]: r["id"] for r in rows}


def test_analyst_sees_the_queue_and_labels_with_one_click(signed_in, world, h) -> None:  # type: ignore[no-untyped-def]
    c = signed_in("analis@a.go.id")
    page = c.get("/w/dinas-a/label")
    assert page.status_code == 200
    assert 'href="/w/dinas-a/label" aria-current="page"' in page.text  # in the navigation
    assert 'id="label-queue"' in page.text and "Tebakan model" in page.text
    # the thirty "harga beras naik a N" posts are one message: offered once, with a count
    assert page.text.count("harga beras naik a ") == 1 and "salinan" in page.text
    # hostile post text is escaped, its direction override dropped
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text
    assert "\u202e" not in page.text
    post = _ids(world, world.a)["evil0"]
    assert f'action="/w/dinas-a/label/{post}"' in page.text
    response = c.post(
        f"/w/dinas-a/label/{post}",
        data={"sentiment": "negative", "csrf_token": h.csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/w/dinas-a/label?saved={post}"
    texts, labels = labelled_texts(world.engine, world.a.id, "sentiment")
    assert labels == ["negative"] and "harga beras" in texts[0]
    after = c.get(f"/w/dinas-a/label?saved={post}").text
    assert "Label tersimpan." in after and f'/label/{post}"' not in after
    assert "<strong>1</strong>" in after  # one label so far
    english = c.get("/w/dinas-a/label?lang=en").text
    assert "Sentiment labelling queue" in english and "Model&#39;s guess" in english


def test_viewers_read_only_csrf_and_other_workspaces(signed_in, world, h) -> None:  # type: ignore[no-untyped-def]
    viewer = signed_in("baca@a.go.id")
    page = viewer.get("/w/dinas-a/label").text
    assert 'id="label-queue"' in page and "label-form" not in page
    assert "Hanya analis dan admin" in page
    post = _ids(world, world.a)["a1"]
    token = h.csrf_of(page)
    assert (
        viewer.post(
            f"/w/dinas-a/label/{post}", data={"sentiment": "positive", "csrf_token": token}
        ).status_code
        == 403
    )
    analyst = signed_in("analis@a.go.id")
    token = h.csrf_of(analyst.get("/w/dinas-a/label").text)
    assert (
        analyst.post(f"/w/dinas-a/label/{post}", data={"sentiment": "positive"}).status_code == 403
    )  # no CSRF token
    assert (
        analyst.post(
            f"/w/dinas-a/label/{post}", data={"sentiment": "marah", "csrf_token": token}
        ).status_code
        == 400
    )
    other = _ids(world, world.b)["b1"]  # a post of workspace B, id guessed
    assert (
        analyst.post(
            f"/w/dinas-a/label/{other}", data={"sentiment": "positive", "csrf_token": token}
        ).status_code
        == 404
    )
    assert analyst.get("/w/dinas-b/label").status_code == 404
    assert labelled_texts(world.engine, world.a.id, "sentiment") == ([], [])


def test_enough_labels_train_the_workspace_model(world, h, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PANTAU_MODEL_DIR", str(tmp_path / "no-default-model"))
    settings = replace(world.settings, retrain_every=20)
    app = create_app(settings, world.engine, Policy(max_failures=3))
    with TestClient(app) as c:
        assert h.login(c, "analis@a.go.id").status_code == 303
        token = h.csrf_of(c.get("/w/dinas-a/label").text)
        ids = _ids(world, world.a)
        labels = ("positive", "neutral", "negative")
        model = settings.data_dir / "models" / "dinas-a" / "sentiment" / "model.json"
        for i in range(20):
            assert not model.exists()
            c.post(
                f"/w/dinas-a/label/{ids[f'a{i}']}",
                data={"sentiment": labels[i % 3], "csrf_token": token},
            )
        assert model.exists()  # trained after the twentieth answer went out
        page = c.get("/w/dinas-a/label").text
        assert "model workspace" in page and "<strong>20</strong>" in page

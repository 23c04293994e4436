"""Stance of a matched post: spreading a known claim or debunking it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, select

from pantau.factcheck.claims import add_claim
from pantau.factcheck.matching import carries_hoax, issue_claims, match_claims
from pantau.factcheck.stance import DEBUNKING, SPREADING, claim_stance, debunk_link
from pantau.ingest.importer import import_file
from pantau.records import Workspace
from pantau.store import claims as store
from pantau.store.monitor import assign_posts, insert_issue
from pantau.store.schema import posts

DEBUNKS = [
    "HOAKS! Tidak benar bahwa vaksin MR mengandung babi. Vaksin sudah bersertifikat halal.",
    "Cek fakta: pesan berantai soal rekening pasif 3 bulan diblokir pemerintah adalah hoaks.",
    "Klarifikasi: Kemensos tidak pernah membagikan bantuan Rp3 juta lewat link WhatsApp.",
    "[SALAH] Beras plastik buatan Tiongkok beredar di pasar tradisional",
    "Beredar kabar gempa 9 SR guncang Jakarta malam ini. Faktanya BMKG tidak pernah "
    "memprediksi waktu gempa.",
    "jangan mudah percaya, info pertalite naik jadi 15 ribu besok itu berita bohong",
    "Pesan soal jalur khusus CPNS bayar 50 juta itu modus penipuan, jangan ditanggapi",
    "Kabar gaji ke-13 PNS dihapus tahun ini menyesatkan, gaji ke-13 tetap cair bulan Juni",
    "Info token listrik gratis 500 ribu dari PLN bukan dari PLN. Cek di "
    "https://turnbackhoax.id/2026/11/01/salah-token-listrik-gratis/",
    "PLN bagi-bagi token gratis? baca dulu https://www.komdigi.go.id/berita/berita-hoaks/detail/token",
    "Pemkab meluruskan kabar jembatan Suramadu ditutup permanen bulan depan karena retak.",
    "disinformasi: uang pecahan 75 ribu tetap berlaku sebagai alat pembayaran yang sah",
    "Hoaks atau bukan? Faktanya kartu BPJS Kesehatan masih berlaku, KTP hanya tambahan.",
]
SPREADS = [
    "jangan mau anaknya divaksin MR, vaksinnya ada unsur babi, haram!",
    "hati2 rekening yang nganggur 3 bulan bakal diblokir pemerintah, sebarkan!",
    "klik link pendaftaran di WA ini untuk dapat bantuan Rp3 juta dari Kementerian Sosial",
    "hati-hati ada beras dari plastik asal China dijual di pasar",
    "info BMKG: malam ini Jakarta bakal diguncang gempa dahsyat 9 skala richter",
    "Ini bukan hoaks! besok pertalite naik jadi 15 ribu seliter, buruan isi full tank",
    "katanya hoaks, padahal faktanya surat suara sudah dicoblos di gudang KPU",
    "benarkah? gaji ke 13 ASN tidak cair tahun ini karena APBN habis",
    "PLN bagi-bagi token gratis senilai lima ratus ribu, buruan ambil 🙏",
    "waspada! tsunami 20 meter bakal menghantam pesisir selatan Jawa minggu depan",
    "suramadu retak, bulan depan jembatannya ditutup selamanya",
    "Sudah terbukti, telur ayam broiler disuntik hormon yang memicu kanker",
    "ramai di grup katanya data petani dijual ke perusahaan asing, hoaks bukan? share ya",
    "apakah ini hoax? caleg bagi-bagi amplop isi duit di masjid waktu jumatan",
]


@pytest.mark.parametrize("text", DEBUNKS)
def test_debunking_posts(text: str) -> None:
    assert claim_stance(text) == DEBUNKING


@pytest.mark.parametrize("text", SPREADS)
def test_spreading_posts(text: str) -> None:
    assert claim_stance(text) == SPREADING


def test_cue_must_be_near_the_start_or_the_passage() -> None:
    long_story = (
        "Saya dengar dari tetangga kemarin sore waktu arisan di rumah bu RT bahwa ternyata "
        "rekening yang tidak aktif tiga bulan akan diblokir oleh pemerintah. "
        "Terus kami ngobrol lama soal harga cabai. "
        "Lalu anak saya cerita tentang tugas sekolah soal hoaks dan literasi digital."
    )
    passage = "rekening yang tidak aktif tiga bulan akan diblokir oleh pemerintah."
    assert claim_stance(long_story, passage) == SPREADING
    denial = long_story.replace("Terus kami ngobrol lama", "Itu tidak benar kata petugas bank.")
    assert claim_stance(denial, passage) == DEBUNKING
    # a cue word inside another word is not a cue
    assert claim_stance("rekening pasif diblokir, hoaksnya di mana?") == SPREADING


def test_debunk_links() -> None:
    assert debunk_link("https://turnbackhoax.id/2026/11/01/salah-x/")
    assert debunk_link("cekfakta.tempo.co/baca/123")
    assert debunk_link("https://www.kompas.com/cekfakta/read/2026/11/01/hoaks-x")
    assert not debunk_link("https://www.komdigi.go.id/berita/siaran-pers/detail/rapat")
    assert not debunk_link("https://kabar.example/pupuk-langka")
    assert claim_stance("baca ini", url="https://cekfakta.com/fakta/123") == DEBUNKING


def _post(i: int, text: str) -> dict:
    return {
        "platform": "x",
        "id": f"s{i}",
        "created_at": f"2026-11-02T0{i % 10}:00:00+07:00",
        "author": f"warga{i}",
        "text": text,
    }


def test_only_spreading_posts_make_a_hoax_issue(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    texts = [
        "hati2 rekening bank yang tidak aktif 3 bulan bakal diblokir pemerintah",
        "semua rekening pasif selama tiga bulan akan diblokir oleh negara, sebarkan",
        "HOAKS! tidak benar rekening bank tidak aktif tiga bulan akan diblokir pemerintah",
        "Cek fakta: pemerintah akan memblokir rekening yang tidak aktif tiga bulan adalah hoaks",
        "Klarifikasi OJK: tidak ada pemblokiran semua rekening bank yang tidak aktif 3 bulan",
    ]
    background = [
        "harga cabai naik lagi", "timnas main malam ini", "jalan desa sudah diperbaiki",
        "cara cek saldo rekening lewat aplikasi", "jadwal posyandu bulan depan",
    ]  # fmt: skip
    items = [_post(i, t) for i, t in enumerate(texts + background)]
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in items))
    import_file(engine, workspace, path, rejects_dir=tmp_path)
    claim = add_claim(
        engine,
        workspace,
        "Pemerintah akan memblokir semua rekening bank yang tidak aktif selama tiga bulan",
        "HOAKS",
        "ekonomi",
    )
    summary = match_claims(engine, workspace)
    with engine.connect() as conn:
        ext = dict(conn.execute(select(posts.c.id, posts.c.external_id)).all())
        stored = store.stored_matches(conn, workspace.id)
    stance = {ext[pid]: m["stance"] for (_, pid), m in stored.items()}
    assert stance == {
        "s0": SPREADING,
        "s1": SPREADING,
        "s2": DEBUNKING,
        "s3": DEBUNKING,
        "s4": DEBUNKING,
    }
    assert (summary.spreading, summary.debunking) == (2, 3)
    # idempotent, stance included
    match_claims(engine, workspace)
    with engine.connect() as conn:
        assert store.stored_matches(conn, workspace.id) == stored

    now = datetime(2026, 11, 3)
    ids = {v: k for k, v in ext.items()}
    with engine.begin() as conn:
        issue = {
            "terms": [], "first_seen": now, "last_seen": now, "stage": "berkembang",
            "priority": "segera", "priority_score": 1.0, "why": "-",
            "suggested_response": "klarifikasi", "status": "baru", "metrics": {},
            "created_at": now, "updated_at": now,
        }  # fmt: skip
        debunk_only = insert_issue(conn, workspace.id, {**issue, "label": "bantahan"})
        mixed = insert_issue(conn, workspace.id, {**issue, "label": "campuran"})
        assign_posts(conn, workspace.id, [(debunk_only, ids[e], now) for e in ("s2", "s3", "s4")])
        assign_posts(conn, workspace.id, [(mixed, ids[e], now) for e in ("s0", "s1", "s2")])
        hoaxes = store.false_claims_for_posts(conn, workspace.id, list(ext))
    assert set(hoaxes) == {ids["s0"], ids["s1"]} and set(hoaxes.values()) == {claim.claim}
    only = issue_claims(engine, workspace, debunk_only)
    assert only[0]["posts"] == 0 and only[0]["debunking"] == 3 and only[0]["matched"] == 3
    assert not carries_hoax(only)
    both = issue_claims(engine, workspace, mixed)
    assert (both[0]["posts"], both[0]["debunking"]) == (2, 1) and carries_hoax(both)
    assert "HOAKS" not in both[0]["passage"]  # the passage shown is a spreading one

"""Quality of claim matching on paraphrases: ``run_claim_evaluation``.

The set is project-written (no external data): 20 claims of the kinds Indonesian government
humas teams meet (health, government programmes, scams, politics, disasters, the economy),
each with three paraphrases as people post them (other words, other order, slang, typos), and
unrelated sentences — many on the same subjects (the same programme, vaccine or bank without
the claim), which are the hard cases. The seed decides the social-media roughening applied to
every paraphrase and sentence (abbreviations, capitals, emoji, hashtags, calls to share).

A paraphrase counts as found when its best-scoring claim is its own and scores at least the
threshold; any other text scoring at least the threshold for some claim is a false match.
Recall = found / paraphrases; precision = found / all texts matched.

Stance (spreading or debunking, :mod:`pantau.factcheck.stance`) is measured apart, on the
paraphrases (spreading) and ``DEBUNKS`` (posts denying a claim, project-written): accuracy
over the texts matched to their own claim, and ``debunk_recall``, the share of debunking posts
matched to their claim at all (they must still be found to be counted as debunking).
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field

import numpy as np

from pantau.factcheck.matching import THRESHOLD, ClaimMatcher
from pantau.factcheck.stance import DEBUNKING, SPREADING, claim_stance

# (claim, category, paraphrases)
CLAIMS: tuple[tuple[str, str, tuple[str, str, str]], ...] = (
    (
        "Vaksin campak rubela mengandung babi dan haram untuk anak-anak",
        "kesehatan",
        (
            "jangan mau anaknya divaksin MR, vaksinnya ada unsur babi, haram!",
            "imunisasi campak rubela itu haram karena dibuat dari babi",
            "katanya vaksin MR yang disuntikkan ke anak sekolah mengandung babi",
        ),
    ),
    (
        "Minum air kelapa dicampur garam bisa menyembuhkan Covid-19 dalam sehari",
        "kesehatan",
        (
            "obat covid murah: air kelapa campur garam, sehari langsung sembuh",
            "sembuh dari corona cukup minum kelapa muda dikasih garam",
            "air kelapa plus garam ampuh menyembuhkan covid hanya satu hari",
        ),
    ),
    (
        "Pemerintah akan memblokir semua rekening bank yang tidak aktif selama tiga bulan",
        "ekonomi",
        (
            "hati2 rekening yang nganggur 3 bulan bakal diblokir pemerintah",
            "semua rekening pasif selama tiga bulan akan diblokir oleh negara",
            "pemerintah mau blokir rekening bank yang tidak dipakai 3 bulan",
        ),
    ),
    (
        "Kementerian Sosial membagikan bantuan tunai Rp 3 juta lewat tautan pendaftaran WhatsApp",
        "penipuan",
        (
            "ada link WA dari Kemensos, daftar langsung dapat bantuan 3 juta",
            "bansos tunai tiga juta rupiah dari kemensos, tinggal isi tautan di whatsapp",
            "klik link pendaftaran di WA ini untuk dapat bantuan Rp3 juta dari Kementerian Sosial",
        ),
    ),
    (
        "Surat suara pemilu sudah dicoblos sebelum hari pencoblosan di gudang KPU",
        "politik",
        (
            "ditemukan surat suara yang sudah tercoblos di gudang KPU sebelum pemilu",
            "kertas suara di gudang KPU ternyata sudah dicoblos duluan",
            "sebelum hari H, surat suara pemilu sudah dicoblos di gudang penyimpanan KPU",
        ),
    ),
    (
        "Gempa besar berkekuatan 9 SR akan mengguncang Jakarta malam ini menurut BMKG",
        "bencana",
        (
            "BMKG memprediksi gempa 9 SR guncang Jakarta nanti malam, siap2 mengungsi",
            "info BMKG: malam ini Jakarta bakal diguncang gempa dahsyat 9 skala richter",
            "nanti malam akan terjadi gempa berkekuatan 9 SR di jakarta kata BMKG",
        ),
    ),
    (
        "Harga BBM Pertalite naik menjadi Rp 15 ribu per liter mulai besok",
        "ekonomi",
        (
            "besok pertalite naik jadi 15 ribu seliter, buruan isi full tank",
            "mulai besok harga pertalite jadi Rp15.000 per liter",
            "pertalite per liter naik ke 15rb mulai besok pagi",
        ),
    ),
    (
        "Pendaftaran CPNS dibuka lewat jalur khusus dengan membayar Rp 50 juta kepada panitia",
        "penipuan",
        (
            "ada jalur khusus cpns, cukup bayar 50 juta ke panitia dijamin lolos",
            "mau jadi PNS lewat jalur belakang? setor Rp50 juta ke panitia seleksi",
            "bayar lima puluh juta ke panitia CPNS untuk jalur khusus tanpa tes",
        ),
    ),
    (
        "Beras plastik buatan Tiongkok beredar di pasar tradisional",
        "kesehatan",
        (
            "hati-hati ada beras dari plastik asal China dijual di pasar",
            "beras palsu dari plastik buatan tiongkok sudah masuk ke pasar tradisional",
            "di pasar tradisional beredar beras plastik impor dari Cina",
        ),
    ),
    (
        "Gaji ke-13 pegawai negeri dihapus tahun ini karena anggaran negara habis",
        "pemerintahan",
        (
            "tahun ini gaji 13 PNS ditiadakan, kas negara kosong",
            "anggaran habis, pemerintah hapus gaji ketiga belas untuk ASN",
            "gaji ke 13 aparatur sipil negara tidak cair tahun ini karena APBN habis",
        ),
    ),
    (
        "Bendungan Katulampa jebol dan banjir besar akan merendam Jakarta dalam dua jam",
        "bencana",
        (
            "katulampa jebol!! dua jam lagi jakarta tenggelam banjir besar",
            "bendungan katulampa sudah jebol, banjir bandang sampai Jakarta 2 jam lagi",
            "jebolnya bendung Katulampa bikin jakarta kebanjiran besar dalam 2 jam",
        ),
    ),
    (
        "Program makan bergizi gratis di sekolah menggunakan susu kedaluwarsa",
        "pemerintahan",
        (
            "susu di makan bergizi gratis ternyata sudah kadaluarsa, anak-anak keracunan",
            "MBG di sekolah pakai susu yang udah expired",
            "susu kedaluwarsa dibagikan ke murid lewat program makan gratis",
        ),
    ),
    (
        "PLN memberikan token listrik gratis Rp 500 ribu untuk setiap pelanggan",
        "penipuan",
        (
            "klaim token listrik gratis 500 ribu dari PLN untuk semua pelanggan",
            "PLN bagi-bagi token gratis senilai lima ratus ribu, buruan ambil",
            "setiap pelanggan PLN dapat token listrik 500rb gratis",
        ),
    ),
    (
        "Presiden menandatangani aturan yang mewajibkan semua warga memasang aplikasi pelacak",
        "politik",
        (
            "presiden teken aturan semua warga wajib instal aplikasi pelacak di hp",
            "wajib pasang aplikasi pelacak untuk seluruh warga, aturannya sudah diteken presiden",
            "sekarang semua rakyat harus memasang aplikasi pelacakan sesuai peraturan presiden",
        ),
    ),
    (
        "Telur ayam broiler mengandung hormon yang menyebabkan kanker",
        "kesehatan",
        (
            "jangan makan telur ayam broiler, ada hormonnya, bisa bikin kanker",
            "hormon di telur ayam negeri jadi penyebab kanker",
            "telur ayam ras disuntik hormon yang memicu kanker",
        ),
    ),
    (
        "Jembatan Suramadu ditutup permanen mulai bulan depan karena retak",
        "pemerintahan",
        (
            "suramadu retak, bulan depan jembatannya ditutup selamanya",
            "mulai bulan depan jembatan Suramadu ditutup permanen gara-gara ada retakan",
            "retakan di Suramadu bikin jembatan itu ditutup total mulai bulan depan",
        ),
    ),
    (
        "Uang pecahan Rp 75 ribu ditarik dan tidak berlaku lagi mulai bulan ini",
        "ekonomi",
        (
            "uang 75 ribu ditarik dari peredaran, bulan ini sudah tidak laku",
            "pecahan tujuh puluh lima ribu tidak berlaku lagi mulai bulan ini",
            "mulai bulan ini uang Rp75.000 ditarik BI dan tidak sah",
        ),
    ),
    (
        "Tsunami setinggi 20 meter akan menerjang pantai selatan Jawa pekan depan",
        "bencana",
        (
            "pekan depan pantai selatan jawa diterjang tsunami 20 meter",
            "tsunami 20 m bakal menghantam pesisir selatan Jawa minggu depan",
            "minggu depan akan ada tsunami setinggi dua puluh meter di pantai selatan jawa",
        ),
    ),
    (
        "Kartu BPJS Kesehatan tidak berlaku lagi dan diganti dengan KTP mulai Januari",
        "pemerintahan",
        (
            "mulai januari kartu BPJS kesehatan tidak dipakai lagi, cukup KTP",
            "BPJS kesehatan ganti pakai KTP, kartunya tidak berlaku mulai Januari",
            "kartu bpjs diganti ktp mulai januari, kartu lama sudah tidak berlaku",
        ),
    ),
    (
        "Caleg partai tertentu membagikan amplop berisi uang di masjid saat salat Jumat",
        "politik",
        (
            "ada caleg bagi-bagi amplop isi duit di masjid waktu jumatan",
            "saat salat jumat caleg partai membagikan amplop berisi uang di masjid",
            "amplop berisi uang dibagikan caleg di masjid setelah sholat jumat",
        ),
    ),
)

UNRELATED: tuple[str, ...] = (
    "jadwal imunisasi campak di posyandu kami bulan depan ya bunda",
    "alhamdulillah anak saya sudah selesai vaksin lengkap, sehat terus nak",
    "air kelapa muda paling segar diminum siang-siang begini",
    "buka rekening bank baru sekarang bisa online tanpa ke kantor cabang",
    "cara cek saldo rekening lewat aplikasi mobile banking gimana ya?",
    "penyaluran bansos tahap kedua di kelurahan kami sudah berjalan lancar",
    "kemensos membuka layanan pengaduan bansos di nomor resmi 171",
    "KPU menetapkan jadwal kampanye dan masa tenang pemilu",
    "petugas KPPS di TPS kami ramah dan sigap melayani pemilih lansia",
    "BMKG: cuaca Jakarta hari ini berawan dengan potensi hujan ringan sore hari",
    "gempa kecil terasa di Sukabumi tadi pagi, tidak ada kerusakan",
    "antrean di SPBU panjang banget pagi ini, mau isi pertalite aja susah",
    "harga cabai di pasar naik lagi minggu ini, emak-emak pusing",
    "pengumuman hasil seleksi administrasi CPNS bisa dilihat di situs resmi",
    "tips lolos tes CPNS: rajin latihan soal dan jaga kesehatan",
    "beras medium di pasar induk harganya mulai turun",
    "gaji ASN bulan ini sudah masuk rekening, alhamdulillah",
    "pemerintah menyiapkan anggaran untuk perbaikan jalan desa tahun depan",
    "hujan deras sejak subuh, jalan di depan rumah tergenang sedikit",
    "menu makan bergizi gratis di sekolah anak saya hari ini nasi, ayam dan sayur",
    "anak-anak senang sekali dapat makan siang gratis di sekolah",
    "bayar token listrik sekarang bisa lewat aplikasi, praktis",
    "PLN melakukan pemeliharaan jaringan, listrik padam dua jam di kecamatan kami",
    "presiden meresmikan bendungan baru di Jawa Tengah hari ini",
    "aplikasi ojek online sekarang ada fitur pelacakan perjalanan untuk keamanan",
    "harga telur ayam di warung naik jadi 30 ribu per kilo",
    "resep telur balado yang enak dan gampang untuk sarapan",
    "macet parah di Suramadu sore ini karena ada truk mogok",
    "liburan ke Madura lewat jembatan Suramadu, pemandangannya bagus",
    "Bank Indonesia meluncurkan desain uang rupiah baru tahun ini",
    "penukaran uang baru untuk lebaran dibuka di kantor BI",
    "pantai selatan Jawa ombaknya tinggi, wisatawan diminta tidak berenang",
    "simulasi evakuasi tsunami diadakan di sekolah pesisir Cilacap",
    "cara mengurus BPJS kesehatan untuk bayi baru lahir",
    "perpanjang KTP elektronik sekarang tidak perlu lagi karena berlaku seumur hidup",
    "pengajian rutin di masjid kami setiap malam jumat, mari hadir",
    "caleg dari dapil kami belum pernah turun menyapa warga",
    "jangan lupa cuci tangan sebelum makan supaya tidak sakit",
    "timnas main malam ini, ayo nonton bareng di pos ronda",
    "promo diskon akhir tahun di mal dekat rumah ramai sekali",
)

# Posts that deny a claim (index into CLAIMS), as fact-checkers, humas teams and careful
# citizens write them. The paraphrases above are the spreading side.
DEBUNKS: tuple[tuple[int, str], ...] = (
    (0, "HOAKS! Tidak benar vaksin campak rubela mengandung babi, vaksin MR sudah halal"),
    (0, "cek fakta: kabar vaksin MR untuk anak sekolah mengandung babi itu tidak benar"),
    (1, "Klarifikasi: air kelapa dicampur garam tidak bisa menyembuhkan Covid-19 dalam sehari"),
    (2, "[HOAKS] Pemerintah akan memblokir rekening bank yang tidak aktif tiga bulan"),
    (2, "jangan percaya pesan berantai rekening pasif 3 bulan diblokir pemerintah, itu hoax"),
    (3, "Waspada penipuan! Kemensos tidak membagikan bantuan Rp3 juta lewat link WhatsApp"),
    (4, "Faktanya tidak ada surat suara yang sudah dicoblos di gudang KPU sebelum pemilu"),
    (5, "BMKG membantah kabar gempa 9 SR akan mengguncang Jakarta malam ini"),
    (5, "info gempa 9 SR guncang Jakarta nanti malam adalah hoaks, BMKG tidak bisa memprediksi"),
    (6, "Pertamina meluruskan kabar harga Pertalite naik jadi Rp15 ribu per liter mulai besok"),
    (7, "Tidak ada jalur khusus CPNS dengan membayar Rp50 juta ke panitia, itu modus penipuan"),
    (8, "[SALAH] Beras plastik buatan Tiongkok beredar di pasar tradisional"),
    (9, "Kabar gaji ke-13 PNS dihapus karena anggaran negara habis adalah disinformasi"),
    (10, "Bendungan Katulampa tidak jebol. Kabar Jakarta banjir besar dalam dua jam tidak benar"),
    (11, "Cek Fakta: susu di program makan bergizi gratis tidak kedaluwarsa, cek tanggalnya"),
    (12, "PLN tidak memberikan token listrik gratis Rp500 ribu, informasi itu palsu"),
    (12, "hati-hati berita palsu: token listrik gratis 500rb dari PLN untuk semua pelanggan"),
    (13, "Klarifikasi KSP: presiden tidak menandatangani aturan wajib pasang aplikasi pelacak"),
    (14, "Telur ayam broiler tidak mengandung hormon penyebab kanker, kabar itu menyesatkan"),
    (15, "Jembatan Suramadu tidak ditutup permanen bulan depan, kabar retak itu hoaks"),
    (16, "BI: uang pecahan Rp75 ribu tidak ditarik dan tetap berlaku, jangan termakan hoaks"),
    (17, "tsunami 20 meter di pantai selatan Jawa pekan depan? BMKG pastikan itu berita bohong"),
    (18, "Kartu BPJS Kesehatan tetap berlaku mulai Januari, kabar diganti KTP tidak benar"),
    (19, "Bawaslu membantah ada caleg membagikan amplop berisi uang di masjid saat salat Jumat"),
)

_SLANG = {
    "yang": "yg",
    "tidak": "gak",
    "sudah": "udah",
    "dengan": "dgn",
    "untuk": "utk",
    "karena": "krn",
    "akan": "bakal",
    "saja": "aja",
    "juga": "jg",
    "bisa": "bs",
}
_PREFIXES = ("", "", "", "info: ", "waduh, ", "gaes ", "sebarkan! ", "benarkah? ", "kata grup WA, ")
_SUFFIXES = ("", "", "", " !!!", " 😱😱", " #waspada", " cmiiw", " 🙏", " @kominfo", " ngeri")


@dataclass(frozen=True, slots=True)
class ClaimEvaluation:
    claims: int
    paraphrases: int
    unrelated: int
    threshold: float
    recall: float
    precision: float
    found: int
    false_matches: int
    missed: list[str]
    false: list[str]
    stance_cases: int = 0
    stance_evaluated: int = 0
    stance_accuracy: float = 0.0
    debunk_recall: float = 0.0
    stance_errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _roughen(text: str, rng: random.Random) -> str:
    words = text.split()
    words = [_SLANG.get(w, w) if rng.random() < 0.5 else w for w in words]
    if rng.random() < 0.15 and words:  # one typo: two letters swapped
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4 and w.isalpha():
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    out = " ".join(words)
    r = rng.random()
    if r < 0.1:
        out = out.upper()
    elif r < 0.5:
        out = out.lower()
    return rng.choice(_PREFIXES) + out + rng.choice(_SUFFIXES)


def run_claim_evaluation(seed: int = 7, threshold: float = THRESHOLD) -> ClaimEvaluation:
    """Recall and precision of matching paraphrases to their claim (see the module docstring)."""
    rng = random.Random(seed)
    claims = [c for c, _, _ in CLAIMS]
    texts: list[tuple[str, int | None]] = [
        (_roughen(p, rng), i) for i, (_, _, ps) in enumerate(CLAIMS) for p in ps
    ]
    texts += [(_roughen(u, rng), None) for u in UNRELATED]
    rng.shuffle(texts)
    matcher = ClaimMatcher(claims, [t for t, _ in texts])
    scores, _, _ = matcher.scores([t for t, _ in texts])
    best = scores.argmax(axis=1)
    top = scores[np.arange(len(texts)), best]
    found = 0
    matched = 0
    missed: list[str] = []
    false: list[str] = []
    for (text, truth), b, s in zip(texts, best, top, strict=True):
        hit = s >= threshold
        matched += int(hit)
        if truth is not None and hit and b == truth:
            found += 1
        elif truth is not None:
            missed.append(f"{s:.3f} {text}")
        if hit and b != truth:
            false.append(f"{s:.3f} {text} -> {claims[b]}")
    n_para = sum(1 for _, t in texts if t is not None)
    stance = _stance_evaluation(seed, threshold)
    return ClaimEvaluation(
        claims=len(claims),
        paraphrases=n_para,
        unrelated=len(texts) - n_para,
        threshold=threshold,
        recall=round(found / n_para, 4),
        precision=round(found / matched, 4) if matched else 1.0,
        found=found,
        false_matches=len(false),
        missed=missed,
        false=false,
        **stance,
    )


def _stance_evaluation(seed: int, threshold: float) -> dict:
    """Stance of the paraphrases (spreading) and of ``DEBUNKS`` (debunking), roughened with
    their own seed, among the texts matched to their own claim. Kept apart from the paraphrase
    figures so that those do not move when the debunking set grows."""
    rng = random.Random(seed + 1)
    claims = [c for c, _, _ in CLAIMS]
    cases = [(_roughen(p, rng), i, SPREADING) for i, (_, _, ps) in enumerate(CLAIMS) for p in ps]
    cases += [(_roughen(t, rng), i, DEBUNKING) for i, t in DEBUNKS]
    unrelated = [_roughen(u, rng) for u in UNRELATED]
    texts = [t for t, _, _ in cases]
    matcher = ClaimMatcher(claims, texts + unrelated)
    best: dict[int, tuple[float, int, str]] = {}
    for m in matcher.match(texts, threshold):
        if m.text_index not in best or m.score > best[m.text_index][0]:
            best[m.text_index] = (m.score, m.claim_index, m.passage)
    evaluated = correct = debunks_found = 0
    errors: list[str] = []
    for k, (text, truth, expected) in enumerate(cases):
        found = best.get(k)
        if found is None or found[1] != truth:
            continue
        evaluated += 1
        debunks_found += expected == DEBUNKING
        got = claim_stance(text, found[2])
        if got == expected:
            correct += 1
        else:
            errors.append(f"{got}: {text}")
    return {
        "stance_cases": len(cases),
        "stance_evaluated": evaluated,
        "stance_accuracy": round(correct / evaluated, 4) if evaluated else 0.0,
        "debunk_recall": round(debunks_found / len(DEBUNKS), 4),
        "stance_errors": errors,
    }


def _sweep() -> None:  # pragma: no cover - used when choosing the threshold
    for th in np.arange(0.1, 0.5, 0.025):
        e = run_claim_evaluation(threshold=float(th))
        print(f"{th:.3f} recall {e.recall:.3f} precision {e.precision:.3f}")


if __name__ == "__main__":  # pragma: no cover
    _sweep()
    e = run_claim_evaluation()
    print(re.sub(r"'", "", str(e.missed)), e.false)

"""Seeded generator of injected bursts: invented issues at known times, for measuring detection.

Each burst is a distinct invented topic (a few key terms, a hashtag, places and details) told
in varied Indonesian phrasing by many different accounts, growing over a few hours and then
fading, with some reposts. Nothing here comes from real posts; the same seed always gives the
same bursts. Used by :mod:`pantau.monitor.evaluate` and ``bench/bench_monitor.py``.

Burst posts are written by accounts named ``b<index>_<n>`` (see :func:`burst_of_author`), so an
evaluation can tell which burst a stored post belongs to from its author alone.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class BurstTopic:
    name: str
    tag: str  # hashtag without "#"
    terms: tuple[str, ...]  # the phrases people use for it
    details: tuple[str, ...]
    places: tuple[str, ...]


TOPICS: tuple[BurstTopic, ...] = (
    BurstTopic(
        "jembatan gantung ambruk",
        "JembatanAmbruk",
        ("jembatan gantung", "jembatan ambruk"),
        ("anak sekolah harus nyebrang sungai", "talinya putus", "sudah lapor dari tahun lalu"),
        ("Desa Sukamaju", "Kecamatan Cibeber", "Kampung Leuwigajah"),
    ),
    BurstTopic(
        "air pdam keruh",
        "AirKeruh",
        ("air pdam", "air keruh"),
        ("warnanya coklat kayak kopi susu", "bau lumpur", "bayar tiap bulan tetap mahal"),
        ("Perumnas Klender", "Kelurahan Sidorejo", "Blok C Griya Asri"),
    ),
    BurstTopic(
        "gaji honorer telat",
        "HonorerMenjerit",
        ("gaji honorer", "honorer telat"),
        ("sudah tiga bulan belum cair", "anak istri mau makan apa", "katanya dana belum turun"),
        ("dinas pendidikan", "puskesmas kecamatan", "kantor kelurahan"),
    ),
    BurstTopic(
        "beasiswa kip dipotong",
        "KIPDipotong",
        ("beasiswa kip", "kip dipotong"),
        ("dipotong sama oknum kampus", "cuma terima separuh", "alasannya biaya administrasi"),
        ("kampus swasta", "politeknik negeri", "universitas daerah"),
    ),
    BurstTopic(
        "pemadaman listrik bergilir",
        "PadamLagi",
        ("pemadaman bergilir", "listrik padam"),
        ("kulkas warung rusak", "anak belajar pakai lilin", "tanpa pemberitahuan"),
        ("Kota Tarakan", "Kabupaten Nunukan", "Kecamatan Sebatik"),
    ),
    BurstTopic(
        "sampah menumpuk di tps",
        "DaruratSampah",
        ("sampah menumpuk", "tps penuh"),
        ("baunya sampai ke masjid", "truk pengangkut tidak datang", "lalat di mana mana"),
        ("Pasar Minggu", "Jalan Veteran", "TPS Cipayung"),
    ),
    BurstTopic(
        "solar langka di spbu",
        "SolarLangka",
        ("solar langka", "antrean solar"),
        ("truk antre sampai dua kilometer", "nelayan tidak bisa melaut", "habis sejak subuh"),
        ("SPBU Lintas Timur", "Pelabuhan Ratu", "Jalan Lintas Sumatra"),
    ),
    BurstTopic(
        "vaksin rabies kosong",
        "RabiesMengancam",
        ("vaksin rabies", "stok vaksin"),
        ("anak digigit anjing liar", "disuruh beli sendiri di apotek", "puskesmas bilang kosong"),
        ("Kabupaten Sikka", "Pulau Flores", "Kecamatan Alok"),
    ),
    BurstTopic(
        "tarif parkir naik",
        "ParkirMahal",
        ("tarif parkir", "juru parkir"),
        ("motor sekarang lima ribu", "tidak ada karcis", "katanya aturan baru"),
        ("Alun-alun Kota", "Pasar Besar", "Jalan Malioboro"),
    ),
    BurstTopic(
        "bantuan benih busuk",
        "BenihBusuk",
        ("bantuan benih", "benih busuk"),
        ("tidak ada yang tumbuh", "karungnya sudah berjamur", "petani rugi musim tanam"),
        ("Gapoktan Sumber Rejeki", "Desa Karanganyar", "Kabupaten Grobogan"),
    ),
    BurstTopic(
        "seragam sekolah gratis belum dibagi",
        "SeragamMana",
        ("seragam gratis", "seragam sekolah"),
        ("sudah semester dua", "orang tua terpaksa beli", "janjinya waktu kampanye"),
        ("SD Negeri 4", "SMP Negeri 2", "Kecamatan Batang Kuis"),
    ),
    BurstTopic(
        "banjir rob tanggul jebol",
        "RobPesisir",
        ("banjir rob", "tanggul jebol"),
        ("air laut masuk rumah", "tambak warga hanyut", "pompa tidak menyala"),
        ("Muara Angke", "Pesisir Demak", "Kampung Tambak Lorok"),
    ),
    BurstTopic(
        "ambulans desa dipakai pribadi",
        "AmbulansDesa",
        ("ambulans desa", "ambulans dipakai"),
        ("pasien diangkut pakai pikap", "dipakai kondangan", "kuncinya dibawa pulang"),
        ("Desa Tanjungsari", "Kecamatan Wonosari", "Dusun Krajan"),
    ),
    BurstTopic(
        "blanko ktp habis",
        "BlankoKosong",
        ("blanko ktp", "blanko habis"),
        ("disuruh pakai surat keterangan", "sudah bolak balik empat kali", "mau daftar kerja"),
        ("Disdukcapil Kota", "kantor kecamatan", "Mal Pelayanan Publik"),
    ),
)

_OPENERS = ("", "", "", "min ", "tolong ", "parah, ", "kok ", "astaga ", "halo min, ", "woy ")
_ENDINGS = (
    "",
    "",
    " 😡",
    " 😭😭",
    " 🙏",
    " !!",
    " ...",
    " gimana ini",
    " mohon ditindak",
    " viralkan",
    " kapan beresnya",
)
_TEMPLATES = (
    "{open}{term} di {place} {detail}{end}",
    "{open}{term} lagi di {place}, {detail}. {tag}{end}",
    "warga {place} mengeluhkan {term}: {detail}{end}",
    "{open}sudah seminggu {term} di {place} dan {detail} {tag}",
    "katanya mau dibereskan tapi {term} masih begitu aja. {detail}{end}",
    "{tag} {term} {place} {detail}{end}",
    "ini {term} kenapa dibiarkan? {detail} {tag}{end}",
    "baru lihat berita soal {term} di {place}, {detail}{end}",
    "{open}{detail}. {term} {place} tolong diperhatikan {tag}",
    "gue sendiri ngalamin {term}, {detail}{end}",
    "{term}?? di {place}?? {detail}{end} {tag}",
    "pemda kemana aja, {term} di {place} {detail}{end}",
)


@dataclass(slots=True)
class BurstPost:
    external_id: str
    created_at: datetime  # naive UTC
    author: str
    text: str
    followers: int
    repost: bool = False


@dataclass(slots=True)
class InjectedBurst:
    index: int
    topic: BurstTopic
    start: datetime  # the first post's hour (naive UTC)
    hourly: list[int]  # posts per hour from ``start``
    posts: list[BurstPost] = field(default_factory=list)


_BURST_AUTHOR = re.compile(r"^b(\d+)_\d+$")


def burst_of_author(author: str | None) -> int | None:
    """The burst index an author name belongs to, or None for any other author."""
    match = _BURST_AUTHOR.match(author or "")
    return int(match.group(1)) if match else None


def growth(rnd: random.Random, rise_hours: int, fade_hours: int, size: float = 1.0) -> list[int]:
    """Posts per hour: a few in the first hour (3 to 6, times ``size``), growing
    geometrically, then fading."""
    first = rnd.randint(3, 6) * size
    factor = rnd.uniform(1.5, 2.0)
    rise = [round(first * factor**h) for h in range(rise_hours)]
    peak = rise[-1]
    fade = [max(1, round(peak * 0.5 ** (h + 1))) for h in range(fade_hours)]
    return rise + fade


def _post_text(rnd: random.Random, topic: BurstTopic) -> str:
    tag = "#" + topic.tag if rnd.random() < 0.55 else ""
    text = rnd.choice(_TEMPLATES).format(
        open=rnd.choice(_OPENERS),
        term=rnd.choice(topic.terms),
        place=rnd.choice(topic.places),
        detail=rnd.choice(topic.details),
        tag=tag,
        end=rnd.choice(_ENDINGS),
    )
    if rnd.random() < 0.3:
        text = text.lower()
    return " ".join(text.split())


def generate_bursts(
    start: datetime,
    end: datetime,
    k: int = 10,
    *,
    seed: int = 7,
    earliest: timedelta = timedelta(hours=24),
    rise_hours: int = 4,
    fade_hours: int = 3,
    repost_share: float = 0.1,
    size: float = 1.0,
) -> list[InjectedBurst]:
    """``k`` bursts of distinct topics starting between ``start + earliest`` and the end of
    the period minus the burst's length, one per equal slice of that range (so they do not
    pile up), at seeded random hours. Times are naive UTC."""
    if k > len(TOPICS):
        raise ValueError(f"at most {len(TOPICS)} distinct burst topics")
    rnd = random.Random(seed)
    topics = rnd.sample(TOPICS, k)
    length = rise_hours + fade_hours
    first = start.replace(minute=0, second=0, microsecond=0) + earliest
    last = end.replace(minute=0, second=0, microsecond=0) - length * HOUR
    span = int((last - first) / HOUR)
    if span < k:
        raise ValueError("period too short for the bursts")
    bursts = []
    for index, topic in enumerate(topics):
        lo = first + (span * index // k) * HOUR
        width = max(1, span // k - length // 2)
        burst_start = lo + rnd.randrange(width) * HOUR
        hourly = growth(rnd, rise_hours, fade_hours, size)
        burst = InjectedBurst(index, topic, burst_start, hourly)
        times = sorted(
            burst_start + h * HOUR + timedelta(seconds=rnd.randrange(3600))
            for h, count in enumerate(hourly)
            for _ in range(count)
        )
        originals: list[BurstPost] = []
        for n, when in enumerate(times, 1):
            author = f"b{index}_{n}"
            followers = int(rnd.paretovariate(1.2) * 40)
            external_id = f"burst-{index}-{n}"
            if originals and rnd.random() < repost_share:
                source = rnd.choice(originals)
                text = f"RT @{source.author}: {source.text}"
                burst.posts.append(BurstPost(external_id, when, author, text, followers, True))
            else:
                post = BurstPost(external_id, when, author, _post_text(rnd, topic), followers)
                originals.append(post)
                burst.posts.append(post)
        bursts.append(burst)
    return bursts

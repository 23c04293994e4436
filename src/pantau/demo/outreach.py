"""The demo institution's owned channels: a quarter (13 weeks ending on the demo week's last
day) of analytics exports in each platform's native format, and the goals, target audience
and content plan that go with them.

``write_demo_exports`` writes the files the way the platforms' download buttons make them
(Meta CSVs, UTF-16 daily and audience files, the classic X export and its account overview, a
YouTube Studio zip, a TikTok Studio zip). The numbers are deterministic for a seed and carry
planted patterns the analyses should find:

- **best time**: posts in ``PLANTED_HOURS`` of their platform (local time) get
  ``PLANTED_LIFT`` × the engagement of other hours;
- **formats**: ``FORMAT_LIFT`` (Instagram reels and Facebook videos do best, Facebook links
  worst);
- **campaign**: the posts of ``CAMPAIGN`` go out on several accounts a few minutes after their
  planned time with the planned caption, so linking them to plan items is checkable.

``seed_demo_outreach`` imports the files and creates the goals, a target audience and plan
items across the workflow, then links published posts — idempotently.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
import random
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from pantau.demo.generator import INSTITUTION
from pantau.outreach.audience import save_audience
from pantau.outreach.calendar import add_item, link_published, list_items, set_status
from pantau.outreach.goals import save_goal
from pantau.outreach.importer import import_exports
from pantau.records import Workspace
from pantau.store import outreach as store

LAST_DAY = date(2026, 11, 22)
FIRST_DAY = LAST_DAY - timedelta(days=13 * 7 - 1)  # Monday 2026-08-24
DOWNLOADED = LAST_DAY + timedelta(days=1)
ZONE = ZoneInfo("Asia/Jakarta")
SEED = 2026
PAGE_ID = "100064512338871"
NAMES = {
    "facebook": "Kementerian Pangan Nusantara",
    "instagram": "Kementerian Pangan Nusantara",
    "x": "Kemenpantara RI",
    "tiktok": "Kemenpantara",
    "youtube": "Kemenpantara RI",
}
PLANTED_HOURS = {
    "facebook": (19, 20),
    "instagram": (19, 20, 21),
    "x": (7, 8),
    "tiktok": (20, 21, 22),
}
PLANTED_LIFT = 2.0
FORMAT_LIFT = {
    ("instagram", "IG reel"): 1.7,
    ("instagram", "IG carousel"): 1.3,
    ("instagram", "IG image"): 1.0,
    ("facebook", "Videos"): 1.5,
    ("facebook", "Photos"): 1.1,
    ("facebook", "Links"): 0.6,
}
AUTHOR = "humas@kemenpantara.go.id"
APPROVER = "kabiro.humas@kemenpantara.go.id"

_PILLARS = {
    "Harga Pangan": (
        "Harga beras medium di pasar induk {kota} stabil pekan ini. Cek harga terbaru di "
        "panel harga pangan. #HargaPanganStabil",
        "Operasi pasar murah hadir di {kota}: beras SPHP, minyak goreng, dan gula dengan "
        "harga terjangkau. #PanganTerjangkau",
    ),
    "Gizi": (
        "Isi piringku: separuh sayur dan buah, seperempat lauk, seperempat makanan pokok. "
        "Yuk mulai dari rumah! #GiziSeimbang",
        "Makan bergizi untuk anak sekolah di {kota}: menu hari ini ikan, sayur bayam, dan "
        "pisang. #MakanBergizi",
    ),
    "Petani": (
        "Panen raya padi di {kota}: petani mendapat harga gabah sesuai HPP. Terima kasih "
        "para pahlawan pangan! #PetaniSejahtera",
        "Pendampingan petani muda di {kota} untuk pertanian presisi dan pupuk organik. "
        "#PetaniMilenial",
    ),
    "Cadangan Pangan": (
        "Stok cadangan beras pemerintah aman hingga akhir tahun: lebih dari 2 juta ton di "
        "gudang seluruh Indonesia. #StokAman",
        "Penyaluran bantuan pangan beras 10 kg untuk keluarga penerima manfaat di {kota} "
        "berjalan lancar. #BantuanPangan",
    ),
    "Layanan Publik": (
        "Punya aduan soal harga atau kualitas pangan? Laporkan lewat kanal pengaduan resmi "
        "kami. #LayananPangan",
        "Klarifikasi: informasi beras plastik di {kota} tidak benar. Simak penjelasan "
        "lengkapnya. #CekFakta",
    ),
}
_CITIES = ("Jakarta", "Surabaya", "Bandung", "Medan", "Makassar", "Semarang", "Palembang",
           "Denpasar", "Pontianak", "Kupang", "Ambon", "Jayapura")  # fmt: skip


@dataclass(frozen=True)
class CampaignPost:
    """A planned content item carried out on several accounts."""

    at: datetime  # local
    title: str
    pillar: str
    content_type: str
    platforms: tuple[str, ...]
    caption: str
    delay_minutes: int = 4  # how late the posts went out


CAMPAIGN = (
    CampaignPost(
        datetime(2026, 10, 16, 19, 0), "Hari Pangan Sedunia 2026", "Cadangan Pangan",
        "infographic", ("instagram", "facebook", "x"),
        "Selamat Hari Pangan Sedunia 2026! Pangan cukup, bergizi, dan terjangkau untuk semua. "
        "#HariPanganSedunia #PanganUntukSemua",
    ),
    CampaignPost(
        datetime(2026, 11, 3, 19, 30), "Peluncuran panel harga pangan daerah", "Harga Pangan",
        "short_video", ("instagram", "tiktok", "facebook"),
        "Kini harga pangan di 514 kabupaten/kota bisa dipantau setiap hari lewat panel harga "
        "pangan daerah. #PanelHargaPangan",
    ),
    CampaignPost(
        datetime(2026, 11, 17, 19, 0), "Makan bergizi gratis: capaian semester", "Gizi",
        "infographic", ("instagram", "facebook", "x"),
        "Capaian makan bergizi gratis semester ini: 12 juta porsi untuk siswa di 38 provinsi. "
        "Terima kasih para relawan dapur sekolah! #MakanBergizi",
    ),
    CampaignPost(
        datetime(2026, 11, 19, 20, 0), "Tanya jawab harga beras akhir tahun", "Harga Pangan",
        "thread", ("x",),
        "Utas: kenapa harga beras akhir tahun diperkirakan stabil? Stok cadangan, panen, dan "
        "operasi pasar. Simak 1/5 #HargaPanganStabil",
        delay_minutes=25,
    ),
    CampaignPost(
        datetime(2026, 11, 21, 9, 0), "Liputan panen raya Karawang", "Petani",
        "photo_story", ("instagram", "facebook"),
        "Cerita dari panen raya Karawang: gabah petani terserap dengan harga sesuai HPP. "
        "#PetaniSejahtera #PanenRaya",
    ),
)  # fmt: skip

# Plan items of the week after the demo week, across the workflow.
UPCOMING = (
    ("Infografis stok beras jelang Natal dan Tahun Baru", "Cadangan Pangan", "infographic",
     ("instagram", "facebook", "x"), datetime(2026, 11, 24, 19, 0), "scheduled",
     "Stok beras aman jelang Natal dan Tahun Baru: cadangan pemerintah 2 juta ton. "
     "#StokAman #Nataru"),
    ("Video pendek: cara membaca label gizi", "Gizi", "short_video",
     ("tiktok", "instagram"), datetime(2026, 11, 25, 20, 0), "approved",
     "Label gizi itu penting! Begini cara membacanya dalam 30 detik. #GiziSeimbang"),
    ("Siaran langsung: dialog harga pangan bersama Menteri", "Harga Pangan", "live",
     ("youtube", "facebook"), datetime(2026, 11, 27, 10, 0), "review",
     "Saksikan dialog harga pangan bersama Menteri, Jumat pukul 10.00 WIB. #DialogPangan"),
    ("Utas cek fakta: beras plastik", "Layanan Publik", "thread",
     ("x",), datetime(2026, 11, 28, 8, 0), "draft",
     "Benarkah ada beras plastik di pasar? Ini faktanya. 1/4 #CekFakta " + "🧵"),
)  # fmt: skip


def _csv(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _days() -> list[date]:
    return [FIRST_DAY + timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]


@dataclass
class _Post:
    platform: str
    local: datetime
    caption: str
    fmt: str
    engagement: int
    reach: int


def _routine(rnd: random.Random, platform: str, per_day: float, formats: list[str]) -> list[_Post]:
    """Routine posts: random hours, engagement = base × growth × planted lifts × noise."""
    hours = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22]
    base = {"facebook": 420, "instagram": 1300, "x": 260, "tiktok": 2100, "youtube": 900}[platform]
    posts = []
    for i, day in enumerate(_days()):
        count = int(per_day) + (1 if rnd.random() < per_day - int(per_day) else 0)
        for _ in range(count):
            hour = rnd.choice(hours)
            when = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=hour, minutes=rnd.randrange(60)
            )
            fmt = rnd.choice(formats)
            lift = PLANTED_LIFT if hour in PLANTED_HOURS.get(platform, ()) else 1.0
            lift *= FORMAT_LIFT.get((platform, fmt), 1.0)
            growth = 1 + 0.25 * i / len(_days())
            engagement = max(1, round(base * lift * growth * math.exp(rnd.gauss(0, 0.45))))
            reach = round(engagement * rnd.uniform(18, 30))
            pillar = rnd.choice(list(_PILLARS))
            caption = rnd.choice(_PILLARS[pillar]).format(kota=rnd.choice(_CITIES))
            posts.append(_Post(platform, when, caption, fmt, engagement, reach))
    return posts


def _campaign(rnd: random.Random, platform: str, fmt: str) -> list[_Post]:
    base = {"facebook": 900, "instagram": 2600, "x": 500, "tiktok": 4200, "youtube": 1500}
    return [
        _Post(
            platform,
            c.at + timedelta(minutes=c.delay_minutes),
            c.caption,
            fmt,
            round(base[platform] * math.exp(rnd.gauss(0, 0.2))),
            round(base[platform] * 25 * math.exp(rnd.gauss(0, 0.2))),
        )
        for c in CAMPAIGN
        if platform in c.platforms
    ]


def _meta_daily(path: Path, title: str, values: list[tuple[date, float]]) -> Path:
    rows = [["Date", "Primary"]] + [[f"{d.isoformat()}T00:00:00", round(v)] for d, v in values]
    text = f'sep=,\r\n"{title}"\r\n' + _csv(rows)
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    return path


def _meta_audience(
    path: Path, ages: dict[str, tuple[float, float]], cities: dict[str, float]
) -> Path:
    parts = ["sep=,", "Age & gender", "Age,Women,Men"]
    parts += [f"{band},{w:.1f},{m:.1f}" for band, (w, m) in ages.items()]
    parts += ["", "Top cities", "City,Value"]
    parts += [f'"{city}",{v:.1f}' for city, v in cities.items()]
    parts += ["", "Top countries", "Country,Value", "Indonesia,95.8", "Malaysia,1.4",
              "Saudi Arabia,0.7"]  # fmt: skip
    path.write_bytes(codecs.BOM_UTF16_LE + ("\r\n".join(parts) + "\r\n").encode("utf-16-le"))
    return path


def _followers(start: int, daily: float, rnd: random.Random) -> list[tuple[date, float]]:
    value = float(start)
    out: list[tuple[date, float]] = []
    for day in _days():
        value += daily * math.exp(rnd.gauss(0, 0.3))
        out.append((day, round(value)))
    return out


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    stamp = (DOWNLOADED.year, DOWNLOADED.month, DOWNLOADED.day, 8, 0, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, stamp), data)
    return path


def _facebook(folder: Path, rnd: random.Random) -> list[Path]:
    posts = _routine(rnd, "facebook", 2, ["Photos", "Photos", "Videos", "Links"])
    posts += _campaign(rnd, "facebook", "Photos")
    rows: list[list[object]] = [
        ["Post ID", "Page ID", "Page name", "Title", "Description", "Publish time", "Permalink",
         "Post type", "Views", "Reach", "Reactions", "Comments", "Shares", "Total clicks"]
    ]  # fmt: skip
    for i, p in enumerate(sorted(posts, key=lambda p: p.local)):
        post_id = f"{PAGE_ID}_{1_200_000 + i}"
        reactions = round(p.engagement * 0.75)
        rows.append(
            [post_id, PAGE_ID, NAMES["facebook"], "", p.caption, p.local.strftime("%m/%d/%Y %H:%M"),
             f"https://www.facebook.com/{PAGE_ID}/posts/{1_200_000 + i}", p.fmt,
             round(p.reach * 1.6), p.reach, reactions, round(p.engagement * 0.1),
             p.engagement - reactions - round(p.engagement * 0.1), round(p.engagement * 0.4)]
        )  # fmt: skip
    path = folder / "facebook_konten.csv"
    path.write_bytes(codecs.BOM_UTF8 + _csv(rows).encode())
    reach: list[tuple[date, float]] = [(d, rnd.randint(40_000, 90_000)) for d in _days()]
    ages = {"18-24": (7.5, 8.9), "25-34": (14.2, 15.8), "35-44": (12.1, 13.0),
            "45-54": (8.3, 8.8), "55-64": (3.6, 4.1), "65+": (1.7, 2.0)}  # fmt: skip
    cities = {"Jakarta, Indonesia": 14.2, "Surabaya, Jawa Timur, Indonesia": 6.1,
              "Bandung, Jawa Barat, Indonesia": 5.4, "Medan, Sumatera Utara, Indonesia": 4.2,
              "Makassar, Sulawesi Selatan, Indonesia": 3.1,
              "Semarang, Jawa Tengah, Indonesia": 2.9}  # fmt: skip
    return [
        path,
        _meta_daily(folder / "facebook_jangkauan.csv", "Facebook reach", reach),
        _meta_daily(
            folder / "facebook_pengikut.csv", "Facebook followers", _followers(598_000, 140, rnd)
        ),
        _meta_audience(folder / "facebook_audiens.csv", ages, cities),
    ]


def _instagram(folder: Path, rnd: random.Random) -> list[Path]:
    posts = _routine(rnd, "instagram", 2, ["IG image", "IG carousel", "IG carousel", "IG reel"])
    posts += _campaign(rnd, "instagram", "IG carousel")
    handle = INSTITUTION.official_handles["instagram"]
    rows: list[list[object]] = [
        ["Post ID", "Account ID", "Account username", "Account name", "Description",
         "Publish time", "Permalink", "Post type", "Views", "Reach", "Likes", "Shares",
         "Follows", "Comments", "Saves"]
    ]  # fmt: skip
    for i, p in enumerate(sorted(posts, key=lambda p: p.local)):
        likes = round(p.engagement * 0.82)
        comments = round(p.engagement * 0.05)
        shares = round(p.engagement * 0.06)
        rows.append(
            [f"1798{7_000_000_000_000 + i}", "17841400123456789", handle, NAMES["instagram"],
             p.caption, p.local.strftime("%m/%d/%Y %H:%M"),
             f"https://www.instagram.com/p/Dkp{i:05d}/", p.fmt, f"{round(p.reach * 1.9):,}",
             f"{p.reach:,}", likes, shares, round(p.engagement * 0.01), comments,
             p.engagement - likes - comments - shares]
        )  # fmt: skip
    path = folder / "instagram_konten.csv"
    path.write_text(_csv(rows), "utf-8")
    ages = {"13-17": (2.1, 1.6), "18-24": (16.4, 13.2), "25-34": (19.8, 16.1),
            "35-44": (9.7, 8.3), "45-54": (4.6, 4.1), "55-64": (1.6, 1.4),
            "65+": (0.6, 0.5)}  # fmt: skip
    cities = {"Jakarta, Indonesia": 16.8, "Surabaya, Jawa Timur, Indonesia": 5.7,
              "Bandung, Jawa Barat, Indonesia": 6.3,
              "Yogyakarta, DI Yogyakarta, Indonesia": 3.9,
              "Medan, Sumatera Utara, Indonesia": 3.2,
              "Bekasi, Jawa Barat, Indonesia": 3.0}  # fmt: skip
    return [
        path,
        _meta_daily(
            folder / "instagram_pengikut.csv", "Instagram followers", _followers(842_000, 210, rnd)
        ),
        _meta_audience(folder / "instagram_audiens.csv", ages, cities),
    ]


def _x(folder: Path, rnd: random.Random) -> list[Path]:
    posts = _routine(rnd, "x", 5, ["post"]) + _campaign(rnd, "x", "post")
    handle = INSTITUTION.official_handles["x"]
    rows: list[list[object]] = [
        ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements",
         "retweets", "replies", "likes", "url clicks"]
    ]  # fmt: skip
    for i, p in enumerate(sorted(posts, key=lambda p: p.local)):
        tweet_id = 1_830_000_000_000_000_000 + i * 7919
        utc = p.local.replace(tzinfo=ZONE).astimezone(ZoneInfo("UTC"))
        likes = round(p.engagement * 0.7)
        retweets = round(p.engagement * 0.2)
        rows.append(
            [tweet_id, f"https://twitter.com/{handle}/status/{tweet_id}", p.caption,
             utc.strftime("%Y-%m-%d %H:%M +0000"), p.reach, round(p.engagement * 1.6),
             retweets, p.engagement - likes - retweets, likes, round(p.engagement * 0.3)]
        )  # fmt: skip
    path = folder / "x_tweets.csv"
    path.write_text(_csv(rows), "utf-8")
    overview = [["Date", "Impressions", "Likes", "Engagements", "New follows", "Unfollows"]] + [
        [d.strftime("%a, %b %d, %Y"), rnd.randint(150_000, 320_000), rnd.randint(2_000, 5_000),
         rnd.randint(4_000, 9_000), rnd.randint(300, 900), rnd.randint(40, 160)]
        for d in _days()
    ]  # fmt: skip
    overview_path = folder / "x_ringkasan_akun.csv"
    overview_path.write_text(_csv(overview), "utf-8")
    return [path, overview_path]


def _youtube(folder: Path, rnd: random.Random) -> list[Path]:
    posts = [p for p in _routine(rnd, "youtube", 0.45, ["video"])]
    rows: list[list[object]] = [
        ["Content", "Video title", "Video publish time", "Duration", "Views",
         "Watch time (hours)", "Subscribers", "Average view duration", "Impressions"]
    ]  # fmt: skip
    body: list[list[object]] = []
    views_total = 0
    for i, p in enumerate(sorted(posts, key=lambda p: p.local)):
        views = p.reach // 3
        duration = rnd.choice([45, 58, 180, 420, 900, 2400])
        avg = min(duration, rnd.randint(30, 240))
        views_total += views
        body.append(
            [f"kPn{i:04d}{rnd.choice('ABCDEFGH')}x", p.caption.split(".")[0][:90],
             p.local.strftime("%b %-d, %Y"), duration, views, round(views * avg / 3600, 1),
             views // 300, f"0:{avg // 60:02d}:{avg % 60:02d}", views * 9]
        )  # fmt: skip
    rows.append(["Total", "", "", "", views_total, "", "", "", ""])
    rows += body
    totals = [["Date", "Views", "Watch time (hours)", "Subscribers"]] + [
        [d.isoformat(), rnd.randint(8_000, 20_000), rnd.randint(400, 1_200), rnd.randint(20, 90)]
        for d in _days()
    ]
    return [
        _zip(
            folder / "youtube_studio.zip",
            {"Table data.csv": _csv(rows).encode(), "Totals.csv": _csv(totals).encode()},
        )
    ]


def _tiktok(folder: Path, rnd: random.Random) -> list[Path]:
    posts = _routine(rnd, "tiktok", 1, ["video"]) + _campaign(rnd, "tiktok", "video")
    handle = INSTITUTION.official_handles["tiktok"]

    def day(d: date) -> str:
        return f"{d.strftime('%B')} {d.day}"  # no year, as TikTok writes it

    content: list[list[object]] = [
        ["Video title", "Video link", "Post time", "Total likes", "Total comments",
         "Total shares", "Total views"]
    ]  # fmt: skip
    for i, p in enumerate(sorted(posts, key=lambda p: p.local)):
        likes = round(p.engagement * 0.85)
        comments = round(p.engagement * 0.05)
        content.append(
            [p.caption, f"https://www.tiktok.com/@{handle}/video/{7_431_000_000_000_000_000 + i}",
             p.local.strftime("%Y-%m-%d %H:%M:%S"), likes, comments,
             p.engagement - likes - comments, p.reach]
        )  # fmt: skip
    overview = [["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"]] + [
        [day(d), rnd.randint(40_000, 120_000), rnd.randint(800, 2_500), rnd.randint(2_000, 9_000),
         rnd.randint(80, 400), rnd.randint(60, 500)]
        for d in _days()
    ]  # fmt: skip
    followers = _followers(298_000, 260, rnd)
    history: list[list[object]] = [
        ["Date", "Followers", "Difference in followers from previous day"]
    ]
    previous = 298_000.0
    for d, v in followers:
        history.append([day(d), round(v), round(v - previous)])
        previous = v
    activity: list[list[object]] = [["Date", "Hour", "Active followers"]]
    for d in _days()[-7:]:
        for hour in range(24):
            shape = 0.35 + 0.65 * math.exp(-(((hour - 21) / 3.5) ** 2)) + 0.25 * (7 <= hour <= 12)
            activity.append([day(d), hour, round(60_000 * shape * rnd.uniform(0.9, 1.1))])
    members = {
        "Content.csv": content,
        "Overview.csv": overview,
        "FollowerHistory.csv": history,
        "FollowerActivity.csv": activity,
        "FollowerGender.csv": [["Gender", "Distribution"], ["Female", "58%"], ["Male", "42%"]],
        "FollowerTopTerritories.csv": [
            ["Top territories", "Distribution"],
            ["ID", "0.94"],
            ["MY", "0.03"],
            ["SG", "0.01"],
        ],
    }
    return [
        _zip(
            folder / "tiktok_studio.zip",
            {name: codecs.BOM_UTF8 + _csv(rows).encode() for name, rows in members.items()},  # type: ignore[arg-type]  # rows are lists of cells
        )
    ]


def write_demo_exports(folder: Path, seed: int = SEED) -> list[Path]:
    """Write the quarter of exports into ``folder``; the same seed gives the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    files: list[Path] = []
    for make in (_facebook, _instagram, _x, _youtube, _tiktok):
        files += make(folder, random.Random(rnd.random()))
    return files


# which --channel each file needs (files naming their account need none)
_CHANNEL_OF = {
    "facebook_jangkauan.csv": f"facebook:{NAMES['facebook']}",
    "facebook_pengikut.csv": f"facebook:{NAMES['facebook']}",
    "facebook_audiens.csv": f"facebook:{NAMES['facebook']}",
    "instagram_pengikut.csv": f"instagram:{INSTITUTION.official_handles['instagram']}",
    "instagram_audiens.csv": f"instagram:{INSTITUTION.official_handles['instagram']}",
    "x_ringkasan_akun.csv": f"x:{INSTITUTION.official_handles['x']}",
    "youtube_studio.zip": f"youtube:{INSTITUTION.official_handles['youtube']}",
}


def _checksums(path: Path) -> set[str]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return {hashlib.sha256(archive.read(i)).hexdigest() for i in archive.infolist()}
    return {hashlib.sha256(path.read_bytes()).hexdigest()}


@dataclass
class DemoOutreachSummary:
    files: int
    imported: int
    goals: int
    plan_items: int
    new_links: int


def seed_demo_outreach(
    engine: Engine, workspace: Workspace, folder: Path, rejects_dir: Path | None = None
) -> DemoOutreachSummary:
    """Write and import the demo exports, then create goals, a target audience and plan
    items, and link the published posts. Running it again changes nothing."""
    files = write_demo_exports(folder)
    done = {
        r["checksum"]
        for r in store.list_imports(engine, workspace.id, limit=10_000)
        if r["status"] == "complete"
    }
    imported = 0
    # posts files first: they create the accounts the other files are told to use
    order = sorted(files, key=lambda p: (p.name in _CHANNEL_OF, p.name))
    for path in order:
        if _checksums(path) <= done:
            continue
        import_exports(
            engine,
            workspace,
            [path],
            rejects_dir=rejects_dir or folder / "rejects",
            channel=_CHANNEL_OF.get(path.name),
            downloaded=DOWNLOADED,
        )
        imported += 1
    with engine.connect() as conn:
        channels = {c.platform: c for c in store.find_channels(conn, workspace.id)}
    audience = save_audience(
        engine, workspace, "Keluarga muda perkotaan", ["25-34", "35-44"], ["F"],
        ["Jakarta", "Surabaya", "Medan", "Makassar"],
    )  # fmt: skip
    quarter = (date(2026, 10, 1), date(2026, 12, 31))
    goals = [
        save_goal(
            engine, workspace, name="Jangkauan informasi pangan Q4", objective="awareness",
            metric="reach", target=15_000_000, starts_on=quarter[0], ends_on=quarter[1],
            notes="Jangkauan organik semua akun resmi.",
        ),
        save_goal(
            engine, workspace, name="Keterlibatan Instagram Q4", objective="engagement",
            metric="engagement_rate", target=0.045, starts_on=quarter[0], ends_on=quarter[1],
            channel_ids=[channels["instagram"].id] if "instagram" in channels else [],
            audience_id=audience.id,
        ),
        save_goal(
            engine, workspace, name="Partisipasi warga Q4", objective="participation",
            metric="actions", target=300_000, starts_on=quarter[0], ends_on=quarter[1],
        ),
        save_goal(
            engine, workspace, name="Reputasi: sentimen bersih November", objective="reputation",
            metric="net_sentiment", target=0.0, starts_on=date(2026, 11, 1),
            ends_on=date(2026, 11, 30),
        ),
    ]  # fmt: skip
    existing = {i.title for i in list_items(engine, workspace)}
    for c in CAMPAIGN:
        if c.title in existing:
            continue
        ids = [channels[p].id for p in c.platforms if p in channels]
        item = add_item(
            engine, workspace, title=c.title, content_type=c.content_type, scheduled_at=c.at,
            by=AUTHOR, channel_ids=ids, pillar=c.pillar,
            captions={p: c.caption for p in c.platforms}, goal_id=goals[0].id,
            audience_id=audience.id, owner="Tim Media Sosial",
        )  # fmt: skip
        set_status(engine, workspace, item.id, "review", AUTHOR)
        set_status(engine, workspace, item.id, "approved", APPROVER)
        set_status(engine, workspace, item.id, "scheduled", AUTHOR)
    for title, pillar, content_type, platforms, at, status, caption in UPCOMING:
        if title in existing:
            continue
        item = add_item(
            engine, workspace, title=title, content_type=content_type, scheduled_at=at,
            by=AUTHOR, channel_ids=[channels[p].id for p in platforms if p in channels],
            pillar=pillar, captions={p: caption for p in platforms}, owner="Tim Media Sosial",
        )  # fmt: skip
        steps = {"draft": [], "review": ["review"], "approved": ["review", "approved"],
                 "scheduled": ["review", "approved", "scheduled"]}[status]  # fmt: skip
        for step in steps:
            set_status(engine, workspace, item.id, step, APPROVER if step == "approved" else AUTHOR)
    links = link_published(engine, workspace)
    return DemoOutreachSummary(
        files=len(files),
        imported=imported,
        goals=len(goals),
        plan_items=len(list_items(engine, workspace)),
        new_links=links.new_links,
    )

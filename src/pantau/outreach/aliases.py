"""Column names as the platforms write them, in English and Indonesian, mapped to one key each.

Aliases are grouped by export family because the same Indonesian word means different things
on different platforms: YouTube Studio calls impressions *Tayangan* and views *Penayangan*,
while Meta calls views *Tayangan*. Matching ignores case, repeated spaces and a ``*`` or ``:``
at the end.

``METRIC_RENAMES`` lines up metrics a platform renamed, so old and new files share one name.
"""

from __future__ import annotations

import re

Aliases = dict[str, str]  # normalised header text -> column key


def _family(groups: dict[str, tuple[str, ...]]) -> Aliases:
    return {normalise(name): key for key, names in groups.items() for name in names}


def normalise(header: str) -> str:
    text = header.replace("\ufeff", "").strip().strip('"').lower()
    text = re.sub(r"\s+", " ", text)
    return text.rstrip("*: ").strip()


META = _family(
    {
        "post_id": ("post id", "id postingan", "id post", "id kiriman"),
        "page_id": ("page id", "id halaman"),
        "page_name": ("page name", "nama halaman"),
        "account_id": ("account id", "id akun"),
        "account_username": ("account username", "nama pengguna akun", "username akun"),
        "account_name": ("account name", "nama akun"),
        "title": ("title", "judul"),
        "description": ("description", "deskripsi", "keterangan"),
        "publish_time": ("publish time", "waktu publikasi", "waktu terbit", "waktu dipublikasikan"),
        "permalink": ("permalink", "tautan permanen", "link permanen"),
        "post_type": ("post type", "jenis postingan", "jenis post", "tipe postingan"),
        "views": ("views", "tayangan", "plays", "putaran"),
        "reach": ("reach", "jangkauan", "post reach"),
        "impressions": ("impressions", "impresi", "post impressions"),
        "reactions": ("reactions", "reaksi"),
        "likes": ("likes", "suka", "jumlah suka"),
        "comments": ("comments", "komentar"),
        "shares": ("shares", "dibagikan", "bagikan", "dibagikan ulang"),
        "saves": ("saves", "disimpan", "simpan"),
        "follows": ("follows", "mengikuti", "diikuti", "pengikut baru"),
        "total_clicks": ("total clicks", "total klik"),
        "link_clicks": ("link clicks", "klik tautan"),
        "duration": ("duration (sec)", "durasi (dtk)", "durasi (detik)"),
        "date": ("date", "tanggal"),
        "primary": ("primary", "utama", "nilai"),
        # audience blocks
        "age": ("age", "usia", "umur"),
        "women": ("women", "female", "perempuan", "wanita"),
        "men": ("men", "male", "laki-laki", "pria"),
        "city": ("city", "top cities", "kota", "kota teratas"),
        "country": ("country", "top countries", "negara", "negara teratas"),
        "value": ("value", "percentage", "persentase", "%", "jumlah"),
    }
)
META_PREFIXES = {
    "negative feedback": "negative_feedback",
    "umpan balik negatif": "negative_feedback",
}

X = _family(
    {
        "post_id": ("tweet id", "post id", "id tweet", "id post", "id postingan"),
        "permalink": ("tweet permalink", "post link", "tautan tweet", "tautan post", "permalink"),
        "text": ("tweet text", "post text", "teks tweet", "teks post", "teks postingan"),
        "time": ("time", "waktu"),
        "date": ("date", "tanggal"),
        "impressions": ("impressions", "impresi", "tayangan"),
        "engagements": ("engagements", "engagement", "interaksi", "keterlibatan"),
        "engagement_rate": ("engagement rate", "tingkat interaksi", "tingkat keterlibatan"),
        "reposts": ("retweets", "reposts", "retweet", "repost", "posting ulang"),
        "replies": ("replies", "balasan"),
        "likes": ("likes", "suka"),
        "bookmarks": ("bookmarks", "bookmark", "markah", "markah buku"),
        "sends": ("shares", "dibagikan", "bagikan"),
        "url_clicks": ("url clicks", "klik url", "klik tautan"),
        "profile_clicks": (
            "user profile clicks",
            "profile visits",
            "kunjungan profil",
            "klik profil pengguna",
        ),
        "new_follows": ("new follows", "follows", "pengikut baru", "mengikuti"),
        "unfollows": ("unfollows", "berhenti mengikuti"),
        "detail_expands": ("detail expands", "perluasan detail"),
        "media_views": ("media views", "tayangan media"),
        "video_views": ("video views", "tayangan video"),
    }
)

YOUTUBE = _family(
    {
        "content": ("content", "konten", "video"),
        "video_title": ("video title", "judul video"),
        "publish_time": ("video publish time", "waktu publikasi video", "tanggal publikasi video"),
        "duration": ("duration", "durasi"),
        "views": ("views", "penayangan", "tayangan video"),
        "impressions": ("impressions", "tayangan"),
        "ctr": ("impressions click-through rate (%)", "rasio klik-tayang tayangan (%)"),
        "watch_time_hours": ("watch time (hours)", "waktu tonton (jam)"),
        "subscribers": ("subscribers", "subscriber", "pelanggan"),
        "avg_view_duration": (
            "average view duration",
            "durasi rata-rata dilihat",
            "rata-rata durasi tontonan",
        ),
        "likes": ("likes", "suka", "jumlah suka"),
        "comments": ("comments added", "komentar ditambahkan", "comments", "komentar"),
        "shares": ("shares", "berbagi", "dibagikan"),
        "date": ("date", "tanggal"),
    }
)

TIKTOK = _family(
    {
        "date": ("date", "tanggal"),
        "video_views": ("video views", "tayangan video"),
        "profile_views": ("profile views", "tayangan profil", "kunjungan profil"),
        "likes": ("likes", "suka"),
        "comments": ("comments", "komentar"),
        "shares": ("shares", "dibagikan", "bagikan"),
        "followers": ("followers", "pengikut"),
        "follower_change": (
            "difference in followers from previous day",
            "selisih pengikut dari hari sebelumnya",
            "perubahan pengikut",
        ),
        "hour": ("hour", "jam"),
        "active_followers": ("active followers", "pengikut aktif"),
        "gender": ("gender", "jenis kelamin"),
        "distribution": ("distribution", "distribusi", "persentase"),
        "territory": ("top territories", "territory", "territories", "wilayah teratas", "wilayah"),
        "video_title": ("video title", "judul video"),
        "video_link": ("video link", "tautan video"),
        "post_time": ("post time", "waktu posting", "waktu unggah", "diposting"),
        "total_likes": ("total likes", "total suka"),
        "total_comments": ("total comments", "total komentar"),
        "total_shares": ("total shares", "total dibagikan"),
        "total_views": ("total views", "total tayangan"),
    }
)

# (platform, metric as the file names it) -> the metric's current name in Pantau.
METRIC_RENAMES: dict[tuple[str, str], str] = {
    # Meta replaced impressions and plays with "views" (2024-2025).
    ("facebook", "impressions"): "views",
    ("instagram", "impressions"): "views",
    ("instagram", "plays"): "views",
    ("facebook", "video_views"): "views",
    # Follower counts go by several names.
    ("facebook", "follows"): "new_followers",
    ("instagram", "follows"): "new_followers",
    ("x", "new_follows"): "new_followers",
    ("youtube", "subscribers"): "follower_change",
    ("tiktok", "video_views"): "views",
    # Each platform's own words for the shared post metrics.
    ("x", "replies"): "comments",
    ("x", "reposts"): "shares",
    ("x", "bookmarks"): "saves",
    ("x", "url_clicks"): "clicks",
    ("tiktok", "total_views"): "views",
    ("tiktok", "total_likes"): "likes",
    ("tiktok", "total_comments"): "comments",
    ("tiktok", "total_shares"): "shares",
}


def metric_name(platform: str, metric: str) -> str:
    return METRIC_RENAMES.get((platform, metric), metric)


# Meta daily files name their metric in a line above the header.
DAILY_METRIC_TITLES: dict[str, str] = {
    "reach": "reach",
    "jangkauan": "reach",
    "views": "views",
    "tayangan": "views",
    "impressions": "views",
    "impresi": "views",
    "follows": "new_followers",
    "new follows": "new_followers",
    "pengikut baru": "new_followers",
    "diikuti": "new_followers",
    "unfollows": "unfollows",
    "berhenti mengikuti": "unfollows",
    "followers": "followers",
    "pengikut": "followers",
    "visits": "profile_visits",
    "profile visits": "profile_visits",
    "kunjungan": "profile_visits",
    "kunjungan profil": "profile_visits",
    "link clicks": "clicks",
    "klik tautan": "clicks",
    "interactions": "engagements",
    "content interactions": "engagements",
    "interaksi": "engagements",
    "interaksi konten": "engagements",
}
_TITLE_NOISE = re.compile(
    r"\b(facebook|instagram|page|halaman|profile|profil|total|daily|harian|ig|fb)\b"
)


def daily_metric_from_title(title: str) -> str | None:
    text = re.sub(r"\s+", " ", _TITLE_NOISE.sub(" ", normalise(title))).strip()
    return DAILY_METRIC_TITLES.get(text)


def platform_from_title(title: str) -> str | None:
    text = title.lower()
    if "instagram" in text:
        return "instagram"
    if "facebook" in text:
        return "facebook"
    return None


POST_FORMATS: dict[str, str] = {
    "reel": "reel",
    "reels": "reel",
    "ig reel": "reel",
    "video": "video",
    "videos": "video",
    "ig video": "video",
    "live": "live",
    "photo": "image",
    "photos": "image",
    "image": "image",
    "ig image": "image",
    "foto": "image",
    "gambar": "image",
    "carousel": "carousel",
    "ig carousel": "carousel",
    "carousel_album": "carousel",
    "album": "carousel",
    "korsel": "carousel",
    "link": "link",
    "links": "link",
    "tautan": "link",
    "text": "text",
    "status": "text",
    "teks": "text",
    "story": "story",
    "ig story": "story",
    "cerita": "story",
    "short": "short",
    "shorts": "short",
}


def post_format(text: str | None) -> str | None:
    """One format name across platforms (reel, video, image, carousel, link, text, story…)."""
    if not text or not text.strip():
        return None
    key = normalise(text)
    return POST_FORMATS.get(key, key.replace(" ", "_")[:64])

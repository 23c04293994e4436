"""Know your audience: each owned account's audience (from the platforms' audience exports)
against a campaign's target audience, and the parts of the target no account reaches.

- An account's *profile* is its newest audience export: shares per age band and gender
  (Meta "Age & gender": keys ``F 25-34``), per gender (TikTok), per city (Meta top cities) and
  per country or territory. Without age or gender data the platform's usual skew
  (``priors.AGE_SKEW``/``GENDER_SKEW``) stands in, and the result says so (``estimated``).
- *Demographic share*: the share of the audience in the target's age bands and genders.
  *Region share*: the share in cities whose name contains one of the target's regions
  (``None`` when the account has no city data, or the target names no region).
- *Coverage* = demographic share × region share (the two are treated as independent, since
  exports never cross them); *people* = coverage × followers when the follower count is known.
- A target *segment* (an age band with a gender, or a region) is a **gap** when no account has
  at least ``GAP_SHARE`` (5%) of its audience in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from sqlalchemy import Connection, Engine

from pantau.errors import NotFoundError, PantauError
from pantau.outreach.priors import AGE_BANDS, AGE_SKEW, GENDER_SKEW
from pantau.records import Workspace
from pantau.store import outreach as store
from pantau.store.outreach_records import Audience, Channel

GAP_SHARE = 0.05
GENDERS = {"F": "perempuan", "M": "laki-laki"}
_GENDER_KEYS = {"female": "F", "male": "M", "f": "F", "m": "M", "women": "F", "men": "M"}


@dataclass
class Profile:
    """An account's audience as shares (each dimension sums to about 1)."""

    age_gender: dict[tuple[str, str], float]  # (gender, band) -> share
    genders: dict[str, float]
    cities: dict[str, float]
    countries: dict[str, float]
    as_of: str | None  # the newest export's date
    estimated: bool  # age/gender from the platform's usual skew


@dataclass
class ChannelFit:
    channel: str
    channel_id: int
    platform: str
    followers: float | None
    demographic_share: float
    region_share: float | None
    coverage: float
    people: float | None
    estimated: bool
    as_of: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class AudienceReport:
    target: Audience
    channels: list[ChannelFit]
    segments: list[dict]  # {"segment", "best_channel", "best_share"}
    gaps: list[str]  # sentences

    def as_dict(self) -> dict:
        return asdict(self)


def _band(text: str) -> str | None:
    text = text.strip().replace("–", "-").replace(" ", "")
    return text if text in AGE_BANDS else None


def check_audience(ages: Sequence[str], genders: Sequence[str]) -> tuple[list[str], list[str]]:
    bands = []
    for a in ages:
        band = _band(a)
        if band is None:
            raise PantauError(f"kelompok usia tidak dikenal: {a!r} (pilih {', '.join(AGE_BANDS)})")
        bands.append(band)
    sexes = []
    for g in genders:
        key = _GENDER_KEYS.get(g.strip().lower(), g.strip().upper())
        if key not in GENDERS:
            raise PantauError(f"jenis kelamin tidak dikenal: {g!r} (pilih F atau M)")
        sexes.append(key)
    return sorted(set(bands), key=AGE_BANDS.index), sorted(set(sexes))


def save_audience(
    engine: Engine,
    workspace: Workspace,
    name: str,
    ages: Sequence[str] = (),
    genders: Sequence[str] = (),
    regions: Sequence[str] = (),
) -> Audience:
    name = (name or "").strip()
    if not name:
        raise PantauError("nama audiens sasaran kosong")
    bands, sexes = check_audience(ages, genders)
    places = sorted({r.strip() for r in regions if r.strip()})
    with engine.begin() as conn:
        return store.save_audience(conn, workspace.id, name[:200], bands, sexes, places)


def list_audiences(engine: Engine, workspace: Workspace) -> list[Audience]:
    with engine.connect() as conn:
        return store.audiences_of(conn, workspace.id)


def find_audience(engine: Engine, workspace: Workspace, ref: str | int) -> Audience:
    for a in list_audiences(engine, workspace):
        if str(a.id) == str(ref).strip() or a.name.lower() == str(ref).strip().lower():
            return a
    raise NotFoundError(
        f"audiens sasaran {ref!r} tidak ditemukan; lihat `pantau outreach audiences`"
    )


def _newest(rows: Sequence[tuple[str, object, float]]) -> tuple[dict[str, float], str | None]:
    if not rows:
        return {}, None
    day = max(r[1] for r in rows)  # type: ignore[type-var]  # days of one export are all dates or all text
    return {k: v for k, d, v in rows if d == day}, str(day)


def profile_of(conn: Connection, workspace_id: int, channel: Channel) -> Profile:
    def read(dimension: str) -> tuple[dict[str, float], str | None]:
        return _newest(store.audience_values(conn, workspace_id, channel.id, dimension))

    raw_ag, day_ag = read("age_gender")
    raw_g, day_g = read("gender")
    cities, day_c = read("city")
    countries, day_n = read("country")
    if not countries:
        countries, day_n = read("territory")
    age_gender: dict[tuple[str, str], float] = {}
    for key, value in raw_ag.items():
        sex, _, band = key.partition(" ")
        band_ok = _band(band)
        if sex in GENDERS and band_ok:
            age_gender[(sex, band_ok)] = age_gender.get((sex, band_ok), 0.0) + value
    genders: dict[str, float] = {}
    for key, value in raw_g.items():
        gender = _GENDER_KEYS.get(key.lower())
        if gender:
            genders[gender] = genders.get(gender, 0.0) + value
    if age_gender and not genders:
        for (sex, _), value in age_gender.items():
            genders[sex] = genders.get(sex, 0.0) + value
    estimated = False
    if not age_gender:
        estimated = True
        skew_g = genders or GENDER_SKEW.get(channel.platform, {"F": 0.5, "M": 0.5})
        total_g = sum(skew_g.values()) or 1.0
        ages = AGE_SKEW.get(channel.platform, AGE_SKEW["facebook"])
        age_gender = {
            (sex, band): skew_g.get(sex, 0.0) / total_g * share
            for sex in GENDERS
            for band, share in ages.items()
        }
        genders = genders or dict(skew_g)
    days = [d for d in (day_ag, day_g, day_c, day_n) if d]
    return Profile(age_gender, genders, cities, countries, max(days) if days else None, estimated)


def demographic_share(profile: Profile, target: Audience) -> float:
    total = sum(profile.age_gender.values()) or 1.0
    chosen = sum(
        v
        for (sex, band), v in profile.age_gender.items()
        if (not target.genders or sex in target.genders)
        and (not target.ages or band in target.ages)
    )
    return chosen / total


def _in_region(city: str, regions: Sequence[str]) -> bool:
    name = city.lower()
    return any(r.lower() in name for r in regions)


def region_share(profile: Profile, target: Audience) -> float | None:
    if not target.regions or not profile.cities:
        return None
    return sum(v for k, v in profile.cities.items() if _in_region(k, target.regions))


def channel_fit(
    profile: Profile,
    channel: Channel,
    target: Audience,
    followers: float | None,
    region_fallback: float | None = None,
) -> ChannelFit:
    """``region_fallback``: the region share assumed for an account without city data (the
    mean of the accounts that have it), so accounts stay comparable."""
    demo = demographic_share(profile, target)
    region = region_share(profile, target)
    assumed = region if region is not None else region_fallback
    coverage = demo * (assumed if assumed is not None else 1.0)
    notes = []
    estimated = profile.estimated
    if profile.estimated:
        notes.append(
            "usia/jenis kelamin diperkirakan dari pola umum platform (ekspor audiens belum ada)"
        )
    if target.regions and region is None:
        estimated = estimated or region_fallback is not None
        notes.append(
            "sebaran kota belum ada; wilayah sasaran diperkirakan dari rata-rata akun lain"
            if region_fallback is not None
            else "sebaran kota belum ada; wilayah sasaran tidak dihitung"
        )
    elif region is not None:
        notes.append("kota teratas saja yang diekspor platform: bagian wilayah bisa lebih besar")
    return ChannelFit(
        channel=channel.label,
        channel_id=channel.id,
        platform=channel.platform,
        followers=followers,
        demographic_share=demo,
        region_share=region,
        coverage=coverage,
        people=coverage * followers if followers else None,
        estimated=estimated,
        as_of=profile.as_of,
        notes=notes,
    )


def region_fallback(target: Audience, profiles: Sequence[Profile]) -> float | None:
    known = [s for p in profiles if (s := region_share(p, target)) is not None]
    return sum(known) / len(known) if known else None


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".", ",")


def _segment_label(sex: str | None, band: str | None) -> str:
    parts = []
    if band:
        parts.append(f"usia {band}")
    if sex:
        parts.append(GENDERS[sex])
    return " ".join(parts) or "semua usia"


def audience_report(
    engine: Engine,
    workspace: Workspace,
    target: Audience,
    channels: Sequence[Channel] | None = None,
) -> AudienceReport:
    """Each account's reach into ``target`` and the segments no account reaches."""
    with engine.connect() as conn:
        chosen = list(channels) if channels is not None else store.find_channels(conn, workspace.id)
        followers = store.latest_followers(conn, workspace.id)
        profiles = [(ch, profile_of(conn, workspace.id, ch)) for ch in chosen]
    fallback = region_fallback(target, [p for _, p in profiles])
    fits = [
        channel_fit(p, ch, target, followers.get(ch.id, (None, None))[0], fallback)
        for ch, p in profiles
    ]
    fits.sort(key=lambda f: (-(f.people or 0), -f.coverage, f.channel))
    segments: list[dict] = []
    gaps: list[str] = []
    sexes: list[str | None] = list(target.genders) or [None]
    bands: list[str | None] = list(target.ages) or [None]
    for sex in sexes:
        for band in bands:
            if sex is None and band is None:
                continue
            one = Audience(0, "", (band,) if band else (), (sex,) if sex else (), ())
            best = max(
                ((ch, demographic_share(p, one), p.estimated) for ch, p in profiles),
                key=lambda t: t[1],
                default=None,
            )
            label = _segment_label(sex, band)
            segments.append(
                {
                    "segment": label,
                    "best_channel": best[0].label if best else None,
                    "best_share": best[1] if best else 0.0,
                    "estimated": best[2] if best else True,
                }
            )
            if best is None or best[1] < GAP_SHARE:
                gaps.append(
                    f"{label}: tidak ada akun yang audiensnya ≥ {GAP_SHARE * 100:.0f}% dari "
                    "segmen ini"
                    + (f" (tertinggi {best[0].label}, {_pct(best[1])})" if best else "")
                )
    for region in target.regions:
        shares = [
            (ch, sum(v for k, v in p.cities.items() if _in_region(k, [region])))
            for ch, p in profiles
            if p.cities
        ]
        best_r = max(shares, key=lambda t: t[1], default=None)
        segments.append(
            {
                "segment": f"wilayah {region}",
                "best_channel": best_r[0].label if best_r else None,
                "best_share": best_r[1] if best_r else 0.0,
                "estimated": best_r is None,
            }
        )
        if best_r is None:
            gaps.append(f"wilayah {region}: belum ada data kota audiens untuk menilainya")
        elif best_r[1] < GAP_SHARE:
            gaps.append(
                f"wilayah {region}: tidak ada akun yang audiensnya ≥ {GAP_SHARE * 100:.0f}% di "
                f"wilayah ini (tertinggi {best_r[0].label}, {_pct(best_r[1])})"
            )
    return AudienceReport(target, fits, segments, gaps)

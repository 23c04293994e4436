"""Platform-wide starting points for "best time to post", used when an account's own history
is thin. They are written by the Pantau team from general knowledge of Indonesian audiences
(commute and office-start mornings, lunch, the evening peak after *maghrib*, Friday prayers
around midday, quieter weekends on X and Facebook, busier weekends on YouTube and TikTok).
They are *not* measured research: each account's own posts replace them as history grows.

Values are relative activity (1 = an average hour) in the workspace's local time.
"""

from __future__ import annotations

import math

# hour 0..23, local time
_BASE_HOURS = (
    0.45, 0.30, 0.25, 0.25, 0.35, 0.60, 0.85, 1.05, 1.15, 1.10, 1.05, 1.10,
    1.20, 1.10, 1.00, 1.00, 1.05, 1.05, 1.10, 1.30, 1.35, 1.25, 1.00, 0.70,
)  # fmt: skip
# platform -> {hour: added lift}
_HOUR_TWEAKS: dict[str, dict[int, float]] = {
    "x": {6: 0.10, 7: 0.15, 8: 0.15, 9: 0.10, 22: 0.05},
    "facebook": {},
    "instagram": {12: 0.05, 19: 0.10, 20: 0.10, 21: 0.10, 7: -0.05},
    "tiktok": {7: -0.10, 8: -0.10, 19: 0.15, 20: 0.20, 21: 0.20, 22: 0.15, 23: 0.10},
    "youtube": {7: -0.05, 18: 0.10, 19: 0.10, 20: 0.15, 21: 0.15, 22: 0.10},
}
# Monday..Sunday
_WEEKDAYS: dict[str, tuple[float, ...]] = {
    "default": (1.00, 1.00, 1.00, 1.00, 0.97, 0.92, 0.90),
    "youtube": (0.97, 0.97, 0.97, 0.97, 1.00, 1.05, 1.08),
    "tiktok": (0.98, 0.98, 0.98, 0.98, 1.00, 1.05, 1.05),
}
_FRIDAY_PRAYER = {11: 0.85, 12: 0.85}  # Friday, local time

Grid = list[list[float]]  # [weekday 0=Monday][hour] -> log lift, mean 0


def platform_prior(platform: str) -> Grid:
    """The project's default log-lift grid for a platform (unknown platforms get the base)."""
    tweaks = _HOUR_TWEAKS.get(platform, {})
    weekdays = _WEEKDAYS.get(platform, _WEEKDAYS["default"])
    grid = []
    for wd in range(7):
        row = []
        for hour in range(24):
            lift = (_BASE_HOURS[hour] + tweaks.get(hour, 0.0)) * weekdays[wd]
            if wd == 4:
                lift *= _FRIDAY_PRAYER.get(hour, 1.0)
            row.append(math.log(lift))
        grid.append(row)
    return centred(grid)


def centred(grid: Grid) -> Grid:
    mean = sum(sum(row) for row in grid) / (7 * 24)
    return [[v - mean for v in row] for row in grid]


# --- content channeling ---------------------------------------------------------------------
# Starting points for "which platform and format suits this content", written by the Pantau
# team from its own reading of how Indonesian government accounts and their audiences use each
# platform (vertical short video lives on TikTok, Reels and Shorts; long explanations and live
# broadcasts on YouTube and Facebook; threads on X; infographics as carousels on Instagram and
# images on Facebook; press releases as links on Facebook and X). They are reasoned defaults,
# not measured research: ``pantau.outreach.channeling`` blends them with each account's own
# results, which replace them as history grows.

CONTENT_TYPES: dict[str, str] = {
    "infographic": "infografis",
    "short_video": "video pendek",
    "long_video": "video panjang",
    "thread": "utas",
    "photo_story": "cerita foto",
    "press_release": "siaran pers",
    "live": "siaran langsung",
}

# content type -> platform -> (suitability 0..1, platform formats in order of preference; the
# names are the ``post_type`` values the importers store)
CHANNELING: dict[str, dict[str, tuple[float, tuple[str, ...]]]] = {
    "infographic": {
        "instagram": (0.95, ("carousel", "image")),
        "facebook": (0.75, ("image", "carousel")),
        "x": (0.6, ("post",)),
        "tiktok": (0.35, ("video",)),  # as a slideshow video
        "youtube": (0.1, ("short",)),
    },
    "short_video": {
        "tiktok": (0.95, ("video",)),
        "instagram": (0.9, ("reel",)),
        "youtube": (0.7, ("short", "video")),
        "facebook": (0.6, ("reel", "video")),
        "x": (0.45, ("post",)),
    },
    "long_video": {
        "youtube": (0.95, ("video",)),
        "facebook": (0.6, ("video",)),
        "instagram": (0.2, ("video", "reel")),
        "x": (0.2, ("post",)),
        "tiktok": (0.25, ("video",)),
    },
    "thread": {
        "x": (0.95, ("post",)),
        "facebook": (0.45, ("text", "link")),
        "instagram": (0.35, ("carousel",)),
    },
    "photo_story": {
        "instagram": (0.9, ("carousel", "image", "story")),
        "facebook": (0.8, ("image", "carousel")),
        "x": (0.5, ("post",)),
        "tiktok": (0.4, ("video",)),
    },
    "press_release": {
        "facebook": (0.75, ("link", "text")),
        "x": (0.75, ("post",)),
        "instagram": (0.4, ("carousel", "image")),
        "youtube": (0.15, ("video",)),
    },
    "live": {
        "youtube": (0.9, ("live", "video")),
        "facebook": (0.8, ("live", "video")),
        "instagram": (0.55, ("live",)),
        "tiktok": (0.55, ("live",)),
        "x": (0.3, ("post",)),
    },
}

# objective -> platform -> weight (1 = neutral). Awareness favours platforms with wide organic
# reach, engagement and participation those where people reply, share and click, reputation
# those where journalists and opinion leaders read the institution's own words.
OBJECTIVE_FIT: dict[str, dict[str, float]] = {
    "awareness": {"tiktok": 1.25, "instagram": 1.15, "facebook": 1.15, "youtube": 1.0, "x": 0.9},
    "engagement": {"instagram": 1.2, "tiktok": 1.15, "facebook": 1.05, "x": 1.0, "youtube": 0.9},
    "participation": {"facebook": 1.2, "x": 1.1, "instagram": 1.05, "tiktok": 0.95, "youtube": 0.9},
    "reputation": {"x": 1.25, "facebook": 1.1, "youtube": 1.05, "instagram": 1.0, "tiktok": 0.85},
}

AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
# platform -> share of the audience per age band, used when an account has no age data.
# The team's own estimate of the usual skew of Indonesian users (TikTok and Instagram younger,
# Facebook older, YouTube broad); not survey figures.
AGE_SKEW: dict[str, dict[str, float]] = {
    "tiktok": {"13-17": 0.14, "18-24": 0.38, "25-34": 0.28, "35-44": 0.12, "45-54": 0.05,
               "55-64": 0.02, "65+": 0.01},
    "instagram": {"13-17": 0.06, "18-24": 0.36, "25-34": 0.33, "35-44": 0.15, "45-54": 0.06,
                  "55-64": 0.03, "65+": 0.01},
    "x": {"13-17": 0.05, "18-24": 0.33, "25-34": 0.33, "35-44": 0.17, "45-54": 0.08,
          "55-64": 0.03, "65+": 0.01},
    "facebook": {"13-17": 0.03, "18-24": 0.20, "25-34": 0.30, "35-44": 0.22, "45-54": 0.14,
                 "55-64": 0.07, "65+": 0.04},
    "youtube": {"13-17": 0.08, "18-24": 0.26, "25-34": 0.28, "35-44": 0.19, "45-54": 0.11,
                "55-64": 0.05, "65+": 0.03},
}  # fmt: skip
GENDER_SKEW: dict[str, dict[str, float]] = {
    "tiktok": {"F": 0.52, "M": 0.48},
    "instagram": {"F": 0.52, "M": 0.48},
    "x": {"F": 0.38, "M": 0.62},
    "facebook": {"F": 0.45, "M": 0.55},
    "youtube": {"F": 0.46, "M": 0.54},
}

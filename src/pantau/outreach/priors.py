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

"""A tile map of Indonesia: the 38 provinces as equal squares in their approximate places
(column west to east, row north to south). No province shapes ship with Pantau or with the
packages it depends on, so the national page draws this cartogram instead of outlines."""

from __future__ import annotations

from pantau.national.regions import region_name

TILES: dict[str, tuple[int, int]] = {
    "11": (0, 0), "12": (1, 0), "21": (3, 0), "13": (1, 1), "14": (2, 1), "17": (1, 2),
    "15": (2, 2), "19": (3, 2), "16": (2, 3), "18": (2, 4), "36": (3, 4), "31": (4, 3),
    "32": (4, 4), "33": (5, 4), "34": (5, 5), "35": (6, 4), "51": (7, 4), "52": (8, 4),
    "53": (9, 4), "61": (4, 1), "62": (5, 2), "63": (6, 2), "64": (6, 1), "65": (6, 0),
    "75": (8, 1), "71": (9, 1), "72": (8, 2), "76": (7, 2), "73": (7, 3), "74": (8, 3),
    "82": (10, 1), "81": (10, 3), "96": (11, 1), "92": (12, 1), "94": (12, 2), "91": (13, 1),
    "95": (13, 2), "93": (13, 3),
}  # fmt: skip
COLUMNS = 14
ROWS = 6
_SHORT = {
    "Daerah Khusus Ibukota Jakarta": "DKI Jakarta",
    "Daerah Istimewa Yogyakarta": "DI Yogyakarta",
    "Kepulauan Bangka Belitung": "Babel",
}


def short_name(code: str) -> str:
    name = region_name(code)
    return _SHORT.get(name, name)

"""Indonesia's provinces and regencies/cities by their Kemendagri codes (the list the entity
recogniser ships, ``text/data/regions.tsv``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pantau.errors import PantauError
from pantau.text.entities import phrase_key
from pantau.text.resources import data_rows


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # "33" for a province, "33.05" for a regency or city
    kind: str  # provinsi, kabupaten, kota
    name: str

    @property
    def province_code(self) -> str:
        return self.code.split(".", 1)[0]


@cache
def regions() -> dict[str, Region]:
    """Every region by code, in the file's order (provinces before their regencies)."""
    return {code: Region(code, kind, name) for code, kind, name, _ in data_rows("regions.tsv")}


@cache
def _by_name() -> dict[str, Region]:
    found: dict[str, Region] = {}
    for region in regions().values():
        found.setdefault(phrase_key(region.name), region)
        if region.kind != "provinsi":  # "Kebumen" for "Kabupaten Kebumen", the first one wins
            found.setdefault(phrase_key(region.name.split(" ", 1)[1]), region)
    return found


def provinces() -> list[Region]:
    return [r for r in regions().values() if r.kind == "provinsi"]


def find_region(text: str, *, province: bool) -> Region:
    """A province (``province=True``) or a regency/city by Kemendagri code or name."""
    value = text.strip()
    region = regions().get(value) or _by_name().get(phrase_key(value))
    what = "provinsi" if province else "kabupaten/kota"
    if region is None or (region.kind == "provinsi") != province:
        raise PantauError(f"{what} tidak dikenal: {value!r} (kode Kemendagri atau nama)")
    return region


def region_name(code: str | None) -> str:
    region = regions().get(code or "")
    return region.name if region else ""

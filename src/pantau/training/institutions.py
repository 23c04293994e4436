"""The kind of government institution a participant comes from, read from the institution's
name as people write it on a registration form: a ministry (*kementerian*), a national agency
(*lembaga*), a provincial government (*pemprov*) or a regency or city government
(*pemkab/pemkot*); anything else is *lainnya*.

A regional office is placed by its region's level ("Dinas Kominfo Provinsi …" is a provincial
government, "Diskominfo Kabupaten …" a regency's) before the words that name a ministry or an
agency, because regional offices are often called *badan* too ("Badan Kesbangpol Kota …"); a
*badan* whose name says *pusat*, *nasional* or *Indonesia* is a national agency's office in
that region ("Badan Pusat Statistik Kota …").
"""

from __future__ import annotations

import re

KEMENTERIAN = "kementerian"
LEMBAGA = "lembaga"
PEMPROV = "pemprov"
PEMKAB_PEMKOT = "pemkab/pemkot"
LAINNYA = "lainnya"
INSTITUTION_TYPES = (KEMENTERIAN, LEMBAGA, PEMPROV, PEMKAB_PEMKOT, LAINNYA)

_REGIONAL = re.compile(
    r"\b(pemerintah|pem(kab|kot|prov)|dinas|dis\w*kominfo|din\w*kominfo|diskominfo\w*|setda|"
    r"sekretariat daerah|bappeda|bpbd|dprd|biro|bagian)\b"
)
_NATIONAL = re.compile(r"\b(pusat|nasional|indonesia|republik)\b")
_LOCAL = re.compile(r"\b(kabupaten|kab|kota|kotamadya|pemkab|pemkot)\b")
_PROVINCIAL = re.compile(r"\b(provinsi|prov|pemprov)\b")
_MINISTRY = re.compile(r"\b(kementerian|kementrian|kemen\w+|menko\w*)\b")
_AGENCY = re.compile(
    r"\b(badan|lembaga|komisi|otorita|ombudsman|arsip nasional|perpustakaan nasional|"
    r"bank indonesia|bpk|bps|bmkg|bnpb|bpom|brin|bssn|lkpp|lan|bkn|kpu|bawaslu|polri|tni)\b"
)


def _level(text: str) -> str | None:
    """The level of government a region in the name stands for, if any."""
    if _LOCAL.search(text):
        return PEMKAB_PEMKOT
    if _PROVINCIAL.search(text):
        return PEMPROV
    return None


def institution_type(name: str) -> str:
    """One of ``INSTITUTION_TYPES`` for an institution's name."""
    text = " ".join(re.sub(r"[^\w/]+", " ", name.lower()).split())
    level = _level(text)
    regional = _REGIONAL.search(text) or (
        re.search(r"\bbadan\b", text) and not _NATIONAL.search(text)
    )
    if level and regional:
        return level
    if _MINISTRY.search(text):
        return KEMENTERIAN
    if _AGENCY.search(text):
        return LEMBAGA
    return level or LAINNYA

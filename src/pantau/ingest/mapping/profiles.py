"""Mapping profiles: a column mapping with a name, shipped for common tools' exports
(``data/*.yaml``, documented in ``docs/formats/profiles.md``) or saved by a workspace.

A file is recognised as a profile's when it has every column the profile needs (columns
marked ``?`` may be missing); among several, the profile that finds most of its columns wins,
and a workspace's own profile wins a tie.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.ingest.mapping.sample import TableSample
from pantau.ingest.mapping.spec import Mapping, check_date_missing, check_field, parse_source
from pantau.store.import_profiles import delete_profile, list_profiles, save_profile

DATA = Path(__file__).parent / "data"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
FILES = ("table", "json")  # CSV/XLSX tables, or JSON/JSON Lines objects
MIN_COLUMNS = 2  # a profile is recognised by at least this many of its columns


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    mapping: Mapping
    shipped: bool
    files: str | None = None  # None: tables and JSON alike
    tool: str | None = None
    export: str | None = None

    def score(self, sample: TableSample) -> int | None:
        """How many of this profile's columns ``sample``'s file has, or None when it lacks
        one the profile needs (or is the wrong kind of file)."""
        if self.files is not None and (self.files == "json") != sample.nested:
            return None
        found = 0
        for source in self.mapping.fields.values():
            fitting = [
                alt
                for alt in source.alternatives
                if all(p.optional or sample.resolve(p.name) for p in alt)
            ]
            if fitting:
                found += sum(1 for p in fitting[0] if sample.resolve(p.name))
            elif any(not p.optional for alt in source.alternatives for p in alt):
                return None
        return found

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "shipped": self.shipped,
            "files": self.files,
            "tool": self.tool,
            "export": self.export,
            "spec": self.mapping.spec(),
            "mapping": self.mapping.as_dict(),
        }


def mapping_from_yaml(data: dict) -> Mapping:
    fields = {
        check_field(name): parse_source(name, str(text)) for name, text in data["fields"].items()
    }
    return Mapping(
        fields=fields,
        platform=data.get("platform"),
        date_format=data.get("date_format"),
        date_missing=check_date_missing(data.get("date_missing", "reject")),
    )


@cache
def shipped_profiles() -> tuple[Profile, ...]:
    profiles = []
    for path in sorted(DATA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        profiles.append(
            Profile(
                name=path.stem,
                description=data["description"],
                mapping=mapping_from_yaml(data),
                shipped=True,
                files=data["files"],
                tool=data["tool"],
                export=data["export"],
            )
        )
    return tuple(profiles)


def saved_profiles(engine: Engine, workspace_id: int) -> list[Profile]:
    return [
        Profile(
            name=p.name,
            description=p.description or "",
            mapping=Mapping.from_dict(p.mapping),
            shipped=False,
            files=p.mapping.get("files"),
        )
        for p in list_profiles(engine, workspace_id)
    ]


def all_profiles(engine: Engine, workspace_id: int) -> list[Profile]:
    return [*saved_profiles(engine, workspace_id), *shipped_profiles()]


def find_profile(engine: Engine, workspace_id: int, name: str) -> Profile:
    for profile in all_profiles(engine, workspace_id):
        if profile.name == name:
            return profile
    names = ", ".join(p.name for p in all_profiles(engine, workspace_id))
    raise NotFoundError(f"profil pemetaan tidak ada: {name!r} (yang ada: {names})")


def recognise(profiles: list[Profile], sample: TableSample) -> Profile | None:
    """The profile whose columns ``sample``'s file has, if any (see the module's rule)."""
    best, best_key = None, (MIN_COLUMNS - 1, False)
    for profile in profiles:
        score = profile.score(sample)
        if score is not None and (score, not profile.shipped) > best_key:
            best, best_key = profile, (score, not profile.shipped)
    return best


def add_profile(
    engine: Engine,
    workspace_id: int,
    name: str,
    mapping: Mapping,
    description: str | None = None,
    files: str | None = None,
) -> bool:
    """Save ``mapping`` as the workspace's profile ``name``; True when it is new."""
    if not NAME.match(name):
        raise PantauError(
            f"nama profil tidak sah: {name!r} (huruf kecil, angka, - dan _, maks. 64)"
        )
    if any(p.name == name for p in shipped_profiles()):
        raise PantauError(f"nama {name!r} dipakai profil bawaan; pilih nama lain")
    if not mapping.fields:
        raise PantauError("profil tanpa kolom: sebutkan --map field=kolom,…")
    stored = mapping.as_dict() | {"files": files}
    return save_profile(engine, workspace_id, name, stored, description)


def remove_profile(engine: Engine, workspace_id: int, name: str) -> None:
    if any(p.name == name for p in shipped_profiles()):
        raise PantauError(f"profil bawaan tidak bisa dihapus: {name!r}")
    if not delete_profile(engine, workspace_id, name):
        raise NotFoundError(f"profil pemetaan tidak ada: {name!r}")

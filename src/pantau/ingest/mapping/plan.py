"""How one file will be read: as canonical posts, or through which mapping and why.

In order: a file whose columns are canonical (``platform``, ``created_at``) is read as it is
unless a mapping option is given; ``--profile`` names a profile; ``--map`` gives the mapping
(columns named like canonical fields fill the fields it leaves out); a saved or shipped
profile whose columns the file has is used as recognised; columns named like canonical fields
are used when they cover the required fields; otherwise a mapping is proposed from the
header and values, which a person confirms before anything is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.ingest.canonical import FIELDS, RejectRow
from pantau.ingest.formats import FileHead, identify, read_head, table_format
from pantau.ingest.mapping.bind import Binding
from pantau.ingest.mapping.guess import Proposal, propose
from pantau.ingest.mapping.profiles import all_profiles, find_profile, recognise
from pantau.ingest.mapping.sample import TableSample, read_sample
from pantau.ingest.mapping.spec import (
    Mapping,
    Part,
    Source,
    check_date_missing,
    parse_spec,
)
from pantau.records import Workspace

HOW = {
    "kanonik": "kolom kanonik",
    "profil": "profil yang disebut",
    "dikenali": "profil dikenali dari judul kolom",
    "pemetaan": "pemetaan --map",
    "nama-kolom": "kolom bernama seperti field kanonik",
    "tebakan": "usulan dari nama dan isi kolom",
}


@dataclass(frozen=True)
class MapRequest:
    """What the person asked for: a ``--map`` text (or the same fields chosen in a form), a
    profile, and options."""

    spec: str | None = None
    fields: dict[str, Source] | None = None  # the fields of a --map, as a form gives them
    profile: str | None = None
    platform: str | None = None
    date_format: str | None = None
    date_missing: str | None = None

    def given(self) -> bool:
        return any(
            (
                self.spec,
                self.fields,
                self.profile,
                self.platform,
                self.date_format,
                self.date_missing,
            )
        )

    def explicit(self) -> dict[str, Source] | None:
        """The fields named by ``--map`` or the form, if any."""
        return parse_spec(self.spec) if self.spec else self.fields

    def onto(self, mapping: Mapping) -> Mapping:
        """``mapping`` with the fields of ``--map`` and the options given."""
        return mapping.with_options(
            fields=self.explicit(),
            platform=self.platform,
            date_format=self.date_format,
            date_missing=check_date_missing(self.date_missing) if self.date_missing else None,
        )


@dataclass
class ImportPlan:
    path: Path
    format: str
    how: str  # a key of HOW
    mapping: Mapping | None = None  # None: canonical
    profile: str | None = None
    described: list[dict] = field(default_factory=list)  # field, source, example
    proposal: Proposal | None = None
    sample: TableSample | None = None  # the first rows, for a mapped file

    @property
    def needs_confirmation(self) -> bool:
        return self.how == "tebakan"

    def record(self, binding: Binding) -> dict:
        """The mapping as the import run keeps it (provenance)."""
        assert self.mapping is not None
        return self.mapping.as_dict() | {
            "how": self.how,
            "bound": binding.resolved,
            "date_style": binding.date_style(),
        }

    def preview(self, limit: int, collected_at: datetime) -> list[dict | str]:
        """The first ``limit`` sampled rows as the mapping reads them (field -> value), or
        the reason a row would be rejected; empty while the mapping lacks a required field."""
        if self.mapping is None or self.sample is None:
            return []
        try:
            binding = Binding(self.mapping, self.sample, self.path.name)
        except PantauError:
            return []
        rows: list[dict | str] = []
        for row in self.sample.rows[:limit]:
            try:
                rows.append(binding.convert(row, collected_at)[0])
            except RejectRow as exc:
                rows.append(str(exc))
        return rows

    def as_dict(self) -> dict:
        return {
            "file": str(self.path),
            "format": self.format,
            "how": self.how,
            "profile": self.profile,
            "spec": self.mapping.spec() if self.mapping else None,
            "fields": self.described,
            "proposal": self.proposal.as_dict() if self.proposal else None,
        }


def _is_canonical(sample: TableSample) -> bool:
    names = {c.lower() for c in sample.columns}
    return "platform" in names and "created_at" in names


def _same_name(sample: TableSample, taken: dict[str, Source]) -> dict[str, Source]:
    """Fields not in ``taken`` whose name is a column of the file (not one already used)."""
    used = {sample.resolve(c) for source in taken.values() for c in source.columns()}
    fields = {}
    for name in FIELDS:
        column = sample.resolve(name)
        if name not in taken and column is not None and column not in used:
            fields[name] = Source(((Part(column),),))
    return fields


def _bound(
    head: FileHead, sample: TableSample, how: str, mapping: Mapping, profile: str | None = None
) -> ImportPlan:
    binding = Binding(mapping, sample, head.path.name)
    return ImportPlan(
        head.path, sample.format, how, mapping, profile, binding.describe(), sample=sample
    )


def plan_import(
    engine: Engine,
    workspace: Workspace,
    path: Path,
    *,
    fmt: str | None = None,
    request: MapRequest | None = None,
) -> ImportPlan:
    """Decide how ``path`` is read (see the module's order). Errors are one clear line."""
    request = request or MapRequest()
    head = read_head(path)
    try:
        claimed = identify(head, fmt)
    except PantauError:
        if fmt:
            raise
        claimed = None
    if claimed is not None and claimed.read_table is None:
        if request.given():
            raise PantauError(
                f"format {claimed.name} tidak bisa dipetakan; pemetaan kolom untuk CSV, XLSX, "
                "JSON dan JSON Lines"
            )
        return ImportPlan(path, claimed.name, "kanonik")
    table = claimed or table_format(head)
    if table is None:
        identify(head, None)  # raises the usual "not recognised" error
        raise AssertionError("unreachable")
    sample = read_sample(table, path, head.encoding)
    if not request.given() and (not sample.rows or _is_canonical(sample)):
        return ImportPlan(path, table.name, "kanonik")
    if request.profile:
        named = find_profile(engine, workspace.id, request.profile)
        try:
            return _bound(head, sample, "profil", request.onto(named.mapping), profile=named.name)
        except PantauError as exc:
            raise PantauError(f"berkas tidak cocok dengan profil {named.name}: {exc}") from None
    explicit = request.explicit()
    if explicit:
        mapping = request.onto(Mapping(fields=_same_name(sample, explicit)))
        return _bound(head, sample, "pemetaan", mapping)
    profile = recognise(all_profiles(engine, workspace.id), sample)
    if profile is not None:
        return _bound(head, sample, "dikenali", request.onto(profile.mapping), profile=profile.name)
    same = _same_name(sample, {})
    if same:
        try:
            return _bound(head, sample, "nama-kolom", request.onto(Mapping(fields=same)))
        except PantauError:
            pass  # not enough canonical names: propose a mapping instead
    proposal = propose(
        sample, path.name, platform=request.platform, date_missing=request.date_missing or "reject"
    )
    mapping = request.onto(proposal.mapping)
    proposal.mapping = mapping
    described = Binding(mapping, sample, path.name).describe() if proposal.ready else []
    return ImportPlan(path, sample.format, "tebakan", mapping, None, described, proposal, sample)

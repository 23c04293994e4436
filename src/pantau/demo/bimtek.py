"""The demo's bimtek: a hybrid technical-guidance day for the social-media managers of
invented government institutions, with a pre-test in the morning, two sessions with check-in,
a post-test in the afternoon, winners per mode and certificates.

Participants, their institutions and every answer are generated from the demo's seed, so the
same seed gives the same people, the same scores and the same winners. They reach the event
the way a real organiser's data does: a participants CSV and a question bank file through the
importers, check-ins with the session code, and each test sent once through ``submit``.

How the answers come about: each participant has an ability (slightly higher on average for
those in the room and for national institutions) and a learning rate (higher on site, lower for
whoever missed the session that teaches a question); the chance of answering a question right
follows a logistic curve of ability (plus, in the post-test, what was learnt) minus the
question's difficulty, with a floor for guessing. Wrong answers favour each question's most
tempting wrong option. A few people join too late for the pre-test and a few more, mostly
online and mostly those who missed the afternoon, leave before the post-test.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

import orjson
from sqlalchemy import Engine

from pantau.demo import vocab
from pantau.demo.bimtek_bank import BANK, DemoQuestion
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training import create_event, import_participants, import_questions, submit, winners
from pantau.training.attendance import add_session, check_in, list_sessions, set_checkin_open
from pantau.training.documents import export_workbook, write_certificates
from pantau.training.events import TrainingEvent, list_events
from pantau.training.imports import CODE_ALPHABET
from pantau.training.institutions import (
    KEMENTERIAN,
    LEMBAGA,
    PEMKAB_PEMKOT,
    PEMPROV,
    institution_type,
)
from pantau.training.links import event_settings, update_settings

EVENT_TITLE = "Bimtek Pengelola Media Sosial Instansi Pemerintah"
EVENT_DAY = date(2026, 11, 19)  # the Thursday of the demo week
VENUE = "Aula Sapta Pesona, Kementerian Pangan Nusantara, Jakarta, dan daring"
ONSITE, ONLINE = 45, 400
SESSIONS = (
    "Sesi 1 — Monitoring isu dan agenda setting",
    "Sesi 2 — Optimasi diseminasi: tujuan, kanal dan khalayak",
)
WORKBOOK = "bimtek-hasil.xlsx"
CERTIFICATES = "bimtek-sertifikat-contoh.pdf"
_ZONE = ZoneInfo("Asia/Jakarta")

_MINISTRIES = (
    ("Kementerian Pangan Nusantara", "kemenpantara.go.id"),
    ("Kementerian Niaga Nusantara", "kemenniaga.go.id"),
    ("Kementerian Maritim Nusantara", "kemenmaritim-nusantara.go.id"),
    ("Kementerian Kesehatan Masyarakat Nusantara", "kemenkesmas.go.id"),
    ("Kementerian Desa Mandiri Nusantara", "kemendesma.go.id"),
    ("Kementerian Energi Hijau Nusantara", "kemenergihijau.go.id"),
    ("Kementerian Pariwisata Bahari Nusantara", "kemenparibah.go.id"),
    ("Kementerian Tenaga Kerja Terampil Nusantara", "kemennakertram.go.id"),
)
_AGENCIES = (
    ("Badan Cadangan Pangan Nusantara", "bacapantara.go.id"),
    ("Badan Meteorologi Pesisir Nusantara", "bmpn.go.id"),
    ("Badan Penanggulangan Bencana Nusantara", "bpbn.go.id"),
    ("Badan Riset Pertanian Nusantara", "briptan.go.id"),
    ("Komisi Informasi Publik Nusantara", "kipn.go.id"),
    ("Lembaga Sertifikasi Mutu Pangan Nusantara", "lsmpn.go.id"),
    ("Otorita Kawasan Pesisir Timur", "okpt.go.id"),
)
_PROVINCES = (
    ("Dinas Komunikasi dan Informatika Provinsi {}", "Nusa Lestari"),
    ("Biro Hubungan Masyarakat Setda Provinsi {}", "Tanjung Permai"),
    ("Diskominfo Provinsi {}", "Sagara Jaya"),
    ("Dinas Kominfo dan Persandian Provinsi {}", "Kepulauan Mutiara"),
    ("Pemerintah Provinsi {}", "Lembah Sentosa"),
    ("Diskominfotik Provinsi {}", "Gunung Mulia"),
    ("Dinas Komunikasi, Informatika dan Statistik Provinsi {}", "Pesisir Harapan"),
    ("Biro Administrasi Pimpinan Setda Provinsi {}", "Tirta Kencana"),
)
_LOCAL_FORMS = (
    "Dinas Komunikasi dan Informatika {}",
    "Diskominfo {}",
    "Bagian Protokol dan Komunikasi Pimpinan Setda {}",
    "Pemerintah {}",
    "Dinas Kominfo {}",
)
_REGENCIES = (
    "Lembah Hijau", "Sawah Luhur", "Hulu Sejahtera", "Bukit Damai", "Muara Indah",
    "Tanah Subur", "Karang Asri", "Sungai Jernih", "Rawa Makmur", "Ladang Permai", "Wana Asri",
    "Pulau Sentosa", "Padi Kencana", "Batu Bertuah", "Danau Tenang", "Sumber Rejeki",
)  # fmt: skip
_CITIES = (
    "Tirta Jaya", "Bandar Permata", "Cahaya Timur", "Puncak Harapan", "Teluk Biru",
    "Sinar Pagi", "Kencana Raya", "Pelita Baru", "Mutiara Barat",
)  # fmt: skip
_TITLES = ("S.I.Kom.", "S.Kom.", "S.Sos.", "M.Si.", "S.E.", "M.I.Kom.", "S.H.", "A.Md.")
_ABILITY = {KEMENTERIAN: 0.15, LEMBAGA: 0.1, PEMPROV: 0.0, PEMKAB_PEMKOT: -0.1}
# weights of an institution for people in the room and online, by kind (the host is heavier)
_WEIGHTS = {KEMENTERIAN: (3.0, 3.0), LEMBAGA: (2.0, 3.0), PEMPROV: (1.0, 6.0)}
_LOCAL_WEIGHTS = (0.3, 9.0)


@dataclass(frozen=True)
class Institution:
    name: str
    domain: str
    onsite_weight: float
    online_weight: float


@dataclass
class DemoParticipant:
    code: str
    name: str
    institution: Institution
    mode: str
    email: str
    ability: float
    learning: float
    sessions: tuple[bool, bool]
    takes_pre: bool
    takes_post: bool


@dataclass
class DemoBimtek:
    event: TrainingEvent
    participants: int
    files: list[Path]
    winners: dict[str, list[str]]  # mode → names of the post-test winners


def institutions() -> list[Institution]:
    """The invented institutions whose staff attend, with how often they come."""
    out = []
    for i, (name, domain) in enumerate(_MINISTRIES):
        onsite, online = _WEIGHTS[KEMENTERIAN]
        host = 3.0 if i == 0 else 1.0
        out.append(Institution(name, domain, onsite * host, online))
    for name, domain in _AGENCIES:
        out.append(Institution(name, domain, *_WEIGHTS[LEMBAGA]))
    for form, region in _PROVINCES:
        domain = region.lower().replace(" ", "") + "prov.go.id"
        out.append(Institution(form.format(region), domain, *_WEIGHTS[PEMPROV]))
    places = [("Kabupaten", r) for r in _REGENCIES] + [("Kota", c) for c in _CITIES]
    for i, (kind, place) in enumerate(places):
        domain = place.lower().replace(" ", "") + ("kab" if kind == "Kabupaten" else "kota")
        name = _LOCAL_FORMS[i % len(_LOCAL_FORMS)].format(f"{kind} {place}")
        out.append(Institution(name, domain + ".go.id", *_LOCAL_WEIGHTS))
    return out


def _code(rng: Random, taken: set[str], length: int) -> str:
    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(length))
        if code not in taken:
            taken.add(code)
            return code


def _name(rng: Random, taken: set[str]) -> tuple[str, str]:
    """A full name (sometimes with an academic title) and the plain name for the email."""
    while True:
        first = rng.choice(vocab.FIRST_NAMES)
        last = rng.choice(vocab.LAST_NAMES)
        middle = rng.choice(vocab.FIRST_NAMES) if rng.random() < 0.25 else first
        plain = " ".join(dict.fromkeys((first, middle, last)))
        if plain not in taken:
            taken.add(plain)
            break
    title = f", {rng.choice(_TITLES)}" if rng.random() < 0.35 else ""
    return plain + title, plain


def demo_participants(seed: int) -> list[DemoParticipant]:
    """The 45 people in the room and the 400 online, in registration order."""
    rng = Random(f"bimtek:{seed}")
    places = institutions()
    names: set[str] = set()
    codes: set[str] = set()
    people = []
    for mode, count in (("onsite", ONSITE), ("online", ONLINE)):
        weights = [p.onsite_weight if mode == "onsite" else p.online_weight for p in places]
        for inst in rng.choices(places, weights=weights, k=count):
            name, plain = _name(rng, names)
            kind = institution_type(inst.name)
            onsite = mode == "onsite"
            ability = rng.gauss(0.2 if onsite else 0.0, 0.55 if onsite else 0.65)
            first_session = rng.random() < (0.98 if onsite else 0.9)
            second_session = rng.random() < ((0.95 if onsite else 0.85) if first_session else 0.5)
            leaves = (0.02 if onsite else 0.04) if second_session else 0.35
            words = plain.lower().split()
            email_name = f"{words[0]}.{words[-1]}"
            people.append(
                DemoParticipant(
                    code=_code(rng, codes, 6),
                    name=name,
                    institution=inst,
                    mode=mode,
                    email=f"{email_name}{rng.randrange(1, 100)}@{inst.domain}",
                    ability=ability + _ABILITY.get(kind, 0.0),
                    learning=(1.1 if onsite else 1.0) * math.exp(rng.gauss(0, 0.3)),
                    sessions=(first_session, second_session),
                    takes_pre=onsite or rng.random() > 0.012,
                    takes_post=rng.random() > leaves,
                )
            )
    return people


def _chance(q: DemoQuestion, p: DemoParticipant, after: bool) -> float:
    learnt = 0.0
    if after:
        present = p.sessions[q.session - 1]
        learnt = p.learning * q.learning * (1.0 if present else 0.35)
    floor = 0.05 if "," in q.key else 0.2  # guessing all the right options is rarer
    return floor + (1 - floor) / (1 + math.exp(-1.4 * (p.ability + learnt - q.difficulty)))


def _answer(rng: Random, q: DemoQuestion, p: DemoParticipant, after: bool) -> list[int]:
    """The options one participant chooses for one question."""
    key = [ord(k) - 65 for k in q.key.split(",")]
    lure = ord(q.lure) - 65
    if rng.random() < (0.015 if p.mode == "onsite" else 0.025):
        return []  # left blank
    if rng.random() < _chance(q, p, after):
        return key
    if len(key) > 1:  # half right, or the lure added to the right ones
        return rng.choice([[key[0]], [key[1]], sorted([*key, lure])])
    others = [i for i in range(len(q.options)) if i not in key and i != lure]
    return [lure if rng.random() < 0.55 else rng.choice(others)]


def _at(day: date, hour: int, minute: float) -> datetime:
    """A local (WIB) time on the event day as naive UTC."""
    local = datetime.combine(day, time(hour)) + timedelta(minutes=minute)
    return local.replace(tzinfo=_ZONE).astimezone(UTC).replace(tzinfo=None)


def _people_file(folder: Path, people: list[DemoParticipant]) -> Path:
    path = folder / "peserta-bimtek.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["nama", "instansi", "email", "mode", "kode"])
        for p in people:
            mode = "luring" if p.mode == "onsite" else "daring"
            out.writerow([p.name, p.institution.name, p.email, mode, p.code])
    return path


def _bank_file(folder: Path) -> Path:
    path = folder / "soal-bimtek.json"
    rows = [
        {
            "tes": test,
            "pertanyaan": q.text,
            "opsi": list(q.options),
            "jawaban": q.key,
            "penjelasan": q.explanation,
        }
        for test in ("pre", "post")
        for q in BANK
    ]
    path.write_bytes(orjson.dumps(rows, option=orjson.OPT_INDENT_2))
    return path


def _event(engine: Engine, workspace: Workspace) -> TrainingEvent:
    for ev in list_events(engine, workspace):
        if ev.title == EVENT_TITLE:
            return ev
    return create_event(
        engine,
        workspace,
        EVENT_TITLE,
        EVENT_DAY,
        venue=VENUE,
        pre_opens_at=_at(EVENT_DAY, 8, 30),
        pre_closes_at=_at(EVENT_DAY, 9, 15),
        post_opens_at=_at(EVENT_DAY, 15, 0),
        post_closes_at=_at(EVENT_DAY, 15, 45),
    )


def _check_ins(
    engine: Engine, workspace: Workspace, event_id: int, rng: Random, people: list[DemoParticipant]
) -> None:
    """Everyone present checks in with the session's code: the first session from 07.40 (in
    the room) or 08.00 (online), the second after lunch. The first session closes after."""
    ids = {p.code: p.id for p in _participant_rows(engine, workspace, event_id)}
    sessions = {s.title: s for s in list_sessions(engine, workspace, event_id)}
    for n, title in enumerate(SESSIONS):
        session = sessions.get(title) or add_session(
            engine, workspace, event_id, title, checkin_code=_code(rng, set(), 5)
        )
        if not session.checkin_open:
            continue  # checked in and closed on an earlier run
        for p in people:
            start, spread = ((7, 40), 65) if n == 0 else ((12, 45), 45)
            if p.mode == "online" and n == 0:
                start, spread = (8, 0), 80
            at = _at(EVENT_DAY, start[0], start[1] + rng.uniform(0, spread))
            if p.sessions[n]:
                check_in(engine, workspace, event_id, ids[p.code], session.checkin_code, at)
        if n == 0:
            set_checkin_open(engine, workspace, event_id, session.id, False)


def _participant_rows(engine: Engine, workspace: Workspace, event_id: int) -> list:
    with engine.connect() as conn:
        return list(store.participants(conn, workspace.id, event_id))


def _submissions(
    engine: Engine,
    workspace: Workspace,
    event: TrainingEvent,
    rng: Random,
    people: list[DemoParticipant],
) -> None:
    """Each test sent once, within its window and the 20-minute limit."""
    with engine.connect() as conn:
        done = {(s.participant_id, s.test) for s in store.submissions(conn, workspace.id, event.id)}
    ids = {p.code: p.id for p in _participant_rows(engine, workspace, event.id)}
    for test, hour, minute in (("pre", 8, 30), ("post", 15, 0)):
        after = test == "post"
        for p in people:
            answers = {
                i: _answer(rng, q, p, after) for i, q in enumerate(BANK, start=1)
            }  # drawn for everyone, so that who sends does not shift the others' answers
            started = rng.uniform(0, 14 if after else 16)
            took = min(20.0, max(5.0, rng.gauss(12.5 if after else 14.0, 3.0)))
            sends = p.takes_post if after else p.takes_pre
            if not sends or (ids[p.code], test) in done:
                continue
            at = _at(EVENT_DAY, hour, minute + started + took)
            submit(engine, workspace, event.id, p.code, test, answers, at, event)


def seed_demo_bimtek(
    engine: Engine,
    workspace: Workspace,
    folder: Path,
    seed: int,
    *,
    step: Callable[[str], None] = lambda _msg: None,
) -> TrainingEvent:
    """Create the demo event with its people, questions, attendance and answers; running it
    again adds only what is missing."""
    people = demo_participants(seed)
    folder.mkdir(parents=True, exist_ok=True)
    event = _event(engine, workspace)
    rng = Random(f"bimtek-codes:{seed}")
    event_settings(engine, workspace, event.id, code=_code(rng, set(), 6))
    update_settings(engine, workspace, event.id, pre_minutes=20, post_minutes=20, review_open=True)
    rejects = folder / "rejects"
    people_file = _people_file(folder, people)
    import_participants(engine, workspace, event.id, people_file, rejects_dir=rejects)
    import_questions(engine, workspace, event.id, _bank_file(folder), rejects_dir=rejects)
    step("Bimtek demo: presensi dua sesi")
    _check_ins(engine, workspace, event.id, rng, people)
    step("Bimtek demo: jawaban pre-test dan post-test")
    _submissions(engine, workspace, event, Random(f"bimtek-answers:{seed}"), people)
    return event


def write_demo_bimtek(
    engine: Engine, workspace: Workspace, event: TrainingEvent, out_dir: Path
) -> DemoBimtek:
    """The results workbook (all sheets) and the certificates of the post-test winners of
    both modes, dated the end of the event day."""
    board = winners(engine, workspace, event.id)
    workbook = out_dir / WORKBOOK
    export_workbook(engine, workspace, event.id, workbook)
    certificates = out_dir / CERTIFICATES
    codes = [w.code for mode in ("onsite", "online") for w in board[mode]]
    write_certificates(
        engine,
        workspace,
        event.id,
        certificates,
        codes=codes,
        issued_at=_at(EVENT_DAY, 16, 30),
    )
    return DemoBimtek(
        event=event,
        participants=len(_participant_rows(engine, workspace, event.id)),
        files=[workbook, certificates],
        winners={mode: [w.name for w in ranked] for mode, ranked in board.items()},
    )

"""Import participants (CSV/XLSX) and question banks (CSV/XLSX/JSON) for a training event.

Column names may be Indonesian or English. Participants are keyed by their contact (email or
phone, lower case) or, without one, by name and institution, so importing a file again changes
nothing and keeps everyone's participant code. A question bank replaces the questions of each
test it contains, as long as nobody has submitted that test yet. Unusable rows go to a rejects
CSV with their line and reason.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Container
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.io.rejects import Reject, RejectsWriter
from pantau.io.tabular import ImportSummary, cell_text, pick, read_rows
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training.events import TEST_LABELS, TESTS, get_event

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PARTICIPANT_CODE = re.compile(r"[A-Z0-9-]{3,16}")
CODE_LENGTH = 6

_PARTICIPANT_ALIASES = {
    "name": ("nama", "name", "nama_lengkap", "nama_peserta", "peserta"),
    "institution": ("instansi", "institution", "lembaga", "asal_instansi", "organisasi", "unit"),
    "email": ("email", "e-mail", "surel", "alamat_email"),
    "phone": ("telepon", "phone", "hp", "no_hp", "nomor_hp", "telp", "whatsapp", "wa", "kontak"),
    "mode": ("mode", "moda", "kehadiran", "jenis_kehadiran", "jenis_peserta", "mode_kehadiran"),
    "code": ("kode", "code", "kode_peserta"),
}
_MODES = {
    "onsite": "onsite",
    "on-site": "onsite",
    "on site": "onsite",
    "luring": "onsite",
    "offline": "onsite",
    "tatap muka": "onsite",
    "langsung": "onsite",
    "hadir": "onsite",
    "online": "online",
    "daring": "online",
    "virtual": "online",
    "zoom": "online",
    "live": "online",
    "streaming": "online",
}
_QUESTION_ALIASES = {
    "test": ("tes", "test", "jenis_tes", "ujian"),
    "text": ("pertanyaan", "soal", "question", "text", "teks"),
    "correct": ("jawaban", "kunci", "kunci_jawaban", "jawaban_benar", "correct", "answer"),
    "explanation": ("penjelasan", "pembahasan", "explanation"),
    "options": ("opsi", "pilihan", "options"),
}
_OPTION_COLUMN = re.compile(r"^(?:opsi|pilihan|option|jawaban)?_?([a-h]|[1-8])$")
_TEST_NAMES = {
    "pre": "pre",
    "pretest": "pre",
    "pre-test": "pre",
    "post": "post",
    "posttest": "post",
    "post-test": "post",
}


def _rejects(rejects_dir: Path, kind: str, event_id: int, path: Path) -> RejectsWriter:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return RejectsWriter(rejects_dir / f"bimtek-{event_id}-{kind}-{stamp}-{path.name}.rejects.csv")


def normalise_mode(value: str) -> str | None:
    return _MODES.get(re.sub(r"[\s_]+", " ", value.strip().lower()))


def person_key(name: str, institution: str, contact: str | None) -> str:
    if contact:
        return contact.lower()
    return f"{' '.join(name.lower().split())}|{' '.join(institution.lower().split())}"


def import_participants(
    engine: Engine, workspace: Workspace, event_id: int, path: Path, *, rejects_dir: Path
) -> ImportSummary:
    """Register participants from CSV or XLSX (nama, instansi, email/telepon, mode)."""
    get_event(engine, workspace, event_id)
    rejects = _rejects(rejects_dir, "peserta", event_id, path)
    read = new = updated = unchanged = 0
    seen: dict[str, int] = {}
    try:
        with engine.begin() as conn:
            existing = {r.person_key: r for r in store.participants(conn, workspace.id, event_id)}
            codes = {r.code: r.person_key for r in existing.values()}
            for line, obj, raw in read_rows(path):
                read += 1
                name = cell_text(pick(obj, _PARTICIPANT_ALIASES["name"]))
                institution = cell_text(pick(obj, _PARTICIPANT_ALIASES["institution"]))
                email = cell_text(pick(obj, _PARTICIPANT_ALIASES["email"]))
                phone = cell_text(pick(obj, _PARTICIPANT_ALIASES["phone"]))
                mode_raw = cell_text(pick(obj, _PARTICIPANT_ALIASES["mode"]))
                code = cell_text(pick(obj, _PARTICIPANT_ALIASES["code"])).upper() or None
                reason = None
                mode = normalise_mode(mode_raw)
                if not name:
                    reason = "nama peserta kosong"
                elif not institution:
                    reason = "instansi kosong"
                elif email and not EMAIL.fullmatch(email):
                    reason = f"alamat email tidak sah: {email!r}"
                elif mode is None:
                    reason = (
                        f"mode kehadiran tidak dikenal: {mode_raw!r} "
                        "(isi onsite/luring atau online/daring)"
                    )
                elif code and not PARTICIPANT_CODE.fullmatch(code):
                    reason = f"kode peserta tidak sah: {code!r} (3–16 huruf/angka)"
                contact = email or phone or None
                key = person_key(name, institution, contact)
                if reason is None and key in seen:
                    reason = f"peserta ganda dalam berkas (sama dengan baris {seen[key]})"
                if reason is None and code and codes.get(code, key) != key:
                    reason = f"kode peserta {code} sudah dipakai peserta lain"
                if reason:
                    rejects.write(Reject(line, reason, raw))
                    continue
                seen[key] = line
                values = {
                    "name": name,
                    "institution": institution,
                    "contact": contact,
                    "mode": mode,
                }
                old = existing.get(key)
                if old is None:
                    code = code or new_code(codes)
                    codes[code] = key
                    store.insert_participant(
                        conn,
                        workspace.id,
                        event_id,
                        dict(
                            values,
                            code=code,
                            person_key=key,
                            created_at=datetime.now(UTC).replace(tzinfo=None),
                        ),
                    )
                    new += 1
                    continue
                if code and code != old.code:
                    codes.pop(old.code, None)
                    codes[code] = key
                    values["code"] = code
                if all(getattr(old, k) == v for k, v in values.items()):
                    unchanged += 1
                else:
                    store.update_participant(conn, old.id, values)
                    updated += 1
    finally:
        rejects_path = rejects.close()
    return ImportSummary(str(path), read, new, updated, unchanged, rejects.count, rejects_path)


def new_code(taken: Container[str], length: int = CODE_LENGTH) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
        if code not in taken:
            return code


def parse_key(value: object, n_options: int) -> list[int]:
    """Correct answers as 0-based indexes from "A", "A,C", "1;3" or a JSON list of these."""
    items = value if isinstance(value, list) else re.split(r"[,;/\s]+", str(value).strip())
    out: set[int] = set()
    for item in items:
        s = str(item).strip().upper()
        if not s:
            continue
        if len(s) == 1 and "A" <= s <= "H":
            idx = ord(s) - ord("A")
        elif s.isdigit():
            idx = int(s) - 1  # numbers are 1-based, as people count options
        else:
            raise ValueError(f"kunci jawaban tidak dikenal: {s!r} (pakai huruf A–H atau nomor)")
        if not 0 <= idx < n_options:
            raise ValueError(f"kunci jawaban {s} di luar pilihan yang ada ({n_options} opsi)")
        out.add(idx)
    if not out:
        raise ValueError("kunci jawaban kosong")
    return sorted(out)


def _question(obj: dict, default_test: str | None) -> tuple[str, dict]:
    test_raw = cell_text(pick(obj, _QUESTION_ALIASES["test"])).lower().replace(" ", "")
    test = _TEST_NAMES.get(test_raw) if test_raw else default_test
    if test is None:
        raise ValueError(
            f"jenis tes tidak dikenal: {test_raw!r} (isi kolom tes dengan pre atau post)"
            if test_raw
            else "kolom tes kosong (isi pre atau post, atau pilih --test)"
        )
    text = cell_text(pick(obj, _QUESTION_ALIASES["text"]))
    if not text:
        raise ValueError("teks pertanyaan kosong")
    listed = pick(obj, _QUESTION_ALIASES["options"])
    if isinstance(listed, list):
        options = [cell_text(o) for o in listed]
    else:
        cols = sorted((m.group(1), v) for k, v in obj.items() if (m := _OPTION_COLUMN.match(k)))
        options = [cell_text(v) for _, v in cols]
        while options and not options[-1]:
            options.pop()
    if len(options) < 2 or any(not o for o in options):
        raise ValueError("pertanyaan harus punya sedikitnya dua opsi jawaban tanpa celah")
    correct = pick(obj, _QUESTION_ALIASES["correct"])
    if correct is None:
        raise ValueError("kunci jawaban kosong")
    explanation = cell_text(pick(obj, _QUESTION_ALIASES["explanation"])) or None
    return test, {
        "text": text,
        "options": options,
        "correct": parse_key(correct, len(options)),
        "explanation": explanation,
    }


def import_questions(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    path: Path,
    *,
    rejects_dir: Path,
    test: str | None = None,
) -> ImportSummary:
    """Load the question bank of the pre-test and/or post-test from CSV, XLSX or JSON.

    Columns: tes (pre/post), pertanyaan, opsi_a … opsi_h (or a JSON list ``options``), jawaban
    (one or more letters or 1-based numbers: "B" or "A,C"), penjelasan.
    """
    if test is not None and test not in TESTS:
        raise PantauError(f"jenis tes tidak dikenal: {test!r} (pilih pre atau post)")
    get_event(engine, workspace, event_id)
    rejects = _rejects(rejects_dir, "soal", event_id, path)
    banks: dict[str, list[dict]] = {}
    read = 0
    try:
        for line, obj, raw in read_rows(path, allow_json=True):
            read += 1
            try:
                t, q = _question(obj, test)
            except ValueError as exc:
                rejects.write(Reject(line, str(exc), raw))
                continue
            bank = banks.setdefault(t, [])
            bank.append(dict(q, position=len(bank) + 1))
    finally:
        rejects_path = rejects.close()
    new = updated = unchanged = 0
    with engine.begin() as conn:
        for t, bank in banks.items():
            old = [
                {
                    "position": r.position,
                    "text": r.text,
                    "options": r.options,
                    "correct": r.correct,
                    "explanation": r.explanation,
                }
                for r in store.questions(conn, workspace.id, event_id, t)
            ]
            if old == bank:
                unchanged += len(bank)
                continue
            if store.count_submissions(conn, workspace.id, event_id, t):
                raise PantauError(
                    f"soal {TEST_LABELS[t]} tidak dapat diganti: sudah ada peserta yang "
                    "mengirim jawaban"
                )
            store.replace_questions(conn, workspace.id, event_id, t, bank)
            if old:
                updated += len(bank)
            else:
                new += len(bank)
    return ImportSummary(str(path), read, new, updated, unchanged, rejects.count, rejects_path)

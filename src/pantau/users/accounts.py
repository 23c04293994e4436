"""Accounts: who may sign in, with which role in which workspace, for how long.

Passwords are hashed with argon2id; sessions and API tokens are random secrets of which
only a SHA-256 is stored; failed logins are counted per email and per address in the
database, so a lock-out survives a restart. Every change is written to the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine
from zxcvbn import zxcvbn

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store import users as store
from pantau.store.users import ApiToken, AuditEntry, User
from pantau.store.workspaces import list_workspaces

ROLES = ("viewer", "analyst", "admin")  # ascending rights
MIN_PASSWORD = 10
MIN_STRENGTH = 3  # zxcvbn score 0-4: 3 is "safely unguessable" for an online attack
TOKEN_SCOPES = ("read", "write")
INVITATION_DAYS = 7
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Policy:
    """Login throttling and session length."""

    max_failures: int = 5  # per email from one address, then that pair is locked
    max_failures_per_address: int = 30  # per client address, then locked
    max_failures_per_email: int = 50  # per email from anywhere, then locked but for known
    window: timedelta = timedelta(minutes=15)  # addresses (where the person signed in)
    lock: timedelta = timedelta(minutes=15)
    session: timedelta = timedelta(hours=12)


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked_until: datetime | None = None  # naive UTC


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def role_rank(role: str | None) -> int:
    return ROLES.index(role) if role in ROLES else -1


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise PantauError(f"peran tidak dikenal: {role!r} (pilih {', '.join(ROLES)})")
    return role


def _check_password(password: str, user_inputs: tuple[str, ...] = ()) -> None:
    """At least ``MIN_PASSWORD`` characters and not easy to guess: common passwords, keyboard
    patterns, repeats, dates and words from the person's own email or name are refused
    (zxcvbn's estimate below ``MIN_STRENGTH`` of 4)."""
    if len(password) < MIN_PASSWORD:
        raise PantauError(f"kata sandi terlalu pendek (minimal {MIN_PASSWORD} karakter)")
    inputs = [part for text in user_inputs for part in re.split(r"[@.\s_-]+", text) if part]
    if zxcvbn(password[:100], user_inputs=inputs)["score"] < MIN_STRENGTH:
        raise PantauError(
            "kata sandi terlalu mudah ditebak (kata umum, pola papan ketik, pengulangan, tanggal "
            "atau nama sendiri); pakai beberapa kata yang tidak berhubungan"
        )


def normalize_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not _EMAIL.match(cleaned) or len(cleaned) > 320:
        raise PantauError(f"alamat email tidak sah: {email!r}")
    return cleaned


def audit(
    conn: Connection,
    workspace_id: int | None,
    actor: str | None,
    action: str,
    target: str | None,
    details: dict | None = None,
) -> None:
    store.add_audit(conn, workspace_id, actor, action, target, details, now_utc())


# --- users and roles ------------------------------------------------------------------------


def create_user(
    engine: Engine,
    email: str,
    name: str,
    password: str,
    role: str,
    workspace: Workspace | None = None,
    *,
    coordinator: bool = False,
    actor: str = "cli",
) -> User:
    """A new account: ``role`` in ``workspace``, or in every workspace for a coordinator."""
    email = normalize_email(email)
    name = " ".join(name.split()) or email
    _check_role(role)
    _check_password(password, (email, name))
    if not coordinator and workspace is None:
        raise PantauError("beri workspace (--workspace) atau jadikan koordinator (--coordinator)")
    hashed = _hasher.hash(password)
    with engine.begin() as conn:
        if store.user_by_email(conn, email):
            raise PantauError(f"pengguna {email} sudah ada")
        now = now_utc()
        user_id = store.insert_user(conn, email, name, hashed, role if coordinator else None, now)
        if workspace is not None and not coordinator:
            store.set_member(conn, workspace.id, user_id, role, now)
        where = workspace.id if workspace is not None and not coordinator else None
        audit(conn, where, actor, "user.create", email, {"role": role, "coordinator": coordinator})
        return store.user_by_id(conn, user_id)  # type: ignore[return-value]  # the row was inserted in this transaction


def get_user(engine: Engine, email: str) -> User:
    with engine.connect() as conn:
        user = store.user_by_email(conn, normalize_email(email))
    if user is None:
        raise NotFoundError(f"pengguna {email} tidak ditemukan")
    return user


def list_users(engine: Engine) -> list[tuple[User, dict[str, str]]]:
    """Every account with its roles by workspace slug (``*`` for a coordinator's role)."""
    slugs = {w.id: w.slug for w in list_workspaces(engine)}
    with engine.connect() as conn:
        out = []
        for user in store.all_users(conn):
            roles = {slugs[ws]: role for ws, role in store.roles_of(conn, user.id).items()}
            if user.global_role:
                roles["*"] = user.global_role
            out.append((user, roles))
    return out


def set_member_role(
    engine: Engine, workspace: Workspace, email: str, role: str, actor: str
) -> User:
    _check_role(role)
    user = get_user(engine, email)
    with engine.begin() as conn:
        store.set_member(conn, workspace.id, user.id, role, now_utc())
        audit(conn, workspace.id, actor, "member.role", user.email, {"role": role})
    return user


def remove_member(engine: Engine, workspace: Workspace, user_id: int, actor: str) -> None:
    with engine.begin() as conn:
        user = store.user_by_id(conn, user_id)
        if user is None or not store.remove_member(conn, workspace.id, user_id):
            raise NotFoundError("anggota tidak ditemukan")
        audit(conn, workspace.id, actor, "member.remove", user.email)


def members(engine: Engine, workspace: Workspace) -> list[tuple[User, str]]:
    with engine.connect() as conn:
        return store.members_of(conn, workspace.id)


def role_in(conn: Connection, user: User, workspace_id: int) -> str | None:
    """The user's role in a workspace: the higher of membership and coordinator role."""
    member = store.roles_of(conn, user.id).get(workspace_id)
    best = max((member, user.global_role), key=role_rank)
    return best if role_rank(best) >= 0 else None


def visible_workspaces(engine: Engine, user: User) -> list[tuple[Workspace, str]]:
    everything = list_workspaces(engine)
    with engine.connect() as conn:
        roles = store.roles_of(conn, user.id)
    out = []
    for ws in everything:
        best = max((roles.get(ws.id), user.global_role), key=role_rank)
        if best is not None and role_rank(best) >= 0:
            out.append((ws, best))
    return out


# --- passwords ------------------------------------------------------------------------------


def set_password(
    engine: Engine, user: User, password: str, actor: str, keep_session: str | None = None
) -> None:
    """Store a new password, end the user's other sessions and revoke their API tokens (a
    password changed after a leak must not leave a token from the same leak working)."""
    _check_password(password, (user.email, user.name))
    hashed = _hasher.hash(password)
    with engine.begin() as conn:
        now = now_utc()
        store.update_user(conn, user.id, {"password_hash": hashed, "password_changed_at": now})
        store.delete_sessions_of(conn, user.id, keep=keep_session)
        revoked = store.revoke_tokens_of(conn, user.id, now)
        audit(conn, None, actor, "user.password", user.email, {"tokens_revoked": revoked})


def set_active(engine: Engine, user: User, active: bool, actor: str) -> None:
    """Let a person sign in again, or not at all: a deactivated account's sessions end at
    once and its API tokens stop working (they are kept, so activating brings them back)."""
    with engine.begin() as conn:
        store.update_user(conn, user.id, {"active": active})
        if not active:
            store.delete_sessions_of(conn, user.id)
        audit(conn, None, actor, "user.activate" if active else "user.deactivate", user.email)


def change_password(
    engine: Engine,
    user: User,
    current: str,
    new: str,
    keep_session: str | None,
    policy: Policy = Policy(),
) -> None:
    """A person's own change: the current password must be right, and wrong guesses are
    throttled like logins (a stolen session must not become a way to guess it)."""
    key, now = f"change:{user.id}", now_utc()
    right = False
    with engine.begin() as conn:  # the failure is committed before it is reported
        locked = _locked_until(conn, key, now)
        if locked is None:
            stored = store.password_hash_of(conn, user.id)
            right = bool(stored) and _verify(stored or "", current)
            if right:
                store.clear_throttle(conn, key)
            else:
                locked = _record_failure(conn, key, policy.max_failures, policy, now)
    if locked is not None:
        raise PantauError(f"terlalu banyak percobaan; coba lagi setelah {locked:%H.%M} UTC")
    if not right:
        raise PantauError("kata sandi sekarang salah")
    set_password(engine, user, new, actor=user.email, keep_session=keep_session)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    """A hash to verify against for unknown emails, so timing does not reveal accounts."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(_hasher.hash(secrets.token_urlsafe(16)))
    return _DUMMY_HASH[0]


# --- login throttling -----------------------------------------------------------------------


def _locked_until(conn: Connection, key: str, now: datetime) -> datetime | None:
    state = store.throttle_state(conn, key)
    if state and state[2] and state[2] > now:
        return state[2]
    return None


def _record_failure(
    conn: Connection, key: str, limit: int, policy: Policy, now: datetime
) -> datetime | None:
    state = store.throttle_state(conn, key)
    if state is None or now - state[1] > policy.window:
        failures, start = 1, now
    else:
        failures, start = state[0] + 1, state[1]
    locked = now + policy.lock if failures >= limit else None
    store.save_throttle(conn, key, 0 if locked else failures, now if locked else start, locked)
    return locked


def authenticate(
    engine: Engine, email: str, password: str, address: str, policy: Policy = Policy()
) -> LoginResult:
    """Check a login. A failure counts against the email from this address (locked after
    ``max_failures``: nobody elsewhere can lock a person out with five wrong passwords),
    against the address, and against the email from anywhere (a slower limit, which a correct
    password from an address the person signed in from before still passes). Locked keys are
    refused before the password is looked at; success clears the pair's count and remembers
    the address."""
    email = email.strip().lower()[:320]
    pair_key = f"pair:{email}|{address}"[:400]
    email_key, address_key = f"email:{email}", f"ip:{address}"[:400]
    known_key = f"known:{email}|{address}"[:400]
    now = now_utc()
    with engine.connect() as conn:
        locks = [_locked_until(conn, k, now) for k in (pair_key, address_key)]
        email_lock = _locked_until(conn, email_key, now)
        if email_lock and store.throttle_state(conn, known_key) is None:
            locks.append(email_lock)
        if any(locks):
            return LoginResult(None, max(lock for lock in locks if lock))
        user = store.user_by_email(conn, email)
        stored = store.password_hash_of(conn, user.id) if user else None
    # hashing takes tens of milliseconds of CPU: no connection is held meanwhile, so a burst
    # of logins does not empty the pool
    ok = _verify(stored or _dummy_hash(), password) and user is not None and user.active
    rehashed = _hasher.hash(password) if ok and _hasher.check_needs_rehash(stored or "") else None
    with engine.begin() as conn:
        if not ok:
            locks = [
                _record_failure(conn, pair_key, policy.max_failures, policy, now),
                _record_failure(conn, address_key, policy.max_failures_per_address, policy, now),
                _record_failure(conn, email_key, policy.max_failures_per_email, policy, now),
            ]
            found = [lock for lock in locks[:2] if lock]  # the email-wide lock is not told
            return LoginResult(None, max(found) if found else None)
        store.clear_throttle(conn, pair_key)
        store.save_throttle(conn, known_key, 0, now, None)
        if rehashed is not None:
            store.update_user(conn, user.id, {"password_hash": rehashed})  # type: ignore[union-attr]  # a user that passed the check exists
        return LoginResult(user)


# --- sessions -------------------------------------------------------------------------------


class CookieSigner:
    """``value.signature`` with HMAC-SHA256 under the server's secret key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _signature(self, value: str) -> str:
        digest = hmac.new(self._key, value.encode(), hashlib.sha256).digest()
        return urlsafe_b64encode(digest).rstrip(b"=").decode()

    def sign(self, value: str) -> str:
        return f"{value}.{self._signature(value)}"

    def unsign(self, signed: str) -> str | None:
        value, _, signature = signed.rpartition(".")
        if value and hmac.compare_digest(signature, self._signature(value)):
            return value
        return None


def load_secret_key(data_dir: Path) -> bytes:
    """``PANTAU_SECRET_KEY``, or a random key kept in ``<data dir>/web-secret.key`` (0600).
    Several servers over one database must share the key through the environment."""
    from_env = os.environ.get("PANTAU_SECRET_KEY")
    if from_env:
        return from_env.encode()
    path = data_dir / "web-secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str
    id: str  # stored id (hash), not the cookie secret


def start_session(engine: Engine, user: User, policy: Policy = Policy()) -> tuple[str, Session]:
    """A new session: (the secret for the cookie, the session)."""
    secret = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = now_utc()
    with engine.begin() as conn:
        store.delete_expired_sessions(conn, now)
        store.insert_session(conn, _sha256(secret), user.id, csrf, now, now + policy.session)
    return secret, Session(user, csrf, _sha256(secret))


def find_session(engine: Engine, secret: str) -> Session | None:
    session_id = _sha256(secret)
    with engine.connect() as conn:
        found = store.session_user(conn, session_id, now_utc())
    return Session(found[0], found[1], session_id) if found else None


def end_session(engine: Engine, session: Session) -> None:
    with engine.begin() as conn:
        store.delete_session(conn, session.id)


# --- API tokens -----------------------------------------------------------------------------

TOKEN_PREFIX = "pantau_"


def create_token(
    engine: Engine,
    user: User,
    name: str,
    actor: str,
    *,
    scope: str = "write",
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user``: (the stored token, the full secret — shown once). ``scope``:
    ``read`` (GET requests only) or ``write``; ``days``: it expires after that many days."""
    if scope not in TOKEN_SCOPES:
        raise PantauError(f"cakupan token tidak dikenal: {scope!r} (pilih read atau write)")
    if days is not None and not 1 <= days <= 3650:
        raise PantauError("masa berlaku token 1 sampai 3650 hari")
    name = " ".join(name.split())[:200] or "token"
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    now = now_utc()
    expires = now + timedelta(days=days) if days else None
    with engine.begin() as conn:
        store.insert_token(conn, token_id, user.id, name, _sha256(secret), now, expires, scope)
        details = {"user": user.email, "scope": scope, "days": days}
        audit(conn, None, actor, "token.create", f"{token_id} ({name})", details)
        token = next(t for t in store.tokens_of(conn, user.id) if t.id == token_id)
    return token, f"{TOKEN_PREFIX}{token_id}_{secret}"


def token_user(engine: Engine, bearer: str) -> tuple[User, str] | None:
    """The active user a live (not revoked, not expired) token belongs to, and its scope."""
    if not bearer.startswith(TOKEN_PREFIX):
        return None
    token_id, _, secret = bearer[len(TOKEN_PREFIX) :].partition("_")
    now = now_utc()
    with engine.connect() as conn:
        found = store.token_secret(conn, token_id[:16], now)
    if found is None or not hmac.compare_digest(found[1], _sha256(secret)):
        return None
    with engine.begin() as conn:
        store.touch_token(conn, token_id, now)
        user = store.user_by_id(conn, found[0])
    return (user, found[2]) if user and user.active else None


def user_for_token(engine: Engine, bearer: str) -> User | None:
    found = token_user(engine, bearer)
    return found[0] if found else None


def tokens(engine: Engine, user: User | None = None) -> list[ApiToken]:
    with engine.connect() as conn:
        return store.tokens_of(conn, user.id if user else None)


def revoke_token(engine: Engine, token_id: str, actor: str, user: User | None = None) -> None:
    """Revoke a token (only the user's own when ``user`` is given)."""
    with engine.begin() as conn:
        if not store.revoke_token(conn, token_id, now_utc(), user.id if user else None):
            raise NotFoundError(f"token {token_id} tidak ditemukan atau sudah dicabut")
        audit(conn, None, actor, "token.revoke", token_id)


def audit_entries(engine: Engine, workspace: Workspace | None, limit: int = 50) -> list[AuditEntry]:
    with engine.connect() as conn:
        return store.audit_entries(conn, workspace.id if workspace else None, limit)


# --- invitations ----------------------------------------------------------------------------


def invite(
    engine: Engine, workspace: Workspace, email: str, role: str, actor: str
) -> tuple[store.Invitation, str]:
    """An invitation to ``workspace`` with ``role`` for ``email``: (the invitation, the secret
    of its link — shown once). Whether the email has an account is not told: the answer is
    the same either way, and nobody joins a workspace before accepting."""
    email = normalize_email(email)
    _check_role(role)
    invitation_id, secret = secrets.token_hex(8), secrets.token_urlsafe(24)
    now = now_utc()
    values = {
        "workspace_id": workspace.id,
        "id": invitation_id,
        "email": email,
        "role": role,
        "secret_hash": _sha256(secret),
        "invited_by": actor,
        "created_at": now,
        "expires_at": now + timedelta(days=INVITATION_DAYS),
    }
    with engine.begin() as conn:
        store.insert_invitation(conn, values)
        audit(conn, workspace.id, actor, "member.invite", email, {"role": role})
        found = store.invitation(conn, invitation_id)
    assert found is not None  # inserted just now
    return found[0], f"{invitation_id}_{secret}"


def open_invitation(engine: Engine, link: str) -> store.Invitation:
    """The invitation a link opens, if it is valid, unused and unexpired."""
    invitation_id, _, secret = link.partition("_")
    with engine.connect() as conn:
        found = store.invitation(conn, invitation_id[:16])
    if (
        found is None
        or not hmac.compare_digest(found[1], _sha256(secret))
        or found[0].accepted_at is not None
        or found[0].expires_at <= now_utc()
    ):
        raise NotFoundError("undangan tidak ditemukan, sudah dipakai atau kedaluwarsa")
    return found[0]


def accept_invitation(
    engine: Engine,
    link: str,
    user: User | None = None,
    *,
    name: str = "",
    password: str = "",
) -> User:
    """Accept an invitation: as the signed-in ``user`` (whose email must be the invited
    one), or by creating the invited account with ``name`` and ``password``."""
    found = open_invitation(engine, link)
    if user is not None and user.email != found.email:
        raise PantauError(f"undangan ini untuk {found.email}; masuk dengan akun itu")
    if user is None:
        _check_password(password, (found.email, name))
    with engine.begin() as conn:
        if not store.accept_invitation(conn, found.id, now_utc()):
            raise NotFoundError("undangan sudah dipakai")
        now = now_utc()
        if user is None:
            if store.user_by_email(conn, found.email):
                raise PantauError("akun dengan email ini sudah ada; masuk dulu lalu buka tautannya")
            user_id = store.insert_user(
                conn,
                found.email,
                " ".join(name.split())[:200] or found.email,
                _hasher.hash(password),
                None,
                now,
            )
            user = store.user_by_id(conn, user_id)
            assert user is not None  # inserted just now
        store.set_member(conn, found.workspace_id, user.id, found.role, now)
        audit(conn, found.workspace_id, user.email, "member.accept", found.email,
              {"role": found.role})  # fmt: skip
    return user


def invitations(engine: Engine, workspace: Workspace) -> list[store.Invitation]:
    with engine.connect() as conn:
        return store.open_invitations(conn, workspace.id, now_utc())


def cancel_invitation(engine: Engine, workspace: Workspace, invitation_id: str, actor: str) -> None:
    with engine.begin() as conn:
        if not store.delete_invitation(conn, workspace.id, invitation_id):
            raise NotFoundError("undangan tidak ditemukan")
        audit(conn, workspace.id, actor, "member.uninvite", invitation_id)

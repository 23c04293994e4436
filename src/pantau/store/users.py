"""Accounts and what hangs off them: users, workspace roles, web sessions, login throttling,
API tokens and the audit log. Only SQL here; the rules (hashing, lock-out policy, who may do
what) live in :mod:`pantau.users.accounts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import orjson
from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, update

from pantau.store.schema import (
    api_tokens,
    audit_log,
    invitations,
    login_throttle,
    users,
    web_sessions,
    workspace_members,
)
from pantau.store.sql import inserted_id


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    name: str
    global_role: str | None  # set for a coordinator: the role in every workspace
    active: bool
    created_at: datetime
    password_changed_at: datetime


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: str
    user_id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None = None
    scope: str = "write"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str | None
    action: str
    target: str | None
    details: dict


_USER_COLUMNS = (
    users.c.id,
    users.c.email,
    users.c.name,
    users.c.global_role,
    users.c.active,
    users.c.created_at,
    users.c.password_changed_at,
)
_TOKEN_COLUMNS = (
    api_tokens.c.id,
    api_tokens.c.user_id,
    api_tokens.c.name,
    api_tokens.c.created_at,
    api_tokens.c.last_used_at,
    api_tokens.c.revoked_at,
    api_tokens.c.expires_at,
    api_tokens.c.scope,
)


# --- users ----------------------------------------------------------------------------------


def insert_user(
    conn: Connection,
    email: str,
    name: str,
    password_hash: str,
    global_role: str | None,
    now: datetime,
) -> int:
    result = conn.execute(
        insert(users).values(
            email=email,
            name=name,
            password_hash=password_hash,
            global_role=global_role,
            active=True,
            created_at=now,
            password_changed_at=now,
        )
    )
    return inserted_id(result)


def user_by_email(conn: Connection, email: str) -> User | None:
    row = conn.execute(select(*_USER_COLUMNS).where(users.c.email == email)).first()
    return User(*row) if row else None


def user_by_id(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(*_USER_COLUMNS).where(users.c.id == user_id)).first()
    return User(*row) if row else None


def password_hash_of(conn: Connection, user_id: int) -> str | None:
    stmt = select(users.c.password_hash).where(users.c.id == user_id)
    return conn.execute(stmt).scalar_one_or_none()


def all_users(conn: Connection) -> list[User]:
    return [User(*r) for r in conn.execute(select(*_USER_COLUMNS).order_by(users.c.email))]


def update_user(conn: Connection, user_id: int, values: dict) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(**values))


# --- workspace roles ------------------------------------------------------------------------


def set_member(conn: Connection, workspace_id: int, user_id: int, role: str, now: datetime) -> None:
    key = (workspace_members.c.workspace_id == workspace_id) & (
        workspace_members.c.user_id == user_id
    )
    if conn.execute(select(workspace_members.c.role).where(key)).first():
        conn.execute(update(workspace_members).where(key).values(role=role))
    else:
        conn.execute(
            insert(workspace_members).values(
                workspace_id=workspace_id, user_id=user_id, role=role, created_at=now
            )
        )


def remove_member(conn: Connection, workspace_id: int, user_id: int) -> bool:
    result = conn.execute(
        delete(workspace_members).where(
            workspace_members.c.workspace_id == workspace_id,
            workspace_members.c.user_id == user_id,
        )
    )
    return result.rowcount > 0


def roles_of(conn: Connection, user_id: int) -> dict[int, str]:
    """Workspace id → role, from the user's memberships (not counting a global role)."""
    stmt = select(workspace_members.c.workspace_id, workspace_members.c.role).where(
        workspace_members.c.user_id == user_id
    )
    return {ws: role for ws, role in conn.execute(stmt)}


def members_of(conn: Connection, workspace_id: int) -> list[tuple[User, str]]:
    stmt = (
        select(*_USER_COLUMNS, workspace_members.c.role)
        .join(workspace_members, workspace_members.c.user_id == users.c.id)
        .where(workspace_members.c.workspace_id == workspace_id)
        .order_by(users.c.email)
    )
    return [(User(*row[:-1]), row[-1]) for row in conn.execute(stmt)]


# --- sessions -------------------------------------------------------------------------------


def insert_session(
    conn: Connection, session_id: str, user_id: int, csrf: str, now: datetime, expires: datetime
) -> None:
    conn.execute(
        insert(web_sessions).values(
            id=session_id, user_id=user_id, csrf_token=csrf, created_at=now, expires_at=expires
        )
    )


def session_user(conn: Connection, session_id: str, now: datetime) -> tuple[User, str] | None:
    """The active user of an unexpired session, and the session's CSRF token."""
    stmt = (
        select(*_USER_COLUMNS, web_sessions.c.csrf_token)
        .join(web_sessions, web_sessions.c.user_id == users.c.id)
        .where(web_sessions.c.id == session_id, web_sessions.c.expires_at > now, users.c.active)
    )
    row = conn.execute(stmt).first()
    return (User(*row[:-1]), row[-1]) if row else None


def delete_session(conn: Connection, session_id: str) -> None:
    conn.execute(delete(web_sessions).where(web_sessions.c.id == session_id))


def delete_sessions_of(conn: Connection, user_id: int, keep: str | None = None) -> None:
    stmt = delete(web_sessions).where(web_sessions.c.user_id == user_id)
    if keep is not None:
        stmt = stmt.where(web_sessions.c.id != keep)
    conn.execute(stmt)


def delete_expired_sessions(conn: Connection, now: datetime) -> None:
    conn.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now))


# --- login throttle -------------------------------------------------------------------------


def throttle_state(conn: Connection, key: str) -> tuple[int, datetime, datetime | None] | None:
    """(failures, window start, locked until) for ``key``, or None when it has no failures."""
    stmt = select(
        login_throttle.c.failures, login_throttle.c.window_start, login_throttle.c.locked_until
    ).where(login_throttle.c.key == key)
    row = conn.execute(stmt).first()
    return (int(row[0]), row[1], row[2]) if row else None


def save_throttle(
    conn: Connection, key: str, failures: int, window_start: datetime, locked_until: datetime | None
) -> None:
    values = {"failures": failures, "window_start": window_start, "locked_until": locked_until}
    found = conn.execute(update(login_throttle).where(login_throttle.c.key == key).values(values))
    if found.rowcount == 0:
        conn.execute(insert(login_throttle).values(key=key, **values))


def clear_throttle(conn: Connection, key: str) -> None:
    conn.execute(delete(login_throttle).where(login_throttle.c.key == key))


# --- API tokens -----------------------------------------------------------------------------


def insert_token(
    conn: Connection,
    token_id: str,
    user_id: int,
    name: str,
    secret_hash: str,
    now: datetime,
    expires_at: datetime | None = None,
    scope: str = "write",
) -> None:
    conn.execute(
        insert(api_tokens).values(
            id=token_id,
            user_id=user_id,
            name=name,
            secret_hash=secret_hash,
            created_at=now,
            expires_at=expires_at,
            scope=scope,
        )
    )


def token_secret(conn: Connection, token_id: str, now: datetime) -> tuple[int, str, str] | None:
    """(user id, secret hash, scope) of a token neither revoked nor expired at ``now``."""
    stmt = select(api_tokens.c.user_id, api_tokens.c.secret_hash, api_tokens.c.scope).where(
        api_tokens.c.id == token_id,
        api_tokens.c.revoked_at.is_(None),
        (api_tokens.c.expires_at.is_(None)) | (api_tokens.c.expires_at > now),
    )
    row = conn.execute(stmt).first()
    return (int(row[0]), row[1], row[2]) if row else None


def revoke_tokens_of(conn: Connection, user_id: int, now: datetime) -> int:
    """Revoke every live token of a user (after a password change)."""
    stmt = (
        update(api_tokens)
        .where(api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return conn.execute(stmt).rowcount


def touch_token(conn: Connection, token_id: str, now: datetime) -> None:
    conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=now))


def tokens_of(conn: Connection, user_id: int | None = None) -> list[ApiToken]:
    stmt = select(*_TOKEN_COLUMNS).order_by(api_tokens.c.created_at, api_tokens.c.id)
    if user_id is not None:
        stmt = stmt.where(api_tokens.c.user_id == user_id)
    return [ApiToken(*row) for row in conn.execute(stmt)]


def revoke_token(
    conn: Connection, token_id: str, now: datetime, user_id: int | None = None
) -> bool:
    stmt = update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
    if user_id is not None:
        stmt = stmt.where(api_tokens.c.user_id == user_id)
    return conn.execute(stmt.values(revoked_at=now)).rowcount > 0


# --- invitations ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Invitation:
    workspace_id: int
    id: str
    email: str
    role: str
    invited_by: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None


_INVITATION_COLUMNS = (
    invitations.c.workspace_id,
    invitations.c.id,
    invitations.c.email,
    invitations.c.role,
    invitations.c.invited_by,
    invitations.c.created_at,
    invitations.c.expires_at,
    invitations.c.accepted_at,
)


def insert_invitation(conn: Connection, values: dict[str, object]) -> None:
    conn.execute(insert(invitations).values(**values))


def invitation(conn: Connection, invitation_id: str) -> tuple[Invitation, str] | None:
    """An invitation and its secret hash."""
    row = conn.execute(
        select(*_INVITATION_COLUMNS, invitations.c.secret_hash).where(
            invitations.c.id == invitation_id
        )
    ).first()
    return (Invitation(*row[:-1]), row[-1]) if row else None


def open_invitations(conn: Connection, workspace_id: int, now: datetime) -> list[Invitation]:
    stmt = (
        select(*_INVITATION_COLUMNS)
        .where(
            invitations.c.workspace_id == workspace_id,
            invitations.c.accepted_at.is_(None),
            invitations.c.expires_at > now,
        )
        .order_by(invitations.c.created_at, invitations.c.id)
    )
    return [Invitation(*row) for row in conn.execute(stmt)]


def accept_invitation(conn: Connection, invitation_id: str, now: datetime) -> bool:
    """Mark an open invitation accepted (once: False when it already was)."""
    stmt = (
        update(invitations)
        .where(invitations.c.id == invitation_id, invitations.c.accepted_at.is_(None))
        .values(accepted_at=now)
    )
    return conn.execute(stmt).rowcount > 0


def delete_invitation(conn: Connection, workspace_id: int, invitation_id: str) -> bool:
    stmt = delete(invitations).where(
        invitations.c.workspace_id == workspace_id, invitations.c.id == invitation_id
    )
    return conn.execute(stmt).rowcount > 0


# --- audit log ------------------------------------------------------------------------------


def add_audit(
    conn: Connection,
    workspace_id: int | None,
    actor: str | None,
    action: str,
    target: str | None,
    details: dict | None,
    now: datetime,
) -> None:
    conn.execute(
        insert(audit_log).values(
            workspace_id=workspace_id,
            at=now,
            actor=actor,
            action=action,
            target=target,
            details=orjson.dumps(details or {}).decode(),
        )
    )


def audit_entries(conn: Connection, workspace_id: int | None, limit: int = 50) -> list[AuditEntry]:
    """The newest entries of a workspace (or, with None, those outside any workspace)."""
    where: ColumnElement[bool]
    if workspace_id is None:
        where = audit_log.c.workspace_id.is_(None)
    else:
        where = audit_log.c.workspace_id == workspace_id
    stmt = (
        select(
            audit_log.c.at,
            audit_log.c.actor,
            audit_log.c.action,
            audit_log.c.target,
            audit_log.c.details,
        )
        .where(where)
        .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
        .limit(limit)
    )
    return [
        AuditEntry(at, actor, action, target, orjson.loads(details) if details else {})
        for at, actor, action, target, details in conn.execute(stmt)
    ]


def count_users(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(users)).scalar_one())


# --- dashboard reads ------------------------------------------------------------------------
# Sentiment per hour for the overview page. It belongs beside the enrichment writer (a future
# store/enrichment.py); it lives here only until that module exists.

"""Accounts against a careless or hostile world: nobody can lock a person out from elsewhere,
guessable passwords are refused, tokens die with a password change and can expire or only
read, wrong current passwords are throttled, and nobody joins a workspace without accepting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.users import accounts

PASSWORD = "rahasia-sekali-123"
POLICY = accounts.Policy(max_failures=3, max_failures_per_address=100, max_failures_per_email=6)


def _user(engine: Engine, workspace: Workspace, email: str = "korban@a.go.id"):  # type: ignore[no-untyped-def]
    return accounts.create_user(engine, email, "Korban", PASSWORD, "analyst", workspace)


def test_an_attacker_locks_only_their_own_address(engine: Engine, workspace: Workspace) -> None:
    _user(engine, workspace)
    for _ in range(3):
        accounts.authenticate(engine, "korban@a.go.id", "tebakan-salah-1", "10.0.0.66", POLICY)
    locked = accounts.authenticate(engine, "korban@a.go.id", PASSWORD, "10.0.0.66", POLICY)
    assert locked.user is None and locked.locked_until is not None
    fine = accounts.authenticate(engine, "korban@a.go.id", PASSWORD, "10.0.0.7", POLICY)
    assert fine.user is not None


def test_many_addresses_lock_the_email_but_not_a_known_address(
    engine: Engine, workspace: Workspace
) -> None:
    _user(engine, workspace)
    assert accounts.authenticate(engine, "korban@a.go.id", PASSWORD, "10.0.0.7", POLICY).user
    for n in range(6):  # a botnet guessing from many addresses
        accounts.authenticate(engine, "korban@a.go.id", "tebakan-salah-2", f"10.9.0.{n}", POLICY)
    stranger = accounts.authenticate(engine, "korban@a.go.id", PASSWORD, "10.8.0.1", POLICY)
    assert stranger.user is None and stranger.locked_until is not None
    known = accounts.authenticate(engine, "korban@a.go.id", PASSWORD, "10.0.0.7", POLICY)
    assert known.user is not None


@pytest.mark.parametrize(
    "weak", ["aaaaaaaaaa", "1234567890", "passwordpassword", "qwertyuiop", "korbankorban"]
)
def test_guessable_passwords_are_refused(engine: Engine, workspace: Workspace, weak: str) -> None:
    with pytest.raises(PantauError, match="mudah ditebak"):
        accounts.create_user(engine, "korban@a.go.id", "Korban", weak, "viewer", workspace)


def test_tokens_end_with_the_password_and_can_expire_or_only_read(
    engine: Engine, workspace: Workspace
) -> None:
    user = _user(engine, workspace)
    _token, secret = accounts.create_token(engine, user, "skrip", "uji")
    _read, reader = accounts.create_token(engine, user, "baca", "uji", scope="read", days=30)
    assert accounts.token_user(engine, reader)[1] == "read"  # type: ignore[index]
    assert accounts.user_for_token(engine, secret) is not None
    accounts.change_password(engine, user, PASSWORD, "kalimat-sandi-yang-baru-77", None)
    assert accounts.user_for_token(engine, secret) is None
    assert accounts.user_for_token(engine, reader) is None
    with pytest.raises(PantauError, match="cakupan"):
        accounts.create_token(engine, user, "x", "uji", scope="admin")
    _short, short = accounts.create_token(engine, user, "singkat", "uji", days=1)
    real_now = accounts.now_utc
    try:
        accounts.now_utc = lambda: real_now() + timedelta(days=2)  # type: ignore[assignment]
        assert accounts.user_for_token(engine, short) is None
    finally:
        accounts.now_utc = real_now  # type: ignore[assignment]


def test_wrong_current_passwords_are_throttled(engine: Engine, workspace: Workspace) -> None:
    user = _user(engine, workspace)
    for _ in range(POLICY.max_failures - 1):
        with pytest.raises(PantauError, match="salah"):
            accounts.change_password(
                engine, user, "bukan-ini", "kalimat-sandi-baru-88", None, POLICY
            )
    with pytest.raises(PantauError, match="terlalu banyak"):
        accounts.change_password(engine, user, "bukan-ini", "kalimat-sandi-baru-88", None, POLICY)
    with pytest.raises(PantauError, match="terlalu banyak"):  # even the right one, for now
        accounts.change_password(engine, user, PASSWORD, "kalimat-sandi-baru-88", None, POLICY)


def test_invitations_need_the_invitee_to_accept(engine: Engine, workspace: Workspace) -> None:
    existing = accounts.create_user(engine, "ada@b.go.id", "Ada", PASSWORD, "viewer", None,
                                    coordinator=True)  # fmt: skip
    _i, link_existing = accounts.invite(engine, workspace, "ada@b.go.id", "analyst", "admin")
    _j, link_new = accounts.invite(engine, workspace, "baru@b.go.id", "viewer", "admin")
    assert len(accounts.invitations(engine, workspace)) == 2
    assert all(u.email != "baru@b.go.id" for u, _r in accounts.members(engine, workspace))
    other = _user(engine, workspace, "lain@a.go.id")
    with pytest.raises(PantauError, match=r"untuk ada@b\.go\.id"):
        accounts.accept_invitation(engine, link_existing, other)
    accounts.accept_invitation(engine, link_existing, existing)
    with pytest.raises(NotFoundError):  # a link works once
        accounts.accept_invitation(engine, link_existing, existing)
    with pytest.raises(PantauError, match="mudah ditebak"):
        accounts.accept_invitation(engine, link_new, name="Baru", password="1234567890")
    made = accounts.accept_invitation(engine, link_new, name="Baru", password="sandi-baru-ku-9876")
    assert made.email == "baru@b.go.id"
    assert {u.email for u, _r in accounts.members(engine, workspace)} >= {"baru@b.go.id"}
    with pytest.raises(NotFoundError):
        accounts.open_invitation(engine, link_new.split("_")[0] + "_tebakan")

"""``pantau serve``, ``pantau user …`` and ``pantau token …``: the web application and its
accounts. Thin: parses, calls ``pantau.users`` or serves ``pantau.web``, prints."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.cli.serve import serve_web
from pantau.errors import PantauError
from pantau.locale import fmt_datetime
from pantau.store.users import user_by_id
from pantau.users.accounts import (
    create_token,
    create_user,
    get_user,
    invite,
    list_users,
    revoke_token,
    set_active,
    set_password,
    tokens,
)

user_app = typer.Typer(help="Akun pengguna aplikasi web.", no_args_is_help=True)
token_app = typer.Typer(help="Token API (/api/v1) untuk otomasi.", no_args_is_help=True)


EmailOpt = Annotated[str, typer.Option("--email", "-e", help="Email akun (dipakai untuk masuk).")]
PasswordOpt = Annotated[
    str | None,
    typer.Option("--password", help="Kata sandi (lebih aman: --password-stdin atau ditanya)."),
]
PasswordStdinOpt = Annotated[
    bool, typer.Option("--password-stdin", help="Baca kata sandi dari baris pertama stdin.")
]


def _password(password: str | None, from_stdin: bool) -> str:
    if password and from_stdin:
        raise PantauError("pilih --password atau --password-stdin, bukan keduanya")
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if password:
        return password
    return typer.prompt("Kata sandi", hide_input=True, confirmation_prompt=True)


def serve(
    host: Annotated[str, typer.Option(help="Alamat yang didengar (0.0.0.0: semua).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(help="Proxy tepercaya untuk X-Forwarded-* (cookie Secure di balik https)."),
    ] = "127.0.0.1",
    workers: Annotated[
        int,
        typer.Option(
            help="Jumlah proses server (mis. satu per inti CPU): permintaan lama tidak "
            "menahan yang lain."
        ),
    ] = 1,
) -> None:
    """Jalankan aplikasi web (dasbor dan REST API /api/v1)."""
    serve_web(host, port, forwarded_allow_ips, workers)


@user_app.command("create")
def user_create(
    email: EmailOpt,
    name: Annotated[str, typer.Option("--name", "-n", help="Nama lengkap.")] = "",
    password: PasswordOpt = None,
    password_stdin: PasswordStdinOpt = False,
    role: Annotated[
        str, typer.Option("--role", "-r", help="admin, analyst atau viewer.")
    ] = "viewer",
    workspace: WorkspaceOpt = None,
    coordinator: Annotated[
        bool, typer.Option("--coordinator", help="Koordinator: peran ini di SEMUA workspace.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Buat akun dengan peran di satu workspace (atau di semua, untuk koordinator)."""
    ws = None if coordinator and not workspace else state.workspace(workspace)
    secret = _password(password, password_stdin)
    user = create_user(
        state.engine(), email, name, secret, role, ws, coordinator=coordinator, actor="cli"
    )
    if json:
        print_json(
            {
                "id": user.id,
                "email": user.email,
                "name": user.name,
                "role": role,
                "workspace": ws.slug if ws and not coordinator else None,
                "coordinator": coordinator,
            }
        )
        return
    where = (
        f"workspace {ws.slug}"
        if ws is not None and not coordinator
        else "semua workspace (koordinator)"
    )
    out.print(f"Akun [bold]{escape(user.email)}[/] dibuat: {role} di {where}.")


@user_app.command("list")
def user_list(json: JsonOpt = False) -> None:
    """Daftar akun beserta perannya."""
    found = list_users(state.engine())
    if json:
        print_json(
            [
                {"email": u.email, "name": u.name, "active": u.active, "roles": roles}
                for u, roles in found
            ]
        )
        return
    table = Table("email", "nama", "peran", "aktif")
    for user, roles in found:
        shown = ", ".join(f"{slug}: {role}" for slug, role in sorted(roles.items()))
        table.add_row(
            escape(user.email), escape(user.name), shown, "ya" if user.active else "tidak"
        )
    out.print(table)


@user_app.command("passwd")
def user_passwd(
    email: EmailOpt, password: PasswordOpt = None, password_stdin: PasswordStdinOpt = False
) -> None:
    """Ganti kata sandi akun (semua sesinya dikeluarkan)."""
    user = get_user(state.engine(), email)
    set_password(state.engine(), user, _password(password, password_stdin), actor="cli")
    out.print(f"Kata sandi {escape(user.email)} diganti; sesi yang ada dikeluarkan.")


@user_app.command("deactivate")
def user_deactivate(email: EmailOpt) -> None:
    """Nonaktifkan akun: tidak bisa masuk, sesinya dikeluarkan, token API-nya berhenti."""
    user = get_user(state.engine(), email)
    set_active(state.engine(), user, False, actor="cli")
    out.print(f"Akun {escape(user.email)} dinonaktifkan; sesinya dikeluarkan.")


@user_app.command("activate")
def user_activate(email: EmailOpt) -> None:
    """Aktifkan kembali akun yang dinonaktifkan."""
    user = get_user(state.engine(), email)
    set_active(state.engine(), user, True, actor="cli")
    out.print(f"Akun {escape(user.email)} aktif kembali.")


@token_app.command("create")
def token_create(
    email: EmailOpt,
    name: Annotated[str, typer.Option("--name", "-n", help="Untuk apa token ini.")] = "cli",
    scope: Annotated[
        str, typer.Option(help="read (hanya membaca) atau write (membaca dan mengubah).")
    ] = "write",
    days: Annotated[
        int | None, typer.Option(help="Kedaluwarsa setelah sekian hari (bawaan: sampai dicabut).")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Buat token API untuk akun; token ditampilkan SEKALI ini saja."""
    user = get_user(state.engine(), email)
    token, secret = create_token(state.engine(), user, name, "cli", scope=scope, days=days)
    if json:
        print_json(
            {
                "id": token.id,
                "name": token.name,
                "scope": token.scope,
                "expires_at": token.expires_at,
                "token": secret,
            }
        )
        return
    out.print(f"Token [bold]{token.id}[/] ({escape(token.name)}) untuk {escape(user.email)}:")
    out.print(secret, markup=False, highlight=False)
    out.print("Simpan sekarang: token tidak bisa ditampilkan lagi.")


@user_app.command("invite")
def user_invite(
    email: EmailOpt,
    workspace: WorkspaceOpt = None,
    role: Annotated[
        str, typer.Option("--role", "-r", help="admin, analyst atau viewer.")
    ] = "viewer",
    json: JsonOpt = False,
) -> None:
    """Undang seseorang ke workspace; ia bergabung setelah membuka tautannya (7 hari)."""
    ws = state.workspace(workspace)
    found, secret = invite(state.engine(), ws, email, role, actor="cli")
    path = f"/undangan/{secret}"
    if json:
        print_json({"id": found.id, "email": found.email, "role": found.role, "path": path,
                    "expires_at": found.expires_at})  # fmt: skip
        return
    out.print(f"Undangan untuk {escape(found.email)} ({found.role}) dibuat. Bagikan tautan ini")
    out.print("(alamat dasbor Anda + jalur berikut), sekali pakai, berlaku 7 hari:")
    out.print(path, markup=False, highlight=False)


@token_app.command("list")
def token_list(json: JsonOpt = False) -> None:
    """Daftar token (tanpa rahasianya)."""
    engine = state.engine()
    found = tokens(engine)
    with engine.connect() as conn:
        emails = {t.user_id: user_by_id(conn, t.user_id).email for t in found}  # type: ignore[union-attr]  # every token belongs to a user (foreign key)
    if json:
        print_json([{**asdict(t), "email": emails[t.user_id]} for t in found])
        return
    table = Table("id", "nama", "akun", "dibuat", "terakhir dipakai", "dicabut")
    for t in found:
        table.add_row(
            t.id,
            escape(t.name),
            escape(emails[t.user_id]),
            fmt_datetime(t.created_at, "Asia/Jakarta"),
            fmt_datetime(t.last_used_at, "Asia/Jakarta") if t.last_used_at else "",
            fmt_datetime(t.revoked_at, "Asia/Jakarta") if t.revoked_at else "",
        )
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="ID token (lihat `token list`).")],
) -> None:
    """Cabut token API."""
    revoke_token(state.engine(), token_id, actor="cli")
    out.print(f"Token {escape(token_id)} dicabut.")

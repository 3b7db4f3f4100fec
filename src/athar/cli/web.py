"""`athar serve` and `athar user`: the web application and its accounts (issue 6)."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import sys

import click

from athar.cli.base import cli, handle_errors, settings_for


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--insecure-cookies",
    is_flag=True,
    help="Send cookies over plain HTTP too (only behind a TLS-terminating proxy you trust on this machine).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (one per core: each answers requests on its own; the database orders their writes).",
)
@click.pass_context
@handle_errors
def serve(ctx: click.Context, host: str, port: int, insecure_cookies: bool, workers: int) -> None:
    """Serve the web application: incidents, dossiers, search, map, timeline, figures and the JSON API.

    Listens on 127.0.0.1 by default. Create the first account with
    `athar user add NAME --role admin`. The API is described at /api/docs.

    Example:

        athar serve --port 8000
    """
    import uvicorn

    from athar.web import create_app

    if not _is_loopback(host):
        click.echo(
            f"warning: listening on {host}: put a TLS proxy in front, or browsers will refuse the secure cookies",
            err=True,
        )
    settings = settings_for(ctx)
    if workers == 1:
        app = create_app(settings, secure_cookies=not insecure_cookies)
        click.echo(f"Athar on http://{host}:{port}/  (workspace {app.state.workspace.root}; Ctrl-C stops)", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
        return
    from athar.web.app import SERVE_SETTINGS, settings_for_workers
    from athar.workspace import Workspace

    Workspace.open(settings, create=True).close()  # created and migrated once, before the processes start
    os.environ[SERVE_SETTINGS] = settings_for_workers(settings, secure_cookies=not insecure_cookies)
    click.echo(f"Athar on http://{host}:{port}/  ({workers} processes; Ctrl-C stops)", err=True)
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "athar.web.app:app_for_worker",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )
    # What uvicorn.run does for several workers, with the listening socket made here (see listening_socket).
    with contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[listening_socket(host, port)]).run()


def listening_socket(host: str, port: int) -> socket.socket:
    """The server's TCP socket, bound, for worker processes to share.

    Made with its protocol named: uvicorn 0.54 binds one whose protocol is left at 0, so asyncio never sets
    TCP_NODELAY on the connections it accepts and every keep-alive response waits ~40 ms for the client's
    delayed ACK (uvicorn issue #3149; measured here: 48 ms for a static file with two processes, 4 with one).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.set_inheritable(True)
    return listener


@cli.group()
def user() -> None:
    """Manage the web application's accounts (admin, analyst, viewer).

    Example:

        athar user add amal --role admin
    """


def _accounts(ctx: click.Context):  # type: ignore[no-untyped-def]
    from pathlib import Path

    from athar.web.auth import Accounts, load_secret
    from athar.workspace import Workspace

    workspace = Workspace.open(settings_for(ctx), create=True)
    return workspace, Accounts(workspace.db.engine, load_secret(Path(workspace.root)))


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "analyst", "viewer"]), required=True, help="What they may do.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (for scripts).")
@click.pass_context
@handle_errors
def user_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Add an account; the password is asked for twice (at least 10 characters) and stored as an argon2 hash.

    Example:

        athar user add amal --role admin
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    workspace, accounts = _accounts(ctx)
    with workspace:
        added = accounts.add_user(name, role, password, created_by=f"cli:{workspace.actor}")
    click.echo(f"added {added.name} ({added.role})")


@user.command("list")
@click.pass_context
@handle_errors
def user_list(ctx: click.Context) -> None:
    """List the accounts and their roles.

    Example:

        athar user list
    """
    workspace, accounts = _accounts(ctx)
    with workspace:
        for u in accounts.users():
            click.echo(f"{u.name:<24} {u.role:<8} since {u.created_at}")


@user.command("remove")
@click.argument("name")
@click.pass_context
@handle_errors
def user_remove(ctx: click.Context, name: str) -> None:
    """Remove an account and end its sessions.

    Example:

        athar user remove amal
    """
    workspace, accounts = _accounts(ctx)
    with workspace:
        accounts.remove_user(name)
    click.echo(f"removed {name}")

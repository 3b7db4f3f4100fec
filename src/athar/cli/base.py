"""What every verb shares: the ``athar`` group, settings, one-line errors.

Only the command line prints or exits. Errors become one line
(``error[ATH204]: …``); exit codes: 0 ok, 1 error, 2 usage, 3 evidence
failed verification. ``--debug`` or ``ATHAR_DEBUG=1`` shows tracebacks.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from athar import __version__
from athar.errors import AtharError
from athar.settings import Settings, load_settings

if TYPE_CHECKING:
    from athar.records import Document
    from athar.store.database import Database

F = TypeVar("F", bound=Callable[..., Any])
logger = logging.getLogger("athar")


def _fail(error: AtharError) -> None:
    click.echo(f"error[{error.code}]: {error.message}", err=True)
    sys.exit(error.exit_code)


def handle_errors(func: F) -> F:
    """Turn Athar's errors into one line and an exit code (tracebacks only when debugging)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(os.environ.get("ATHAR_DEBUG")) or click.get_current_context().find_root().params.get("debug")
        try:
            return func(*args, **kwargs)
        except AtharError as error:
            if debug:
                raise
            _fail(error)
        except KeyboardInterrupt:
            click.echo(
                "interrupted: what was reported as stored is stored; run the same command again to finish", err=True
            )
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def output_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check a file to write (an option's callback) when the command line is read: an export that cannot be
    written fails in one line (``Error: Could not open file …``, exit 1) before any work, not with a traceback."""
    problem = _unwritable(Path(value)) if value else None
    if problem:
        raise click.FileError(str(value), hint=problem)
    return value


def _unwritable(path: Path) -> str | None:
    """Why ``path`` cannot be written (None when it can)."""
    if path.is_dir():
        return "it is a folder; name a file in it"
    if not path.parent.is_dir():
        return f"no folder {str(path.parent)!r} to write it in"
    if not os.access(path if path.exists() else path.parent, os.W_OK):
        return "permission denied"
    return None


def settings_for(ctx: click.Context, **sections: dict[str, Any]) -> Settings:
    root = ctx.find_root().params
    overrides: dict[str, dict[str, Any]] = {
        "workspace": {"path": root.get("workspace"), "database_url": root.get("db")}
    }
    for section, values in sections.items():
        overrides.setdefault(section, {}).update(values)
    return load_settings(config_file=root.get("config"), overrides=overrides)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="athar")
@click.option("--workspace", "-w", metavar="DIR", help="Workspace folder [default: ./athar-data; env ATHAR_WORKSPACE].")
@click.option("--db", metavar="URL", help="Database URL [default: SQLite in the workspace; env ATHAR_DB].")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file [default: ./athar.toml if present].")
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-vv for debug logs).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(workspace: str | None, db: str | None, config: str | None, verbose: int, debug: bool) -> None:
    """Athar: preserve open-source reports of war as evidence, and read them.

    Example:

        athar ingest reports/ https://example.org/article
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def document_by_ref(db: Database, ref: str) -> Document:
    """The one document whose id starts with ``ref`` (ATH401 when none does, ATH402 when several do)."""
    from athar.errors import NotFoundError

    matches = db.find_documents(ref)
    if len(matches) != 1:
        raise NotFoundError("ATH401" if not matches else "ATH402", ref=ref, matches=", ".join(d.id for d in matches))
    return matches[0]


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def media_summary(media: Any) -> str:
    bits = [media.kind]
    if media.width and media.height:
        bits.append(f"{media.width}x{media.height}")
    if media.duration_s:
        bits.append(f"{media.duration_s:.1f}s")
    if media.captured_at:
        bits.append(f"captured {media.captured_at}")
    if media.latitude is not None:
        bits.append(f"GPS {media.latitude:.5f},{media.longitude:.5f}")
    return " ".join(bits)


def main() -> None:
    cli(prog_name="athar")

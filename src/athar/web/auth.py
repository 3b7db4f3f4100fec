"""Accounts, roles, server-side sessions, CSRF tokens and login rate limiting.

Roles rank ``viewer < analyst < admin``; the unauthenticated public ranks below
them all. A session cookie holds a random token; the database keeps only its
HMAC under the workspace's secret (``<workspace>/web-secret``, made at first
run), so a copy of the database opens no session. Each session has its own
CSRF token; the login form, which comes before any session, uses a signed
double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine

from athar.errors import InputError, NotFoundError
from athar.records import utc_now
from athar.store.tables_accounts import web_login_attempts, web_sessions, web_users

ROLES: tuple[str, ...] = ("viewer", "analyst", "admin")
RANK = {"public": 0, "viewer": 1, "analyst": 2, "admin": 3}
SESSION_SECONDS = 12 * 3600
# Failed sign-ins allowed per name, and per address, in the window before 429.
LOGIN_WINDOW_S = 15 * 60
MAX_FAILS_PER_NAME = 5
MAX_FAILS_PER_ADDRESS = 20
MIN_PASSWORD = 10
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")
_hasher = PasswordHasher()
# A hash to verify against when the name is unknown, so both cases take as long.
_DUMMY_HASH = _hasher.hash("athar-no-such-user")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    created_at: str = ""

    def can(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str


def load_secret(root: Path) -> bytes:
    """The workspace's web secret, made (random, owner-only) on first use."""
    path = root / "web-secret"
    try:
        return bytes.fromhex(path.read_text("ascii").strip())
    except FileNotFoundError:
        pass
    root.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return bytes.fromhex(path.read_text("ascii").strip())
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return bytes.fromhex(value)


def _check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise InputError(
            "ATH209", name="user", field="name", value=name, reason="letters, digits and . _ @ - only, 1-80"
        )
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError("ATH209", name="user", field="role", value=role, reason="one of " + ", ".join(ROLES))
    return role


def ensure_tables(engine: Engine) -> None:
    """Create the web tables if missing.

    Workspaces made while migration 0006 was still an empty placeholder are
    stamped 0006 without them; this repairs those (a no-op otherwise).
    """
    from sqlalchemy import inspect, text

    from athar.store.tables_accounts import web_search_state

    existing = set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        for table in (web_users, web_sessions, web_login_attempts, web_search_state):
            if table.name not in existing:
                table.create(conn)
        if engine.dialect.name == "sqlite" and "web_fts" not in existing:
            conn.execute(text(FTS_DDL))


FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS web_fts USING fts5("
    "kind UNINDEXED, ref UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
)


class Accounts:
    """Users, sessions and sign-in attempts in the workspace database."""

    def __init__(self, engine: Engine, secret: bytes) -> None:
        self.engine = engine
        self.secret = secret
        ensure_tables(engine)

    # -- users -----------------------------------------------------------------------

    def add_user(self, name: str, role: str, password: str, *, created_by: str) -> User:
        _check_name(name)
        _check_role(role)
        if len(password) < MIN_PASSWORD:
            raise InputError(
                "ATH209", name="user", field="password", value="…", reason=f"at least {MIN_PASSWORD} characters"
            )
        with self.engine.begin() as conn:
            if conn.execute(select(web_users.c.id).where(web_users.c.name == name)).first():
                raise InputError("ATH209", name="user", field="name", value=name, reason="already exists")
            now = utc_now()
            result = conn.execute(
                insert(web_users).values(
                    name=name, role=role, password_hash=_hasher.hash(password), created_at=now, created_by=created_by
                )
            )
            key = result.inserted_primary_key
            assert key is not None  # an INSERT of one row always reports its key
            return User(int(key[0]), name, role, now)

    def users(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(web_users).order_by(web_users.c.name))
            return [User(r.id, r.name, r.role, r.created_at) for r in rows]

    def remove_user(self, name: str) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(select(web_users.c.id).where(web_users.c.name == name)).first()
            if row is None:
                raise NotFoundError("ATH401", ref=name)
            conn.execute(delete(web_sessions).where(web_sessions.c.user_id == row.id))
            conn.execute(delete(web_users).where(web_users.c.id == row.id))

    def set_role(self, name: str, role: str) -> None:
        _check_role(role)
        with self.engine.begin() as conn:
            done = conn.execute(update(web_users).where(web_users.c.name == name).values(role=role))
            if not done.rowcount:
                raise NotFoundError("ATH401", ref=name)

    # -- signing in ------------------------------------------------------------------

    def throttled(self, name: str, address: str) -> bool:
        """Whether too many sign-ins failed lately for this name or from this address."""
        since = time.time() - LOGIN_WINDOW_S
        failed = (web_login_attempts.c.at >= since) & (web_login_attempts.c.ok.is_(False))
        with self.engine.connect() as conn:
            by_name = conn.execute(
                select(func.count()).where(failed & (web_login_attempts.c.name == name[:80]))
            ).scalar_one()
            by_address = conn.execute(
                select(func.count()).where(failed & (web_login_attempts.c.address == address[:64]))
            ).scalar_one()
        return by_name >= MAX_FAILS_PER_NAME or by_address >= MAX_FAILS_PER_ADDRESS

    def authenticate(self, name: str, password: str, address: str) -> User | None:
        """The user if the password is right; every attempt is recorded."""
        with self.engine.connect() as conn:
            row = conn.execute(select(web_users).where(web_users.c.name == name)).first()
        ok = False
        try:
            ok = _hasher.verify(row.password_hash if row else _DUMMY_HASH, password) and row is not None
        except (VerificationError, InvalidHashError):
            ok = False
        with self.engine.begin() as conn:
            conn.execute(insert(web_login_attempts).values(name=name[:80], address=address[:64], at=time.time(), ok=ok))
            # Keep the table small: attempts older than a day say nothing about now.
            conn.execute(delete(web_login_attempts).where(web_login_attempts.c.at < time.time() - 86400))
        return User(row.id, row.name, row.role, row.created_at) if ok and row else None

    # -- sessions --------------------------------------------------------------------

    def _key(self, token: str) -> str:
        return hmac.new(self.secret, token.encode("utf-8"), hashlib.sha256).hexdigest()

    def open_session(self, user: User) -> str:
        """A new session for ``user``; returns the token for the cookie."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < time.time()))
            conn.execute(
                insert(web_sessions).values(
                    token_hash=self._key(token),
                    user_id=user.id,
                    csrf=secrets.token_urlsafe(32),
                    created_at=utc_now(),
                    expires_at=time.time() + SESSION_SECONDS,
                )
            )
        return token

    def session(self, token: str | None) -> Session | None:
        if not token or len(token) > 200:
            return None
        query = (
            select(web_sessions.c.csrf, web_sessions.c.expires_at, web_users)
            .join(web_users, web_users.c.id == web_sessions.c.user_id)
            .where(web_sessions.c.token_hash == self._key(token))
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or row.expires_at < time.time():
            return None
        return Session(User(row.id, row.name, row.role, row.created_at), row.csrf)

    def close_session(self, token: str | None) -> None:
        if token:
            with self.engine.begin() as conn:
                conn.execute(delete(web_sessions).where(web_sessions.c.token_hash == self._key(token)))

    # -- CSRF before a session (the login form) ----------------------------------------

    def anonymous_csrf(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._key('csrf:' + nonce)[:32]}"

    def valid_anonymous_csrf(self, cookie: str | None, field: str | None) -> bool:
        if not cookie or not field or not hmac.compare_digest(cookie, field):
            return False
        nonce, _, mac = cookie.partition(".")
        return hmac.compare_digest(mac, self._key("csrf:" + nonce)[:32])

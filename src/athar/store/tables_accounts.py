"""Tables of the web application's accounts and sessions (issue 6): registered on the shared metadata.

The full-text index itself (``web_fts``, an SQLite FTS5 virtual table) is made by
migration 0006 only, since SQLAlchemy's metadata cannot declare virtual tables;
``web_search_state`` records what it was last built from.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, String, Table, Text

from athar.store.schema import metadata

# People who may sign in: a role (admin, analyst, viewer) and an argon2 hash, never a password.
web_users = Table(
    "web_users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
)

# Server-side sessions: the cookie holds a random token, the table only its keyed hash.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", Float, nullable=False),  # epoch seconds
)

# Every sign-in attempt, for rate limiting by name and by address.
web_login_attempts = Table(
    "web_login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", Float, nullable=False),  # epoch seconds
    Column("ok", Boolean, nullable=False),
)
Index("ix_web_login_attempts_name_at", web_login_attempts.c.name, web_login_attempts.c.at)
Index("ix_web_login_attempts_address_at", web_login_attempts.c.address, web_login_attempts.c.at)

# What the full-text index was built from (counts and latest times of documents and claims).
web_search_state = Table(
    "web_search_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fingerprint", Text, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("built_at", String(32), nullable=False),
)

"""Move a workspace's database to another server (SQLite → PostgreSQL), row for row.

Every table the schema declares is copied in dependency order, in chunks, in
one transaction on the target: a failure leaves the target as empty as it
was. Stored records are copied as text, unparsed, so the digests the custody
log sealed still match and ``athar verify`` on the target proves the move.
The evidence files stay where they are (the workspace folder): only the
database moves.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Integer, func, insert, select

from athar.errors import InputError
from athar.store.database import Database
from athar.store.schema import custody_events, metadata

CHUNK = 2000


def copy_database(
    source: Database, target: Database, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every row of ``source`` into ``target`` (which must hold nothing yet); return rows per table."""
    with target.engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(custody_events)).scalar():
            raise InputError("ATH262", reason=f"{target.url.split('@')[-1]} already holds a custody log")
    copied: dict[str, int] = {}
    with source.engine.connect() as reading, target.transaction() as writing:
        for table in metadata.sorted_tables:
            count = 0
            rows = reading.execution_options(yield_per=CHUNK).execute(select(table))
            for chunk in rows.partitions(CHUNK):
                writing.execute(insert(table), [dict(row._mapping) for row in chunk])
                count += len(chunk)
            copied[table.name] = count
            if progress:
                progress(table.name, count)
            if target.engine.dialect.name == "postgresql":
                # Explicit ids were inserted: move serial counters past them.
                column = table.autoincrement_column
                if column is not None and isinstance(column.type, Integer):
                    writing.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                        f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                    )
    return copied

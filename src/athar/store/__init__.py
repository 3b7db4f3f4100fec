"""The database: schema, migrations and the queries every stage uses."""

from athar.store.database import Database

__all__ = ["Database"]

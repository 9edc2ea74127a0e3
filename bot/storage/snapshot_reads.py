"""Run several read-only statements at once on PostgreSQL, all seeing one snapshot.

The dashboard's grouped counts each scan a large table (at 100 000 testimonies, 20 to 50 ms
each on PostgreSQL); run side by side on two connections they take about two thirds of the
time (docs/measurements.md). The extra connections import the snapshot the session exported
(`pg_export_snapshot`, `SET TRANSACTION SNAPSHOT`), so these figures are read as of the same
instant, as if one connection had read them all. Other databases: one after the other, in
the session.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine, Row
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

SIDE_CONNECTIONS = 2
_SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="snapshot-read")


def read_together(session: Session, statements: Sequence[Executable]) -> list[list[Row[Any]]]:
    """The rows of each of `statements`, in order, all read in `session`'s snapshot."""
    if session.get_bind().dialect.name != "postgresql" or len(statements) < 2:
        return [list(session.execute(stmt).all()) for stmt in statements]
    connection = session.connection()
    snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
    if not _SNAPSHOT_ID.fullmatch(snapshot):  # it is formatted into a statement below
        raise ValueError(f"unexpected snapshot id {snapshot!r}")
    engine = connection.engine
    groups = [list(statements[i::SIDE_CONNECTIONS]) for i in range(SIDE_CONNECTIONS)]
    futures = [_pool.submit(_read_in_snapshot, engine, snapshot, group) for group in groups]
    per_group = [future.result() for future in futures]
    return [per_group[i % SIDE_CONNECTIONS][i // SIDE_CONNECTIONS] for i in range(len(statements))]


def _read_in_snapshot(
    engine: Engine, snapshot: str, statements: list[Executable]
) -> list[list[Row[Any]]]:
    connection = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with connection, connection.begin():
        connection.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
        return [list(connection.execute(stmt).all()) for stmt in statements]

"""INSERT … ON CONFLICT for the two backends, so concurrent writers never race a read-then-write."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from bot.storage.models import Base


def _insert(session: AsyncSession, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise RuntimeError(f"no upsert for the {dialect} dialect (only sqlite and postgresql)")


def upsert(
    session: AsyncSession,
    model: type[Base],
    values: Mapping[str, Any],
    *,
    key: str,
    update: Iterable[str],
) -> Insert:
    """Insert `values`, or on a clash of `key` overwrite just the `update` columns."""
    statement = _insert(session, model).values(dict(values))
    changes = {column: statement.excluded[column] for column in update}
    return statement.on_conflict_do_update(index_elements=[key], set_=changes)


def insert_if_missing(
    session: AsyncSession, model: type[Base], values: Mapping[str, Any], *, key: str
) -> Insert:
    """Insert `values` unless a row with the same `key` exists (then do nothing)."""
    statement = _insert(session, model).values(dict(values))
    return statement.on_conflict_do_nothing(index_elements=[key])

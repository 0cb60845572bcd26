"""aiogram FSM storage in SQL, and a key builder that keeps raw Telegram ids out of every key.

`PseudonymKeyBuilder` serves this storage as well as aiogram's `RedisStorage` and
`RedisEventIsolation`, so neither the database nor Redis ever holds a chat or user id.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, Literal

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, KeyBuilder, StateType, StorageKey
from sqlalchemy import and_, delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.privacy import Pseudonymizer
from bot.storage.models import EMPTY_FSM_DATA, FsmState, utc_now
from bot.storage.upsert import insert_if_missing, upsert


class PseudonymKeyBuilder(KeyBuilder):
    """`fsm:<pseudonym>[:<part>]`, the pseudonym covering every field of the aiogram key."""

    def __init__(self, pseudonymizer: Pseudonymizer) -> None:
        self._pseudonymizer = pseudonymizer

    def build(
        self,
        key: StorageKey,
        part: Literal["data", "state", "lock"] | None = None,
    ) -> str:
        pseudo = self._pseudonymizer.of(
            "fsm",
            key.bot_id,
            key.chat_id,
            key.user_id,
            key.thread_id,
            key.business_connection_id,
            key.destiny,
        )
        # Redis keeps state, data and the event lock under separate keys: the part tells them apart.
        return f"fsm:{pseudo}" if part is None else f"fsm:{pseudo}:{part}"


def _state_name(state: StateType) -> str | None:
    return state.state if isinstance(state, State) else state


def _dump(data: Mapping[str, Any]) -> str:
    if not isinstance(data, dict):
        # Same contract as aiogram's own storages.
        raise DataNotDictLikeError(
            f"Data must be a dict or dict-like object, got {type(data).__name__}"
        )
    return json.dumps(data, ensure_ascii=False)


class SQLStorage(BaseStorage):
    """FSM state and data in the `fsm_state` table: one row per key, gone when both are empty.

    Survives restarts and works across replicas sharing one PostgreSQL database.
    """

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], key_builder: KeyBuilder
    ) -> None:
        self._session_factory = session_factory
        self.key_builder = key_builder

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        row_key = self.key_builder.build(key)
        name = _state_name(state)
        async with self._writing() as session:
            if name is None:
                await session.execute(
                    update(FsmState)
                    .where(FsmState.key == row_key)
                    .values(state=None, updated_at=utc_now())
                )
                await self._delete_if_empty(session, row_key)
            else:
                await session.execute(
                    upsert(
                        session,
                        FsmState,
                        {"key": row_key, "state": name, "updated_at": utc_now()},
                        key="key",
                        update=("state", "updated_at"),
                    )
                )

    async def get_state(self, key: StorageKey) -> str | None:
        row_key = self.key_builder.build(key)
        async with self._session_factory() as session:
            state: str | None = await session.scalar(
                select(FsmState.state).where(FsmState.key == row_key)
            )
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        row_key = self.key_builder.build(key)
        payload = _dump(data)
        async with self._writing() as session:
            await self._write_data(session, row_key, payload)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row_key = self.key_builder.build(key)
        async with self._session_factory() as session:
            payload = await session.scalar(select(FsmState.data).where(FsmState.key == row_key))
        return {} if payload is None else dict(json.loads(payload))

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge `data` into the stored data in one locked transaction, so no update is lost."""
        row_key = self.key_builder.build(key)
        async with self._writing() as session:
            query = select(FsmState.data).where(FsmState.key == row_key)
            if session.get_bind().dialect.name == "postgresql":
                # FOR UPDATE locks nothing when the row is missing, so make sure it exists first:
                # two first-time updates then queue on the same row instead of both reading {}.
                await session.execute(
                    insert_if_missing(
                        session, FsmState, {"key": row_key, "updated_at": utc_now()}, key="key"
                    )
                )
                query = query.with_for_update()
            payload = await session.scalar(query)
            merged: dict[str, Any] = {} if payload is None else dict(json.loads(payload))
            merged.update(data)
            await self._write_data(session, row_key, _dump(merged))
        return merged.copy()

    async def forget_older_than(self, age: timedelta) -> int:
        """Delete conversations untouched for `age`, drafts included (Redis does it by TTL)."""
        async with self._writing() as session:
            result = await session.execute(
                delete(FsmState).where(FsmState.updated_at < utc_now() - age)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def close(self) -> None:
        """Nothing to release: the engine belongs to whoever created it and is disposed there."""

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncSession]:
        async with self._session_factory() as session, session.begin():
            if session.get_bind().dialect.name == "sqlite":
                # Take SQLite's write lock before reading, so read-modify-write is serialised
                # (other writers wait up to busy_timeout) and never reads a stale snapshot.
                # The driver opens no transaction of its own before this statement: the engine
                # from `make_engine` keeps sqlite3's default transaction handling.
                await session.execute(text("BEGIN IMMEDIATE"))
            yield session

    async def _write_data(self, session: AsyncSession, row_key: str, payload: str) -> None:
        if payload == EMPTY_FSM_DATA:
            await session.execute(
                update(FsmState)
                .where(FsmState.key == row_key)
                .values(data=EMPTY_FSM_DATA, updated_at=utc_now())
            )
            await self._delete_if_empty(session, row_key)
            return
        await session.execute(
            upsert(
                session,
                FsmState,
                {"key": row_key, "data": payload, "updated_at": utc_now()},
                key="key",
                update=("data", "updated_at"),
            )
        )

    @staticmethod
    async def _delete_if_empty(session: AsyncSession, row_key: str) -> None:
        # Nothing lingers for a finished conversation.
        await session.execute(
            delete(FsmState).where(
                and_(
                    FsmState.key == row_key,
                    FsmState.state.is_(None),
                    FsmState.data == EMPTY_FSM_DATA,
                )
            )
        )

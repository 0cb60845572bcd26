"""The migrant's settings (language, citizenship) by pseudonym, handed out as `UserProfile`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.profile import UserProfile
from bot.storage.models import UserSettings, utc_now
from bot.storage.upsert import upsert

_COLUMNS = (UserSettings.pseudonym, UserSettings.language, UserSettings.citizenship)
_CODE_LENGTH = 8  # language and citizenship codes; PostgreSQL would reject longer, SQLite not


class UserRepository:
    """Reads and writes `user_settings`; callers pass pseudonyms, never raw Telegram ids."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def get(self, pseudonym: str) -> UserProfile | None:
        async with self._session_factory() as session:
            row = (
                await session.execute(select(*_COLUMNS).where(UserSettings.pseudonym == pseudonym))
            ).one_or_none()
        return None if row is None else UserProfile(*row)

    async def set_language(self, pseudonym: str, language: str) -> UserProfile:
        return await self._set(pseudonym, "language", language)

    async def set_citizenship(self, pseudonym: str, citizenship: str) -> UserProfile:
        return await self._set(pseudonym, "citizenship", citizenship)

    async def forget(self, pseudonym: str) -> None:
        """Delete everything stored about this person here (part of `/forget`)."""
        async with self._session_factory() as session, session.begin():
            await session.execute(delete(UserSettings).where(UserSettings.pseudonym == pseudonym))

    async def _set(self, pseudonym: str, column: str, value: str) -> UserProfile:
        if not value or len(value) > _CODE_LENGTH:
            raise ValueError(f"{column} must be a code of 1 to {_CODE_LENGTH} characters")
        now = utc_now()
        values: dict[str, Any] = {
            "pseudonym": pseudonym,
            column: value,
            "created_at": now,
            "updated_at": now,
        }
        async with self._session_factory() as session, session.begin():
            # One statement: two first messages from the same person cannot both insert.
            statement = upsert(
                session, UserSettings, values, key="pseudonym", update=(column, "updated_at")
            ).returning(*_COLUMNS)
            row = (await session.execute(statement)).one()
        return UserProfile(*row)

"""Counting 👍/👎 per guide and language, with nothing that could tell who voted."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import GuideFeedback


class FeedbackRepository:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def vote(self, topic: str, language: str, *, helpful: bool) -> None:
        column = "helpful" if helpful else "unhelpful"
        async with self._session_factory() as session, session.begin():
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            statement = insert(GuideFeedback).values(
                topic=topic, language=language, helpful=int(helpful), unhelpful=int(not helpful)
            )
            # Increment in the database: two votes at the same moment both count.
            statement = statement.on_conflict_do_update(
                index_elements=["topic", "language"],
                set_={column: getattr(GuideFeedback, column) + 1},
            )
            await session.execute(statement)

    async def counts(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(topic, language) → (helpful, unhelpful), for the centre's reports."""
        async with self._session_factory() as session:
            rows = await session.execute(
                select(
                    GuideFeedback.topic,
                    GuideFeedback.language,
                    GuideFeedback.helpful,
                    GuideFeedback.unhelpful,
                )
            )
        return {(t, lang): (h, u) for t, lang, h, u in rows}

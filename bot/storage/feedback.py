"""Anonymous counts: 👍/👎 per guide and language, pension verdicts per citizenship.

Nothing here can tell who voted or who asked: the rows are counters, incremented in the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Base, GuideFeedback, PensionVerdictCount


async def _increment(
    session: AsyncSession, model: type[Base], keys: dict[str, str], column: str, columns: list[str]
) -> None:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values: dict[str, Any] = {**keys, **{c: int(c == column) for c in columns}}
    # Increment in the database: two counts at the same moment both land.
    statement = (
        insert(model)
        .values(values)
        .on_conflict_do_update(index_elements=list(keys), set_={column: getattr(model, column) + 1})
    )
    await session.execute(statement)


class FeedbackRepository:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def vote(self, topic: str, language: str, *, helpful: bool) -> None:
        column = "helpful" if helpful else "unhelpful"
        async with self._session_factory() as session, session.begin():
            keys = {"topic": topic, "language": language}
            await _increment(session, GuideFeedback, keys, column, ["helpful", "unhelpful"])

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

    async def count_verdict(self, verdict: str, citizenship: str) -> None:
        async with self._session_factory() as session, session.begin():
            keys = {"verdict": verdict, "citizenship": citizenship}
            await _increment(session, PensionVerdictCount, keys, "count", ["count"])

    async def verdict_counts(self) -> dict[tuple[str, str], int]:
        async with self._session_factory() as session:
            rows = await session.execute(
                select(
                    PensionVerdictCount.verdict,
                    PensionVerdictCount.citizenship,
                    PensionVerdictCount.count,
                )
            )
        return {(v, c): n for v, c, n in rows}

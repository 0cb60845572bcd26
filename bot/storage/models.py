"""SQLAlchemy models: the schema the Alembic migrations in `migrations/` create.

A change here needs a new migration; `tests/storage` fails when the two disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints let Alembic drop or alter them later, and batch mode on SQLite needs names.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

EMPTY_FSM_DATA = "{}"


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, on every backend.

    SQLite stores no offset and hands back naive values; this makes both backends agree.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: storage keeps timezone-aware UTC timestamps only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UserSettings(Base):
    """A migrant's choices, keyed by the keyed pseudonym: never a raw Telegram id."""

    __tablename__ = "user_settings"

    pseudonym: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[str | None] = mapped_column(String(8))
    citizenship: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now)


class FsmState(Base):
    """aiogram FSM state and data for one pseudonymised storage key (see `bot.storage.fsm`)."""

    __tablename__ = "fsm_state"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, default=EMPTY_FSM_DATA, server_default=EMPTY_FSM_DATA)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now)


class GuideFeedback(Base):
    """Anonymous 👍/👎 counts per guide and language: no link to who voted."""

    __tablename__ = "guide_feedback"

    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    helpful: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    unhelpful: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PensionVerdictCount(Base):
    """How often each pension verdict was given, per citizenship: research data, no person."""

    __tablename__ = "pension_verdict_count"

    verdict: Mapped[str] = mapped_column(String(64), primary_key=True)
    citizenship: Mapped[str] = mapped_column(String(8), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

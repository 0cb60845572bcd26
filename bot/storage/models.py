"""SQLAlchemy models: the schema the Alembic migrations in `migrations/` create.

A change here needs a new migration; `tests/storage` fails when the two disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect, ForeignKey, Integer, LargeBinary, MetaData, String, Text
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


class Report(Base):
    """An abuse report: only what the reporter chose to tell, scrubbed. No identity, no code."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submit_key: Mapped[str] = mapped_column(String(64), unique=True)  # a double tap makes one
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)  # keyed hash of the code
    reporter: Mapped[str | None] = mapped_column(String(64), index=True)  # only with follow-up
    category: Mapped[str] = mapped_column(String(32))
    when: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(40))
    city: Mapped[str | None] = mapped_column(String(80))
    sector: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReportAttachment(Base):
    """A photo kept in the database after its metadata was stripped (never a Telegram link)."""

    __tablename__ = "report_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ReportMessage(Base):
    """The anonymous follow-up channel: staff replies and the reporter's answers, scrubbed."""

    __tablename__ = "report_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(16))  # "staff" or "reporter"
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReportContact(Base):
    """How to write back to a reporter: stored only with consent, encrypted, and short-lived."""

    __tablename__ = "report_contact"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("report.id", ondelete="CASCADE"), primary_key=True
    )
    chat_encrypted: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class AuditEntry(Base):
    """Every staff action on a report, by staff pseudonym."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    report_id: Mapped[int | None] = mapped_column(Integer)


class AttemptWindow(Base):
    """Receipt-code attempts per pseudonym (and in total) per time window, against guessing."""

    __tablename__ = "attempt_window"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

"""Reports, their follow-up messages and consented contacts; handed out as `ReportView`s."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.reports import NewReport, ReportView, Status
from bot.storage.models import (
    AttemptWindow,
    AuditEntry,
    Report,
    ReportAttachment,
    ReportContact,
    ReportMessage,
    utc_now,
)


class ReportRepository:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def submit(
        self, new: NewReport, contact: str | None, contact_until: dt.datetime | None
    ) -> tuple[int, bool]:
        """Store a report once: (id, True) when stored now, (id, False) if it already was."""
        now = utc_now()
        try:
            async with self._session_factory() as session, session.begin():
                report = Report(
                    submit_key=new.submit_key,
                    receipt_hash=new.receipt_hash,
                    reporter=new.reporter,
                    category=new.category,
                    when=new.when,
                    region=new.region,
                    city=new.city,
                    sector=new.sector,
                    description=new.description,
                    language=new.language,
                    status=Status.NEW.value,
                    created_at=now,
                    updated_at=now,
                )
                session.add(report)
                await session.flush()
                for kind, data in new.attachments:
                    session.add(ReportAttachment(report_id=report.id, kind=kind, data=data))
                if contact is not None and contact_until is not None:
                    session.add(
                        ReportContact(
                            report_id=report.id, chat_encrypted=contact, expires_at=contact_until
                        )
                    )
                return report.id, True
        except IntegrityError:
            # The same draft submitted twice (a double tap, a retry): the first one stands.
            async with self._session_factory() as session:
                existing = await session.scalar(
                    select(Report.id).where(Report.submit_key == new.submit_key)
                )
            if existing is None:
                raise
            return existing, False

    async def _view(self, session: AsyncSession, report: Report) -> ReportView:
        messages = (
            await session.execute(
                select(ReportMessage.author, ReportMessage.text, ReportMessage.created_at)
                .where(ReportMessage.report_id == report.id)
                .order_by(ReportMessage.id)
            )
        ).all()
        attachments = await session.scalar(
            select(func.count()).where(ReportAttachment.report_id == report.id)
        )
        contact = await session.scalar(
            select(func.count()).where(ReportContact.report_id == report.id)
        )
        return ReportView(
            id=report.id,
            category=report.category,
            when=report.when,
            region=report.region,
            city=report.city,
            sector=report.sector,
            description=report.description,
            status=report.status,
            created_at=report.created_at,
            follow_up=bool(contact) or report.reporter is not None,
            language=report.language,
            messages=tuple((a, t, at) for a, t, at in messages),
            attachments=attachments or 0,
        )

    async def get(self, report_id: int) -> ReportView | None:
        async with self._session_factory() as session:
            report = await session.get(Report, report_id)
            return None if report is None else await self._view(session, report)

    async def by_receipt(self, receipt_hash: str) -> ReportView | None:
        async with self._session_factory() as session:
            report = await session.scalar(select(Report).where(Report.receipt_hash == receipt_hash))
            return None if report is None else await self._view(session, report)

    async def of_reporter(self, pseudonym: str) -> list[ReportView]:
        async with self._session_factory() as session:
            reports = (
                await session.scalars(
                    select(Report).where(Report.reporter == pseudonym).order_by(Report.id.desc())
                )
            ).all()
            return [await self._view(session, report) for report in reports]

    async def add_message(self, report_id: int, author: str, text: str) -> None:
        async with self._session_factory() as session, session.begin():
            session.add(
                ReportMessage(report_id=report_id, author=author, text=text, created_at=utc_now())
            )
            if author == "staff":
                await session.execute(
                    update(Report)
                    .where(Report.id == report_id)
                    .values(status=Status.ANSWERED.value, updated_at=utc_now())
                )

    async def contact(self, report_id: int) -> str | None:
        """The encrypted chat to write back to, if the reporter consented and it has not expired."""
        async with self._session_factory() as session:
            return await session.scalar(
                select(ReportContact.chat_encrypted).where(
                    ReportContact.report_id == report_id, ReportContact.expires_at > utc_now()
                )
            )

    async def forget(self, pseudonym: str) -> int:
        """Unlink every report from this reporter and drop the ways to reach them."""
        async with self._session_factory() as session, session.begin():
            ids = (
                await session.scalars(select(Report.id).where(Report.reporter == pseudonym))
            ).all()
            if ids:
                await session.execute(delete(ReportContact).where(ReportContact.report_id.in_(ids)))
                await session.execute(
                    update(Report).where(Report.id.in_(ids)).values(reporter=None)
                )
            return len(ids)

    async def purge_expired_contacts(self) -> int:
        async with self._session_factory() as session, session.begin():
            result = await session.execute(
                delete(ReportContact).where(ReportContact.expires_at <= utc_now())
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def audit(self, actor: str, action: str, report_id: int | None) -> None:
        async with self._session_factory() as session, session.begin():
            session.add(AuditEntry(at=utc_now(), actor=actor, action=action, report_id=report_id))

    async def audit_log(self) -> list[tuple[str, str, int | None]]:
        async with self._session_factory() as session:
            rows = await session.execute(
                select(AuditEntry.actor, AuditEntry.action, AuditEntry.report_id).order_by(
                    AuditEntry.id
                )
            )
            return [(a, b, c) for a, b, c in rows]

    async def count_attempt(self, key: str, window: int) -> int:
        """Count one receipt-code attempt for `key` in this time window; the new total."""
        async with self._session_factory() as session, session.begin():
            insert = (
                postgresql.insert
                if session.get_bind().dialect.name == "postgresql"
                else sqlite.insert
            )
            statement = (
                insert(AttemptWindow)
                .values(key=key, window=window, count=1)
                .on_conflict_do_update(
                    index_elements=["key", "window"], set_={"count": AttemptWindow.count + 1}
                )
                .returning(AttemptWindow.count)
            )
            total = (await session.execute(statement)).scalar_one()
            # Old windows of this counter are no longer needed (windows differ per counter).
            await session.execute(
                delete(AttemptWindow).where(
                    AttemptWindow.key == key, AttemptWindow.window < window - 1
                )
            )
            return int(total)

"""`ReportRepository` on SQLite and PostgreSQL: one report per draft, the follow-up channel,
consented contacts that expire, /forget, the audit log and the code-attempt counters."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import update

from bot.core.reports import NewReport, ReceiptHasher, new_receipt_code
from bot.storage.models import ReportContact
from bot.storage.reports import ReportRepository

SECRET = "test-secret-key-for-reports-0123456789"


@pytest.fixture
def reports(session_factory):
    return ReportRepository(session_factory)


def a_report(
    reporter: str | None = None, key: str = "draft-1", code: str | None = None
) -> NewReport:
    return NewReport(
        submit_key=key,
        receipt_hash=ReceiptHasher(SECRET).hash(code or new_receipt_code()),
        category="wages",
        when="this_week",
        region="ru_moscow",
        city=None,
        sector="construction",
        description="Not paid for two months. Call [phone].",
        language="tg",
        reporter=reporter,
        attachments=(("jpeg", b"\xff\xd8\xff\xd9"),),
    )


def soon() -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=180)


async def test_the_same_draft_submitted_twice_is_one_report(reports):
    first = await reports.submit(a_report(key="same"), None, None)
    second = await reports.submit(a_report(key="same"), None, None)
    assert first == (first[0], True) and second == (first[0], False)


async def test_two_drafts_submitted_at_once_are_two_reports(reports):
    results = await asyncio.gather(
        *(reports.submit(a_report(key=f"k{i}"), None, None) for i in range(5))
    )
    assert len({report_id for report_id, _ in results}) == 5


async def test_a_code_finds_its_report_and_a_wrong_code_nothing(reports):
    code = new_receipt_code()
    report_id, _ = await reports.submit(a_report(code=code), None, None)
    hasher = ReceiptHasher(SECRET)
    found = await reports.by_receipt(hasher.hash(code.lower()))
    assert found is not None and found.id == report_id and found.attachments == 1
    assert await reports.by_receipt(hasher.hash("K7QF-M2XD")) is None


async def test_only_a_reporter_who_asked_for_follow_up_is_linked(reports):
    await reports.submit(a_report(reporter=None, key="anonymous"), None, None)
    linked, _ = await reports.submit(a_report(reporter="p1", key="linked"), "encrypted", soon())
    assert [r.id for r in await reports.of_reporter("p1")] == [linked]


async def test_a_staff_answer_is_kept_and_marks_the_report_answered(reports):
    report_id, _ = await reports.submit(a_report(reporter="p1"), "encrypted", soon())
    await reports.add_message(report_id, "staff", "We called the employer.")
    await reports.audit("staff-pseudonym", "reply", report_id)
    view = await reports.get(report_id)
    assert view is not None and view.status == "answered"
    assert [(a, t) for a, t, _ in view.messages] == [("staff", "We called the employer.")]
    assert await reports.audit_log() == [("staff-pseudonym", "reply", report_id)]


async def test_an_expired_contact_is_unusable_and_purged(reports, session_factory):
    report_id, _ = await reports.submit(a_report(reporter="p1"), "encrypted", soon())
    assert await reports.contact(report_id) == "encrypted"
    async with session_factory() as session, session.begin():
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        await session.execute(update(ReportContact).values(expires_at=past))
    assert await reports.contact(report_id) is None
    assert await reports.purge_expired_contacts() == 1


async def test_forget_unlinks_reports_and_drops_contacts(reports):
    report_id, _ = await reports.submit(a_report(reporter="p1"), "encrypted", soon())
    assert await reports.forget("p1") == 1
    assert await reports.of_reporter("p1") == []
    assert await reports.contact(report_id) is None
    assert await reports.get(report_id) is not None, "the report itself stays, unlinked"


async def test_attempts_are_counted_per_counter_and_window(reports):
    assert [await reports.count_attempt("code:p1", 100) for _ in range(3)] == [1, 2, 3]
    assert await reports.count_attempt("code:*", 9000) == 1
    assert await reports.count_attempt("code:p1", 100) == 4, "another counter does not reset it"
    assert await reports.count_attempt("code:p1", 101) == 1, "a new window starts at one"

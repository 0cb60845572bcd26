"""`UserRepository` on SQLite and PostgreSQL: a migrant's language and citizenship by pseudonym."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.profile import UserProfile
from bot.storage.models import UserSettings
from bot.storage.users import UserRepository

TELEGRAM_ID = 5_550_123_456


@pytest.fixture
def users(session_factory):
    return UserRepository(session_factory)


@pytest.fixture
def amina(pseudonymizer):
    """Amina's pseudonym, as the Telegram layer would compute it."""
    return pseudonymizer.user(TELEGRAM_ID)


async def _rows(session_factory: async_sessionmaker[AsyncSession]) -> list[UserSettings]:
    async with session_factory() as session:
        return list((await session.execute(select(UserSettings))).scalars().all())


async def test_a_stranger_has_no_profile(users, amina):
    assert await users.get(amina) is None


async def test_choosing_a_language_creates_the_profile(users, amina):
    profile = await users.set_language(amina, "ky")

    assert profile == UserProfile(pseudonym=amina, language="ky", citizenship=None)
    assert not profile.is_onboarded
    assert await users.get(amina) == profile


async def test_choosing_citizenship_after_language_completes_onboarding(users, amina):
    await users.set_language(amina, "ky")
    profile = await users.set_citizenship(amina, "KG")

    assert profile == UserProfile(pseudonym=amina, language="ky", citizenship="KG")
    assert profile.is_onboarded
    assert await users.get(amina) == profile


async def test_citizenship_can_come_first(users, amina):
    profile = await users.set_citizenship(amina, "TJ")

    assert profile == UserProfile(pseudonym=amina, language=None, citizenship="TJ")


async def test_changing_the_language_keeps_citizenship_and_creation_time(
    users, amina, session_factory
):
    await users.set_language(amina, "ru")
    await users.set_citizenship(amina, "UZ")
    [before] = await _rows(session_factory)

    profile = await users.set_language(amina, "uz")

    [after] = await _rows(session_factory)
    assert profile == UserProfile(pseudonym=amina, language="uz", citizenship="UZ")
    assert after.created_at == before.created_at
    assert after.updated_at >= before.updated_at


async def test_timestamps_come_back_as_utc_aware_datetimes(users, amina, session_factory):
    await users.set_language(amina, "en")

    [row] = await _rows(session_factory)
    assert row.created_at.tzinfo is not None
    assert row.created_at.utcoffset() == timedelta(0)


async def test_forgetting_deletes_the_profile(users, amina, session_factory):
    await users.set_language(amina, "tg")

    await users.forget(amina)

    assert await users.get(amina) is None
    assert await _rows(session_factory) == []


async def test_forgetting_someone_never_seen_is_harmless(users, amina):
    await users.forget(amina)

    assert await users.get(amina) is None


async def test_forgetting_one_person_leaves_others(users, amina, pseudonymizer):
    bakyt = pseudonymizer.user(TELEGRAM_ID + 1)
    await users.set_language(amina, "ky")
    await users.set_language(bakyt, "ru")

    await users.forget(amina)

    assert await users.get(bakyt) == UserProfile(pseudonym=bakyt, language="ru", citizenship=None)


async def test_twenty_simultaneous_language_choices_leave_one_consistent_row(
    users, amina, session_factory
):
    languages = ["ru", "ky", "tg", "uz", "en"] * 4

    profiles = await asyncio.gather(*(users.set_language(amina, lang) for lang in languages))

    assert all(profile.pseudonym == amina for profile in profiles)
    async with session_factory() as session:
        count = await session.scalar(select(func.count()).select_from(UserSettings))
    assert count == 1
    stored = await users.get(amina)
    assert stored is not None
    assert stored.language in languages


async def test_language_and_citizenship_set_together_do_not_overwrite_each_other(users, amina):
    await asyncio.gather(users.set_language(amina, "uz"), users.set_citizenship(amina, "UZ"))

    assert await users.get(amina) == UserProfile(pseudonym=amina, language="uz", citizenship="UZ")


async def test_the_raw_telegram_id_is_nowhere_in_the_table(users, amina, session_factory):
    await users.set_language(amina, "ky")

    [row] = await _rows(session_factory)
    assert str(TELEGRAM_ID) not in repr(vars(row))


@pytest.mark.parametrize("code", ["", "much-too-long-code"])
async def test_a_code_that_does_not_fit_is_refused_on_every_backend(users, amina, code):
    with pytest.raises(ValueError, match="language"):
        await users.set_language(amina, code)

"""`SQLStorage`, aiogram's FSM in our database, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.db import make_engine, make_session_factory
from bot.storage.fsm import PseudonymKeyBuilder, SQLStorage
from bot.storage.models import FsmState

_T = TypeVar("_T")

BOT_ID = 7_000_000_001
CHAT_ID = 4_811_223_344
USER_ID = 4_811_223_344  # a private chat has the user's id


class Report(StatesGroup):
    category = State()
    details = State()


def a_key(user_id: int = USER_ID, **fields) -> StorageKey:
    return StorageKey(bot_id=BOT_ID, chat_id=user_id, user_id=user_id, **fields)


@pytest.fixture
def key_builder(pseudonymizer):
    return PseudonymKeyBuilder(pseudonymizer)


@pytest.fixture
async def storage(session_factory, key_builder):
    storage = SQLStorage(session_factory, key_builder)
    yield storage
    await storage.close()


async def _rows(session_factory: async_sessionmaker[AsyncSession]) -> list[FsmState]:
    async with session_factory() as session:
        return list((await session.execute(select(FsmState))).scalars().all())


async def test_a_new_conversation_has_no_state_and_no_data(storage):
    assert await storage.get_state(a_key()) is None
    assert await storage.get_data(a_key()) == {}


async def test_a_state_object_is_stored_by_its_name(storage):
    await storage.set_state(a_key(), Report.category)

    assert await storage.get_state(a_key()) == "Report:category"


async def test_a_state_given_as_text_is_stored_as_is(storage):
    await storage.set_state(a_key(), "Report:details")

    assert await storage.get_state(a_key()) == "Report:details"


async def test_data_round_trips_including_cyrillic_and_nesting(storage):
    data = {"category": "зарплата", "answers": [1, 2, {"деталь": "ҷ ҳ қ ў"}], "anonymous": True}

    await storage.set_data(a_key(), data)

    assert await storage.get_data(a_key()) == data


async def test_setting_data_keeps_the_state_and_setting_state_keeps_the_data(storage):
    await storage.set_state(a_key(), Report.category)
    await storage.set_data(a_key(), {"step": 1})
    await storage.set_state(a_key(), Report.details)

    assert await storage.get_state(a_key()) == "Report:details"
    assert await storage.get_data(a_key()) == {"step": 1}


async def test_set_data_replaces_and_update_data_merges(storage):
    await storage.set_data(a_key(), {"a": 1, "b": 2})
    await storage.set_data(a_key(), {"c": 3})

    merged = await storage.update_data(a_key(), {"d": 4, "c": 30})

    assert merged == {"c": 30, "d": 4}
    assert await storage.get_data(a_key()) == {"c": 30, "d": 4}


async def test_update_data_returns_a_copy_the_caller_may_change(storage):
    merged = await storage.update_data(a_key(), {"a": 1})
    merged["a"] = 999

    assert await storage.get_data(a_key()) == {"a": 1}


async def test_twenty_simultaneous_updates_keep_every_key(storage):
    await asyncio.gather(*(storage.update_data(a_key(), {f"k{i}": i}) for i in range(20)))

    assert await storage.get_data(a_key()) == {f"k{i}": i for i in range(20)}


async def test_two_replicas_updating_one_conversation_keep_each_others_keys(
    storage, database_url, key_builder
):
    engine = make_engine(database_url)
    replica = SQLStorage(make_session_factory(engine), key_builder)
    try:
        await asyncio.gather(
            *((storage if i % 2 else replica).update_data(a_key(), {f"k{i}": i}) for i in range(20))
        )
    finally:
        await replica.close()
        await engine.dispose()

    assert await storage.get_data(a_key()) == {f"k{i}": i for i in range(20)}


async def test_clearing_state_and_data_leaves_no_row_behind(storage, session_factory):
    await storage.set_state(a_key(), Report.category)
    await storage.update_data(a_key(), {"category": "wages"})

    await storage.set_state(a_key(), None)
    await storage.set_data(a_key(), {})

    assert await _rows(session_factory) == []
    assert await storage.get_state(a_key()) is None
    assert await storage.get_data(a_key()) == {}


async def test_clearing_in_the_other_order_leaves_no_row_behind_either(storage, session_factory):
    await storage.set_state(a_key(), Report.category)
    await storage.set_data(a_key(), {"category": "wages"})

    await storage.set_data(a_key(), {})
    await storage.set_state(a_key(), None)

    assert await _rows(session_factory) == []


async def test_clearing_only_the_state_keeps_the_data(storage):
    await storage.set_state(a_key(), Report.category)
    await storage.set_data(a_key(), {"draft": "kept"})

    await storage.set_state(a_key(), None)

    assert await storage.get_data(a_key()) == {"draft": "kept"}


async def test_an_empty_update_on_a_fresh_conversation_leaves_no_row(storage, session_factory):
    assert await storage.update_data(a_key(), {}) == {}

    assert await _rows(session_factory) == []


async def test_the_state_survives_a_restart(database_url, key_builder):
    async def with_fresh_storage(work: Callable[[SQLStorage], Awaitable[_T]]) -> _T:
        engine = make_engine(database_url)
        storage = SQLStorage(make_session_factory(engine), key_builder)
        try:
            return await work(storage)
        finally:
            await storage.close()
            await engine.dispose()

    async def start_report(storage):
        await storage.set_state(a_key(), Report.details)
        await storage.update_data(a_key(), {"category": "wages"})

    async def resume(storage):
        return await storage.get_state(a_key()), await storage.get_data(a_key())

    await with_fresh_storage(start_report)

    assert await with_fresh_storage(resume) == ("Report:details", {"category": "wages"})


async def test_conversations_of_different_people_and_topics_are_separate(storage):
    await storage.set_state(a_key(), Report.category)
    await storage.set_state(a_key(USER_ID + 1), Report.details)
    await storage.set_state(a_key(thread_id=42), "Staff:reply")
    await storage.set_state(a_key(destiny="pension"), "Pension:age")

    assert await storage.get_state(a_key()) == "Report:category"
    assert await storage.get_state(a_key(USER_ID + 1)) == "Report:details"
    assert await storage.get_state(a_key(thread_id=42)) == "Staff:reply"
    assert await storage.get_state(a_key(destiny="pension")) == "Pension:age"


async def test_data_that_is_not_a_dict_is_refused_like_aiogram_does(storage):
    with pytest.raises(DataNotDictLikeError):
        await storage.set_data(a_key(), [("a", 1)])


async def test_no_raw_telegram_id_reaches_the_table(storage, session_factory):
    await storage.set_state(a_key(), Report.category)
    await storage.set_data(a_key(), {"category": "wages"})

    [row] = await _rows(session_factory)
    assert row.key.startswith("fsm:")
    for raw in (str(USER_ID), str(CHAT_ID), str(BOT_ID)):
        assert raw not in row.key


async def test_the_row_count_is_one_per_conversation(storage, session_factory):
    for step in range(5):
        await storage.set_state(a_key(), f"Report:step{step}")
        await storage.update_data(a_key(), {"step": step})

    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(FsmState)) == 1


async def test_conversations_untouched_for_a_day_are_forgotten(session_factory, pseudonymizer):
    from datetime import timedelta

    from sqlalchemy import update

    from bot.storage.models import FsmState, utc_now

    storage = SQLStorage(session_factory, PseudonymKeyBuilder(pseudonymizer))
    old, fresh = StorageKey(1, 10, 10), StorageKey(1, 20, 20)
    await storage.set_data(old, {"draft": {"description": "[phone] took my passport"}})
    await storage.set_data(fresh, {"draft": {"description": "just now"}})
    async with session_factory() as session, session.begin():
        stale = utc_now() - timedelta(hours=25)
        await session.execute(
            update(FsmState)
            .where(FsmState.key == PseudonymKeyBuilder(pseudonymizer).build(old))
            .values(updated_at=stale)
        )
    assert await storage.forget_older_than(timedelta(hours=24)) == 1
    assert await storage.get_data(old) == {}
    assert await storage.get_data(fresh) == {"draft": {"description": "just now"}}

"""`PseudonymKeyBuilder`: FSM keys in SQL and Redis that never carry a raw Telegram id."""

from __future__ import annotations

import re

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from hypothesis import given
from hypothesis import strategies as st
from redis.asyncio import Redis

from bot.core.privacy import Pseudonymizer
from bot.storage.fsm import PseudonymKeyBuilder

BOT_ID = 7_000_000_001
USER_ID = 987_654_321
STAFF_CHAT_ID = -1_001_234_567_890

KEY_FORMAT = re.compile(r"^fsm:[0-9a-f]{32}(:(state|data|lock))?$")

# Nine digits and more, like real Telegram ids: a shorter number could turn up in the hex by chance.
telegram_ids = st.integers(min_value=10**8, max_value=10**13)

builder = PseudonymKeyBuilder(Pseudonymizer("helpline-test-secret-key-not-for-production"))


class Staff(StatesGroup):
    replying = State()


def digits(number: int) -> str:
    return str(abs(number))


@given(
    bot_id=telegram_ids,
    chat_id=telegram_ids,
    user_id=telegram_ids,
    thread_id=st.none() | telegram_ids,
    part=st.sampled_from([None, "state", "data", "lock"]),
)
def test_no_key_contains_any_raw_id(bot_id, chat_id, user_id, thread_id, part):
    key = StorageKey(bot_id=bot_id, chat_id=-chat_id, user_id=user_id, thread_id=thread_id)

    built = builder.build(key, part)

    assert KEY_FORMAT.match(built)
    for number in (bot_id, chat_id, user_id, thread_id):
        if number is not None:
            assert digits(number) not in built


def test_every_field_of_the_aiogram_key_changes_the_key():
    base = StorageKey(bot_id=BOT_ID, chat_id=USER_ID, user_id=USER_ID)
    variants = [
        base,
        StorageKey(bot_id=BOT_ID + 1, chat_id=USER_ID, user_id=USER_ID),
        StorageKey(bot_id=BOT_ID, chat_id=STAFF_CHAT_ID, user_id=USER_ID),
        StorageKey(bot_id=BOT_ID, chat_id=USER_ID, user_id=USER_ID + 1),
        StorageKey(bot_id=BOT_ID, chat_id=USER_ID, user_id=USER_ID, thread_id=7),
        StorageKey(bot_id=BOT_ID, chat_id=USER_ID, user_id=USER_ID, business_connection_id="b"),
        StorageKey(bot_id=BOT_ID, chat_id=USER_ID, user_id=USER_ID, destiny="pension"),
    ]

    assert len({builder.build(key) for key in variants}) == len(variants)


def test_state_data_and_lock_get_separate_keys_under_one_pseudonym():
    key = StorageKey(bot_id=BOT_ID, chat_id=USER_ID, user_id=USER_ID)
    whole = builder.build(key)

    assert [builder.build(key, part) for part in ("state", "data", "lock")] == [
        f"{whole}:state",
        f"{whole}:data",
        f"{whole}:lock",
    ]


def test_another_secret_key_gives_unrelated_keys():
    key = StorageKey(bot_id=BOT_ID, chat_id=USER_ID, user_id=USER_ID)
    other = PseudonymKeyBuilder(Pseudonymizer("another-secret"))

    assert other.build(key) != builder.build(key)


def test_keys_fit_the_fsm_table_column():
    key = StorageKey(
        bot_id=BOT_ID,
        chat_id=STAFF_CHAT_ID,
        user_id=USER_ID,
        thread_id=10**12,
        business_connection_id="x" * 200,
        destiny="d" * 200,
    )

    assert len(builder.build(key, "state")) <= 128


@pytest.fixture
async def redis_client(redis_url):
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def _all_keys(client: Redis) -> list[str]:
    return [key.decode() async for key in client.scan_iter("*")]


async def test_redis_storage_round_trips_state_and_data_under_pseudonymous_keys(redis_url):
    storage = RedisStorage.from_url(redis_url, key_builder=builder)
    key = StorageKey(bot_id=BOT_ID, chat_id=STAFF_CHAT_ID, user_id=USER_ID, thread_id=55)
    try:
        await storage.set_state(key, Staff.replying)
        await storage.update_data(key, {"report": "R-7K2Q"})

        assert await storage.get_state(key) == "Staff:replying"
        assert await storage.get_data(key) == {"report": "R-7K2Q"}
        keys = await _all_keys(storage.redis)
    finally:
        await storage.close()

    assert sorted(keys) == sorted([builder.build(key, "state"), builder.build(key, "data")])
    for redis_key in keys:
        assert KEY_FORMAT.match(redis_key)
        for number in (BOT_ID, STAFF_CHAT_ID, USER_ID):
            assert digits(number) not in redis_key


async def test_redis_event_isolation_locks_under_a_pseudonymous_key(redis_url, redis_client):
    isolation = RedisEventIsolation(redis=redis_client, key_builder=builder)
    key = StorageKey(bot_id=BOT_ID, chat_id=USER_ID, user_id=USER_ID)

    async with isolation.lock(key):
        held = await _all_keys(redis_client)

    assert held == [builder.build(key, "lock")]
    assert digits(USER_ID) not in held[0]
    assert await _all_keys(redis_client) == []
    await isolation.close()

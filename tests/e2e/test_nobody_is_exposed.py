"""After real conversations, no raw Telegram id, username, name or phone is kept anywhere."""

from __future__ import annotations

import io
from typing import Any

import redis.asyncio as redis
from sqlalchemy import MetaData, select

from bot.storage.db import make_engine
from tests.e2e.conftest import Backend
from tests.e2e.people import SandboxClient
from tests.e2e.test_foundation import say

PEOPLE: list[dict[str, Any]] = [
    {
        "first_name": "Zarinabonu",
        "last_name": "Kholmatova",
        "username": "zarina_khujand",
        "language_code": "tg",
        "id": 7301234567,
    },
    {
        "first_name": "Temirlan",
        "last_name": "Asanbekov",
        "username": "temir_osh_1990",
        "language_code": "ky",
        "id": 5123498765,
    },
]


async def everything_stored(backend: Backend) -> str:
    engine = make_engine(backend.database_url)
    rows: list[str] = []
    try:
        async with engine.connect() as connection:
            metadata = MetaData()
            await connection.run_sync(metadata.reflect)
            for table in metadata.sorted_tables:
                for row in (await connection.execute(select(table))).all():
                    # bytes as text too, so a string hidden in a stored photo is found
                    shown = [v.decode("latin-1") if isinstance(v, bytes) else v for v in row]
                    rows.append(f"{table.name}: {tuple(shown)!r}")
    finally:
        await engine.dispose()
    if backend.redis_url:
        client = redis.Redis.from_url(backend.redis_url)
        try:
            async for key in client.scan_iter():
                kind = (await client.type(key)).decode()
                if kind == "string":
                    value: Any = await client.get(key)
                elif kind == "hash":
                    value = await client.execute_command("HGETALL", key)
                else:
                    value = f"<{kind}>"  # aiogram keeps FSM state and data as strings only
                rows.append(f"redis {key!r}: {value!r}")
        finally:
            await client.aclose()
    return "\n".join(rows)


async def test_the_database_redis_and_logs_hold_no_identity(
    chat: SandboxClient, bot, backend: Backend, captured_logs: io.StringIO
) -> None:
    secrets = []
    for fields in PEOPLE:
        person = await chat.person(**fields)
        language = fields["language_code"]
        await person.send("/start")
        await person.press({"tg": "Тоҷикӣ", "ky": "Кыргызча"}[language])
        await person.press(say(language, "🌍 Other country"))
        await person.send(f"my name is {fields['first_name']} @{fields['username']}")
        await person.send_kind("contact")
        await person.send_kind("sticker")
        await person.press(say(language, "☰ Menu"))
        await person.press(say(language, "🌐 Language"))
        await person.press("Русский")
        contact = next(m for m in person.own if m.get("contact"))["contact"]
        secrets += [
            str(fields["id"]),
            fields["username"],
            fields["first_name"],
            fields["last_name"],
        ]
        secrets += [contact["phone_number"].lstrip("+")]

    stored = await everything_stored(backend)
    assert "user_settings" in stored and "ru" in stored, (
        "the test must actually see the stored rows"
    )
    logs = captured_logs.getvalue()
    assert "is handled" in logs, "the logs were captured (aiogram logs every handled update)"
    for secret in secrets:
        assert secret not in stored, f"{secret!r} is stored"
        assert secret not in logs, f"{secret!r} is in the logs"

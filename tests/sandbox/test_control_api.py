"""The control API that tests and the web page use, and the raw HTTP shape of the Bot API."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox.server import Sandbox, serve
from tests.sandbox.conftest import TOKEN, Running, until

ONE_BUTTON = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a")]]
)


async def test_users_get_realistic_ids_and_private_chats(running: Running) -> None:
    created = await running.control(
        "POST", "users", {"first_name": "Ғайрат", "language_code": "tg", "username": "gayrat"}
    )
    user = created["user"]
    assert 100_000_000 <= user["id"] < 10_000_000_000
    assert created["chat_id"] == user["id"]
    assert user == {
        "id": user["id"],
        "is_bot": False,
        "first_name": "Ғайрат",
        "username": "gayrat",
        "language_code": "tg",
    }
    explicit = await running.control("POST", "users", {"first_name": "Bob", "id": 555000111})
    assert explicit["chat_id"] == 555000111
    listed = (await running.control("GET", "users"))["users"]
    assert [u["first_name"] for u in listed] == ["Ғайрат", "Bob"]

    duplicate = await running.http.post("/sandbox/users", json={"first_name": "X", "id": 555000111})
    assert duplicate.status_code == 400
    nameless = await running.http.post("/sandbox/users", json={"last_name": "X"})
    assert nameless.status_code == 400 and "first_name" in nameless.json()["error"]


async def test_supergroups_get_telegram_style_negative_ids(running: Running) -> None:
    chat = (
        await running.control(
            "POST", "chats", {"type": "supergroup", "title": "Staff", "is_forum": True}
        )
    )["chat"]
    assert str(chat["id"]).startswith("-100") and len(str(chat["id"])) == 14
    assert chat == {"id": chat["id"], "type": "supergroup", "title": "Staff", "is_forum": True}


@pytest.mark.parametrize("kind", ["sticker", "voice", "photo", "document", "contact", "location"])
async def test_every_message_kind_parses_in_aiogram(bot: Bot, running: Running, kind: str) -> None:
    user = await running.new_user("Rustam")
    sent = await running.control(
        "POST", f"chats/{user}/messages", {"from_id": user, "kind": kind, "caption": "see"}
    )
    [update] = await bot.get_updates()
    assert update.update_id == sent["update_id"]
    message = update.message
    assert message is not None and getattr(message, kind)
    if kind == "contact":
        assert message.contact is not None and message.contact.user_id == user
        assert message.contact.phone_number.startswith("+998")
    shown = (await running.view(user))["messages"][0]
    assert shown["kind"] == kind and shown["from_bot"] is False


async def test_bad_user_messages_are_rejected(running: Running) -> None:
    owner = await running.new_user("Owner")
    stranger = await running.new_user("Stranger")
    cases = [
        (f"chats/{owner}/messages", {"from_id": stranger, "text": "hi"}),
        (f"chats/{owner}/messages", {"from_id": owner, "text": "  "}),
        (f"chats/{owner}/messages", {"from_id": owner, "kind": "video"}),
        (f"chats/{owner}/messages", {"from_id": 42, "text": "hi"}),
        (f"chats/{owner}/messages", {"from_id": owner, "text": "x", "message_thread_id": 77}),
    ]
    for path, body in cases:
        response = await running.http.post(f"/sandbox/{path}", json=body)
        assert response.status_code == 400, (body, response.text)
        assert response.json()["ok"] is False
    missing = await running.http.post("/sandbox/chats/-1001/messages", json={"from_id": owner})
    assert missing.status_code == 404


async def test_callbacks_need_a_live_button_with_that_data(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    message_id = (await bot.send_message(user, "menu", reply_markup=ONE_BUTTON)).message_id

    async def press(data: str, target: int = message_id) -> httpx.Response:
        body = {"from_id": user, "message_id": target, "data": data}
        return await running.http.post(f"/sandbox/chats/{user}/callback", json=body)

    assert (await press("a")).status_code == 200
    assert (await press("b")).status_code == 400
    assert (await press("a", 999)).status_code == 400
    await bot.edit_message_reply_markup(chat_id=user, message_id=message_id)
    assert (await press("a")).status_code == 400
    await bot.edit_message_reply_markup(
        chat_id=user, message_id=message_id, reply_markup=ONE_BUTTON
    )
    assert (await press("a")).status_code == 200
    await bot.delete_message(user, message_id)
    assert (await press("a")).status_code == 400


async def test_wait_returns_when_the_chat_changes(running: Running) -> None:
    user = await running.new_user()
    version = (await running.view(user))["version"]
    waiting = asyncio.create_task(
        running.http.get(f"/sandbox/chats/{user}/wait?after={version}&timeout=25")
    )
    await until(lambda: running.sandbox.chats[user].signal.waiting > 0)
    await running.bot_call("sendMessage", chat_id=user, text="news")
    body = (await waiting).json()
    assert body["version"] > version
    assert body["messages"][-1]["text"] == "news"

    unchanged = await running.http.get(
        f"/sandbox/chats/{user}/wait?after={body['version']}&timeout=0"
    )
    assert unchanged.json()["version"] == body["version"]
    at_once = await running.http.get(f"/sandbox/chats/{user}/wait?after=-1&timeout=25")
    assert at_once.json()["version"] == body["version"]


async def test_every_change_bumps_the_version(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    versions = [(await running.view(user))["version"]]

    async def changed() -> None:
        versions.append((await running.view(user))["version"])
        assert versions[-1] > versions[-2]

    said = await running.say(user, user, "hi")
    await changed()
    sent = await bot.send_message(user, "menu", reply_markup=ONE_BUTTON)
    await changed()
    await bot.edit_message_text("menu 2", chat_id=user, message_id=sent.message_id)
    await changed()
    await bot.delete_message(user, said["message"]["message_id"])
    await changed()
    sent = await bot.send_message(user, "again", reply_markup=ONE_BUTTON)
    await changed()
    pressed = await running.control(
        "POST",
        f"chats/{user}/callback",
        {"from_id": user, "message_id": sent.message_id, "data": "a"},
    )
    await bot.answer_callback_query(pressed["callback_query_id"], text="Done")
    await changed()


async def test_a_one_time_keyboard_goes_away_after_use(running: Running) -> None:
    user = await running.new_user()
    await running.bot_call(
        "sendMessage",
        chat_id=user,
        text="pick",
        reply_markup={"keyboard": [["Yes", "No"]], "one_time_keyboard": True},
    )
    view = await running.view(user)
    assert view["reply_keyboard"]["keyboard"] == [[{"text": "Yes"}, {"text": "No"}]]
    await running.say(user, user, "Yes")
    assert (await running.view(user))["reply_keyboard"] is None


async def test_writing_to_the_bot_unblocks_it(running: Running) -> None:
    user = await running.new_user()
    blocked = await running.control("POST", f"users/{user}/block", {"blocked": True})
    assert blocked["user"]["blocked"] is True
    refused = await running.bot_call("sendMessage", chat_id=user, text="hi")
    assert refused.status_code == 403
    assert refused.json() == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }
    await running.say(user, user, "/start")
    assert (await running.bot_call("sendMessage", chat_id=user, text="hi")).status_code == 200


async def test_bot_api_error_shapes(running: Running) -> None:
    unknown = await running.http.post(f"/bot{TOKEN}/sendTelepathy", json={})
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    bad_token = await running.http.post("/botnot-a-token/getMe")
    assert bad_token.status_code == 401 and bad_token.json()["description"] == "Unauthorized"
    no_chat = await running.http.post(f"/bot{TOKEN}/sendMessage", json={"chat_id": 1, "text": "x"})
    assert no_chat.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: chat not found",
    }
    await running.control(
        "POST", "faults", {"method": "getMe", "error_code": 429, "retry_after": 5}
    )
    limited = await running.http.get(f"/bot{TOKEN}/getMe")
    assert limited.status_code == 429
    assert limited.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 5",
        "parameters": {"retry_after": 5},
    }


async def test_method_names_are_case_insensitive_and_all_body_kinds_work(running: Running) -> None:
    user = await running.new_user()
    markup = {"inline_keyboard": [[{"text": "Ок", "callback_data": "ok"}]]}
    as_json = await running.http.post(
        f"/bot{TOKEN}/SENDMESSAGE", json={"chat_id": user, "text": "json", "reply_markup": markup}
    )
    as_form = await running.http.post(
        f"/bot{TOKEN}/sendmessage",
        data={
            "chat_id": str(user),
            "text": "<b>form</b>",
            "parse_mode": "HTML",
            "reply_markup": json.dumps(markup),
        },
    )
    as_query = await running.http.get(
        f"/bot{TOKEN}/sendMessage", params={"chat_id": user, "text": "query"}
    )
    as_multipart = await running.http.post(
        f"/bot{TOKEN}/sendDocument",
        data={"chat_id": str(user), "document": "attach://f1"},
        files={"f1": ("note.txt", b"hello", "text/plain")},
    )
    for response in (as_json, as_form, as_query, as_multipart):
        assert response.status_code == 200, response.text
        assert response.json()["ok"] is True
    texts = [m["text"] for m in (await running.view(user))["messages"]]
    assert texts == ["json", "form", "query", ""]
    assert as_form.json()["result"]["reply_markup"] == markup
    assert as_multipart.json()["result"]["document"]["file_name"] == "note.txt"


async def test_the_log_records_every_call(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    await bot.send_message(user, "fine")
    with pytest.raises(Exception, match="can't parse entities"):
        await bot.send_message(user, "<b>broken", parse_mode="HTML")
    calls = (await running.control("GET", "log"))["calls"]
    assert [(c["method"], c["ok"], c.get("error_code")) for c in calls] == [
        ("sendMessage", True, None),
        ("sendMessage", False, 400),
    ]
    assert calls[1]["chat_id"] == user
    assert calls[1]["description"].startswith("Bad Request: can't parse entities")


async def test_handled_waits_for_the_bot_to_confirm_the_update(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    update_id = (await running.say(user, user, "hi"))["update_id"]
    not_yet = await running.http.get(f"/sandbox/updates/{update_id}/handled?timeout=0")
    assert not_yet.status_code == 504 and not_yet.json()["handled"] is False
    waiting = asyncio.create_task(
        running.http.get(f"/sandbox/updates/{update_id}/handled?timeout=25")
    )
    [update] = await bot.get_updates()  # fetched, not yet confirmed
    assert not waiting.done()
    await bot.get_updates(offset=update.update_id + 1)
    assert (await waiting).json() == {"ok": True, "handled": True}
    unknown = await running.http.get(f"/sandbox/updates/{update_id + 100}/handled")
    assert unknown.status_code == 404


async def test_page_health_and_static_files(running: Running) -> None:
    assert (await running.http.get("/healthz")).text == "ok"
    page = await running.http.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert '<script src="/static/app.js">' in page.text
    for asset in ("/static/app.js", "/static/style.css"):
        assert (await running.http.get(asset)).status_code == 200


async def test_shutdown_ends_pending_long_polls_promptly() -> None:
    sandbox = Sandbox()
    runner, base_url = await serve(sandbox)
    async with httpx.AsyncClient(base_url=base_url, trust_env=False, timeout=30) as http:
        user = (await http.post("/sandbox/users", json={"first_name": "A"})).json()["chat_id"]
        poll = asyncio.create_task(http.get(f"/bot{TOKEN}/getUpdates", params={"timeout": 100}))
        wait = asyncio.create_task(http.get(f"/sandbox/chats/{user}/wait?after=0&timeout=100"))
        await until(lambda: sandbox.update_signal.waiting > 0)
        await until(lambda: sandbox.chats[user].signal.waiting > 0)
        await runner.cleanup()
        assert (await poll).json() == {"ok": True, "result": []}
        assert (await wait).status_code == 200

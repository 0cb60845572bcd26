"""The sandbox's Bot API through a real aiogram Bot: every result must parse, every error must be
the exception aiogram raises for Telegram's."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BufferedInputFile,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)

from bot.sandbox.state import USER_PHOTO_BYTES
from tests.sandbox.conftest import BOT_ID, Running, until


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data)] for text, data in pairs
        ]
    )


async def test_get_me_uses_the_token_digits(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == BOT_ID
    assert me.is_bot
    assert me.username == "helpline_sandbox_bot"


async def test_send_message_with_html_and_an_inline_keyboard(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    sent = await bot.send_message(
        user,
        "<b>Салом</b>, Дилноза! ҷ ҳ қ 😀\n<i>oʻ gʻ</i>",
        parse_mode="HTML",
        reply_markup=keyboard(("Ҳа", "yes"), ("No", "no")),
    )
    assert sent.text == "Салом, Дилноза! ҷ ҳ қ 😀\noʻ gʻ"
    assert sent.from_user is not None and sent.from_user.id == BOT_ID
    assert sent.chat.id == user and sent.chat.type == "private"
    assert [e.type for e in sent.entities or []] == ["bold", "italic"]
    assert isinstance(sent.reply_markup, InlineKeyboardMarkup)
    assert sent.html_text == "<b>Салом</b>, Дилноза! ҷ ҳ қ 😀\n<i>oʻ gʻ</i>"

    [shown] = (await running.view(user))["messages"]
    assert shown["from_bot"] is True
    assert shown["html"] == "<b>Салом</b>, Дилноза! ҷ ҳ қ 😀\n<i>oʻ gʻ</i>"
    assert shown["text"] == sent.text
    assert shown["reply_markup"]["inline_keyboard"][0][0] == {"text": "Ҳа", "callback_data": "yes"}


async def test_without_parse_mode_tags_are_plain_text(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    sent = await bot.send_message(user, "<b>not bold</b> & <unknown>")
    assert sent.text == "<b>not bold</b> & <unknown>"
    [shown] = (await running.view(user))["messages"]
    assert shown["html"] == "&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;unknown&gt;"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<b>unclosed", "can't parse entities: Can't find end tag"),
        ("<p>para</p>", 'can\'t parse entities: Unsupported start tag "p"'),
        ("Tom & Jerry", "can't parse entities"),
        ("   ", "message text is empty"),
        ("<b> </b>", "message text is empty"),
        ("x" * 4097, "message is too long"),
        ("😀" * 2049, "message is too long"),
        ("<b>" + "x" * 4097 + "</b>", "message is too long"),
    ],
)
async def test_bad_text_is_a_bad_request(bot: Bot, running: Running, text: str, error: str) -> None:
    user = await running.new_user()
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_message(user, text, parse_mode="HTML")
    assert f"Bad Request: {error}" in raised.value.message
    assert (await running.view(user))["messages"] == []


async def test_limits_count_utf16_units_after_parsing(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    await bot.send_message(user, "😀" * 2048, parse_mode="HTML")
    await bot.send_message(user, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert len((await running.view(user))["messages"]) == 2


async def test_callback_data_must_be_1_to_64_bytes(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    await bot.send_message(user, "ok", reply_markup=keyboard(("x", "ж" * 32)))  # 64 bytes
    for data in ("ж" * 33, "x" * 65):
        with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
            await bot.send_message(user, "too long", reply_markup=keyboard(("x", data)))


async def test_url_buttons_are_allowed(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Site", url="https://example.org/")]]
    )
    sent = await bot.send_message(user, "see", reply_markup=markup)
    assert isinstance(sent.reply_markup, InlineKeyboardMarkup)
    assert sent.reply_markup.inline_keyboard[0][0].url == "https://example.org/"


async def test_edit_message_text(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    sent = await bot.send_message(user, "one", reply_markup=keyboard(("a", "a")))
    edited = await bot.edit_message_text(
        "<i>two</i>",
        chat_id=user,
        message_id=sent.message_id,
        parse_mode="HTML",
        reply_markup=keyboard(("b", "b")),
    )
    assert not isinstance(edited, bool)
    assert edited.text == "two" and edited.edit_date is not None
    with pytest.raises(TelegramBadRequest, match="message is not modified: specified new"):
        await bot.edit_message_text(
            "<i>two</i>",
            chat_id=user,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=keyboard(("b", "b")),
        )
    # Without reply_markup Telegram drops the keyboard: that is a modification.
    await bot.edit_message_text(
        "<i>two</i>", chat_id=user, message_id=sent.message_id, parse_mode="HTML"
    )
    [shown] = (await running.view(user))["messages"]
    assert shown["edited"] and shown["reply_markup"] is None and shown["html"] == "<i>two</i>"
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=user, message_id=999)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.edit_message_text(
            "<b>x", chat_id=user, message_id=sent.message_id, parse_mode="HTML"
        )


async def test_edit_message_reply_markup(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    sent = await bot.send_message(user, "menu", reply_markup=keyboard(("a", "a")))
    edited = await bot.edit_message_reply_markup(
        chat_id=user, message_id=sent.message_id, reply_markup=keyboard(("b", "b"))
    )
    assert not isinstance(edited, bool) and edited.reply_markup is not None
    assert edited.reply_markup.inline_keyboard[0][0].callback_data == "b"
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=user, message_id=sent.message_id, reply_markup=keyboard(("b", "b"))
        )


async def test_delete_message(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    sent = await bot.send_message(user, "bye")
    assert await bot.delete_message(user, sent.message_id) is True
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(user, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=user, message_id=sent.message_id)
    [shown] = (await running.view(user))["messages"]
    assert shown["deleted"] is True


async def test_delete_messages_skips_missing_ones(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    first = await bot.send_message(user, "1")
    second = await bot.send_message(user, "2")
    assert await bot.delete_messages(user, [first.message_id, second.message_id, 999])
    assert all(m["deleted"] for m in (await running.view(user))["messages"])


async def test_a_callback_query_round_trip(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    sent = await bot.send_message(user, "choose", reply_markup=keyboard(("Yes", "yes")))
    pressed = await running.control(
        "POST",
        f"chats/{user}/callback",
        {"from_id": user, "message_id": sent.message_id, "data": "yes"},
    )
    [update] = await bot.get_updates()
    assert update.update_id == pressed["update_id"]
    query = update.callback_query
    assert query is not None and query.id == pressed["callback_query_id"]
    assert query.data == "yes" and query.from_user.id == user
    assert query.message is not None and query.message.message_id == sent.message_id

    assert await bot.answer_callback_query(query.id, text="Saved ✅", show_alert=True)
    with pytest.raises(TelegramBadRequest, match="query is too old and response timeout expired"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("12345")
    [alert] = (await running.view(user))["alerts"]
    assert alert["text"] == "Saved ✅" and alert["show_alert"] is True


async def test_reply_keyboards_and_force_reply(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    await bot.send_message(
        user,
        "pick",
        reply_markup=ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text="Русский"), KeyboardButton(text="Тоҷикӣ")]],
            resize_keyboard=True,
        ),
    )
    view = await running.view(user)
    assert [b["text"] for b in view["reply_keyboard"]["keyboard"][0]] == ["Русский", "Тоҷикӣ"]
    assert view["messages"][0]["reply_markup"] is None  # Telegram echoes only inline keyboards
    await bot.send_message(user, "typed?", reply_markup=ForceReply(input_field_placeholder="…"))
    assert (await running.view(user))["force_reply"]["force_reply"] is True
    await bot.send_message(user, "gone", reply_markup=ReplyKeyboardRemove())
    assert (await running.view(user))["reply_keyboard"] is None


async def test_send_document_upload_and_file_id(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    sent = await bot.send_document(
        user,
        BufferedInputFile("Ҳуқуқҳо\n".encode(), filename="huquq.txt"),
        caption="<b>Your</b> receipt",
        parse_mode="HTML",
    )
    assert sent.document is not None and sent.document.file_name == "huquq.txt"
    assert sent.caption == "Your receipt"
    again = await bot.send_document(user, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id

    file = await bot.get_file(sent.document.file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == "Ҳуқуқҳо\n".encode()

    shown = (await running.view(user))["messages"][0]
    assert shown["document"]["file_name"] == "huquq.txt" and shown["html"] == "<b>Your</b> receipt"
    served = await running.http.get(shown["document"]["url"])
    assert served.content == "Ҳуқуқҳо\n".encode()

    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(user, sent.document.file_id, caption="x" * 1025)
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(user, "no-such-file")


async def test_send_photo(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    sent = await bot.send_photo(user, BufferedInputFile(USER_PHOTO_BYTES, filename="p.png"))
    assert sent.photo and (sent.photo[-1].width, sent.photo[-1].height) == (64, 48)
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(user, BufferedInputFile(b"not an image", filename="p.png"))
    with pytest.raises(TelegramBadRequest, match="can't use file of type Photo as Document"):
        await bot.send_document(user, sent.photo[-1].file_id)
    shown = (await running.view(user))["messages"][0]
    assert shown["photo"]["width"] == 64


async def test_forum_topics_and_copy_message(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    staff = (await running.control("POST", "chats", {"title": "Staff", "is_forum": True}))["chat"]
    assert staff["id"] < -1000000000000 and staff["type"] == "supergroup"
    said = await running.say(user, user, "My employer took my passport")

    topic = await bot.create_forum_topic(staff["id"], "Report R-7KQ2")
    assert topic.name == "Report R-7KQ2" and topic.message_thread_id > 0
    copied = await bot.copy_message(
        staff["id"], user, said["message"]["message_id"], message_thread_id=topic.message_thread_id
    )
    posted = await bot.send_message(
        staff["id"],
        "<b>New report</b>",
        parse_mode="HTML",
        message_thread_id=topic.message_thread_id,
    )
    assert posted.message_thread_id == topic.message_thread_id and posted.is_topic_message

    view = await running.view(staff["id"])
    by_id = {m["message_id"]: m for m in view["messages"]}
    assert by_id[copied.message_id]["text"] == "My employer took my passport"
    assert by_id[copied.message_id]["from_bot"] is True
    assert by_id[copied.message_id]["message_thread_id"] == topic.message_thread_id
    assert view["chat"]["topics"][0]["name"] == "Report R-7KQ2"

    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(staff["id"], "x", message_thread_id=424242)
    with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
        await bot.create_forum_topic(user, "nope")
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(staff["id"], user, 999)


async def test_forward_message(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    group = (await running.control("POST", "chats", {"title": "Staff", "is_forum": False}))["chat"]
    said = await running.say(user, user, "hello")
    forwarded = await bot.forward_message(group["id"], user, said["message"]["message_id"])
    assert forwarded.text == "hello" and forwarded.forward_origin is not None


async def test_get_chat(bot: Bot, running: Running) -> None:
    user = await running.new_user("Amina", last_name="K", username="amina_k")
    chat = await bot.get_chat(user)
    assert (chat.id, chat.type, chat.first_name, chat.username) == (
        user,
        "private",
        "Amina",
        "amina_k",
    )
    assert (await bot.get_chat("@amina_k")).id == user
    group = (await running.control("POST", "chats", {"title": "Staff", "is_forum": True}))["chat"]
    full = await bot.get_chat(group["id"])
    assert full.title == "Staff" and full.is_forum
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.get_chat(-100999)


async def test_get_chat_member(bot: Bot, running: Running) -> None:
    officer = await running.new_user("Officer")
    other = await running.new_user("Other")
    group = await running.control(
        "POST", "chats", {"title": "Staff", "is_forum": True, "admin_ids": [officer]}
    )
    group_id = group["chat"]["id"]
    assert (await bot.get_chat_member(group_id, officer)).status == "administrator"
    assert (await bot.get_chat_member(group_id, other)).status == "member"
    admins = await bot.get_chat_administrators(group_id)
    assert {a.user.id for a in admins} == {BOT_ID, officer}


async def test_commands_are_stored_per_scope_and_language(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    await bot.set_my_commands([BotCommand(command="start", description="Бошлаш")])
    await bot.set_my_commands(
        [
            BotCommand(command="start", description="Начать"),
            BotCommand(command="help", description="Помощь"),
        ],
        language_code="ru",
    )
    await bot.set_my_commands(
        [BotCommand(command="menu", description="Menu")], scope=BotCommandScopeAllPrivateChats()
    )
    await bot.set_my_commands(
        [BotCommand(command="forget", description="Forget me")],
        scope=BotCommandScopeChat(chat_id=user),
        language_code="en",
    )
    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["start", "help"]
    assert [c.description for c in await bot.get_my_commands()] == ["Бошлаш"]
    assert await bot.get_my_commands(language_code="tg") == []
    scoped = await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=user), language_code="en")
    assert [c.command for c in scoped] == ["forget"]

    stored = (await running.control("GET", "commands"))["commands"]
    assert {(e["scope"]["type"], e["language_code"]) for e in stored} == {
        ("default", ""),
        ("default", "ru"),
        ("all_private_chats", ""),
        ("chat", "en"),
    }
    assert await bot.delete_my_commands(language_code="ru")
    assert await bot.get_my_commands(language_code="ru") == []

    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])


async def test_get_updates_offset_semantics(bot: Bot, running: Running) -> None:
    user = await running.new_user(started=False)
    ids = [(await running.say(user, user, f"m{n}"))["update_id"] for n in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3

    # Kept while nobody polled, and re-sent until confirmed.
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates(limit=1)] == ids[:1]
    # An offset confirms (and drops for ever) every earlier update.
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates()] == ids[1:]
    assert await bot.get_updates(offset=ids[2] + 1) == []
    later = (await running.say(user, user, "m3"))["update_id"]
    assert later > ids[2]
    [update] = await bot.get_updates(offset=ids[2] + 1)
    assert update.update_id == later and update.message is not None
    assert update.message.text == "m3"
    # A negative offset keeps only the last updates.
    more = [(await running.say(user, user, f"n{n}"))["update_id"] for n in range(3)]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == more[-1:]


async def test_commands_from_users_carry_bot_command_entities(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    await running.say(user, user, "/start ref_42")
    [update] = await bot.get_updates()
    assert update.message is not None
    entities = update.message.entities or []
    assert [(e.type, e.offset, e.length) for e in entities] == [("bot_command", 0, 6)]


async def test_long_poll_returns_as_soon_as_an_update_arrives(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    poll = asyncio.create_task(bot.get_updates(timeout=25))
    await until(lambda: running.sandbox.update_signal.waiting > 0)
    await running.say(user, user, "wake up")
    [update] = await poll
    assert update.message is not None and update.message.text == "wake up"


async def test_a_newer_get_updates_ends_a_waiting_one_with_409(bot: Bot, running: Running) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=25))
    await until(lambda: running.sandbox.update_signal.waiting > 0)
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await first


async def test_webhook_methods(bot: Bot, running: Running) -> None:
    assert await bot.delete_webhook(drop_pending_updates=True)
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 0
    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == []


async def test_a_429_fault_gives_retry_after(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    await running.control(
        "POST", "faults", {"method": "sendMessage", "error_code": 429, "retry_after": 3, "times": 1}
    )
    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(user, "hi")
    assert raised.value.retry_after == 3
    assert "Too Many Requests: retry after 3" in raised.value.message
    await bot.send_message(user, "hi")  # only the next call failed


async def test_a_500_fault(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    await running.control(
        "POST", "faults", {"method": "sendmessage", "error_code": 500, "times": 2}
    )
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(user, "hi")
    await bot.send_message(user, "hi")


async def test_blocked_and_silent_users_are_forbidden(bot: Bot, running: Running) -> None:
    blocked = await running.new_user()
    await running.control("POST", f"users/{blocked}/block", {"blocked": True})
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(blocked, "hi")
    silent = await running.new_user(started=False)
    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation"):
        await bot.send_message(silent, "hi")
    await running.say(silent, silent, "/start")
    await bot.send_message(silent, "hi")


async def test_chat_not_found(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(123, "hi")


async def test_reply_to_a_message(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    said = await running.say(user, user, "question")
    answer = await bot.send_message(
        user, "answer", reply_parameters=ReplyParameters(message_id=said["message"]["message_id"])
    )
    assert answer.reply_to_message is not None and answer.reply_to_message.text == "question"
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(user, "x", reply_parameters=ReplyParameters(message_id=999))


async def test_chat_action(bot: Bot, running: Running) -> None:
    user = await running.new_user()
    assert await bot.send_chat_action(user, "typing")
    assert (await running.view(user))["last_action"]["action"] == "typing"

"""The Bot API side of the sandbox: `/bot<token>/<method>` requests in, Telegram-shaped JSON out."""

from __future__ import annotations

import asyncio
import json
import mimetypes
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.sandbox.state import (
    CALLBACK_ANSWER_LIMIT,
    CAPTION_LIMIT,
    TEXT_LIMIT,
    ApiError,
    ChatState,
    Markup,
    MessageState,
    Sandbox,
    StoredFile,
    TopicState,
    Upload,
    bad_request,
    check_reply_markup,
    image_size,
)
from bot.sandbox.telegram_html import (
    Entity,
    EntityParseError,
    FormattedText,
    parse_html,
    utf16_len,
)

Handler = Callable[[Sandbox, "Params"], Awaitable[Any]]
METHODS: dict[str, Handler] = {}

TOKEN_RE = re.compile(r"(\d+):(.+)")
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
TOPIC_COLORS = frozenset({7322096, 16766590, 13338331, 9367192, 16749490, 16478047})
COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_COMMAND_NAME_RE = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_CODE_RE = re.compile(r"[a-z]{2}")


def method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = handler
        return handler

    return register


class Params:
    """Request parameters; form bodies carry scalars as strings and objects as JSON strings,
    JSON bodies carry native values, so every getter accepts both."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload]) -> None:
        self.values = values
        self.uploads = uploads

    def raw(self, name: str) -> Any:
        value = self.values.get(name)
        return None if value is None or value == "" else value

    def has(self, name: str) -> bool:
        return name in self.values and self.values[name] is not None

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise bad_request(f'field "{name}" must be of type String')

    def integer(self, name: str) -> int | None:
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be of type Integer')
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            return int(value)
        raise bad_request(f'field "{name}" must be of type Integer')

    def required_int(self, name: str, missing: str) -> int:
        value = self.integer(name)
        if value is None:
            raise bad_request(missing)
        return value

    def flag(self, name: str) -> bool:
        value = self.raw(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)

    def json(self, name: str, what: str | None = None) -> Any:
        value = self.raw(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what or name} JSON object") from None

    def file(self, name: str) -> Upload | str | None:
        value = self.raw(name)
        if value is None or isinstance(value, Upload):
            return value
        if not isinstance(value, str):
            raise bad_request(f'field "{name}" must be of type String')
        if value.startswith("attach://"):
            upload = self.uploads.get(value[len("attach://") :])
            if upload is None:
                raise bad_request(f'can\'t find attached file "{value}"')
            return upload
        return value


async def read_params(request: web.Request) -> Params:
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.can_read_body:
        content_type = request.content_type
        if content_type == "application/json":
            try:
                body = json.loads(await request.text())
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if not isinstance(body, dict):
                raise bad_request("JSON object expected")
            values.update(body)
        elif content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    upload = Upload(value.filename, value.content_type, value.file.read())
                    uploads[key] = upload
                    values[key] = upload
                elif isinstance(value, bytes):
                    values[key] = value.decode("utf-8", "replace")
                else:
                    values[key] = value
    return Params(values, uploads)


class BotApi:
    """Dispatches Bot API calls, logs them, and injects configured faults."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def handle(self, request: web.Request) -> web.Response:
        sandbox = self.sandbox
        name = request.match_info["method"]
        entry: dict[str, Any] = {"method": name, "ok": False}
        try:
            match = TOKEN_RE.fullmatch(request.match_info["token"])
            if match is None:
                raise ApiError(401, "Unauthorized")
            sandbox.bot_id = int(match.group(1))
            handler = METHODS.get(name.lower())
            if handler is None:
                raise ApiError(404, "Not Found")
            params = await read_params(request)
            chat_id = params.raw("chat_id")
            if chat_id is not None:
                entry["chat_id"] = _int_or_str(chat_id)
            fault = sandbox.faults.get(name.lower())
            if fault is not None and fault.times > 0:
                fault.times -= 1
                raise ApiError(fault.error_code, fault.description, retry_after=fault.retry_after)
            result = await handler(sandbox, params)
            entry["ok"] = True
            return web.json_response({"ok": True, "result": result})
        except ApiError as error:
            entry["error_code"] = error.error_code
            entry["description"] = error.description
            return web.json_response(error.to_json(), status=error.error_code)
        finally:
            entry["at"] = time.time()
            sandbox.calls.append(entry)

    async def download(self, request: web.Request) -> web.Response:
        stored = self.sandbox.file_by_path(request.match_info["path"])
        if stored is None or TOKEN_RE.fullmatch(request.match_info["token"]) is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.data, content_type=stored.mime_type or None)


def _int_or_str(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    return value


# ---- helpers shared by methods ---------------------------------------------------------------


def resolve_chat(sandbox: Sandbox, params: Params, name: str = "chat_id") -> ChatState:
    value = params.raw(name)
    if value is None:
        raise bad_request(f"{name} is empty")
    if isinstance(value, str) and value.startswith("@"):
        return sandbox.chat_by_username(value[1:])
    try:
        chat_id = params.integer(name)
    except ApiError:
        raise bad_request("chat not found") from None
    assert chat_id is not None
    return sandbox.chat(chat_id)


def formatted(
    params: Params,
    field: str,
    *,
    limit: int,
    empty: str | None,
    too_long: str,
    mode_field: str = "parse_mode",
    entities_field: str = "entities",
) -> FormattedText | None:
    """Parse text or caption as Telegram does; None for an absent optional caption."""
    raw = params.text(field) or ""
    mode = (params.text(mode_field) or "").strip().lower()
    try:
        if mode == "html":
            content = parse_html(raw)
        elif mode in ("markdown", "markdownv2"):
            raise bad_request(
                "can't parse entities: the sandbox implements only the HTML parse mode"
            )
        elif mode:
            raise bad_request("unsupported parse_mode")
        else:
            given = params.json(entities_field, "entities")
            if given is not None and not isinstance(given, list):
                raise bad_request("can't parse entities JSON object")
            content = FormattedText(raw, tuple(Entity.from_json(e) for e in given or []))
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    content = content.strip()
    if not content.text:
        if empty is None:
            return None
        raise bad_request(empty)
    if utf16_len(content.text) > limit:
        raise bad_request(too_long)
    return content


def message_text(params: Params) -> FormattedText:
    content = formatted(
        params,
        "text",
        limit=TEXT_LIMIT,
        empty="message text is empty",
        too_long="message is too long",
    )
    assert content is not None
    return content


def caption(params: Params) -> FormattedText | None:
    return formatted(
        params,
        "caption",
        limit=CAPTION_LIMIT,
        empty=None,
        too_long="message caption is too long",
        entities_field="caption_entities",
    )


def markup(params: Params, *, inline_only: bool = False) -> Markup | None:
    value = params.json("reply_markup", "reply keyboard markup")
    if value is None:
        return None
    return check_reply_markup(value, inline_only=inline_only)


def reply_target(sandbox: Sandbox, chat: ChatState, params: Params) -> int | None:
    reply = params.json("reply_parameters", "reply parameters")
    if isinstance(reply, dict) and isinstance(reply.get("message_id"), int):
        message_id: int | None = reply["message_id"]
        allow_missing = bool(reply.get("allow_sending_without_reply"))
    else:
        message_id = params.integer("reply_to_message_id")
        allow_missing = params.flag("allow_sending_without_reply")
    if message_id is None:
        return None
    target = chat.messages.get(message_id)
    if target is None or target.deleted:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    return message_id


def send(
    sandbox: Sandbox,
    chat: ChatState,
    params: Params,
    *,
    kind: str,
    content: FormattedText | None,
    media: dict[str, Any] | None = None,
    reply_markup: Markup | None = None,
) -> MessageState:
    thread_id = params.integer("message_thread_id")
    sandbox.check_thread(chat, thread_id)
    reply_to = reply_target(sandbox, chat, params)
    sandbox.check_can_send(chat)
    message = sandbox.new_message(
        chat,
        sender_id=sandbox.bot_id,
        from_bot=True,
        kind=kind,
        content=content,
        media=media,
        thread_id=thread_id,
        reply_to=reply_to,
    )
    sandbox.apply_markup(chat, message, reply_markup)
    return sandbox.add_message(chat, message)


def input_file(sandbox: Sandbox, params: Params, field: str) -> Upload | StoredFile:
    value = params.file(field)
    if value is None:
        raise bad_request(f"there is no {field} in the request")
    if isinstance(value, Upload):
        if not value.data:
            raise bad_request("file must be non-empty")
        return value
    if value.startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")
    stored = sandbox.files.get(value)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != field:
        raise bad_request(
            f"can't use file of type {stored.kind.capitalize()} as {field.capitalize()}"
        )
    return stored


def edit_target(sandbox: Sandbox, params: Params) -> tuple[ChatState, MessageState]:
    if params.raw("inline_message_id") is not None:
        raise bad_request("MESSAGE_ID_INVALID")
    chat = resolve_chat(sandbox, params)
    message_id = params.required_int("message_id", "message identifier is not specified")
    message = sandbox.find_message(chat, message_id, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    sandbox.check_can_send(chat)
    return chat, message


def finish_edit(sandbox: Sandbox, chat: ChatState, message: MessageState) -> dict[str, Any]:
    message.edit_date = int(time.time())
    sandbox.touch(chat)
    return sandbox.message_json(message)


# ---- getting updates -------------------------------------------------------------------------


@method("getMe")
async def get_me(sandbox: Sandbox, params: Params) -> Any:
    data = sandbox.bot_user_json()
    data.update(
        {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
    )
    return data


@method("logOut")
@method("close")
async def log_out(sandbox: Sandbox, params: Params) -> Any:
    return True


@method("getUpdates")
async def get_updates(sandbox: Sandbox, params: Params) -> Any:
    if sandbox.webhook["url"]:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    offset = params.integer("offset")
    limit = min(max(params.integer("limit") or 100, 1), 100)
    timeout = min(max(params.integer("timeout") or 0, 0), 100)
    allowed = params.json("allowed_updates", "allowed updates")
    if isinstance(allowed, list):
        sandbox.allowed_updates = [str(kind) for kind in allowed]
    if offset is not None:
        sandbox.confirm_updates(offset)
    # Like Telegram, a newer getUpdates ends an older one that is still waiting.
    sandbox.poll_generation += 1
    generation = sandbox.poll_generation
    sandbox.update_signal.notify()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not sandbox.updates and not sandbox.closing:
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        await sandbox.update_signal.wait(remaining)
        if generation != sandbox.poll_generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
    return sandbox.updates[:limit]


@method("setWebhook")
async def set_webhook(sandbox: Sandbox, params: Params) -> Any:
    url = params.text("url") or ""
    if url and not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if params.flag("drop_pending_updates"):
        sandbox.drop_pending_updates()
    sandbox.webhook = {"url": url}
    allowed = params.json("allowed_updates", "allowed updates")
    if isinstance(allowed, list):
        sandbox.webhook["allowed_updates"] = [str(kind) for kind in allowed]
    return True


@method("deleteWebhook")
async def delete_webhook(sandbox: Sandbox, params: Params) -> Any:
    if params.flag("drop_pending_updates"):
        sandbox.drop_pending_updates()
    sandbox.webhook = {"url": ""}
    return True


@method("getWebhookInfo")
async def get_webhook_info(sandbox: Sandbox, params: Params) -> Any:
    info: dict[str, Any] = {
        "url": sandbox.webhook["url"],
        "has_custom_certificate": False,
        "pending_update_count": len(sandbox.updates),
    }
    if "allowed_updates" in sandbox.webhook:
        info["allowed_updates"] = sandbox.webhook["allowed_updates"]
    return info


# ---- bot settings ----------------------------------------------------------------------------


def _language(params: Params) -> str:
    language = params.text("language_code") or ""
    if language and not _LANGUAGE_CODE_RE.fullmatch(language):
        raise bad_request("invalid language code specified")
    return language


def _scope(sandbox: Sandbox, params: Params) -> dict[str, Any]:
    scope = params.json("scope", "bot command scope")
    if scope is None:
        return {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    scope = {k: v for k, v in scope.items() if v is not None}
    if "chat_id" in scope:
        chat_id = scope["chat_id"]
        if isinstance(chat_id, str) and re.fullmatch(r"-?\d+", chat_id):
            chat_id = scope["chat_id"] = int(chat_id)
        if not isinstance(chat_id, int) or chat_id not in sandbox.chats:
            raise bad_request("chat not found")
    return scope


@method("setMyCommands")
async def set_my_commands(sandbox: Sandbox, params: Params) -> Any:
    commands = params.json("commands", "bot commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse BotCommand array JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    clean = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND_NAME_RE.fullmatch(name.removeprefix("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        clean.append({"command": name.removeprefix("/"), "description": description.strip()})
    scope, language = _scope(sandbox, params), _language(params)
    key = (sandbox.scope_key(scope), language)
    if clean:
        sandbox.commands[key] = (scope, clean)
    else:
        sandbox.commands.pop(key, None)
    return True


@method("getMyCommands")
async def get_my_commands(sandbox: Sandbox, params: Params) -> Any:
    key = (sandbox.scope_key(_scope(sandbox, params)), _language(params))
    return sandbox.commands.get(key, ({}, []))[1]


@method("deleteMyCommands")
async def delete_my_commands(sandbox: Sandbox, params: Params) -> Any:
    key = (sandbox.scope_key(_scope(sandbox, params)), _language(params))
    sandbox.commands.pop(key, None)
    return True


def _bot_text_methods(field: str, limit: int) -> None:
    camel = "".join(part.capitalize() for part in field.split("_"))

    async def setter(sandbox: Sandbox, params: Params) -> Any:
        value = params.text(field) or ""
        if len(value) > limit:
            raise bad_request(f"{field.replace('_', ' ')} is too long")
        sandbox.bot_texts[(field, _language(params))] = value
        return True

    async def getter(sandbox: Sandbox, params: Params) -> Any:
        return {field: sandbox.bot_texts.get((field, _language(params)), "")}

    method(f"setMy{camel}")(setter)
    method(f"getMy{camel}")(getter)


_bot_text_methods("description", 512)
_bot_text_methods("short_description", 120)
_bot_text_methods("name", 64)


@method("setChatMenuButton")
async def set_chat_menu_button(sandbox: Sandbox, params: Params) -> Any:
    chat_id = params.integer("chat_id")
    button = params.json("menu_button", "menu button")
    if button is not None and not isinstance(button, dict):
        raise bad_request("can't parse MenuButton JSON object")
    sandbox.menu_buttons[chat_id] = button or {"type": "default"}
    return True


@method("getChatMenuButton")
async def get_chat_menu_button(sandbox: Sandbox, params: Params) -> Any:
    chat_id = params.integer("chat_id")
    return (
        sandbox.menu_buttons.get(chat_id) or sandbox.menu_buttons.get(None) or {"type": "default"}
    )


# ---- messages --------------------------------------------------------------------------------


@method("sendMessage")
async def send_message(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    content = message_text(params)
    message = send(sandbox, chat, params, kind="text", content=content, reply_markup=markup(params))
    return sandbox.message_json(message)


@method("editMessageText")
async def edit_message_text(sandbox: Sandbox, params: Params) -> Any:
    chat, message = edit_target(sandbox, params)
    if message.kind != "text":
        raise bad_request("there is no text in the message to edit")
    content = message_text(params)
    new_markup = markup(params, inline_only=True)
    reply_markup = new_markup.data if new_markup else None
    if content == message.content and reply_markup == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    message.content, message.reply_markup = content, reply_markup
    return finish_edit(sandbox, chat, message)


@method("editMessageCaption")
async def edit_message_caption(sandbox: Sandbox, params: Params) -> Any:
    chat, message = edit_target(sandbox, params)
    if message.kind in ("text", "service", "sticker", "contact", "location"):
        raise bad_request("there is no caption in the message to edit")
    content = caption(params)
    new_markup = markup(params, inline_only=True)
    reply_markup = new_markup.data if new_markup else None
    if content == message.content and reply_markup == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    message.content, message.reply_markup = content, reply_markup
    return finish_edit(sandbox, chat, message)


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(sandbox: Sandbox, params: Params) -> Any:
    chat, message = edit_target(sandbox, params)
    new_markup = markup(params, inline_only=True)
    reply_markup = new_markup.data if new_markup else None
    if reply_markup == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    message.reply_markup = reply_markup
    return finish_edit(sandbox, chat, message)


@method("deleteMessage")
async def delete_message(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    message_id = params.required_int("message_id", "message identifier is not specified")
    message = sandbox.find_message(chat, message_id, "message to delete not found")
    message.deleted = True
    sandbox.touch(chat)
    return True


@method("deleteMessages")
async def delete_messages(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    ids = params.json("message_ids", "message identifiers")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message identifiers are not specified")
    changed = False
    for message_id in ids:
        message = chat.messages.get(message_id) if isinstance(message_id, int) else None
        if message is not None and not message.deleted:
            message.deleted = changed = True
    if changed:
        sandbox.touch(chat)
    return True


@method("answerCallbackQuery")
async def answer_callback_query(sandbox: Sandbox, params: Params) -> Any:
    query_id = params.text("callback_query_id") or ""
    callback = sandbox.callbacks.get(query_id)
    if callback is None or callback.answered:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = params.text("text") or ""
    if len(text) > CALLBACK_ANSWER_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG")
    callback.answered = True
    if text:
        chat = sandbox.chats[callback.chat_id]
        chat.alerts.append(
            {
                "text": text,
                "show_alert": params.flag("show_alert"),
                "at": time.time(),
                "message_id": callback.message_id,
                "user_id": callback.user_id,
            }
        )
        sandbox.touch(chat)
    return True


@method("sendChatAction")
async def send_chat_action(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    action = params.text("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    sandbox.check_thread(chat, params.integer("message_thread_id"))
    sandbox.check_can_send(chat)
    chat.last_action = {"action": action, "at": time.time()}
    return True


@method("sendDocument")
async def send_document(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    source = input_file(sandbox, params, "document")
    if isinstance(source, Upload):
        name = source.filename or "document"
        mime = mimetypes.guess_type(name)[0] or source.content_type or "application/octet-stream"
        source = sandbox.store_file("document", source.data, file_name=name, mime_type=mime)
    message = send(
        sandbox,
        chat,
        params,
        kind="document",
        content=caption(params),
        media={"document": sandbox.document_json(source)},
        reply_markup=markup(params),
    )
    return sandbox.message_json(message)


@method("sendPhoto")
async def send_photo(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    source = input_file(sandbox, params, "photo")
    if isinstance(source, Upload):
        size = image_size(source.data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        sizes = sandbox.photo_sizes(source.data, *size)
    else:
        sizes = [
            {
                "file_id": source.file_id,
                "file_unique_id": source.file_unique_id,
                "file_size": len(source.data),
                "width": source.width or 1,
                "height": source.height or 1,
            }
        ]
    message = send(
        sandbox,
        chat,
        params,
        kind="photo",
        content=caption(params),
        media={"photo": sizes},
        reply_markup=markup(params),
    )
    return sandbox.message_json(message)


def _source_message(sandbox: Sandbox, params: Params, missing: str) -> MessageState:
    source_chat = resolve_chat(sandbox, params, "from_chat_id")
    message_id = params.required_int("message_id", "message identifier is not specified")
    source = sandbox.find_message(source_chat, message_id, missing)
    if source.kind == "service":
        raise bad_request("message can't be copied")
    return source


@method("copyMessage")
async def copy_message(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    source = _source_message(sandbox, params, "message to copy not found")
    content = source.content
    if source.kind != "text" and params.has("caption"):
        content = caption(params)
    message = send(
        sandbox,
        chat,
        params,
        kind=source.kind,
        content=content,
        media=json.loads(json.dumps(source.media)),
        reply_markup=markup(params),
    )
    return {"message_id": message.message_id}


@method("forwardMessage")
async def forward_message(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    source = _source_message(sandbox, params, "message to forward not found")
    sender = (
        sandbox.bot_user_json() if source.from_bot else sandbox.users[source.sender_id].to_json()
    )
    thread_id = params.integer("message_thread_id")
    sandbox.check_thread(chat, thread_id)
    sandbox.check_can_send(chat)
    message = sandbox.new_message(
        chat,
        sender_id=sandbox.bot_id,
        from_bot=True,
        kind=source.kind,
        content=source.content,
        media=json.loads(json.dumps(source.media)),
        thread_id=thread_id,
    )
    message.forward_origin = {"type": "user", "date": source.date, "sender_user": sender}
    sandbox.add_message(chat, message)
    return sandbox.message_json(message)


# ---- chats, topics, files --------------------------------------------------------------------


def _forum(sandbox: Sandbox, params: Params) -> ChatState:
    chat = resolve_chat(sandbox, params)
    if chat.type != "supergroup" or not chat.is_forum:
        raise bad_request("the chat is not a forum")
    return chat


def _topic(chat: ChatState, params: Params) -> TopicState:
    thread_id = params.required_int("message_thread_id", "message thread not found")
    topic = chat.topics.get(thread_id)
    if topic is None:
        raise bad_request("message thread not found")
    return topic


@method("createForumTopic")
async def create_forum_topic(sandbox: Sandbox, params: Params) -> Any:
    chat = _forum(sandbox, params)
    name = (params.text("name") or "").strip()
    if not name:
        raise bad_request("TOPIC_TITLE_EMPTY")
    if len(name) > 128:
        raise bad_request("TOPIC_TITLE_TOO_LONG")
    color = params.integer("icon_color") or 7322096
    if color not in TOPIC_COLORS:
        raise bad_request("TOPIC_ICON_COLOR_INVALID")
    emoji = params.text("icon_custom_emoji_id")
    # As in Telegram, the topic is the thread of its "topic created" service message.
    message = sandbox.new_message(
        chat,
        sender_id=sandbox.bot_id,
        from_bot=True,
        kind="service",
        media={"forum_topic_created": {"name": name, "icon_color": color}},
    )
    message.message_thread_id = message.message_id
    message.is_topic_message = True
    topic = TopicState(message.message_id, name, color, emoji)
    chat.topics[topic.message_thread_id] = topic
    sandbox.add_message(chat, message)
    return topic.to_json()


@method("editForumTopic")
async def edit_forum_topic(sandbox: Sandbox, params: Params) -> Any:
    chat = _forum(sandbox, params)
    topic = _topic(chat, params)
    name = (params.text("name") or "").strip()
    if name:
        topic.name = name[:128]
    if params.has("icon_custom_emoji_id"):
        topic.icon_custom_emoji_id = params.text("icon_custom_emoji_id")
    sandbox.touch(chat)
    return True


@method("closeForumTopic")
@method("reopenForumTopic")
async def close_forum_topic(sandbox: Sandbox, params: Params) -> Any:
    _topic(_forum(sandbox, params), params)
    return True


@method("deleteForumTopic")
async def delete_forum_topic(sandbox: Sandbox, params: Params) -> Any:
    chat = _forum(sandbox, params)
    topic = _topic(chat, params)
    del chat.topics[topic.message_thread_id]
    for message in chat.messages.values():
        if message.message_thread_id == topic.message_thread_id:
            message.deleted = True
    sandbox.touch(chat)
    return True


@method("getChat")
async def get_chat(sandbox: Sandbox, params: Params) -> Any:
    return sandbox.chat_full_json(resolve_chat(sandbox, params))


def _member_json(sandbox: Sandbox, chat: ChatState, user_id: int) -> dict[str, Any]:
    if user_id == sandbox.bot_id:
        user = sandbox.bot_user_json()
        admin = chat.type != "private"
    else:
        member = sandbox.users.get(user_id)
        if member is None:
            raise bad_request("user not found")
        user = member.to_json()
        admin = user_id in chat.admin_ids
    if not admin:
        return {"status": "member", "user": user}
    return {
        "status": "administrator",
        "user": user,
        "can_be_edited": False,
        "is_anonymous": False,
        "can_manage_chat": True,
        "can_delete_messages": True,
        "can_manage_video_chats": True,
        "can_restrict_members": True,
        "can_promote_members": False,
        "can_change_info": True,
        "can_invite_users": True,
        "can_post_stories": False,
        "can_edit_stories": False,
        "can_delete_stories": False,
        "can_send_welcome_messages": False,
        "can_pin_messages": True,
        "can_manage_topics": True,
    }


@method("getChatMember")
async def get_chat_member(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    user_id = params.required_int("user_id", "user not found")
    if chat.type == "private" and user_id not in (chat.user_id, sandbox.bot_id):
        raise bad_request("user not found")
    return _member_json(sandbox, chat, user_id)


@method("getChatAdministrators")
async def get_chat_administrators(sandbox: Sandbox, params: Params) -> Any:
    chat = resolve_chat(sandbox, params)
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    ids = [sandbox.bot_id, *sorted(chat.admin_ids)]
    return [_member_json(sandbox, chat, user_id) for user_id in ids]


@method("getFile")
async def get_file(sandbox: Sandbox, params: Params) -> Any:
    stored = sandbox.files.get(params.text("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }

"""Waiting out Telegram's flood control: aiogram raises on 429 and never retries by itself."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod

log = logging.getLogger(__name__)

MAX_WAIT_SECONDS = 60  # a longer ban means something is wrong; fail loudly rather than hang


class RetryAfterMiddleware(BaseRequestMiddleware):
    """Sleeps for `retry_after` and repeats the call, a few times at most."""

    def __init__(self, attempts: int = 3) -> None:
        self.attempts = attempts

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                # Never log the error itself: its text carries the chat id.
                if attempt == self.attempts or error.retry_after > MAX_WAIT_SECONDS:
                    raise
                log.warning(
                    "telegram.flood_wait method=%s retry_after=%s attempt=%s",
                    type(method).__name__,
                    error.retry_after,
                    attempt,
                )
                await asyncio.sleep(error.retry_after)
        raise AssertionError("unreachable")  # pragma: no cover

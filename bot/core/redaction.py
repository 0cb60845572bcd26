"""Last line of defence for logs: whatever a library puts in a log line, ids and numbers go out.

Our own log calls carry event names, pseudonyms and error types only. Libraries are less careful:
aiogram's TelegramRetryAfter / TelegramForbiddenError texts contain the chat id. So every log line
is rendered, then any run of 5+ digits (ids, phone numbers), @username or e-mail is masked.
Pseudonyms (32 lowercase hex characters) are left whole so operators can follow one person's trail.
"""

from __future__ import annotations

import logging
import re

_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail
    re.compile(r"(?<![\w])@[A-Za-z][\w]{3,}"),  # @username
    re.compile(r"\+?\d[\d\s().-]{7,}\d"),  # phone numbers written with separators
    re.compile(r"\d{5,}"),  # Telegram ids, plain phone numbers, document numbers
)


_PSEUDONYM = re.compile(r"(\b[0-9a-f]{32}\b)")


def redact(text: str) -> str:
    parts = _PSEUDONYM.split(text)
    for i in range(0, len(parts), 2):  # even indexes are the text between pseudonyms
        for pattern in _PATTERNS:
            parts[i] = pattern.sub("<redacted>", parts[i])
    return "".join(parts)


class RedactingFormatter(logging.Formatter):
    """A formatter whose message and traceback have passed through `redact` (the time has not)."""

    def format(self, record: logging.LogRecord) -> str:
        original = record.msg, record.args
        record.msg, record.args = redact(record.getMessage()), None
        try:
            return super().format(record)
        finally:
            record.msg, record.args = original

    def formatException(self, ei: logging._SysExcInfoType) -> str:
        return redact(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return redact(super().formatStack(stack_info))


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())

"""Log redaction: ids, phones, usernames and e-mails never survive into a log line."""

import logging

from bot.core.redaction import RedactingFormatter, redact


def test_a_chat_id_in_an_aiogram_error_text_is_masked() -> None:
    text = "Flood control exceeded on method 'SendMessage' in chat 5123498765. Retry in 3 seconds."
    assert "5123498765" not in redact(text)
    assert "Retry in 3 seconds" in redact(text)


def test_phones_usernames_and_emails_are_masked() -> None:
    text = "call +996 (555) 12-34-56 or +7 912 345 67 89, @temir_osh_1990, mail t.a@mail.ru"
    masked = redact(text)
    for secret in ("555", "912", "temir_osh", "mail.ru"):
        assert secret not in masked


def test_a_pseudonym_stays_readable() -> None:
    pseudonym = "0123456789abcdef0123456789abcdef"
    assert redact(f"menu.open pseudonym={pseudonym}") == f"menu.open pseudonym={pseudonym}"


def test_a_traceback_is_redacted_too() -> None:
    formatter = RedactingFormatter("%(message)s")
    try:
        raise PermissionError("Forbidden: bot was blocked by the user 7301234567")
    except PermissionError:
        import sys

        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "update.failed", None, sys.exc_info()
        )
    output = formatter.format(record)
    assert "7301234567" not in output
    assert "PermissionError" in output

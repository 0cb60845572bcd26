"""The `helpline` command: run the bot, run the demo, migrate the database, check content."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from pydantic import ValidationError

from bot.config import Settings, SettingsError, demo_secret_key, require_secret_key
from bot.core.redaction import setup_logging
from bot.storage.db import InvalidDatabaseURL, database_url

log = logging.getLogger("helpline")

DEMO_TOKEN = "123456789:sandbox-demo-token"  # noqa: S105 - only ever sent to our local sandbox


@contextlib.contextmanager
def one_line_errors() -> Iterator[None]:
    """Configuration mistakes end the command with one readable line, never a traceback."""
    try:
        yield
    except (SettingsError, InvalidDatabaseURL) as error:
        click.echo(f"helpline: {error}", err=True)
        sys.exit(2)
    except ValidationError as error:
        problems = "; ".join(
            f"HELPLINE_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors()
        )
        click.echo(f"helpline: invalid setting: {problems}", err=True)
        sys.exit(2)


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]


@click.group()
def main() -> None:
    """Helpline: rights, pensions and anonymous reports for migrant workers, on Telegram."""


@main.command()
@click.option(
    "--webhook", is_flag=True, help="Receive updates by webhook (production) instead of polling."
)
def run(webhook: bool) -> None:
    """Run the bot against the Telegram Bot API (HELPLINE_BOT_TOKEN)."""
    with one_line_errors():
        settings = load_settings()
        if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
            raise SettingsError(
                "HELPLINE_BOT_TOKEN is not set: get a token from @BotFather and set it."
            )
        database_url(settings.database_url)
        secret_key = require_secret_key(settings)
        if webhook and not settings.webhook_base_url:
            raise SettingsError(
                "--webhook needs HELPLINE_WEBHOOK_BASE_URL (the public https address)."
            )
    setup_logging(settings.log_level)
    from bot.telegram.app import build_helpline
    from bot.telegram.runner import run_polling, run_webhook

    token = settings.bot_token.get_secret_value()
    if webhook:
        asyncio.run(run_webhook(settings, token, secret_key))
    else:
        asyncio.run(run_polling(build_helpline(settings, token, secret_key)))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
def demo(host: str, port: int) -> None:
    """Chat with the bot in a browser: a local sandbox Bot API and the bot, no token."""
    with one_line_errors():
        settings = load_settings()
        database_url(settings.database_url)
        secret_key = demo_secret_key(settings.var_dir)
    setup_logging(settings.log_level)
    from bot.telegram.runner import run_demo

    asyncio.run(run_demo(settings, DEMO_TOKEN, secret_key, host, port))


@main.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    from bot.storage import migrate

    with one_line_errors():
        url = database_url(load_settings().database_url)
    migrate.upgrade(url, revision)
    click.echo(f"database at {migrate.current(url)}")


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (e.g. -1 or base)."""
    from bot.storage import migrate

    with one_line_errors():
        url = database_url(load_settings().database_url)
    migrate.downgrade(url, revision)
    click.echo(f"database at {migrate.current(url) or 'base'}")


@main.group()
def content() -> None:
    """Editors' content: guides, rules and translations."""


@content.command()
@click.option("--path", type=click.Path(path_type=Path), default=None, help="Content folder.")
def check(path: Path | None) -> None:
    """Validate the content folder; exit non-zero on any error (warnings do not fail)."""
    from bot.content_check import check_all

    folder = path or load_settings().content_dir
    problems = check_all(folder)
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = [problem for problem in problems if not problem.warning]
    if errors:
        click.echo(f"content: {len(errors)} error(s)", err=True)
        sys.exit(1)
    click.echo(f"content: ok ({len(problems)} warning(s))" if problems else "content: ok")

"""Every setting of the helpline in one place, read from `HELPLINE_*` variables or a `.env` file."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELPLINE_", env_file=".env", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api: str = "https://api.telegram.org"
    database_url: str = "sqlite:///var/helpline.sqlite3"
    redis_url: str | None = None
    secret_key: SecretStr | None = None
    staff_chat_id: int | None = None

    content_dir: Path = PROJECT_ROOT / "content"
    var_dir: Path = Path("var")
    log_level: str = "INFO"
    # How long the way to write back to a reporter (their encrypted chat) is kept, in days.
    contact_retention_days: int = Field(default=180, ge=1)
    # Receipt-code guesses allowed per person per hour, and in total per minute.
    code_attempts_per_hour: int = Field(default=5, ge=1)
    code_attempts_per_minute_total: int = Field(default=200, ge=1)
    # How often the bot looks for editors' content changes (seconds; 0 turns the watch off).
    content_watch_seconds: float = Field(default=5.0, ge=0)

    # Webhook mode (production, several replicas behind a load balancer).
    webhook_base_url: str | None = None
    webhook_path: str = "/telegram/webhook"
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"  # noqa: S104 - the container's port is published deliberately
    webhook_port: int = Field(default=8080, ge=1, le=65535)

    @property
    def locales_dir(self) -> Path:
        return self.content_dir / "locales"


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line a person can act on."""


def require_secret_key(settings: Settings) -> str:
    if settings.secret_key is None or not settings.secret_key.get_secret_value().strip():
        raise SettingsError(
            "HELPLINE_SECRET_KEY is not set: production needs a long random secret "
            '(python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )
    key = settings.secret_key.get_secret_value()
    if len(key) < 32:
        raise SettingsError("HELPLINE_SECRET_KEY is too short: use at least 32 random characters.")
    return key


def demo_secret_key(var_dir: Path) -> str:
    """The demo's secret, created once under var/ and reused so pseudonyms stay stable."""
    path = var_dir / "demo_secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key

"""The `helpline` command refuses bad settings with one clear line, never a traceback."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import demo_secret_key


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    for name in (
        "HELPLINE_BOT_TOKEN",
        "HELPLINE_SECRET_KEY",
        "HELPLINE_DATABASE_URL",
        "HELPLINE_REDIS_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


def one_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


def test_run_without_a_token_says_so_and_fails(runner: CliRunner) -> None:
    result = runner.invoke(main, ["run"])
    assert result.exit_code == 2
    assert "HELPLINE_BOT_TOKEN" in one_line(result.output)


def test_run_with_a_malformed_database_url_says_so_and_fails(runner: CliRunner) -> None:
    env = {
        "HELPLINE_BOT_TOKEN": "1:x",
        "HELPLINE_SECRET_KEY": "s" * 40,
        "HELPLINE_DATABASE_URL": "mysql:/nope",
    }
    result = runner.invoke(main, ["run"], env=env)
    assert result.exit_code == 2
    assert "HELPLINE_DATABASE_URL" in one_line(result.output)


def test_production_refuses_to_start_without_a_secret_key(runner: CliRunner) -> None:
    result = runner.invoke(main, ["run"], env={"HELPLINE_BOT_TOKEN": "1:x"})
    assert result.exit_code == 2
    assert "HELPLINE_SECRET_KEY" in one_line(result.output)


def test_an_invalid_setting_is_named(runner: CliRunner) -> None:
    result = runner.invoke(main, ["run"], env={"HELPLINE_STAFF_CHAT_ID": "not-a-number"})
    assert result.exit_code == 2
    assert "HELPLINE_STAFF_CHAT_ID" in one_line(result.output)


def test_the_demo_secret_is_created_once_and_reused(tmp_path: Path) -> None:
    first = demo_secret_key(tmp_path / "var")
    assert len(first) >= 32
    assert demo_secret_key(tmp_path / "var") == first
    assert (tmp_path / "var" / "demo_secret_key").stat().st_mode & 0o077 == 0

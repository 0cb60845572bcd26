"""The UI catalogs: complete in five languages, placeholders intact, unreviewed ones marked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.core.catalogs import check_catalogs

LOCALES = PROJECT_ROOT / "content" / "locales"


def test_the_shipped_catalogs_have_no_problems() -> None:
    assert check_catalogs(LOCALES) == []


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES, copy, ignore=shutil.ignore_patterns("*.mo"))
    return copy


def edit(locales: Path, language: str, old: str, new: str) -> Path:
    """Replace the last occurrence of `old`: in an entry, the msgstr comes after the msgid."""
    path = locales / language / "LC_MESSAGES" / "messages.po"
    before, found, after = path.read_text().rpartition(old)
    assert found, old
    path.write_text(before + new + after)
    return path


def entry_line(path: Path, msgid: str) -> int:
    lines = path.read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == f'msgid "{msgid}"')


def test_a_missing_translation_is_reported_at_its_file_and_line(locales: Path) -> None:
    path = locales / "ky" / "LC_MESSAGES" / "messages.po"
    text = path.read_text()
    text = re.sub(r'(msgid "✅ Language saved."\nmsgstr )".*"', r'\1""', text)
    path.write_text(text)
    problems = check_catalogs(locales)
    assert problems == [
        f"{path}:{entry_line(path, '✅ Language saved.')}: no translation for '✅ Language saved.'"
    ]


def test_a_broken_placeholder_is_reported(locales: Path) -> None:
    path = edit(locales, "ru", "{country}", "{страна}")
    [problem] = check_catalogs(locales)
    assert problem.startswith(f"{path}:") and "placeholders or tags differ" in problem


def test_a_lost_tag_is_reported(locales: Path) -> None:
    edit(locales, "tg", "<b>112</b>", "112")
    [problem] = check_catalogs(locales)
    assert "placeholders or tags differ" in problem


def test_an_unreviewed_translation_without_its_mark_is_reported(locales: Path) -> None:
    edit(locales, "uz", "# needs native review\n", "")
    [problem] = check_catalogs(locales)
    assert "needs native review" in problem and "/uz/" in problem


def test_english_left_in_a_translation_is_reported(locales: Path) -> None:
    path = locales / "tg" / "LC_MESSAGES" / "messages.po"
    text = re.sub(
        r'(msgid "✅ Language saved."\nmsgstr )".*"', r'\1"✅ Language saved."', path.read_text()
    )
    path.write_text(text)
    [problem] = check_catalogs(locales)
    assert "still English" in problem


def test_a_missing_language_is_reported(locales: Path) -> None:
    shutil.rmtree(locales / "ky")
    assert any("missing catalog for language ky" in problem for problem in check_catalogs(locales))

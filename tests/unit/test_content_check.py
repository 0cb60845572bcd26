"""`helpline content check` on the shipped content and on broken fixtures: file:line, exit code."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import PROJECT_ROOT
from bot.content_check import check_all
from bot.core.content import GUIDE_LANGUAGES

SHIPPED = PROJECT_ROOT / "content"

GUIDE = """---
title: {title}
status: {status}
---
{everyone}

::: for kg
{kyrgyz}
:::

::: caution
{caution}
:::
"""


TEXTS = {
    "en": {
        "everyone": "Everyone reads this.",
        "kyrgyz": "Kyrgyz citizens read this.",
        "caution": "Rules changed in 2025.",
    },
    "ru": {  # every other language: translated text (the check refuses English left in place)
        "everyone": "Это читают все.",
        "kyrgyz": "Текст для граждан Кыргызстана.",
        "caution": "Правила изменились в 2025 году.",
    },
}


def a_content_folder(root: Path) -> Path:
    """The smallest valid content: one section, one topic, five languages, one hotline."""
    shutil.copytree(SHIPPED / "locales", root / "locales")
    shutil.copytree(SHIPPED / "pension", root / "pension")
    shutil.copytree(SHIPPED / "report", root / "report")
    (root / "menu.yaml").write_text("sections:\n  - id: work\n    topics: [wages]\n")
    (root / "topics").mkdir()
    (root / "topics" / "wages.yaml").write_text(
        "description: Unpaid wages.\n"
        "applies_to: [kg, tj, uz, other]\n"
        f"checked_on: {dt.date.today().isoformat()}\n"
        "sources:\n"
        "  - title: Labour Code, art. 136\n"
        "    publisher: 112yurist.ru\n"
        "    date: 2024-01-01\n"
    )
    (root / "hotlines.yaml").write_text(
        "hotlines:\n"
        "  - id: emergency_112\n"
        '    phone: "112"\n'
        "    for: [kg, tj, uz, other]\n"
        "    where: russia\n"
        "    status: verified\n"
        "    verified_on: 2026-11-27\n"
        "    source: {title: EDDS page, publisher: degtyarsk.ru, date: 2025-01-01}\n"
    )
    for language in GUIDE_LANGUAGES:
        folder = root / "guides" / language
        folder.mkdir(parents=True)
        status = "reviewed" if language in ("en", "ru") else "needs native review"
        texts = TEXTS.get(language, TEXTS["ru"])
        (folder / "wages.md").write_text(
            GUIDE.format(title=f"Wages {language}", status=status, **texts)
        )
        (folder / "sections.yaml").write_text(f"work: Work {language}\n")
        (folder / "hotlines.yaml").write_text("emergency_112:\n  name: Emergency\n  note: Free.\n")
    return root


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return a_content_folder(tmp_path / "content")


def errors(folder: Path) -> list[str]:
    return [str(p) for p in check_all(folder) if not p.warning]


def test_the_shipped_content_passes_the_check() -> None:
    assert errors(SHIPPED) == []


def test_the_smallest_valid_content_passes(folder: Path) -> None:
    assert errors(folder) == []


def test_a_topic_in_the_menu_without_a_file_is_an_error(folder: Path) -> None:
    (folder / "menu.yaml").write_text("sections:\n  - id: work\n    topics: [wages, police]\n")
    assert f"{folder}/topics/police.yaml:1: error: topic is in menu.yaml but has no file" in errors(
        folder
    )


def test_a_topic_missing_from_the_menu_is_unreachable(folder: Path) -> None:
    shutil.copy(folder / "topics" / "wages.yaml", folder / "topics" / "orphan.yaml")
    assert any("orphan.yaml:1: error: topic is not reachable" in e for e in errors(folder))


def test_a_source_without_a_date_points_at_its_line(folder: Path) -> None:
    path = folder / "topics" / "wages.yaml"
    path.write_text(path.read_text().replace("    date: 2024-01-01\n", ""))
    assert any(
        e.startswith(f"{path}:4: error: source 'Labour Code, art. 136' needs a title and a date")
        for e in errors(folder)
    )


def test_an_old_checked_on_date_is_a_warning_not_an_error(folder: Path) -> None:
    path = folder / "topics" / "wages.yaml"
    old = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    path.write_text(
        path.read_text().replace(f"checked_on: {dt.date.today().isoformat()}", f"checked_on: {old}")
    )
    problems = check_all(folder)
    assert [str(p) for p in problems if p.warning] == [
        f"{path}:3: warning: checked_on {old} is more than 12 months old: re-check the facts"
    ]
    assert errors(folder) == []


def test_a_guide_missing_in_one_language_is_an_error(folder: Path) -> None:
    (folder / "guides" / "tg" / "wages.md").unlink()
    assert f"{folder}/guides/tg/wages.md:1: error: guide 'wages' is missing in tg" in errors(folder)


def test_an_unclosed_block_points_at_where_it_opened(folder: Path) -> None:
    path = folder / "guides" / "ky" / "wages.md"
    path.write_text(
        path.read_text().replace(
            "Текст для граждан Кыргызстана.\n:::\n", "Текст для граждан Кыргызстана.\n"
        )
    )
    assert errors(folder) == [
        f"{path}:10: error: the ::: block opened on line 7 is not closed before this one"
    ]


def test_a_translation_with_different_citizenship_blocks_is_an_error(folder: Path) -> None:
    path = folder / "guides" / "uz" / "wages.md"
    path.write_text(path.read_text().replace("::: for kg", "::: for tj"))
    assert any(
        e.startswith(f"{path}:1: error: the '::: for' blocks differ") for e in errors(folder)
    )


def test_an_unknown_citizenship_is_named(folder: Path) -> None:
    path = folder / "guides" / "ru" / "wages.md"
    path.write_text(path.read_text().replace("::: for kg", "::: for kz"))
    assert f"{path}:7: error: unknown citizenships ['kz']" in errors(folder)


def test_broken_yaml_points_at_its_line(folder: Path) -> None:
    path = folder / "topics" / "wages.yaml"
    path.write_text(
        path.read_text().replace("applies_to: [kg, tj, uz, other]", "applies_to: [kg, tj")
    )
    assert any(e.startswith(f"{path}:") and "not valid YAML" in e for e in errors(folder))


def test_an_unknown_status_is_an_error(folder: Path) -> None:
    path = folder / "guides" / "tg" / "wages.md"
    path.write_text(path.read_text().replace("needs native review", "done"))
    assert f"{path}:3: error: status must be one of ['reviewed', 'needs native review']" in errors(
        folder
    )


def test_a_hotline_without_a_source_is_an_error(folder: Path) -> None:
    path = folder / "hotlines.yaml"
    path.write_text(path.read_text().split("    source:")[0])
    assert f"{path}:2: error: hotline 'emergency_112' needs a source with a title" in errors(folder)


def test_the_command_fails_with_file_and_line_and_passes_when_fixed(folder: Path) -> None:
    runner = CliRunner()
    path = folder / "guides" / "en" / "wages.md"
    original = path.read_text()
    path.write_text(original.replace("title: Wages en\n", ""))
    broken = runner.invoke(main, ["content", "check", "--path", str(folder)])
    assert broken.exit_code == 1
    assert f"{path}:2: error: title is missing" in broken.output
    path.write_text(original)
    fixed = runner.invoke(main, ["content", "check", "--path", str(folder)])
    assert fixed.exit_code == 0, fixed.output


def test_a_paragraph_left_in_english_is_an_error(folder: Path) -> None:
    path = folder / "guides" / "tg" / "wages.md"
    english = (folder / "guides" / "en" / "wages.md").read_text()
    path.write_text(english.replace("status: reviewed", "status: needs native review"))
    assert f"{path}:5: error: a paragraph is still the English text" in errors(folder)

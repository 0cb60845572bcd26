"""`helpline content check`: everything an editor can get wrong, as file:line problems.

Beyond the core checks it renders every guide for every citizenship and language and parses the
result exactly as Telegram would (the sandbox's parser), so a message that Telegram would refuse
never reaches a migrant.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.catalogs import check_catalogs
from bot.core.content import Problem
from bot.core.guides import MESSAGE_LIMIT, FooterLabels, pages, split
from bot.core.library import check, derive_pension_cyrillic, derive_uzbek_cyrillic
from bot.core.pension import (
    PensionTexts,
    Result,
    ResultLabels,
    Rules,
    result_parts,
)
from bot.sandbox.telegram_html import EntityParseError, parse_html, utf16_len

LABELS = FooterLabels(sources="Sources", checked_on="Checked on {date}")


def check_all(root: Path) -> list[Problem]:
    problems = [
        Problem(Path(text.split(":", 1)[0]), _line(text), text.split(": ", 1)[-1])
        for text in check_catalogs(root / "locales")
    ]
    loaded, content_problems = check(root)
    content = loaded.content
    problems += content_problems
    if any(not p.warning for p in content_problems):
        return problems
    derive_uzbek_cyrillic(content)
    derive_pension_cyrillic(loaded.pension)
    if loaded.rules is not None:
        problems += check_pension_rendering(loaded.rules, loaded.pension)
    for (_language, topic_id), guide in sorted(content.guides.items()):
        topic = content.topics[topic_id]
        for citizenship in sorted(topic.applies_to):
            for page in pages(guide, topic, citizenship, LABELS):
                try:
                    parsed = parse_html(page)
                except EntityParseError as error:
                    problems.append(Problem(guide.path, 1, f"Telegram would refuse it: {error}"))
                    continue
                if utf16_len(parsed.text) > MESSAGE_LIMIT:
                    problems.append(Problem(guide.path, 1, "a message is over 4096 characters"))
    return problems


def _line(text: str) -> int:
    parts = text.split(":", 2)
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 1


def check_pension_rendering(rules: Rules, texts: dict[str, PensionTexts]) -> list[Problem]:
    """Every verdict with every note and step, in every language, as Telegram would parse it."""
    labels = ResultLabels(
        steps="What you can do", sources="Sources", checked_on="Checked on {date}"
    )
    # The longest result a verdict can have: every note and every step at once. If that renders
    # within limits, every real result does.
    all_sources = tuple(rules.sources.values())
    widest = {
        verdict.id: Result(
            verdict.id,
            tuple(n.id for n in rules.notes),
            tuple(s.id for s in rules.steps),
            all_sources,
        )
        for verdict in rules.verdicts
    }
    problems = []
    for language, text in sorted(texts.items()):
        for result in widest.values():
            for page in split(result_parts(rules, text, result, labels)):
                try:
                    parsed = parse_html(page)
                except EntityParseError as error:
                    problems.append(
                        Problem(
                            rules.path.parent / f"{language}.yaml",
                            1,
                            f"Telegram would refuse it: {error}",
                        )
                    )
                    continue
                if utf16_len(parsed.text) > MESSAGE_LIMIT:
                    problems.append(
                        Problem(
                            rules.path.parent / f"{language}.yaml",
                            1,
                            "a message is over 4096 characters",
                        )
                    )
    return problems

"""`helpline content check`: everything an editor can get wrong, as file:line problems.

Beyond the core checks it renders every guide for every citizenship and language and parses the
result exactly as Telegram would (the sandbox's parser), so a message that Telegram would refuse
never reaches a migrant.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.catalogs import check_catalogs
from bot.core.content import Problem
from bot.core.guides import MESSAGE_LIMIT, FooterLabels, pages
from bot.core.library import check, derive_uzbek_cyrillic
from bot.sandbox.telegram_html import EntityParseError, parse_html, utf16_len

LABELS = FooterLabels(sources="Sources", checked_on="Checked on {date}")


def check_all(root: Path) -> list[Problem]:
    problems = [
        Problem(Path(text.split(":", 1)[0]), _line(text), text.split(": ", 1)[-1])
        for text in check_catalogs(root / "locales")
    ]
    content, content_problems = check(root)
    problems += content_problems
    if any(not p.warning for p in content_problems):
        return problems
    derive_uzbek_cyrillic(content)
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

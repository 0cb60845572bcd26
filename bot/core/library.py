"""The live content: loaded, checked, with Uzbek Cyrillic derived and a search index built.

A reload that finds errors changes nothing: the previous content stays in front of people and
the problems go back to whoever asked (an editor's `/reload`, the file watch's log line).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from bot.core.content import (
    GUIDE_LANGUAGES,
    SOURCE_LANGUAGE,
    Block,
    Content,
    Guide,
    HotlineLabel,
    Problem,
    load_content,
)
from bot.core.guides import MESSAGE_LIMIT, FooterLabels, pages
from bot.core.pension import PensionTexts, QuestionText, Rules, load_rules, load_texts
from bot.core.reports import ReportContent, load_report_content
from bot.core.search import Document, SearchIndex
from bot.core.transliterate import latin_to_cyrillic

UZBEK_CYRILLIC = "uz_Cyrl"
_WORDS = re.compile(r"[A-Za-z]{4,}\s+[A-Za-z]{2,}")  # two English-looking words in a row
LONGEST_PARAGRAPH = 1500  # characters: longer is unreadable on a phone, and risks the limit
_CHECK_LABELS = FooterLabels(sources="Sources", checked_on="Checked on {date}")


def derive_pension_cyrillic(texts: dict[str, PensionTexts]) -> None:
    latin = texts.get("uz")
    if latin is None:
        return
    t = latin_to_cyrillic
    texts[UZBEK_CYRILLIC] = dataclasses.replace(
        latin,
        language=UZBEK_CYRILLIC,
        title=t(latin.title),
        intro=t(latin.intro),
        disclaimer=t(latin.disclaimer),
        questions={
            k: QuestionText(t(q.text), {o: t(label) for o, label in q.options.items()})
            for k, q in latin.questions.items()
        },
        verdicts={k: (t(title), t(text)) for k, (title, text) in latin.verdicts.items()},
        notes={k: t(v) for k, v in latin.notes.items()},
        steps={k: t(v) for k, v in latin.steps.items()},
    )


def derive_uzbek_cyrillic(content: Content) -> None:
    """Ўзбекча from the Latin Uzbek texts: one text to maintain, two scripts to read."""
    for (language, topic), guide in list(content.guides.items()):
        if language != "uz":
            continue
        blocks = tuple(
            dataclasses.replace(b, paragraphs=tuple(latin_to_cyrillic(p) for p in b.paragraphs))
            for b in guide.blocks
        )
        content.guides[(UZBEK_CYRILLIC, topic)] = dataclasses.replace(
            guide, language=UZBEK_CYRILLIC, title=latin_to_cyrillic(guide.title), blocks=blocks
        )
    content.section_titles[UZBEK_CYRILLIC] = {
        k: latin_to_cyrillic(v) for k, v in content.section_titles.get("uz", {}).items()
    }
    content.hotline_labels[UZBEK_CYRILLIC] = {
        k: HotlineLabel(latin_to_cyrillic(v.name), latin_to_cyrillic(v.note))
        for k, v in content.hotline_labels.get("uz", {}).items()
    }


def _for_blocks(blocks: tuple[Block, ...]) -> list[frozenset[str]]:
    return [block.citizenships for block in blocks if block.kind == "for"]


def check_rendering(content: Content) -> list[Problem]:
    """Problems only visible once a guide is rendered: lengths and per-citizenship structure."""
    problems = []
    for (language, topic_id), guide in content.guides.items():
        topic = content.topics[topic_id]
        source = content.guide(SOURCE_LANGUAGE, topic_id)
        if source is not None and language != SOURCE_LANGUAGE:
            english = {p for b in source.blocks for p in b.paragraphs if _WORDS.search(p)}
            for block in guide.blocks:
                if any(p in english for p in block.paragraphs):
                    problems.append(
                        Problem(guide.path, block.line, "a paragraph is still the English text")
                    )
        if source is not None and _for_blocks(guide.blocks) != _for_blocks(source.blocks):
            problems.append(
                Problem(
                    guide.path,
                    1,
                    f"the '::: for' blocks differ from {SOURCE_LANGUAGE}/{topic_id}.md "
                    "(same citizenships, same order)",
                )
            )
        for block in guide.blocks:
            for paragraph in block.paragraphs:
                if len(paragraph) > LONGEST_PARAGRAPH:
                    problems.append(
                        Problem(guide.path, block.line, "a paragraph is too long: split it")
                    )
        for citizenship in sorted(topic.applies_to):
            for page in pages(guide, topic, citizenship, _CHECK_LABELS):
                if len(page) > MESSAGE_LIMIT:
                    problems.append(Problem(guide.path, 1, "a message would exceed 4096 chars"))
    return problems


def build_index(content: Content) -> SearchIndex:
    documents = [
        Document(
            topic=topic_id,
            language=language,
            title=guide.title,
            keywords=content.topics[topic_id].keywords.get(language, ()),
            body="\n".join(p for block in guide.blocks for p in block.paragraphs),
        )
        for (language, topic_id), guide in content.guides.items()
        if language in GUIDE_LANGUAGES
    ]
    return SearchIndex(documents)


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(p for p in root.rglob("*") if p.is_file() and "locales" not in p.parts)
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@dataclass
class Loaded:
    content: Content
    rules: Rules | None
    pension: dict[str, PensionTexts]
    report: ReportContent


def check(root: Path, today: dt.date | None = None) -> tuple[Loaded, list[Problem]]:
    content, problems = load_content(root, today)
    if not any(not p.warning for p in problems):
        problems += check_rendering(content)
    rules, rule_problems = load_rules(root)
    problems += rule_problems
    pension: dict[str, PensionTexts] = {}
    if rules is not None:
        pension, text_problems = load_texts(root, rules)
        problems += text_problems
    report, report_problems = load_report_content(root)
    problems += report_problems
    return Loaded(content, rules, pension, report), problems


class Library:
    """What the bot shows now. `reload()` swaps in new content only if it has no errors."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = Content()
        self.index = SearchIndex([])
        self.rules: Rules | None = None
        self.pension: dict[str, PensionTexts] = {}
        self.report = ReportContent()
        self._signature: tuple[tuple[str, int, int], ...] = ()
        self._rejected: tuple[tuple[str, int, int], ...] = ()

    def reload(self) -> list[Problem]:
        signature = _signature(self.root)
        loaded, problems = check(self.root)
        if any(not problem.warning for problem in problems):
            self._rejected = signature
            return problems
        derive_uzbek_cyrillic(loaded.content)
        derive_pension_cyrillic(loaded.pension)
        self.content, self.index = loaded.content, build_index(loaded.content)
        self.rules, self.pension, self.report = loaded.rules, loaded.pension, loaded.report
        if UZBEK_CYRILLIC not in self.report.labels and "uz" in self.report.labels:
            self.report.labels[UZBEK_CYRILLIC] = {
                part: {k: latin_to_cyrillic(v) for k, v in labels.items()}
                for part, labels in self.report.labels["uz"].items()
            }
        self._signature = signature
        return problems

    def changed_on_disk(self) -> bool:
        """True once per edit: a rejected version is not retried until the files change again."""
        signature = _signature(self.root)
        return signature not in (self._signature, self._rejected)

    def guide(self, language: str, topic: str) -> Guide | None:
        """The guide in this language, or in Russian (the fallback) if it has none."""
        return self.content.guide(language, topic) or self.content.guide("ru", topic)

"""Editors' content as plain objects: the topic tree, guides per language, sources and hotlines.

`load_content(folder)` reads `content/` (format: content/README.md) and returns the content with
every problem found, each pointing at a file and line, so an editor can fix it without Python.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.menu import Citizenship

GUIDE_LANGUAGES = ("ru", "ky", "tg", "uz", "en")  # written by people; uz_Cyrl is derived from uz
SOURCE_LANGUAGE = "en"  # the text translators start from; `for` blocks are compared with it
CITIZENSHIPS = frozenset(c.value for c in Citizenship)
STATUSES = ("reviewed", "needs native review")
HOTLINE_STATUSES = ("verified", "needs review")
STALE_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning" if self.warning else "error"
        return f"{self.path}:{self.line}: {kind}: {self.message}"


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str | None
    date: str | None  # as shown: "09.08.2024", "02.2013" or "2012"; None for an undated page
    url: str | None


@dataclass(frozen=True)
class Topic:
    id: str
    section: str
    applies_to: frozenset[str]
    checked_on: dt.date
    sources: tuple[Source, ...]
    keywords: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Block:
    """A run of paragraphs: for everyone, for some citizenships only, or a caution."""

    kind: str  # "text" | "for" | "caution"
    paragraphs: tuple[str, ...]
    citizenships: frozenset[str] = frozenset()
    line: int = 1

    def shown_to(self, citizenship: str) -> bool:
        return not self.citizenships or citizenship in self.citizenships


@dataclass(frozen=True)
class Guide:
    topic: str
    language: str
    title: str
    status: str
    blocks: tuple[Block, ...]
    path: Path


@dataclass(frozen=True)
class Section:
    id: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Hotline:
    id: str
    phone: str | None
    url: str | None
    address: str | None
    citizenships: frozenset[str]
    where: str
    city: str | None
    status: str
    verified_on: dt.date | None
    source: Source | None


@dataclass(frozen=True)
class HotlineLabel:
    name: str
    note: str


@dataclass
class Content:
    sections: tuple[Section, ...] = ()
    topics: dict[str, Topic] = field(default_factory=dict)
    guides: dict[tuple[str, str], Guide] = field(default_factory=dict)  # (language, topic)
    section_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # language → id → title
    hotlines: tuple[Hotline, ...] = ()
    hotline_labels: dict[str, dict[str, HotlineLabel]] = field(default_factory=dict)

    def sections_for(self, citizenship: str) -> list[Section]:
        return [s for s in self.sections if self.topics_in(s.id, citizenship)]

    def topics_in(self, section_id: str, citizenship: str) -> list[Topic]:
        section = next((s for s in self.sections if s.id == section_id), None)
        if section is None:
            return []
        return [
            self.topics[t]
            for t in section.topics
            if t in self.topics and citizenship in self.topics[t].applies_to
        ]

    def guide(self, language: str, topic: str) -> Guide | None:
        return self.guides.get((language, topic))

    def hotlines_for(self, citizenship: str) -> list[Hotline]:
        return [h for h in self.hotlines if citizenship in h.citizenships]


class _Reader:
    """Collects problems while reading files, so one run reports everything at once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def problem(self, path: Path, line: int, message: str, *, warning: bool = False) -> None:
        self.problems.append(Problem(path, line, message, warning))

    def yaml(self, path: Path) -> Any:
        if not path.exists():
            self.problem(path, 1, "file is missing")
            return None
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            self.problem(path, (mark.line + 1) if mark else 1, f"not valid YAML: {error}")
            return None


def line_of(path: Path, key: str) -> int:
    """The line where `key:` first appears, so a problem points near its cause."""
    if path.exists():
        pattern = re.compile(rf"^\s*-?\s*{re.escape(key)}\s*:")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.match(line):
                return number
    return 1


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
UNDATED = "undated"


def source_date(value: Any) -> str | None:
    """A source's date for display; raises ValueError for something that is not a date.

    Editors write 2024-08-09, 2013-02 or 2012, or `undated` for a page that shows no date.
    """
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    text = str(value).strip()
    if text == UNDATED:
        return None
    if parsed := _date(text):
        return parsed.strftime("%d.%m.%Y")
    if match := _PARTIAL_DATE.match(text):
        return f"{match.group(2)}.{match.group(1)}" if match.group(2) else match.group(1)
    raise ValueError(text)


def _source(raw: Any) -> Source | None:
    """A source, or None if it lacks a title or a date (write `undated` if it has none)."""
    if not isinstance(raw, dict) or not str(raw.get("title") or "").strip():
        return None
    if raw.get("date") is None:
        return None
    try:
        date = source_date(raw["date"])
    except ValueError:
        return None
    url = raw.get("url")
    return Source(
        title=str(raw["title"]).strip(),
        publisher=str(raw["publisher"]).strip() if raw.get("publisher") else None,
        date=date,
        url=str(url) if url else None,
    )


def load_content(root: Path, today: dt.date | None = None) -> tuple[Content, list[Problem]]:
    reader = _Reader(root)
    content = Content()
    _read_menu(reader, content)
    _read_topics(reader, content, today or dt.date.today())
    for language in GUIDE_LANGUAGES:
        _read_language(reader, content, language)
    _read_hotlines(reader, content)
    return content, reader.problems


def _read_menu(reader: _Reader, content: Content) -> None:
    path = reader.root / "menu.yaml"
    data = reader.yaml(path)
    if data is None:
        return
    sections = []
    seen: dict[str, str] = {}
    for raw in data.get("sections", []) if isinstance(data, dict) else []:
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("topics"):
            reader.problem(path, 1, "every section needs an id and a list of topics")
            continue
        section = Section(str(raw["id"]), tuple(str(t) for t in raw["topics"]))
        for topic in section.topics:
            if topic in seen:
                reader.problem(path, line_of(path, "topics"), f"topic {topic!r} is in two sections")
            seen[topic] = section.id
        sections.append(section)
    if not sections:
        reader.problem(path, 1, "menu.yaml has no sections")
    content.sections = tuple(sections)


def _read_topics(reader: _Reader, content: Content, today: dt.date) -> None:
    folder = reader.root / "topics"
    in_menu = {t: s.id for s in content.sections for t in s.topics}
    files = {p.stem: p for p in sorted(folder.glob("*.yaml"))}
    for topic_id in in_menu:
        if topic_id not in files:
            reader.problem(folder / f"{topic_id}.yaml", 1, "topic is in menu.yaml but has no file")
    for topic_id, path in files.items():
        if topic_id not in in_menu:
            reader.problem(path, 1, "topic is not reachable: add it to a section in menu.yaml")
            continue
        data = reader.yaml(path)
        if not isinstance(data, dict):
            continue
        applies_to = frozenset(str(c) for c in data.get("applies_to") or CITIZENSHIPS)
        if unknown := applies_to - CITIZENSHIPS:
            reader.problem(
                path, line_of(path, "applies_to"), f"unknown citizenships {sorted(unknown)}"
            )
        checked_on = _date(data.get("checked_on"))
        if checked_on is None:
            reader.problem(path, line_of(path, "checked_on"), "checked_on (YYYY-MM-DD) is missing")
            checked_on = dt.date.min
        elif today - checked_on > STALE_AFTER:
            reader.problem(
                path,
                line_of(path, "checked_on"),
                f"checked_on {checked_on} is more than 12 months old: re-check the facts",
                warning=True,
            )
        sources = []
        for raw in data.get("sources") or []:
            source = _source(raw)
            if source is None:
                title = raw.get("title") if isinstance(raw, dict) else None
                reader.problem(
                    path,
                    line_of(path, "sources"),
                    f"source {title!r} needs a title and a date "
                    f"(YYYY-MM-DD, YYYY-MM, YYYY, or '{UNDATED}')",
                )
                continue
            sources.append(source)
        if not sources:
            reader.problem(path, line_of(path, "sources"), "a topic needs at least one source")
        keywords = {
            str(lang): tuple(str(w) for w in words or ())
            for lang, words in (data.get("keywords") or {}).items()
        }
        content.topics[topic_id] = Topic(
            topic_id, in_menu[topic_id], applies_to, checked_on, tuple(sources), keywords
        )


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_OPEN = re.compile(r"^:::\s*(for|caution)\b(.*)$")


def parse_guide(path: Path, topic: str, language: str, reader: _Reader) -> Guide | None:
    text = path.read_text(encoding="utf-8")
    front = _FRONT.match(text)
    if front is None:
        reader.problem(path, 1, "the file must start with front matter: ---, title:, status:, ---")
        return None
    try:
        meta = yaml.safe_load(front.group(1)) or {}
    except yaml.YAMLError as error:
        reader.problem(path, 2, f"front matter is not valid YAML: {error}")
        return None
    title = str(meta.get("title") or "").strip()
    if not title:
        reader.problem(path, 2, "title is missing")
    status = str(meta.get("status") or "")
    if status not in STATUSES:
        reader.problem(path, line_of(path, "status"), f"status must be one of {list(STATUSES)}")
    body_start = front.group(0).count("\n") + 1
    blocks = _parse_blocks(path, text[front.end() :].splitlines(), body_start, reader)
    if not any(block.paragraphs for block in blocks):
        reader.problem(path, body_start, "the guide has no text")
    return Guide(topic, language, title, status, tuple(blocks), path)


def _parse_blocks(path: Path, lines: list[str], first: int, reader: _Reader) -> list[Block]:
    blocks: list[Block] = []
    kind, citizenships, start = "text", frozenset[str](), first
    paragraphs: list[str] = []
    current: list[str] = []

    def end_paragraph() -> None:
        if current:
            paragraphs.append("\n".join(current))
            current.clear()

    def end_block(next_kind: str, next_citizenships: frozenset[str], line: int) -> None:
        nonlocal kind, citizenships, start
        end_paragraph()
        if paragraphs:
            blocks.append(Block(kind, tuple(paragraphs), citizenships, start))
        paragraphs.clear()
        kind, citizenships, start = next_kind, next_citizenships, line

    for number, raw in enumerate(lines, first):
        line = raw.rstrip()
        opened = _OPEN.match(line.strip())
        if opened:
            if kind != "text":
                reader.problem(
                    path,
                    number,
                    f"the ::: block opened on line {start} is not closed before this one",
                )
            words = opened.group(2).split()
            if opened.group(1) == "caution" and words[:1] == ["for"]:
                words = words[1:]  # "::: caution for kg": a caution only some citizenships see
            elif opened.group(1) == "caution" and words:
                reader.problem(path, number, "write '::: caution' or '::: caution for kg tj'")
            who = frozenset(words)
            if opened.group(1) == "for" and not who:
                reader.problem(path, number, "::: for needs citizenships, e.g. ::: for tj uz")
            elif unknown := who - CITIZENSHIPS:
                reader.problem(path, number, f"unknown citizenships {sorted(unknown)}")
            end_block(opened.group(1), who, number)
        elif line.strip() == ":::":
            if kind == "text":
                reader.problem(path, number, "::: closes a block that was never opened")
            end_block("text", frozenset(), number)
        elif not line.strip():
            end_paragraph()
        else:
            current.append(line.strip())
    if kind != "text":
        reader.problem(path, start, "this ::: block is never closed")
    end_block("text", frozenset(), len(lines) + first)
    return blocks


def _read_language(reader: _Reader, content: Content, language: str) -> None:
    folder = reader.root / "guides" / language
    titles = reader.yaml(folder / "sections.yaml")
    if isinstance(titles, dict):
        content.section_titles[language] = {str(k): str(v) for k, v in titles.items()}
        for section in content.sections:
            if section.id not in titles:
                reader.problem(folder / "sections.yaml", 1, f"no title for section {section.id!r}")
    for topic_id in content.topics:
        path = folder / f"{topic_id}.md"
        if not path.exists():
            reader.problem(path, 1, f"guide {topic_id!r} is missing in {language}")
            continue
        guide = parse_guide(path, topic_id, language, reader)
        if guide is not None:
            content.guides[(language, topic_id)] = guide
    labels = reader.yaml(folder / "hotlines.yaml")
    if isinstance(labels, dict):
        content.hotline_labels[language] = {
            str(k): HotlineLabel(str(v.get("name", "")), str(v.get("note", "")))
            for k, v in labels.items()
            if isinstance(v, dict)
        }


def _read_hotlines(reader: _Reader, content: Content) -> None:
    path = reader.root / "hotlines.yaml"
    data = reader.yaml(path)
    if not isinstance(data, dict):
        return
    hotlines = []
    for raw in data.get("hotlines") or []:
        where = line_of(path, "id") if not isinstance(raw, dict) else _line_of_id(path, raw)
        if not isinstance(raw, dict) or not raw.get("id"):
            reader.problem(path, where, "every hotline needs an id")
            continue
        if not (raw.get("phone") or raw.get("url") or raw.get("address")):
            reader.problem(path, where, f"hotline {raw['id']!r} needs a phone, url or address")
        status = str(raw.get("status") or "")
        if status not in HOTLINE_STATUSES:
            reader.problem(path, where, f"status must be one of {list(HOTLINE_STATUSES)}")
        source = _source(raw.get("source"))
        if source is None:
            reader.problem(path, where, f"hotline {raw['id']!r} needs a source with a title")
        verified_on = _date(raw.get("verified_on"))
        if verified_on is None:
            reader.problem(path, where, f"hotline {raw['id']!r} needs verified_on (YYYY-MM-DD)")
        hotlines.append(
            Hotline(
                id=str(raw["id"]),
                phone=str(raw["phone"]) if raw.get("phone") else None,
                url=str(raw["url"]) if raw.get("url") else None,
                address=str(raw["address"]) if raw.get("address") else None,
                citizenships=frozenset(str(c) for c in raw.get("for") or CITIZENSHIPS),
                where=str(raw.get("where") or ""),
                city=str(raw["city"]) if raw.get("city") else None,
                status=status,
                verified_on=verified_on,
                source=source,
            )
        )
    content.hotlines = tuple(hotlines)
    for language in GUIDE_LANGUAGES:
        labels = content.hotline_labels.get(language, {})
        for hotline in hotlines:
            if not labels.get(hotline.id) or not labels[hotline.id].name:
                reader.problem(
                    reader.root / "guides" / language / "hotlines.yaml",
                    1,
                    f"no name for hotline {hotline.id!r}",
                )


def _line_of_id(path: Path, raw: dict[str, Any]) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if re.match(rf"^\s*-?\s*id:\s*['\"]?{re.escape(str(raw.get('id')))}['\"]?\s*$", line):
            return number
    return 1

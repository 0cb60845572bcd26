"""A guide as a reader sees it: the Markdown subset turned into Telegram HTML, for one
citizenship, split into messages at paragraph boundaries, ending with its sources and date.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

from bot.core.content import Block, Guide, Source, Topic

MESSAGE_LIMIT = 4096  # Telegram's limit, counted after entity parsing; we count the HTML
PAGE_BUDGET = 3500  # room below the limit, so a page never brushes against it

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w/])_(?!_)(.+?)(?<!_)_(?![\w/])")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+)\)")


def inline(markdown: str) -> str:
    """One line of the Markdown subset as Telegram HTML; everything else is escaped text."""
    links: list[str] = []

    def keep_link(match: re.Match[str]) -> str:
        url = html.escape(match.group(2), quote=True)
        links.append(f'<a href="{url}">{html.escape(match.group(1), quote=False)}</a>')
        return f"\x00{len(links) - 1}\x00"

    text = _LINK.sub(keep_link, markdown)
    text = html.escape(text, quote=False)
    text = _BOLD.sub(r"<b>\1</b>", text)
    text = _ITALIC.sub(r"<i>\1</i>", text)
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], text)


def paragraph(markdown: str) -> str:
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("## "):
            lines.append(f"<b>{inline(stripped[3:])}</b>")
        elif stripped.startswith("- "):
            lines.append(f"• {inline(stripped[2:])}")
        else:
            lines.append(inline(stripped))
    return "\n".join(lines)


def blocks_html(blocks: tuple[Block, ...], citizenship: str) -> list[str]:
    """The guide's paragraphs, as HTML, that this citizenship sees."""
    out = []
    for block in blocks:
        if not block.shown_to(citizenship):
            continue
        for number, text in enumerate(block.paragraphs):
            rendered = paragraph(text)
            if block.kind == "caution" and number == 0:
                rendered = f"⚠️ {rendered}"
            out.append(rendered)
    return out


@dataclass(frozen=True)
class FooterLabels:
    """The translated words around the sources; the Telegram layer supplies them."""

    sources: str  # e.g. "Sources"
    checked_on: str  # e.g. "Checked on {date}"


def format_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def source_line(source: Source) -> str:
    title = html.escape(source.title, quote=False)
    if source.url:
        title = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>'
    details = ", ".join(
        part
        for part in (
            html.escape(source.publisher, quote=False) if source.publisher else "",
            source.date or "",
        )
        if part
    )
    return f"• {title}" + (f" ({details})" if details else "")


def footer(topic: Topic, labels: FooterLabels) -> str:
    lines = [f"📚 <b>{html.escape(labels.sources, quote=False)}</b>"]
    lines += [source_line(source) for source in topic.sources]
    checked = labels.checked_on.format(date=format_date(topic.checked_on))
    lines.append(f"<i>{html.escape(checked, quote=False)}</i>")
    return "\n".join(lines)


def pages(guide: Guide, topic: Topic, citizenship: str, labels: FooterLabels) -> list[str]:
    """The messages of one guide, each within Telegram's limit, split only between paragraphs."""
    parts = [f"<b>{html.escape(guide.title, quote=False)}</b>"]
    parts += blocks_html(guide.blocks, citizenship)
    parts.append(footer(topic, labels))
    return split(parts)


def split(parts: list[str], budget: int = PAGE_BUDGET) -> list[str]:
    result: list[str] = []
    current = ""
    for part in parts:
        for piece in _fit(part, budget):
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) > budget and current:
                result.append(current)
                current = piece
            else:
                current = candidate
    if current:
        result.append(current)
    return result


def _fit(part: str, budget: int) -> list[str]:
    """A paragraph too long for one message is cut between its lines (tags never span lines)."""
    if len(part) <= budget:
        return [part]
    pieces: list[str] = []
    current = ""
    for line in part.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > budget and current:
            pieces.append(current)
            current = line
        else:
            current = candidate
    pieces.append(current)
    return pieces

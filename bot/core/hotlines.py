"""Emergency numbers and trusted contacts as a reader sees them, 112 first, with sources."""

from __future__ import annotations

import html

from bot.core.content import Hotline, HotlineLabel
from bot.core.guides import format_date

WHERE_ORDER = ("russia", "kyrgyzstan", "tajikistan", "uzbekistan")


def entry(hotline: Hotline, label: HotlineLabel, caution: str, source_word: str) -> str:
    """One contact: name, how to reach it, a note, a caution if unconfirmed, and its source."""
    lines = [f"<b>{html.escape(label.name, quote=False)}</b>"]
    if hotline.phone:
        lines.append(f"📞 {html.escape(hotline.phone, quote=False)}")
    if hotline.url:
        url = html.escape(hotline.url, quote=True)
        lines.append(f'🌐 <a href="{url}">{html.escape(hotline.url, quote=False)}</a>')
    if hotline.address:
        lines.append(f"📍 {html.escape(hotline.address, quote=False)}")
    if label.note:
        lines.append(html.escape(label.note, quote=False))
    if hotline.status != "verified":
        lines.append(f"⚠️ {html.escape(caution, quote=False)}")
    if hotline.source is not None:
        details = ", ".join(
            part
            for part in (
                hotline.source.publisher or hotline.source.title,
                format_date(hotline.verified_on) if hotline.verified_on else "",
            )
            if part
        )
        lines.append(
            f"<i>{html.escape(source_word, quote=False)}: {html.escape(details, quote=False)}</i>"
        )
    return "\n".join(lines)


def ordered(hotlines: list[Hotline]) -> list[Hotline]:
    """Emergency numbers in Russia first, then by country; the file's order within each."""
    return sorted(
        hotlines,
        key=lambda h: WHERE_ORDER.index(h.where) if h.where in WHERE_ORDER else len(WHERE_ORDER),
    )

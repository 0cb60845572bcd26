"""Guides on a phone: the Markdown subset becomes safe Telegram HTML, split between paragraphs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.core.content import Block, Guide, Source, Topic
from bot.core.guides import MESSAGE_LIMIT, FooterLabels, inline, pages, paragraph
from bot.sandbox.telegram_html import parse_html

LABELS = FooterLabels(sources="Sources", checked_on="Checked on {date}")
TOPIC = Topic(
    id="work_permit",
    section="work",
    applies_to=frozenset({"kg", "tj", "uz", "other"}),
    checked_on=dt.date(2026, 11, 27),
    sources=(Source("Federal Law 115-FZ, art. 13.3", "garant.ru", "09.08.2024", None),),
    keywords={},
)


def a_guide(*blocks: Block, title: str = "Work & the patent") -> Guide:
    return Guide("work_permit", "en", title, "reviewed", blocks, Path("guides/en/work_permit.md"))


def test_markdown_becomes_telegram_html_and_everything_else_is_escaped() -> None:
    assert inline("**Keep** _copies_ of <b>papers</b> & [MVD](https://мвд.рф/services)") == (
        '<b>Keep</b> <i>copies</i> of &lt;b&gt;papers&lt;/b&gt; &amp; <a href="https://мвд.рф/services">MVD</a>'
    )


def test_underscores_inside_words_and_links_are_not_italics() -> None:
    assert inline("file_name and https://x.org/a_b_c") == "file_name and https://x.org/a_b_c"


def test_lists_and_subheadings() -> None:
    assert (
        paragraph("## What to carry\n- passport\n- patent")
        == "<b>What to carry</b>\n• passport\n• patent"
    )


def test_each_citizenship_sees_only_its_own_paragraphs() -> None:
    guide = a_guide(
        Block("text", ("Everyone.",)),
        Block("for", ("No patent for you.",), frozenset({"kg"})),
        Block("for", ("You need a patent.",), frozenset({"tj", "uz"})),
        Block("caution", ("Rules changed in 2025.",)),
    )
    kyrgyz = "\n".join(pages(guide, TOPIC, "kg", LABELS))
    tajik = "\n".join(pages(guide, TOPIC, "tj", LABELS))
    assert "No patent for you." in kyrgyz and "You need a patent." not in kyrgyz
    assert "You need a patent." in tajik and "No patent for you." not in tajik
    assert "⚠️ Rules changed in 2025." in tajik


def test_a_guide_ends_with_its_sources_and_checked_on_date() -> None:
    last = pages(a_guide(Block("text", ("Text.",))), TOPIC, "uz", LABELS)[-1]
    assert "Federal Law 115-FZ, art. 13.3 (garant.ru, 09.08.2024)" in last
    assert last.endswith("<i>Checked on 27.11.2026</i>")
    assert (
        "<b>Work &amp; the patent</b>"
        in pages(a_guide(Block("text", ("x",))), TOPIC, "uz", LABELS)[0]
    )


def test_a_long_guide_is_split_between_paragraphs_into_valid_messages() -> None:
    paragraphs = tuple(f"**Point {n}.** " + "Keep every pay slip. " * 40 for n in range(30))
    result = pages(a_guide(Block("text", paragraphs)), TOPIC, "tj", LABELS)
    assert len(result) > 1
    for page in result:
        assert len(parse_html(page).text) <= MESSAGE_LIMIT
    body = "\n\n".join(result)
    for n in range(30):
        assert body.count(f"<b>Point {n}.</b>") == 1, "no paragraph is lost or cut"


@given(st.lists(st.text(min_size=1, max_size=600), min_size=1, max_size=12))
def test_any_editor_text_renders_to_html_telegram_accepts(texts: list[str]) -> None:
    blocks = (Block("text", tuple(t.replace(":::", "") for t in texts)),)
    for page in pages(a_guide(*blocks), TOPIC, "kg", LABELS):
        parse_html(page)  # raises on anything Telegram would refuse

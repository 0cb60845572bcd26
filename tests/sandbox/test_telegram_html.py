"""Telegram HTML parse mode: what Telegram accepts, what it rejects, and what the user sees."""

from __future__ import annotations

import pytest

from bot.sandbox.telegram_html import (
    Entity,
    EntityParseError,
    FormattedText,
    parse_html,
    render_html,
    utf16_len,
)

GOOD = [
    # (html, text the user sees, [(type, offset, length, extra)])
    ("plain text", "plain text", []),
    ("<b>bold</b>", "bold", [("bold", 0, 4, {})]),
    ("<strong>x</strong>", "x", [("bold", 0, 1, {})]),
    ("<i>x</i> <em>y</em>", "x y", [("italic", 0, 1, {}), ("italic", 2, 1, {})]),
    ("<u>x</u><ins>y</ins>", "xy", [("underline", 0, 1, {}), ("underline", 1, 1, {})]),
    (
        "<s>a</s><strike>b</strike><del>c</del>",
        "abc",
        [("strikethrough", 0, 1, {}), ("strikethrough", 1, 1, {}), ("strikethrough", 2, 1, {})],
    ),
    ('<span class="tg-spoiler">x</span>', "x", [("spoiler", 0, 1, {})]),
    ("<tg-spoiler>x</tg-spoiler>", "x", [("spoiler", 0, 1, {})]),
    (
        '<b>bold <i>italic bold <s>italic bold strikethrough <span class="tg-spoiler">'
        "italic bold strikethrough spoiler</span></s> <u>underline italic bold</u></i> bold</b>",
        "bold italic bold italic bold strikethrough italic bold strikethrough spoiler "
        "underline italic bold bold",
        [
            ("bold", 0, 103, {}),
            ("italic", 5, 93, {}),
            ("strikethrough", 17, 59, {}),
            ("spoiler", 43, 33, {}),
            ("underline", 77, 21, {}),
        ],
    ),
    (
        '<a href="http://www.example.com/">inline URL</a>',
        "inline URL",
        [("text_link", 0, 10, {"url": "http://www.example.com/"})],
    ),
    (
        '<a href="tg://user?id=123456789">mention</a>',
        "mention",
        [("text_link", 0, 7, {"url": "tg://user?id=123456789"})],
    ),
    (
        '<a href="https://e.com/?a=1&b=2">x</a>',
        "x",
        [("text_link", 0, 1, {"url": "https://e.com/?a=1&b=2"})],
    ),
    ("<a href='https://e.com/'>q</a>", "q", [("text_link", 0, 1, {"url": "https://e.com/"})]),
    ('<a href="javascript:alert(1)">x</a>', "x", []),
    (
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "👍",
        [("custom_emoji", 0, 2, {"custom_emoji_id": "5368324170671202286"})],
    ),
    (
        '<tg-time unix="1647531900" format="wDT">22:45 tomorrow</tg-time>',
        "22:45 tomorrow",
        [("date_time", 0, 14, {"unix_time": 1647531900, "date_time_format": "wDT"})],
    ),
    ("<code>x = 1</code>", "x = 1", [("code", 0, 5, {})]),
    ("<pre>block</pre>", "block", [("pre", 0, 5, {})]),
    (
        '<pre><code class="language-python">print(1)</code></pre>',
        "print(1)",
        [("pre", 0, 8, {"language": "python"})],
    ),
    ("<code><b>x</b></code>", "x", [("code", 0, 1, {})]),
    ("<blockquote>a\nb</blockquote>", "a\nb", [("blockquote", 0, 3, {})]),
    ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1, {})]),
    ("&lt;&gt;&amp;&quot;", '<>&"', []),
    ("&#65;&#x42;&#X43;&#1207;", "ABCҷ", []),
    ("a > b", "a > b", []),
    ("<B>x</B>", "x", [("bold", 0, 1, {})]),
    ("<b>x</>", "x", [("bold", 0, 1, {})]),
    ('<b class="ignored">y</b>', "y", [("bold", 0, 1, {})]),
    ("<b></b>x", "x", []),
    ("😀<b>x</b>", "😀x", [("bold", 2, 1, {})]),
    ("<b>ҷ ҳ қ ӣ ӯ ғ</b> oʻ gʻ", "ҷ ҳ қ ӣ ӯ ғ oʻ gʻ", [("bold", 0, 11, {})]),
    ("<i>Привет</i>, мир", "Привет, мир", [("italic", 0, 6, {})]),
    ("line 1\nline 2", "line 1\nline 2", []),
]

BAD = [
    # (html, what Telegram's error says)
    ("<br>", 'Unsupported start tag "br" at byte offset 0'),
    ("<p>x</p>", 'Unsupported start tag "p"'),
    ("<script>alert(1)</script>", 'Unsupported start tag "script"'),
    ("<b/>", 'Unsupported start tag "b/"'),
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("ж<br>", "at byte offset 2"),  # offsets count UTF-8 bytes
    ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler"'),
    ("AT&T", 'Character "&" at byte offset 2 must be escaped'),
    ("a &amp b", 'Character "&"'),
    ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
    ("&#0;", "Invalid numeric HTML entity"),
    ("&#xD800;", "Invalid numeric HTML entity"),
    ("<b", "Unclosed start tag at byte offset 0"),
    ('<a href="x>y</a>', "Unclosed start tag"),
    ("</b", "Unclosed end tag"),
    ("<tg-emoji>x</tg-emoji>", "Invalid custom emoji identifier specified"),
    ("<blockquote collapsed>x</blockquote>", "Expected equal sign"),
    ("<a href=http://x>y</a>", "Unexpected end of name token"),
    ('<b ="x">y</b>', "Empty attribute name"),
]


def _entity_tuples(formatted: FormattedText) -> list[tuple[str, int, int, dict[str, object]]]:
    result = []
    for entity in formatted.entities:
        data = entity.to_json()
        kind, offset, length = data.pop("type"), data.pop("offset"), data.pop("length")
        result.append((kind, offset, length, data))
    return result


@pytest.mark.parametrize(("html", "text", "entities"), GOOD)
def test_valid_html_gives_text_and_entities(html: str, text: str, entities: list[object]) -> None:
    parsed = parse_html(html)
    assert parsed.text == text
    assert _entity_tuples(parsed) == entities


@pytest.mark.parametrize(("html", "error"), BAD)
def test_invalid_html_is_rejected_like_telegram(html: str, error: str) -> None:
    with pytest.raises(EntityParseError) as raised:
        parse_html(html)
    assert error in str(raised.value)


@pytest.mark.parametrize(("html", "text", "entities"), GOOD)
def test_display_html_parses_back_to_the_same_message(
    html: str, text: str, entities: list[object]
) -> None:
    parsed = parse_html(html)
    again = parse_html(parsed.html)
    assert again.text == parsed.text
    # The display form drops only entities it cannot show (custom emoji, dates).
    shown = {e for e in parsed.entities if e.type not in ("custom_emoji", "date_time")}
    assert set(again.entities) == shown


def test_display_html_escapes_text_and_keeps_newlines() -> None:
    parsed = parse_html("&lt;script&gt;alert(1)&lt;/script&gt; &amp;\n<b>ok</b>")
    assert parsed.html == "&lt;script&gt;alert(1)&lt;/script&gt; &amp;\n<b>ok</b>"


def test_display_html_quotes_link_targets() -> None:
    parsed = parse_html('<a href="https://e.com/?q=&quot;x&quot;&amp;y=1">l</a>')
    assert parsed.html == '<a href="https://e.com/?q=&quot;x&quot;&amp;y=1">l</a>'


@pytest.mark.parametrize(
    ("text", "units"),
    [("", 0), ("a", 1), ("ҷ", 1), ("oʻ", 2), ("😀", 2), ("👍🏽", 4), ("Салом 😀", 8)],
)
def test_length_counts_utf16_code_units(text: str, units: int) -> None:
    assert utf16_len(text) == units


def test_strip_trims_whitespace_and_keeps_entities_aligned() -> None:
    parsed = parse_html("  \n<b> x </b>😀<i>y</i>  \n").strip()
    assert parsed.text == "x 😀y"
    assert _entity_tuples(parsed) == [("bold", 0, 2, {}), ("italic", 4, 1, {})]


def test_strip_of_only_whitespace_is_empty() -> None:
    assert parse_html(" <b> </b>\n").strip() == FormattedText("", ())


def test_overlapping_entities_render_as_properly_nested_html() -> None:
    entities = [Entity("bold", 0, 4), Entity("italic", 2, 4)]
    assert render_html("abcdef", entities) == "<b>ab<i>cd</i></b><i>ef</i>"


def test_rendering_uses_utf16_offsets() -> None:
    assert render_html("😀ab", [Entity("bold", 2, 1)]) == "😀<b>a</b>b"


def test_unsafe_link_schemes_are_not_rendered() -> None:
    html = render_html("x", [Entity("text_link", 0, 1, url="javascript:alert(1)")])
    assert html == "x"


def test_pre_language_is_sanitised_for_display() -> None:
    html = render_html("x", [Entity("pre", 0, 1, language='py" onclick="x')])
    assert html == "<pre>x</pre>"


def test_entities_from_json_round_trip() -> None:
    data = {"type": "text_link", "offset": 1, "length": 2, "url": "https://e.com"}
    assert Entity.from_json(data).to_json() == data

"""Telegram's HTML parse mode: validates text the way the Bot API does, yields text + entities,
and renders entities back to a small, safe subset of HTML for display."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "code",
        "pre",
        "blockquote",
    }
)

_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}

# Telegram treats these as whitespace between tag names and attributes.
_SPACES = " \t\r\n\v\f"
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:([a-zA-Z][a-zA-Z0-9]*)|#([0-9]+)|#[xX]([0-9a-fA-F]+));")
_TIME_FORMAT_RE = re.compile(r"r|w?[dD]?[tT]?")
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LINK_SCHEMES = frozenset({"http", "https", "tg", "ton", "ftp"})
_LANGUAGE_RE = re.compile(r"[A-Za-z0-9_+#.-]{1,64}")


class EntityParseError(ValueError):
    """Text is not valid Telegram HTML; the message is what follows "can't parse entities: "."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A Bot API MessageEntity; offset and length count UTF-16 code units, like Telegram."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None
    unix_time: int | None = None
    date_time_format: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "offset": self.offset, "length": self.length}
        for key in ("url", "language", "custom_emoji_id", "unix_time", "date_time_format"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    @classmethod
    def from_json(cls, data: Any) -> Entity:
        if not isinstance(data, Mapping):
            raise EntityParseError("entity must be an object")
        kind, offset, length = data.get("type"), data.get("offset"), data.get("length")
        if not isinstance(kind, str) or not isinstance(offset, int) or not isinstance(length, int):
            raise EntityParseError("entity needs type, offset and length")
        if offset < 0 or length < 0:
            raise EntityParseError("entity offset and length must be non-negative")
        unix_time = data.get("unix_time")
        return cls(
            type=kind,
            offset=offset,
            length=length,
            url=_opt_str(data.get("url")),
            language=_opt_str(data.get("language")),
            custom_emoji_id=_opt_str(data.get("custom_emoji_id")),
            unix_time=unix_time if isinstance(unix_time, int) else None,
            date_time_format=_opt_str(data.get("date_time_format")),
        )


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class FormattedText:
    """Plain text as a user sees it, plus the entities that style it."""

    text: str
    entities: tuple[Entity, ...] = ()

    @property
    def html(self) -> str:
        return render_html(self.text, self.entities)

    def entities_json(self) -> list[dict[str, Any]]:
        return [entity.to_json() for entity in self.entities]

    def strip(self) -> FormattedText:
        """Trim surrounding whitespace the way Telegram does, keeping entities aligned."""
        text = self.text
        lead = len(text) - len(text.lstrip())
        kept = text.strip()
        if not kept:
            return FormattedText("", ())
        start16 = utf16_len(text[:lead])
        end16 = start16 + utf16_len(kept)
        entities = []
        for entity in self.entities:
            begin = max(entity.offset, start16)
            end = min(entity.offset + entity.length, end16)
            if end > begin:
                entities.append(_with_span(entity, begin - start16, end - begin))
        return FormattedText(kept, tuple(entities))


def _with_span(entity: Entity, offset: int, length: int) -> Entity:
    return Entity(
        entity.type,
        offset,
        length,
        entity.url,
        entity.language,
        entity.custom_emoji_id,
        entity.unix_time,
        entity.date_time_format,
    )


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP (most emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def plain(text: str) -> FormattedText:
    return FormattedText(text, ())


@dataclass(slots=True)
class _Open:
    name: str
    start: int  # UTF-16 offset into the output text
    byte_offset: int
    attrs: dict[str, str]
    language: str | None = None


class _Parser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.out: list[str] = []
        self.pos = 0
        self.stack: list[_Open] = []
        self.entities: list[Entity] = []

    def byte_offset(self, index: int) -> int:
        # Telegram reports positions in UTF-8 bytes of the original text.
        return len(self.src[:index].encode("utf-8", "surrogatepass"))

    def emit(self, text: str) -> None:
        if text:
            self.out.append(text)
            self.pos += utf16_len(text)

    def run(self) -> FormattedText:
        src, n, i = self.src, len(self.src), 0
        while i < n:
            char = src[i]
            if char == "&":
                decoded, i = self.entity(i, strict=True)
                self.emit(decoded)
            elif char != "<":
                j = i + 1
                while j < n and src[j] not in "<&":
                    j += 1
                self.emit(src[i:j])
                i = j
            elif i + 1 < n and src[i + 1] == "/":
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        entities = sorted(self.entities, key=lambda e: (e.offset, -e.length))
        return FormattedText("".join(self.out), tuple(entities))

    def entity(self, i: int, *, strict: bool) -> tuple[str, int]:
        match = _ENTITY_RE.match(self.src, i)
        if match is not None:
            name, dec, hexa = match.groups()
            if name is not None:
                if name in _NAMED_ENTITIES:
                    return _NAMED_ENTITIES[name], match.end()
            else:
                code = int(dec) if dec is not None else int(hexa, 16)
                if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    return chr(code), match.end()
                if strict:
                    raise EntityParseError(
                        f'Invalid numeric HTML entity "{match.group()}" at byte offset '
                        f"{self.byte_offset(i)}"
                    )
        if not strict:
            # Like Telegram, an ampersand inside an attribute value that is not an entity
            # stays literal: URLs with query strings are routinely left unescaped there.
            return "&", i + 1
        if match is not None:
            raise EntityParseError(
                f'Unsupported HTML entity "{match.group()}" at byte offset {self.byte_offset(i)}'
            )
        raise EntityParseError(
            f'Character "&" at byte offset {self.byte_offset(i)} must be escaped as "&amp;"'
        )

    def skip_spaces(self, j: int) -> int:
        while j < len(self.src) and self.src[j] in _SPACES:
            j += 1
        return j

    def unclosed(self, begin: int) -> EntityParseError:
        return EntityParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")

    def start_tag(self, begin: int) -> int:
        src, n = self.src, len(self.src)
        j = begin + 1
        while j < n and src[j] not in _SPACES and src[j] != ">":
            j += 1
        if j >= n:
            raise self.unclosed(begin)
        name = src[begin + 1 : j].lower()
        if name not in ALLOWED_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        attrs: dict[str, str] = {}
        while True:
            j = self.skip_spaces(j)
            if j >= n:
                raise self.unclosed(begin)
            if src[j] == ">":
                j += 1
                break
            attr_begin = j
            while j < n and src[j] not in _SPACES and src[j] not in "=>":
                j += 1
            attr = src[attr_begin:j].lower()
            if not attr:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            j = self.skip_spaces(j)
            if j >= n:
                raise self.unclosed(begin)
            if src[j] != "=":
                if name == "blockquote" and attr == "expandable":
                    attrs[attr] = ""
                    continue
                raise EntityParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                    f"at byte offset {self.byte_offset(begin)}"
                )
            j = self.skip_spaces(j + 1)
            if j >= n:
                raise self.unclosed(begin)
            if src[j] in "\"'":
                quote = src[j]
                j += 1
                value: list[str] = []
                while j < n and src[j] != quote:
                    if src[j] == "&":
                        decoded, j = self.entity(j, strict=False)
                        value.append(decoded)
                    else:
                        value.append(src[j])
                        j += 1
                if j >= n:
                    raise self.unclosed(begin)
                j += 1
                attrs[attr] = "".join(value)
            else:
                token_begin = j
                while j < n and ((src[j].isascii() and src[j].isalnum()) or src[j] in ".-"):
                    j += 1
                if j >= n:
                    raise self.unclosed(begin)
                if src[j] not in _SPACES and src[j] != ">":
                    where = self.byte_offset(token_begin)
                    raise EntityParseError(f"Unexpected end of name token at byte offset {where}")
                attrs[attr] = src[token_begin:j].lower()
        self.open_tag(name, attrs, begin)
        return j

    def open_tag(self, name: str, attrs: dict[str, str], begin: int) -> None:
        where = self.byte_offset(begin)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {where}'
            )
        if name == "tg-emoji":
            emoji_id = attrs.get("emoji-id", "")
            if not emoji_id.isdigit() or int(emoji_id) == 0:
                raise EntityParseError("Invalid custom emoji identifier specified")
        if name == "tg-time":
            unix = attrs.get("unix", "")
            if not unix.lstrip("-").isdigit():
                raise EntityParseError(
                    f'Tag "tg-time" must have attribute "unix" at byte offset {where}'
                )
            if not _TIME_FORMAT_RE.fullmatch(attrs.get("format", "")):
                raise EntityParseError(f"Invalid date-time format specified at byte offset {where}")
        self.stack.append(_Open(name, self.pos, where, attrs))

    def end_tag(self, begin: int) -> int:
        src, n = self.src, len(self.src)
        j = begin + 2
        while j < n and src[j] not in _SPACES and src[j] != ">":
            j += 1
        end_name = src[begin + 2 : j].lower()
        j = self.skip_spaces(j)
        if j >= n or src[j] != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        top = self.stack.pop()
        if end_name and end_name != top.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{top.name}>", found "</{end_name}>"'
            )
        self.close_tag(top)
        return j + 1

    def close_tag(self, tag: _Open) -> None:
        parent = self.stack[-1] if self.stack else None
        if tag.name == "code" and parent is not None and parent.name == "pre":
            # <pre><code class="language-x"> is how HTML names a pre block's language.
            cls = tag.attrs.get("class", "")
            if cls.startswith("language-") and len(cls) > len("language-"):
                parent.language = cls[len("language-") :]
            return
        if any(outer.name in ("code", "pre") for outer in self.stack):
            # Telegram silently drops formatting nested inside code blocks.
            return
        length = self.pos - tag.start
        if length <= 0:
            return
        entity = self.make_entity(tag, length)
        if entity is not None:
            self.entities.append(entity)

    def make_entity(self, tag: _Open, length: int) -> Entity | None:
        name, start = tag.name, tag.start
        if name in _SIMPLE_TYPES:
            return Entity(_SIMPLE_TYPES[name], start, length)
        if name == "code":
            return Entity("code", start, length)
        if name == "pre":
            return Entity("pre", start, length, language=tag.language)
        if name == "blockquote":
            kind = "expandable_blockquote" if "expandable" in tag.attrs else "blockquote"
            return Entity(kind, start, length)
        if name == "tg-emoji":
            return Entity("custom_emoji", start, length, custom_emoji_id=tag.attrs["emoji-id"])
        if name == "tg-time":
            fmt = tag.attrs.get("format") or None
            return Entity(
                "date_time", start, length, unix_time=int(tag.attrs["unix"]), date_time_format=fmt
            )
        # <a>: without href Telegram links the text itself; links it cannot parse are dropped.
        inner = self.text_since(start)
        url = normalise_url(tag.attrs.get("href") or inner)
        if url is None:
            return None
        return Entity("text_link", start, length, url=url)

    def text_since(self, start16: int) -> str:
        text = "".join(self.out)
        return text[_utf16_to_index(text, start16) :]


def normalise_url(url: str) -> str | None:
    """The URL Telegram would keep for a text link, or None when it would drop the link."""
    url = url.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    match = _SCHEME_RE.match(url)
    if match is None:
        host = url.split("/", 1)[0]
        return f"http://{url}" if "." in host else None
    return url if match.group(1).lower() in _LINK_SCHEMES else None


def parse_html(source: str) -> FormattedText:
    """Parse Telegram HTML; raises EntityParseError with Telegram's wording for bad input."""
    return _Parser(source).run()


def _utf16_to_index(text: str, offset16: int) -> int:
    return bisect.bisect_left(_utf16_prefix(text), offset16)


def _utf16_prefix(text: str) -> list[int]:
    prefix = [0]
    for char in text:
        prefix.append(prefix[-1] + (2 if ord(char) > 0xFFFF else 1))
    return prefix


_SAFE_HREF_SCHEMES = frozenset({"http", "https", "tg", "ton", "ftp", "mailto"})


def _open_tag(entity: Entity) -> tuple[str, str] | None:
    kind = entity.type
    simple = {
        "bold": "b",
        "italic": "i",
        "underline": "u",
        "strikethrough": "s",
        "code": "code",
        "blockquote": "blockquote",
    }
    if kind in simple:
        tag = simple[kind]
        return f"<{tag}>", f"</{tag}>"
    if kind == "spoiler":
        return '<span class="tg-spoiler">', "</span>"
    if kind == "expandable_blockquote":
        return "<blockquote expandable>", "</blockquote>"
    if kind == "pre":
        if entity.language and _LANGUAGE_RE.fullmatch(entity.language):
            return f'<pre><code class="language-{entity.language}">', "</code></pre>"
        return "<pre>", "</pre>"
    if kind == "text_link" and entity.url:
        match = _SCHEME_RE.match(entity.url)
        if match is not None and match.group(1).lower() in _SAFE_HREF_SCHEMES:
            return f'<a href="{escape(entity.url, quote=True)}">', "</a>"
    return None


def render_html(text: str, entities: Iterable[Entity]) -> str:
    """Serialise text + entities as Telegram-style HTML that holds only safe tags and attributes.

    Overlapping entities (possible when a client sends raw entities) are split so the output
    always nests properly.
    """
    prefix = _utf16_prefix(text)
    spans: list[tuple[int, int, int, str, str]] = []
    for order, entity in enumerate(entities):
        tags = _open_tag(entity)
        if tags is None or entity.length <= 0:
            continue
        start = bisect.bisect_left(prefix, entity.offset)
        end = bisect.bisect_left(prefix, entity.offset + entity.length)
        start, end = min(start, len(text)), min(end, len(text))
        if end > start:
            spans.append((start, end, order, *tags))
    spans.sort(key=lambda s: (s[0], -s[1], s[2]))
    boundaries = sorted({0, len(text)} | {s[0] for s in spans} | {s[1] for s in spans})
    out: list[str] = []
    stack: list[tuple[int, int, int, str, str]] = []
    cursor = 0
    for index, position in enumerate(boundaries):
        if any(span[1] == position for span in stack):
            reopen = []
            while any(span[1] == position for span in stack):
                span = stack.pop()
                out.append(span[4])
                if span[1] != position:
                    reopen.append(span)
            for span in reversed(reopen):
                out.append(span[3])
                stack.append(span)
        while cursor < len(spans) and spans[cursor][0] == position:
            out.append(spans[cursor][3])
            stack.append(spans[cursor])
            cursor += 1
        if index + 1 < len(boundaries):
            out.append(escape(text[position : boundaries[index + 1]], quote=False))
    return "".join(out)

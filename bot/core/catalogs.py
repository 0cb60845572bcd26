"""Checks over the gettext catalogs: complete, placeholders intact, review marks present."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.core.languages import WRITTEN_LANGUAGES

DOMAIN = "messages"
NEEDS_REVIEW = "needs native review"
NATIVE_REVIEW_LANGUAGES = frozenset({"ky", "tg", "uz"})  # the team's own ru/en are checked in-house
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
_TAG = re.compile(r"</?[a-z]+>")
_LETTERS = re.compile(r"[A-Za-z]{4,}")


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _shape(text: str) -> tuple[list[str], list[str]]:
    return sorted(_PLACEHOLDER.findall(text)), _TAG.findall(text)


def check_catalogs(locales_dir: Path) -> list[str]:
    """Every problem as `file:line: message`; an empty list means the catalogs are fine."""
    problems: list[str] = []
    template_path = locales_dir / f"{DOMAIN}.pot"
    if not template_path.exists():
        return [f"{template_path}: missing template (run `make catalogs`)"]
    template = read_catalog(template_path)
    english = read_catalog(locales_dir / "en" / "LC_MESSAGES" / f"{DOMAIN}.po")
    for code in sorted(WRITTEN_LANGUAGES):
        path = locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not path.exists():
            problems.append(f"{path}: missing catalog for language {code}")
            continue
        catalog = read_catalog(path)
        for entry in template:
            if not entry.id:
                continue
            message = catalog.get(entry.id)
            where = f"{path}:{message.lineno if message else 1}"
            if message is None or not message.string:
                problems.append(f"{where}: no translation for {entry.id!r}")
                continue
            if message.fuzzy:
                problems.append(f"{where}: fuzzy translation for {entry.id!r}")
            assert isinstance(message.string, str)
            if _shape(message.string) != _shape(str(entry.id)):
                problems.append(f"{where}: placeholders or tags differ from the msgid {entry.id!r}")
            if code in NATIVE_REVIEW_LANGUAGES:
                problems.extend(
                    _review_problems(where, code, message.string, message, english, str(entry.id))
                )
        for message in catalog:
            if message.id and message.id not in template:
                problems.append(
                    f"{path}:{message.lineno}: obsolete entry {message.id!r} (run `make catalogs`)"
                )
    return problems


def _review_problems(
    where: str, code: str, text: str, message: object, english: Catalog, msgid: str
) -> list[str]:
    problems = []
    comments = " ".join(
        getattr(message, "user_comments", []) + getattr(message, "auto_comments", [])
    )
    reviewed = "reviewed by" in comments.lower()
    if not reviewed and NEEDS_REVIEW not in comments.lower():
        problems.append(
            f"{where}: {code} translation of {msgid!r} "
            f"has no '{NEEDS_REVIEW}' or 'reviewed by' comment"
        )
    english_entry = english.get(msgid)
    english_text = english_entry.string if english_entry is not None else msgid
    if _LETTERS.search(_TAG.sub("", str(english_text))) and text == english_text:
        problems.append(f"{where}: {code} translation of {msgid!r} is still English")
    return problems


class DerivedTranslations(gettext.NullTranslations):
    """A catalog made from another by a text conversion (Uzbek Cyrillic from Uzbek Latin)."""

    def __init__(self, base: gettext.NullTranslations, convert: Callable[[str], str]) -> None:
        super().__init__()
        self.base = base
        self.convert = convert

    def gettext(self, message: str) -> str:
        return self.convert(self.base.gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.convert(self.base.ngettext(msgid1, msgid2, n))

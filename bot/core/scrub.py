"""Scrubbing of free report text: phone, document, card numbers and e-mails go before storage.

`scrub` replaces each one with a bracketed placeholder and counts what it removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# The kinds of thing removed. Each is also its placeholder's text ("[phone]"), so a count in
# `Scrubbed.removed` and what staff read in a report use the same words.
PHONE = "phone"
EMAIL = "e-mail"
PASSPORT = "passport"
CARD = "card"
SNILS = "SNILS"
INN = "INN"
DOCUMENT = "document"  # patents, migration cards, anything numbered after "№"
NUMBER = "number"  # a long number nothing more specific recognised: removed all the same

# Digit runs this long are removed whatever they look like. Shorter ones (amounts, counts, house
# numbers, years) stay unless a document word or "№" comes just before them (six digits or more).
MIN_DIGITS = 7
MIN_DIGITS_AFTER_KEYWORD = 6


@dataclass(frozen=True)
class Scrubbed:
    text: str
    removed: dict[str, int]  # kind → how many were replaced


def placeholder(kind: str) -> str:
    return f"[{kind}]"


# --- building blocks -------------------------------------------------------------------------
# Every pattern is built so that each character can be read one way only (digits, separators and
# letters are disjoint classes and every repetition is bounded or followed by a disjoint class):
# a 5,000-character run of digits and dashes costs linear time, never catastrophic backtracking.

# Spaces people type between digits: ordinary and non-breaking ones, the thin and figure spaces
# that phones insert when pasting, and invisible ones (zero-width space, soft hyphen, BOM) that
# would otherwise let a number through in pieces.
_SP = r"[ \t\u00a0\u1680\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff\u00ad]"
_DASH = r"[\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]"
_PUNCT = rf"(?:[.()/\\_·•]|{_DASH})"
# One separator between digit groups: spaces, or one or two punctuation marks with spaces around,
# as in "+7 (912) 345-67-89". Never empty, so "123" splits into groups one way only.
_SEP = rf"(?:{_SP}{{1,3}}(?:{_PUNCT}{_SP}{{0,3}}){{0,2}}|(?:{_PUNCT}{_SP}{{0,3}}){{1,2}})"
_PLUS = r"[+\uff0b]"
# A word starts after anything but a letter. Digits do not count: they may be removed, and the
# word must be found the same way in text that has already been scrubbed.
_WORD_START = r"(?<![^\W\d_])"

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR4 = r"(?:1[89]|20)\d\d"
_FULL_DATE = (
    rf"(?:{_DAY}\.{_MONTH}\.(?:{_YEAR4}|\d\d)"
    rf"|{_DAY}/{_MONTH}/{_YEAR4}|{_DAY}-{_MONTH}-{_YEAR4}"
    rf"|{_YEAR4}-{_MONTH}-{_DAY}|{_YEAR4}\.{_MONTH}\.{_DAY}|{_YEAR4}/{_MONTH}/{_DAY})"
)
_SHORT_DATE = rf"{_DAY}\.{_MONTH}"
_DATE_RANGE_END = rf"(?:{_SP}{{0,2}}{_DASH}{_SP}{{0,2}}(?:{_FULL_DATE}|{_SHORT_DATE}))?"
# A date must stand alone: "8-912-12-03-25" is a phone number, not a date after "8-912-".
_ALONE_BEFORE = r"(?<!\d)(?<!\d[./\-])"
_ALONE_AFTER = r"(?!\d)(?![./\-]\d)"

# "30 000", "1.500.000", "50000", "1 200,50" — never more than six digits in a row.
_THOUSANDS = rf"(?:[.,'’]|{_SP})\d{{3}}"
_AMOUNT = rf"(?:[1-9]\d{{0,2}}{_THOUSANDS}(?:{_THOUSANDS}){{0,3}}|\d{{1,6}})(?:[.,]\d{{1,2}})?"
# Letters only: a digit right after a word is never part of the word ("серия4512").
_LETTERS = r"[^\W\d_]*"
_CURRENCY = (
    rf"(?i:руб(?:л{_LETTERS}|\.)?|р\.|р(?!\w)|₽|rub(?:l{_LETTERS})?(?!\w)|rur(?!\w)"
    rf"|сом{_LETTERS}|som(?:oni{_LETTERS}|s)?(?!\w)|so[ʻ'’‘`]?m(?!\w)|сўм{_LETTERS}|сум{_LETTERS}"
    rf"|тенге|тг\.?|\$|usd(?!\w)|долл{_LETTERS}|dollar{_LETTERS}|€|eur(?:o{_LETTERS})?(?!\w)"
    rf"|евро|тыс{_LETTERS}|млн|млрд|ming|минг|миң|хазор|k(?!\w)|к(?!\w))"
)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.VERBOSE)


# --- the passes, in order --------------------------------------------------------------------
# 1. E-mail first: its local part may hold digits and dates ("zarina1990@mail.ru"). Every run of
# local-part characters is matched, address or not, so the scan moves on run by run (linear time)
# and an address right after another ("a@b.ru+c@d.ru") starts where the first one ended.
_EMAIL = _compile(
    rf"""
    [\w.+%\-]+
    (?P<at> [@\uff20][\w\-]+(?:\.[\w\-]+)+
      | (?:{_SP}{{0,2}}[\[(]{_SP}{{0,2}}(?i:at|собака){_SP}{{0,2}}[\])]{_SP}{{0,2}}
          |{_SP}{{1,2}}(?i:at|собака){_SP}{{1,2}}|{_SP}{{0,2}}[@\uff20]{_SP}{{0,2}})
        [\w\-]+
        (?:{_SP}{{0,2}}[\[(]{_SP}{{0,2}}(?i:dot|точка){_SP}{{0,2}}[\])]{_SP}{{0,2}}
          |{_SP}{{1,2}}(?i:dot|точка){_SP}{{1,2}})
        (?i:ru|com|net|org|kg|tj|uz|kz|su|рф|info|me|io|ua|by|de|biz)(?!\w)
    )?
    """
)

# 2. What must stay: dates, date ranges, year ranges, money. Claimed before anything is removed.
_KEEP = _compile(
    rf"""
    {_ALONE_BEFORE}
    (?: {_FULL_DATE}{_DATE_RANGE_END}
      | (?<!\d{_SP}){_SHORT_DATE}{_DATE_RANGE_END}  # "345 12.03" ends a phone number
      | {_YEAR4}{_SP}{{0,2}}(?:{_DASH}|/){_SP}{{0,2}}(?:{_YEAR4}|\d\d)
    ) {_ALONE_AFTER}
    | (?<!\d)(?<!\d[.,/\-])(?<!\d{_SP})
      {_AMOUNT}(?:{_SP}{{0,2}}{_DASH}{_SP}{{0,2}}{_AMOUNT})?{_SP}{{0,2}}{_CURRENCY}
    | [$€₽]{_SP}{{0,2}}{_AMOUNT}(?!\d)(?!(?:[.,\-]|{_SP}){{1,2}}\d)
    """
)

# 3. A passport number with its letters: KG "AC1234567", "ID 1234567", UZ "FA 1234567", TJ
# "A 1234567". Capitals only, so ordinary words before a number are not taken for a series.
_LETTERED = _compile(
    rf"{_WORD_START}(?:[A-Z]{{1,2}}|[А-ЯЁ]{{2}})(?:{_SP}?[\-:№]?{_SP}?)\d{{7,8}}(?!\d)"
)

# 4. Series, "№", number — a work patent "77 № 1234567890", a migration card "4617 № 1234567".
_NO = r"(?:№|N[o°º]?\.?|Nr\.?)"
_SERIES_NUMBER = _compile(rf"(?<!\d)\d{{2,4}}{_SP}{{0,2}}{_NO}{_SP}{{0,2}}\d{{6,12}}(?!\d)")

# 5. A number after a word that says what it is. Passport and document words may sit inside a
# longer word ("загранпаспорт", "картасы"); short ones must start a word ("тел", not "житель").
_NUMBER_WORD = rf"(?i:номер|nomer|raqam|рақам){_LETTERS}"
_FILL_WORD = (
    rf"(?:(?i:сери[яиюй]|seriya){_LETTERS}|{_NUMBER_WORD}|(?i:сер\.|series|number|no\.?|nr\.?))"
)
_NUMBER_JOIN = rf"(?:{_SEP}|{_SP}{{0,2}}(?:{_NO}|{_NUMBER_WORD}){_SP}{{0,2}})"
_KEYWORD = _compile(
    rf"""
    (?: (?P<passport>(?i:паспорт|пасспорт|passport|pasport|шиноснома))
      | (?P<document>(?i:патент|patent|карт|karta|корт|card|удостоверени|guvohnoma|гувоҳнома
          |свидетельств|полис|polis))
      | {_WORD_START}(?P<inn>(?i:инн|inn|пин|pin|pinfl|пинфл|жшшир|jshshir))
      | {_WORD_START}(?P<snils>(?i:снилс|snils))
      | {_WORD_START}(?P<phone>(?i:тел|tel|телефон|phone|whatsapp|ватсап|вотсап|viber|вайбер))
      | (?P<no>№|\#|{_WORD_START}N[o°º]?\.?|{_WORD_START}Nr\.?)
    )
    {_LETTERS}
    (?:[\s:.,\#№()=]|{_DASH}|{_FILL_WORD}){{0,12}}
    (?P<x>(?:(?:[A-Z]{{1,2}}|[А-ЯЁ]{{2}})(?:{_NUMBER_JOIN})?)?\d+(?:{_NUMBER_JOIN}\d+)*)
    """
)

# 6. Every remaining run of digit groups, read as a whole: "+7 (912) 345-67-89", "4512 345678".
_RUN = _compile(
    rf"""
    (?<!\d)
    (?P<plus>{_PLUS}{_SP}{{0,2}})?
    (?:\({_SP}{{0,2}}\d{{1,5}}{_SP}{{0,2}}\){_SP}{{0,3}}(?:{_DASH}{_SP}{{0,3}})?)?
    \d+(?:{_SEP}\d+)*
    """
)
_DIGITS = re.compile(r"\d+")

# First two digits of Uzbek and Tajik mobile numbers written without the country code
# ("90 123-45-67", "93 123 4567"); other nine-digit numbers are read as passports.
_MOBILE_CODES = frozenset(
    {0, 10, 11, 12, 17, 20, 33, 50, 55, 70, 77, 88, 90, 91, 92, 93, 94, 95, 97, 98, 99}
)
_CENTRAL_ASIAN_CODES = ("996", "992", "998")


# --- checksums -------------------------------------------------------------------------------


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _snils_ok(digits: str) -> bool:
    if len(digits) != 11:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(9, 0, -1), strict=True))
    check = total % 101 if total > 101 else total
    return (0 if check == 100 or check == 101 else check) == int(digits[9:])


def _inn_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def _inn_ok(digits: str) -> bool:
    if len(digits) == 10:
        return _inn_digit(digits, (2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(digits[9])
    if len(digits) == 12:
        first = _inn_digit(digits, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
        second = _inn_digit(digits, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
        return (first, second) == (int(digits[10]), int(digits[11]))
    return False


# --- classification --------------------------------------------------------------------------


def _ascii_digits(text: str) -> str:
    # `\d` also matches Arabic-Indic, Devanagari and full-width digits; checksums need 0-9.
    return "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())


def _card_like(digits: str, groups: list[int]) -> bool:
    # Luhn alone would let a mistyped card through; 4-digit groups alone would not catch a card
    # written in one piece. Either is enough: a wrong guess only changes the placeholder.
    if not 13 <= len(digits) <= 19:
        return False
    grouped = len(groups) >= 4 and all(g == 4 for g in groups[:-1]) and groups[-1] <= 4
    return grouped or _luhn_ok(digits)


def _number_kind(digits: str, groups: list[int], *, international: bool = False) -> str | None:
    """What a run of ASCII digits written in `groups` is, or None if it is short enough to keep.

    Over-caution is deliberate: any bare 10- or 12-digit number is taken for an INN (it may be
    one with a typo) and any other run of 7+ digits for a `NUMBER`.
    """
    n = len(digits)
    if international or (n >= 11 and digits.startswith("00")):
        return PHONE if n >= MIN_DIGITS else None
    if n < MIN_DIGITS:
        return None
    if _card_like(digits, groups):
        return CARD
    if n == 7 and groups == [3, 2, 2]:
        return PHONE  # a city number, "123-45-67"
    if n == 9:
        return PHONE if int(digits[:2]) in _MOBILE_CODES else PASSPORT  # "75 1234567", "400123456"
    if n == 10:
        if groups in ([2, 2, 6], [4, 6]):
            return PASSPORT  # Russian internal passport, "45 12 345678"
        if digits[0] == "0" or (digits[0] == "8" and groups[0] == 1):
            return PHONE  # "0555 123 456" (KG), "0 93 1234567" (TJ), "8 (90) 1234567" (UZ)
        if _inn_ok(digits):
            return INN
        return PHONE if digits[0] == "9" else INN  # "9123456789": a Russian mobile, no prefix
    if n == 11:
        if groups == [3, 3, 3, 2]:
            return SNILS
        if groups == [4, 7]:
            return DOCUMENT  # migration card, "4512 1234567"
        if digits[0] in "78":
            return PHONE
        return SNILS if _snils_ok(digits) else NUMBER
    if n == 12:
        if _inn_ok(digits):
            return INN
        return PHONE if digits.startswith(_CENTRAL_ASIAN_CODES) else INN
    if n == 14:
        return INN  # Kyrgyz PIN and Uzbek PINFL, the personal numbers on ID cards
    return NUMBER


def _run_kind(m: re.Match[str]) -> str | None:
    text = m.group()
    digits = _ascii_digits(text)
    groups = [len(g) for g in _DIGITS.findall(text)]
    kind = _number_kind(digits, groups, international=m.group("plus") is not None)
    if kind is None or m.group("plus"):
        return kind
    before = m.string[m.start() - 1 : m.start()]
    after = m.string[m.end() : m.end() + 1]
    # Digits glued to a word ("id123456789") are some account or order number, not a document.
    return NUMBER if before.isalpha() or after.isalpha() else kind


def _keyword_kind(m: re.Match[str]) -> str | None:
    number = m.group("x")
    digits = _ascii_digits(number)
    if len(digits) < MIN_DIGITS_AFTER_KEYWORD:
        return None
    for group, kind in (("inn", INN), ("snils", SNILS), ("phone", PHONE)):
        if m.group(group):
            return kind
    if _card_like(digits, [len(g) for g in _DIGITS.findall(number)]):
        return CARD
    return PASSPORT if m.group("passport") else DOCUMENT


def _email_kind(m: re.Match[str]) -> str | None:
    return EMAIL if m.group("at") else None


def _constant(kind: str) -> Callable[[re.Match[str]], str | None]:
    return lambda _m: kind


# --- the pipeline ----------------------------------------------------------------------------

_KEPT = ""  # the verdict for text that must stay as it is (dates, amounts)

# A piece of the text and what it was found to be: None while nothing has claimed it yet.
_Piece = tuple[str, str | None]

_PASSES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
    (_EMAIL, _email_kind),
    (_KEEP, _constant(_KEPT)),
    (_LETTERED, _constant(PASSPORT)),
    (_SERIES_NUMBER, _constant(DOCUMENT)),
    (_KEYWORD, _keyword_kind),
    (_RUN, _run_kind),
)


def _claim(
    pieces: list[_Piece],
    pattern: re.Pattern[str],
    verdict: Callable[[re.Match[str]], str | None],
) -> list[_Piece]:
    # Each pass sees only the text no earlier pass claimed, one unclaimed stretch at a time, so a
    # kept date can never become part of a phone number and a removed e-mail never joins digits.
    # A placeholder in already-scrubbed text is a boundary in the same way: scrubbing twice
    # changes nothing.
    claimed_span = "x" in pattern.groupindex
    result: list[_Piece] = []
    for text, kind in pieces:
        if kind is not None:
            result.append((text, kind))
            continue
        pos = 0
        for m in pattern.finditer(text):
            found = verdict(m)
            if found is None:
                continue
            start, end = m.span("x") if claimed_span else m.span()
            if start > pos:
                result.append((text[pos:start], None))
            result.append((text[start:end], found))
            pos = end
        if pos < len(text):
            result.append((text[pos:], None))
    return result


def scrub(text: str) -> Scrubbed:
    """`text` with phones, e-mails and document, card, SNILS, INN and other long numbers replaced.

    Dates, amounts of money, times and numbers shorter than seven digits stay. The result never
    holds seven digits in a row, and scrubbing it again changes nothing.
    """
    pieces: list[_Piece] = [(text, None)]
    for pattern, verdict in _PASSES:
        pieces = _claim(pieces, pattern, verdict)
    removed: dict[str, int] = {}
    out: list[str] = []
    for piece, kind in pieces:
        if kind is None or kind == _KEPT:
            out.append(piece)
        else:
            out.append(placeholder(kind))
            removed[kind] = removed.get(kind, 0) + 1
    return Scrubbed("".join(out), removed)

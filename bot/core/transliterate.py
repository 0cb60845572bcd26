"""Uzbek Latin ↔ Cyrillic transliteration (glossary §9–§10): Ўзбекча texts are made from Latin ones.

The reverse direction exists for search: Cyrillic typed by a user is matched against Latin text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Loanword stems whose Cyrillic spelling is the Russian one and cannot be derived letter by letter
# (glossary §10 rules 2 and 5). Keys are lowercase official Latin stems, matched at the start of a
# word so that suffixes follow: "Moskvadagi" → "Москвадаги". Some entries are regular already
# (Rossiya, patent, migratsiya …); they are listed to pin the spelling of the glossary's pairs and
# so that `cyrillic_to_latin` gives the official Latin back. Where two Latin spellings share one
# Cyrillic form, the first one listed is what the reverse direction produces.
LOANWORDS: dict[str, str] = {
    # glossary §8 (CLDR months): the official Latin is not what "сентябр"/"октябр" spell
    "sentabr": "сентябр",
    "oktabr": "октябр",
    # glossary §1, §4, §5: attested pairs with Russian ц, е, я
    "rossiya": "россия",
    "moskva": "москва",
    "patent": "патент",
    "migratsiya": "миграция",
    "registratsiya": "регистрация",
    "deportatsiya": "депортация",
    "federatsiya": "федерация",
    "politsiya": "полиция",
    "reestr": "реестр",  # U9 writes "reestri"; the letter rule would give back "reyestr"
    "inspeksiya": "инспекция",  # U29: Latin s after a consonant can be Russian ц (rule 2)
    "aksiya": "акция",
    "aktsiya": "акция",
    # Russian ц written s after a consonant or at the start of a word (rule 2)
    "stansiya": "станция",
    "kvitansiya": "квитанция",
    "instansiya": "инстанция",
    "distansiya": "дистанция",
    "konsepsiya": "концепция",
    "korrupsiya": "коррупция",
    "konsert": "концерт",
    "sement": "цемент",
    "litsenziya": "лицензия",
    "spets": "спец",  # spetspriyomnik (спецприёмник): "ts" before a consonant is otherwise т+с
    # Russian ъ/ь/э that Latin spelling drops
    "kompyuter": "компьютер",
    "obyekt": "объект",
    "subyekt": "субъект",
    "koeffitsiyent": "коэффициент",
    "koeffitsient": "коэффициент",
    "aero": "аэро",
    "rubl": "рубль",  # the Russian soft sign, kept in Uzbek Cyrillic
}

# Abbreviations matched case-sensitively (so "ID" never eats "Idora"); an Uzbek suffix in lowercase
# may follow ("MFTsga"). ID stays Latin in Cyrillic text ("ID-карта", glossary §1); the others carry
# a Russian ц that the letter rules only produce before "i" + vowel.
ABBREVIATIONS: dict[str, str] = {
    "ID": "ID",
    "ruID": "ruID",  # the name of the Russian entry app: a brand, never transliterated
    "MFTs": "МФЦ",  # glossary §5: "MFTs / МФЦ"
    "TsVSIG": "ЦВСИГ",
    "JShDS": "ЖШДС",  # pinned so the reverse gives the glossary's mixed case back
}

_OKINA = "\u02bb"  # ʻ in oʻ gʻ (glossary §9: always emitted as U+02BB)
_TUTUQ = "\u02bc"  # ʼ, the tutuq belgisi, Latin counterpart of ъ
_APOSTROPHES = "'`´‘’" + _OKINA + _TUTUQ  # what people actually type (glossary §9)
_LOOSE_APOSTROPHES = "'`´‘’"  # the same marks, which may also be quotation marks

_LETTERS = "[^\\W\\d_]|[\u0300-\u036f]"  # combining marks: "o" + U+0303 is the draft letter õ
_WORD = re.compile(f"(?:{_LETTERS})+(?:[{_APOSTROPHES}](?:{_LETTERS})+)*[{_APOSTROPHES}]?")
_LATIN_RANGES = "A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f"
_SCRIPT_RUNS = re.compile(f"[{_LATIN_RANGES}{_APOSTROPHES}]+|[^{_LATIN_RANGES}{_APOSTROPHES}]+")

# Text that must reach the user byte for byte: markup, links, addresses and template slots.
_PROTECTED = re.compile(
    r"""
    (?i:<(code|pre)\b[^>]*>.*?</\1>)                  # code samples are literal by definition
    | </?[A-Za-z!][^<>]*>                             # HTML tags and comments
    | &(?:\#\d+|\#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);  # HTML entities
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                    # e-mail addresses
    | (?:https?://|www\.)[^\s<>"]+                    # URLs
    | (?<![\w.@-])[\w-]+(?:\.[\w-]+)*\.(?:uz|ru|рф|kg|tj|kz|com|org|net|info|gov|me|io)\b
      (?:/[^\s<>"]*)?                                 # bare domains: lex.uz, t.me/…
    | (?<!\w)@\w{3,}                                  # Telegram usernames
    | \{[^{}]*\}                                      # format placeholders: {country}
    | %(?:\([A-Za-z_]\w*\))?[sdif](?![^\W\d_])        # printf placeholders, not "50%dan"
    | (?<![\w/])/[A-Za-z]\w*(?:@\w+)?                 # bot commands: /menu
    """,
    re.VERBOSE | re.DOTALL,
)

# The draft reform letters (2021, 2023) are accepted on input but never output (glossary §9).
_DRAFT_LETTERS = str.maketrans(
    {
        "õ": "o" + _OKINA,
        "ō": "o" + _OKINA,
        "Õ": "O" + _OKINA,
        "Ō": "O" + _OKINA,
        "ğ": "g" + _OKINA,
        "ḡ": "g" + _OKINA,
        "Ğ": "G" + _OKINA,
        "Ḡ": "G" + _OKINA,
        "ş": "sh",
        "Ş": "Sh",
        "ç": "ch",
        "Ç": "Ch",
    }
)

# Homoglyphs (glossary §9, U42 mixes Cyrillic а о е into Latin words): a word mostly in one script
# is repaired towards that script before anything else.
_CYRILLIC_LOOKALIKES = str.maketrans("аеорсухАВЕКМНОРСТХ", "aeopcyxABEKMHOPCTX")
_LATIN_LOOKALIKES = str.maketrans("aeopcyxABEKMHOPCTXY", "аеорсухАВЕКМНОРСТХУ")

_TO_CYRILLIC = {
    "a": "а",
    "b": "б",
    "d": "д",
    "f": "ф",
    "g": "г",
    "h": "ҳ",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "x": "х",
    "y": "й",
    "z": "з",
    "sh": "ш",
    "ch": "ч",
    "o" + _OKINA: "ў",
    "g" + _OKINA: "ғ",
    "yo": "ё",
    "yu": "ю",
    "ya": "я",
    "ye": "е",  # rule 1: Latin ye → е (word start, and after a vowel as in poyezd → поезд)
}
_DIGRAPHS = frozenset({"sh", "ch", "yo", "yu", "ya", "ye"})
_UZBEK_LATIN = frozenset("abdefghijklmnopqrstuvxyz" + _OKINA + _TUTUQ)
_LATIN_VOWELS = frozenset({"a", "e", "i", "o", "u", "o" + _OKINA, "yo", "yu", "ya", "ye"})

_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ч": "ch",
    "ш": "sh",
    "ъ": _TUTUQ,
    "ь": "",  # dropped (glossary §10); "ье" is handled with е
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ў": "o" + _OKINA,
    "қ": "q",
    "ғ": "g" + _OKINA,
    "ҳ": "h",
    "ы": "i",  # Russian letters typed by users: close enough for search
    "щ": "sh",
}
_CYRILLIC_VOWELS = frozenset("аеёиоуўэюяaeiou")


def _reverse_stems(table: dict[str, str]) -> dict[str, str]:
    reverse: dict[str, str] = {}
    for latin, cyrillic in table.items():
        if any("\u0400" <= c <= "\u04ff" for c in cyrillic):
            reverse.setdefault(cyrillic, latin)  # first listed Latin spelling wins
    return reverse


_LOANWORDS_BACK = _reverse_stems(LOANWORDS)
# Longest first, so a stem that begins another listed stem cannot shadow it.
_LOANWORD_STEMS = sorted(LOANWORDS, key=len, reverse=True)
_LOANWORD_STEMS_BACK = sorted(_LOANWORDS_BACK, key=len, reverse=True)
_ABBREVIATIONS_BACK = _reverse_stems(ABBREVIATIONS)


# Names of foreign organisations and apps stay in Latin letters in Uzbek Cyrillic text.
KEEP_LATIN = ("Human Rights Watch", "WhatsApp", "Telegram")
_KEEP_LATIN = re.compile("|".join(re.escape(name) for name in KEEP_LATIN))
# "patent (патент)": the glossary's Russian term in brackets repeats a word that is spelt the
# same once the Uzbek is in Cyrillic, so the bracket is dropped there.
_REPEATED_IN_BRACKETS = re.compile(r"\b([^\W\d_][\w-]*) \((\1)\)", re.IGNORECASE)


def latin_to_cyrillic(text: str) -> str:
    """Uzbek Latin text in Cyrillic; markup, links, placeholders and Cyrillic stay as they are."""
    pieces: list[str] = []
    position = 0
    for match in _KEEP_LATIN.finditer(text):
        pieces += [_to_cyrillic(text[position : match.start()]), match.group()]
        position = match.end()
    pieces.append(_to_cyrillic(text[position:]))
    return _REPEATED_IN_BRACKETS.sub(r"\1", "".join(pieces))


def _to_cyrillic(text: str) -> str:
    return _outside_protected(text, lambda free: _WORD.sub(_word_to_cyrillic, free))


def cyrillic_to_latin(text: str) -> str:
    """Uzbek Cyrillic text in Latin, good enough to match typed Cyrillic against Latin text."""
    return _outside_protected(text, _free_to_latin)


def _outside_protected(text: str, convert: Callable[[str], str]) -> str:
    pieces: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        pieces += [convert(text[position : match.start()]), match.group()]
        position = match.end()
    pieces.append(convert(text[position:]))
    return "".join(pieces)


# --- Latin → Cyrillic -------------------------------------------------------------------------


def _word_to_cyrillic(match: re.Match[str]) -> str:
    word = match.group()
    latin = sum(1 for c in word if _is_latin(c))
    if not latin:
        return word  # Cyrillic (or any other script) passes through untouched
    cyrillic = sum(1 for c in word if _is_cyrillic(c))
    if cyrillic > latin:
        return word.translate(_LATIN_LOOKALIKES)
    if cyrillic:
        word = word.translate(_CYRILLIC_LOOKALIKES)
    runs = _SCRIPT_RUNS.findall(word)
    return "".join(
        _latin_run_to_cyrillic(run, at_word_start=i == 0) if any(map(_is_latin, run)) else run
        for i, run in enumerate(runs)
    )


def _latin_run_to_cyrillic(run: str, *, at_word_start: bool) -> str:
    body = run.lstrip(_APOSTROPHES)
    leading = run[: len(run) - len(body)]
    trailing = ""
    # A final ' is a closing quotation mark unless it completes gʻ (togʻ, bogʻ); after "ng"
    # (tanlang') and after o it is a quote, since hardly any Uzbek word ends in oʻ.
    if body[-1] in _LOOSE_APOSTROPHES:
        stem = body[:-1].lower()
        if not (stem.endswith("g") and not stem.endswith("ng")):
            body, trailing = body[:-1], body[-1]
    word = unicodedata.normalize("NFC", body).translate(_DRAFT_LETTERS)
    if not _is_uzbek_latin(word):
        return run  # English and brand names (WhatsApp, Facebook) keep their own spelling
    head, word = _exception_prefix(word)
    if head:
        at_word_start = False
    return leading + head + _render_cyrillic(_split_units(word), at_word_start) + trailing


def _is_uzbek_latin(word: str) -> bool:
    lower = word.lower()
    for i, c in enumerate(lower):
        if c in _LOOSE_APOSTROPHES:
            continue
        if c == "c":
            if lower[i + 1 : i + 2] != "h":
                return False  # Uzbek has c only in ch
        elif c not in _UZBEK_LATIN:
            return False
    return True


def _exception_prefix(word: str) -> tuple[str, str]:
    """The Cyrillic for a listed stem at the start of the word, and the rest of the word."""
    for latin, cyrillic in ABBREVIATIONS.items():
        rest = word[len(latin) :]
        if word.startswith(latin) and rest == rest.lower():
            return cyrillic, rest
    key = _canonical_apostrophes(word).lower()
    for latin in _LOANWORD_STEMS:
        if key.startswith(latin):
            return _match_case(word[: len(latin)], LOANWORDS[latin]), word[len(latin) :]
    return "", word


def _canonical_apostrophes(word: str) -> str:
    chars = list(word)
    for i, c in enumerate(chars):
        if c in _APOSTROPHES:
            chars[i] = _OKINA if i and chars[i - 1] in "oOgG" else _TUTUQ
    return "".join(chars)


def _split_units(word: str) -> list[str]:
    """Letters and digraphs (sh, ch, oʻ, gʻ, yo …) as typed; ʻ normalised, ʼ for the tutuq."""
    units: list[str] = []
    i = 0
    while i < len(word):
        c, lower = word[i], word[i : i + 2].lower()
        after = word[i + 2 : i + 3]
        if c in _APOSTROPHES:
            # Rule 4: between s and h the sign only keeps them apart (Isʼhoq → Исҳоқ).
            if not (units and units[-1] in "sS" and lower[1:] == "h"):
                units.append(_TUTUQ)
            i += 1
        elif lower[:1] in "og" and lower[1:] and lower[1] in _APOSTROPHES:
            units.append(c + _OKINA)
            i += 2
        elif lower == "yo" and after and after in _APOSTROPHES:
            units.append(c)  # rule 4: yoʻ is й + ў (Yoʻq → Йўқ), not ё
            i += 1
        elif lower in _DIGRAPHS:
            units.append(word[i : i + 2])
            i += 2
        else:
            units.append(c)
            i += 1
    return units


def _render_cyrillic(units: list[str], at_word_start: bool) -> str:
    letters = [unit for unit in units if unit != _TUTUQ]
    shouting = len("".join(letters)) > 1 and all(u[0].isupper() for u in letters)
    lower = [unit.lower() for unit in units]
    out: list[str] = []
    i = 0
    while i < len(units):
        unit, key = units[i], lower[i]
        if key == _TUTUQ:
            out.append("Ъ" if shouting else "ъ")
            i += 1
            continue
        if key == "e":
            cyrillic = "э" if i == 0 and at_word_start else "е"  # rule 1, Latin → Cyrillic
        elif key in "tk" and _russian_ts(lower, i):
            # Russian -ция: "ts"/"ks" + i + vowel is a loanword (politsiya, aksiya), while
            # native t + s meets only at suffixes (ketsa, aytsin), so ц is safe only here.
            cyrillic = "ц" if key == "t" else "кц"
            i += 1
        else:
            cyrillic = _TO_CYRILLIC[key]
        out.append(cyrillic.upper() if unit[0].isupper() else cyrillic)
        i += 1
    return "".join(out)


def _russian_ts(lower: list[str], i: int) -> bool:
    following = lower[i + 1 : i + 4]
    if following[:2] != ["s", "i"] or len(following) < 3:
        return False
    if lower[i] == "k":
        return following[2] == "ya"  # aksiya, funksiya; but aksioma stays аксиома
    return following[2] in _LATIN_VOWELS


# --- Cyrillic → Latin -------------------------------------------------------------------------

_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+")


def _free_to_latin(text: str) -> str:
    def convert(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        return _cyrillic_word_to_latin(match.group(), before)

    return _CYRILLIC_WORD.sub(convert, text)


def _cyrillic_word_to_latin(word: str, before: str) -> str:
    shouting = len(word) > 1 and word.isupper()
    head = ""
    for cyrillic, latin in _ABBREVIATIONS_BACK.items():
        rest = word[len(cyrillic) :]
        if word.startswith(cyrillic) and rest == rest.lower():
            head, word = latin, rest
            break
    else:
        for cyrillic in _LOANWORD_STEMS_BACK:
            if word.lower().startswith(cyrillic):
                stem = word[: len(cyrillic)]
                head, word = _match_case(stem, _LOANWORDS_BACK[cyrillic]), word[len(cyrillic) :]
                break
    previous = head[-1:] or before
    out = [head]
    for i, c in enumerate(word):
        lower = c.lower()
        following = word[i + 1 : i + 2].lower()
        after_vowel_or_start = not previous.isalpha() or previous.lower() in _CYRILLIC_VOWELS
        if lower == "е":
            # Rule 1: ye at the start, after a vowel, ъ or ь; e elsewhere.
            latin = "ye" if after_vowel_or_start or previous.lower() in "ъь" else "e"
        elif lower == "ц":
            # Rule 2 (official spelling, which is what Latin texts use): ts after a vowel only.
            latin = "ts" if previous.isalpha() and previous.lower() in _CYRILLIC_VOWELS else "s"
        elif lower == "с" and following == "ҳ":
            latin = "s" + _TUTUQ  # rule 4: keeps Исҳоқ from reading as ш (Isʼhoq)
        else:
            latin = _TO_LATIN.get(lower, c)  # Kyrgyz and Tajik letters are left alone
        if c != lower and latin:
            latin = latin.upper() if shouting else latin[0].upper() + latin[1:]
        out.append(latin)
        previous = c
    return "".join(out)


# --- shared helpers ---------------------------------------------------------------------------


def _match_case(source: str, target: str) -> str:
    if len(source) > 1 and source.isupper():
        return target.upper()
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


def _is_latin(c: str) -> bool:
    return c.isalpha() and (c.isascii() or "\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff")


def _is_cyrillic(c: str) -> bool:
    return "\u0400" <= c <= "\u04ff"

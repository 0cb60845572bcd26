"""Report text scrubbing: every identifying number goes, dates, amounts and words stay."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.scrub import (
    CARD,
    DOCUMENT,
    EMAIL,
    INN,
    NUMBER,
    PASSPORT,
    PHONE,
    SNILS,
    Scrubbed,
    scrub,
)

SEVEN_DIGITS = re.compile(r"\d{7,}")

# (how the number is written, what it is). Each is put in the middle of a sentence.
REMOVED = [
    # Russia: +7 or 8 and ten digits, any separators
    pytest.param("+7 (912) 345-67-89", PHONE, id="ru-phone-brackets"),
    pytest.param("89123456789", PHONE, id="ru-phone-plain"),
    pytest.param("8 912 345 67 89", PHONE, id="ru-phone-spaces"),
    pytest.param("+7 912 3456789", PHONE, id="ru-phone-3-7"),
    pytest.param("8.912.345.67.89", PHONE, id="ru-phone-dots"),
    pytest.param("8-800-555-35-35", PHONE, id="ru-phone-toll-free"),
    pytest.param("+7\u00a0912\u00a0345\u00a067\u00a089", PHONE, id="ru-phone-nbsp"),
    pytest.param("8\u202f912\u202f345\u201167\u201189", PHONE, id="ru-phone-narrow-nbsp"),
    pytest.param("8\u200b912\u200b3456789", PHONE, id="ru-phone-zero-width-space"),
    pytest.param("+７ ９１２ ３４５ ６７ ８９", PHONE, id="ru-phone-full-width-digits"),
    pytest.param("9123456789", PHONE, id="ru-mobile-without-prefix"),
    # Kyrgyzstan: +996 and nine digits, or 0 and nine digits
    pytest.param("+996 555 123 456", PHONE, id="kg-phone-international"),
    pytest.param("+996555123456", PHONE, id="kg-phone-international-plain"),
    pytest.param("00996 555 123 456", PHONE, id="kg-phone-00"),
    pytest.param("0555 123 456", PHONE, id="kg-phone-local"),
    pytest.param("0 (555) 12-34-56", PHONE, id="kg-phone-local-brackets"),
    # Tajikistan: +992 and nine digits
    pytest.param("+992 93 123 45 67", PHONE, id="tj-phone-international"),
    pytest.param("93 123 4567", PHONE, id="tj-phone-local"),
    pytest.param("0 93 1234567", PHONE, id="tj-phone-local-0"),
    pytest.param("992931234567", PHONE, id="tj-phone-without-plus"),
    # Uzbekistan: +998 and nine digits
    pytest.param("+998 90 123 45 67", PHONE, id="uz-phone-international"),
    pytest.param("90 123-45-67", PHONE, id="uz-phone-local"),
    pytest.param("8 (90) 1234567", PHONE, id="uz-phone-domestic-8"),
    pytest.param("(90) 123-45-67", PHONE, id="uz-phone-code-in-brackets"),
    # e-mail
    pytest.param("zarina1990@mail.ru", EMAIL, id="email"),
    pytest.param("t.asanov+work@gmail.com", EMAIL, id="email-dots-plus"),
    pytest.param("info@helpline.kg", EMAIL, id="email-kg"),
    pytest.param("zarina at mail dot ru", EMAIL, id="email-spelled-out"),
    pytest.param("zarina (at) mail (dot) ru", EMAIL, id="email-bracketed-at"),
    pytest.param("zarina собака mail точка ru", EMAIL, id="email-spelled-out-ru"),
    # passports
    pytest.param("45 12 345678", PASSPORT, id="ru-internal-passport"),
    pytest.param("4512 345678", PASSPORT, id="ru-internal-passport-4-6"),
    pytest.param("75 1234567", PASSPORT, id="ru-foreign-passport"),
    pytest.param("AC1234567", PASSPORT, id="kg-passport-ac"),
    pytest.param("AN1234567", PASSPORT, id="kg-passport-an"),
    pytest.param("ID 1234567", PASSPORT, id="kg-id-card"),
    pytest.param("400123456", PASSPORT, id="tj-passport-digits"),
    pytest.param("A 1234567", PASSPORT, id="tj-passport-letter"),
    pytest.param("AA1234567", PASSPORT, id="uz-passport"),
    pytest.param("FA 1234567", PASSPORT, id="uz-passport-space"),
    # patent, migration card
    pytest.param("77 № 1234567890", DOCUMENT, id="patent-series-and-number"),
    pytest.param("4512 1234567", DOCUMENT, id="migration-card"),
    pytest.param("4617 № 1234567", DOCUMENT, id="migration-card-with-no-sign"),
    # bank cards
    pytest.param("4111 1111 1111 1111", CARD, id="card-luhn-grouped"),
    pytest.param("4111111111111111", CARD, id="card-luhn-plain"),
    pytest.param("4111-1111-1111-1111", CARD, id="card-dashes"),
    pytest.param("1234 5678 9012 3456", CARD, id="card-grouped-failing-luhn"),
    pytest.param("3782 822463 10005", CARD, id="card-amex-luhn"),
    # SNILS
    pytest.param("112-233-445 95", SNILS, id="snils-grouped"),
    pytest.param("11223344595", SNILS, id="snils-plain-valid-checksum"),
    pytest.param("123-456-789 00", SNILS, id="snils-grouped-failing-checksum"),
    # INN
    pytest.param("7707083893", INN, id="inn-10-valid"),
    pytest.param("500100732259", INN, id="inn-12-valid"),
    pytest.param("1234567890", INN, id="inn-10-any"),
    pytest.param("123456789012", INN, id="inn-12-any"),
    pytest.param("21234199001234", INN, id="kg-pin-14"),
    # anything else long
    pytest.param("1234567", NUMBER, id="seven-digits"),
    pytest.param("12 34 56 78", NUMBER, id="eight-digits-in-pairs"),
    pytest.param("1 500 000", NUMBER, id="grouped-number-without-currency"),
    pytest.param("١٢٣٤٥٦٧٨", NUMBER, id="arabic-indic-digits"),
]

# A document word or "№" before a number says what it is, and makes six digits enough.
REMOVED_AFTER_A_WORD = [
    pytest.param("паспорт № 123456", "паспорт № [passport]", id="passport-no-sign"),
    pytest.param(
        "паспорт серия 4512 номер 345678", "паспорт серия [passport]", id="passport-series-word"
    ),
    pytest.param("паспорт 4512345678", "паспорт [passport]", id="passport-plain"),
    pytest.param("загранпаспорт 751234567", "загранпаспорт [passport]", id="foreign-passport"),
    pytest.param("pasport: AB 123456", "pasport: [passport]", id="passport-uz-six-digits"),
    pytest.param(
        "Pasport seriyasi AA raqami 1234567", "Pasport seriyasi [passport]", id="passport-uz-words"
    ),
    pytest.param("шиноснома № 400123", "шиноснома № [passport]", id="passport-tg"),
    pytest.param("шиносномаи ман 400123456", "шиносномаи ман [passport]", id="passport-tg-9"),
    pytest.param("патент № 123456", "патент № [document]", id="patent"),
    pytest.param("номер патента 1234567890", "номер патента [document]", id="patent-number"),
    pytest.param(
        "миграционная карта: 123456", "миграционная карта: [document]", id="migration-card"
    ),
    pytest.param(
        "карта Сбербанка 4276 3800 1234 5678", "карта Сбербанка [card]", id="bank-card-word"
    ),
    pytest.param("№ 654321", "№ [document]", id="no-sign"),
    pytest.param("ИНН 500100732259", "ИНН [INN]", id="inn-word"),
    pytest.param("СНИЛС 11223344595", "СНИЛС [SNILS]", id="snils-word"),
    pytest.param("тел: 345 678", "тел: [phone]", id="six-digit-phone"),
    pytest.param("WhatsApp: +992 93 123 45 67", "WhatsApp: [phone]", id="whatsapp"),
]

KEPT = [
    pytest.param("Паспорт забрали 12.03.2025.", id="date-dots"),
    pytest.param("Приехал 12/03/2025, уехал 2025-04-01", id="date-slash-iso"),
    pytest.param("Договор от 01.02.24", id="date-short-year"),
    pytest.param("Работал 12.03.2025-15.03.2025 без оплаты", id="date-range"),
    pytest.param("с 01.03-15.04", id="date-range-without-year"),
    pytest.param("Это было 12 марта 2025 года в 18:00", id="date-in-words-and-time"),
    pytest.param("12.03.2025 18:00", id="date-then-time"),
    pytest.param("Долг 30 000 рублей", id="amount-rubles-grouped"),
    pytest.param("Не заплатили 50000 руб", id="amount-rubles-plain"),
    pytest.param("Отправил 2000 сом", id="amount-som"),
    pytest.param("Қарзи ӯ 15 000 сомонӣ", id="amount-somoni"),
    pytest.param("Obid 2 000 000 soʻm", id="amount-som-uz"),
    pytest.param("Должны 1 500 000 рублей", id="amount-seven-digits-grouped"),
    pytest.param("Обещали 30000-40000 руб", id="amount-range"),
    pytest.param("Залог $1 200", id="amount-dollar-first"),
    pytest.param("Оплатил картой 50000 руб", id="amount-after-card-word"),
    pytest.param("Worked 3 months, 7 people in one room", id="small-numbers-en"),
    pytest.param("15 дней, 7 человек, 12 часов в день", id="small-numbers-ru"),
    pytest.param("В 2021 году, потом в 2023", id="years"),
    pytest.param("с 2021-2023 гг.", id="year-range"),
    pytest.param("с 9:00 до 18:00", id="times"),
    pytest.param("дом № 5, кв. 12", id="house-number"),
    pytest.param("Федеральный закон № 430-ФЗ", id="law-number"),
    pytest.param("PIN 1234, рост 180 см, +5 градусов", id="short-numbers-after-words"),
    pytest.param(
        "Работодатель забрал паспорт и не платит зарплату уже три месяца.", id="sentence-ru"
    ),
    pytest.param(
        "Иш берүүчү паспортумду алып калды, эң жаман, айлык төлөнгөн жок.", id="sentence-ky"
    ),
    pytest.param(
        "Корфармо ҳуҷҷатҳоямро гирифт, ӯ қарзи ҳақи меҳнатро намедиҳад.", id="sentence-tg"
    ),
    pytest.param(
        "Ish beruvchi pasportimni olib qoʻydi, gʻisht zavodida ishlaymiz.", id="sentence-uz"
    ),
    pytest.param("Иш берувчи паспортимни олиб қўйди, маош бермади.", id="sentence-uz-cyrillic"),
    pytest.param("Write to me at the centre, dot by dot.", id="sentence-en-at-dot"),
]


@pytest.mark.parametrize(("written", "kind"), REMOVED)
def test_an_identifying_number_is_replaced_by_its_placeholder(written: str, kind: str) -> None:
    result = scrub(f"Вот: {written}. Помогите")
    assert result == Scrubbed(f"Вот: [{kind}]. Помогите", {kind: 1})


@pytest.mark.parametrize(("text", "scrubbed"), REMOVED_AFTER_A_WORD)
def test_a_number_after_a_document_word_is_removed_and_the_word_stays(
    text: str, scrubbed: str
) -> None:
    assert scrub(text).text == scrubbed


@pytest.mark.parametrize("text", KEPT)
def test_dates_amounts_small_numbers_and_words_are_kept(text: str) -> None:
    assert scrub(text) == Scrubbed(text, {})


def test_a_whole_report_keeps_its_story_and_loses_every_identifier() -> None:
    report = (
        "12.03.2025 бригадир забрал паспорт AC1234567 и патент 77 № 1234567890. "
        "Долг 30 000 рублей за 3 месяца. Мой тел +996 555 123 456, почта zarina1990@mail.ru, "
        "карта 4111 1111 1111 1111, СНИЛС 112-233-445 95."
    )
    result = scrub(report)
    assert result.text == (
        "12.03.2025 бригадир забрал паспорт [passport] и патент [document]. "
        "Долг 30 000 рублей за 3 месяца. Мой тел [phone], почта [e-mail], "
        "карта [card], СНИЛС [SNILS]."
    )
    assert result.removed == {PASSPORT: 1, DOCUMENT: 1, PHONE: 1, EMAIL: 1, CARD: 1, SNILS: 1}


def test_two_numbers_of_one_kind_are_counted_twice() -> None:
    result = scrub("+7 912 345 67 89 или 8 (999) 123-45-67")
    assert result == Scrubbed("[phone] или [phone]", {PHONE: 2})


def test_numbers_glued_to_a_word_are_removed_as_plain_numbers() -> None:
    assert scrub("vk.com/id123456789").text == "vk.com/id[number]"


def test_seven_digits_are_the_limit_without_a_document_word() -> None:
    assert scrub("код 123456").text == "код 123456"
    assert scrub("код 1234567").text == "код [number]"


ADVERSARIAL = [
    "1" * 5000,
    "1-" * 2500,
    "1 " * 2500,
    "12 - " * 1000,
    "(1) " * 1250,
    "+1 " * 1666,
    "1." * 2500,
    "1\u00a0" * 2500,
    "a." * 2500,
    "a at " * 1000,
    "№ 1 " * 1250,
    "паспорт" + " :" * 2496,
    "1 000 " * 833,
    "12.03." * 833,
    "a@" * 2500,
    "+" * 5000,
    "1  (  -  " * 555,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda text: repr(text[:8]))
def test_long_runs_of_digits_and_separators_are_scrubbed_without_backtracking(
    text: str,
) -> None:
    # Every pattern reads each character one way only; a catastrophic pattern would hang here.
    assert not SEVEN_DIGITS.search(scrub(text).text)


# Text made of the pieces numbers are written with, so that generated examples hit the patterns.
PIECES = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=8),
    st.sampled_from(
        [" ", "  ", "-", ".", "(", ")", "+", "/", ",", ":", "@", "№", "\u00a0", "\n", "_"]
    ),
    st.sampled_from(
        ["руб", "сом", "$", "паспорт", "патент", "карта", "ИНН", "СНИЛС", "тел", "N", "AA"]
    ),
    st.sampled_from(["at", " dot ", "mail", ".ru", "[phone]", "[e-mail]", "12.03.2025", "٣"]),
    st.text(max_size=3),
)
NUMBERISH = st.lists(PIECES, max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(), NUMBERISH)


@settings(max_examples=300)
@given(ANY_TEXT)
def test_scrub_never_raises(text: str) -> None:
    assert isinstance(scrub(text), Scrubbed)


@settings(max_examples=500)
@given(ANY_TEXT)
def test_no_seven_digits_in_a_row_survive(text: str) -> None:
    assert not SEVEN_DIGITS.search(scrub(text).text)


@settings(max_examples=500)
@given(ANY_TEXT)
def test_scrubbing_twice_changes_nothing(text: str) -> None:
    once = scrub(text).text
    assert scrub(once).text == once


@settings(max_examples=300)
@given(NUMBERISH.filter(lambda text: "[" not in text))
def test_each_removal_leaves_exactly_one_placeholder(text: str) -> None:
    result = scrub(text)
    placeholders = sum(result.text.count(f"[{kind}]") for kind in result.removed)
    assert placeholders == sum(result.removed.values())

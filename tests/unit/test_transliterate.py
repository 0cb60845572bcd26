"""Uzbek Latin ↔ Cyrillic: glossary pairs, protected markup, capitals, apostrophes, loanwords."""

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.transliterate import (
    ABBREVIATIONS,
    LOANWORDS,
    cyrillic_to_latin,
    latin_to_cyrillic,
)

# Pairs from /work/shared/domain/glossary.md: the uz (Latin) and uz (Cyrillic) columns of §1–§7,
# the CLDR names and months of §8, and the examples of §10 rule 4. Only cells where both columns
# give the same phrase are used; † cells were themselves made with the §10 correspondence.
GLOSSARY_PAIRS = [
    ("mehnat muhojiri", "меҳнат муҳожири"),
    ("mehnat migranti", "меҳнат мигранти"),
    ("migratsiya roʻyxati", "миграция рўйхати"),
    ("roʻyxatdan oʻtish", "рўйхатдан ўтиш"),
    ("kelganlik haqida bildirishnoma", "келганлик ҳақида билдиришнома"),
    ("qabul qiluvchi tomon", "қабул қилувчи томон"),
    ("migratsiya kartasi", "миграция картаси"),
    ("mehnat patenti", "меҳнат патенти"),
    ("fuqarolik pasporti", "фуқаролик паспорти"),
    ("ID-karta", "ID-карта"),
    ("shaxsini tasdiqlovchi hujjat", "шахсини тасдиқловчи ҳужжат"),
    ("yashash guvohnomasi", "яшаш гувоҳномаси"),
    ("vaqtincha yashash uchun ruxsatnoma (РВП)", "вақтинча яшаш учун рухсатнома (РВП)"),
    ("kirish taqiqi", "кириш тақиқи"),
    ("maʼmuriy chiqarib yuborish", "маъмурий чиқариб юбориш"),
    ("deportatsiya", "депортация"),
    ("chiqarib yuborish rejimi", "чиқариб юбориш режими"),
    ("nazorat qilinadigan shaxslar reestri", "назорат қилинадиган шахслар реестри"),
    ("barmoq izlarini topshirish (daktiloskopiya)", "бармоқ изларини топшириш (дактилоскопия)"),
    ("tibbiy koʻrik", "тиббий кўрик"),
    ("propiska", "прописка"),
    ("yashash joyi boʻyicha roʻyxatga olish", "яшаш жойи бўйича рўйхатга олиш"),
    ("mehnat shartnomasi", "меҳнат шартномаси"),
    ("fuqarolik-huquqiy shartnoma", "фуқаролик-ҳуқуқий шартнома"),
    ("ish beruvchi", "иш берувчи"),
    ("ishchi", "ишчи"),
    ("ish haqi", "иш ҳақи"),
    ("maosh", "маош"),
    ("ish haqi boʻyicha qarzdorlik", "иш ҳақи бўйича қарздорлик"),
    ("mehnat huquqlari", "меҳнат ҳуқуқлари"),
    ("avans toʻlovi", "аванс тўлови"),
    ("JShDS boʻnak toʻlovlari", "ЖШДС бўнак тўловлари"),
    ("jismoniy shaxslar daromad soligʻi (JShDS)", "жисмоний шахслар даромад солиғи (ЖШДС)"),
    ("majburiy tibbiy sugʻurta (OMS)", "мажбурий тиббий суғурта (ОМС)"),
    ("OMS polisi", "ОМС полиси"),
    ("ixtiyoriy tibbiy sugʻurta (DMS) polisi", "ихтиёрий тиббий суғурта (ДМС) полиси"),
    ("tez yordam", "тез ёрдам"),
    ("bepul tibbiy yordam", "бепул тиббий ёрдам"),
    ("pensiya", "пенсия"),
    ("mehnat staji", "меҳнат стажи"),
    ("pensiya yoshi", "пенсия ёши"),
    ("yoshga doir pensiya", "ёшга доир пенсия"),
    ("sugʻurta badallari", "суғурта бадаллари"),
    ("SNILS", "СНИЛС"),
    ("Pensiya jamgʻarmasi", "Пенсия жамғармаси"),
    ("Yevroosiyo iqtisodiy ittifoqi", "Евроосиё иқтисодий иттифоқи"),
    ("MDH", "МДҲ"),
    ("Rossiya Ichki ishlar vazirligi (IIV)", "Россия Ички ишлар вазирлиги (ИИВ)"),
    ("migratsiya boʻlimi", "миграция бўлими"),
    ("elchixona", "элчихона"),
    ("konsullik boʻlimi", "консуллик бўлими"),
    ("Tashqi mehnat migratsiyasi agentligi", "Ташқи меҳнат миграцияси агентлиги"),
    ("ishonch telefoni", "ишонч телефони"),
    ("politsiya boʻlimi", "полиция бўлими"),
    ("ushlab turish", "ушлаб туриш"),
    ("maxsus muassasa", "махсус муассаса"),
    ("yurist", "юрист"),
    ("bepul huquqiy yordam", "бепул ҳуқуқий ёрдам"),
    ("shikoyat", "шикоят"),
    ("ariza", "ариза"),
    ("Davlat mehnat inspeksiyasi", "Давлат меҳнат инспекцияси"),
    ("prokuratura", "прокуратура"),
    ("sud", "суд"),
    ("Xalqaro migratsiya tashkiloti", "Халқаро миграция ташкилоти"),
    ("xabar berish", "хабар бериш"),
    ("anonim", "аноним"),
    ("majburiy mehnat", "мажбурий меҳнат"),
    ("odam savdosidan jabrlangan (shaxs)", "одам савдосидан жабрланган (шахс)"),
    ("qullik", "қуллик"),
    ("kamsitish", "камситиш"),
    ("olib qoʻyish", "олиб қўйиш"),
    ("firibgarlik", "фирибгарлик"),
    # §7 interface words
    ("Orqaga", "Орқага"),
    ("Asosiy menyu", "Асосий меню"),
    ("Til", "Тил"),
    ("Maxfiylik", "Махфийлик"),
    ("Yordam", "Ёрдам"),
    ("Ha", "Ҳа"),
    ("Yoʻq", "Йўқ"),
    ("Bilmayman", "Билмайман"),
    ("Bekor qilish", "Бекор қилиш"),
    ("Yuborish", "Юбориш"),
    ("Keyingi", "Кейинги"),
    ("Davom etish", "Давом этиш"),
    ("Qidirish", "Қидириш"),
    ("Favqulodda", "Фавқулодда"),
    ("Manbalar", "Манбалар"),
    ("Tekshirilgan sana: {date}", "Текширилган сана: {date}"),
    ("Aloqa", "Алоқа"),
    ("Oʻzb", "Ўзб"),
    ("Oʻzbekcha", "Ўзбекча"),
    # §8 CLDR language and country names, months
    ("ruscha", "русча"),
    ("qirgʻizcha", "қирғизча"),
    ("inglizcha", "инглизча"),
    ("Rossiya", "Россия"),
    ("Qirgʻiziston", "Қирғизистон"),
    ("Tojikiston", "Тожикистон"),
    ("Oʻzbekiston", "Ўзбекистон"),
    ("Qozogʻiston", "Қозоғистон"),
    ("Belarus", "Беларус"),
    ("Armaniston", "Арманистон"),
    ("yanvar", "январ"),
    ("fevral", "феврал"),
    ("mart", "март"),
    ("aprel", "апрел"),
    ("may", "май"),
    ("iyun", "июн"),
    ("iyul", "июл"),
    ("avgust", "август"),
    ("sentabr", "сентябр"),
    ("oktabr", "октябр"),
    ("noyabr", "ноябр"),
    ("dekabr", "декабр"),
    # §10 rule 4
    ("Isʼhoq", "Исҳоқ"),
    ("maʼlumot", "маълумот"),
    # §1 evidence note (U8) and §7 (U43, U44)
    ("Rossiyaga kirishga taʼqiq", "Россияга киришга таъқиқ"),
    ("Aloqa maʼlumotlari", "Алоқа маълумотлари"),
    ("Huquqiy maslahat – bepul", "Ҳуқуқий маслаҳат – бепул"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), GLOSSARY_PAIRS)
def test_glossary_latin_terms_become_their_cyrillic_column(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(("latin", "cyrillic"), GLOSSARY_PAIRS)
def test_glossary_cyrillic_terms_come_back_as_their_latin_column(latin: str, cyrillic: str) -> None:
    assert cyrillic_to_latin(cyrillic) == cyrillic_to_latin(latin_to_cyrillic(latin))
    if not any("\u0400" <= c <= "\u04ff" for c in latin):  # "(РВП)" is Cyrillic in both
        assert cyrillic_to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("ye", "е"),
        ("yer", "ер"),
        ("Yevropa", "Европа"),
        ("poyezd", "поезд"),
        ("qayerda", "қаерда"),
        ("eshik", "эшик"),
        ("ekspert", "эксперт"),
        ("telefon", "телефон"),
        ("tayyor", "тайёр"),
        ("dunyo", "дунё"),
        ("yangi", "янги"),
        ("tanlang", "танланг"),
        ("2026-yil", "2026-йил"),
        ("5-mart", "5-март"),
        ("togʻ", "тоғ"),
        ("yoʻl", "йўл"),
    ],
)
def test_letters_follow_the_glossary_correspondence(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>Asosiy menyu</b>", "<b>Асосий меню</b>"),
        (
            '<a href="https://migrant.uz/uz/odam-savdosi/">Batafsil</a>',
            '<a href="https://migrant.uz/uz/odam-savdosi/">Батафсил</a>',
        ),
        ("✅ Davlat saqlandi: {country}.", "✅ Давлат сақланди: {country}."),
        ("Menyu uchun /menu buyrugʻini yuboring.", "Меню учун /menu буйруғини юборинг."),
        (
            "Yozing: help@migrant.uz yoki www.migrant.uz",
            "Ёзинг: help@migrant.uz ёки www.migrant.uz",
        ),
        ("Manba: https://lex.uz/docs/-2988845", "Манба: https://lex.uz/docs/-2988845"),
        ("lex.uz saytida", "lex.uz сайтида"),
        ("Kanal: @Mingazov_lawyer", "Канал: @Mingazov_lawyer"),
        ("Telefon: 8 800 100-00-00 &amp; 112 📞", "Телефон: 8 800 100-00-00 &amp; 112 📞"),
        ("<code>/start</code> bosing", "<code>/start</code> босинг"),
        ("Salom, %(name)s!", "Салом, %(name)s!"),
        ("50%dan ortiq", "50%дан ортиқ"),
        ("km/soat", "км/соат"),
    ],
)
def test_markup_links_placeholders_and_commands_are_kept_intact(text: str, expected: str) -> None:
    assert latin_to_cyrillic(text) == expected


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("SHAHAR", "ШАҲАР"),
        ("Shahar", "Шаҳар"),
        ("Chiqish", "Чиқиш"),
        ("CHIQISH", "ЧИҚИШ"),
        ("OʻZBEKISTON", "ЎЗБЕКИСТОН"),
        ("YOʻQ", "ЙЎҚ"),
        ("MAʼLUMOT", "МАЪЛУМОТ"),
        ("ROSSIYAGA", "РОССИЯГА"),
        ("ELCHIXONA", "ЭЛЧИХОНА"),
        ("Yangi", "Янги"),
        ("YANGI", "ЯНГИ"),
    ],
)
def test_capital_letters_and_whole_uppercase_words_are_preserved(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize("mark", ["ʻ", "'", "`", "‘", "’", "ʼ", "´"])
def test_every_apostrophe_look_alike_gives_the_same_letters(mark: str) -> None:
    assert latin_to_cyrillic(f"O{mark}zbekiston") == "Ўзбекистон"
    assert latin_to_cyrillic(f"sog{mark}liq") == "соғлиқ"
    assert latin_to_cyrillic(f"Yo{mark}q") == "Йўқ"
    assert latin_to_cyrillic(f"ma{mark}lumot") == "маълумот"
    assert latin_to_cyrillic(f"Is{mark}hoq") == "Исҳоқ"


def test_draft_reform_letters_are_read_but_never_written() -> None:
    assert (
        latin_to_cyrillic("Õzbekiston, soğliq, ŞAHAR, çiqish") == "Ўзбекистон, соғлиқ, ШАҲАР, чиқиш"
    )
    assert cyrillic_to_latin("Ўзбекистон") == "Oʻzbekiston"


def test_quotation_marks_are_not_taken_for_letters() -> None:
    assert latin_to_cyrillic("'Tanlang' va 'bino'") == "'Танланг' ва 'бино'"
    assert latin_to_cyrillic("tog' va bog'") == "тоғ ва боғ"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Rossiya", "Россия"),
        ("Moskva", "Москва"),
        ("Moskvadagi", "Москвадаги"),
        ("patent", "патент"),
        ("registratsiya", "регистрация"),
        ("registratsiyadan", "регистрациядан"),
        ("migratsiya", "миграция"),
        ("Federatsiyasi", "Федерацияси"),
        ("aktsiya", "акция"),
        ("aksiya", "акция"),
        ("funksiya", "функция"),
        ("stansiya", "станция"),
        ("konsert", "концерт"),
        ("kompyuter", "компьютер"),
        ("obyekt", "объект"),
        ("aeroport", "аэропорт"),
        ("5-oktabrda", "5-октябрда"),
        ("SENTABR", "СЕНТЯБР"),
        ("MFTs", "МФЦ"),
        ("MFTsga", "МФЦга"),
        ("spetspriyomnik", "спецприёмник"),
    ],
)
def test_loanwords_keep_their_russian_spelling(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(("latin", "cyrillic"), [("ketsa", "кетса"), ("aytsin", "айтсин")])
def test_native_t_plus_s_at_a_suffix_is_not_taken_for_russian_ts(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin) == cyrillic


def test_abbreviations_match_only_in_their_own_case() -> None:
    assert latin_to_cyrillic("ID-kartani") == "ID-картани"
    assert latin_to_cyrillic("Idora") == "Идора"
    assert latin_to_cyrillic("IDORA") == "ИДОРА"


def test_the_exception_tables_hold_cyrillic_for_official_latin_stems() -> None:
    assert all(stem == stem.lower() for stem in LOANWORDS)
    for latin, cyrillic in LOANWORDS.items():
        assert latin_to_cyrillic(latin) == cyrillic
    for latin, cyrillic in ABBREVIATIONS.items():
        assert latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    "text",
    [
        "спецприемник",
        "Россия",
        "Разрешение на временное проживание (РВП)",
        "Кыргызстан, Тоҷикистон, Ўзбекистон",
        "убактылуу жашоого уруксат (РВП)",
    ],
)
def test_cyrillic_text_passes_through_unchanged(text: str) -> None:
    assert latin_to_cyrillic(text) == text


def test_foreign_words_with_letters_outside_the_uzbek_alphabet_stay_latin() -> None:
    assert latin_to_cyrillic("WhatsApp va Facebook orqali") == "WhatsApp ва Facebook орқали"


def test_homoglyphs_are_repaired_towards_the_script_of_the_word() -> None:
    assert latin_to_cyrillic("mаxsus") == "махсус"  # Cyrillic а inside a Latin word (U42)
    assert latin_to_cyrillic("Pоссия") == "Россия"  # Latin P inside a Cyrillic word


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Ўзбекистон", "Oʻzbekiston"),
        ("Йўқ", "Yoʻq"),
        ("маълумот", "maʼlumot"),
        ("Исҳоқ", "Isʼhoq"),
        ("ШАҲАР", "SHAHAR"),
        ("Шаҳар", "Shahar"),
        ("ер", "yer"),
        ("поезд", "poyezd"),
        ("эшик", "eshik"),
        ("полиция", "politsiya"),
        ("инспекция", "inspeksiya"),
        ("цемент", "sement"),
        ("сентябрда", "sentabrda"),
        ("компьютер", "kompyuter"),
        ("МФЦга", "MFTsga"),
        ("меҳнат патенти", "mehnat patenti"),
        ("<b>Россия</b> {country} /menu", "<b>Rossiya</b> {country} /menu"),
    ],
)
def test_cyrillic_becomes_official_latin_for_search(cyrillic: str, latin: str) -> None:
    assert cyrillic_to_latin(cyrillic) == latin


def test_latin_text_is_left_alone_by_the_reverse_direction() -> None:
    assert cyrillic_to_latin("Oʻzbekiston, WhatsApp, 112") == "Oʻzbekiston, WhatsApp, 112"


# --- properties ---------------------------------------------------------------------------------

COMMON_WORDS = [
    "salom",
    "rahmat",
    "yordam",
    "iltimos",
    "menyu",
    "til",
    "davlat",
    "huquq",
    "mehnat",
    "patent",
    "pasport",
    "Rossiya",
    "Moskva",
    "migratsiya",
    "politsiya",
    "deportatsiya",
    "inspeksiya",
    "aksiya",
    "reestr",
    "sentabr",
    "oktabr",
    "oʻzbek",
    "Oʻzbekiston",
    "Qirgʻiziston",
    "yoʻq",
    "maʼlumot",
    "taʼqiq",
    "Isʼhoq",
    "shaxs",
    "chiqish",
    "elchixona",
    "ishonch",
    "telefon",
    "yer",
    "yetti",
    "qayerda",
    "poyezd",
    "tayyor",
    "dunyo",
    "yangi",
    "Yevropa",
    "ketsa",
    "togʻ",
    "sugʻurta",
    "kompyuter",
    "tanlang",
]

_UZBEK_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abdefghijklmnopqrstuvxyzABDEFGHIJKLMNOPQRSTUVXYZcw")
        + list("'`‘’ʼʻ")
        + list("0123456789 ,.!?-–()")
        + list("ўқғҳРВП")
        + ["✅", "📞"]
    ),
    max_size=30,
)
_PROTECTED_PIECES = st.one_of(
    st.builds(
        "<{0}>".format,
        st.sampled_from(["b", "/b", "i", "/i", "/a", "br/", 'a href="https://kun.uz/oʻzbek?e=ye"']),
    ),
    st.from_regex(r"\{[a-z_][a-z0-9_]{0,10}\}", fullmatch=True),
    st.from_regex(r"/[a-z][a-z0-9_]{0,10}", fullmatch=True),
    st.from_regex(r"https://[a-z]{1,8}\.uz/[a-z0-9/_-]{0,12}", fullmatch=True),
    st.from_regex(r"www\.[a-z]{1,8}\.ru", fullmatch=True),
    st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.uz", fullmatch=True),
    st.sampled_from(["&amp;", "&nbsp;", "&#8212;"]),
)


@given(st.text())
def test_any_text_can_be_transliterated_both_ways_without_error(text: str) -> None:
    assert isinstance(latin_to_cyrillic(text), str)
    assert isinstance(cyrillic_to_latin(text), str)


@given(st.lists(st.tuples(_UZBEK_TEXT, _PROTECTED_PIECES), max_size=6), _UZBEK_TEXT)
def test_tags_placeholders_links_and_commands_never_change(
    pairs: list[tuple[str, str]], tail: str
) -> None:
    # Spaces around each protected piece, as in real messages ("/menu" needs one to be a command).
    text = " ".join(f"{plain} {piece}" for plain, piece in pairs) + " " + tail
    expected = " ".join(f"{latin_to_cyrillic(plain)} {piece}" for plain, piece in pairs)
    assert latin_to_cyrillic(text) == expected + " " + latin_to_cyrillic(tail)


@given(st.sampled_from(COMMON_WORDS), st.sampled_from([str.lower, str.upper, str.capitalize]))
def test_common_words_survive_a_round_trip_through_cyrillic(
    word: str, case: Callable[[str], str]
) -> None:
    cased = case(word)
    assert cyrillic_to_latin(latin_to_cyrillic(cased)) == cased


@given(st.sampled_from(COMMON_WORDS))
def test_common_words_leave_no_latin_letters_behind(word: str) -> None:
    assert not any(c.isascii() and c.isalpha() for c in latin_to_cyrillic(word))

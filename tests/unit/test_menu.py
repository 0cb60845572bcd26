"""The main menu as data: every entry once, and callback data within Telegram's 64 bytes."""

from bot.core.menu import CITIZENSHIP_LABELS, MAIN_MENU, MENU_ENTRIES, Citizenship, Entry
from bot.telegram.callbacks import CitizenshipChoice, MenuChoice


def test_every_entry_is_on_the_menu_exactly_once() -> None:
    entries = [item.entry for row in MAIN_MENU for item in row]
    assert sorted(entries) == sorted(Entry)
    assert set(MENU_ENTRIES) == set(Entry)


def test_the_four_things_people_come_for_have_a_full_row_each() -> None:
    assert [row[0].entry for row in MAIN_MENU[:4]] == [
        Entry.RIGHTS,
        Entry.PENSION,
        Entry.REPORT,
        Entry.EMERGENCY,
    ]
    assert all(len(row) == 1 for row in MAIN_MENU[:4])


def test_every_citizenship_has_a_label() -> None:
    assert set(CITIZENSHIP_LABELS) == set(Citizenship)


def test_menu_callback_data_fits_telegrams_limit() -> None:
    packed = [MenuChoice(entry=entry).pack() for entry in [*Entry, "home", "country"]]
    packed += [CitizenshipChoice(code=code).pack() for code in Citizenship]
    assert max(len(data.encode()) for data in packed) <= 64

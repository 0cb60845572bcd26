"""The main menu and the citizenships the helpline knows: what a migrant can do, in what order."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.texts import N_


class Citizenship(StrEnum):
    KYRGYZSTAN = "kg"
    TAJIKISTAN = "tj"
    UZBEKISTAN = "uz"
    OTHER = "other"


CITIZENSHIP_LABELS: dict[Citizenship, str] = {
    Citizenship.KYRGYZSTAN: N_("🇰🇬 Kyrgyzstan"),
    Citizenship.TAJIKISTAN: N_("🇹🇯 Tajikistan"),
    Citizenship.UZBEKISTAN: N_("🇺🇿 Uzbekistan"),
    Citizenship.OTHER: N_("🌍 Other country"),
}


class Entry(StrEnum):
    RIGHTS = "rights"
    PENSION = "pension"
    REPORT = "report"
    EMERGENCY = "emergency"
    MY_REPORTS = "my_reports"
    LANGUAGE = "language"
    PRIVACY = "privacy"


@dataclass(frozen=True)
class MenuEntry:
    entry: Entry
    label: str
    built: bool  # False: the entry answers honestly that it is coming and returns to the menu


RIGHTS = MenuEntry(Entry.RIGHTS, N_("📘 Know your rights"), built=True)
PENSION = MenuEntry(Entry.PENSION, N_("🧓 Pension check"), built=True)
REPORT = MenuEntry(Entry.REPORT, N_("🛡 Report abuse"), built=True)
EMERGENCY = MenuEntry(Entry.EMERGENCY, N_("🆘 Emergency & hotlines"), built=True)
MY_REPORTS = MenuEntry(Entry.MY_REPORTS, N_("📨 My reports"), built=True)
LANGUAGE = MenuEntry(Entry.LANGUAGE, N_("🌐 Language"), built=True)
PRIVACY = MenuEntry(Entry.PRIVACY, N_("🔒 Privacy"), built=True)

# Rows as the phone shows them: the four things people come for get a full-width row each.
MAIN_MENU: tuple[tuple[MenuEntry, ...], ...] = (
    (RIGHTS,),
    (PENSION,),
    (REPORT,),
    (EMERGENCY,),
    (MY_REPORTS, PRIVACY),
    (LANGUAGE,),
)
MENU_ENTRIES: dict[Entry, MenuEntry] = {item.entry: item for row in MAIN_MENU for item in row}

"""Callback data factories: the small typed payloads behind every inline button (max 64 bytes)."""

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="lang"):
    code: str


class CitizenshipChoice(CallbackData, prefix="cit"):
    code: str


class MenuChoice(CallbackData, prefix="menu"):
    entry: str


class SectionOpen(CallbackData, prefix="sec"):
    section: str  # "" is the list of sections


class GuideOpen(CallbackData, prefix="gd"):
    topic: str


class GuideVote(CallbackData, prefix="gv"):
    topic: str
    helpful: bool

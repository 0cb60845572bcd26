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


# The pension wizard's buttons carry the answers so far (see bot/core/pension.py): `rules` is
# the questions' fingerprint, `code` one character per answered question.
class PensionStep(CallbackData, prefix="pw"):
    rules: str
    code: str


class PensionTick(CallbackData, prefix="pt"):
    rules: str
    code: str
    question: int
    ticks: str


class PensionChange(CallbackData, prefix="pc"):
    rules: str
    code: str


class PensionEdit(CallbackData, prefix="pe"):
    rules: str
    code: str
    question: int


class PensionKeep(CallbackData, prefix="pk"):
    rules: str
    code: str


class ReportPick(CallbackData, prefix="rp"):
    step: str
    value: str


class ReportNav(CallbackData, prefix="rn"):
    action: str  # back, cancel, skip, done, submit, hide_code, start


class ReportOpen(CallbackData, prefix="ro"):
    report: int


class ReportReply(CallbackData, prefix="rr"):
    report: int


class ForgetChoice(CallbackData, prefix="fg"):
    confirm: bool

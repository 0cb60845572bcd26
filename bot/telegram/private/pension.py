"""Pension check: button questions, each skippable, then a careful, sourced verdict.

No answer is stored: each button carries the answers so far (bot/core/pension.py explains the
code), so Back, Change an answer and old buttons all work without any state, and only an
anonymous count of the verdict per citizenship is kept.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.core import pension
from bot.core.guides import paragraph, split
from bot.core.library import Library
from bot.core.menu import Entry
from bot.core.profile import UserProfile
from bot.storage.feedback import FeedbackRepository
from bot.telegram import screens
from bot.telegram.callbacks import (
    MenuChoice,
    PensionChange,
    PensionEdit,
    PensionKeep,
    PensionStep,
    PensionTick,
)
from bot.telegram.private.rights import help_row
from bot.telegram.render import show
from bot.telegram.screens import Screen

NOTHING_TICKED = "_"


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _texts(library: Library, profile: UserProfile) -> pension.PensionTexts | None:
    return library.pension.get(profile.language or "ru") or library.pension.get("ru")


def _with_answer(code: str, index: int, char: str) -> str:
    return code[:index] + char + code[index + 1 :]


def intro_screen(library: Library, profile: UserProfile) -> Screen:
    rules, texts = library.rules, _texts(library, profile)
    if rules is None or texts is None:
        return screens.coming_soon(Entry.PENSION)
    start = PensionStep(rules=pension.fingerprint(rules), code="").pack()
    text = f"🧓 <b>{html.escape(texts.title)}</b>\n\n{paragraph(pension.fill(texts.intro, rules))}"
    rows = [[_button(_("▶️ Start"), start)], [screens.menu_button()]]
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def question_screen(
    rules: pension.Rules,
    texts: pension.PensionTexts,
    code: str,
    index: int,
    profile: UserProfile,
    ticks: frozenset[str] = frozenset(),
) -> Screen:
    """Question `index`; `code` holds the answers so far (complete when changing one answer)."""
    fp = pension.fingerprint(rules)
    question = rules.questions[index]
    shown = texts.questions[question.id]
    changing = len(code) == len(rules.questions)
    rows: list[list[InlineKeyboardButton]] = []
    chars = [pension.encode_one(question, frozenset({o.id})) for o in question.options]
    for number, option in enumerate(question.options):
        label = pension.fill(shown.options[option.id], rules)
        if question.several:
            toggled = pension.toggle(question, ticks, option.id)
            mark = "☑️" if option.id in ticks else "⬜"
            mask = pension.encode_one(question, toggled) if toggled else NOTHING_TICKED
            data = PensionTick(rules=fp, code=code, question=index, ticks=mask).pack()
            rows.append([_button(f"{mark} {label}", data)])
            continue
        if question.id == "citizenship" and option.id == profile.citizenship:
            label = f"✓ {label}"
        rows.append(
            [
                _button(
                    label,
                    PensionStep(rules=fp, code=_with_answer(code, index, chars[number])).pack(),
                )
            ]
        )
    if question.several and ticks:
        done = _with_answer(code, index, pension.encode_one(question, ticks))
        rows.append([_button(_("✅ Done"), PensionStep(rules=fp, code=done).pack())])
    skipped = _with_answer(code, index, pension.SKIPPED)
    rows.append([_button(_("🤷 I don't know"), PensionStep(rules=fp, code=skipped).pack())])
    back = PensionStep(rules=fp, code=code) if changing else PensionStep(rules=fp, code=code[:-1])
    back_button = (
        _button(_("⬅️ Back"), back.pack())
        if (changing or code)
        else _button(_("⬅️ Back"), MenuChoice(entry=Entry.PENSION).pack())
    )
    rows.append([back_button, screens.menu_button()])
    counter = _("Question {number} of {total}").format(number=index + 1, total=len(rules.questions))
    asked = paragraph(pension.fill(shown.text, rules))
    text = f"🧓 <b>{html.escape(texts.title)}</b> · {counter}\n\n{asked}"
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def _labels() -> pension.ResultLabels:
    return pension.ResultLabels(
        steps=_("What you can do"), sources=_("Sources"), checked_on=_("Rules checked on {date}")
    )


def answers_summary(
    rules: pension.Rules, texts: pension.PensionTexts, answers: pension.Answers
) -> str:
    lines = ["<b>" + html.escape(_("Your answers")) + "</b>"]
    for question in rules.questions:
        chosen = answers.get(question.id, frozenset({pension.UNKNOWN}))
        labels = [
            pension.fill(texts.questions[question.id].options.get(option, _("I don't know")), rules)
            for option in sorted(
                chosen,
                key=lambda o: (
                    [x.id for x in question.options].index(o) if question.option(o) else 99
                ),
            )
        ]
        lines.append(f"• {html.escape(', '.join(labels))}")
    return "\n".join(lines)


def result_screens(
    library: Library, profile: UserProfile, code: str
) -> tuple[list[Screen], pension.Result]:
    rules, texts = library.rules, _texts(library, profile)
    assert rules is not None and texts is not None
    answers = pension.decode(rules, code) or {}
    result = pension.evaluate(rules, answers)
    pages = split(pension.result_parts(rules, texts, result, _labels()))
    fp = pension.fingerprint(rules)
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(_("📄 Whole result as one message"), PensionKeep(rules=fp, code=code).pack())],
            [_button(_("✏️ Change an answer"), PensionChange(rules=fp, code=code).pack())],
            help_row(),
            [screens.menu_button()],
        ]
    )
    return [Screen(p) for p in pages[:-1]] + [Screen(pages[-1], keyboard)], result


async def _show_all(callback: CallbackQuery, shown: list[Screen]) -> None:
    await show(callback, shown[0])
    if isinstance(callback.message, Message):
        for screen in shown[1:]:
            await callback.message.answer(screen.text, reply_markup=screen.markup)


def _current(library: Library, fp: str, code: str) -> dict[str, frozenset[str]] | None:
    """The answers a button carries, if it was made for the questions as they are now."""
    if library.rules is None or fp != pension.fingerprint(library.rules):
        return None
    return pension.decode(library.rules, code)


@dataclass(frozen=True)
class Pressed:
    """What a pension button means now: the rules, the reader's texts and the answers it carries."""

    rules: pension.Rules
    texts: pension.PensionTexts
    answers: dict[str, frozenset[str]]


def _pressed(
    library: Library,
    profile: UserProfile,
    fp: str,
    code: str,
    *,
    complete: bool = False,
    question: int | None = None,
) -> Pressed | None:
    """None when the button no longer fits the current questions (it is out of date)."""
    answers = _current(library, fp, code)
    rules, texts = library.rules, _texts(library, profile)
    if answers is None or rules is None or texts is None:
        return None
    if complete and len(code) != len(rules.questions):
        return None
    if question is not None and question >= len(rules.questions):
        return None
    return Pressed(rules, texts, answers)


async def _out_of_date(callback: CallbackQuery, library: Library, profile: UserProfile) -> None:
    await show(callback, intro_screen(library, profile), _("This button is out of date."))


async def pension_entry(callback: CallbackQuery, library: Library, profile: UserProfile) -> None:
    await show(callback, intro_screen(library, profile))


async def step(
    callback: CallbackQuery,
    callback_data: PensionStep,
    library: Library,
    profile: UserProfile,
    feedback: FeedbackRepository,
) -> None:
    pressed = _pressed(library, profile, callback_data.rules, callback_data.code)
    if pressed is None:
        await _out_of_date(callback, library, profile)
        return
    answers, texts, rules, code = pressed.answers, pressed.texts, pressed.rules, callback_data.code
    if len(code) < len(rules.questions):
        await show(callback, question_screen(rules, texts, code, len(code), profile))
        return
    shown, result = result_screens(library, profile, code)
    citizenship = next(iter(answers.get("citizenship", {pension.UNKNOWN})))
    await feedback.count_verdict(result.verdict, citizenship)
    await _show_all(callback, shown)


async def tick(
    callback: CallbackQuery, callback_data: PensionTick, library: Library, profile: UserProfile
) -> None:
    pressed = _pressed(
        library, profile, callback_data.rules, callback_data.code, question=callback_data.question
    )
    if pressed is None:
        await _out_of_date(callback, library, profile)
        return
    rules = pressed.rules
    question = rules.questions[callback_data.question]
    ticked = pension.decode_one(question, callback_data.ticks)  # NOTHING_TICKED gives None
    ticks = ticked - {pension.UNKNOWN} if ticked is not None else frozenset()
    await _ask(callback, pressed, callback_data.code, callback_data.question, profile, ticks)


async def change(
    callback: CallbackQuery, callback_data: PensionChange, library: Library, profile: UserProfile
) -> None:
    pressed = _pressed(library, profile, callback_data.rules, callback_data.code, complete=True)
    if pressed is None:
        await _out_of_date(callback, library, profile)
        return
    rules, texts, answers = pressed.rules, pressed.texts, pressed.answers
    fp = pension.fingerprint(rules)
    rows = [
        [
            _button(
                _short(pension.fill(texts.questions[q.id].text, rules)),
                PensionEdit(rules=fp, code=callback_data.code, question=i).pack(),
            )
        ]
        for i, q in enumerate(rules.questions)
    ]
    rows.append(
        [
            _button(_("⬅️ Back"), PensionStep(rules=fp, code=callback_data.code).pack()),
            screens.menu_button(),
        ]
    )
    text = (
        _("✏️ Which answer do you want to change?") + "\n\n" + answers_summary(rules, texts, answers)
    )
    await show(callback, Screen(text, InlineKeyboardMarkup(inline_keyboard=rows)))


def _short(question_text: str) -> str:
    first = question_text.strip().splitlines()[0]
    return first if len(first) <= 60 else first[:57] + "…"


async def edit(
    callback: CallbackQuery, callback_data: PensionEdit, library: Library, profile: UserProfile
) -> None:
    pressed = _pressed(
        library, profile, callback_data.rules, callback_data.code, question=callback_data.question
    )
    if pressed is None:
        await _out_of_date(callback, library, profile)
        return
    rules, answers = pressed.rules, pressed.answers
    question = rules.questions[callback_data.question]
    ticks = (
        answers.get(question.id, frozenset()) - {pension.UNKNOWN}
        if question.several
        else frozenset()
    )
    await _ask(callback, pressed, callback_data.code, callback_data.question, profile, ticks)


async def _ask(
    callback: CallbackQuery,
    pressed: Pressed,
    code: str,
    index: int,
    profile: UserProfile,
    ticks: frozenset[str],
) -> None:
    screen = question_screen(pressed.rules, pressed.texts, code, index, profile, ticks)
    await show(callback, screen)


async def keep(
    callback: CallbackQuery, callback_data: PensionKeep, library: Library, profile: UserProfile
) -> None:
    """The whole result as one message (or as few as the length allows) to keep or forward."""
    pressed = _pressed(library, profile, callback_data.rules, callback_data.code, complete=True)
    if pressed is None:
        await _out_of_date(callback, library, profile)
        return
    rules, texts, answers = pressed.rules, pressed.texts, pressed.answers
    result = pension.evaluate(rules, answers)
    parts = [
        answers_summary(rules, texts, answers),
        *pension.result_parts(rules, texts, result, _labels()),
    ]
    if isinstance(callback.message, Message):
        for text in split(parts):
            await callback.message.answer(text)
    await callback.answer()


def router() -> Router:
    router = Router(name="pension")
    router.callback_query.register(pension_entry, MenuChoice.filter(F.entry == Entry.PENSION))
    router.callback_query.register(step, PensionStep.filter())
    router.callback_query.register(tick, PensionTick.filter())
    router.callback_query.register(change, PensionChange.filter())
    router.callback_query.register(edit, PensionEdit.filter())
    router.callback_query.register(keep, PensionKeep.filter())
    return router

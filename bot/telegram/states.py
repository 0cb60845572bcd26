"""Every conversation state of the bot, so the whole state space fits on one screen."""

from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    language = State()
    citizenship = State()

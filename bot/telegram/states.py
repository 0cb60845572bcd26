"""Every conversation state of the bot, so the whole state space fits on one screen."""

from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    language = State()
    citizenship = State()


class Reporting(StatesGroup):
    category = State()
    when = State()
    country = State()
    region = State()
    city = State()
    sector = State()
    description = State()
    attachments = State()
    follow_up = State()
    review = State()


class MyReports(StatesGroup):
    code = State()
    reply = State()


class Forgetting(StatesGroup):
    confirm = State()

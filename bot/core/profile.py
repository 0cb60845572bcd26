"""What the helpline remembers about a migrant: the language and citizenship they chose, no more.

Plain data, so flows in `bot.core` can reason about onboarding without knowing the storage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UserProfile:
    """A migrant's settings, keyed by their pseudonym (never a raw Telegram id)."""

    pseudonym: str
    language: str | None
    citizenship: str | None

    @property
    def is_onboarded(self) -> bool:
        """Both onboarding questions answered: the menu can be shown in the right language."""
        return self.language is not None and self.citizenship is not None

"""Abuse reports as plain objects: the draft a migrant fills in, the receipt code, the rules.

A report holds only what the reporter chose to tell, scrubbed; its receipt code is a bearer
secret kept only as a keyed hash; nothing here knows who the reporter is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from bot.core.content import Problem
from bot.core.languages import normalise
from bot.core.privacy import derive_key

# Readable aloud and never confused: no 0/O, 1/I/L, no vowels-only words (U is kept: distinct).
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 8
DRAFT_LIFETIME = dt.timedelta(hours=24)
DESCRIPTION_LIMIT = 1500
CITY_LIMIT = 60
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
REPLY_LIMIT = 1000

WHEN = ("this_week", "this_month", "earlier")
# Cyrillic letters that look like Latin ones: a code read off a screen may be typed either way.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    CLOSED = "closed"


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(typed: str) -> str | None:
    """The canonical code from what someone typed (any case, spaces, dashes), or None."""
    cleaned = "".join(ch for ch in typed.upper().translate(_LOOKALIKES) if ch.isalnum())
    if len(cleaned) != RECEIPT_LENGTH or any(ch not in RECEIPT_ALPHABET for ch in cleaned):
        return None
    return f"{cleaned[:4]}-{cleaned[4:]}"


def looks_like_code(text: str | None) -> bool:
    return bool(text) and normalise_code(text or "") is not None


class ReceiptHasher:
    """Receipt codes are stored only as a keyed hash: a leaked database reveals no code."""

    def __init__(self, secret: str) -> None:
        self._key = derive_key(secret, "receipt-code")

    def hash(self, code: str) -> str:
        canonical = normalise_code(code) or code
        return hmac.new(self._key, canonical.encode(), hashlib.sha256).hexdigest()


@dataclass
class Draft:
    """What a reporter has told so far; lives in the (pseudonymised) conversation state only."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())
    category: str | None = None
    when: str | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    sector: str | None = None
    description: str | None = None
    attachments: list[str] = field(default_factory=list)  # Telegram file ids until submit
    follow_up: bool | None = None

    def expired(self, now: dt.datetime | None = None) -> bool:
        started = dt.datetime.fromisoformat(self.started)
        return (now or dt.datetime.now(dt.UTC)) - started > DRAFT_LIFETIME

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Draft | None:
        if not data:
            return None
        known = {f for f in cls.__dataclass_fields__}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError:
            return None

    def complete(self) -> bool:
        return bool(self.category and self.when and self.sector and self.description) and (
            self.follow_up is not None
        )


@dataclass(frozen=True)
class NewReport:
    """A report ready to store: everything scrubbed, attachments cleaned."""

    submit_key: str
    receipt_hash: str
    category: str
    when: str
    region: str | None
    city: str | None
    sector: str
    description: str
    language: str
    reporter: str | None  # the pseudonym, only when the reporter asked for follow-up
    attachments: tuple[tuple[str, bytes], ...]  # (kind, bytes without metadata)


@dataclass(frozen=True)
class ReportView:
    """A report as its reporter or the staff see it (never with a code or an identity)."""

    id: int
    category: str
    when: str
    region: str | None
    city: str | None
    sector: str
    description: str
    status: str
    created_at: dt.datetime
    follow_up: bool
    language: str
    messages: tuple[tuple[str, str, dt.datetime], ...] = ()  # (author, text, at)
    attachments: int = 0


# --- editors' data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    id: str
    country: str  # "ru" or "kg"
    names: dict[str, str]

    def name(self, language: str) -> str:
        order = {"ky": ("ky", "ru"), "uz": ("uz", "en"), "en": ("en",), "tg": ("ru",)}
        for key in (*order.get(language, ()), "ru", "en"):  # never "also": those are for search
            if self.names.get(key):
                return self.names[key]
        return self.id


@dataclass
class ReportContent:
    categories: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    regions: tuple[Region, ...] = ()
    labels: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # lang → part → id

    def label(self, language: str, part: str, key: str) -> str:
        for lang in (language, "ru"):
            text = self.labels.get(lang, {}).get(part, {}).get(key)
            if text:
                return text
        return key

    def find_regions(self, query: str, country: str, limit: int = 6) -> list[Region]:
        """Regions whose name in any language contains what was typed (case, script-tolerant)."""
        wanted = normalise(query)
        if not wanted:
            return []
        found = [
            r
            for r in self.regions
            if r.country == country and any(wanted in normalise(n) for n in r.names.values())
        ]
        return found[:limit]


REPORT_LANGUAGES = ("ru", "ky", "tg", "uz", "en")


def load_report_content(root: Path) -> tuple[ReportContent, list[Problem]]:
    folder = root / "report"
    problems: list[Problem] = []
    content = ReportContent()
    try:
        lists = yaml.safe_load((folder / "categories.yaml").read_text(encoding="utf-8"))
        content.categories = tuple(str(c) for c in lists["categories"])
        content.sectors = tuple(str(s) for s in lists["sectors"])
        raw_regions = yaml.safe_load((folder / "regions.yaml").read_text(encoding="utf-8"))
        content.regions = tuple(
            Region(
                str(r["id"]),
                str(r["country"]),
                {k: str(v) for k, v in r.items() if k not in ("id", "country")},
            )
            for r in raw_regions["regions"]
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        return content, [
            Problem(folder / "categories.yaml", 1, f"report lists cannot be read: {error!r}")
        ]
    for language in REPORT_LANGUAGES:
        path = folder / f"{language}.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            content.labels[language] = {
                part: {str(k): str(v) for k, v in (data.get(part) or {}).items()}
                for part in ("categories", "sectors", "category_help")
            }
        except (OSError, yaml.YAMLError, AttributeError) as error:
            problems.append(Problem(path, 1, f"report labels cannot be read: {error!r}"))
            continue
        for part, ids in (("categories", content.categories), ("sectors", content.sectors)):
            for key in ids:
                label = content.labels[language][part].get(key)
                if not label:
                    problems.append(Problem(path, 1, f"{part}: no label for {key!r}"))
                elif len(label) > 40:
                    problems.append(
                        Problem(path, 1, f"{part}: {key!r} is longer than 40 characters")
                    )
    return content, problems

"""Pseudonyms and field encryption: how the helpline knows a person without storing who they are.

Every raw Telegram id is turned into a keyed pseudonym (HMAC-SHA256 with a key derived from
the secret key) before it reaches the database, Redis or a log line. Contact details kept with
consent are encrypted with a second derived key, so leaking one key never leaks the other use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PSEUDONYM_HEX_CHARS = 32  # 128 bits: collision-free for any realistic number of users


def derive_key(secret: str, purpose: str) -> bytes:
    """A 32-byte key for one purpose, so one secret setting serves several independent keys."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"helpline-v1",
        info=purpose.encode(),
    ).derive(secret.encode())


class Pseudonymizer:
    """Turns Telegram ids (or any tuple of identifying parts) into stable opaque pseudonyms."""

    def __init__(self, secret: str) -> None:
        self._key = derive_key(secret, "pseudonym")

    def of(self, *parts: object) -> str:
        message = "\x1f".join(str(part) for part in parts).encode()
        digest = hmac.new(self._key, message, hashlib.sha256).hexdigest()
        return digest[:PSEUDONYM_HEX_CHARS]

    def user(self, telegram_user_id: int) -> str:
        """The pseudonym a migrant is known by everywhere in storage and logs."""
        return self.of("user", telegram_user_id)


class FieldCipher:
    """Authenticated encryption for the few values stored only with consent (e.g. a chat id)."""

    def __init__(self, secret: str) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(derive_key(secret, "field-encryption")))

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str | None:
        """The plaintext, or None when the token was not made with this key or was altered."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            return None

"""Pseudonyms and field encryption: stable, keyed, and never the raw id."""

from hypothesis import given
from hypothesis import strategies as st

from bot.core.privacy import FieldCipher, Pseudonymizer

KEY = "k" * 40


@given(st.integers(min_value=1, max_value=2**52))
def test_a_pseudonym_is_stable_and_never_contains_the_id(telegram_id: int) -> None:
    pseudonym = Pseudonymizer(KEY).user(telegram_id)
    assert pseudonym == Pseudonymizer(KEY).user(telegram_id)
    assert str(telegram_id) not in pseudonym or len(str(telegram_id)) < 4
    assert len(pseudonym) == 32


def test_another_secret_key_gives_unrelated_pseudonyms() -> None:
    assert Pseudonymizer(KEY).user(42) != Pseudonymizer("x" * 40).user(42)


def test_different_people_get_different_pseudonyms() -> None:
    pseudonyms = {Pseudonymizer(KEY).user(i) for i in range(10_000)}
    assert len(pseudonyms) == 10_000


def test_an_encrypted_field_round_trips_and_hides_the_value() -> None:
    cipher = FieldCipher(KEY)
    token = cipher.encrypt("5123498765")
    assert "5123498765" not in token
    assert cipher.decrypt(token) == "5123498765"


def test_a_tampered_or_foreign_token_decrypts_to_nothing() -> None:
    token = FieldCipher(KEY).encrypt("5123498765")
    assert FieldCipher("y" * 40).decrypt(token) is None
    assert FieldCipher(KEY).decrypt(token[:-4] + "AAAA") is None

"""The one BSN rule (``core.bsn``): exactly which representations are accepted, and that the
rest is refused with a Dutch message, never repaired."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from privacyregie.core import bsn
from privacyregie.core.tests.bsn_strategies import (
    NON_BSN_CHARACTERS,
    WEIGHTS,
    bsn_representations,
    valid_bsns,
    valid_bsns_with_leading_zero,
)


def _message(value) -> str:
    with pytest.raises(ValidationError) as caught:
        bsn.normalise_bsn(value)
    assert caught.value.code == "invalid_bsn"
    return caught.value.messages[0]


@given(valid_bsns.flatmap(lambda number: st.tuples(st.just(number), bsn_representations(number))))
@settings(max_examples=300)
def test_every_accepted_representation_normalises_to_the_nine_digits(pair):
    number, representation = pair
    assert bsn.normalise_bsn(representation) == number
    assert bsn.normalise_bsn(bsn.normalise_bsn(representation)) == number


@given(st.integers(min_value=0, max_value=999_999_999).map(lambda n: f"{n:09d}"))
@settings(max_examples=300)
def test_nine_digits_are_accepted_exactly_when_they_pass_the_11_test(number):
    passes = sum(int(d) * w for d, w in zip(number, WEIGHTS, strict=True)) % 11 == 0 and number != "000000000"
    assert bsn.is_valid_bsn(number) == passes
    if not passes:
        assert "elfproef" in _message(number)


@given(valid_bsns, st.integers(min_value=0, max_value=9), st.sampled_from(NON_BSN_CHARACTERS))
def test_a_letter_or_other_character_is_refused_never_stripped(number, position, char):
    value = number[:position] + char + number[position:]
    assume(value.strip() != number)  # a leading or trailing space is surrounding whitespace
    assert _message(value) == str(bsn.MESSAGE_CHARACTERS)


def test_the_apis_old_reading_of_a_trailing_letter_is_refused():
    assert bsn.is_valid_bsn("111222333")
    assert _message("111222333A") == str(bsn.MESSAGE_CHARACTERS)


@given(valid_bsns_with_leading_zero)
def test_eight_digits_are_refused_not_padded_even_when_the_padded_number_is_valid(number):
    message = _message(number[1:])
    assert "precies 9 cijfers" in message and "8" in message


@given(st.text(alphabet="0123456789", min_size=1, max_size=30).filter(lambda s: len(s) != 9))
def test_any_other_number_of_digits_is_refused_with_the_count(digits):
    assert _message(digits) == str(bsn.MESSAGE_LENGTH) % {"count": len(digits)}


@pytest.mark.parametrize("value", ["111..222333", "111 -222333", ".111222333", "111222333-", "1112223 33."])
def test_separators_only_between_two_digits_and_one_at_a_time(value):
    assert _message(value) == str(bsn.MESSAGE_SEPARATORS)


@pytest.mark.parametrize("value", [None, "", "   ", 111222333])
def test_what_is_not_text_or_is_empty_is_refused(value):
    assert bsn.bsn_error(value)


def test_a_stored_bsn_must_be_the_canonical_form():
    bsn.validate_stored_bsn("111222333")
    with pytest.raises(ValidationError):
        bsn.validate_stored_bsn("1112.22.333")


@given(valid_bsns.flatmap(lambda number: st.tuples(st.just(number), bsn_representations(number))))
def test_the_kernels_pseudonym_is_the_same_for_every_representation(pair):
    from privacyregie.kernel.services import pseudonymise_bsn

    number, representation = pair
    assert pseudonymise_bsn(representation) == pseudonymise_bsn(number)


def test_the_kernel_refuses_to_pseudonymise_a_refused_number():
    from privacyregie.kernel.services import pseudonymise_bsn

    with pytest.raises(ValidationError):
        pseudonymise_bsn("11222333")

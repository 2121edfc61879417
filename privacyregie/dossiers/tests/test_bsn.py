"""BSN validation: the 11-test of python-stdnum, and models/forms that reject the rest."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn as bsn_number

from privacyregie.dossiers.demo import demo_bsn
from privacyregie.dossiers.forms import CaseForm
from privacyregie.dossiers.models import validate_bsn

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def weighted_sum(number: str) -> int:
    return sum(int(d) * w for d, w in zip(number, WEIGHTS, strict=True))


@given(st.integers(min_value=0, max_value=999_999_999).map(lambda n: f"{n:09d}"))
@settings(max_examples=500)
def test_stdnum_accepts_exactly_the_numbers_passing_the_11_test(number):
    """For every 9-digit number except 000000000 (not a number anyone is given)."""
    passes = weighted_sum(number) % 11 == 0 and number != "000000000"
    assert bsn_number.is_valid(number) == passes


@given(st.integers(min_value=0, max_value=999_999_999).map(lambda n: f"{n:09d}"))
@settings(max_examples=300)
def test_model_validator_rejects_numbers_failing_the_11_test(number):
    if weighted_sum(number) % 11 == 0 and number != "000000000":
        validate_bsn(number)
    else:
        with pytest.raises(ValidationError):
            validate_bsn(number)


@given(st.integers(min_value=0, max_value=500))
def test_demo_bsns_are_valid(seed):
    assert bsn_number.is_valid(demo_bsn(seed))


@pytest.mark.parametrize(("value", "words"), [
    ("12345678", "precies 9 cijfers"), ("1234567890", "precies 9 cijfers"), ("abcdefghi", "Letters"),
    ("123456789", "elfproef"), ("111222333A", "Letters"),
])
def test_form_rejects_an_invalid_bsn_with_a_dutch_message(db, value, words):
    from privacyregie.core.tests.factories import UserFactory

    form = CaseForm(data={"bsn": value}, user=UserFactory())
    assert not form.is_valid()
    assert words in " ".join(form.errors["bsn"])
